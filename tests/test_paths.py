"""No real graph crashes the build: loops in the graph, pages in the way of the site's own
files or of each other, names too long for a file system, outlines thousands of levels deep.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build, write_graph
from test_render import body, page, render

from mkdocs_logseq.model import Page
from mkdocs_logseq.parse.content import MAX_SPECIAL_DEPTH
from mkdocs_logseq.parse.graph import load_graph
from mkdocs_logseq.parse.hiccup import hiccup_to_html
from mkdocs_logseq.parse.names import page_key
from mkdocs_logseq.render.listings import nested_items
from mkdocs_logseq.render.markers import TAG_RE
from mkdocs_logseq.render.outline import MAX_OUTLINE_DEPTH, text_lines
from mkdocs_logseq.render.urls import Moved, assign_paths, page_path

NOT_FOUND = "the theme's page for missing pages"


def _page(name: str) -> Page:
    return Page(name=name, key=page_key(name))


def _h1(path: Path) -> str:
    h1 = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("h1")
    assert h1 is not None, path
    return h1.get_text().strip()


def _hrefs(path: Path) -> dict[str, str]:
    """Link text -> href (decoded) of the page's article."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.find("article")
    assert article is not None
    return {a.get_text().strip(): unquote(str(a["href"])) for a in article.find_all("a", href=True)}


def _follow(page: Path, href: str) -> Path:
    """The file a relative link on ``page`` leads to (a folder's ``index.html``)."""
    target = (page.parent / href).resolve()
    return target / "index.html" if target.is_dir() else target


# ---- where pages go --------------------------------------------------------------------------


@pytest.mark.parametrize("directory_urls", [True, False])
def test_no_page_takes_a_file_of_the_site_or_another_pages_place(directory_urls: bool) -> None:
    names = [
        "a/b",
        "a/b/index",  # MkDocs writes a/b/index.md where a/b.md goes (or its folder's index)
        "a",
        "404.html",  # a file: the page's folder would be where the file is
        "sitemap.xml",
        "search/search_index.json",
        "assets/images/favicon.png",
        "C",
        "C#",  # the same slug: an expected -2, no warning
        "x",
        "x/index.html",  # its folder is x's file, with directory URLs
        "Home",
    ]
    moved: list[Moved] = []
    theme = {"assets/images/favicon.png": "a file of the theme"}
    paths = assign_paths([_page(n) for n in names], "home", directory_urls, theme, moved)
    assert paths == {
        "home": "index.md",
        "404.html": "404.html-2.md",
        "a": "a.md",
        "a/b": "a/b.md",
        "assets/images/favicon.png": "assets/images/favicon.png-2.md",
        "c": "c.md",
        "c#": "c-2.md",
        "search/search_index.json": "search/search_index.json-2.md",
        "sitemap.xml": "sitemap.xml-2.md",
        "x": "x.md",
        "x/index.html": "x/index.html-2.md",
        "a/b/index": "a/b/index-2.md",
    }
    assert moved == [
        Moved("404.html", "404.html-2.md", "404.html", NOT_FOUND, False),
        Moved(
            "assets/images/favicon.png",
            "assets/images/favicon.png-2.md",
            "assets/images/favicon.png",
            "a file of the theme",
            False,
        ),
        Moved(
            "search/search_index.json",
            "search/search_index.json-2.md",
            "search/search_index.json",
            "the search index",
            False,
        ),
        Moved("sitemap.xml", "sitemap.xml-2.md", "sitemap.xml", "MkDocs' sitemap", False),
        Moved("x/index.html", "x/index.html-2.md", "x/index.html", "x", True),
        Moved("a/b/index", "a/b/index-2.md", "a/b/index.html", "a/b", True),
    ]


