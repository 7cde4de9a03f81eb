"""The ``claimtracker`` console script: a Flask CLI group over the same services.

One module per topic: ``database`` (init, demo, backup, reindex), ``accounts`` (users,
tokens), ``following`` (the feeds monitoring polls), ``interop`` (ClaimReview import,
export) and ``seed`` (synthetic bulk data). Each
command calls the services the web and the API call, so every write path is the same.
"""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import FlaskGroup

from claimtracker.config import ConfigError


def _create_app() -> Flask:
    from claimtracker import create_app

    try:
        return create_app()
    except ConfigError as err:
        click.echo(f"Error: {err}", err=True)
        sys.exit(2)


def register_commands(app: Flask) -> None:
    """Attach the project's commands to ``app.cli``."""
    from claimtracker.cli.accounts import tokens_group, users_group
    from claimtracker.cli.database import (
        backup_command,
        demo_command,
        init_command,
        reindex_command,
    )
    from claimtracker.cli.following import follow_group
    from claimtracker.cli.interop import export_command, import_command
    from claimtracker.cli.jobs import recheck_command, worker_command
    from claimtracker.cli.seed import seed_command

    for command in (
        init_command,
        demo_command,
        users_group,
        tokens_group,
        import_command,
        export_command,
        backup_command,
        reindex_command,
        seed_command,
        worker_command,
        recheck_command,
        follow_group,
    ):
        app.cli.add_command(command)


cli = FlaskGroup(create_app=_create_app, add_default_commands=True, help=__doc__.split("\n")[0])


def main() -> None:
    """Console-script entry point."""
    cli.main(prog_name="claimtracker")
