"""Rendering as Logseq renders it (issue 11): references, names, blocks and listings that
real graphs showed differently. Exact Markdown where the converter decides, real builds where
the HTML matters; each case is checked against mldoc 1.5.7 or Logseq's graph-parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build, write_graph
from test_render import page as markdown
from test_render import render

from mkdocs_logseq.model import Link, Opaque, PageRef
from mkdocs_logseq.parse.inline import InlineParser
from mkdocs_logseq.parse.names import decode_file_name, is_namespace, is_url, namespace_parents


def soup(built_html: str) -> BeautifulSoup:
    return BeautifulSoup(built_html, "html.parser")


# ---- page references to URLs, and names that are not namespaces ---------------------------


def test_url_in_double_brackets_is_a_page_reference_in_markdown_only() -> None:
    """mldoc: ``[[https://x.com]]`` is ``Page_ref`` in Markdown, an external link in org."""
    assert InlineParser().parse("[[https://example.com]]") == [
        PageRef("https://example.com", "ref")
    ]
    org = InlineParser(org=True).parse("[[https://example.com]]")
    assert isinstance(org[0], Link) and org[0].dest == "https://example.com"


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("https://example.com", True),
        ("https:/example.com", True),  # new URL() fixes the slashes: a URL in Logseq too
        ("HTTP://X.COM/a/b", True),
        ("ftp://host/x", True),
        ("Book: A/B", False),  # a URL to the browser, but with an opaque origin
        ("zotero://select/x", False),
        ("file:///a/b", False),
        ("https://exa mple.com/x", False),
        ("[[Foo]]https://github.blog/x", False),
    ],
)
def test_is_url_follows_logseqs_url_check(name: str, url: bool) -> None:
    assert is_url(name) is url


def test_urls_and_names_holding_a_page_reference_are_not_namespaces() -> None:
    assert not is_namespace("https://example.com/a/b")
    assert not is_namespace("[[Foo]]https://github.blog/x")
    assert namespace_parents("[[Foo]]https://github.blog/x") == []
    assert is_namespace("Book: A/B") and namespace_parents("Book: A/B") == ["Book: A"]


def test_a_file_name_that_encodes_a_url_keeps_its_double_slash() -> None:
    assert decode_file_name("https%3A______example.com", "triple-lowbar") == "https://example.com"
    assert decode_file_name("a______b", "triple-lowbar") == "a/b"


def test_url_page_is_one_page_with_a_sane_url_and_its_backlink(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/A.md": "- see [[https://example.com]]\n",
            "pages/https%3A______example.com.md": "- the page about the site\n",
        },
    )
    assert markdown(build, "https-example.com.md").startswith(
        "# https://example.com { .lsq-title }\n\n⟨ul.lsq-outline⟩⟨li#b1⟩the page about the site"
    )
    assert "see ⟦⌂https-example.com/||https://example.com⟧" in markdown(build, "a.md")
    assert [p.src_uri for p in build.pages if p.key] == ["a.md", "https-example.com.md"]
    graph = build.site.graph
    assert [b.page.name for b in graph.referrers["https://example.com"]] == ["A"]


def test_name_holding_a_page_reference_is_not_split_and_shows_its_link(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {"pages/B.md": "title:: [[Foo]]https://github.blog/x\n\n- bee\n", "pages/Foo.md": "- f\n"},
    )
    src = "foohttps-github.blog-x.md"
    assert sorted(p.src_uri for p in build.pages if p.key) == ["foo.md", src]
    page = markdown(build, src)
    assert page.startswith(
        '# <a href="⌂foo/">Foo</a><a href="https://github.blog/x">https://github.blog/x</a>'
        " { .lsq-title }\n"
    )
    assert "Hierarchy" not in page and "lsq-namespace-path" not in page
    assert next(p.title for p in build.pages if p.src_uri == src) == "Foohttps://github.blog/x"


def test_link_labels_hold_no_links_tags_or_html(tmp_path: Path) -> None:
    """mldoc parses a label for emphasis, code and math only: a URL or a tag in a label is
    text (a link inside a link would nest ``<a>``)."""
    assert InlineParser(label=True).parse("see #t <b> `c` $x$ [x]") == [
        "see #t ",
        Opaque("&lt;"),
        "b> ",
        Opaque("`c`"),
        " ",
        Opaque("$x$"),
        " ",
        Opaque("\\["),
        "x",
        Opaque("\\]"),
    ]
    build = render(tmp_path, {"pages/A.md": "- [https://x.com #t](https://x.com)\n"})
    assert '<a href="https://x.com">https://x.com #t</a>' in markdown(build, "a.md")


# ---- when # starts a tag ---------------------------------------------------------------------


def _tags(text: str) -> list[str]:
    return [t.target for t in InlineParser().parse(text) if isinstance(t, PageRef)]


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("**PKCS#1**", []),  # mldoc: Bold [Plain "PKCS#1"]
        ("**#**", []),
        ("**see #tag here** #out", ["out"]),  # no tag inside emphasis of any kind
        ("*a #b* __c #d__ ~~#e~~ ==#f== ^^#g^^", []),
        ("_#b _", []),  # a closing run at the end closes even after a space
        ("**#b", ["b"]),  # no closing run: no emphasis
        ("foo_#bar_", ["bar_"]),  # _ after a letter opens nothing
        ("PKCS#1", ["1"]),  # outside emphasis a tag needs no space before it
        ("#a.#b", ["a.", "b"]),  # delimiters before # stay in the tag
        ("#a.", ["a"]),
        ("#.#b", [".", "b"]),
        ("#x.[[a b]]", ["x.[[a b]]"]),
        ("`**` #c **", ["c"]),  # a code span holds no emphasis delimiter
    ],
)
def test_hash_starts_a_tag_where_mldoc_says(text: str, tags: list[str]) -> None:
    assert _tags(text) == tags


