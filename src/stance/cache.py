"""An on-disk cache of scores, keyed by (model key, text hash).

A scheduled report re-scores only statements it has not seen with the same model. The cache is a
single SQLite file; several processes may share it (writes are serialised by SQLite). A file that
is not a sound SQLite database (truncated, overwritten) is moved aside, with a logged warning
naming where, and the cache starts empty: a cache can always be rebuilt, a blocked run cannot.
"""

from __future__ import annotations

import hashlib
import logging
import os
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

__all__ = ["ScoreCache", "text_hash"]

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS scores (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    optimism REAL NOT NULL,
    frustration REAL NOT NULL,
    neutral REAL NOT NULL,
    PRIMARY KEY (model, text_hash)
)
"""


def text_hash(text: str) -> str:
    """SHA-256 of the text as UTF-8: the cache's key for a statement."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ScoreCache:
    """Scores of texts by model, stored in the SQLite file at `path` (created on first use)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        if self.path.suffix == "" or self.path.is_dir():
            self.path = self.path / "scores.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._open()
        except sqlite3.DatabaseError as exc:
            aside = self.path.with_name(
                f"{self.path.name}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}"
            )
            os.replace(self.path, aside)
            log.warning(
                "%s: the score cache was unreadable (%s); moved aside to %s, starting empty",
                self.path,
                exc,
                aside,
            )
            self._open()

    def _open(self) -> None:
        """Create the table if need be, and check that the file is a sound database."""
        with self._connect() as db:
            db.execute(_SCHEMA)
            (result,) = db.execute("PRAGMA quick_check").fetchone()
            if result != "ok":
                raise sqlite3.DatabaseError(f"integrity check: {result}")
        db.close()

    def __repr__(self) -> str:
        return f"ScoreCache({str(self.path)!r})"

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=60)

    def get(self, model: str, hashes: Sequence[str]) -> dict[str, tuple[float, float, float]]:
        """Cached (optimism, frustration, neutral) for those of `hashes` that are present."""
        found: dict[str, tuple[float, float, float]] = {}
        unique = list(dict.fromkeys(hashes))
        with self._connect() as db:
            for i in range(0, len(unique), 500):
                chunk = unique[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = db.execute(
                    "SELECT text_hash, optimism, frustration, neutral FROM scores "
                    f"WHERE model = ? AND text_hash IN ({marks})",
                    (model, *chunk),
                )
                for key, opt, fru, neu in rows:
                    found[key] = (opt, fru, neu)
        return found

    def put(self, model: str, rows: Iterable[tuple[str, float, float, float]]) -> None:
        """Store (text_hash, optimism, frustration, neutral) rows for `model`."""
        with self._connect() as db:
            db.executemany(
                "INSERT OR REPLACE INTO scores VALUES (?, ?, ?, ?, ?)",
                ((model, h, float(o), float(f), float(n)) for h, o, f, n in rows),
            )

    def __len__(self) -> int:
        with self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM scores").fetchone()[0])
