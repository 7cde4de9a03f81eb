"""Which network addresses the fetcher may connect to (pure).

A URL's host is refused when it is, or resolves to, an address that is not on the public
internet: loopback, private, shared (100.64/10), link-local (including the cloud metadata
address 169.254.169.254), multicast, reserved or unspecified. IPv6 addresses that carry an
IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo) are judged by the address they carry.
"""

from __future__ import annotations

import ipaddress
import re

from claimtracker.i18n import N_, Message

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64_NETWORKS = (
    ipaddress.IPv6Network("64:ff9b::/96"),  # RFC 6052 well-known prefix
    ipaddress.IPv6Network("64:ff9b:1::/48"),  # RFC 8215 local-use prefix
)
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")
_THIS_NETWORK = ipaddress.IPv4Network("0.0.0.0/8")

# inet_aton accepts 1 to 4 parts, each decimal, octal (leading 0) or hex (0x): "127.1",
# "0x7f000001", "0177.0.0.1" and "2130706433" all mean 127.0.0.1 to the C resolver.
_INET_ATON_PART = re.compile(r"^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$")


def parse_ipv4_loose(host: str) -> ipaddress.IPv4Address | None:
    """Parse ``host`` the way inet_aton does, or return None if it is not an IPv4 spelling."""
    parts = host.rstrip(".").split(".")
    if not 1 <= len(parts) <= 4 or not all(_INET_ATON_PART.match(p) for p in parts):
        return None
    numbers = []
    for part in parts:
        if part[:2].lower() == "0x":
            numbers.append(int(part[2:] or "0", 16))
        elif part.startswith("0") and len(part) > 1:
            numbers.append(int(part, 8))
        else:
            numbers.append(int(part))
    # The last part fills all the remaining bytes: a.b.c.d, a.b.cd, a.bcd, abcd.
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (4 - len(leading)):
        return None
    value = 0
    for n in leading:
        value = value * 256 + n
    value = value * 256 ** (4 - len(leading)) + last
    return ipaddress.IPv4Address(value)


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address ``host`` spells literally (any inet_aton form, or IPv6), else None."""
    host = host.strip("[]")
    if ":" in host:
        try:
            return ipaddress.IPv6Address(host.split("%", 1)[0])
        except ValueError:
            return None
    return parse_ipv4_loose(host)


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, NAT64, 6to4, Teredo), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if any(address in net for net in _NAT64_NETWORKS):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    # IPv4-compatible (::a.b.c.d, deprecated), but not :: or ::1 themselves.
    if int(address) >> 32 == 0 and int(address) > 1:
        return ipaddress.IPv4Address(int(address))
    return None


def refusal_reason(address: IPAddress) -> Message | None:
    """Why the fetcher must not connect to ``address`` (a Message: shown to a reviewer in
    their language), or None when it is public."""
    if isinstance(address, ipaddress.IPv6Address):
        inner = embedded_ipv4(address)
        if inner is not None:
            why = refusal_reason(inner)
            nat64 = any(address in n for n in _NAT64_NETWORKS)
            if why:
                embeds = (
                    N_("NAT64 IPv6 address %(address)s embeds %(inner)s: %(reason)s")
                    if nat64
                    else N_("IPv4-carrying IPv6 address %(address)s embeds %(inner)s: %(reason)s")
                )
                return Message(embeds, address=str(address), inner=str(inner), reason=why)
            if nat64:
                return None  # a NAT64 path to a public IPv4 address is public
    # One whole sentence per kind of address, so each language words it its own way.
    checks = (
        (address.is_unspecified, N_("%(address)s is a unspecified address")),
        (address.is_loopback, N_("%(address)s is a loopback address")),
        (
            address.is_link_local,
            N_("%(address)s is a link-local (cloud metadata lives here) address"),
        ),
        (address.is_multicast, N_("%(address)s is a multicast address")),
        (
            isinstance(address, ipaddress.IPv4Address) and address in _SHARED,
            N_("%(address)s is a shared address space (100.64.0.0/10) address"),
        ),
        (
            isinstance(address, ipaddress.IPv4Address) and address in _THIS_NETWORK,
            N_("%(address)s is a 'this network' (0.0.0.0/8) address"),
        ),
        (address.is_private, N_("%(address)s is a private address")),
        (address.is_reserved, N_("%(address)s is a reserved address")),
        (not address.is_global, N_("%(address)s is a not globally routable address")),
    )
    for refused, sentence in checks:
        if refused:
            return Message(sentence, address=str(address))
    return None
