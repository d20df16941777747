"""Nothing hidden is ever published: real ``mkdocs build`` runs on graphs holding private,
excluded, draft, loose, linked-from-outside, unreadable and oddly encoded files. Each test
greps EVERY built file (search index, sitemap, 404 page and copied files included) for a
marker word that only the left-out content holds, and each warning fails ``--strict``."""

from __future__ import annotations

import gzip
import logging
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import _Collect, write_graph
from mkdocs.exceptions import Abort

import mkdocs_logseq.parse.files

UUID = "6650a1b2-0000-4000-8000-00000000beef"


def built_files(site: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file of the built site with its content (gzip files unpacked)."""
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path, gzip.decompress(data) if path.suffix == ".gz" else data


def assert_nowhere(site: Path, *markers: str) -> None:
    """No built file holds any of ``markers`` (as UTF-8, or in a JSON ``\\u`` escape)."""
    names = {p.relative_to(site).as_posix() for p, _ in built_files(site)}
    assert {"404.html", "sitemap.xml", "search/search_index.json"} <= names
    for path, data in built_files(site):
        for marker in markers:
            assert marker.encode() not in data, f"{marker} in {path}"
            assert marker.lower().encode() not in data.lower(), f"{marker} in {path}"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article_text(site: Path, rel: str) -> str:
    article = soup(site / rel).select_one("article")
    assert article is not None
    return article.get_text(" ", strip=True)


def build(
    graph: Path,
    site: Path,
    config: dict[str, Any] | None = None,
    plugin: dict[str, Any] | None = None,
    plugins_after: list[Any] | None = None,
    serve: bool = False,
) -> tuple[list[str], bool]:
    """A real strict ``mkdocs build`` (or the build ``mkdocs serve`` makes) of ``graph``:
    (the warnings, whether strict mode aborted the build). The site is written either way."""
    from mkdocs.commands.build import build as mkdocs_run
    from mkdocs.config import load_config

    settings: dict[str, Any] = {
        "site_name": "Test",
        "docs_dir": str(graph),
        "site_dir": str(site),
        "theme": {"name": "material"},
        "plugins": ["search", {"logseq": plugin or {}}, *(plugins_after or [])],
        **(config or {}),
    }
    config_file = graph.parent / f"{graph.name}-mkdocs.yml"
    config_file.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    aborted = False
    try:
        cfg = load_config(str(config_file), strict=True)
        cfg.plugins.on_startup(command="serve" if serve else "build", dirty=False)
        mkdocs_run(cfg, serve_url="http://127.0.0.1:8000/" if serve else None)
    except Abort:
        aborted = True
    finally:
        logger.removeHandler(handler)
    return handler.messages, aborted


HOME = f"""
- Plan: [[Plan]], tag #Plan, alias [[Blueprint]], label [the plan]([[Plan]])
- embed {{{{embed [[Plan]]}}}}
- block ref (({UUID})) and {{{{embed (({UUID}))}}}}
- file link [open it](../private/Plan.md)
"""
PLAN = f"""
alias:: Blueprint
tags:: Project

- SECRETMARK the plan itself [[Project]]
  id:: {UUID}
- ![photo](../assets/secret-photo.png) [[Home]]
"""


@pytest.mark.parametrize("form", ['["/private"]', '#{"/private"}', '("/private")'])
def test_hidden_folders_are_absent_everywhere(tmp_path: Path, form: str) -> None:
    """config.edn ``:hidden`` in any collection form: the page is not published, its
    references are plain text, its blocks are shown nowhere, its asset is not copied."""
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/Home.md": HOME,
            "pages/Project.md": "- the project page\n",
            "private/Plan.md": PLAN,
            "assets/secret-photo.png": "SECRETMARK image bytes",
        },
        f"{{:file/name-format :triple-lowbar :publishing/all-pages-public? true :hidden {form}}}",
    )
    site = tmp_path / "site"
    warnings, aborted = build(graph, site)
    assert (warnings, aborted) == ([], False)
    assert_nowhere(site, "SECRETMARK")
    assert not (site / "plan").exists() and not (site / "private").exists()
    assert not (site / "assets" / "secret-photo.png").exists()
    home = soup(site / "home" / "index.html").select_one("article")
    assert home is not None
    assert [a["href"] for a in home.select("a") if "plan" in str(a["href"]).lower()] == []
    assert "Plan: Plan, tag #Plan, alias Blueprint, label the plan" in home.get_text()
    assert "file link open it" in home.get_text()
    # Project is tagged only by the hidden page: no "Pages tagged with", no backlink.
    assert "Plan" not in article_text(site, "project/index.html")


def test_a_hidden_page_never_takes_a_published_name(tmp_path: Path) -> None:
    """Logseq does not see hidden files: a published page's alias beats a hidden page of
    that name, and a hidden page named like a published one neither renames it nor warns."""
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/Notes.md": "alias:: Idea\n\n- the published notes\n",
            "pages/Other.md": "- see [[Idea]] and [[Notes]]\n",
            "private/Idea.md": "- SECRETMARK idea\n",
            "private/notes.md": "- SECRETMARK notes\n",
        },
        '{:publishing/all-pages-public? true :hidden ["/private"]}',
    )
    site = tmp_path / "site"
    assert build(graph, site) == ([], False)
    assert_nowhere(site, "SECRETMARK")
    other = soup(site / "other" / "index.html").select_one("article")
    assert other is not None
    assert [a["href"] for a in other.select("li a")] == ["../notes/", "../notes/"]


def test_exclude_docs_draft_docs_and_not_in_nav_match_graph_paths(tmp_path: Path) -> None:
    """MkDocs' own options, written with the graph's file paths: an excluded page and a draft
    are absent from ``mkdocs build``; ``mkdocs serve`` shows the draft (marked as one) but
    never the excluded page; a not_in_nav page is built but not listed in the navigation."""
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/Home.md": "- see [[Secret]], [[Draft Idea]], [[Quiet]] and [[Templates/Daily]]\n"
            "- [[Secret]] file [raw](../pages/Secret.md) and ![pic](../assets/excluded.png)\n",
            "pages/Secret.md": "- SECRETMARK excluded page\n",
            "pages/Draft Idea.md": "- DRAFTMARK draft page\n",
            "pages/Quiet.md": "- quiet words\n",
            "pages/Templates___Daily.md": "- a template many Logseq graphs have\n",
            "assets/excluded.png": "SECRETMARK image",
        },
    )
    config = {
        "exclude_docs": "pages/Secret.md\nassets/excluded.png\n",
        "draft_docs": "Draft*.md\n",
        "not_in_nav": "/pages/Quiet.md\n",
    }
    site = tmp_path / "site"
    warnings, aborted = build(graph, site, config, {"nav": "full"})
    assert warnings == [
        "mkdocs_logseq: pages/Home.md:2: asset '../assets/excluded.png' is not published "
        "(excluded by exclude_docs)"
    ]
    assert aborted
    assert_nowhere(site, "SECRETMARK", "DRAFTMARK")
    assert "see Secret, Draft Idea, Quiet and Templates/Daily" in article_text(
        site, "home/index.html"
    )
    assert article_text(site, "quiet/index.html").startswith("Quiet quiet words")
    # MkDocs leaves out /templates/ in docs_dir, never a page whose path the plugin made
    assert article_text(site, "templates/daily/index.html").startswith(
        "Templates/Daily Templates / Daily a template"
    )
    sidebar = soup(site / "home" / "index.html").select_one("nav.md-nav--primary")
    assert sidebar is not None
    listed = {a.get_text(strip=True) for a in sidebar.select("a")}
    assert {"Home", "Templates/Daily"} <= listed and "Quiet" not in listed

    preview = tmp_path / "preview"
    warnings, aborted = build(graph, preview, config, {"nav": "full"}, serve=True)
    assert_nowhere(preview, "SECRETMARK")
    draft = soup(preview / "draft-idea" / "index.html")
    assert "DRAFTMARK" in draft.get_text() and draft.select_one(".mkdocs-draft-marker")
    home = soup(preview / "home" / "index.html").select_one("article")
    assert home is not None and "../draft-idea/" in [a["href"] for a in home.select("a")]


def test_only_published_files_are_copied(tmp_path: Path) -> None:
    """Loose files beside the pages stay out, even when no page is published; the
    ``extra_files`` patterns bring files in, never a hidden one, never a page's source."""
    files = {
        "pages/Home.md": "public:: true\n\n- home ![a](../assets/used.png)\n",
        "pages/Private.md": "- PRIVATEMARK page\n",
        "assets/used.png": "image",
        "assets/unused.png": "LOOSEMARK unused asset",
        "draft.txt": "LOOSEMARK draft",
        "notes/private.txt": "LOOSEMARK notes",
        "notes/deep/report.pdf": "LOOSEMARK pdf",
        "logseq/custom.css": "LOOSEMARK css",
        "logseq/bak/pages/Home.md": "LOOSEMARK backup",
        "CNAME": "notes.example.org",
        "downloads/a.zip": "zip",
        "downloads/private/b.zip": "PRIVATEMARK zip",
    }
    config = '{:hidden ["/downloads/private"]}'
    graph = write_graph(tmp_path / "g", files, config)
    site = tmp_path / "site"
    plugin = {"extra_files": ["CNAME", "downloads/", "pages/*.md"]}
    warnings, aborted = build(graph, site, plugin=plugin)
    assert (warnings, aborted) == ([], False)
    assert_nowhere(site, "LOOSEMARK", "PRIVATEMARK")
    assert (site / "CNAME").read_text() == "notes.example.org"
    assert (site / "downloads" / "a.zip").is_file() and (site / "assets" / "used.png").is_file()
    assert not (site / "pages").exists()

    nothing = tmp_path / "nothing"  # publish: auto, and no page is public
    shutil.rmtree(graph / "pages")
    write_graph(graph, {"pages/Home.md": "- home\n"}, config)
    warnings, aborted = build(graph, nothing)
    assert aborted and len(warnings) == 1 and "selected no page" in warnings[0]
    assert_nowhere(nothing, "LOOSEMARK", "PRIVATEMARK", "notes.example.org")


def test_dot_named_page_files_are_pages_dot_folders_and_other_dot_files_never(
    tmp_path: Path,
) -> None:
    """RENDERING.md: a dot-named page file (``pages/.bss.md``) is a page, whatever MkDocs'
    default ``.*`` exclusion says; hidden folders and other dot files (``.DS_Store``) are
    never read or copied, even with ``copy_assets: all``."""
    files = {
        "pages/Home.md": "- home links [[.bss]]\n",
        "pages/.bss.md": "- BSSWORD the segment\n",
        "pages/.obsidian/p.md": "- DOTMARK folder page\n",
        "assets/.DS_Store": "DOTMARK finder",
        "assets/.cache/a.png": "DOTMARK cached",
        "assets/pic.png": "image",
        ".idea/x.md": "- DOTMARK idea\n",
    }
    config = "{:file/name-format :triple-lowbar :publishing/all-pages-public? true}"
    graph = write_graph(tmp_path / "g", files, config)
    site = tmp_path / "site"
    warnings, aborted = build(graph, site, plugin={"copy_assets": "all"})
    assert (warnings, aborted) == ([], False)
    assert_nowhere(site, "DOTMARK")
    page = soup(site / "bss" / "index.html")
    h1 = page.select_one("h1")
    assert h1 is not None and h1.get_text() == ".bss"
    assert "BSSWORD the segment" in article_text(site, "bss/index.html")
    home = soup(site / "home" / "index.html").select_one("article")
    assert home is not None and "../bss/" in [a["href"] for a in home.select("a")]
    assert (site / "assets" / "pic.png").is_file()


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the graph holding what must never reach the site."""
    folder = tmp_path / "outside"
    (folder / "dir").mkdir(parents=True)
    (folder / "leak.png").write_text("OUTSIDEMARK image")
    (folder / "page.md").write_text("- OUTSIDEMARK page\n")
    (folder / "dir" / "p.md").write_text("- OUTSIDEMARK folder page\n")
    (folder / "dir" / "img.png").write_text("OUTSIDEMARK folder image")
    (folder / "config.edn").write_text('{:macros {"leak" "OUTSIDEMARK macro"}}')
    return folder


def test_links_leaving_the_graph_are_never_followed(tmp_path: Path, outside: Path) -> None:
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/Home.md": "- ![a](../assets/leak.png) ![b](../assets/inside.png)\n"
            "- ![c](../pages/sub/img.png) [[Linked]] {{leak}}\n",
            "assets/real.png": "the real image",
        },
    )
    os.symlink(outside / "leak.png", graph / "assets" / "leak.png")
    os.symlink(graph / "assets" / "real.png", graph / "assets" / "inside.png")
    os.symlink(outside / "page.md", graph / "pages" / "Linked.md")
    os.symlink(outside / "dir", graph / "pages" / "sub")
    os.symlink(outside / "dir", graph / "assets" / "more")
    os.symlink(graph / "pages", graph / "pages" / "loop")  # a link back up: not followed
    site = tmp_path / "site"
    warnings, aborted = build(graph, site)
    assert aborted
    assert warnings == [
        "mkdocs_logseq: assets/more: this folder is a link to outside the graph folder; left out",
        "mkdocs_logseq: pages/Linked.md: this file is a link to outside the graph folder; left out",
        "mkdocs_logseq: pages/sub: this folder is a link to outside the graph folder; left out",
        "mkdocs_logseq: pages/Home.md:1: asset '../assets/leak.png' is a link to outside the "
        "graph folder",
        "mkdocs_logseq: pages/Home.md:2: asset '../pages/sub/img.png' is a link to outside the "
        "graph folder",
        "mkdocs_logseq: pages/Home.md:2: unsupported macro {{leak}} left out",
    ]
    assert_nowhere(site, "OUTSIDEMARK")
    assert (site / "assets" / "inside.png").read_text() == "the real image"

    everything = tmp_path / "all"
    warnings, aborted = build(graph, everything, plugin={"copy_assets": "all"})
    assert aborted
    assert (
        "mkdocs_logseq: assets/leak.png: this file is a link to outside the graph folder; "
        "left out" in warnings
    )
    assert (
        "mkdocs_logseq: assets/more: this folder is a link to outside the graph folder; "
        "left out" in warnings
    )
    assert_nowhere(everything, "OUTSIDEMARK")
    assert (everything / "assets" / "real.png").is_file()


def test_config_edn_linked_from_outside_is_not_read(tmp_path: Path, outside: Path) -> None:
    graph = write_graph(tmp_path / "g", {"pages/Home.md": "public:: true\n\n- {{leak}}\n"})
    (graph / "logseq" / "config.edn").unlink()
    os.symlink(outside / "config.edn", graph / "logseq" / "config.edn")
    site = tmp_path / "site"
    warnings, aborted = build(graph, site)
    assert aborted and warnings[0] == (
        "mkdocs_logseq: logseq/config.edn: logseq/config.edn is a link to a file outside the "
        "graph folder; not read, Logseq's defaults used"
    )
    assert_nowhere(site, "OUTSIDEMARK")


def test_unreadable_files_warn_and_the_rest_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named pipe (reading it would wait forever), a folder named like a page, and files
    and folders the system refuses to open (as one without read permission does for a user
    who is not root) are warnings naming them; every other page builds."""
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/Home.md": "- home ![p](../assets/pipe.png) ![l](../assets/locked.png)\n"
            "- ![d](../assets/folder.png) [[Locked]]\n",
            "pages/Locked.md": "- LOCKEDMARK\n",
            "assets/locked.png": "LOCKEDMARK",
            "pages/folder.md/inner.md": "- a page inside a folder named like a page\n",
            "pages/lockeddir/Deep.md": "- LOCKEDMARK in a folder that cannot be listed\n",
        },
    )
    os.mkfifo(graph / "pages" / "fifo.md")
    os.mkfifo(graph / "assets" / "pipe.png")
    (graph / "assets" / "folder.png").mkdir()
    real_open = open

    def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
        if "locked" in str(path).lower():
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    real_scandir = os.scandir

    def refuse_listing(path: Any) -> Any:
        if "lockeddir" in str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(mkdocs_logseq.parse.files, "open", refuse, raising=False)
    monkeypatch.setattr(os, "scandir", refuse_listing)  # MkDocs cannot list it either
    site = tmp_path / "site"
    warnings, aborted = build(graph, site, plugin={"copy_assets": "all"})
    assert aborted
    assert warnings == [
        "mkdocs_logseq: pages/lockeddir: this folder cannot be read (Permission denied); left out",
        "mkdocs_logseq: pages/Locked.md: this page file cannot be read (Permission denied); "
        "left out",
        "mkdocs_logseq: pages/fifo.md: this page file is not a regular file; left out",
        "mkdocs_logseq: pages/Home.md:1: asset '../assets/pipe.png' not found",
        "mkdocs_logseq: pages/Home.md:1: asset '../assets/locked.png' cannot be read "
        "(Permission denied)",
        "mkdocs_logseq: pages/Home.md:2: asset '../assets/folder.png' not found",
        "mkdocs_logseq: assets/locked.png: this file cannot be read (Permission denied); "
        "not copied",
        "mkdocs_logseq: assets/pipe.png: this file is not a regular file; not copied",
    ]
    assert_nowhere(site, "LOCKEDMARK")
    assert "a page inside a folder" in article_text(site, "inner/index.html")


