"""Scoring: the contract of the score columns, the cache, the registry and the model kinds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from stance import ColumnError, ModelError, ScoreCache, get_scorer, score_statements
from stance.schema import LABELS

from .fixtures import CountingScorer, build_tiny_classifier

# Example statements written for these tests (fictional).
TEXTS = [
    "We made real progress today.",
    "These talks are a waste of time.",
    "The delegations will meet again on Thursday.",
]


def test_score_columns_contract(tiny_model: Path) -> None:
    statements = pd.DataFrame({"speaker": ["A", "B", "C"], "text": TEXTS})
    scored = score_statements(statements, model=tiny_model)
    assert list(scored.columns) == ["speaker", "text", *LABELS, "label", "model"]
    probs = scored[list(LABELS)].to_numpy()
    assert np.allclose(probs.sum(axis=1), 1.0)
    assert ((probs >= 0) & (probs <= 1)).all()
    assert scored["label"].tolist() == [LABELS[i] for i in probs.argmax(axis=1)]
    assert scored["model"].str.startswith("tiny:").all()
    assert "optimism" not in statements.columns  # the input is not mutated


def test_cache_scores_only_new_text(tiny_model: Path, tmp_path: Path) -> None:
    counting = CountingScorer(get_scorer(tiny_model), key="counting:1")
    cache = tmp_path / "cache" / "scores.sqlite"
    first = score_statements(pd.DataFrame({"text": TEXTS[:2]}), counting, cache=cache)
    assert counting.seen == sorted(TEXTS[:2], key=len)
    counting.seen.clear()
    second = score_statements(pd.DataFrame({"text": TEXTS}), counting, cache=cache)
    assert counting.seen == [TEXTS[2]]  # only the new statement is scored
    assert np.allclose(first[list(LABELS)], second[list(LABELS)].iloc[:2])
    assert len(ScoreCache(cache)) == 3
    # another model key does not reuse those scores
    other = CountingScorer(get_scorer(tiny_model), key="counting:2")
    score_statements(pd.DataFrame({"text": TEXTS[:1]}), other, cache=cache)
    assert other.seen == TEXTS[:1]


def test_duplicate_texts_are_scored_once(tiny_model: Path) -> None:
    counting = CountingScorer(get_scorer(tiny_model), key="counting:3")
    scored = score_statements(pd.DataFrame({"text": [TEXTS[0]] * 4}), counting)
    assert counting.seen == [TEXTS[0]] and len(scored) == 4


def test_vader_baseline_follows_its_conventional_thresholds() -> None:
    scored = score_statements(
        pd.DataFrame(
            {
                "text": [
                    "This is wonderful, great progress!",
                    "This is a terrible, shameful betrayal.",
                    "The meeting is on Thursday.",
                ]
            }
        ),
        model="vader",
    )
    assert scored["label"].tolist() == ["optimism", "frustration", "neutral"]
    assert np.allclose(scored[list(LABELS)].sum(axis=1), 1.0)


def test_empty_frame_scores_to_empty_columns(tiny_model: Path) -> None:
    scored = score_statements(pd.DataFrame({"text": pd.Series([], dtype="string")}), tiny_model)
    assert scored.empty and list(scored.columns) == ["text", *LABELS, "label", "model"]


def test_needs_a_text_column() -> None:
    with pytest.raises(ColumnError, match=r"score_statements: missing column.*text"):
        score_statements(pd.DataFrame({"quote": ["x"]}), model="vader")


def test_unknown_model_lists_the_valid_ones(tmp_path: Path) -> None:
    with pytest.raises(
        ModelError, match="unknown model 'nonsense'; valid: default, fast, vader, hf:"
    ):
        get_scorer("nonsense")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="not a stance model directory"):
        get_scorer(tmp_path / "empty")


@pytest.mark.parametrize(
    "labels",
    [
        ["negative", "neutral", "positive"],
        ["anger", "joy", "optimism", "sadness"],
        ["admiration", "anger", "confusion", "gratitude", "neutral", "remorse"],
    ],
)
def test_hub_style_classifiers_map_their_labels(
    tmp_path: Path, tiny_encoder: Path, labels: list[str]
) -> None:
    model = build_tiny_classifier(tmp_path / "clf", tiny_encoder, labels)
    scored = score_statements(pd.DataFrame({"text": TEXTS}), model=f"hf:{model}")
    assert np.allclose(scored[list(LABELS)].sum(axis=1), 1.0)
    # the key names the model and a digest of its files, so a retrained model is scored anew
    assert scored["model"].iloc[0].startswith(f"hf:{model}:")


def test_unmapped_labels_are_an_error_naming_them(tmp_path: Path, tiny_encoder: Path) -> None:
    model = build_tiny_classifier(tmp_path / "clf", tiny_encoder, ["LABEL_0", "LABEL_1"])
    with pytest.raises(ModelError, match=r"no mapping for label.*LABEL_0.*label_map"):
        get_scorer(f"hf:{model}")


def test_progress_bar_on_request(tiny_model: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from stance import score_texts

    score_texts(TEXTS, tiny_model, progress=True)
    assert "scoring" in capsys.readouterr().err  # tqdm draws on stderr
    score_texts(TEXTS[:1] * 3, tiny_model, progress=False)
    assert capsys.readouterr().err == ""


def test_context_reading_models_score_the_sentence_around_each_quote(tiny_model: Path) -> None:
    statements = pd.DataFrame(
        {
            "text": ["a long road ahead", TEXTS[1]],
            "context": ["The convoy driver said there was “a long road ahead” to the camp.", None],
        }
    )
    quote_only = CountingScorer(get_scorer(tiny_model), key="counting:quote")
    score_statements(statements, quote_only)
    assert sorted(quote_only.seen) == sorted(statements["text"])

    reading = CountingScorer(get_scorer(tiny_model), key="counting:context")
    reading.input = "context"  # type: ignore[attr-defined]
    score_statements(statements, reading)
    assert sorted(reading.seen) == sorted(
        [statements["context"][0], f"“{TEXTS[1]}”"]  # no context: the quote in marks
    )

    both = CountingScorer(get_scorer(tiny_model), key="counting:both")
    both.input = "both"  # type: ignore[attr-defined]
    scored = score_statements(statements, both)
    assert sorted(both.seen) == sorted(
        [statements["context"][0], "“a long road ahead”", f"“{TEXTS[1]}”"]
    )  # each quote alone and in its sentence; the second has no sentence, so one string
    alone = score_statements(pd.DataFrame({"text": ["“a long road ahead”"]}), tiny_model)
    in_sentence = score_statements(pd.DataFrame({"text": [statements["context"][0]]}), tiny_model)
    expected = (alone[list(LABELS)].to_numpy() + in_sentence[list(LABELS)].to_numpy()) / 2
    assert np.allclose(scored[list(LABELS)].to_numpy()[:1], expected)


def test_model_input_fills_templates_and_clips_long_sentences() -> None:
    from stance.models.base import model_input

    assert (
        model_input("a step forward", "She called it {quote}.") == "She called it “a step forward”."
    )
    assert model_input("Yes.", 'He said: "{quote}"') == 'He said: "Yes."'
    assert model_input("Yes.", "a sentence without the quote") == "“Yes.”"
    assert model_input("Yes.  Now.", "He said:\n “Yes. Now.”") == "He said: “Yes. Now.”"
    long = model_input("the quote", "word " * 300 + "“the quote” " + "tail " * 300)
    assert "“the quote”" in long and long.startswith("…") and long.endswith("…")
    assert len(long) < 450


def test_int8_but_ffn_out_keeps_the_feed_forward_outputs_in_float32(tiny_encoder: Path) -> None:
    import torch

    from stance.models.encoder import Encoder

    encoder = Encoder(str(tiny_encoder), quantize="int8-but-ffn-out")
    quantized = torch.ao.nn.quantized.dynamic.Linear
    layer = encoder.model.get_submodule
    assert not isinstance(layer("encoder.layer.0.output.dense"), quantized)  # kept in float32
    assert isinstance(layer("encoder.layer.0.output.dense"), torch.nn.Linear)
    assert isinstance(layer("encoder.layer.0.intermediate.dense"), quantized)
    assert isinstance(layer("encoder.layer.0.attention.output.dense"), quantized)
    with pytest.raises(ModelError, match="unknown quantisation 'int4'; valid: int8, int8-but"):
        Encoder(str(tiny_encoder), quantize="int4")


@pytest.mark.slow
def test_the_fastest_precision_within_a_point_is_chosen(
    tiny_encoder: Path, tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from stance import training
    from stance.training import measure, record

    gold = tmp_path / "gold.csv"
    pd.DataFrame(
        {
            "text": ["great progress", "terrible lies", "held on thursday"] * 4,
            "label": ["optimism", "frustration", "neutral"] * 4,
        }
    ).to_csv(gold, index=False)
    with pytest.raises(ModelError, match="no training facts for a model card"):
        training.measure_model(tiny_model, [gold])
    model = tmp_path / "m"
    training.train_head(gold, model, encoder=str(tiny_encoder), name="tiny", quantize=False)
    _, costs = training.choose_precision(model, [gold])
    assert set(costs) == {"int8", "int8-but-ffn-out"}
    assert set(costs["int8"]) == {record.sources([gold])[0]}
    # with the costs set by the test: int8 everywhere costs 12 points, the other scheme none
    monkeypatch.setattr(
        measure,
        "choose_precision",
        lambda *_: ("int8-but-ffn-out", {"int8": {"g": 0.12}, "int8-but-ffn-out": {"g": 0.0}}),
    )
    card = training.measure_model(model, [gold], precision=True)
    config = json.loads((model / "config.json").read_text())
    assert config["quantize"] == "int8-but-ffn-out"
    text = card.read_text()
    assert "but for each layer's feed-forward output, kept in float32" in text
    assert "int8 costs 12.0 on `g`" in text
    assert get_scorer(model).key.startswith("tiny:")
    # a model that ships in int8 is measured again in int8, and its card says so
    card = training.measure_model(model, [gold])
    assert "but for each layer's feed-forward output" in card.read_text()
    config = json.loads((model / "config.json").read_text())
    assert config["other_evaluations"][0]["model"]["n"] == 12


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 3],  # truncated
        lambda data: b"not a database at all " * 200,  # overwritten
        lambda data: data[:100] + b"\x00\xff" * 2000 + data[4100:],  # garbage inside
    ],
)
def test_a_corrupt_cache_is_moved_aside_and_rebuilt(
    tmp_path: Path, damage: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from stance.cache import ScoreCache

    path = tmp_path / "scores.sqlite"
    cache = ScoreCache(path)
    cache.put("m", [(f"h{i}", 0.1, 0.2, 0.7) for i in range(500)])
    path.write_bytes(damage(path.read_bytes()))
    with caplog.at_level("WARNING", logger="stance.cache"):
        again = ScoreCache(path)
    assert len(again) == 0 and again.get("m", ["h1"]) == {}
    again.put("m", [("h1", 0.3, 0.3, 0.4)])
    assert again.get("m", ["h1"]) == {"h1": (0.3, 0.3, 0.4)}
    (aside,) = tmp_path.glob("scores.sqlite.corrupt-*")
    assert str(aside) in caplog.text and "moved aside" in caplog.text


def test_missing_or_non_text_values_are_not_scored() -> None:
    from stance.models import get_scorer as scorer_named

    from .fixtures import CountingScorer

    counting = CountingScorer(scorer_named("vader"), "vader-counting")
    frame = pd.DataFrame({"text": ["We welcome the progress made today.", np.nan, None, 5, "  "]})
    scored = score_statements(frame, counting)
    assert counting.seen == ["We welcome the progress made today."]
    assert scored.loc[0, "label"] in LABELS and not np.isnan(scored.loc[0, "optimism"])
    assert scored["label"].iloc[1:].isna().all()
    assert scored[list(LABELS)].iloc[1:].isna().all().all()
