"""Background jobs: the database row is the truth, the queue only rings a doorbell.

A job is ``pending`` until a worker claims it (``running``, with a lease), then ``done`` or,
once its attempts are spent, ``failed``. See :mod:`claimtracker.jobs`.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from claimtracker.models._common import Model, created_at_column, utcnow


class JobState(enum.StrEnum):
    PENDING = "pending"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class Job(Model):
    __tablename__ = "job"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Which handler runs it (see claimtracker.jobs.registry), e.g. "article.fetch".
    kind: Mapped[str] = mapped_column(String(60), index=True)
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[str] = mapped_column(String(10), default=JobState.PENDING.value, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=5)
    #: A pending job is not run before this time (backoff, politeness, schedules).
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    #: A running job whose lease has passed is taken to have lost its worker.
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Set on each claim; a worker may finish the job only while the token is still its own.
    claim_token: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(Text)
    progress_done: Mapped[int] = mapped_column(Integer, default=0)
    progress_total: Mapped[int | None] = mapped_column(Integer)
    #: What the handler returned (e.g. {"article_id": 7}); shown on the desk's job page.
    result: Mapped[dict | None] = mapped_column(JSON)
    #: At most one unfinished job per key (e.g. one fetch per canonical URL).
    dedupe_key: Mapped[str | None] = mapped_column(String(300), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class HostSlot(Model):
    """Politeness per host, shared by every worker: when the next request may go out, and
    the host's robots.txt as last read."""

    __tablename__ = "host_slot"

    host: Mapped[str] = mapped_column(String(253), primary_key=True)
    next_request_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    robots_txt: Mapped[str | None] = mapped_column(Text)
    #: "allow" (no usable robots.txt: 4xx), "disallow" (5xx/unreachable, RFC 9309), "parsed".
    robots_mode: Mapped[str | None] = mapped_column(String(10))
    robots_fetched_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
