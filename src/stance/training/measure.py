"""Measuring a model for its card: on its held-out rows (beside VADER, and in int8), on other
tone gold (beside VADER and the models it would replace), and the precision it ships in."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ModelError
from ..evaluate import evaluate_tone
from ..gold import read_tone_gold
from ..metrics import ToneMetrics, expected_calibration_error, tone_metrics
from ..models import get_scorer
from ..models.encoder import QUANTIZE, Encoder, EncoderHeadScorer, read_head_config
from ..models.vader import VaderScorer
from ..schema import LABELS
from .card import write_card
from .head import Head, probabilities
from .record import compared_name, int8_costs, metrics_from, sources, write_config

__all__ = [
    "HeldOut",
    "choose_precision",
    "measure_heldout",
    "measure_model",
    "measure_other_gold",
    "settle_int8",
]


@dataclass(frozen=True)
class HeldOut:
    """The held-out figures of a model being trained (all None without held-out rows)."""

    metrics: ToneMetrics | None = None
    calibration_error: float | None = None
    baseline: ToneMetrics | None = None  # VADER's
    int8: ToneMetrics | None = None  # the model's in int8, when measured

    def record(self) -> dict[str, Any]:
        """The config's held-out entries."""
        return {
            "heldout": self.metrics.as_dict() if self.metrics else None,
            "heldout_calibration_error": (
                round(self.calibration_error, 4) if self.calibration_error is not None else None
            ),
            "heldout_int8": self.int8.as_dict() if self.int8 else None,
            "heldout_vader_baseline": self.baseline.as_dict() if self.baseline else None,
        }


def measure_heldout(enc: Encoder, heldout: pd.DataFrame, head: Head, mode: str) -> HeldOut:
    """The model's figures on the held-out rows, its calibration error there, and VADER's
    figures on the same rows."""
    if not len(heldout):
        return HeldOut()
    gold = heldout["label"].tolist()
    probs = probabilities(enc, heldout, head, mode)
    metrics = tone_metrics(gold, [LABELS[i] for i in probs.argmax(1)])
    calibration_error = expected_calibration_error(
        probs, heldout["label"].map(LABELS.index).to_numpy()
    )
    vader_probs = VaderScorer().predict_proba(heldout["text"].tolist())
    baseline = tone_metrics(gold, [LABELS[i] for i in vader_probs.argmax(1)])
    return HeldOut(metrics, calibration_error, baseline)


def heldout_in_int8(int8: Encoder, heldout: pd.DataFrame, head: Head, mode: str) -> ToneMetrics:
    """The model's held-out figures with its encoder in int8 (`int8`)."""
    probs = probabilities(int8, heldout, head, mode)
    return tone_metrics(heldout["label"].tolist(), [LABELS[i] for i in probs.argmax(1)])


def measure_other_gold(
    model_dir: Path,
    paths: Sequence[str | os.PathLike[str]],
    *,
    int8: bool = False,
    compare: Sequence[str | os.PathLike[str]] = (),
) -> list[dict[str, Any]]:
    """The model in `model_dir`, VADER and each `compare` model measured on each tone gold file
    (the config's ``other_evaluations``); with `int8`, the model also runs in int8 (``int8``)
    beside float32 (``float32``; ``model`` is float32 until `settle_int8` settles which one
    ships)."""
    scorer = EncoderHeadScorer(model_dir, quantize=None if int8 else True)
    scorer8 = EncoderHeadScorer(model_dir, quantize="int8") if int8 else None
    others = [(compared_name(spec), get_scorer(spec)) for spec in compare]
    baseline = VaderScorer()
    results = []
    for path in paths:
        gold = read_tone_gold(path)  # extraction runs once for all models
        ours = evaluate_tone(gold, scorer)
        vader = evaluate_tone(gold, baseline)
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
            "data": sources([path])[0],
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


def settle_int8(config: dict[str, Any]) -> None:
    """Choose int8 in `config` only if it costs under a point on every data set measured
    (held-out rows written like the training data can hide a loss on real quotes); when it
    ships, the figures of int8 take the plain names and float32's are kept beside them."""
    quantize = max(int8_costs(config).values()) < 0.01
    config["quantize"] = "int8" if quantize else None
    for evaluation in config.get("other_evaluations", []) if quantize else []:
        evaluation["model"] = evaluation["int8"]
        for key in ("calibration_error", "minus_vader"):
            evaluation[f"float32_{key}"] = evaluation[key]
            evaluation[key] = evaluation[f"int8_{key}"]


def choose_precision(
    model_dir: str | os.PathLike[str], gold: Sequence[str | os.PathLike[str]]
) -> tuple[str | None, dict[str, dict[str, float]]]:
    """The fastest int8 scheme (`stance.models.encoder.QUANTIZE`) that costs under one point of
    macro-F1 against float32 on every gold file, or None (float32) when each costs more; and the
    cost of each scheme on each file."""
    frames = {sources([path])[0]: read_tone_gold(path) for path in gold}
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
        write_config(directory, config)
    # measured in the precision the model ships in (the scorer reads it from the config)
    config["other_evaluations"] = measure_other_gold(directory, gold, compare=compare)
    write_config(directory, config)
    metrics = metrics_from(config.get("heldout"))
    baseline = metrics_from(config.get("heldout_vader_baseline"))
    return write_card(directory, config, metrics, baseline)
