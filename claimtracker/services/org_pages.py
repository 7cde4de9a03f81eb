"""The organisation's pages: About, Methodology, Corrections policy and Contact.

The IFCN Code of Principles asks a fact checker to publish who it is and who funds it,
how it chooses and rates claims, how it corrects mistakes and how to reach it. The text is
the organisation's: admins edit it on the desk (Markdown, sanitised when shown), every save
is a new revision (history kept), and until the first save readers see a sensible default.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import format_number
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from claimtracker.extensions import db
from claimtracker.models import PageRevision, Role, User
from claimtracker.services import audit
from claimtracker.services.errors import Forbidden, Invalid, NotFound

#: The largest page text accepted (characters of Markdown).
MAX_BODY = 50_000
MAX_TITLE = 120


@dataclass(frozen=True)
class PageText:
    """What a page shows: its title and Markdown, and who saved it when (None: default)."""

    slug: str
    title: str
    body: str
    revision_id: int | None = None
    saved_at: datetime | None = None
    saved_by: str | None = None


DEFAULTS: dict[str, PageText] = {
    "about": PageText(
        "about",
        "About us",
        """We check the accuracy of claims made in public: by politicians, officials,
campaigns and the media. We are independent of the people and parties whose claims we
check, and we apply the same standards to every side.

## Who we are

Our fact checks are researched by reviewers and signed off by a second person, an editor,
before they are published. Each fact check names who researched it and who signed it off,
unless naming them would put them at risk.

## Who funds us

*An administrator should replace this paragraph with the organisation's legal status, its
funders and any funder that gave more than 5% of last year's revenue.*
""",
    ),
    "methodology": PageText(
        "methodology",
        "How we work",
        """## How we choose claims

We check claims that are widely shared or that matter to public debate, and that can be
checked against evidence: statistics, documents, recordings, or what experts on the
subject agree on. We do not rate opinions or predictions. Readers can suggest a claim.

## How we check them

A reviewer finds where the claim was made and quotes it exactly, linking to the place in
the original article. They look for the best available evidence, and they ask the person
or organisation who made the claim for theirs. Every source we rely on is listed on the
fact check, with a copy archived in case the original changes.

## How we rate them

The reviewer proposes a rating and a summary of the evidence; an editor, a second person,
reviews the work and signs it off before anything is published. The ratings we use are
listed below.
""",
    ),
    "corrections": PageText(
        "corrections",
        "Corrections policy",
        """We make mistakes, and we correct them openly.

When we find an error, or a reader shows us one, we publish a correction on the fact
check itself: the new rating or text, the date and a note saying what changed and why. We
never silently rewrite a verdict; every earlier version stays listed in the fact check's
history.

If a fact check changes because new evidence appeared, rather than because we were wrong,
we call it an update.

To tell us about a mistake, use "Report an error" at the bottom of any fact check, or see
our contact page. We answer every report.
""",
    ),
    "contact": PageText(
        "contact",
        "Contact us",
        """To report an error in one of our fact checks, use "Report an error" on its page.
To suggest a claim we should check, use "Suggest a claim".

*An administrator should add the organisation's postal address and an email address for
the editor here.*
""",
    ),
}

#: The pages in the order the footer lists them.
SLUGS = tuple(DEFAULTS)


def _check_slug(slug: str) -> None:
    if slug not in DEFAULTS:
        raise NotFound(_l("no organisation page %(slug)r", slug=slug))


def current(slug: str) -> PageText:
    """The page as readers see it now: the newest revision, or the default. One query."""
    _check_slug(slug)
    row = db.session.execute(
        select(PageRevision, User.name)
        .outerjoin(User, User.id == PageRevision.author_id)
        .where(PageRevision.slug == slug)
        .order_by(PageRevision.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return DEFAULTS[slug]
    revision, name = row
    return PageText(slug, revision.title, revision.body, revision.id, revision.created_at, name)


def history(slug: str) -> list[PageRevision]:
    """Every saved revision of a page, newest first (authors loaded)."""
    _check_slug(slug)
    return list(
        db.session.scalars(
            select(PageRevision)
            .where(PageRevision.slug == slug)
            .options(joinedload(PageRevision.author))
            .order_by(PageRevision.id.desc())
        )
    )


def revision(slug: str, revision_id: int) -> PageRevision:
    """One saved revision of a page. Raises NotFound."""
    _check_slug(slug)
    found = db.session.get(PageRevision, revision_id)
    if found is None or found.slug != slug:
        raise NotFound(
            _l("no revision %(revision_id)s of %(slug)s", revision_id=revision_id, slug=slug)
        )
    return found


def save(actor: User, slug: str, title: str, body: str) -> PageRevision:
    """Save a new revision of a page (admins only; the caller commits). Raises
    Forbidden, NotFound or Invalid (empty or over-long title or text, NUL characters)."""
    if actor.role < Role.ADMIN:
        raise Forbidden(_l("only admins edit the organisation's pages"))
    _check_slug(slug)
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise Invalid(_l("give the page a title"), field="title")
    if len(title) > MAX_TITLE:
        raise Invalid(
            _l("the title is longer than %(most)s characters", most=MAX_TITLE), field="title"
        )
    if not body:
        raise Invalid(_l("the page needs some text"), field="body")
    if len(body) > MAX_BODY:
        raise Invalid(
            _l("the text is longer than %(most)s characters", most=format_number(MAX_BODY)),
            field="body",
        )
    if "\x00" in title + body:
        raise Invalid(_l("the text contains a NUL character"), field="body")
    page = PageRevision(slug=slug, title=title, body=body, author_id=actor.id)
    db.session.add(page)
    audit.record(actor, "page.saved", page, changes={"slug": slug, "title": title})
    return page
