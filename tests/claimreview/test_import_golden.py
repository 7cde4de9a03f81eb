"""The import writes exactly what it wrote when the golden file was made: every row of every
table it touches (claims, claimants, outlets, articles, appearances, verdicts, audit rows
in order, search documents with their facet columns, jobs), the per-item report, and
what search and its facets answer, after a first import and a re-import with changes.

Ids and the import's own timestamps are replaced by what they stand for (a claim by its
review URL, an article by its URL, "now"), so the comparison holds on SQLite and
PostgreSQL alike; each has its own golden file (SQLite's search text carries its stems).
A change that alters what an import writes must say so by regenerating the file:
``CLAIMTRACKER_WRITE_GOLDEN=1 pytest tests/claimreview/test_import_golden.py``.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bench.feed import feed as bench_feed
from claimtracker.extensions import db
from claimtracker.models import (
    Appearance,
    Article,
    AuditEvent,
    Claim,
    Claimant,
    Job,
    Outlet,
    Rating,
    SearchDocument,
    Tag,
    User,
    Verdict,
)
from claimtracker.services import claimreview_import, search

GOLDEN = Path(__file__).resolve().parent / "golden"


def _special() -> list[dict[str, Any]]:
    """Reviews that take the unusual paths: long text, no claimant, a language and a
    fidelity judgement, a quote in the URL, a label off the scale, a conflict, malformed
    ones, a lone surrogate, the same review twice."""
    base = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "datePublished": "2021-03-04",
        "author": {"@type": "Organization", "name": "Golden Checks"},
        "reviewRating": {"@type": "Rating", "ratingValue": 1, "alternateName": "False"},
    }
    return [
        {
            **base,
            "url": "https://golden.example/long",
            "claimReviewed": "A long claim " + "that keeps going " * 20,
            "itemReviewed": {"@type": "Claim", "author": {"name": "Long Speaker"}},
        },
        {
            **base,
            "url": "https://golden.example/es?utm_source=feed",
            "claimReviewed": "Los impuestos subieron un veinte por ciento",
            "inLanguage": "es-ES",
            "description": "Los datos oficiales muestran otra cifra.",
            "associatedReview": {
                "@type": "Review",
                "reviewAspect": "faithfulness to the cited source",
                "reviewRating": {"@type": "Rating", "alternateName": "Distorted"},
            },
            "itemReviewed": {
                "@type": "Claim",
                "appearance": [
                    "https://noticias.example/a#:~:text=los%20impuestos%20subieron",
                    {"url": "https://noticias.example/b", "headline": "Otra nota"},
                ],
            },
        },
        {
            **base,
            "url": "https://golden.example/pinocchios",
            "claimReviewed": "The bridge cost four billion",
            "reviewRating": {"@type": "Rating", "alternateName": "Four Pinocchios"},
        },
        {
            **base,
            "url": "https://golden.example/conflict",
            "claimReviewed": "Crime fell by half",
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": 1,
                "bestRating": 6,
                "worstRating": 1,
                "alternateName": "True",
            },
        },
        {**base, "url": None, "claimReviewed": "No url here"},
        {**base, "@type": "MediaReview", "url": "https://golden.example/media"},
        {**base, "url": "https://golden.example/surrogate", "claimReviewed": "bad \ud800 text"},
        {**base, "url": "https://golden.example/twice", "claimReviewed": "Said twice"},
        {**base, "url": "https://GOLDEN.example/twice#again", "claimReviewed": "Said twice"},
    ]


def _first() -> list[dict[str, Any]]:
    ordinary = json.loads(bench_feed(20))["dataFeedElement"]
    return [r for e in ordinary for r in e["item"]] + _special()


def _second(first: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same feed again with a changed rating, speaker, text and appearance, and new
    reviews."""
    again = copy.deepcopy(first)
    again[0]["reviewRating"] = {"@type": "Rating", "ratingValue": 5, "alternateName": "True"}
    again[1]["itemReviewed"]["author"] = {"@type": "Person", "name": "Someone Else"}
    again[2]["claimReviewed"] = "A reworded claim about the budget"
    again[3]["itemReviewed"]["appearance"].append(
        {"@type": "CreativeWork", "url": "https://late.example/story", "headline": "Late"}
    )
    extra = json.loads(bench_feed(24))["dataFeedElement"][20:]
    return again + [r for e in extra for r in e["item"]]


