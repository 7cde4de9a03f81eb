"""Measure quotation speakers against the hand-labelled set in tests/fixtures/speakers.

Run ``python -m tests.ingest.speakers_eval [tune|test|fresh|fresh2|fresh3|all]`` to print the
figures (per split, per kind) and every miss of the chosen split (never those of "fresh", "fresh2"
and "fresh3", the parts kept aside after "test" had been read to classify errors);
test_speakers.py holds the thresholds.

Each label names a quotation by the start of its text, the expected speaker (alternatives
separated by " | ", "-" meaning "no speaker is right", e.g. a slogan or a song title) and
the kind. A quotation counts as **right** when ``Quote.speaker`` equals one of the
alternatives (case, honorifics and a leading article ignored), or is empty where "-" is
allowed. It counts as a **wrong named person** when the speaker is given as a person and is
not right. A labelled quotation that find_quotes does not return counts as not right.
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from claimtracker.ingest.quotes import Quote, find_quotes

SPEAKERS = Path(__file__).resolve().parents[1] / "fixtures" / "speakers"
_HONORIFICS = re.compile(
    r"^(?:(?:the|a|an|one|mr|mrs|ms|miss|dr|sir|dame|lord|lady|professor|prof|sen|rep|gov)"
    r"\.?\s+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Label:
    article: str
    quote_start: str
    speakers: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Outcome:
    label: Label
    quote: Quote | None
    right: bool
    wrong_person: bool


def normalise(name: str) -> str:
    """Compare speakers without case, honorifics, a leading article or apostrophe style."""
    name = name.replace("’", "'").replace("'s ", " ").strip().casefold()
    name = _HONORIFICS.sub("", name)
    return " ".join(re.sub(r"[^\w\s'-]", " ", name).split())


def splits() -> dict[str, str]:
    """Article name -> "tune", "test" or "fresh" (fixed before any tuning; see SOURCES.md)."""
    with (SPEAKERS / "articles.tsv").open(encoding="utf-8") as f:
        return {row["article"]: row["split"] for row in csv.DictReader(f, delimiter="\t")}


def labels() -> list[Label]:
    with (SPEAKERS / "labels.tsv").open(encoding="utf-8") as f:
        return [
            Label(
                row["article"],
                row["quote_start"],
                tuple(s.strip() for s in row["speaker"].split("|")),
                row["kind"],
            )
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def article_text(name: str) -> str:
    return (SPEAKERS / "articles" / f"{name}.txt").read_text(encoding="utf-8")


def judge(label: Label, quotes: list[Quote]) -> Outcome:
    quote = next((q for q in quotes if q.text.startswith(label.quote_start)), None)
    if quote is None:
        quote = next((q for q in quotes if label.quote_start in q.text), None)
    if quote is None:
        return Outcome(label, None, False, False)
    expected = {normalise(s) for s in label.speakers if s != "-"}
    if quote.speaker is None:
        return Outcome(label, quote, "-" in label.speakers, False)
    right = normalise(quote.speaker) in expected
    wrong_person = not right and getattr(quote, "speaker_kind", "person") == "person"
    return Outcome(label, quote, right, wrong_person)


def evaluate(split: str | None = None) -> list[Outcome]:
    """Judge every label of ``split`` ("tune", "test" or None for both)."""
    which = splits()
    outcomes: list[Outcome] = []
    cache: dict[str, list[Quote]] = {}
    for label in labels():
        if split and which[label.article] != split:
            continue
        if label.article not in cache:
            cache[label.article] = find_quotes(article_text(label.article))
        outcomes.append(judge(label, cache[label.article]))
    return outcomes


def summary(outcomes: list[Outcome]) -> str:
    """Right / wrong-person / empty counts, overall and per expected kind."""
    lines = ["| kind | labelled | right | wrong person | no speaker | quote missed |"]
    lines.append("|---|---|---|---|---|---|")
    groups: dict[str, list[Outcome]] = {"all": outcomes}
    for o in outcomes:
        groups.setdefault(o.label.kind, []).append(o)
    for kind, group in groups.items():
        n = len(group)
        right = sum(o.right for o in group)
        wrong = sum(o.wrong_person for o in group)
        empty = sum(1 for o in group if o.quote is not None and o.quote.speaker is None)
        missed = sum(1 for o in group if o.quote is None)
        lines.append(
            f"| {kind} | {n} | {right} ({right / n:.0%}) | {wrong} ({wrong / n:.1%}) "
            f"| {empty} | {missed} |"
        )
    return "\n".join(lines)


def main() -> None:
    split = sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] != "all" else None
    outcomes = evaluate(split)
    print(summary(outcomes))
    print(Counter(splits()[o.label.article] for o in outcomes))
    for o in outcomes:
        if not o.right and not splits()[o.label.article].startswith("fresh"):
            got = (
                None
                if o.quote is None
                else (o.quote.speaker, getattr(o.quote, "speaker_as_written", None))
            )
            print(
                f"MISS {o.label.article} {o.label.quote_start!r}: want {o.label.speakers} got {got}"
            )


if __name__ == "__main__":
    main()
