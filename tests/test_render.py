"""The converter on small graphs: exact Markdown for each Logseq construct."""

from __future__ import annotations

from pathlib import Path

from conftest import write_graph

from mkdocs_logseq.parse.graph import load_graph
from mkdocs_logseq.render.options import Options
from mkdocs_logseq.render.site import SiteBuild, build_site

UUID = "6650a1b2-0000-4000-8000-00000000a001"


def render(root: Path, files: dict[str, str], config: str = "", **options: object) -> SiteBuild:
    write_graph(root, files, config)
    return build_site(load_graph(root), Options(**options))  # type: ignore[arg-type]


def page(build: SiteBuild, src: str) -> str:
    return next(p.markdown for p in build.pages if p.src_uri == src)


def body(build: SiteBuild, src: str) -> str:
    """The page's Markdown without its title and linked references."""
    text = page(build, src).split("\n\n", 1)[1]
    return text.split("## Linked references")[0].rstrip() + "\n"


def test_outline_headings_and_nesting(tmp_path: Path) -> None:
    build = render(tmp_path, {"pages/A.md": """
        - ## Intro
        \t- first [[B]] #t
        \t  second line
        \t\t- child
        - #tag 与 #other 的区别：
        -
        """})
    assert body(build, "a.md") == (
        "## Intro { #intro }\n\n"
        '<!--lsq:ul class="lsq-outline"|li id="b2"-->\n'
        "first [B](<b.md>) [\\#t](<t.md>){ .lsq-tag }\n"
        'second line<!--lsq:ul class="lsq-outline"|li id="b4"-->\n\n'
        'child<!--lsq:/li|/ul|/li|/ul|ul class="lsq-outline"|li id="b5"-->\n\n'
        "[\\#tag](<tag.md>){ .lsq-tag } 与 [\\#other](<other.md>){ .lsq-tag } 的区别：\n\n"
        "<!--lsq:/li|/ul-->\n")


def test_page_properties_title_tags_and_hidden_keys(tmp_path: Path) -> None:
    build = render(tmp_path, {"pages/A.md": """
        title:: Alpha
        tags:: x, [[Y z]]
        public:: true
        icon:: 🧑‍🎓
        type:: book

        - text
        """})
    alpha = next(p for p in build.pages if p.src_uri == "alpha.md")
    assert alpha.meta == {"title": "Alpha", "tags": ["x", "Y z"]}
    assert alpha.markdown.startswith(
        "# Alpha { .lsq-title }\n\n"
        '<!--lsq:div class="lsq-properties" id="page-properties"-->\n'
        '<span class="lsq-prop-key">tags</span>: [x](<x.md>), [Y z](<y-z.md>)\n'
        '<span class="lsq-prop-key">[type](<type.md>)</span>: book\n\n'
        '<!--lsq:/div|ul class="lsq-outline"|li id="b7"-->\ntext')


def test_tasks_priority_planning_and_ordered_lists(tmp_path: Path) -> None:
    build = render(tmp_path, {"pages/Tasks.md": """
        - TODO [#A] write
          SCHEDULED: <2024-01-02 Tue>
        - DONE shipped
        - one
          logseq.order-list-type:: number
        - two
          logseq.order-list-type:: number
        """})
    assert body(build, "tasks.md") == (
        '<!--lsq:ul class="lsq-outline"|li id="b1" class="lsq-task lsq-todo"-->\n'
        '<input type="checkbox" class="lsq-checkbox" disabled> '
        "[\\[\\#A\\]](<a.md>){ .lsq-priority } write\n\n"
        '<small class="lsq-planning">SCHEDULED: 2024-01-02 Tue</small>\n\n'
        '<!--lsq:/li|li id="b3" class="lsq-task lsq-done"-->\n'
        '<input type="checkbox" class="lsq-checkbox" disabled checked> shipped\n\n'
        '<!--lsq:/li|/ul|ol class="lsq-outline"|li id="b4"-->\n'
        'one<!--lsq:/li|li id="b6"-->\n\n'
        "two\n\n"
        "<!--lsq:/li|/ol-->\n")
    assert [p.src_uri for p in build.pages if p.key] == ["a.md", "done.md", "tasks.md", "todo.md"]


def test_fenced_code_protects_bullets_and_keeps_indentation(tmp_path: Path) -> None:
    build = render(tmp_path, {"pages/A.md": """
        - ```python
          - not a block
            indented
          ```
        """})
    assert body(build, "a.md") == (
        '<!--lsq:ul class="lsq-outline"|li id="b1"-->\n'
        "```python\n- not a block\n  indented\n```\n\n"
        "<!--lsq:/li|/ul-->\n")


