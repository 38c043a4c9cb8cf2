"""The import rules of ARCHITECTURE.md hold in the code: no part imports one it may not, and no
import cycle exists (imports inside functions count)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from .fixtures import REPO

PACKAGE = REPO / "src" / "stance"
FOUNDATION = {"errors", "schema", "_frames"}


def _rules() -> dict[str, set[str] | None]:
    """part -> the parts it may import (None: every part), from the table in ARCHITECTURE.md."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    table = text.split("<!-- import rules: read by tests/test_architecture.py -->", 1)[1]
    rules: dict[str, set[str] | None] = {}
    for line in table.splitlines()[3:]:
        if not line.startswith("|"):
            break
        part_cell, allowed_cell = [c.strip() for c in line.strip("|").split("|")]
        part = re.findall(r"`([\w_]+)`", part_cell)[0]
        allowed = set(re.findall(r"`([\w_]+)`", allowed_cell))
        rules[part] = None if "every part" in allowed_cell else allowed
    return rules


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every stance module `path` imports, at the top or inside functions."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "stance")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.split(".")[0] != "stance":
                continue
            # `from . import evaluate` imports a module, `from .x import y` the module x
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if _exists(candidate) else target)
    found.discard(name)
    return {m for m in found if _exists(m)}


def _exists(module: str) -> bool:
    path = PACKAGE.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _part(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "stance"


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def test_every_part_of_the_package_has_a_rule() -> None:
    rules = _rules()
    parts = {_part(m) for m in _graph()}
    assert parts - set(rules) == set(), "add these parts to the table in ARCHITECTURE.md"
    assert set(rules) - parts == set(), "the table names parts the package no longer has"


def test_no_part_imports_one_its_stage_should_not_need() -> None:
    rules = _rules()
    broken = []
    for module, imported in _graph().items():
        part = _part(module)
        allowed = rules[part]
        for target in imported:
            other = _part(target)
            if other == part or allowed is None:
                continue
            if (part in FOUNDATION and other not in {"errors"}) or (
                other not in FOUNDATION and other not in allowed
            ):
                broken.append(f"{module} imports {target}")
    assert broken == []


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_no_import_cycles_between_modules_or_parts() -> None:
    graph = _graph()
    assert _cycle(graph) is None
    parts: dict[str, set[str]] = {}
    for module, imported in graph.items():
        parts.setdefault(_part(module), set()).update(
            _part(t) for t in imported if _part(t) != _part(module)
        )
    parts.pop("stance", None)  # the public API imports the parts, and none imports it
    assert _cycle(parts) is None


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
        ({"a": {"b"}, "b": set(), "c": {"a"}}, None),
    ],
)
def test_the_cycle_finder_finds_cycles(graph: dict[str, set[str]], cycle: list[str] | None) -> None:
    assert _cycle(graph) == cycle
