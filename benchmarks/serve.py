"""Time how long an edit takes to show under ``mkdocs serve`` on a synthetic graph.

It generates a graph (``generate_graph.py``), starts ``mkdocs serve`` with the plugin on
127.0.0.1 at a free port, waits for the first build, then edits a page that other pages
link to, again and again: each edit adds a block linking to another page, and the
benchmark polls over HTTP until the new text is on the edited page AND in the linked
references of the page it links to. With ``--changes N`` it then, N times, adds a page
linking to that page, deletes it, renames the edited page and renames it back, each time
until every page it affects shows it (the new page and the linked references; the old
address gone). It prints the seconds each change took to show and the serve process's
resident memory after each rebuild, then stops the server.
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from run import BuildError, generate, tail, write_config

LINK = re.compile(r"\[\[([^\[\]]+)\]\]")
EDIT_MARKER = re.compile(r"serve-bench-edit-\d+-\d+")


@dataclass
class Target:
    """The page the benchmark edits and a page it links to, with their site URLs."""

    file: Path
    edited_url: str
    linked_name: str
    linked_url: str


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    """The body of a page, or None if it cannot be had (yet)."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return str(response.read().decode("utf-8", errors="replace"))
    except (urllib.error.URLError, OSError):
        return None


def rss_mb(pid: int) -> float:
    """Resident memory of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def page_names(graph: Path) -> dict[str, Path]:
    """Lower-cased page name -> file, for the simple ASCII page files of the graph."""
    out = {}
    for path in sorted((graph / "pages").glob("*.md")):
        name = path.stem
        if name.isascii() and re.fullmatch(r"[A-Za-z][A-Za-z ]*", name):
            out[name.lower()] = path
    return out


def url_of(base: str, name: str) -> str:
    """The URL the plugin gives a page (``/bert-base/``), as the site's search index says."""
    return f"{base}{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}/"


def choose_target(graph: Path, base: str) -> Target:
    """A page that others link to and that links to another page with a file."""
    names = page_names(graph)
    inbound: dict[str, int] = {}
    for path in [*graph.glob("pages/*.md"), *graph.glob("journals/*.md")]:
        for link in LINK.findall(path.read_text(encoding="utf-8")):
            inbound[link.lower()] = inbound.get(link.lower(), 0) + 1
    ranked = sorted(names, key=lambda n: (-inbound.get(n, 0), n))
    for name in ranked:
        linked = [
            m
            for m in LINK.findall(names[name].read_text(encoding="utf-8"))
            if m.lower() in names and m.lower() != name
        ]
        if linked and 0 < inbound.get(name, 0) <= 100:
            other = linked[0]
            return Target(names[name], url_of(base, names[name].stem), other, url_of(base, other))
    raise BuildError("no page in the graph links to another simple-named page")


@contextmanager
def serving(
    config: Path, port: int, log_dir: Path, extra: list[str]
) -> Iterator[subprocess.Popen[bytes]]:
    """Run ``mkdocs serve`` in its own process group; yield the process; stop it after."""
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config)]
    cmd += ["-a", f"127.0.0.1:{port}", *extra]
    err_path = log_dir / "serve.stderr"
    with err_path.open("wb") as err:
        proc = subprocess.Popen(
            cmd,
            cwd=log_dir,
            stdin=subprocess.DEVNULL,
            stdout=err,
            stderr=err,
            start_new_session=True,
        )
        try:
            yield proc
        except BaseException:
            print(tail(err_path), file=sys.stderr)
            raise
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_for(
    check: list[tuple[str, str]] | list[tuple[str, str | None, bool]],
    timeout: float,
    proc: subprocess.Popen[bytes],
) -> float:
    """Poll until every URL's body holds its text (or, for ``(url, text, False)``, no
    longer holds it; a text of None: the page itself); return the seconds that took."""
    started = time.perf_counter()
    pending = [(c[0], c[1], c[2] if len(c) > 2 else True) for c in check]
    while pending:
        if time.perf_counter() - started > timeout:
            raise BuildError(f"not shown after {timeout:.0f} s: {pending}")
        if proc.poll() is not None:
            raise BuildError("mkdocs serve exited")
        url, text, wanted = pending[0]
        body = fetch(url)
        there = body is not None and (text is None or text in body)
        if there == wanted:
            pending.pop(0)
        else:
            time.sleep(0.1)
    return time.perf_counter() - started


def run_edits(
    target: Target, proc: subprocess.Popen[bytes], edits: int, timeout: float
) -> list[tuple[float, float]]:
    """Edit the target page ``edits`` times; (seconds to show, RSS MB after) per edit."""
    out = []
    original = target.file.read_text(encoding="utf-8")
    for i in range(1, edits + 1):
        marker = f"serve-bench-edit-{i}-{time.time_ns()}"
        text = original.rstrip("\n") + f"\n- {marker} mentions [[{target.linked_name}]]\n"
        target.file.write_text(text, encoding="utf-8")
        seconds = wait_for(
            [(target.edited_url, marker), (target.linked_url, marker)], timeout, proc
        )
        time.sleep(0.5)  # let the rebuild finish writing before measuring memory
        out.append((seconds, rss_mb(proc.pid)))
        print(
            f"  edit {i}: shown after {seconds:6.2f} s, RSS {out[-1][1]:6.0f} MB",
            file=sys.stderr,
        )
    return out


