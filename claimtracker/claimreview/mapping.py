"""Map a foreign publisher's rating onto the local scale (pure).

Two signals, in this order:

1. **The number**, normalised from the publisher's own scale (``worstRating`` ..
   ``bestRating``; schema.org's defaults 1 and 5 when missing) onto the numeric part of
   the local scale, taking the nearest local value. ``-1`` (Snopes' "no score"), a value
   outside its scale, or a scale with no width mean "no number".
2. **The label** (``alternateName``/``name``), through a configurable label map
   (``RATING_LABEL_MAP``: lowercased publisher label -> local label), then the local
   labels themselves.

When both give an answer and they disagree, **the number wins**: it is stated on an
explicit scale, whereas labels are free text in any language and are what publishers
get wrong when templates are copied (schema.org's PolitiFact example says "True" next to
a 1-of-6 number and a Pants-on-Fire image). The disagreement is reported, and the
publisher's own label is always kept as the verdict's ``original_rating``.
Neither signal: Unproven (the scale's rating with no number).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from claimtracker.claimreview.parse import ForeignRating
from claimtracker.i18n import N_, Message

#: Labels seen in the wild -> local labels of the default scale. Extend or override with
#: the RATING_LABEL_MAP setting (keys are compared after :func:`normalise_label`).
DEFAULT_LABEL_MAP: dict[str, str] = {
    "true": "True",
    "correct": "True",
    "accurate": "True",
    "geppetto checkmark": "True",
    "mostly true": "Mostly true",
    "mostly correct": "Mostly true",
    "largely accurate": "Mostly true",
    "half true": "Misleading",
    "half truth": "Misleading",
    "mixture": "Misleading",
    "misleading": "Misleading",
    "missing context": "Misleading",
    "partly false": "Misleading",
    "partially false": "Misleading",
    "out of context": "Misleading",
    "exaggerated": "Mostly false",
    "mostly false": "Mostly false",
    "false": "False",
    "pants on fire": "False",
    "incorrect": "False",
    "fake": "False",
    "four pinocchios": "False",
    "fabricated": "False",
    "wrong": "False",
    "unproven": "Unproven",
    "unsupported": "Unproven",
    "unverified": "Unproven",
    "no evidence": "Unproven",
    "research in progress": "Unproven",
    # Danish (Mediemøllen, TjekDet), Norwegian, Swedish, German, French, Spanish
    "vildledende": "Misleading",
    "falsk": "False",
    "sandt": "True",
    "delvist sandt": "Mostly true",
    "delvis sandt": "Mostly true",
    "usandt": "False",
    "villedende": "Misleading",
    "helt feil": "False",
    "sant": "True",
    "vilseledande": "Misleading",
    "falsch": "False",
    "irreführend": "Misleading",
    "richtig": "True",
    "faux": "False",
    "trompeur": "Misleading",
    "vrai": "True",
    "falso": "False",
    "engañoso": "Misleading",
    "verdadero": "True",
}


@dataclass(frozen=True)
class ScaleEntry:
    label: str
    value: int | None


@dataclass(frozen=True)
class MappedRating:
    """The local rating chosen, how, and the publisher's own wording."""

    label: str
    method: str  # "number" | "label" | "unmapped"
    original: str | None
    conflict: str | None = None


@lru_cache(maxsize=4096)  # pure; every imported review normalises the whole label map
def normalise_label(label: str) -> str:
    """Lowercase, hyphens/underscores as spaces, trailing punctuation and extra spaces gone."""
    label = re.sub(r"[-_]+", " ", label.lower())
    label = re.sub(r"[!.?:;\"'“”]+", "", label)
    return " ".join(label.split())


def foreign_fraction(rating: ForeignRating) -> float | None:
    """Where the number sits on its own scale, 0 (worst) .. 1 (best); None for no number."""
    if rating.value is None:
        return None
    best = 5.0 if rating.best is None else rating.best
    worst = 1.0 if rating.worst is None else rating.worst
    if rating.worst is None and best <= 1.0:  # a 0..1 scale that only states its best
        worst = 0.0
    if rating.value == -1 and worst <= -1:  # Snopes' "-1/-1/-1" sentinel
        return None
    if best == worst:
        return None
    fraction = (rating.value - worst) / (best - worst)
    return fraction if 0.0 <= fraction <= 1.0 else None


def by_number(fraction: float, scale: Sequence[ScaleEntry]) -> str | None:
    """The local label whose value is nearest to ``fraction`` placed on the local scale.
    Ties go to the lower (less true) rating."""
    numbered = sorted((e for e in scale if e.value is not None), key=lambda e: e.value or 0)
    if not numbered:
        return None
    low, high = numbered[0].value or 0, numbered[-1].value or 0
    target = low + fraction * (high - low)
    return min(numbered, key=lambda e: (abs((e.value or 0) - target), e.value or 0)).label


def by_label(label: str, scale: Sequence[ScaleEntry], label_map: Mapping[str, str]) -> str | None:
    """The local label for a publisher label, via the label map then the local labels."""
    wanted = normalise_label(label)
    local = {normalise_label(e.label): e.label for e in scale}
    mapped = _normalised(tuple(label_map.items())).get(wanted)
    if mapped and normalise_label(mapped) in local:
        return local[normalise_label(mapped)]
    return local.get(wanted)


@lru_cache(maxsize=8)
def _normalised(items: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return {normalise_label(k): v for k, v in items}


def unproven_label(scale: Sequence[ScaleEntry]) -> str:
    """The scale's rating without a number (Unproven by default)."""
    return next((e.label for e in scale if e.value is None), "Unproven")


def describe(rating: ForeignRating) -> str | None:
    """The publisher's rating in words, for ``Verdict.original_rating``."""
    if rating.label:
        return rating.label[:200]
    if rating.value is None:
        return None
    worst = 1 if rating.worst is None else rating.worst
    best = 5 if rating.best is None else rating.best
    return f"{rating.value:g} on a scale of {worst:g} to {best:g}"


def map_rating(
    rating: ForeignRating | None,
    scale: Sequence[ScaleEntry],
    label_map: Mapping[str, str] | None = None,
) -> MappedRating:
    """Choose the local rating for a foreign one (see the module docstring for the rules)."""
    fallback = unproven_label(scale)
    if rating is None:
        return MappedRating(fallback, "unmapped", None)
    labels = {**DEFAULT_LABEL_MAP, **(label_map or {})}
    original = describe(rating)
    fraction = foreign_fraction(rating)
    from_number = by_number(fraction, scale) if fraction is not None else None
    from_label = by_label(rating.label, scale, labels) if rating.label else None
    if from_number and from_label and from_number != from_label:
        conflict = Message(
            N_(
                "the label %(label)r means %(by_label)s but the number %(number)s means "
                "%(by_number)s; the number wins"
            ),
            label=rating.label,
            by_label=from_label,
            number=original if not rating.label else _numbers(rating),
            by_number=from_number,
        )
        return MappedRating(from_number, "number", original, conflict)
    if from_number:
        return MappedRating(from_number, "number", original)
    if from_label:
        return MappedRating(from_label, "label", original)
    return MappedRating(fallback, "unmapped", original)


def _numbers(rating: ForeignRating) -> str:
    worst = 1 if rating.worst is None else rating.worst
    best = 5 if rating.best is None else rating.best
    return f"{rating.value:g} (of {worst:g}–{best:g})"
