"""Save and commit: the one transaction boundary the desk and the API share.

A request (or command) does its work inside ``with unit_of_work():``; on leaving, the
session commits. Whatever goes wrong rolls everything back, so nothing is half-written, and
the two ways a concurrent writer can collide with us become the same ``Conflict`` (HTTP 409)
wherever they surface (at a flush inside a service or at the commit):

* a stale version: another request saved the same row since we read it
  (``version_id_col`` raises ``StaleDataError``);
* a uniqueness race: another request inserted the same outlet, claimant, tag or URL
  between our check and our insert (``IntegrityError``).

The desk shows the conflict beside the form, the API answers it as problem+json: never a
500. Services themselves never commit (docs/architecture.md, "Layers").
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from claimtracker.extensions import db
from claimtracker.services.errors import Conflict

# Lazy: each is shown in the language of whoever hit the collision.
STALE = _l(
    "someone else saved this at the same moment; nothing of yours was saved — reload and try again"
)
DUPLICATE = _l(
    "someone else saved the same thing at the same moment; nothing of yours was saved — try again"
)


@contextmanager
def unit_of_work() -> Iterator[None]:
    """Run the block and commit; roll back on any error. Raises Conflict for a stale
    version or a uniqueness race (see the module's docstring), anything else as it was."""
    try:
        yield
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise Conflict(STALE) from None
    except IntegrityError:
        db.session.rollback()
        raise Conflict(DUPLICATE) from None
    except BaseException:
        db.session.rollback()
        raise


def commit() -> None:
    """Commit what the session holds, with :func:`unit_of_work`'s answers on a collision."""
    with unit_of_work():
        pass
