"""What the reader features cost and how fast they answer, on a generated graph.

Builds the same synthetic graph (default 5,000 files) twice, with ``previews`` and ``graph``
on and off, then opens the site in headless Chromium and prints:

* the largest page's HTML with the features on / off (goal: under 1.2x);
* the size of the global graph's JSON and of the largest local graph file;
* how long the global graph page takes until every node is drawn: its data loaded into the
  graph, the layout settled and zoomed to fit, every node at a position inside the canvas
  (the count is printed); then how long a click on a node takes until the node's page
  shows (goal: within 2 s);
* how long a hover takes to show a preview card (median of several links; goal < 300 ms);
* the machine's load average before and after (the machine is shared: compare with it).

Run: ``python benchmarks/reader.py [--pages 5000]`` (needs ``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate_graph import generate  # noqa: E402


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def build(graph: Path, site: Path, site_url: str, features: bool) -> float:
    """One in-process ``mkdocs build``; its wall time in seconds."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = {
        "site_name": "Reader benchmark",
        "site_url": site_url,
        "docs_dir": str(graph),
        "site_dir": str(site),
        "theme": {"name": "material", "features": ["navigation.instant"], "font": False},
        "plugins": ["search", {"logseq": {"previews": features, "graph": features}}],
    }
    config_file = site.parent / f"{site.name}.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    started = time.perf_counter()
    cfg = load_config(str(config_file))
    cfg.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(cfg)
    return time.perf_counter() - started


