"""Search facets are counted from the values copied onto each claim's search row; after
every kind of write, and after the migration that filled them in, they must equal the
counts taken from the claim's own tables."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import select, update

from claimtracker.extensions import db
from claimtracker.models import Article, Claim, Role, SearchDocument, Tag
from claimtracker.services import (
    articles,
    claim_edits,
    search,
    search_index,
    seed_text,
    users,
    verdicts,
)

FACET_KEYS = ("rating_id", "fidelity", "fidelity_label", "claimant_id", "year")


def _expected(claim_ids: list[int]) -> dict[str, Counter]:
    """The facet counts of ``claim_ids``, walked through the ORM's relationships."""
    out: dict[str, Counter] = {k: Counter() for k in ("rating", "claimant", "outlet", "tag")}
    out["year"] = Counter()
    out["fidelity"] = Counter()
    for claim in db.session.scalars(select(Claim).where(Claim.id.in_(claim_ids))):
        verdict = claim.current_verdict
        out["rating"][verdict.rating.slug] += 1
        if verdict.fidelity:
            out["fidelity"][verdict.fidelity] += 1
        if claim.claimant:
            out["claimant"][claim.claimant.name] += 1
        if claim.claimed_on:
            out["year"][str(claim.claimed_on.year)] += 1
        outlets = {a.article.outlet.name for a in claim.appearances if a.article.outlet}
        out["outlet"].update(outlets)
        out["tag"].update(t.name for t in claim.tags)
    for name in ("claimant", "outlet", "tag"):  # the most frequent shown, ties by name
        top = sorted(out[name].items(), key=lambda kv: (-kv[1], kv[0]))[: search.FACET_LIMIT]
        out[name] = Counter(dict(top))
    return out


def _shown(q: str = "", **filters: str) -> tuple[dict[str, Counter], list[int]]:
    query, _ = search.parse_args({"q": q, **filters})
    ids = search._ranked_ids(query) if q else search._browse_ids(query)
    page = search.search_claims(query)
    facets = {name: Counter({f.label: f.count for f in fs}) for name, fs in page.facets.items()}
    # the rating facet is keyed by slug (its label may be translated)
    facets["rating"] = Counter({f.key: f.count for f in page.facets["rating"]})
    facets["fidelity"] = Counter({f.key: f.count for f in page.facets["fidelity"]})
    return facets, ids


def _check(q: str = "", **filters: str) -> dict[str, Counter]:
    db.session.expire_all()
    shown, ids = _shown(q, **filters)
    assert ids, "the search should find something"
    assert shown == _expected(ids)
    return shown


@pytest.fixture
def editor(ctx):  # type: ignore[no-untyped-def]
    """An editor (a second one signs off what this one proposes)."""
    user = users.create_user("facets-editor@example.org", None, Role.EDITOR, name="Ed")
    users.create_user("facets-second@example.org", None, Role.EDITOR, name="Second")
    db.session.commit()
    return user


def test_facets_follow_every_kind_of_write(ctx, publish, editor):
    first, second, third = publish(3, appearances=2, outlet="Daily Bridge")
    before = _check()
    assert before["outlet"]["Daily Bridge"] == 3 and before["tag"]["bridges"] == 3
    claim = db.session.get(Claim, first)

    # a corrected verdict: another rating, and a fidelity
    verdict = verdicts.propose(
        editor,
        claim,
        rating="False",
        summary="Corrected.",
        reason="correction",
        reason_note="New figures.",
        fidelity="Altered",
    )
    db.session.flush()
    verdicts.sign_off(verdict.id, users.get_by_email("facets-second@example.org"))
    db.session.commit()
    shown = _check()
    assert shown["fidelity"] == Counter({"altered": 1}) and shown["rating"]["false"] >= 1

    # the claim's own fields: claimant, date, tags
    claim_edits.update_claim(
        editor,
        claim,
        claim.version_id,
        text=claim.text,
        claimant="Someone Else",
        claimed_on=date(2011, 5, 1),
        tags=["tunnels"],
    )
    db.session.commit()
    shown = _check()
    assert shown["claimant"]["Someone Else"] == 1 and shown["year"]["2011"] == 1
    assert shown["tag"]["tunnels"] == 1 and shown["tag"]["bridges"] == 2

    # a claimant renamed, an article moved to another outlet
    db.session.get(Claim, second).claimant.name = "Patricia Example"
    article = db.session.scalars(
        select(Article).join(Article.appearances).where(Article.appearances.any(claim_id=third))
    ).first()
    articles.correct_metadata(editor, article, article.version_id, outlet="Harbour News")
    db.session.commit()
    shown = _check()
    assert shown["claimant"]["Patricia Example"] == 2 and shown["outlet"]["Harbour News"] == 1

    # a tag renamed in place (names are read at search time, not copied)
    db.session.execute(update(Tag).where(Tag.name == "tunnels").values(name="underpasses"))
    db.session.commit()
    assert _check()["tag"]["underpasses"] == 1

    # unpublished: out of every count
    db.session.get(Claim, third).status = "researching"
    db.session.commit()
    shown = _check()
    assert sum(shown["rating"].values()) == 2 and "Harbour News" not in shown["outlet"]

    # with words, and with filters
    _check("bridge")
    _check("bridge", rating="false")
    _check(tag="bridges")


