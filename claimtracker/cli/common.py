"""What every command shares: failing cleanly, and the role names."""

from __future__ import annotations

import click

from claimtracker.extensions import db
from claimtracker.models import Role

ROLE_CHOICES = click.Choice([r.label for r in Role], case_sensitive=False)


def fail(message: str) -> None:
    """Roll back and exit non-zero with a message (nothing half-written)."""
    db.session.rollback()
    raise click.ClickException(message)
