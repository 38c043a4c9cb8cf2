"""Evaluation against gold: the matching rules, and the project's own gold sets as a guard."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from stance import StanceError, load_actors
from stance.cli import main
from stance.evaluate import evaluate_extraction, evaluate_tone, same_speaker
from stance.gold import overlap

from .fixtures import REPO, ROWS, CountingScorer

GOLD = REPO / "data" / "gold" / "extraction"


def test_seed_gold_is_extracted_perfectly() -> None:
    report = evaluate_extraction(GOLD / "seed.jsonl")
    assert (report.n_gold, report.matched, report.n_predicted) == (14, 14, 14)
    assert report.speaker_accuracy == 1.0 and report.party_accuracy == 1.0


def test_fictional_gold_set_figures_do_not_regress() -> None:
    actors = load_actors(GOLD / "fictional_actors.yaml", default=False)
    report = evaluate_extraction(GOLD / "fictional_articles.jsonl", actors)
    assert report.n_gold >= 250
    assert report.f1 >= 0.975, report.summary()
    assert report.speaker_accuracy >= 0.91, report.summary()
    assert report.party_accuracy >= 0.925, report.summary()


def test_wire_copy_tone_gold_is_whole_and_reads_as_its_readme_says(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from stance.gold import read_tone_gold

    path = REPO / "data" / "gold" / "tone" / "wire_copy.csv"
    raw = pd.read_csv(path, keep_default_na=False)
    assert raw["id"].is_unique and set(raw["confidence"]) == {"clear", "arguable"}
    assert (raw["confidence"] == "arguable").sum() == 655
    assert raw["id"].str.rsplit("-", n=1).str[0].nunique() == 128  # articles
    gold = read_tone_gold(path)
    assert gold["label"].value_counts().to_dict() == {
        "neutral": 745,
        "frustration": 394,
        "optimism": 148,
    }
    # every quote is in its sentence, or is an interrupted quote whose parts all are
    for text, context in zip(gold["text"], gold["context"], strict=True):
        assert all(part in context for part in text.split(" ... ")), text
    assert sum(" ... " in text for text in gold["text"]) == 185
    # two halves by article: odd-numbered articles to tune on (train), even ones held out
    article = raw["id"].str.rsplit("-", n=1).str[0]
    assert article.groupby(raw["split"]).nunique().to_dict() == {"heldout": 64, "train": 64}
    assert raw.groupby(article)["split"].nunique().eq(1).all()
    assert main(["evaluate", "tone", str(path), "--model", "vader"]) == 0
    out = capsys.readouterr().out
    assert "n=639" in out and "macro-F1=0.399" in out, out  # the held-out half only


def test_overlap_and_speaker_rules() -> None:
    assert overlap("We want peace,", "we want peace") == 1.0
    assert overlap("We want peace now", "we want peace") == 0.75
    assert overlap("", "x") == 0.0
    assert same_speaker("Volodymyr Zelensky", "Volodymyr Zelenskyy") is False
    assert same_speaker("Sergei Lavrov", "Sergey Lavrov")
    assert same_speaker("the White House", "White House")
    assert same_speaker(None, None) and not same_speaker("Rubio", None)


def _gold_file(tmp_path: Path, gold: list[dict[str, object]], text: str) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(
        json.dumps({"id": "x", "date": "2026-01-02", "text": text, "gold": gold}) + "\n",
        encoding="utf-8",
    )
    return path


def test_misses_extras_and_wrong_speakers_are_listed(tmp_path: Path) -> None:
    # Example text written for this test (fictional speakers).
    text = (
        "“We are ready to sign today,” said Pell Oranto. The so-called “long road plan” "
        "was not discussed. “Nothing is agreed yet,” Ines Dalo said."
    )
    gold = [
        {"speaker": "Pell Oranto", "party": "Unknown", "quote": "We are ready to sign today"},
        {"speaker": "Someone Else", "party": "Unknown", "quote": "Nothing is agreed yet"},
        {"speaker": None, "party": "Unknown", "quote": "A quote that is not in the text at all"},
    ]
    report = evaluate_extraction(_gold_file(tmp_path, gold, text))
    assert (report.n_gold, report.matched) == (3, 2)
    assert report.speaker_correct == 1 and report.party_correct == 2
    assert [m["quote"] for m in report.misses] == ["A quote that is not in the text at all"]
    assert report.extras == []  # the scare quote is not a statement
    assert "Ines Dalo" in report.wrong[0]["found"]
    assert report.recall == pytest.approx(2 / 3) and report.precision == 1.0


def test_extraction_is_also_reported_per_kind_of_construction(tmp_path: Path) -> None:
    # Example text written for this test (fictional speakers).
    text = (
        "Pell Oranto called the offer “a serious basis for talks.” “Nothing is agreed yet,” "
        "Ines Dalo retorted. “We will wait,” she added."
    )
    gold = [
        {"speaker": "Pell Oranto", "quote": "a serious basis for talks.", "construction": "called"},
        {"speaker": "Ines Dalo", "quote": "Nothing is agreed yet,", "construction": "verb-after"},
        {"speaker": "Ines Dalo", "quote": "We will wait,", "construction": "verb-after"},
        {"speaker": "Ines Dalo", "quote": "Not in the text", "construction": "verb-after"},
    ]
    report = evaluate_extraction(_gold_file(tmp_path, gold, text))
    assert report.kinds["verb-after"][:2] == [3, 2] and report.kinds["called"][0] == 1
    table = report.by_kind().splitlines()
    assert table[0].split() == ["by", "construction", "gold", "found", "speaker", "party"]
    assert table[1].split()[:3] == ["verb-after", "3", "2"]  # most frequent kind first
    assert sum(kind[3] for kind in report.kinds.values()) == report.party_correct


def test_bad_gold_lines_are_named(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "x"}\n', encoding="utf-8")
    with pytest.raises(StanceError, match=r"gold\.jsonl: line 1: not a gold article"):
        evaluate_extraction(path)


def test_tone_evaluation_reports_f1_confusion_and_calibration(
    tmp_path: Path, tiny_model: Path
) -> None:
    path = tmp_path / "tone.csv"
    pd.DataFrame(ROWS, columns=["text", "label"]).to_csv(path, index=False)
    report = evaluate_tone(path, tiny_model)
    assert report.metrics.n == len(ROWS)
    assert int(report.metrics.confusion.to_numpy().sum()) == len(ROWS)
    assert 0.0 <= report.calibration_error <= 1.0
    assert "macro-F1" in report.summary() and "confusion" in report.summary()


def test_evaluate_and_speakers_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "extraction", str(GOLD / "seed.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "F1 1.000" in out and "party accuracy 1.000" in out
    path = tmp_path / "tone.csv"
    pd.DataFrame(ROWS, columns=["text", "label"]).to_csv(path, index=False)
    assert main(["evaluate", "tone", str(path), "--model", "vader"]) == 0
    assert "model vader" in capsys.readouterr().out
    assert main(["speakers", str(REPO / "seeds")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["speaker", "party", "statements", "found_by"]
    assert lines[1].split()[:4] == ["Marco", "Rubio", "US", "7"]


def test_speakers_lists_unknown_ones_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        json.dumps(
            {
                "text": "“Hello there,” Marco Rubio said. “We are close,” said Pell Oranto.",
                "published": "2026-01-01",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert main(["speakers", str(corpus)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].split()[:3] == ["Pell", "Oranto", "Unknown"]
    assert lines[2].split()[:3] == ["Marco", "Rubio", "US"]


def test_tone_evaluation_uses_only_held_out_rows_when_marked(tmp_path: Path) -> None:
    path = tmp_path / "tone.csv"
    frame = pd.DataFrame(ROWS, columns=["text", "label"])
    frame["split"] = ["heldout"] * 4 + ["train"] * (len(ROWS) - 4)
    frame.to_csv(path, index=False)
    assert evaluate_tone(path, "vader").metrics.n == 4


def _toned_gold(tmp_path: Path, tone: str = "frustration") -> Path:
    """An extraction gold file with a tone per quote (fictional text written for this test)."""
    record = {
        "id": "t1",
        "date": "2025-03-01",
        "text": "Oskarian Foreign Minister Arla Venn called the draft “a road to nowhere” on "
        "Monday.\n\n“We will meet again on Thursday,” Venn said.\n\nNo one mentioned "
        "“the missing annex” at all.",
        "gold": [
            {
                "speaker": "Arla Venn",
                "party": "Oskaria",
                "quote": "a road to nowhere",
                "tone": tone,
            },
            {
                "speaker": "Arla Venn",
                "party": "Oskaria",
                "quote": "We will meet again on Thursday,",
                "tone": "neutral",
            },
            {"speaker": None, "party": "Unknown", "quote": "the missing annex"},  # no tone
        ],
    }
    path = tmp_path / "toned.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def test_extraction_gold_with_tones_is_tone_gold_read_in_context(
    tmp_path: Path, tiny_model: Path
) -> None:
    from stance import get_scorer
    from stance.gold import read_tone_gold

    gold = read_tone_gold(_toned_gold(tmp_path))
    assert gold["label"].tolist() == ["frustration", "neutral"]  # quotes without a tone are out
    assert gold["context"].iloc[0].startswith("Oskarian Foreign Minister Arla Venn called")
    reading = CountingScorer(get_scorer(tiny_model), key="counting:gold")
    reading.input = "context"  # type: ignore[attr-defined]
    report = evaluate_tone(_toned_gold(tmp_path), reading)
    assert report.metrics.n == 2
    assert sorted(reading.seen) == sorted(gold["context"])
    with pytest.raises(StanceError, match=r"toned.jsonl: article t1: tone 'angry'"):
        read_tone_gold(_toned_gold(tmp_path, tone="angry"))


@pytest.mark.slow
def test_training_can_measure_other_gold_for_the_model_card(
    tmp_path: Path, tiny_encoder: Path
) -> None:
    from stance.training import train_head

    data = tmp_path / "tone.csv"
    pd.DataFrame(ROWS, columns=["text", "label"]).to_csv(data, index=False)
    gold = _toned_gold(tmp_path)
    train_head(data, tmp_path / "m", encoder=str(tiny_encoder), also_evaluate=[gold])
    config = json.loads((tmp_path / "m" / "config.json").read_text())
    (other,) = config["other_evaluations"]
    assert other["model"]["n"] == 2 and other["vader"]["n"] == 2
    card = (tmp_path / "m" / "MODEL_CARD.md").read_text()
    assert "## Evaluation on" in card and "toned.jsonl" in card and "VADER on the same" in card
    # how far the figures can be trusted: an interval for the model, a paired one against VADER
    point, low, high = other["minus_vader"]
    assert low <= point <= high
    assert point == pytest.approx(other["model"]["macro_f1"] - other["vader"]["macro_f1"], abs=1e-3)
    low, high = other["model"]["macro_f1_95"]
    line = next(x for x in card.splitlines() if x.startswith("- This model: accuracy"))
    assert f"(95% bootstrap interval {low:.3f}–{high:.3f})" in line
    assert f"This model minus VADER: {point:+.3f} macro-F1" in card


@pytest.mark.slow
def test_int8_is_refused_when_it_costs_a_point_on_other_gold(
    tmp_path: Path, tiny_encoder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stance.training.measure
    import stance.training.pipeline
    from stance.training import train_model

    data = tmp_path / "tone.csv"
    rows = [(f"{text} {i}", label) for i in range(3) for text, label in ROWS]
    frame = pd.DataFrame(rows, columns=["text", "label"])
    frame["split"] = ["heldout" if i % 5 == 4 else "train" for i in range(len(frame))]
    frame.to_csv(data, index=False)
    gold = _toned_gold(tmp_path)
    measured = stance.training.pipeline.measure_other_gold
    int8_f1 = {"value": 0.0}

    def other_evaluations(
        model_dir: Path, paths: list[Path], *, int8: bool = False, compare: tuple = ()
    ) -> list:
        """The real measurement, with the macro-F1 of each precision set by the test."""
        evaluations = measured(model_dir, paths, int8=int8, compare=compare)
        assert int8  # held-out rows alone did not rule int8 out
        for evaluation in evaluations:
            evaluation["float32"] = evaluation["model"] = dict(evaluation["model"], macro_f1=0.75)
            evaluation["int8"] = dict(evaluation["int8"], macro_f1=int8_f1["value"])
            # tell the precisions' differences from VADER apart, so that the swap shows
            evaluation["minus_vader"] = [0.2, 0.1, 0.3]
            evaluation["int8_minus_vader"] = [0.19, 0.09, 0.29]
        return evaluations

    monkeypatch.setattr(stance.training.pipeline, "measure_other_gold", other_evaluations)
    # held-out predictions all right in both precisions, so that held-out rows alone pick int8
    exact = stance.training.measure.tone_metrics
    monkeypatch.setattr(
        stance.training.measure,
        "tone_metrics",
        lambda gold, predicted, **kw: exact(gold, gold, **kw),
    )
    int8_f1["value"] = 0.72  # three points lost on the other gold: float32 ships
    train_model(
        data, tmp_path / "f", base=None, encoder=str(tiny_encoder), epochs=0, also_evaluate=[gold]
    )
    config = json.loads((tmp_path / "f" / "config.json").read_text())
    assert config["quantize"] is None
    assert config["other_evaluations"][0]["model"]["macro_f1"] == 0.75
    card = (tmp_path / "f" / "MODEL_CARD.md").read_text()
    assert "Inference: float32; int8 is chosen only if" in card and "3.0 on " in card
    int8_f1["value"] = 0.745  # half a point: int8 ships, and the card gives its figures
    train_model(
        data, tmp_path / "q", base=None, encoder=str(tiny_encoder), epochs=0, also_evaluate=[gold]
    )
    config = json.loads((tmp_path / "q" / "config.json").read_text())
    assert config["quantize"] == "int8"
    assert config["other_evaluations"][0]["model"]["macro_f1"] == 0.745
    assert "in float32 0.750, in int8 0.745" in (tmp_path / "q" / "MODEL_CARD.md").read_text()
    (evaluation,) = config["other_evaluations"]
    assert evaluation["minus_vader"] == [0.19, 0.09, 0.29]  # the precision that ships
    assert evaluation["float32_minus_vader"] == [0.2, 0.1, 0.3]
    card = (tmp_path / "q" / "MODEL_CARD.md").read_text()
    assert "This model minus VADER: +0.190 macro-F1, 95% paired bootstrap interval +0.090" in card


def _second_reader(tmp_path: Path, changes: dict[int, str]) -> tuple[Path, Path, list[str]]:
    """A gold CSV of ROWS and a second reader's file of the same statements, with the labels at
    the `changes` positions read differently."""
    gold = tmp_path / "gold.csv"
    pd.DataFrame(ROWS, columns=["text", "label"]).to_csv(gold, index=False)
    labels = [label for _, label in ROWS]
    for i, label in changes.items():
        labels[i] = label
    reader = tmp_path / "second.csv"
    pd.DataFrame({"text": [t for t, _ in ROWS], "label": labels}).to_csv(reader, index=False)
    return gold, reader, labels


def test_a_second_readers_labels_are_measured_like_a_model(
    tmp_path: Path, tiny_model: Path
) -> None:
    from stance.evaluate import evaluate_reader
    from stance.metrics import tone_metrics

    gold, reader, labels = _second_reader(tmp_path, {0: "neutral", 5: "optimism"})
    # the reader's words may be spaced differently; they are the same statements
    spaced = pd.read_csv(reader)
    spaced.loc[3, "text"] = "  " + spaced.loc[3, "text"].replace(" ", "   ") + " "
    spaced.to_csv(reader, index=False)
    report = evaluate_reader(gold, reader)
    expected = tone_metrics([label for _, label in ROWS], labels)
    assert report.metrics.n == len(ROWS)
    assert report.metrics.macro_f1 == expected.macro_f1
    assert report.metrics.confusion.equals(expected.confusion)
    assert report.metrics.confusion.loc["optimism", "neutral"] == 1
    assert report.predicted == tuple(labels)
    text = report.summary()
    assert text.startswith(f"reader {reader}: n=")
    assert "calibration error: none (labels, not probabilities)" in text
    assert f"Cohen's kappa {expected.kappa:.3f}" in text
    model = evaluate_tone(gold, tiny_model)
    assert f"; Cohen's kappa {model.metrics.kappa:.3f}" in model.summary()


def test_a_second_reader_is_judged_on_the_golds_held_out_rows_only(tmp_path: Path) -> None:
    from stance.evaluate import evaluate_reader

    gold, reader, labels = _second_reader(tmp_path, {0: "neutral", 1: "frustration"})
    frame = pd.read_csv(gold)
    heldout = [0, 3, 5, 8]  # interleaved with training rows; row 1 is not held out
    frame["split"] = ["heldout" if i in heldout else "train" for i in range(len(ROWS))]
    frame.to_csv(gold, index=False)
    # the reader's own split column, if any, does not choose the rows
    theirs = pd.read_csv(reader)
    theirs["split"] = "train"
    theirs.to_csv(reader, index=False)
    report = evaluate_reader(gold, reader)
    assert report.predicted == tuple(labels[i] for i in heldout)
    assert report.gold == tuple(ROWS[i][1] for i in heldout)
    assert report.metrics.accuracy == 0.75


def test_a_second_reader_must_label_the_same_statements(tmp_path: Path) -> None:
    from stance.evaluate import evaluate_reader

    gold, reader, _ = _second_reader(tmp_path, {})
    frame = pd.read_csv(reader)
    changed = frame.copy()
    changed.loc[2, "text"] = "an entirely different statement"
    changed.to_csv(reader, index=False)
    with pytest.raises(
        StanceError, match=r"second.csv: line 4: statement 3 is 'an entirely different"
    ):
        evaluate_reader(gold, reader)
    frame.iloc[:-1].to_csv(reader, index=False)
    with pytest.raises(
        StanceError,
        match=rf"second.csv: ends after {len(ROWS) - 1} statements; no label for the gold's "
        rf"statement {len(ROWS)} \(line {len(ROWS) + 1}: ",
    ):
        evaluate_reader(gold, reader)
    extra = pd.concat([frame, pd.DataFrame({"text": ["one more"], "label": ["neutral"]})])
    extra.to_csv(reader, index=False)
    with pytest.raises(
        StanceError, match=rf"line {len(ROWS) + 2}: statement {len(ROWS) + 1} \('one more'\)"
    ):
        evaluate_reader(gold, reader)
    with pytest.raises(StanceError, match=r"must be in the gold's format \(jsonl\)"):
        evaluate_reader(_toned_gold(tmp_path), reader)


def test_a_second_reader_of_extraction_gold_labels_its_quotes(tmp_path: Path) -> None:
    from stance.evaluate import evaluate_reader

    gold = _toned_gold(tmp_path)
    reader = tmp_path / "second.jsonl"
    record = json.loads(gold.read_text(encoding="utf-8"))
    record["gold"][0]["tone"] = "neutral"  # read the fragment as neutral
    reader.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = evaluate_reader(gold, reader)
    assert report.gold == ("frustration", "neutral")
    assert report.predicted == ("neutral", "neutral")
    record["gold"][0]["tone"] = None  # a quote the reader left without a tone is named
    reader.write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(StanceError, match=r"second.jsonl: article t1, quote 2: statement 1 is"):
        evaluate_reader(gold, reader)


def test_evaluate_tone_puts_a_second_reader_beside_the_models(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold, reader, _ = _second_reader(tmp_path, {1: "frustration"})
    assert main(["evaluate", "tone", str(gold), "--model", "vader", "--reader", str(reader)]) == 0
    out = capsys.readouterr().out
    assert "model vader:" in out and f"reader {reader}: n=" in out
    difference = out.split("paired bootstrap interval):")[1]
    assert difference.strip().startswith(f"reader {reader}: ")
