"""Command line: ``mkdocs-logseq export GRAPH OUT`` (or ``python -m mkdocs_logseq export``)
writes the published graph as a standalone project that Zensical or plain MkDocs + Material
builds without the plugin (see :mod:`.export`)."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Any

import yaml

from .config import LogseqConfig
from .export import export


def _options_parser(parser: argparse.ArgumentParser) -> None:
    """One ``--name`` per plugin option (the same names and values as in ``mkdocs.yml``)."""
    for name, option in LogseqConfig._schema:
        default = getattr(option, "default", None)
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            dest=f"option_{name}",
            metavar="VALUE",
            help=f"the plugin option '{name}' (default: {default!r})",
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mkdocs-logseq", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    exp = sub.add_parser(
        "export", help="write the published graph as a project Zensical or MkDocs builds"
    )
    exp.add_argument("graph", type=Path, nargs="?", help="the Logseq graph folder")
    exp.add_argument("out", type=Path, help="the folder to write the project to (replaced)")
    exp.add_argument(
        "--config",
        "-f",
        type=Path,
        help="an mkdocs.yml that lists the plugin: its docs_dir and plugin options win",
    )
    _options_parser(exp)
    args = parser.parse_args(argv)
    options: dict[str, Any] = {
        key[len("option_") :]: yaml.safe_load(value)
        for key, value in vars(args).items()
        if key.startswith("option_") and value is not None
    }
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.WARNING)
    if args.config is None and args.graph is None:
        parser.error("give the graph folder, or --config mkdocs.yml")
    try:
        count = export(args.out, args.config, args.graph, options)
    except ValueError as error:
        parser.error(str(error))
    print(f"{count} pages written to {args.out}. Build them with")
    print(f"  zensical build -f {args.out / 'zensical.toml'}")
    print(f"or with MkDocs + Material: mkdocs build -f {args.out / 'mkdocs.yml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
