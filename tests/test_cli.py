"""The `stance` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from stance.cli import main

from .fixtures import REPO, ROWS, SEEDS, write_jsonl


@pytest.mark.slow
def test_report_writes_html_beside_the_executed_notebook(
    tmp_path: Path, tiny_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "report",
            "--corpus",
            str(SEEDS),
            "--out",
            str(tmp_path / "out"),
            "--model",
            str(tiny_model),
            "--cache",
            str(tmp_path / "cache.sqlite"),
            "--freq",
            "day",
            "--title",
            "Seed <talks> & tone",
        ]
    )
    assert code == 0
    html_path = Path(capsys.readouterr().out.split()[0])
    # archived by the date of the latest article, named after the title
    assert html_path == tmp_path / "out" / "2025-11-23_seed-talks-tone.html"
    assert (tmp_path / "out" / "2025-11-23_seed-talks-tone.ipynb").is_file()
    assert "2025-11-23_seed-talks-tone.html" in (tmp_path / "out" / "index.html").read_text()
    page = html_path.read_text(encoding="utf-8")
    assert "Seed &lt;talks&gt; &amp; tone" in page and "Seed <talks>" not in page
    assert "Marco Rubio" in page and "data:image/png;base64" in page


def test_errors_are_one_line_with_exit_code_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["report", "--corpus", str(tmp_path / "missing"), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith("stance report: error: ") and "no such file or directory" in err
    assert err.count("\n") == 1


def test_a_file_system_refusal_is_one_line_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taken = tmp_path / "a-file"
    taken.write_text("not a folder", encoding="utf-8")
    code = main(["report", "--corpus", str(SEEDS), "--out", str(taken), "--model", "vader"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == f"stance report: error: {taken}: File exists\n"


def test_a_corpus_with_only_bad_records_fails_and_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_jsonl(tmp_path / "bad.jsonl", [{"text": "x", "published": "someday"}])
    code = main(["report", "--corpus", str(tmp_path / "bad.jsonl"), "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1 and "no article could be loaded (1 rejected" in err and "line 1" in err


def test_unknown_model_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["report", "--corpus", str(SEEDS), "--out", str(tmp_path), "--model", "bogus", "--no-cache"]
    )
    assert (
        code == 1
        and "unknown model 'bogus'; valid: default, fast, vader" in capsys.readouterr().err
    )


def test_extract_writes_statements_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "statements.csv"
    assert main(["extract", str(SEEDS), "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    assert len(frame) == 14 and "speaker" in frame and "party" in frame
    assert "14 statements written" in capsys.readouterr().out


def test_extract_with_a_user_dictionary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_jsonl(
        tmp_path / "c.jsonl",
        [{"text": "“We are ready,” said Pell Oranto.", "published": "2026-01-05"}],
    )
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "actors:\n  - {name: Pell Oranto, party: Oskaria, gender: m}\n", encoding="utf-8"
    )
    assert main(["extract", str(tmp_path / "c.jsonl"), "--actors", str(mine)]) == 0
    frame = pd.read_csv(__import__("io").StringIO(capsys.readouterr().out))
    assert frame[["speaker", "party"]].values.tolist() == [["Pell Oranto", "Oskaria"]]


@pytest.mark.slow
def test_train_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "labelled.csv"
    pd.DataFrame(ROWS, columns=["text", "label"]).to_csv(data, index=False)
    assert main(["train", "--data", str(data), "--out", str(tmp_path / "m")]) == 0
    out = capsys.readouterr().out
    assert "model written to" in out and "held-out (3 rows)" in out
    config = json.loads((tmp_path / "m" / "config.json").read_text())
    # trained further from the default model: its encoder, and a new adapter on its own
    assert config["encoder"] == "all-mpnet-base-v2" and config["encoder_weights"] is None
    assert config["adapter"]["rank"] == 32 and config["training"]["adapter"] == "lora"


@pytest.mark.parametrize("command", ["report", "extract", "train"])
def test_every_command_has_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main([command, "--help"])
    assert info.value.code == 0
    assert f"stance {command}" in capsys.readouterr().out.split("example:")[1]


def _run_as_a_scheduler_would(*args: str) -> subprocess.CompletedProcess[str]:
    """`stance ARGS` in a fresh process from the repository, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "stance.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


@pytest.mark.slow
def test_a_scheduled_run_that_succeeds_prints_nothing_to_stderr(tmp_path: Path) -> None:
    out, cache = str(tmp_path / "out"), str(tmp_path / "cache.sqlite")
    run = _run_as_a_scheduler_would("report", "--corpus", "seeds", "--out", out, "--cache", cache)
    assert run.returncode == 0 and run.stderr == ""
    assert run.stdout.startswith(str(tmp_path / "out" / "2025-11-23_seeds.html"))


def test_a_failing_run_prints_one_line_and_nothing_else(tmp_path: Path) -> None:
    missing, out = str(tmp_path / "missing"), str(tmp_path / "out")
    run = _run_as_a_scheduler_would("report", "--corpus", missing, "--out", out)
    assert run.returncode == 1 and run.stdout == ""
    assert run.stderr.count("\n") == 1 and run.stderr.startswith("stance report: error: ")
    log = (tmp_path / "out" / "stance.log").read_text(encoding="utf-8")
    assert "INFO stance: stance report --corpus" in log and "ERROR stance: failed:" in log
