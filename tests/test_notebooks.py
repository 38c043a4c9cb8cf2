"""Both notebooks run unchanged under papermill."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm
import pytest

from .fixtures import REPO, SEEDS

NOTEBOOKS = REPO / "notebooks"


@pytest.mark.parametrize("name", ["explore.ipynb", "report.ipynb"])
def test_notebooks_have_a_tagged_parameters_cell(name: str) -> None:
    notebook = nbformat.read(str(NOTEBOOKS / name), as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")


# headless runs turn the widgets off (a notebook client can stall on widget messages:
# jupyter/nbclient#312); the widgets themselves are tested in test_explore. A
# cell that runs longer than this fails the test instead of holding up the suite.
CELL_TIMEOUT = 600


@pytest.mark.slow
def test_explore_runs_under_papermill(tmp_path: Path) -> None:
    out = tmp_path / "explore.out.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS / "explore.ipynb"),
        str(out),
        cwd=str(NOTEBOOKS),
        parameters={
            "corpus": str(SEEDS),
            "freq": "day",
            "cache": str(tmp_path / "cache.sqlite"),
            "widgets": False,
        },
        progress_bar=False,
        execution_timeout=CELL_TIMEOUT,
    )
    notebook = nbformat.read(str(out), as_version=4)
    text = out.read_text(encoding="utf-8")
    assert "1 articles, 0 rejected records" in text
    assert "Volodymyr Zelensky" in text and "image/png" in text
    # without widgets the last cell shows both figures and the statements behind them
    last = notebook.cells[-1].outputs
    assert sum("image/png" in o.get("data", {}) for o in last) == 2
    assert any("Volodymyr Zelensky" in str(o.get("data", {})) for o in last)


@pytest.mark.slow
def test_explore_runs_with_its_own_defaults(tmp_path: Path) -> None:
    out = tmp_path / "explore.defaults.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS / "explore.ipynb"),
        str(out),
        cwd=str(NOTEBOOKS),
        parameters={"cache": None, "model": "vader", "widgets": False},
        progress_bar=False,
        execution_timeout=CELL_TIMEOUT,
    )
    assert "Marco Rubio" in out.read_text(encoding="utf-8")
