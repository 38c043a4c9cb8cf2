"""Time series of tone per party (or speaker, or party about another party).

`party_series` reads ``published``, ``party``, ``optimism`` and ``frustration`` from the scored
frame and returns one row per group and period:

=============================== ==========================================================
party                           the party (``Unknown`` included, as the statements say);
                                with ``by``, the grouping columns instead (e.g. ``speaker``,
                                or ``party`` and ``target`` for dyads: "US about Ukraine")
period                          start of the period, tz-aware UTC
n                               statements in the period
optimism, frustration, net      means over the statements; net = optimism - frustration
``<measure>_lo``, ``_hi``       95% interval of the mean (see below)
low_n                           True where n < `min_n`: too few statements to read
=============================== ==========================================================

Intervals are analytic: the Student-t interval of the mean, mean ± t(0.975, n-1)·s/√n, clipped to
the range of the measure ([0, 1], net [-1, 1]). With a single statement there is no spread to
measure, and the interval is the whole range: one quote says little about a party's tone.
Periods with no statements have no row (they are gaps, not zeros).

`smooth_series` adds smoothed columns beside the raw ones (it never replaces them, and keeps
``n``); `filter_statements` narrows the scored statements by date, party, speaker and confidence
before the series is computed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from ._frames import published_between
from .errors import StanceError
from .schema import (
    LABELS,
    MEASURES,
    MIN_N,
    NO_SPEAKER,
    NO_TARGET,
    SERIES_VALUE_COLUMNS,
    UNKNOWN_PARTY,
    require_columns,
)

__all__ = [
    "FREQUENCIES",
    "check_freq",
    "filter_statements",
    "party_series",
    "smooth_series",
    "speaker_series",
]

FREQUENCIES = {
    "hour": "h",
    "h": "h",
    "day": "D",
    "d": "D",
    "week": "W",
    "w": "W",
    "month": "M",
    "m": "M",
}


def check_freq(freq: str) -> int | str:
    """What a period names: a number of days (``"3D"`` -> 3), or the pandas code of an hour,
    day, week or month. Raises `StanceError` listing the valid periods."""
    key = str(freq).strip()
    days = re.fullmatch(r"(\d+)\s*(?:d|D|days?)", key)
    if days and int(days.group(1)) > 0:
        return int(days.group(1))
    code = FREQUENCIES.get(key.lower()) or (key if key in ("h", "D", "W", "M") else None)
    if code is None:
        raise StanceError(
            f"unknown period {freq!r}; valid: hour, day, week, month (or h, D, W, M), "
            "or a number of days such as 3D"
        )
    return code


def period_start(published: pd.Series, freq: str) -> pd.Series:
    """The start of the period each timestamp falls in (tz-aware UTC)."""
    code = check_freq(freq)
    if isinstance(code, int):
        # Bins of k days counted from the first day with a statement.
        width = pd.Timedelta(days=code)
        if published.empty:
            return published
        origin = published.min().floor("D")
        return origin + ((published - origin) // width) * width
    if code == "h":
        return published.dt.floor("h")
    naive = published.dt.tz_convert("UTC").dt.tz_localize(None)
    return naive.dt.to_period(code).dt.start_time.dt.tz_localize("UTC")


def _interval(values: np.ndarray, low: float, high: float, level: float) -> tuple[float, ...]:
    from scipy import stats

    mean = float(values.mean())
    n = len(values)
    if n < 2:
        return mean, low, high
    half = float(stats.t.ppf(0.5 + level / 2, n - 1) * values.std(ddof=1) / np.sqrt(n))
    return mean, max(low, mean - half), min(high, mean + half)


def party_series(
    scored: pd.DataFrame,
    freq: str = "W",
    *,
    by: str | Sequence[str] = "party",
    min_n: int = MIN_N,
    level: float = 0.95,
) -> pd.DataFrame:
    """Tone per group and period with interval bounds (columns in the module docstring).

    `freq` is hour, day, week (weeks start on Monday), month, or a number of days ("3D": bins of
    three days counted from the first day with a statement). `by` names the grouping column(s):
    ``party`` (default), ``speaker``, or ``["party", "target"]`` for who-about-whom series.
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_columns(scored, ("published", *keys, "optimism", "frustration"), stage="party_series")
    undated = int(pd.to_datetime(scored["published"], utc=True).isna().sum())
    if undated:
        raise StanceError(
            f"party_series: {undated} statement(s) have no `published` date; every statement "
            "needs one to fall in a period"
        )
    frame = pd.DataFrame(
        {
            **{key: scored[key].astype("string").fillna(_missing(key)) for key in keys},
            "period": period_start(pd.to_datetime(scored["published"], utc=True), freq),
            "optimism": scored["optimism"].astype(float),
            "frustration": scored["frustration"].astype(float),
        }
    )
    frame["net"] = frame["optimism"] - frame["frustration"]
    rows = []
    for group_key, group in frame.groupby([*keys, "period"], sort=True):
        values = dict(zip([*keys, "period"], group_key, strict=True))
        row: dict[str, object] = {**values, "n": len(group)}
        for measure, (low, high) in MEASURES.items():
            mean, lo, hi = _interval(group[measure].to_numpy(), low, high, level)
            row.update({measure: mean, f"{measure}_lo": lo, f"{measure}_hi": hi})
        row["low_n"] = len(group) < min_n
        rows.append(row)
    series = pd.DataFrame(rows, columns=[*keys, "period", *SERIES_VALUE_COLUMNS])
    for key in keys:
        series[key] = series[key].astype("string")
    series["n"] = series["n"].astype("int64")
    series["low_n"] = series["low_n"].astype(bool)
    series["period"] = pd.to_datetime(series["period"], utc=True)
    return series.reset_index(drop=True)


