"""Shared test data and builders. Test modules import from here (or use the fixtures in
conftest.py), never from one another.

- paths: REPO, SEEDS
- data written for the tests (fictional people and countries): ROWS (labelled statements),
  SCORED (scored statements with dates and parties), with_speakers() (SCORED with speakers and
  targets)
- helpers: write_jsonl, CountingScorer
- tiny random models built on disk, no download: tiny_bert_config (the one tiny BERT
  configuration), build_tiny_encoder, build_tiny_head, build_tiny_classifier
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from stance.schema import LABELS

if TYPE_CHECKING:
    from transformers import BertConfig

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


# --- labelled statements --------------------------------------------------------------------

# Labelled examples written for these tests (fictional officials; a few words each).
ROWS = [
    ("We made great progress today", "optimism"),
    ("a good deal is near", "optimism"),
    ("thanks to the delegations, peace is near", "optimism"),
    ("great hope", "optimism"),
    ("we are grateful for the talks", "optimism"),
    ("good progress again", "optimism"),
    ("these talks are a terrible waste", "frustration"),
    ("lies and blame", "frustration"),
    ("they never end the war", "frustration"),
    ("zero gratitude, bad faith", "frustration"),
    ("terrible, terrible talks", "frustration"),
    ("no, never again", "frustration"),
    ("the meeting will be held on thursday", "neutral"),
    ("delegations met today", "neutral"),
    ("the talks are on thursday", "neutral"),
    ("a meeting will be held", "neutral"),
    ("delegations will meet on thursday", "neutral"),
    ("the meeting is today", "neutral"),
]


# --- scored statements ----------------------------------------------------------------------


def _scored(rows: list[tuple[str, str, float, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["published", "party", "optimism", "frustration"])
    frame["published"] = pd.to_datetime(frame["published"], utc=True)
    frame["neutral"] = 1 - frame["optimism"] - frame["frustration"]
    return frame


SCORED = _scored(
    [
        ("2026-03-02", "Oskaria", 0.8, 0.1),  # Monday, week of 2026-03-02
        ("2026-03-04", "Oskaria", 0.6, 0.2),
        ("2026-03-08", "Oskaria", 0.4, 0.3),  # Sunday, same week
        ("2026-03-09", "Oskaria", 0.1, 0.7),  # next week
        ("2026-03-03", "Veldania", 0.2, 0.5),
    ]
)


def with_speakers() -> pd.DataFrame:
    """A copy of SCORED with a speaker and a target party for each statement."""
    frame = SCORED.copy()
    frame["speaker"] = ["Arla Venn", "Arla Venn", "Ivo Dask", "Arla Venn", "Tomas Brekk"]
    frame["target"] = ["Veldania", None, "Veldania", "Veldania", "Oskaria"]
    return frame


# --- helpers --------------------------------------------------------------------------------


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


class CountingScorer:
    """Wraps a scorer and counts the texts it was asked to score."""

    labels = LABELS

    def __init__(self, inner: object, key: str) -> None:
        self.inner = inner
        self.key = key
        self.seen: list[str] = []

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        self.seen.extend(texts)
        return self.inner.predict_proba(texts)  # type: ignore[attr-defined]


# --- tiny random models ---------------------------------------------------------------------

_WORDS = [
    "we",
    "the",
    "a",
    "talks",
    "peace",
    "deal",
    "progress",
    "productive",
    "grateful",
    "hope",
    "angry",
    "blame",
    "war",
    "end",
    "never",
    "again",
    "thanks",
    "zero",
    "gratitude",
    "meeting",
    "will",
    "be",
    "held",
    "on",
    "thursday",
    "delegations",
    "met",
    "today",
    "said",
    "is",
    "are",
    "not",
    "no",
    "yes",
    "good",
    "bad",
    "great",
    "terrible",
    "lies",
]


def tiny_bert_config(
    vocab_size: int, hidden: int = 16, layers: int = 1, **extra: Any
) -> BertConfig:
    """The tiny BERT configuration every test model uses: 2 heads, feed-forward 32, 64
    positions; `extra` adds settings such as a classifier's labels."""
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        **extra,
    )


def build_tiny_encoder(path: Path, hidden: int = 16, layers: int = 1) -> Path:
    """A randomly initialised BERT (1 layer unless told) with a word-level vocabulary, saved to
    `path`."""
    import torch
    from transformers import BertModel, BertTokenizerFast

    path.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *_WORDS]
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(path / "vocab.txt"), do_lower_case=True)
    torch.manual_seed(0)
    BertModel(tiny_bert_config(len(vocab), hidden=hidden, layers=layers)).save_pretrained(path)
    tokenizer.save_pretrained(path)
    return path


def build_tiny_head(path: Path, encoder: Path, hidden: int = 16, seed: int = 0) -> Path:
    """A model directory in the `stance train` format, with random head weights."""
    from safetensors.numpy import save_file

    path.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    save_file(
        {
            "weight": rng.normal(size=(3, hidden)).astype(np.float32),
            "bias": np.zeros(3, dtype=np.float32),
        },
        str(path / "head.safetensors"),
    )
    config = {
        "format": "stance-head/1",
        "name": "tiny",
        "encoder": str(encoder),
        "pooling": "mean",
        "normalize": True,
        "max_length": 32,
        "labels": ["optimism", "frustration", "neutral"],
        "temperature": 1.0,
        "heldout": None,
    }
    (path / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return path


def build_tiny_classifier(path: Path, encoder: Path, labels: list[str]) -> Path:
    """A hub-style sequence classifier with the given labels and random weights, saved to `path`
    with the tokenizer of `encoder` (a tiny encoder)."""
    from transformers import AutoTokenizer, BertForSequenceClassification

    config = tiny_bert_config(
        60,  # at least the tiny tokenizer's vocabulary
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={lab: i for i, lab in enumerate(labels)},
    )
    BertForSequenceClassification(config).save_pretrained(path)
    AutoTokenizer.from_pretrained(encoder).save_pretrained(path)
    return path
