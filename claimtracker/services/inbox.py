"""Readers talk back: "Report an error" on a claim and "Suggest a claim to check".

Readers need no account. What they send lands in the desk's inbox (new -> triaged ->
answered or closed) and is never shown on a public page. A per-address limit counted in
the database (services.throttle, shared by every worker) keeps one sender from flooding
the desk; the web form adds CSRF, a honeypot field and a size limit.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import current_app
from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from claimtracker.extensions import db
from claimtracker.ingest.urls import InvalidURL, require_http_url
from claimtracker.models import (
    Claim,
    MessageKind,
    MessageStatus,
    ReaderMessage,
    Role,
    User,
)
from claimtracker.services import audit, claims, throttle
from claimtracker.services.errors import Conflict, Forbidden, Invalid, NotFound
from claimtracker.services.messages import lazy_reason

#: The throttle's scope for readers' messages.
SCOPE = "reader-message"
MAX_CONTACT = 200
MAX_URL = 2048
#: Where a status may go next. A closed or answered message can be reopened (triaged).
NEXT = {
    MessageStatus.NEW: {MessageStatus.TRIAGED, MessageStatus.ANSWERED, MessageStatus.CLOSED},
    MessageStatus.TRIAGED: {MessageStatus.ANSWERED, MessageStatus.CLOSED},
    MessageStatus.ANSWERED: {MessageStatus.TRIAGED, MessageStatus.CLOSED},
    MessageStatus.CLOSED: {MessageStatus.TRIAGED},
}


class RateLimited(Exception):
    """This address sent its allowance of messages within the window."""


def max_chars(config: Mapping[str, Any] | None = None) -> int:
    """The longest message accepted (READER_MESSAGE_MAX_CHARS)."""
    return int((config or current_app.config)["READER_MESSAGE_MAX_CHARS"])


def _clean(text: str | None, limit: int, field: str, *, required: bool = False) -> str | None:
    value = (text or "").strip()
    if "\x00" in value:
        raise Invalid(_l("the text contains a NUL character"), field=field)
    if required and not value:
        raise Invalid(_l("please write something"), field=field)
    if len(value) > limit:
        raise Invalid(
            _l(
                "keep it under %(limit)s characters (this is %(length)s)",
                limit=format_number(limit),
                length=format_number(len(value)),
            ),
            field=field,
        )
    return value or None


def _count(address: str) -> None:
    config = current_app.config
    if not throttle.allow(
        SCOPE,
        address,
        int(config["READER_MESSAGES_PER_ADDRESS"]),
        int(config["READER_MESSAGES_WINDOW_SECONDS"]),
    ):
        raise RateLimited


def published_claim_text(claim_id: int) -> str | None:
    """The text of a published claim, or None (the report form names the claim)."""
    return db.session.scalar(select(Claim.text).where(Claim.id == claim_id, Claim.is_published))


def report_error(claim_id: int, body: str, contact: str | None, address: str) -> ReaderMessage:
    """A reader's error report on a published claim. Raises NotFound (no such published
    claim), Invalid or RateLimited. The caller commits."""
    claim = db.session.scalar(select(Claim).where(Claim.id == claim_id, Claim.is_published))
    if claim is None:
        raise NotFound(_l("no published claim %(claim_id)s", claim_id=claim_id))
    text = _clean(body, max_chars(), "body", required=True)
    who = _clean(contact, MAX_CONTACT, "contact")
    _count(address)
    message = ReaderMessage(
        kind=MessageKind.REPORT.value, claim_id=claim.id, body=text or "", contact=who
    )
    db.session.add(message)
    audit.record(None, "inbox.received", message, claim_id=claim.id, changes={"kind": "report"})
    return message


def suggest_claim(body: str, url: str | None, contact: str | None, address: str) -> ReaderMessage:
    """A reader's suggestion of a claim to check. Raises Invalid or RateLimited."""
    text = _clean(body, max_chars(), "body", required=True)
    link = _clean(url, MAX_URL, "url")
    if link:
        try:
            link = require_http_url(link)
        except InvalidURL as err:
            raise Invalid(
                _l("%(reason)s; or leave it empty", reason=lazy_reason(err)), field="url"
            ) from None
    who = _clean(contact, MAX_CONTACT, "contact")
    _count(address)
    message = ReaderMessage(
        kind=MessageKind.SUGGESTION.value, body=text or "", url=link, contact=who
    )
    db.session.add(message)
    audit.record(None, "inbox.received", message, changes={"kind": "suggestion"})
    return message


