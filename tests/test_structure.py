"""The package's shape: no import cycles, small modules that say what they are for."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "cvbuilder"
MAX_LINES = 330
DATA_TABLES = {"aas.py", "networks.py"}
"""Modules that are pure data tables (journal macros, social networks) may be longer."""


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every cvbuilder module ``name`` imports, at module level or inside functions."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [base, *(f"{base}.{a.name}" for a in node.names)]
        else:
            continue
        found.update(t for t in targets if t in known and t != name)
    return found


def test_there_is_no_import_cycle():
    modules = _modules()
    graph = {name: _imports(name, path, set(modules)) for name, path in modules.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == [], "\n".join(" → ".join(c) for c in cycles)


def test_modules_are_small_and_say_what_they_are_for():
    too_long, undocumented = [], []
    for name, path in _modules().items():
        lines = len(path.read_text("utf-8").splitlines())
        if lines > MAX_LINES and path.name not in DATA_TABLES:
            too_long.append(f"{name}: {lines} lines")
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8")))
        if not doc or not doc.strip():
            undocumented.append(name)
    assert too_long == []
    assert undocumented == []


def test_one_table_of_sections_drives_the_schema_and_every_layout():
    from cvbuilder import registry
    from cvbuilder.render.latex import blocks
    from cvbuilder.schema import sections
    from cvbuilder.schema.model import SECTIONS, Profile
    from cvbuilder.select import budget, variants

    assert SECTIONS == sections.NAMES and set(SECTIONS) <= set(Profile.model_fields)
    assert budget.DROPPABLE == sections.DROPPABLE
    assert set(variants._DATED) == {s.name for s in sections.TABLE if s.dated}
    assert set(blocks.TITLES) == set(SECTIONS)
    assert sections.ORDER["cv"] == registry.get("academic").DEFAULT_SECTIONS
    assert sections.ORDER["resume"] == registry.get("resume").DEFAULT_SECTIONS
    assert variants.DEFAULTS["resume"]["sections"] == list(sections.ORDER["resume"])
    for order in sections.ORDER.values():
        assert set(order) <= set(SECTIONS) and len(set(order)) == len(order)
