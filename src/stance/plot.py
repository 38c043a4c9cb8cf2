"""Figures of the party series (matplotlib, imported only when a figure is drawn).

- `plot_optimism_frustration`: optimism and frustration over time, a small panel per party.
- `plot_net`: net tone of every party on one axis.
- `plot_heatmap`: net tone by party and period.
- `plot_scatter`: each party's mean optimism against mean frustration, with an arrow from the
  earlier half of the date range to the later half.

Every time figure takes ``events`` (from `load_events`) and draws them as labelled vertical
lines. Colours are from the Okabe–Ito palette, which colour-blind readers can tell apart; lines
and markers also differ in style and shape, so the figures stay readable in greyscale. The number
of statements behind every point is shown, and periods with too few statements to read
(``low_n``) get hollow markers.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ._frames import read_csv_with, utc_date
from .errors import StanceError
from .schema import MEASURES, UNKNOWN_PARTY, require_columns

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "PALETTE",
    "STYLE",
    "describe_series",
    "events_frame",
    "figure_html",
    "load_events",
    "plot_heatmap",
    "plot_net",
    "plot_optimism_frustration",
    "plot_scatter",
]

STYLE = {
    "optimism": {"color": "#0072B2", "marker": "o", "linestyle": "-"},
    "frustration": {"color": "#D55E00", "marker": "s", "linestyle": "--"},
}
# Okabe–Ito colours with a distinct marker and line style each, for one line per party.
PALETTE = [
    ("#0072B2", "o", "-"),
    ("#D55E00", "s", "--"),
    ("#009E73", "^", "-."),
    ("#CC79A7", "D", ":"),
    ("#E69F00", "v", "-"),
    ("#56B4E9", "P", "--"),
    ("#000000", "X", "-."),
    ("#F0E442", "*", ":"),
]
_GREY = "#666666"
_N_LABELS_MAX = 14  # print n above each point up to this many periods; bars always show it

# what every figure of a series reads (its intervals are required where they are drawn)
_SERIES_COLUMNS = ("party", "period", "n", *MEASURES)


def _party_order(series: pd.DataFrame) -> list[str]:
    totals = series.groupby("party")["n"].sum().sort_values(ascending=False, kind="stable")
    parties = [str(p) for p in totals.index if p != UNKNOWN_PARTY]
    return parties + ([UNKNOWN_PARTY] if UNKNOWN_PARTY in totals.index else [])


def _naive(values: Any) -> pd.Series:
    return pd.to_datetime(pd.Series(values), utc=True).dt.tz_localize(None)


def _plain_text(plot: Callable[..., Figure]) -> Callable[..., Figure]:
    """Draw a figure with every text as written: titles, party names and event labels come from
    users, and a "$" in them ("$5 and $10", "$\\frac{$") must not be read as mathematics."""

    @functools.wraps(plot)
    def plain(*args: Any, **kwargs: Any) -> Figure:
        import matplotlib

        with matplotlib.rc_context({"text.parse_math": False}):
            return plot(*args, **kwargs)

    return plain


def load_events(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Events to mark on time figures, from a CSV with ``date`` and ``label`` columns.

    Raises `StanceError` naming the file and line of a missing column or an unreadable date.
    """
    path = Path(path)
    events = read_csv_with(path, ("date", "label"), what="events")
    return events_frame(
        zip(events["date"], events["label"], strict=True), source=f"{path}: line", first=2
    )


def events_frame(
    pairs: Iterable[Sequence[Any]], *, source: str = "event", first: int = 1
) -> pd.DataFrame:
    """Events to mark on time figures from ``(date, label)`` pairs, as `load_events` returns
    them: what the report notebook's `events` parameter holds. Raises `StanceError` naming the
    event (`source` and its number, counted from `first`) whose date cannot be read."""
    dates, labels = [], []
    for number, (value, label) in enumerate(pairs, start=first):
        try:
            dates.append(utc_date(value))
        except StanceError:
            raise StanceError(f"{source} {number}: unreadable date {value!r}") from None
        labels.append(str(label))
    return pd.DataFrame(
        {"date": pd.to_datetime(dates, utc=True), "label": pd.Series(labels, dtype=object)}
    )


