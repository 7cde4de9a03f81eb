"""A synthetic ClaimReview feed shaped like real publishers' (the bench's import input)."""

from __future__ import annotations

import json
import random

from claimtracker.services import seed_text

LABELS = ["False", "Mostly false", "Misleading", "Mostly true", "True", "Pants on Fire"]


def feed(n: int = 5000) -> bytes:
    """A DataFeed of ``n`` reviews from three publishers, each with an appearance."""
    rng = random.Random(3)
    items = []
    for i in range(n):
        publisher = ("Polygraph Example", "Check Desk", "Verify Weekly")[i % 3]
        site = publisher.lower().replace(" ", "")
        label = rng.choice(LABELS)
        outlet, domain = seed_text.outlet(rng.randrange(60))
        items.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "url": f"https://{site}.example/fact-check/{i}",
                "datePublished": f"20{rng.randint(16, 25)}-0{rng.randint(1, 9)}-1{i % 10}",
                "author": {"@type": "Organization", "name": publisher},
                "publisher": {"@type": "Organization", "name": publisher},
                "claimReviewed": seed_text.claim_text(rng, i),
                "headline": f"Fact check: {seed_text.topic(rng)} figures",
                "description": seed_text.summary(rng),
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": LABELS.index(label) % 5 + 1,
                    "bestRating": 5,
                    "worstRating": 1,
                    "alternateName": label,
                },
                "itemReviewed": {
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": seed_text.person(rng.randrange(800))},
                    "datePublished": f"2019-0{rng.randint(1, 9)}-0{rng.randint(1, 9)}",
                    "appearance": [
                        {
                            "@type": "CreativeWork",
                            "url": f"https://{domain}/story/{rng.randrange(n * 2)}",
                            "headline": f"On {seed_text.topic(rng)}",
                            "publisher": {"@type": "Organization", "name": outlet},
                        }
                    ],
                },
            }
        )
    return json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [{"@type": "DataFeedItem", "item": [r]} for r in items],
        }
    ).encode()
