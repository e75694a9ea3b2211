"""TOTP codes, sealed secrets and recovery codes (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pyotp

from jurycourt.auth import totp

KEY = "k" * 40
NOW = datetime(2026, 11, 25, 12, 0, 10, tzinfo=UTC)


def test_the_code_of_now_matches_its_time_step():
    secret = totp.new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    assert totp.matching_step(secret, code, NOW) == pyotp.TOTP(secret).timecode(NOW)


def test_codes_one_step_away_are_accepted_and_two_steps_away_refused():
    secret = totp.new_secret()
    generator = pyotp.TOTP(secret)
    step = generator.timecode(NOW)
    assert totp.matching_step(secret, generator.at(NOW - timedelta(seconds=30)), NOW) == step - 1
    assert totp.matching_step(secret, generator.at(NOW + timedelta(seconds=30)), NOW) == step + 1
    far = generator.at(NOW - timedelta(seconds=90))
    assert far in {generator.at(NOW, counter_offset=o) for o in (-1, 0, 1)} or \
        totp.matching_step(secret, far, NOW) is None


def test_spaces_are_ignored_and_anything_else_is_refused():
    secret = totp.new_secret()
    code = pyotp.TOTP(secret).at(NOW)
    assert totp.matching_step(secret, f"{code[:3]} {code[3:]}", NOW) is not None
    for wrong in ["", "12345", "1234567", "abcdef", code + "0"]:
        assert totp.matching_step(secret, wrong, NOW) is None
    assert totp.matching_step("", code, NOW) is None


def test_a_sealed_secret_opens_only_with_the_same_site_key():
    secret = totp.new_secret()
    sealed = totp.seal(KEY, secret)
    assert secret not in sealed
    assert totp.unseal(KEY, sealed) == secret
    assert totp.unseal("another key " * 4, sealed) == ""


def test_ten_distinct_recovery_codes_of_80_bits():
    codes = totp.new_recovery_codes()
    assert len(codes) == len(set(codes)) == 10
    assert all(len(c) == 19 and c.count("-") == 3 for c in codes)
    assert all(totp.looks_like_recovery_code(c) for c in codes)


def test_recovery_codes_are_compared_by_digest_ignoring_case_and_dashes():
    code = totp.new_recovery_codes()[0]
    assert totp.recovery_digest(code) == totp.recovery_digest(code.upper().replace("-", " "))
    assert code not in totp.recovery_digest(code)
    assert totp.recovery_digest(code) != totp.recovery_digest(totp.new_recovery_codes()[0])


def test_the_provisioning_address_names_the_issuer_and_the_login():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "denise")
    assert uri.startswith("otpauth://totp/jurycourt:denise?")
    assert "secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in uri and "issuer=jurycourt" in uri