class _Names:
    """Natural keys for ids, read from the database."""

    def __init__(self) -> None:
        s = db.session
        self.claim = dict(s.execute(select(Claim.id, Claim.origin_url)).all())
        self.claimant = dict(s.execute(select(Claimant.id, Claimant.name)).all())
        self.outlet = dict(s.execute(select(Outlet.id, Outlet.name)).all())
        self.article = dict(s.execute(select(Article.id, Article.url)).all())
        self.rating = dict(s.execute(select(Rating.id, Rating.label)).all())
        self.tag = dict(s.execute(select(Tag.id, Tag.name)).all())
        self.user = dict(s.execute(select(User.id, User.email)).all())
        self.appearance = {
            i: [self.claim[c], self.article[a]]
            for i, c, a in s.execute(
                select(Appearance.id, Appearance.claim_id, Appearance.article_id)
            )
        }
        self.verdict: dict[int, list[Any]] = {}
        for i, c in s.execute(select(Verdict.id, Verdict.claim_id).order_by(Verdict.id)):
            self.verdict[i] = [
                self.claim[c],
                sum(1 for v in self.verdict.values() if v[0] == self.claim[c]),
            ]

    def of(self, column: str) -> dict[int, Any] | None:
        kind = column.removesuffix("_id").removesuffix("_ids")
        kind = {"created_by": "user", "author": "user", "approver": "user", "actor": "user"}.get(
            kind, kind
        )
        kind = {"current_verdict": "verdict"}.get(kind, kind)
        return getattr(self, kind, None)


def _value(value: Any, since: datetime) -> Any:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return "now" if aware >= since else aware.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(model: Any, names: _Names, since: datetime, order: Any = None) -> list[dict]:
    table = model.__table__
    out = []
    for row in db.session.execute(
        select(table).order_by(
            order if order is not None else table.c[table.primary_key.columns.keys()[0]]
        )
    ).mappings():
        item: dict[str, Any] = {}
        for column, value in row.items():
            if column == "id":
                continue
            if column == "origin_json" and value is not None:
                # Its digest: as exact, and the golden file stays readable.
                item[column] = hashlib.sha256(value.encode()).hexdigest()
                continue
            if column == "entity_id":
                lookup = names.of(row["entity_type"])
                item[column] = lookup.get(value, value) if lookup else value
                continue
            lookup = names.of(column) if column.endswith(("_id", "_ids")) else None
            if lookup is not None and column.endswith("_ids"):
                item[column] = [lookup[int(i)] for i in (value or "").split()]
            elif lookup is not None and value is not None:
                item[column] = lookup[value]
            else:
                item[column] = _value(value, since)
        out.append(item)
    if order is None and model is not AuditEvent:
        out.sort(key=lambda r: json.dumps(r, sort_keys=True, default=str))
    return out


def _searches() -> list[dict[str, Any]]:
    out = []
    for args in ({"q": "tax"}, {"q": "impuestos"}, {"q": "said twice"}, {}, {"rating": "False"}):
        query, _ = search.parse_args(args)
        page = search.search_claims(query)
        out.append(
            {
                "args": args,
                "total": page.total,
                "claims": sorted(c.origin_url for c in page.claims),
                "facets": {
                    name: sorted([f.label, f.count] for f in facets)
                    for name, facets in page.facets.items()
                },
            }
        )
    return out


def _state(since: datetime) -> dict[str, Any]:
    db.session.expire_all()
    names = _Names()
    return {
        "claimants": _rows(Claimant, names, since),
        "outlets": _rows(Outlet, names, since),
        "articles": _rows(Article, names, since),
        "claims": _rows(Claim, names, since),
        "appearances": _rows(Appearance, names, since),
        "verdicts": _rows(Verdict, names, since),
        "audit": _rows(AuditEvent, names, since, AuditEvent.id),
        "search_documents": _rows(SearchDocument, names, since),
        "jobs": sorted([j.kind, j.state] for j in db.session.scalars(select(Job))),
        "searches": _searches(),
    }


def _reports(reports: list[claimreview_import.ItemReport], names: _Names) -> list[dict]:
    return [
        {
            "line": r.line(),
            "index": r.index,
            "claim": names.claim.get(r.claim_id) if r.claim_id else None,
        }
        for r in reports
    ]


def test_an_import_writes_what_the_golden_file_holds(ctx, make_user, monkeypatch):
    monkeypatch.setattr(claimreview_import, "CHUNK", 8)  # several chunks and a short last one
    editor = db.session.merge(make_user("editor", email="editor@example.org"))
    since = datetime.now(UTC) - timedelta(minutes=5)
    first = _first()
    one = claimreview_import.import_content(json.dumps({"@graph": first}))
    after_first = _state(since)
    two = claimreview_import.import_content(json.dumps(_second(first)), actor=editor)
    names = _Names()
    got = {
        "first": {"reports": _reports(one, names), **after_first},
        "second": {"reports": _reports(two, names), **_state(since)},
    }
    # One line a row: small, and a change shows as the rows it changed.
    lines = [
        f"{phase} {section} {json.dumps(row, ensure_ascii=False, sort_keys=True, default=str)}"
        for phase, sections in got.items()
        for section, rows in sections.items()
        for row in rows
    ]
    path = GOLDEN / f"import.{db.engine.dialect.name}.txt"
    if os.environ.get("CLAIMTRACKER_WRITE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_text("\n".join(lines) + "\n")
    assert lines == path.read_text().splitlines()