def test_no_junk_tags_from_bold_text(tmp_path: Path) -> None:
    build = render(tmp_path, {"pages/A.md": "- **PKCS#1** and **#** are bold text\n"})
    assert markdown(build, "tags/index.md") == "# Tags\n\nNo page of this site uses tags."
    assert "\n**PKCS#1** and **#** are bold text\n" in markdown(build, "a.md")


# ---- hiccup holding EDN values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("hiccup", "html"),
    [
        ('[:div "a" #{"x"}]', "<div>a#{&quot;x&quot;}</div>"),  # str of a set, as hiccups
        ('[:span {:a 1, :b "q"} "x"]', '<span a="1" b="q">x</span>'),
        (
            '[:span "m" {:a 1} :kw :ns/kw sym nil true 1.5M 1/2 2.0 \\c]',
            ("<span>m{:a 1}kwkwsymtrue1.50.52c</span>"),
        ),
        ('[:p ("a" [:b "x"]) ["i" "y"]]', "<p>a<b>x</b><i>y</i></p>"),
        ("[:input {:disabled true :hidden false :title nil}]", '<input disabled="disabled">'),
        (
            '[:span #uuid "6650a1b2-0000-4000-8000-00000000a001" [:br]]',
            ("<span>6650a1b2-0000-4000-8000-00000000a001<br></span>"),
        ),
    ],
)
def test_hiccup_shows_edn_values_as_logseq_does(hiccup: str, html: str) -> None:
    from mkdocs_logseq.parse.hiccup import hiccup_to_html

    assert hiccup_to_html(hiccup) == html


# ---- properties Logseq hides make no references ---------------------------------------------


def test_values_of_built_in_properties_reference_no_page(tmp_path: Path) -> None:
    """graph-parser ``get-page-ref-names-from-properties``: built-in properties (hidden ones
    such as ``later::``, editable ones such as ``template::``) reference nothing, ``tags::``
    and ``alias::`` do; a key hidden only by ``:block-hidden-properties`` still does."""
    build = render(
        tmp_path,
        {
            "pages/A.md": """
            - a
              later:: [[X]]
              template:: [[Y]]
              secret:: [[Z]]
            - b
              tags:: T
            """
        },
        config="{:publishing/all-pages-public? true :block-hidden-properties #{:secret}}",
    )
    graph = build.site.graph
    refs = {b.raw_title: b.refs for b in graph.pages["a"].blocks}
    assert refs == {"a": ["z", "secret"], "b": ["t"]}
    assert "x" not in graph.pages and "y" not in graph.pages
    assert "later" not in build.site.paths and "template" not in build.site.paths


# ---- assets whose names hold brackets --------------------------------------------------------


def test_asset_links_whose_label_starts_with_a_bracket(tmp_path: Path) -> None:
    """mldoc reads ``[[x]y](dest)`` as a link labelled ``[x]y`` when no ``[[…]]`` closes."""
    name = "[muchong.com]notes_1_0.ppt"
    graph = write_graph(
        tmp_path / "graph",
        {
            "pages/A.md": f"- [[muchong.com]notes.ppt](../assets/{name})\n"
            f"- ![[muchong.com]notes.ppt](../assets/{name})\n",
            f"assets/{name}": "slides",
        },
    )
    built = mkdocs_build(graph, tmp_path / "site")
    assert (tmp_path / "site" / "assets" / name).read_text() == "slides"
    links = soup(built.html("a/index.html")).select("article a.lsq-download")
    assert [(a["href"], a.get_text()) for a in links] == [
        ("../assets/%5Bmuchong.com%5Dnotes_1_0.ppt", "[muchong.com]notes.ppt")
    ] * 2
    assert built.warnings == []


# ---- an empty page that is another page's alias ----------------------------------------------


@pytest.mark.parametrize("empty", ["-\n", "", "- \n\n"])
def test_a_link_to_an_empty_alias_page_goes_to_the_page_with_the_alias(
    tmp_path: Path, empty: str
) -> None:
    """model.cljs ``get-redirect-page-name``: a page without content (no block, or one empty
    block) that another page lists as an alias redirects to that page."""
    build = render(
        tmp_path,
        {
            "pages/Source.md": "alias:: Empty\n\n- the content\n",
            "pages/Empty.md": empty,
            "pages/C.md": "- see [[Empty]] and [[empty]]\n",
        },
    )
    assert "see ⟦⌂source/||Empty⟧ and ⟦⌂source/||empty⟧" in markdown(build, "c.md")
    assert [p.src_uri for p in build.pages if p.key] == ["c.md", "source.md"]
    assert [b.page.name for b in build.site.graph.referrers["source"]] == ["C"]


def test_an_alias_page_with_content_keeps_its_page(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/Source.md": "alias:: Other\n\n- the content\n",
            "pages/Other.md": "- its own text\n",
            "pages/C.md": "- see [[Other]]\n",
        },
    )
    assert "see ⟦⌂other/||Other⟧" in markdown(build, "c.md")
