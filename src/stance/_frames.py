"""Helpers shared by the pipeline stages: reading CSV files, UTC timestamps, stable identifiers."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
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


def utc_date(value: str | pd.Timestamp) -> pd.Timestamp:
    """`value` as a UTC timestamp; raises `StanceError` when it is not a date."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError) as exc:
        raise StanceError(f"not a date: {value!r}") from exc
    if pd.isna(stamp):
        raise StanceError(f"not a date: {value!r}")
    return as_utc(stamp)


def published_between(
    frame: pd.DataFrame,
    since: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
) -> pd.Series:
    """True for the rows of `frame` (articles or statements) whose ``published`` date falls in
    ``[since, until]``; `until` as a date includes that whole day. Dates without a time zone are
    UTC."""
    published = pd.to_datetime(frame["published"], utc=True)
    keep = pd.Series(True, index=frame.index)
    if since is not None:
        keep &= published >= utc_date(since)
    if until is not None:
        stamp = utc_date(until)
        if stamp == stamp.normalize():
            stamp = stamp + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1)
        keep &= published <= stamp
    return keep


def as_utc(stamp: pd.Timestamp) -> pd.Timestamp:
    """`stamp` in UTC; a timestamp without a time zone is taken to be UTC already."""
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def stable_hash(*parts: object, length: int = 16) -> str:
    """A short hex digest of `parts`, stable across runs, machines and Python versions."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


# C0 control characters other than tab, line feed and carriage return, and DEL: never text
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(text: str) -> str:
    """`text` without control characters (NUL and the like; tabs and line breaks stay)."""
    return _CONTROL_RE.sub("", text)


def display_text(text: str, limit: int) -> str:
    """`text` as a heading shows it: no control characters, whitespace collapsed, and at most
    `limit` characters (cut at a word, with "…")."""
    text = " ".join(without_controls(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut) + "…"


@contextlib.contextmanager
def replaced_atomically(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path beside `path` to write to; when the block ends without error it
    replaces `path` in one step (``os.replace``), so a reader, or a run killed half-way, never
    sees a half-written file. On error the temporary file is removed and `path` is untouched."""
    target = Path(path)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def write_text_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Write `text` (UTF-8) to `path` through `replaced_atomically`."""
    with replaced_atomically(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
