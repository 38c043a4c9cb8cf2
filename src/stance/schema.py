"""The data every stage passes on: labels, reserved names and the columns of each frame.

A stage reads the frame the stage before it wrote and checks it with `require_columns`, so a
frame built by hand (in a notebook, from a user's own extraction) fails with the stage's name
and the missing columns rather than deep inside pandas. This module imports nothing from the
package: every stage may import it, and it never pulls a model, a plot or a notebook along.

========================= ====================================================================
frame                     columns (the stage that writes it)
========================= ====================================================================
articles                  `ARTICLE_COLUMNS` (`stance.corpus`)
statements                `STATEMENT_COLUMNS` (extraction)
scored statements         the statements' columns, a probability per label (`LABELS`),
                          ``label`` (the likeliest) and ``model`` (`stance.score`)
series                    the grouping columns (``party``), ``period`` and `SERIES_VALUE_COLUMNS`
                          (`stance.series`): one row per group and period
========================= ====================================================================
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .errors import ColumnError

__all__ = [
    "ARTICLE_COLUMNS",
    "LABELS",
    "MEASURES",
    "MIN_N",
    "NO_SPEAKER",
    "NO_TARGET",
    "SERIES_VALUE_COLUMNS",
    "STATEMENT_COLUMNS",
    "UNKNOWN_PARTY",
    "require_columns",
]

# The tone labels, in the order of every probability vector a scorer returns.
LABELS: tuple[str, str, str] = ("optimism", "frustration", "neutral")

# The party of a speaker who cannot be placed (no speaker, or one the actor dictionary lacks).
UNKNOWN_PARTY = "Unknown"
# How a missing target or speaker is shown where a table or chart groups by it.
NO_TARGET = "(none)"
NO_SPEAKER = "(no speaker)"

# A period with fewer statements than this is marked as too few to read (`low_n`).
MIN_N = 3

ARTICLE_COLUMNS: tuple[str, ...] = ("article_id", "published", "source", "url", "title", "text")

STATEMENT_COLUMNS: tuple[str, ...] = (
    "statement_id",
    "article_id",
    "published",
    "speaker",
    "party",
    "text",
    "cue",
    "start",
    "end",
    "attribution",
    "target",
    "context",
)

# A series' measures and the range each can take; each comes with a 95% interval (_lo, _hi).
MEASURES: dict[str, tuple[float, float]] = {
    "optimism": (0.0, 1.0),
    "frustration": (0.0, 1.0),
    "net": (-1.0, 1.0),
}
SERIES_VALUE_COLUMNS: tuple[str, ...] = (
    "n",
    *[f"{m}{s}" for m in MEASURES for s in ("", "_lo", "_hi")],
    "low_n",
)


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, stage: str) -> None:
    """Raise `ColumnError` if `frame` lacks any of `columns`, naming the stage and what is there."""
    if not isinstance(frame, pd.DataFrame):
        raise ColumnError(f"{stage}: expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns)) or "(none)"
        raise ColumnError(f"{stage}: missing column(s) {', '.join(missing)}; the frame has: {have}")
