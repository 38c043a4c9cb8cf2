"""What a scorer is, and the label set every scorer maps onto."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, runtime_checkable

import numpy as np

from ..schema import LABELS

__all__ = ["INPUTS", "LABELS", "Scorer", "input_of", "model_input", "view_inputs"]

# What a model reads: the quoted words alone, the quote inside the sentence around it, or both
# (each scored, and the two probability vectors averaged).
INPUTS: tuple[str, str, str] = ("quote", "context", "both")


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


def input_of(scorer: object) -> str:
    """What `scorer` reads (one of `INPUTS`): its ``input`` attribute, ``quote`` when it has none.

    Hub models and VADER read the quote; a model directory says in its config.
    """
    value = getattr(scorer, "input", "quote")
    return value if value in INPUTS else "quote"


def view_inputs(
    texts: Sequence[str], contexts: Sequence[str | None] | None, mode: str
) -> list[list[str]]:
    """The strings a model of input `mode` scores for each quote: one list per view.

    ``quote``: the quoted words as they are; ``context``: the quote in its sentence
    (`model_input`); ``both``: the quote between quotation marks, and the quote in its sentence.
    """
    texts = [str(t) for t in texts]
    ctx = list(contexts) if contexts is not None else [None] * len(texts)
    ctx = [c if isinstance(c, str) else None for c in ctx]
    in_context = [model_input(t, c) for t, c in zip(texts, ctx, strict=True)]
    if mode == "context":
        return [in_context]
    if mode == "both":
        return [[model_input(t) for t in texts], in_context]
    return [texts]


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