def test_a_claim_quoted_twice_by_one_outlet_counts_once(ctx, publish):
    publish(2, appearances=3, outlet="Same Outlet")
    # outlets "Same Outlet", "Same Outlet 1", "Same Outlet 2": move both others onto the first
    for article in db.session.scalars(select(Article).where(Article.outlet_id.is_not(None))):
        article.outlet = articles.get_or_create_outlet("Same Outlet")
    db.session.commit()
    assert _check()["outlet"] == Counter({"Same Outlet": 2})


def test_the_migration_fills_the_facet_columns(app, publish):
    from flask_migrate import downgrade, upgrade

    publish(4, appearances=3)
    directory = app.extensions["migrate"].directory
    with app.app_context():
        claim = db.session.scalar(select(Claim).order_by(Claim.id))
        claim.tags = []  # a claim with no tags
        db.session.commit()
        ids = list(db.session.scalars(select(Claim.id)))
        wanted = search_index.documents(db.session.connection(), ids)
        db.session.rollback()
        downgrade(directory=directory, revision="d4e6f8a0b2c4")
        db.session.remove()
        upgrade(directory=directory)
        db.session.remove()
        stored = {d.claim_id: d for d in db.session.scalars(select(SearchDocument))}
        for row in wanted:
            doc = stored[row["claim_id"]]
            for key in FACET_KEYS:
                assert getattr(doc, key) == row[key], key
            for key in ("outlet_ids", "tag_ids"):
                assert set(getattr(doc, key).split()) == set(row[key].split()), key
        _check()


def test_seeded_rows_carry_the_facets(app):
    """``claimtracker seed`` writes search rows itself (bulk): the same facet values as the
    index would."""
    result = app.test_cli_runner().invoke(args=["seed", "--claims", "120"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        ids = list(db.session.scalars(select(Claim.id)))
        stored = {d.claim_id: d for d in db.session.scalars(select(SearchDocument))}
        for row in search_index.documents(db.session.connection(), ids):
            doc = stored[row["claim_id"]]
            assert [getattr(doc, k) for k in FACET_KEYS] == [row[k] for k in FACET_KEYS]
            assert doc.outlet_ids == row["outlet_ids"] and doc.tag_ids == row["tag_ids"]
        _check()
        _check(seed_text.TOPICS[0])


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"q": "tax & spend", "page": "3"},
        {"q": "café “quoted” 100%", "tag": "a/b?c"},
        {"q": "x", "from": "2019-01-01", "to": "2019-12-31", "sort": "date"},
    ],
)
def test_facet_links_are_built_as_url_for_builds_them(app, args):
    """filter_url encodes its query string itself (url_for once per page, not per link)."""
    from flask import url_for
    from werkzeug.datastructures import MultiDict

    from claimtracker.web.public import filter_url

    with app.test_request_context("/claims", query_string=MultiDict(args)):
        for name, value in [("tag", "x y&z"), ("claimant", "12"), ("q", None), ("year", "2020")]:
            kept = {k: v for k, v in args.items() if k != "page"}
            if value is None:
                kept.pop(name, None)
            elif name == "year":
                kept.update({"from": "2020-01-01", "to": "2020-12-31"})
            else:
                kept[name] = value
            assert filter_url(name, value) == url_for("public.claims", **kept)


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_counts_are_formatted_as_babel_formats_them(app, language):
    from babel.numbers import format_decimal
    from flask_babel import force_locale

    from claimtracker.web.locale import format_number

    with app.test_request_context("/"), force_locale(language):
        for n in (0, 7, 999, 1000, 12345, 1234567):
            assert format_number(n) == format_decimal(n, locale=language)
        assert format_number(1234.5) == format_decimal(1234.5, locale=language)


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_dates_are_formatted_as_babel_formats_them(app, language):
    """format_date remembers each day's words per language: they must be Babel's, and a
    language's words never leak into another's."""
    from babel.dates import format_date as babel_date

    from claimtracker.web.locale import format_date

    day = date(2019, 6, 3)
    for first in ("fr", language):  # another language first, then this one
        with app.test_request_context(f"/?lang={first}"):
            pattern = "d MMMM y" if first == "en" else "long"
            assert format_date(day) == babel_date(day, pattern, locale=first)
            assert format_date(day, "short") == babel_date(day, "short", locale=first)
