"""Bootstrap intervals of macro-F1: how far a figure measured on a few hundred quotes can move."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from stance.cli import main
from stance.evaluate import ToneReport, compare_tone
from stance.metrics import (
    _indices,
    _resampled_macro_f1,
    macro_f1_difference,
    macro_f1_interval,
    tone_metrics,
)
from stance.schema import LABELS

from .fixtures import ROWS


def _labels(n: int, right: float, seed: int) -> tuple[list[str], list[str]]:
    """Gold labels and predictions that are right about `right` of the time."""
    rng = np.random.default_rng(seed)
    gold = [LABELS[i] for i in rng.integers(0, 3, n)]
    predicted = [g if rng.random() < right else LABELS[(LABELS.index(g) + 1) % 3] for g in gold]
    return gold, predicted


def test_interval_holds_the_figure_and_narrows_with_more_statements() -> None:
    gold, predicted = _labels(180, 0.75, seed=1)
    metrics = tone_metrics(gold, predicted)
    low, high = metrics.interval or (0.0, 0.0)
    assert low < metrics.macro_f1 < high
    assert 0.08 < high - low < 0.2  # about ±0.06 on 180 statements
    assert f"[95% {low:.3f}–{high:.3f}]" in str(metrics)
    assert metrics.as_dict()["macro_f1_95"] == [round(low, 4), round(high, 4)]
    # the same agreement on ten times the statements: an interval about a third as wide
    big_low, big_high = macro_f1_interval(gold * 10, predicted * 10)
    assert (big_high - big_low) < 0.45 * (high - low)
    # seeded: the same interval every time
    assert macro_f1_interval(gold, predicted) == (low, high)


def test_each_resample_is_scored_as_tone_metrics_scores_it() -> None:
    gold, predicted = _labels(40, 0.6, seed=4)
    (scores,) = _resampled_macro_f1(_indices(gold), [_indices(predicted)], 30, seed=3)
    rows = np.random.default_rng(3).integers(0, 40, size=(30, 40))
    expected = [
        tone_metrics([gold[i] for i in r], [predicted[i] for i in r], interval=False).macro_f1
        for r in rows
    ]
    assert scores == pytest.approx(expected)
    # a gold set too large for one block of resamples is drawn in blocks, none lost
    big_gold, big_predicted = _labels(400_000, 0.6, seed=5)
    (scores,) = _resampled_macro_f1(_indices(big_gold), [_indices(big_predicted)], 12, seed=0)
    assert len(scores) == 12 and np.all((scores > 0.5) & (scores < 0.7))
    # a lower level gives a narrower interval
    low50, high50 = macro_f1_interval(gold, predicted, level=0.5)
    low95, high95 = macro_f1_interval(gold, predicted)
    assert low95 < low50 < high50 < high95


def test_paired_difference_tells_a_better_model_apart_and_a_copy_not() -> None:
    gold, good = _labels(300, 0.85, seed=2)
    _, weak = _labels(300, 0.55, seed=3)
    weak = [g if i % 2 else w for i, (g, w) in enumerate(zip(gold, weak, strict=True))]
    point, low, high = macro_f1_difference(gold, good, weak)
    expected = tone_metrics(gold, good).macro_f1 - tone_metrics(gold, weak).macro_f1
    assert point == pytest.approx(expected)
    assert 0 < low < point < high
    assert macro_f1_difference(gold, good, good) == (0.0, 0.0, 0.0)
    # two predictions that differ on a handful of statements are not told apart
    nudged = list(good)
    for i in range(3):
        nudged[i] = LABELS[(LABELS.index(gold[i]) + 1) % 3]
    _, low, high = macro_f1_difference(gold, good, nudged)
    assert low <= 0 <= high


def test_bad_labels_lengths_and_empty_input_are_refused() -> None:
    with pytest.raises(ValueError, match="'hope'"):
        macro_f1_interval(["optimism", "hope"], ["optimism", "neutral"])
    with pytest.raises(ValueError, match="2 gold labels but 2 and 1"):
        macro_f1_difference(["optimism", "neutral"], ["optimism", "neutral"], ["neutral"])
    with pytest.raises(ValueError, match="2 gold labels but 3 predictions"):
        macro_f1_interval(["optimism", "neutral"], ["optimism", "neutral", "neutral"])
    with pytest.raises(ValueError, match="no statements"):
        macro_f1_interval([], [])
    with pytest.raises(ValueError, match="no statements"):
        macro_f1_difference([], [], [])
    assert tone_metrics([], []).interval is None


def test_compare_tone_names_the_verdict() -> None:
    gold, good = _labels(120, 0.9, seed=6)
    wrong = [LABELS[(LABELS.index(g) + 1) % 3] for g in gold]

    def report(name: str, predicted: list[str]) -> ToneReport:
        metrics = tone_metrics(gold, predicted)
        return ToneReport(name, metrics, 0.0, tuple(gold), tuple(predicted))

    text = compare_tone([report("a", good), report("b", wrong), report("c", good)])
    assert "a minus each model, on the same 120 statements" in text
    lines = text.splitlines()
    assert lines[1].strip().startswith("b: +0.") and lines[1].endswith("(told apart)")
    assert lines[2].strip() == "c: +0.000 [+0.000, +0.000] (not told apart)"
    with pytest.raises(ValueError, match="without its gold"):
        report("a", good).difference(ToneReport("d", tone_metrics(gold, good), 0.0))


def test_evaluate_tone_with_two_models_says_whether_they_differ(
    tmp_path, tiny_model, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tone.csv"
    pd.DataFrame(ROWS, columns=["text", "label"]).to_csv(path, index=False)
    models = ["--model", str(tiny_model), "--model", "vader"]
    assert main(["evaluate", "tone", str(path), *models]) == 0
    out = capsys.readouterr().out
    assert out.count("[95% ") == 2
    assert f"on the same {len(ROWS)} statements" in out
    line = next(x for x in out.splitlines() if x.strip().startswith("vader"))
    assert line.rstrip().endswith(("(told apart)", "(not told apart)"))


def test_cohens_kappa_discounts_the_agreement_chance_gives() -> None:
    # agreement 3 of 4; the gold is half optimism, the reader says optimism once in four, so
    # chance alone agrees (2*1 + 2*3) / 16 = 0.5 of the time: kappa (0.75 - 0.5) / 0.5
    metrics = tone_metrics(
        ["optimism", "optimism", "frustration", "frustration"],
        ["optimism", "frustration", "frustration", "frustration"],
    )
    assert metrics.kappa == pytest.approx(0.5)
    # label distributions that differ: gold 3:1, reader 1:3; agreement 2 of 4, chance
    # (3*1 + 1*3) / 16 = 0.375, kappa (0.5 - 0.375) / 0.625 = 0.2
    uneven = tone_metrics(
        ["optimism", "optimism", "optimism", "frustration"],
        ["optimism", "frustration", "frustration", "frustration"],
    )
    assert uneven.kappa == pytest.approx(0.2)
    assert tone_metrics(["neutral", "optimism"], ["neutral", "optimism"]).kappa == 1.0
    assert tone_metrics(["neutral"] * 3, ["neutral"] * 3).kappa == 1.0  # one label, all agree
    # a reader who always says the same label agrees no better than chance
    assert tone_metrics(["neutral", "optimism"], ["neutral", "neutral"]).kappa == 0.0


def test_the_wilson_interval_of_a_proportion() -> None:
    from stance.metrics import proportion_interval

    low, high = proportion_interval(154, 161)
    assert 0.90 < low < 0.92 and 0.97 < high < 0.98  # 0.957 of 161: (0.913, 0.979)
    assert proportion_interval(10, 10)[1] == 1.0 and proportion_interval(10, 10)[0] > 0.69
    assert proportion_interval(0, 0) == (0.0, 1.0)
