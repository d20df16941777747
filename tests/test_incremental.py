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

from mkdocs_logseq.parse.graph import Graph, ParseCache, load_graph

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
        the site compared with a fresh build's; the pages it left as they were (their
        output as written before)."""
        config = load_config(str(config_file))
        assert config.plugins["logseq"] is plugin
        build(config, serve_url=SERVE_URL, dirty=True)
        _same(_tree(site), _fresh(config_file, tmp_path / f"fresh-{step}"), step)
        return set(plugin.rebuilds.skipped)

    try:
        assert rebuild("first") == set()
        skipped = rebuild("nothing changed")
        assert "unrelated.md" in skipped and "alpha.md" in skipped
        assert plugin.render_cache.rendered == ["queries"], "a query may show anything"
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
        # Markdown rendered again: Beta; Alpha, which Beta references (its linked
        # references); Gamma, which embeds Beta; the query. Not the journal that links
        # to Beta (a link shows only Beta's name)
        assert plugin.render_cache.rendered == ["alpha", "beta", "gamma", "queries"]
        (graph / "pages/Epsilon.md").write_text("- new page about [[Delta]] #topic\n", "utf-8")
        skipped = rebuild("new page")
        assert "epsilon.md" not in skipped and "delta.md" not in skipped
        # Epsilon; what it references: Delta (linked references) and Topic (tagged pages,
        # linked references); the query
        assert plugin.render_cache.rendered == ["delta", "epsilon", "queries", "topic"]
        (graph / "pages/Delta.md").unlink()
        rebuild("deletion")
        # Delta, now a page without a file; Epsilon, whose link leads there
        assert plugin.render_cache.rendered == ["delta", "epsilon", "queries"]
        (graph / "pages/Gamma.md").rename(graph / "pages/Gamma Two.md")
        rebuild("rename")
        assert not (site / "gamma").exists()
        assert plugin.render_cache.rendered == ["beta", "gamma two", "queries"]
        alpha = "title:: Alpha Prime\ntags:: topic\n- Alpha links to [[Beta]]{}\n  id:: {}\n"
        block_id = "6500f1a0-0000-4000-8000-000000000001"
        (graph / "pages/Alpha.md").write_text(alpha.format("", block_id), "utf-8")
        rebuild("title change")
        (graph / "pages/Unrelated.md").write_text("- now it links to [[Alpha Prime]]\n", "utf-8")
        rebuild("new link")
        assert plugin.render_cache.rendered == ["alpha prime", "queries", "unrelated"]
        (graph / "pages/Alpha.md").write_text(alpha.format(", edited", block_id), "utf-8")
        rebuild("edit of a referenced block")
        # Alpha Prime; Beta, which references the edited block, and Gamma Two, which
        # embeds Beta; what these reference (their linked references): Topic, and Alpha,
        # a page without a file since the title change; the query
        assert plugin.render_cache.rendered == [
            "alpha",
            "alpha prime",
            "beta",
            "gamma two",
            "queries",
            "topic",
        ]
        (graph / "pages/Space___Other.md").write_text(
            "alias:: Nova\n- another child, about [[Zeta]]\n- ![pic](../assets/pic.png)\n",
            encoding="utf-8",
        )
        (graph / "pages/Unrelated.md").write_text("- now about [[Nova]]\n", "utf-8")
        rebuild("namespace, alias, missing file")
        (graph / "assets").mkdir()
        (graph / "assets/pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
        rebuild("the file appears")
        (graph / "pages/Alpha Prime.md").write_text("tags:: topic\n- no id now\n", "utf-8")
        (graph / "pages/Alpha.md").unlink()
        (graph / "pages/Epsilon.md").write_text(
            "- new page about [[Delta]] #topic\n- the block moved here\n"
            "  id:: 6500f1a0-0000-4000-8000-000000000001\n",
            encoding="utf-8",
        )
        rebuild("a block moves to another page, a file is renamed")
    finally:  # MkDocs keeps these plugin objects for the whole process: as after a build
        first.plugins.on_startup(command="build", dirty=False)
        for other in first.plugins.values():
            if hasattr(other, "search_index_prev"):  # Material's index of the last build
                other.search_index_prev = None


def _shape(graph: Graph) -> object:
    """What a loaded graph says, as plain data to compare."""
    return (
        [(k, p.name, p.file, p.aliases, p.alias_of) for k, p in sorted(graph.pages.items())],
        {uuid: (block.page.key, block.line) for uuid, block in graph.blocks.items()},
        {k: [(b.page.key, b.line) for b in v] for k, v in graph.referrers.items()},
        {k: [(b.page.key, b.line) for b in v] for k, v in graph.block_referrers.items()},
        [
            (b.page.key, b.line, b.uuid, b.refs, b.block_refs)
            for p in graph.pages.values()
            for b in p.all_blocks()
        ],
        [str(problem) for problem in graph.diagnostics.problems],
    )


def test_parse_cache_parses_changed_files_only_and_loads_the_same(tmp_path: Path) -> None:
    """Files whose bytes did not change are not parsed again, and the graph (names,
    block ids taken by the first file, references, warnings in order) is a fresh load's."""
    uuid = "6500f1a0-0000-4000-8000-0000000000aa"
    graph = write_graph(
        tmp_path,
        {
            "pages/A.md": f"- first with the id\n  id:: {uuid}\n- bad id\n  id:: nope\n",
            "pages/B.md": f"- second with the same id\n  id:: {uuid}\n- see ((({uuid})))\n",
            "pages/C.md": "title:: A\n- a file whose title clashes with A, about [[B]]\n",
        },
    )
    cache = ParseCache()
    load_graph(graph, cache=cache)
    assert cache.changed == {"pages/A.md", "pages/B.md", "pages/C.md"}
    (graph / "pages/A.md").write_text("- the id is gone, [[C]] is linked\n", encoding="utf-8")
    again = load_graph(graph, cache=cache)
    assert cache.changed == {"pages/A.md"}
    assert cache.reused == {"pages/B.md", "pages/C.md"}
    assert again.blocks[uuid].page.key == "b", "B's block has the id now"
    assert _shape(again) == _shape(load_graph(graph))
    (graph / "pages/C.md").unlink()
    (graph / "pages/A.md").write_text(f"- the id is back\n  id:: {uuid}\n", encoding="utf-8")
    third = load_graph(graph, cache=cache)
    assert set(cache.files) == {"pages/A.md", "pages/B.md"}
    assert _shape(third) == _shape(load_graph(graph))
