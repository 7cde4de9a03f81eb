"""Full-text search on /claims: FTS5 or tsvector behind one interface, synced on write."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Claim, SearchDocument
from claimtracker.services import search


def _found(q: str, **filters) -> list[str]:
    query, messages = search.parse_args({"q": q, **filters})
    return [c.text for c in search.search_claims(query, messages).claims]


@pytest.mark.parametrize(
    "q,expected",
    [
        ("DNA", "DNA testing has been ordered in Kevin Cooper's case"),
        # words only in a quote
        ("grateful", "Governor Newsom ended capital punishment in California"),
        ("framed", "Kevin Cooper is 63 years old"),
        # words only in a summary
        ("reprieved", "Governor Newsom ended capital punishment in California"),
        ("Ryen family", "Kevin Cooper is 63 years old"),
        ("lethal-injection", "Governor Newsom ended capital punishment in California"),
        ('"photo agency"', "Kim Kardashian's team set up the photoshoot outside San Quentin"),
        # claimant
        ("Hollywood Unlocked", "Photos and video on state property are allowed without permission"),
    ],
)
def test_search_finds_demo_claims_by_quotes_and_summaries(ctx, demo, q, expected):
    assert expected in _found(q)


@pytest.mark.parametrize("q", ["zebracorn", '"agency photo"', "DNA zebracorn"])
def test_search_finds_nothing_for_words_in_no_claim(ctx, demo, q):
    """Every word must match (AND), and a quoted phrase must match as a phrase."""
    assert _found(q) == []


def test_index_follows_writes_and_unpublishing(ctx, demo):
    claim = db.session.scalar(select(Claim).where(Claim.text.like("DNA%")))
    claim.current_verdict.summary = "A zebracorn statement."
    db.session.commit()
    assert _found("zebracorn") == [claim.text]
    claim.status = "researching"
    db.session.commit()
    assert _found("zebracorn") == []
    assert db.session.get(SearchDocument, claim.id).published is False


@pytest.mark.parametrize(
    "q",
    [
        '"',
        "AND(",
        "*",
        "NEAR(a b",
        "a OR",
        "-x",
        "'",
        "a" * 5000,
        "(((",
        "^",
        "col:dna",
        "\x00",
        'DNA"OR"1',
    ],
)
def test_malformed_queries_never_fail(client, demo, q):
    resp = client.get("/claims", query_string={"q": q})
    assert resp.status_code == 200


def test_index_follows_new_appearances_and_claimant_renames(ctx, demo):
    from claimtracker.models import Article
    from claimtracker.services import claims

    claim = db.session.scalar(select(Claim).where(Claim.text.like("DNA%")))
    article = db.session.scalar(select(Article).where(Article.url.like("%hollywoodunlocked%")))
    claims.add_appearance(None, claim, article, exact="wrongfully convicted")
    claim.claimant.name = "Kimberly Noel Kardashian"
    db.session.commit()
    assert claim.text in _found("wrongfully")
    assert claim.text in _found("Kimberly Noel")


def test_rolled_back_writes_leave_the_index_alone(ctx, demo):
    claim = db.session.scalar(select(Claim).where(Claim.text.like("DNA%")))
    claim.current_verdict.summary = "quixotic"
    db.session.flush()
    db.session.rollback()
    assert _found("quixotic") == []


def test_ranked_set_is_bounded(ctx, demo, monkeypatch):
    monkeypatch.setattr(search, "RANK_WITHIN", 2)
    query, _ = search.parse_args({"q": "Kardashian"})
    page = search.search_claims(query)
    assert page.total == 2 and page.capped


def test_relevance_prefers_claim_text_over_summary(ctx, demo):
    # "capital" is in one claim's text; "Newsom" is in that claim's text and another summary.
    found = _found("Newsom")
    assert found[0] == "Governor Newsom ended capital punishment in California"
    assert "DNA testing has been ordered in Kevin Cooper's case" in found


def test_migration_indexes_existing_claims(app, demo):
    from flask_migrate import downgrade, upgrade

    directory = app.extensions["migrate"].directory
    with app.app_context():
        downgrade(directory=directory, revision="2e1fd3e86c56")
        db.session.remove()
        upgrade(directory=directory)
        db.session.remove()
        assert "DNA testing has been ordered in Kevin Cooper's case" in _found("DNA")
        assert len(db.session.scalars(select(SearchDocument)).all()) == 5


def test_pagination_and_sorting(app, client, publish):
    publish(45, appearances=1, sources=0)
    first = client.get("/claims?q=bridges&sort=date").get_data(as_text=True)
    assert "Page 1 of 3" in first
    assert 'rel="next" href="/claims?q=bridges&amp;sort=date&amp;page=2"' in first
    third = client.get("/claims?q=bridges&sort=date&page=3").get_data(as_text=True)
    assert "Page 3 of 3" in third and third.count('class="claim-row"') == 5
    assert "Claim number 1 about bridges" in third  # oldest last
    browse = client.get("/claims?page=2").get_data(as_text=True)
    assert "Page 2 of 3" in browse and browse.count('class="claim-row"') == 20
    claimant = client.get("/claims?claimant=1&tag=bridges").get_data(as_text=True)
    assert "45 fact checks" in claimant


def test_search_finds_article_headlines_and_outlets(client, demo):
    """Issue 12: readers type what they read. Every demo claim appeared in an article about
    San Quentin; the word is in the headlines, not in the claims."""
    html = client.get("/claims?q=San Quentin").get_data(as_text=True)
    assert html.count('class="claim-row"') == 5, html.count('class="claim-row"')
    outlet = client.get("/claims?q=Hollywood Unlocked").get_data(as_text=True)
    assert outlet.count('class="claim-row"') >= 1


def test_browsing_an_outlet_lists_the_claims_of_its_newest_articles(app, publish, monkeypatch):
    """Bounded like a search: with no words, an outlet's newest BROWSE_ROWS articles
    (a large outlet's whole history is never collected); a search with words still finds
    the outlet's older claims among its candidates."""
    from claimtracker.models import Outlet

    ids = publish(3, appearances=1, outlet="Bounded Gazette")
    monkeypatch.setattr(search, "BROWSE_ROWS", 2)
    with app.app_context():
        outlet = db.session.scalar(select(Outlet.id).where(Outlet.name == "Bounded Gazette"))
        query, _ = search.parse_args({"outlet": str(outlet)})
        assert sorted(c.id for c in search.search_claims(query).claims) == ids[1:]
        query, _ = search.parse_args({"outlet": str(outlet), "q": "bridges"})
        assert sorted(c.id for c in search.search_claims(query).claims) == ids


@pytest.mark.parametrize("facet", ["claimant", "tag", "rating", "fidelity"])
def test_browsing_any_facet_is_bounded_and_exact_below_the_bound(app, publish, monkeypatch, facet):
    """Browsing by claimant, tag, rating or faithfulness draws from that facet's newest
    BROWSE_ROWS claims and asks the other filters of those: below the bound the list is
    exact (the other filters still apply), above it the newest are listed."""
    from claimtracker.models import Claimant

    mine = publish(3, claimant="Bound Example", words="bounded")
    publish(2, claimant="Someone Else")
    with app.app_context():
        claimant = db.session.scalar(select(Claimant.id).where(Claimant.name == "Bound Example"))
        for claim_id in mine:  # a faithfulness judgement on these three only
            verdict = db.session.get(Claim, claim_id).current_verdict
            verdict.fidelity, verdict.fidelity_label = "accurate", "Accurate"
        db.session.commit()
        rating = db.session.get(Claim, mine[0]).current_verdict.rating.slug
        value = {
            "claimant": str(claimant),
            "tag": "batch 1",  # publish() tags claim k with "batch {k % 3}"
            "rating": rating,
            "fidelity": "accurate",
        }[facet]
        expected = sorted(
            c.id
            for c in db.session.scalars(select(Claim))
            if c.is_published
            and (facet != "claimant" or c.claimant_id == claimant)
            and (facet != "tag" or "batch 1" in [t.name for t in c.tags])
            and (facet != "rating" or c.current_verdict.rating.slug == rating)
            and (facet != "fidelity" or c.current_verdict.fidelity == "accurate")
        )
        assert expected, "the fixture should give the facet some claims"
        query, _ = search.parse_args({facet: value})
        assert sorted(c.id for c in search.search_claims(query).claims) == expected
        # Another filter is asked of the driver's candidates.
        query, _ = search.parse_args({facet: value, "claimant": str(claimant)})
        assert sorted(c.id for c in search.search_claims(query).claims) == sorted(
            set(expected) & set(mine)
        )
        # Above the bound: the newest of the facet, not an arbitrary few.
        monkeypatch.setattr(search, "BROWSE_ROWS", 1)
        query, _ = search.parse_args({facet: value})
        assert [c.id for c in search.search_claims(query).claims] == [max(expected)]
