"""`train_model`: training a tone model as a sequence of steps, each a function of one of the
modules of `stance.training`, and the model directory they write."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ModelError
from ..gold import read_labelled
from ..metrics import ToneMetrics
from ..models import get_scorer
from ..models.base import INPUTS
from ..models.encoder import DEFAULT_ENCODER, HEAD_FORMAT, Encoder
from ..schema import LABELS
from .card import write_card
from .data import (
    DataSplit,
    read_pool,
    read_vader_sentences,
    split_rows,
    training_passes,
    training_rows,
    vader_rows,
)
from .fine_tune import (
    ADAPTERS,
    SCHEDULES,
    Recipe,
    Start,
    check_tunable,
    fine_tune,
    save_encoder,
    start_from,
)
from .head import Head, calibrated, starting_head
from .measure import HeldOut, heldout_in_int8, measure_heldout, measure_other_gold, settle_int8
from .record import compared_name, sources, write_config

__all__ = ["TrainResult", "train_head", "train_model"]


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
    Deterministic for the same data, settings and seed. (This function only orders the steps,
    each a function of a `stance.training` module; its length is its settings and this text.)
    """
    import torch

    base = _checked_base(base, encoder, schedule=schedule, layer_decay=layer_decay, adapter=adapter)
    began = time.perf_counter()
    torch.manual_seed(seed)
    paths = [data] if isinstance(data, (str, os.PathLike)) else list(data)
    rows = split_rows(read_labelled(paths), heldout_share, seed, calibrate=calibrate)
    vader = read_vader_sentences(vader_sdist) if vader_sdist else None
    start = start_from(base, encoder or DEFAULT_ENCODER)
    # a model trained with an adapter is trained further with one
    adapter = adapter or ("lora" if start.adapter is not None and fine_tune else "none")
    settings = (fine_tune, epochs, lr, schedule, layer_decay, adapter, lora_rank, lora_alpha)
    recipe = Recipe(*settings, batch_size, teacher, tuple(pool))
    _check_recipe(recipe)
    mode = input or start.input
    if mode not in INPUTS:
        raise ModelError(f"input {mode!r}; valid: {', '.join(INPUTS)}")
    enc = start.build_encoder()
    pooled = _check_work(enc, recipe)
    head, lora_pairs = _fit(enc, start, rows, vader, mode, recipe, pooled, seed)
    heldout = measure_heldout(enc, rows.heldout, head, mode)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    shipped = _save(out, enc, start, head, recipe, lora_pairs)
    quantize_auto = quantize is None and heldout.metrics is not None
    if quantize_auto:
        int8 = _int8_encoder(out, start, enc, *shipped)
        heldout = replace(heldout, int8=heldout_in_int8(int8, rows.heldout, head, mode))
    seconds = time.perf_counter() - began
    training = _training_record(paths, start, recipe, rows, vader, head, seed, seconds)
    config = _config(name or out.name, start, enc, mode, head, shipped, quantize, training, heldout)
    _write_config_and_card(out, config, heldout, also_evaluate, compare, int8=quantize_auto)
    counts = (len(rows.train), len(rows.heldout), training["vader_sentences"])
    return TrainResult(out, heldout.metrics, *counts, head.penalty or 0.0, seconds, sources(paths))


def _write_config_and_card(
    out: Path,
    config: dict[str, Any],
    heldout: HeldOut,
    also_evaluate: Sequence[str | os.PathLike[str]],
    compare: Sequence[str | os.PathLike[str]],
    *,
    int8: bool,
) -> None:
    """Measure the new model on the `also_evaluate` gold beside VADER and the `compare` models
    (`measure_other_gold`), settle whether it runs in int8 when that is to be chosen
    (`settle_int8`), and write its config.json and MODEL_CARD.md."""
    if also_evaluate:
        # the scorers read the directory (in float32 first, when int8 is still to be chosen)
        write_config(out, config)
        config["other_evaluations"] = measure_other_gold(
            out, also_evaluate, int8=int8, compare=compare
        )
    if int8:
        settle_int8(config)
    write_config(out, config)
    write_card(out, config, heldout.metrics, heldout.baseline)


def _checked_base(
    base: str | os.PathLike[str] | None,
    encoder: str | None,
    *,
    schedule: str,
    layer_decay: float,
    adapter: str | None,
) -> str | os.PathLike[str] | None:
    """The base model (None for ``none``), once the settings that need no data are checked."""
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
    return base


def _check_recipe(recipe: Recipe) -> None:
    if recipe.adapter == "lora" and recipe.lora_rank < 1:
        raise ModelError(f"LoRA rank {recipe.lora_rank}: must be at least 1")
    if recipe.adapter == "lora" and not recipe.tuned:
        raise ModelError("an adapter is trained with the encoder: drop --frozen, or --adapter")


def _check_work(enc: Encoder, recipe: Recipe) -> pd.DataFrame:
    """Refuse, before the encoder's work, what fine-tuning, a teacher or a pool could not do;
    returns the pool's statements (`read_pool`)."""
    if recipe.tuned:
        check_tunable(enc, recipe.layer_decay)
    if recipe.pool and recipe.teacher is None:
        raise ModelError("a pool of statements needs a teacher to label them (--teacher)")
    if recipe.teacher is not None:
        get_scorer(recipe.teacher)  # an unknown teacher is named now, not after the encoder's work
    pooled = read_pool(recipe.pool)  # likewise a missing or malformed pool file (read once, here)
    if recipe.teacher is not None and not recipe.tuned:
        raise ModelError("distillation from a teacher fine-tunes the encoder: drop --frozen")
    return pooled