def test_block_ref_and_labelled_block_ref(tmp_path: Path) -> None:
    build = render(tmp_path, {
        "pages/A.md": f"- plain **bold**\n  id:: {UUID}\n",
        "pages/B.md": f"- see (({UUID})) and [that]((({UUID})))\n",
    })
    assert body(build, "b.md") == (
        '<!--lsq:ul class="lsq-outline"|li id="b1"-->\n'
        f"see [plain bold](<a.md#{UUID}>){{ .lsq-block-ref }} and "
        f"[that](<a.md#{UUID}>){{ .lsq-block-ref }}\n\n"
        "<!--lsq:/li|/ul-->\n")


def test_tocgen_lists_heading_blocks_reachable_through_headings(tmp_path: Path) -> None:
    build = render(tmp_path, {"pages/A.md": """
        - {{renderer :tocgen2}}
        - ## One
        \t- ### One.a
        \t- not a heading
        \t\t- ### hidden below a plain block
        - ## Two #tag
        """})
    toc = body(build, "a.md").split("## One")[0]
    assert toc == (
        '<!--lsq:ul class="lsq-outline"|li id="b1" class="lsq-widget"|'
        'nav class="lsq-toc" aria-label="Table of contents"|ul|li-->\n'
        "[One](<#one>)\n\n"
        "<!--lsq:ul|li-->\n[One.a](<#onea>)\n\n"
        "<!--lsq:/li|/ul|/li|li-->\n[Two](<#two-tag>)\n\n"
        "<!--lsq:/li|/ul|/nav|/li|/ul-->\n")


def test_pdf_and_downloads(tmp_path: Path) -> None:
    build = render(tmp_path, {
        "pages/A.md": "- ![Paper](../assets/p.pdf)\n- [slides](../assets/s.pptx)\n"
                      "- ![gone](../assets/missing.png)\n",
        "assets/p.pdf": "%PDF-1.4\n", "assets/s.pptx": "PK",
    })
    text = body(build, "a.md")
    assert ('<a class="lsq-download" href="../assets/p.pdf" download>Paper</a> '
            '<span class="lsq-filetype">(PDF, 9 B)</span>\n\n'
            '<div class="lsq-pdf"><object class="lsq-pdf-viewer" data="../assets/p.pdf" '
            'type="application/pdf" aria-label="Paper">') in text
    assert ('<a class="lsq-download" href="../assets/s.pptx" download>slides</a> '
            '<span class="lsq-filetype">(PPTX, 2 B)</span>') in text
    assert "⚠ gone (file not available)" in text
    assert build.assets == {"assets/p.pdf", "assets/s.pptx"}
    assert [str(p) for p in build.diagnostics.problems] == [
        "pages/A.md:3: asset '../assets/missing.png' not found"]


def test_unpublished_pages_become_text_everywhere(tmp_path: Path) -> None:
    build = render(tmp_path, {
        "pages/Pub.md": "public:: true\n\n- links [[Secret]] and #Secret\n",
        "pages/Secret.md": "- SECRETWORD links [[Pub]]\n",
    }, config="{:publishing/all-pages-public? false}")
    assert [p.src_uri for p in build.pages if p.key] == ["pub.md"]
    assert "SECRETWORD" not in "".join(p.markdown + p.backlinks_html for p in build.pages)
    assert body(build, "pub.md") == (
        '<!--lsq:ul class="lsq-outline"|li id="b3"-->\n'
        'links Secret and <span class="lsq-tag lsq-unlinked">#Secret</span>\n\n'
        "<!--lsq:/li|/ul-->\n")


def test_embed_cycle_is_cut_with_one_warning_per_site(tmp_path: Path) -> None:
    build = render(tmp_path, {
        "pages/A.md": "- {{embed [[B]]}}\n",
        "pages/B.md": "- {{embed [[A]]}}\n",
        "pages/C.md": "- {{embed [[C]]}}\n",
    })
    for src in ("a.md", "b.md", "c.md"):
        assert "Embed of" in page(build, src) and "not shown" in page(build, src)
    assert sorted(str(p) for p in build.diagnostics.problems) == [
        "pages/A.md:1: embed of 'B' cut: it would embed itself (a cycle)",
        "pages/B.md:1: embed of 'A' cut: it would embed itself (a cycle)",
        "pages/C.md:1: embed of 'C' cut: it would embed itself (a cycle)",
    ]


def test_no_public_page_is_reported(tmp_path: Path) -> None:
    build = render(tmp_path, {"pages/A.md": "- text\n"},
                   config="{:publishing/all-pages-public? false}")
    [problem] = build.diagnostics.problems
    assert "selected no page" in problem.message and "public:: true" in problem.message
