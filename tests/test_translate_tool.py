"""The translation tool sets and reviews messages that carry a context (``pgettext``) as well as plain ones."""

from __future__ import annotations

from babel.messages.catalog import Catalog

from jurycourt.i18n.translate import CONTEXT_SEPARATOR, apply_review, apply_translations, untranslated


def test_a_message_with_a_context_is_keyed_by_context_and_text():
    catalog = Catalog(locale="es_US")
    catalog.add("To", locations=[("templates/findings.html", 1)])
    catalog.add("To", context="end of a date range", locations=[("templates/audit.html", 1)])
    key = f"end of a date range{CONTEXT_SEPARATOR}To"
    assert set(untranslated(catalog)) == {"To", key}

    assert apply_translations(catalog, {"To": "Para", key: "Hasta"}, "someone") == []
    assert catalog.get("To").string == "Para"
    assert catalog.get("To", context="end of a date range").string == "Hasta"
    assert untranslated(catalog) == {}

    assert apply_review(catalog, [key], "reviewer") == []
    assert catalog.get("To", context="end of a date range").user_comments[-1] == "reviewed in context: reviewer"
    assert not any(c.startswith("reviewed") for c in catalog.get("To").user_comments)
    assert apply_translations(catalog, {f"another context{CONTEXT_SEPARATOR}To": "x"}, "someone") == [
        f"another context{CONTEXT_SEPARATOR}To"]
