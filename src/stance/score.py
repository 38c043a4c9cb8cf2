"""Score the tone of statements: optimism, frustration, neutral.

`score_statements` reads a ``text`` column (and ``context``, for models that read each quote in
its sentence) and returns a copy of the frame with ``optimism``,
``frustration`` and ``neutral`` (probabilities summing to 1), ``label`` (the most probable of the
three) and ``model`` (the scorer's key: name and weights digest). With a `cache`, scores are read
from and written to disk by (model key, text hash), so a re-run scores only new text.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .cache import ScoreCache, text_hash
from .models import Scorer, get_scorer
from .models.base import input_of, view_inputs
from .schema import LABELS, require_columns

__all__ = ["score_statements", "score_texts"]

log = logging.getLogger(__name__)
_CHUNK = 256
_PROGRESS_MIN = 200


def score_texts(
    texts: Sequence[str],
    model: str | os.PathLike[str] | Scorer = "default",
    *,
    cache: ScoreCache | str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> np.ndarray:
    """Probabilities of shape (len(texts), 3), columns in the order of `stance.models.LABELS`.

    Each string is scored as given. A model that reads quotes in context (the default reads each
    quote alone and in its sentence) scores statements best through `score_statements`, which
    builds those inputs from the ``text`` and ``context`` columns.

    `progress` shows a bar on stderr; None shows one for long inputs when stderr is a terminal.
    """
    scorer = get_scorer(model)
    texts = [str(t) for t in texts]
    store = ScoreCache(cache) if isinstance(cache, (str, os.PathLike)) else cache
    hashes = [text_hash(t) for t in texts]
    known = store.get(scorer.key, hashes) if store is not None else {}
    todo = list(dict.fromkeys(h for h in hashes if h not in known))
    if todo:
        by_hash = dict(zip(hashes, texts, strict=True))
        todo.sort(key=lambda h: len(by_hash[h]))
        if progress is None:
            progress = len(todo) >= _PROGRESS_MIN and sys.stderr.isatty()
        from tqdm.auto import tqdm

        with tqdm(total=len(todo), desc="scoring", unit="stmt", disable=not progress) as bar:
            for i in range(0, len(todo), _CHUNK):
                chunk = todo[i : i + _CHUNK]
                probs = np.asarray(scorer.predict_proba([by_hash[h] for h in chunk]), float)
                rows = [
                    (h, float(p[0]), float(p[1]), float(p[2]))
                    for h, p in zip(chunk, probs, strict=True)
                ]
                for h, opt, fru, neu in rows:
                    known[h] = (opt, fru, neu)
                if store is not None:
                    store.put(scorer.key, rows)
                bar.update(len(chunk))
    log.info(
        "scored %d new text(s) with %s; %d from the cache",
        len(todo),
        scorer.key,
        len(set(hashes)) - len(todo),
    )
    out = np.array([known[h] for h in hashes], dtype=np.float64).reshape(len(texts), 3)
    return out


def score_statements(
    statements: pd.DataFrame,
    model: str | os.PathLike[str] | Scorer = "default",
    *,
    cache: ScoreCache | str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> pd.DataFrame:
    """A copy of `statements` with the score columns added (see the module docstring).

    Needs only a ``text`` column. A model that reads context (its config says ``"input":
    "context"`` or ``"both"``) scores each quote inside its ``context`` sentence when the frame
    has that column, and the quote alone otherwise; with ``both`` the quote is scored alone and
    in its sentence, and the two sets of probabilities are averaged. `model` is a name
    (``default``, ``vader``), ``hf:<id or path>``, a directory written by ``stance train``, or
    a scorer object. `cache` is a `ScoreCache` or the
    path of its SQLite file.
    """
    require_columns(statements, ("text",), stage="score_statements")
    scorer = get_scorer(model)
    # a missing or non-text value is not scored: its scores stay missing ("nan" is no statement)
    scorable = np.array(
        [isinstance(t, str) and bool(t.strip()) for t in statements["text"]], dtype=bool
    )
    texts = statements["text"][scorable].tolist()
    contexts = statements["context"][scorable].tolist() if "context" in statements else None
    views = view_inputs(texts, contexts, input_of(scorer))
    # all views in one call: a string two views share (a quote with no sentence) is scored once
    flat = score_texts([t for view in views for t in view], scorer, cache=cache, progress=progress)
    probs = np.full((len(statements), len(LABELS)), np.nan)
    if texts:
        probs[scorable] = flat.reshape(len(views), len(texts), len(LABELS)).mean(axis=0)
    scored = statements.copy()
    for i, label in enumerate(LABELS):
        scored[label] = probs[:, i] if len(scored) else pd.Series(dtype="float64")
    labels = pd.Series(pd.NA, index=scored.index, dtype="string")
    if texts:
        labels[scorable] = np.array(LABELS, dtype=object)[probs[scorable].argmax(axis=1)]
    scored["label"] = labels
    scored["model"] = pd.Series([scorer.key] * len(scored), index=scored.index, dtype="string")
    return scored
