"""The faithfulness scale (a verdict's second axis), read from the FIDELITY setting.

Unlike the rating scale it has no table: a verdict stores the value and the label as
they read when it was judged, so history keeps its words when the scale is renamed, and
the scale is the setting alone. "Not assessed" is no entry of the scale: it is a verdict
with no fidelity, offered on every form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from slugify import slugify

from claimtracker.alignment.fidelity import FIDELITY_SCALE, NOT_ASSESSED
from claimtracker.services.errors import Invalid

NOT_ASSESSED_LABEL = "Not assessed"


@dataclass(frozen=True)
class Grade:
    """One step of the faithfulness scale."""

    value: str
    label: str
    description: str


def validate_scale(scale: Any) -> None:
    """Refuse a malformed FIDELITY setting with a message naming the problem. Raises Invalid."""
    if not isinstance(scale, list) or not scale:
        raise Invalid(_l("FIDELITY must be a non-empty list of {value, label, description}"))
    seen: set[str] = set()
    for item in scale:
        label = item.get("label") if isinstance(item, dict) else None
        if not isinstance(label, str) or not label.strip():
            raise Invalid(_l("every fidelity grade needs a label: %(item)r", item=item))
        value = item.get("value") or slugify(label)
        if value in seen or value == NOT_ASSESSED:
            raise Invalid(
                _l("the fidelity grade %(label)r appears twice or is reserved", label=label)
            )
        seen.add(value)


def scale() -> list[Grade]:
    """The configured grades in order ("Not assessed" not among them)."""
    configured = current_app.config.get("FIDELITY")
    if configured is None:
        return [Grade(v, label, d) for v, label, d in FIDELITY_SCALE if v != NOT_ASSESSED]
    validate_scale(configured)
    return [
        Grade(
            str(item.get("value") or slugify(item["label"])),
            str(item["label"]),
            str(item.get("description", "")),
        )
        for item in configured
    ]


def choices() -> list[tuple[str, str]]:
    """(value, label) for a form or a document: "Not assessed" first, then the scale."""
    return [(NOT_ASSESSED, NOT_ASSESSED_LABEL)] + [(g.value, g.label) for g in scale()]


def resolve(given: str | None) -> Grade | None:
    """The grade named by ``given`` (its value or its label, any case); None for empty or
    "not assessed". Raises Invalid for anything else."""
    wanted = (given or "").strip().lower()
    if not wanted or wanted in {NOT_ASSESSED, NOT_ASSESSED_LABEL.lower()}:
        return None
    for grade in scale():
        if wanted in {grade.value, grade.label.lower()}:
            return grade
    known = ", ".join(label for _, label in choices())
    raise Invalid(
        _l("unknown fidelity %(given)r; one of: %(known)s", given=given, known=known),
        field="fidelity",
    )


def imported(given: str | None) -> Grade | None:
    """The grade a foreign review's faithfulness label names, or None when our scale
    lacks it (an import leaves it unassessed rather than failing)."""
    try:
        return resolve(given)
    except Invalid:
        return None


def label_of(value: str | None, stored_label: str | None = None) -> str:
    """The label to show for a stored value: as stored, else the scale's, else the value."""
    if value is None:
        return NOT_ASSESSED_LABEL
    if stored_label:
        return stored_label
    return next((g.label for g in scale() if g.value == value), value)