def test_the_plugins_own_pages_and_case_are_taken_into_account() -> None:
    moved: list[Moved] = []
    paths = assign_paths(
        [_page("Notes/Index"), _page("notes"), _page("Journals/Index"), _page("FOO")],
        None,
        True,
        {"foo/index.html": "a file another plugin adds"},
        moved,
    )
    assert paths == {
        "foo": "foo-2.md",
        "journals/index": "journals-page/index.md",
        "notes": "notes.md",
        "notes/index": "notes/index-2.md",
    }
    assert [(m.key, m.output, m.owner) for m in moved] == [
        ("foo", "foo/index.html", "a file another plugin adds"),
        ("notes/index", "notes/index.html", "notes"),
    ]


def test_names_too_long_for_a_file_system_get_a_short_stable_path() -> None:
    assert page_path(_page("x" * 300)) == "x" * 111 + "-02fd6825"
    assert page_path(_page("中" * 100)) == "中" * 37 + "-fce82f9f"  # 3 bytes a character
    assert page_path(_page("Ab/" + "é" * 200 + "/c")) == "ab/" + "é" * 55 + "-41f11f3d/c"
    deep = page_path(_page("/".join(f"n{i:03d}" for i in range(400))))
    assert deep.startswith("n000/n001/") and deep.endswith("-12ebeb90")
    assert len(deep.encode()) <= 1000
    assert max(len(part.encode()) for part in deep.split("/")) <= 120


def test_reserved_paths_build_and_keep_the_sites_own_files(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "graph",
        {
            "pages/x.md": """
            - [[sitemap.xml]] [[404.html]] [[search/search_index.json]]
            - [[assets/images/favicon.png]] [[_logseq/logseq.css]] [[search]] [[tags]]
            - [[all pages]] [[journals]] [[index]]
            """,
            "journals/2024_01_02.md": "- a day",
        },
    )
    for directory_urls in (True, False):
        site = tmp_path / f"site-{directory_urls}"
        extra = "" if directory_urls else "use_directory_urls: false\n"
        built = mkdocs_build(graph, site, strict=False, extra=extra)
        assert (site / "sitemap.xml").read_text().startswith("<?xml")
        assert "404" in _h1(site / "404.html")
        assert json.loads((site / "search/search_index.json").read_text())["docs"]
        assert (site / "assets/images/favicon.png").read_bytes()[:4] == b"\x89PNG"
        assert ".md-typeset" in (site / "_logseq/logseq.css").read_text()
        assert _h1(site / "tags" / "index.html") == "Tags"
        assert _h1(site / "journals" / "index.html") == "Journals"
        suffix = "/index.html" if directory_urls else ".html"
        x = site / f"x{suffix}"
        links = _hrefs(x)
        for name, stem in [
            ("sitemap.xml", "sitemap.xml-2"),
            ("404.html", "404.html-2"),
            ("search/search_index.json", "search/search_index.json-2"),
            ("assets/images/favicon.png", "assets/images/favicon.png-2"),
            ("_logseq/logseq.css", "logseq/logseq.css"),
            ("search", "search-page"),
            ("tags", "tags-page"),
            ("all pages", "all-pages-page"),
            ("journals", "journals-page"),
            ("index", "index-page"),
        ]:
            target = _follow(x, links[name])
            assert target == (site / f"{stem}{suffix}").resolve(), name
            assert _h1(target) == name
        for name, line, output in [
            ("sitemap.xml", 1, "sitemap.xml (MkDocs' sitemap)"),
            ("404.html", 1, f"404.html ({NOT_FOUND})"),
            ("search/search_index.json", 1, "search/search_index.json (the search index)"),
            ("assets/images/favicon.png", 2, "assets/images/favicon.png (a file of the theme)"),
        ]:
            url = f"{name}-2/" if directory_urls else f"{name}-2.html"
            assert (
                f"mkdocs_logseq: pages/x.md:{line}: page '{name}' would be written over {output}; "
                f"it is published at {url} instead"
            ) in built.warnings, name
        assert len(built.warnings) == 4


