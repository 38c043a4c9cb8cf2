"""Quoted statements of articles: `extract_statements` and the statements frame.

`extract_statements` reads the articles frame (``article_id``, ``published``, ``text``) and returns
the statements frame:

============ ===============================================================================
statement_id stable hash of the article id and the character span
article_id   the article the quote is in
published    the article's date
speaker      canonical name of the speaker; the name as written for speakers the actor
             dictionary does not know; missing (``<NA>``) when no speaker can be found
party        the speaker's party, ``Unknown`` when it cannot be told
text         the quoted words (a quote that runs across paragraphs is joined with one space)
cue          the words that attribute the quote: the speech verb ("said", "posted", "read"),
             ":" for "Rubio: “…”", "continuation" for a further quote of the same speaker
start, end   character offsets of the quoted words in the article text
attribution  how the speaker was found: named, variant (a known person's name spelt
             otherwise), title, institution, place, group, unknown (a name the dictionary
             lacks), pronoun, nominal ("the statement read"), descriptor ("the 71-year-old
             said": the person named last), interview (a quote in an answer labelled with
             its speaker), continuation, or none
target       the other party the quoted words name most often ("Rubio about Ukraine"),
             missing when they name none
context      the sentence(s) the quote stands in, as written (whitespace collapsed): what a
             context-reading tone model scores, and what a reader checks a score against
============ ===============================================================================

Quotes are found by `stance.extract.quotes`, their speakers by `stance.extract.attribution`.

Which quotes are not statements: a quote that has no speech verb and no speaker, and is three words
or shorter, is a scare quote or a title ('so-called “peace plan”') and is skipped; so is a name in
quotation marks of up to six words after a possessive or a naming noun (the daily “Dorn Evening”,
its “Six-Point Framework”).
Longer quotes with no speaker are kept with the speaker missing, so nothing said is dropped.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from .._frames import stable_hash
from ..corpus import load_corpus
from ..schema import STATEMENT_COLUMNS, UNKNOWN_PARTY, require_columns
from .attribution import Document, Speaker, attribute, names_something
from .mentions import Actors, load_actors, plausible_speaker
from .quotes import Quote

__all__ = [
    "Statement",
    "corpus_speakers",
    "extract_corpus",
    "extract_statements",
    "speaker_counts",
    "unknown_speakers",
]


_MAX_SCARE_WORDS = 3


@dataclass(frozen=True)
class Statement:
    """One quoted statement: the record type behind a row of the statements frame."""

    statement_id: str
    article_id: str
    published: pd.Timestamp
    speaker: str | None
    party: str
    text: str
    cue: str
    start: int
    end: int
    attribution: str
    target: str | None = None
    context: str = ""

    @staticmethod
    def to_frame(statements: Sequence[Statement]) -> pd.DataFrame:
        """The statements frame, with the column order and dtypes of the contract."""
        frame = pd.DataFrame(
            {c: [getattr(s, c) for s in statements] for c in STATEMENT_COLUMNS},
            columns=list(STATEMENT_COLUMNS),
        )
        frame["published"] = pd.to_datetime(frame["published"], utc=True)
        for column in (
            "statement_id",
            "article_id",
            "speaker",
            "party",
            "text",
            "cue",
            "attribution",
            "target",
            "context",
        ):
            frame[column] = frame[column].astype("string")
        for column in ("start", "end"):
            frame[column] = frame[column].astype("int64")
        return frame


@lru_cache(maxsize=1)
def _default_actors() -> Actors:
    return load_actors()


def _as_actors(actors: Actors | str | os.PathLike[str] | Iterable[str] | None) -> Actors:
    if actors is None:
        return _default_actors()
    if isinstance(actors, Actors):
        return actors
    if isinstance(actors, (str, os.PathLike)):
        return load_actors(actors)
    return load_actors(*actors)


def extract_statements(
    articles: pd.DataFrame,
    actors: Actors | str | os.PathLike[str] | Iterable[str] | None = None,
) -> pd.DataFrame:
    """Quoted statements of every article, with speaker and party.

    Reads ``article_id``, ``published`` and ``text`` from `articles`; returns the statements frame
    (columns in the module docstring), in article order and then text order. `actors` is an
    `Actors` dictionary, or the path(s) of YAML files extending the default one; None uses the
    default dictionary shipped with the package.
    """
    require_columns(articles, ("article_id", "published", "text"), stage="extract_statements")
    index = _as_actors(actors)
    statements: list[Statement] = []
    for article_id, published, text in zip(
        articles["article_id"], articles["published"], articles["text"], strict=True
    ):
        when = pd.Timestamp(published).date() if not pd.isna(published) else None
        statements.extend(_extract_one(str(article_id), published, str(text), when, index))
    return Statement.to_frame(statements)


def _extract_one(
    article_id: str, published: pd.Timestamp, text: str, when: dt.date | None, actors: Actors
) -> list[Statement]:
    doc = Document(text, when, actors)
    out: list[Statement] = []
    previous: Quote | None = None
    previous_speaker: Speaker | None = None
    for quote in doc.quotes:
        if names_something(doc, quote):
            continue  # a name in quotation marks: the daily “Dorn Evening”
        speaker, cue = attribute(doc, quote, previous, previous_speaker)
        words = " ".join(text[s:e].strip() for s, e in quote.segments)
        if speaker.name is None and not cue and len(words.split()) <= _MAX_SCARE_WORDS:
            continue  # a scare quote or a title, not a statement
        if speaker.name:
            doc.spoken.append((quote.open, speaker))
        out.append(
            Statement(
                statement_id=stable_hash(article_id, quote.start, quote.end),
                article_id=article_id,
                published=published,
                speaker=speaker.name,
                party=speaker.party if speaker.name else UNKNOWN_PARTY,
                text=words,
                cue=cue,
                start=quote.start,
                end=quote.end,
                attribution=speaker.how,
                target=_target(doc, quote, words, speaker.party if speaker.name else None),
                context=doc.context_of(quote, words),
            )
        )
        previous, previous_speaker = quote, speaker
    return out


def _target(doc: Document, quote: Quote, words: str, party: str | None) -> str | None:
    """The party a statement is about: the other party its words name most often (first named
    wins a tie); None when it names no party but the speaker's own."""
    if words.isupper():  # an all-caps post: "EUROPE CONTINUES TO BUY OIL FROM RUSSIA"
        mentions = doc.actors.find(words.title(), doc.when)
    else:
        mentions = [m for start, end in quote.segments for m in doc.quoted_in(start, end)]
    counts: dict[str, int] = {}
    for mention in mentions:
        if mention.party not in (party, UNKNOWN_PARTY) and mention.how != "unknown":
            counts[mention.party] = counts.get(mention.party, 0) + 1
    return max(counts, key=lambda p: counts[p]) if counts else None