def test_encodings_control_characters_and_odd_file_names(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/le.md": b"\xff\xfe" + "- UTF-16 LE text: 中文 [[Target]]\n".encode("utf-16-le"),
            "pages/be.md": b"\xfe\xff" + "- UTF-16 BE text: Ünïcode\n".encode("utf-16-be"),
            "pages/ctrl.md": "- clean line\n- bell\x07here and esc\x1b[0m\n"
            "- nonchar\ufffe\uffffend\n",
            "pages/   .md": "- a page whose file name is blank\n",
            "pages/a\x01b.md": "- control character in the file name\n",
        },
    )
    os.close(os.open(os.fsencode(graph / "pages") + b"/caf\xe9.md", os.O_CREAT | os.O_WRONLY))
    with open(os.fsencode(graph / "pages") + b"/caf\xe9.md", "wb") as handle:
        handle.write(b"- latin-1 file name\n")
    site = tmp_path / "site"
    warnings, aborted = build(graph, site)
    assert aborted
    assert sorted(warnings) == sorted(
        [
            "mkdocs_logseq: pages/   .md:1: the file name holds no page name; called 'Untitled'",
            "mkdocs_logseq: pages/a\x01b.md:1: control characters removed from the page name",
            "mkdocs_logseq: pages/caf\ufffd.md:1: the file name is not valid UTF-8; "
            "shown with \ufffd",
            "mkdocs_logseq: pages/ctrl.md:2: control characters (U+0007, …) removed",
            "mkdocs_logseq: pages/ctrl.md:3: Unicode noncharacters (U+FFFE, …) removed",
        ]
    )
    assert article_text(site, "le/index.html") == "le UTF-16 LE text: 中文 Target"
    assert article_text(site, "be/index.html") == "be UTF-16 BE text: Ünïcode"
    assert article_text(site, "ctrl/index.html") == "ctrl clean line bellhere and esc[0m noncharend"
    assert article_text(site, "untitled/index.html").startswith("Untitled a page whose")
    assert article_text(site, "ab/index.html").startswith("ab control character")
    assert article_text(site, "caf/index.html") == "caf\ufffd latin-1 file name"
    for path, data in built_files(site):
        if path.suffix not in (".html", ".json", ".xml"):
            continue
        text = data.decode("utf-8")  # every page, the search index and the sitemap are UTF-8
        for bad in ("\x07", "\x1b", "\x01", "\ufffe", "\uffff", "&#55", "\\udc"):
            assert bad not in text, (bad, path)  # ... with no control character or surrogate


