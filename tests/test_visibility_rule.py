"""The visibility rule ("what readers may see") is defined once, on the model
(``Claim.is_published``, reached through ``services.reading.published()``), and every
public path goes through it.

How this catches a regression: with claims present that fail the rule in each of its
ways (a draft; a claim whose status says published but that has no current verdict; one
that has a current verdict but is back at research), the test requests every GET route of
the public and API blueprints (taken from the app's URL map, so a new route is covered
the day it is added, or fails here until the test knows its arguments) and runs every
export format, recording each SQL statement the database receives. Every statement that
reads the ``claim`` table must contain the rule exactly as the model compiles it, for the
database under test. A query written as ``select(Claim).where(Claim.id == x)``, or one that
re-states the rule by hand and drifts from it (``status = 'published'`` alone, the bug
class this replaced in search, the rating counts and the listing breakdown), has no such
fragment and fails, naming the route and the statement. Only ORM relationship loads are
exempt when they load rows *other than* claims (a claim's tags, keyed on claims already
loaded through the rule); a relationship load that returns claims themselves is checked
like any query. A second test greps the product code for hand-written copies of the rule.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from claimtracker.extensions import db
from claimtracker.models import Article, Claim, User
from claimtracker.services import articles, claims, export, verdicts

SECRET = "qzxvisibility"  # only in the hidden claims' rows, never in a request we send
WORD = "zyxsearchable"  # in the hidden claims' text too, for the search routes
PUBLIC_BLUEPRINTS = ("public.", "talkback.", "api_v1.", "api_google.")
#: Routes that never read claims (static files, health check, the rating scale's CSS, the
#: OpenAPI document, and a token holder's own background job).
NO_CLAIMS = {
    "static",
    "public.healthz",
    "public.ratings_css",
    "api_v1.openapi_document",
    "api_v1.job",
}
CLAIM_READ = re.compile(r"\b(?:FROM|JOIN)\s+claim\b(?!_)|,\s*claim\b(?![._])", re.IGNORECASE)


def _normalise(sql: str) -> str:
    """Bind markers of any driver as ``?``, table aliases as the table, one space."""
    sql = re.sub(r"%\(\w+\)s|\?|(?<!:):\w+|\$\d+", "?", sql)
    sql = re.sub(r"\?::\w+", "?", sql)  # psycopg's bind casts (``%(x)s::VARCHAR``)
    sql = re.sub(r"\bclaim_\d+\.", "claim.", sql)
    sql = re.sub(r"\s+", " ", sql)
    # published_rule(status_index=False): the same test, kept off the status index.
    return re.sub(r"\(?claim\.status \|\| \?\)?", "claim.status", sql)


@pytest.fixture
def hidden(app, demo, make_user) -> dict[str, int]:
    """Three claims readers must not see, one per way of failing the rule, each with its
    own claimant, outlet, article and tag, and one also quoted in a public article."""
    editor = make_user("editor")
    with app.app_context():
        actor = db.session.get(User, editor.id)
        public_article = db.session.scalars(select(Article).order_by(Article.id)).first()
        ids: dict[str, int] = {"public_article": public_article.id}
        for kind in ("draft", "nostatus", "noverdict"):
            claim = claims.create_claim(
                actor,
                text=f"{WORD} {SECRET} {kind} claim",
                claimant=f"{SECRET} {kind} person",
                tags=[f"{WORD}{kind}"],
            )
            claims.add_source(actor, claim, url=f"https://example.org/{SECRET}/{kind}")
            article, _ = articles.log_article(
                actor,
                url=f"https://example.org/{SECRET}-{kind}",
                headline=f"{SECRET} {kind} headline",
                outlet=f"{SECRET} {kind} outlet",
                origin="imported",
            )
            db.session.flush()
            claims.add_appearance(actor, claim, article, exact="")
            verdict = verdicts.propose(actor, claim, rating="False", summary=f"{SECRET} summary")
            db.session.flush()
            ids[kind] = claim.id
            ids[f"{kind}_article"] = article.id
            ids[f"{kind}_claimant"] = claim.claimant_id
            ids[f"{kind}_outlet"] = article.outlet_id
            if kind == "nostatus":
                quote = (public_article.text or "")[:40].strip()
                claims.add_appearance(actor, claim, public_article, exact=quote)
                # Status says published, but no verdict is current.
                db.session.execute(
                    update(Claim).where(Claim.id == claim.id).values(status="published")
                )
            elif kind == "noverdict":
                # A current verdict, but the claim is back at research.
                db.session.execute(
                    update(Claim)
                    .where(Claim.id == claim.id)
                    .values(status="researching", current_verdict_id=verdict.id)
                )
        db.session.commit()
        ids["published"] = db.session.scalar(select(Claim.id).where(Claim.is_published))
    return ids


def _paths(app, ids: dict[str, int]) -> Iterator[tuple[str, str]]:
    """(endpoint, path) for every public GET route, once per hidden object."""
    values = {
        "claim_id": [ids["published"], ids["draft"], ids["nostatus"], ids["noverdict"]],
        "article_id": [ids["public_article"]] + [ids[f"{k}_article"] for k in _KINDS],
        "claimant_id": [ids[f"{k}_claimant"] for k in _KINDS],
        "outlet_id": [ids[f"{k}_outlet"] for k in _KINDS],
    }
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint in NO_CLAIMS:
            continue
        if not rule.endpoint.startswith(PUBLIC_BLUEPRINTS):
            continue
        # An argument the rule fills itself (``defaults``, e.g. /about) needs no value.
        args = sorted(set(rule.arguments) - {"slug"} - set(rule.defaults or {}))
        unknown = [a for a in args if a not in values]
        assert not unknown, f"{rule.endpoint}: teach this test the argument(s) {unknown}"
        assert len(args) <= 1, f"{rule.endpoint}: teach this test to combine {args}"
        path = re.sub(r"<(?:\w+:)?slug>", "x", rule.rule)
        if not args:
            yield rule.endpoint, path
            continue
        for value in values[args[0]]:
            yield rule.endpoint, re.sub(r"<(?:\w+:)?\w+>", str(value), path)
    # Query strings that reach the search, facet and embed queries.
    for query in (
        f"/claims?q={WORD}",
        f"/claims?tag={WORD}draft",
        f"/claims?claimant={ids['nostatus_claimant']}",
        f"/claims?outlet={ids['noverdict_outlet']}",
        f"/api/v1/claims?q={WORD}",
        f"/api/v1/claims?rating=false&tag={WORD}nostatus",
        f"/api/v1alpha1/claims:search?query={WORD}",
        *(f"/oembed?url=http://localhost/claims/{ids[k]}" for k in _KINDS),
    ):
        yield "query", query


_KINDS = ("draft", "nostatus", "noverdict")


@contextmanager
def _recording(app) -> Iterator[list[tuple[str, bool]]]:
    """Every statement sent to the database, flagged when it is an ORM relationship load
    of rows other than claims."""
    seen: list[tuple[str, bool]] = []
    exempt: list[bool] = []
    with app.app_context():
        engine = db.engine

    def on_orm(state):  # type: ignore[no-untyped-def]
        loads_claims = any(m.class_ is Claim for m in state.all_mappers)
        exempt.append(state.is_relationship_load and not loads_claims)
        try:
            return state.invoke_statement()
        finally:
            exempt.pop()

    def on_cursor(_conn, _cursor, statement, *_args):  # type: ignore[no-untyped-def]
        seen.append((statement, bool(exempt and exempt[-1])))

    event.listen(engine, "before_cursor_execute", on_cursor)
    event.listen(Session, "do_orm_execute", on_orm)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", on_cursor)
        event.remove(Session, "do_orm_execute", on_orm)


def test_every_public_query_on_claims_applies_the_rule(app, client, hidden):
    with app.app_context():
        rule = _normalise(str(Claim.is_published.compile(dialect=db.engine.dialect)))
    offending: list[str] = []
    requested = set()
    for endpoint, path in _paths(app, hidden):
        requested.add(endpoint)
        with _recording(app) as seen:
            resp = client.get(path, follow_redirects=True)
            # A streamed feed runs its queries here; a share card is PNG, read as bytes.
            body = resp.get_data().decode("utf-8", "replace")
        assert resp.status_code < 500, path
        assert SECRET not in body, f"{path} shows a claim readers may not see"
        for sql, exempt in seen:
            if CLAIM_READ.search(sql) and not exempt and rule not in _normalise(sql):
                offending.append(f"{path}: {' '.join(sql.split())}")
    assert {"public.claim", "public.claimreview_feed", "api_v1.get_claim"} <= requested
    for fmt in export.FORMATS:
        with _recording(app) as seen, app.test_request_context("/"):
            text = export.render(fmt)
        assert SECRET not in text, f"export {fmt} writes a claim readers may not see"
        for sql, exempt in seen:
            if CLAIM_READ.search(sql) and not exempt and rule not in _normalise(sql):
                offending.append(f"export {fmt}: {' '.join(sql.split())}")
    assert not offending, "queries on claims that bypass Claim.is_published:\n" + "\n".join(
        offending
    )


def test_the_rule_is_written_once():
    """No product module re-states the rule by hand: comparing a claim's status with
    PUBLISHED (or testing for a current verdict) to decide what readers see belongs to
    ``Claim.is_published`` alone. The desk's workflow may ask about status for its own
    ends (who may edit a published claim, which transitions exist)."""
    root = Path(__file__).resolve().parents[1] / "claimtracker"
    # The definition, and desk modules whose status checks drive the workflow (who may
    # edit, what comes next, whose queue), not what readers see.
    allowed = {
        "models/claims.py",
        "services/claim_edits.py",
        "services/claim_status.py",
        "services/policies.py",
        "services/verdicts.py",
        "services/queue.py",
    }
    pattern = re.compile(
        r"status\s*[!=]=\s*ClaimStatus\.PUBLISHED|ClaimStatus\.PUBLISHED\s*[!=]=|"
        r"current_verdict_id\.is_not\(None\)|current_verdict_id is not None"
    )
    found = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        if str(path.relative_to(root)) not in allowed and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, (
        "the visibility rule re-stated outside Claim.is_published (use it; or, for a desk"
        " workflow check that is not about readers, list the module in `allowed`):\n"
        + "\n".join(found)
    )


def test_both_forms_of_the_rule_agree(app, hidden):
    """The Python form (a loaded claim) and the SQL form say the same of every claim."""
    with app.app_context():
        rows = db.session.execute(select(Claim, Claim.is_published)).all()
        assert len(rows) > 3
        for claim, in_sql in rows:
            assert claim.is_published == bool(in_sql), claim.id
        assert {c.id for c, p in rows if not p} >= {hidden[k] for k in _KINDS}
