"""Reader pages: public, no login, no JavaScript needed.

Each page first reads a cheap freshness value (for ETag/304), then loads what it shows in
a fixed number of queries through services/reading and services/search.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

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
from flask.typing import ResponseReturnValue
from markupsafe import Markup, escape
from sqlalchemy import text

from claimtracker.extensions import db
from claimtracker.ids import parse_id
from claimtracker.models import Claim, Claimant, Outlet, QuoteStatus, User, Verdict
from claimtracker.publishing.claimreview import to_claimreview
from claimtracker.publishing.history import public_history
from claimtracker.publishing.links import claim_slug, reader_quote_link
from claimtracker.publishing.records import claim_record
from claimtracker.publishing.site import claim_url, organisation
from claimtracker.rendering import svg
from claimtracker.rendering.segments import highlight
from claimtracker.services import org_pages, quote_changes, ratings, reading, search, watchdog
from claimtracker.services.errors import NotFound
from claimtracker.web import caching, fastpath, feeds, locale, page_cache

bp = Blueprint("public", __name__)
bp.after_request(caching.apply)


def page_url(page: int, **changes: str) -> str:
    """This page's URL with ``page`` (and any other query parameters) replaced."""
    args: dict[str, Any] = request.args.to_dict()
    args.update(changes, page=str(page))
    if page == 1:
        args.pop("page")
    return url_for(request.endpoint or "public.home", **(request.view_args or {}), **args)


def filter_url(name: str, value: str | None) -> str:
    """The search page with one filter set (or removed, for None), back on page 1."""
    args: dict[str, Any] = {k: v for k, v in request.args.items() if k != "page"}
    if value is None:
        args.pop(name, None)
    else:
        args[name] = value
    if name == "year":  # a year facet is a date range
        args.pop("year", None)
        args.update({"from": f"{value}-01-01", "to": f"{value}-12-31"} if value else {})
    # The path is built once per request (a search page has some sixty facet links, and
    # url_for costs ~15 µs each); the query string is encoded as werkzeug's url_for does.
    if "search_path" not in g:
        g.search_path = url_for("public.claims")
    if not args:
        return str(g.search_path)
    return f"{g.search_path}?{urlencode(list(args.items()), safe=URL_QUERY_SAFE)}"


#: The characters werkzeug's URL building leaves unescaped in a query string.
URL_QUERY_SAFE = "!$'()*,/:;?@"


def verdict_credits(verdict: Verdict) -> tuple[str, str]:
    """Who researched a verdict and who signed it off, as readers see them: display names
    (never an email address), or "the desk" when SHOW_REVIEWER_NAMES is off or no name
    was given."""
    desk = "the desk"
    if not current_app.config["SHOW_REVIEWER_NAMES"]:
        return desk, desk

    def name(user: User | None) -> str:
        return (user.name or "").strip() or desk if user is not None else desk

    return name(verdict.author), name(verdict.approver)


def embed_snippet(page: str, badge: str, alt: str, width: int) -> str:
    """The HTML another site pastes to show the badge, linked to the claim page (the
    template escapes it again for the text box it is shown in)."""
    return (
        f'<a href="{escape(page)}"><img src="{escape(badge)}" alt="{escape(alt)}" '
        f'width="{width}" height="20"></a>'
    )


bp.add_app_template_global(embed_snippet)
bp.add_app_template_global(verdict_credits)
bp.add_app_template_global(svg.badge_width)
bp.add_app_template_global(filter_url)
bp.add_app_template_global(claim_url)
bp.add_app_template_global(claim_slug, "slugify")
bp.add_app_template_global(page_url)


@bp.get("/")
def home() -> ResponseReturnValue:
    early = caching.not_modified(reading.site_freshness())
    if early:
        return early
    return render_template("public/home.html", claims=reading.latest_claims(50))


@bp.get("/claims")
def claims() -> ResponseReturnValue:
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
def claim_short(claim_id: int) -> ResponseReturnValue:
    """Old and short links land on the canonical URL (permanent redirect)."""
    freshness = reading.claim_freshness(claim_id)
    if not freshness.exists:
        abort(404)
    return redirect(claim_url(claim_id, freshness.title), code=301)


