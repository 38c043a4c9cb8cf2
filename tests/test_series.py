"""Per-party series: means, intervals, periods and the low-n flag."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from stance import StanceError, party_series

from .fixtures import SCORED, with_speakers


def test_weekly_means_counts_and_t_intervals() -> None:
    series = party_series(SCORED, freq="W")
    week = series[
        (series["party"] == "Oskaria") & (series["period"] == pd.Timestamp("2026-03-02", tz="UTC"))
    ].iloc[0]
    assert week["n"] == 3
    assert week["optimism"] == pytest.approx(0.6)
    assert week["net"] == pytest.approx(np.mean([0.7, 0.4, 0.1]))
    half = stats.t.ppf(0.975, 2) * np.std([0.8, 0.6, 0.4], ddof=1) / np.sqrt(3)
    assert week["optimism_lo"] == pytest.approx(max(0.0, 0.6 - half))
    assert week["optimism_hi"] == pytest.approx(min(1.0, 0.6 + half))
    assert not week["low_n"]


def test_a_single_statement_gets_the_whole_range_and_is_flagged() -> None:
    series = party_series(SCORED, freq="W")
    alone = series[series["party"] == "Veldania"].iloc[0]
    assert alone["n"] == 1 and alone["low_n"]
    assert (alone["optimism_lo"], alone["optimism_hi"]) == (0.0, 1.0)
    assert (alone["net_lo"], alone["net_hi"]) == (-1.0, 1.0)


@pytest.mark.parametrize(
    ("freq", "periods"),
    [
        ("day", 5),
        ("D", 5),
        ("week", 3),
        ("month", 2),
        ("3D", 3),
        ("hour", 5),
    ],
)
def test_period_choices(freq: str, periods: int) -> None:
    series = party_series(SCORED, freq=freq)
    assert len(series) == periods
    assert series["n"].sum() == len(SCORED)
    assert str(series["period"].dt.tz) == "UTC"


def test_month_periods_start_on_the_first() -> None:
    series = party_series(SCORED, freq="month")
    assert set(series["period"]) == {pd.Timestamp("2026-03-01", tz="UTC")}


def test_bad_period_lists_the_choices() -> None:
    with pytest.raises(StanceError, match="unknown period 'fortnight'; valid: hour, day, week"):
        party_series(SCORED, freq="fortnight")


def test_empty_input_gives_empty_series() -> None:
    series = party_series(SCORED.iloc[:0])
    assert series.empty and "net_hi" in series.columns


def test_series_per_speaker_and_per_dyad() -> None:
    from stance.series import speaker_series

    by_speaker = speaker_series(with_speakers(), freq="month")
    assert set(zip(by_speaker["party"], by_speaker["speaker"], by_speaker["n"], strict=True)) == {
        ("Oskaria", "Arla Venn", 3),
        ("Oskaria", "Ivo Dask", 1),
        ("Veldania", "Tomas Brekk", 1),
    }
    dyads = party_series(with_speakers(), freq="month", by=["party", "target"])
    pairs = dict(zip(zip(dyads["party"], dyads["target"], strict=True), dyads["n"], strict=True))
    assert pairs == {
        ("Oskaria", "Veldania"): 3,
        ("Oskaria", "(none)"): 1,
        ("Veldania", "Oskaria"): 1,
    }


def test_smoothing_is_weighted_by_n_and_keeps_the_raw_values() -> None:
    from stance.series import smooth_series

    series = party_series(SCORED, freq="W")
    smooth = smooth_series(series, window=2)
    osk = smooth[smooth["party"] == "Oskaria"].sort_values("period")
    assert osk["optimism"].tolist() == pytest.approx([0.6, 0.1])  # raw means untouched
    assert osk["n"].tolist() == [3, 1] and osk["n_smooth"].tolist() == [3, 4]
    # second week: (3 * 0.6 + 1 * 0.1) / 4
    assert osk["optimism_smooth"].iloc[1] == pytest.approx((3 * 0.6 + 0.1) / 4)
    ewm = smooth_series(series, window=2, method="ewm")
    assert "net_smooth" in ewm and len(ewm) == len(series)
    with pytest.raises(StanceError, match="unknown smoothing 'median'; valid: rolling, ewm"):
        smooth_series(series, method="median")


def test_filter_by_dates_parties_speakers_and_confidence() -> None:
    from stance.series import filter_statements

    frame = with_speakers()
    assert len(filter_statements(frame, since="2026-03-04", until="2026-03-08")) == 2
    assert len(filter_statements(frame, until="2026-03-02")) == 1  # the whole last day counts
    assert filter_statements(frame, parties="Veldania")["speaker"].tolist() == ["Tomas Brekk"]
    assert len(filter_statements(frame, speakers=["Arla Venn", "Ivo Dask"])) == 4
    confident = filter_statements(frame, min_confidence=0.6)
    # the most probable label must have at least 0.6: drops only Veldania (0.2 / 0.5 / 0.3)
    assert confident["optimism"].tolist() == [0.8, 0.6, 0.1]
    with pytest.raises(StanceError, match="not a date: 'soon'"):
        filter_statements(frame, since="soon")


def test_undated_statements_and_empty_dates_are_errors() -> None:
    from stance.series import filter_statements

    undated = SCORED.copy()
    undated.loc[0, "published"] = pd.NaT
    with pytest.raises(StanceError, match=r"1 statement\(s\) have no `published` date"):
        party_series(undated)
    with pytest.raises(StanceError, match="not a date: ''"):
        filter_statements(SCORED, until="")
