"""End-to-end check of the built example site, as a reader sees it in headless Chromium.

The example graph (``example_site/``) is built once per module, served over HTTP from a
local thread and opened with Playwright in Debian's Chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = (
    f"{CHROMIUM} is missing: the browser tests need Debian's Chromium. "
    "`.ci/run` installs it (`apt-get install chromium fonts-noto-cjk`)."
)
HOME_TITLE = "预训练语言模型"
PDF_NAME = "galactica_1683972858902_0.pdf"
TIMEOUT_MS = 10_000


# --------------------------------------------------------------------------- fixtures


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 (random port) while in the block; yields its root URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """An HTTP server for a fresh folder: (folder, root URL)."""
    out = tmp_path_factory.mktemp("browser_site")
    with _serve(out) as url:
        yield out, url


class _IgnoreTags(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` without building its Python objects (``!!python/…`` -> None)."""


_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@pytest.fixture(scope="module")
def site_dir(server: tuple[Path, str]) -> Path:
    """Build the example site in-process into the served folder, with ``site_url`` set to
    where it is served (Material's instant navigation only follows links on that host and
    port)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    out, url = server
    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out), site_url=url + "/")
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    assert (out / "index.html").is_file(), f"the build wrote no {out / 'index.html'}"
    return out


@pytest.fixture(scope="module")
def base_url(server: tuple[Path, str], site_dir: Path) -> str:
    """The built site's root URL, no trailing /."""
    return server[1]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Reader:
    """A fresh browser tab on the home page, plus the JavaScript errors it raised."""

    page: Any
    base_url: str
    errors: list[str] = field(default_factory=list)

    @property
    def home(self) -> str:
        return self.base_url + "/"


