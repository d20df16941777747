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
