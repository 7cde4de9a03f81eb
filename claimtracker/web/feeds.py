"""Feeds and embeds on the public blueprint: Atom, the ClaimReview data feed, the sitemap,
the verdict badge and oEmbed."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

from flask import abort, current_app, request, stream_with_context, url_for
from markupsafe import escape

from claimtracker.claimreview.build import to_claimreview
from claimtracker.ids import parse_id
from claimtracker.ingest.worddiff import word_diff
from claimtracker.models import QuoteChange
from claimtracker.rendering import svg
from claimtracker.rendering.markdown import render_markdown
from claimtracker.services import feeds, quote_changes, ratings, reading
from claimtracker.web import caching
from claimtracker.web.public import bp, claim_url, organisation

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
_CLAIM_PATH = re.compile(r"^/claims/(\d{1,12})(?:/[^/]*)?/?$")


def _iso(moment: datetime | None) -> str:
    moment = moment or datetime(1970, 1, 1, tzinfo=UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _xml(root: ET.Element, mimetype: str):  # type: ignore[no-untyped-def]
    body = ET.tostring(root, encoding="unicode", xml_declaration=True)
    return current_app.response_class(body, mimetype=mimetype)


# Characters XML 1.0 forbids even escaped (C0 controls but tab/newline/return, U+FFFE/F).
# ElementTree writes them as they are, and one of them in a claim or a summary made the
# whole feed unreadable to every feed reader.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(value: str) -> str:
    return _NOT_XML.sub("", value)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: _xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _xml_text(text)
    return el


@bp.get("/feed.atom")
def atom_feed():  # type: ignore[no-untyped-def]
    """Published verdicts, newest first; corrections and updates are entries of their own."""
    early = caching.not_modified(reading.site_freshness())
    if early:
        return early
    verdicts = feeds.latest_verdicts()
    changes = quote_changes.public_changes(limit=feeds.ATOM_ENTRIES)
    org = organisation()
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    a = f"{{{ATOM}}}"
    _sub(feed, a + "id", url_for("public.atom_feed", _external=True))
    _sub(feed, a + "title", f"Fact checks from {org.name}")
    moments = [v.published_at for v in verdicts[:1]] + [c.detected_at for c in changes[:1]]
    _sub(feed, a + "updated", max((_iso(m) for m in moments), default=_iso(None)))
    _sub(
        feed,
        a + "link",
        rel="self",
        href=url_for("public.atom_feed", _external=True),
        type="application/atom+xml",
    )
    _sub(
        feed,
        a + "link",
        rel="alternate",
        href=url_for("public.home", _external=True),
        type="text/html",
    )
    author = _sub(feed, a + "author")
    _sub(author, a + "name", org.name)
    _sub(author, a + "uri", org.url)
    for verdict in verdicts:
        claim = verdict.claim
        link = claim_url(claim.id, claim.text, external=True)
        kind = {"correction": "Correction: ", "update": "Update: "}.get(verdict.reason, "")
        entry = _sub(feed, a + "entry")
        # The short URL, not the slug: an entry's id must survive an edit of the claim text.
        stable = url_for("public.claim_short", claim_id=claim.id, _external=True)
        _sub(entry, a + "id", f"{stable}#verdict-{verdict.id}")
        _sub(entry, a + "title", f"{kind}{verdict.rating.label}: {claim.text}")
        _sub(entry, a + "link", rel="alternate", href=link, type="text/html")
        _sub(entry, a + "published", _iso(verdict.published_at))
        _sub(entry, a + "updated", _iso(verdict.published_at))
        _sub(entry, a + "category", term=verdict.rating.slug, label=verdict.rating.label)
        note = (
            f"<p><strong>{escape(kind)}</strong>{escape(verdict.reason_note or '')}</p>"
            if kind
            else ""
        )
        _sub(entry, a + "content", note + str(render_markdown(verdict.summary)), type="html")
    for change in changes:
        _quote_change_entry(feed, change)
    return _xml(feed, "application/atom+xml")


QUOTE_TITLES = {
    "altered": "Quote changed in the article",
    "missing": "Quote gone from the article",
    "verbatim": "Quote back in the article",
}


def _quote_change_entry(feed: ET.Element, change: QuoteChange) -> None:
    """A change the watchdog found in a quoted article is news about the fact check."""
    a = f"{{{ATOM}}}"
    claim, article = change.claim, change.appearance.article
    entry = _sub(feed, a + "entry")
    stable = url_for("public.claim_short", claim_id=claim.id, _external=True)
    _sub(entry, a + "id", f"{stable}#quote-change-{change.id}")
    _sub(entry, a + "title", f"{QUOTE_TITLES.get(change.new_status, 'Quote')}: {claim.text}")
    _sub(entry, a + "link", rel="alternate", href=claim_url(claim.id, claim.text, external=True))
    _sub(entry, a + "published", _iso(change.detected_at))
    _sub(entry, a + "updated", _iso(change.detected_at))
    version = url_for(
        "public.article", article_id=article.id, version=change.version_number, _external=True
    )
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
    _sub(entry, a + "content", body, type="html")


@bp.get("/claimreview.json")
def claimreview_feed():  # type: ignore[no-untyped-def]
    """Every published claim as a schema.org DataFeed of ClaimReview, streamed in batches.

    Each review sits in a DataFeedItem, the shape of Google's and DataCommons' fact-check
    feeds and of ``claimtracker export``, so any of them imports into another instance."""
    early = caching.not_modified(reading.site_freshness())
    if early:
        return early
    org, bounds = organisation(), ratings.scale_bounds()

    def generate():  # type: ignore[no-untyped-def]
        yield (
            '{"@context": "https://schema.org", "@type": "DataFeed", '
            f'"name": {json.dumps("ClaimReview feed of " + org.name)}, '
            '"dataFeedElement": ['
        )
        for i, claim in enumerate(feeds.iter_published_claims()):
            review = to_claimreview(
                claim, url=claim_url(claim.id, claim.text, external=True), org=org, bounds=bounds
            )
            review.pop("@context", None)  # the feed's own @context covers every element
            item = {"@type": "DataFeedItem", "item": [review]}
            yield ("," if i else "") + json.dumps(item, ensure_ascii=False)
        yield "]}\n"

    return current_app.response_class(
        stream_with_context(generate()), mimetype="application/ld+json"
    )


@bp.get("/sitemap.xml")
def sitemap():  # type: ignore[no-untyped-def]
    early = caching.not_modified(reading.site_freshness())
    if early:
        return early
    ET.register_namespace("", SITEMAP)
    s = f"{{{SITEMAP}}}"
    root = ET.Element(s + "urlset")
    for endpoint in ("public.home", "public.claims", "public.rating_scale"):
        _sub(_sub(root, s + "url"), s + "loc", url_for(endpoint, _external=True))
    for claim_id, text, updated in feeds.sitemap_rows():
        url = _sub(root, s + "url")
        _sub(url, s + "loc", claim_url(claim_id, text, external=True))
        _sub(url, s + "lastmod", _iso(updated))
    return _xml(root, "application/xml")


@bp.get("/claims/<int:claim_id>/badge.svg")
def badge(claim_id: int):  # type: ignore[no-untyped-def]
    """An embeddable verdict badge (SVG, text and colour)."""
    freshness = reading.claim_freshness(claim_id)
    if not freshness.exists:
        abort(404)
    early = caching.not_modified(freshness)
    if early:
        return early
    found = feeds.claim_rating(claim_id)
    if found is None:
        abort(404)
    _text, label, colour = found
    body = svg.badge(label, colour, caption="fact check")
    response = current_app.response_class(body, mimetype="image/svg+xml")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    # Other sites embed the badge: let them load it cross-origin.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/oembed")
def oembed():  # type: ignore[no-untyped-def]
    """oEmbed (https://oembed.com) for claim pages: a rich embed of the badge and claim."""
    fmt = request.args.get("format", "json")
    if fmt != "json":
        abort(501)
    target = urlsplit((request.args.get("url") or "")[:2048])
    match = _CLAIM_PATH.match(target.path or "")
    if not match or (target.netloc and target.netloc != request.host):
        abort(404)
    claim_id = parse_id(match.group(1))  # 12 digits overflow PostgreSQL's integer id
    found = feeds.claim_rating(claim_id) if claim_id is not None else None
    if found is None:
        abort(404)
    text, label, _colour = found
    org = organisation()
    page = claim_url(claim_id, text, external=True)
    image = url_for("public.badge", claim_id=claim_id, _external=True)
    html = (
        f'<blockquote class="claimtracker-embed"><p>{escape(text)}</p>'
        f'<p><a href="{escape(page)}"><img src="{escape(image)}" '
        f'alt="{escape("Fact check: " + label)}" height="20"></a> '
        f'by <a href="{escape(org.url)}">{escape(org.name)}</a></p></blockquote>'
    )
    return {
        "version": "1.0",
        "type": "rich",
        "title": text,
        "html": html,
        "width": 480,
        "height": 120,
        "provider_name": org.name,
        "provider_url": org.url,
        "author_name": org.name,
        "author_url": org.url,
        "cache_age": 300,
    }
