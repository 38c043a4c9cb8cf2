"""The head: a multinomial logistic regression over frozen embeddings (its L2 penalty chosen by
stratified cross-validation), its probabilities over the views a model reads, and the temperature
that makes them honest."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..metrics import tone_metrics
from ..models.base import view_inputs
from ..models.encoder import Encoder, head_proba, softmax
from ..schema import LABELS

__all__ = [
    "Head",
    "balanced_weights",
    "calibrated",
    "choose_penalty",
    "fit_head",
    "fit_temperature",
    "probabilities",
    "starting_head",
    "view_logits",
]

PENALTIES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2)


@dataclass(frozen=True)
class Head:
    """A linear head's weights and temperature, and how it was first fitted."""

    weight: np.ndarray  # (3, dim)
    bias: np.ndarray  # (3,)
    temperature: float = 1.0
    # the L2 penalty cross-validation chose, and its macro-F1 (None: started from a model's head)
    penalty: float | None = None
    cv_f1: float | None = None


def balanced_weights(y: np.ndarray) -> np.ndarray:
    """Class weights of the loss that balance the labels of `y` (label indices): the rows over
    three times the label's count (a label without rows counts one)."""
    counts = np.bincount(y, minlength=len(LABELS)).astype(np.float32)
    return counts.sum() / (len(LABELS) * np.maximum(counts, 1))


def fit_head(
    x: np.ndarray, y: np.ndarray, penalty: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression with class-balanced weights and an L2 penalty."""
    import torch

    torch.manual_seed(seed)
    xt = torch.from_numpy(x.astype(np.float32))
    yt = torch.from_numpy(y.astype(np.int64))
    weights = torch.from_numpy(balanced_weights(y))
    layer = torch.nn.Linear(x.shape[1], len(LABELS))
    torch.nn.init.zeros_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.LBFGS(
        layer.parameters(), lr=1.0, max_iter=500, line_search_fn="strong_wolfe"
    )
    loss_fn = torch.nn.CrossEntropyLoss(weight=weights)

    def closure() -> torch.Tensor:
        optimizer.zero_grad()
        loss = loss_fn(layer(xt), yt) + penalty * layer.weight.pow(2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return layer.weight.detach().numpy().copy(), layer.bias.detach().numpy().copy()


def _folds(y: np.ndarray, k: int, seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    fold_of = np.empty(len(y), dtype=int)
    for label in range(len(LABELS)):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        fold_of[idx] = np.arange(len(idx)) % k
    return [np.flatnonzero(fold_of == f) for f in range(k)]


def choose_penalty(x: np.ndarray, y: np.ndarray, seed: int) -> tuple[float, float]:
    """The L2 penalty of `PENALTIES` with the best macro-F1 in stratified 5-fold
    cross-validation, and that macro-F1."""
    best = (-1.0, PENALTIES[0])
    folds = _folds(y, 5, seed)
    for penalty in PENALTIES:
        predicted = np.empty(len(y), dtype=int)
        for fold in folds:
            train = np.setdiff1d(np.arange(len(y)), fold)
            w, b = fit_head(x[train], y[train], penalty, seed)
            predicted[fold] = head_proba(x[fold], w, b).argmax(axis=1)
        score = tone_metrics(
            [LABELS[i] for i in y], [LABELS[i] for i in predicted], interval=False
        ).macro_f1
        if score > best[0]:
            best = (score, penalty)
    return best[1], best[0]


def starting_head(
    enc: Encoder,
    texts: list[str],
    labels: np.ndarray,
    n_rows: int,
    seed: int,
    extra: tuple[list[str], np.ndarray] | None = None,
) -> Head:
    """A head fitted on the frozen embeddings of `texts` (and of the `extra` rows), its penalty
    chosen (`choose_penalty`) on the first `n_rows` texts and the extra rows: one row per
    statement, so that the two views of a statement never sit on both sides of a split."""
    x_fit, y_fit = enc.embed(texts), labels
    x_cv, y_cv = x_fit[:n_rows], y_fit[:n_rows]
    if extra is not None:
        x_extra, y_extra = enc.embed(extra[0]), extra[1]
        x_fit, y_fit = np.vstack([x_fit, x_extra]), np.concatenate([y_fit, y_extra])
        x_cv, y_cv = np.vstack([x_cv, x_extra]), np.concatenate([y_cv, y_extra])
    penalty, cv_f1 = choose_penalty(x_cv, y_cv, seed)
    weight, bias = fit_head(x_fit, y_fit, penalty, seed)
    return Head(weight, bias, penalty=penalty, cv_f1=cv_f1)


def view_logits(
    enc: Encoder, frame: pd.DataFrame, weight: np.ndarray, bias: np.ndarray, mode: str
) -> list[np.ndarray]:
    """Logits of each view of the rows (one view, or two for ``both``)."""
    views = view_inputs(frame["text"].tolist(), frame["context"].tolist(), mode)
    return [enc.embed(view) @ weight.T + bias for view in views]


def _mean_proba(views: list[np.ndarray], temperature: float) -> np.ndarray:
    return np.mean([softmax(v / temperature) for v in views], axis=0)


def probabilities(enc: Encoder, frame: pd.DataFrame, head: Head, mode: str) -> np.ndarray:
    """What the model says of the rows: the mean over views of the tempered softmax."""
    return _mean_proba(view_logits(enc, frame, head.weight, head.bias, mode), head.temperature)


def fit_temperature(views: list[np.ndarray], gold: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of `gold` under the
    probabilities the model outputs: the mean over views of the tempered softmax (grid search)."""
    best, best_nll = 1.0, np.inf
    for temperature in np.exp(np.linspace(np.log(0.25), np.log(8.0), 121)):
        probs = _mean_proba(views, float(temperature))
        nll = -np.log(np.clip(probs[np.arange(len(gold)), gold], 1e-12, None)).mean()
        if nll < best_nll:
            best, best_nll = float(temperature), nll
    return best


def calibrated(enc: Encoder, head: Head, calibration: pd.DataFrame, mode: str) -> Head:
    """`head` with the temperature fitted on the `calibration` rows (1 when there are none)."""
    if not len(calibration):
        return replace(head, temperature=1.0)
    views = view_logits(enc, calibration, head.weight, head.bias, mode)
    gold = calibration["label"].map(LABELS.index).to_numpy()
    return replace(head, temperature=fit_temperature(views, gold))