def _fit(
    enc: Encoder,
    start: Start,
    rows: DataSplit,
    vader: pd.DataFrame | None,
    mode: str,
    recipe: Recipe,
    pooled: pd.DataFrame,
    seed: int,
) -> tuple[Head, dict[str, Any] | None]:
    """The head (the start's, or one fitted on the frozen embeddings, with VADER's sentences
    when the encoder stays frozen), then the encoder fine-tuned with it, then its temperature.
    Returns the head and, when adapters were trained, their factors."""
    if start.head is not None:
        head = Head(*start.head)
    else:
        texts, labels = training_rows(rows.train, mode)
        extra = None
        if vader is not None and len(vader) and not recipe.fine_tune:
            extra = vader_rows(vader, mode)
        head = starting_head(enc, texts, labels, len(rows.train), seed, extra)
    lora_pairs = None
    if recipe.tuned:
        passes = training_passes(rows, mode, recipe.epochs, vader, recipe.teacher, pooled)
        head, lora_pairs = fine_tune(enc, head, passes, recipe, seed)
    return calibrated(enc, head, rows.calibration, mode), lora_pairs


def _save(
    out: Path,
    enc: Encoder,
    start: Start,
    head: Head,
    recipe: Recipe,
    lora_pairs: dict[str, Any] | None,
) -> tuple[str | None, dict[str, Any] | None]:
    """Write the head and what ships of the encoder (`save_encoder`); returns the config's
    ``encoder_weights`` and ``adapter`` entries."""
    from safetensors.numpy import save_file

    save_file(
        {"weight": head.weight.astype(np.float32), "bias": head.bias.astype(np.float32)},
        str(out / "head.safetensors"),
    )
    # `fine_tune` returns adapter factors only when it trained adapters
    return save_encoder(enc, start, out, tuned=recipe.tuned, lora_pairs=lora_pairs)


def _int8_encoder(
    out: Path,
    start: Start,
    enc: Encoder,
    encoder_weights: str | None,
    adapter_entry: dict[str, Any] | None,
) -> Encoder:
    """The new model's encoder as it would run in int8, from the files just written."""
    return Encoder(
        start.encoder,
        weights=out / encoder_weights if encoder_weights else None,
        adapter=out / adapter_entry["file"] if adapter_entry else None,
        max_length=enc.max_length,
        pooling=enc.pooling,
        quantize="int8",
    )


def _training_record(
    paths: Sequence[str | os.PathLike[str]],
    start: Start,
    recipe: Recipe,
    rows: DataSplit,
    vader: pd.DataFrame | None,
    head: Head,
    seed: int,
    seconds: float,
) -> dict[str, Any]:
    """The config's ``training`` entry: what the model was trained on, from what, and how."""
    tuned = recipe.tuned
    lora = tuned and recipe.adapter == "lora"
    teacher = recipe.teacher if tuned else None
    return {
        "date": dt.date.today().isoformat(),
        "data": sources(paths),
        "base": start.label,
        "fine_tuned": tuned,
        "epochs": recipe.epochs if tuned else 0,
        "learning_rate": recipe.lr if tuned else None,
        "schedule": recipe.schedule if tuned else None,
        "layer_decay": recipe.layer_decay if tuned else None,
        "adapter": recipe.adapter if tuned and recipe.adapter != "none" else None,
        "lora_rank": recipe.lora_rank if lora else None,
        "lora_alpha": recipe.lora_alpha if lora else None,
        "teacher": compared_name(teacher) if teacher is not None else None,
        "pool": sources(recipe.pool) if teacher is not None else [],
        "batches": "grouped by length" if tuned else None,
        "vader_sentences": len(vader) if vader is not None else 0,
        "n_train": len(rows.train),
        "n_calibration": len(rows.calibration),
        "n_heldout": len(rows.heldout),
        "l2_penalty": head.penalty,
        "cv_macro_f1_on_train": round(head.cv_f1, 4) if head.cv_f1 is not None else None,
        "seed": seed,
        "seconds": round(seconds, 1),
    }


def _config(
    name: str,
    start: Start,
    enc: Encoder,
    mode: str,
    head: Head,
    shipped: tuple[str | None, dict[str, Any] | None],
    quantize: bool | None,
    training: dict[str, Any],
    heldout: HeldOut,
) -> dict[str, Any]:
    """The new model's ``config.json`` (format in `stance.models.encoder`), before any other
    evaluations."""
    encoder_weights, adapter_entry = shipped
    return {
        "format": HEAD_FORMAT,
        "name": name,
        "encoder": start.encoder,
        "encoder_weights": encoder_weights,
        "adapter": adapter_entry,
        "pooling": enc.pooling,
        "normalize": True,
        "max_length": enc.max_length,
        "input": mode,
        "labels": list(LABELS),
        "temperature": round(float(head.temperature), 4),
        "quantize": "int8" if quantize else None,
        "training": training,
        **heldout.record(),
    }
