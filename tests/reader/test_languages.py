"""Reader pages in Spanish, French and a right-to-left language (Arabic, which ships no
catalog: its pages keep English words but say lang="ar" dir="rtl" and write dates the
Arabic way)."""

from __future__ import annotations

import re
from html import unescape

import pytest


@pytest.fixture
def app_config(app_config: dict) -> dict:
    return {**app_config, "LANGUAGES": ["en", "es", "fr", "ar"]}


def page(client, path: str, lang: str) -> str:
    response = client.get(path, headers={"Accept-Language": lang}, follow_redirects=True)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


READER_PAGES = ["/", "/claims", "/claims?q=san+quentin", "/claims/1", "/ratings"]


@pytest.mark.parametrize(
    ("lang", "words", "english"),
    [
        (
            "es",
            ["Verificaciones", "Nuestra calificación", "Fuentes", "Dónde apareció"],
            ["Our rating", "Where it appeared", "Sources", "History of this fact check"],
        ),
        (
            "fr",
            ["Vérifications", "Notre verdict", "Sources", "Où elle est parue"],
            ["Our rating", "Where it appeared", "History of this fact check"],
        ),
    ],
)
def test_the_claim_page_reads_in_spanish_and_french(client, demo, lang, words, english):
    html = page(client, "/claims/1", lang)
    assert f'<html lang="{lang}" dir="ltr">' in html
    text = visible(html)
    for word in words:
        assert word in text, (lang, word)
    for word in english:
        assert word not in text, (lang, word)


def test_dates_and_default_ratings_are_in_the_page_language(client, demo):
    spanish, french = (
        visible(page(client, "/claims/1", "es")),
        visible(page(client, "/claims/1", "fr")),
    )
    english = visible(page(client, "/claims/1", "en"))
    assert re.search(r"\d{1,2} de \w+ de 20\d\d", spanish)
    assert re.search(
        r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre"
        r"|novembre|décembre) 20\d\d",
        french,
    )
    # the demo's verdicts use the default scale, so their labels are translated too
    english_labels = {"True", "Mostly true", "Misleading", "Mostly false", "False", "Unproven"}
    shown = [label for label in english_labels if f">{label}<" in page(client, "/claims/1", "en")]
    assert shown, "the demo claim shows a default rating"
    for label in shown:
        assert f">{label}<" not in page(client, "/claims/1", "es")
    assert "Published" in english and "Publicada el" in spanish and "Publiée le" in french


@pytest.mark.parametrize("path", READER_PAGES)
def test_every_reader_page_renders_in_each_language(client, demo, path):
    for lang in ("es", "fr", "ar", "en"):
        html = page(client, path, lang)
        assert f'lang="{lang}"' in re.search(r"<html[^>]*>", html)[0]


def test_a_right_to_left_language_lays_out_right_to_left(client, demo):
    html = page(client, "/claims/1", "ar")
    assert '<html lang="ar" dir="rtl">' in html
    # no catalog: the words fall back to English rather than to nothing
    assert "Where it appeared" in visible(html)


def test_search_counts_and_facets_in_french(client, demo):
    text = visible(page(client, "/claims?q=san+quentin", "fr"))
    assert "Vérifications correspondant à « san quentin »" in text
    assert re.search(r"\d+ vérifications?", text)
    assert "Verdict" in text and "Trier" in text


def test_error_pages_are_translated(client):
    response = client.get("/no/such/page", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    assert "No encontrado" in response.get_data(as_text=True)


def test_a_claim_in_another_language_says_so_on_the_page(app, client, demo):
    from claimtracker.extensions import db
    from claimtracker.models import Claim

    with app.app_context():
        db.session.get(Claim, 1).language = "es"
        db.session.commit()
    english = page(client, "/claims/1", "en")
    assert '<h1 class="claim-text" lang="es" dir="auto">' in english
    assert 'lang="es" dir="auto">' in page(client, "/", "en")  # the claim list too
    # on a Spanish page the text is in the page's language: no attribute
    assert '<h1 class="claim-text">' in page(client, "/claims/1", "es")


def test_a_claim_made_on_the_desk_is_in_the_sites_language(make_app, login_as):
    from claimtracker.extensions import db
    from claimtracker.models import Claim
    from claimtracker.services import articles

    app = make_app(LANGUAGE="fr")
    with app.app_context():
        article, _ = articles.log_article(
            None,
            url="https://example.org/a",
            headline="Un titre",
            text="« Le pont est fermé », dit-il.",
        )
        db.session.commit()
        article_id = article.id
    client = app.test_client()
    login_as("reviewer", client=client)
    response = client.post(
        "/desk/claims/new",
        data={
            "article_id": str(article_id),
            "exact": "Le pont est fermé",
            "start": "2",
            "text": "Le pont est fermé",
            "claimant_name": "Pat",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with app.app_context():
        claim = db.session.query(Claim).one()
        assert claim.language == "fr"


def test_search_messages_are_in_the_page_language(client, demo):
    """The search's own notes (a malformed date, a page past the end) follow the page."""
    path = "/claims?q=san+quentin&from=2019-13-45&page=9"
    english = unescape(visible(page(client, path, "en")))
    assert "Ignored the from date '2019-13-45': use YYYY-MM-DD." in english
    assert "There is no page 9; showing page 1, the last." in english
    spanish = unescape(visible(page(client, path, "es")))
    assert "Se ignoró la fecha from '2019-13-45': use AAAA-MM-DD." in spanish
    assert "No existe la página 9; se muestra la página 1, la última." in spanish
    french = unescape(visible(page(client, path, "fr")))
    assert "Il n’y a pas de page 9 ; la page 1, la dernière, est affichée." in french
    # What the reader typed is quoted in the message, escaped in every language.
    for lang in ("en", "es"):
        html = page(client, "/claims?from=<svg/onload=alert()>", lang)
        assert "<svg/onload" not in html and "&lt;svg/onload=alert()&gt;" in html
