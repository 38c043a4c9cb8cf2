"""Reports: run the whole pipeline, execute the report notebook with papermill, write HTML.

`run_report` is what ``stance report`` calls. In `out_dir` it writes, for a report called NAME:

- ``NAME.html``: the report, without code, figures inline;
- ``NAME.ipynb``: the executed notebook (kept when a cell fails, to read the error);
- ``NAME.statements.parquet``: the scored statements behind every number in the report;
- ``NAME.articles.parquet``: the articles that were read;
- ``NAME.rejects.csv``: every record that could not be loaded, with file, record and reason;
- ``NAME.report.json``: what the report covers (window, counts, model), read by ``index.html``,
  which lists every report in the directory.

NAME is ``<date>_<slug>`` (see `run_report`), so reports are archived by date.

The HTML helpers below (`summary_html`, `statements_html`) are what the notebook displays; every
piece of article text and every user-given string is HTML-escaped.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

import pandas as pd

from ._frames import require_columns
from .corpus import read_corpus, rejects_frame, write_rejects
from .errors import CorpusError, ReportError
from .extract import Actors, extract_statements
from .models import Scorer, get_scorer, other_evaluations
from .plot import load_events
from .score import score_statements
from .series import filter_statements, period_start

__all__ = [
    "ReportPaths",
    "default_notebook",
    "describe_model",
    "quotes_behind_html",
    "report_paths",
    "run_report",
    "series_html",
    "slugify",
    "statements_html",
    "summary_html",
    "write_index",
]

# seconds a report notebook cell may run before the report fails (a stalled kernel must not
# hold a scheduled run for ever); `stance report --cell-timeout` changes it
CELL_TIMEOUT = 3600.0

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportPaths:
    """Where the files of one report go."""

    html: Path
    notebook: Path
    statements: Path
    articles: Path
    rejects: Path
    meta: Path


def slugify(text: str) -> str:
    """A file-name-safe version of `text`: lower case, words joined by hyphens."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:80] or "report"


def report_paths(out_dir: str | os.PathLike[str], name: str) -> ReportPaths:
    out = Path(out_dir)
    return ReportPaths(
        html=out / f"{name}.html",
        notebook=out / f"{name}.ipynb",
        statements=out / f"{name}.statements.parquet",
        articles=out / f"{name}.articles.parquet",
        rejects=out / f"{name}.rejects.csv",
        meta=out / f"{name}.report.json",
    )


def default_notebook() -> Path:
    """The report notebook shipped with the package (``notebooks/report.ipynb`` in the repo)."""
    return Path(str(resources.files("stance.notebooks") / "report.ipynb"))


