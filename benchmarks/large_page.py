"""Time ``mkdocs build`` on a graph holding one very large page, to check the cost is linear.

For each size (``--sizes``, in MB of 1,000,000 bytes; default 0.5 1 2 5) it writes a
seeded graph: about 100 ordinary pages and journals (``generate_graph.py``) and one page,
``Large Page``, of that size. The large page is made of the generator's outlines glued
together: nested bullets, ``[[links]]`` to the other pages (so their linked references
reuse its blocks' HTML), ``#tags``, properties, headings, code blocks, ``((refs))`` to
blocks elsewhere, and one block in ~40 with an ``id::`` that a block of another page
references (so that page's references reach into the large page). Then it builds, one
after the other on the same machine, ``raw`` (Material + search on the same graph folder,
no plugin) and ``plugin`` (the same with ``logseq: {publish: all}``), and prints each
median wall time and CPU time, plugin/raw at each size, plugin(largest)/plugin(smallest),
and the bounds of issue 9, judged on wall time: at 2 MB plugin/raw <= 3x, and
plugin(5 MB) <= 12x plugin(0.5 MB).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
from pathlib import Path

from generate_graph import (
    CONFIG_EDN,
    Graph,
    make_uuid,
    outline,
    page_file_name,
    page_properties,
    plan_graph,
    write_text,
)
from run import (
    SEED,
    BuildError,
    Result,
    build_cmd,
    fmt,
    package_dir,
    profile_build,
    report_profile,
    run_timed,
    work_root,
    write_config,
)

LARGE = "Large Page"
LARGE_IDX = -1
"""The large page's key in :attr:`Graph.ids` (ordinary pages use their index)."""
SMALL_FILES = 100
CHUNK_BLOCKS = 40
MB = 1_000_000
RATIO_BOUND = 3.0
"""plugin/raw allowed at ``RATIO_SIZE`` MB."""
RATIO_SIZE = 2.0
GROWTH_BOUND = 12.0
"""plugin(5 MB) / plugin(0.5 MB) allowed."""
GROWTH_SIZES = (0.5, 5.0)


class Timed(Result):
    """:class:`Result` read for CPU time too, which a busy machine inflates far less than
    wall time."""

    def median_cpu(self, config: str) -> float | None:
        """Median CPU time of a configuration, or None if it was not run."""
        runs = self.runs.get(config)
        return statistics.median(r.cpu for r in runs) if runs else None


def large_outline(graph: Graph, size: int) -> tuple[list[str], list[str]]:
    """The large page's lines (at least ``size`` bytes) and the block ids it holds."""
    rng = graph.rng
    lines: list[str] = []
    ids: list[str] = []
    written = 0
    while written < size:
        own = [make_uuid(rng)]
        graph.ids[LARGE_IDX] = own
        ids += own
        chunk = outline(graph, LARGE_IDX, rng.random() < 0.2, CHUNK_BLOCKS)
        lines += chunk
        written += sum(len(line.encode("utf-8")) + 1 for line in chunk)
    return lines, ids


def referring_blocks(rng: random.Random, ids: list[str]) -> list[list[str]]:
    """One block list per ordinary page: together they reference each id once, a few by
    embedding the block."""
    out: list[list[str]] = [[] for _ in range(SMALL_FILES)]
    for n, ident in enumerate(ids):
        ref = f"{{{{embed (({ident}))}}}}" if n % 25 == 0 else f"(({ident}))"
        out[rng.randrange(SMALL_FILES)].append(f"- As the large page says, {ref}")
    return out


def generate_large(graph_dir: Path, size_mb: float, seed: int = SEED) -> dict[str, int]:
    """Write the graph: ordinary pages and journals, then the large page."""
    graph = plan_graph(SMALL_FILES, seed)
    for sub in ("pages", "journals", "logseq"):
        (graph_dir / sub).mkdir(parents=True, exist_ok=True)
    (graph_dir / "logseq" / "config.edn").write_text(CONFIG_EDN, encoding="utf-8")
    large, ids = large_outline(graph, int(size_mb * MB))
    write_text(graph_dir / "pages" / page_file_name(LARGE), ["type:: idea", "", *large])
    extra = referring_blocks(graph.rng, ids)
    files: list[tuple[Path, list[str]]] = []
    for idx, name in enumerate(graph.pages):
        lines = page_properties(graph, idx) + outline(graph, idx, not name.isascii(), 36)
        files.append((graph_dir / "pages" / page_file_name(name), lines))
    for day in graph.journals:
        files.append(
            (graph_dir / "journals" / f"{day:%Y_%m_%d}.md", outline(graph, None, False, 20))
        )
    for (path, lines), more in zip(files, extra, strict=False):
        write_text(path, lines + more)
    return {"large_bytes": (graph_dir / "pages" / page_file_name(LARGE)).stat().st_size}


