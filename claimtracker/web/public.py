"""Reader pages: public, no login, no JavaScript needed.

Each page first reads a cheap freshness value (for ETag/304), then loads what it shows in
a fixed number of queries through services/reading and services/search.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup
from sqlalchemy import text

from claimtracker.extensions import db
from claimtracker.ids import parse_id
from claimtracker.models import Claimant, Outlet, QuoteStatus
from claimtracker.publishing.claimreview import to_claimreview
from claimtracker.publishing.history import public_history
from claimtracker.publishing.links import claim_slug, reader_quote_link
from claimtracker.publishing.records import claim_record
from claimtracker.publishing.site import claim_url, organisation
from claimtracker.rendering import svg
from claimtracker.rendering.segments import highlight
from claimtracker.services import quote_changes, ratings, reading, search, watchdog
from claimtracker.services.errors import NotFound
from claimtracker.web import caching, fastpath, page_cache

bp = Blueprint("public", __name__)
bp.after_request(caching.apply)


def page_url(page: int, **changes: str) -> str:
    """This page's URL with ``page`` (and any other query parameters) replaced."""
    args = request.args.to_dict()
    args.update(changes, page=str(page))
    if page == 1:
        args.pop("page")
    return url_for(request.endpoint or "public.home", **(request.view_args or {}), **args)


def filter_url(name: str, value: str | None) -> str:
    """The search page with one filter set (or removed, for None), back on page 1."""
    args = {k: v for k, v in request.args.items() if k != "page"}
    if value is None:
        args.pop(name, None)
    else:
        args[name] = value
    if name == "year":  # a year facet is a date range
        args.pop("year", None)
        args.update({"from": f"{value}-01-01", "to": f"{value}-12-31"} if value else {})
    return url_for("public.claims", **args)


bp.add_app_template_global(filter_url)
bp.add_app_template_global(claim_url)
bp.add_app_template_global(claim_slug, "slugify")
bp.add_app_template_global(page_url)


@bp.get("/")
def home():  # type: ignore[no-untyped-def]
    early = caching.not_modified(reading.site_freshness())
    if early:
        return early
    return render_template("public/home.html", claims=reading.latest_claims(50))


@bp.get("/claims")
def claims():  # type: ignore[no-untyped-def]
    query, messages = search.parse_args(request.args)
    freshness = reading.site_freshness()
    early = caching.not_modified(freshness, request.query_string)
    if early:
        return early
    result = search.search_claims(query, messages, version=freshness.tag)
    return render_template(
        "public/claims.html", query=query, result=result, ratings=ratings.all_ratings()
    )


@bp.get("/claims/<int:claim_id>")
def claim_short(claim_id: int):  # type: ignore[no-untyped-def]
    """Old and short links land on the canonical URL (permanent redirect)."""
    freshness = reading.claim_freshness(claim_id)
    if not freshness.exists:
        abort(404)
    return redirect(claim_url(claim_id, freshness.title), code=301)


def _appearance_links(claim) -> dict[int, str]:  # type: ignore[no-untyped-def]
    occurrences = reading.quote_occurrences(claim.id)
    links = {}
    for a in claim.appearances:
        if a.exact and a.quote_status != QuoteStatus.MISSING:
            # Context words only when the quote is ambiguous in the snapshot.
            links[a.id] = reader_quote_link(
                a.article.url, a.exact, a.prefix, a.suffix, ambiguous=occurrences.get(a.id, 0) > 1
            )
        else:
            links[a.id] = a.article.url
    return links


@bp.get("/claims/<int:claim_id>/<slug>")
def claim(claim_id: int, slug: str):  # type: ignore[no-untyped-def]
    freshness = reading.claim_freshness(claim_id)
    if not freshness.exists:
        abort(404)
    if slug != claim_slug(freshness.title):
        return redirect(claim_url(claim_id, freshness.title), code=301)
    early = caching.not_modified(freshness)
    if early:
        return early
    # Anonymous readers share one rendering per version of the page (web.page_cache).
    key = None
    if g.get("reader_etag") and page_cache.cacheable(request.environ, current_app.config):
        key = page_cache.key_for(g.reader_etag, request.environ)
        body = fastpath.store(current_app).get(key)
        if body is not None:
            return current_app.response_class(body, mimetype="text/html")
    try:
        claim = reading.published_claim(claim_id)
    except NotFound:
        abort(404)
    canonical = claim_url(claim.id, claim.text, external=True)
    # For an imported claim this is the publisher's own ClaimReview (their URL, their
    # author): the page credits them and links to it, and the JSON-LD says the same.
    review = to_claimreview(
        claim_record(claim), url=canonical, org=organisation(), bounds=ratings.scale_bounds()
    )
    html = render_template(
        "public/claim.html",
        claim=claim,
        review=review,
        history=public_history(claim),
        # No query for claims whose quotes were never re-checked (most of them).
        quote_history=list(reversed(quote_changes.public_changes([claim.id])))
        if any(a.checked_at for a in claim.appearances)
        else [],
        drifts=quote_changes.drifts(list(claim.appearances)),
        links=_appearance_links(claim),
        canonical=canonical,
    )
    if key is not None:
        fastpath.store(current_app).put(key, html.encode())
    return html


