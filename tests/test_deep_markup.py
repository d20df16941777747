"""Markup nested deeper than Python's default recursion limit (issue 9: deep nesting)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import mkdocs_build, write_graph

from mkdocs_logseq import pages

DEEP = "**" * 1000 + "deepword" + "**" * 1000


def test_emphasis_nested_1000_deep_converts(tmp_path: Path) -> None:
    """Python-Markdown recurses per level (its table of contents too): 1,000 levels of
    ``**`` failed with RecursionError under Python's default limit of 1,000."""
    graph = write_graph(tmp_path / "g", {"pages/deep.md": f"- {DEEP}\n"})
    built = mkdocs_build(graph, tmp_path / "site")
    assert built.warnings == []
    article = BeautifulSoup(built.html("deep/index.html"), "html.parser").find("article")
    assert isinstance(article, Tag) and "deepword" in article.get_text()
    assert len(article.find_all("strong")) == 1000


def test_markup_too_deep_even_so_is_text_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "RECURSION_LIMIT", 0)  # Python's own limit stays
    graph = write_graph(tmp_path / "g", {"pages/deep.md": f"- {DEEP}\n- second _block_ [[deep]]\n"})
    built = mkdocs_build(graph, tmp_path / "site", strict=False)
    assert built.warnings == [
        "mkdocs_logseq: pages/deep.md: markup nested too deeply to convert; "
        "this page is shown without its inline formatting"
    ]
    article = BeautifulSoup(built.html("deep/index.html"), "html.parser").find("article")
    assert isinstance(article, Tag) and article.find_all(["strong", "em"]) == []
    items = [li.get_text() for li in article.find_all("li")]
    assert items == [DEEP, "second _block_ deep"]


def test_inert_inline_keeps_the_text() -> None:
    assert pages.inert_inline("a *b* _c_ `d` [e](f) ~~g~~ ==h== ^^i^^ \\") == (
        "a &#42;b&#42; &#95;c&#95; &#96;d&#96; &#91;e&#93;(f) &#126;&#126;g&#126;&#126; "
        "&#61;&#61;h&#61;&#61; &#94;&#94;i&#94;&#94; \\"
    )
