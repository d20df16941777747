"""The graph view's data: exact JSON for small graphs, and what a build writes for it."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import mkdocs_build, write_graph

from mkdocs_logseq.parse.graph import load_graph
from mkdocs_logseq.render.graph_data import local_uri
from mkdocs_logseq.render.options import Options
from mkdocs_logseq.render.site import GRAPH_JSON, build_site

UUID = "6650a1b2-0000-4000-8000-00000000c001"
FILES = {
    "pages/A.md": "- links [[B]] and #topic\n",
    "pages/B.md": f"tags:: label\n\n- quotes (({UUID}))\n",
    "pages/C.md": f"exclude-from-graph-view:: true\n\n- the quoted block\n  id:: {UUID}\n",
    "pages/Secret.md": "public:: false\n\n- links [[A]] and [[Hidden target]]\n",
    "pages/Lonely.md": "- no links\n",
    "journals/2024_03_01.md": "- met [[A]]\n",
}


def graph_json(tmp_path: Path, **options: object) -> tuple[dict[str, object], dict[str, str]]:
    write_graph(tmp_path, FILES)
    build = build_site(load_graph(tmp_path), Options(**options))  # type: ignore[arg-type]
    return json.loads(build.data_files[GRAPH_JSON]), build.data_files


def test_global_graph_has_published_pages_and_their_links_only(tmp_path: Path) -> None:
    data, _ = graph_json(tmp_path)
    assert data == {
        "nodes": [
            {"title": "A", "url": "a/", "kind": "page"},
            {"title": "B", "url": "b/", "kind": "page"},
            {"title": "label", "url": "label/", "kind": "tag"},
            {"title": "Lonely", "url": "lonely/", "kind": "page"},
            {"title": "Mar 1st, 2024", "url": "journals/2024-03-01/", "kind": "journal"},
            {"title": "topic", "url": "topic/", "kind": "tag"},
        ],
        "links": [[0, 1], [0, 4], [0, 5], [1, 2]],
    }


def test_local_graph_keeps_excluded_pages_and_reaches_depth(tmp_path: Path) -> None:
    _, files = graph_json(tmp_path)
    local_b = json.loads(files[local_uri("b.md", True)])
    assert [n["title"] for n in local_b["nodes"]] == ["B", "A", "C", "label"]
    assert local_b["links"] == [[1, 0], [0, 2], [0, 3]]
    _, files = graph_json(tmp_path / "deep", graph_depth=2)
    local_b = json.loads(files[local_uri("b.md", True)])
    assert [n["title"] for n in local_b["nodes"]] == [
        "B",
        "A",
        "C",
        "label",
        "Mar 1st, 2024",
        "topic",
    ]


def test_local_graph_files_follow_the_page_url() -> None:
    assert local_uri("index.md", True) == "_logseq/graph/index.json"
    assert local_uri("a/b.md", True) == "_logseq/graph/a/b/index.json"
    assert local_uri("a/b.md", False) == "_logseq/graph/a/b.html.json"


def test_build_writes_shared_reader_files_and_a_graph_page(tmp_path: Path) -> None:
    graph = write_graph(tmp_path / "graph", FILES)
    built = mkdocs_build(graph, tmp_path / "site")
    site = built.site
    assert (
        (site / "_logseq/reader.js")
        .read_text("utf-8")
        .startswith(
            'window.LSQ_READER = {"previews": true, "graph": true, "labels": {"graph": "Graph", '
            '"expand": "Larger", "page": "Graph of this page", "close": "Close"}};'
        )
    )
    assert (site / "_logseq/vendor/force-graph.min.js").is_file()
    assert (site / "_logseq/graph/a/index.json").is_file()
    graph_page = built.html("graph-view/index.html")
    assert 'id="lsq-graph-global"' in graph_page
    assert '<a href="../">All pages</a>' in graph_page
    everything = "".join(p.read_text("utf-8", "replace") for p in site.rglob("*.json"))
    assert "Secret" not in everything and "Hidden target" not in everything
    page_a = built.html("a/index.html")
    assert page_a.count("_logseq/reader.js") == 1 and "lsq-graph.json" not in page_a


def test_features_off_write_nothing(tmp_path: Path) -> None:
    graph = write_graph(tmp_path / "graph", FILES)
    on = mkdocs_build(graph, tmp_path / "on")
    off = mkdocs_build(graph, tmp_path / "off", {"previews": False, "graph": False})
    assert not (off.site / "_logseq/reader.js").exists()
    assert not (off.site / "_logseq/graph.json").exists()
    assert not (off.site / "graph-view").exists()
    assert "reader.js" not in off.html("a/index.html")
    # The page's HTML grows by two tags and a nav entry, not with the graph.
    grown = len(on.html("a/index.html")) - len(off.html("a/index.html"))
    assert 0 < grown < 600


def test_local_graph_of_a_page_next_to_a_hub_has_the_links_among_its_nodes(
    tmp_path: Path,
) -> None:
    # the hub links to more pages than L's graph holds: its links are looked up from L's
    # nodes, and still come out in the order of the global graph's links
    files = {"pages/Hub.md": "- [[W]] [[X]] [[Y]] [[Z]]\n", "pages/L.md": "- [[Hub]] and [[X]]\n"}
    files |= {f"pages/{name}.md": "- text\n" for name in "WXYZ"}
    write_graph(tmp_path, files)
    build = build_site(load_graph(tmp_path), Options())
    local_l = json.loads(build.data_files[local_uri("l.md", True)])
    assert [n["title"] for n in local_l["nodes"]] == ["L", "Hub", "X"]
    assert local_l["links"] == [[1, 0], [1, 2], [0, 2]]
    local_hub = json.loads(build.data_files[local_uri("hub.md", True)])
    assert [n["title"] for n in local_hub["nodes"]] == ["Hub", "L", "W", "X", "Y", "Z"]
    assert local_hub["links"] == [[0, 1], [0, 2], [0, 3], [0, 4], [0, 5], [1, 3]]
