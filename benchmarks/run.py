"""Time whole-process ``mkdocs build`` on synthetic Logseq graphs.

For each graph size it builds three sites, interleaved within each repeat:

* ``raw``: Material + search on the raw graph folder, no plugin;
* ``plugin``: Material + search + ``logseq`` on the raw graph folder;
* ``converted``: Material + search on the plugin's export (``mkdocs-logseq export``: the
  same pages as finished Markdown/HTML, with the export's own ``mkdocs.yml``).

It prints median wall time and peak RSS of each build and the ratios
plugin/raw and plugin/converted. ``--profile`` also profiles one in-process
plugin build and reports the share of CPU time spent in ``mkdocs_logseq``.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib.util
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
CONFIGS = ("raw", "plugin", "converted")
SEED = 20240630
THRESHOLD = 1.5


@dataclass
class Run:
    """Wall time (s), peak resident memory (MB) and CPU time (s: user + system, with the
    children it waited for) of one child process."""

    seconds: float
    peak_mb: float
    cpu: float = 0.0


@dataclass
class Result:
    """Every timed build of one graph size, by configuration."""

    pages: int
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def median_seconds(self, config: str) -> float | None:
        """Median wall time of a configuration, or None if it was not run."""
        runs = self.runs.get(config)
        return statistics.median(r.seconds for r in runs) if runs else None

    def median_mb(self, config: str) -> float | None:
        """Median peak RSS of a configuration, or None if it was not run."""
        runs = self.runs.get(config)
        return statistics.median(r.peak_mb for r in runs) if runs else None

    def ratio(self, top: str, bottom: str) -> float | None:
        """Ratio of two configurations' median times, or None."""
        a, b = self.median_seconds(top), self.median_seconds(bottom)
        return a / b if a is not None and b else None


class BuildError(RuntimeError):
    """A child process failed; carries its command and stderr tail."""


def q(value: str | Path) -> str:
    """Quote a string for YAML (a JSON string is a YAML double-quoted scalar)."""
    return json.dumps(str(value), ensure_ascii=False)


def tail(path: Path, lines: int = 40) -> str:
    """Return the last lines of a text file."""
    text = path.read_text(encoding="utf-8", errors="replace")
    return "\n".join(text.splitlines()[-lines:])


def run_timed(cmd: list[str], log_dir: Path, name: str) -> Run:
    """Run a command, return its wall time and peak RSS; raise on failure.

    The child runs in ``log_dir`` so that ``-m`` imports the installed packages,
    as the in-process profile does, never a same-named folder in the caller's cwd.
    """
    out_path, err_path = log_dir / f"{name}.stdout", log_dir / f"{name}.stderr"
    with out_path.open("wb") as out, err_path.open("wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=log_dir, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise BuildError(
            f"{' '.join(cmd)} exited {proc.returncode}; stderr tail:\n{tail(err_path)}"
        )
    cpu = usage.ru_utime + usage.ru_stime
    return Run(seconds, usage.ru_maxrss / 1024, cpu)  # ru_maxrss is in KiB on Linux


def write_config(path: Path, docs_dir: Path, site_dir: Path, home: str, config: str) -> None:
    """Write one benchmark mkdocs.yml with a one-entry nav."""
    plugin = "  - logseq:\n      publish: all\n" if config == "plugin" else ""
    plugins = "  - search\n" + plugin
    text = (
        f"site_name: Benchmark\n"
        f"docs_dir: {q(docs_dir)}\n"
        f"site_dir: {q(site_dir)}\n"
        f"theme:\n  name: material\n"
        f"plugins:\n{plugins}"
        f"nav:\n  - Home: {q(home)}\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def first_page(graph: Path) -> str:
    """Return the docs-relative path of the first page file, for raw's nav."""
    return sorted(graph.glob("pages/*.md"))[0].relative_to(graph).as_posix()


def generate(graph: Path, pages: int, log_dir: Path) -> None:
    """Generate the synthetic graph in a child process."""
    cmd = [sys.executable, str(HERE / "generate_graph.py"), str(graph), "--pages", str(pages)]
    run_timed([*cmd, "--seed", str(SEED)], log_dir, "generate")


def export(graph: Path, out: Path, log_dir: Path) -> Run:
    """Convert the graph with the plugin's export CLI."""
    cmd = [sys.executable, "-m", "mkdocs_logseq", "export", str(graph), str(out)]
    return run_timed([*cmd, "--publish", "all"], log_dir, "export")


def converted_config(project: Path, site_dir: Path) -> Path:
    """The export's own ``mkdocs.yml`` with absolute folders and the benchmark's site dir."""
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config["docs_dir"] = str(project / "docs")
    config["site_dir"] = str(site_dir)
    config["hooks"] = [str(project / h) for h in config.get("hooks", [])]
    path = project / "benchmark-mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return path


def prepare(root: Path, pages: int, configs: list[str]) -> dict[str, Path]:
    """Generate the graph (and export) under root; return each config's mkdocs.yml."""
    graph, logs = root / "graph", root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    generate(graph, pages, logs)
    paths: dict[str, Path] = {}
    for config in configs:
        docs, home = graph, "index.md"
        if config == "raw":
            home = first_page(graph)
        elif config == "converted":
            took = export(graph, root / "converted", logs)
            print(f"  export: {took.seconds:.1f} s, {took.peak_mb:.0f} MB", file=sys.stderr)
            paths[config] = converted_config(root / "converted", root / f"site_{config}")
            continue
        paths[config] = root / f"cfg_{config}" / "mkdocs.yml"
        write_config(paths[config], docs, root / f"site_{config}", home, config)
    return paths


def build_cmd(config_file: Path) -> list[str]:
    """Return the command for a quiet whole-process build."""
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config_file)]