@pytest.mark.parametrize(
    ("files", "config", "warning"),
    [
        (
            {"pages/Home.md": "- ![x](../assets/..evil.png)\n", "assets/..evil.png": "EVILMARK"},
            "",
            "pages/Home.md:1: asset '../assets/..evil.png' is not published (MkDocs leaves out "
            "names starting with '.' and the folder /templates/)",
        ),
        (
            {"pages/Home.md": "- [settings](../logseq/config.edn)\n"},
            '{:publishing/all-pages-public? true :hidden ["/x"] :macros {"m" "EVILMARK"}}',
            "pages/Home.md:1: asset '../logseq/config.edn' is Logseq's own data",
        ),
        (
            {"pages/Home.md": "- home EVILMARK-free\n"},
            '{:publishing/all-pages-public? true\n :hidden ["/x"\n}',
            "logseq/config.edn:3: cannot parse config.edn: '}' cannot close the '[' opened on "
            "line 2; using Logseq's defaults",
        ),
        (
            {"pages/Home.md": "- home\n", "private/P.md": "- EVILMARK\n"},
            '{:publishing/all-pages-public? true\n :hidden "/private"}',
            "logseq/config.edn:2: config.edn :hidden should be a vector; read as ['/private']",
        ),
    ],
)
def test_each_warning_fails_strict_and_names_its_place(
    tmp_path: Path, files: dict[str, str], config: str, warning: str
) -> None:
    graph = write_graph(tmp_path / "g", files, config)
    site = tmp_path / "site"
    warnings, aborted = build(graph, site)
    assert aborted and warnings[0] == f"mkdocs_logseq: {warning}"
    assert_nowhere(site, "EVILMARK")