def speaker_counts(statements: pd.DataFrame) -> pd.DataFrame:
    """Speakers with their party, how they were found and their number of statements.

    Speakers of party ``Unknown`` come first (most frequent first), then known ones; statements
    without a speaker are counted on a row of their own (speaker ``(none)``).
    """
    require_columns(statements, ("speaker", "party", "attribution"), stage="speaker_counts")
    frame = statements.assign(speaker=statements["speaker"].fillna("(none)"))
    counts = (
        frame.groupby(["speaker", "party"], dropna=False)
        .agg(statements=("speaker", "size"), found_by=("attribution", _how_summary))
        .reset_index()
    )
    counts["unknown"] = counts["party"].eq(UNKNOWN_PARTY) & counts["speaker"].ne("(none)")
    counts = counts.sort_values(
        ["unknown", "statements", "speaker"], ascending=[False, False, True], kind="stable"
    )
    return counts.drop(columns="unknown").reset_index(drop=True)


def unknown_speakers(statements: pd.DataFrame) -> list[str]:
    """The speakers of party ``Unknown`` that can be added to an actor dictionary, sorted: names
    given at least one statement that pass `plausible_speaker` (a person, an institution, a
    government or a document; not a link, a medium, a venue or a party label, which extraction
    keeps out of speakers but a statements file written by an older version may still hold)."""
    require_columns(statements, ("speaker", "party"), stage="unknown_speakers")
    names = statements.loc[statements["party"].eq(UNKNOWN_PARTY), "speaker"].dropna()
    return sorted(name for name in set(names) if plausible_speaker(str(name)))


def _how_summary(values: pd.Series) -> str:
    return ", ".join(f"{k} {v}" for k, v in values.value_counts().items())


def extract_corpus(
    corpus: str | os.PathLike[str],
    actors: Actors | str | os.PathLike[str] | Iterable[str] | None = None,
) -> pd.DataFrame:
    """The statements of a corpus file or directory (`stance.corpus.load_corpus`, then
    `extract_statements`); rejected records are logged as warnings, as `load_corpus` does."""
    return extract_statements(load_corpus(corpus), actors)


def corpus_speakers(
    corpus: str | os.PathLike[str],
    actors: Actors | str | os.PathLike[str] | Iterable[str] | None = None,
) -> pd.DataFrame:
    """`speaker_counts` of a corpus's statements: the speakers the actor dictionary does not
    know first, to be added to a YAML file."""
    return speaker_counts(extract_corpus(corpus, actors))
