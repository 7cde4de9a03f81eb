"""The alignment's quality on real pairs (tests/fixtures/alignment/real/pairs.json).

Each pair is a passage an outlet published and the source it cites, both captured text
(real/SOURCES.md). A pair is right when the labelled source passage is found and the changed
content words, numbers and flips are marked as labelled (real_pairs_eval.py says exactly).

Figures, split fixed before the first run:

* first run, alignment as it was: tuning 10/14, held aside 8/12, all 18/26;
* after tuning on the 14 tuning pairs only (edge words re-matched near the span, an outlet's
  own edge words taken to stand for the rest of the source's phrase): tuning 14/14, held
  aside 9/12, all 23/26 (strict, function words included: 22/26);
* then the held-aside misses were looked at, and two general faults they showed were mended
  (a hard-wrapped line taken for the end of a sentence; a negation left out with the clause
  it negated taken for a reversal): tuning 14/14, held aside 11/12, all 25/26 (strict 24/26).
  From here the held-aside pairs are no longer unseen;
* then 12 "fresh" pairs (a fourth story, Florida State v the ACC) were found, labelled and
  measured once, with no change to the alignment after: fresh 11/12 (strict 10/12), all
  36/38. The fresh miss: a paraphrase that drops "filed in Leon County Circuit Court" from
  the start of the source's sentence; the passage found starts after that clause.

Of the 38, 13 are word-for-word quotations (13 right) and 25 change words (23 right).

The thresholds leave room for one more miss in each split, no more.
"""

from __future__ import annotations

from collections import Counter

from tests.alignment.real_pairs_eval import content, measure, pairs, source_text


def test_the_real_set_has_twenty_pairs_or_more_and_a_held_aside_part():
    labelled = pairs()
    assert len(labelled) >= 20
    assert sum(p["split"] == "held" for p in labelled) >= 10
    assert sum(p["split"] == "fresh" for p in labelled) >= 10
    assert {p["split"] for p in labelled} == {"tune", "held", "fresh"}
    assert len({p["id"] for p in labelled}) == len(labelled)
    assert len({p["outlet"]["name"] for p in labelled}) >= 8


def test_every_label_points_into_its_source_and_agrees_with_itself():
    for pair in pairs():
        assert pair["outlet"]["url"].startswith("https://"), pair["id"]
        assert pair["passage"] in source_text(pair), pair["id"]
        # the content-word labels are the full labels less function words
        assert content(pair["removed"]) == content(pair["content_removed"]), pair["id"]
        assert content(pair["added"]) == content(pair["content_added"]), pair["id"]
    # one real reversal: the demo's claim 2, "prohibited" reported as "allowed"
    assert [p["id"] for p in pairs() if p["flip"]] == ["sq-hu-allowed"]
    assert Counter(p["story"] for p in pairs()) == Counter(
        {"san-quentin": 11, "statins": 8, "epstein-guards": 7, "fsu-acc": 12}
    )


def test_tuning_pairs():
    outcomes = measure("tune")
    assert sum(o.right for o in outcomes) >= len(outcomes) - 1


def test_held_aside_pairs():
    outcomes = measure("held")
    assert sum(o.right for o in outcomes) >= 10


def test_fresh_pairs():
    outcomes = measure("fresh")
    assert sum(o.right for o in outcomes) >= 10


def test_at_least_18_real_pairs_right_and_the_demo_reversal_among_them():
    outcomes = measure("all")
    # the issue asks for 18 of 20; measured 36 of 38
    assert sum(o.right for o in outcomes) >= 35
    reversal = next(o for o in outcomes if o.pair["id"] == "sq-hu-allowed")
    assert reversal.right and reversal.fidelity == "source-reversed"
