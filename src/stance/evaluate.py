"""Measure extraction and tone against hand-labelled gold data (formats in `stance.gold`).

A predicted statement matches a gold one when their words overlap enough: the overlap is the
number of shared word tokens (lower case) divided by the size of the larger set, and pairs are
matched one to one, best overlap first, at an overlap of at least 0.5 (`stance.gold.match_quotes`).
Quote precision, recall and F1 count matched pairs. Speaker accuracy and party accuracy are over
matched pairs; two speakers agree when their names are equal ignoring case and a leading "the",
or when both are personal names with the same last word (a surname); a missing speaker agrees
only with a missing one.

Tone is scored on tone gold: a labelled CSV (only its ``heldout`` rows when its ``split`` column
marks any), or an extraction gold file whose statements carry a ``tone``, each quote read in the
sentence that `extract_statements` finds it in, as the pipeline would read it.

A second reading of the same statements (the gold file again, with another reader's labels) is
measured against the gold as a model's predictions are (`evaluate_reader`): a model's figure is
best read against how far two readers agree (macro-F1 and Cohen's kappa).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import StanceError
from .extract import Actors, extract_statements, load_actors
from .gold import gold_format, match_quotes, read_extraction_gold, read_tone_gold
from .metrics import (
    ToneMetrics,
    expected_calibration_error,
    macro_f1_difference,
    proportion_interval,
    tone_metrics,
)
from .models import LABELS, Scorer, get_scorer
from .schema import UNKNOWN_PARTY

__all__ = [
    "ExtractionReport",
    "ToneReport",
    "compare_tone",
    "evaluate_extraction",
    "evaluate_reader",
    "evaluate_tone",
    "evaluate_tone_models",
    "read_extraction_gold",
]


def same_speaker(predicted: str | None, gold: str | None) -> bool:
    """Whether two speaker names refer to the same speaker (rule in the module docstring)."""
    if predicted is None or gold is None:
        return predicted is None and gold is None

    def norm(name: str) -> str:
        return re.sub(r"^the\s+", "", name.strip().lower().replace("’", "'"))

    p, g = norm(predicted), norm(gold)
    if p == g:
        return True
    pw, gw = p.split(), g.split()
    return bool(pw and gw) and pw[-1] == gw[-1] and pw[-1][:1].isalpha()


@dataclass
class ExtractionReport:
    """Quote finding and attribution measured against gold."""

    n_gold: int
    n_predicted: int
    matched: int
    speaker_correct: int
    party_correct: int
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)
    wrong: list[dict[str, Any]] = field(default_factory=list)
    # gold quotes per kind of construction (the gold's `construction`, else its `attribution`):
    # kind -> [in gold, found, right speaker, right party]
    kinds: dict[str, list[int]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return self.matched / self.n_predicted if self.n_predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.matched if self.matched else 0.0

    @property
    def party_accuracy(self) -> float:
        return self.party_correct / self.matched if self.matched else 0.0

    def summary(self) -> str:
        s_low, s_high = proportion_interval(self.speaker_correct, self.matched)
        p_low, p_high = proportion_interval(self.party_correct, self.matched)
        return (
            f"quotes: precision {self.precision:.3f}  recall {self.recall:.3f}  F1 {self.f1:.3f}  "
            f"({self.matched} matched of {self.n_gold} gold, {self.n_predicted} found)\n"
            f"speaker accuracy {self.speaker_accuracy:.3f} ({s_low:.2f}–{s_high:.2f})  party "
            f"accuracy {self.party_accuracy:.3f} ({p_low:.2f}–{p_high:.2f})  (over "
            f"{self.matched} matched quotes; 95% Wilson intervals)"
        )

    def by_kind(self) -> str:
        """Per kind of construction the gold names: how many quotes were found, and how many of
        those got the right speaker and party. Empty when the gold names no kinds."""
        if not self.kinds:
            return ""
        width = max(len(kind) for kind in self.kinds)
        lines = [f"{'by construction':<{width}}  gold  found  speaker  party"]
        for kind, (n, found, speaker, party) in sorted(
            self.kinds.items(), key=lambda item: (-item[1][0], item[0])
        ):
            lines.append(f"{kind:<{width}}  {n:>4}  {found:>5}  {speaker:>7}  {party:>5}")
        return "\n".join(lines)

    def details(self, limit: int = 50) -> str:
        lines = []
        for title, rows in (
            ("missed", self.misses),
            ("not in gold", self.extras),
            ("wrong speaker or party", self.wrong),
        ):
            if not rows:
                continue
            lines.append(f"\n{title} ({len(rows)}):")
            for row in rows[:limit]:
                lines.append("  " + "  ".join(f"{k}={v}" for k, v in row.items()))
            if len(rows) > limit:
                lines.append(f"  … {len(rows) - limit} more")
        return "\n".join(lines)


def evaluate_extraction(
    gold_path: str | os.PathLike[str],
    actors: Actors | str | os.PathLike[str] | Iterable[str] | None = None,
    *,
    default_actors: bool = True,
) -> ExtractionReport:
    """Run `extract_statements` on the gold articles and compare (rules in the module docstring).

    `actors` extends the default actor dictionary, or with ``default_actors=False`` replaces it
    (for gold whose speakers are all fictional).
    """
    if not default_actors and not isinstance(actors, Actors):
        paths = [actors] if isinstance(actors, str | os.PathLike) else list(actors or [])
        actors = load_actors(*paths, default=False)
    articles, gold = read_extraction_gold(gold_path)
    predicted = extract_statements(articles, actors)
    by_article = {k: g for k, g in predicted.groupby("article_id", sort=False)}
    report = ExtractionReport(sum(len(g) for g in gold.values()), len(predicted), 0, 0, 0)
    for article_id, statements in gold.items():
        preds = by_article.get(article_id, predicted.iloc[:0]).to_dict("records")
        used_g = match_quotes([g["quote"] for g in statements], [p["text"] for p in preds])
        used_p = set(used_g.values())
        for gi, g in enumerate(statements):
            kind = report.kinds.setdefault(
                str(g.get("construction") or g.get("attribution") or "(none)"), [0, 0, 0, 0]
            )
            kind[0] += 1
            if gi not in used_g:
                report.misses.append({"article": article_id, "quote": _short(g["quote"])})
                continue
            p = preds[used_g[gi]]
            report.matched += 1
            speaker = None if pd.isna(p["speaker"]) else str(p["speaker"])
            ok_speaker = same_speaker(speaker, g.get("speaker"))
            ok_party = str(p["party"]) == str(g.get("party") or UNKNOWN_PARTY)
            report.speaker_correct += ok_speaker
            report.party_correct += ok_party
            kind[1:] = [kind[1] + 1, kind[2] + ok_speaker, kind[3] + ok_party]
            if not (ok_speaker and ok_party):
                report.wrong.append(
                    {
                        "article": article_id,
                        "gold": f"{g.get('speaker')} ({g.get('party')})",
                        "found": f"{speaker} ({p['party']}, {p['attribution']})",
                        "quote": _short(g["quote"]),
                    }
                )
        for pi, p in enumerate(preds):
            if pi not in used_p:
                report.extras.append({"article": article_id, "quote": _short(p["text"])})
    return report


def _short(text: str, width: int = 70) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


@dataclass
class ToneReport:
    """A model's tone predictions measured against gold labels."""

    model: str
    metrics: ToneMetrics
    calibration_error: float
    gold: tuple[str, ...] = ()
    predicted: tuple[str, ...] = ()
    # a second reader's labels (`evaluate_reader`), not a model's predictions
    reader: bool = False

    def difference(self, other: ToneReport) -> tuple[float, float, float]:
        """This model's macro-F1 minus `other`'s on the same gold, with its paired 95% bootstrap
        interval (`stance.metrics.macro_f1_difference`)."""
        if not self.gold or not other.gold:
            raise ValueError("a report without its gold and predicted labels cannot be compared")
        if self.gold != other.gold:
            raise ValueError("the two reports were not measured on the same gold labels")
        return macro_f1_difference(self.gold, self.predicted, other.predicted)

    def summary(self) -> str:
        m = self.metrics
        calibration = (
            "calibration error: none (labels, not probabilities)"
            if np.isnan(self.calibration_error)
            else f"expected calibration error {self.calibration_error:.3f}"
        )
        lines = [
            f"{'' if self.reader else 'model '}{self.model}: {m}",
            f"{calibration}; Cohen's kappa {m.kappa:.3f}",
            "confusion (rows: gold, columns: predicted):",
            m.confusion.to_string(),
        ]
        return "\n".join(lines)


