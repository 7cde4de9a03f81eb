"""The safe fetcher: every SSRF refusal, redirects, size/time/type limits.

Nothing here leaves loopback: refusals use literal addresses and names that resolve
locally (or a stub resolver), and pages come from a server thread on 127.0.0.1.
"""

from __future__ import annotations

import gzip
import ssl
from pathlib import Path

import pytest

from claimtracker.ingest import fetch as f
from claimtracker.ingest.address import parse_ipv4_loose, refusal_reason
from tests.pageserver import Page, serve

LOCAL = ("127.0.0.1",)
HTML = b"<html><head><title>Hi</title></head><body><p>Hello</p></body></html>"


@pytest.mark.parametrize(
    "url",
    [
        # loopback, in every spelling the C resolver accepts
        "http://127.0.0.1/",
        "http://127.1/",
        "http://0x7f000001/",
        "http://0177.0.0.1/",
        "http://2130706433/",
        "http://0x7f.0.0.1/",
        "http://127.000.000.001/",
        "http://[::1]/",
        # private, shared, link-local / cloud metadata
        "http://10.0.0.1/",
        "http://172.16.5.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fe80::1]/",
        "http://[fc00::1]/",
        # multicast, reserved, unspecified, broadcast
        "http://224.0.0.1/",
        "http://[ff02::1]/",
        "http://240.0.0.1/",
        "http://255.255.255.255/",
        "http://0.0.0.0/",
        "http://0/",
        "http://[::]/",
        # IPv4 inside IPv6: mapped, NAT64 (well-known and local-use), 6to4, compatible
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[::ffff:169.254.169.254]/",
        "http://[64:ff9b::127.0.0.1]/",
        "http://[64:ff9b::a9fe:a9fe]/",
        "http://[64:ff9b:1::a00:1]/",
        "http://[2002:7f00:1::1]/",
        "http://[::127.0.0.1]/",
        # documentation ranges are not public either
        "http://192.0.2.1/",
        "http://[2001:db8::1]/",
    ],
)
def test_non_public_addresses_are_refused(url):
    with pytest.raises(f.RefusedAddress) as err:
        f.fetch(url)
    assert "refused" in err.value.reason


@pytest.mark.parametrize("url", ["http://localhost/", "http://LOCALHOST./x"])
def test_a_name_resolving_to_loopback_is_refused(url):
    with pytest.raises(f.RefusedAddress, match="loopback"):
        f.fetch(url)


def test_a_name_is_refused_if_any_answer_is_private():
    def resolver(host, port):
        return ["93.184.216.34", "10.1.2.3"]

    with pytest.raises(f.RefusedAddress, match=r"10\.1\.2\.3 is a private"):
        f.fetch("http://mixed.example/", resolver=resolver)


def test_a_name_resolving_to_nat64_metadata_is_refused():
    with pytest.raises(f.RefusedAddress, match="NAT64"):
        f.fetch("http://sneaky.example/", resolver=lambda h, p: ["64:ff9b::a9fe:a9fe"])


