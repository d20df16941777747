"""Rendering in forked workers gives exactly what rendering in one process gives."""

from __future__ import annotations

import logging
import os
import pickle
import sys
import threading
from pathlib import Path

import pytest
from conftest import mkdocs_build, write_graph

from mkdocs_logseq.pages import _portable, nav_titles
from mkdocs_logseq.parse.graph import load_graph
from mkdocs_logseq.render.context import Site
from mkdocs_logseq.render.options import Options
from mkdocs_logseq.render.parallel import MIN_PAGES_PER_JOB, fork_is_safe, render_all, slices
from mkdocs_logseq.render.site import build_site

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="workers are forked on Linux only"
)
PAGES = 2 * MIN_PAGES_PER_JOB + 20


def graph_files() -> dict[str, str]:
    """Pages that link to each other, to missing pages, and use one present and one
    missing asset (a warning from a worker must reach the parent)."""
    files = {"assets/a.png": "png"}
    for n in range(PAGES):
        extra = " ![i](../assets/a.png)" if n % 50 == 0 else ""
        extra += " ![m](../assets/missing.png)" if n % 97 == 0 else ""
        files[f"pages/P{n}.md"] = (
            f"- see [[P{(n + 1) % PAGES}]] and #tag{n % 7}{extra}\n"
            f"\t- child of {n} links [[Missing {n % 11}]]\n"
        )
    return files


def test_workers_render_the_same_site(tmp_path: Path) -> None:
    assert fork_is_safe(), "the test process runs another thread"
    graph_dir = write_graph(tmp_path, graph_files())
    one = build_site(load_graph(graph_dir), Options(backlinks_as_fragments=True), jobs=1)
    two = build_site(load_graph(graph_dir), Options(backlinks_as_fragments=True), jobs=2)
    assert len(one.pages) > PAGES
    assert [(p.src_uri, p.markdown, p.backlinks_html, p.meta) for p in two.pages] == [
        (p.src_uri, p.markdown, p.backlinks_html, p.meta) for p in one.pages
    ]
    assert [str(p) for p in two.diagnostics.problems] == [str(p) for p in one.diagnostics.problems]
    assert len(one.diagnostics.problems) == 4  # pages P0, P97, P194, P291
    assert two.assets == one.assets == {"assets/a.png"}


def test_pages_are_shared_between_processes(tmp_path: Path) -> None:
    graph = load_graph(write_graph(tmp_path, graph_files()))
    site = build_site(graph, Options(), jobs=1).site
    keys = sorted(site.paths)

    def pid_of(site: Site, key: str) -> tuple[str, int]:
        return key, os.getpid()

    results = render_all(site, keys, pid_of, jobs=2)
    assert [key for key, _ in results] == keys
    workers = {pid for _, pid in results}
    assert os.getpid() not in workers and 1 <= len(workers) <= 2  # chunks go to idle workers
    assert render_all(site, keys[:10], pid_of, jobs=2) == [(k, os.getpid()) for k in keys[:10]]


