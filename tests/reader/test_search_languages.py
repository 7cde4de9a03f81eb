"""Search stems each claim in its own language: a Spanish claim is found by another form
of its words ("vacuna" finds "Las vacunas …"), a French one too, English as before; a
language with no stemmer is still found word for word. On PostgreSQL through the claim's
text search configuration, on SQLite through Snowball stems added to the document."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import SearchDocument
from claimtracker.search import languages
from claimtracker.search.query import fts5_match
from claimtracker.services import claims, search, verdicts
from tests.reader.conftest import _people

CLAIMS = {
    "es": (
        "Las vacunas contra el sarampión causan autismo en los niños",
        "Los estudios lo descartan.",
    ),
    "fr": ("Les élections municipales ont été truquées par les maires", "Aucune fraude constatée."),
    "en": (
        "Vaccines were tested on prisoners in the state jails",
        "The records show no such trials.",
    ),
    # Welsh: neither engine has a stemmer for it
    "cy": ("Mae'r bont wedi cwympo ddwywaith eleni", "Mae'r bont yn sefyll."),
}


@pytest.fixture
def worded(app) -> dict[str, str]:
    """One published claim in each language of CLAIMS."""
    with app.app_context():
        reviewer, editor = _people()
        for language, (text, summary) in CLAIMS.items():
            claim = claims.create_claim(
                reviewer, text=text, claimant="A Speaker", language=language
            )
            db.session.flush()
            verdict = verdicts.propose(reviewer, claim, rating="False", summary=summary)
            db.session.flush()
            verdicts.sign_off(verdict.id, editor)
        db.session.commit()
    return {language: text for language, (text, _) in CLAIMS.items()}


def _found(app, q: str) -> list[str]:
    with app.app_context():
        query, messages = search.parse_args({"q": q})
        return [c.text for c in search.search_claims(query, messages).claims]


@pytest.mark.parametrize(
    ("q", "language"),
    [
        ("vacuna", "es"),  # singular of "vacunas"
        ("vacunas niño", "es"),
        ('"causa autismo"', "es"),  # a phrase, stem for stem
        ("élection truquée", "fr"),  # singular, feminine singular
        ("maire", "fr"),
        ("vaccine prisoner", "en"),
        ("cwympo", "cy"),  # word for word
    ],
)
def test_another_form_of_a_word_finds_the_claim_in_its_language(app, worded, q, language):
    assert _found(app, q) == [worded[language]]


def test_words_still_must_all_match(app, worded):
    assert _found(app, "vacuna zebracorn") == []
    assert _found(app, '"autismo causa"') == []  # a phrase keeps its order


def test_the_document_remembers_the_claims_language(app, worded):
    with app.app_context():
        stored = dict(
            db.session.execute(select(SearchDocument.language, SearchDocument.claim_text)).all()
        )
    assert set(stored) == {"es", "fr", "en", "cy"}
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # The stems follow the text on SQLite; English and Welsh get none.
        assert stored["es"].endswith("las vacun contr el sarampion caus autism en los niñ")
        assert stored["en"] == CLAIMS["en"][0] and stored["cy"] == CLAIMS["cy"][0]


def test_language_tags_pick_a_stemmer_by_their_primary_subtag():
    assert languages.pg_config("pt-BR") == "portuguese"
    assert languages.pg_config("es_MX") == "spanish"
    assert languages.pg_config("cy") == "simple" and languages.pg_config(None) == "simple"
    assert languages.snowball_name("en") is None  # FTS5's porter stems English already
    assert fts5_match(["vacunas"], ["en", "es", "fr"]) == '("vacunas" OR "vacun")'
    assert fts5_match(['say "no"'], []) == '"say ""no"""'
