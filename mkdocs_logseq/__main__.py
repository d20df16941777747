"""Command line: ``python -m mkdocs_logseq export GRAPH OUT`` writes the Markdown pages the
plugin hands to MkDocs (linked references as Markdown) plus the assets they use, for
inspection, debugging and benchmarks."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from .parse.graph import load_graph
from .render.options import Options
from .render.site import build_site


def export(graph_dir: Path, out: Path, publish: str) -> int:
    graph = load_graph(graph_dir)
    build = build_site(graph, Options(publish=publish))
    for page in build.pages:
        target = out / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for rel in sorted(build.assets):
        target = out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(graph_dir / rel, target)
    for problem in build.diagnostics.problems:
        print(f"WARNING {problem}", file=sys.stderr)
    print(f"{len(build.pages)} pages and {len(build.assets)} assets written to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mkdocs-logseq", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    exp = sub.add_parser("export", help="write the site's Markdown pages to a folder")
    exp.add_argument("graph", type=Path, help="the Logseq graph folder")
    exp.add_argument("out", type=Path, help="the folder to write to")
    exp.add_argument("--publish", choices=("auto", "all", "public"), default="auto")
    args = parser.parse_args(argv)
    return export(args.graph, args.out, args.publish)


if __name__ == "__main__":
    sys.exit(main())
