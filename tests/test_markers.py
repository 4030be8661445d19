"""The ``tex`` marks of tests/conftest.py: every entry names a test that exists."""

import ast
from pathlib import Path

from .conftest import ALL, TEX

HERE = Path(__file__).parent


def test_every_tex_entry_names_an_existing_test():
    for module, names in TEX.items():
        path = HERE / f"{module}.py"
        assert path.is_file(), f"TEX lists {module}, which is no test module"
        if names == ALL:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tests = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        for name in names:
            assert name.partition("[")[0] in tests, f"TEX lists {module}::{name}, which is gone"
