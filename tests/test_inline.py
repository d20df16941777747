"""Inline tokens: the hashtag rule, links, block refs, macros (LOGSEQ_FORMAT §3)."""

from __future__ import annotations

import pytest

from mkdocs_logseq.model import BlockRef, Link, Macro, Opaque, PageRef
from mkdocs_logseq.parse.inline import InlineParser

parse = InlineParser().parse
UUID = "6650a1b2-0000-4000-8000-00000000a001"


@pytest.mark.parametrize(
    ("text", "tag", "rest"),
    [  # the table of LOGSEQ_FORMAT §3.2, checked against mldoc 1.5.7
        ("#tag.", "tag", "."),
        ("#tag,", "tag", ","),
        ("#a.b.c.", "a.b.c", "."),
        ("#foo;bar", "foo;bar", ""),
        ("#foo:bar", "foo", ":bar"),
        ("#it's", "it", "'s"),
        ("#C++", "C++", ""),
        ("#v1.2.3", "v1.2.3", ""),
        ("#强化学习", "强化学习", ""),
        ("#中文，标点", "中文，标点", ""),
        ("(#foo)", "foo)", ""),
        ("#.foo", ".foo", ""),
    ],
)
def test_hashtag_rule(text: str, tag: str, rest: str) -> None:
    tokens = parse(text)
    refs = [t for t in tokens if isinstance(t, PageRef)]
    assert [r.target for r in refs] == [tag]
    assert "".join(t for t in tokens if isinstance(t, str)).lstrip("(") == rest


@pytest.mark.parametrize("text", ["# x", "#,x", "a \\#not-tag"])
def test_not_a_tag(text: str) -> None:
    assert not any(isinstance(t, PageRef) for t in parse(text))


def test_links_tags_and_labels() -> None:
    assert parse("[[ALBERT]]  #模型压缩") == [
        PageRef("ALBERT", "ref"),
        "  ",
        PageRef("模型压缩", "tag", "模型压缩"),
    ]
    assert parse("#[[multi word]]") == [PageRef("multi word", "tag", "[[multi word]]")]
    assert parse("[label]([[GPT]])") == [PageRef("GPT", "label", "label")]
    assert parse("[[a [[b]] c]]") == [PageRef("a [[b]] c", "ref", None, ("b",))]


def test_block_refs_and_macros() -> None:
    assert parse(f"see (({UUID}))") == ["see ", BlockRef(UUID)]
    assert parse(f"[pairwise](((  {UUID} )))") == [BlockRef(UUID, "pairwise")]
    assert parse("{{renderer :tocgen2, [[My Page]], auto, 2, h}}") == [
        Macro(
            "renderer",
            [":tocgen2", "[[My Page]]", "auto", "2", "h"],
            "{{renderer :tocgen2, [[My Page]], auto, 2, h}}",
        )
    ]
    assert parse(f"{{{{embed (({UUID}))}}}}")[0] == Macro(
        "embed", [f"(({UUID}))"], f"{{{{embed (({UUID}))}}}}"
    )


def test_code_math_and_urls_are_opaque() -> None:
    assert parse("`[[x]]` $a_[[b]]$ https://x.com/#frag") == [
        Opaque("`[[x]]`"),
        " ",
        Opaque("$a_[[b]]$"),
        " ",
        Link("https://x.com/#frag", "https://x.com/#frag", False, "https://x.com/#frag"),
    ]
    assert parse("$5 and $10") == ["$5 and $10"]


def test_assets_keep_logseq_image_size() -> None:
    [link] = parse("![img](../assets/a b.png){:height 167, :width 312}")
    assert link == Link("img", "../assets/a b.png", True, "![img](../assets/a b.png)", "312", "167")


def test_highlight_carets_become_marks() -> None:
    assert parse("^^hi^^") == ["==hi=="]
