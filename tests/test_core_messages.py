"""The pure core's reasons (the fetcher, the URL checks, the feed and ClaimReview readers)
reach people in their language: a reviewer on the desk, an API client by its
Accept-Language, a command in the site's LANGUAGE. English is unchanged, and what a
reason quotes from the input stays escaped on a page."""

from __future__ import annotations

import io
import json

import pytest

from claimtracker.i18n import Message
from claimtracker.ingest import fetch, urls
from claimtracker.services.messages import translated
from tests.api.helpers import bearer, token_for

#: A review without its URL: skipped, "the review has no url, …".
NO_URL = json.dumps(
    {"@context": "https://schema.org", "@type": "ClaimReview", "claimReviewed": "Something"}
).encode()
#: urllib's own words quote the port: "Port could not be cast to integer value as '<svg>'".
HOSTILE_URL = "https://example.org:<svg>/page"


def _refusal(url: str) -> Message:
    with pytest.raises(fetch.FetchError) as caught:
        fetch.vet(url)
    return caught.value.reason


def test_a_core_reason_is_english_text_carrying_its_id(make_app):
    reason = _refusal("http://127.0.0.1/page")
    assert reason == "refused to fetch 127.0.0.1: 127.0.0.1 is a loopback address"
    assert isinstance(reason, Message) and reason.msgid == "refused to fetch %(host)s: %(reason)s"
    with make_app(LANGUAGE="es").app_context():
        # The reason inside the reason is translated too.
        assert translated(reason) == (
            "no se descarga 127.0.0.1: 127.0.0.1 es una dirección de bucle local"
        )
        assert translated(ValueError("plain words")) == "plain words"
    too_large = fetch.ResponseTooLarge(
        Message("the page is larger than %(most)s bytes", most=5_242_880)
    )
    assert too_large.reason == "the page is larger than 5,242,880 bytes"
    with make_app(LANGUAGE="fr").app_context():
        # Numbers are grouped the way the language groups them (a narrow space in French).
        assert translated(too_large).replace("\u202f", " ") == ("la page dépasse 5 242 880 octets")


def test_the_desk_shows_core_reasons_in_the_page_language_escaped(client, login_as):
    login_as("editor", client=client)
    for lang, words in (
        ("en", "not a valid URL: Port could not be cast to integer value as '&lt;svg&gt;'"),
        ("es", "no es una URL válida: Port could not be cast to integer value as '&lt;svg&gt;'"),
        ("fr", "URL non valide : Port could not be cast to integer value as '&lt;svg&gt;'"),
    ):
        page = client.post(f"/desk/articles/fetch?lang={lang}", data={"f-url": HOSTILE_URL})
        html = page.get_data(as_text=True).replace("&#39;", "'")
        assert page.status_code == 400 and words in html, lang
        assert "<svg>" not in html, lang
    for lang, words in (
        ("es", "la revisión no tiene url, así que no se puede importar de forma idempotente"),
        ("fr", "la vérification n’a pas d’url : elle ne peut pas être importée"),
    ):
        page = client.post(
            f"/desk/import?lang={lang}",
            data={"file": (io.BytesIO(NO_URL), "review.json")},
            content_type="multipart/form-data",
        )
        assert words in page.get_data(as_text=True), lang
    unreadable = client.post(
        "/desk/import?lang=es",
        data={"file": (io.BytesIO(b"plain words"), "x.txt")},
        content_type="multipart/form-data",
    )
    assert unreadable.status_code == 400
    assert "el archivo no es JSON ni HTML" in unreadable.get_data(as_text=True)


def test_an_api_client_reads_a_url_refusal_in_its_language(app, client, make_user):
    token = token_for(app, make_user("editor").email)
    claim = client.post("/api/v1/claims", headers=bearer(token), json={"text": "Something"}).json
    details = {}
    for lang in ("en", "es", "fr"):
        refused = client.post(
            f"/api/v1/claims/{claim['id']}/sources",
            headers={**bearer(token), "Accept-Language": lang},
            json={"url": "https://stats.example/a b"},
        )
        assert refused.status_code == 422, refused.json
        details[lang] = refused.json["detail"]
    assert details == {
        "en": "a URL cannot contain spaces",
        "es": "una URL no puede contener espacios",
        "fr": "une URL ne peut pas contenir d’espaces",
    }


def test_a_command_prints_core_reasons_in_the_sites_language(make_app, tmp_path):
    no_url = tmp_path / "review.json"
    no_url.write_bytes(NO_URL)
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    for language, skipped, unreadable in (
        ("en", "the review has no url", "the file is empty"),
        ("fr", "la vérification n’a pas d’url", "le fichier est vide"),
    ):
        site = make_app(LANGUAGE=language)
        result = site.test_cli_runner().invoke(args=["import", str(no_url), str(empty)])
        assert skipped in result.output and unreadable in result.output, result.output


def test_pure_checks_still_read_in_english():
    with pytest.raises(urls.InvalidURL) as caught:
        urls.require_http_url("ftp://example.org/")
    assert str(caught.value) == "only http:// and https:// URLs are accepted"


def test_import_warnings_and_refusals_follow_the_page(client, login_as):
    """An import report's own words: a rating not on the scale, a review in our own name."""
    login_as("editor", client=client)
    unknown = json.loads(NO_URL) | {
        "url": "https://checks.example/r/zorgled",
        "reviewRating": {"alternateName": "Zorgled <b>"},
        "author": {"name": "Checks Example"},
    }
    ours = unknown | {"url": "https://checks.example/r/ours", "author": {"name": "Test Fact Desk"}}
    page = client.post(
        "/desk/import?lang=es",
        data={"file": (io.BytesIO(json.dumps([unknown, ours]).encode()), "r.json")},
        content_type="multipart/form-data",
    )
    html = page.get_data(as_text=True).replace("&#39;", "'")
    assert "la calificación 'Zorgled &lt;b&gt;' no está en la escala local" in html
    assert "se publica en nombre de nuestra propia organización" in html
