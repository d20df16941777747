"""Hover previews and the graph view on the example site, as a reader uses them in Chromium.

The site is built with ``site_url`` set to the address it is served from (Material's instant
navigation is on only then: it keeps the port of ``site_url``'s pages from ``sitemap.xml``)."""

from __future__ import annotations

import functools
import json
import os
import re
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import test_browser
from test_browser import ROOT, Reader

pytestmark = pytest.mark.browser
browser = test_browser.browser
reader = test_browser.reader
"""The example-site tests' fixtures: a Chromium and a fresh tab on this module's site."""
PRIVATE_TITLE = "私人笔记"


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reader_site")


@pytest.fixture(scope="module")
def base_url(site_dir: Path) -> Iterator[str]:
    """Serve ``site_dir`` on 127.0.0.1, then build the example site into it with
    ``site_url`` set to that address."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    handler = functools.partial(test_browser._QuietHandler, directory=str(site_dir))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    url = f"http://127.0.0.1:{server.server_address[1]}"
    cfg = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), site_url=url + "/")
    cfg.plugins.on_startup(command="build", dirty=False)
    build(cfg)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _card(page: Any, level: int = 1) -> Any:
    return page.locator(".lsq-preview:not([aria-busy])").nth(level - 1)


def _hover_preview(r: Reader, link: Any) -> float:
    """Hover ``link`` and wait for its card; the delay in milliseconds."""
    started = time.perf_counter()
    link.hover()
    _card(r.page).wait_for(state="visible")
    return (time.perf_counter() - started) * 1000


def test_hovering_a_page_link_previews_its_first_blocks(reader: Reader) -> None:
    reader.page.goto(reader.base_url + "/bert/")
    link = reader.page.locator("article .lsq-outline a", has_text="Transformer").first
    delay = _hover_preview(reader, link)
    card = _card(reader.page)
    assert card.locator(".lsq-preview-title").inner_text() == "Transformer"
    assert "Attention Is All You Need" in card.inner_text()
    assert "链接引用" not in card.inner_text()  # the zh site's "Linked references"
    print(f"preview shown {delay:.0f} ms after the hover")
    assert not reader.errors


def test_block_reference_previews_the_block_with_its_children(reader: Reader) -> None:
    reader.page.goto(reader.base_url + "/bert/")
    source = reader.page.locator("article a.lsq-embed-source").first
    href = source.get_attribute("href")
    assert href and "#" in href
    _hover_preview(reader, source)
    card = _card(reader.page)
    assert "Scaled Dot-Product Attention" in card.inner_text()
    assert "为什么要缩放" in card.inner_text()  # a child block


def test_focus_opens_and_escape_closes_the_card(reader: Reader) -> None:
    page = reader.page
    page.goto(reader.base_url + "/bert/")
    page.keyboard.press("Tab")  # keyboard modality: focus is visible from now on
    link = page.locator("article .lsq-outline a", has_text="Transformer").first
    link.focus()
    _card(page).wait_for(state="visible")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.lsq-preview') !== null")
    # Escape closes the innermost card (Tab may have opened one for a link in the card)
    # and gives the focus back to the link that opened it, without opening it again.
    for _ in range(3):
        if not page.locator(".lsq-preview").count():
            break
        page.keyboard.press("Escape")
    assert page.locator(".lsq-preview").count() == 0
    assert page.evaluate("document.activeElement.textContent") == "Transformer"


def test_a_preview_inside_a_preview(reader: Reader) -> None:
    page = reader.page
    page.goto(reader.base_url + "/bert/")
    _hover_preview(reader, page.locator("article .lsq-outline a", has_text="Transformer").first)
    inner = _card(page).locator("a[href*='/transformer/#'], a[href$='/']").first
    inner.hover()
    _card(page, 2).wait_for(state="visible")
    assert page.locator(".lsq-preview").count() == 2


def test_previews_work_after_an_instant_navigation(reader: Reader) -> None:
    page = reader.page
    page.evaluate("window.lsqSamePage = true")
    page.locator(".md-sidebar--primary a", has_text="所有页面").first.click()  # zh site
    page.wait_for_url("**/all-pages/")
    assert page.evaluate("window.lsqSamePage === true"), "the navigation was not instant"
    link = page.locator("article a", has_text="Transformer").first
    _hover_preview(reader, link)
    assert _card(page).locator(".lsq-preview-title").inner_text() == "Transformer"


def _local_graph(page: Any) -> list[dict[str, Any]]:
    page.locator(".lsq-graph-local .lsq-graph-canvas[data-settled]").wait_for(state="attached")
    nodes: list[dict[str, Any]] = page.evaluate(
        """() => {
          const g = window.lsqGraphs.local, box = g.width() && document
            .querySelector('.lsq-graph-local canvas').getBoundingClientRect();
          return g.graphData().nodes.map(n => {
            const p = g.graph2ScreenCoords(n.x, n.y);
            return {title: n.title, url: n.url, x: box.left + p.x, y: box.top + p.y};
          });
        }"""
    )
    return nodes


def test_local_graph_shows_neighbours_and_a_click_navigates(reader: Reader) -> None:
    page = reader.page
    page.goto(reader.base_url + "/bert/")
    nodes = _local_graph(page)
    page.wait_for_timeout(400)  # the zoom to fit is animated
    nodes = _local_graph(page)
    titles = {n["title"] for n in nodes}
    assert {"BERT", "Transformer", "RoBERTa", "SimCSE", "prefixlm"} <= titles
    target = next(n for n in nodes if n["title"] == "RoBERTa")
    page.mouse.move(target["x"], target["y"])  # force-graph finds the node under the pointer
    page.wait_for_timeout(300)  # on its next animation frame
    page.mouse.click(target["x"], target["y"])
    page.wait_for_url("**/roberta/")


def test_global_graph_has_every_published_page_and_no_other(reader: Reader, site_dir: Path) -> None:
    page = reader.page
    page.goto(reader.base_url + "/graph-view/")
    page.locator("#lsq-graph-global .lsq-graph-canvas[data-settled]").wait_for(state="attached")
    data = json.loads((site_dir / "_logseq/graph.json").read_text("utf-8"))
    published = list((site_dir / "_logseq/graph").rglob("*.json"))
    assert len(data["nodes"]) == len(published)
    assert PRIVATE_TITLE not in {n["title"] for n in data["nodes"]}
    drawn = page.evaluate("window.lsqGraphs.global.graphData().nodes.length")
    assert drawn == len(data["nodes"])
    journals = sum(1 for n in data["nodes"] if n["kind"] == "journal")
    assert journals > 0
    page.locator("#lsq-graph-global input[name=journals]").uncheck()
    page.wait_for_function(
        f"window.lsqGraphs.global.graphData().nodes.length === {len(data['nodes']) - journals}"
    )
    everything = "".join(p.read_text("utf-8") for p in site_dir.rglob("*.json"))
    assert PRIVATE_TITLE not in everything


def test_no_request_leaves_the_site(browser: Any, base_url: str) -> None:
    """With every other host refused, a reader's tour (a page, a hover preview, the local
    graph and its larger dialog, the global graph, a page with math, an instant
    navigation and a preview after it) asks no other host for anything, and no request
    fails (the example sets ``theme.font: false``: no web fonts from Google)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.set_default_timeout(test_browser.TIMEOUT_MS)
    local = base_url + "/"
    refused: list[str] = []
    elsewhere: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    asked: list[str] = []

    def _route(route: Any) -> None:
        if route.request.url.startswith(local):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    def _request(request: Any) -> None:
        (asked if request.url.startswith(local) else elsewhere).append(request.url)

    context.route("**/*", _route)
    page = context.new_page()
    page.on("request", _request)
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    settled = ".lsq-graph-canvas[data-settled]"
    try:
        page.goto(local + "bert/", wait_until="networkidle")
        page.locator("article .lsq-outline a", has_text="Transformer").first.hover()
        _card(page).wait_for(state="visible")
        assert _card(page).locator(".lsq-preview-title").inner_text() == "Transformer"
        page.locator(f".lsq-graph-local {settled}").wait_for(state="attached")
        page.mouse.move(0, 0)
        page.locator(".lsq-graph-local .lsq-graph-expand").click()
        page.locator(f".lsq-graph-dialog {settled}").wait_for(state="attached")
        page.keyboard.press("Escape")
        page.goto(local + "graph-view/", wait_until="networkidle")
        page.locator(f"#lsq-graph-global {settled}").wait_for(state="attached")
        page.goto(local + "transformer/", wait_until="networkidle")
        page.locator("article .arithmatex .katex").first.wait_for()
        page.evaluate("document.fonts.ready")
        page.evaluate("window.lsqSamePage = true")
        page.locator("article a", has_text=re.compile(r"^BERT$")).first.click()
        page.wait_for_url("**/bert/")
        assert page.evaluate("window.lsqSamePage === true"), "the navigation was not instant"
        page.locator(f".lsq-graph-local {settled}").wait_for(state="attached")
        page.locator("article .lsq-outline a", has_text="Transformer").first.hover()
        _card(page).wait_for(state="visible")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)  # whatever the last steps set off has started
    finally:
        context.close()
    assert refused == [] and elsewhere == [], f"asked other hosts: {refused or elsewhere}"
    assert failed == []
    assert errors == []
    # The tour did what it says: the site's own files it needed were fetched from it.
    for path in (
        "_logseq/graph.json",
        "_logseq/graph/bert/index.json",
        "_logseq/vendor/force-graph",
        "_logseq/katex/",
    ):
        assert any(url.startswith(local + path) for url in asked), path
