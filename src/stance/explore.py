"""Interactive exploration in JupyterLab: widgets that redraw the figures and filter statements.

`Explorer` holds the scored statements and a set of controls (parties, speaker, date range,
period, smoothing, minimum confidence). Every change recomputes the series with
`stance.series.filter_statements`, `party_series` and `smooth_series`, redraws the net-tone and
optimism/frustration figures, and shows the statements behind them. `Explorer.view` returns the
same figures and table for a given set of choices without any widget, which is what tests and
papermill runs use. ipywidgets is imported only when the widgets are built.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from .schema import MIN_N, require_columns
from .series import filter_statements, party_series, smooth_series

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["Choices", "Explorer"]

PERIODS = ("day", "week", "month")
TABLE_COLUMNS = ["published", "speaker", "party", "label", "optimism", "frustration", "text"]


@dataclass(frozen=True)
class Choices:
    """What the analyst picked; None means no restriction."""

    parties: tuple[str, ...] | None = None
    speaker: str | None = None
    since: str | None = None
    until: str | None = None
    freq: str = "week"
    smooth: int = 0
    min_confidence: float | None = None


class Explorer:
    """Widgets over a scored statements frame (see the module docstring)."""

    def __init__(
        self,
        scored: pd.DataFrame,
        *,
        events: pd.DataFrame | None = None,
        choices: Choices | None = None,
        min_n: int = MIN_N,
    ) -> None:
        require_columns(
            scored, ("published", "speaker", "party", "optimism", "frustration"), stage="Explorer"
        )
        self.scored = scored
        self.events = events
        self.choices = choices or Choices()
        self.min_n = min_n
        self._widgets: dict[str, Any] = {}

    # -- the computation, free of widgets ------------------------------------------------

    def statements(self, choices: Choices | None = None) -> pd.DataFrame:
        """The statements that `choices` keep."""
        c = choices or self.choices
        return filter_statements(
            self.scored,
            since=c.since,
            until=c.until,
            parties=list(c.parties) if c.parties else None,
            speakers=[c.speaker] if c.speaker else None,
            min_confidence=c.min_confidence,
        )

    def series(self, choices: Choices | None = None) -> pd.DataFrame:
        """The party series of the kept statements, smoothed when asked."""
        c = choices or self.choices
        series = party_series(self.statements(c), freq=c.freq, min_n=self.min_n)
        return smooth_series(series, window=c.smooth) if c.smooth > 1 else series

    def view(self, choices: Choices | None = None) -> tuple[list[Figure], pd.DataFrame]:
        """Figures (net tone, optimism and frustration) and the statement table for `choices`."""
        from .plot import plot_net, plot_optimism_frustration

        c = choices or self.choices
        series = self.series(c)
        figures = [
            plot_net(series, events=self.events, smooth=c.smooth > 1),
            plot_optimism_frustration(series, events=self.events),
        ]
        table = self.statements(c)
        columns = [col for col in TABLE_COLUMNS if col in table.columns]
        return figures, table.sort_values("published")[columns]

    # -- widgets -------------------------------------------------------------------------

    def widget(self) -> Any:
        """A box of controls above the figures and the table; changes redraw them."""
        import ipywidgets as w

        published = pd.to_datetime(self.scored["published"], utc=True)
        parties = sorted(self.scored["party"].dropna().unique())
        speakers = sorted(self.scored["speaker"].dropna().unique())
        c = self.choices
        self._widgets = {
            "parties": w.SelectMultiple(
                options=parties,
                value=tuple(c.parties or parties),
                description="parties",
                rows=min(6, len(parties) or 1),
            ),
            "speaker": w.Dropdown(
                options=["(all)", *speakers], value=c.speaker or "(all)", description="speaker"
            ),
            "since": w.DatePicker(
                description="since",
                value=pd.Timestamp(c.since or published.min()).date() if len(published) else None,
            ),
            "until": w.DatePicker(
                description="until",
                value=pd.Timestamp(c.until or published.max()).date() if len(published) else None,
            ),
            "freq": w.Dropdown(
                options=list(PERIODS),
                value=c.freq if c.freq in PERIODS else "week",
                description="period",
            ),
            "smooth": w.IntSlider(
                value=c.smooth,
                min=0,
                max=12,
                description="smoothing",
                tooltip="rolling mean over this many periods (0: none)",
            ),
            "min_confidence": w.FloatSlider(
                value=c.min_confidence or 0.0, min=0.0, max=1.0, step=0.05, description="min conf."
            ),
        }
        self._figures = w.Output()
        self._table = w.Output()
        for control in self._widgets.values():
            control.observe(lambda _change: self.refresh(), names="value")
        controls = w.HBox(
            [
                w.VBox([self._widgets["parties"], self._widgets["speaker"]]),
                w.VBox([self._widgets["since"], self._widgets["until"], self._widgets["freq"]]),
                w.VBox([self._widgets["smooth"], self._widgets["min_confidence"]]),
            ]
        )
        self.refresh()
        return w.VBox([controls, self._figures, self._table])

    def _choices_from_widgets(self) -> Choices:
        v = {name: control.value for name, control in self._widgets.items()}
        return replace(
            self.choices,
            parties=tuple(v["parties"]) or None,
            speaker=None if v["speaker"] == "(all)" else v["speaker"],
            since=str(v["since"]) if v["since"] else None,
            until=str(v["until"]) if v["until"] else None,
            freq=v["freq"],
            smooth=int(v["smooth"]),
            min_confidence=float(v["min_confidence"]) or None,
        )

    def refresh(self) -> None:
        """Redraw the figures and the table from the current widget values."""
        import matplotlib.pyplot as plt
        from IPython.display import display

        self.choices = self._choices_from_widgets()
        figures, table = self.view(self.choices)
        self._figures.clear_output(wait=True)
        with self._figures:
            for fig in figures:
                display(fig)
                plt.close(fig)
        self._table.clear_output(wait=True)
        with self._table:
            print(f"{len(table)} statements")
            display(table.head(200))
