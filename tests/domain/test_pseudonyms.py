from jurycourt.domain.pseudonyms import keyed_hash

KEY = "k" * 40


def test_a_keyed_hash_depends_on_the_key_the_purpose_and_the_text():
    base = keyed_hash(KEY, "sealed name", "maria")
    assert base == keyed_hash(KEY, "sealed name", "maria")
    assert base != keyed_hash("j" * 40, "sealed name", "maria")
    assert base != keyed_hash(KEY, "household", "maria")
    assert base != keyed_hash(KEY, "sealed name", "marie")
    assert "maria" not in base
