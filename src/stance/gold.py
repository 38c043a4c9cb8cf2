"""Reading labelled data: tone labels for training and evaluation, and extraction gold.

Labelled statements (what `stance train` trains on, and tone gold) are CSV files with ``text`` and
``label`` (optimism, frustration, neutral), and optionally ``split`` (``train`` or ``heldout``)
and ``context`` (the sentence around the quote, or a template with ``{quote}``).

Extraction gold (JSONL, one article per line)::

    {"id": "a1", "date": "2025-11-23", "text": "…article text…",
     "gold": [{"speaker": "Marco Rubio", "party": "US", "quote": "…the quoted words…"}, …]}

``published`` may stand for ``date``, and ``file`` (a path relative to the gold file, read as a
corpus file) for both ``text`` and ``date``. Each gold statement has the exact quoted words
(``quote``), the speaker (``null`` when the article names none) and the party (``Unknown`` when it
cannot be told). Other fields (``attribution``, ``tone``, ``note``) are ignored by extraction.

Tone gold is a labelled CSV; when it has a ``split`` column with ``heldout`` rows, evaluation
scores only those. An extraction gold file whose statements carry a ``tone`` is tone gold too:
each quote is read in the sentence that `extract_statements` finds it in (the quote alone when
extraction misses it, by the matching rule of `match_quotes`), as the pipeline would read it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from ._frames import as_utc, read_csv_with
from .corpus import read_corpus
from .errors import ModelError, StanceError
from .extract import extract_statements
from .schema import LABELS

__all__ = [
    "match_quotes",
    "overlap",
    "read_extraction_gold",
    "read_labelled",
    "read_statements",
    "read_tone_gold",
]

MIN_OVERLAP = 0.5
_WORD = re.compile(r"\w+")


def read_statements(
    path: Path, required: Sequence[str], optional: Sequence[str], *, what: str
) -> pd.DataFrame:
    """A CSV file of statements: its `required` columns, and the `optional` ones (empty where the
    file lacks them).

    Raises `ModelError` naming the file and line of an empty ``text`` or, when ``label`` is
    required, of an unknown label.
    """
    frame = read_csv_with(path, required, what=what, error=ModelError)
    labels = frame["label"] if "label" in required else None
    for row, text in enumerate(frame["text"]):
        if not text.strip():
            raise ModelError(f"{path}: line {row + 2}: empty text")
        if labels is not None and labels.iat[row] not in LABELS:
            raise ModelError(
                f"{path}: line {row + 2}: label {labels.iat[row]!r}; valid labels: "
                f"{', '.join(LABELS)}"
            )
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    return frame


def read_labelled(paths: Sequence[str | os.PathLike[str]]) -> pd.DataFrame:
    """Labelled statements from CSV files: ``text``, ``label``, ``split``, ``context``, ``source``.

    ``split`` and ``context`` (the sentence around the quote, or a template with ``{quote}``) are
    optional and come back empty when a file lacks them.

    Raises `ModelError` naming the file and line of a missing text or an unknown label.
    """
    frames = []
    for path in paths:
        path = Path(path)
        frame = read_statements(
            path, ("text", "label"), ("split", "context"), what="labelled statements"
        )
        frame["source"] = str(path)
        frames.append(frame[["text", "label", "split", "context", "source"]])
    if not frames:
        raise ModelError("no training data given")
    return pd.concat(frames, ignore_index=True)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def overlap(a: str, b: str) -> float:
    """Shared word tokens over the size of the larger set (0 when either has no words)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


def match_quotes(gold: list[str], found: list[str]) -> dict[int, int]:
    """Gold quote index -> found statement index, matched one to one by word overlap (best first,
    at least `MIN_OVERLAP`)."""
    pairs = sorted(
        ((overlap(f, g), gi, fi) for gi, g in enumerate(gold) for fi, f in enumerate(found)),
        reverse=True,
    )
    matched: dict[int, int] = {}
    used: set[int] = set()
    for score, gi, fi in pairs:
        if score < MIN_OVERLAP:
            break
        if gi in matched or fi in used:
            continue
        matched[gi] = fi
        used.add(fi)
    return matched


def read_extraction_gold(path: str | os.PathLike[str]) -> tuple[pd.DataFrame, dict[str, list]]:
    """The articles of a gold file (as an articles frame) and their gold statements by id."""
    path = Path(path)
    rows, gold = [], {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                key = str(record.get("id", number))
                if "file" in record:
                    # gold over an article file: read it as the corpus loader does
                    article = read_corpus(path.parent / record["file"], strict=True).articles
                    published, text = article["published"].iloc[0], article["text"].iloc[0]
                else:
                    published = pd.Timestamp(record.get("date") or record["published"])
                    text = record["text"]
                statements = record.get("gold", [])
                for g in statements:
                    if "quote" not in g:
                        raise KeyError("quote")
            except (json.JSONDecodeError, KeyError, ValueError, TypeError, StanceError) as exc:
                raise StanceError(f"{path}: line {number}: not a gold article ({exc})") from exc
            stamp = as_utc(published)
            rows.append({"article_id": key, "published": stamp, "text": text})
            gold[key] = statements
    return pd.DataFrame(rows, columns=["article_id", "published", "text"]), gold


def gold_format(path: str | os.PathLike[str]) -> str:
    """``jsonl`` for extraction gold, ``csv`` for a labelled CSV (told by the file's suffix)."""
    return "jsonl" if Path(path).suffix.lower() == ".jsonl" else "csv"


def read_tone_gold(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Tone gold as ``text``, ``label``, ``split``, ``context`` rows (formats in the module
    docstring): a labelled CSV, or an extraction gold JSONL whose statements have a ``tone``.
    A ``record`` column says where each row is in the file (``line 4``; ``article a1, quote 2``),
    and ``attrs["format"]`` which of the two formats the file is."""
    if gold_format(path) == "csv":
        frame = read_labelled([path]).drop(columns="source")
        frame["record"] = [f"line {row + 2}" for row in range(len(frame))]
        frame.attrs["format"] = "csv"
        return frame
    articles, gold = read_extraction_gold(path)
    found = extract_statements(articles)
    by_article = {k: g for k, g in found.groupby("article_id", sort=False)}
    rows = []
    for article_id, statements in gold.items():
        preds = by_article.get(article_id, found.iloc[:0])
        toned = [g for g in statements if g.get("tone") is not None]
        for g in toned:
            if g["tone"] not in LABELS:
                raise StanceError(
                    f"{path}: article {article_id}: tone {g['tone']!r}; valid: {', '.join(LABELS)}"
                )
        matched = match_quotes([g["quote"] for g in toned], preds["text"].tolist())
        places = [i for i, g in enumerate(statements, start=1) if g.get("tone") is not None]
        for gi, g in enumerate(toned):
            # a quote extraction found is read as the pipeline reads it: its words in its sentence
            found_at = matched.get(gi)
            text = g["quote"] if found_at is None else preds["text"].iloc[found_at]
            context = "" if found_at is None else preds["context"].iloc[found_at]
            rows.append(
                {
                    "text": text,
                    "label": g["tone"],
                    "split": "",
                    "context": context,
                    "record": f"article {article_id}, quote {places[gi]}",
                }
            )
    if not rows:
        raise StanceError(f"{path}: no statement has a tone")
    frame = pd.DataFrame(rows, columns=["text", "label", "split", "context", "record"])
    frame.attrs["format"] = "jsonl"
    return frame
