"""The lexicon baseline: VADER's compound score mapped onto optimism / frustration / neutral."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..schema import LABELS

__all__ = ["VaderScorer"]

_EXPONENT = float(np.log(0.5) / np.log(0.05))


class VaderScorer:
    """VADER (vaderSentiment 3.3.2) as a scorer.

    The compound score c in [-1, 1] gives a polar share s = |c| ** k with k = ln 0.5 / ln 0.05,
    which maps 0.05 to 0.5: optimism = s when c > 0, frustration = s when c < 0, neutral = 1 - s.
    The most probable label is thus VADER's conventional one (positive at c >= 0.05, negative at
    c <= -0.05, neutral between).
    """

    labels: tuple[str, ...] = LABELS
    key = "vader:3.3.2-t0.05"

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._analyzer = SentimentIntensityAnalyzer()

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        compound = np.array(
            [self._analyzer.polarity_scores(t)["compound"] for t in texts], dtype=np.float64
        ).reshape(-1)
        share = np.abs(compound) ** _EXPONENT
        out = np.zeros((len(compound), 3))
        out[:, 0] = np.where(compound > 0, share, 0.0)
        out[:, 1] = np.where(compound < 0, share, 0.0)
        out[:, 2] = 1.0 - share
        return out