def test_a_worker_that_dies_falls_back_to_one_process(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    graph = load_graph(write_graph(tmp_path, graph_files()))
    site = build_site(graph, Options(), jobs=1).site
    keys, parent = sorted(site.paths), os.getpid()

    def dies_in_a_worker(site: Site, key: str) -> str:
        if os.getpid() != parent and key == keys[7]:
            os._exit(1)  # as the out-of-memory killer would
        return key

    assert render_all(site, keys, dies_in_a_worker, jobs=2) == keys
    assert "rendering pages in one process instead" in caplog.text


READS_HTML = """
def on_page_content(html, page, **kwargs):
    return html
"""


@pytest.mark.parametrize("other_plugin", ["", READS_HTML], ids=["late", "in-render"])
def test_build_with_workers_writes_the_same_site(tmp_path: Path, other_plugin: str) -> None:
    """Workers convert pages while MkDocs writes others, or, when another plugin reads
    the pages' HTML, before MkDocs renders them: the site is the one of a single process."""
    graph = write_graph(tmp_path / "g", graph_files())
    extra = ""
    if other_plugin:
        (tmp_path / "reads.py").write_text(other_plugin, encoding="utf-8")
        extra = "hooks: [reads.py]\n"
    one = mkdocs_build(graph, tmp_path / "one", {"jobs": 1}, strict=False, extra=extra)
    assert not one.plugin.conversion.late  # (MkDocs keeps one plugin object: ask now)
    two = mkdocs_build(graph, tmp_path / "two", {"jobs": 2}, strict=False, extra=extra)
    assert two.plugin.conversion.late is not bool(other_plugin)
    assert two.warnings == one.warnings and len(one.warnings) == 4
    files = sorted(p.relative_to(one.site) for p in one.site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(two.site) for p in two.site.rglob("*") if p.is_file())
    pages = [f for f in files if f.suffix in (".html", ".json")]
    assert len(pages) > PAGES
    for rel in pages:
        assert (one.site / rel).read_bytes() == (two.site / rel).read_bytes(), rel
    assert "Linked references" in two.html("p5/index.html")
    assert "lsq:backlinks" not in two.html("p5/index.html")


SAW = """
import logging
import os
import re

import markdown

log = logging.getLogger("mkdocs.extension.saw")


class Saw(markdown.treeprocessors.Treeprocessor):
    def run(self, root):
        for element in root.iter():
            text = element.text or ""
            found = re.search(r"Spoken ([0-9]+)", text)
            if found:
                log.warning("saw %s", found.group(1))
            if str(os.getpid()) != os.environ["PARENT"]:
                if "Boom" in text:
                    raise RuntimeError("fails in a worker only")
                if "Crash" in text:
                    os._exit(1)  # as the out-of-memory killer would


class SawExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(Saw(md), "saw", 1)


def makeExtension(**kwargs):
    return SawExtension(**kwargs)
"""
HOOKS = """
def on_page_markdown(markdown, page, **kwargs):
    if page.file.src_uri == "p3.md":
        return markdown + "\\n\\n**hooked** in place\\n"
    return markdown
"""


def saw_graph(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **pages: str) -> Path:
    """The graph of :func:`graph_files` plus ``pages``, and the extension ``saw`` (SAW)."""
    monkeypatch.setenv("PARENT", str(os.getpid()))
    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "saw.py").write_text(SAW, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path / "ext"))
    files = graph_files()
    files.update({f"pages/{name}.md": text for name, text in pages.items()})
    return write_graph(tmp_path / "g", files)


def test_conversion_in_workers_keeps_logs_hooks_and_nav_titles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages converted ahead of time in workers: what the conversion logs reaches the parent
    (once, in page order), a page another plugin changed is converted as changed, a page
    whose conversion failed in a worker is converted again in place, and a title from
    mkdocs.yml's nav still names the page."""
    talks = {f"Talk{n}": f"- Spoken {n}\n" for n in (5, 40, 200)}
    graph = saw_graph(tmp_path, monkeypatch, Loud="- Boom goes the worker\n", **talks)
    (tmp_path / "hooks.py").write_text(HOOKS, encoding="utf-8")
    extra = "markdown_extensions: [saw]\nhooks: [hooks.py]\n"
    extra += "nav:\n  - Start here: p0.md\n  - p1.md\n  - Not this: p0.md\n"
    one = mkdocs_build(graph, tmp_path / "one", {"jobs": 1}, strict=False, extra=extra)
    two = mkdocs_build(graph, tmp_path / "two", {"jobs": 2}, strict=False, extra=extra)
    assert two.plugin.conversion.late
    said = [w for w in two.warnings if "saw" in w]
    assert said == ["saw 200", "saw 40", "saw 5"]
    assert two.warnings == one.warnings
    for built in (one, two):
        assert "<strong>hooked</strong> in place" in built.html("p3/index.html")
        assert "hooked" not in built.html("p4/index.html")
        assert "Start here" in built.html("p1/index.html")
        assert "Not this" not in built.html("p1/index.html")
        assert "Boom goes the worker" in built.html("loud/index.html")


def test_a_conversion_worker_that_dies_leaves_the_pages_to_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    graph = saw_graph(tmp_path, monkeypatch, Crash="- Crash here\n")
    extra = "markdown_extensions: [saw]\n"
    one = mkdocs_build(graph, tmp_path / "one", {"jobs": 1}, strict=False, extra=extra)
    two = mkdocs_build(graph, tmp_path / "two", {"jobs": 2}, strict=False, extra=extra)
    failed = [r.getMessage() for r in caplog.records if "worker process failed" in r.getMessage()]
    assert len(failed) == 1 and "converting pages in one process" in failed[0]
    assert two.warnings == one.warnings
    for rel in ("crash/index.html", "p5/index.html", "p300/index.html", "search/search_index.json"):
        assert two.html(rel) == one.html(rel), rel