def largest_page(site: Path) -> Path:
    """The largest HTML page of the graph (not the generated index pages)."""
    skip = {"all-pages", "tags", "journals", "graph-view", "search"}
    pages = [p for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in skip]
    return max(pages, key=lambda p: p.stat().st_size)


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def browse(base: str, nodes: int, sample_page: str) -> dict[str, float | int]:
    """Time the global graph, a click on one of its nodes, and hover previews."""
    from playwright.sync_api import sync_playwright

    out: dict[str, float | int] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort()
        )
        page = context.new_page()
        started = time.perf_counter()
        page.goto(base + "graph-view/")
        page.wait_for_function(
            f"window.lsqGraphs && window.lsqGraphs.global && "
            f"window.lsqGraphs.global.graphData().nodes.length === {nodes}",
            timeout=60_000,
        )
        out["graph data loaded (s)"] = time.perf_counter() - started
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        try:
            page.locator("#lsq-graph-global .lsq-graph-canvas[data-settled]").wait_for(
                state="attached", timeout=120_000
            )
        except Exception:  # Playwright's TimeoutError: report it, measure the rest
            print(f"the layout did not settle within 120 s; page errors: {errors}", flush=True)
        page.wait_for_timeout(300)  # zoomToFit(300) after the layout settled
        drawn = page.evaluate(
            """() => {
              const g = window.lsqGraphs.global;
              const box = document.querySelector('#lsq-graph-global canvas')
                .getBoundingClientRect();
              return g.graphData().nodes.filter(n => {
                if (!Number.isFinite(n.x) || !Number.isFinite(n.y)) return false;
                const p = g.graph2ScreenCoords(n.x, n.y);
                return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
              }).length;
            }"""
        )
        out["graph settled, every node drawn (s)"] = time.perf_counter() - started - 0.3
        for name, value in out.items():
            print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}")
        out["nodes drawn inside the canvas"] = drawn
        out["nodes in graph.json"] = nodes
        point = page.evaluate(
            """() => {
              const g = window.lsqGraphs.global;
              const box = document.querySelector('#lsq-graph-global canvas')
                .getBoundingClientRect();
              const inside = g.graphData().nodes.map(n => {
                const p = g.graph2ScreenCoords(n.x, n.y);
                return {x: box.left + p.x, y: box.top + p.y, url: n.url};
              }).filter(n => n.x > box.left + 20 && n.x < box.right - 20 &&
                             n.y > box.top + 20 && n.y < box.bottom - 20 &&
                             document.elementFromPoint(n.x, n.y) instanceof HTMLCanvasElement);
              // The node nearest the middle: no legend or control over it.
              const mx = (box.left + box.right) / 2, my = (box.top + box.bottom) / 2;
              const d = n => Math.hypot(n.x - mx, n.y - my);
              inside.sort((a, b) => d(a) - d(b));
              return inside[0];
            }"""
        )
        canvas = "#lsq-graph-global .lsq-graph-canvas"
        page.mouse.move(point["x"], point["y"])
        started = time.perf_counter()
        # force-graph finds the node under the pointer on its next frame and the reader
        # shows a pointer cursor then: a reader's click follows that.
        page.wait_for_function(
            f"document.querySelector({canvas!r}).style.cursor === 'pointer'", timeout=30_000
        )
        out["pointer on a node, hover detected (s)"] = time.perf_counter() - started
        started = time.perf_counter()
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function("!location.pathname.endsWith('/graph-view/')", timeout=30_000)
        page.locator("article h1.lsq-title").first.wait_for(timeout=30_000)
        out["click to the node's page shown (s)"] = time.perf_counter() - started
        out["the clicked node's page"] = int(
            page.evaluate(f"decodeURIComponent(location.href).endsWith({point['url']!r})")
        )
        delays = []
        page.goto(base + sample_page)
        page.wait_for_load_state("networkidle")
        links = page.locator("article .lsq-outline a:not(.lsq-tag)")
        # Links within the site (an external link has no preview), six of them.
        own = [
            i for i in range(links.count()) if links.nth(i).evaluate("a => a.href").startswith(base)
        ]
        for i in own[:6]:
            page.mouse.move(0, 0)
            # The last card lingers a moment (so the pointer can move into it) and may
            # cover the next link: wait until it is gone.
            page.locator(".lsq-preview").first.wait_for(state="detached", timeout=10_000)
            page.wait_for_timeout(300)
            started = time.perf_counter()
            links.nth(i).hover()
            page.locator(".lsq-preview:not([aria-busy])").first.wait_for(timeout=10_000)
            delays.append((time.perf_counter() - started) * 1000)
        out["preview delay, median (ms)"] = statistics.median(delays)
        out["preview delay, first (ms)"] = delays[0]
        browser.close()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="lsq-reader-") as tmp:
        root = Path(tmp)
        generate(root / "graph", args.pages, args.seed)
        off, on = root / "off", root / "on"
        server, base = serve(on)
        seconds_off = build(root / "graph", off, base, features=False)
        seconds_on = build(root / "graph", on, base, features=True)
        big = largest_page(off)
        rel = big.relative_to(off)
        size_off, size_on = big.stat().st_size, (on / rel).stat().st_size
        import json

        graph = json.loads((on / "_logseq/graph.json").read_text("utf-8"))
        local = max((on / "_logseq/graph").rglob("*.json"), key=lambda p: p.stat().st_size)
        print(f"graph: {args.pages} files -> {len(graph['nodes'])} published pages")
        print(f"build: {seconds_off:.1f} s features off, {seconds_on:.1f} s on")
        print(
            f"largest page {rel.as_posix()}: {size_off:,} B off, {size_on:,} B on, "
            f"ratio {size_on / size_off:.3f} (goal < 1.2)"
        )
        print(
            f"graph.json {(on / '_logseq/graph.json').stat().st_size:,} B; largest local "
            f"graph {local.stat().st_size:,} B"
        )
        sample = rel.parent.as_posix() + "/"
        results = browse(base, len(graph["nodes"]), sample)
        for name, value in results.items():
            print(f"{name}: {value}" if isinstance(value, int) else f"{name}: {value:.2f}")
        server.shutdown()
    every = results["nodes drawn inside the canvas"] == len(graph["nodes"])
    click = results["click to the node's page shown (s)"]
    print(f"every node drawn: {'yes' if every else 'NO'}; click within 2 s: {click < 2}")
    if not results["the clicked node's page"]:
        print("(the click opened a page other than the node aimed at: nodes overlap there)")
    print(
        "load average (1, 5, 15 min) before "
        + ", ".join(f"{x:.2f}" for x in load_before)
        + "; after "
        + ", ".join(f"{x:.2f}" for x in os.getloadavg())
        + f" ({os.cpu_count()} CPUs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
