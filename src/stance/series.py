"""Per-party time series of tone.

`party_series` reads ``published``, ``party``, ``optimism`` and ``frustration`` from the scored
frame and returns one row per party and period:

=============================== ==========================================================
party                           the party (``Unknown`` included, as the statements say)
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
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ._frames import require_columns
from .errors import StanceError

__all__ = ["FREQUENCIES", "SERIES_COLUMNS", "party_series"]

MEASURES = {"optimism": (0.0, 1.0), "frustration": (0.0, 1.0), "net": (-1.0, 1.0)}
SERIES_COLUMNS = [
    "party",
    "period",
    "n",
    *[f"{m}{s}" for m in MEASURES for s in ("", "_lo", "_hi")],
    "low_n",
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


def _period_start(published: pd.Series, freq: str) -> pd.Series:
    key = freq.strip()
    days = re.fullmatch(r"(\d+)\s*(?:d|D|days?)", key)
    if days:
        # Bins of k days counted from the first day with a statement.
        width = pd.Timedelta(days=int(days.group(1)))
        if published.empty:
            return published
        origin = published.min().floor("D")
        return origin + ((published - origin) // width) * width
    code = FREQUENCIES.get(key.lower()) or (key if key in ("h", "D", "W", "M") else None)
    if code is None:
        raise StanceError(
            f"unknown period {freq!r}; valid: hour, day, week, month (or h, D, W, M), "
            "or a number of days such as 3D"
        )
    if code == "h":
        return published.dt.floor("h")
    naive = published.dt.tz_convert("UTC").dt.tz_localize(None)
    return naive.dt.to_period(code).dt.start_time.dt.tz_localize("UTC")


def party_series(
    scored: pd.DataFrame, freq: str = "W", *, min_n: int = 3, level: float = 0.95
) -> pd.DataFrame:
    """Tone per party and period with interval bounds (columns in the module docstring).

    `freq` is hour, day, week (weeks start on Monday), month, or a number of days ("3D": bins of
    three days counted from the first day with a statement).
    """
    require_columns(scored, ("published", "party", "optimism", "frustration"), stage="party_series")
    from scipy import stats

    frame = pd.DataFrame(
        {
            "party": scored["party"].astype("string").fillna("Unknown"),
            "period": _period_start(pd.to_datetime(scored["published"], utc=True), freq),
            "optimism": scored["optimism"].astype(float),
            "frustration": scored["frustration"].astype(float),
        }
    )
    frame["net"] = frame["optimism"] - frame["frustration"]
    rows = []
    for (party, period), group in frame.groupby(["party", "period"], sort=True):
        n = len(group)
        row: dict[str, object] = {"party": party, "period": period, "n": n}
        for measure, (low, high) in MEASURES.items():
            values = group[measure].to_numpy()
            mean = float(values.mean())
            if n > 1:
                half = float(stats.t.ppf(0.5 + level / 2, n - 1) * values.std(ddof=1) / np.sqrt(n))
                lo, hi = max(low, mean - half), min(high, mean + half)
            else:
                lo, hi = low, high
            row.update({measure: mean, f"{measure}_lo": lo, f"{measure}_hi": hi})
        row["low_n"] = n < min_n
        rows.append(row)
    series = pd.DataFrame(rows, columns=SERIES_COLUMNS)
    series["party"] = series["party"].astype("string")
    series["n"] = series["n"].astype("int64")
    series["low_n"] = series["low_n"].astype(bool)
    if len(series) == 0:
        series["period"] = pd.to_datetime(series["period"], utc=True)
    return series.reset_index(drop=True)
