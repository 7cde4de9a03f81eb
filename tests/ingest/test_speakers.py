"""Quotation speakers: one case per failure kind of issue 15, and the held-aside figures.

The figures come from tests/fixtures/speakers (39 real articles, 374 hand-labelled
quotations, split by article into tuning and held-aside test before any tuning; see
SOURCES.md there and ``python -m tests.ingest.speakers_eval``).
"""

from __future__ import annotations

import pytest

from claimtracker.ingest.quotes import find_quotes
from tests.ingest.speakers_eval import evaluate, summary


def only(text: str):
    quotes = find_quotes(text)
    assert len(quotes) == 1, quotes
    return quotes[0]


def test_honorific_and_surname_resolve_to_the_full_name_given_earlier():
    q = only(
        "Labour's shadow development secretary Lisa Nandy spoke first.\n\n"
        "Asked about it, Ms Nandy said Labour had been “clear all along that policy must "
        "change” to fill the gaps."
    )
    assert (q.speaker, q.speaker_as_written, q.speaker_kind) == ("Lisa Nandy", "Ms Nandy", "person")
    assert q.attribution_phrase == "Ms Nandy said"


def test_attribution_phrase_offsets_point_into_the_text():
    text = "Sir John Hayes arrived.\n\n“We need certainty for families now,” Sir John told the BBC."
    q = only(text)
    assert q.speaker == "John Hayes"
    assert text[q.attribution_start : q.attribution_end] == q.attribution_phrase
    assert q.attribution_phrase.startswith("Sir John told")


def test_speaker_named_in_the_sentence_before_a_standalone_quotation():
    q = only(
        "Shadow home secretary Yvette Cooper said the plan was unworkable.\n\n"
        "“They are rowing back in a rush and everyone can see it.”"
    )
    assert q.speaker == "Yvette Cooper"
    assert q.attribution == "inherited"


def test_paraphrase_then_added_quotation():
    q = only(
        "Jane Smith spoke at the hearing. She said the rules would change and added: “We will "
        "not wait for the courts to decide this.”"
    )
    assert q.speaker == "Jane Smith"


def test_role_resolves_to_the_person_named_with_it():
    q = only(
        "Home Secretary James Cleverly set out the plan on Monday.\n\n"
        "“We will cut the numbers by a third,” the home secretary said."
    )
    assert (q.speaker, q.speaker_as_written, q.speaker_kind) == (
        "James Cleverly",
        "the home secretary",
        "person",
    )


def test_role_without_a_named_holder_is_kept_never_the_last_person_named():
    q = only(
        "Rishi Sunak is under fire from MPs, and Robert Jenrick criticised the plan.\n\n"
        "“We are doing exactly as we said we would,” the prime minister said."
    )
    assert (q.speaker, q.speaker_kind) == ("the prime minister", "role")


def test_shadow_role_is_not_the_minister():
    q = only(
        "Home Secretary James Cleverly set out the plan.\n\n"
        "“It will fail families across the country,” the shadow home secretary said."
    )
    assert q.speaker == "the shadow home secretary"


def test_organisations_speak():
    q = only(
        "The Migration Observatory said the change “would hit British workers hardest of all”."
    )
    assert (q.speaker, q.speaker_kind) == ("Migration Observatory", "organisation")
    studio = find_quotes(
        "Insomniac Games was hacked last week.\n\n"
        "“We are saddened and angered by the attack,” the studio wrote.\n\n"
        "“We continue to work quickly on this,” it posted."
    )
    assert [(q.speaker, q.speaker_kind) for q in studio] == [
        ("Insomniac Games", "organisation"),
        ("Insomniac Games", "organisation"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tom Reed told Sky News: “The bridge will open in May next year.”",
        "Tom Reed wrote on X that the plan was “deeply disappointing and undermines us”.",
        "Tom Reed warned that “the bridge will not open in May after all”.",
        "“The bridge will open in May,” Tom Reed insisted on Friday.",
        "Tom Reed, the party's transport spokesman, branded it “a half-thought-through idea”.",
        "“The bridge will open in May,” according to Tom Reed, the engineer.",
        "“The bridge will open in May,” says transport engineer Tom Reed.",
    ],
)
def test_verbs_beyond_said(text):
    assert only(text).speaker == "Tom Reed"


def test_quotation_over_several_paragraphs_keeps_its_speaker():
    quotes = find_quotes(
        "Ann Lee spoke to reporters.\n\n"
        "“The first paragraph of what she said goes here.\n\n"
        "“And the second paragraph ends it,” Ms Lee said."
    )
    assert [q.continued for q in quotes] == [True, False]
    assert [q.speaker for q in quotes] == ["Ann Lee", "Ann Lee"]


def test_nothing_named_means_no_speaker():
    q = only("The slogan “Meth, we’re on it” drew ridicule online on Monday.")
    assert q.speaker is None and q.speaker_kind is None and q.attribution_phrase is None


def test_a_name_inside_another_quotation_is_never_the_speaker():
    q = find_quotes(
        "“I voted for Gordon Ramsay in the contest,” she said.\n\n"
        "“That was a long time ago and I have moved on,” she added."
    )
    assert all(x.speaker != "Gordon Ramsay" for x in q)


def test_held_aside_split_figures():
    """Measured 2026-11-30 on the held-aside split (96 quotations, 14 articles): 82% right,
    4.2% wrong named person. Issue 15 asks for >= 90% and <= 3%: NOT met yet; these floors
    keep what was reached from slipping (raise them as it improves)."""
    outcomes = evaluate("test")
    n = len(outcomes)
    right = sum(o.right for o in outcomes) / n
    wrong = sum(o.wrong_person for o in outcomes) / n
    report = summary(outcomes)
    assert n >= 90, report
    assert right >= 0.80, report
    assert wrong <= 0.05, report


def test_tuning_split_figures():
    outcomes = evaluate("tune")
    n = len(outcomes)
    report = summary(outcomes)
    assert sum(o.right for o in outcomes) / n >= 0.85, report
    assert sum(o.wrong_person for o in outcomes) / n <= 0.03, report
    assert {o.label.kind for o in outcomes} == {"person", "organisation", "role", "unknown"}
