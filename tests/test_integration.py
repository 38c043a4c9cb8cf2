"""The real default model and the whole report, on the seed article (offline)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from stance import ReportError, extract_statements, load_corpus, run_report, score_statements
from stance.report import default_notebook

from .fixtures import SEEDS


@pytest.fixture(scope="module", params=["default", "fast"])
def seed_scored(request):  # type: ignore[no-untyped-def]
    return score_statements(extract_statements(load_corpus(SEEDS)), request.param)


@pytest.mark.slow
def test_shipped_models_read_the_seeds_clear_cases(seed_scored) -> None:  # type: ignore[no-untyped-def]
    rubio = seed_scored[seed_scored["text"].str.contains("most productive day")]
    assert len(rubio) == 2 and (rubio["speaker"] == "Marco Rubio").all()
    assert (rubio["optimism"] > rubio["frustration"]).all()
    (trump,) = seed_scored[seed_scored["text"].str.contains("ZERO GRATITUDE")].itertuples()
    assert trump.speaker == "Donald Trump"
    assert trump.frustration > trump.optimism
    assert seed_scored["model"].str.match(r"(default|fast):").all()


def test_default_model_card_states_training_data_date_and_accuracy() -> None:
    from stance.models import default_model_dir

    config = json.loads((default_model_dir() / "config.json").read_text())
    card = (default_model_dir() / "MODEL_CARD.md").read_text()
    assert config["encoder"] == "all-mpnet-base-v2"
    assert config["adapter"]["kind"] == "lora" and config["encoder_weights"] is None
    # what ships is the adapter and the head, within 25 MB; the encoder comes from set-up
    shipped = sum(f.stat().st_size for f in default_model_dir().iterdir())
    assert shipped < 25e6
    assert "low-rank adapters (LoRA" in card
    assert config["heldout"]["n"] >= 100
    assert f"macro-F1 {config['heldout']['macro_f1']:.3f}" in card
    assert config["training"]["date"] in card and "tone_statements.csv" in card


@pytest.mark.slow
def test_seed_report_end_to_end(tmp_path: Path) -> None:
    html_path = run_report(SEEDS, tmp_path, cache=tmp_path / "cache.sqlite")
    assert html_path == tmp_path / "2025-11-23_seeds.html"
    page = html_path.read_text(encoding="utf-8")
    # no code: neither input cells nor prompts, and the figure is inline
    for code in ("stance.party_series", "load_report_inputs", "statements_path", "display(HTML"):
        assert code not in page
    # four figures, each with alt text
    images = re.findall(r"<img [^>]+>", page)
    assert len(images) == 4
    for image in images:
        assert 'src="data:image/png;base64,' in image and re.search(r'alt="[^"]{20,}"', image)
    for name in ("Marco Rubio", "Donald Trump", "Volodymyr Zelensky", "White House"):
        assert name in page
    assert "2025-11-23" in page and "held-out macro-F1" in page
    assert "The quotes behind the numbers" in page
    for suffix in (
        ".ipynb",
        ".statements.parquet",
        ".articles.parquet",
        ".rejects.csv",
        ".report.json",
    ):
        assert (tmp_path / f"2025-11-23_seeds{suffix}").is_file()


@pytest.mark.slow
def test_failed_notebook_names_the_cell_and_is_kept(tmp_path: Path) -> None:
    broken = nbformat.read(str(default_notebook()), as_version=4)
    broken.cells.insert(2, nbformat.v4.new_code_cell("raise RuntimeError('chart data missing')"))
    path = tmp_path / "broken.ipynb"
    nbformat.write(broken, str(path))
    with pytest.raises(ReportError) as info:
        run_report(SEEDS, tmp_path / "out", notebook=path, model="vader", name="broken")
    message = str(info.value)
    assert "failed with RuntimeError: chart data missing" in message and "cell" in message
    kept = tmp_path / "out" / "broken.ipynb"
    assert str(kept) in message and kept.is_file()
    assert "chart data missing" in kept.read_text(encoding="utf-8")


@pytest.mark.slow
def test_report_on_the_fictional_example_recovers_the_planted_trends(tmp_path: Path) -> None:
    import pandas as pd

    from stance import party_series
    from stance.example import PLANTED_TRENDS, example_actors_path, write_example_corpus

    corpus = write_example_corpus(tmp_path / "corpus")
    html = run_report(
        corpus,
        tmp_path / "out",
        actors=example_actors_path(),
        freq="month",
        title="Example (fictional)",
        cache=tmp_path / "cache.sqlite",
    )
    meta = json.loads(html.with_suffix("").with_suffix(".report.json").read_text())
    assert meta["rejected"] == 2 and meta["articles"] >= 70
    scored = pd.read_parquet(html.with_suffix("").with_suffix(".statements.parquet"))
    series = party_series(scored, freq="month")
    months = sorted(series["period"].unique())
    early, late = months[: len(months) // 2], months[-(len(months) // 2) :]
    change = {}
    for party in PLANTED_TRENDS:
        rows = series[series["party"] == party]
        change[party] = (
            rows[rows["period"].isin(late)]["net"].mean()
            - rows[rows["period"].isin(early)]["net"].mean()
        )
    assert change["Norvania"] > 0.2 and change["Kestria"] < -0.2
    assert abs(change["Valmora"]) < min(change["Norvania"], -change["Kestria"]) / 2
    page = html.read_text(encoding="utf-8")
    assert "Example (fictional)" in page and "Henrik Sollen" in page  # an unknown speaker
