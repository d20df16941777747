"""MkDocs and Material conventions: code highlighting, task styling, edit links, labels,
offline math. Real ``mkdocs build`` runs on small graphs; the HTML is inspected."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from conftest import mkdocs_build, write_graph


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


CODE_PAGE = """
- Some code:
  ```python
  def f(x):
      return x + 1
  ```
"""


def test_code_blocks_are_highlighted_with_material_extensions(tmp_path: Path) -> None:
    graph = write_graph(tmp_path / "g", {"pages/Code.md": CODE_PAGE, "pages/Plain.md": "- x\n"})
    built = mkdocs_build(graph, tmp_path / "site")
    assert built.warnings == []
    code = soup(tmp_path / "site" / "code" / "index.html").select_one("article div.highlight")
    assert code is not None and "language-python" in code["class"]
    tokens = {span.get_text(): span["class"] for span in code.select("code span[class]")}
    assert tokens["def"] == ["k"] and tokens["f"] == ["nf"]


def test_code_extensions_are_added_only_when_a_page_has_code(tmp_path: Path) -> None:
    graph = write_graph(tmp_path / "g", {"pages/Plain.md": "- `inline` only\n"})
    built = mkdocs_build(graph, tmp_path / "site")
    extensions = built.config.markdown_extensions
    assert "pymdownx.highlight" not in extensions and "pymdownx.superfences" not in extensions


def test_users_own_highlighter_and_its_options_are_kept(tmp_path: Path) -> None:
    graph = write_graph(tmp_path / "g", {"pages/Code.md": CODE_PAGE})
    extra = "markdown_extensions:\n  - pymdownx.highlight:\n      linenums: true\n"
    built = mkdocs_build(graph, tmp_path / "site", extra=extra)
    page = soup(tmp_path / "site" / "code" / "index.html")
    assert page.select_one("article .highlight .linenos, article .highlighttable") is not None
    assert built.config.mdx_configs["pymdownx.highlight"] == {"linenums": True}

    extra = "markdown_extensions:\n  - codehilite\n"
    built = mkdocs_build(graph, tmp_path / "site2", extra=extra)
    extensions = built.config.markdown_extensions
    assert "codehilite" in extensions and "pymdownx.highlight" not in extensions
    code = soup(tmp_path / "site2" / "code" / "index.html").select_one("article .codehilite")
    assert code is not None and code.select_one("span.k").get_text() == "def"


def test_done_and_canceled_tasks_are_struck_but_not_their_children(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/T.md": """
            - DONE shipped it
              - a child
            - CANCELED dropped it
            - NOW working on it
            - TODO open
            """
        },
    )
    mkdocs_build(graph, tmp_path / "site")
    outline = soup(tmp_path / "site" / "t" / "index.html").select_one("article ul.lsq-outline")
    items = outline.find_all("li", recursive=False)
    struck = [li.select_one(":scope > .lsq-task-text, :scope > p > .lsq-task-text") for li in items]
    assert [s.get_text() if s else None for s in struck] == [
        "shipped it",
        "CANCELED dropped it",
        None,
        None,
    ]
    child = items[0].find("ul")
    assert child.get_text() == "a child" and child.select(".lsq-task-text") == []
    assert items[2].select_one(".lsq-marker").get_text() == "NOW"


def test_edit_links_open_the_logseq_source_file(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/BERT.md": "- see [[Missing]] and [[ns/child]] #tag\n",
            "pages/ns___child.md": "- child\n",
            "pages/https%3A______example.com.md": "- odd name\n",
            "pages/Org page.org": "* heading\n",
            "journals/2024_03_01.md": "- a day\n",
        },
        "{:file/name-format :triple-lowbar :publishing/all-pages-public? true"
        ' :default-home {:page "BERT"}}',
    )
    extra = (
        "repo_url: https://github.com/u/notes\nedit_uri: edit/main/graph/\n"
        "theme:\n  name: material\n  features: [content.action.edit]\n"
    )
    mkdocs_build(graph, tmp_path / "site", extra=extra)

    def edit_link(rel: str) -> str | None:
        button = soup(tmp_path / "site" / rel).select_one("article a.md-content__button")
        return button["href"] if button else None

    base = "https://github.com/u/notes/edit/main/graph/"
    assert edit_link("index.html") == base + "pages/BERT.md"
    assert edit_link("ns/child/index.html") == base + "pages/ns___child.md"
    assert edit_link("org-page/index.html") == base + "pages/Org%20page.org"
    assert edit_link("journals/2024-03-01/index.html") == base + "journals/2024_03_01.md"
    odd = [p for p in (tmp_path / "site").rglob("index.html") if "odd name" in p.read_text()]
    assert [edit_link(str(p.relative_to(tmp_path / "site"))) for p in odd] == [
        base + "pages/https%253A______example.com.md"
    ]
    for generated in ("missing", "ns", "tag", "all-pages", "tags", "journals"):
        assert edit_link(f"{generated}/index.html") is None, generated


def _external(page: BeautifulSoup) -> list[str]:
    """Scripts, stylesheets and fonts a page loads from another host."""
    urls = [s.get("src", "") for s in page.select("script[src]")]
    urls += [link.get("href", "") for link in page.select("link[rel=stylesheet]")]
    return [u for u in urls if u.startswith(("http:", "https:", "//"))]


def test_math_is_typeset_by_katex_served_from_the_site(tmp_path: Path) -> None:
    import re

    graph = write_graph(
        tmp_path / "g", {"pages/M.md": "- inline $E=mc^2$ and \\ce{H2O}\n", "pages/N.md": "- x\n"}
    )
    mkdocs_build(graph, tmp_path / "site", extra="theme:\n  name: material\n  font: false\n")
    site = tmp_path / "site"
    page = soup(site / "m" / "index.html")
    assert _external(page) == []
    scripts = [s["src"] for s in page.select("script[src]") if "_logseq" in s["src"]]
    assert scripts == [
        "../_logseq/reader.js",
        "../_logseq/katex/katex.min.js",
        "../_logseq/katex/contrib/mhchem.min.js",
        "../_logseq/katex/contrib/auto-render.min.js",
        "../_logseq/math.js",
    ]
    for src in scripts:
        assert (site / "m" / src).resolve().is_file(), src
    css = (site / "_logseq" / "katex" / "katex.min.css").read_text(encoding="utf-8")
    fonts = re.findall(r"url\(([^)]+)\)", css)
    assert len(fonts) == 20 and all(f.endswith(".woff2") for f in fonts)
    assert all((site / "_logseq" / "katex" / f).is_file() for f in fonts)
    assert "MIT License" in (site / "_logseq" / "katex" / "LICENSE").read_text(encoding="utf-8")


def test_katex_is_copied_only_for_math_and_not_with_math_off(tmp_path: Path) -> None:
    graph = write_graph(tmp_path / "g", {"pages/N.md": "- no math, 5$ only\n"})
    mkdocs_build(graph, tmp_path / "site")
    assert not (tmp_path / "site" / "_logseq" / "katex").exists()
    graph = write_graph(tmp_path / "g2", {"pages/M.md": "- $x$\n"})
    mkdocs_build(graph, tmp_path / "site2", plugin={"math": "off"})
    assert not (tmp_path / "site2" / "_logseq" / "katex").exists()
    page = soup(tmp_path / "site2" / "m" / "index.html")
    assert page.select_one("article .arithmatex") is not None
    assert [s for s in page.select("script[src]") if "katex" in s["src"]] == []


LABELS_GRAPH = {
    "pages/A.md": (
        "tags:: topic\n\n- links [[B]] and [[ns/child]]\n- #+BEGIN_NOTE\n  a note\n  #+END_NOTE\n"
    ),
    "pages/B.md": "- back to [[A]]\n",
    "pages/ns___child.md": "- child\n",
    "journals/2024_03_01.md": "- a day with [[A]]\n",
}


def test_labels_follow_the_theme_language(tmp_path: Path) -> None:
    graph = write_graph(tmp_path / "g", LABELS_GRAPH)
    mkdocs_build(graph, tmp_path / "site", extra="theme:\n  name: material\n  language: zh\n")
    site = tmp_path / "site"
    a = soup(site / "a" / "index.html")
    assert a.select_one("#linked-references").get_text(strip=True).rstrip("¶") == "链接引用"
    assert a.select_one(".lsq-count").get_text() == "来自 2 个页面的 2 条引用"
    assert a.select_one(".admonition-title").get_text() == "备注"
    nav = [link.get_text(strip=True) for link in a.select("nav.md-nav--primary a.md-nav__link")]
    assert nav[:4] == ["首页", "标签", "日记", "图谱"]
    graph = soup(site / "graph-view" / "index.html")
    assert graph.select_one("article h1").get_text(strip=True).rstrip("¶") == "图谱"
    legend = [span.get_text() for span in graph.select(".lsq-legend")]
    assert legend == ["页面", "标签", "日记"]
    assert (
        graph.select_one(".lsq-graph-nojs").get_text()
        == "图谱由 JavaScript 绘制；所有页面列出了全部页面。"
    )
    reader = (site / "_logseq" / "reader.js").read_text(encoding="utf-8")
    assert (
        '"labels": {"graph": "图谱", "expand": "放大", "page": "本页的图谱", "close": "关闭"}'
        in reader
    )
    topic = soup(site / "topic" / "index.html")
    assert (
        topic.select_one("#pages-tagged").get_text(strip=True).rstrip("¶") == "标签为 topic 的页面"
    )
    assert "此页面本身没有内容" in topic.select_one(".lsq-generated").get_text()
    ns = soup(site / "ns" / "index.html")
    assert ns.select_one("#hierarchy").get_text(strip=True).rstrip("¶") == "层级"
    tags = soup(site / "tags" / "index.html")
    assert tags.select_one("article h1").get_text(strip=True).rstrip("¶") == "标签"
    assert tags.title.get_text().startswith("标签")
    journals = soup(site / "journals" / "index.html")
    assert journals.select_one("article h1").get_text(strip=True).rstrip("¶") == "日记"
    index = soup(site / "index.html")  # no home page: All pages is the home page
    assert index.select_one("article h1").get_text(strip=True).rstrip("¶") == "所有页面"
    assert "共 5 个页面。" in index.select_one("article").get_text()


def test_labels_can_be_replaced_and_are_checked(tmp_path: Path) -> None:
    import pytest
    from mkdocs.exceptions import Abort

    graph = write_graph(tmp_path / "g", LABELS_GRAPH)
    labels = {"linked_references": "Backlinks", "references": "{count} ref|{count} refs"}
    extra = "theme:\n  name: material\n  language: de\n"
    mkdocs_build(graph, tmp_path / "site", plugin={"labels": labels}, extra=extra)
    a = soup(tmp_path / "site" / "a" / "index.html")
    assert a.select_one("#linked-references").get_text(strip=True).rstrip("¶") == "Backlinks"
    assert a.select_one(".lsq-count").get_text() == "2 refs aus 2 Seiten"
    assert a.select_one(".admonition-title").get_text() == "Notiz"
    for bad in ({"backlinks": "x"}, {"hierarchy": "{name}"}, {"tags": "{"}):
        with pytest.raises(Abort):
            mkdocs_build(graph, tmp_path / "bad", plugin={"labels": bad})


def test_every_language_has_every_label_with_its_placeholders() -> None:
    import string

    from mkdocs_logseq.render.labels import LANGUAGES

    def names(text: str) -> set[str]:
        return {n for _, n, _, _ in string.Formatter().parse(text) if n}

    assert {"en", "zh", "de", "fr", "es", "ja", "ko", "pt", "ru"} <= set(LANGUAGES)
    for language, texts in LANGUAGES.items():
        assert texts.keys() == LANGUAGES["en"].keys(), language
        for key, text in texts.items():
            forms = text.split("|")
            english = LANGUAGES["en"][key].split("|")
            assert len(forms) in ((1, 3) if language == "ru" else (1, 2)), (language, key)
            assert all(names(f) == names(english[-1]) for f in forms), (language, key)


def test_language_codes_and_plural_forms() -> None:
    from mkdocs_logseq.render.labels import Labels, language_of

    assert [language_of(c) for c in ("zh", "zh-TW", "zh_Hant", "pt-BR", "de-CH", "xx", None)] == [
        "zh",
        "zh-hant",
        "zh-hant",
        "pt",
        "de",
        "en",
        "en",
    ]
    ru = Labels("ru")
    assert [ru("references", count=n) for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "1 ссылка",
        "2 ссылки",
        "5 ссылок",
        "11 ссылок",
        "21 ссылка",
        "22 ссылки",
        "112 ссылок",
    ]
    assert Labels("fr")("references", count=0) == "0 référence"
    assert Labels("en")("references", count=0) == "0 references"
    assert Labels("zh")("references", count=3) == "3 条引用"


def test_readme_shows_the_search_set_up_of_the_example() -> None:
    """The README's search advice is the set-up the browser test checks on the example."""
    import re

    import yaml
    from conftest import ROOT

    def search_of(text: str) -> dict[str, object]:
        plugins = yaml.load(text, Loader=yaml.BaseLoader)["plugins"]
        return next(p["search"] for p in plugins if isinstance(p, dict) and "search" in p)

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S) if "- search:" in b]
    example = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert [search_of(b) for b in blocks] == [search_of(example)]
