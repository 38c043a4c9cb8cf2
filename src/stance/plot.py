"""Figures of the party series (matplotlib, imported only when a figure is drawn).

Colours are from the Okabe–Ito palette, which colour-blind readers can tell apart; optimism and
frustration also differ in marker and line style, so they stay apart in greyscale.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from ._frames import require_columns

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["STYLE", "describe_series", "figure_html", "plot_optimism_frustration"]

STYLE = {
    "optimism": {"color": "#0072B2", "marker": "o", "linestyle": "-"},
    "frustration": {"color": "#D55E00", "marker": "s", "linestyle": "--"},
}


def _party_order(series: pd.DataFrame) -> list[str]:
    totals = series.groupby("party")["n"].sum().sort_values(ascending=False, kind="stable")
    parties = [p for p in totals.index if p != "Unknown"]
    return parties + (["Unknown"] if "Unknown" in totals.index else [])


def plot_optimism_frustration(
    series: pd.DataFrame,
    *,
    parties: list[str] | None = None,
    title: str | None = None,
    width: float = 9.0,
    panel_height: float = 2.2,
) -> Figure:
    """Optimism and frustration over time, one panel per party on a shared time axis.

    Reads the columns of `stance.series.party_series`. Each point is a period's mean with its
    interval as a band (or an error bar where a point stands alone); the number of statements is
    printed above each period, and periods with too few statements (``low_n``) get hollow markers.
    """
    require_columns(
        series,
        (
            "party",
            "period",
            "n",
            "optimism",
            "optimism_lo",
            "optimism_hi",
            "frustration",
            "frustration_lo",
            "frustration_hi",
        ),
        stage="plot_optimism_frustration",
    )
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    order = parties if parties is not None else _party_order(series)
    rows = max(len(order), 1)
    fig, axes = plt.subplots(
        rows,
        1,
        figsize=(width, 0.9 + panel_height * rows),
        sharex=True,
        sharey=True,
        squeeze=False,
        layout="constrained",
    )
    periods = pd.to_datetime(series["period"], utc=True) if len(series) else pd.Series([])
    for ax, party in zip(axes[:, 0], order, strict=False):
        data = series[series["party"] == party].sort_values("period")
        x = pd.to_datetime(data["period"], utc=True).dt.tz_localize(None)
        low = data["low_n"].to_numpy(bool) if "low_n" in data else None
        for measure, style in STYLE.items():
            y = data[measure].to_numpy(float)
            lo = data[f"{measure}_lo"].to_numpy(float)
            hi = data[f"{measure}_hi"].to_numpy(float)
            if len(data) > 1:
                ax.fill_between(x, lo, hi, color=style["color"], alpha=0.15, linewidth=0)
                ax.plot(x, y, color=style["color"], linestyle=style["linestyle"], linewidth=1.5)
            else:
                ax.errorbar(
                    x,
                    y,
                    yerr=[y - lo, hi - y],
                    fmt="none",
                    ecolor=style["color"],
                    elinewidth=1.2,
                    capsize=4,
                    alpha=0.6,
                )
            filled = ~low if low is not None else slice(None)
            ax.scatter(
                x[filled],
                y[filled],
                color=style["color"],
                marker=style["marker"],
                s=36,
                zorder=3,
                label=measure,
            )
            if low is not None and low.any():
                ax.scatter(
                    x[low],
                    y[low],
                    facecolors="white",
                    edgecolors=style["color"],
                    marker=style["marker"],
                    s=36,
                    zorder=3,
                    linewidths=1.5,
                )
        for xi, n in zip(x, data["n"], strict=True):
            ax.annotate(
                f"n={n}",
                (xi, 1.0),
                xytext=(0, 2),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=8,
                color="#444444",
            )
        ax.set_ylim(0, 1.12)
        ax.set_yticks([0, 0.5, 1])
        ax.set_ylabel(f"{party}\nmean probability", fontsize=9)
        ax.grid(axis="y", color="#dddddd", linewidth=0.6)
        ax.spines[["top", "right"]].set_visible(False)
    if len(periods):
        start = periods.min().tz_localize(None)
        end = periods.max().tz_localize(None)
        pad = max((end - start) * 0.05, pd.Timedelta(days=3))
        axes[-1, 0].set_xlim(start - pad, end + pad)
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    axes[-1, 0].xaxis.set_major_locator(locator)
    axes[-1, 0].xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    axes[-1, 0].set_xlabel("period start (UTC)")
    handles, labels = axes[0, 0].get_legend_handles_labels()
    if handles:
        fig.legend(
            handles,
            labels,
            loc="outside upper right",
            ncols=2,
            frameon=False,
            title="hollow marker: too few statements to read",
            title_fontsize=8,
        )
    if not order or not len(series):
        axes[0, 0].text(
            0.5,
            0.5,
            "no statements to plot",
            ha="center",
            va="center",
            transform=axes[0, 0].transAxes,
        )
    fig.suptitle(title or "Optimism and frustration by party", fontsize=12, x=0.02, ha="left")
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
