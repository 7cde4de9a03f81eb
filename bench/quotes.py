"""Time ``find_quotes`` on real article text: ``python -m bench.quotes``.

Joins the speaker evaluation articles (tests/fixtures/speakers) into texts of about 2,000
words and prints the median and worst time per text. Issue 15 asks for "well under 100 ms".
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from claimtracker.ingest.quotes import find_quotes

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "speakers" / "articles"


def texts(words: int = 2000) -> list[str]:
    """Consecutive articles joined until each text holds about ``words`` words."""
    out, current = [], []
    for path in sorted(ARTICLES.glob("*.txt")):
        current.append(path.read_text(encoding="utf-8"))
        if sum(len(t.split()) for t in current) >= words:
            out.append("\n\n".join(current))
            current = []
    return out


def main() -> None:
    samples = texts()
    timings = []  # the best of five runs per text: other work on the machine only adds time
    for text in samples:
        runs = []
        for _ in range(5):
            began = time.perf_counter()
            find_quotes(text)
            runs.append((time.perf_counter() - began) * 1000)
        timings.append(min(runs))
    words = statistics.mean(len(t.split()) for t in samples)
    print("| texts | mean words | median ms | worst ms |")
    print("|---|---|---|---|")
    print(
        f"| {len(samples)} | {words:.0f} | {statistics.median(timings):.1f} | {max(timings):.1f} |"
    )


if __name__ == "__main__":
    main()
