"""``mkdocs serve`` rebuilds with one plugin object: each rebuild starts from a clean slate."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import yaml
from conftest import write_graph
from mkdocs.commands.build import build
from mkdocs.config import load_config

from mkdocs_logseq.pages import LogseqPage


def _rebuild(config_file: Path) -> object:
    """Load the config and build as ``mkdocs serve``'s rebuild does; return the plugin."""
    cfg = load_config(str(config_file))
    build(cfg, dirty=False)
    return cfg.plugins["logseq"]


def test_rebuild_frees_the_last_builds_model(tmp_path: Path) -> None:
    """The model of the build before is freed, not frozen by the next build's
    ``gc.freeze`` and kept for good (the serve process grew with every rebuild)."""
    graph = write_graph(
        tmp_path / "graph",
        {
            "pages/A.md": "- links to [[B]]\n",
            "pages/B.md": "- back to [[A]]\n",
        },
    )
    config_file = tmp_path / "mkdocs.yml"
    config = {
        "site_name": "Test",
        "docs_dir": str(graph),
        "site_dir": str(tmp_path / "site"),
        "theme": {"name": "material"},
        "plugins": ["search", "logseq"],
    }
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    first = load_config(str(config_file))
    first.plugins.on_startup(command="serve", dirty=False)
    build(first, dirty=False)
    plugin = first.plugins["logseq"]
    site = str(tmp_path / "site")
    old = [
        weakref.ref(o)
        for o in gc.get_objects()
        if isinstance(o, LogseqPage) and o.file.abs_dest_path.startswith(site)
    ]
    assert len(old) >= 2
    del first
    gc.disable()  # whether an automatic collection runs before the freeze is luck
    try:
        assert _rebuild(config_file) is plugin, "serve keeps one plugin object across rebuilds"
    finally:
        gc.enable()
    assert plugin.build is not None
    alive = [ref() for ref in old if ref() is not None]
    assert not alive, "the last build's pages outlive the rebuild"