def evaluate_tone(
    gold_path: str | os.PathLike[str] | pd.DataFrame,
    model: str | os.PathLike[str] | Scorer = "default",
) -> ToneReport:
    """Score tone gold (a labelled CSV or an extraction gold JSONL with tones: `read_tone_gold`,
    or the frame it returns) and compare the predictions with its labels.

    A model that reads context gets each quote inside the file's ``context`` column (the sentence
    as written, or a template with ``{quote}``) where the file has one.
    """
    labelled = gold_path if isinstance(gold_path, pd.DataFrame) else read_tone_gold(gold_path)
    labelled = labelled[_judged(labelled)]
    scorer = get_scorer(model)
    from .score import score_statements

    scored = score_statements(labelled[["text", "context"]], scorer)
    probs = scored[list(LABELS)].to_numpy(dtype=float)
    predicted = [LABELS[i] for i in probs.argmax(axis=1)]
    gold = labelled["label"].map(LABELS.index).to_numpy()
    return ToneReport(
        scorer.key,
        tone_metrics(labelled["label"].tolist(), predicted),
        expected_calibration_error(probs, gold),
        tuple(labelled["label"].tolist()),
        tuple(predicted),
    )


def _judged(labelled: pd.DataFrame) -> pd.Series:
    """Which rows of tone gold are judged: the held-out ones when the file marks any (the others
    were trained on), else all."""
    heldout = labelled["split"].str.lower().eq("heldout")
    return heldout if heldout.any() else pd.Series(True, index=labelled.index)