NEW_PAGES = """
from mkdocs.structure.nav import get_navigation


def on_nav(nav, config, files):  # as mkdocs-literate-nav does
    for file in files:
        file.page = None
    return get_navigation(files, config)
"""
STATEFUL = """
import markdown

seen = []


class Count(markdown.treeprocessors.Treeprocessor):
    def run(self, root):
        seen.append(1)


class CountExtension(markdown.Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(Count(md), "count", 1)


def on_config(config):
    config.markdown_extensions.append(CountExtension())


def on_post_build(config):
    print("converted", len(seen))
"""


@pytest.mark.parametrize(
    "hooks",
    [NEW_PAGES, STATEFUL, ""],
    ids=["pages-made-anew", "extension-object", "extra-template"],
)
def test_other_plugins_see_what_one_process_gives(
    tmp_path: Path, hooks: str, capfd: pytest.CaptureFixture[str]
) -> None:
    """A plugin that makes the pages anew (their HTML is finished in on_page_content), a
    Markdown extension object (it may keep state: converted in MkDocs' process only), and
    an extra template (it may show pages' HTML, before any page is written): the site is
    the one of a single process."""
    graph = write_graph(tmp_path / "g", graph_files())
    (tmp_path / "hooks.py").write_text(hooks or "", encoding="utf-8")
    (tmp_path / "theme").mkdir()
    (tmp_path / "theme" / "feed.xml").write_text(
        "{% for file in pages %}{{ file.src_uri }} {{ file.page.content | length }}\n{% endfor %}",
        encoding="utf-8",
    )
    extra = "hooks: [hooks.py]\n"
    if not hooks:
        extra = "theme: {name: material, custom_dir: theme}\nextra_templates: [feed.xml]\n"
    one = mkdocs_build(graph, tmp_path / "one", {"jobs": 1}, strict=False, extra=extra)
    two = mkdocs_build(graph, tmp_path / "two", {"jobs": 2}, strict=False, extra=extra)
    assert not two.plugin.conversion.late
    if hooks == STATEFUL:  # every page converted where the extension's state is kept
        first, second = (int(line.split()[1]) for line in capfd.readouterr().out.splitlines())
        assert second == 2 * first and first > PAGES
    for rel in ("p5/index.html", "p300/index.html", "search/search_index.json"):
        assert two.html(rel) == one.html(rel), rel
        assert "\ufdd0" not in two.html(rel)
    assert '<ul class="lsq-outline">' in two.html("p5/index.html")
    if not hooks:
        assert two.html("feed.xml") == one.html("feed.xml")
        assert "p5.md 0" not in two.html("feed.xml")


def test_a_worker_sends_log_records_as_text() -> None:
    """A record from a worker carries its message as text and nothing a pipe cannot carry;
    a log call whose arguments do not fit its format still says what it said."""
    odd = logging.LogRecord("mkdocs.x", logging.WARNING, "x.py", 3, "%d pages", ("no",), None)
    odd.unpicklable = threading.Lock()  # as an ``extra`` value could be
    sent = pickle.loads(pickle.dumps(_portable(odd)))
    assert (sent.name, sent.levelno, sent.lineno, sent.getMessage()) == (
        "mkdocs.x",
        logging.WARNING,
        3,
        "%d pages ('no',)",
    )
    fine = logging.LogRecord("mkdocs.y", logging.INFO, "y.py", 4, "%s of %s", ("a", "b"), None)
    assert pickle.loads(pickle.dumps(_portable(fine))).getMessage() == "a of b"


def test_nav_titles_as_mkdocs_reads_them() -> None:
    nav = [
        {"Start": "./a.md"},
        "b.md",
        {"Part": [{"Inner": "sub/c.md"}, {"Again": "a.md"}]},
        {"Rooted": "/d.md"},
        {"Site": "https://example.org/"},
    ]
    assert nav_titles(nav) == {"a.md": "Start", "sub/c.md": "Inner", "https:/example.org": "Site"}
    assert nav_titles(nav, absolute_from_docs=True)["d.md"] == "Rooted"


def test_slices_start_small_then_even() -> None:
    """Workers' first results come back soon (MkDocs takes pages in order), the rest in even
    chunks; the slices cover every item once, in order."""
    assert slices(1614, 8) == [
        (0, 16),
        (16, 48),
        (48, 112),
        (112, 299),
        (299, 487),
        (487, 675),
        (675, 863),
        (863, 1050),
        (1050, 1238),
        (1238, 1426),
        (1426, 1614),
    ]
    assert slices(300, 8) == [(0, 16)] + [
        (16 + 284 * i // 8, 16 + 284 * (i + 1) // 8) for i in range(8)
    ]
    assert slices(100, 8) == [(100 * i // 8, 100 * (i + 1) // 8) for i in range(8)]
