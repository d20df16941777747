"""The structure markers (render/markers.py) and the line joining of outline.text_lines:
exact output on small inputs."""

from __future__ import annotations

import pytest

from mkdocs_logseq.render.markers import close_tag, link, open_tag, place, to_html, unwrap
from mkdocs_logseq.render.outline import text_lines


def test_to_html_turns_markers_into_tags() -> None:
    marked = (
        open_tag("ul", classes="lsq-outline")
        + open_tag("li", "b3", "lsq-task lsq-todo")
        + "<p>one</p><p>two</p>"
        + open_tag("ul", classes="lsq-outline")
        + open_tag("li", "x#y")
        + "<p>tight</p>"
        + close_tag("li")
        + close_tag("ul")
        + close_tag("li")
        + open_tag("nav")
        + close_tag("nav")
        + close_tag("ul")
    )
    assert to_html(marked) == (
        '<ul class="lsq-outline"><li id="b3" class="lsq-task lsq-todo"><p>one</p><p>two</p>'
        '<ul class="lsq-outline"><li id="x#y">tight</li></ul></li><nav></nav></ul>'
    )


def test_to_html_keeps_an_empty_id_and_leaves_text_alone() -> None:
    assert to_html("\ufdd0div#\ufdd1a.b#c\ufdd0/div\ufdd1") == '<div id="">a.b#c</div>'
    assert to_html("no markers <p>x</p>") == "no markers <p>x</p>"


def test_to_html_links() -> None:
    marked = "see " + link("\ufdd6a/", "A *b*", "lsq-tag") + " and " + link("#x", "X")
    assert to_html(marked) == (
        'see <a href="\ufdd6a/" class="lsq-tag">A *b*</a> and <a href="#x">X</a>'
    )


def test_unwrap_takes_marker_runs_out_of_paragraphs() -> None:
    html = "<p>\ufdd0li#b1\ufdd1one\ufdd0/li\ufdd1\ufdd0li#b2\ufdd1two\ufdd0/li\ufdd1</p>"
    assert unwrap(html) == (
        "\ufdd0li#b1\ufdd1<p>one</p>\ufdd0/li\ufdd1\ufdd0li#b2\ufdd1<p>two</p>\ufdd0/li\ufdd1"
    )


def test_place_glues_runs_to_plain_paragraphs_and_joins_safe_ones() -> None:
    def marked(last: str) -> str:
        parts = [open_tag("ul"), open_tag("li", "b1"), "one", close_tag("li"), last]
        return "\n\n".join([*parts, close_tag("ul")])

    assert (
        place(marked("two"))
        == "\ufdd0ul\ufdd1\ufdd0li#b1\ufdd1one\ufdd0/li\ufdd1two\ufdd0/ul\ufdd1"
    )
    # a code span is not plain text (nothing is glued to it) and could pair with a neighbour
    assert place(marked("`two`")) == (
        "\ufdd0ul\ufdd1\ufdd0li#b1\ufdd1one\ufdd0/li\ufdd1\n\n`two`\n\n\ufdd0/ul\ufdd1"
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("   text", "text"),
        ("- item", "- item"),
        ("   1. item", "   1. item"),
        ("    - code-like", "- code-like"),
        ("  | a | b |", "| a | b |\n|---|---|"),  # a table of a header only, as mldoc
        (" > quote", " > quote"),
        ("   ", "   "),
        ("", ""),
    ],
)
def test_text_lines_one_line(line: str, expected: str) -> None:
    assert text_lines([line]) == expected
    # the same as the general case, which a blank line after it does not change
    assert text_lines([line, ""]) == expected + "\n"


def test_text_lines_separates_lists_tables_and_quotes_from_text() -> None:
    assert text_lines(["intro", "- a", "  more", "| t |", "> q", "  end"]) == (
        "intro\n\n- a\n  more\n\n| t |\n|---|\n\n> q\n\nend"
    )


def test_open_tag_spells_id_and_classes() -> None:
    assert open_tag("li", "b3", " lsq-task  lsq-todo ") == "\ufdd0li#b3.lsq-task.lsq-todo\ufdd1"
    assert open_tag("ul", classes="  ") == "\ufdd0ul\ufdd1"
    assert close_tag("ul") == "\ufdd0/ul\ufdd1"


def test_place_joins_a_long_run_of_safe_paragraphs_into_one() -> None:
    parts = [open_tag("ul")]
    for n, text in enumerate(["one", "two", "`three`", "four", "five"]):
        parts += [open_tag("li", f"b{n}"), text, close_tag("li")]
    parts.append(close_tag("ul"))
    li = "\ufdd0li#b{}\ufdd1{}\ufdd0/li\ufdd1".format
    assert place("\n\n".join(parts)) == (
        "\ufdd0ul\ufdd1" + li(0, "one") + li(1, "two") + "\ufdd0li#b2\ufdd1"
        "\n\n`three`\n\n"
        "\ufdd0/li\ufdd1" + li(3, "four") + li(4, "five") + "\ufdd0/ul\ufdd1"
    )
