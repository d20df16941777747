"""The Logseq understanding stays independent of MkDocs."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "mkdocs_logseq"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_parse_and_render_never_import_mkdocs() -> None:
    pure = [
        *PACKAGE.joinpath("parse").glob("*.py"),
        *PACKAGE.joinpath("render").glob("*.py"),
        PACKAGE / "model.py",
    ]
    assert len(pure) > 20
    offenders = {
        p.name: m
        for p in pure
        for m in imported_modules(p)
        if m == "mkdocs" or m.startswith("mkdocs.")
    }
    assert offenders == {}
