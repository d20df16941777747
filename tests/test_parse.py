"""A page file's lines -> raw blocks -> block parts: exact output on small inputs."""

from __future__ import annotations

import pytest

from mkdocs_logseq.parse.content import PLAIN_LINE, split_block
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
