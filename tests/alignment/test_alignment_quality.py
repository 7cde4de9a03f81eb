"""The alignment's quality on the constructed pairs (tests/fixtures/alignment/pairs.json).

Their sources are real texts, but their outlet sides were written by the project (a real
sentence re-reported with one kind of change each); the measure on pairs whose both sides
are captured text is test_alignment_real_pairs.py.

Figures when these thresholds were set: tuning 23/24, held-aside 8/8, fresh 7/8 (written
after the tuning and labelled before the first run), all 38/40; the fidelity the
alignment suggests agreed with the label on 39/40. After the edge changes made for the real
pairs the figures are the same (the Snopes tuning pair, already a miss, now also finds a
passage three words too long). The thresholds leave room for one more miss in each split,
no more.
"""

from __future__ import annotations

from tests.alignment.alignment_eval import measure, pairs


def test_the_labelled_set_is_large_enough_and_has_a_held_aside_part():
    labelled = pairs()
    assert len(labelled) >= 30
    assert sum(p["held_out"] for p in labelled) >= 8
    assert len({p["id"] for p in labelled}) == len(labelled)


def test_tuning_pairs():
    outcomes = measure("tune")
    assert sum(o.right for o in outcomes) >= len(outcomes) - 2


def test_held_aside_pairs():
    outcomes = measure("held")
    assert sum(o.right for o in outcomes) >= len(outcomes) - 1


def test_fresh_pairs():
    outcomes = measure("fresh")
    assert len(outcomes) >= 8
    assert sum(o.right for o in outcomes) >= len(outcomes) - 2


def test_at_least_18_of_20_overall_and_the_suggested_fidelity_mostly_right():
    outcomes = measure("all")
    right = sum(o.right for o in outcomes)
    assert right >= 18 and right / len(outcomes) >= 0.9
    agreed = sum(o.fidelity == o.pair["fidelity"] for o in outcomes)
    assert agreed >= len(outcomes) - 3
