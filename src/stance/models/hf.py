"""Any sequence-classification model (a hub id or a local directory) mapped onto our labels.

Each of the model's labels (``config.id2label``) is mapped onto optimism, frustration or neutral;
the probabilities of labels mapped to the same target are added. `LABEL_MAP` covers common
sentiment and emotion label sets (positive/negative/neutral, joy/optimism/anger/sadness/…, the 28
GoEmotions labels); pass `label_map` for others. A label that maps nowhere is an error that lists
the model's labels, never a guess.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..schema import LABELS

__all__ = ["LABEL_MAP", "HFClassifierScorer"]

_OPT, _FRU, _NEU = LABELS

LABEL_MAP: dict[str, str] = {
    # sentiment
    "positive": _OPT,
    "pos": _OPT,
    "negative": _FRU,
    "neg": _FRU,
    "neutral": _NEU,
    # emotion sets (TweetEval emotion, Ekman, GoEmotions)
    "joy": _OPT,
    "optimism": _OPT,
    "love": _OPT,
    "admiration": _OPT,
    "amusement": _OPT,
    "approval": _OPT,
    "caring": _OPT,
    "excitement": _OPT,
    "gratitude": _OPT,
    "pride": _OPT,
    "relief": _OPT,
    "desire": _OPT,
    "trust": _OPT,
    "anticipation": _OPT,
    "anger": _FRU,
    "annoyance": _FRU,
    "disappointment": _FRU,
    "disapproval": _FRU,
    "disgust": _FRU,
    "embarrassment": _FRU,
    "fear": _FRU,
    "grief": _FRU,
    "nervousness": _FRU,
    "remorse": _FRU,
    "sadness": _FRU,
    "pessimism": _FRU,
    "frustration": _FRU,
    "confusion": _NEU,
    "curiosity": _NEU,
    "realization": _NEU,
    "surprise": _NEU,
}


class HFClassifierScorer:
    """A transformers sequence-classification model as a scorer."""

    labels: tuple[str, ...] = LABELS

    def __init__(
        self, spec: str, label_map: Mapping[str, str] | None = None, max_length: int = 256
    ) -> None:
        import torch
        from transformers import AutoModelForSequenceClassification, AutoTokenizer

        from .encoder import quiet_loading

        local = Path(spec).expanduser().is_dir()
        try:
            with quiet_loading():
                self.tokenizer = AutoTokenizer.from_pretrained(spec, local_files_only=local)
                self.model = AutoModelForSequenceClassification.from_pretrained(
                    spec, local_files_only=local
                )
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load classifier {spec!r}: {exc}") from exc
        self.model.eval()
        self._torch = torch
        self.max_length = max_length
        table = {k.lower(): v for k, v in (label_map or LABEL_MAP).items()}
        id2label = {int(i): str(lab) for i, lab in self.model.config.id2label.items()}
        self.projection = np.zeros((len(id2label), len(LABELS)), dtype=np.float32)
        unmapped = []
        for index, label in id2label.items():
            target = table.get(label.lower())
            if target not in LABELS:
                unmapped.append(label)
                continue
            self.projection[index, LABELS.index(target)] = 1.0
        if unmapped:
            raise ModelError(
                f"{spec}: no mapping for label(s) {', '.join(unmapped)}; the model's labels are "
                f"{', '.join(id2label.values())}; pass label_map={{label: one of {list(LABELS)}}}"
            )
        self.key = f"hf:{spec}"
        if local:
            # a retrained local model must not reuse the scores of the old one
            digest = hashlib.sha256()
            for file in sorted(Path(spec).expanduser().iterdir()):
                if file.is_file() and file.suffix in (".json", ".safetensors", ".bin"):
                    digest.update(file.name.encode())
                    digest.update(file.read_bytes())
            self.key = f"hf:{spec}:{digest.hexdigest()[:12]}"

    def predict_proba(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        torch = self._torch
        texts = list(texts)
        out = np.zeros((len(texts), len(LABELS)), dtype=np.float64)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        problem = getattr(self.model.config, "problem_type", None)
        with torch.inference_mode():
            for i in range(0, len(order), batch_size):
                idx = order[i : i + batch_size]
                batch = self.tokenizer(
                    [texts[j] for j in idx],
                    padding=True,
                    truncation=True,
                    max_length=self.max_length,
                    return_tensors="pt",
                )
                logits = self.model(**batch).logits.float()
                if problem == "multi_label_classification":
                    probs = torch.sigmoid(logits)
                    probs = probs / probs.sum(dim=1, keepdim=True).clamp(min=1e-9)
                else:
                    probs = torch.softmax(logits, dim=1)
                mapped = probs.numpy() @ self.projection
                out[idx] = mapped / mapped.sum(axis=1, keepdims=True)
        return out
