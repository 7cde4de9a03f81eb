"""Reading an outlet's feed: RSS 2.0, RSS 1.0, Atom, or a (news) sitemap (pure).

Parsed with lxml's XML parser set up for untrusted input: no DTD loading, no entity
expansion, no network, no "huge tree" (lxml's own limits on depth and text size stay on),
so an entity bomb or an external entity reference reads as nothing. Anything that is not
one of the four kinds raises :class:`FeedError` with a reason a person can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree

from claimtracker.i18n import N_, Message

RSS, ATOM, SITEMAP = "rss", "atom", "sitemap"
#: Content types a feed may be served with (many servers send text/xml or text/plain).
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "text/plain",
    }
)
#: What a poll asks for.
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
)
#: Items read from one document at most (a sitemap may list 50,000 URLs).
MAX_ITEMS = 500

_ATOM_NS = "http://www.w3.org/2005/Atom"
_RSS1_NS = "http://purl.org/rss/1.0/"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_DC_NS = "http://purl.org/dc/elements/1.1/"
_RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


class FeedError(ValueError):
    """The document is not a feed we can read; ``reason`` says why (a Message)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class FeedEntry:
    """One item: the article's URL (absolute, http or https), its title and date if given."""

    url: str
    title: str = ""
    published: datetime | None = None


@dataclass(frozen=True)
class Feed:
    kind: str
    title: str
    entries: list[FeedEntry]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _local(tag: object) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _ns(tag: object) -> str | None:
    return etree.QName(tag).namespace if isinstance(tag, str) else None


def _text(node: etree._Element | None) -> str:
    if node is None:
        return ""
    return " ".join("".join(node.itertext()).split())


def _child(node: etree._Element, name: str, ns: str | None = None) -> etree._Element | None:
    for child in node:
        if _local(child.tag) == name and (ns is None or _ns(child.tag) == ns):
            return child
    return None


def parse_date(value: str) -> datetime | None:
    """An RFC 822 (RSS) or RFC 3339 / W3C (Atom, sitemaps) date, in UTC; None if unreadable."""
    value = (value or "").strip()
    if not value:
        return None
    found: datetime | None
    try:
        found = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        try:
            found = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    if found is None:
        return None
    return found.replace(tzinfo=UTC) if found.tzinfo is None else found.astimezone(UTC)


def _entry(base: str, link: str, title: str, date: str) -> FeedEntry | None:
    url = urljoin(base, link.strip()) if link.strip() else ""
    if urlsplit(url).scheme not in {"http", "https"} or len(url) > 2048:
        return None  # a mailto:, a relative link without base, a javascript: URL ...
    return FeedEntry(url, title[:500], parse_date(date))


def _rss(root: etree._Element, base: str) -> Feed:
    channel = _child(root, "channel")
    if channel is None:
        raise FeedError(Message(N_("an RSS document without a channel")))
    entries = []
    for item in channel.iter():
        if _local(item.tag) != "item":
            continue
        link = _text(_child(item, "link"))
        guid = _child(item, "guid")
        if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
            link = _text(guid)
        found = _entry(
            base,
            link,
            _text(_child(item, "title")),
            _text(_child(item, "pubDate")) or _text(_child(item, "date", _DC_NS)),
        )
        if found:
            entries.append(found)
    return Feed(RSS, _text(_child(channel, "title")), entries)


def _rdf(root: etree._Element, base: str) -> Feed:
    channel = _child(root, "channel", _RSS1_NS)
    entries = []
    for item in root:
        if _local(item.tag) == "item" and _ns(item.tag) == _RSS1_NS:
            found = _entry(
                base,
                _text(_child(item, "link", _RSS1_NS)) or item.get(f"{{{_RDF_NS}}}about", ""),
                _text(_child(item, "title", _RSS1_NS)),
                _text(_child(item, "date", _DC_NS)),
            )
            if found:
                entries.append(found)
    title = _text(_child(channel, "title", _RSS1_NS)) if channel is not None else ""
    return Feed(RSS, title, entries)


def _atom(root: etree._Element, base: str) -> Feed:
    entries = []
    for item in root:
        if _local(item.tag) != "entry" or _ns(item.tag) != _ATOM_NS:
            continue
        links = [c for c in item if _local(c.tag) == "link" and _ns(c.tag) == _ATOM_NS]
        alternate = [c for c in links if c.get("rel", "alternate") == "alternate"]
        href = (alternate or links)[0].get("href", "") if links else ""
        found = _entry(
            base,
            href,
            _text(_child(item, "title", _ATOM_NS)),
            _text(_child(item, "published", _ATOM_NS)) or _text(_child(item, "updated", _ATOM_NS)),
        )
        if found:
            entries.append(found)
    return Feed(ATOM, _text(_child(root, "title", _ATOM_NS)), entries)


def _sitemap(root: etree._Element, base: str) -> Feed:
    entries = []
    for item in root:
        if _local(item.tag) != "url":
            continue
        news = _child(item, "news", _NEWS_NS)
        title = _text(_child(news, "title", _NEWS_NS)) if news is not None else ""
        date = _text(_child(news, "publication_date", _NEWS_NS)) if news is not None else ""
        found = _entry(
            base, _text(_child(item, "loc")), title, date or _text(_child(item, "lastmod"))
        )
        if found:
            entries.append(found)
    return Feed(SITEMAP, "", entries)


def parse_feed(body: bytes, url: str = "") -> Feed:
    """Read ``body`` as a feed; relative links are resolved against ``url``. Items come in
    document order, at most :data:`MAX_ITEMS`. Raises FeedError."""
    if not body.strip():
        raise FeedError(Message(N_("the feed is empty")))
    try:
        root = etree.fromstring(body, _parser())
    except etree.XMLSyntaxError as err:
        raise FeedError(Message(N_("not XML: %(error)s"), error=err.msg or err)) from None
    if root is None:
        raise FeedError(Message(N_("not XML: no document element")))
    name, ns = _local(root.tag), _ns(root.tag)
    if name == "rss":
        feed = _rss(root, url)
    elif name == "RDF":
        feed = _rdf(root, url)
    elif name == "feed" and ns == _ATOM_NS:
        feed = _atom(root, url)
    elif name == "urlset":
        feed = _sitemap(root, url)
    elif name == "sitemapindex":
        first = next((_text(_child(s, "loc")) for s in root if _local(s.tag) == "sitemap"), "")
        raise FeedError(
            Message(
                N_(
                    "a sitemap index, not a sitemap: follow one of its sitemaps "
                    "(the first is %(first)s)"
                ),
                first=first,
            )
            if first
            else Message(N_("a sitemap index, not a sitemap: follow one of its sitemaps"))
        )
    elif name == "html":
        raise FeedError(Message(N_("a web page, not a feed: follow its RSS or Atom link")))
    else:
        raise FeedError(
            Message(
                N_("not an RSS, Atom or sitemap document (it starts with <%(name)s>)"), name=name
            )
        )
    return Feed(feed.kind, feed.title[:300], feed.entries[:MAX_ITEMS])
