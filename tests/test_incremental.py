"""``mkdocs serve --dirty``: after every edit, new page, deletion and rename, the site
equals a fresh build's, file for file and byte for byte (search index and sitemap
included), while the rebuild leaves the pages the change did not reach as they were."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, write_graph
from mkdocs.commands.build import build
from mkdocs.config import load_config

SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1700000000"
FRESH = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url=sys.argv[3], dirty=False)
"""
"""A fresh build as ``mkdocs serve`` (without ``--dirty``) makes it, in a new process."""

GRAPH = {
    "pages/Alpha.md": """
        tags:: topic
        - Alpha links to [[Beta]] and #topic
          id:: 6500f1a0-0000-4000-8000-000000000001
        - a task
        """,
    "pages/Beta.md": """
        - Beta says hello to [[Alpha]]
        - a block ref ((6500f1a0-0000-4000-8000-000000000001))
        """,
    "pages/Gamma.md": "- Gamma embeds {{embed [[Beta]]}}\n",
    "pages/Delta.md": "- Delta is alone\n",
    "pages/Space___Child.md": "- a namespace child that mentions [[Alpha]]\n",
    "pages/Queries.md": "- {{query [[Alpha]]}}\n",
    "pages/Unrelated.md": "- nothing links here\n- nor from here\n",
    "journals/2024_01_02.md": "- a journal day with [[Beta]]\n",
}


def _tree(root: Path) -> dict[str, bytes]:
    files = sorted(path for path in root.rglob("*") if path.is_file())
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in files}


def _fresh(config_file: Path, out: Path) -> dict[str, bytes]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(ROOT)}
    subprocess.run(
        [sys.executable, "-c", FRESH, str(config_file), str(out), SERVE_URL],
        check=True,
        env=env,
        capture_output=True,
    )
    return _tree(out)


def _same(dirty: dict[str, bytes], fresh: dict[str, bytes], step: str) -> None:
    assert sorted(dirty) == sorted(fresh), f"{step}: the files differ"
    differ = [path for path in fresh if dirty[path] != fresh[path]]
    assert not differ, f"{step}: these files differ from a fresh build: {differ}"


@pytest.mark.parametrize("nav", ["compact", "full"])
def test_dirty_rebuilds_equal_fresh_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, nav: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    graph = write_graph(tmp_path / "graph", GRAPH)
    site = tmp_path / "site"
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(
            {
                "site_name": "Test",
                "site_url": SERVE_URL,
                "docs_dir": str(graph),
                "site_dir": str(site),
                "theme": {"name": "material"},
                "plugins": ["search", {"logseq": {"nav": nav}}],
            }
        ),
        encoding="utf-8",
    )
    first = load_config(str(config_file))
    first.plugins.on_startup(command="serve", dirty=True)  # as `mkdocs serve --dirty`
    plugin = first.plugins["logseq"]

    def rebuild(step: str) -> set[str]:
        """A rebuild as serve's makes it (the config loaded again, the same plugins);
        the site compared with a fresh build's; the pages it left as they were."""
        config = load_config(str(config_file))
        assert config.plugins["logseq"] is plugin
        build(config, serve_url=SERVE_URL, dirty=True)
        _same(_tree(site), _fresh(config_file, tmp_path / f"fresh-{step}"), step)
        return set(plugin.rebuilds.skipped)

    try:
        assert rebuild("first") == set()
        skipped = rebuild("nothing changed")
        assert "unrelated.md" in skipped and "alpha.md" in skipped
        (graph / "pages/Beta.md").write_text(
            "- Beta now says goodbye to [[Alpha]]\n- a block ref "
            "((6500f1a0-0000-4000-8000-000000000001))\n",
            encoding="utf-8",
        )
        skipped = rebuild("edit")
        # Beta, Alpha (its linked references), Gamma (embeds Beta) and the journal (links
        # to Beta: its linked references... are Beta's) are rebuilt; Unrelated is not
        assert "unrelated.md" in skipped
        assert not {"beta.md", "alpha.md", "gamma.md"} & skipped
        (graph / "pages/Epsilon.md").write_text("- new page about [[Delta]] #topic\n", "utf-8")
        skipped = rebuild("new page")
        assert "epsilon.md" not in skipped and "delta.md" not in skipped
        (graph / "pages/Delta.md").unlink()
        rebuild("deletion")
        (graph / "pages/Gamma.md").rename(graph / "pages/Gamma Two.md")
        rebuild("rename")
        assert not (site / "gamma").exists()
        (graph / "pages/Alpha.md").write_text(
            "title:: Alpha Prime\ntags:: topic\n- Alpha links to [[Beta]]\n"
            "  id:: 6500f1a0-0000-4000-8000-000000000001\n",
            encoding="utf-8",
        )
        rebuild("title change")
        (graph / "pages/Unrelated.md").write_text("- now it links to [[Alpha Prime]]\n", "utf-8")
        rebuild("new link")
    finally:  # MkDocs keeps these plugin objects for the whole process: as after a build
        first.plugins.on_startup(command="build", dirty=False)
        for other in first.plugins.values():
            if hasattr(other, "search_index_prev"):  # Material's index of the last build
                other.search_index_prev = None
