"""Every page in the reader's language: ?lang=, the cookie, Accept-Language, the setting;
<html lang/dir>; and a cached page in one language never served to a reader of another."""

from __future__ import annotations

import re
from datetime import date

import pytest

from claimtracker.config import ConfigError
from claimtracker.web import page_cache


def html_tag(response) -> str:
    return re.search(r"<html[^>]*>", response.get_data(as_text=True))[0]


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "LANGUAGES": ["en", "es", "fr", "ar"]}


def test_the_site_language_setting_is_the_default(make_app):
    app = make_app(LANGUAGE="fr")
    assert 'lang="fr"' in html_tag(app.test_client().get("/login"))


def test_a_browser_language_the_site_offers_is_honoured(client):
    response = client.get("/login", headers={"Accept-Language": "de, es;q=0.8, en;q=0.2"})
    assert 'lang="es"' in html_tag(response)
    assert "Accept-Language" in response.headers["Vary"]
    assert 'lang="en"' in html_tag(client.get("/login", headers={"Accept-Language": "de"}))


def test_lang_is_remembered_without_an_account(client):
    response = client.get("/login?lang=fr", headers={"Accept-Language": "es"})
    assert 'lang="fr"' in html_tag(response)
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=fr;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # a response that sets the reader's own cookie is never kept by a shared cache
    assert response.headers["Cache-Control"] == "private, no-store"
    later = client.get("/", headers={"Accept-Language": "es"})
    assert 'lang="fr"' in html_tag(later)
    assert "Set-Cookie" not in later.headers


def test_an_unoffered_lang_sets_nothing(client):
    response = client.get("/login?lang=de", headers={"Accept-Language": "es"})
    assert 'lang="es"' in html_tag(response)
    assert "Set-Cookie" not in response.headers


def test_right_to_left_languages_say_so(client):
    assert html_tag(client.get("/?lang=ar")) == '<html lang="ar" dir="rtl">'
    assert html_tag(client.get("/?lang=es")) == '<html lang="es" dir="ltr">'


def test_the_switcher_links_every_offered_language_keeping_the_query(client):
    html = client.get("/claims?q=bridge&lang=es").get_data(as_text=True)
    nav = re.search(r'<nav class="languages".*?</nav>', html, re.S)[0]
    assert 'href="/claims?q=bridge&amp;lang=fr"' in nav
    assert 'aria-current="true">Español<' in nav
    assert ">العربية<" in nav and ">English<" in nav


def test_a_bad_language_setting_is_refused_with_its_name(make_app):
    with pytest.raises(ConfigError, match="LANGUAGE"):
        make_app(LANGUAGE="klingon-x")
    with pytest.raises(ConfigError, match="LANGUAGES"):
        make_app(LANGUAGES=["en", "zz"])


def test_dates_follow_the_page_language(app, client, demo):
    from claimtracker.web.locale import format_date, format_number

    with app.test_request_context("/?lang=es"):
        assert format_date(date(2019, 6, 3)) == "3 de junio de 2019"
        assert format_number(12345.5) == "12.345,5"
    with app.test_request_context("/?lang=fr"):
        assert format_date(date(2019, 6, 3)) == "3 juin 2019"
    with app.test_request_context("/"):
        assert format_date(date(2019, 6, 3)) == "3 June 2019"
        assert format_number(12345) == "12,345"


def test_a_cached_claim_page_is_never_served_in_another_language(app, client, demo):
    reached: list[str] = []

    @app.before_request
    def count():  # type: ignore[no-untyped-def]
        reached.append("app")

    path = client.get("/claims/1", follow_redirects=True).request.path
    french = {"Accept-Language": "fr"}
    assert 'lang="fr"' in html_tag(client.get(path, headers=french))  # fills the cache
    reached.clear()
    again = client.get(path, headers=french)
    assert 'lang="fr"' in html_tag(again) and reached == [], "served by the fast path"
    # a reader of another language, by browser or by cookie, gets their own page
    assert 'lang="es"' in html_tag(client.get(path, headers={"Accept-Language": "es"}))
    assert 'lang="en"' in html_tag(client.get(path))
    client.get("/?lang=ar")
    assert 'lang="ar"' in html_tag(client.get(path, headers=french))
    client.delete_cookie("lang")
    # nor a 304 for the other language's validator
    etag = again.headers["ETag"]
    answer = client.get(path, headers={"If-None-Match": etag, "Accept-Language": "es"})
    assert answer.status_code == 200 and 'lang="es"' in html_tag(answer)
    assert client.get(path, headers={"If-None-Match": etag, **french}).status_code == 304


def test_cache_keys_carry_the_chosen_language_not_the_raw_header():
    environ = {"wsgi.url_scheme": "https", "HTTP_HOST": "x.example"}
    assert page_cache.key_for("e", environ, "fr") != page_cache.key_for("e", environ, "es")
    fr_ca = {**environ, "HTTP_ACCEPT_LANGUAGE": "fr-CA"}
    assert page_cache.key_for("e", fr_ca, "fr") == page_cache.key_for("e", environ, "fr")


def test_forms_flashes_and_validation_speak_the_page_language(client, make_user):
    html = client.get("/login", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Adresse e-mail" in html and "Se connecter" in html
    # WTForms' own messages come from its Spanish catalog, ours from claimtracker's
    refused = client.post(
        "/login", data={"email": "", "password": ""}, headers={"Accept-Language": "es"}
    )
    assert refused.status_code == 400
    assert "Este campo es obligatorio." in refused.get_data(as_text=True)
    user = make_user("reviewer")
    from tests.conftest import PASSWORD

    signed_in = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"Accept-Language": "es"},
        follow_redirects=True,
    )
    assert "Sesión iniciada como Test reviewer." in signed_in.get_data(as_text=True)


def test_the_desk_speaks_the_reviewers_language(client, login_as, demo):
    login_as("editor", client=client)
    client.get("/?lang=fr")
    html = client.get("/desk/claims/1").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html
    for words in ("Affirmation nº 1", "Enregistrer un article", "Notes des vérificateurs"):
        assert words in html, words
    queue = client.get("/desk/").get_data(as_text=True)
    assert "Qui me sont attribuées" in queue
