"""Train a tone head on labelled statements: the script behind ``stance train``.

The model is a frozen sentence encoder (all-MiniLM-L6-v2 by default) with a multinomial logistic
regression head over its embeddings. Training data is one or more CSV files with columns ``text``
and ``label`` (optimism, frustration or neutral) and optionally ``split``: rows whose split is
``heldout`` are never trained on and give the held-out figures; without a ``split`` column, a
stratified 20% is held out with the seed. The L2 penalty is chosen by 5-fold cross-validation on
the training rows alone.

Optionally, the human-rated sentences of the ``vaderSentiment`` 3.3.2 source distribution (its
``additional_resources/hutto_ICWSM_2014.tar.gz``) join the training rows: a mean rating of at least
+1.5 counts as optimism, at most -1.5 as frustration, within ±0.25 as neutral, the rest is left out.

The output directory holds ``head.safetensors``, ``config.json`` and ``MODEL_CARD.md``; use it with
``score_statements(..., model=DIR)`` or ``stance report --model DIR``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import tarfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .errors import ModelError
from .metrics import ToneMetrics, tone_metrics
from .models.base import LABELS
from .models.encoder import DEFAULT_ENCODER, HEAD_FORMAT, Encoder, head_proba

__all__ = ["TrainResult", "read_labelled", "read_vader_sentences", "train_head"]

_PENALTIES = (1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2)
_VADER_FILES = (
    "tweets_GroundTruth.txt",
    "nytEditorialSnippets_GroundTruth.txt",
    "movieReviewSnippets_GroundTruth.txt",
    "amazonReviewSnippets_GroundTruth.txt",
)


@dataclass
class TrainResult:
    """What `train_head` wrote and measured."""

    out_dir: Path
    heldout: ToneMetrics | None
    n_train: int
    n_heldout: int
    n_vader: int
    penalty: float
    seconds: float
    sources: list[str] = field(default_factory=list)


def read_labelled(paths: Sequence[str | os.PathLike[str]]) -> pd.DataFrame:
    """Labelled statements from CSV files: ``text``, ``label``, ``split``, ``source``.

    Raises `ModelError` naming the file and line of a missing text or an unknown label.
    """
    frames = []
    for path in paths:
        path = Path(path)
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (OSError, ValueError) as exc:
            raise ModelError(f"{path}: cannot read labelled statements: {exc}") from exc
        missing = [c for c in ("text", "label") if c not in frame.columns]
        if missing:
            raise ModelError(
                f"{path}: missing column(s) {', '.join(missing)}; found: {', '.join(frame.columns)}"
            )
        for row, (text, label) in enumerate(zip(frame["text"], frame["label"], strict=True)):
            if not text.strip():
                raise ModelError(f"{path}: line {row + 2}: empty text")
            if label not in LABELS:
                raise ModelError(
                    f"{path}: line {row + 2}: label {label!r}; valid labels: {', '.join(LABELS)}"
                )
        if "split" not in frame.columns:
            frame["split"] = ""
        frame["source"] = str(path)
        frames.append(frame[["text", "label", "split", "source"]])
    if not frames:
        raise ModelError("no training data given")
    return pd.concat(frames, ignore_index=True)


def read_vader_sentences(sdist: str | os.PathLike[str]) -> pd.DataFrame:
    """Human-rated sentences from the vaderSentiment 3.3.2 sdist (a .tar.gz or unpacked folder).

    Returns ``text``, ``label``, ``rating`` for the sentences whose mean rating is clear enough
    (thresholds in the module docstring).
    """
    sdist = Path(sdist)
    inner: bytes | None = None
    try:
        if sdist.is_dir():
            found = list(sdist.rglob("hutto_ICWSM_2014.tar.gz"))
            if found:
                inner = found[0].read_bytes()
        else:
            with tarfile.open(sdist) as outer:
                for member in outer.getmembers():
                    if member.name.endswith("additional_resources/hutto_ICWSM_2014.tar.gz"):
                        handle = outer.extractfile(member)
                        inner = handle.read() if handle else None
    except (OSError, tarfile.TarError) as exc:
        raise ModelError(f"{sdist}: cannot read the vaderSentiment sdist: {exc}") from exc
    if inner is None:
        raise ModelError(
            f"{sdist}: no additional_resources/hutto_ICWSM_2014.tar.gz inside; expected the "
            "vaderSentiment-3.3.2.tar.gz source distribution from PyPI"
        )
    rows = []
    with tarfile.open(fileobj=io.BytesIO(inner)) as rated:
        for member in rated.getmembers():
            if Path(member.name).name not in _VADER_FILES:
                continue
            handle = rated.extractfile(member)
            if handle is None:
                continue
            for line in handle.read().decode("utf-8", errors="replace").splitlines():
                parts = line.split("\t")
                if len(parts) < 3:
                    continue
                try:
                    rating = float(parts[1])
                except ValueError:
                    continue
                text = parts[2].strip()
                if rating >= 1.5:
                    label = "optimism"
                elif rating <= -1.5:
                    label = "frustration"
                elif abs(rating) <= 0.25:
                    label = "neutral"
                else:
                    continue
                if text:
                    rows.append((text, label, rating))
    return pd.DataFrame(rows, columns=["text", "label", "rating"])


def _fit_head(
    x: np.ndarray, y: np.ndarray, penalty: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression with class-balanced weights and an L2 penalty."""
    import torch

    torch.manual_seed(seed)
    xt = torch.from_numpy(x.astype(np.float32))
    yt = torch.from_numpy(y.astype(np.int64))
    counts = np.bincount(y, minlength=len(LABELS)).astype(np.float32)
    weights = torch.from_numpy(counts.sum() / (len(LABELS) * np.maximum(counts, 1)))
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


