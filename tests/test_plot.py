"""The optimism/frustration figure: a panel per party, intervals, n, low-n markers."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

from stance import party_series, plot_optimism_frustration

from .fixtures import SCORED


def test_one_panel_per_party_with_n_and_hollow_low_n_markers() -> None:
    series = party_series(SCORED, freq="W")
    fig = plot_optimism_frustration(series, title="Fictional talks")
    axes = [ax for ax in fig.axes if "mean probability" in ax.get_ylabel()]
    assert [ax.get_ylabel().split("\n")[0] for ax in axes] == ["Oskaria", "Veldania"]
    # statement counts are drawn as bars on a second scale in every panel
    assert sum(ax.get_ylabel() == "statements" for ax in fig.axes) == 2
    texts = [t.get_text() for t in axes[0].texts]
    assert texts == ["n=3", "n=1"]
    # the n=1 week is drawn hollow (white face), the n=3 week filled
    faces = [c.get_facecolor() for c in axes[0].collections if len(c.get_offsets())]
    assert any((f[:, :3] == 1).all() for f in faces)
    assert fig._suptitle.get_text() == "Fictional talks"
    legend_labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend_labels == ["optimism", "frustration"]
    matplotlib.pyplot.close(fig)


def test_empty_series_draws_a_message() -> None:
    fig = plot_optimism_frustration(party_series(SCORED.iloc[:0]))
    assert "no statements to plot" in [t.get_text() for t in fig.axes[0].texts]
    matplotlib.pyplot.close(fig)


def test_chosen_parties_only() -> None:
    fig = plot_optimism_frustration(party_series(SCORED), parties=["Veldania"])
    assert [ax.get_ylabel() for ax in fig.axes] == ["Veldania\nmean probability", "statements"]
    matplotlib.pyplot.close(fig)


def test_figure_html_carries_escaped_alt_text() -> None:
    from stance.plot import describe_series, figure_html

    series = party_series(SCORED, freq="W")
    alt = describe_series(series)
    assert alt.startswith("Optimism and frustration over time")
    assert "Oskaria: 4 statements in 2 period(s)" in alt
    fig = plot_optimism_frustration(series)
    page = figure_html(fig, alt='a "quoted" <alt>')
    assert page.startswith('<img src="data:image/png;base64,')
    assert 'alt="a &quot;quoted&quot; &lt;alt&gt;"' in page
    matplotlib.pyplot.close(fig)


def _events(tmp_path) -> object:  # type: ignore[no-untyped-def]
    from stance.plot import load_events

    path = tmp_path / "events.csv"
    path.write_text("date,label\n2026-03-05,Talks resume in Dorn\n", encoding="utf-8")
    return load_events(path)


def test_net_heatmap_and_scatter_figures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from stance.plot import plot_heatmap, plot_net, plot_scatter

    series = party_series(SCORED, freq="W")
    events = _events(tmp_path)
    net = plot_net(series, events=events)
    ax = net.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "Oskaria (n=4)",
        "Veldania (n=1)",
    ]
    assert "Talks resume in Dorn" in [t.get_text() for t in ax.texts]
    assert ax.get_ylim() == (-1.05, 1.05) and "net tone" in ax.get_ylabel()
    heat = plot_heatmap(series, events=events)
    cells = [t.get_text() for t in heat.axes[0].texts]
    assert "+0.40\nn=3" in cells  # Oskaria, first week: 0.6 - 0.2
    assert [t.get_text() for t in heat.axes[0].get_yticklabels()] == ["Oskaria", "Veldania"]
    scatter = plot_scatter(series)
    labels = [t.get_text() for t in scatter.axes[0].get_legend().get_texts()]
    assert labels == ["Oskaria (n=4)", "Veldania (n=1)"]
    arrows = [t for t in scatter.axes[0].texts if t.get_text() == "" and t.arrow_patch]
    assert len(arrows) == 1  # only Oskaria has statements in both halves
    for fig in (net, heat, scatter):
        matplotlib.pyplot.close(fig)


def test_events_file_errors_name_the_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from stance import StanceError
    from stance.plot import load_events

    path = tmp_path / "events.csv"
    path.write_text("date,label\n2026-03-05,ok\nlater,bad\n", encoding="utf-8")
    with pytest.raises(StanceError, match=r"events\.csv: line 3: unreadable date 'later'"):
        load_events(path)
    path.write_text("when,what\n", encoding="utf-8")
    with pytest.raises(StanceError, match="missing column"):
        load_events(path)


def test_a_dollar_in_a_title_party_or_event_is_drawn_as_written() -> None:
    # users' strings are not mathematics: "$5 and $10" keeps its dollars, "$\frac{$" draws
    import io

    from stance.plot import events_frame, plot_heatmap, plot_net, plot_scatter

    series = party_series(SCORED.assign(party=SCORED["party"].str.replace("Veldania", "Vel$dania")))
    events = events_frame([("2026-02-20", "Summit on $5 and $10")])
    for plot in (plot_optimism_frustration, plot_net, plot_heatmap, plot_scatter):
        kwargs = {"events": events} if plot in (plot_optimism_frustration, plot_net) else {}
        fig = plot(series, title="$5 and $10 or $\\frac{$", **kwargs)
        fig.savefig(io.BytesIO(), format="png")  # a mathtext parse would fail here
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
        assert any("$5 and $10" in t.get_text() for t in texts)
        assert not any(t.get_parse_math() for t in texts if "$" in t.get_text())
