"""The pure ClaimReview core: finding reviews, tolerant reading, rating mapping, fragments."""

from __future__ import annotations

import json

import pytest

from claimtracker.claimreview.mapping import ScaleEntry, foreign_fraction, map_rating
from claimtracker.claimreview.parse import (
    DocumentError,
    ForeignRating,
    MalformedItem,
    load_document,
    parse_date,
    parse_review,
)
from claimtracker.config import DEFAULT_RATINGS
from claimtracker.textfragment import link_to_quote, split_text_fragment
from tests.conftest import FIXTURES

SCALE = [ScaleEntry(r["label"], r["value"]) for r in DEFAULT_RATINGS]
CR = FIXTURES / "claimreview"


def test_html_page_yields_only_the_claimreview_block():
    # Snopes' page has four ld+json blocks; the ClaimReview is the fourth.
    nodes = load_document((CR / "embedded_snopes_yovanovitch-net-worth.html").read_bytes())
    expected = json.loads(
        (CR / "embedded_snopes_yovanovitch-net-worth.claimreview.json").read_text()
    )
    assert nodes == [expected]


def test_page_without_ld_json_has_no_reviews():
    page = FIXTURES / "articles" / "aeb_politifact_wv-mckinley-drug-value.html"
    assert load_document(page.read_bytes()) == []


@pytest.mark.parametrize("content", [b"", b"hello", b"\xff\xfe\x00", b"{not json"])
def test_unreadable_documents_raise(content):
    with pytest.raises(DocumentError):
        load_document(content)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2019-11-19 14:42:55Z", "2019-11-19"),
        ("2019-11-18T10:15:00+00:00", "2019-11-18"),
        ("0001-01-01 00:00:00Z", None),
        ("2019-02-30", None),
        ("yesterday", None),
        (20190101, None),
    ],
)
def test_odd_dates(raw, expected):
    parsed = parse_date(raw)
    assert (parsed.isoformat() if parsed else None) == expected


@pytest.mark.parametrize(
    ("rating", "label"),
    [
        (ForeignRating(1, 5, 1, "False"), "False"),
        (ForeignRating(-1, -1, -1, "Unproven"), "Unproven"),
        (ForeignRating(-1, -1, -1, None), "Unproven"),
        (ForeignRating(0.9, 1, 0, None), "True"),
        (ForeignRating(0.5, 1, None, None), "Misleading"),
        (ForeignRating(None, None, None, "Vildledende"), "Misleading"),
        (ForeignRating(None, None, None, "Pants on Fire!"), "False"),
        (ForeignRating(None, None, None, "half-true"), "Misleading"),
        (ForeignRating(None, None, None, "Mostly False"), "Mostly false"),
        (ForeignRating(7, 5, 1, None), "Unproven"),  # outside its own scale: no number
    ],
)
def test_map_rating(rating, label):
    assert map_rating(rating, SCALE).label == label


def test_unmapped_label_becomes_unproven_and_keeps_the_label():
    mapped = map_rating(ForeignRating(label="Cherry-picked spin"), SCALE)
    assert (mapped.label, mapped.method, mapped.original) == (
        "Unproven",
        "unmapped",
        "Cherry-picked spin",
    )


def test_label_map_is_configurable():
    mapped = map_rating(
        ForeignRating(label="Cherry-picked spin"), SCALE, {"cherry picked spin": "Mostly false"}
    )
    assert (mapped.label, mapped.method) == ("Mostly false", "label")


def test_number_beats_a_conflicting_label():
    mapped = map_rating(ForeignRating(1, 6, None, "True"), SCALE)
    assert mapped.label == "False" and mapped.original == "True"
    assert "number wins" in (mapped.conflict or "")
    assert foreign_fraction(ForeignRating(1, 6, None, "True")) == 0.0


def test_number_without_label_is_described():
    assert map_rating(ForeignRating(4, 5, 1), SCALE).original == "4 on a scale of 1 to 5"


def test_creativework_and_numbers_as_strings():
    review = parse_review(
        {
            "type": "ClaimReview",
            "url": "https:\u002f\u002fx.example/r",
            "claimReviewed": " A  b ",
            "itemReviewed": {
                "@type": "CreativeWork",
                "url": "https://src.example/said",
                "author": [{"type": "Person", "name": "Ann"}],
            },
            "reviewRating": [{"ratingValue": "2", "bestRating": "5", "worstRating": "1"}],
        }
    )
    assert review.claim_reviewed == "A b" and review.claimant == "Ann"
    assert [a.url for a in review.appearances] == ["https://src.example/said"]
    assert review.rating == ForeignRating(2.0, 5.0, 1.0, None, None)
    assert review.publisher_name == "x.example"


def test_missing_rating_and_missing_claim_text():
    review = parse_review(
        {"@type": "ClaimReview", "url": "https://x.example/r", "claimReviewed": "c"}
    )
    assert review.rating is None and map_rating(None, SCALE).label == "Unproven"
    with pytest.raises(MalformedItem, match="claimReviewed"):
        parse_review({"@type": "ClaimReview", "url": "https://x.example/r"})


def test_text_fragment_round_trip():
    link = link_to_quote("https://n.example/a#top", "Crime, up - 50% & more", whole=True)
    assert link == ("https://n.example/a#:~:text=Crime%2C%20up%20%2D%2050%25%20%26%20more")
    assert split_text_fragment(link) == ("https://n.example/a", "Crime, up - 50% & more")
    assert split_text_fragment("https://n.example/a#:~:text=pre-,the%20quote,-post") == (
        "https://n.example/a",
        "the quote",
    )
    assert link_to_quote("https://n.example/a", "", whole=True) == "https://n.example/a"
    assert split_text_fragment("https://n.example/a#top") == ("https://n.example/a", "")


def test_whole_quote_link_keeps_a_long_quote_verbatim():
    # Reader links shorten a long quote to start,end; exchange links must not, or the
    # importer would read back only the first words.
    quote = " ".join(f"word{i}," for i in range(80)) + "  and  the end"
    assert split_text_fragment(link_to_quote("https://n.example/a", quote))[1] != quote
    assert split_text_fragment(link_to_quote("https://n.example/a", quote, whole=True)) == (
        "https://n.example/a",
        quote,
    )


def test_reviews_nested_in_a_page_object_are_found():
    review = {"@type": "ClaimReview", "url": "https://c.example/1", "claimReviewed": "x"}
    page = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntity": {"@type": "WebPage", "review": [review]},
    }
    html = (
        '<html><head><script type="application/ld+json">'
        + json.dumps(page)
        + '</script><script type="application/ld+json">{broken</script></head></html>'
    )
    assert load_document(html) == [review]
