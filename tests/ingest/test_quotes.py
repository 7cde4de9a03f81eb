"""find_quotes on the seed article, small cases, and the real-article bodies.

Hand-check of 40 random quotes found in the 15 real truth bodies (seed 7, 2026-11-28):
38/40 are quotations (2 false positives: a book and a paper title in quote marks);
of the 28 given a speaker, 24 were right (wrong: a pronoun resolved to an organisation
twice, "the group" resolved to a person, a paper title given its author). 12 of the 40
got no speaker, mostly partial quotes run into a sentence without an attribution verb.
"""

from __future__ import annotations

import pytest

from claimtracker.ingest.quotes import find_quotes
from tests.ingest.extraction_eval import load_truths
from tests.seed import DNA_QUOTE, SEED_TEXT


def test_seed_article_finds_kardashians_two_posts():
    quotes = find_quotes(SEED_TEXT)
    texts = [q.text for q in quotes]
    first_post = [
        "I had an emotional meeting with Kevin Cooper yesterday at San Quentin’s death row,",
        "I found him to be thoughtful and honest and I believe he is innocent of the "
        "crimes for which he was convicted.",
    ]
    second_post = (
        "I am hopeful that Kevin will be exonerated since DNA testing has now been "
        "ordered on Kevin’s case and I remain grateful to Governor Newsom for ending "
        "capital punishment in California."
    )
    assert texts == [*first_post, second_post]
    assert all(q.speaker == "Kim Kardashian" for q in quotes)
    # the split quote: named after the first piece, inherited by the second
    assert [q.attribution for q in quotes] == ["named", "inherited", "resolved"]
    for q in quotes:
        assert SEED_TEXT[q.start : q.end] == q.text
    assert DNA_QUOTE in quotes[2].text


@pytest.mark.parametrize(
    "text,quote,speaker",
    [
        ('"We will win," she said. Jane Doe had spoken.', "We will win,", None),
        (
            'Jane Doe spoke first. "We will win this time," she said.',
            "We will win this time,",
            "Jane Doe",
        ),
        (
            "“Taxes will fall next year,” said Sen. John Smith, a Republican.",
            "Taxes will fall next year,",
            "John Smith",
        ),
        (
            "Mary Major told reporters: “The bridge will open in May.”",
            "The bridge will open in May.",
            "Mary Major",
        ),
        (
            "The plan “will cut costs by half” according to Acme Corp.",
            "will cut costs by half",
            "Acme Corp",  # organisations speak too
        ),
        ("«Nous allons gagner demain soir», a-t-il dit.", "Nous allons gagner demain soir", None),
        (
            '“He told me "never again" and left the room,” Ann Lee wrote.',
            'He told me "never again" and left the room,',
            "Ann Lee",
        ),
    ],
)
def test_small_cases(text, quote, speaker):
    quotes = find_quotes(text)
    assert quotes[0].text == quote
    assert text[quotes[0].start : quotes[0].end] == quote
    # None: no speaker is named beside the quote (only "she", "il"), and guessing one would
    # put words in someone's mouth.
    assert quotes[0].speaker == speaker


def test_according_to_names_the_speaker():
    text = "“The river rose three metres overnight,” according to Maria Lopez, a local official."
    assert find_quotes(text)[0].speaker == "Maria Lopez"


def test_surname_resolves_to_full_name_and_pronoun_to_last_person():
    text = (
        "Governor Ada Park spoke on Monday. Later, Tom Reed arrived.\n\n"
        "“We have the votes to pass it,” Park said.\n\n"
        "Reed disagreed. “They do not have the votes at all,” he said."
    )
    quotes = find_quotes(text)
    assert [(q.speaker, q.attribution) for q in quotes] == [
        ("Ada Park", "named"),
        ("Tom Reed", "resolved"),
    ]


def test_multi_paragraph_quote_is_returned_per_paragraph():
    text = (
        "“The first paragraph of the statement goes here.\n\n"
        "“And the second paragraph ends it,” said Lee Chan."
    )
    quotes = find_quotes(text)
    assert [q.continued for q in quotes] == [True, False]
    assert quotes[0].text == "The first paragraph of the statement goes here."
    assert quotes[1].speaker == "Lee Chan"
    # The attribution sits beside the paragraph that closes the quote; the opening
    # paragraph, marked ``continued``, inherits its speaker.
    assert (quotes[0].speaker, quotes[0].attribution) == ("Lee Chan", "inherited")


def test_short_scare_quotes_are_skipped():
    assert find_quotes("They called it “fake” and moved on.") == []


def test_unbalanced_marks_do_not_crash_or_run_away():
    assert find_quotes("He said ” then “ nothing") == []
    assert find_quotes('" " "') == []


@pytest.fixture(scope="module")
def real_quotes():
    return {t.name: (t.body, find_quotes(t.body)) for t in load_truths() if t.body}


def test_real_bodies_quote_offsets_are_exact(real_quotes):
    for body, quotes in real_quotes.values():
        for q in quotes:
            assert body[q.start : q.end] == q.text


def test_real_bodies_quote_counts(real_quotes):
    # measured: 228 quotations in the 15 truth bodies (two have none), 136 with a speaker
    total = sum(len(qs) for _, qs in real_quotes.values())
    with_speaker = sum(1 for _, qs in real_quotes.values() for q in qs if q.speaker)
    assert total >= 210
    assert with_speaker >= 125


@pytest.mark.parametrize(
    "page,start_of_quote,speaker",
    [
        ("aed_politico_north-korea-hackers", "extremely underplayed in the public", "Tom Hegel"),
        ("aeb_politifact_wv-mckinley-drug-value", "There are no hard data", "Bruce Bagley"),
        ("aeb_usatoday_epstein-prison-guards", "It is our hope that", "Jason Foy"),
        ("aeb_usatoday_epstein-prison-guards", "When removing such a high-risk", "Lisa Boesky"),
        ("readability_bbc-1", "If you look at the number of Americans", "Barack Obama"),
        ("aeb_detroitnews_indiana-teachers-rally", "They start in the classroom", "Angela Cooper"),
        ("embedded_polygraph-info_al-tanf-rukban", "The (refugees) must not be", "Sean Robertson"),
        (
            "aed_politifact_lie-of-the-year-2023",
            "Well, I do believe that autism",
            "Robert F. Kennedy Jr.",
        ),
    ],
)
def test_real_bodies_hand_checked_speakers(real_quotes, page, start_of_quote, speaker):
    _, quotes = real_quotes[page]
    match = [q for q in quotes if q.text.startswith(start_of_quote)]
    assert match, f"quote not found: {start_of_quote}"
    assert match[0].speaker == speaker
