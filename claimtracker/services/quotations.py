"""The direct quotations in an article's snapshot, found once and kept.

``ingest.quotes.find_quotes`` reads the whole text (paragraphs, quote marks, speakers); the
desk's article page lists its answer on every view. A snapshot never changes (its SHA-256
is stored with it), so neither does the answer: it is computed the first time a process
asks for that snapshot and kept, keyed by the snapshot's hash, in a bounded cache.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from claimtracker.ingest.quotes import Quote, find_quotes
from claimtracker.models import Article

#: Snapshots whose quotations a process keeps (a long article's list is a few kB).
CACHED_SNAPSHOTS = 512

_found: OrderedDict[str, tuple[Quote, ...]] = OrderedDict()
_lock = threading.Lock()


def quotes_in(article: Article) -> tuple[Quote, ...]:
    """The article's direct quotations with their speakers, in order (none without text)."""
    if not article.text:
        return ()
    digest = article.text_sha256 or hashlib.sha256(article.text.encode()).hexdigest()
    with _lock:
        if digest in _found:
            _found.move_to_end(digest)
            return _found[digest]
    quotes = tuple(find_quotes(article.text))
    with _lock:
        _found[digest] = quotes
        while len(_found) > CACHED_SNAPSHOTS:
            _found.popitem(last=False)
    return quotes
