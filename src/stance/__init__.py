"""stance: who said what in the news, and in what tone.

Read dated articles, find each quoted statement and its speaker, map the speaker to a party, score
the statement's tone (optimism, frustration, neutral) and turn the scores into per-party time
series and figures. Importing the package is fast and loads neither torch nor matplotlib.
"""

from __future__ import annotations

from .cache import ScoreCache
from .corpus import Article, Reject, load_corpus, read_corpus, rejects_frame, write_rejects
from .errors import ColumnError, CorpusError, ModelError, ReportError, StanceError
from .extract import Actors, Statement, extract_statements, load_actors
from .models import available_models, get_scorer, register_model
from .plot import plot_optimism_frustration
from .report import run_report
from .score import score_statements, score_texts
from .series import party_series

__version__ = "0.1.0"

__all__ = [
    "Actors",
    "Article",
    "ColumnError",
    "CorpusError",
    "ModelError",
    "Reject",
    "ReportError",
    "ScoreCache",
    "StanceError",
    "Statement",
    "__version__",
    "available_models",
    "extract_statements",
    "get_scorer",
    "load_actors",
    "load_corpus",
    "party_series",
    "plot_optimism_frustration",
    "read_corpus",
    "register_model",
    "rejects_frame",
    "run_report",
    "score_statements",
    "score_texts",
    "write_rejects",
]
