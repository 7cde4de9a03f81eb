"""Anchors: build on the seed text, then re-locate after the text changes."""

from __future__ import annotations

import pytest

from claimtracker.ingest import anchors
from tests.seed import DNA_QUOTE, SEED_TEXT

PHOTOS = "Photos and video taken anywhere on state property is allowed without permission."


def _anchor(passage: str = PHOTOS) -> anchors.Anchor:
    return anchors.anchor_passage(SEED_TEXT, passage)


def test_anchor_has_quote_and_position_selectors():
    anchor = _anchor()
    assert anchor.quote.exact == PHOTOS
    assert len(anchor.quote.prefix) == anchors.CONTEXT_CHARS
    assert len(anchor.quote.suffix) == anchors.CONTEXT_CHARS
    assert SEED_TEXT[anchor.position.start : anchor.position.end] == PHOTOS
    assert anchor.quote.as_json()["type"] == "TextQuoteSelector"
    assert anchor.position.as_json() == {
        "type": "TextPositionSelector",
        "start": anchor.position.start,
        "end": anchor.position.end,
    }


def test_pasted_passage_with_different_whitespace_still_anchors():
    anchor = anchors.anchor_passage(SEED_TEXT, "  Photos and video   taken\nanywhere on state ")
    assert anchor.quote.exact.startswith("Photos and video taken anywhere")


def test_passage_not_in_text_is_refused():
    with pytest.raises(anchors.AnchorError):
        anchors.anchor_passage(SEED_TEXT, "Photos are prohibited on state property.")


def test_verbatim_after_text_is_inserted_before_it():
    anchor = _anchor(DNA_QUOTE)
    changed = "UPDATE: a correction was added at the top.\n\n" + SEED_TEXT
    found = anchors.locate(changed, anchor.quote, anchor.position)
    assert found.status == "verbatim"
    assert changed[found.start : found.end] == DNA_QUOTE
    assert found.start > anchor.position.start


def test_altered_when_the_passage_itself_was_edited():
    anchor = _anchor()
    corrected = SEED_TEXT.replace(
        PHOTOS,
        "Photos and video taken anywhere on state property are prohibited without permission.",
    )
    found = anchors.locate(corrected, anchor.quote, anchor.position)
    assert found.status == "altered"
    assert "prohibited" in corrected[found.start : found.end]


def test_missing_when_the_passage_was_removed():
    anchor = _anchor()
    found = anchors.locate(SEED_TEXT.replace(PHOTOS, ""), anchor.quote, anchor.position)
    assert found.status == "missing"  # the sentence is gone, not reworded
    removed_paragraph = SEED_TEXT.replace(
        SEED_TEXT[anchor.position.start - 200 : anchor.position.end + 60], ""
    )
    assert anchors.locate(removed_paragraph, anchor.quote, anchor.position).status == "missing"


def test_never_snaps_to_a_look_alike_elsewhere():
    anchor = _anchor()
    without = SEED_TEXT.replace(PHOTOS + " The parking lot", "The parking lot")
    look_alike = (
        without + "\n\nIn other news, photos and video taken anywhere on state "
        "property are allowed with permission."
    )
    found = anchors.locate(look_alike, anchor.quote, anchor.position)
    assert found.status == "missing"


def test_repeated_passage_keeps_the_right_occurrence():
    text = "Alpha says: yes we can. Beta replies: no. Gamma says: yes we can. End."
    second = text.rindex("yes we can")
    anchor = anchors.build(text, second, second + len("yes we can"))
    shifted = "Intro. " + text
    found = anchors.locate(shifted, anchor.quote, anchor.position)
    assert found.status == "verbatim"
    assert found.start == second + len("Intro. ")


def test_empty_text_is_missing():
    anchor = _anchor()
    assert anchors.locate("", anchor.quote).status == "missing"


def test_reflowed_whitespace_is_still_verbatim():
    anchor = _anchor()
    reflowed = SEED_TEXT.replace(
        "Photos and video taken anywhere", "Photos and\nvideo  taken anywhere"
    )
    found = anchors.locate(reflowed, anchor.quote, anchor.position)
    assert found.status == "verbatim"
    assert " ".join(reflowed[found.start : found.end].split()) == PHOTOS