def _appearance_links(claim: Claim) -> dict[int, str]:
    occurrences = reading.quote_occurrences(claim.id)
    links: dict[int, str] = {}
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
def claim(claim_id: int, slug: str) -> ResponseReturnValue:
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
        key = page_cache.key_for(g.reader_etag, request.environ, locale.current())
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
    bounds = ratings.scale_bounds()
    review = to_claimreview(claim_record(claim), url=canonical, org=organisation(), bounds=bounds)
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
        seen_again=reading.seen_again(claim),
        canonical=canonical,
        bounds=bounds,
    )
    if key is not None:
        fastpath.store(current_app).put(key, html.encode())
    return html


@bp.get("/articles/<int:article_id>")
def article(article_id: int) -> ResponseReturnValue:
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


def _listing_page(kind: str, owner_id: int, slug: str) -> ResponseReturnValue:
    model = Claimant if kind == "claimant" else Outlet
    endpoint = f"public.{kind}"
    try:
        owner = reading.owner(model, owner_id)
    except NotFound:
        abort(404)
    if slug != claim_slug(owner.name):
        values: dict[str, Any] = {f"{kind}_id": owner.id, "slug": claim_slug(owner.name)}
        return redirect(url_for(endpoint, **values), code=301)
    page = _page_arg()
    early = caching.not_modified(reading.site_freshness(), page)
    if early:
        return early
    if isinstance(owner, Claimant):
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
def claimant(claimant_id: int, slug: str) -> ResponseReturnValue:
    return _listing_page("claimant", claimant_id, slug)


@bp.get("/outlets/<int:outlet_id>", defaults={"slug": ""})
@bp.get("/outlets/<int:outlet_id>/<slug>")
def outlet(outlet_id: int, slug: str) -> ResponseReturnValue:
    return _listing_page("outlet", outlet_id, slug)


@bp.get("/ratings")
def rating_scale() -> ResponseReturnValue:
    """The rating scale is part of the methodology page (old links land on it)."""
    return redirect(url_for("public.org_page", name="methodology", _anchor="ratings"), code=301)


@bp.get("/about", defaults={"name": "about"}, endpoint="org_page")
@bp.get("/methodology", defaults={"name": "methodology"}, endpoint="org_page")
@bp.get("/corrections", defaults={"name": "corrections"}, endpoint="org_page")
@bp.get("/contact", defaults={"name": "contact"}, endpoint="org_page")
def org_page(name: str) -> ResponseReturnValue:
    """The organisation's own pages (services.org_pages): its text, as admins saved it."""
    page = org_pages.current(name)
    scale = ratings.all_ratings() if name == "methodology" else []
    # The page's own revision and, on the methodology page, the scale it lists.
    tag = (name, page.revision_id, tuple((r.label, r.value, r.description) for r in scale))
    early = caching.not_modified(reading.Freshness(True, tag, page.saved_at))
    if early:
        return early
    bounds = ratings.scale_bounds() if scale else None
    return render_template("public/org_page.html", page=page, scale=scale, bounds=bounds)


@bp.get("/robots.txt")
def robots_txt() -> ResponseReturnValue:
    """Crawlers may read every reader page; the desk, sign-in and the readers' forms are
    no use to them. The sitemap lists the claim pages."""
    body = "\n".join(
        [
            "User-agent: *",
            "Disallow: /desk",
            "Disallow: /login",
            "Disallow: /suggest",
            "Disallow: /thanks",
            "Disallow: /claims/*/report",
            "Disallow: /api/",
            f"Sitemap: {url_for('public.sitemap', _external=True)}",
            "",
        ]
    )
    response = current_app.response_class(body, mimetype="text/plain")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    db.session.execute(text("SELECT 1"))
    # A cached "ok" would hide an outage from the monitor that asks.
    return {"status": "ok"}, 200, {"Cache-Control": "no-store"}


@bp.get("/ratings.css")
def ratings_css() -> ResponseReturnValue:
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


# The feeds, sitemap, badge and oEmbed are reader URLs too; their views live in feeds.py.
feeds.routes.register(bp)
