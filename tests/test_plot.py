"""The optimism/frustration figure: a panel per party, intervals, n, low-n markers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from stance import party_series, plot_optimism_frustration

from .test_series import SCORED


def test_one_panel_per_party_with_n_and_hollow_low_n_markers() -> None:
    series = party_series(SCORED, freq="W")
    fig = plot_optimism_frustration(series, title="Fictional talks")
    axes = fig.axes
    assert [ax.get_ylabel().split("\n")[0] for ax in axes] == ["Oskaria", "Veldania"]
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
    assert len(fig.axes) == 1
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
