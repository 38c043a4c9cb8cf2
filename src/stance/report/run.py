"""`run_report`, what ``stance report`` calls, as four named steps in papermill's manner:

1. `check_parameters`: every parameter is checked once, before anything is read or written
   (period, window, smoothing, minimum count, events file, notebook);
2. `compute`: read the corpus, keep the window, extract and score the statements, and write
   what the notebook reads (statements, articles, rejects);
3. `render`: execute the report notebook in a fresh kernel and convert it to HTML;
4. `archive`: record what the report covers and rewrite the folder's ``index.html``.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .._frames import display_text, published_between, replaced_atomically, utc_date
from ..corpus import read_corpus, write_rejects
from ..errors import CorpusError, ReportError
from ..extract import Actors, extract_statements
from ..models import Scorer, get_scorer
from ..plot import load_events
from ..schema import MIN_N
from ..score import score_statements
from ..series import check_freq
from .archive import ReportPaths, report_paths, slugify, write_index, write_meta
from .fragments import describe_model
from .notebook import CELL_TIMEOUT, default_notebook, execute_notebook, notebook_to_html

__all__ = [
    "Report",
    "ReportRequest",
    "archive",
    "check_parameters",
    "compute",
    "render",
    "run_report",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportRequest:
    """The parameters of a report, checked (see `check_parameters`)."""

    corpus: Path
    corpus_label: str  # the corpus as the user named it, for the report's summary
    out_dir: Path
    freq: str
    title: str | None
    name: str | None
    since: str | None
    until: str | None
    events: pd.DataFrame | None
    smooth: int
    min_n: int
    notebook: Path
    cell_timeout: float | None


@dataclass(frozen=True)
class Report:
    """What `compute` made: the report's name and files, and the frames the notebook reads."""

    request: ReportRequest
    name: str
    title: str
    date: pd.Timestamp
    paths: ReportPaths
    articles: pd.DataFrame
    scored: pd.DataFrame
    rejected: int
    scorer: Scorer


def run_report(
    corpus: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    freq: str = "W",
    model: str | os.PathLike[str] | Scorer = "default",
    actors: Actors | str | os.PathLike[str] | Iterable[str] | None = None,
    title: str | None = None,
    name: str | None = None,
    since: str | None = None,
    until: str | None = None,
    events: str | os.PathLike[str] | None = None,
    smooth: int = 0,
    cache: str | os.PathLike[str] | None = None,
    notebook: str | os.PathLike[str] | None = None,
    min_n: int = MIN_N,
    progress: bool | None = None,
    kernel_name: str | None = None,
    cell_timeout: float | None = CELL_TIMEOUT,
) -> Path:
    """Load, extract, score, then execute the report notebook; return the HTML report's path.

    The report covers articles published from `since` to `until` (inclusive dates; default: all).
    Its files are named ``<date>_<slug>`` in `out_dir`, where the date is `until` or else the
    latest article's date and the slug comes from `title` (else the corpus name); `name` replaces
    that whole name. Running the same report again replaces its files, and ``index.html`` in
    `out_dir` lists every report there. `events` is a CSV of dates and labels drawn on the time
    figures; `smooth` > 1 adds an n-weighted rolling mean over that many periods. `cache` is the
    score cache file. Raises `CorpusError` when no article could be loaded (or none is in the
    window) and `ReportError` for a bad parameter, or when a notebook cell fails or runs longer
    than `cell_timeout` seconds (None: no limit), so that a scheduled run never waits for ever;
    the executed notebook is kept and named in the message.
    """
    began = time.perf_counter()
    request = check_parameters(
        corpus,
        out_dir,
        freq=freq,
        title=title,
        name=name,
        since=since,
        until=until,
        events=events,
        smooth=smooth,
        min_n=min_n,
        notebook=notebook,
        cell_timeout=cell_timeout,
    )
    report = compute(request, model=model, actors=actors, cache=cache, progress=progress)
    render(report, kernel_name=kernel_name)
    archive(report)
    log.info("report written to %s in %.1f s", report.paths.html, time.perf_counter() - began)
    return report.paths.html


# The longest report title, in characters (a longer one is cut at a word, with "…")
TITLE_LIMIT = 200


