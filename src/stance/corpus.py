"""Read a corpus of dated articles into the articles frame.

Columns of the frame that `load_corpus` returns (see DESIGN.md):

========== ==========================================================================
article_id stable hash of the record's ``id``, else its ``url``, else its date and text
published  tz-aware UTC timestamp
source     outlet name ("" when unknown; the URL's host when only a URL is given)
url        "" when unknown
title      "" when unknown
text       the article body; statement offsets index into this string
========== ==========================================================================

Formats, chosen by file extension:

- ``.jsonl``: one JSON object per line with ``text`` and ``published``; ``id``, ``url``,
  ``source`` and ``title`` are optional.
- ``.csv`` and ``.parquet``: the same fields as columns.
- ``.txt`` and ``.md``: one article per file. Its metadata comes from, in this order, YAML front
  matter (a block between two ``---`` lines at the top), a sidecar ``<stem>.meta.yaml``
  (or ``.meta.yml`` / ``.meta.json``) beside the file, or a ``manifest.csv`` in the same directory
  with a ``file`` column and the fields above. ``published`` is required. Without a ``title`` the
  first line is the title when it is short and followed by more text (a Markdown ``#`` heading
  is unwrapped).

A directory is read recursively in sorted order; hidden files are skipped, and sidecars and
manifests are read as metadata, not as articles. A date without a time zone is taken as UTC.

Bad records do not stop the load. Each one (a broken JSON line, an unparseable or missing date,
an empty text, undecodable bytes, a duplicate article, a file of an unsupported type) becomes a
`Reject` naming the file, the record and the reason; `read_corpus` returns them beside the
articles, and `load_corpus` keeps them in ``articles.attrs["rejects"]`` and logs each one.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pandas as pd
import yaml

from ._frames import as_utc, replaced_atomically, stable_hash, without_controls
from .errors import CorpusError
from .schema import ARTICLE_COLUMNS

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Article",
    "Corpus",
    "Reject",
    "load_corpus",
    "read_corpus",
    "rejects_frame",
    "write_rejects",
]

log = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = (".jsonl", ".csv", ".parquet", ".txt", ".md")
MANIFEST_NAME = "manifest.csv"
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")
_OPTIONAL_FIELDS = ("id", "url", "source", "title")
_MAX_TITLE_CHARS = 300


@dataclass(frozen=True)
class Article:
    """One article of the corpus: the record type behind a row of the articles frame."""

    article_id: str
    published: pd.Timestamp
    source: str
    url: str
    title: str
    text: str

    @staticmethod
    def to_frame(articles: list[Article]) -> pd.DataFrame:
        """The articles frame for `articles`, with the column order and dtypes of the contract."""
        frame = pd.DataFrame([asdict(a) for a in articles], columns=list(ARTICLE_COLUMNS))
        frame["published"] = pd.to_datetime(frame["published"], utc=True)
        for column in ("article_id", "source", "url", "title", "text"):
            frame[column] = frame[column].astype("string")
        return frame


@dataclass(frozen=True)
class Reject:
    """A record that could not be loaded: which file, which record, and why."""

    file: str
    record: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.reason}"


@dataclass(frozen=True)
class Corpus:
    """What `read_corpus` found: the articles frame and the rejected records."""

    articles: pd.DataFrame
    rejects: list[Reject] = field(default_factory=list)


def read_corpus(path: str | os.PathLike[str], *, strict: bool = False) -> Corpus:
    """Read a corpus file or directory into articles and rejects.

    With ``strict=True`` the first bad record raises `CorpusError` instead of being rejected.
    Raises `CorpusError` if `path` does not exist or holds no file of a supported type.
    """
    root = Path(path)
    if not root.exists():
        raise CorpusError(f"{root}: no such file or directory")
    files = _corpus_files(root)
    if not files:
        raise CorpusError(
            f"{root}: no corpus files found; supported types: {', '.join(SUPPORTED_SUFFIXES)}"
        )
    articles: list[Article] = []
    rejects: list[Reject] = []
    seen: dict[str, str] = {}
    for file in files:
        for item in _read_file(file):
            if isinstance(item, Reject):
                _reject(item, rejects, strict)
                continue
            article, where = item
            first = seen.get(article.article_id)
            if first is not None:
                _reject(
                    Reject(str(file), where, f"duplicate of the article at {first}"),
                    rejects,
                    strict,
                )
                continue
            seen[article.article_id] = f"{file}: {where}"
            articles.append(article)
    frame = Article.to_frame(articles)
    frame = frame.sort_values(["published", "article_id"], kind="stable").reset_index(drop=True)
    return Corpus(frame, rejects)


def load_corpus(path: str | os.PathLike[str], *, strict: bool = False) -> pd.DataFrame:
    """Load a corpus file or directory as the articles frame (columns in the module docstring).

    Rejected records are logged as warnings and kept, as `Reject` records, in
    ``frame.attrs["rejects"]``; `rejects_frame` turns them into a table.

    >>> articles = load_corpus("seeds/")          # doctest: +SKIP
    >>> articles[["published", "title"]]          # doctest: +SKIP
    """
    corpus = read_corpus(path, strict=strict)
    for reject in corpus.rejects:
        log.warning("rejected %s", reject)
    frame = corpus.articles
    frame.attrs["rejects"] = list(corpus.rejects)
    return frame


def rejects_frame(rejects: list[Reject] | pd.DataFrame) -> pd.DataFrame:
    """A table of rejects with columns ``file``, ``record``, ``reason``.

    Accepts a list of `Reject` or an articles frame loaded by `load_corpus`.
    """
    if isinstance(rejects, pd.DataFrame):
        rejects = list(rejects.attrs.get("rejects", []))
    return pd.DataFrame([asdict(r) for r in rejects], columns=["file", "record", "reason"])


def write_rejects(rejects: list[Reject] | pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write rejects as CSV (header only when there are none) and return the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    with replaced_atomically(out) as temporary:
        rejects_frame(rejects).to_csv(temporary, index=False)
    return out


# --------------------------------------------------------------------------------------------
# Reading files


def _reject(reject: Reject, rejects: list[Reject], strict: bool) -> None:
    if strict:
        raise CorpusError(str(reject))
    rejects.append(reject)


def _is_metadata_file(file: Path) -> bool:
    return file.name == MANIFEST_NAME or file.name.endswith(SIDECAR_SUFFIXES)


def _corpus_files(root: Path) -> list[Path]:
    if root.is_file():
        return [root]
    files = []
    for file in sorted(root.rglob("*")):
        rel = file.relative_to(root)
        if any(part.startswith(".") for part in rel.parts) or not file.is_file():
            continue
        if _is_metadata_file(file):
            continue
        files.append(file)
    return files


_Item = tuple[Article, str] | Reject


def _read_file(file: Path) -> Iterator[_Item]:
    suffix = file.suffix.lower()
    try:
        if suffix == ".jsonl":
            yield from _read_jsonl(file)
        elif suffix == ".csv":
            yield from _read_csv(file)
        elif suffix == ".parquet":
            yield from _read_parquet(file)
        elif suffix in (".txt", ".md"):
            yield _read_text_file(file)
        else:
            yield Reject(
                str(file),
                "(file)",
                f"unsupported file type {suffix or '(none)'!r}; "
                f"supported: {', '.join(SUPPORTED_SUFFIXES)}",
            )
    except OSError as exc:
        yield Reject(str(file), "(file)", f"cannot read: {exc.strerror or exc}")


def _read_jsonl(file: Path) -> Iterator[_Item]:
    records = 0
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            where = f"line {number}"
            try:
                line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Reject(str(file), where, f"not valid UTF-8 at byte {exc.start}")
                records += 1
                continue
            if not line.strip():
                continue
            records += 1
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Reject(str(file), where, f"broken JSON: {exc.msg} at column {exc.colno}")
                continue
            if not isinstance(record, dict):
                yield Reject(str(file), where, "expected a JSON object")
                continue
            yield _make_article(record, str(file), where)
    if records == 0:
        yield Reject(str(file), "(file)", "empty file")  # as an empty CSV file is


# The longest field a CSV row may hold (an article's text): longer ones reject their row only.
MAX_FIELD_CHARS = 16 * 1024 * 1024


def _csv_reason(exc: csv.Error) -> str:
    """The reason for a CSV row that cannot be parsed, in the user's terms."""
    if "field larger than field limit" in str(exc):
        return f"a field longer than {MAX_FIELD_CHARS:,} characters"
    return str(exc)


