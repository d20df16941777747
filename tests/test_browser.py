"""End-to-end check of the built example site, as a reader sees it in headless Chromium.

The example graph (``example_site/``) is built once per module, served over HTTP from a
local thread and opened with Playwright in Debian's Chromium (``/usr/bin/chromium``).
"""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the example site in-process into a fresh temporary directory."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    out = tmp_path_factory.mktemp("browser_site")
    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(out))
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    assert (out / "index.html").is_file(), f"the build wrote no {out / 'index.html'}"
    return out


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 (random port); yields the root URL, no trailing /."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


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
