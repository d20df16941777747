"""``mkdocs-logseq export``: a standalone project that Zensical and plain MkDocs + Material
build without the plugin, holding the same pages as the plugin's site and nothing private."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, mkdocs_build, write_graph
from mkdocs.exceptions import Abort
from sitecheck import check_site

from mkdocs_logseq.export import markdown_heading, page_body, rebase_links, split_top_level

ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
MISSING_ZENSICAL = (
    f"{ZENSICAL} is missing: the export tests build with Zensical 0.0.73 in its own venv; "
    "`make test` installs it (`make .venv-zensical/bin/zensical`)."
)
NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")
PRIVATE_WORDS = ("私人笔记", "不要发布")
"""The example graph's private page: its name and words of its text."""


def run(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout + done.stderr


def mkdocs_cli(config: Path, site: Path) -> None:
    """``mkdocs build`` of ``config`` into ``site``, in its own process."""
    run(sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site))


def article_text(page: Path) -> str:
    article = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("article")
    assert article is not None, page
    for extra in article.select(".headerlink, .md-content__button, .md-tags"):
        extra.decompose()
    return " ".join(article.get_text(" ").split())


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example graph exported with the options of this repository's ``mkdocs.yml``."""
    out = tmp_path_factory.mktemp("export") / "project"
    printed = run(
        sys.executable, "-m", "mkdocs_logseq", "export", "--config", str(ROOT / "mkdocs.yml"),
        str(out),
    )  # fmt: skip
    assert "zensical build -f" in printed
    return out


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("plugin_site")
    mkdocs_cli(ROOT / "mkdocs.yml", site)
    return site


def test_export_holds_finished_pages_and_nothing_private(exported: Path) -> None:
    docs = exported / "docs"
    texts = {
        p: p.read_text("utf-8", "replace")
        for p in docs.rglob("*")
        if p.suffix in (".md", ".json", ".js", ".css", ".yml", ".toml")
    }
    assert not [p for p, t in texts.items() if NONCHARACTERS.search(t)]
    assert not [p for p, t in texts.items() for w in PRIVATE_WORDS if w in t]
    assert not (docs / "logseq").exists() and not (docs / "pages").exists()
    home = (docs / "index.md").read_text("utf-8")
    assert home.startswith("---\ntitle: 预训练语言模型\n")
    bert = (docs / "bert.md").read_text("utf-8")
    assert "tags:\n- llm\n- 开源模型\n" in (docs / "llama.md").read_text("utf-8")
    assert "\n## 预训练任务 { #预训练任务 }\n" in bert
    assert '<a href="transformer.md">Transformer</a>' in bert
    assert (docs / "_logseq" / "katex" / "katex.min.js").is_file()
    assert (docs / "_logseq" / "reader.js").is_file() and (
        docs / "_logseq" / "graph.json"
    ).is_file()
    toml = (exported / "zensical.toml").read_text("utf-8")
    assert 'nav = [{ "首页" = "index.md" }, { "所有页面" = "all-pages/index.md" }' in toml
    assert '"_logseq/katex/katex.min.js"' in toml and "cdn" not in toml


def test_export_built_by_mkdocs_shows_the_plugins_pages(exported: Path, plugin_site: Path) -> None:
    site = exported / "mkdocs-site"
    mkdocs_cli(exported / "mkdocs.yml", site)
    report = check_site(site)
    assert (report.leaks, report.broken, report.h1_problems) == ([], [], [])
    pages = sorted(p.relative_to(plugin_site) for p in plugin_site.rglob("index.html"))
    pages = [p for p in pages if p.parts[0] != "search"]
    assert pages == sorted(
        p.relative_to(site) for p in site.rglob("index.html") if "search" not in p.parts
    )
    different = [p for p in pages if article_text(plugin_site / p) != article_text(site / p)]
    assert different == []


