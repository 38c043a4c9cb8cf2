"""Helpers shared by the pipeline stages: column checks and stable identifiers."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pandas as pd

from .errors import ColumnError


def require_columns(frame: pd.DataFrame, columns: Iterable[str], *, stage: str) -> None:
    """Raise `ColumnError` if `frame` lacks any of `columns`, naming the stage and what is there."""
    if not isinstance(frame, pd.DataFrame):
        raise ColumnError(f"{stage}: expected a pandas DataFrame, got {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        have = ", ".join(map(str, frame.columns)) or "(none)"
        raise ColumnError(f"{stage}: missing column(s) {', '.join(missing)}; the frame has: {have}")


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short hex digest of `parts`, stable across runs, machines and Python versions."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]