def describe_model(scorer: Scorer) -> str:
    """One line naming a scorer and, where its model card has them, its held-out figures."""
    config: dict[str, Any] | None = getattr(scorer, "config", None)
    if config:
        heldout = config.get("heldout") or {}
        training = config.get("training") or {}
        tuned = ", fine-tuned" if config.get("encoder_weights") else ""
        if config.get("adapter"):
            tuned = ", fine-tuned with a low-rank adapter"
        parts = [f"{scorer.key} (encoder {config.get('encoder')}{tuned}, linear head"]
        if training.get("date"):
            parts.append(f", trained {training['date']}")
        parts.append(")")
        if heldout:
            parts.append(
                f"; held-out macro-F1 {heldout['macro_f1']:.2f}, accuracy "
                f"{heldout['accuracy']:.2f} on {heldout['n']} written statements"
            )
        for other in other_evaluations(config):
            # labelled data measured for the model card: for the default model, real news quotes
            # and the wire copy's held-out half (a training file's held-out rows are given above)
            measured = other["model"]
            interval = measured.get("macro_f1_95")
            parts.append(
                f"; macro-F1 {measured['macro_f1']:.2f}"
                + (f" (95% interval {interval[0]:.2f}–{interval[1]:.2f})" if interval else "")
                + f" on {measured['n']} other labelled statements ({Path(other['data']).name})"
            )
        return "".join(parts)
    if scorer.key.startswith("vader"):
        return f"{scorer.key} (VADER lexicon baseline)"
    return scorer.key


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
    min_n: int = 3,
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
    window) and `ReportError` when a notebook cell fails or runs longer than `cell_timeout`
    seconds (None: no limit), so that a scheduled run never waits for ever; the executed notebook
    is kept and named in the message.
    """
    began = time.perf_counter()
    corpus_path = Path(corpus)
    loaded = read_corpus(corpus_path)
    for reject in loaded.rejects:
        log.warning("rejected %s", reject)
    if loaded.articles.empty:
        raise CorpusError(
            f"{corpus_path}: no article could be loaded ({len(loaded.rejects)} rejected: "
            + "; ".join(str(r) for r in loaded.rejects[:3])
            + ("; …" if len(loaded.rejects) > 3 else "")
            + ")"
        )
    articles = filter_statements(loaded.articles, since=since, until=until)
    if articles.empty:
        raise CorpusError(
            f"{corpus_path}: none of its {len(loaded.articles)} articles falls between "
            f"{since or 'the start'} and {until or 'the end'}"
        )
    # Fail early, before scoring, on a bad period, smoothing or events file.
    period_start(articles["published"].head(1), freq)
    if smooth < 0:
        raise ReportError(f"smoothing must be 0 (none) or a number of periods, got {smooth}")
    if events is not None:
        load_events(events)
    scorer = get_scorer(model)  # an unknown or broken model fails before anything is written
    label = corpus_path.resolve().name or str(corpus_path)
    date = pd.Timestamp(until).date() if until else articles["published"].max().date()
    title = title or f"Tone of quoted statements: {label}"
    slug = slugify(title if not title.startswith("Tone of quoted") else label)
    name = name or f"{date:%Y-%m-%d}_{slug}"
    paths = report_paths(out_dir, name)
    paths.html.parent.mkdir(parents=True, exist_ok=True)

    statements = extract_statements(articles, actors)
    scored = score_statements(statements, scorer, cache=cache, progress=progress)
    scored.to_parquet(paths.statements, index=False)
    articles.to_parquet(paths.articles, index=False)
    write_rejects(loaded.rejects, paths.rejects)
    log.info(
        "%d articles, %d statements, %d rejected",
        len(articles),
        len(scored),
        len(loaded.rejects),
    )
    window = [
        since or f"{articles['published'].min():%Y-%m-%d}",
        until or f"{articles['published'].max():%Y-%m-%d}",
    ]
    parameters = {
        "statements_path": str(paths.statements.resolve()),
        "articles_path": str(paths.articles.resolve()),
        "rejects_path": str(paths.rejects.resolve()),
        "title": title,
        "corpus_label": str(corpus),
        "model_label": describe_model(scorer),
        "freq": freq,
        "min_n": int(min_n),
        "events_path": str(Path(events).resolve()) if events else "",
        "smooth": int(smooth),
    }
    execute_notebook(
        notebook or default_notebook(),
        paths.notebook,
        parameters,
        kernel_name=kernel_name,
        cell_timeout=cell_timeout,
    )
    notebook_to_html(paths.notebook, paths.html, title=title)
    meta = {
        "name": name,
        "title": title,
        "date": f"{date:%Y-%m-%d}",
        "window": window,
        "corpus": str(corpus),
        "articles": len(articles),
        "statements": len(scored),
        "rejected": len(loaded.rejects),
        "model": scorer.key,
        "generated": pd.Timestamp.now(tz="UTC").isoformat(timespec="seconds"),
    }
    paths.meta.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    write_index(paths.html.parent)
    log.info("report written to %s in %.1f s", paths.html, time.perf_counter() - began)
    return paths.html


def write_index(out_dir: str | os.PathLike[str]) -> Path:
    """Write ``index.html`` in `out_dir`: every report there, newest first, with its window,
    article and statement counts, rejected records and model."""
    out = Path(out_dir)
    rows = []
    for meta_path in sorted(out.glob("*.report.json"), reverse=True):
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            log.warning("index: skipping unreadable %s", meta_path)
            continue
        html_name = f"{meta.get('name', meta_path.name[: -len('.report.json')])}.html"
        if not (out / html_name).is_file():
            continue
        window = meta.get("window") or ["", ""]
        rows.append(
            "<tr>"
            f"<td>{_e(meta.get('date'))}</td>"
            f"<td><a href='{_e(quote(html_name))}'>{_e(meta.get('title'))}</a></td>"
            f"<td>{_e(window[0])} – {_e(window[1])}</td>"
            f"<td style='text-align:right'>{_e(meta.get('articles'))}</td>"
            f"<td style='text-align:right'>{_e(meta.get('statements'))}</td>"
            f"<td style='text-align:right'>{_e(meta.get('rejected'))}</td>"
            f"<td>{_e(meta.get('model'))}</td><td>{_e(meta.get('generated'))}</td>"
            "</tr>"
        )
    page = (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        "<title>stance reports</title><style>body{font-family:system-ui,sans-serif;"
        "margin:2em;max-width:70em}table{border-collapse:collapse}td,th{padding:.3em .8em;"
        "border-bottom:1px solid #ddd;text-align:left}</style></head><body>"
        "<h1>Reports</h1><table><tr><th>date</th><th>report</th><th>articles from – to</th>"
        "<th>articles</th><th>statements</th><th>rejected</th><th>model</th>"
        "<th>generated (UTC)</th></tr>" + "".join(rows) + "</table></body></html>\n"
    )
    index = out / "index.html"
    index.write_text(page, encoding="utf-8")
    return index


def execute_notebook(
    notebook: str | os.PathLike[str],
    output: str | os.PathLike[str],
    parameters: dict[str, Any],
    *,
    kernel_name: str | None = None,
    cwd: str | os.PathLike[str] | None = None,
    cell_timeout: float | None = CELL_TIMEOUT,
) -> Path:
    """Execute `notebook` with papermill into `output`; raise `ReportError` naming a failed cell,
    or a cell that ran longer than `cell_timeout` seconds (None: no limit)."""
    import papermill as pm
    from nbclient.exceptions import CellTimeoutError
    from papermill.exceptions import PapermillExecutionError

    source = Path(notebook)
    if not source.is_file():
        raise ReportError(f"{source}: report notebook not found")
    # What the kernel process itself prints (its start-up warnings, and libzmq's assertion
    # messages when its sockets close at exit) goes to a file and then to the run log, never to
    # the terminal of a scheduled run; errors in cells still fail the report.
    with tempfile.TemporaryFile() as kernel_stderr:
        try:
            pm.execute_notebook(
                str(source),
                str(output),
                parameters=parameters,
                kernel_name=kernel_name,
                progress_bar=False,
                cwd=str(cwd) if cwd else None,
                execution_timeout=cell_timeout,
                extra_arguments=["--IPKernelApp.log_level=ERROR"],
                kernel_manager_class=_kernel_manager_writing_to(kernel_stderr),
            )
        except CellTimeoutError as exc:
            raise ReportError(
                f"{source}: a cell ran longer than {cell_timeout:g} s and was stopped; the "
                f"notebook as far as it ran is kept at {output}"
            ) from exc
        except PapermillExecutionError as exc:
            raise ReportError(
                f"{source}: cell {exc.exec_count} failed with {exc.ename}: {exc.evalue}; "
                f"the executed notebook is kept at {output}"
            ) from exc
        finally:
            kernel_stderr.seek(0)
            for line in kernel_stderr.read().decode("utf-8", "replace").splitlines():
                if line.strip():
                    log.info("kernel: %s", line)
    return Path(output)


def _kernel_manager_writing_to(stderr: IO[bytes]) -> type:
    """A jupyter_client kernel manager whose kernel process writes its stderr to `stderr`."""
    from jupyter_client.manager import AsyncKernelManager

    class KernelManagerWithStderrFile(AsyncKernelManager):
        async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
            kw["stderr"] = stderr
            await super()._async_launch_kernel(kernel_cmd, **kw)

    return KernelManagerWithStderrFile


def notebook_to_html(
    notebook: str | os.PathLike[str], output: str | os.PathLike[str], *, title: str
) -> Path:
    """Convert an executed notebook to HTML without code cells or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    node = nbformat.read(str(notebook), as_version=4)
    exporter = HTMLExporter(
        extra_template_basedirs=[str(resources.files("stance") / "templates")],
        template_name="stance_report",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    body, _ = exporter.from_notebook_node(node, resources={"metadata": {"name": title}})
    Path(output).write_text(body, encoding="utf-8")
    return Path(output)


# --------------------------------------------------------------------------------------------
# HTML pieces shown by the report notebook


def _e(value: object) -> str:
    return html.escape("" if value is None or value is pd.NA else str(value))


def summary_html(
    articles: pd.DataFrame,
    scored: pd.DataFrame,
    rejects: pd.DataFrame | list[Any],
    *,
    corpus_label: str,
    model_label: str,
) -> str:
    """What was analysed: corpus, dates, articles, statements, rejects, unknown speakers, model."""
    require_columns(articles, ("published",), stage="summary_html")
    require_columns(scored, ("speaker", "party"), stage="summary_html")
    rejected = rejects_frame(rejects) if isinstance(rejects, list) else rejects
    first, last = articles["published"].min(), articles["published"].max()
    dates = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    no_speaker = int(scored["speaker"].isna().sum())
    unknown = sorted(
        set(scored.loc[scored["party"].eq("Unknown") & scored["speaker"].notna(), "speaker"])
    )
    by_party = scored["party"].value_counts()
    rows = [
        ("Corpus", _e(corpus_label)),
        ("Dates", _e(dates)),
        ("Articles", f"{len(articles)}"),
        (
            "Statements",
            f"{len(scored)}"
            + (
                " (" + ", ".join(f"{_e(p)} {n}" for p, n in by_party.items()) + ")"
                if len(scored)
                else ""
            ),
        ),
        (
            "Rejected records",
            f"{len(rejected)}"
            + (
                ""
                if rejected.empty
                else " — "
                + "; ".join(
                    _e(f"{r.file}: {r.record}: {r.reason}") for r in rejected.head(5).itertuples()
                )
            ),
        ),
        ("Statements without a speaker", f"{no_speaker}"),
        ("Speakers not in the actor dictionary", _e(", ".join(unknown)) if unknown else "none"),
        ("Tone model", _e(model_label)),
    ]
    body = "".join(
        f"<tr><th style='text-align:left;padding-right:1em'>{k}</th>"
        f"<td style='text-align:left'>{v}</td></tr>"
        for k, v in rows
    )
    return f"<table class='stance-summary'>{body}</table>"


def statements_html(scored: pd.DataFrame, articles: pd.DataFrame | None = None) -> str:
    """Every statement: date, speaker, party, quote, tone and a link to the source article."""
    require_columns(
        scored,
        ("published", "speaker", "party", "text", "optimism", "frustration", "neutral", "label"),
        stage="statements_html",
    )
    links = _article_links(articles)
    frame = scored.sort_values(["published", "start"] if "start" in scored else ["published"])
    rows = []
    for row in frame.itertuples():
        source = _source_html(getattr(row, "article_id", ""), links)
        speaker = _e(row.speaker) if not pd.isna(row.speaker) else "<em>no speaker found</em>"
        rows.append(
            "<tr>"
            f"<td>{row.published:%Y-%m-%d}</td><td>{speaker}</td><td>{_e(row.party)}</td>"
            f"<td>“{_e(row.text)}”</td><td>{_e(row.label)}</td>"
            f"<td style='text-align:right'>{row.optimism:.2f}</td>"
            f"<td style='text-align:right'>{row.frustration:.2f}</td>"
            f"<td style='text-align:right'>{row.neutral:.2f}</td><td>{source}</td>"
            "</tr>"
        )
    head = (
        "<tr><th>date</th><th>speaker</th><th>party</th><th>statement</th><th>tone</th>"
        "<th>optimism</th><th>frustration</th><th>neutral</th><th>article</th></tr>"
    )
    return f"<table class='stance-statements'>{head}{''.join(rows)}</table>"


def load_report_inputs(
    statements_path: str, articles_path: str, rejects_path: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three files `run_report` writes, read back for the notebook."""
    scored = pd.read_parquet(statements_path)
    articles = pd.read_parquet(articles_path)
    rejects = (
        pd.read_csv(rejects_path, dtype=str, keep_default_na=False)
        if Path(rejects_path).is_file()
        else pd.DataFrame(columns=["file", "record", "reason"])
    )
    return scored, articles, rejects


def series_html(series: pd.DataFrame) -> str:
    """The party series as a table: period, party, n, and each mean with its interval."""
    require_columns(
        series, ("party", "period", "n", "optimism", "frustration", "net"), stage="series_html"
    )
    head = (
        "<tr><th>period start</th><th>party</th><th>n</th><th>optimism</th>"
        "<th>frustration</th><th>net</th><th></th></tr>"
    )
    rows = []
    for row in series.sort_values(["period", "party"]).itertuples():
        cells = [
            f"<td>{row.period:%Y-%m-%d}</td>",
            f"<td>{_e(row.party)}</td>",
            f"<td style='text-align:right'>{row.n}</td>",
        ]
        for measure in ("optimism", "frustration", "net"):
            mean, lo, hi = (
                getattr(row, measure),
                getattr(row, f"{measure}_lo"),
                getattr(row, f"{measure}_hi"),
            )
            cells.append(
                f"<td style='text-align:right'>{mean:+.2f} [{lo:+.2f}, {hi:+.2f}]</td>"
                if measure == "net"
                else f"<td style='text-align:right'>{mean:.2f} [{lo:.2f}, {hi:.2f}]</td>"
            )
        cells.append("<td>too few to read</td>" if getattr(row, "low_n", False) else "<td></td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table class='stance-series'>{head}{''.join(rows)}</table>"


def quotes_behind_html(
    scored: pd.DataFrame,
    articles: pd.DataFrame | None = None,
    *,
    freq: str = "W",
    parties: list[str] | None = None,
) -> str:
    """The quotes behind the numbers: for each party and period, the most optimistic and the most
    frustrated statement, with speaker, date, score and a link to the article."""
    require_columns(
        scored,
        ("published", "speaker", "party", "text", "optimism", "frustration"),
        stage="quotes_behind_html",
    )
    from .series import period_start

    links = _article_links(articles)
    frame = scored.assign(period=period_start(pd.to_datetime(scored["published"], utc=True), freq))
    order = parties or list(frame["party"].value_counts().index)
    sections = []
    for party in order:
        rows = []
        group = frame[frame["party"] == party]
        for period, in_period in group.groupby("period", sort=True):
            best = in_period.loc[in_period["optimism"].idxmax()]
            worst = in_period.loc[in_period["frustration"].idxmax()]
            cells = [_quote_cell(best, "optimism", links)]
            cells.append(
                "<td><em>the same statement</em></td>"
                if worst.name == best.name
                else _quote_cell(worst, "frustration", links)
            )
            rows.append(
                f"<tr><td>{pd.Timestamp(period):%Y-%m-%d}</td>"
                f"<td style='text-align:right'>{len(in_period)}</td>{''.join(cells)}</tr>"
            )
        sections.append(
            f"<h3>{_e(party)}</h3><table class='stance-quotes'><tr><th>period start</th>"
            "<th>n</th><th>most optimistic</th><th>most frustrated</th></tr>"
            + "".join(rows)
            + "</table>"
        )
    return "".join(sections) or "<p>No statements.</p>"


def _article_links(articles: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    links: dict[str, tuple[str, str]] = {}
    if articles is not None:
        for row in articles.itertuples():
            links[str(row.article_id)] = (str(row.url or ""), str(row.title or row.source or ""))
    return links


def _source_html(article_id: object, links: dict[str, tuple[str, str]]) -> str:
    url, label = links.get(str(article_id), ("", ""))
    if url.startswith(("http://", "https://")):
        return f"<a href='{_e(url)}'>{_e(label or url)}</a>"
    return _e(label)


def _quote_cell(row: pd.Series, measure: str, links: dict[str, tuple[str, str]]) -> str:
    speaker = _e(row["speaker"]) if not pd.isna(row["speaker"]) else "<em>no speaker found</em>"
    source = _source_html(row.get("article_id"), links)
    return (
        f"<td>“{_e(row['text'])}”<br><small>{speaker}, {pd.Timestamp(row['published']):%Y-%m-%d}"
        f"; {measure} {row[measure]:.2f}{'; ' + source if source else ''}</small></td>"
    )
