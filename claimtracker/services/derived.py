"""Derived indexes after bulk writes: the one hook every bulk writer calls.

Ordinary writes keep derived data in step through ORM listeners (the search index on
every flush). Bulk writers (ClaimReview import, ``claimtracker seed``) write with Core
statements, which those listeners never see, so they call :func:`after_bulk_write` once
per batch with the claim ids they touched, inside the same transaction. Anything else
derived from claims (the search index here; claim-matching vectors, say) registers a
rebuild function with :func:`register`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Connection

Rebuild = Callable[[Connection, list[int]], object]
_rebuilders: list[Rebuild] = []
_later: dict[Rebuild, Rebuild] = {}


def register(rebuild: Rebuild) -> Rebuild:
    """Add ``rebuild(conn, claim_ids)`` to what runs after every bulk write (idempotent);
    usable as a decorator."""
    if rebuild not in _rebuilders:
        _rebuilders.append(rebuild)
    return rebuild


def register_later(rebuild: Rebuild, later: Rebuild) -> None:
    """What a bulk writer that asks for ``defer=True`` runs instead of ``rebuild``:
    ``later(conn, claim_ids)`` queues the work (a job) in the caller's transaction."""
    _later[rebuild] = later


def after_bulk_write(
    conn: Connection,
    claim_ids: Iterable[int],
    *,
    search: bool = True,
    others: bool = True,
    defer: bool = False,
) -> None:
    """Bring every derived index up to date for ``claim_ids``, in the caller's transaction
    (``search=False``: the caller wrote the search documents itself; ``others=False``:
    leave the registered ones, such as matching vectors, to ``claimtracker reindex``;
    ``defer=True``: a registered rebuild with a ``later`` queues its work instead)."""
    ids = sorted(set(claim_ids))
    if not ids:
        return
    if search:
        from claimtracker.services import search_index

        search_index.refresh(conn, ids)
    for rebuild in _rebuilders if others else []:
        (_later.get(rebuild, rebuild) if defer else rebuild)(conn, ids)
