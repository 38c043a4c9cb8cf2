"""The README's Python examples run as written, and its set-up commands exist."""

from __future__ import annotations

import re
import shlex

import matplotlib
import pytest

from .fixtures import REPO

matplotlib.use("Agg")
README = (REPO / "README.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_python_examples_run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert blocks
    monkeypatch.chdir(REPO)
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert "Marco Rubio" in capsys.readouterr().out


def test_setup_commands_are_make_targets() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)", README, flags=re.M):
        assert re.search(rf"^{target}:", makefile, flags=re.M), target
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_cli_examples_use_real_options() -> None:
    from stance.cli import _parser

    parser = _parser()
    for line in re.findall(r"^stance (.+)$", README, flags=re.M):
        args = parser.parse_args(shlex.split(line.split(" #")[0]))
        assert callable(args.handler), line  # every command line names a command that runs