@pytest.mark.parametrize(
    "url,reason",
    [
        ("ftp://example.org/file", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("gopher://127.0.0.1:70/", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http://user:pw@example.org/", "user name or password"),
        ("http:///nohost", "no host"),
        ("http://example.org:99999/", "not a valid URL"),
    ],
)
def test_unsupported_urls_are_refused(url, reason):
    with pytest.raises(f.UnsupportedURL, match=reason):
        f.fetch(url)


def test_unresolvable_name():
    with pytest.raises(f.ResolutionFailed):
        f.fetch("http://no-such-host.invalid/")


@pytest.mark.parametrize(
    "spelling,address",
    [
        ("127.1", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("192.168.257", "192.168.1.1"),
        ("example.org", None),
        ("1.2.3.4.5", None),
        ("08.0.0.1", None),
        ("256.1.1.1", None),
    ],
)
def test_loose_ipv4_parsing_matches_inet_aton(spelling, address):
    parsed = parse_ipv4_loose(spelling)
    assert (str(parsed) if parsed else None) == address


def test_public_addresses_pass_the_check():
    import ipaddress

    for public in ("93.184.216.34", "2606:4700::1111", "64:ff9b::808:808"):
        assert refusal_reason(ipaddress.ip_address(public)) is None


def test_allowed_host_fetches_html_from_loopback():
    with serve({"/a": Page(HTML)}) as srv:
        result = f.fetch(f"{srv.base}/a", allowed_hosts=LOCAL)
    assert result.status == 200
    assert result.content_type == "text/html"
    assert "Hello" in result.text
    assert result.url == f"{srv.base}/a"


def test_loopback_server_is_refused_without_the_setting():
    with serve({"/a": Page(HTML)}) as srv:
        with pytest.raises(f.RefusedAddress):
            f.fetch(f"{srv.base}/a")
        assert srv.seen == []  # refused before any connection


def test_connects_to_the_vetted_address_with_the_name_in_the_host_header():
    """The name is resolved once and the connection goes to that answer: a second DNS
    lookup (which rebinding relies on) never happens."""
    calls = []

    def resolver(host, port):
        calls.append(host)
        return ["127.0.0.1"]

    with serve({"/a": Page(HTML)}) as srv:
        result = f.fetch(
            f"http://news.test:{srv.port}/a", allowed_hosts=["news.test"], resolver=resolver
        )
        assert srv.seen == [("/a", f"news.test:{srv.port}")]
    assert calls == ["news.test"]
    assert "Hello" in result.text


def test_rebinding_answer_is_refused_on_the_next_hop():
    answers = iter([["127.0.0.1"], ["127.0.0.1"]])

    with serve({}) as srv:
        srv.routes["/r"] = Page(
            status=302, headers={"Location": f"http://rebind.test:{srv.port}/x"}
        )
        with pytest.raises(f.RefusedAddress):
            # the first host is allowed; the redirect target resolves to loopback: refused
            f.fetch(
                f"http://ok.test:{srv.port}/r",
                allowed_hosts=["ok.test"],
                resolver=lambda h, p: next(answers),
            )
        assert [p for p, _ in srv.seen] == ["/r"]


@pytest.mark.parametrize(
    "location",
    [
        "http://localhost:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:{port}/secret",
        "http://0x7f000001:{port}/secret",
        "file:///etc/passwd",
    ],
)
def test_redirects_to_forbidden_places_are_refused(location):
    with serve({}) as srv:
        srv.routes["/go"] = Page(status=302, headers={"Location": location.format(port=srv.port)})
        srv.routes["/secret"] = Page(b"secret")
        with pytest.raises((f.RefusedAddress, f.UnsupportedURL)):
            f.fetch(f"{srv.base}/go", allowed_hosts=LOCAL)
        assert [p for p, _ in srv.seen] == ["/go"]


def test_redirects_are_followed_up_to_five_hops():
    routes = {f"/r{i}": Page(status=301, headers={"Location": f"/r{i + 1}"}) for i in range(5)}
    routes["/r5"] = Page(HTML)
    with serve(routes) as srv:
        result = f.fetch(f"{srv.base}/r0", allowed_hosts=LOCAL)
    assert result.url.endswith("/r5")
    assert len(result.redirects) == 5


def test_a_sixth_redirect_is_refused():
    routes = {f"/r{i}": Page(status=302, headers={"Location": f"/r{i + 1}"}) for i in range(6)}
    routes["/r6"] = Page(HTML)
    with serve(routes) as srv, pytest.raises(f.TooManyRedirects, match="more than 5"):
        f.fetch(f"{srv.base}/r0", allowed_hosts=LOCAL)


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "image/png",
        "application/pdf",
        "application/octet-stream",
        None,
    ],
)
def test_non_html_responses_are_refused(content_type):
    with (
        serve({"/x": Page(b"{}", content_type=content_type)}) as srv,
        pytest.raises(f.UnsupportedContentType, match="not HTML or text"),
    ):
        f.fetch(f"{srv.base}/x", allowed_hosts=LOCAL)


def test_plain_text_and_xhtml_are_accepted():
    with serve(
        {
            "/t": Page(b"just text", content_type="text/plain"),
            "/x": Page(HTML, content_type="application/xhtml+xml"),
        }
    ) as srv:
        assert f.fetch(f"{srv.base}/t", allowed_hosts=LOCAL).text == "just text"
        assert "Hello" in f.fetch(f"{srv.base}/x", allowed_hosts=LOCAL).text


def test_oversized_response_with_content_length_is_refused():
    with (
        serve({"/big": Page(b"x" * 2048)}) as srv,
        pytest.raises(f.ResponseTooLarge, match="limit is 1,000"),
    ):
        f.fetch(f"{srv.base}/big", allowed_hosts=LOCAL, max_bytes=1000)


def test_oversized_streamed_response_is_cut_off():
    body = b"<p>" + b"x" * (6 * 1024 * 1024)
    with (
        serve({"/big": Page(body, chunked=True)}) as srv,
        pytest.raises(f.ResponseTooLarge, match="larger than 5,242,880"),
    ):
        f.fetch(f"{srv.base}/big", allowed_hosts=LOCAL)


def test_gzip_bomb_is_measured_after_decompression():
    bomb = gzip.compress(b"<p>" + b"a" * 200_000)
    with (
        serve({"/z": Page(bomb, headers={"Content-Encoding": "gzip"})}) as srv,
        pytest.raises(f.ResponseTooLarge),
    ):
        f.fetch(f"{srv.base}/z", allowed_hosts=LOCAL, max_bytes=100_000)


def test_slow_server_times_out():
    with (
        serve({"/slow": Page(HTML, delay=1.5)}) as srv,
        pytest.raises(f.FetchTimeout, match=r"within 0\.5 s"),
    ):
        f.fetch(f"{srv.base}/slow", allowed_hosts=LOCAL, timeout=0.5)


def test_error_status_is_reported():
    with serve({}) as srv, pytest.raises(f.BadStatus, match="404") as err:
        f.fetch(f"{srv.base}/missing", allowed_hosts=LOCAL)
    assert err.value.status == 404


def test_connection_refused_is_a_fetch_error():
    with serve({}) as srv:
        port = srv.port
    with pytest.raises(f.ConnectionFailed):
        f.fetch(f"http://127.0.0.1:{port}/", allowed_hosts=LOCAL, timeout=2)


def test_charset_is_honoured():
    body = "<p>café</p>".encode("latin-1")
    with serve({"/l": Page(body, content_type="text/html; charset=ISO-8859-1")}) as srv:
        assert "café" in f.fetch(f"{srv.base}/l", allowed_hosts=LOCAL).text


def test_every_error_is_a_fetch_error_with_a_reason():
    for cls in (
        f.UnsupportedURL,
        f.RefusedAddress,
        f.ResolutionFailed,
        f.TooManyRedirects,
        f.FetchTimeout,
        f.ResponseTooLarge,
        f.UnsupportedContentType,
        f.BadStatus,
        f.ConnectionFailed,
    ):
        assert issubclass(cls, f.FetchError)


def test_falls_back_to_the_next_vetted_address():
    """Nothing listens on ::1 for this port, so the IPv4 answer is used (as for hosts whose
    AAAA record is unreachable from here)."""
    with serve({"/a": Page(HTML)}) as srv:
        result = f.fetch(
            f"http://dual.test:{srv.port}/a",
            allowed_hosts=["dual.test"],
            resolver=lambda h, p: ["::1", "127.0.0.1"],
        )
    assert "Hello" in result.text


TLS = Path(__file__).with_name("tls")


def _tls_context(server_names: list) -> ssl.SSLContext:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(TLS / "secure-test.crt", TLS / "secure-test.key")
    context.sni_callback = lambda _sock, name, _ctx: server_names.append(name)
    return context


def test_https_goes_to_the_vetted_address_with_the_name_as_sni():
    names: list = []
    with serve({"/a": Page(HTML)}, tls=_tls_context(names)) as srv:
        result = f.fetch(
            f"https://secure.test:{srv.port}/a",
            allowed_hosts=["secure.test"],
            resolver=lambda h, p: ["127.0.0.1"],
            ca_certs=str(TLS / "secure-test.crt"),
        )
        assert srv.seen == [("/a", f"secure.test:{srv.port}")]
    assert "Hello" in result.text
    assert names == ["secure.test"]


def test_https_certificates_are_verified():
    names: list = []
    with serve({"/a": Page(HTML)}, tls=_tls_context(names)) as srv:
        with pytest.raises(f.ConnectionFailed, match=r"TLS|certificate|SSL"):
            f.fetch(
                f"https://secure.test:{srv.port}/a",
                allowed_hosts=["secure.test"],
                resolver=lambda h, p: ["127.0.0.1"],
            )  # the system CAs do not trust it
        with pytest.raises(f.ConnectionFailed):
            # a certificate for secure.test does not vouch for another name
            f.fetch(
                f"https://other.test:{srv.port}/a",
                allowed_hosts=["other.test"],
                resolver=lambda h, p: ["127.0.0.1"],
                ca_certs=str(TLS / "secure-test.crt"),
            )
        assert srv.seen == []
