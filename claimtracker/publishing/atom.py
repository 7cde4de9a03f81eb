"""The Atom feed of published verdicts (RFC 4287), pure over plain entries.

First rulings, corrections and updates are entries of their own; ``entry`` is the step
from a loaded verdict (with its rating and claim) to an :class:`AtomEntry`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

from markupsafe import escape

from claimtracker.publishing.dates import zulu
from claimtracker.publishing.organisation import Organisation
from claimtracker.publishing.xml import document, sub
from claimtracker.text import render_markdown

if TYPE_CHECKING:
    from claimtracker.models import Verdict

ATOM = "http://www.w3.org/2005/Atom"
_KINDS = {"correction": "Correction: ", "update": "Update: "}


@dataclass(frozen=True)
class AtomEntry:
    id: str
    title: str
    link: str
    published: datetime | None
    term: str
    label: str
    #: Sanitised HTML (the verdict's Markdown summary, a correction's note first).
    content: str


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
    )


def feed(entries: Sequence[AtomEntry], *, feed_url: str, home_url: str, org: Organisation) -> str:
    """The feed document; ``entries`` newest first (the first dates the feed)."""
    ET.register_namespace("", ATOM)
    a = f"{{{ATOM}}}"
    root = ET.Element(a + "feed")
    sub(root, a + "id", feed_url)
    sub(root, a + "title", f"Fact checks from {org.name}")
    sub(root, a + "updated", zulu(entries[0].published if entries else None))
    sub(root, a + "link", rel="self", href=feed_url, type="application/atom+xml")
    sub(root, a + "link", rel="alternate", href=home_url, type="text/html")
    author = sub(root, a + "author")
    sub(author, a + "name", org.name)
    sub(author, a + "uri", org.url)
    for e in entries:
        node = sub(root, a + "entry")
        sub(node, a + "id", e.id)
        sub(node, a + "title", e.title)
        sub(node, a + "link", rel="alternate", href=e.link, type="text/html")
        sub(node, a + "published", zulu(e.published))
        sub(node, a + "updated", zulu(e.published))
        sub(node, a + "category", term=e.term, label=e.label)
        sub(node, a + "content", e.content, type="html")
    return document(root)
