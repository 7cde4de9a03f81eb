"""A tiny loopback HTTP server for tests: routes map a path to a canned response."""

from __future__ import annotations

import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    #: Seconds to wait before answering (timeout tests).
    delay: float = 0.0
    #: Send no Content-Length and stream the body in chunks (size-cap tests).
    chunked: bool = False


Route = Page | Callable[[], Page]


@dataclass
class PageServer:
    base: str
    port: int
    routes: dict[str, Route]
    #: Every request seen: (path, Host header).
    seen: list[tuple[str, str]] = field(default_factory=list)
    #: Every request seen with its headers and arrival time (time.monotonic()).
    requests: list[tuple[str, dict[str, str], float]] = field(default_factory=list)


class _QuietServer(ThreadingHTTPServer):
    """A client hanging up on a kept-alive connection is normal, not an error to print.

    The default handler prints the traceback to stderr, and click's CliRunner captures the
    whole process's stderr while a command runs, so a fetcher closing its pooled connection
    mid-command used to land in the command's captured output (CI, stop 17).
    """

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serve(
    routes: dict[str, Route], host: str = "127.0.0.1", tls: ssl.SSLContext | None = None
) -> Iterator[PageServer]:
    """Serve ``routes`` on a free port of ``host`` in a thread (over TLS with ``tls``)."""
    state: dict[str, PageServer] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_args) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            server = state["server"]
            server.seen.append((self.path, self.headers.get("Host", "")))
            server.requests.append((self.path, dict(self.headers.items()), time.monotonic()))
            route = server.routes.get(self.path.split("?", 1)[0])
            page = route() if callable(route) else route
            if page is None:
                page = Page(b"not found", status=404, content_type="text/plain")
            if page.delay:
                time.sleep(page.delay)
            self.send_response(page.status)
            if page.content_type:
                self.send_header("Content-Type", page.content_type)
            for name, value in page.headers.items():
                self.send_header(name, value)
            if page.chunked:
                self.send_header("Connection", "close")
                self.end_headers()
                with suppress(OSError):  # the client may hang up once it has enough
                    for i in range(0, len(page.body), 65536):
                        self.wfile.write(page.body[i : i + 65536])
                self.close_connection = True
                return
            self.send_header("Content-Length", str(len(page.body)))
            self.end_headers()
            with suppress(OSError):
                self.wfile.write(page.body)

    httpd = _QuietServer((host, 0), Handler)
    httpd.daemon_threads = True
    if tls is not None:
        httpd.socket = tls.wrap_socket(httpd.socket, server_side=True)
    port = httpd.server_address[1]
    state["server"] = PageServer(f"http://{host}:{port}", port, routes)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield state["server"]
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
