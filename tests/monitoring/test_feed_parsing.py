"""Reading feeds (pure): RSS 2.0, RSS 1.0, Atom, news sitemaps; what is refused and why;
hostile XML (external entities, entity expansion) reads as nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from claimtracker.ingest.feeds import ATOM, RSS, SITEMAP, FeedError, parse_feed

BASE = "https://news.example/feeds/main.xml"


def test_rss_items_with_relative_links_guid_and_dates():
    feed = parse_feed(
        b"""<?xml version="1.0"?><rss version="2.0"><channel><title> The  Courier </title>
        <item><title>One</title><link>/a/one</link><pubDate>Sun, 29 Nov 2026 08:00:00
+0100</pubDate></item>
        <item><title>Two</title><guid>https://news.example/a/two</guid></item>
        <item><title>Not a page</title><link>mailto:desk@news.example</link></item>
        <item><title>Not a permalink</title><guid isPermaLink="false">tag:x</guid></item>
        </channel></rss>""",
        BASE,
    )
    assert (feed.kind, feed.title) == (RSS, "The Courier")
    assert [(e.url, e.title) for e in feed.entries] == [
        ("https://news.example/a/one", "One"),
        ("https://news.example/a/two", "Two"),
    ]
    assert feed.entries[0].published == datetime(2026, 11, 29, 7, 0, tzinfo=UTC)


def test_atom_entries_take_the_alternate_link():
    feed = parse_feed(
        b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>
        <entry><title>A</title><link rel="self" href="https://x.example/self"/>
        <link rel="alternate"
href="https://x.example/a"/><updated>2026-11-29T10:00:00Z</updated></entry>
        <entry><title>B</title><link href="b"/><published>2026-11-28</published></entry></feed>""",
        BASE,
    )
    assert (feed.kind, feed.title) == (ATOM, "Atom news")
    assert [e.url for e in feed.entries] == ["https://x.example/a", "https://news.example/feeds/b"]
    assert feed.entries[0].published == datetime(2026, 11, 29, 10, 0, tzinfo=UTC)


def test_rss1_rdf_items():
    feed = parse_feed(
        b"""<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
        xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
        <channel rdf:about="https://x.example/"><title>RDF news</title></channel>
        <item rdf:about="https://x.example/r1"><title>R1</title><link>https://x.example/r1</link>
        <dc:date>2026-11-27T09:30:00+02:00</dc:date></item></rdf:RDF>"""
    )
    assert (feed.kind, feed.title) == (RSS, "RDF news")
    assert [(e.url, e.published) for e in feed.entries] == [
        ("https://x.example/r1", datetime(2026, 11, 27, 7, 30, tzinfo=UTC))
    ]


def test_news_sitemap_titles_and_dates():
    feed = parse_feed(
        b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
        <url><loc>https://x.example/s1</loc><news:news><news:title>Sitemap story</news:title>
        <news:publication_date>2026-11-29T06:00:00Z</news:publication_date></news:news></url>
        <url><loc>https://x.example/s2</loc><lastmod>2026-11-28</lastmod></url></urlset>"""
    )
    assert feed.kind == SITEMAP
    assert [(e.url, e.title) for e in feed.entries] == [
        ("https://x.example/s1", "Sitemap story"),
        ("https://x.example/s2", ""),
    ]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "the feed is empty"),
        (b'{"items": []}', "not XML"),
        (b"<rss version='2.0'><channel><title>cut off", "not XML"),
        (b"<html><body><p>hi</p></body></html>", "a web page, not a feed"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not an RSS, Atom or sitemap document"),
        (b"<rss version='2.0'></rss>", "without a channel"),
        (
            b"<sitemapindex xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'><sitemap>"
            b"<loc>https://x.example/news.xml</loc></sitemap></sitemapindex>",
            "a sitemap index, not a sitemap: follow one of its sitemaps (the first is "
            "https://x.example/news.xml)",
        ),
    ],
)
def test_what_is_not_a_feed_is_refused_with_a_reason(body, reason):
    with pytest.raises(FeedError) as refused:
        parse_feed(body)
    assert reason in refused.value.reason


def test_an_external_entity_is_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<rss><channel><title>&x;</title><item><title>&x;</title>"
        "<link>https://x.example/1</link></item></channel></rss>"
    ).encode()
    feed = parse_feed(body)
    assert "TOP-SECRET" not in feed.title
    assert all("TOP-SECRET" not in e.title for e in feed.entries)


def test_an_entity_bomb_is_not_expanded():
    # "Billion laughs": each entity is ten of the one before; expanded, 10**9 "lol"s.
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{entities}]>'
        "<rss><channel><title>&l9;</title></channel></rss>"
    ).encode()
    try:
        feed = parse_feed(body)
    except FeedError:
        return  # refused outright: fine too
    assert len(feed.title) < 1000
