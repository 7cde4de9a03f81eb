"""The sitemap (https://www.sitemaps.org/protocol.html), pure over URLs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from xml.etree import ElementTree as ET

from claimtracker.publishing.dates import zulu
from claimtracker.publishing.xml import document, sub

SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(pages: Iterable[str], claims: Iterable[tuple[str, datetime]]) -> str:
    """Fixed ``pages`` (no date), then claim pages as (URL, last modified)."""
    ET.register_namespace("", SITEMAP)
    s = f"{{{SITEMAP}}}"
    root = ET.Element(s + "urlset")
    for page in pages:
        sub(sub(root, s + "url"), s + "loc", page)
    for url, updated in claims:
        entry = sub(root, s + "url")
        sub(entry, s + "loc", url)
        sub(entry, s + "lastmod", zulu(updated))
    return document(root)
