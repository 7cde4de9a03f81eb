"""Security headers every response carries (the app's after_request and the WSGI fast
path both add them from here)."""

from __future__ import annotations

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
        "script-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'self'"
    ),
}
HSTS = ("Strict-Transport-Security", "max-age=31536000")


def security_headers(secure: bool) -> list[tuple[str, str]]:
    """The headers for a response served over https (``secure``) or plain http."""
    out = list(SECURITY_HEADERS.items())
    if secure:
        out.append(HSTS)
    return out