def test_blog_and_folders_left_to_mkdocs_keep_working(tmp_path: Path, outside: Path) -> None:
    """Material's blog plugin beside the graph, and a folder the user leaves to MkDocs:
    their Markdown is MkDocs' (not graph pages) and the compact navigation lists them."""
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/Home.md": "- the graph's home\n",
            "blog/index.md": "# Blog\n",
            "blog/posts/hello.md": "---\ndate: 2024-01-01\n---\n# Hello post\n\nFirst post.\n",
            "manual/index.md": "# Manual\n\nPlain *MkDocs* page.\n",
            "manual/setup.md": "# Setup\n\n- a list item\n",
        },
    )
    os.symlink(outside / "leak.png", graph / "manual" / "leak.png")
    site = tmp_path / "site"
    warnings, aborted = build(
        graph, site, plugin={"skip_dirs": ["manual/"]}, plugins_after=["blog"]
    )
    assert warnings == [
        "mkdocs_logseq: manual/leak.png: this file is a link to outside the graph folder; "
        "not published"
    ]
    assert aborted
    assert_nowhere(site, "OUTSIDEMARK")
    assert (
        "First post."
        in (site / "blog" / "2024" / "01" / "01" / "hello-post" / "index.html").read_text()
    )
    assert "First post." in (site / "blog" / "index.html").read_text()
    manual = soup(site / "manual" / "index.html")
    assert manual.select_one("article em").get_text() == "MkDocs"
    assert (site / "manual" / "setup" / "index.html").is_file()
    listed = [a.get_text(strip=True) for a in manual.select("nav.md-nav--primary a")]
    assert "Blog" in listed and "Manual" in listed
    for generated in ("hello", "setup", "index-page", "manual-index"):
        assert not (site / generated).exists()