def check_parameters(
    corpus: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    freq: str,
    title: str | None,
    name: str | None,
    since: str | None,
    until: str | None,
    events: str | os.PathLike[str] | None,
    smooth: int,
    min_n: int,
    notebook: str | os.PathLike[str] | None,
    cell_timeout: float | None,
) -> ReportRequest:
    """Check every parameter once, before the corpus is read; raise `ReportError` (or
    `StanceError` for a bad period, date or events file) naming the one that is wrong."""
    check_freq(freq)
    start, end = (utc_date(value) if value is not None else None for value in (since, until))
    if start is not None and end is not None and start > end:
        raise ReportError(f"the window starts ({since}) after it ends ({until})")
    if smooth < 0 or smooth == 1:
        raise ReportError(
            f"smoothing must be 0 (none) or a number of periods of 2 or more, got {smooth}"
        )
    if min_n < 1:
        raise ReportError(
            f"the minimum number of statements per period must be 1 or more, got {min_n}"
        )
    if name is not None and (
        not name.strip()
        or name in (".", "..")
        or any(sep in name for sep in ("/", "\\", "\0"))
        or Path(name).is_absolute()
    ):
        # the report's files are <out>/<name>.html and beside it: a name is a file name
        raise ReportError(
            f"a report name is a file name, without folders: {name!r} would write outside "
            "the output folder"
        )
    if cell_timeout is not None and cell_timeout <= 0:
        raise ReportError(
            f"the cell timeout must be a positive number of seconds, got {cell_timeout}"
        )
    if title is not None:
        # a title is a heading: no control characters, and not a page long
        title = display_text(title, TITLE_LIMIT) or None
    source = Path(notebook) if notebook else default_notebook()
    if not source.is_file():
        raise ReportError(f"{source}: report notebook not found")
    return ReportRequest(
        corpus=Path(corpus),
        corpus_label=str(corpus),
        out_dir=Path(out_dir),
        freq=freq,
        title=title,
        name=name,
        since=since,
        until=until,
        events=load_events(events) if events is not None else None,
        smooth=smooth,
        min_n=min_n,
        notebook=source,
        cell_timeout=cell_timeout,
    )


def compute(
    request: ReportRequest,
    *,
    model: str | os.PathLike[str] | Scorer = "default",
    actors: Actors | str | os.PathLike[str] | Iterable[str] | None = None,
    cache: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> Report:
    """Read the corpus and keep the window, load the model (an unknown or broken model fails
    before anything is written), extract and score the statements, and write the files the
    notebook reads. Every rejected record is logged and written to the rejects file."""
    loaded = read_corpus(request.corpus)
    for reject in loaded.rejects:
        log.warning("rejected %s", reject)
    if loaded.articles.empty:
        raise CorpusError(
            f"{request.corpus}: no article could be loaded ({len(loaded.rejects)} rejected: "
            + "; ".join(str(r) for r in loaded.rejects[:3])
            + ("; …" if len(loaded.rejects) > 3 else "")
            + ")"
        )
    window = published_between(loaded.articles, request.since, request.until)
    articles = loaded.articles[window].copy()
    if articles.empty:
        raise CorpusError(
            f"{request.corpus}: none of its {len(loaded.articles)} articles falls between "
            f"{request.since or 'the start'} and {request.until or 'the end'}"
        )
    scorer = get_scorer(model)
    label = request.corpus.resolve().name or str(request.corpus)
    date = pd.Timestamp(request.until) if request.until else articles["published"].max()
    title = request.title or f"Tone of quoted statements: {label}"
    slug = slugify(title if not title.startswith("Tone of quoted") else label)
    name = request.name or f"{date:%Y-%m-%d}_{slug}"
    paths = report_paths(request.out_dir, name)
    paths.html.parent.mkdir(parents=True, exist_ok=True)

    statements = extract_statements(articles, actors)
    scored = score_statements(statements, scorer, cache=cache, progress=progress)
    for frame, path in ((scored, paths.statements), (articles, paths.articles)):
        with replaced_atomically(path) as temporary:
            frame.to_parquet(temporary, index=False)
    write_rejects(loaded.rejects, paths.rejects)
    log.info(
        "%d articles, %d statements, %d rejected", len(articles), len(scored), len(loaded.rejects)
    )
    return Report(request, name, title, date, paths, articles, scored, len(loaded.rejects), scorer)


def render(report: Report, *, kernel_name: str | None = None) -> Path:
    """Execute the report notebook on what `compute` wrote, and convert it to HTML."""
    request, paths = report.request, report.paths
    events = request.events
    parameters = {
        "statements_path": str(paths.statements.resolve()),
        "articles_path": str(paths.articles.resolve()),
        "rejects_path": str(paths.rejects.resolve()),
        "title": report.title,
        "corpus_label": request.corpus_label,
        "model_label": describe_model(report.scorer),
        "freq": request.freq,
        "min_n": int(request.min_n),
        # the events as read once by `check_parameters`: [ISO date, label] pairs
        "events": []
        if events is None
        else [
            [date.isoformat(), str(label)]
            for date, label in zip(events["date"], events["label"], strict=True)
        ],
        "smooth": int(request.smooth),
    }
    execute_notebook(
        request.notebook,
        paths.notebook,
        parameters,
        kernel_name=kernel_name,
        cell_timeout=request.cell_timeout,
    )
    return notebook_to_html(paths.notebook, paths.html, title=report.title)


def archive(report: Report) -> None:
    """Record what the report covers beside it, and list it in the folder's ``index.html``."""
    request, articles = report.request, report.articles
    write_meta(
        report.paths,
        {
            "name": report.name,
            "title": report.title,
            "date": f"{report.date:%Y-%m-%d}",
            "window": [
                request.since or f"{articles['published'].min():%Y-%m-%d}",
                request.until or f"{articles['published'].max():%Y-%m-%d}",
            ],
            "corpus": request.corpus_label,
            "articles": len(articles),
            "statements": len(report.scored),
            "rejected": report.rejected,
            "model": report.scorer.key,
            "generated": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
        },
    )
    write_index(report.paths.html.parent)