def _draw_events(ax: Axes, events: pd.DataFrame | None, *, labels: bool = True) -> None:
    if events is None or events.empty:
        return
    for date, label in zip(_naive(events["date"]), events["label"], strict=True):
        ax.axvline(date, color=_GREY, linestyle=(0, (2, 2)), linewidth=1, zorder=1)
        if labels:
            ax.annotate(
                str(label),
                (date, 1.0),
                xycoords=("data", "axes fraction"),
                xytext=(3, -3),
                textcoords="offset points",
                rotation=90,
                va="top",
                ha="left",
                fontsize=7,
                color=_GREY,
            )


def _time_axis(ax: Axes, periods: pd.Series, events: pd.DataFrame | None) -> None:
    import matplotlib.dates as mdates

    stamps = list(_naive(periods))
    if events is not None and not events.empty:
        stamps += list(_naive(events["date"]))
    if stamps:
        start, end = min(stamps), max(stamps)
        pad = max((end - start) * 0.04, pd.Timedelta(days=3))
        ax.set_xlim(start - pad, end + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.set_xlabel("period start (UTC)")


def _n_bars(ax: Axes, x: pd.Series, n: pd.Series, n_max: int, width_days: float) -> None:
    """Statement counts as light bars along the bottom of a panel, on their own scale."""
    twin = ax.twinx()
    twin.bar(x, n, width=width_days, color="#bbbbbb", alpha=0.45, zorder=0, linewidth=0)
    twin.set_ylim(0, max(n_max, 1) * 4)  # bars use the lower quarter of the panel
    twin.set_yticks([0, max(n_max, 1)])
    twin.tick_params(axis="y", labelsize=7, colors=_GREY)
    twin.set_ylabel("statements", fontsize=7, color=_GREY)
    twin.spines[["top"]].set_visible(False)
    ax.set_zorder(twin.get_zorder() + 1)
    ax.patch.set_visible(False)


def _period_width_days(periods: pd.Series) -> float:
    stamps = sorted(set(_naive(periods)))
    if len(stamps) < 2:
        return 3.0
    gaps = np.diff(np.array(stamps, dtype="datetime64[s]")).astype("timedelta64[s]")
    return max(float(np.min(gaps).astype(float)) / 86400 * 0.7, 0.02)


def _party_rows(series: pd.DataFrame, party: str) -> tuple[pd.DataFrame, pd.Series, np.ndarray]:
    """One party's rows in period order, their x positions and their low-n flags."""
    data = series[series["party"] == party].sort_values("period")
    x = _naive(data["period"]).reset_index(drop=True)
    low = data["low_n"].to_numpy(bool) if "low_n" in data else np.zeros(len(data), bool)
    return data, x, low


def _points(
    ax: Axes,
    x: pd.Series,
    data: pd.DataFrame,
    measure: str,
    low: np.ndarray,
    style: tuple[str, str, str],
    label: str,
) -> None:
    """One measure of one party: means with their intervals, low-n periods hollow."""
    color, marker, linestyle = style
    y = data[measure].to_numpy(float)
    lo = data[f"{measure}_lo"].to_numpy(float)
    hi = data[f"{measure}_hi"].to_numpy(float)
    if len(x) > 1:
        # No band over single statements: their interval is the whole range and says nothing.
        n = data["n"].to_numpy()
        ax.fill_between(x, lo, hi, where=n >= 2, color=color, alpha=0.13, linewidth=0)
        ax.plot(x, y, color=color, linestyle=linestyle, linewidth=1.5)
    else:
        ax.errorbar(
            x,
            y,
            yerr=[y - lo, hi - y],
            fmt="none",
            ecolor=color,
            elinewidth=1.2,
            capsize=4,
            alpha=0.6,
        )
    filled = bool((~low).any())
    if filled:
        ax.scatter(x[~low], y[~low], color=color, marker=marker, s=34, zorder=3, label=label)
    if low.any():
        ax.scatter(
            x[low],
            y[low],
            facecolors="white",
            edgecolors=color,
            marker=marker,
            s=34,
            zorder=3,
            linewidths=1.5,
            label=None if filled else label,
        )


def _n_labels(ax: Axes, x: pd.Series, n: pd.Series) -> None:
    """``n=`` printed above each period of a panel."""
    for xi, count in zip(x, n, strict=True):
        ax.annotate(
            f"n={count}",
            (xi, 1.0),
            xytext=(0, 2),
            textcoords="offset points",
            ha="center",
            va="bottom",
            fontsize=7,
            color="#444444",
        )


def _y_grid(ax: Axes) -> None:
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.spines[["top", "right"]].set_visible(False)


def _no_statements(ax: Axes) -> None:
    ax.text(0.5, 0.5, "no statements to plot", ha="center", va="center", transform=ax.transAxes)


def _party_panel(
    ax: Axes,
    series: pd.DataFrame,
    party: str,
    *,
    n_max: int,
    bar_width: float,
    n_labels: bool,
    events: pd.DataFrame | None,
    event_labels: bool,
) -> None:
    """One party's panel of the optimism/frustration figure."""
    data, x, low = _party_rows(series, party)
    _n_bars(ax, x, data["n"].reset_index(drop=True), n_max, bar_width)
    for measure, style in STYLE.items():
        look = (style["color"], style["marker"], style["linestyle"])
        _points(ax, x, data, measure, low, look, measure)
    if n_labels:
        _n_labels(ax, x, data["n"])
    _draw_events(ax, events, labels=event_labels)
    ax.set_ylim(0, 1.12)
    ax.set_yticks([0, 0.5, 1])
    ax.set_ylabel(f"{party}\nmean probability", fontsize=9)
    _y_grid(ax)


def _measures_legend(fig: Figure, ax: Axes) -> None:
    """The optimism/frustration legend above the panels, from the first panel's markers."""
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        fig.legend(
            handles,
            labels,
            loc="outside upper right",
            ncols=2,
            frameon=False,
            title="hollow marker: too few statements to read; grey bars: statements",
            title_fontsize=7,
        )


@_plain_text
def plot_optimism_frustration(
    series: pd.DataFrame,
    *,
    parties: list[str] | None = None,
    title: str | None = None,
    events: pd.DataFrame | None = None,
    width: float = 9.0,
    panel_height: float = 2.2,
) -> Figure:
    """Optimism and frustration over time, one panel per party on a shared time axis.

    Reads the columns of `stance.series.party_series`. Each point is a period's mean with its
    95% interval as a band (an error bar where a point stands alone). Grey bars along the bottom
    count the statements per period (also printed above the points when there are few periods);
    periods with too few statements (``low_n``) get hollow markers.
    """
    require_columns(
        series,
        (*_SERIES_COLUMNS, "optimism_lo", "optimism_hi", "frustration_lo", "frustration_hi"),
        stage="plot_optimism_frustration",
    )
    import matplotlib.pyplot as plt

    order = parties if parties is not None else _party_order(series)
    rows = max(len(order), 1)
    fig, axes = plt.subplots(
        rows,
        1,
        figsize=(width, 1.0 + panel_height * rows),
        sharex=True,
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    n_max = int(series["n"].max()) if len(series) else 1
    bar_width = _period_width_days(series["period"]) if len(series) else 3.0
    few = series["period"].nunique() <= _N_LABELS_MAX
    for ax, party in zip(axes[:, 0], order, strict=False):
        _party_panel(
            ax,
            series,
            party,
            n_max=n_max,
            bar_width=bar_width,
            n_labels=few,
            events=events,
            event_labels=ax is axes[0, 0],
        )
    _time_axis(axes[-1, 0], series["period"], events)
    _measures_legend(fig, axes[0, 0])
    if not order or not len(series):
        _no_statements(axes[0, 0])
    fig.suptitle(title or "Optimism and frustration by party", fontsize=12, x=0.02, ha="left")
    return fig


@_plain_text
def plot_net(
    series: pd.DataFrame,
    *,
    parties: list[str] | None = None,
    title: str | None = None,
    events: pd.DataFrame | None = None,
    smooth: bool = False,
    width: float = 9.0,
    height: float = 4.2,
) -> Figure:
    """Net tone (optimism minus frustration) of every party on one axis.

    With ``smooth=True`` and ``net_smooth`` columns (`stance.series.smooth_series`), the
    smoothed line is drawn over the raw points, which stay visible with their intervals.
    """
    require_columns(series, (*_SERIES_COLUMNS, "net_lo", "net_hi"), stage="plot_net")
    import matplotlib.pyplot as plt

    order = parties if parties is not None else _party_order(series)
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    for k, party in enumerate(order):
        style = PALETTE[k % len(PALETTE)]
        data, x, low = _party_rows(series, party)
        _points(ax, x, data, "net", low, style, f"{party} (n={int(data['n'].sum())})")
        if smooth and "net_smooth" in data:
            ax.plot(x, data["net_smooth"].to_numpy(float), color=style[0], linewidth=3, alpha=0.5)
    ax.axhline(0, color="#999999", linewidth=0.8)
    _draw_events(ax, events)
    ax.set_ylim(-1.05, 1.05)
    ax.set_ylabel("net tone (optimism − frustration)\n−1 all frustrated … +1 all optimistic")
    _y_grid(ax)
    _time_axis(ax, series["period"], events)
    if order:
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1),
            frameon=False,
            fontsize=8,
            title="party (statements)",
            title_fontsize=8,
        )
    else:
        _no_statements(ax)
    ax.set_title(title or "Net tone by party", loc="left", fontsize=12)
    return fig


