"""Shared helpers: small graphs written to a temp folder, rendered or built with MkDocs."""

from __future__ import annotations

import logging
import os
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
ROOT = Path(__file__).resolve().parents[1]


def write_graph(root: Path, files: dict[str, str], config: str = "") -> Path:
    """Write ``files`` (graph-relative path -> text, dedented) and logseq/config.edn."""
    (root / "logseq").mkdir(parents=True, exist_ok=True)
    (root / "logseq" / "config.edn").write_text(
        config or "{:file/name-format :triple-lowbar :publishing/all-pages-public? true}",
        encoding="utf-8",
    )
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return root


@dataclass
class Built:
    site: Path
    warnings: list[str]
    plugin: Any = None
    """The build's ``logseq`` plugin object, for what the HTML cannot show."""
    config: Any = None
    """The build's MkDocs config, as the plugins left it."""

    def html(self, rel: str) -> str:
        return (self.site / rel).read_text(encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def mkdocs_build(
    graph: Path,
    site: Path,
    plugin: dict[str, object] | None = None,
    strict: bool = True,
    extra: str = "",
    search: dict[str, object] | None = None,
) -> Built:
    """Run a real ``mkdocs build`` of ``graph`` (Material, search, the plugin) in process."""
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = graph.parent / f"{graph.name}-mkdocs.yml"
    config = {
        "site_name": "Test",
        "docs_dir": str(graph),
        "site_dir": str(site),
        "theme": {"name": "material"},
        "plugins": [{"search": search or {}}, {"logseq": plugin or {}}],
    }
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True) + extra, encoding="utf-8")
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        cfg = load_config(str(config_file), strict=strict)
        cfg.plugins.on_startup(command="build", dirty=False)
        build(cfg)
    finally:
        logger.removeHandler(handler)
    return Built(site, handler.messages, cfg.plugins["logseq"], cfg)


@pytest.fixture
def graph_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "graph"


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-spec``: rewrite the golden spec's expected files (``tests/test_spec.py``)."""
    parser.addoption(
        "--update-spec",
        action="store_true",
        help="rewrite tests/spec/**/expected/*.html and warnings.txt from today's output",
    )
