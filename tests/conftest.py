"""Fixtures: tiny random encoders and a head model built on disk once a session (no download).
Shared data and builders are in fixtures.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from .fixtures import build_tiny_encoder, build_tiny_head


@pytest.fixture(scope="session")
def tiny_encoder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_encoder(tmp_path_factory.mktemp("tiny-encoder"))


@pytest.fixture(scope="session")
def tiny_encoder_2_layers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_encoder(tmp_path_factory.mktemp("tiny-encoder-2"), layers=2)


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory, tiny_encoder: Path) -> Path:
    return build_tiny_head(tmp_path_factory.mktemp("tiny-model"), tiny_encoder)