def _empty_heatmap(width: float, title: str | None) -> Figure:
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, 1.8), layout="constrained")
    ax.axis("off")
    ax.text(0.5, 0.5, "no statements to plot", ha="center", va="center")
    ax.set_title(title or "Net tone by party and period", loc="left", fontsize=12)
    return fig


def _heatmap_cells(
    series: pd.DataFrame, order: list[str], periods: list[pd.Timestamp]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Net tone, statement count and low-n flag per party (row) and period (column); a cell
    without statements has net NaN and count 0."""
    grid = np.full((len(order), len(periods)), np.nan)
    counts = np.zeros((len(order), len(periods)), dtype=int)
    low = np.zeros((len(order), len(periods)), dtype=bool)
    index = {p: i for i, p in enumerate(periods)}
    rows = {p: i for i, p in enumerate(order)}
    for row in series.itertuples():
        if row.party in rows:
            i, j = rows[row.party], index[pd.Timestamp(row.period)]
            grid[i, j], counts[i, j] = row.net, row.n
            low[i, j] = bool(getattr(row, "low_n", False))
    return grid, counts, low


def _heatmap_image(ax: Axes, grid: np.ndarray) -> tuple[Any, float]:
    """The cells coloured on a diverging scale centred on zero; returns the image and the
    scale's limit (at least 0.2, so a flat grid is not painted at full strength)."""
    import matplotlib
    from matplotlib.colors import TwoSlopeNorm

    limit = max(float(np.nanmax(np.abs(grid))) if np.isfinite(grid).any() else 0.0, 0.2)
    image = ax.imshow(
        np.ma.masked_invalid(grid),
        aspect="auto",
        cmap=matplotlib.colormaps["PuOr"].with_extremes(bad="#f4f4f4"),
        norm=TwoSlopeNorm(vcenter=0.0, vmin=-limit, vmax=limit),
        interpolation="none",
    )
    return image, limit


def _cell_labels(
    ax: Axes, grid: np.ndarray, counts: np.ndarray, low: np.ndarray, limit: float
) -> None:
    """Each cell with statements gets its net tone and n; low-n cells are hatched."""
    from matplotlib.patches import Rectangle

    for i, j in zip(*np.nonzero(counts), strict=True):
        ax.text(
            j,
            i,
            f"{grid[i, j]:+.2f}\nn={counts[i, j]}",
            ha="center",
            va="center",
            fontsize=6.5,
            color="white" if abs(grid[i, j]) > limit * 0.6 else "black",
        )
        if low[i, j]:
            ax.add_patch(
                Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    fill=False,
                    hatch="///",
                    edgecolor="#888888",
                    linewidth=0,
                )
            )


