"""Cutting a page's marked-up HTML into the fragments other pages reuse: exact output."""

from __future__ import annotations

from mkdocs_logseq.render.fragments import capture, elements
from mkdocs_logseq.render.markers import ROOT, close_tag, open_tag

UL, END_UL, END_LI = open_tag("ul"), close_tag("ul"), close_tag("li")


def li(ident: str) -> str:
    return open_tag("li", ident)


def test_elements_cuts_each_wanted_anchor_from_its_opening_marker_to_its_close() -> None:
    inner = f"{li('b')}<p>two</p>{END_LI}"
    outer = f"{li('a')}<p>one</p>{UL}{inner}{END_UL}{END_LI}"
    div = f"{open_tag('div', 'd', 'lsq-x')}{UL}{li('e')}x{END_LI}{END_UL}{close_tag('div')}"
    html = f"{UL}{outer}{li('c')}<p>never closed</p>{div}{END_UL}"
    assert elements(html, {"a", "b", "c", "d", "missing"}) == {
        "b": inner,
        "a": outer,
        "d": div,
    }
    assert elements(html, set()) == {}


def test_elements_of_a_repeated_anchor_takes_the_one_opened_last() -> None:
    inner = f"{li('a')}inner{END_LI}"
    html = f"{UL}{li('a')}outer{UL}{inner}{END_UL}{END_LI}{END_UL}"
    assert elements(html, {"a"}) == {"a": inner}


def test_capture_drops_ids_wraps_items_and_points_local_links_at_the_page() -> None:
    html = (
        f'{UL}{li("a")}<p>see <a href="#fn1">1</a></p>{END_LI}{END_UL}'
        '<h2 id="intro">Intro<a class="headerlink" href="#intro">¶</a></h2>'
    )
    assert capture(html, "notes/", {"a", "intro"}) == {
        "a": f'<ul class="lsq-outline"><li>see <a href="{ROOT}notes/#fn1">1</a></li></ul>',
        "intro": '<p class="lsq-heading-ref">Intro</p>',
    }
