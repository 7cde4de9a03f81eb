"""Aligning a reported passage with its cited source (pure: no Flask, no database).

An outlet writes a passage and says where it comes from ("The Blast reports"). Given the
outlet's passage and the source's text, this package

* finds the source passage closest to it (:func:`find_passage`: sentence alignment, then
  word alignment, scored with ``rapidfuzz``);
* says word by word how the two differ (:func:`compare`: ``difflib`` over words), with
  numbers that differ and negations or antonyms flipped ("allowed" / "prohibited");
* suggests a faithfulness judgement from that (:func:`suggest_fidelity`), for a reviewer
  to confirm;
* suggests the attribution phrase from the text around a quote
  (:func:`suggest_attribution`: "The Blast reports", "according to police").
"""

from __future__ import annotations

from claimtracker.alignment.attribution import suggest_attribution
from claimtracker.alignment.diff import Change, Comparison, Flip, NumberChange, compare
from claimtracker.alignment.fidelity import FIDELITY_SCALE, suggest_fidelity
from claimtracker.alignment.passage import SourcePassage, find_passage, sentence_spans

__all__ = [
    "FIDELITY_SCALE",
    "Change",
    "Comparison",
    "Flip",
    "NumberChange",
    "SourcePassage",
    "compare",
    "find_passage",
    "sentence_spans",
    "suggest_attribution",
    "suggest_fidelity",
]