def test_export_built_by_zensical(exported: Path) -> None:
    assert ZENSICAL.exists(), MISSING_ZENSICAL
    run(str(ZENSICAL), "build", "-f", str(exported / "zensical.toml"), cwd=exported)
    site = exported / "site"
    report = check_site(site)
    assert (report.leaks, report.broken, report.h1_problems) == ([], [], [])
    assert report.pages >= 80
    files = [p for p in site.rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".js")]
    texts = {p: p.read_text("utf-8", "replace") for p in files}
    assert not [p for p, t in texts.items() if NONCHARACTERS.search(t)]
    assert not [p for p, t in texts.items() for w in PRIVATE_WORDS if w in t]
    bert = BeautifulSoup(texts[site / "bert" / "index.html"], "html.parser")
    assert bert.select_one("title").get_text().startswith("BERT")
    assert bert.select_one("h2#linked-references") is not None
    assert bert.select_one(".admonition.tip") is not None
    assert bert.select_one(".arithmatex") is not None
    home = BeautifulSoup(texts[site / "index.html"], "html.parser")
    assert home.select_one("nav.lsq-toc, .lsq-toc") is not None
    tags = BeautifulSoup(texts[site / "tags" / "index.html"], "html.parser")
    assert "prefixlm" in tags.get_text()
    for page in (bert, home, tags):
        assert not [
            u
            for u in [s.get("src", "") for s in page.select("script[src]")]
            + [link.get("href", "") for link in page.select("link[rel=stylesheet]")]
            if str(u).startswith(("http:", "https:", "//"))
        ]


def test_config_options_win_over_the_command_line(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "graph",
        {"pages/Home page.md": "- hi [[Other]]\n", "pages/Other.md": "- there\n"},
    )
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: T\ndocs_dir: {graph}\ntheme: {{name: material}}\n"
        "plugins:\n  - logseq:\n      home: Home page\n      graph: false\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run(
        sys.executable, "-m", "mkdocs_logseq", "export", str(tmp_path / "elsewhere"), str(out),
        "--config", str(config), "--home", "Other",
    )  # fmt: skip
    assert (out / "docs" / "index.md").read_text("utf-8").startswith("---\ntitle: Home page\n")
    assert not (out / "docs" / "_logseq" / "graph.json").exists()


def test_hostile_titles_are_escaped_once_in_front_matter_and_nav(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "graph",
        {"pages/Vec<T> & co.md": "- a [[x_y]]\n"},
        '{:publishing/all-pages-public? true :favorites ["Vec<T> & co"]}',
    )
    out = tmp_path / "out"
    run(sys.executable, "-m", "mkdocs_logseq", "export", str(graph), str(out))
    page = next((out / "docs").glob("vec*.md")).read_text("utf-8")
    assert page.startswith("---\ntitle: Vec&lt;T&gt; &amp; co\n")


def test_headings_and_links_become_markdown_the_generators_read() -> None:
    assert (
        markdown_heading('<h2 id="a-b" class="x y">a *b* <a href="u.md">[c]</a> &amp; $d$</h2>')
        == '## a &#42;b&#42; <a href="u.md">&#91;c&#93;</a> &amp; &#36;d&#36; { #a-b .x .y }'
    )
    assert markdown_heading("<h3>two\nlines</h3>") is None
    assert split_top_level("<p>a</p>\n<h2 id=x>t</h2><ul><li><h2>in</h2></li></ul><hr>") == [
        ("<p>a</p>", None),
        ("<h2 id=x>t</h2>", "h2"),
        ("<ul><li><h2>in</h2></li></ul>", None),
        ("<hr>", None),
    ]
    pages = {"": "index.md", "a/b/": "a/b.md", "c/": "c.md"}
    body = (
        '<a href="../../">h</a><a href="../../c/#x">c</a><a href="./#y">self</a>'
        '<img src="../../assets/p%20q.png"><a href="https://e.org/">e</a><a href="#z">z</a>'
        '<object data="../../assets/d.pdf"></object>'
    )
    assert rebase_links(body, "a/b/", "a/b.md", pages) == (
        '<a href="../index.md">h</a><a href="../c.md#x">c</a><a href="b.md#y">self</a>'
        '<img src="../assets/p%20q.png"><a href="https://e.org/">e</a><a href="#z">z</a>'
        '<object data="../../assets/d.pdf"></object>'
    )
    assert page_body('<h2 id="t">T</h2>\n<p>x</p>') == "## T { #t }\n\n<p>x</p>"


def test_a_build_warns_when_zensical_could_publish_the_raw_graph(tmp_path: Path) -> None:
    graph = write_graph(tmp_path / "graph", {"pages/A.md": "- a\n"})
    (tmp_path / "zensical.toml").write_text('[project]\nsite_name = "T"\n', encoding="utf-8")
    built = mkdocs_build(graph, tmp_path / "site", strict=False)
    assert [w for w in built.warnings if "Zensical runs no MkDocs plugins" in w]
    with pytest.raises(Abort):
        mkdocs_build(graph, tmp_path / "strict")
    (tmp_path / "zensical.toml").write_text(
        '[project]\nsite_name = "T"\nexclude_docs = "*"\n', encoding="utf-8"
    )
    assert not mkdocs_build(graph, tmp_path / "safe").warnings
