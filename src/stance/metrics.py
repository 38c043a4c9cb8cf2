"""Classification metrics for tone: accuracy, per-class and macro F1, confusion matrix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .models.base import LABELS

__all__ = ["ToneMetrics", "tone_metrics"]


@dataclass(frozen=True)
class ToneMetrics:
    """Agreement of predicted with gold tone labels."""

    n: int
    accuracy: float
    macro_f1: float
    f1: dict[str, float]
    confusion: pd.DataFrame  # rows: gold, columns: predicted

    def as_dict(self) -> dict[str, object]:
        return {
            "n": self.n,
            "accuracy": round(self.accuracy, 4),
            "macro_f1": round(self.macro_f1, 4),
            "f1": {k: round(v, 4) for k, v in self.f1.items()},
            "confusion": {
                "labels": list(LABELS),
                "rows_gold_columns_predicted": self.confusion.to_numpy().tolist(),
            },
        }

    def __str__(self) -> str:
        per_class = ", ".join(f"{k} {v:.3f}" for k, v in self.f1.items())
        return (
            f"n={self.n}  accuracy={self.accuracy:.3f}  macro-F1={self.macro_f1:.3f}  ({per_class})"
        )


def tone_metrics(gold: Sequence[str], predicted: Sequence[str]) -> ToneMetrics:
    """Accuracy, F1 per label, macro-F1 (mean over the three labels) and the confusion matrix."""
    gold_a = np.asarray(list(gold), dtype=object)
    pred_a = np.asarray(list(predicted), dtype=object)
    if len(gold_a) != len(pred_a):
        raise ValueError(f"{len(gold_a)} gold labels but {len(pred_a)} predictions")
    confusion = pd.DataFrame(0, index=list(LABELS), columns=list(LABELS), dtype="int64")
    for g, p in zip(gold_a, pred_a, strict=True):
        confusion.loc[g, p] += 1
    f1 = {}
    for label in LABELS:
        tp = confusion.loc[label, label]
        fp = confusion[label].sum() - tp
        fn = confusion.loc[label].sum() - tp
        f1[label] = float(2 * tp / (2 * tp + fp + fn)) if tp else 0.0
    n = len(gold_a)
    accuracy = float(np.trace(confusion.to_numpy()) / n) if n else 0.0
    return ToneMetrics(n, accuracy, float(np.mean(list(f1.values()))), f1, confusion)
