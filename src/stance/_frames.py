"""Helpers shared by the pipeline stages: reading CSV files, UTC timestamps, stable identifiers."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .errors import StanceError


def read_csv_with(
    path: str | os.PathLike[str],
    columns: Iterable[str],
    *,
    what: str,
    error: type[StanceError] = StanceError,
) -> pd.DataFrame:
    """A CSV file read as strings (empty cells stay empty), checked for `columns`.

    Raises `error` naming the file, and the missing columns beside those found.
    """
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, ValueError) as exc:
        raise error(f"{path}: cannot read {what}: {exc}") from exc
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise error(
            f"{path}: missing column(s) {', '.join(missing)}; found: {', '.join(frame.columns)}"
        )
    return frame


def as_utc(stamp: pd.Timestamp) -> pd.Timestamp:
    """`stamp` in UTC; a timestamp without a time zone is taken to be UTC already."""
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short hex digest of `parts`, stable across runs, machines and Python versions."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]
