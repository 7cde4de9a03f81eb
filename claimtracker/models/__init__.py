"""SQLAlchemy 2.0 typed models, one module per aggregate."""

from claimtracker.models._common import utcnow
from claimtracker.models.articles import Article, Outlet
from claimtracker.models.audit import AuditEvent
from claimtracker.models.claims import (
    Appearance,
    Claim,
    Claimant,
    ClaimStatus,
    QuoteStatus,
    Source,
    Stance,
    Tag,
    claim_tag,
)
from claimtracker.models.notes import Note
from claimtracker.models.search import SearchDocument
from claimtracker.models.throttle import LoginFailure
from claimtracker.models.users import ApiToken, Role, User
from claimtracker.models.verdicts import (
    Rating,
    Verdict,
    VerdictReason,
    VerdictStatus,
    verdict_source,
)

__all__ = [
    "ApiToken",
    "Appearance",
    "Article",
    "AuditEvent",
    "Claim",
    "ClaimStatus",
    "Claimant",
    "LoginFailure",
    "Note",
    "Outlet",
    "QuoteStatus",
    "Rating",
    "Role",
    "SearchDocument",
    "Source",
    "Stance",
    "Tag",
    "User",
    "Verdict",
    "VerdictReason",
    "VerdictStatus",
    "claim_tag",
    "utcnow",
    "verdict_source",
]