def waiting() -> int:
    """How many messages are new (the desk's count)."""
    return (
        db.session.scalar(
            select(func.count()).where(ReaderMessage.status == MessageStatus.NEW.value)
        )
        or 0
    )


def listing(status: str | None = None, limit: int = 200) -> list[ReaderMessage]:
    """Messages, newest first, optionally of one status (claims loaded)."""
    stmt = (
        select(ReaderMessage)
        .options(joinedload(ReaderMessage.claim), joinedload(ReaderMessage.draft_claim))
        .order_by(ReaderMessage.id.desc())
        .limit(limit)
    )
    if status:
        stmt = stmt.where(ReaderMessage.status == status)
    return list(db.session.scalars(stmt))


def counts() -> dict[str, int]:
    """Messages per status."""
    rows = db.session.execute(
        select(ReaderMessage.status, func.count()).group_by(ReaderMessage.status)
    )
    found = {status: n for status, n in rows}
    return {s.value: found.get(s.value, 0) for s in MessageStatus}


def get(message_id: int) -> ReaderMessage:
    """One message. Raises NotFound."""
    message = db.session.get(ReaderMessage, message_id)
    if message is None:
        raise NotFound(_l("no message %(message_id)s", message_id=message_id))
    return message


def _desk(actor: User) -> None:
    if actor.role < Role.REVIEWER:
        raise Forbidden(_l("only the desk handles readers' messages"))


def set_status(actor: User, message: ReaderMessage, status: str, note: str | None) -> None:
    """Move a message on (new -> triaged -> answered/closed), with an optional desk note
    (kept internal). Raises Invalid for a move the workflow does not allow."""
    _desk(actor)
    try:
        target = MessageStatus(status)
    except ValueError:
        raise Invalid(_l("unknown status %(status)r", status=status), field="status") from None
    current = MessageStatus(message.status)
    if target != current and target not in NEXT[current]:
        raise Invalid(
            _l("a %(current)s message cannot become %(target)s", current=current, target=target),
            field="status",
        )
    text = _clean(note, 5000, "note")
    changes: dict[str, Any] = {"status": [current.value, target.value]}
    if text and text != message.desk_note:
        message.desk_note = text
        changes["note"] = True
    message.status = target.value
    message.handled_by_id = actor.id
    audit.record(actor, "inbox.status", message, claim_id=message.claim_id, changes=changes)


def make_draft(actor: User, message: ReaderMessage) -> Claim:
    """Turn a suggestion into a draft claim in one step: the first sentence (cut to the
    short form's length) as its text, the whole suggestion as its long form. The message
    is marked triaged and linked to the draft. Raises Invalid or Conflict (already done)."""
    _desk(actor)
    if message.kind != MessageKind.SUGGESTION.value:
        raise Invalid(_l("only a suggestion becomes a claim"), field="kind")
    if message.draft_claim_id is not None:
        raise Conflict(_l("this suggestion is already a draft claim"))
    words = " ".join(message.body.split())
    short = words if len(words) <= claims.SHORT_TEXT_MAX else _shorten(words)
    claim = claims.create_claim(
        actor, text=short, long_text=words if short != words else None, tags=["suggested"]
    )
    db.session.flush()
    message.draft_claim_id = claim.id
    if message.status == MessageStatus.NEW.value:
        message.status = MessageStatus.TRIAGED.value
    message.handled_by_id = actor.id
    audit.record(actor, "inbox.drafted", message, claim_id=claim.id, changes={"claim": claim.id})
    return claim


def _shorten(text: str) -> str:
    limit = claims.SHORT_TEXT_MAX - 1
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:") + "…"
