"""Where a report's files go, and the index of every report in a folder.

For a report called NAME, `out_dir` holds:

- ``NAME.html``: the report, without code, figures inline;
- ``NAME.ipynb``: the executed notebook (kept when a cell fails, to read the error);
- ``NAME.statements.parquet``: the scored statements behind every number in the report;
- ``NAME.articles.parquet``: the articles that were read;
- ``NAME.rejects.csv``: every record that could not be loaded, with file, record and reason;
- ``NAME.report.json``: what the report covers (window, counts, model), read by ``index.html``,
  which lists every report in the directory.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .._frames import write_text_atomically
from .fragments import escape

__all__ = ["ReportPaths", "report_paths", "slugify", "write_index", "write_meta"]

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


def write_meta(paths: ReportPaths, meta: dict[str, Any]) -> None:
    """Record what a report covers beside it, for ``index.html``."""
    write_text_atomically(paths.meta, json.dumps(meta, indent=2) + "\n")


def write_index(out_dir: str | os.PathLike[str]) -> Path:
    """Write ``index.html`` in `out_dir`: every report there, newest first, with its window,
    article and statement counts, rejected records and model."""
    out = Path(out_dir)
    # one run at a time rebuilds the index, from every report's record written so far
    with (out / ".index.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _write_index(out)


def _write_index(out: Path) -> Path:
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
            f"<td>{escape(meta.get('date'))}</td>"
            f"<td><a href='{escape(quote(html_name))}'>{escape(meta.get('title'))}</a></td>"
            f"<td>{escape(window[0])} – {escape(window[1])}</td>"
            f"<td style='text-align:right'>{escape(meta.get('articles'))}</td>"
            f"<td style='text-align:right'>{escape(meta.get('statements'))}</td>"
            f"<td style='text-align:right'>{escape(meta.get('rejected'))}</td>"
            f"<td>{escape(meta.get('model'))}</td><td>{escape(meta.get('generated'))}</td>"
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
    write_text_atomically(index, page)
    return index
