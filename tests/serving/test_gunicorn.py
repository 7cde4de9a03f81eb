"""The server ``make run`` starts: idle clients, its own error pages, shared sign-in limits."""

from __future__ import annotations

import re
import socket
import time
import urllib.request
from http.cookiejar import CookieJar
from urllib.parse import urlencode, urlsplit

from claimtracker.serving import ERROR_PAGE_CSP


def _healthz_seconds(base: str) -> float:
    started = time.monotonic()
    with urllib.request.urlopen(base + "/healthz", timeout=10) as response:
        assert response.status == 200
    return time.monotonic() - started


def test_idle_connections_do_not_starve_the_workers(gunicorn):
    base = gunicorn(workers=2)
    host, port = urlsplit(base).hostname, urlsplit(base).port
    # With sync workers two such clients held both workers for ~30 s (issue 13, defect 4).
    idle = [socket.create_connection((host, port)) for _ in range(20)]
    try:
        time.sleep(0.3)
        assert _healthz_seconds(base) < 1.0
    finally:
        for sock in idle:
            sock.close()


def test_gunicorns_own_error_page_has_a_content_security_policy(gunicorn):
    base = gunicorn(workers=1)
    host, port = urlsplit(base).hostname, urlsplit(base).port
    with socket.create_connection((host, port), timeout=5) as sock:
        sock.sendall(b"NOT A REQUEST LINE\r\n\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head = answer.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    assert head.startswith("HTTP/1.1 400")
    assert f"Content-Security-Policy: {ERROR_PAGE_CSP}" in head.splitlines()


def _attempt(base: str, email: str) -> int:
    """One sign-in with a wrong password, CSRF token and all, as a browser would."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    page = opener.open(base + "/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    assert token, page
    data = urlencode({"csrf_token": token.group(1), "email": email, "password": "wrong" * 3})
    try:
        return opener.open(base + "/login", data=data.encode(), timeout=10).status
    except urllib.error.HTTPError as err:
        return err.code


def test_two_worker_processes_share_the_sign_in_limit(gunicorn, make_user):
    user = make_user("reviewer")
    # Two separate servers of one worker each, on one database: requests alternate between
    # them, so a per-process count would allow twice the limit.
    limit = {"LOGIN_FAILURES_PER_ACCOUNT": "4"}
    servers = [gunicorn(workers=1, **limit), gunicorn(workers=1, **limit)]
    statuses = [_attempt(servers[i % 2], user.email) for i in range(8)]
    assert statuses[:4] == [400, 400, 400, 400]
    assert statuses[4:] == [429, 429, 429, 429], statuses
