"""Scoring speed: stance's scorers side by side, and against the plain transformers pipeline.

In one run, on the same statements:

- the pipeline: ``transformers.pipeline("feature-extraction")`` over each input string, as the
  library's documentation shows it, on the default model's own weights (the base encoder with its
  adapter or fine-tuned layers), then its pooling, normalisation and head in numpy, reading what
  the model reads (the quote alone, in its sentence, or both averaged:
  `stance.models.base.view_inputs`);
- stance: ``stance.score_statements(frame, model)`` for ``default``, ``fast`` and ``vader``;
  it scores each distinct string once, batches by length, runs under inference mode and, where a
  model card says so, in int8.

Run:  python benchmarks/bench_scoring.py [--limit N] [--threads T] [--models default,fast,vader]
It prints statements per second for each, the default's speed-up over the pipeline and how often
the two agree on the label.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]


def statements(limit: int) -> pd.DataFrame:
    """Held-out training statements and the seed's quotes (text and context sentence)."""
    import stance

    texts = pd.read_csv(REPO / "data" / "training" / "tone_statements.csv", keep_default_na=False)
    heldout = texts[texts["split"] == "heldout"][["text", "context"]]
    seed = stance.extract_statements(stance.load_corpus(REPO / "seeds"))[["text", "context"]]
    frame = pd.concat([heldout, seed.astype(object)], ignore_index=True)
    return frame.head(limit)


def pipeline_scores(frame: pd.DataFrame) -> tuple[np.ndarray, float]:
    import torch
    from safetensors.numpy import load_file
    from transformers import AutoModel, AutoTokenizer, pipeline

    from stance.models import default_model_dir, get_scorer
    from stance.models.base import input_of, view_inputs
    from stance.models.encoder import merge_adapter, resolve_encoder

    scorer = get_scorer("default")
    config = scorer.config  # type: ignore[attr-defined]
    views = view_inputs(frame["text"].tolist(), frame["context"].tolist(), input_of(scorer))
    path, _ = resolve_encoder(config["encoder"])
    model = AutoModel.from_pretrained(path)
    if config.get("encoder_weights"):
        from safetensors.torch import load_file as load_torch

        state = load_torch(str(default_model_dir() / config["encoder_weights"]))
        model.load_state_dict({k: v.float() for k, v in state.items()}, strict=False)
    if config.get("adapter"):
        merge_adapter(model, default_model_dir() / config["adapter"]["file"])
    tokenizer = AutoTokenizer.from_pretrained(path)
    extractor = pipeline(
        "feature-extraction", model=model, tokenizer=tokenizer, device=torch.device("cpu")
    )
    head = load_file(str(default_model_dir() / "head.safetensors"))
    began = time.perf_counter()
    probs = []
    for view in views:
        pooled = []
        for text in view:
            tokens = np.asarray(
                extractor(text, truncation=True, max_length=config["max_length"])[0]
            )
            vector = tokens[0] if config.get("pooling") == "cls" else tokens.mean(axis=0)
            pooled.append(vector / np.linalg.norm(vector))
        logits = (np.stack(pooled) @ head["weight"].T + head["bias"]) / config["temperature"]
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs.append(exp / exp.sum(axis=1, keepdims=True))
    elapsed = time.perf_counter() - began
    return np.mean(probs, axis=0), elapsed


def stance_scores(frame: pd.DataFrame, model: str) -> tuple[np.ndarray, float]:
    from stance import score_statements
    from stance.models import LABELS, get_scorer

    get_scorer(model).predict_proba(["warm-up"])  # load outside the timing, as the pipeline
    began = time.perf_counter()
    scored = score_statements(frame, model, progress=False)
    return scored[list(LABELS)].to_numpy(), time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=400, help="statements to score")
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0: default)")
    parser.add_argument(
        "--models", default="default,fast,vader", help="stance models to time, comma-separated"
    )
    args = parser.parse_args()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    texts = statements(args.limit)
    plain, plain_s = pipeline_scores(texts)
    timed = {model: stance_scores(texts, model) for model in args.models.split(",")}
    from stance.models import get_scorer
    from stance.models.base import input_of, view_inputs

    mode = input_of(get_scorer("default"))
    views = view_inputs(texts["text"].tolist(), texts["context"].tolist(), mode)
    strings = [t for view in views for t in view]
    print(
        f"the default model reads: {mode} ({len(strings)} strings for the pipeline, "
        f"{len(set(strings))} distinct ones for stance)"
    )
    print(f"{len(texts)} statements, torch threads {torch.get_num_threads()}")
    print(f"pipeline, default weights : {len(texts) / plain_s:8.1f} statements/s ({plain_s:.2f} s)")
    for model, (_, seconds) in timed.items():
        print(f"stance {model:<18} : {len(texts) / seconds:8.1f} statements/s ({seconds:.2f} s)")
    if "default" in timed:
        ours, ours_s = timed["default"]
        agree = float((plain.argmax(1) == ours.argmax(1)).mean())
        print(f"default over the pipeline : {plain_s / ours_s:8.2f}x")
        print(f"same label as the pipeline: {agree:8.1%} of statements")
    if "default" in timed and "fast" in timed:
        print(f"fast over default         : {timed['default'][1] / timed['fast'][1]:8.2f}x")


if __name__ == "__main__":
    main()
