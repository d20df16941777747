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

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import Tag
from conftest import mkdocs_build, write_graph
from hostile import (
    DESCRIPTION,
    FAVORITES,
    HIDDEN,
    NAMES,
    PNG,
    REFERRERS,
    TAGS,
    UNUSED_ASSET,
    WARNED,
    WARNED_URLS,
    Hostile,
    hostile_builds,
)
from judge import (
    bad_url,
    control_characters,
    differences,
    leaked,
    name_problems,
    shown,
    site_injections,
    text_of,
)
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
    "script URL": ({"pages/c.md": "- [x](JaVaScRiPt:alert(1))\n"}, "pages/c.md:1"),
    "script URL in a macro": ({"pages/c.md": "- a\n- {{video javascript:x}}\n"}, "pages/c.md:2"),
    "handler in raw HTML": ({"pages/c.md": '- <b onclick="x()">b</b>\n'}, "pages/c.md:1"),
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


# -- names, values and URLs (issue 9: "one escaping rule at the boundary to the theme") -------


def test_every_name_shows_as_written(hostile: Hostile) -> None:
    """In ``<title>``, the header, the h1, the search index, All pages, and (``nav: full``)
    the sidebar: the name as written, never cut, never an element, never a backslash."""
    problems: list[str] = []
    for name in NAMES:
        listed = name != "Jan 5th, 2024"
        problems += name_problems(hostile.keep_site, name, nav=False, listed=listed)
        problems += [f"full: {p}" for p in name_problems(hostile.full_site, name, True, listed)]
    assert not problems, "\n".join(problems)


def test_no_element_attribute_or_script_url_arrives(hostile: Hostile) -> None:
    problems = site_injections(hostile.keep_site)
    problems += [f"full: {p}" for p in site_injections(hostile.full_site)]
    assert not problems, "\n".join(problems)


def test_no_script_url_in_any_file(hostile: Hostile) -> None:
    """Not as a URL attribute (checked above), nor in the data files the reader's script
    reads (the graph view's JSON), nor in the sitemap."""
    problems = []
    for site in (hostile.keep_site, hostile.full_site):
        for rel, data in site.files.items():
            if rel.endswith(".json") and rel != "search/search_index.json":
                for url in re.findall(r'"url": ?"([^"]*)"', data.decode("utf-8")):
                    if bad_url(url):
                        problems.append(f"{rel}: {url}")
    assert not problems, problems


def test_favorites_in_the_compact_nav_show_as_written(hostile: Hostile) -> None:
    site = hostile.keep_site
    page = site.pages["index.html"]
    nav = page.soup.find(class_="md-sidebar--primary")
    assert nav is not None
    texts = {text_of(a) for a in nav.find_all("a")}
    missing = [shown(name) for name in FAVORITES if shown(name) not in texts]
    assert not missing, (missing, sorted(texts))


def test_meta_description_is_the_property_as_written(hostile: Hostile) -> None:
    [rel] = hostile.keep_site.by_h1("hostile")
    meta = hostile.keep_site.pages[rel].soup.find("meta", attrs={"name": "description"})
    assert meta is not None and meta["content"] == DESCRIPTION


def test_tags_page_and_tag_lists_show_tags_as_written(hostile: Hostile) -> None:
    site = hostile.keep_site
    [rel] = site.by_h1("Tags")
    article = site.pages[rel].article
    assert article is not None
    texts = {text_of(a) for a in article.find_all("a")}
    missing = [f"#{shown(t)}" for t in TAGS if f"#{shown(t)}" not in texts]
    assert not missing, (missing, sorted(texts))
    assert "#C" not in texts, "#C# is the tag C#, not C"
    [hostile_rel] = site.by_h1("hostile")
    tags = site.pages[hostile_rel].soup.find(class_="lsq-properties")
    shown_tags = {text_of(a) for a in tags.find_all("a")} if isinstance(tags, Tag) else set()
    assert {shown(t) for t in TAGS[:3]} <= shown_tags, shown_tags


