"""The package itself: a fast import without side effects, and an explicit public API."""

from __future__ import annotations

import subprocess
import sys

import stance


def test_import_loads_neither_torch_nor_matplotlib_nor_configures_logging() -> None:
    code = (
        "import logging, sys; import stance; "
        "print(sorted(m for m in ('torch', 'transformers', 'matplotlib') if m in sys.modules)); "
        "print(len(logging.getLogger().handlers))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[:2] == ["[]", "0"]


def test_public_api_is_exported() -> None:
    for name in stance.__all__:
        assert hasattr(stance, name), name
    for name in (
        "load_corpus",
        "extract_statements",
        "score_statements",
        "party_series",
        "plot_optimism_frustration",
        "run_report",
        "StanceError",
    ):
        assert name in stance.__all__
