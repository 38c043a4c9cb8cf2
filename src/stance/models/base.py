"""What a scorer is, and the label set every scorer maps onto."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

__all__ = ["LABELS", "Scorer", "model_input", "reads_context"]

LABELS: tuple[str, str, str] = ("optimism", "frustration", "neutral")


@runtime_checkable
class Scorer(Protocol):
    """Anything with `labels`, a cache `key` and `predict_proba` can score statements.

    `predict_proba(texts)` returns an array of shape ``(len(texts), 3)`` whose columns follow
    `LABELS` and whose rows sum to 1. `key` names the model and its weights, so that cached scores
    of an older version are never reused.
    """

    labels: tuple[str, ...]
    key: str

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray: ...


_SPACE = re.compile(r"\s+")
_MARKS_BEFORE = "\"“„«‘'"
_SIDE_CHARS = 200  # context kept on each side of the quote


def reads_context(scorer: object) -> bool:
    """Whether `scorer` reads each quote inside the sentence around it (``reads_context``)."""
    return bool(getattr(scorer, "reads_context", False))


def model_input(text: str, context: str | None = None) -> str:
    """What a context-reading model scores for a quote: its sentence, with the quote in place.

    `context` is either the sentence as written in the article (it contains the quoted words) or a
    template with ``{quote}`` where the quote goes, as in the training data. At most 200
    characters of context are kept on each side of the quote, cut at a space. Without a usable
    context the quote alone, between quotation marks, stands in, so that a quote is always read
    as something someone said.
    """
    text = _SPACE.sub(" ", str(text)).strip()
    context = _SPACE.sub(" ", str(context)).strip() if isinstance(context, str) else ""
    if "{quote}" in context:
        at = context.index("{quote}")
        marked = at > 0 and context[at - 1] in _MARKS_BEFORE
        context = context.replace("{quote}", text if marked else f"“{text}”", 1)
    at = context.find(text) if text else -1
    if at < 0:
        return f"“{text}”"
    before, after = context[:at], context[at + len(text) :]
    if len(before) > _SIDE_CHARS:
        cut = before[-_SIDE_CHARS:]
        before = "…" + cut[cut.find(" ") + 1 :] if " " in cut else "…" + cut
    if len(after) > _SIDE_CHARS:
        cut = after[:_SIDE_CHARS]
        after = (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"
    return before + text + after
