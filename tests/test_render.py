"""The converter on small graphs: exact Markdown for each Logseq construct."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import write_graph

from mkdocs_logseq.parse.graph import load_graph
from mkdocs_logseq.render import listings
from mkdocs_logseq.render.options import Options
from mkdocs_logseq.render.site import SiteBuild, build_site

UUID = "6650a1b2-0000-4000-8000-00000000a001"


def render(root: Path, files: dict[str, str], config: str = "", **options: object) -> SiteBuild:
    write_graph(root, files, config)
    return build_site(load_graph(root), Options(**options))  # type: ignore[arg-type]


READABLE = str.maketrans(
    {
        "\ufdd0": "⟨",
        "\ufdd1": "⟩",
        "\ufdd2": "⟦",
        "\ufdd3": "|",
        "\ufdd4": "|",
        "\ufdd5": "⟧",
        "\ufdd6": "⌂",
    }
)


def page(build: SiteBuild, src: str) -> str:
    """A page's Markdown with the marker characters shown as ⟨tag⟩ and ⟦href|class|text⟧,
    and the site root of URLs as ⌂."""
    return next(p.markdown for p in build.pages if p.src_uri == src).translate(READABLE)


def body(build: SiteBuild, src: str) -> str:
    """The page's Markdown without its title and linked references."""
    text = page(build, src).split("\n\n", 1)[1]
    return text.split("## Linked references")[0].rstrip() + "\n"


