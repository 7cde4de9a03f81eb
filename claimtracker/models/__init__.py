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
from claimtracker.models.jobs import HostSlot, Job, JobState
from claimtracker.models.notes import Note
from claimtracker.models.search import SearchDocument
from claimtracker.models.site import SiteVersion
from claimtracker.models.throttle import LoginFailure
from claimtracker.models.users import ApiToken, Role, User
from claimtracker.models.verdicts import (
    Rating,
    Verdict,
    VerdictReason,
    VerdictStatus,
    verdict_source,
)
from claimtracker.models.watch import ArticleVersion, ArticleWatch, QuoteChange

__all__ = [
    "ApiToken",
    "Appearance",
    "Article",
    "ArticleVersion",
    "ArticleWatch",
    "AuditEvent",
    "Claim",
    "ClaimStatus",
    "Claimant",
    "HostSlot",
    "Job",
    "JobState",
    "LoginFailure",
    "Note",
    "Outlet",
    "QuoteChange",
    "QuoteStatus",
    "Rating",
    "Role",
    "SearchDocument",
    "SiteVersion",
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
