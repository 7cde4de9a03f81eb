"""Templates and CSS keep their house rules: one definition per CSS rule, every form built
from the macros, ids unique on a page, errors named by aria-describedby, error flashes
announced (role="alert")."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from sqlalchemy import select

from claimtracker.extensions import db
from claimtracker.models import Article, Claim

ROOT = Path(__file__).resolve().parents[2]
CSS = ROOT / "claimtracker" / "static" / "style.css"
TEMPLATES = ROOT / "templates"


def _css_rules(css: str) -> list[tuple[str, str]]:
    """(context, selector) for every rule; context is the enclosing @media, or ""."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules, context, depth, start = [], [], 0, 0
    for i, char in enumerate(css):
        if char == "{":
            prelude = " ".join(css[start:i].split())
            if prelude.startswith("@"):
                context.append(prelude)
            else:
                for selector in prelude.split(","):
                    rules.append((" ".join(context), " ".join(selector.split())))
            depth += 1
            start = i + 1
        elif char == "}":
            depth -= 1
            if len(context) > depth:
                context.pop()
            start = i + 1
    return rules


def test_css_defines_each_selector_once():
    rules = _css_rules(CSS.read_text())
    seen: dict[tuple[str, str], int] = {}
    for rule in rules:
        seen[rule] = seen.get(rule, 0) + 1
    assert len(rules) > 50
    assert [rule for rule, n in seen.items() if n > 1] == []


def test_css_checker_sees_a_duplicate():
    css = ".a { x:1 } @media (max-width: 1px) { .a { x:2 } } .b, .a { y:1 }"
    rules = _css_rules(css)
    assert rules == [("", ".a"), ("@media (max-width: 1px)", ".a"), ("", ".b"), ("", ".a")]


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_forms_are_built_from_the_macros(path):
    """Controls, hidden inputs and CSRF tokens are written only in _macros.html."""
    if path.name == "_macros.html":
        return
    source = path.read_text()
    for pattern in (r"<input\b", r"<select\b", r"<textarea\b", r"hidden_tag\(", r"csrf_token\("):
        assert not re.search(pattern, source), f"{path.name}: {pattern} outside the macros"


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.described: list[tuple[str, str]] = []
        self.alerts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        for ref in (found.get("aria-describedby") or "").split():
            self.described.append((found.get("name") or tag, ref))
        if found.get("role") == "alert":
            self.alerts.append(found.get("class") or "")


def _check(html: str) -> _Ids:
    page = _Ids()
    page.feed(html)
    duplicates = sorted({i for i in page.ids if page.ids.count(i) > 1})
    assert duplicates == [], f"ids used twice: {duplicates}"
    missing = [(name, ref) for name, ref in page.described if ref not in page.ids]
    assert missing == [], f"aria-describedby names no element: {missing}"
    return page


def test_every_page_has_unique_ids(app, demo, login_as):
    client, admin = login_as("admin")
    with app.app_context():
        claim_id = db.session.scalar(select(Claim.id).order_by(Claim.id))
        article_id = db.session.scalar(select(Article.id).where(Article.text.is_not(None)))
    pages = [
        "/",
        "/claims?q=DNA",
        f"/claims/{claim_id}",
        f"/articles/{article_id}",
        "/desk/",
        f"/desk/claims/{claim_id}",
        f"/desk/articles/{article_id}",
        f"/desk/articles/{article_id}/edit",
        "/desk/articles/new",
        f"/desk/claims/new?article_id={article_id}&exact=x",
        "/desk/import",
        "/desk/admin/users",
        f"/desk/admin/users/{admin.id}",
        "/account/password",
    ]
    for url in pages:
        resp = client.get(url, follow_redirects=True)
        assert resp.status_code == 200, url
        _check(resp.get_data(as_text=True))


def test_form_errors_are_linked_to_their_controls(client):
    resp = client.post("/login", data={"email": "", "password": ""})
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    page = _check(html)
    assert ("email", "email-error-1") in page.described
    assert ("password", "password-error-1") in page.described
    assert re.search(r'<p class="error" id="email-error-1">This field is required.</p>', html)
    assert 'aria-invalid="true"' in html


def test_hint_and_errors_are_all_named(app, login_as):
    client, _ = login_as("admin")
    resp = client.post(
        "/desk/admin/users",
        data={"email": "new@example.org", "name": "x", "role": "reviewer", "password": "short"},
    )
    assert resp.status_code == 400
    page = _check(resp.get_data(as_text=True))
    refs = [ref for name, ref in page.described if name == "password"]
    assert refs[0] == "password-hint" and refs[1:] and refs[1].startswith("password-error-")


def test_error_flashes_interrupt_and_others_wait(app, demo, login_as):
    client, _ = login_as("editor")
    with app.app_context():
        claim = db.session.scalar(select(Claim).order_by(Claim.id))
        claim_id, version = claim.id, claim.version_id
    resp = client.post(
        f"/desk/claims/{claim_id}/assign",
        data={"assignee_id": "nobody-by-that-name", "version": version},
        follow_redirects=True,
    )
    html = resp.get_data(as_text=True)
    assert '<p class="flash flash-error" role="alert">Not done: pick an account' in html
    resp = client.post(
        f"/desk/claims/{claim_id}/assign",
        data={"me": "1", "version": version},
        follow_redirects=True,
    )
    html = resp.get_data(as_text=True)
    assert re.search(r'<p class="flash flash-success" role="status">', html)
    assert 'role="alert"' not in html.split("<main", 1)[1].split("</main>")[0]
