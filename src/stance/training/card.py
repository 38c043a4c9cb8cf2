"""The model card (``MODEL_CARD.md``): what a model is, how it was trained and how it measured,
written from its config and held-out figures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..metrics import ToneMetrics
from ..schema import LABELS
from .record import int8_costs

__all__ = ["model_card", "write_card"]

_READS = {
    "quote": "the quoted words alone.",
    "context": "each quote inside the sentence around it.",
    "both": "each quote alone and inside the sentence around it; the two probability "
    "vectors are averaged.",
}
_INFERENCE = {
    "int8": "int8 (dynamic quantisation of the encoder's linear layers)",
    "int8-but-ffn-out": "int8 (dynamic quantisation of the encoder's linear layers) but "
    "for each layer's feed-forward output, kept in float32",
}


def write_card(
    directory: Path,
    config: dict[str, Any],
    metrics: ToneMetrics | None,
    baseline: ToneMetrics | None,
) -> Path:
    """Write the model card of the model in `directory` (`model_card`); returns its path."""
    card = directory / "MODEL_CARD.md"
    card.write_text(model_card(config, metrics, baseline, directory), encoding="utf-8")
    return card


def model_card(
    config: dict[str, Any],
    metrics: ToneMetrics | None,
    baseline: ToneMetrics | None,
    model_dir: Path | None = None,
) -> str:
    """The card's Markdown: the model, its training, its held-out figures (`metrics`, beside the
    VADER `baseline`), its other evaluations and its limits."""
    lines = [
        f"# Model card: `{config['name']}`",
        "",
        "A tone classifier for quoted statements: optimism, frustration or neutral.",
        "",
        *_model_lines(config, model_dir),
        "",
        *_training_lines(config["training"]),
        "",
        *_heldout_lines(config, metrics, baseline),
    ]
    for other in config.get("other_evaluations") or []:
        lines += ["", *_evaluation_lines(other)]
    lines += ["", *_limits_lines(config, metrics), ""]
    return "\n".join(lines)


def _model_lines(config: dict[str, Any], model_dir: Path | None) -> list[str]:
    training = config["training"]
    return [
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
        "- Reads: " + _READS[config.get("input", "quote")],
        f"- Probabilities are divided by a temperature of {config['temperature']}, fitted on "
        f"{training['n_calibration']} training rows kept aside for it.",
        "- Inference: "
        + _INFERENCE.get(str(config.get("quantize")), "float32")
        + _int8_words(config),
        "- Weights are safetensors files (no pickles); loading never runs remote code.",
    ]


def _training_lines(training: dict[str, Any]) -> list[str]:
    return [
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
    ]


def _heldout_lines(
    config: dict[str, Any], metrics: ToneMetrics | None, baseline: ToneMetrics | None
) -> list[str]:
    if metrics is None:
        return ["## Held-out evaluation", "- No held-out rows: no figures."]
    lines = [
        "## Held-out evaluation",
        f"- {metrics.n} held-out rows that training never saw.",
        f"- Accuracy {metrics.accuracy:.3f}, macro-F1 {metrics.macro_f1:.3f}"
        + _interval_words(metrics.interval)
        + ".",
        "- F1 per label: " + ", ".join(f"{k} {v:.3f}" for k, v in metrics.f1.items()) + ".",
    ]
    if baseline:
        lines.append(
            f"- The VADER lexicon baseline on the same rows: accuracy "
            f"{baseline.accuracy:.3f}, macro-F1 {baseline.macro_f1:.3f} ("
            + ", ".join(f"{k} {v:.3f}" for k, v in baseline.f1.items())
            + ")."
        )
    if config.get("heldout_calibration_error") is not None:
        lines.append(f"- Expected calibration error: {config['heldout_calibration_error']:.3f}.")
    if config.get("heldout_int8"):
        lines.append(f"- With int8 inference: macro-F1 {config['heldout_int8']['macro_f1']:.3f}.")
    lines += [
        "",
        "Confusion matrix (rows: gold, columns: predicted):",
        "",
        "| gold \\ predicted | " + " | ".join(LABELS) + " |",
        "|---|" + "---|" * len(LABELS),
    ]
    for label in LABELS:
        row = metrics.confusion.loc[label]
        lines.append(f"| {label} | " + " | ".join(str(int(row[c])) for c in LABELS) + " |")
    return lines


def _evaluation_lines(other: dict[str, Any]) -> list[str]:
    """The section of one other evaluation (`stance.training.measure.measure_other_gold`)."""
    model, vader = other["model"], other["vader"]
    lines = [
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
    return lines


def _limits_lines(config: dict[str, Any], metrics: ToneMetrics | None) -> list[str]:
    lines = [
        "## Limits",
        "- Held-out rows are written in the same style as the training rows, so these figures "
        "overstate accuracy on real news quotes.",
    ]
    if (metrics and metrics.interval) or config.get("other_evaluations"):
        lines.append(
            "- A 95% interval says how far a figure measured on this many statements could "
            "move on another sample of the same kind (resampling the statements); it does "
            "not cover statements of another kind."
        )
    return lines


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
    costs = int8_costs(config)
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
