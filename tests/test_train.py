"""Training a head: data checks, held-out figures, model card, determinism."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from stance import ModelError, get_scorer, score_statements
from stance.train import read_labelled, train_head

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


def _write(tmp_path: Path, rows: list[tuple[str, str]] = ROWS, split: bool = True) -> Path:
    frame = pd.DataFrame(rows, columns=["text", "label"])
    if split:
        frame["split"] = ["heldout" if i % 6 == 5 else "train" for i in range(len(frame))]
    path = tmp_path / "labelled.csv"
    frame.to_csv(path, index=False)
    return path


def test_train_writes_a_usable_model_with_a_card(tmp_path: Path, tiny_encoder: Path) -> None:
    data = _write(tmp_path)
    result = train_head(data, tmp_path / "model", encoder=str(tiny_encoder), name="mine")
    assert (result.n_train, result.n_heldout) == (15, 3)
    assert result.heldout is not None and result.heldout.n == 3
    config = json.loads((tmp_path / "model" / "config.json").read_text())
    assert config["name"] == "mine" and config["heldout"]["n"] == 3
    assert config["training"]["n_train"] == 15
    card = (tmp_path / "model" / "MODEL_CARD.md").read_text()
    assert "Held-out evaluation" in card and "labelled.csv" in card
    assert config["training"]["date"] in card
    scored = score_statements(pd.DataFrame({"text": ["great progress"]}), tmp_path / "model")
    assert scored["model"].iloc[0].startswith("mine:")


def test_training_is_deterministic(tmp_path: Path, tiny_encoder: Path) -> None:
    data = _write(tmp_path)
    train_head(data, tmp_path / "one", encoder=str(tiny_encoder))
    train_head(data, tmp_path / "two", encoder=str(tiny_encoder))
    one = (tmp_path / "one" / "head.safetensors").read_bytes()
    assert one == (tmp_path / "two" / "head.safetensors").read_bytes()
    assert get_scorer(tmp_path / "one").key.split(":")[1] != ""


def test_without_a_split_column_a_stratified_share_is_held_out(
    tmp_path: Path, tiny_encoder: Path
) -> None:
    data = _write(tmp_path, split=False)
    result = train_head(data, tmp_path / "m", encoder=str(tiny_encoder))
    assert result.n_heldout == 3  # 20% of six rows per label, rounded, times three labels


def test_bad_labels_name_the_file_and_line(tmp_path: Path) -> None:
    data = _write(tmp_path, rows=[*ROWS[:2], ("we shall see", "hopeful")])
    with pytest.raises(ModelError, match=r"labelled\.csv: line 4: label 'hopeful'; valid labels"):
        read_labelled([data])


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("quote,tone\nhi,neutral\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"missing column.*text, label; found: quote, tone"):
        read_labelled([path])