def _read_csv(file: Path) -> Iterator[_Item]:
    """The rows of a CSV file; a row with the wrong number of fields is a reject of its own,
    not of the whole file."""
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield Reject(str(file), "(file)", f"not valid UTF-8 at byte {exc.start}")
        return
    if csv.field_size_limit() < MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
        if header is None:
            yield Reject(str(file), "(file)", "empty file")
            return
        missing = [c for c in ("text", "published") if c not in header]
        if missing:
            yield Reject(
                str(file),
                "(file)",
                f"missing column(s) {', '.join(missing)}; found: {', '.join(header)}",
            )
            return
        start = 2  # line numbers: the header is line 1
        while True:
            # one bad row is a reject of its own: the reader goes on after it
            problem: csv.Error | None = None
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                problem = exc
            end = reader.line_num
            where = f"line {start}" if end == start else f"lines {start}-{end}"
            start = end + 1
            if problem is not None:
                yield Reject(str(file), where, f"cannot parse: {_csv_reason(problem)}")
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield Reject(
                    str(file), where, f"{len(row)} fields where the header has {len(header)}"
                )
                continue
            yield _make_article(dict(zip(header, row, strict=True)), str(file), where)
    except csv.Error as exc:
        yield Reject(str(file), f"line {reader.line_num}", f"cannot parse: {exc}")