def run_changes(
    target: Target,
    base: str,
    proc: subprocess.Popen[bytes],
    rounds: int,
    timeout: float,
) -> list[tuple[str, float, float]]:
    """``rounds`` times: a new page linking to the linked page, its deletion, a rename of
    the edited page and back; (what, seconds until every affected page shows it, RSS MB).
    The edited page's old address may stay (as a page without a file, when others link to
    it): a rename is shown when the page's last edit has moved to the new address."""
    out: list[tuple[str, float, float]] = []
    found = EDIT_MARKER.findall(target.file.read_text(encoding="utf-8"))
    if not found:
        run_edits(target, proc, 1, timeout)
        found = EDIT_MARKER.findall(target.file.read_text(encoding="utf-8"))
    probe = found[-1]
    linked = target.linked_url
    new = target.file.with_name("Serve Bench New.md")
    new_url = url_of(base, new.stem)
    moved = target.file.with_name(f"{target.file.stem} Moved.md")
    moved_url = url_of(base, moved.stem)
    for i in range(1, rounds + 1):
        marker = f"serve-bench-new-{i}-{time.time_ns()}"
        text = f"- {marker} [[{target.linked_name}]]\n"
        steps: list[tuple[str, Callable[[], object], list[tuple[str, str | None, bool]]]] = [
            (
                "new page",
                partial(new.write_text, text, "utf-8"),
                [(new_url, marker, True), (linked, marker, True)],
            ),
            ("deletion", new.unlink, [(new_url, None, False), (linked, marker, False)]),
            (
                "rename",
                partial(target.file.rename, moved),
                [
                    (moved_url, probe, True),
                    (target.edited_url, probe, False),
                    (linked, moved.stem, True),
                ],
            ),
            (
                "rename back",
                partial(moved.rename, target.file),
                [
                    (target.edited_url, probe, True),
                    (moved_url, None, False),
                    (linked, moved.stem, False),
                ],
            ),
        ]
        for what, change, check in steps:
            change()
            seconds = wait_for(check, timeout, proc)
            time.sleep(0.5)
            out.append((what, seconds, rss_mb(proc.pid)))
            print(
                f"  {what} {i}: shown after {seconds:6.2f} s, RSS {out[-1][2]:6.0f} MB",
                file=sys.stderr,
            )
    return out


def measure(root: Path, args: argparse.Namespace) -> list[tuple[float, float]]:
    """Generate, serve, edit; return each edit's time and the RSS after it."""
    graph, logs = root / "graph", root / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    print(f"[{args.pages} pages] generating graph in {root}", file=sys.stderr)
    generate(graph, args.pages, logs)
    config = root / "cfg" / "mkdocs.yml"
    write_config(config, graph, root / "site", "index.md", "plugin")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    target = choose_target(graph, base)
    print(
        f"  editing {target.file.name}, which links to [[{target.linked_name}]]",
        file=sys.stderr,
    )
    extra = ["--dirty"] if args.dirty else []
    with serving(config, port, logs, extra) as proc:
        first = wait_for(
            [(target.edited_url, "</html>"), (target.linked_url, "</html>")],
            args.timeout,
            proc,
        )
        print(
            f"  first build served after {first:.1f} s, RSS {rss_mb(proc.pid):.0f} MB",
            file=sys.stderr,
        )
        edits = run_edits(target, proc, args.edits, args.timeout)
        args.changed = run_changes(target, base, proc, args.changes, args.timeout)
        return edits


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="files in the generated graph")
    parser.add_argument("--edits", type=int, default=10, help="edits (rebuilds) to make")
    parser.add_argument("--dirty", action="store_true", help="serve with --dirty")
    parser.add_argument(
        "--changes",
        type=int,
        default=0,
        metavar="N",
        help="then N rounds of a new page, its deletion, a rename and back",
    )
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait per edit")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="keep graph and logs in DIR")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the scenario and print seconds per edit and RSS growth."""
    args = parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        if args.keep is not None:
            args.keep.mkdir(parents=True, exist_ok=True)
            results = measure(args.keep.resolve(), args)
        else:
            with tempfile.TemporaryDirectory(prefix=f"logseq-serve-{args.pages}-") as tmp:
                results = measure(Path(tmp), args)
    except BuildError as exc:
        print(f"\nserve benchmark failed: {exc}", file=sys.stderr)
        return 1
    seconds = [s for s, _ in results]
    rss = [m for _, m in results]
    print(f"\n{args.pages} pages, mkdocs serve{' --dirty' if args.dirty else ''}:")
    print("seconds per edit: " + ", ".join(f"{s:.2f}" for s in seconds))
    print(f"median {statistics.median(seconds):.2f} s, max {max(seconds):.2f} s")
    print("RSS after each rebuild (MB): " + ", ".join(f"{m:.0f}" for m in rss))
    print(f"RSS growth, last/first rebuild: {rss[-1] / rss[0]:.2f}x")
    for what in dict.fromkeys(w for w, _, _ in args.changed):
        times = [f"{s:.2f}" for w, s, _ in args.changed if w == what]
        print(f"seconds per {what}: " + ", ".join(times))
    if args.changed:
        print(f"RSS after the last change: {args.changed[-1][2]:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