def _choose_penalty(x: np.ndarray, y: np.ndarray, seed: int) -> tuple[float, float]:
    best = (-1.0, _PENALTIES[0])
    folds = _folds(y, 5, seed)
    for penalty in _PENALTIES:
        predicted = np.empty(len(y), dtype=int)
        for fold in folds:
            train = np.setdiff1d(np.arange(len(y)), fold)
            w, b = _fit_head(x[train], y[train], penalty, seed)
            predicted[fold] = head_proba(x[fold], w, b).argmax(axis=1)
        score = tone_metrics([LABELS[i] for i in y], [LABELS[i] for i in predicted]).macro_f1
        if score > best[0]:
            best = (score, penalty)
    return best[1], best[0]


def train_head(
    data: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    encoder: str = DEFAULT_ENCODER,
    vader_sdist: str | os.PathLike[str] | None = None,
    name: str | None = None,
    seed: int = 0,
    heldout_share: float = 0.2,
) -> TrainResult:
    """Train a head on labelled CSV file(s) and write a model directory to `out_dir`.

    Deterministic for the same data, encoder and seed. Returns the held-out metrics.
    """
    began = time.perf_counter()
    paths = [data] if isinstance(data, (str, os.PathLike)) else list(data)
    labelled = read_labelled(paths)
    heldout_mask = labelled["split"].str.lower().eq("heldout").to_numpy().copy()
    if not heldout_mask.any() and heldout_share > 0:
        y_all = labelled["label"].map(LABELS.index).to_numpy()
        rng = np.random.default_rng(seed)
        for label in range(len(LABELS)):
            idx = np.flatnonzero(y_all == label)
            rng.shuffle(idx)
            heldout_mask[idx[: round(len(idx) * heldout_share)]] = True
    train = labelled[~heldout_mask]
    heldout = labelled[heldout_mask]
    vader = read_vader_sentences(vader_sdist) if vader_sdist else None

    enc = Encoder(encoder)
    x_train = enc.embed(train["text"].tolist())
    y_train = train["label"].map(LABELS.index).to_numpy()
    x_fit, y_fit = x_train, y_train
    if vader is not None and len(vader):
        x_vader = enc.embed(vader["text"].tolist())
        x_fit = np.vstack([x_train, x_vader])
        y_fit = np.concatenate([y_train, vader["label"].map(LABELS.index).to_numpy()])
    penalty, cv_f1 = _choose_penalty(x_fit, y_fit, seed)
    weight, bias = _fit_head(x_fit, y_fit, penalty, seed)

    metrics = baseline = None
    if len(heldout):
        probs = head_proba(enc.embed(heldout["text"].tolist()), weight, bias)
        metrics = tone_metrics(heldout["label"].tolist(), [LABELS[i] for i in probs.argmax(1)])
        from .models.vader import VaderScorer

        vader_probs = VaderScorer().predict_proba(heldout["text"].tolist())
        baseline = tone_metrics(
            heldout["label"].tolist(), [LABELS[i] for i in vader_probs.argmax(1)]
        )

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    from safetensors.numpy import save_file

    save_file(
        {"weight": weight.astype(np.float32), "bias": bias.astype(np.float32)},
        str(out / "head.safetensors"),
    )
    seconds = time.perf_counter() - began
    sources = sorted({os.path.relpath(p) if Path(p).is_absolute() else str(p) for p in paths})
    config = {
        "format": HEAD_FORMAT,
        "name": name or out.name,
        "encoder": encoder,
        "pooling": "mean",
        "normalize": True,
        "max_length": enc.max_length,
        "labels": list(LABELS),
        "temperature": 1.0,
        "training": {
            "date": dt.date.today().isoformat(),
            "data": sources,
            "vader_sentences": len(vader) if vader is not None else 0,
            "n_train": len(train),
            "n_heldout": len(heldout),
            "l2_penalty": penalty,
            "cv_macro_f1_on_train": round(cv_f1, 4),
            "seed": seed,
            "seconds": round(seconds, 1),
        },
        "heldout": metrics.as_dict() if metrics else None,
        "heldout_vader_baseline": baseline.as_dict() if baseline else None,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(_model_card(config, metrics, baseline), encoding="utf-8")
    return TrainResult(
        out,
        metrics,
        len(train),
        len(heldout),
        len(vader) if vader is not None else 0,
        penalty,
        seconds,
        sources,
    )


def _model_card(
    config: dict[str, Any], metrics: ToneMetrics | None, baseline: ToneMetrics | None
) -> str:
    training = config["training"]
    lines = [
        f"# Model card: `{config['name']}`",
        "",
        "A tone classifier for quoted statements: optimism, frustration or neutral.",
        "",
        "## Model",
        f"- Encoder: `{config['encoder']}` (frozen; mean pooling, L2-normalised, "
        f"max {config['max_length']} tokens).",
        "- Head: multinomial logistic regression over the sentence embedding, class-balanced, "
        f"L2 penalty {training['l2_penalty']} chosen by 5-fold cross-validation on the training "
        "rows "
        f"(CV macro-F1 {training['cv_macro_f1_on_train']}).",
        "- Weights: `head.safetensors` (no pickles); loading never runs remote code.",
        "",
        "## Training",
        f"- Date: {training['date']}; seed {training['seed']}; {training['seconds']} s on CPU.",
        f"- Data: {', '.join(f'`{d}`' for d in training['data'])} — {training['n_train']} "
        "training rows.",
        f"- VADER human-rated sentences added: {training['vader_sentences']}.",
        "",
        "## Held-out evaluation",
    ]
    if metrics is None:
        lines.append("- No held-out rows: no figures.")
    else:
        lines += [
            f"- {metrics.n} held-out rows that training never saw.",
            f"- Accuracy {metrics.accuracy:.3f}, macro-F1 {metrics.macro_f1:.3f}.",
            "- F1 per label: " + ", ".join(f"{k} {v:.3f}" for k, v in metrics.f1.items()) + ".",
            *(
                [
                    f"- The VADER lexicon baseline on the same rows: accuracy "
                    f"{baseline.accuracy:.3f}, macro-F1 {baseline.macro_f1:.3f} ("
                    + ", ".join(f"{k} {v:.3f}" for k, v in baseline.f1.items())
                    + ")."
                ]
                if baseline
                else []
            ),
            "",
            "Confusion matrix (rows: gold, columns: predicted):",
            "",
            "| gold \\ predicted | " + " | ".join(LABELS) + " |",
            "|---|" + "---|" * len(LABELS),
        ]
        for label in LABELS:
            row = metrics.confusion.loc[label]
            lines.append(f"| {label} | " + " | ".join(str(int(row[c])) for c in LABELS) + " |")
    lines += [
        "",
        "## Limits",
        "- Held-out rows are written in the same style as the training rows, so these figures "
        "overstate accuracy on real news quotes.",
        "",
    ]
    return "\n".join(lines)