def _read_parquet(file: Path) -> Iterator[_Item]:
    try:
        table = pd.read_parquet(file)
    except (ValueError, OSError) as exc:
        yield Reject(str(file), "(file)", f"cannot parse: {exc}")
        return
    missing = [c for c in ("text", "published") if c not in table.columns]
    if missing:
        found = ", ".join(map(str, table.columns))
        yield Reject(str(file), "(file)", f"missing column(s) {', '.join(missing)}; found: {found}")
        return
    for offset, record in enumerate(table.to_dict(orient="records"), start=1):
        yield _make_article(record, str(file), f"row {offset}")


def _read_text_file(file: Path) -> _Item:
    raw = file.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return Reject(str(file), "(file)", f"not valid UTF-8 at byte {exc.start}")
    content = content.replace("\r\n", "\n").replace("\r", "\n")
    try:
        front, body = _split_front_matter(content)
        meta = {**_manifest_entry(file), **_sidecar(file), **front}
    except (yaml.YAMLError, json.JSONDecodeError, csv.Error, ValueError) as exc:
        return Reject(str(file), "(file)", f"bad metadata: {exc}")
    if "published" not in meta:
        return Reject(
            str(file),
            "(file)",
            "no publication date: give `published` in front matter, in a "
            f"{file.stem}.meta.yaml sidecar or in {MANIFEST_NAME}",
        )
    if not meta.get("title"):
        title, body = _title_from_body(body, markdown=file.suffix.lower() == ".md")
        meta["title"] = title
    return _make_article({**meta, "text": body}, str(file), "(file)")


def _split_front_matter(content: str) -> tuple[dict[str, Any], str]:
    if not content.startswith("---\n"):
        return {}, content
    end = content.find("\n---", 4)
    if end < 0:
        raise ValueError("front matter opened with --- but never closed")
    meta = yaml.safe_load(content[4:end]) or {}
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    rest = content[end + 4 :]
    return meta, rest.split("\n", 1)[1] if "\n" in rest else ""


def _sidecar(file: Path) -> dict[str, Any]:
    for suffix in SIDECAR_SUFFIXES:
        sidecar = file.with_name(file.stem + suffix)
        if sidecar.is_file():
            text = sidecar.read_text(encoding="utf-8")
            meta = json.loads(text) if suffix.endswith("json") else yaml.safe_load(text)
            if not isinstance(meta, dict):
                raise ValueError(f"{sidecar.name} is not a mapping")
            return meta
    return {}


