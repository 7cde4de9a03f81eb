"""The pure alignment: source passage, word diff, flips, numbers, fidelity, attribution."""

from __future__ import annotations

import pytest

from claimtracker.alignment import (
    compare,
    find_passage,
    sentence_spans,
    suggest_attribution,
    suggest_fidelity,
)
from claimtracker.alignment.antonyms import are_antonyms, stem
from claimtracker.demo.san_quentin import hu_text

BLAST = (
    "Kardashian's attorneys deny setting up the shoot. Photos and video taken anywhere on "
    "state property are prohibited without permission. The parking lot is still considered "
    "part of the prison."
)
CLAIM_2 = "Photos and video taken anywhere on state property is allowed without permission."
CLAIM_3 = "the 63-year-old claims he was framed for the 1983 murder of a family"


def test_the_demo_claim_2_finds_the_blast_sentence_and_the_flip():
    found = find_passage(CLAIM_2, BLAST)
    assert found is not None
    assert found.text == (
        "Photos and video taken anywhere on state property are prohibited without permission."
    )
    assert BLAST[found.start : found.end] == found.text
    comparison = compare(found.text, CLAIM_2)
    assert [(f.kind, f.source, f.article) for f in comparison.flips] == [
        ("antonym", "prohibited", "allowed")
    ]
    assert comparison.removed_words == ["are", "prohibited"]
    assert comparison.added_words == ["is", "allowed"]
    assert suggest_fidelity(found, comparison) == "source-reversed"


def test_the_demo_claim_3_finds_the_other_age():
    source = "Cooper has always said he is innocent. The 61-year-old says he was framed for the "
    source += "1983 murder of a family."
    found = find_passage(CLAIM_3, source)
    assert found is not None and found.text.startswith("The 61-year-old")
    comparison = compare(found.text, CLAIM_3)
    assert [(n.source, n.article) for n in comparison.numbers] == [("61", "63")]
    assert comparison.flips == []
    assert suggest_fidelity(found, comparison) == "altered"


def test_no_trace_is_none_and_suggests_fabricated():
    assert find_passage("The senator said the stadium is paid for by ticket sales.", BLAST) is None
    assert suggest_fidelity(None, None) == "fabricated"
    assert find_passage("", BLAST) is None
    assert find_passage(CLAIM_2, "") is None


def test_runs_join_back_into_both_passages_and_mark_only_the_differences():
    source = "Officials said 40,000 people live in the camp."
    article = "Officials said 400,000 people lived in the camp!"
    c = compare(source, article)
    assert "".join(t for _, t in c.source_runs) == source
    assert "".join(t for _, t in c.article_runs) == article
    assert [t for op, t in c.source_runs if op == "-"] == ["40,000", "live"]
    assert [t for op, t in c.article_runs if op == "+"] == ["400,000", "lived"]
    assert [(n.source, n.article) for n in c.numbers] == [("40,000", "400,000")]
    # case, curly apostrophes and punctuation are no difference
    same = compare("The state’s reserves.", "the state's reserves")
    assert same.identical and same.changes == []
    found = find_passage("the state's reserves", "The state’s reserves.")
    assert suggest_fidelity(found, same) == "accurate"


def test_adjacent_changed_words_make_one_marked_run():
    c = compare("photos are prohibited here", "photos is allowed here")
    assert c.article_runs == [("=", "photos "), ("+", "is allowed"), ("=", " here")]
    assert [(ch.kind, ch.source, ch.article) for ch in c.changes] == [
        ("changed", "are prohibited", "is allowed")
    ]


@pytest.mark.parametrize(
    ("source", "article", "kind"),
    [
        ("They pleaded not guilty.", "They pleaded guilty.", "negation"),
        ("She needed permission.", "She didn't need permission.", "negation"),
        ("The move is legal.", "The move is illegal.", "antonym"),
        ("Prices increased sharply.", "Prices decreased sharply.", "antonym"),
        ("The company denied it.", "The company confirmed it.", "antonym"),
    ],
)
def test_flips(source, article, kind):
    assert [f.kind for f in compare(source, article).flips] == [kind]


def test_a_changed_word_that_is_no_opposite_is_no_flip():
    assert compare("The rally was on Tuesday.", "The rally was on Monday.").flips == []
    assert stem("banned") == "ban" and stem("denied") == "deny"
    assert are_antonyms("possible", "impossible") and not are_antonyms("allow", "allowing")


def test_a_fragment_anchors_to_the_fragment_not_the_whole_sentence():
    source = (
        "Noel and Thomas pleaded not guilty on Tuesday and were released on the condition "
        "that each post $100,000 bond within a week."
    )
    found = find_passage("each post $10,000 bond within a week", source)
    assert found is not None and found.text == "each post $100,000 bond within a week"


