"""Synthetic but realistic-looking text for ``claimtracker seed`` (pure: no database).

The words follow a skewed distribution (a few topics are everywhere, most are rare) so
that search sees both common and rare words, and names come from small lists combined,
so claimants and outlets repeat the way they do in a real archive.
"""

from __future__ import annotations

import random


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


TOPICS = _words(
    "budget tax school vaccine border crime wage climate energy housing election hospital "
    "police water prison court museum bridge rail farm pension inflation rent tuition "
    "unemployment immigration tariff deficit debt nurse doctor teacher pupil exam fuel "
    "petrol electricity gas wind solar coal nuclear flood drought wildfire forest river "
    "ocean fishery harbour airport motorway bus tram cycling pothole library park stadium "
    "lottery casino tobacco alcohol cannabis opioid obesity diabetes cancer measles "
    "polio malaria asylum refugee visa passport census poverty homelessness welfare "
    "benefit childcare maternity pension council mayor senate parliament referendum "
    "ballot turnout donation lobbying corruption contract procurement subsidy grant loan "
    "mortgage bank currency export import steel car battery chip broadband satellite "
    "army navy veteran drone missile embassy treaty sanction aid famine harvest wheat "
    "rice sugar milk beef poultry egg salt plastic recycling landfill emission carbon "
    "methane ozone smog noise traffic accident speeding murder burglary fraud scam "
    "hacker privacy surveillance camera census abortion marriage divorce adoption "
    "orphanage curfew strike union salary bonus overtime automation robot"
)

VERBS = ("rose", "fell", "doubled", "halved", "grew", "shrank", "jumped", "dropped", "stalled")
CLAIM_FORMS = (
    "{topic} {verb} by {n} percent since {year}",
    "Spending on {topic} {verb} to {n} million in {year}",
    "{n} percent of {topic} cases involve {topic2}",
    "The {topic} rate is the highest in {n} years",
    "Every {topic} costs taxpayers {n} thousand a year",
    "{topic} and {topic2} together account for {n} percent of the {topic3} bill",
    "Since {year}, {topic} has {verb} while {topic2} {verb2}",
    "No other country spends less on {topic} than we do",
)
FIRST = _words(
    "Maria Ana Jon Li Priya Kwame Sofia Omar Hannah Diego Yuki Amara Lars Fatima Piotr "
    "Chen Grace Ivan Leila Mateo Nadia Oscar Ravi Sara Tomas Uma Victor Wen Zainab Eli"
)
LAST = _words(
    "Okafor Silva Novak Kim Haddad Jensen Moreau Rossi Tanaka Mensah Kowalski Ortega "
    "Nguyen Schmidt Dubois Costa Ahmed Larsen Petrov Walsh Ibrahim Garcia Fischer Bauer "
    "Lindqvist Murphy Sato Reyes Adeyemi Horvat"
)
TITLES = ("Minister", "Senator", "Mayor", "Councillor", "MP", "Governor", "Spokesperson", "")
OUTLET_FORMS = ("The {a} {b}", "{a} {b}", "{a} Daily", "{b} Weekly", "{a} Radio", "{a} Times")
PLACES = _words(
    "Northfield Riverside Eastport Lakeview Hillcrest Westbrook Southgate Greenvale "
    "Harborough Ashford Brightwater Cedar Falls Millbrook Oakridge Pinehurst Stonebridge"
)
PAPERS = ("Herald", "Courier", "Gazette", "Post", "Tribune", "Observer", "Chronicle", "Star")
FILLER = (
    "Officials did not respond to a request for comment.",
    "The figures were published in the annual report.",
    "Critics said the numbers leave out important context.",
    "The debate continued late into the evening.",
    "Analysts expect the issue to return before the next election.",
    "Supporters welcomed the announcement on Tuesday.",
    "The statement was repeated in a later interview.",
)
SUMMARIES = (
    "Official statistics show a different trend over the same period.",
    "The figure is roughly right but leaves out the change in how it is measured.",
    "The source cited does not say this; the closest figure is much lower.",
    "The numbers check out against the national statistics office.",
    "There is no reliable data to settle the claim either way.",
    "The comparison mixes two different years and two different measures.",
)


def skewed(rng: random.Random, n: int, power: float = 3.0) -> int:
    """An index in ``range(n)`` where low indexes are far more likely (a few big names)."""
    return min(n - 1, int(n * rng.random() ** power))


def topic(rng: random.Random) -> str:
    return TOPICS[skewed(rng, len(TOPICS), 2.0)]


def person(i: int) -> str:
    """The ``i``-th claimant's name (unique for every ``i``)."""
    first, rest = FIRST[i % len(FIRST)], i // len(FIRST)
    last, more = LAST[rest % len(LAST)], rest // len(LAST)
    title = TITLES[more % len(TITLES)]
    suffix = f" {more // len(TITLES) + 1}" if more >= len(TITLES) else ""
    return f"{title} {first} {last}{suffix}".strip()


def outlet(i: int) -> tuple[str, str]:
    """The ``i``-th outlet's name and domain (unique for every ``i``)."""
    place, rest = PLACES[i % len(PLACES)], i // len(PLACES)
    paper, more = PAPERS[rest % len(PAPERS)], rest // len(PAPERS)
    form = OUTLET_FORMS[more % len(OUTLET_FORMS)]
    name = form.format(a=place, b=paper)
    if more >= len(OUTLET_FORMS):
        name += f" {more // len(OUTLET_FORMS) + 1}"
    domain = name.lower().replace("the ", "").replace(" ", "") + ".example"
    return name, domain


def claim_text(rng: random.Random, number: int) -> str:
    """A short claim (under 200 characters), different for every ``number``."""
    form = CLAIM_FORMS[rng.randrange(len(CLAIM_FORMS))]
    text = form.format(
        topic=topic(rng),
        topic2=topic(rng),
        topic3=topic(rng),
        verb=VERBS[rng.randrange(len(VERBS))],
        verb2=VERBS[rng.randrange(len(VERBS))],
        n=rng.randint(2, 95),
        year=rng.randint(1990, 2025),
    )
    return f"{text[0].upper()}{text[1:]} (no. {number})"


def long_text(rng: random.Random) -> str | None:
    """Sometimes a longer wording of the claim, of varied length."""
    if rng.random() > 0.3:
        return None
    words = [topic(rng) for _ in range(rng.randint(10, 90))]
    return "In full: " + " ".join(words) + "."


def quote(claim: str, rng: random.Random) -> str:
    """What the speaker said, as printed: the claim in a sentence of its own."""
    lead = ("I can tell you that", "The truth is", "Let me be clear:", "Frankly,", "")
    return f"{lead[rng.randrange(len(lead))]} {claim[0].lower()}{claim[1:]}".strip() + "."


def article_text(quotes: list[str], rng: random.Random) -> tuple[str, list[tuple[int, int]]]:
    """An article quoting each of ``quotes`` once; returns the text and each quote's span."""
    parts: list[str] = [FILLER[rng.randrange(len(FILLER))]]
    spans = []
    length = len(parts[0])
    for q in quotes:
        opening = f" {FILLER[rng.randrange(len(FILLER))]} “"
        start = length + len(opening)
        parts += [opening, q, "”"]
        spans.append((start, start + len(q)))
        length = start + len(q) + 1
    parts.append(" " + FILLER[rng.randrange(len(FILLER))])
    return "".join(parts), spans


def summary(rng: random.Random) -> str:
    return SUMMARIES[rng.randrange(len(SUMMARIES))] + f" See the {topic(rng)} figures."
