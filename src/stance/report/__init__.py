"""Reports: run the whole pipeline, execute the report notebook with papermill, write HTML.

- `run`: `run_report`, what ``stance report`` calls, in four steps (check the parameters once,
  compute, render, archive);
- `notebook`: executing the notebook in a fresh kernel, and converting it to HTML;
- `archive`: where a report's files go (``<date>_<slug>`` names) and the folder's ``index.html``;
- `fragments`: the HTML pieces the notebook shows, with every user string escaped.
"""

from __future__ import annotations

from .archive import ReportPaths, report_paths, slugify, write_index
from .fragments import (
    describe_model,
    load_report_inputs,
    quotes_behind_html,
    series_html,
    statements_html,
    summary_html,
)
from .notebook import CELL_TIMEOUT, default_notebook, execute_notebook, notebook_to_html
from .run import run_report

__all__ = [
    "CELL_TIMEOUT",
    "ReportPaths",
    "default_notebook",
    "describe_model",
    "execute_notebook",
    "load_report_inputs",
    "notebook_to_html",
    "quotes_behind_html",
    "report_paths",
    "run_report",
    "series_html",
    "slugify",
    "statements_html",
    "summary_html",
    "write_index",
]
