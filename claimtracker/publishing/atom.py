"""The Atom feed of published verdicts (RFC 4287), pure over plain entries.

First rulings, corrections and updates are entries of their own, and so are changes the
quote watchdog found; ``entry`` and ``quote_change_entry`` are the steps from a loaded
verdict or quote change to an :class:`AtomEntry`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from markupsafe import escape

from claimtracker.ingest.worddiff import word_diff
from claimtracker.publishing.dates import zulu
from claimtracker.publishing.organisation import Organisation
from claimtracker.publishing.xml import document, sub
from claimtracker.rendering.markdown import render_markdown

if TYPE_CHECKING:
    from claimtracker.models import QuoteChange, Verdict

ATOM = "http://www.w3.org/2005/Atom"
#: The scheme of the faithfulness category, so readers can tell it from the rating.
FIDELITY_SCHEME = "urn:claimtracker:fidelity"
_KINDS = {"correction": "Correction: ", "update": "Update: "}


@dataclass(frozen=True)
class AtomEntry:
    id: str
    title: str
    link: str
    published: datetime | None
    #: The rating (verdict entries); quote-change entries have no category.
    term: str | None
    label: str | None
    #: Sanitised HTML (the verdict's Markdown summary, a correction's note first).
    content: str
    link_type: str | None = "text/html"
    #: The second axis (was it reported faithfully?), when assessed: a second category.
    fidelity_term: str | None = None
    fidelity_label: str | None = None


def entry(verdict: Verdict, *, link: str, stable: str) -> AtomEntry:
    """The entry of a loaded verdict. ``link`` is the claim page's canonical URL,
    ``stable`` its short URL (an entry's id must survive an edit of the claim text)."""
    claim = verdict.claim
    kind = _KINDS.get(verdict.reason, "")
    note = (
        f"<p><strong>{escape(kind)}</strong>{escape(verdict.reason_note or '')}</p>" if kind else ""
    )
    return AtomEntry(
        id=f"{stable}#verdict-{verdict.id}",
        title=f"{kind}{verdict.rating.label}: {claim.text}",
        link=link,
        published=verdict.published_at,
        term=verdict.rating.slug,
        label=verdict.rating.label,
        content=note + str(render_markdown(verdict.summary)),
        fidelity_term=verdict.fidelity,
        fidelity_label=verdict.fidelity_label,
    )


QUOTE_TITLES = {
    "altered": "Quote changed in the article",
    "missing": "Quote gone from the article",
    "verbatim": "Quote back in the article",
}


def quote_change_entry(change: QuoteChange, *, link: str, stable: str, version: str) -> AtomEntry:
    """A change the watchdog found in a quoted article is news about the fact check.
    ``version`` is the URL of the article version the change was seen in."""
    claim, article = change.claim, change.appearance.article
    words = "".join(
        f"<del>{escape(t)}</del>"
        if op == "-"
        else f"<ins>{escape(t)}</ins>"
        if op == "+"
        else str(escape(t))
        for op, t in (
            word_diff(change.appearance.exact, change.new_exact)
            if change.new_exact
            else [("-", change.appearance.exact)]
        )
    )
    body = (
        f"<p>{escape(article.headline or article.url)}: the quote now "
        f"{'reads' if change.new_exact else 'is gone'} in "
        f'<a href="{escape(version)}">version {change.version_number}</a> of the article.</p>'
        f"<blockquote>{words}</blockquote>"
    )
    return AtomEntry(
        id=f"{stable}#quote-change-{change.id}",
        title=f"{QUOTE_TITLES.get(change.new_status, 'Quote')}: {claim.text}",
        link=link,
        published=change.detected_at,
        term=None,
        label=None,
        content=body,
        link_type=None,
    )


def feed(
    entries: Sequence[AtomEntry],
    *,
    feed_url: str,
    home_url: str,
    org: Organisation,
    title: str | None = None,
) -> str:
    """The feed document; the newest entry dates the feed. ``title`` replaces the public
    feed's ("Fact checks from …")."""
    ET.register_namespace("", ATOM)
    a = f"{{{ATOM}}}"
    root = ET.Element(a + "feed")
    sub(root, a + "id", feed_url)
    sub(root, a + "title", title or f"Fact checks from {org.name}")
    sub(root, a + "updated", max((zulu(e.published) for e in entries), default=zulu(None)))
    sub(root, a + "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(root, a + "link", rel="alternate", href=home_url, type="text/html")
    author = sub(root, a + "author")
    sub(author, a + "name", org.name)
    sub(author, a + "uri", org.url)
    for e in entries:
        node = sub(root, a + "entry")
        sub(node, a + "id", e.id)
        sub(node, a + "title", e.title)
        if e.link_type:
            sub(node, a + "link", rel="alternate", href=e.link, type=e.link_type)
        else:
            sub(node, a + "link", rel="alternate", href=e.link)
        sub(node, a + "published", zulu(e.published))
        sub(node, a + "updated", zulu(e.published))
        if e.term is not None and e.label is not None:
            sub(node, a + "category", term=e.term, label=e.label)
        if e.fidelity_term is not None:
            sub(
                node,
                a + "category",
                term=e.fidelity_term,
                scheme=FIDELITY_SCHEME,
                label=f"Reported faithfully? {e.fidelity_label or e.fidelity_term}",
            )
        sub(node, a + "content", e.content, type="html")
    return document(root)