def _heatmap_axes(ax: Axes, order: list[str], periods: list[pd.Timestamp]) -> None:
    """Party names down the side; period starts along the bottom (at most about 12)."""
    ax.set_yticks(range(len(order)), order)
    step = max(1, len(periods) // 12)
    ax.set_xticks(
        range(0, len(periods), step),
        [f"{pd.Timestamp(p):%Y-%m-%d}" for p in periods[::step]],
        rotation=45,
        ha="right",
        fontsize=8,
    )
    ax.set_xlabel("period start (UTC)")


def _heatmap_events(ax: Axes, events: pd.DataFrame | None, periods: list[pd.Timestamp]) -> None:
    """Each event as a line at the left edge of the period it falls in, labelled above."""
    if events is None or events.empty:
        return
    starts = np.array([pd.Timestamp(p).value for p in periods])
    for date, label in zip(pd.to_datetime(events["date"], utc=True), events["label"], strict=True):
        j = int(np.searchsorted(starts, pd.Timestamp(date).value, side="right")) - 1
        if 0 <= j < len(periods):
            ax.axvline(j - 0.5, color="#333333", linestyle=(0, (2, 2)), linewidth=1)
            ax.annotate(
                str(label),
                (j - 0.5, -0.5),
                xytext=(2, 2),
                textcoords="offset points",
                fontsize=7,
                rotation=0,
                color="#333333",
                annotation_clip=False,
            )


@_plain_text
def plot_heatmap(
    series: pd.DataFrame,
    *,
    parties: list[str] | None = None,
    title: str | None = None,
    events: pd.DataFrame | None = None,
    width: float = 9.0,
) -> Figure:
    """Net tone by party (rows) and period (columns); each cell shows its n.

    A diverging purple–orange scale (readable with colour-blindness) is centred on zero; cells
    with too few statements are hatched, and periods without statements are left blank.
    """
    require_columns(series, _SERIES_COLUMNS, stage="plot_heatmap")
    import matplotlib.pyplot as plt

    order = parties if parties is not None else _party_order(series)
    periods = sorted(pd.to_datetime(series["period"], utc=True).unique())
    if not periods or not order:
        return _empty_heatmap(width, title)
    grid, counts, low = _heatmap_cells(series, order, periods)
    fig, ax = plt.subplots(figsize=(width, 1.2 + 0.55 * max(len(order), 1)), layout="constrained")
    image, limit = _heatmap_image(ax, grid)
    if len(periods) <= 40:
        _cell_labels(ax, grid, counts, low, limit)
    _heatmap_axes(ax, order, periods)
    _heatmap_events(ax, events, periods)
    bar = fig.colorbar(image, ax=ax, shrink=0.9)
    bar.set_label("net tone (−1 … +1)")
    ax.set_title(
        title or "Net tone by party and period (hatched: too few statements)",
        loc="left",
        fontsize=12,
        pad=16 if events is not None and len(events) else 6,
    )
    return fig


def _half_means(series: pd.DataFrame) -> pd.DataFrame:
    """Per party and half of the date range: n-weighted mean optimism and frustration."""
    periods = pd.to_datetime(series["period"], utc=True)
    middle = periods.min() + (periods.max() - periods.min()) / 2
    frame = series.assign(half=np.where(periods <= middle, "earlier", "later"))
    weighted = frame.assign(o=frame["optimism"] * frame["n"], f=frame["frustration"] * frame["n"])
    sums = weighted.groupby(["party", "half"])[["o", "f", "n"]].sum()
    return pd.DataFrame(
        {"optimism": sums["o"] / sums["n"], "frustration": sums["f"] / sums["n"], "n": sums["n"]}
    ).reset_index()


def _party_marker(
    ax: Axes, party: str, k: int, position: tuple[float, float], n: int, n_max: int
) -> None:
    """A party's mean position, its area growing with `n`, named beside it."""
    color, marker, _ = PALETTE[k % len(PALETTE)]
    ax.scatter(
        *position,
        s=60 + 600 * n / max(n_max, 1),
        color=color,
        marker=marker,
        alpha=0.75,
        edgecolors="black",
        linewidths=0.6,
        zorder=3,
        label=f"{party} (n={n})",
    )
    ax.annotate(
        party,
        position,
        xytext=(10, 10 - 12 * (k % 3)),
        textcoords="offset points",
        fontsize=9,
        color=color,
        fontweight="bold",
    )


def _half_arrow(ax: Axes, halves: pd.DataFrame, party: str, color: str) -> None:
    """An arrow from the party's earlier-half position to its later-half one, if it has both."""
    part = halves[halves["party"] == party].set_index("half") if len(halves) else None
    if part is not None and {"earlier", "later"} <= set(part.index):
        a, b = part.loc["earlier"], part.loc["later"]
        ax.annotate(
            "",
            xy=(b["optimism"], b["frustration"]),
            xytext=(a["optimism"], a["frustration"]),
            arrowprops={"arrowstyle": "->", "color": color, "linewidth": 1.6},
        )


def _tone_diagonal(ax: Axes) -> None:
    """The line of equal optimism and frustration, with the side of each named."""
    ax.plot(
        [0, 1],
        [0, 1],
        color="#bbbbbb",
        linewidth=0.8,
        linestyle=":",
        label="_equal optimism and frustration",
    )
    for y, text, va in (
        (0.93, "more frustrated\nthan optimistic", "top"),
        (0.03, "more optimistic\nthan frustrated", "bottom"),
    ):
        ax.text(0.98, y, text, transform=ax.transAxes, ha="right", va=va, fontsize=8, color=_GREY)


def _square_limits(ax: Axes, points: list[tuple[float, float]]) -> None:
    """The same limits on both axes: the points with a margin of 0.1, within [0, 1]."""
    if points:
        coords = np.array(points, dtype=float)
        low_edge = max(0.0, float(coords.min()) - 0.1)
        high_edge = min(1.0, float(coords.max()) + 0.1)
        ax.set_xlim(low_edge, high_edge)
        ax.set_ylim(low_edge, high_edge)
    else:
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
    ax.set_aspect("equal")


@_plain_text
def plot_scatter(
    series: pd.DataFrame,
    *,
    parties: list[str] | None = None,
    title: str | None = None,
    width: float = 7.0,
    height: float = 6.0,
) -> Figure:
    """Each party's mean optimism (x) against mean frustration (y) over the whole range.

    Point area grows with the number of statements. An arrow runs from the party's position in
    the earlier half of the date range to its position in the later half.
    """
    require_columns(series, _SERIES_COLUMNS, stage="plot_scatter")
    import matplotlib.pyplot as plt

    order = parties if parties is not None else _party_order(series)
    fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    halves = _half_means(series) if len(series) else pd.DataFrame()
    n_max = int(series.groupby("party")["n"].sum().max()) if len(series) else 1
    points: list[tuple[float, float]] = []
    for k, party in enumerate(order):
        data = series[series["party"] == party]
        n = int(data["n"].sum())
        if not n:
            continue
        opt = float((data["optimism"] * data["n"]).sum() / n)
        fru = float((data["frustration"] * data["n"]).sum() / n)
        points.append((opt, fru))
        _party_marker(ax, party, k, (opt, fru), n, n_max)
        _half_arrow(ax, halves, party, PALETTE[k % len(PALETTE)][0])
    _tone_diagonal(ax)
    if len(halves):
        points += list(zip(halves["optimism"], halves["frustration"], strict=True))
    _square_limits(ax, points)
    ax.set_xlabel("mean optimism (probability, 0–1)")
    ax.set_ylabel("mean frustration (probability, 0–1)")
    ax.grid(color="#eeeeee", linewidth=0.6)
    if order and len(series):
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.02, 1),
            frameon=False,
            fontsize=8,
            markerscale=0.35,
            title="arrow: earlier half → later half",
            title_fontsize=8,
        )
    else:
        _no_statements(ax)
    ax.set_title(title or "Where each party stands", loc="left", fontsize=12)
    return fig


def describe_series(series: pd.DataFrame) -> str:
    """A sentence or two saying what the optimism/frustration figure shows (for alt text)."""
    if series.empty:
        return "An empty chart: there were no statements to plot."
    parts = []
    for party in _party_order(series):
        data = series[series["party"] == party].sort_values("period")
        last = data.iloc[-1]
        parts.append(
            f"{party}: {int(data['n'].sum())} statements in {len(data)} period(s); latest period "
            f"starting {pd.Timestamp(last['period']):%Y-%m-%d} has mean optimism "
            f"{last['optimism']:.2f} and frustration {last['frustration']:.2f} (n={int(last['n'])})"
        )
    return "Optimism and frustration over time, one panel per party. " + "; ".join(parts) + "."


def figure_html(fig: Figure, alt: str, *, dpi: int = 110) -> str:
    """An ``<img>`` element holding `fig` as an inline PNG with the alternative text `alt`.

    nbconvert's HTML template drops alt text given as output metadata, so the report embeds its
    figures this way.
    """
    import base64
    import html
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" '
        'style="max-width:100%;height:auto">'
    )
