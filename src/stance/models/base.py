"""What a scorer is, and the label set every scorer maps onto."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["LABELS", "Scorer"]

LABELS: tuple[str, str, str] = ("optimism", "frustration", "neutral")


@runtime_checkable
class Scorer(Protocol):
    """Anything with `labels`, a cache `key` and `predict_proba` can score statements.

    `predict_proba(texts)` returns an array of shape ``(len(texts), 3)`` whose columns follow
    `LABELS` and whose rows sum to 1. `key` names the model and its weights, so that cached scores
    of an older version are never reused.
    """

    labels: tuple[str, ...]
    key: str

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...