def _missing(key: str) -> str:
    return {"party": UNKNOWN_PARTY, "target": NO_TARGET, "speaker": NO_SPEAKER}.get(key, NO_TARGET)


def speaker_series(scored: pd.DataFrame, freq: str = "W", **kwargs: object) -> pd.DataFrame:
    """`party_series` per speaker, with the speaker's party kept as a column."""
    return party_series(scored, freq, by=["party", "speaker"], **kwargs)  # type: ignore[arg-type]


def smooth_series(
    series: pd.DataFrame,
    *,
    window: int = 3,
    method: str = "rolling",
    by: str | Sequence[str] = "party",
) -> pd.DataFrame:
    """A copy of `series` with ``<measure>_smooth`` columns and ``n_smooth``.

    ``rolling``: the mean over the last `window` periods that have statements, weighted by
    their ``n`` (so a period of one statement counts for one statement); ``n_smooth`` is the
    number of statements behind each smoothed value. ``ewm``: an exponentially weighted mean with
    span `window`, also weighted by ``n``. The raw means, intervals and ``n`` stay as they are.
    """
    keys = [by] if isinstance(by, str) else list(by)
    require_columns(series, (*keys, "period", "n", *MEASURES), stage="smooth_series")
    if method not in ("rolling", "ewm"):
        raise StanceError(f"unknown smoothing {method!r}; valid: rolling, ewm")
    if window < 1:
        raise StanceError(f"smoothing window must be at least 1, got {window}")
    out = series.sort_values([*keys, "period"]).copy()
    pieces = []
    for _, group in out.groupby(keys, sort=False):
        n = group["n"].astype(float)
        for measure in MEASURES:
            weighted = group[measure] * n
            if method == "rolling":
                num = weighted.rolling(window, min_periods=1).sum()
                den = n.rolling(window, min_periods=1).sum()
            else:
                num = weighted.ewm(span=window, adjust=True).mean()
                den = n.ewm(span=window, adjust=True).mean()
            group = group.assign(**{f"{measure}_smooth": num / den})
        n_smooth = n.rolling(window, min_periods=1).sum() if method == "rolling" else n
        pieces.append(group.assign(n_smooth=n_smooth.astype("int64")))
    if not pieces:
        return out.assign(
            **{f"{m}_smooth": pd.Series(dtype=float) for m in MEASURES},
            n_smooth=pd.Series(dtype="int64"),
        )
    return pd.concat(pieces).sort_index()


def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def filter_statements(
    scored: pd.DataFrame,
    *,
    since: str | pd.Timestamp | None = None,
    until: str | pd.Timestamp | None = None,
    parties: str | Iterable[str] | None = None,
    speakers: str | Iterable[str] | None = None,
    min_confidence: float | None = None,
) -> pd.DataFrame:
    """The statements published in ``[since, until]`` (inclusive days), by the given parties
    and speakers, whose most probable label has at least `min_confidence` probability.

    Dates without a time zone are UTC; `until` as a date includes that whole day.
    """
    require_columns(scored, ("published",), stage="filter_statements")
    keep = published_between(scored, since, until)
    for column, wanted in (("party", _as_list(parties)), ("speaker", _as_list(speakers))):
        if wanted is not None:
            require_columns(scored, (column,), stage="filter_statements")
            keep &= scored[column].isin(wanted).fillna(False).astype(bool)
    if min_confidence is not None:
        require_columns(scored, LABELS, stage="filter_statements")
        keep &= scored[list(LABELS)].max(axis=1) >= min_confidence
    return scored[keep].copy()