def _manifest_entry(file: Path) -> dict[str, Any]:
    manifest = file.parent / MANIFEST_NAME
    if not manifest.is_file():
        return {}
    stat = manifest.stat()
    return dict(_manifest_table(str(manifest), stat.st_mtime_ns, stat.st_size).get(file.name, {}))


@lru_cache(maxsize=32)
def _manifest_table(path: str, mtime_ns: int, size: int) -> dict[str, dict[str, Any]]:
    """A folder's manifest as {file name: its fields}, read once per version of the file (its
    modification time and size are part of the key), not once per article."""
    table: dict[str, dict[str, Any]] = {}
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            name = row.get("file")
            if name and name not in table:  # the first row for a file wins
                table[name] = {k: v for k, v in row.items() if k != "file" and v not in (None, "")}
    return table


def _title_from_body(body: str, *, markdown: bool) -> tuple[str, str]:
    stripped = body.lstrip("\n")
    first, _, rest = stripped.partition("\n")
    candidate = first.strip()
    if markdown and candidate.startswith("#"):
        candidate = candidate.lstrip("#").strip()
    elif markdown:
        return "", body
    # A headline: short, followed by more text, not ending like a sentence and quoting no one
    # with double marks (a lede such as “We are hopeful,” the minister said. stays in the text).
    headline = (
        candidate
        and rest.strip()
        and len(candidate) <= _MAX_TITLE_CHARS
        and candidate[-1] not in '.!?:;,”"»'
        and not any(mark in candidate for mark in '“”"«»„')
    )
    if headline:
        return candidate, rest
    return "", body


def _make_article(record: Mapping[str, Any], file: str, where: str) -> _Item:
    text = record.get("text")
    if isinstance(text, str):
        text = without_controls(text)  # a NUL is never part of an article
    if not isinstance(text, str) or not text.strip():
        return Reject(file, where, "empty or missing `text`")
    published, problem = _parse_published(record.get("published"))
    if problem:
        return Reject(file, where, problem)
    fields = {k: _clean(record.get(k)) for k in _OPTIONAL_FIELDS}
    source = fields["source"] or (urlparse(fields["url"]).hostname or "")
    if fields["id"]:
        key = stable_hash("id", fields["id"])
    elif fields["url"]:
        key = stable_hash("url", fields["url"])
    else:
        key = stable_hash("text", published.isoformat(), text)
    return (
        Article(key, published, source, fields["url"], fields["title"], text),
        where,
    )


def _clean(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return without_controls(str(value)).strip()


# The plausible range of an article's date: from 1900 to two days from now (time zones, and
# pieces published ahead of their dateline)
EARLIEST_YEAR = 1900
FUTURE_TOLERANCE = pd.Timedelta(days=2)


def _parse_published(value: Any) -> tuple[pd.Timestamp, str]:
    if value is None or (isinstance(value, str) and not value.strip()):
        return pd.Timestamp(0, tz="UTC"), "empty or missing `published` date"
    if isinstance(value, (bool, int, float)):
        return pd.Timestamp(0, tz="UTC"), (
            f"`published` is the number {value!r}; give a date such as 2025-11-23 or an ISO "
            "timestamp"
        )
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return pd.Timestamp(0, tz="UTC"), f"unparseable `published` date {value!r}"
    if pd.isna(stamp):
        return pd.Timestamp(0, tz="UTC"), f"unparseable `published` date {value!r}"
    stamp = as_utc(stamp)
    if stamp.year < EARLIEST_YEAR:
        return pd.Timestamp(0, tz="UTC"), f"`published` date {value!r} is before {EARLIEST_YEAR}"
    if stamp > pd.Timestamp.now(tz="UTC") + FUTURE_TOLERANCE:
        # (a date after tomorrow is a typo or a placeholder, and would name the archive after it)
        return pd.Timestamp(0, tz="UTC"), f"`published` date {value!r} is in the future"
    return stamp, ""
