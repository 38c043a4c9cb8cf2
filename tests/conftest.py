"""Shared fixtures: a tiny random encoder and head model built on disk (no download)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"

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


def build_tiny_encoder(path: Path, hidden: int = 16, layers: int = 1) -> Path:
    """A randomly initialised BERT (1 layer unless told) with a word-level vocabulary, saved to
    `path`."""
    import torch
    from transformers import BertConfig, BertModel, BertTokenizerFast

    path.mkdir(parents=True, exist_ok=True)
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *_WORDS]
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(path / "vocab.txt"), do_lower_case=True)
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=len(vocab),
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
    )
    BertModel(config).save_pretrained(path)
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


@pytest.fixture(scope="session")
def tiny_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_encoder(tmp_path_factory.mktemp("tiny-encoder"))


@pytest.fixture(scope="session")
def tiny_encoder_2_layers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_encoder(tmp_path_factory.mktemp("tiny-encoder-2"), layers=2)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, tiny_encoder: Path) -> Path:
    return build_tiny_head(tmp_path_factory.mktemp("tiny-model"), tiny_encoder)


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
