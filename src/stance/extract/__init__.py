"""Extraction: quoted statements in articles, who said them, and the actor dictionary.

- `stance.extract.quotes`: quotation spans, their speakers and the statements frame
  (`extract_statements`, `speaker_counts`).
- `stance.extract.mentions`: the actor dictionary (`load_actors`, `Actors`) and the mentions of
  speakers it finds in text.
"""

from __future__ import annotations

from .mentions import UNKNOWN_PARTY, Actor, Actors, Mention, Role, default_actors_path, load_actors
from .quotes import STATEMENT_COLUMNS, Statement, extract_statements, find_quotes, speaker_counts

__all__ = [
    "STATEMENT_COLUMNS",
    "UNKNOWN_PARTY",
    "Actor",
    "Actors",
    "Mention",
    "Role",
    "Statement",
    "default_actors_path",
    "extract_statements",
    "find_quotes",
    "load_actors",
    "speaker_counts",
]
