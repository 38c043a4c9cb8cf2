"""The JupyterLab explorer: choices filter the statements and redraw the figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from stance.explore import Choices, Explorer

from .test_series import _with_speakers


def test_view_follows_the_choices() -> None:
    explorer = Explorer(_with_speakers())
    figures, table = explorer.view(Choices(parties=("Oskaria",), freq="month"))
    assert len(figures) == 2 and set(table["party"]) == {"Oskaria"} and len(table) == 4
    _, one = explorer.view(Choices(speaker="Ivo Dask"))
    assert one["speaker"].tolist() == ["Ivo Dask"]
    smoothed = explorer.series(Choices(smooth=2))
    assert "net_smooth" in smoothed
    _, window = explorer.view(Choices(since="2026-03-08"))
    assert len(window) == 2
    for fig in figures:
        matplotlib.pyplot.close(fig)


def test_widgets_redraw_on_change() -> None:
    explorer = Explorer(_with_speakers())
    box = explorer.widget()
    assert box.children  # controls, figures, table
    explorer._widgets["parties"].value = ("Veldania",)  # as a click in JupyterLab would
    assert explorer.choices.parties == ("Veldania",)
    assert len(explorer.statements()) == 1
    explorer._widgets["freq"].value = "day"
    assert explorer.choices.freq == "day"
