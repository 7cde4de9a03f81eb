"""The Flask half of publishing: canonical URLs (url_for: needs a request context whose
base URL is the public site, as ``claimtracker export`` sets up) and the app's organisation."""

from __future__ import annotations

from flask import current_app, has_request_context, request, url_for

from claimtracker.publishing.links import claim_slug
from claimtracker.publishing.organisation import Organisation, from_config


def claim_url(claim_id: int, claim_text: str, external: bool = False) -> str:
    """The canonical URL of a claim page (``/claims/<id>/<slug>``); needs a request or
    app context whose base URL is the public site."""
    return url_for(
        "public.claim", claim_id=claim_id, slug=claim_slug(claim_text), _external=external
    )


def claim_short_url(claim_id: int) -> str:
    """The claim's short, absolute URL: it survives an edit of the claim text (Atom ids)."""
    return url_for("public.claim_short", claim_id=claim_id, _external=True)


def organisation_url() -> str:
    """The organisation's address: ORGANISATION_URL when set, otherwise the address the site
    is served on (the request's root URL, after ProxyFix when it is on). Empty outside a
    request when unset: a worker or a command cannot know which address readers use."""
    configured = str(current_app.config.get("ORGANISATION_URL") or "")
    if configured:
        return configured
    return request.url_root if has_request_context() else ""


def organisation() -> Organisation:
    """The publisher the current app's config names, at ``organisation_url()``."""
    return Organisation(from_config(current_app.config).name, organisation_url())
