"""Train a tone model on labelled statements: the script behind ``stance train``.

The model is a sentence encoder (all-MiniLM-L6-v2 by default) with a linear head over its mean-
pooled embedding. Training starts from the default model (or any model directory, or the plain
encoder with a head fitted as a logistic regression on its frozen embeddings, the L2 penalty chosen
by 5-fold cross-validation), then fine-tunes the encoder's transformer layers and the head together
with AdamW, by default on a linear schedule (the learning rate warms up over the first 6% of steps,
then decays linearly towards zero; the head's rate follows the same schedule), optionally with a
smaller rate for lower layers (``layer_decay``). Training data is one or more CSV files with
columns ``text`` and ``label`` (optimism, frustration or neutral) and optionally ``split``: rows
whose split is ``heldout`` are never trained on and give the held-out figures; without a ``split``
column, a stratified 20% is held out with the seed. A tenth of the training rows is kept aside to
calibrate a temperature.

Optionally, the human-rated sentences of the ``vaderSentiment`` 3.3.2 source distribution (its
``additional_resources/hutto_ICWSM_2014.tar.gz``) join training as a first pass: a mean rating of
at least +1.5 counts as optimism, at most -1.5 as frustration, within ±0.25 as neutral, the rest
is left out.

The output directory holds ``head.safetensors``, ``encoder.safetensors`` (the fine-tuned encoder
layers, float16), ``config.json`` and ``MODEL_CARD.md``; use it with
``score_statements(..., model=DIR)`` or ``stance report --model DIR``.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import tarfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._frames import read_csv_with
from .errors import ModelError
from .gold import read_labelled
from .metrics import ToneMetrics, tone_metrics
from .models.base import INPUTS, LABELS, model_input, view_inputs
from .models.encoder import (
    DEFAULT_ENCODER,
    HEAD_FORMAT,
    LORA_A,
    LORA_B,
    Encoder,
    head_proba,
    load_model_dir,
    softmax,
)

__all__ = ["TrainResult", "read_labelled", "read_vader_sentences", "train_head", "train_model"]

SCHEDULES = ("linear", "constant")
ADAPTERS: tuple[str | None, ...] = (None, "lora", "none")
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
        score = tone_metrics(
            [LABELS[i] for i in y], [LABELS[i] for i in predicted], interval=False
        ).macro_f1
        if score > best[0]:
            best = (score, penalty)
    return best[1], best[0]


def train_head(
    data: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    **options: Any,
) -> TrainResult:
    """`train_model` with the encoder frozen, from the plain encoder: only a head is trained."""
    return train_model(data, out_dir, base=None, fine_tune=False, **options)


def train_model(
    data: Sequence[str | os.PathLike[str]] | str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    base: str | os.PathLike[str] | None = "default",
    encoder: str | None = None,
    fine_tune: bool = True,
    epochs: int = 1,
    lr: float = 3e-5,
    schedule: str = "linear",
    layer_decay: float = 1.0,
    adapter: str | None = None,
    lora_rank: int = 16,
    lora_alpha: int = 32,
    batch_size: int = 16,
    vader_sdist: str | os.PathLike[str] | None = None,
    name: str | None = None,
    seed: int = 0,
    heldout_share: float = 0.2,
    calibrate: bool = True,
    quantize: bool | None = None,
    input: str | None = None,
    also_evaluate: Sequence[str | os.PathLike[str]] = (),
    teacher: str | os.PathLike[str] | None = None,
    pool: Sequence[str | os.PathLike[str]] = (),
    compare: Sequence[str | os.PathLike[str]] = (),
) -> TrainResult:
    """Train a tone model on labelled CSV file(s) and write a model directory to `out_dir`.

    `base` is the model to start from: ``default`` (the shipped model), a directory written by this
    function, or None to start from the plain `encoder` with a head fitted on its frozen embeddings
    (logistic regression, L2 penalty chosen by 5-fold cross-validation); `encoder` is a local model
    directory or a hub id, None meaning all-MiniLM-L6-v2 from its package, and is refused with a
    `base`, which brings its own. With `fine_tune`, the encoder's transformer layers and the head
    are then trained together for `epochs` passes at learning rate `lr` (the word embeddings stay
    as they are), on the `schedule` (``linear``: warm-up over 6% of the steps, then a linear decay
    towards zero; ``constant``). With `adapter` ``none`` every transformer layer is trained, at
    `layer_decay` times the rate of the one above. With ``lora`` (what None means when `base` was
    trained with an adapter) low-rank adapters (rank `lora_rank`, scale `lora_alpha` / rank; with
    peft) are trained on every linear layer of the transformer instead: the model directory then
    ships the adapter (``adapter.safetensors``, a few MB) rather than a copy of the encoder, and
    it is merged into the installed encoder's weights when the model loads. Batches hold rows of
    similar length (drawn from shuffled pools of 50 batches), which spares padding. With
    `calibrate`, a tenth of the training rows is kept aside to fit a temperature that makes the
    probabilities honest.
    `quantize` None runs the encoder in int8 when that costs under one point of macro-F1 on the
    held-out rows and on every `also_evaluate` set. `input` is what the model reads
    (`stance.models.base.view_inputs`): ``quote``, ``context`` (each quote inside the sentence
    around it, from the data's ``context`` column) or ``both`` (trained on both views; scoring
    averages them); None keeps what `base` reads (a plain encoder: ``quote``). `also_evaluate`
    names tone gold files (a labelled CSV, or an extraction gold JSONL with a tone per quote:
    `stance.gold.read_tone_gold`) that the new model and the VADER baseline are measured on,
    side by side, for the model card: data the model never trained on, such as real news quotes;
    each `compare` model (a name or directory, such as the model this one would replace) is
    measured there too, with this model's difference from it. With a `teacher` (a model name or
    directory), the model is trained as its student: every training row, and every statement of
    the `pool` files (`read_pool`), is scored by the teacher as the pipeline reads it, and the
    student learns the teacher's probabilities instead of the labels (knowledge distillation);
    the labels still choose the head's starting point, calibrate the temperature and give the
    held-out figures.
    Deterministic for the same data, settings and seed.
    """
    import torch

    if schedule not in SCHEDULES:
        raise ModelError(f"schedule {schedule!r}; valid: {', '.join(SCHEDULES)}")
    if not 0 < layer_decay <= 1:
        raise ModelError(f"layer decay {layer_decay}: must be in (0, 1]")
    if adapter not in ADAPTERS:
        raise ModelError(f"adapter {adapter!r}; valid: {', '.join(str(a) for a in ADAPTERS)}")
    if base is not None and str(base) == "none":
        base = None
    if base is not None and encoder is not None:
        raise ModelError(
            f"encoder {encoder!r} needs --base none (training from a plain encoder); the base "
            f"model {str(base)!r} brings its own encoder"
        )
    began = time.perf_counter()
    torch.manual_seed(seed)
    paths = [data] if isinstance(data, (str, os.PathLike)) else list(data)
    labelled = read_labelled(paths)
    heldout_mask = _split(labelled, "heldout", heldout_share, seed)
    train = labelled[~heldout_mask]
    heldout = labelled[heldout_mask]
    calibration = train.iloc[:0]
    if calibrate and len(train) >= 30:
        held = _split(train, "calibration", 0.1, seed + 1, use_column=False)
        calibration, train = train[held], train[~held]
    vader = read_vader_sentences(vader_sdist) if vader_sdist else None

    start = _start(base, encoder or DEFAULT_ENCODER)
    if adapter is None:  # a model trained with an adapter is trained further with one
        adapter = "lora" if start.adapter is not None and fine_tune else "none"
    if adapter == "lora" and lora_rank < 1:
        raise ModelError(f"LoRA rank {lora_rank}: must be at least 1")
    if adapter == "lora" and not (fine_tune and epochs > 0):
        raise ModelError("an adapter is trained with the encoder: drop --frozen, or --adapter")
    mode = input or start.input
    if mode not in INPUTS:
        raise ModelError(f"input {mode!r}; valid: {', '.join(INPUTS)}")
    enc = Encoder(
        start.encoder,
        weights=start.encoder_weights,
        adapter=start.adapter,
        max_length=start.max_length,
        pooling=start.pooling,
    )
    if fine_tune and epochs > 0:
        _check_tunable(enc, layer_decay)
    if pool and teacher is None:
        raise ModelError("a pool of statements needs a teacher to label them (--teacher)")
    if teacher is not None:
        from .models import get_scorer

        get_scorer(teacher)  # an unknown teacher is named now, not after the encoder's work
    pooled = read_pool(pool)  # likewise a missing or malformed pool file (read once, here)
    if teacher is not None and not (fine_tune and epochs > 0):
        raise ModelError("distillation from a teacher fine-tunes the encoder: drop --frozen")
    texts, labels = _training_rows(train, mode)
    penalty = cv_f1 = None
    if start.head is not None:
        weight, bias = start.head
    else:
        x_fit, y_fit = enc.embed(texts), labels
        # the penalty is chosen on one row per statement, so that the two views of a statement
        # never sit on both sides of a cross-validation split
        x_cv, y_cv = x_fit[: len(train)], y_fit[: len(train)]
        if vader is not None and len(vader) and not fine_tune:
            vader_texts = vader["text"].tolist()
            if mode != "quote":
                vader_texts = [model_input(t) for t in vader_texts]
            x_vader = enc.embed(vader_texts)
            y_vader = vader["label"].map(LABELS.index).to_numpy()
            x_fit, y_fit = np.vstack([x_fit, x_vader]), np.concatenate([y_fit, y_vader])
            x_cv, y_cv = np.vstack([x_cv, x_vader]), np.concatenate([y_cv, y_vader])
        penalty, cv_f1 = _choose_penalty(x_cv, y_cv, seed)
        weight, bias = _fit_head(x_fit, y_fit, penalty, seed)
    tuned = False
    lora_pairs = None
    if fine_tune and epochs > 0:
        passes: list[tuple[list[str], np.ndarray]] = []
        if vader is not None and len(vader):
            vader_texts = vader["text"].tolist()
            if mode != "quote":
                vader_texts = [model_input(t) for t in vader_texts]
            passes.append((vader_texts, vader["label"].map(LABELS.index).to_numpy()))
        if teacher is not None:
            unseen = pd.concat([heldout, calibration])["text"]
            texts, targets = _distillation_rows(teacher, train, pooled, mode, unseen)
            passes += [(texts, targets)] * epochs
        else:
            passes += [(texts, labels)] * epochs
        weight, bias, lora_pairs = _fine_tune(
            enc,
            weight,
            bias,
            passes,
            lr=lr,
            batch_size=batch_size,
            seed=seed,
            schedule=schedule,
            layer_decay=layer_decay,
            lora=(lora_rank, lora_alpha) if adapter == "lora" else None,
        )
        tuned = True

    temperature = 1.0
    if len(calibration):
        cal_views = _view_logits(enc, calibration, weight, bias, mode)
        cal_gold = calibration["label"].map(LABELS.index).to_numpy()
        temperature = _fit_temperature(cal_views, cal_gold)

    metrics = baseline = quantized = None
    calibration_error = None
    if len(heldout):
        gold = heldout["label"].tolist()
        probs = _mean_proba(_view_logits(enc, heldout, weight, bias, mode), temperature)
        metrics = tone_metrics(gold, [LABELS[i] for i in probs.argmax(1)])
        from .metrics import expected_calibration_error
        from .models.vader import VaderScorer

        calibration_error = expected_calibration_error(
            probs, heldout["label"].map(LABELS.index).to_numpy()
        )
        vader_probs = VaderScorer().predict_proba(heldout["text"].tolist())
        baseline = tone_metrics(gold, [LABELS[i] for i in vader_probs.argmax(1)])

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    from safetensors.numpy import save_file as save_numpy

    save_numpy(
        {"weight": weight.astype(np.float32), "bias": bias.astype(np.float32)},
        str(out / "head.safetensors"),
    )
    encoder_weights, adapter_entry = _save_encoder(
        enc, start, out, tuned=tuned, lora_pairs=lora_pairs if adapter == "lora" else None
    )
    quantize_auto = quantize is None and len(heldout) > 0 and metrics is not None
    if quantize_auto:
        assert metrics is not None
        int8 = Encoder(
            start.encoder,
            weights=out / encoder_weights if encoder_weights else None,
            adapter=out / adapter_entry["file"] if adapter_entry else None,
            max_length=enc.max_length,
            pooling=enc.pooling,
            quantize="int8",
        )
        probs8 = _mean_proba(_view_logits(int8, heldout, weight, bias, mode), temperature)
        quantized = tone_metrics(heldout["label"].tolist(), [LABELS[i] for i in probs8.argmax(1)])
    seconds = time.perf_counter() - began
    sources = _sources(paths)
    config: dict[str, Any] = {
        "format": HEAD_FORMAT,
        "name": name or out.name,
        "encoder": start.encoder,
        "encoder_weights": encoder_weights,
        "adapter": adapter_entry,
        "pooling": enc.pooling,
        "normalize": True,
        "max_length": enc.max_length,
        "input": mode,
        "labels": list(LABELS),
        "temperature": round(float(temperature), 4),
        "quantize": "int8" if quantize else None,
        "training": {
            "date": dt.date.today().isoformat(),
            "data": sources,
            "base": start.label,
            "fine_tuned": tuned,
            "epochs": epochs if tuned else 0,
            "learning_rate": lr if tuned else None,
            "schedule": schedule if tuned else None,
            "layer_decay": layer_decay if tuned else None,
            "adapter": adapter if tuned and adapter != "none" else None,
            "lora_rank": lora_rank if tuned and adapter == "lora" else None,
            "lora_alpha": lora_alpha if tuned and adapter == "lora" else None,
            "teacher": _compared_name(teacher) if tuned and teacher is not None else None,
            "pool": _sources(pool) if tuned and teacher is not None else [],
            "batches": "grouped by length" if tuned else None,
            "vader_sentences": len(vader) if vader is not None else 0,
            "n_train": len(train),
            "n_calibration": len(calibration),
            "n_heldout": len(heldout),
            "l2_penalty": penalty,
            "cv_macro_f1_on_train": round(cv_f1, 4) if cv_f1 is not None else None,
            "seed": seed,
            "seconds": round(seconds, 1),
        },
        "heldout": metrics.as_dict() if metrics else None,
        "heldout_calibration_error": (
            round(calibration_error, 4) if calibration_error is not None else None
        ),
        "heldout_int8": quantized.as_dict() if quantized else None,
        "heldout_vader_baseline": baseline.as_dict() if baseline else None,
    }
    if also_evaluate:
        # the scorers read the directory (in float32 first, when int8 is still to be chosen)
        (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        config["other_evaluations"] = _other_evaluations(
            out, also_evaluate, int8=quantize_auto, compare=compare
        )
    if quantize_auto:
        # int8 is chosen only if it costs under a point on every data set measured: held-out
        # rows written like the training data can hide a loss on real quotes
        quantize = max(_int8_costs(config).values()) < 0.01
        config["quantize"] = "int8" if quantize else None
        for evaluation in config.get("other_evaluations", []) if quantize else []:
            # the figures of the precision that ships take the plain names; float32's are kept
            evaluation["model"] = evaluation["int8"]
            for key in ("calibration_error", "minus_vader"):
                evaluation[f"float32_{key}"] = evaluation[key]
                evaluation[key] = evaluation[f"int8_{key}"]
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    (out / "MODEL_CARD.md").write_text(
        _model_card(config, metrics, baseline, out), encoding="utf-8"
    )
    return TrainResult(
        out,
        metrics,
        len(train),
        len(heldout),
        len(vader) if vader is not None else 0,
        penalty or 0.0,
        seconds,
        sources,
    )


def _sources(paths: Sequence[str | os.PathLike[str]]) -> list[str]:
    """File names as the model card records them: relative where they were given absolute."""
    return sorted({os.path.relpath(p) if Path(p).is_absolute() else str(p) for p in paths})


def read_pool(paths: Sequence[str | os.PathLike[str]]) -> pd.DataFrame:
    """Statements to distil on, from CSV files with a ``text`` column and optionally
    ``context`` (the sentence around the quote) and ``split``, as `stance extract` writes them
    or as labelled data has them (labels are ignored; rows whose split is ``heldout`` are left
    out, so that held-out rows stay unseen). Returns ``text``, ``context``.

    Raises `ModelError` naming the file and line of an empty text.
    """
    frames = []
    for path in paths:
        path = Path(path)
        frame = read_csv_with(path, ("text",), what="statements", error=ModelError)
        for row, text in enumerate(frame["text"]):
            if not text.strip():
                raise ModelError(f"{path}: line {row + 2}: empty text")
        for optional in ("context", "split"):
            if optional not in frame.columns:
                frame[optional] = ""
        frame = frame[~frame["split"].str.lower().eq("heldout")]
        frames.append(frame[["text", "context"]])
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({"text": [], "context": []}, dtype=str)
    )


def _distillation_rows(
    teacher: str | os.PathLike[str],
    train: pd.DataFrame,
    pooled: pd.DataFrame,
    mode: str,
    unseen: pd.Series | None = None,
) -> tuple[list[str], np.ndarray]:
    """The student's inputs and the teacher's probabilities for them: every training row and
    pool statement (`read_pool`), in each view the student reads, labelled by the teacher as
    the pipeline reads the statement (the teacher's own views, averaged). Pool statements whose
    words are among `unseen` (the held-out and calibration rows) are left out, so that those
    rows stay unseen even when a pool file holds them without marking them."""
    from .score import score_statements

    if unseen is not None:
        pooled = pooled[~pooled["text"].isin(set(unseen))]
    statements = pd.concat(
        [train[["text", "context"]], pooled], ignore_index=True
    ).drop_duplicates()
    contexts = statements["context"].where(statements["context"].str.strip().ne(""), None)
    frame = pd.DataFrame({"text": statements["text"].tolist(), "context": contexts.tolist()})
    probs = score_statements(frame, teacher)[list(LABELS)].to_numpy(dtype=np.float32)
    views = view_inputs(frame["text"].tolist(), frame["context"].tolist(), mode)
    texts = [t for view in views for t in view]
    return texts, np.vstack([probs] * len(views))


@dataclass(frozen=True)
class _Start:
    encoder: str
    encoder_weights: Path | None
    head: tuple[np.ndarray, np.ndarray] | None
    label: str
    input: str = "quote"
    adapter: Path | None = None
    adapter_entry: dict[str, Any] | None = None
    max_length: int = 128
    pooling: str = "mean"


def _save_encoder(
    enc: Encoder,
    start: _Start,
    out: Path,
    *,
    tuned: bool,
    lora_pairs: dict[str, Any] | None,
) -> tuple[str | None, dict[str, Any] | None]:
    """Write what the new model needs besides the installed encoder: fine-tuned encoder layers
    (``encoder.safetensors``, float16) and/or a low-rank adapter (``adapter.safetensors``, from
    the factors `_fine_tune` returned when it trained one).

    Returns the config's ``encoder_weights`` and ``adapter`` entries.
    """
    import torch
    from safetensors.torch import save_file

    if tuned and lora_pairs is None:
        # every layer was trained: the encoder's state (with any base adapter merged) ships
        state = {
            k: v.detach().to(torch.float16).contiguous()
            for k, v in enc.model.state_dict().items()
            if k.startswith("encoder.")
        }
        save_file(state, str(out / "encoder.safetensors"))
        return "encoder.safetensors", None
    encoder_weights = None
    if start.encoder_weights is not None:
        shutil.copyfile(start.encoder_weights, out / "encoder.safetensors")
        encoder_weights = "encoder.safetensors"
    entry = None
    if tuned:  # a new adapter, stacked on the base model's own if it had one
        pairs = dict(lora_pairs or {})
        if start.adapter is not None:
            from safetensors.torch import load_file

            base = load_file(str(start.adapter))
            for key in list(pairs):
                if key.endswith(LORA_A) and key in base:
                    pairs[key] = torch.cat([base[key].float(), pairs[key]], dim=0)
                elif key.endswith(LORA_B) and key in base:
                    pairs[key] = torch.cat([base[key].float(), pairs[key]], dim=1)
            pairs.update({k: v for k, v in base.items() if k not in pairs})
        save_file(
            {k: v.to(torch.float16).contiguous() for k, v in pairs.items()},
            str(out / "adapter.safetensors"),
        )
        rank = max((v.shape[0] for k, v in pairs.items() if k.endswith(LORA_A)), default=0)
        entry = {"file": "adapter.safetensors", "kind": "lora", "rank": int(rank)}
    elif start.adapter is not None:
        shutil.copyfile(start.adapter, out / "adapter.safetensors")
        entry = {**(start.adapter_entry or {}), "file": "adapter.safetensors"}
    return encoder_weights, entry


def _start(base: str | os.PathLike[str] | None, encoder: str) -> _Start:
    """Where training starts: a model directory's encoder and head, or (`base` None; the caller
    reads ``none`` as None) a plain encoder."""
    if base is None:
        if Path(encoder).expanduser().is_dir():
            # recorded absolute, so the model finds its encoder from any working directory
            encoder = str(Path(encoder).expanduser().resolve())
        return _Start(encoder, None, None, f"encoder {encoder}")
    files = load_model_dir(_model_dir(base))
    return _Start(
        files.encoder,
        files.encoder_weights,
        (files.weight, files.bias),
        f"the {base} model" if str(base) in _shipped() else f"model {files.directory}",
        files.input,
        files.adapter,
        files.config.get("adapter"),
        files.max_length,
        files.pooling,
    )


def _split(
    frame: pd.DataFrame, value: str, share: float, seed: int, *, use_column: bool = True
) -> np.ndarray:
    """Rows to hold out: those whose ``split`` is `value`, else a stratified `share`."""
    mask = (
        frame["split"].str.lower().eq(value).to_numpy().copy()
        if use_column
        else np.zeros(len(frame), dtype=bool)
    )
    if not mask.any() and share > 0:
        y_all = frame["label"].map(LABELS.index).to_numpy()
        rng = np.random.default_rng(seed)
        for label in range(len(LABELS)):
            idx = np.flatnonzero(y_all == label)
            rng.shuffle(idx)
            mask[idx[: round(len(idx) * share)]] = True
    return mask


def _shipped() -> tuple[str, ...]:
    from .models import SHIPPED

    return SHIPPED


def _model_dir(spec: str | os.PathLike[str]) -> Path:
    """The directory of a model named as `get_scorer` names it: a shipped model's name
    (``default``, ``fast``) or a directory."""
    from .models import shipped_model_dir

    text = os.fspath(spec)
    return shipped_model_dir(text) if text in _shipped() else Path(text).expanduser()


def _compared_name(spec: str | os.PathLike[str]) -> str:
    """How a model card names a compared model: its name, encoder and training date."""
    from .models.encoder import read_head_config

    text = os.fspath(spec)
    directory = _model_dir(spec)
    if not directory.is_dir():
        return text
    config = read_head_config(directory)
    date = (config.get("training") or {}).get("date")
    where = "" if text in _shipped() else f" at {_sources([directory])[0]}"
    return (
        f"{config.get('name') or directory.name} ({config.get('encoder')}"
        + (f", trained {date})" if date else ")")
        + where
    )


def _other_evaluations(
    model_dir: Path,
    paths: Sequence[str | os.PathLike[str]],
    *,
    int8: bool = False,
    compare: Sequence[str | os.PathLike[str]] = (),
) -> list[dict[str, Any]]:
    """The model in `model_dir`, VADER and each `compare` model measured on each tone gold file;
    with `int8`, the model also runs in int8 (``int8``) beside float32 (``float32``; ``model``
    is float32 until the caller settles which one ships)."""
    from .evaluate import evaluate_tone
    from .gold import read_tone_gold
    from .models import get_scorer
    from .models.encoder import EncoderHeadScorer
    from .models.vader import VaderScorer

    scorer = EncoderHeadScorer(model_dir, quantize=None if int8 else True)
    scorer8 = EncoderHeadScorer(model_dir, quantize="int8") if int8 else None
    others = [(_compared_name(spec), get_scorer(spec)) for spec in compare]
    results = []
    for path in paths:
        gold = read_tone_gold(path)  # extraction runs once for all models
        ours = evaluate_tone(gold, scorer)
        vader = evaluate_tone(gold, VaderScorer())
        compared = []
        for name, other in others:
            report = evaluate_tone(gold, other)
            compared.append(
                {
                    "name": name,
                    "model": report.metrics.as_dict(),
                    "minus": [round(x, 6) for x in ours.difference(report)],
                }
            )
        result = {
            "data": _sources([path])[0],
            "model": ours.metrics.as_dict(),
            "calibration_error": round(ours.calibration_error, 4),
            "vader": vader.metrics.as_dict(),
            # six places, so that the card (three) rounds as the command line does
            "minus_vader": [round(x, 6) for x in ours.difference(vader)],
            "compared": compared,
        }
        if scorer8 is not None:
            quantized = evaluate_tone(gold, scorer8)
            result["float32"] = result["model"]
            result["int8"] = quantized.metrics.as_dict()
            result["int8_calibration_error"] = round(quantized.calibration_error, 4)
            result["int8_minus_vader"] = [round(x, 6) for x in quantized.difference(vader)]
        results.append(result)
    return results


def choose_precision(
    model_dir: str | os.PathLike[str], gold: Sequence[str | os.PathLike[str]]
) -> tuple[str | None, dict[str, dict[str, float]]]:
    """The fastest int8 scheme (`stance.models.encoder.QUANTIZE`) that costs under one point of
    macro-F1 against float32 on every gold file, or None (float32) when each costs more; and the
    cost of each scheme on each file."""
    from .evaluate import evaluate_tone
    from .gold import read_tone_gold
    from .models.encoder import QUANTIZE, EncoderHeadScorer

    frames = {_sources([path])[0]: read_tone_gold(path) for path in gold}
    full = EncoderHeadScorer(model_dir, quantize=None)
    baseline = {name: evaluate_tone(frame, full).metrics.macro_f1 for name, frame in frames.items()}
    costs: dict[str, dict[str, float]] = {}
    chosen = None
    for scheme in QUANTIZE:
        scorer = EncoderHeadScorer(model_dir, quantize=scheme)
        costs[scheme] = {
            name: round(baseline[name] - evaluate_tone(frame, scorer).metrics.macro_f1, 4)
            for name, frame in frames.items()
        }
        if chosen is None and max(costs[scheme].values()) < 0.01:
            chosen = scheme
    return chosen, costs


def measure_model(
    model_dir: str | os.PathLike[str],
    gold: Sequence[str | os.PathLike[str]],
    *,
    compare: Sequence[str | os.PathLike[str]] = (),
    precision: bool = False,
) -> Path:
    """Measure a model directory again on tone gold files, beside VADER and the `compare`
    models, and rewrite its config's other evaluations and its MODEL_CARD.md (the held-out
    figures and the training facts are kept). With `precision`, the precision it runs in is
    chosen first (`choose_precision`, on the same files); otherwise it runs in the precision
    its config says. Returns the card's path."""
    directory = Path(model_dir)
    from .models.encoder import read_head_config

    config = read_head_config(directory)
    if not isinstance(config.get("training"), dict):
        raise ModelError(
            f"{directory}: its config has no training facts for a model card; measure a "
            "directory written by `stance train`, or use `stance evaluate tone`"
        )
    if precision:
        chosen, costs = choose_precision(directory, gold)
        config["quantize"] = chosen
        config["precision_costs"] = costs
        config.pop("heldout_int8", None)  # measured for int8 everywhere only: superseded
        (directory / "config.json").write_text(
            json.dumps(config, indent=2) + "\n", encoding="utf-8"
        )
    # measured in the precision the model ships in (the scorer reads it from the config)
    config["other_evaluations"] = _other_evaluations(directory, gold, compare=compare)
    (directory / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    metrics = _metrics_from(config.get("heldout"))
    baseline = _metrics_from(config.get("heldout_vader_baseline"))
    card = directory / "MODEL_CARD.md"
    card.write_text(_model_card(config, metrics, baseline, directory), encoding="utf-8")
    return card


def _metrics_from(record: dict[str, Any] | None) -> ToneMetrics | None:
    return ToneMetrics.from_dict(record) if record else None


def _int8_costs(config: dict[str, Any]) -> dict[str, float]:
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


def _logits(enc: Encoder, texts: list[str], weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    return enc.embed(texts) @ weight.T + bias


def _training_rows(frame: pd.DataFrame, mode: str) -> tuple[list[str], np.ndarray]:
    """Model inputs and label indices to train on.

    With ``both``, every row is shown in its sentence, and also alone unless the same words
    carry another label elsewhere in the data (then only the sentence tells them apart).
    """
    labels = frame["label"].map(LABELS.index).to_numpy()
    if mode == "quote":
        return frame["text"].tolist(), labels
    texts = frame["text"].tolist()
    in_context = view_inputs(texts, frame["context"].tolist(), "context")[0]
    if mode == "context":
        return in_context, labels
    unambiguous = frame.groupby("text")["label"].transform("nunique").eq(1).to_numpy()
    alone = [model_input(t) for t, keep in zip(texts, unambiguous, strict=True) if keep]
    return in_context + alone, np.concatenate([labels, labels[unambiguous]])


def _view_logits(
    enc: Encoder, frame: pd.DataFrame, weight: np.ndarray, bias: np.ndarray, mode: str
) -> list[np.ndarray]:
    """Logits of each view of the rows (one view, or two for ``both``)."""
    views = view_inputs(frame["text"].tolist(), frame["context"].tolist(), mode)
    return [_logits(enc, view, weight, bias) for view in views]


def _mean_proba(views: list[np.ndarray], temperature: float) -> np.ndarray:
    return np.mean([softmax(v / temperature) for v in views], axis=0)


def _fit_temperature(views: list[np.ndarray], gold: np.ndarray) -> float:
    """The temperature that minimises the negative log-likelihood of `gold` under the
    probabilities the model outputs: the mean over views of the tempered softmax (grid search)."""
    best, best_nll = 1.0, np.inf
    for temperature in np.exp(np.linspace(np.log(0.25), np.log(8.0), 121)):
        probs = _mean_proba(views, float(temperature))
        nll = -np.log(np.clip(probs[np.arange(len(gold)), gold], 1e-12, None)).mean()
        if nll < best_nll:
            best, best_nll = float(temperature), nll
    return best


_LAYER_RE = re.compile(r"encoder\.layer\.(\d+)\.")


def _check_tunable(enc: Encoder, layer_decay: float) -> None:
    """Refuse, before any work, an encoder whose layers fine-tuning would silently skip: it trains
    the parameters named ``encoder.*``, and decays the rate by ``encoder.layer.N``."""
    names = [name for name, _ in enc.model.named_parameters()]
    if not any(name.startswith("encoder.") for name in names):
        found = sorted({name.split(".")[0] for name in names})
        raise ModelError(
            f"encoder {enc.spec!r}: no transformer layers named 'encoder.*' to fine-tune (its "
            f"parameters are under {', '.join(found)}; BERT, RoBERTa, MPNet and DeBERTa models "
            "have them); train only the head instead (--frozen)"
        )
    if layer_decay != 1 and not any(_LAYER_RE.match(name) for name in names):
        raise ModelError(
            f"encoder {enc.spec!r}: no layers named 'encoder.layer.N' for a layer decay of "
            f"{layer_decay} to apply to; train with --layer-decay 1"
        )


def _linear_schedule(step: int, steps: int) -> float:
    """The learning-rate factor at `step` (0-based) of `steps`: it rises over the first 6% of
    the steps to 1, then falls linearly towards zero (the last step runs at 1/(n+1) of the
    peak, n being the steps after the warm-up)."""
    warmup = max(1, round(0.06 * steps))
    return min((step + 1) / warmup, max(0.0, (steps - step) / (steps - warmup + 1)))


def _length_batches(
    texts: list[str], batch_size: int, shuffle: Any, pool: int = 50
) -> list[list[int]]:
    """Batches of row indices, each of rows of similar length: the rows are shuffled, cut into
    pools of `pool` batches, sorted by length within a pool and cut into batches, and the batches
    are shuffled, so that little of each batch is padding and every epoch still differs."""
    order = list(range(len(texts)))
    shuffle.shuffle(order)
    batches = []
    step = batch_size * pool
    for i in range(0, len(order), step):
        chunk = sorted(order[i : i + step], key=lambda k: len(texts[k]))
        batches += [chunk[j : j + batch_size] for j in range(0, len(chunk), batch_size)]
    shuffle.shuffle(batches)
    return batches


def _attach_lora(enc: Encoder, rank: int, alpha: int) -> list[str]:
    """Wrap the encoder's transformer linear layers in LoRA adapters (peft); returns their names.

    Only the adapters are then trainable."""
    import torch
    from peft import LoraConfig, get_peft_model

    targets = [
        name
        for name, module in enc.model.named_modules()
        if name.startswith("encoder.") and isinstance(module, torch.nn.Linear)
    ]
    if not targets:
        raise ModelError(f"encoder {enc.spec!r}: no linear layers under 'encoder.' to adapt")
    config = LoraConfig(
        r=rank, lora_alpha=alpha, lora_dropout=0.1, target_modules=targets, bias="none"
    )
    enc.model = get_peft_model(enc.model, config)
    return targets


def _detach_lora(enc: Encoder, targets: list[str]) -> dict[str, Any]:
    """Merge the adapters into the encoder's weights, leaving a plain model, and return each
    adapter's factors (``NAME.lora_A``, and ``NAME.lora_B`` with its scale folded in)."""
    pairs = {}
    for name in targets:
        layer = enc.model.base_model.model.get_submodule(name)
        a = layer.lora_A["default"].weight.detach().float().clone()
        b = layer.lora_B["default"].weight.detach().float().clone() * layer.scaling["default"]
        pairs[name + LORA_A], pairs[name + LORA_B] = a, b
    enc.model = enc.model.merge_and_unload()
    return pairs


def _fine_tune(
    enc: Encoder,
    weight: np.ndarray,
    bias: np.ndarray,
    passes: list[tuple[list[str], np.ndarray]],
    *,
    lr: float,
    batch_size: int,
    seed: int,
    schedule: str = "linear",
    layer_decay: float = 1.0,
    lora: tuple[int, int] | None = None,
) -> tuple[np.ndarray, np.ndarray, dict[str, Any] | None]:
    """Train the encoder's transformer layers (or, with `lora` = (rank, alpha), low-rank adapters
    on them) and the head together, one pass per item. Returns the head's weight and bias, and
    with `lora` the adapters' factors (`_detach_lora`), already merged into the encoder."""
    import random

    import torch

    for parameter in enc.model.parameters():
        parameter.requires_grad = False
    targets = _attach_lora(enc, *lora) if lora else []
    model = enc.model
    if lora:
        named = [(n, p) for n, p in model.named_parameters() if "lora_" in n]
    else:
        named = [(n, p) for n, p in model.named_parameters() if n.startswith("encoder.")]
    for _, parameter in named:
        parameter.requires_grad = True
    head = torch.nn.Linear(weight.shape[1], len(LABELS))
    with torch.no_grad():
        head.weight.copy_(torch.from_numpy(weight))
        head.bias.copy_(torch.from_numpy(bias))
    # the top transformer layer learns at `lr`, each layer below at `layer_decay` times the
    # rate of the layer above it; encoder parameters outside the numbered layers (an MPNet's
    # relative attention bias, say) learn at `lr`
    layers = model.config.num_hidden_layers
    groups: list[dict[str, Any]] = []
    for name, parameter in named:
        layer = _LAYER_RE.search(name)
        below = layers - 1 - int(layer.group(1)) if layer else 0
        groups.append({"params": [parameter], "lr": lr * layer_decay**below})
    optimizer = torch.optim.AdamW(
        [*groups, {"params": head.parameters(), "lr": 1e-3}], weight_decay=0.01
    )
    steps = sum(-(-len(texts) // batch_size) for texts, _ in passes)
    scheduler = None
    if schedule == "linear" and steps:
        scheduler = torch.optim.lr_scheduler.LambdaLR(
            optimizer, lambda step: _linear_schedule(step, steps)
        )
    shuffle = random.Random(seed)
    model.train()
    for texts, labels in passes:
        # labels are class indices (the loss balances the classes), or a teacher's probabilities
        # per row (distillation: no class weights, which would move the optimum away from the
        # teacher's probabilities)
        soft = labels.ndim == 2
        class_weight = None
        if not soft:
            counts = np.bincount(labels, minlength=len(LABELS)).astype(np.float32)
            class_weight = torch.from_numpy(counts.sum() / (len(LABELS) * np.maximum(counts, 1)))
        for batch in _length_batches(texts, batch_size, shuffle):
            pooled = enc.pool([texts[k] for k in batch])
            target = torch.from_numpy(labels[batch])
            loss = torch.nn.functional.cross_entropy(
                head(pooled), target.float() if soft else target.long(), weight=class_weight
            )
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            if scheduler is not None:
                scheduler.step()
    model.eval()
    pairs = _detach_lora(enc, targets) if lora else None
    for parameter in enc.model.parameters():
        parameter.requires_grad = False
    return head.weight.detach().numpy().copy(), head.bias.detach().numpy().copy(), pairs


def _interval_words(interval: Sequence[float] | None) -> str:
    if not interval:
        return ""
    return f" (95% bootstrap interval {interval[0]:.3f}–{interval[1]:.3f})"


def _schedule_words(training: dict[str, Any]) -> str:
    words = ""
    if training.get("schedule"):
        words += f", {training['schedule']} schedule"
    if training.get("layer_decay") not in (None, 1.0):
        words += f", layer decay {training['layer_decay']}"
    return words


def _int8_words(config: dict[str, Any]) -> str:
    if config.get("precision_costs"):
        return (
            "; chosen as the fastest precision that costs under one point of macro-F1 against "
            "float32 on every set measured; "
            + "; ".join(
                f"{scheme} costs "
                + ", ".join(f"{100 * cost:.1f} on `{name}`" for name, cost in costs.items())
                for scheme, costs in config["precision_costs"].items()
            )
            + "."
        )
    costs = _int8_costs(config)
    if not costs:
        return "."
    return (
        "; int8 is chosen only if it costs under one point of macro-F1 on every set measured; "
        "it costs " + ", ".join(f"{100 * cost:.1f} on {name}" for name, cost in costs.items()) + "."
    )


def _encoder_words(config: dict[str, Any], model_dir: Path | None) -> str:
    """What training did to the encoder, and what of it ships, with sizes."""
    training = config["training"]

    def size(name: str) -> str:
        path = model_dir / name if model_dir is not None else None
        return (
            f", {path.stat().st_size / 1e6:.1f} MB" if path is not None and path.is_file() else ""
        )

    recipe = (
        f"{training.get('epochs')} pass(es) at learning rate {training.get('learning_rate')}"
        f"{_schedule_words(training)}"
    )
    teacher = training.get("teacher")
    if teacher:
        recipe += f", learning the probabilities of the teacher `{teacher}`"
    if not training.get("fine_tuned"):
        recipe = f"as in {training.get('base')}"
    adapter = config.get("adapter")
    words = ""
    if config.get("encoder_weights"):
        words += (
            f"; its transformer layers fine-tuned ({recipe}) and shipped in "
            f"`{config['encoder_weights']}` (float16{size(config['encoder_weights'])}); the word "
            "embeddings are the package's"
        )
    if adapter:
        words += (
            f"; {'then ' if words else ''}adapted with low-rank adapters (LoRA, rank "
            f"{adapter.get('rank')}) on every linear layer of its transformer ({recipe}), shipped "
            f"in `{adapter['file']}` (float16{size(adapter['file'])}) and merged into the "
            "installed encoder's weights when the model loads"
        )
    return (words or "; frozen") + "."


def _model_card(
    config: dict[str, Any],
    metrics: ToneMetrics | None,
    baseline: ToneMetrics | None,
    model_dir: Path | None = None,
) -> str:
    training = config["training"]
    lines = [
        f"# Model card: `{config['name']}`",
        "",
        "A tone classifier for quoted statements: optimism, frustration or neutral.",
        "",
        "## Model",
        f"- Encoder: `{config['encoder']}` ({config.get('pooling', 'mean')} pooling, "
        f"L2-normalised, max {config['max_length']} tokens)" + _encoder_words(config, model_dir),
        "- Head: a linear layer over the sentence embedding ("
        + (
            "trained with the encoder on the teacher's probabilities)"
            if training.get("teacher")
            else "class-balanced cross-entropy)"
        )
        + (
            f", first fitted as a logistic regression with L2 penalty {training['l2_penalty']} "
            f"chosen by 5-fold cross-validation (CV macro-F1 {training['cv_macro_f1_on_train']})."
            if training.get("l2_penalty") is not None
            else f", starting from {training['base']}."
        ),
        "- Reads: "
        + {
            "quote": "the quoted words alone.",
            "context": "each quote inside the sentence around it.",
            "both": "each quote alone and inside the sentence around it; the two probability "
            "vectors are averaged.",
        }[config.get("input", "quote")],
        f"- Probabilities are divided by a temperature of {config['temperature']}, fitted on "
        f"{training['n_calibration']} training rows kept aside for it.",
        "- Inference: "
        + {
            "int8": "int8 (dynamic quantisation of the encoder's linear layers)",
            "int8-but-ffn-out": "int8 (dynamic quantisation of the encoder's linear layers) but "
            "for each layer's feed-forward output, kept in float32",
        }.get(str(config.get("quantize")), "float32")
        + _int8_words(config),
        "- Weights are safetensors files (no pickles); loading never runs remote code.",
        "",
        "## Training",
        f"- Date: {training['date']}; seed {training['seed']}; {training['seconds']} s on CPU; "
        f"started from {training['base']}.",
        f"- Data: {', '.join(f'`{d}`' for d in training['data'])} — {training['n_train']} "
        "training rows"
        + (
            "; the teacher also labelled the statements of "
            + ", ".join(f"`{d}`" for d in training["pool"])
            + " (held-out rows left out)."
            if training.get("pool")
            else "."
        ),
        f"- VADER human-rated sentences added: {training['vader_sentences']}.",
        "",
        "## Held-out evaluation",
    ]
    if metrics is None:
        lines.append("- No held-out rows: no figures.")
    else:
        lines += [
            f"- {metrics.n} held-out rows that training never saw.",
            f"- Accuracy {metrics.accuracy:.3f}, macro-F1 {metrics.macro_f1:.3f}"
            + _interval_words(metrics.interval)
            + ".",
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
            *(
                [f"- Expected calibration error: {config['heldout_calibration_error']:.3f}."]
                if config.get("heldout_calibration_error") is not None
                else []
            ),
            *(
                [f"- With int8 inference: macro-F1 {config['heldout_int8']['macro_f1']:.3f}."]
                if config.get("heldout_int8")
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
    for other in config.get("other_evaluations") or []:
        model, vader = other["model"], other["vader"]
        lines += [
            "",
            f"## Evaluation on `{other['data']}`",
            f"- {model['n']} labelled statements the model never trained on, scored as the "
            "pipeline reads them.",
            f"- This model: accuracy {model['accuracy']:.3f}, macro-F1 {model['macro_f1']:.3f}"
            + _interval_words(model.get("macro_f1_95"))
            + "; F1 "
            + ", ".join(f"{k} {v:.3f}" for k, v in model["f1"].items())
            + f"; expected calibration error {other['calibration_error']:.3f}.",
            f"- VADER on the same statements: accuracy {vader['accuracy']:.3f}, macro-F1 "
            f"{vader['macro_f1']:.3f} ("
            + ", ".join(f"{k} {v:.3f}" for k, v in vader["f1"].items())
            + ").",
        ]
        if other.get("minus_vader"):
            point, low, high = other["minus_vader"]
            lines.append(
                f"- This model minus VADER: {point:+.3f} macro-F1, 95% paired bootstrap interval "
                f"{low:+.3f} to {high:+.3f}."
            )
        for compared in other.get("compared") or []:
            point, low, high = compared["minus"]
            lines.append(
                f"- {compared['name']} on the same statements: macro-F1 "
                f"{compared['model']['macro_f1']:.3f}"
                + _interval_words(compared["model"].get("macro_f1_95"))
                + "; F1 "
                + ", ".join(f"{k} {v:.3f}" for k, v in compared["model"]["f1"].items())
                + f". This model minus it: {point:+.3f}, 95% paired bootstrap interval "
                f"{low:+.3f} to {high:+.3f}"
                + (" (not told apart on this set)." if low <= 0 <= high else ".")
            )
        if "int8" in other:
            lines.append(
                f"- Macro-F1 in float32 {other['float32']['macro_f1']:.3f}, in int8 "
                f"{other['int8']['macro_f1']:.3f}."
            )
    lines += [
        "",
        "## Limits",
        "- Held-out rows are written in the same style as the training rows, so these figures "
        "overstate accuracy on real news quotes.",
        *(
            [
                "- A 95% interval says how far a figure measured on this many statements could "
                "move on another sample of the same kind (resampling the statements); it does "
                "not cover statements of another kind."
            ]
            if (metrics and metrics.interval) or config.get("other_evaluations")
            else []
        ),
        "",
    ]
    return "\n".join(lines)
