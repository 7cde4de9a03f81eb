"""Claims, their appearances (anchored quotes), sources and notes."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Required, TypedDict

from flask_babel import lazy_gettext as _l
from slugify import slugify
from sqlalchemy import func, select

from claimtracker.extensions import db
from claimtracker.ingest import anchors
from claimtracker.ingest.urls import InvalidURL, require_http_url, wayback_url
from claimtracker.models import (
    Appearance,
    Article,
    Claim,
    Claimant,
    ClaimStatus,
    Note,
    QuoteStatus,
    Source,
    Stance,
    Tag,
    User,
)
from claimtracker.services import audit, policies, uniques
from claimtracker.services.errors import Invalid, NotFound
from claimtracker.services.messages import lazy_reason

if TYPE_CHECKING:  # typing.Unpack is Python 3.12's; only mypy reads it here
    from typing_extensions import Unpack

SHORT_TEXT_MAX = 75
MAX_TAGS = 20


def get(claim_id: int) -> Claim:
    claim = db.session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(_l("no claim %(claim_id)s", claim_id=claim_id))
    return claim


def find_claimant(name: str) -> Claimant | None:
    """The claimant called ``name``, ignoring case and spacing, or None."""
    name = " ".join((name or "").split())[:200]
    if not name:
        return None
    return db.session.scalars(
        select(Claimant).where(func.lower(Claimant.name) == name.lower()).order_by(Claimant.id)
    ).first()


def get_or_create_claimant(name: str) -> Claimant:
    """The claimant typed: an existing one whatever its case ("kim kardashian" is Kim
    Kardashian), or a new one. Raises Invalid for an empty name."""
    name = " ".join((name or "").split())[:200]
    if not name:
        raise Invalid(_l("a claimant name is required"), field="claimant")
    known = find_claimant(name)
    if known is not None:
        return known
    # A 200-character name can slugify much longer ("中" -> "zhong"); the column is 200.
    return uniques.get_or_create(
        Claimant, "name", name, slug=slugify(name, max_length=200) or "claimant"
    )


def get_claimant(claimant_id: int) -> Claimant:
    """The claimant with this id. Raises Invalid (a form picked an unknown one)."""
    claimant = db.session.get(Claimant, claimant_id)
    if claimant is None:
        raise Invalid(
            _l("no claimant with id %(claimant_id)s", claimant_id=claimant_id), field="claimant_id"
        )
    return claimant


def all_claimants() -> list[Claimant]:
    return list(db.session.scalars(select(Claimant).order_by(Claimant.name)))


def parse_tags(raw: str | None) -> list[str]:
    """Tags typed as a comma-separated list."""
    return [t.strip() for t in (raw or "").split(",") if t.strip()]


def tags_for(names: list[str]) -> list[Tag]:
    """Tag rows for ``names`` (created as needed). Raises Invalid for too many."""
    return _tags(names)


def _tags(names: list[str]) -> list[Tag]:
    cleaned = sorted({" ".join(n.split()).lower()[:60] for n in names if n and n.strip()})
    if len(cleaned) > MAX_TAGS:
        raise Invalid(_l("at most %(most)s tags", most=MAX_TAGS), field="tags")
    existing = {t.name: t for t in db.session.scalars(select(Tag).where(Tag.name.in_(cleaned)))}
    return [existing.get(n) or uniques.get_or_create(Tag, "name", n) for n in cleaned]


def create_claim(
    actor: User | None,
    *,
    text: str,
    claimant: str | None = None,
    claimant_id: int | None = None,
    claimed_on: date | None = None,
    long_text: str | None = None,
    tags: list[str] | None = None,
    language: str = "en",
    enforce_short: bool = True,
) -> Claim:
    """Create a draft claim. Raises Invalid (empty or over-long text, unknown claimant id).

    ``enforce_short`` is False only for imports, whose publishers wrote their own text.
    """
    text = " ".join((text or "").split())
    if not text:
        raise Invalid(_l("the claim text is empty"), field="text")
    if enforce_short and len(text) > SHORT_TEXT_MAX:
        raise Invalid(
            _l(
                "the short form is %(length)s characters; keep it to %(most)s and put "
                "the rest in the long form",
                length=len(text),
                most=SHORT_TEXT_MAX,
            ),
            field="text",
        )
    if not enforce_short and len(text) > 200:
        long_text = long_text or text
        text = text[:199].rstrip() + "…"
    claimant_row = None
    if claimant_id is not None:
        claimant_row = get_claimant(claimant_id)
    elif claimant:
        claimant_row = get_or_create_claimant(claimant)
    claim = Claim(
        text=text,
        long_text=(long_text or "").strip() or None,
        claimant=claimant_row,
        claimed_on=claimed_on,
        language=language,
        status=ClaimStatus.DRAFT,
        created_by_id=actor.id if actor else None,
        tags=_tags(tags or []),
    )
    db.session.add(claim)
    db.session.flush()
    audit.record(
        actor,
        "claim.created",
        claim,
        claim_id=claim.id,
        changes={"text": text, "version": claim.version_id},
    )
    return claim


def add_appearance(
    actor: User | None,
    claim: Claim,
    article: Article,
    *,
    exact: str,
    start: int | None = None,
    speaker: str | None = None,
) -> Appearance:
    """Anchor ``exact`` in the article's snapshot and link it to the claim.

    With no snapshot (metadata-only articles) the quote is stored as given, with no
    offsets. On a published claim, editors only (``policies.check_public_change``; a
    reviewer's is held for an editor by ``services.additions``).
    Raises Forbidden; Invalid when the passage is not in the snapshot.
    """
    policies.check_public_change(claim, actor, _l("add an appearance"), field="exact")
    appearance = anchor_appearance(claim, article, exact=exact, start=start)
    appearance.claim = claim
    appearance.article = article
    appearance.speaker = clean_speaker(speaker)
    db.session.add(appearance)
    audit.record(
        actor,
        "appearance.added",
        appearance,
        claim_id=claim.id,
        changes={"article": article.url, "exact": appearance.exact},
    )
    return appearance


def clean_speaker(speaker: str | None) -> str | None:
    """A typed speaker as stored: trimmed, at most 200 characters, None when blank."""
    return (speaker or "").strip()[:200] or None


def anchor_appearance(
    claim: Claim, article: Article, *, exact: str, start: int | None = None
) -> Appearance:
    """``exact`` anchored in ``article``'s snapshot as an appearance of ``claim``, checked
    but not saved (no claim or article attached, so nothing reaches the session): the
    checks :func:`add_appearance` makes, for a caller that holds the addition instead.
    Raises Invalid (empty, not in the snapshot, already recorded)."""
    exact = (exact or "").strip()
    if not exact and article.text:
        raise Invalid(_l("the quoted passage is empty"), field="exact")
    if article.text:
        try:
            if start is not None and article.text[start : start + len(exact)] == exact:
                anchor = anchors.build(article.text, start, start + len(exact))
            else:
                anchor = anchors.anchor_passage(article.text, exact, near=start)
        except anchors.AnchorError as err:
            raise Invalid(lazy_reason(err), field="exact") from None
        appearance = Appearance(
            exact=anchor.quote.exact,
            prefix=anchor.quote.prefix,
            suffix=anchor.quote.suffix,
            start=anchor.position.start,
            end=anchor.position.end,
            quote_status=QuoteStatus.VERBATIM.value,
        )
    else:
        # No snapshot to check against: keep the passage (possibly empty) as reported.
        appearance = Appearance(exact=exact, quote_status=QuoteStatus.UNCHECKED.value)
    if appearance.start is not None and db.session.scalar(
        select(Appearance.id).where(
            Appearance.claim_id == claim.id,
            Appearance.article_id == article.id,
            Appearance.start == appearance.start,
        )
    ):
        raise Invalid(
            _l("this passage is already recorded as an appearance of the claim"), field="exact"
        )
    return appearance


class SourceGiven(TypedDict, total=False):
    """A source as a caller gives it (:func:`add_source`, ``additions.add_source``), before
    :func:`source_fields` checks it; :func:`source_fields` has the defaults."""

    url: Required[str]
    title: str
    publisher: str | None
    stance: str
    note: str | None
    archive_url: str | None
    accessed_on: date | None
    wayback: bool


def add_source(actor: User | None, claim: Claim, **given: Unpack[SourceGiven]) -> Source:
    """Attach evidence to a claim. ``wayback`` fills an empty archive URL with a link to
    the Wayback Machine's captures (not fetched). On a published claim, editors only
    (``policies.check_public_change``; a reviewer's is held for an editor by
    ``services.additions``). Raises Forbidden, Invalid (bad URL, unknown stance)."""
    policies.check_public_change(claim, actor, _l("add a source"), field="url")
    fields = source_fields(**given)
    source = Source(claim=claim, created_by_id=actor.id if actor else None, **fields)
    db.session.add(source)
    audit.record(actor, "source.added", source, claim_id=claim.id, changes={"url": source.url})
    return source


def source_fields(
    *,
    url: str,
    title: str = "",
    publisher: str | None = None,
    stance: str = Stance.CONTEXT.value,
    note: str | None = None,
    archive_url: str | None = None,
    accessed_on: date | None = None,
    wayback: bool = False,
) -> dict[str, Any]:
    """A source's columns, checked and normalised (:func:`add_source`'s arguments, the
    Wayback link filled in). Raises Invalid (bad URL, unknown stance)."""
    try:
        url = require_http_url(url)
    except InvalidURL as err:
        raise Invalid(lazy_reason(err), field="url") from None
    try:
        archive_url = require_http_url(archive_url) if archive_url else None
    except InvalidURL as err:
        raise Invalid(lazy_reason(err), field="archive_url") from None
    if wayback and not archive_url:
        archive_url = wayback_url(url)
        if len(archive_url) > 2048:  # the prefix pushes a long URL past the column
            raise Invalid(
                _l(
                    "the URL is too long for a Wayback Machine link; give an archive URL or "
                    "leave the box unticked"
                ),
                field="archive_url",
            )
    if stance not in {s.value for s in Stance}:
        raise Invalid(
            _l("stance must be supports, refutes or context, not %(stance)r", stance=stance),
            field="stance",
        )
    return {
        "url": url,
        "title": (title or url).strip()[:500],
        "publisher": (publisher or "").strip()[:300] or None,
        "stance": stance,
        "note": (note or "").strip() or None,
        "archive_url": archive_url,
        "accessed_on": accessed_on,
    }


def add_note(
    actor: User | None,
    claim: Claim,
    body: str,
    *,
    public: bool = False,
    parent_id: int | None = None,
) -> Note:
    """Add a reviewer note (internal unless ``public``; a public note on a published
    claim is for editors, ``policies.check_public_change``, a reviewer's is held for an
    editor by ``services.additions``). Raises Forbidden, Invalid."""
    if public:
        policies.check_public_change(claim, actor, _l("add a public note"), field="public")
    body = note_body(claim, body, parent_id)
    note = Note(
        claim=claim,
        body=body,
        public=public,
        parent_id=parent_id,
        author_id=actor.id if actor else None,
    )
    db.session.add(note)
    audit.record(actor, "note.added", note, claim_id=claim.id)
    return note


def note_body(claim: Claim, body: str, parent_id: int | None = None) -> str:
    """A note's body, checked (not empty, not too long) with the note it replies to (on
    this claim). Raises Invalid."""
    body = (body or "").strip()
    if not body:
        raise Invalid(_l("the note is empty"), field="body")
    if len(body) > 20_000:
        raise Invalid(_l("the note is too long"), field="body")
    if parent_id is not None:
        parent = db.session.get(Note, parent_id)
        if parent is None or parent.claim_id != claim.id:
            raise Invalid(_l("the note replied to is not on this claim"), field="parent_id")
    return body