def evaluate_reader(
    gold_path: str | os.PathLike[str] | pd.DataFrame, reader_path: str | os.PathLike[str]
) -> ToneReport:
    """A second reader's labels of the same statements, measured against the gold as a model's
    predictions are: how far two readings of the same statements agree.

    The reader's file has the gold's format (a labelled CSV, or an extraction gold JSONL with a
    ``tone`` per quote) and labels every statement of the gold, in the same order; the gold
    decides which rows are judged (its held-out rows, when it marks any). A statement that differs,
    is missing or is extra is an error naming its place in the reader's file, so that no statement
    goes unjudged.
    """
    labelled = gold_path if isinstance(gold_path, pd.DataFrame) else read_tone_gold(gold_path)
    kind = labelled.attrs.get("format")
    if kind and kind != gold_format(reader_path):
        raise StanceError(
            f"{reader_path}: a second reader's labels must be in the gold's format ({kind}): "
            "the same file with the reader's labels in place of the gold's"
        )
    second = read_tone_gold(reader_path)
    for number in range(max(len(labelled), len(second))):
        if number >= len(second):
            missing = labelled.iloc[number]
            raise StanceError(
                f"{reader_path}: ends after {len(second)} statements; no label for the gold's "
                f"statement {number + 1} ({missing.get('record', 'row')}: "
                f"{_short(missing['text'])!r})"
            )
        theirs = second.iloc[number]
        if number >= len(labelled):
            raise StanceError(
                f"{reader_path}: {theirs['record']}: statement {number + 1} "
                f"({_short(theirs['text'])!r}) is not in the gold, which has {len(labelled)}"
            )
        mine = labelled.iloc[number]
        if " ".join(str(mine["text"]).split()) != " ".join(str(theirs["text"]).split()):
            raise StanceError(
                f"{reader_path}: {theirs['record']}: statement {number + 1} is "
                f"{_short(theirs['text'])!r}, but the gold's ({mine.get('record', 'row')}) is "
                f"{_short(mine['text'])!r}: a second reader labels the same statements, in the "
                "same order"
            )
    judged = _judged(labelled).to_numpy()
    gold = labelled["label"][judged].tolist()
    read = second["label"][judged].tolist()
    return ToneReport(
        f"reader {reader_path}",
        tone_metrics(gold, read),
        float("nan"),
        tuple(gold),
        tuple(read),
        reader=True,
    )


def evaluate_tone_models(
    gold_path: str | os.PathLike[str],
    models: Sequence[str | os.PathLike[str] | Scorer] = ("default",),
    readers: Sequence[str | os.PathLike[str]] = (),
) -> list[ToneReport]:
    """`evaluate_tone` for each model and `evaluate_reader` for each second reading, on the same
    statements of one gold file (read, and for extraction gold extracted, once). `compare_tone`
    says whether they differ by more than chance."""
    gold = read_tone_gold(gold_path)
    reports = [evaluate_tone(gold, model) for model in models]
    return reports + [evaluate_reader(gold, reader) for reader in readers]


def compare_tone(reports: Sequence[ToneReport]) -> str:
    """The first model's macro-F1 minus each other's, with paired bootstrap intervals: whether one
    gold set tells the models apart."""
    if len(reports) < 2:
        return ""
    first = reports[0]
    lines = [
        f"macro-F1 difference, {first.model} minus each model, on the same "
        f"{first.metrics.n} statements (95% paired bootstrap interval):"
    ]
    for other in reports[1:]:
        point, low, high = first.difference(other)
        verdict = "not told apart" if low <= 0 <= high else "told apart"
        lines.append(f"  {other.model}: {point:+.3f} [{low:+.3f}, {high:+.3f}] ({verdict})")
    return "\n".join(lines)