def measure(root: Path, pages: int, configs: list[str], repeat: int) -> Result:
    """Build every configuration ``repeat`` times, interleaved."""
    print(f"[{pages} pages] generating graph in {root}", file=sys.stderr)
    paths = prepare(root, pages, configs)
    result = Result(pages, {c: [] for c in configs})
    for i in range(repeat):
        for config in configs:
            run = run_timed(build_cmd(paths[config]), root / "logs", f"{config}-{i}")
            result.runs[config].append(run)
            print(
                f"  repeat {i + 1}/{repeat} {config:<9} {run.seconds:6.2f} s {run.peak_mb:6.0f} MB",
                file=sys.stderr,
            )
    return result


def fmt(value: float | None, spec: str, suffix: str = "") -> str:
    """Format a possibly missing number."""
    return "-" if value is None else f"{value:{spec}}{suffix}"


def print_table(results: list[Result]) -> None:
    """Print medians and ratios, one row per graph size."""
    head = ["pages"]
    for c in CONFIGS:
        head += [f"{c} s", f"{c} MB"]
    head += ["plugin/raw", "plugin/converted"]
    rows = [head]
    for r in results:
        row = [str(r.pages)]
        for c in CONFIGS:
            row += [fmt(r.median_seconds(c), ".2f"), fmt(r.median_mb(c), ".0f")]
        row += [fmt(r.ratio("plugin", "raw"), ".2f", "x")]
        row += [fmt(r.ratio("plugin", "converted"), ".2f", "x")]
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    for n, row in enumerate(rows):
        print("  ".join(cell.rjust(w) for cell, w in zip(row, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def print_verdicts(results: list[Result]) -> None:
    """Print whether plugin/raw stays within the threshold for each size."""
    for r in results:
        ratio = r.ratio("plugin", "raw")
        if ratio is None:
            continue
        ok = "OK" if ratio <= THRESHOLD else "TOO SLOW"
        sign = "<=" if ratio <= THRESHOLD else ">"
        print(f"{r.pages} pages: plugin/raw = {ratio:.2f}x {sign} {THRESHOLD}x: {ok}")


def package_dir() -> Path:
    """Return the installed mkdocs_logseq package folder."""
    spec = importlib.util.find_spec("mkdocs_logseq")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("mkdocs_logseq is not importable here: pip install -e . first")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def profile_build(config_file: Path) -> pstats.Stats:
    """Build once in-process under cProfile, as ``mkdocs build`` does, with ``jobs: 1`` so
    that the pages the plugin renders in worker processes are not left out of the profile."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    profiler = cProfile.Profile()
    profiler.enable()
    config = load_config(str(config_file))
    config.plugins["logseq"].config["jobs"] = 1
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
        profiler.disable()
    return pstats.Stats(profiler)


def report_profile(stats: pstats.Stats, package: Path) -> None:
    """Print mkdocs_logseq's share of CPU time and its top functions."""
    prefix = str(package) + os.sep
    raw = stats.stats  # type: ignore[attr-defined]  # {(file, line, func): (cc, nc, tt, ct, _)}
    ours = {key: val for key, val in raw.items() if str(Path(key[0]).resolve()).startswith(prefix)}
    total = stats.total_tt  # type: ignore[attr-defined]
    own = sum(val[2] for val in ours.values())
    print(
        f"\nprofile (jobs: 1): {total:.2f} s CPU in total, {own:.2f} s ({own / total:.1%}) "
        "in mkdocs_logseq"
    )
    print(f"{'ncalls':>9} {'tottime':>8} {'cumtime':>8}  function")
    top = sorted(ours.items(), key=lambda kv: kv[1][3], reverse=True)[:15]
    for (file, line, func), (_, nc, tt, ct, _) in top:
        where = Path(file).resolve().relative_to(package.parent).as_posix()
        print(f"{nc:>9} {tt:8.3f} {ct:8.3f}  {where}:{line}({func})")


@contextmanager
def work_root(keep: Path | None, pages: int) -> Iterator[Path]:
    """Yield a fresh folder for one size: under --keep, else a temp dir."""
    if keep is None:
        with tempfile.TemporaryDirectory(prefix=f"logseq-bench-{pages}-") as tmp:
            yield Path(tmp)
        return
    root = keep.resolve() / f"n{pages}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    yield root


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--only", nargs="+", choices=CONFIGS, help="configurations to run (default: all three)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="profile one in-process plugin build (largest N)"
    )
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="keep graphs and sites in DIR/n<pages>"
    )
    return parser.parse_args(argv)


def run_all(args: argparse.Namespace) -> tuple[list[Result], pstats.Stats | None]:
    """Measure every size; profile a plugin build of the largest if asked."""
    configs = [c for c in CONFIGS if not args.only or c in args.only]
    if args.profile and "plugin" not in configs:
        configs.insert(0, "plugin")
    if any(c != "raw" for c in configs):
        package_dir()  # fail early, before minutes of raw builds
    results, stats = [], None
    sizes = sorted(args.pages)
    for pages in sizes:
        with work_root(args.keep, pages) as root:
            results.append(measure(root, pages, configs, args.repeat))
            if args.profile and pages == sizes[-1]:
                print(f"[{pages} pages] profiling one plugin build", file=sys.stderr)
                stats = profile_build(root / "cfg_plugin" / "mkdocs.yml")
    return results, stats


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table and verdicts."""
    args = parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")  # keep build stderr to real problems
    try:
        results, stats = run_all(args)
    except BuildError as exc:
        print(f"\nbuild failed: {exc}", file=sys.stderr)
        return 1
    print()
    print_table(results)
    print_verdicts(results)
    if stats is not None:
        report_profile(stats, package_dir())
    return 0


if __name__ == "__main__":
    sys.exit(main())
