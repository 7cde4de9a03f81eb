"""Choosing a page's language from plain values (claimtracker.i18n, no app)."""

from __future__ import annotations

import pytest

from claimtracker.i18n import (
    choose_locale,
    html_lang,
    is_rtl,
    match,
    normalise,
    parse_accept_language,
    supported_locales,
)

OFFERED = ["en", "es", "fr", "pt_BR"]


def choose(asked=None, cookie=None, accept=None, default="en", supported=OFFERED):
    return choose_locale(
        asked=asked, cookie=cookie, accept_language=accept, default=default, supported=supported
    )


def test_the_order_is_query_then_cookie_then_browser_then_setting():
    assert choose(asked="fr", cookie="es", accept="pt-BR") == "fr"
    assert choose(cookie="es", accept="fr") == "es"
    assert choose(accept="fr-CA,fr;q=0.9,en;q=0.5") == "fr"
    assert choose(default="es") == "es"


def test_unoffered_or_malformed_choices_fall_through():
    assert choose(asked="de", cookie="xx-<script>", accept="de, it;q=0.5, es;q=0.1") == "es"
    assert choose(asked="../../etc", accept="*") == "en"
    assert choose(accept="fr;q=0, es;q=0.2") == "es"
    assert choose(accept="es;q=bogus, fr") == "fr"


def test_browser_preferences_are_ranked_by_quality_not_order():
    assert parse_accept_language("en;q=0.3, fr, es;q=0.8") == ["fr", "es", "en"]
    assert choose(accept="en;q=0.3, fr;q=0.5, es;q=0.8") == "es"


def test_regions_match_their_language_and_back():
    assert match("pt", OFFERED) == "pt_BR"
    assert match("PT-br", OFFERED) == "pt_BR"
    assert match("fr-CA", OFFERED) == "fr"
    assert normalise("zh-hant-tw") == "zh_Hant_TW"
    assert normalise("") is None and normalise("e") is None


def test_direction_and_html_tag():
    assert is_rtl("ar") and is_rtl("he") and is_rtl("fa_IR") and is_rtl("ur")
    assert not is_rtl("fr") and not is_rtl("en_GB")
    assert html_lang("pt_BR") == "pt-BR"


@pytest.mark.parametrize(
    ("default", "configured", "expected"),
    [
        ("es", ["en", "fr"], ["es", "en", "fr"]),
        ("en", ["en", "en", "fr"], ["en", "fr"]),
    ],
)
def test_the_site_language_is_always_offered_first(default, configured, expected):
    assert supported_locales(default, configured) == expected


def test_without_a_setting_every_shipped_catalog_is_offered():
    offered = supported_locales("en", None)
    assert offered[0] == "en"
    assert {"es", "fr"} <= set(offered)
