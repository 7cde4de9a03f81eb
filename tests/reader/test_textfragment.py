"""Text-fragment links (#:~:text=) round-trip to the exact quote."""

from __future__ import annotations

import pytest

from claimtracker.textfragment import (
    build_directive,
    encode_part,
    link_to_quote,
    parse_text_directives,
)

QUOTES = [
    "DNA testing has now been ordered on Kevin’s case",
    "the 63-year-old claims he was framed for the 1983 murder of a family",
    "rock, paper & scissors - all three",
    "100% sure: a=b; c/d? #hash +plus",
    "Ünïcödé «quotes» — and emoji 🎉",
]


@pytest.mark.parametrize("quote", QUOTES)
def test_round_trip_gives_back_the_exact_quote(quote):
    url = link_to_quote("https://news.example/story#old", quote)
    assert url.startswith("https://news.example/story#:~:text=")
    fragment = url.split("#", 1)[1]
    # Only the directive's own syntax may appear unencoded; no raw -, &, , or non-ASCII.
    value = fragment.removeprefix(":~:text=")
    assert "-" not in value and "&" not in value and "," not in value
    assert value.isascii() and " " not in value
    (directive,) = parse_text_directives(url)
    assert directive.start == quote
    assert directive.end == directive.prefix == directive.suffix == ""


def test_syntax_characters_are_encoded():
    assert encode_part("a-b,c&d") == "a%2Db%2Cc%26d"
    assert encode_part("Kevin’s") == "Kevin%E2%80%99s"


def test_ambiguous_quote_gets_prefix_and_suffix_context():
    document = "He said yes. Then she said yes, twice. Then he said yes again."
    url = link_to_quote(
        "https://x.example/",
        "said yes",
        prefix="Then she ",
        suffix=", twice. Then",
        document=document,
    )
    (directive,) = parse_text_directives(url)
    assert directive.start == "said yes"
    assert directive.prefix == "Then she"
    assert directive.suffix == ", twice. Then"  # the context is kept as given, comma and all
    assert "-," in url and ",-" in url


def test_context_drops_words_cut_in_half():
    prefix = "tail of an earlier line, then aa "  # 32+ characters, starts mid-word
    d = build_directive(
        "bb", prefix=prefix, suffix=" cc dd ee ff and on to the next li", ambiguous=True
    )
    assert d.prefix == "line, then aa"
    assert d.suffix == "cc dd ee"
    short = build_directive("bb", prefix="Start aa ", suffix=" cc.", ambiguous=True)
    assert (short.prefix, short.suffix) == ("Start aa", "cc.")


def test_unique_quote_needs_no_context():
    document = "Only once here."
    d = build_directive("once", prefix="Only ", suffix=" here.", document=document)
    assert d.prefix == d.suffix == ""


def test_long_quote_uses_start_and_end():
    quote = " ".join(f"word{i}" for i in range(80))
    (directive,) = parse_text_directives(link_to_quote("https://x.example/", quote))
    assert directive.start == "word0 word1 word2 word3 word4"
    assert directive.end == "word75 word76 word77 word78 word79"


def test_empty_quote_links_the_bare_article():
    assert link_to_quote("https://x.example/a#frag", "  ") == "https://x.example/a"
