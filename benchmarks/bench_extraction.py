"""Extraction speed: articles per second of `extract_statements` on one core.

The articles are the project's fictional gold articles, each doubled (two reports joined) to
about 670 words with 15–20 quotes; the target, 500 articles of 600 words a second, is compared
with the words per second divided by 600. Side by side it times the easy part alone, pairing
quotation marks (`stance.extract.find_quotes`), so the cost of attribution shows.

Each timing is the best of `--repeat` runs (3 by default), as `timeit` does: a shared virtual
machine slows single runs by up to a third at random, and the best run is the one least disturbed.

With `--long` it also times one pathological article of 1, 2 and 4 MB and prints the time per MB
of the largest against the smallest: 1.0 means extraction is linear in an article's length.

Run:  python benchmarks/bench_extraction.py [--articles N] [--repeat R] [--long]
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET = 500.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    parser.add_argument(
        "--long", action="store_true", help="also time one article of 1, 2 and 4 MB (linearity)"
    )
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core

    import pandas as pd

    from stance import extract_statements, load_actors
    from stance.evaluate import read_extraction_gold
    from stance.extract import find_quotes

    gold = REPO / "data" / "gold" / "extraction"
    base, _ = read_extraction_gold(gold / "fictional_articles.jsonl")
    texts = base["text"].tolist()
    doubled = [texts[i] + "\n\n" + texts[(i + 1) % len(texts)] for i in range(len(texts))]
    rows = [doubled[i % len(doubled)] for i in range(args.articles)]
    articles = pd.DataFrame(
        {
            "article_id": [str(i) for i in range(len(rows))],
            "published": pd.Timestamp("2025-06-01", tz="UTC"),
            "text": rows,
        }
    )
    words = sum(len(t.split()) for t in rows) / len(rows)
    actors = load_actors(gold / "fictional_actors.yaml")
    extract_statements(articles.head(5), actors)  # compile the dictionary outside the timing

    full = pairing = float("inf")
    for _ in range(max(1, args.repeat)):
        began = time.perf_counter()
        statements = extract_statements(articles, actors)
        full = min(full, time.perf_counter() - began)
        began = time.perf_counter()
        quotes = sum(len(find_quotes(t)) for t in rows)
        pairing = min(pairing, time.perf_counter() - began)

    runs = max(1, args.repeat)
    print(f"{len(rows)} articles of {words:.0f} words on average, one core, best of {runs}")
    print(f"extract_statements : {len(rows) / full:8.1f} articles/s ({len(statements)} statements)")
    print(f"quote pairing only : {len(rows) / pairing:8.1f} articles/s ({quotes} quotes)")
    print(f"attribution costs  : {full / pairing:8.1f}x the pairing alone")
    per_600 = len(rows) * words / 600 / full
    print(f"words per second   : {len(rows) * words / full:8.0f} ({per_600:.0f} x 600 words)")
    print(f"against the target : {per_600 / TARGET:8.2f}x of {TARGET:.0f} articles of 600 words/s")
    if args.long:
        # One pathological page: the gold articles joined into a single text of 1, 2 and 4 MB.
        # Extraction must stay linear in the length of an article (seconds per MB level).
        joined = "\n\n".join(texts)
        per_mb = []
        for mb in (1, 2, 4):
            size = mb * 1_000_000
            page = (joined * (size // len(joined) + 1))[:size]
            frame = articles.head(1).assign(text=[page])
            began = time.perf_counter()
            extract_statements(frame, actors)
            per_mb.append((time.perf_counter() - began) / mb)
            print(f"one article of {mb} MB: {per_mb[-1] * mb:6.2f} s ({per_mb[-1]:.2f} s per MB)")
        print(f"4 MB against 1 MB  : {per_mb[-1] / per_mb[0]:8.2f}x the time per MB (1.0: linear)")


if __name__ == "__main__":
    main()
