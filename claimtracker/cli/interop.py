"""``claimtracker import`` and ``claimtracker export``: ClaimReview in, claims out."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_babel import gettext
from tqdm import tqdm

from claimtracker.claimreview.parse import DocumentError, load_document
from claimtracker.cli.common import needs_database
from claimtracker.services import claimreview_import, export, match_labels
from claimtracker.services.messages import translated


@click.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--quiet", is_flag=True, help="Print only the totals, not one line per item.")
@with_appcontext
@needs_database
def import_command(files: tuple[str, ...], quiet: bool) -> None:
    """Import ClaimReview from JSON-LD, DataFeed or HTML FILEs.

    Each review is imported, updated (same review URL) or skipped with a reason; a bad
    review never stops the others. Exits 1 when a file cannot be read or is not JSON/HTML.
    """
    totals = {"imported": 0, "updated": 0, "skipped": 0}
    unreadable = 0
    for name in files:
        try:
            nodes = load_document(Path(name).read_bytes())
        except (OSError, DocumentError) as err:
            click.echo(
                gettext("%(file)s: not imported: %(reason)s", file=name, reason=translated(err)),
                err=True,
            )
            unreadable += 1
            continue
        with tqdm(
            total=len(nodes), desc=Path(name).name, unit="review", disable=None, file=sys.stderr
        ) as bar:
            reports = claimreview_import.import_nodes(nodes, None, progress=bar.update)
        for report in reports:
            totals[report.status] += 1
            if not quiet:
                click.echo(f"{name}: {report.line()}")
        if not nodes:
            click.echo(gettext("%(file)s: no ClaimReview found", file=name))
    click.echo(
        gettext(
            "%(imported)s imported, %(updated)s updated, %(skipped)s skipped; "
            "%(unreadable)s file(s) unreadable.",
            unreadable=unreadable,
            **totals,
        )
        if unreadable
        else gettext("%(imported)s imported, %(updated)s updated, %(skipped)s skipped.", **totals)
    )
    if totals["imported"]:
        click.echo(
            gettext(
                "Claim-matching vectors of the new claims are queued for the worker "
                "(`claimtracker worker`; `claimtracker worker --burst` embeds them now)."
            ),
            err=True,
        )
    if unreadable:
        sys.exit(1)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    # match-labels is the desk's own data, not a public format: services.match_labels.
    type=click.Choice([*export.FORMATS, "match-labels"]),
    default="claimreview",
    show_default=True,
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here instead of standard output.",
)
@click.option(
    "--base-url",
    default=None,
    help="Public address of this site, for claim URLs (default: ORGANISATION_URL; one is needed).",
)
@with_appcontext
@needs_database
def export_command(fmt: str, output: str | None, base_url: str | None) -> None:
    """Write every published claim as ClaimReview (a DataFeed), CSV or JSON, or the desk's
    match labels (match-labels: one JSON object a line)."""
    base = (base_url or current_app.config["ORGANISATION_URL"] or "").rstrip("/")
    if not base and fmt != "match-labels":
        # No request to follow here: a guessed address would go out in every claim URL.
        raise click.ClickException(
            gettext(
                "export needs the site's public address: pass --base-url or set ORGANISATION_URL"
            )
        )
    # Claim URLs are the canonical pages, built with url_for: a request context at `base`
    # (match labels name no page of ours, so any base will do for them).
    with current_app.test_request_context("/", base_url=base or "http://localhost"):
        text = "".join(match_labels.export_lines()) if fmt == "match-labels" else export.render(fmt)
    if output:
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise click.ClickException(
                gettext("export not written: %(reason)s", reason=err)
            ) from None
        click.echo(gettext("Wrote %(path)s.", path=output), err=True)
    else:
        click.echo(text, nl=not text.endswith("\n"))