def test_outline_headings_and_nesting(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/A.md": """
        - ## Intro
        \t- first [[B]] #t
        \t  second line
        \t\t- child
        - #tag 与 #other 的区别：
        -
        """
        },
    )
    assert body(build, "a.md") == (
        "## Intro { #intro }\n\n"
        "⟨ul.lsq-outline⟩⟨li#b2⟩first ⟦⌂b/||B⟧ ⟦⌂t/|lsq-tag|\\#t⟧\n"
        "second line⟨ul.lsq-outline⟩⟨li#b4⟩child⟨/li⟩⟨/ul⟩⟨/li⟩⟨/ul⟩⟨ul.lsq-outline⟩⟨li#b5⟩"
        "⟦⌂tag/|lsq-tag|\\#tag⟧ 与 ⟦⌂other/|lsq-tag|\\#other⟧ 的区别：⟨/li⟩⟨/ul⟩\n"
    )


def test_page_properties_title_tags_and_hidden_keys(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/A.md": """
        title:: Alpha
        tags:: x, [[Y z]]
        public:: true
        icon:: 🧑‍🎓
        type:: book

        - text
        """
        },
    )
    alpha = next(p for p in build.pages if p.src_uri == "alpha.md")
    assert alpha.meta == {"title": "Alpha", "tags": ["x", "Y z"]}
    assert page(build, "alpha.md").startswith(
        "# Alpha { .lsq-title }\n\n"
        "⟨div#page-properties.lsq-properties⟩"
        '<span class="lsq-prop-key">tags</span>: ⟦⌂x/||x⟧, ⟦⌂y-z/||Y z⟧\n'
        '<span class="lsq-prop-key">⟦⌂type/||type⟧</span>: book⟨/div⟩⟨ul.lsq-outline⟩⟨li#b7⟩'
        "text⟨/li⟩⟨/ul⟩"
    )


def test_tasks_priority_planning_and_ordered_lists(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/Tasks.md": """
        - TODO [#A] write
          SCHEDULED: <2024-01-02 Tue>
        - DONE shipped
          - a child, not struck
        - CANCELED [#B] dropped
        - ## DONE a heading
        - one
          logseq.order-list-type:: number
        - two
          logseq.order-list-type:: number
        """
        },
    )
    assert body(build, "tasks.md") == (
        "⟨ul.lsq-outline⟩⟨li#b1.lsq-task.lsq-todo⟩"
        '<input type="checkbox" class="lsq-checkbox" disabled> '
        "⟦⌂a/|lsq-priority|\\[\\#A\\]⟧ write\n\n"
        '<small class="lsq-planning">SCHEDULED: 2024-01-02 Tue</small>'
        "⟨/li⟩⟨li#b3.lsq-task.lsq-done⟩"
        '<input type="checkbox" class="lsq-checkbox" disabled checked> '
        '<span class="lsq-task-text">shipped</span>'
        "⟨ul.lsq-outline⟩⟨li#b4⟩a child, not struck⟨/li⟩⟨/ul⟩⟨/li⟩"
        "⟨li#b5.lsq-task.lsq-canceled⟩\n\n"
        '<input type="checkbox" class="lsq-checkbox" disabled> <span class="lsq-task-text">'
        '<span class="lsq-marker">CANCELED</span> ⟦⌂b/|lsq-priority|\\[\\#B\\]⟧ dropped</span>'
        "⟨/li⟩⟨/ul⟩\n\n"
        '## <input type="checkbox" class="lsq-checkbox" disabled checked> '
        '<span class="lsq-task-text">a heading</span> { #a-heading }\n\n'
        "⟨ol.lsq-outline⟩⟨li#b7⟩one⟨/li⟩⟨li#b9⟩two⟨/li⟩⟨/ol⟩\n"
    )
    assert [p.src_uri for p in build.pages if p.key] == [
        "a.md",
        "b.md",
        "canceled.md",
        "done.md",
        "tasks.md",
        "todo.md",
    ]


def test_fenced_code_protects_bullets_and_keeps_indentation(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/A.md": """
        - ```python
          - not a block
            indented
          ```
        """
        },
    )
    assert body(build, "a.md") == (
        "⟨ul.lsq-outline⟩⟨li#b1⟩\n\n```python\n- not a block\n  indented\n```\n\n⟨/li⟩⟨/ul⟩\n"
    )


def test_block_ref_and_labelled_block_ref(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/A.md": f"- plain **bold**\n  id:: {UUID}\n",
            "pages/B.md": f"- see (({UUID})) and [that]((({UUID})))\n",
        },
    )
    assert body(build, "b.md") == (
        f"⟨ul.lsq-outline⟩⟨li#b1⟩see ⟦⌂a/#{UUID}|lsq-block-ref|plain bold⟧ and "
        f"⟦⌂a/#{UUID}|lsq-block-ref|that⟧⟨/li⟩⟨/ul⟩\n"
    )


def test_tocgen_lists_heading_blocks_reachable_through_headings(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/A.md": """
        - {{renderer :tocgen2}}
        - ## One
        \t- ### One.a
        \t- not a heading
        \t\t- ### hidden below a plain block
        - ## Two #tag
        """
        },
    )
    toc = body(build, "a.md").split("## One")[0]
    assert toc == (
        "⟨ul.lsq-outline⟩⟨li#b1.lsq-widget⟩⟨nav.lsq-toc⟩⟨ul⟩⟨li⟩⟦#one||One⟧⟨ul⟩⟨li⟩"
        "⟦#onea||One.a⟧⟨/li⟩⟨/ul⟩⟨/li⟩⟨li⟩⟦#two-tag||Two⟧⟨/li⟩⟨/ul⟩⟨/nav⟩⟨/li⟩⟨/ul⟩\n\n"
    )


def test_pdf_and_downloads(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/A.md": "- ![Paper](../assets/p.pdf)\n- [slides](../assets/s.pptx)\n"
            "- ![gone](../assets/missing.png)\n",
            "assets/p.pdf": "%PDF-1.4\n",
            "assets/s.pptx": "PK",
        },
    )
    text = body(build, "a.md")
    assert (
        '<a class="lsq-download" href="⌂assets/p.pdf" download>Paper</a> '
        '<span class="lsq-filetype">(PDF, 9 B)</span>\n\n'
        '<div class="lsq-pdf"><object class="lsq-pdf-viewer" data="⌂assets/p.pdf" '
        'type="application/pdf" aria-label="Paper">'
    ) in text
    assert (
        '<a class="lsq-download" href="⌂assets/s.pptx" download>slides</a> '
        '<span class="lsq-filetype">(PPTX, 2 B)</span>'
    ) in text
    assert "⚠ gone (file not available)" in text
    assert build.assets == {"assets/p.pdf", "assets/s.pptx"}
    assert [str(p) for p in build.diagnostics.problems] == [
        "pages/A.md:3: asset '../assets/missing.png' not found"
    ]


def test_unpublished_pages_become_text_everywhere(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/Pub.md": "public:: true\n\n- links [[Secret]] and #Secret\n",
            "pages/Secret.md": "- SECRETWORD links [[Pub]]\n",
        },
        config="{:publishing/all-pages-public? false}",
    )
    assert [p.src_uri for p in build.pages if p.key] == ["pub.md"]
    assert "SECRETWORD" not in "".join(p.markdown + p.backlinks_html for p in build.pages)
    assert body(build, "pub.md") == (
        '⟨ul.lsq-outline⟩⟨li#b3⟩links Secret and <span class="lsq-tag lsq-unlinked">#Secret</span>'
        "⟨/li⟩⟨/ul⟩\n"
    )


def test_embed_cycle_is_cut_with_one_warning_per_site(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/A.md": "- {{embed [[B]]}}\n",
            "pages/B.md": "- {{embed [[A]]}}\n",
            "pages/C.md": "- {{embed [[C]]}}\n",
        },
    )
    for src in ("a.md", "b.md", "c.md"):
        assert "Embed of" in page(build, src) and "not shown" in page(build, src)
    assert sorted(str(p) for p in build.diagnostics.problems) == [
        "pages/A.md:1: embed of 'B' cut: it would embed itself (a cycle)",
        "pages/B.md:1: embed of 'A' cut: it would embed itself (a cycle)",
        "pages/C.md:1: embed of 'C' cut: it would embed itself (a cycle)",
    ]


def test_no_public_page_is_reported(tmp_path: Path) -> None:
    build = render(
        tmp_path, {"pages/A.md": "- text\n"}, config="{:publishing/all-pages-public? false}"
    )
    [problem] = build.diagnostics.problems
    assert "selected no page" in problem.message and "public:: true" in problem.message


def test_simple_queries_are_evaluated_at_build_time(tmp_path: Path) -> None:
    build = render(
        tmp_path,
        {
            "pages/Q.md": "- {{query (and [[ml]] (task TODO))}}\n- {{query (page-tags [[x]])}}\n"
            "- {{query (between -7d today)}}\n",
            "pages/A.md": "tags:: x\n\n- TODO read #ml\n- DONE done #ml\n- unrelated\n",
        },
    )
    text = body(build, "q.md")
    assert '<p class="lsq-query-count">1 result</p>' in text
    assert "read ⟦⌂ml/|lsq-tag|\\#ml⟧" in text and "done" not in text
    assert "- ⟦⌂a/||A⟧" in text
    assert "Live query — its results are shown in Logseq, not on this static site." in text
    assert build.diagnostics.problems == []


def test_advanced_query_note_is_plain_html(tmp_path: Path) -> None:
    """The note is a raw HTML block Markdown never reads: no md_in_html attribute, and its
    title is HTML-escaped only (a Markdown escape would show its backslashes)."""
    build = render(
        tmp_path,
        {"pages/Q.md": '- #+BEGIN_QUERY\n  {:title "a_b *c* <y>" :query []}\n  #+END_QUERY\n'},
    )
    assert body(build, "q.md") == (
        '⟨ul.lsq-outline⟩⟨li#b1⟩\n\n<div class="lsq-query"><em>Live query: a_b *c* &lt;y&gt;'
        " — results are shown in Logseq, not on this static site.</em></div>\n\n⟨/li⟩⟨/ul⟩\n"
    )


def test_a_block_that_shows_nothing_has_no_bullet(tmp_path: Path) -> None:
    """Only empty children, a comment, {{cards}}, an embed of an unpublished page: no <li>;
    an empty block with a child keeps its place without a bullet, so the child keeps its
    depth."""
    build = render(
        tmp_path,
        {
            "pages/A.md": "- a\n-\n\t-\n- #+BEGIN_COMMENT\n  x\n  #+END_COMMENT\n- {{cards}}\n"
            "- {{embed [[S]]}}\n-\n\t- child\n",
            "pages/S.md": "public:: false\n\n- secret\n",
        },
    )
    assert body(build, "a.md") == (
        "⟨ul.lsq-outline⟩⟨li#b1⟩a⟨/li⟩⟨li#b9.lsq-nobullet⟩"
        "⟨ul.lsq-outline⟩⟨li#b10⟩child⟨/li⟩⟨/ul⟩⟨/li⟩⟨/ul⟩\n"
    )


def test_all_pages_groups_initials_in_columns(tmp_path: Path, monkeypatch: Any) -> None:
    """All pages puts neighbouring initials with fewer than ``MIN_GROUP`` pages under one
    heading (Latin apart from CJK; a small tail joins the group before it), with a bar of
    links to the headings; a graph of one group gets one list without headings."""
    monkeypatch.setattr(listings, "MIN_GROUP", 3)
    names = ["A1", "A2", "a3", "B1", "C1", "C2", "Q1", "9 lives", "学1", "学2", "数1", "数2"]
    build = render(tmp_path / "big", {f"pages/{n}.md": "- x\n" for n in names})
    text = page(build, "index.md")
    bar = text.split("⟨div.lsq-letters⟩\n\n", 1)[1].split("\n\n⟨/div⟩", 1)[0]
    assert bar == "[\\#–A](#letter-other) [B–Q](#letter-b) [学–数](#letter-u5b66)"
    headings = [ln for ln in text.split("\n\n") if ln.startswith("## ")]
    assert headings == [
        "## \\#–A { #letter-other .lsq-letter }",
        "## B–Q { #letter-b .lsq-letter }",
        "## 学–数 { #letter-u5b66 .lsq-letter }",
    ]
    small = render(tmp_path / "small", {"pages/A.md": "- x\n", "pages/B.md": "- y\n"})
    text = page(small, "index.md")
    assert "## " not in text.split("\n\n", 1)[1] and "lsq-letters" not in text
    assert "⟨div.lsq-index⟩⟨ul.lsq-all-pages⟩" in text.replace("\n", "")


def test_blank_journals_are_left_off_the_journals_page(tmp_path: Path) -> None:
    """A journal holding nothing is not on the Journals page, as in Logseq's Journals view,
    but keeps its page like every page Logseq records (with its linked references)."""
    build = render(
        tmp_path,
        {
            "journals/2024_01_01.md": "-\n",
            "journals/2024_01_02.md": "- \n  collapsed:: true\n-\n",
            "journals/2024_01_03.md": "- a day\n",
            "journals/2024_01_04.md": "-\n",
            "pages/A.md": "- see [[Jan 4th, 2024]]\n",
        },
    )
    journals = sorted(p.src_uri for p in build.pages if p.src_uri.startswith("journals/"))
    assert journals == [
        "journals/2024-01-01.md",
        "journals/2024-01-02.md",
        "journals/2024-01-03.md",
        "journals/2024-01-04.md",
        "journals/index.md",
    ]
    index = page(build, "journals/index.md")
    assert "Jan 3rd, 2024" in index
    for blank in ("Jan 1st, 2024", "Jan 2nd, 2024", "Jan 4th, 2024"):
        assert blank not in index


def test_long_link_lists_are_in_columns(tmp_path: Path) -> None:
    """ "Pages tagged with" and the older journals are set in columns past 12 entries."""
    files = {f"pages/P{i:02}.md": "tags:: T\n\n- x\n" for i in range(13)}
    files.update({f"journals/2024_01_{d:02}.md": "- day\n" for d in range(1, 25)})
    build = render(tmp_path, files, journals_with_content=10)
    assert "⟨ul.lsq-tagged.lsq-columns⟩⟨li⟩⟦⌂p00/||P00⟧⟨/li⟩" in page(build, "t.md")
    journals = page(build, "journals/index.md")
    assert journals.count("⟨li⟩") == 14
    assert "## Older journals { #older-journals }\n\n⟨ul.lsq-columns⟩⟨li⟩" in journals
    few = render(tmp_path / "few", {"pages/P.md": "tags:: T\n\n- x\n"})
    assert "⟨ul.lsq-tagged⟩⟨li⟩⟦⌂p/||P⟧⟨/li⟩⟨/ul⟩" in page(few, "t.md")