@bp.get("/articles/<int:article_id>")
def article(article_id: int):  # type: ignore[no-untyped-def]
    early = caching.not_modified(reading.site_freshness())
    if early:
        return early
    try:
        article, appearances = reading.published_article(article_id)
    except NotFound:
        abort(404)
    history = watchdog.versions(article)
    shown = request.args.get("version", type=int) or 1
    if history and not 1 <= shown <= len(history):
        abort(404)
    text = history[shown - 1].text if history else (article.text or "")
    # Quotes are anchored in version 1, the snapshot quoted; later versions are shown plain
    # (the claim pages say, per quote, how each one reads there).
    spans = [
        (a.start, a.end, a)
        for a in appearances
        if shown == 1
        and a.start is not None
        and a.end is not None
        and text
        and text[a.start : a.end] == a.exact
    ]
    segments = highlight(text, spans)
    return render_template(
        "public/article.html",
        article=article,
        appearances=appearances,
        segments=segments,
        versions=history,
        shown=shown,
        highlighted=len(spans),
    )


def _page_arg() -> int:
    value = request.args.get("page", "1")
    number = parse_id(value) if len(value) < 7 else None
    return number or 1


def _listing_page(kind: str, owner_id: int, slug: str):  # type: ignore[no-untyped-def]
    model = Claimant if kind == "claimant" else Outlet
    endpoint = f"public.{kind}"
    try:
        owner = reading.owner(model, owner_id)
    except NotFound:
        abort(404)
    if slug != claim_slug(owner.name):
        return redirect(
            url_for(endpoint, **{f"{kind}_id": owner.id, "slug": claim_slug(owner.name)}), code=301
        )
    page = _page_arg()
    early = caching.not_modified(reading.site_freshness(), page)
    if early:
        return early
    if kind == "claimant":
        listing = reading.claimant_listing(owner, page)
        title = f"Ratings of claims by {owner.name}"
    else:
        listing = reading.outlet_listing(owner, page)
        title = f"Ratings of claims that appeared in {owner.name}"
    chart = Markup(svg.bar_chart(listing.breakdown, title))  # noqa: S704 - svg escapes all text
    return render_template(
        "public/listing.html", listing=listing, kind=kind, chart=chart, endpoint=endpoint
    )


@bp.get("/claimants/<int:claimant_id>", defaults={"slug": ""})
@bp.get("/claimants/<int:claimant_id>/<slug>")
def claimant(claimant_id: int, slug: str):  # type: ignore[no-untyped-def]
    return _listing_page("claimant", claimant_id, slug)


@bp.get("/outlets/<int:outlet_id>", defaults={"slug": ""})
@bp.get("/outlets/<int:outlet_id>/<slug>")
def outlet(outlet_id: int, slug: str):  # type: ignore[no-untyped-def]
    return _listing_page("outlet", outlet_id, slug)


@bp.get("/ratings")
def rating_scale():  # type: ignore[no-untyped-def]
    early = caching.not_modified(reading.Freshness(True, ("ratings",), None))
    if early:
        return early
    scale = ratings.all_ratings()
    return render_template("public/ratings.html", scale=scale, bounds=ratings.scale_bounds())


@bp.get("/healthz")
def healthz():  # type: ignore[no-untyped-def]
    db.session.execute(text("SELECT 1"))
    # A cached "ok" would hide an outage from the monitor that asks.
    return {"status": "ok"}, 200, {"Cache-Control": "no-store"}


@bp.get("/ratings.css")
def ratings_css():  # type: ignore[no-untyped-def]
    """Badge colours come from the configurable scale; served as CSS so the
    Content-Security-Policy needs no inline styles. Text colour is picked for AA contrast."""
    rules = []
    for r in ratings.all_ratings():
        fill = svg.safe_colour(r.colour)
        rules.append(f".rating-{r.slug}{{background:{fill};color:{svg.text_colour_on(fill)}}}")
    response = current_app.response_class("\n".join(rules) + "\n", mimetype="text/css")
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


from claimtracker.web import feeds  # noqa: E402, F401 - registers the feed routes on bp
