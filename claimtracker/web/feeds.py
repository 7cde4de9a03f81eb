"""Feeds and embeds on the public blueprint: Atom, the ClaimReview data feed, the sitemap,
the verdict badge and oEmbed."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit

from flask import abort, current_app, request, stream_with_context, url_for
from flask.typing import ResponseReturnValue
from markupsafe import escape

from claimtracker.ids import parse_id
from claimtracker.publishing import atom, datafeed, records
from claimtracker.publishing.site import claim_short_url, claim_url, organisation
from claimtracker.publishing.sitemap import sitemap as sitemap_xml
from claimtracker.rendering import svg
from claimtracker.services import feeds, org_pages, quote_changes, ratings, reading
from claimtracker.web import caching, fastpath
from claimtracker.web.helpers import Routes

#: Served by the reader blueprint (web/public.py attaches them).
routes = Routes()

_CLAIM_PATH = re.compile(r"^/claims/(\d{1,12})(?:/[^/]*)?/?$")


@routes.get("/feed.atom")
def atom_feed() -> ResponseReturnValue:
    """Published verdicts, newest first; corrections and updates are entries of their own."""
    early = caching.not_modified(reading.site_freshness())
    if early:
        return early
    entries = [
        atom.entry(
            v,
            link=claim_url(v.claim.id, v.claim.text, external=True),
            stable=claim_short_url(v.claim.id),
        )
        for v in feeds.latest_verdicts()
    ] + [
        atom.quote_change_entry(
            c,
            link=claim_url(c.claim.id, c.claim.text, external=True),
            stable=claim_short_url(c.claim.id),
            version=url_for(
                "public.article",
                article_id=c.appearance.article.id,
                version=c.version_number,
                _external=True,
            ),
        )
        for c in quote_changes.public_changes(limit=feeds.ATOM_ENTRIES)
    ]
    body = atom.feed(
        entries,
        feed_url=url_for("public.atom_feed", _external=True),
        home_url=url_for("public.home", _external=True),
        org=organisation(),
    )
    return current_app.response_class(body, mimetype="application/atom+xml")


@routes.get("/claimreview.json")
def claimreview_feed() -> ResponseReturnValue:
    """Every published claim as a schema.org DataFeed of ClaimReview, streamed in batches
    (``publishing.datafeed``, the same writer as ``claimtracker export``)."""
    early = caching.not_modified(reading.site_freshness())
    if early:
        return early
    body = datafeed.stream(
        records.claim_records(feeds.iter_published_claims()),
        url_of=lambda c: claim_url(c.id, c.text, external=True),
        org=organisation(),
        bounds=ratings.scale_bounds(),
    )
    return current_app.response_class(stream_with_context(body), mimetype="application/ld+json")


@routes.get("/sitemap.xml")
def sitemap() -> ResponseReturnValue:
    early = caching.not_modified(reading.site_freshness())
    if early:
        return early
    pages = [url_for(endpoint, _external=True) for endpoint in ("public.home", "public.claims")] + [
        url_for("public.org_page", name=slug, _external=True) for slug in org_pages.SLUGS
    ]
    claims = [
        (claim_url(claim_id, text, external=True), updated)
        for claim_id, text, updated in feeds.sitemap_rows()
    ]
    return current_app.response_class(sitemap_xml(pages, claims), mimetype="application/xml")


@routes.get("/claims/<int:claim_id>/badge.svg")
def badge(claim_id: int) -> ResponseReturnValue:
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


@routes.get("/claims/<int:claim_id>/card.png")
def share_card_png(claim_id: int) -> ResponseReturnValue:
    """The claim's share card (og:image): the rating and the claim, drawn once per
    version of the claim and kept in the render cache the workers share."""
    freshness = reading.claim_freshness(claim_id)
    if not freshness.exists:
        abort(404)
    early = caching.not_modified(freshness)
    if early:
        return early
    # The card shows the claim, its rating and the organisation's name: the ETag's parts.
    etag = caching.etag_for(current_app.config, request.path, freshness.tag)
    key = hashlib.sha256(f"card\x1f{etag}".encode()).hexdigest()
    body = fastpath.store(current_app).get(key)
    if body is None:
        found = feeds.claim_rating(claim_id)
        if found is None:
            abort(404)
        text, label, colour = found
        # Pillow loads with the first card drawn, not with every worker.
        from claimtracker.rendering.card import share_card

        body = share_card(label, colour, text, organisation().name)
        fastpath.store(current_app).put(key, body)
    response = current_app.response_class(body, mimetype="image/png")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@routes.get("/oembed")
def oembed() -> ResponseReturnValue:
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
    if claim_id is None or found is None:
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
