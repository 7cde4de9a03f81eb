"""SQLAlchemy 2.0 typed models, one module per aggregate."""

from claimtracker.models._common import utcnow
from claimtracker.models.additions import AdditionKind, AdditionState, PendingAddition
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
from claimtracker.models.inbox import MessageKind, MessageStatus, ReaderMessage
from claimtracker.models.jobs import HostSlot, Job, JobState
from claimtracker.models.matching import ClaimVector, ClaimVectorSerial, MatchLabel
from claimtracker.models.monitoring import DeskFeedKey, FeedItem, FollowedFeed, RepeatMatch
from claimtracker.models.notes import Note
from claimtracker.models.pages import PageRevision
from claimtracker.models.search import SearchDocument
from claimtracker.models.site import SiteVersion
from claimtracker.models.throttle import LoginFailure, RateHit
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
    "AdditionKind",
    "AdditionState",
    "ApiToken",
    "Appearance",
    "Article",
    "ArticleVersion",
    "ArticleWatch",
    "AuditEvent",
    "Claim",
    "ClaimStatus",
    "ClaimVector",
    "ClaimVectorSerial",
    "Claimant",
    "DeskFeedKey",
    "FeedItem",
    "FollowedFeed",
    "HostSlot",
    "Job",
    "JobState",
    "LoginFailure",
    "MatchLabel",
    "MessageKind",
    "MessageStatus",
    "Note",
    "Outlet",
    "PageRevision",
    "PendingAddition",
    "QuoteChange",
    "QuoteStatus",
    "RateHit",
    "Rating",
    "ReaderMessage",
    "RepeatMatch",
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
