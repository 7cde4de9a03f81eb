"""Text helpers for templates: Markdown rendered and sanitised."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

# html=False: raw HTML in the source is shown as text; nh3 then removes anything unsafe
# that Markdown itself can produce (e.g. javascript: links).
_md = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h3",
    "h4",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


def render_markdown(source: str | None, *, headings: bool = False) -> Markup:
    """Markdown to safe HTML (links get rel="nofollow noopener noreferrer").

    ``headings``: keep ``##`` headings as ``<h2>`` (a page of its own, such as the
    organisation's About page); inside a page section they stay at h3 and below."""
    html = _md.render(source or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h2"} if headings else ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704 - sanitised by nh3 just above
