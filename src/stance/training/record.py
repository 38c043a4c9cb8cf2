"""A model directory's record of itself (``config.json``): how files and models are named in it,
what int8 costs by its figures, and writing it."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..metrics import ToneMetrics
from ..models import SHIPPED, shipped_model_dir
from ..models.encoder import read_head_config

__all__ = ["compared_name", "int8_costs", "metrics_from", "model_dir", "sources", "write_config"]


def sources(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """File names as the model card records them: relative where they were given absolute."""
    return sorted({os.path.relpath(p) if Path(p).is_absolute() else str(p) for p in paths})


def model_dir(spec: str | os.PathLike[str]) -> Path:
    """The directory of a model named as `get_scorer` names it: a shipped model's name
    (``default``, ``fast``) or a directory."""
    text = os.fspath(spec)
    return shipped_model_dir(text) if text in SHIPPED else Path(text).expanduser()


def compared_name(spec: str | os.PathLike[str]) -> str:
    """How a model card names a compared model: its name, encoder and training date."""
    text = os.fspath(spec)
    directory = model_dir(spec)
    if not directory.is_dir():
        return text
    config = read_head_config(directory)
    date = (config.get("training") or {}).get("date")
    where = "" if text in SHIPPED else f" at {sources([directory])[0]}"
    return (
        f"{config.get('name') or directory.name} ({config.get('encoder')}"
        + (f", trained {date})" if date else ")")
        + where
    )


def int8_costs(config: dict[str, Any]) -> dict[str, float]:
    """Macro-F1 lost by running in int8, on the held-out rows and on each other evaluation
    that measured both."""
    costs = {}
    if config.get("heldout") and config.get("heldout_int8"):
        costs["held-out"] = config["heldout"]["macro_f1"] - config["heldout_int8"]["macro_f1"]
    for evaluation in config.get("other_evaluations", []):
        if "int8" in evaluation:
            costs[evaluation["data"]] = (
                evaluation["float32"]["macro_f1"] - evaluation["int8"]["macro_f1"]
            )
    return {name: round(cost, 4) for name, cost in costs.items()}


def metrics_from(record: dict[str, Any] | None) -> ToneMetrics | None:
    """Figures the config keeps (`ToneMetrics.as_dict`), read back; None where there are none."""
    return ToneMetrics.from_dict(record) if record else None


def write_config(directory: Path, config: dict[str, Any]) -> None:
    """Write `config` as the directory's ``config.json``."""
    (directory / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
