"""Extraction: the quoted statements of articles, who said them, and the actor dictionary.

- `statements`: `extract_statements`, the statements frame it returns, `speaker_counts` and
  `unknown_speakers`.
- `attribution`: who said each quote, by the numbered rules in its docstring.
- `quotes`: where quotations open, close and run on over paragraphs (`find_quotes`).
- `mentions`: the actor dictionary (`load_actors`, `Actors`, the YAML schema) and the mentions of
  speakers it finds in text.
- `lexicon`: the word lists all of these use (speech verbs, titles, nouns for speakers and
  statements, ...), as plain data.

Each module imports only those after it in this list.
"""

from __future__ import annotations

from .mentions import (
    Actor,
    Actors,
    Mention,
    Role,
    default_actors_path,
    load_actors,
    plausible_speaker,
)
from .quotes import Quote, find_quotes
from .statements import (
    Statement,
    corpus_speakers,
    extract_corpus,
    extract_statements,
    speaker_counts,
    unknown_speakers,
)

__all__ = [
    "Actor",
    "Actors",
    "Mention",
    "Quote",
    "Role",
    "Statement",
    "corpus_speakers",
    "default_actors_path",
    "extract_corpus",
    "extract_statements",
    "find_quotes",
    "load_actors",
    "plausible_speaker",
    "speaker_counts",
    "unknown_speakers",
]