def test_a_child_named_index_does_not_replace_its_parent(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "graph",
        {
            "pages/a___b.md": "- parent text",
            "pages/a___b___index.md": "- child text",
            "pages/tmux___Window.md": "- the real window",
            "pages/y.md": "- [[a/b]] [[a/b/index]] [[tmux/Window/Index]] [[tmux/Window]]",
        },
    )
    for directory_urls in (True, False):
        site = tmp_path / f"site-{directory_urls}"
        extra = "" if directory_urls else "use_directory_urls: false\n"
        built = mkdocs_build(graph, site, strict=False, extra=extra)
        suffix = "/index.html" if directory_urls else ".html"
        y = site / f"y{suffix}"
        links = _hrefs(y)
        for name, stem, text in [
            ("a/b", "a/b", "parent text"),
            ("a/b/index", "a/b/index-2", "child text"),
            ("tmux/Window", "tmux/window", "the real window"),
            ("tmux/Window/Index", "tmux/window/index-2", "no content of its own"),
        ]:
            target = _follow(y, links[name])
            assert target == (site / f"{stem}{suffix}").resolve(), name
            assert _h1(target) == name
            assert text in target.read_text(encoding="utf-8")
        url = "a/b/index-2/" if directory_urls else "a/b/index-2.html"
        assert (
            "mkdocs_logseq: pages/a___b___index.md: page 'a/b/index' would be written over "
            f"page 'a/b' (pages/a___b.md) at a/b/index.html; it is published at {url} instead"
        ) in built.warnings
        url = "tmux/window/index-2/" if directory_urls else "tmux/window/index-2.html"
        assert (
            "mkdocs_logseq: pages/y.md:1: page 'tmux/Window/Index' would be written over page "
            f"'tmux/Window' (pages/tmux___Window.md) at tmux/window/index.html; it is published "
            f"at {url} instead"
        ) in built.warnings


def test_long_names_build_with_stable_paths(tmp_path: Path) -> None:
    long_ascii, long_cjk = "word " * 60, "长" * 100
    graph = write_graph(
        tmp_path / "graph",
        {
            "pages/x.md": f"- [[{long_ascii.strip()}]] and [[{long_cjk}]] #{'t' * 400}",
            "pages/" + "é" * 120 + ".md": "- a file named at the limit",
        },
    )
    first = mkdocs_build(graph, tmp_path / "site1")
    second = mkdocs_build(graph, tmp_path / "site2")
    assert first.plugin.build.site.paths == second.plugin.build.site.paths
    paths = first.plugin.build.site.paths
    for key in (page_key(long_ascii), page_key(long_cjk), "t" * 400, "é" * 120):
        stem = paths[key][:-3]
        assert max(len(p.encode()) for p in stem.split("/")) <= 120
        assert _h1(tmp_path / "site1" / stem / "index.html") in (
            long_ascii.strip(),
            long_cjk,
            "t" * 400,
            "é" * 120,
        )
    x = tmp_path / "site1" / "x" / "index.html"
    assert _h1(_follow(x, _hrefs(x)[long_cjk])) == long_cjk


# ---- loops -----------------------------------------------------------------------------------


