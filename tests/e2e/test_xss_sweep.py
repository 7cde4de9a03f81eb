"""Stored and reflected XSS, checked where it would run: in a real browser, on every page type.

Each of the payloads below is written, through the ordinary services, into every field a
person controls (claim text and long text, claimant, tag, outlet, headline, byline, article
text, quote and speaker, source title, publisher, URL and note, verdict summary, desk note,
a held source and public note and a rejection's reason, account name, the organisation's
name), one claim per payload. Chromium then opens every
GET route of the app, with ids filled in, as a reader and as an admin, plus each payload's
claim, desk and article pages, the oEmbed HTML and the badge. The page's own CSP is bypassed
so the test checks escaping itself, not only the CSP behind it. A payload that runs either
opens a dialog or sets ``top.__xss``.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Article, Claim, Claimant, Outlet, User, Verdict
from claimtracker.services import additions, articles, claims, users, verdicts
from claimtracker.services.errors import ServiceError
from tests.conftest import PASSWORD
from tests.e2e.conftest import sign_in_page

RUN = "top.__xss=1"
PAYLOADS = [
    f"<script>{RUN}</script>",
    f"<img src=x onerror={RUN}>",
    f'"><img src=x onerror="{RUN}">',
    f"'><img src=x onerror='{RUN}'>",
    f"<svg onload={RUN}>",
    f"<svg><script>{RUN}</script></svg>",
    f"<body onload={RUN}>",
    f'<iframe srcdoc="<script>{RUN}</script>"></iframe>',
    f"<iframe src=javascript:{RUN}></iframe>",
    f'<a href="javascript:{RUN}" id=xss>x</a>',
    f"[link](javascript:{RUN})",
    f"[link](JaVaScRiPt:{RUN})",
    f'![img](x" onerror="{RUN})',
    f"<details open ontoggle={RUN}>",
    f"<video><source onerror={RUN}></video>",
    f"<audio src=x onerror={RUN}>",
    f"<input autofocus onfocus={RUN}>",
    f"<select autofocus onfocus={RUN}></select>",
    f"<textarea autofocus onfocus={RUN}></textarea>",
    f"<marquee onstart={RUN}>",
    f'<object data="javascript:{RUN}"></object>',
    f'<embed src="javascript:{RUN}">',
    f"<math><mtext><table><mglyph><style><img src=x onerror={RUN}>",
    f"<style>@import 'javascript:{RUN}';</style>",
    f"<link rel=stylesheet href=javascript:{RUN}>",
    f'<meta http-equiv=refresh content="0;url=javascript:{RUN}">',
    f"<base href=javascript:{RUN}//>",
    f"</script><script>{RUN}</script>",
    f"</title><script>{RUN}</script>",
    f"</textarea><script>{RUN}</script>",
    f"</style><script>{RUN}</script>",
    f"--><script>{RUN}</script>",
    f"]]><script>{RUN}</script>",
    f"';{RUN};//",
    f'";{RUN};//',
    f"\\';{RUN};//",
    f"${{{RUN}}}",
    "{{ config }}{{7*7}}<b>ssti</b>",
    f"{{{{ ''.__class__ }}}}<img src=x onerror={RUN}>",
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f"<SCRIPT SRC=data:text/javascript,{RUN}></SCRIPT>",
    f'<img src="x` `<script>{RUN}</script>"` `>',
    f"<img\nsrc=x\nonerror={RUN}>",
    f"<img src=x onerror&#61;{RUN}>",
    f"&lt;img src=x onerror={RUN}&gt;",
    f'<svg><a xlink:href="javascript:{RUN}"><text y=20>x</text></a></svg>',
    f"<form action=javascript:{RUN}><button id=xssb>x</button></form>",
    f"<isindex type=image src=1 onerror={RUN}>",
    f'<div style="background:url(javascript:{RUN})">x</div>',
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>">',
    f"<template><script>{RUN}</script></template><svg onload={RUN}>",
    "<img src=x onerror=alert(document.domain)>",
    "<svg onload=confirm(1)>",
    f"\u2028\u2029<script>{RUN}</script>",
]


def _store(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Call a service; a refusal is a defence too, so it is counted, not fatal."""
    try:
        return fn(*args, **kwargs)
    except ServiceError:
        return None


@pytest.fixture
def app_config(app_config):
    return {**app_config, "ORGANISATION_NAME": PAYLOADS[0] + " desk"}


