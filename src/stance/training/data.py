"""What a tone model trains on: labelled rows split three ways, VADER's rated sentences, the
inputs of each view a model reads, and a teacher's probabilities over a pool of statements."""

from __future__ import annotations

import io
import os
import tarfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import ModelError
from ..gold import read_statements
from ..models.base import model_input, view_inputs
from ..schema import LABELS
from ..score import score_statements

__all__ = [
    "DataSplit",
    "distillation_rows",
    "read_pool",
    "read_vader_sentences",
    "split_rows",
    "training_passes",
    "training_rows",
    "vader_rows",
]

_VADER_FILES = (
    "tweets_GroundTruth.txt",
    "nytEditorialSnippets_GroundTruth.txt",
    "movieReviewSnippets_GroundTruth.txt",
    "amazonReviewSnippets_GroundTruth.txt",
)


def read_vader_sentences(sdist: str | os.PathLike[str]) -> pd.DataFrame:
    """Human-rated sentences from the vaderSentiment 3.3.2 sdist (a .tar.gz or unpacked folder).

    Returns ``text``, ``label``, ``rating`` for the sentences whose mean rating is clear enough
    (thresholds in the `stance.training` docstring).
    """
    sdist = Path(sdist)
    inner: bytes | None = None
    try:
        if sdist.is_dir():
            found = list(sdist.rglob("hutto_ICWSM_2014.tar.gz"))
            if found:
                inner = found[0].read_bytes()
        else:
            with tarfile.open(sdist) as outer:
                for member in outer.getmembers():
                    if member.name.endswith("additional_resources/hutto_ICWSM_2014.tar.gz"):
                        handle = outer.extractfile(member)
                        inner = handle.read() if handle else None
    except (OSError, tarfile.TarError) as exc:
        raise ModelError(f"{sdist}: cannot read the vaderSentiment sdist: {exc}") from exc
    if inner is None:
        raise ModelError(
            f"{sdist}: no additional_resources/hutto_ICWSM_2014.tar.gz inside; expected the "
            "vaderSentiment-3.3.2.tar.gz source distribution from PyPI"
        )
    return pd.DataFrame(_rated_sentences(inner), columns=["text", "label", "rating"])


def _rated_sentences(archive: bytes) -> list[tuple[str, str, float]]:
    """(text, label, mean rating) of each clearly rated sentence in the ratings archive."""
    rows = []
    with tarfile.open(fileobj=io.BytesIO(archive)) as rated:
        for member in rated.getmembers():
            if Path(member.name).name not in _VADER_FILES:
                continue
            handle = rated.extractfile(member)
            if handle is None:
                continue
            for line in handle.read().decode("utf-8", errors="replace").splitlines():
                parts = line.split("\t")
                if len(parts) < 3:
                    continue
                try:
                    rating = float(parts[1])
                except ValueError:
                    continue
                text = parts[2].strip()
                if rating >= 1.5:
                    label = "optimism"
                elif rating <= -1.5:
                    label = "frustration"
                elif abs(rating) <= 0.25:
                    label = "neutral"
                else:
                    continue
                if text:
                    rows.append((text, label, rating))
    return rows


def vader_rows(vader: pd.DataFrame, mode: str) -> tuple[list[str], np.ndarray]:
    """VADER's rated sentences as model inputs (between quotation marks for a model that reads
    context: they have none) and label indices."""
    texts = vader["text"].tolist()
    if mode != "quote":
        texts = [model_input(t) for t in texts]
    return texts, vader["label"].map(LABELS.index).to_numpy()


def read_pool(paths: Sequence[str | os.PathLike[str]]) -> pd.DataFrame:
    """Statements to distil on, from CSV files with a ``text`` column and optionally
    ``context`` (the sentence around the quote) and ``split``, as `stance extract` writes them
    or as labelled data has them (labels are ignored; rows whose split is ``heldout`` are left
    out, so that held-out rows stay unseen). Returns ``text``, ``context``.

    Raises `ModelError` naming the file and line of an empty text.
    """
    frames = []
    for path in paths:
        frame = read_statements(Path(path), ("text",), ("context", "split"), what="statements")
        frame = frame[~frame["split"].str.lower().eq("heldout")]
        frames.append(frame[["text", "context"]])
    return (
        pd.concat(frames, ignore_index=True)
        if frames
        else pd.DataFrame({"text": [], "context": []}, dtype=str)
    )


@dataclass(frozen=True)
class DataSplit:
    """Labelled rows to train on, to fit the temperature on, and to measure on."""

    train: pd.DataFrame
    calibration: pd.DataFrame
    heldout: pd.DataFrame


