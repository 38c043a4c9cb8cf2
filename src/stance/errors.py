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
    """A report notebook failed to execute or convert."""
