"""The JupyterLab explorer: choices filter the statements and redraw the figures."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from stance.explore import Choices, Explorer

from .fixtures import with_speakers


def test_view_follows_the_choices() -> None:
    explorer = Explorer(with_speakers())
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
    explorer = Explorer(with_speakers())
    box = explorer.widget()
    assert box.children  # controls, figures, table
    explorer._widgets["parties"].value = ("Veldania",)  # as a click in JupyterLab would
    assert explorer.choices.parties == ("Veldania",)
    assert len(explorer.statements()) == 1
    explorer._widgets["freq"].value = "day"
    assert explorer.choices.freq == "day"


def test_every_control_change_redraws(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    explorer = Explorer(with_speakers())
    drawn: list[Choices] = []
    original = explorer.view

    def counting_view(choices: Choices | None = None):  # type: ignore[no-untyped-def]
        drawn.append(choices or explorer.choices)
        return original(choices)

    monkeypatch.setattr(explorer, "view", counting_view)
    explorer.widget()
    assert len(drawn) == 1  # the first drawing
    explorer._widgets["smooth"].value = 3
    explorer._widgets["speaker"].value = "Arla Venn"
    assert len(drawn) == 3
    assert drawn[-1].smooth == 3 and drawn[-1].speaker == "Arla Venn"