def test_an_alias_naming_a_namespace_parent_is_no_loop(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/a___b.md": "alias:: a\n\n- ab text",
            "pages/p___q___r.md": "alias:: p\n\n- pqr text {{namespace p}}",
            "pages/z.md": "- {{namespace [[a]]}}",
        },
        publish="all",
    )
    assert page(build, "index.md") == (
        "# All pages\n\n"
        "4 pages.⟨div.lsq-index⟩"
        "⟨ul.lsq-all-pages⟩⟨li⟩⟦⌂a/b/||a/b⟧⟨/li⟩⟨li⟩⟦⌂p/q/||p/q⟧ "
        '<span class="lsq-generated-mark">(no content)</span>'
        "⟨ul.lsq-namespace⟩⟨li⟩⟦⌂p/q/r/||r⟧⟨/li⟩⟨/ul⟩⟨/li⟩⟨li⟩⟦⌂z/||z⟧⟨/li⟩⟨/ul⟩⟨/div⟩"
    )
    # a/b is its own parent: no hierarchy; p/q/r and p/q are each other's parent
    assert "## Hierarchy" not in page(build, "a/b.md")
    assert page(build, "p/q.md").endswith(
        "## Hierarchy { #hierarchy .lsq-hierarchy-title }\n\n"
        "⟨ul.lsq-namespace⟩⟨li⟩⟦⌂p/q/r/||p/q/r⟧⟨/li⟩⟨/ul⟩\n"
    )
    assert body(build, "p/q/r.md").split("⟨/div⟩", 1)[1] == (
        "⟨ul.lsq-outline⟩⟨li#b3⟩pqr text ⟨ul.lsq-namespace⟩⟨li⟩⟦⌂p/q/||q⟧⟨/li⟩⟨/ul⟩⟨/li⟩"
        "⟨/ul⟩\n\n## Hierarchy { #hierarchy .lsq-hierarchy-title }\n\n"
        "⟨ul.lsq-namespace⟩⟨li⟩⟦⌂p/q/||p/q⟧⟨/li⟩⟨/ul⟩\n"
    )


def test_the_largest_public_graphs_alias_loop_builds(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "graph",
        {
            "pages/a___b.md": "alias:: a\n\n- ab text [[a]]",
            "pages/a___b___c.md": "alias:: a/b/c/d\n\n- abc text",
            "pages/k___l___m.md": "alias:: k\n\n- klm text",
        },
    )
    built = mkdocs_build(graph, tmp_path / "site")
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for name in ("a/b", "k/l"):
        assert f">{name}</a>" in index
    assert _h1(tmp_path / "site" / "a" / "b" / "c" / "index.html") == "a/b/c"
    assert built.warnings == []


def test_alias_redirects_end_where_the_chain_ends(tmp_path: Path) -> None:
    write_graph(
        tmp_path,
        {
            "pages/one.md": "alias:: two",  # one and two: empty pages naming each other
            "pages/two.md": "alias:: one",
            "pages/c1.md": "alias:: c2",  # c1 <- c2 <- c3, all empty
            "pages/c2.md": "alias:: c3",
            "pages/c3.md": "",
        },
    )
    graph = load_graph(tmp_path)
    assert {n: graph.names[n] for n in ("one", "two", "c1", "c2", "c3")} == {
        "one": "one",
        "two": "one",
        "c1": "c1",
        "c2": "c1",
        "c3": "c1",
    }


def test_queries_whose_results_hold_them_again_end(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/qa.md": "- qa block [[X]] {{query [[X]]}}",
            "pages/qb.md": "- qb block [[X]] {{query [[X]]}}",
        },
        publish="all",
    )
    assert body(build, "qa.md") == (
        "⟨ul.lsq-outline⟩⟨li#b1⟩qa block ⟦⌂x/||X⟧ \n\n"
        '<p class="lsq-query-count">1 result</p>\n\n'
        "⟦⌂qb/|lsq-backlink-page|qb⟧⟨ul.lsq-outline⟩⟨li⟩qb block ⟦⌂x/||X⟧ \n\n"
        '<p class="lsq-query-nested"><em>Query results: see ⟦⌂qb/||qb⟧.</em></p>\n\n'
        "⟨/li⟩⟨/ul⟩⟨/li⟩⟨/ul⟩\n"
    )


