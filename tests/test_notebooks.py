"""Both notebooks run unchanged under papermill."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill as pm
import pytest

from .conftest import REPO, SEEDS

pytestmark = pytest.mark.slow
NOTEBOOKS = REPO / "notebooks"


@pytest.mark.parametrize("name", ["explore.ipynb", "report.ipynb"])
def test_notebooks_have_a_tagged_parameters_cell(name: str) -> None:
    notebook = nbformat.read(str(NOTEBOOKS / name), as_version=4)
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0].cell_type == "code"
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code")


def test_explore_runs_under_papermill(tmp_path: Path) -> None:
    out = tmp_path / "explore.out.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS / "explore.ipynb"),
        str(out),
        cwd=str(NOTEBOOKS),
        parameters={"corpus": str(SEEDS), "freq": "day", "cache": str(tmp_path / "cache.sqlite")},
        progress_bar=False,
    )
    text = out.read_text(encoding="utf-8")
    assert "1 articles, 0 rejected records" in text
    assert "Volodymyr Zelensky" in text and "image/png" in text


def test_explore_runs_with_its_own_defaults(tmp_path: Path) -> None:
    out = tmp_path / "explore.defaults.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS / "explore.ipynb"),
        str(out),
        cwd=str(NOTEBOOKS),
        parameters={"cache": None, "model": "vader"},
        progress_bar=False,
    )
    assert "Marco Rubio" in out.read_text(encoding="utf-8")