def prepare(root: Path, size_mb: float) -> dict[str, Path]:
    """Generate the graph under ``root``; return each configuration's mkdocs.yml."""
    graph = root / "graph"
    summary = generate_large(graph, size_mb)
    print(f"[{size_mb:g} MB] large page: {summary['large_bytes']:,} bytes", file=sys.stderr)
    (root / "logs").mkdir(parents=True, exist_ok=True)
    paths: dict[str, Path] = {}
    homes = {"raw": f"pages/{page_file_name(LARGE)}", "plugin": "index.md"}
    for config, home in homes.items():
        paths[config] = root / f"cfg_{config}" / "mkdocs.yml"
        write_config(paths[config], graph, root / f"site_{config}", home, config)
    return paths


def measure(root: Path, size_mb: float, repeat: int) -> Timed:
    """Build raw and plugin ``repeat`` times each, interleaved."""
    paths = prepare(root, size_mb)
    result = Timed(int(size_mb * MB), {"raw": [], "plugin": []})
    for i in range(repeat):
        for config, path in paths.items():
            run = run_timed(build_cmd(path), root / "logs", f"{config}-{i}")
            result.runs[config].append(run)
            print(
                f"  repeat {i + 1}/{repeat} {config:<6} {run.seconds:7.2f} s, "
                f"CPU {run.cpu:7.2f} s, "
                f"{run.peak_mb:4.0f} MB",
                file=sys.stderr,
            )
    return result


def _cpu_ratio(top: Timed, top_config: str, bottom: Timed, bottom_config: str) -> str:
    a, b = top.median_cpu(top_config), bottom.median_cpu(bottom_config)
    return fmt(a / b if a is not None and b else None, ".2f", "x")


def report(sizes: list[float], results: list[Timed]) -> bool:
    """Print the table and the bounds (judged on wall time); return whether every bound
    checked holds."""
    head = ("MB", "raw s", "plugin s", "plugin/raw", "raw CPU s", "plugin CPU s", "CPU ratio")
    print("  ".join(f"{h:>{max(len(h), 5)}}" for h in (*head, "plugin MB")))
    for size, r in zip(sizes, results, strict=True):
        cells = (
            f"{size:g}",
            fmt(r.median_seconds("raw"), ".2f"),
            fmt(r.median_seconds("plugin"), ".2f"),
            fmt(r.ratio("plugin", "raw"), ".2f", "x"),
            fmt(r.median_cpu("raw"), ".2f"),
            fmt(r.median_cpu("plugin"), ".2f"),
            _cpu_ratio(r, "plugin", r, "raw"),
            fmt(r.median_mb("plugin"), ".0f"),
        )
        widths = [max(len(h), 5) for h in (*head, "plugin MB")]
        print("  ".join(f"{c:>{w}}" for c, w in zip(cells, widths, strict=True)))
    by_size = dict(zip(sizes, results, strict=True))
    ok = True
    if RATIO_SIZE in by_size:
        at = by_size[RATIO_SIZE]
        ratio = at.ratio("plugin", "raw") or 0.0
        good = ratio <= RATIO_BOUND
        ok &= good
        print(
            f"{RATIO_SIZE:g} MB: plugin/raw = {ratio:.2f}x (bound {RATIO_BOUND:g}x): "
            + ("PASS" if good else "FAIL")
            + f"; in CPU time {_cpu_ratio(at, 'plugin', at, 'raw')}"
        )
    if len(sizes) > 1:
        small, large = by_size[min(sizes)], by_size[max(sizes)]
        growth = (large.median_seconds("plugin") or 0.0) / (small.median_seconds("plugin") or 1.0)
        line = f"plugin {max(sizes):g} MB / {min(sizes):g} MB = {growth:.2f}x"
        if (min(sizes), max(sizes)) == GROWTH_SIZES:
            good = growth <= GROWTH_BOUND
            ok &= good
            line += f" (bound {GROWTH_BOUND:g}x): " + ("PASS" if good else "FAIL")
        print(line + f"; in CPU time {_cpu_ratio(large, 'plugin', small, 'plugin')}")
    return ok


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=float, nargs="+", default=[0.5, 1.0, 2.0, 5.0], help="page sizes in MB"
    )
    parser.add_argument("--repeat", type=int, default=1, help="builds of each kind per size")
    parser.add_argument(
        "--profile", action="store_true", help="also profile one plugin build (largest size)"
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep graphs and sites in DIR/n<bytes>"
    )
    parser.add_argument(
        "--generate", type=Path, metavar="DIR", help="only write the graph of --sizes[0] to DIR"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 when a bound fails or a build does."""
    args = parse_args(argv)
    if args.generate:
        print(generate_large(args.generate, args.sizes[0]))
        return 0
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    package_dir()
    sizes = sorted(args.sizes)
    results = []
    try:
        for size in sizes:
            with work_root(args.keep, int(size * MB)) as root:
                results.append(measure(root, size, args.repeat))
                if args.profile and size == sizes[-1]:
                    print(f"[{size:g} MB] profiling one plugin build", file=sys.stderr)
                    stats = profile_build(root / "cfg_plugin" / "mkdocs.yml")
                    report_profile(stats, package_dir())
    except BuildError as exc:
        print(f"\nbuild failed: {exc}", file=sys.stderr)
        return 1
    print()
    return 0 if report(sizes, results) else 1


if __name__ == "__main__":
    sys.exit(main())