def test_sentence_spans_split_on_full_stops_and_lines():
    text = "Mr. Smith came. He left.\nA new line\n\n  Last one."
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "Mr. Smith came.",
        "He left.",
        "A new line",
        "Last one.",
    ]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (CLAIM_2, "The Blast reports"),
        (CLAIM_3, "As we previously reported"),
    ],
)
def test_attribution_suggested_from_the_demo_article(quote, expected):
    text = hu_text()
    start = text.index(quote)
    assert suggest_attribution(text, start, start + len(quote)) == expected


@pytest.mark.parametrize(
    ("text", "quote", "expected"),
    [
        (
            "The road was closed for hours, according to police. Drivers waited.",
            "The road was closed for hours",
            "according to police",
        ),
        ("“I am fine,” she wrote on Instagram on Monday.", "I am fine", "she wrote on Instagram"),
        (
            "TMZ reported that the singer cancelled the show.",
            "the singer cancelled the show",
            "TMZ reported",
        ),
        ("The weather was fine. Nothing else happened.", "Nothing else happened", None),
    ],
)
def test_attribution_phrases(text, quote, expected):
    start = text.index(quote)
    assert suggest_attribution(text, start, start + len(quote)) == expected


def test_attribution_does_not_read_the_quote_itself_nor_cross_two_paragraphs():
    text = "Police said nothing.\n\nAn aside.\n\nThe council said the road is open."
    quote = "The council said the road is open."
    start = text.index(quote)
    assert suggest_attribution(text, start, start + len(quote)) is None
    assert suggest_attribution(text, 5, 2) is None


# Edges of the found passage. The texts below are the project's own, shaped like the real
# pairs in tests/fixtures/alignment/real where the first version of the alignment went wrong.


def test_an_edge_word_said_twice_in_the_sentence_anchors_to_the_nearer_one():
    source = (
        "It was odd that cameras showed up at all, given that cameras and phones carried "
        "onto the grounds are banned without a pass."
    )
    article = "Cameras carried onto the grounds are allowed without a pass."
    found = find_passage(article, source)
    assert found is not None
    assert found.text == ("cameras and phones carried onto the grounds are banned without a pass.")
    comparison = compare(found.text, article)
    assert comparison.removed_words == ["and", "phones", "banned"]
    assert [(f.source, f.article) for f in comparison.flips] == [("banned", "allowed")]


def test_words_the_outlet_put_before_the_match_stand_for_the_start_of_the_sentence():
    source = (
        "Sales were flat in spring. However, a new survey found that most shops let prices "
        "slip after the holidays, the trade body said."
    )
    article = (
        "But in a new survey, analysts found that most shops let prices slip after the holidays."
    )
    found = find_passage(article, source)
    assert found is not None
    assert found.text == (
        "However, a new survey found that most shops let prices slip after the holidays"
    )
    comparison = compare(found.text, article)
    assert comparison.removed_words == ["However"]
    assert comparison.added_words == ["But", "in", "analysts"]


def test_words_the_outlet_put_after_the_match_replace_the_rest_of_the_clause_only():
    source = (
        "Bags are searched at the gate. The car park is still counted as part of the "
        "stadium and covered by the same rules."
    )
    article = "The car park, where fans queued, is counted as part of that fenced area."
    found = find_passage(article, source)
    assert found is not None
    assert found.text == "The car park is still counted as part of the stadium"


def test_the_found_passage_does_not_run_on_into_the_next_clause():
    source = (
        "People close to the band told the paper they had not been warned by anyone from "
        "the label, and the promoter thinks the show can go ahead."
    )
    article = (
        "People connected with the band said they had not been warned by anyone at the "
        "label before Monday."
    )
    found = find_passage(article, source)
    assert found is not None
    assert found.text.endswith("from the label")


def test_a_hard_wrapped_line_is_not_the_end_of_a_sentence():
    # a court filing or a plain-text e-mail breaks lines inside sentences
    assert len(sentence_spans("The two guards\nsat at their desk.\nNEXT HEADING")) == 2
    assert len(sentence_spans("A heading\nThe first line of a paragraph.")) == 2
    source = (
        "1. On the night in question the two guards\n"
        "sat at their desk and browsed the\n"
        "internet for hours. They signed the log\n"
        "all the same.\n"
    )
    article = "the two guards sat at their desk and browsed the web for hours"
    found = find_passage(article, source)
    assert found is not None
    assert found.text == "the two guards\nsat at their desk and browsed the\ninternet for hours"
    assert compare(found.text, article).removed_words == ["internet"]


def test_a_negation_is_a_flip_only_when_what_it_negates_is_still_there():
    reversed_ = compare("The board did not approve the merger.", "The board approved the merger.")
    assert [(f.kind, f.source) for f in reversed_.flips] == [("negation", "not")]
    # the outlet left the denied act out altogether: an omission, not a reversal
    omitted = compare(
        "Her lawyers said they did not take any photos and blamed an agency.",
        "Her lawyers blamed an agency.",
    )
    assert omitted.flips == []
    assert compare("They have not yet found water.", "They have now found water.").flips
