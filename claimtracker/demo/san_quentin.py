"""Facts of the demo case: the San Quentin photoshoot story (May–June 2019), in five claims.

Only the Hollywood Unlocked article's text ships (``hollywood-unlocked-2019-06-01.txt``);
for the other articles this holds metadata and, where known, the published headline.
Summaries and notes are the project's own words.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from importlib import resources
from typing import NotRequired, TypedDict

HU = "https://hollywoodunlocked.com/kim-kardashian-says-she-did-not-set-up-photoshoot-outside-san-quentin-prison/"
BLAST = "https://theblast.com/c/kim-kardashian-photos-denies-san-quentin-prison-kevin-cooper"
PC = "https://popculture.com/celebrity/news/kim-kardashian-denies-staging-photographs-visiting-san-quentin-death-row-kevin-cooper/"
DC = "https://dailycaller.com/2019/05/31/kim-kardashian-death-row-inmate-kevin-cooper-criminal-justice-reform/"
NOLO = "https://www.nolo.com/legal-updates/governor-stops-executions-in-california.html"


class ArticleSpec(TypedDict):
    """One article of the case; ``text`` names the stored text, when there is one."""

    key: str
    url: str
    outlet: str
    byline: str | None
    headline: str
    published_on: date | None
    text: NotRequired[str]


class CitedSpec(TypedDict):
    """The source an appearance cites: what the article attributes the passage to, the
    cited article's key, and the source's passage (an excerpt: its full text is not
    shipped)."""

    attributed_to: str | None
    source: str
    excerpt: str


class ClaimSpec(TypedDict):
    """One claim: where it appeared (article key, quote, speaker), its sources (article key,
    stance, note), its verdict and, on the second axis, whether it was reported faithfully
    (``fidelity``; absent: not assessed), with the source its first appearance cites."""

    text: str
    long_text: NotRequired[str]
    claimant: str
    claimed_on: date | None
    tags: list[str]
    appearances: list[tuple[str, str, str | None]]
    sources: list[tuple[str, str, str]]
    rating: str
    summary: str
    fidelity: NotRequired[str]
    cited: NotRequired[CitedSpec]


def hu_text() -> str:
    """The snapshot of the Hollywood Unlocked article shipped as demo data."""
    return (resources.files(__package__) / "hollywood-unlocked-2019-06-01.txt").read_text("utf-8")


#: When the shipped snapshot was taken (the day the article appeared).
HU_RETRIEVED = datetime(2019, 6, 1, 15, 0, tzinfo=UTC)

#: ILLUSTRATIVE, written for the demo: a later version of the Hollywood Unlocked text in
#: which one quoted sentence was edited, so that a fresh ``make run`` shows the quote
#: watchdog's "altered" status and its difference on a claim page. The real page is not
#: known to have changed this way.
HU_EDIT = (
    "the 63-year-old claims he was framed for the 1983 murder of a family",
    "the 61-year-old says he was framed for the 1983 murder of a family",
)
HU_EDIT_RETRIEVED = datetime(2019, 6, 4, 9, 30, tzinfo=UTC)
#: When the demo's five verdicts were published (after the articles, before the edit).
VERDICTS_PUBLISHED = datetime(2019, 6, 3, 16, 0, tzinfo=UTC)


def hu_text_edited() -> str:
    """The illustrative later version of the Hollywood Unlocked text (see HU_EDIT)."""
    old, new = HU_EDIT
    text = hu_text()
    assert old in text
    return text.replace(old, new)


ARTICLES: list[ArticleSpec] = [
    {
        "key": "hu",
        "url": HU,
        "outlet": "Hollywood Unlocked",
        "byline": "Kecia Gayle",
        "headline": "Kim Kardashian Says She Did Not Set Up Photoshoot Outside San Quentin Prison",
        "published_on": date(2019, 6, 1),
        "text": "hu",
    },
    {
        "key": "blast",
        "url": BLAST,
        "outlet": "The Blast",
        "byline": None,
        "headline": "Kim Kardashian denies the San Quentin photos",
        "published_on": date(2019, 5, 31),
    },
    {
        "key": "pc",
        "url": PC,
        "outlet": "PopCulture.com",
        "byline": None,
        "headline": (
            "Kim Kardashian Denies Setting up Photographs During Visit to San Quentin Prison"
        ),
        "published_on": date(2019, 6, 1),
    },
    {
        "key": "dc",
        "url": DC,
        "outlet": "The Daily Caller",
        "byline": None,
        "headline": "Kim Kardashian Visits America's Most Notorious Prison In Effort To Save "
        "Inmate On Death Row",
        "published_on": date(2019, 5, 31),
    },
    {
        "key": "nolo",
        "url": NOLO,
        "outlet": "Nolo",
        "byline": None,
        "headline": "Governor Stops Executions in California",
        "published_on": date(2019, 3, 13),
    },
]

# Each claim: short text, claimant, appearances (article key, exact passage, speaker),
# sources (article key, stance, note), rating and summary.
CLAIMS: list[ClaimSpec] = [
    {
        "text": "Kim Kardashian's team set up the photoshoot outside San Quentin",
        "long_text": "Many people online believed Kim Kardashian's team arranged the photos "
        "taken outside San Quentin State Prison; her team denies it.",
        "claimant": "Social media users",
        "claimed_on": date(2019, 5, 31),
        "tags": ["kim kardashian", "san quentin"],
        "appearances": [
            ("hu", "her team is denying those claims", None),
            ("blast", "", None),
            (
                "pc",
                "Kim Kardashian Denies Setting up Photographs During Visit to San Quentin Prison",
                None,
            ),
        ],
        "sources": [
            ("blast", "context", "Officials were looking into who coordinated the shoot."),
            ("pc", "context", "Reports the denial; no evidence of who arranged the photos."),
        ],
        "rating": "Unproven",
        "summary": "Nobody has published evidence showing who arranged the photographs. "
        "Prison officials said they were looking into it, Kardashian's team "
        "denies any role, and the photo agency's side says her camp did not tip it "
        "off. Until the inquiry reports, the claim can be neither confirmed nor "
        "ruled out.",
    },
    {
        "text": "Photos and video on state property are allowed without permission",
        "claimant": "Hollywood Unlocked",
        "claimed_on": date(2019, 6, 1),
        "tags": ["san quentin", "prison rules"],
        "appearances": [
            (
                "hu",
                "Photos and video taken anywhere on state property is allowed without permission.",
                None,
            ),
        ],
        "sources": [
            (
                "blast",
                "refutes",
                "The report the article cites says such photos are prohibited without permission.",
            ),
            ("pc", "refutes", "Also reports that photos on state property are prohibited."),
        ],
        "rating": "False",
        "fidelity": "source-reversed",
        # ILLUSTRATIVE wording, written for the demo from the case's facts (The Blast
        # reported that photos and video anywhere on state property are prohibited without
        # permission); The Blast's own page is not stored here.
        "cited": {
            "attributed_to": "The Blast reports",
            "source": "blast",
            "excerpt": "Kardashian's attorneys say they had nothing to do with the shoot. "
            "Photos and video taken anywhere on state property are prohibited without "
            "permission. The parking lot is considered part of the prison.",
        },
        "summary": "The article turns its own source upside down. The Blast, which it cites, "
        "reported that photography and video anywhere on state property are "
        "**prohibited** without permission, and PopCulture.com reported the same "
        "rule. The parking lot counts as prison grounds.",
    },
    {
        "text": "Kevin Cooper is 63 years old",
        "long_text": "The 63-year-old claims he was framed for the 1983 murder of a family.",
        "claimant": "Hollywood Unlocked",
        "claimed_on": date(2019, 6, 1),
        "tags": ["kevin cooper"],
        "appearances": [
            ("hu", "the 63-year-old claims he was framed for the 1983 murder of a family", None),
        ],
        "sources": [
            ("dc", "refutes", "Gives Cooper's age as 61 at the time of the visit."),
        ],
        "rating": "False",
        "fidelity": "altered",
        # ILLUSTRATIVE wording, written for the demo from the case's facts (other reports of
        # the visit give Cooper's age as 61); The Daily Caller's page is not stored here.
        "cited": {
            "attributed_to": None,
            "source": "dc",
            "excerpt": "Kardashian visited Kevin Cooper on death row on Thursday. The "
            "61-year-old has long said he was framed for the 1983 murders of a family in "
            "Chino Hills.",
        },
        "summary": "Cooper was 61 when Kardashian visited in May 2019, as other reports "
        "of the visit state. The rest of the sentence holds: he was convicted in "
        "1985 of the 1983 Chino Hills killings of members of the Ryen family and "
        "of Christopher Hughes, and he maintains he was framed.",
    },
    {
        "text": "DNA testing has been ordered in Kevin Cooper's case",
        "claimant": "Kim Kardashian",
        "claimed_on": date(2019, 5, 31),
        "tags": ["kevin cooper", "dna"],
        "appearances": [
            ("hu", "DNA testing has now been ordered on Kevin’s case", "Kim Kardashian"),
        ],
        "sources": [
            ("dc", "supports", "Background on Cooper's case and the push for new testing."),
        ],
        "rating": "True",
        "fidelity": "accurate",
        "summary": "New DNA testing was ordered twice: Governor Jerry Brown ordered limited "
        "testing in December 2018, and Governor Gavin Newsom ordered further "
        "testing in February 2019.",
    },
    {
        "text": "Governor Newsom ended capital punishment in California",
        "claimant": "Kim Kardashian",
        "claimed_on": date(2019, 5, 31),
        "tags": ["death penalty", "gavin newsom"],
        "appearances": [
            (
                "hu",
                "I remain grateful to Governor Newsom for ending capital punishment in California",
                "Kim Kardashian",
            ),
        ],
        "sources": [
            ("nolo", "refutes", "Executive Order N-09-19 is a moratorium, not a repeal."),
        ],
        "rating": "Misleading",
        "fidelity": "accurate",
        "summary": "Newsom halted executions; he did not end the death penalty. His "
        "executive order of 13 March 2019 reprieved the 737 people then on death "
        "row, closed the execution chamber and withdrew the lethal-injection "
        "protocol. No sentence changed, and capital punishment remains state law, "
        "which voters chose to keep in 2016.",
    },
]

NOTES = [
    (1, "Asked the prison's press office whether the inquiry has reported. No answer yet."),
    (2, "Checked the cited report side by side: the article flips 'prohibited' to 'allowed'."),
    (3, "Age checked against coverage of the same visit; 61 in May 2019."),
    (
        3,
        "Demo: the later version of the Hollywood Unlocked text, where this sentence now "
        "says 61, is an illustrative edit written for the demo, not a real correction.",
    ),
    (5, "Worth saying clearly that a moratorium can be lifted by a later governor."),
]
