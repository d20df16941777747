"""Issue 9, judged as a user would: a hostile graph, built for real, inspected file by file.

The graph holds hostile names everywhere a name can appear (file names, ``title::``,
aliases, tags, property values, description, namespaces, journals, macro arguments, asset
paths, link labels, image titles), cycles of every kind, reserved and colliding output
paths, very long names, deep nesting, odd encodings, unreadable files, and content that must
never be published (hidden, excluded, draft, private, loose, internal, outside the graph
through symlinks or paths), each holding a marker word. It is built with the defaults
(``nav: compact``, ``raw_html: keep``) and again with ``nav: full``, ``raw_html: escape``
and ``copy_assets: all``; the first build is repeated in another process with another hash
seed and must give the same bytes. The rules are in ``judge.py``.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import mkdocs_build, write_graph
from hostile import (
    HIDDEN,
    PNG,
    UNUSED_ASSET,
    WARNED,
    Hostile,
    hostile_builds,
)
from judge import bad_url, control_characters, differences, leaked
from mkdocs.exceptions import Abort


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    yield hostile_builds(tmp_path_factory)


def test_nothing_unpublished_reaches_any_file(hostile: Hostile) -> None:
    problems = leaked(hostile.keep_site, [*HIDDEN, UNUSED_ASSET])
    problems += [f"full: {p}" for p in leaked(hostile.full_site, HIDDEN)]
    problems += control_characters(hostile.keep_site)
    assert not problems, "\n".join(problems)


def test_not_in_nav_applies_to_the_graph_path(hostile: Hostile) -> None:
    site = hostile.full_site
    [page] = site.by_h1("notnav")
    in_nav = [on for on, a in site.links_to(page) if a.find_parent(class_="md-sidebar--primary")]
    assert not in_nav, in_nav


def test_reserved_output_files_are_the_themes(hostile: Hostile) -> None:
    import json
    from xml.etree import ElementTree

    for site in (hostile.keep_site, hostile.full_site):
        files = site.files
        assert ElementTree.fromstring(files["sitemap.xml"]).tag.endswith("urlset")
        assert json.loads(files["search/search_index.json"])["docs"]
        assert files["assets/images/favicon.png"].startswith(b"\x89PNG")
        assert site.pages["404.html"].h1 == "404 - Not found"
        assert (
            files["_logseq/logseq.css"]
            == (
                Path(__file__).parents[1] / "mkdocs_logseq" / "resources" / "logseq.css"
            ).read_bytes()
        )


def test_every_change_is_a_warning_naming_the_file(hostile: Hostile) -> None:
    missing = [f for f in WARNED if not any(f in w for w in hostile.keep.warnings)]
    assert not missing, "\n".join(["missing:", *missing, "warnings:", *hostile.keep.warnings])


def test_two_builds_are_byte_identical(hostile: Hostile) -> None:
    assert differences(hostile.keep_site, hostile.again) == []


# -- each warning fails a strict build --------------------------------------------------------


STRICT_CASES: dict[str, tuple[dict[str, str | bytes], str]] = {
    "control characters": ({"pages/c.md": "- a\x01b\n"}, "pages/c.md"),
    "noncharacter U+FFFE": ({"pages/c.md": "- a\ufffeb\n"}, "pages/c.md"),
    "not UTF-8": ({"pages/c.md": b"- caf\xe9\n"}, "pages/c.md"),
    "asset leaving the graph": ({"pages/c.md": "- ![x](../../../etc/passwd)\n"}, "pages/c.md"),
    "missing asset": ({"pages/c.md": "- ![x](../assets/none.png)\n"}, "pages/c.md"),
    "embed cycle": ({"pages/c.md": "- {{embed [[c]]}}\n"}, "pages/c.md"),
    "reserved path": ({"pages/c.md": "- [[sitemap.xml]]\n"}, "sitemap.xml"),
    "namespace index": (
        {"pages/a___index.md": "- one\n", "pages/a.md": "- two\n"},
        "pages/a___index.md",
    ),
    "white-space file name": ({"pages/  .md": "- x\n"}, "pages/  .md"),
    "unreadable page": ({}, "pages/sock.md"),
    "symlink leaving the graph": ({}, "assets/link.png"),
}


@pytest.mark.parametrize("case", sorted(STRICT_CASES))
def test_strict_build_fails_on_each_warning(case: str, tmp_path: Path) -> None:
    files, named = STRICT_CASES[case]
    strict_case(case, files, named, tmp_path)


def strict_case(case: str, files: dict[str, str | bytes], named: str, tmp_path: Path) -> None:
    """A warning naming ``named`` when ``files`` are built, and a strict build that fails."""
    graph = write_graph(tmp_path / "g", {"pages/ok.md": "- fine\n", **files})  # type: ignore[dict-item]
    if case == "unreadable page":
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(graph / "pages" / "sock.md"))
        sock.close()
    if case == "symlink leaving the graph":
        (tmp_path / "secret.png").write_bytes(PNG)
        (graph / "assets").mkdir()
        (graph / "assets" / "link.png").symlink_to(tmp_path / "secret.png")
        (graph / "pages" / "ok.md").write_text("- ![x](../assets/link.png)\n", encoding="utf-8")
    built = mkdocs_build(graph, tmp_path / "site", strict=False)
    assert any(named in w for w in built.warnings), built.warnings
    with pytest.raises(Abort):
        mkdocs_build(graph, tmp_path / "strict", strict=True)


def test_config_edn_error_names_its_line(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "g",
        {"pages/a.md": "- a\n"},
        "{:file/name-format :triple-lowbar\n :publishing/all-pages-public? true\n\n"
        ' :hidden ["x" }\n}\n',
    )
    built = mkdocs_build(graph, tmp_path / "site", strict=False)
    [warning] = [w for w in built.warnings if "config.edn:" in w]
    assert "config.edn:1:" not in warning and "config.edn:4" in warning


def test_bad_url_rule() -> None:
    """The URL rule itself (what a browser would run)."""
    assert bad_url(" JaVa\tScript:x") and bad_url("&#106;avascript:x")
    assert bad_url("vbscript:x") and bad_url("data:text/html,x")
    assert not bad_url("data:image/png;base64,AA") and not bad_url("https://x/javascript:")