def test_every_kind_of_loop_builds(tmp_path: Path) -> None:
    u1, u2 = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
    graph = write_graph(
        tmp_path / "graph",
        {
            "pages/ea.md": "- ea {{embed [[eb]]}}",
            "pages/eb.md": "- eb {{embed [[ea]]}}",
            "pages/ba.md": f"- ba (({u2}))\n  id:: {u1}\n\t- {{{{embed (({u2}))}}}}",
            "pages/bb.md": f"- bb (({u1}))\n  id:: {u2}\n\t- {{{{embed (({u1}))}}}}",
            "pages/ta.md": "- {{renderer :tocgen2, [[tb]], 100, 9, any}}\n- ta heading",
            "pages/tb.md": "- {{renderer :tocgen2, [[ta]], 100, 9, any}}\n- tb heading",
            "pages/n___m.md": "alias:: n\n\n- {{namespace n}} {{namespace [[n/m]]}} [[n]]",
            "pages/mix.md": "- mix {{embed [[qa]]}} {{query [[X]]}} [[X]] #ea",
            "pages/qa.md": "- qa [[X]] {{query [[X]]}} {{embed [[mix]]}}",
        },
    )
    built = mkdocs_build(graph, tmp_path / "site", strict=False)
    site = tmp_path / "site"
    for name in ("ea", "eb", "ba", "bb", "ta", "tb", "mix", "qa"):
        text = (site / name / "index.html").read_text(encoding="utf-8")
        assert f">{name}" in text or f"{name} " in text
    assert "tb heading" in (site / "ta" / "index.html").read_text(encoding="utf-8")
    assert "mkdocs_logseq: pages/eb.md:1: embed of 'ea' cut: it would embed itself (a cycle)" in (
        built.warnings
    )


# ---- depth -----------------------------------------------------------------------------------


def _outline(levels: int) -> str:
    return "".join("\t" * i + f"- w{i}\n" for i in range(levels))


def _depth(markdown: str) -> int:
    """How deep the outline's list items nest in a page's Markdown."""
    depth = deepest = 0
    for match in TAG_RE.finditer(markdown):
        if match.group(2) == "li":
            depth += -1 if match.group(1) else 1
            deepest = max(deepest, depth)
    return deepest


def test_an_outline_5000_levels_deep_keeps_every_word(tmp_path: Path) -> None:
    build = render(tmp_path, {"pages/deep.md": _outline(5000)})
    graph = build.site.graph
    node, levels = graph.pages["deep"].blocks[0], 1
    while node.children:
        node, levels = node.children[0], levels + 1
    assert levels == 5000
    markdown = page(build, "deep.md")
    assert re.findall(r"\bw(\d+)\b", markdown) == [str(i) for i in range(5000)]
    assert _depth(next(p.markdown for p in build.pages if p.src_uri == "deep.md")) == 100
    assert [str(p) for p in build.diagnostics.problems] == [
        f"pages/deep.md:{MAX_OUTLINE_DEPTH + 1}: the outline nests deeper than "
        f"{MAX_OUTLINE_DEPTH} levels; deeper blocks are shown at level {MAX_OUTLINE_DEPTH}"
    ]


def test_deep_outlines_build_with_embeds_tocs_and_references(tmp_path: Path) -> None:
    outline = _outline(1000) + "\t" * 1000 + "- end [[target]]\n"
    graph = write_graph(
        tmp_path / "graph",
        {
            "pages/deep.md": outline,
            "pages/emb.md": "- {{embed [[deep]]}}\n"
            "- {{renderer :tocgen2, [[deep]], 10, 9999, any}}",
            "pages/target.md": "- t",
        },
    )
    built = mkdocs_build(graph, tmp_path / "site", strict=False)
    site = tmp_path / "site"
    for name in ("deep", "emb"):
        text = BeautifulSoup((site / name / "index.html").read_text("utf-8"), "html.parser")
        article = text.find("article")
        assert article is not None
        words = re.findall(r"\bw(\d+)\b", article.get_text(" "))
        assert words[:1000] == [str(i) for i in range(1000)], name
    crumbs = (site / "target" / "index.html").read_text("utf-8")
    assert ">w0</a> › … › " in crumbs and ">w999</a> › " in crumbs and "end" in crumbs
    assert built.warnings == [
        "mkdocs_logseq: pages/deep.md:101: the outline nests deeper than 100 levels; deeper "
        "blocks are shown at level 100"
    ]


