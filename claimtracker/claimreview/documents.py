"""Find review objects in JSON-LD documents and HTML pages (pure).

Read: a bare object, a list, an ``@graph``, a DataFeed (``dataFeedElement[].item[]``, where
``item`` may be a list or null), and HTML pages' ``<script type="application/ld+json">``
blocks; anything else in them is ignored.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from typing import Any

from claimtracker.i18n import N_, Message

MAX_DEPTH = 8
NESTING_KEYS = ("mainEntity", "review", "hasPart")
_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")


class DocumentError(ValueError):
    """The input is neither JSON nor HTML with JSON-LD: nothing in it can be imported."""


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def types_of(node: Any) -> set[str]:
    """The node's schema.org types, lowercased, prefixes removed (``@type`` or ``type``)."""
    if not isinstance(node, dict):
        return set()
    raw = node.get("@type", node.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    out = set()
    for value in values:
        if isinstance(value, str):
            for prefix in _SCHEMA_PREFIXES:
                value = value.removeprefix(prefix)
            out.add(value.strip().lower())
    return out


def find_reviews(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every review-like node (ClaimReview, MediaReview, Review) in ``data``, in order.

    MediaReview and plain Review are yielded too, so the importer can report them as
    skipped with a reason instead of silently ignoring them.
    """
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from find_reviews(item, depth + 1)
        return
    if not isinstance(data, dict):
        return
    if types_of(data) & {"claimreview", "mediareview"}:
        yield data
        return
    if "@graph" in data:
        yield from find_reviews(data["@graph"], depth + 1)
    for key in NESTING_KEYS:
        # A page's NewsArticle or WebPage may carry its ClaimReview inside.
        if key in data:
            yield from find_reviews(data[key], depth + 1)
    if "dataFeedElement" in data:
        for element in as_list(data["dataFeedElement"]):
            if isinstance(element, dict):
                # In the DataCommons feed, ``item`` is a list of ClaimReviews or null.
                yield from find_reviews(element.get("item"), depth + 1)
            else:
                yield from find_reviews(element, depth + 1)


def ld_json_blocks(html: str) -> list[Any]:
    """The parsed ``<script type="application/ld+json">`` blocks of an HTML page.

    Blocks that are not valid JSON are left out: a page's other broken markup must not
    stop its ClaimReview from being read.
    """
    import lxml.html  # lxml comes with trafilatura; imported here to keep JSON-only use light

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return []
    blocks = []
    for script in tree.iter("script"):
        kind = (script.get("type") or "").split(";")[0].strip().lower()
        if kind != "application/ld+json":
            continue
        body = (script.text or "").strip()
        # Some CMSs wrap the JSON in an HTML comment or CDATA section.
        body = re.sub(r"^(<!--|<!\[CDATA\[)|(-->|\]\]>)$", "", body).strip()
        try:
            blocks.append(json.loads(body, strict=False))
        except ValueError:
            continue
    return blocks


def _loads(text: str) -> Any:
    """``json.loads`` without the cycle collector: a feed of 100,000 reviews is some three
    million containers and no cycle, and the collector's full passes over them while
    they were made took half the load's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return json.loads(text, strict=False)
    finally:
        if enabled:
            gc.enable()


def load_document(content: bytes | str) -> list[dict[str, Any]]:
    """The review nodes in a JSON or HTML document. Raises DocumentError when the content
    is neither JSON nor HTML."""
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as err:
            raise DocumentError(Message(N_("the file is not UTF-8 text"))) from err
    text = content.lstrip("\ufeff").strip()
    if not text:
        raise DocumentError(Message(N_("the file is empty")))
    try:
        if text[0] in "[{":
            try:
                return list(find_reviews(_loads(text)))
            except ValueError as err:
                raise DocumentError(
                    Message(N_("the file is not valid JSON: %(error)s"), error=err)
                ) from None
        if text.startswith("<"):
            return list(find_reviews(ld_json_blocks(text)))
    except RecursionError:
        # json.loads and the recursive walk both give up at ~1,000 levels ("[[[[...").
        raise DocumentError(
            Message(N_("the file is nested too deeply to be a ClaimReview"))
        ) from None
    raise DocumentError(Message(N_("the file is neither JSON nor HTML")))
