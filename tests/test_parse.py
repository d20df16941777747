"""A page file's lines -> raw blocks -> block parts: exact output on small inputs."""

from __future__ import annotations

import pytest

from mkdocs_logseq.model import CodeChunk
from mkdocs_logseq.parse.content import PLAIN_LINE, ContentParser, split_block
from mkdocs_logseq.parse.fences import opener
from mkdocs_logseq.parse.inline import InlineParser
from mkdocs_logseq.parse.outline import parse_outline


def test_parse_outline_protects_fences_and_begin_blocks() -> None:
    page = parse_outline(
        "- a\n  ```\n  - not a block\n  ```\n- b\n  #+BEGIN_QUOTE\n  - quoted\n  #+END_QUOTE\n"
        "  ~~~py\n  - also code\n  ~~~\n- c\n# heading\n"
    )
    assert [(b.level, b.line, b.lines) for b in page.blocks] == [
        (1, 1, ["a", "```", "- not a block", "```"]),
        (1, 5, ["b", "#+BEGIN_QUOTE", "- quoted", "#+END_QUOTE", "~~~py", "- also code", "~~~"]),
        (1, 12, ["c"]),
        (1, 13, ["# heading"]),
    ]


@pytest.mark.parametrize(
    ("line", "plain"),
    [
        ("just text with [[a link]] and #tag", True),
        ("x: y, a::b is not plain", False),
        ("sum $$x$$ inline", False),
        ("## heading", False),
        ("#+BEGIN_QUOTE", False),
        ("TODO buy milk", False),
        ("[#A] urgent", False),
        ("```py", False),
        (":LOGBOOK:", False),
        ("SCHEDULED: <2024-01-01 Mon>", False),
        ("  indented text", True),
    ],
)
def test_plain_line_is_what_split_block_leaves_alone(line: str, plain: bool) -> None:
    assert (PLAIN_LINE.match(line) is not None) is plain
    if plain:
        parts = split_block([line])
        assert (parts.title, parts.body, parts.properties, parts.heading, parts.marker) == (
            line,
            [],
            {},
            0,
            None,
        )


def test_a_longer_fence_holds_shorter_fence_lines_in_outline_and_content() -> None:
    """A ```` fence is closed by ````, not by ```: the outline, the block's properties and
    the content chunks (all through parse/fences.py) keep it whole."""
    page = parse_outline("- a\n  ````md\n  ```js\n  - x\n  k:: v\n  ```\n  ````\n- b\n")
    assert [(b.line, b.lines) for b in page.blocks] == [
        (1, ["a", "````md", "```js", "- x", "k:: v", "```", "````"]),
        (8, ["b"]),
    ]
    parts = split_block(page.blocks[0].lines)
    assert (parts.title, parts.body, parts.properties) == ("a", page.blocks[0].lines[1:], {})
    [code] = ContentParser(InlineParser()).chunks(parts.body)
    assert code == CodeChunk("md", "```js\n- x\nk:: v\n```")


def test_begin_blocks_protect_properties_and_an_unclosed_one_protects_nothing() -> None:
    parts = split_block(
        ["q", "#+BEGIN_QUOTE", "k:: v", "SCHEDULED: <2024-01-02 Tue>", "#+END_QUOTE"]
    )
    assert (parts.body, parts.properties, parts.scheduled) == (
        ["#+BEGIN_QUOTE", "k:: v", "SCHEDULED: <2024-01-02 Tue>", "#+END_QUOTE"],
        {},
        None,
    )
    page = parse_outline("- a\n  #+BEGIN_QUOTE\n  open\n- b\n\t- c\n")
    assert [(b.line, b.lines, len(b.children)) for b in page.blocks] == [
        (1, ["a", "#+BEGIN_QUOTE", "open"], 0),
        (4, ["b"], 1),
    ]


@pytest.mark.parametrize(
    ("line", "opens"),
    [
        ("```", "```"),
        ("````md", "````"),
        ("  ~~~py", "~~~"),
        ("```code``` and text", None),
        ("#+BEGIN_SRC js", "SRC"),
        ("#+begin_note", "note"),
        ("# heading", None),
        ("plain", None),
    ],
)
def test_opener_tells_fences_and_begin_blocks_from_code_spans(line: str, opens: str | None) -> None:
    found = opener(line)
    assert (found.fence or found.name if found else None) == opens
