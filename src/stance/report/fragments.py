"""The HTML pieces the report notebook shows: what was analysed, the model, the series as a
table, the quotes behind the numbers, and every statement.

Every piece of article text and every user-given string is HTML-escaped here. These functions
read frames and return strings; they run inside the report's kernel, and in any notebook.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from .._frames import display_text
from ..corpus import rejects_frame
from ..extract import unknown_speakers
from ..models import Scorer, other_evaluations
from ..schema import MEASURES, require_columns
from ..series import period_start

__all__ = [
    "describe_model",
    "escape",
    "load_report_inputs",
    "quotes_behind_html",
    "series_html",
    "statements_html",
    "summary_html",
]


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


def escape(value: object) -> str:
    """`value` as HTML text: escaped, and empty for None and missing values."""
    return html.escape("" if value is None or value is pd.NA else str(value))


def summary_html(
    articles: pd.DataFrame,
    scored: pd.DataFrame,
    rejects: pd.DataFrame | list[Any],
    *,
    corpus_label: str,
    model_label: str,
) -> str:
    """What was analysed: corpus, dates, articles, statements, rejects, the speakers not in the
    actor dictionary (`stance.extract.unknown_speakers`), model."""
    require_columns(articles, ("published",), stage="summary_html")
    require_columns(scored, ("speaker", "party"), stage="summary_html")
    rejected = rejects_frame(rejects) if isinstance(rejects, list) else rejects
    first, last = articles["published"].min(), articles["published"].max()
    dates = f"{first:%Y-%m-%d}" if first == last else f"{first:%Y-%m-%d} to {last:%Y-%m-%d}"
    no_speaker = int(scored["speaker"].isna().sum())
    # names to add to the dictionary: people and bodies, not links, media, venues, party labels
    unknown = unknown_speakers(scored)
    by_party = scored["party"].value_counts()
    rows = [
        ("Corpus", escape(corpus_label)),
        ("Dates", escape(dates)),
        ("Articles", f"{len(articles)}"),
        (
            "Statements",
            f"{len(scored)}"
            + (
                " (" + ", ".join(f"{escape(p)} {n}" for p, n in by_party.items()) + ")"
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
                    escape(f"{r.file}: {r.record}: {r.reason}")
                    for r in rejected.head(5).itertuples()
                )
            ),
        ),
        ("Statements without a speaker", f"{no_speaker}"),
        ("Speakers not in the actor dictionary", escape(", ".join(unknown)) if unknown else "none"),
        ("Tone model", escape(model_label)),
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
        speaker = escape(row.speaker) if not pd.isna(row.speaker) else "<em>no speaker found</em>"
        rows.append(
            "<tr>"
            f"<td>{row.published:%Y-%m-%d}</td><td>{speaker}</td><td>{escape(row.party)}</td>"
            f"<td>“{escape(row.text)}”</td><td>{escape(row.label)}</td>"
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
        series,
        ("party", "period", "n", *[f"{m}{s}" for m in MEASURES for s in ("", "_lo", "_hi")]),
        stage="series_html",
    )
    head = (
        "<tr><th>period start</th><th>party</th><th>n</th><th>optimism</th>"
        "<th>frustration</th><th>net</th><th></th></tr>"
    )
    rows = []
    for row in series.sort_values(["period", "party"]).itertuples():
        cells = [
            f"<td>{row.period:%Y-%m-%d}</td>",
            f"<td>{escape(row.party)}</td>",
            f"<td style='text-align:right'>{row.n}</td>",
        ]
        for measure in MEASURES:
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
            f"<h3>{escape(party)}</h3><table class='stance-quotes'><tr><th>period start</th>"
            "<th>n</th><th>most optimistic</th><th>most frustrated</th></tr>"
            + "".join(rows)
            + "</table>"
        )
    return "".join(sections) or "<p>No statements.</p>"


def _article_links(articles: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    links: dict[str, tuple[str, str]] = {}
    if articles is not None:
        for row in articles.itertuples():
            label = display_text(str(row.title or row.source or ""), 200)
            links[str(row.article_id)] = (str(row.url or ""), label)
    return links


def _source_html(article_id: object, links: dict[str, tuple[str, str]]) -> str:
    url, label = links.get(str(article_id), ("", ""))
    if url.startswith(("http://", "https://")):
        return f"<a href='{escape(url)}'>{escape(label or url)}</a>"
    return escape(label)


def _quote_cell(row: pd.Series, measure: str, links: dict[str, tuple[str, str]]) -> str:
    speaker = escape(row["speaker"]) if not pd.isna(row["speaker"]) else "<em>no speaker found</em>"
    source = _source_html(row.get("article_id"), links)
    return (
        f"<td>“{escape(row['text'])}”<br><small>{speaker}, "
        f"{pd.Timestamp(row['published']):%Y-%m-%d}; {measure} {row[measure]:.2f}"
        f"{'; ' + source if source else ''}</small></td>"
    )
