"""One error hierarchy for everything `stance` raises on purpose.

Every message names what it is about (the file, the record, the column) and, where the user chose
something, the valid choices.
"""

from __future__ import annotations

__all__ = [
    "ColumnError",
    "CorpusError",
    "ModelError",
    "ReportError",
    "StanceError",
]


class StanceError(Exception):
    """Base class of every error `stance` raises for bad input or a failed step."""


class CorpusError(StanceError):
    """A corpus path or record cannot be read."""


class ColumnError(StanceError, KeyError):
    """A frame lacks columns that a pipeline stage needs."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else ""


class ModelError(StanceError):
    """A scoring model cannot be found, loaded or trained."""


class ReportError(StanceError):
    """A report could not be made: a parameter is wrong, or its notebook failed.

    When a notebook cell failed or stalled, `notebook` is the executed notebook kept on disk,
    `cell` the execution count of the cell and `error` the exception's name (``CellTimeoutError``
    for a stall), so a scheduler can act on them without parsing the message.
    """

    def __init__(
        self,
        message: str,
        *,
        notebook: str | None = None,
        cell: int | None = None,
        error: str | None = None,
    ) -> None:
        super().__init__(message)
        self.notebook = notebook
        self.cell = cell
        self.error = error
