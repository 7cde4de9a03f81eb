"""How gunicorn serves claimtracker: the worker class ``make run`` uses.

Sync workers block on a socket until a request arrives, so two clients that connect and send
nothing (browsers' speculative connections do it by accident) held both of ``make run``'s
workers for gunicorn's 30 s timeout and the site stopped answering. A gevent worker waits on
sockets cooperatively: an idle connection costs a greenlet, not a worker. The app code stays
synchronous; gunicorn monkey-patches the standard library in each worker before loading it.

Gunicorn writes a few error pages itself (a malformed request line, say) without going
through the app, so they had no Content-Security-Policy; this worker sends one there too.
"""

from __future__ import annotations

import html
import socket

from gunicorn import util
from gunicorn.workers.ggevent import GeventWorker

#: The policy on gunicorn's own error pages: they need nothing at all.
ERROR_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"


def write_error(sock: socket.socket, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn.util.write_error, with security headers on the page."""
    body = (
        f"<!doctype html><html><head><title>{html.escape(reason)}</title></head>"
        f"<body><h1>{html.escape(reason)}</h1><p>{html.escape(mesg)}</p></body></html>"
    ).encode("latin-1", "replace")
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\n"
        "Connection: close\r\n"
        "Content-Type: text/html; charset=iso-8859-1\r\n"
        f"Content-Security-Policy: {ERROR_PAGE_CSP}\r\n"
        "X-Content-Type-Options: nosniff\r\n"
        "Cache-Control: no-store\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode("latin-1", "replace")
    util.write_nonblock(sock, head + body)


class Worker(GeventWorker):
    """gunicorn's gevent worker, with a Content-Security-Policy on its own error pages."""

    def init_process(self) -> None:
        # gunicorn's handle_error calls util.write_error by name, in this process only.
        util.write_error = write_error
        super().init_process()
