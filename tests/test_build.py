"""Real ``mkdocs build`` runs on small graphs and on the example site; the HTML is inspected."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, mkdocs_build, write_graph
from mkdocs.exceptions import Abort
from sitecheck import check_site

SEED = "预训练语言模型"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tmp_path_factory.mktemp("example") / "site"
    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    return site


def test_example_site_has_no_leaks_or_broken_links(example: Path) -> None:
    report = check_site(example)
    assert report.pages > 20
    assert report.leaks == [] and report.broken == [] and report.h1_problems == []


def test_seed_page_title_is_the_only_h1_and_public_is_hidden(example: Path) -> None:
    home = soup(example / "index.html")
    article = home.select_one("article")
    assert article is not None
    for permalink in article.select("a.headerlink"):
        permalink.decompose()
    assert [h.get_text(strip=True) for h in article.select("h1")] == [SEED]
    assert "public::" not in article.get_text() and "public:" not in article.get_text()
    assert home.title is not None and home.title.get_text().startswith(SEED)


def test_seed_tocgen_links_every_reachable_heading_in_order(example: Path) -> None:
    seed = (ROOT / "example_site" / "pages" / f"{SEED}.md").read_text(encoding="utf-8")
    expected: list[str] = []  # heading blocks whose ancestors are all headings (tocgen "h")
    stack: list[tuple[int, bool]] = []
    for line in seed.splitlines():
        m = re.match(r"^(\t*)- (.*)$", line)
        if not m:
            continue
        depth, text = len(m.group(1)), m.group(2)
        while stack and stack[-1][0] >= depth:
            stack.pop()
        heading = bool(re.match(r"#{1,6} ", text))
        if heading and all(h for _, h in stack):
            expected.append(
                re.sub(r"\s*#\S+", "", re.sub(r"^#+ ", "", text))
                .replace("[[", "")
                .replace("]]", "")
                .strip()
            )
        stack.append((depth, heading))
    home = soup(example / "index.html")
    toc = home.select_one("nav.lsq-toc")
    assert toc is not None
    links = toc.select("a")
    assert [a.get_text(strip=True) for a in links] == expected
    for a in links:
        anchor = str(a["href"]).lstrip("#")
        target = home.find(id=anchor)
        assert target is not None and target.name in ("h2", "h3"), a["href"]


def test_seed_links_and_tags_resolve_and_tags_link_back(example: Path) -> None:
    home = soup(example / "index.html")
    article = home.select_one("article")
    assert article is not None
    tags = article.select("a.lsq-tag")
    assert {t.get_text() for t in tags} >= {"#prefixlm", "#causallm", "#llm", "#强化学习"}
    for tag in tags:
        page = example / unquote(str(tag["href"])) / "index.html"
        backlinks = soup(page).select_one(".lsq-backlinks")
        assert backlinks is not None, tag["href"]
        assert any(a["href"] in ("../", "../index.html") for a in backlinks.select("a")), tag
    for a in article.select("li a"):
        href = str(a["href"])
        if href.startswith(("#", "http")) or "assets/" in href:
            continue
        assert (example / unquote(href.split("#")[0]) / "index.html").exists(), href


def test_tag_starting_a_block_is_a_list_item_not_a_heading(example: Path) -> None:
    home = soup(example / "index.html")
    [item] = [li for li in home.select("li#b41")]
    own = [a.get_text() for a in item.find_all("a", recursive=False)]
    assert own == ["#prefixlm", "#causallm"]
    assert "的区别" in "".join(item.find_all(string=True, recursive=False))
    assert [li["id"] for li in item.select(":scope > ul > li")] == ["b42", "b43", "b44"]
    assert not any("的区别" in h.get_text() for h in home.select("h1, h2, h3, h4"))


def test_pdfs_are_viewers_with_downloads_and_office_files_download(example: Path) -> None:
    home = soup(example / "index.html")
    for name in (
        "galactica_1683972858902_0.pdf",
        "Transformer_and_Pre-trained_Models_A_Survey.pdf",
    ):
        viewers = [
            o
            for o in home.select("object.lsq-pdf-viewer")
            if unquote(str(o["data"])).endswith(name)
        ]
        assert len(viewers) == 1, name
        assert (example / "assets" / name).read_bytes().startswith(b"%PDF")
        assert any(unquote(str(a["href"])).endswith(name) for a in home.select("a.lsq-download"))
    for name in ("周五分享_1676819672849_0.pptx", "预训练语言模型_1676819647079_0.xmind"):
        [link] = [
            a for a in home.select("a.lsq-download") if unquote(str(a["href"])).endswith(name)
        ]
        copied = example / "assets" / name
        assert copied.read_bytes() == (ROOT / "example_site" / "assets" / name).read_bytes()
        assert copied.read_bytes().startswith(b"PK") and link.has_attr("download")


def test_private_page_appears_nowhere(example: Path) -> None:
    for path in example.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".txt", ".md"):
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "SECRETWORD" not in text and "私人笔记" not in text, path


def test_small_graph_builds_strict_with_meta_owned_by_plugin(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/Student.md": """
            title:: Student Notes
            icon:: 🧑‍🎓
            tags:: learning, [[Deep Learning]]
            alias:: pupil

            - Reads [[Deep Learning]] and #ml
            """,
            "pages/Reader.md": "- links [[Pupil]] and [[2024-03-01]]\n",
            "journals/2024_03_01.md": "- a day\n",
            "pages/ns___child.md": "- in a namespace\n",
        },
    )
    built = mkdocs_build(graph, tmp_path / "site")
    assert built.warnings == []
    page = soup(tmp_path / "site" / "student-notes" / "index.html")
    assert page.select_one("article h1").get_text(strip=True) == "Student Notes"
    assert "icon" not in page.select_one("article").get_text()
    reader = soup(tmp_path / "site" / "reader" / "index.html")
    hrefs = [a["href"] for a in reader.select("article li a")]
    assert hrefs == ["../student-notes/", "../journals/2024-03-01/"]
    tagged = soup(tmp_path / "site" / "deep-learning" / "index.html")
    assert "Student Notes" in tagged.select_one("#pages-tagged").find_next("ul").get_text()
    parent = soup(tmp_path / "site" / "ns" / "index.html")
    assert parent.select_one("ul.lsq-namespace a")["href"] == "../ns/child/"
    journals = soup(tmp_path / "site" / "journals" / "index.html")
    assert "a day" in journals.select_one("article").get_text()
    assert check_site(tmp_path / "site").broken == []


def test_markup_never_pairs_across_blocks(tmp_path: Path) -> None:
    """Blocks reach Markdown joined into few paragraphs (markers.place); an opener in one
    block must never pair with a closer in the next, and each block keeps its own text."""
    blocks = ["a **b", "c** d", "e `f", "g` h", "i ~~j", "k~~ l", "m ==n", "o== p", "[q", "](r)"]
    blocks += ["plain one", "plain two", "s _t", "u_ v", "y $z", "1$ and"]
    graph = write_graph(tmp_path / "g", {"pages/A.md": "".join(f"- {b}\n" for b in blocks)})
    mkdocs_build(graph, tmp_path / "site")
    page = soup(tmp_path / "site" / "a" / "index.html")
    items = page.select("article ul.lsq-outline > li")
    assert [li.get_text() for li in items] == blocks
    assert page.select("article li strong, article li code, article li del, article li mark") == []
    assert [li.get("id") for li in items] == [f"b{n}" for n in range(1, len(blocks) + 1)]


def test_escaped_math_delimiters_never_pair_across_blocks(tmp_path: Path) -> None:
    """With math on (arithmatex), ``\\(`` in one block and ``\\)`` in the next stay text."""
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/M.md": "- uses math $$x^2$$\n",
            "pages/A.md": "- price \\( one\n- two \\) end\n- third\n",
        },
    )
    mkdocs_build(graph, tmp_path / "site")
    page = soup(tmp_path / "site" / "a" / "index.html")
    items = page.select("article ul.lsq-outline > li")
    assert [li.get_text() for li in items] == ["price ( one", "two ) end", "third"]
    assert page.select("article .arithmatex") == []


def test_directory_urls_off(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/A B.md": "- to [[C/D]] ![pdf](../assets/x.pdf)\n",
            "pages/C___D.md": "- back to [[A B]]\n",
            "assets/x.pdf": "%PDF-1.4\n",
        },
    )
    mkdocs_build(graph, tmp_path / "site", extra="use_directory_urls: false\n")
    report = check_site(tmp_path / "site")
    assert report.broken == [] and report.leaks == []
    page = soup(tmp_path / "site" / "c" / "d.html")
    assert page.select_one(".lsq-backlinks a")["href"] == "../a-b.html"


def test_strict_build_fails_on_content_problems(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "g", {"pages/A.md": "- ![x](../assets/nope.png) {{unknown-macro}}\n"}
    )
    with pytest.raises(Abort):
        mkdocs_build(graph, tmp_path / "site", strict=True)
    built = mkdocs_build(graph, tmp_path / "site2", strict=False)
    assert any("pages/A.md:1: asset '../assets/nope.png' not found" in w for w in built.warnings)
    assert any(
        "pages/A.md:1: unsupported macro {{unknown-macro}} left out" in w for w in built.warnings
    )


def test_rebuild_with_same_plugin_instance_drops_stale_backlinks(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    graph = write_graph(tmp_path / "g", {"pages/A.md": "- to [[B]]\n", "pages/B.md": "- b\n"})
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\ndocs_dir: {graph}\nsite_dir: {tmp_path / 'site'}\n"
        "theme: {name: material}\nplugins: [search, logseq]\n",
        encoding="utf-8",
    )
    cfg = load_config(str(tmp_path / "mkdocs.yml"))
    cfg.plugins.on_startup(command="serve", dirty=False)
    build(cfg)
    assert soup(tmp_path / "site" / "b" / "index.html").select_one(".lsq-backlinks") is not None
    (graph / "pages" / "A.md").write_text("- no more link\n", encoding="utf-8")
    cfg2 = load_config(str(tmp_path / "mkdocs.yml"))
    cfg2.plugins = cfg.plugins  # serve keeps the plugin objects across rebuilds
    build(cfg2)
    assert soup(tmp_path / "site" / "b" / "index.html").select_one(".lsq-backlinks") is None


def test_hostile_input_builds_with_warnings_and_keeps_text(tmp_path: Path) -> None:
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/bad.md": b"- caf\xe9 latin1 \x00 nul\r\n- [[Same]]\r\n",
            "pages/Same.md": "- one\n",
            "pages/same.md": "- two\n",
            "pages/deep.md": "- {{embed [[deep]]}}\n- ((6650a1b2-0000-4000-8000-00000000dead))\n"
            "- {{renderer :unknown}}\n- ![x](../../../etc/passwd)\n",
        },
    )
    built = mkdocs_build(graph, tmp_path / "site", strict=False)
    assert built.warnings == [
        "mkdocs_logseq: pages/bad.md:1: not valid UTF-8; undecodable bytes shown as \ufffd",
        "mkdocs_logseq: pages/bad.md:1: NUL characters removed",
        "mkdocs_logseq: pages/same.md:1: page 'same' is also defined by pages/Same.md; "
        "this file is published as 'same (same.md)'",
        "mkdocs_logseq: pages/deep.md:1: embed of 'deep' cut: it would embed itself (a cycle)",
        "mkdocs_logseq: pages/deep.md:2: block reference "
        "((6650a1b2-0000-4000-8000-00000000dead)) points to no block",
        "mkdocs_logseq: pages/deep.md:3: renderer :unknown is a Logseq plugin the site cannot run;"
        " left out",
        "mkdocs_logseq: pages/deep.md:4: path '../../../etc/passwd' leaves the graph folder",
    ]
    assert "caf\ufffd latin1" in (tmp_path / "site" / "bad" / "index.html").read_text("utf-8")
    assert "two" in (tmp_path / "site" / "same-same.md" / "index.html").read_text("utf-8")
    report = check_site(tmp_path / "site")
    assert report.broken == [] and report.leaks == []


def test_private_use_characters_are_text_and_noncharacters_are_removed(tmp_path: Path) -> None:
    """Icon fonts put glyphs at private-use code points (U+E000…): they are the author's text.
    The renderer's own markers are Unicode noncharacters, which no text holds; any the input
    has are removed with a warning."""
    graph = write_graph(
        tmp_path / "g",
        {
            "pages/A.md": "- icon \ue000 and \ue002 then [[B]]\n- \ue005\ue006 end\n"
            "- odd \ufdd2 x \ufdd0li\ufdd1 [[B]] [[Odd\ufdd2name]]\n",
            "pages/B.md": "- b\n",
            "pages/Odd\ufdd2name.md": "- from a hostile file name, links to [[B]]\n",
        },
    )
    built = mkdocs_build(graph, tmp_path / "site", strict=False)
    assert built.warnings == [
        "mkdocs_logseq: pages/A.md:3: Unicode noncharacters (U+FDD2, …) removed",
        "mkdocs_logseq: pages/Odd\ufdd2name.md:1: Unicode noncharacters removed from the page name",
    ]
    odd = soup(tmp_path / "site" / "oddname" / "index.html")
    assert odd.select_one("h1").get_text() == "Oddname"
    assert [a["href"] for a in odd.select("article li")[0].select("a")] == ["../b/"]
    assert not (tmp_path / "site" / "oddname-2").exists()  # the reference found the page
    items = soup(tmp_path / "site" / "a" / "index.html").select("article li")
    assert [li.get_text() for li in items] == [
        "icon \ue000 and \ue002 then B",
        "\ue005\ue006 end",
        "odd  x li B Oddname",
    ]
    assert [a["href"] for a in items[0].select("a") + items[2].select("a")] == [
        "../b/",
        "../b/",
        "../oddname/",
    ]
    for html_file in (tmp_path / "site").rglob("*.html"):
        assert not re.search("[\ufdd0-\ufdef]", html_file.read_text("utf-8")), html_file


def test_table_of_contents_entries_hold_no_markers(tmp_path: Path) -> None:
    """A line underlined with --- inside a block is a Markdown heading; its TOC entry is the
    heading's text (a page link in it shows as its text)."""
    graph = write_graph(
        tmp_path / "g",
        {"pages/A.md": "- intro\n- x [[Target]]\n  ---\n- after\n", "pages/Target.md": "- t\n"},
    )
    mkdocs_build(graph, tmp_path / "site")
    page = soup(tmp_path / "site" / "a" / "index.html")
    assert page.select_one("article h2 a")["href"] == "../target/"
    labels = [a.get_text(" ", strip=True) for a in page.select("nav.md-nav--secondary a")]
    assert "x Target" in labels
    assert not re.search("[\ufdd0-\ufdef]", " ".join(labels))