@pytest.fixture
def reader(browser: Any, base_url: str) -> Iterator[Reader]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)

    # Keep the test hermetic and fast: nothing but the local server (no Google Fonts etc.).
    def _route(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            route.abort()

    context.route("**/*", _route)
    page = context.new_page()
    r = Reader(page=page, base_url=base_url)
    page.on("pageerror", lambda exc: r.errors.append(str(exc)))
    page.goto(r.home, wait_until="load")
    try:
        yield r
    finally:
        context.close()


# --------------------------------------------------------------------------- helpers


def _heading_text(locator: Any) -> str:
    """A heading's visible text without Material's ``¶`` permalink."""
    return str(locator.inner_text()).replace("¶", "").strip()


def _fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as resp:
        return resp.status, resp.read()


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _exact(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*¶?\s*$")


# --------------------------------------------------------------------------- tests


def test_chromium_is_installed() -> None:
    assert CHROMIUM.exists(), MISSING_CHROMIUM


def test_home_title_and_hidden_properties(reader: Reader) -> None:
    page = reader.page
    h1 = page.locator("article h1")
    assert h1.count() == 1, f"expected exactly one <h1> in the article, found {h1.count()}"
    assert _heading_text(h1) == HOME_TITLE, f"home page h1 is {h1.inner_text()!r}"
    article = page.inner_text("article")
    assert "public::" not in article, "page property `public:: true` is visible in the article"
    body = page.inner_text("body")
    assert "public::" not in body, "page property `public:: true` is visible on the page"


def test_home_has_no_javascript_errors_and_screenshot(
    reader: Reader, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page = reader.page
    page.wait_for_load_state("networkidle")
    shot = tmp_path_factory.mktemp("screens") / "home.png"
    page.screenshot(path=str(shot), full_page=True)
    size = shot.stat().st_size
    assert size > 50_000, f"full-page screenshot of the home page is only {size} bytes"
    assert not reader.errors, f"JavaScript errors on the home page: {reader.errors}"


def test_tocgen_table_of_contents(reader: Reader) -> None:
    page, expect = reader.page, _expect()
    toc = page.locator("article nav.lsq-toc")
    expect(toc).to_be_visible()
    links = toc.locator("a")
    assert links.count() > 0, "the tocgen table of contents has no links"

    entry = toc.get_by_role("link", name="Large Language Model", exact=True)
    assert entry.count() == 1, f"TOC entry 'Large Language Model' found {entry.count()} times"
    # Material's instant navigation may rewrite the href to an absolute URL: compare resolved.
    resolved = str(entry.evaluate("a => a.href"))
    parts = urlsplit(resolved)
    assert resolved.split("#", 1)[0] == reader.home and parts.fragment, (
        f"TOC entry should link to a #fragment of the home page, href resolves to {resolved}"
    )
    fragment = unquote(parts.fragment)

    entry.click()
    page.wait_for_url(lambda url: unquote(urlsplit(url).fragment) == fragment)

    target = page.locator(f"[id={fragment!r}]")
    assert target.count() == 1, f"no single element with id {fragment!r} (found {target.count()})"
    tag = target.evaluate("el => el.tagName.toLowerCase()")
    assert tag == "h2", f"TOC target #{fragment} is a <{tag}>, expected <h2>"
    assert _heading_text(target) == "Large Language Model", f"heading text {target.inner_text()!r}"
    expect(target).to_be_in_viewport()
    assert not reader.errors, f"JavaScript errors: {reader.errors}"


def test_page_link_leads_to_page_and_back(reader: Reader) -> None:
    page, expect = reader.page, _expect()
    link = page.locator("article").get_by_role("link", name="BERT", exact=True).first
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"/bert/?(#.*)?$"))
    expect(page.locator("article h1")).to_have_text(_exact("BERT"))
    assert page.locator("article h1").count() == 1, "BERT page should have exactly one h1"

    page.go_back()
    page.wait_for_url(reader.home)
    expect(page.locator("article h1")).to_have_text(_exact(HOME_TITLE))
    assert not reader.errors, f"JavaScript errors: {reader.errors}"


def test_tag_chip_leads_to_tag_page_with_backlink_home(reader: Reader) -> None:
    page, expect = reader.page, _expect()
    chip = page.locator("article a.lsq-tag", has_text=re.compile(r"^\s*#prefixlm\s*$")).first
    expect(chip).to_be_visible()
    chip.click()
    page.wait_for_url(re.compile(r"/prefixlm/?(#.*)?$"))
    expect(page.locator("article h1")).to_have_text(_exact("prefixlm"))

    heading = page.locator("article #linked-references")
    expect(heading).to_be_visible()
    assert _heading_text(heading) == "链接引用", f"heading is {heading.inner_text()!r}"
    backlinks = page.locator("article #linked-references ~ .lsq-backlinks")
    expect(backlinks).to_be_visible()
    hrefs: list[str] = backlinks.locator("a").evaluate_all("els => els.map(a => a.href)")
    home_links = [h for h in hrefs if h == reader.home]
    assert home_links, (
        f"'Linked references' on prefixlm has no link to the home page {reader.home}; "
        f"links: {hrefs}"
    )
    assert not reader.errors, f"JavaScript errors: {reader.errors}"


def test_pdf_viewer_and_download(reader: Reader) -> None:
    page = reader.page
    viewers = page.locator("article object.lsq-pdf-viewer")
    datas: list[str] = viewers.evaluate_all("els => els.map(o => o.getAttribute('data') || '')")
    matching = [i for i, d in enumerate(datas) if unquote(d).endswith(PDF_NAME)]
    assert matching, f"no object.lsq-pdf-viewer with data ending in {PDF_NAME}; found {datas}"
    data_url = str(viewers.nth(matching[0]).evaluate("o => o.data"))

    download = page.locator(f'article a.lsq-download[href$="{PDF_NAME}"]')
    assert download.count() >= 1, f"no a.lsq-download link to {PDF_NAME}"
    url = str(download.first.evaluate("a => a.href"))
    assert url == data_url, f"PDF viewer data {data_url} and download link {url} differ"

    status, body = _fetch(url)
    assert status == 200, f"GET {url} -> {status}"
    assert body.startswith(b"%PDF"), f"GET {url} is not a PDF: {body[:16]!r}"


@pytest.mark.parametrize("ext", [".pptx", ".xmind"])
def test_office_downloads_are_zips(reader: Reader, ext: str) -> None:
    links = reader.page.locator(f'article a.lsq-download[href$="{ext}"]')
    assert links.count() >= 1, f"no a.lsq-download link to a {ext} file on the home page"
    for url in links.evaluate_all("els => els.map(a => a.href)"):
        status, body = _fetch(url)
        assert status == 200, f"GET {unquote(url)} -> {status}"
        assert body.startswith(b"PK"), f"GET {unquote(url)} is not a ZIP: {body[:16]!r}"


def _style(locator: Any, prop: str) -> str:
    return str(locator.evaluate(f"el => getComputedStyle(el).{prop}"))


def test_code_block_is_coloured_and_scrolls(reader: Reader) -> None:
    page, expect = reader.page, _expect()
    page.goto(reader.base_url + "/transformer/", wait_until="load")
    code = page.locator("article div.highlight pre > code").first
    expect(code).to_be_visible()
    keyword = code.locator("span.kn", has_text=re.compile(r"^import$")).first
    expect(keyword).to_be_visible()
    assert _style(keyword, "color") != _style(code, "color"), "the keyword is not coloured"
    assert _style(code, "overflowX") == "auto", "long code lines would be clipped"


def test_done_task_is_struck_and_grey(reader: Reader) -> None:
    page, expect = reader.page, _expect()
    page.goto(reader.base_url + "/journals/2024-03-01/", wait_until="load")
    done = page.locator("article li.lsq-done .lsq-task-text").first
    expect(done).to_be_visible()
    assert "line-through" in _style(done, "textDecorationLine")
    todo = page.locator("article li.lsq-todo").first
    grey, normal = _style(done, "color"), _style(todo, "color")
    assert grey != normal, f"a DONE task has the colour of an open one ({grey})"
    assert page.locator("article li.lsq-done input[type=checkbox]:checked").count() == 1


def test_image_block_bullet_sits_at_the_image_top(reader: Reader) -> None:
    """A list item's bullet sits on its first line's baseline: a zero-width probe put before
    the image shows where that is."""
    page = reader.page
    page.goto(reader.base_url + "/transformer/", wait_until="load")
    image = page.locator("article li > img[src$='scaled_dot_product_attention.svg']")
    image.wait_for()
    probe, box = image.evaluate(
        """img => {
            const probe = document.createElement("span");
            probe.textContent = "\\u200b";
            img.parentElement.insertBefore(probe, img);
            return [probe.getBoundingClientRect().toJSON(), img.getBoundingClientRect().toJSON()];
        }"""
    )
    assert box["height"] > 200
    assert probe["bottom"] < box["top"] + 40, f"the bullet's line ends at {probe}, image {box}"


def test_math_is_typeset_with_every_other_host_blocked(browser: Any, base_url: str) -> None:
    """KaTeX comes from the site: with every other host refused, nothing fails and the
    formulas are typeset in KaTeX's fonts, also after Material's instant navigation."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    refused: list[str] = []
    failed: list[str] = []

    def _route(route: Any) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", _route)
    page = context.new_page()
    page.on("requestfailed", lambda request: failed.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(base_url + "/transformer/", wait_until="networkidle")
        page.locator("article .katex").first.wait_for()
        assert page.locator("article .arithmatex .katex").count() >= 10
        page.evaluate("document.fonts.ready")
        loaded = page.evaluate(
            "[...document.fonts].filter(f => f.family.startsWith('KaTeX') && "
            "f.status === 'loaded').length"
        )
        assert loaded > 0, "no KaTeX font loaded"
        page.evaluate("window.lsqProbe = 1")
        page.locator("article a", has_text=re.compile(r"^BERT$")).first.click()
        page.wait_for_url(re.compile(r"/bert/$"))
        page.locator("article .katex").first.wait_for()
        assert page.evaluate("window.lsqProbe") == 1, "instant navigation is off (full reload)"
        page.wait_for_load_state("networkidle")
        assert refused == [] and failed == [], f"refused {refused}, failed {failed}"
        assert errors == []
    finally:
        context.close()


def test_labels_are_chinese_on_a_chinese_site(reader: Reader) -> None:
    page = reader.page
    nav = page.locator("nav.md-nav--primary > ul > li > a.md-nav__link").all_inner_texts()
    assert [t.strip() for t in nav][:4] == ["首页", "所有页面", "标签", "日记"]
    page.goto(reader.base_url + "/tags/", wait_until="load")
    assert _heading_text(page.locator("article h1")) == "标签"
    page.goto(reader.base_url + "/prefixlm/", wait_until="load")
    assert _heading_text(page.locator("article #linked-references")) == "链接引用"
    assert re.fullmatch(r"来自 \d+ 个页面的 \d+ 条引用", page.inner_text("article .lsq-count"))
    generated = page.inner_text("article .lsq-generated")
    assert generated == "此页面本身没有内容；下面是链接到它的内容。"


def _search(page: Any, query: str) -> list[str]:
    """Type ``query`` into Material's search; the result pages' URLs, best first."""
    field = page.locator("input.md-search__input")
    results = page.locator("ol.md-search-result__list > li.md-search-result__item > a")
    field.click()
    field.fill("")
    field.press("End")  # Material reads the query on key events
    _expect()(results).to_have_count(0)  # no result of an earlier query is left
    field.fill(query)
    field.press("End")
    results.first.wait_for()
    hrefs: list[str] = results.evaluate_all("els => els.map(a => a.href)")
    page.keyboard.press("Escape")
    return [unquote(urlsplit(h).path) for h in hrefs]


SEARCH_GRAPH = {
    "pages/Spring.md": "- Spring 用三级缓存解决单例 Bean 的循环依赖\n- Bean lifecycle hooks\n",
    "pages/Redis.md": "- Redis 的缓存淘汰：三个级别的过期策略\n",
    "pages/Transformer.md": "- The Transformer architecture is built on attention\n",
    "pages/Notes.md": "- Transformers are everywhere; see [[Transformer]]\n",
}


def test_search_finds_english_on_a_chinese_site_and_chinese_on_an_english_one(
    reader: Reader, browser: Any, tmp_path: Path
) -> None:
    """The example's search set-up (the README's) finds a word as it is typed, whatever the
    site's language: `transformer` the page Transformer on the Chinese example, `三级缓存` the
    page that has it on an English-language site."""
    from conftest import mkdocs_build, write_graph

    page = reader.page
    page.wait_for_load_state("networkidle")
    assert "/transformer/" in _search(page, "transformer")[:3]

    example = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    search = next(
        p["search"]
        for p in yaml.load(example, Loader=_IgnoreTags)["plugins"]
        if isinstance(p, dict) and "search" in p
    )
    graph = write_graph(tmp_path / "g", SEARCH_GRAPH)
    extra = "theme:\n  name: material\n  language: en\n  font: false\n"
    built = mkdocs_build(graph, tmp_path / "site", extra=extra, search=search)
    assert built.warnings == []
    with _serve(tmp_path / "site") as url:
        english = browser.new_page()
        try:
            english.goto(url + "/", wait_until="networkidle")
            assert _search(english, "三级缓存")[0] == "/spring/"
            assert _search(english, "循环依赖")[0] == "/spring/"
            assert _search(english, "transformer")[0] == "/transformer/"
            assert "/notes/" in _search(english, "transformers")
        finally:
            english.close()