def test_linked_references_and_breadcrumbs_show_names_as_written(hostile: Hostile) -> None:
    site = hostile.keep_site
    [rel] = site.by_h1("hostile")
    article = site.pages[rel].article
    assert article is not None
    groups = article.find_all(class_="lsq-backlink-page")
    texts = {text_of(a) for a in groups}
    missing = [shown(n) for n in REFERRERS if shown(n) not in texts]
    assert not missing, (missing, sorted(texts))
    crumbs = {text_of(c) for c in article.find_all(class_="lsq-breadcrumb")}
    assert any("parent of Vec<T> a=b x~y Option<String> vecword" in c for c in crumbs), crumbs
    [child] = site.by_h1('Vec<T>/child "x"')
    path = site.pages[child].soup.find(class_="lsq-namespace-path")
    assert isinstance(path, Tag) and text_of(path) == 'Vec<T> / child "x"', path


def test_link_labels_and_image_titles_keep_their_attributes(hostile: Hostile) -> None:
    site = hostile.keep_site
    [rel] = site.by_h1("labels")
    page = site.pages[rel]
    assert page.article is not None
    hrefs = [str(a["href"]) for a in page.article.find_all("a", href=True)]
    assert "https://example.com/a_b_c" in hrefs and "#cite_note-12" in hrefs, hrefs
    assert "https://example.com/a_b_c_d" in hrefs and "https://example.com/x_y_z" in hrefs
    assert "#ofFloat(T,%20int)" in hrefs or "#ofFloat(T, int)" in hrefs, hrefs
    [img] = [i for i in page.article.find_all("img") if "i.png" in str(i["src"])]
    assert img["title"] == 'title [[Option<String>]] \\" lsqpwn=\\"1', img.attrs
    assert "[" in page.text and "x [[Vec<T>]] y" in page.text and "<b lsqpwn>lbl</b>" in page.text


def test_unsafe_urls_are_text_with_a_warning(hostile: Hostile) -> None:
    warned = [f for f in WARNED_URLS if not any(f in w for w in hostile.keep.warnings)]
    assert not warned, hostile.keep.warnings
    site = hostile.keep_site
    [rel] = site.by_h1("scripts")
    text = site.pages[rel].text
    assert "click" in text and "scriptsword" in text
    article = site.pages[rel].article
    assert article is not None
    hrefs = {str(a.get("href")) for a in article.find_all("a")}
    assert {"zotero://select/items/ABC", "logseq://graph/x", "mailto:a@b.c"} <= hrefs, hrefs
    [tweet] = site.by_h1("macros")
    assert ".lsq-tweet" not in site.pages[tweet].text


def test_raw_html_escape_shows_the_authors_html_as_text(hostile: Hostile) -> None:
    site = hostile.full_site
    [rel] = site.by_h1("rawhtml")
    page = site.pages[rel]
    assert page.article is not None
    assert not page.article.find_all(class_=re.compile("^lsq(raw|hic)"))
    assert '<kbd class="lsqraw">K</kbd>' in page.text
    keep = hostile.keep_site.pages[hostile.keep_site.by_h1("rawhtml")[0]]
    assert keep.article is not None and keep.article.find("kbd", class_="lsqraw")


def test_other_schemes_are_links_summarised_in_one_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    links = "".join(
        f"- [z{i}](zotero://select/{i}) [l](logseq://graph/x?page={i})\n" for i in range(5)
    )
    graph = write_graph(
        tmp_path / "g", {"pages/a.md": links, "pages/b.md": "- [f](file:///x.pdf)\n"}
    )
    with caplog.at_level("INFO", logger="mkdocs.plugins.mkdocs_logseq.plugin"):
        built = mkdocs_build(graph, tmp_path / "site", strict=True)
    assert built.warnings == []
    lines = [r.getMessage() for r in caplog.records if "schemes other than" in r.getMessage()]
    assert lines == [
        "mkdocs_logseq: links kept as written with schemes other than http(s) and mailto: "
        "file (first in pages/b.md:1), logseq (first in pages/a.md:1), "
        "zotero (first in pages/a.md:1)"
    ]
    page = (tmp_path / "site" / "a" / "index.html").read_text("utf-8")
    assert page.count('href="zotero://select/') == 5
