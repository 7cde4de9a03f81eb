"""Session cookies: HttpOnly, SameSite=Lax, and Secure whenever served over https."""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions with ``Secure`` set per request.

    ``SESSION_COOKIE_SECURE = True`` forces it; otherwise an https request (directly or via
    a trusted proxy's ProxyFix) gets a Secure cookie and plain http on localhost still works.
    """

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure
