"""A safe fetcher for article pages (pure: no Flask, no database).

Rules, each with its own exception so a caller can tell the reviewer why:

* only ``http`` and ``https`` URLs, without credentials in them;
* the host must resolve only to public addresses (see :mod:`claimtracker.ingest.address`);
  odd IPv4 spellings such as ``127.1`` or ``0x7f000001`` are judged as the address they mean;
* the connection goes to the address that was vetted (the Host header and TLS SNI carry the
  name), so a DNS answer that changes between check and connect (rebinding) cannot help;
* every redirect hop is checked the same way, at most ``max_redirects`` of them;
* the whole exchange stops after ``timeout`` seconds or ``max_bytes`` of (decoded) body;
* only HTML or plain-text responses are accepted.

``allowed_hosts`` names hosts that skip the address check (tests serve pages on loopback).
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import NewConnectionError, ProtocolError, SSLError
from urllib3.exceptions import TimeoutError as Urllib3Timeout

from claimtracker.i18n import N_, Message
from claimtracker.ingest.address import IPAddress, parse_ip_literal, refusal_reason

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5
ACCEPTED_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
USER_AGENT = "claimtracker/0.1 (fact-checking desk; +https://github.com/)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})

Resolver = Callable[[str, int], list[str]]


class FetchError(Exception):
    """Base class: the page could not be fetched. ``reason`` is shown to the reviewer: a
    Message, so it can be shown in the reviewer's language (services.messages)."""

    def __init__(self, reason: str, url: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.url = url


class UnsupportedURL(FetchError):
    """Not an http(s) URL, or one with credentials or no host."""


class RefusedAddress(FetchError):
    """The host is, or resolves to, a non-public address (SSRF guard)."""


class ResolutionFailed(FetchError):
    """The host name does not resolve."""


class TooManyRedirects(FetchError):
    """More redirect hops than allowed, or a redirect without a usable Location."""


class FetchTimeout(FetchError):
    """The server did not answer in time."""


class ResponseTooLarge(FetchError):
    """The body is larger than allowed."""


class UnsupportedContentType(FetchError):
    """The response is not HTML or plain text."""


class BadStatus(FetchError):
    """The server answered with an error status."""

    def __init__(self, reason: str, url: str | None = None, status: int = 0):
        super().__init__(reason, url)
        self.status = status


class ConnectionFailed(FetchError):
    """The connection failed (refused, reset, TLS error...)."""


@dataclass
class FetchResult:
    """A fetched page. ``url`` is the final URL after redirects."""

    url: str
    status: int
    content_type: str
    charset: str | None
    body: bytes
    redirects: list[str] = field(default_factory=list)
    #: Validators for a later conditional GET (None when the server sent none).
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        """The server answered 304 to a conditional GET: the page is as last fetched."""
        return self.status == 304

    @property
    def text(self) -> str:
        """The body decoded with the declared charset (UTF-8 otherwise, lenient)."""
        for encoding in (self.charset, "utf-8"):
            if not encoding:
                continue
            try:
                return self.body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.body.decode("utf-8", errors="replace")


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to. Raises ResolutionFailed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as err:
        raise ResolutionFailed(
            Message(N_("the host %(host)r does not resolve (%(error)s)"), host=host, error=err)
        ) from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    addresses: tuple[str, ...]  # every one vetted; tried in order
    request_target: str  # path + query

    @property
    def host_header(self) -> str:
        default = 443 if self.scheme == "https" else 80
        shown = f"[{self.host}]" if ":" in self.host else self.host
        return shown if self.port == default else f"{shown}:{self.port}"


def vet(
    url: str, allowed_hosts: Iterable[str] = (), resolver: Resolver = system_resolver
) -> _Target:
    """Check one URL and pick the vetted address to connect to.

    Raises UnsupportedURL, RefusedAddress or ResolutionFailed.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as err:
        raise UnsupportedURL(Message(N_("not a valid URL: %(error)s"), error=err), url) from None
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        raise UnsupportedURL(
            Message(N_("only http and https URLs can be fetched, not %(scheme)s:"), scheme=scheme)
            if scheme
            else Message(N_("only http and https URLs can be fetched, not none:")),
            url,
        )
    if parts.username is not None or parts.password is not None:
        raise UnsupportedURL(Message(N_("URLs with a user name or password are not fetched")), url)
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise UnsupportedURL(Message(N_("the URL has no host")), url)
    port = port or (443 if scheme == "https" else 80)
    allowed = {h.lower().rstrip(".") for h in allowed_hosts}
    literal = parse_ip_literal(host)
    if literal is not None:
        addresses: list[str] = [str(literal)]
    else:
        addresses = resolver(host, port)
        if not addresses:
            raise ResolutionFailed(
                Message(N_("the host %(host)r does not resolve"), host=host), url
            )
    if host.lower() not in allowed:
        for address in addresses:
            parsed: IPAddress | None = parse_ip_literal(address)
            reason = (
                refusal_reason(parsed)
                if parsed
                else Message(N_("%(address)r is not an address"), address=address)
            )
            if reason:
                # One bad answer refuses the host: we would not know which one a retry gets.
                raise RefusedAddress(
                    Message(N_("refused to fetch %(host)s: %(reason)s"), host=host, reason=reason),
                    url,
                )
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return _Target(scheme, host, port, tuple(addresses), target)


def _no_answer(timeout: float) -> Message:
    return Message(N_("no answer within %(seconds)s s"), seconds=f"{timeout:g}")


def _too_slow(timeout: float) -> Message:
    return Message(N_("the page took longer than %(seconds)s s"), seconds=f"{timeout:g}")


def _no_connection(host: str, err: Exception) -> Message:
    return Message(N_("could not connect to %(host)s: %(error)s"), host=host, error=err)


def _wrong_type(kind: str, accepted_types: frozenset[str]) -> Message:
    """Why a response of media type ``kind`` (empty: none declared) is refused."""
    if accepted_types is ACCEPTED_TYPES:
        if kind:
            return Message(N_("the page is %(kind)s, not HTML or text"), kind=kind)
        return Message(N_("the page is of no declared type, not HTML or text"))
    wanted = " or ".join(sorted(accepted_types))
    if kind:
        return Message(N_("the page is %(kind)s, not %(wanted)s"), kind=kind, wanted=wanted)
    return Message(N_("the page is of no declared type, not %(wanted)s"), wanted=wanted)


def _content_type(header: str | None) -> tuple[str, str | None]:
    if not header:
        return "", None
    kind, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip("\"' ")
    return kind.strip().lower(), charset


def _pool(
    target: _Target, address: str, timeout: float, ca_certs: str | None = None
) -> urllib3.HTTPConnectionPool:
    pool_timeout = urllib3.Timeout(connect=timeout, read=timeout)
    if target.scheme == "https":
        # Connect to the vetted address; verify the certificate against the *name*.
        return urllib3.HTTPSConnectionPool(
            address,
            target.port,
            timeout=pool_timeout,
            retries=False,
            maxsize=1,
            server_hostname=target.host,
            assert_hostname=target.host,
            cert_reqs="CERT_REQUIRED",
            ca_certs=ca_certs,
        )
    return urllib3.HTTPConnectionPool(
        address, target.port, timeout=pool_timeout, retries=False, maxsize=1
    )


def _open(
    target: _Target,
    deadline: float,
    timeout: float,
    url: str,
    ca_certs: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> tuple[urllib3.HTTPConnectionPool, urllib3.BaseHTTPResponse]:
    """Send the request to the first vetted address that accepts a connection (a name with
    an IPv6 and an IPv4 answer still works where IPv6 is not routed)."""
    failure: FetchError | None = None
    for address in target.addresses:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchTimeout(_no_answer(timeout), url)
        pool = _pool(target, address, remaining, ca_certs)
        try:
            response = pool.urlopen(
                "GET",
                target.request_target,
                redirect=False,
                preload_content=False,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": "text/html,application/xhtml+xml,text/plain;q=0.9",
                    **(headers or {}),
                    "Host": target.host_header,
                    "Accept-Encoding": "gzip, deflate",
                },
            )
            return pool, response
        except NewConnectionError as err:  # a subclass of the timeout error in urllib3 2
            pool.close()
            failure = ConnectionFailed(_no_connection(target.host, err), url)
        except Urllib3Timeout:
            pool.close()
            raise FetchTimeout(_no_answer(timeout), url) from None
        except SSLError as err:
            pool.close()
            raise ConnectionFailed(Message(N_("TLS failed: %(error)s"), error=err), url) from None
        except (Urllib3Error, OSError) as err:
            pool.close()
            failure = ConnectionFailed(_no_connection(target.host, err), url)
    assert failure is not None  # vet() never returns a target without addresses
    raise failure


def fetch(
    url: str,
    *,
    allowed_hosts: Iterable[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    resolver: Resolver = system_resolver,
    ca_certs: str | None = None,
    headers: Mapping[str, str] | None = None,
    accepted_types: frozenset[str] = ACCEPTED_TYPES,
) -> FetchResult:
    """Fetch an HTML or text page safely (see the module docstring for the rules).

    ``ca_certs`` is a CA bundle to trust instead of the system's (e.g. a company proxy's).
    ``headers`` adds request headers (User-Agent, If-None-Match, If-Modified-Since); a 304
    answer comes back as a result with an empty body whose ``not_modified`` is true.
    ``accepted_types`` replaces the media types accepted (a feed is XML, not HTML).
    Raises a FetchError subclass whose ``reason`` says why the page was refused.
    """
    allowed_hosts = tuple(allowed_hosts)
    deadline = time.monotonic() + timeout
    redirects: list[str] = []
    current = url.strip()
    while True:
        target = vet(current, allowed_hosts, resolver)
        pool, response = _open(target, deadline, timeout, current, ca_certs, headers)
        try:
            etag = response.headers.get("ETag")
            last_modified = response.headers.get("Last-Modified")
            if response.status == 304:
                return FetchResult(
                    current, 304, "", None, b"", redirects, etag=etag, last_modified=last_modified
                )
            if response.status in _REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise TooManyRedirects(
                        Message(N_("a redirect without a Location header")), current
                    )
                if len(redirects) >= max_redirects:
                    raise TooManyRedirects(
                        Message(N_("more than %(most)s redirects"), most=max_redirects), current
                    )
                current = urljoin(current, location.strip())
                redirects.append(current)
                continue
            if response.status >= 400:
                raise BadStatus(
                    Message(
                        N_("the server answered %(status)s %(phrase)s"),
                        status=str(response.status),
                        phrase=response.reason,
                    ),
                    current,
                    response.status,
                )
            kind, charset = _content_type(response.headers.get("Content-Type"))
            if kind not in accepted_types:
                raise UnsupportedContentType(_wrong_type(kind, accepted_types), current)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise ResponseTooLarge(
                    Message(
                        N_("the page is %(size)s bytes; the limit is %(most)s"),
                        size=int(declared),
                        most=max_bytes,
                    ),
                    current,
                )
            body = _read_capped(response, max_bytes, deadline, timeout, current)
            return FetchResult(
                current,
                response.status,
                kind,
                charset,
                body,
                redirects,
                etag=etag,
                last_modified=last_modified,
            )
        finally:
            response.release_conn()
            pool.close()


def _read_capped(
    response: urllib3.BaseHTTPResponse, max_bytes: int, deadline: float, timeout: float, url: str
) -> bytes:
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise FetchTimeout(_too_slow(timeout), url)
            chunk = response.read1(64 * 1024)  # returns as soon as some bytes arrive
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:  # counted after decompression: a gzip bomb stops here
                raise ResponseTooLarge(
                    Message(N_("the page is larger than %(most)s bytes"), most=max_bytes), url
                )
            chunks.append(chunk)
    except Urllib3Timeout:
        raise FetchTimeout(_too_slow(timeout), url) from None
    except (ProtocolError, OSError) as err:
        raise ConnectionFailed(
            Message(N_("the connection broke: %(error)s"), error=err), url
        ) from None
    return b"".join(chunks)
