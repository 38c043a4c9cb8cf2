"""Reports: run the whole pipeline, execute the report notebook with papermill, write HTML.

`run_report` is what ``stance report`` calls. In `out_dir` it writes, for a report called NAME:

- ``NAME.html``: the report, without code, figures inline;
- ``NAME.ipynb``: the executed notebook (kept when a cell fails, to read the error);
- ``NAME.statements.parquet``: the scored statements behind every number in the report;
- ``NAME.articles.parquet``: the articles that were read;
- ``NAME.rejects.csv``: every record that could not be loaded, with file, record and reason.

The HTML helpers below (`summary_html`, `statements_html`) are what the notebook displays; every
piece of article text and every user-given string is HTML-escaped.
"""

from __future__ import annotations

import html
import logging
import os
import re
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ._frames import require_columns
from .actors import Actors
from .corpus import read_corpus, rejects_frame, write_rejects
from .errors import CorpusError, ReportError
from .models import Scorer, get_scorer
from .quotes import extract_statements
from .score import score_statements

__all__ = [
    "ReportPaths",
    "default_notebook",
    "describe_model",
    "report_paths",
    "run_report",
    "series_html",
    "slugify",
    "statements_html",
    "summary_html",
]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReportPaths:
    """Where the files of one report go."""

    html: Path
    notebook: Path
    statements: Path
    articles: Path
    rejects: Path


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
        parts = [f"{scorer.key} (encoder {config.get('encoder')}, linear head"]
        if training.get("date"):
            parts.append(f", trained {training['date']}")
        parts.append(")")
        if heldout:
            parts.append(
                f"; held-out macro-F1 {heldout['macro_f1']:.2f}, accuracy "
                f"{heldout['accuracy']:.2f} on {heldout['n']} written statements"
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
    actors: Actors | str | os.PathLike[str] | None = None,
    title: str | None = None,
    name: str | None = None,
    cache: str | os.PathLike[str] | None = None,
    notebook: str | os.PathLike[str] | None = None,
    min_n: int = 3,
    progress: bool | None = None,
    kernel_name: str | None = None,
) -> Path:
    """Load, extract, score, then execute the report notebook; return the HTML report's path.

    `name` (default: a slug of `title`, else of the corpus folder or file name) names the files
    in `out_dir` (listed in the module docstring). `cache` is the score cache file or directory.
    Raises `CorpusError` when no article could be loaded and `ReportError` when a notebook cell
    fails (the executed notebook is kept and named in the message).
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
    label = corpus_path.resolve().name or str(corpus_path)
    title = title or f"Tone of quoted statements: {label}"
    name = name or slugify(title if title and not title.startswith("Tone of quoted") else label)
    paths = report_paths(out_dir, name)
    paths.html.parent.mkdir(parents=True, exist_ok=True)

    statements = extract_statements(loaded.articles, actors)
    scorer = get_scorer(model)
    scored = score_statements(statements, scorer, cache=cache, progress=progress)
    scored.to_parquet(paths.statements, index=False)
    loaded.articles.to_parquet(paths.articles, index=False)
    write_rejects(loaded.rejects, paths.rejects)
    log.info(
        "%d articles, %d statements, %d rejected",
        len(loaded.articles),
        len(scored),
        len(loaded.rejects),
    )

    parameters = {
        "statements_path": str(paths.statements.resolve()),
        "articles_path": str(paths.articles.resolve()),
        "rejects_path": str(paths.rejects.resolve()),
        "title": title,
        "corpus_label": str(corpus),
        "model_label": describe_model(scorer),
        "freq": freq,
        "min_n": int(min_n),
    }
    execute_notebook(
        notebook or default_notebook(), paths.notebook, parameters, kernel_name=kernel_name
    )
    notebook_to_html(paths.notebook, paths.html, title=title)
    log.info("report written to %s in %.1f s", paths.html, time.perf_counter() - began)
    return paths.html


def execute_notebook(
    notebook: str | os.PathLike[str],
    output: str | os.PathLike[str],
    parameters: dict[str, Any],
    *,
    kernel_name: str | None = None,
    cwd: str | os.PathLike[str] | None = None,
) -> Path:
    """Execute `notebook` with papermill into `output`; raise `ReportError` naming a failed cell."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    source = Path(notebook)
    if not source.is_file():
        raise ReportError(f"{source}: report notebook not found")
    try:
        pm.execute_notebook(
            str(source),
            str(output),
            parameters=parameters,
            kernel_name=kernel_name,
            progress_bar=False,
            cwd=str(cwd) if cwd else None,
        )
    except PapermillExecutionError as exc:
        raise ReportError(
            f"{source}: cell {exc.exec_count} failed with {exc.ename}: {exc.evalue}; "
            f"the executed notebook is kept at {output}"
        ) from exc
    return Path(output)


def notebook_to_html(
    notebook: str | os.PathLike[str], output: str | os.PathLike[str], *, title: str
) -> Path:
    """Convert an executed notebook to HTML without code cells or prompts."""
    import nbformat
    from nbconvert import HTMLExporter

    node = nbformat.read(str(notebook), as_version=4)
    exporter = HTMLExporter(
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True
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
            f"{len(scored)} (" + ", ".join(f"{_e(p)} {n}" for p, n in by_party.items()) + ")",
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
        f"<tr><th style='text-align:left;padding-right:1em'>{k}</th><td>{v}</td></tr>"
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
    links: dict[str, tuple[str, str]] = {}
    if articles is not None and "article_id" in scored:
        for row in articles.itertuples():
            links[str(row.article_id)] = (str(row.url or ""), str(row.title or row.source or ""))
    frame = scored.sort_values(["published", "start"] if "start" in scored else ["published"])
    rows = []
    for row in frame.itertuples():
        url, label = links.get(str(getattr(row, "article_id", "")), ("", ""))
        source = (
            f"<a href='{_e(url)}'>{_e(label or url)}</a>"
            if url.startswith(("http://", "https://"))
            else _e(label)
        )
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