@pytest.fixture
def poisoned(app):
    """Every payload in every field; returns how many (payload, field) pairs were stored."""
    stored = 0
    with app.app_context():
        reviewer = users.create_user("xss-reviewer@example.org", PASSWORD, "reviewer")
        editor = users.create_user("xss-editor@example.org", PASSWORD, "editor")
        users.create_user("xss-admin@example.org", PASSWORD, "admin")
        for i, payload in enumerate(PAYLOADS):
            _store(users.create_user, f"xss{i}@example.org", None, "reviewer", name=payload)
            article, _ = articles.log_article(
                reviewer,
                url=f"https://news.example/{i}?q={quote(payload)}",
                headline=payload,
                byline=payload,
                outlet=payload[:100],
                published_on=date(2024, 1, 1),
                text=f"It was said that {payload} today. More text follows here.",
            )
            claim = claims.create_claim(
                reviewer,
                text=payload,
                long_text=payload,
                claimant=payload[:100],
                tags=[payload[:40]],
                claimed_on=date(2024, 1, 1),
            )
            stored += 3
            if _store(
                claims.add_appearance, reviewer, claim, article, exact=payload, speaker=payload
            ):
                stored += 1
            source = _store(
                claims.add_source,
                reviewer,
                claim,
                url=f"https://source.example/{i}?q={quote(payload)}",
                title=payload,
                publisher=payload,
                note=payload,
            )
            stored += 1 if source else 0
            db.session.flush()
            verdict = verdicts.propose(
                reviewer,
                claim,
                rating="False",
                summary=payload,
                source_ids=[source.id] if source else [],
            )
            db.session.flush()
            verdicts.sign_off(verdict.id, editor)
            claims.add_note(reviewer, claim, payload)
            stored += 2
            # The claim is published now: a reviewer's source and public note are held for
            # an editor (listed on its desk page), the note rejected with a payload reason.
            if _store(
                additions.add_source,
                reviewer,
                claim,
                url=f"https://held.example/{i}?q={quote(payload)}",
                title=payload,
                publisher=payload,
                note=payload,
            ):
                stored += 1
            held_note = _store(additions.add_note, reviewer, claim, payload, public=True)
            if held_note and _store(additions.reject, editor, held_note.id, payload):
                stored += 2
        db.session.commit()
    return stored


def _ids(app) -> dict[str, list[int]]:
    with app.app_context():
        return {
            "claim_id": list(db.session.scalars(select(Claim.id))),
            "article_id": list(db.session.scalars(select(Article.id))),
            "claimant_id": list(db.session.scalars(select(Claimant.id))),
            "outlet_id": list(db.session.scalars(select(Outlet.id))),
            "user_id": list(db.session.scalars(select(User.id))),
            "verdict_id": list(db.session.scalars(select(Verdict.id))),
        }


def _route_urls(app, ids: dict[str, list[int]]) -> list[str]:
    """Every GET route with its ids filled in (the first object of each kind)."""
    urls = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.endpoint == "static":
            continue
        values: dict[str, object] = {}
        for arg in rule.arguments:
            if ids.get(arg):
                values[arg] = ids[arg][0]
            elif arg == "slug":
                values[arg] = "x"  # the page redirects to its canonical slug
            elif arg == "name":  # the organisation's pages
                values[arg] = "about"
            elif arg == "filename":
                values[arg] = "style.css"
        if set(values) != set(rule.arguments):
            continue
        with app.test_request_context():
            from flask import url_for

            urls.append(url_for(rule.endpoint, **values))
    return urls


class Sweep:
    def __init__(self, page, base: str) -> None:
        self.page, self.base = page, base
        self.dialogs: list[str] = []
        self.visited = 0
        page.on("dialog", lambda dialog: (self.dialogs.append(page.url), dialog.dismiss()))

    def visit(self, path: str) -> None:
        self.page.goto(self.base + path, wait_until="load")
        self.check()

    def check(self) -> None:
        self.visited += 1
        ran = self.page.evaluate("() => Boolean(top.__xss)")
        assert not ran and not self.dialogs, f"a payload ran on {self.page.url}"


def test_no_payload_runs_on_any_page_type(app, poisoned, live_server, browser):
    assert poisoned >= len(PAYLOADS) * 7  # refusals would make this sweep hollow
    ids = _ids(app)
    routes = _route_urls(app, ids)
    assert len(routes) >= 20

    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    sweep = Sweep(page, live_server)
    try:
        # As a reader: every route, every claim page and badge, search reflecting payloads.
        for path in routes:
            if not path.startswith(("/desk", "/logout", "/account")):
                sweep.visit(path)
        for claim_id in ids["claim_id"]:
            sweep.visit(f"/claims/{claim_id}")
            sweep.visit(f"/claims/{claim_id}/badge.svg")
        for payload in PAYLOADS[::5]:
            sweep.visit(f"/claims?q={quote(payload)}")
        for claimant_id in ids["claimant_id"][:10]:
            sweep.visit(f"/claimants/{claimant_id}/x")
        # The oEmbed HTML, as a partner's page would embed it.
        for claim_id in ids["claim_id"][:10]:
            embed = page.request.get(
                f"{live_server}/oembed?url={quote(f'{live_server}/claims/{claim_id}/x')}"
            ).json()
            page.set_content(f"<!doctype html><title>host</title><body>{embed['html']}</body>")
            sweep.check()

        # As an admin: every desk and admin route, and each payload's desk pages.
        sign_in_page(page, live_server, "xss-admin@example.org")
        for path in routes:
            sweep.visit(path)
        for claim_id in ids["claim_id"]:
            sweep.visit(f"/desk/claims/{claim_id}")
        for article_id in ids["article_id"]:
            sweep.visit(f"/desk/articles/{article_id}")
    finally:
        context.close()
    # Routes x roles, plus the per-payload pages: recorded for the closing note.
    print(f"xss sweep: {len(PAYLOADS)} payloads, {poisoned} stored fields, {sweep.visited} pages")
