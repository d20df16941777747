"""Property-based test (issue 9): generated small graphs build, show, inject nothing, repeat.

Hypothesis makes graphs of a few pages whose names (``title::``) hold any Unicode, markup
and path characters, with blocks nested at random that link, tag, embed and reference each
other. Each graph is built twice for real (Material, search, the plugin) with
``SOURCE_DATE_EPOCH`` fixed; every build must finish, show every page under its name
(``<title>``, header, h1) and every word of its blocks (RENDERING.md: a published block
shows its words), let no element or script URL in (``judge.site_injections``), and give
the same bytes the second time. Few examples and no deadline keep it under a minute.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from conftest import mkdocs_build, write_graph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from judge import SOURCE_DATE_EPOCH, Site, differences, shown, site_injections
from spec_support import shared_theme

NAME_CHARS = st.sampled_from(
    [
        *"abcXYZ019 _-.&<>\"'=~^$*`%()!?;:@+|\\/",
        *["é", "ü", "漢", "字", "α", "ß", "\u0301", "😀", "\u00a0", "\u200b"],
    ]
)
"""What names are made of: letters of several scripts, a combining accent, an emoji,
blanks, and every character Markdown, HTML or a path gives meaning to (``[]{}#,`` are
Logseq's own link syntax, so names here do not hold them)."""


def _usable(name: str) -> bool:
    """A name Logseq keeps as a page name: something besides blanks and slashes."""
    core = unicodedata.normalize("NFC", name).strip().strip("/").strip()
    return bool(core) and "//" not in name and not core.startswith(("-", "*", "#", "+"))


names = st.text(NAME_CHARS, min_size=1, max_size=10).filter(_usable)


@dataclass
class Block:
    word: str
    depth: int
    extra: str


@st.composite
def graphs(draw: st.DrawFn) -> tuple[list[str], list[list[Block]]]:
    """Page names (distinct once normalised) and each page's blocks."""
    count = draw(st.integers(2, 4))
    page_names = draw(
        st.lists(
            names,
            min_size=count,
            max_size=count,
            unique_by=lambda n: shown(n).casefold().strip("/"),
        )
    )
    pages: list[list[Block]] = []
    serial = 0
    for _ in page_names:
        blocks: list[Block] = []
        depth = 0
        for _ in range(draw(st.integers(1, 5))):
            depth = draw(st.integers(0, depth + 1))
            other = draw(st.sampled_from(page_names))
            extra = draw(
                st.sampled_from(
                    [
                        "",
                        f"[[{other}]]",
                        f"#[[{other}]]",
                        f"{{{{embed [[{other}]]}}}}",
                        f"[label *x*]({other})",
                        "((00000000-0000-0000-0000-000000000001))",
                        "<b>bold</b> <img src=x onerror=alert(1)>",
                        "[j](javascript:alert(1))",
                    ]
                )
            )
            serial += 1
            blocks.append(Block(f"zw{serial}q", depth, extra))
        pages.append(blocks)
    return page_names, pages


def graph_files(page_names: list[str], pages: list[list[Block]]) -> dict[str, str]:
    files = {}
    for index, (name, blocks) in enumerate(zip(page_names, pages, strict=True)):
        lines = [f"title:: {name}", ""]
        for block in blocks:
            lines.append("\t" * block.depth + f"- {block.word} {block.extra}".rstrip())
            if block.word == "zw1q":
                lines.append("\t" * block.depth + "  id:: 00000000-0000-0000-0000-000000000001")
        files[f"pages/p{index}.md"] = "\n".join(lines) + "\n"
    return files


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(graphs())
def test_generated_graphs_build_show_and_repeat(
    graph: tuple[list[str], list[list[Block]]],
) -> None:
    page_names, pages = graph
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        with tempfile.TemporaryDirectory() as tmp, shared_theme():
            base = Path(tmp)
            folder = write_graph(base / "g", graph_files(page_names, pages))
            first = Site.read(mkdocs_build(folder, base / "one", strict=False).site)
            second = Site.read(mkdocs_build(folder, base / "two", strict=False).site)
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    assert differences(first, second) == []
    assert site_injections(first) == []
    for name, blocks in zip(page_names, pages, strict=True):
        found = first.by_h1(name)
        assert len(found) == 1, (
            name,
            shown(name),
            sorted(p.h1 or "" for p in first.pages.values()),
        )
        page = first.pages[found[0]]
        assert page.title == f"{shown(name)} - Test" and page.header == shown(name)
        missing = [b.word for b in blocks if b.word not in page.text]
        assert not missing, (name, missing)
