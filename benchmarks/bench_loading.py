"""Loading a folder of text files: dates from one `manifest.csv` against dates in each file's
front matter, side by side in one run.

Before the manifest was read once per folder, it was read again for every file: 10,000 files
took about 25 times as long with a manifest as with front matter. Read once, the two should take
about the same time or less (a ratio of 1 or below).

The articles are example data written for the benchmark (fictional, a sentence each).

Run:  python benchmarks/bench_loading.py [--files N] [--repeat R]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def _write(folder: Path, files: int, *, manifest: bool) -> None:
    folder.mkdir(parents=True)
    rows = ["file,published,title"]
    for i in range(files):
        body = f"Example text {i}: a fictional official said the talks would “go on”.\n"
        name = f"a{i:05d}.txt"
        if manifest:
            (folder / name).write_text(body, encoding="utf-8")
            rows.append(f"{name},2026-03-{i % 28 + 1:02d},Example {i}")
        else:
            front = f"---\npublished: 2026-03-{i % 28 + 1:02d}\ntitle: Example {i}\n---\n"
            (folder / name).write_text(front + body, encoding="utf-8")
    if manifest:
        (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    args = parser.parse_args()

    from stance import read_corpus

    with tempfile.TemporaryDirectory() as tmp:
        timings = {}
        for kind in ("front matter", "manifest"):
            folder = Path(tmp) / kind.replace(" ", "-")
            _write(folder, args.files, manifest=kind == "manifest")
            best = float("inf")
            for _ in range(max(1, args.repeat)):
                began = time.perf_counter()
                corpus = read_corpus(folder)
                best = min(best, time.perf_counter() - began)
            assert len(corpus.articles) == args.files and not corpus.rejects
            timings[kind] = best
            print(f"{kind:13}: {args.files} files in {best:6.2f} s")
    ratio = timings["manifest"] / timings["front matter"]
    print(f"manifest against front matter: {ratio:5.2f}x the time (1 or less: read once a folder)")


if __name__ == "__main__":
    main()