def split_rows(
    labelled: pd.DataFrame, heldout_share: float, seed: int, *, calibrate: bool
) -> DataSplit:
    """Held-out rows (those marked ``heldout``, else a stratified `heldout_share`), and with
    `calibrate` a stratified tenth of the rest kept aside for the temperature (when at least 30
    rows remain)."""
    heldout_mask = _holdout(labelled, "heldout", heldout_share, seed)
    train = labelled[~heldout_mask]
    heldout = labelled[heldout_mask]
    calibration = train.iloc[:0]
    if calibrate and len(train) >= 30:
        held = _holdout(train, "calibration", 0.1, seed + 1, use_column=False)
        calibration, train = train[held], train[~held]
    return DataSplit(train, calibration, heldout)


def _holdout(
    frame: pd.DataFrame, value: str, share: float, seed: int, *, use_column: bool = True
) -> np.ndarray:
    """Rows to hold out: those whose ``split`` is `value`, else a stratified `share`."""
    mask = (
        frame["split"].str.lower().eq(value).to_numpy().copy()
        if use_column
        else np.zeros(len(frame), dtype=bool)
    )
    if not mask.any() and share > 0:
        y_all = frame["label"].map(LABELS.index).to_numpy()
        rng = np.random.default_rng(seed)
        for label in range(len(LABELS)):
            idx = np.flatnonzero(y_all == label)
            rng.shuffle(idx)
            mask[idx[: round(len(idx) * share)]] = True
    return mask


def training_rows(frame: pd.DataFrame, mode: str) -> tuple[list[str], np.ndarray]:
    """Model inputs and label indices to train on.

    With ``both``, every row is shown in its sentence, and also alone unless the same words
    carry another label elsewhere in the data (then only the sentence tells them apart).
    """
    labels = frame["label"].map(LABELS.index).to_numpy()
    if mode == "quote":
        return frame["text"].tolist(), labels
    texts = frame["text"].tolist()
    in_context = view_inputs(texts, frame["context"].tolist(), "context")[0]
    if mode == "context":
        return in_context, labels
    unambiguous = frame.groupby("text")["label"].transform("nunique").eq(1).to_numpy()
    alone = [model_input(t) for t, keep in zip(texts, unambiguous, strict=True) if keep]
    return in_context + alone, np.concatenate([labels, labels[unambiguous]])


def distillation_rows(
    teacher: str | os.PathLike[str],
    train: pd.DataFrame,
    pooled: pd.DataFrame,
    mode: str,
    unseen: pd.Series | None = None,
) -> tuple[list[str], np.ndarray]:
    """The student's inputs and the teacher's probabilities for them: every training row and
    pool statement (`read_pool`), in each view the student reads, labelled by the teacher as
    the pipeline reads the statement (the teacher's own views, averaged). Pool statements whose
    words are among `unseen` (the held-out and calibration rows) are left out, so that those
    rows stay unseen even when a pool file holds them without marking them."""
    if unseen is not None:
        pooled = pooled[~pooled["text"].isin(set(unseen))]
    statements = pd.concat(
        [train[["text", "context"]], pooled], ignore_index=True
    ).drop_duplicates()
    contexts = statements["context"].where(statements["context"].str.strip().ne(""), None)
    frame = pd.DataFrame({"text": statements["text"].tolist(), "context": contexts.tolist()})
    probs = score_statements(frame, teacher)[list(LABELS)].to_numpy(dtype=np.float32)
    views = view_inputs(frame["text"].tolist(), frame["context"].tolist(), mode)
    texts = [t for view in views for t in view]
    return texts, np.vstack([probs] * len(views))


def training_passes(
    rows: DataSplit,
    mode: str,
    epochs: int,
    vader: pd.DataFrame | None,
    teacher: str | os.PathLike[str] | None,
    pooled: pd.DataFrame,
) -> list[tuple[list[str], np.ndarray]]:
    """What fine-tuning goes through, pass by pass: VADER's sentences once, then the training
    rows `epochs` times, with their labels or, with a `teacher`, as its student (with the
    `pooled` statements: `distillation_rows`)."""
    passes: list[tuple[list[str], np.ndarray]] = []
    if vader is not None and len(vader):
        passes.append(vader_rows(vader, mode))
    if teacher is not None:
        unseen = pd.concat([rows.heldout, rows.calibration])["text"]
        passes += [distillation_rows(teacher, rows.train, pooled, mode, unseen)] * epochs
    else:
        passes += [training_rows(rows.train, mode)] * epochs
    return passes