def test_deep_markdown_lists_in_a_block_are_capped_with_a_warning(tmp_path: Path) -> None:
    lines = "\n".join("  " + " " * (4 * i) + f"* item{i}" for i in range(300))
    graph = write_graph(tmp_path / "graph", {"pages/l.md": f"- list\n{lines}\n"})
    built = mkdocs_build(graph, tmp_path / "site", strict=False)
    text = (tmp_path / "site" / "l" / "index.html").read_text("utf-8")
    assert re.findall(r"item(\d+)", text) == [str(i) for i in range(300)]
    assert built.warnings == [
        "mkdocs_logseq: pages/l.md:19: a list nested deeper than 16 levels in a block; "
        "its deeper items are shown at that depth"
    ]


def test_text_lines_caps_the_indentation_of_deep_list_items() -> None:
    capped: list[int] = []
    lines = ["* top", " " * 60 + "* a", " " * 68 + "* b", "\t" * 20 + "1. c", " " * 70 + "d"]
    assert text_lines(lines, capped) == "\n".join(
        ["* top", " " * 60 + "* a", " " * 64 + "* b", " " * 64 + "1. c", " " * 64 + "d"]
    )
    assert capped == [2, 3, 4]


def test_link_labels_nested_hundreds_deep_keep_their_words(tmp_path: Path) -> None:
    build = render(tmp_path, {"pages/n.md": "- " + "[x " * 400 + "y" + "](z)" * 400})
    markdown = body(build, "n.md")
    assert len(re.findall(r"\bx\b", markdown)) == 400 and "y" in markdown


def test_nested_items_go_on_at_the_deepest_level() -> None:
    tree = {1: [2], 2: [3, 4], 3: [5], 4: [], 5: []}
    items = nested_items([1], lambda n: tree[n], str, max_depth=2)
    assert "".join(items).translate({0xFDD0: "<", 0xFDD1: ">"}) == (
        "<li>1<ul><li>2</li><li>3</li><li>5</li><li>4</li></ul></li>"
    )


def test_deeply_nested_begin_blocks_hiccup_and_queries_stay_text(tmp_path: Path) -> None:
    levels = MAX_SPECIAL_DEPTH + 2
    begins = "\n".join(f"  #+BEGIN_K{i}" for i in range(levels))
    ends = "\n".join(f"  #+END_K{i}" for i in reversed(range(levels)))
    hiccup = "[:div " * 100 + '"deep hiccup"' + "]" * 100
    query = "(" * 200 + "[[x]]" + ")" * 200
    text = f"- box\n{begins}\n  inner words\n{ends}\n- {hiccup}\n- {{{{query {query}}}}}"
    build = render(tmp_path, {"pages/b.md": text})
    boxes = "".join(f"⟨div.lsq-k{i}⟩" for i in range(MAX_SPECIAL_DEPTH))
    closes = "⟨/div⟩" * MAX_SPECIAL_DEPTH
    k, k1 = MAX_SPECIAL_DEPTH, MAX_SPECIAL_DEPTH + 1
    markdown = body(build, "b.md")
    assert markdown.startswith(
        f"⟨ul.lsq-outline⟩⟨li#b1⟩box{boxes}\n\n"
        f"```\n#+BEGIN_K{k}\n#+BEGIN_K{k1}\ninner words\n#+END_K{k1}\n#+END_K{k}\n```\n\n"
        f"{closes}⟨/li⟩"
    )
    assert "deep hiccup" in markdown and markdown.count("<div>") <= 64
    assert markdown.endswith(
        '<div class="lsq-query"><em>Live query — its results are shown in Logseq, not on '
        "this static site.</em></div>\n\n⟨/li⟩⟨/ul⟩\n"
    )
    assert hiccup_to_html(hiccup) is None
    assert [str(p) for p in build.diagnostics.problems] == [
        f"pages/b.md:{MAX_SPECIAL_DEPTH + 2}: #+BEGIN_ blocks nested deeper than "
        f"{MAX_SPECIAL_DEPTH} levels; the deeper ones are shown as written",
    ]
