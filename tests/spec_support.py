"""The golden spec's helpers: find the cases, build one, and print a page body readably.

A case is a folder ``tests/spec/<construct>/<case>/`` (see ``tests/spec/README.md``). The
driver, ``tests/test_spec.py``, builds each case with a real ``mkdocs build`` and compares
the ``<article>`` of every page listed under ``expected/`` with :func:`pretty_article`'s
rendering of it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.formatter import HTMLFormatter
from conftest import mkdocs_build
from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket
from markdown.util import BLOCK_LEVEL_ELEMENTS
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme

SPEC = Path(__file__).resolve().parent / "spec"
OPTIONS_FILE = "mkdocs-options.yml"
EXPECTED = "expected"
WARNINGS_FILE = "warnings.txt"
NOT_GRAPH = {OPTIONS_FILE, EXPECTED, WARNINGS_FILE, "README.md"}
"""Names in a case folder that are not part of its graph."""

BLOCK_TAGS = frozenset(BLOCK_LEVEL_ELEMENTS) | {"audio"}
"""Elements :func:`pretty_article` starts on a line of their own: Python-Markdown's block
elements, and ``<audio>``."""
VERBATIM_TAGS = frozenset({"pre", "script", "style", "textarea"})
"""Elements printed exactly as they are (their whitespace is content)."""


def _substitute(text: str) -> str:
    """Escape ``&``, ``<``, ``>`` and show a no-break space as ``&nbsp;`` (else invisible)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\xa0", "&nbsp;")
    )


FORMATTER = HTMLFormatter(
    entity_substitution=_substitute,
    void_element_close_prefix="",
    empty_attributes_are_booleans=True,
)


class TemplateCache(BytecodeCache):
    """Compiled templates kept in memory, for :func:`shared_theme`."""

    def __init__(self) -> None:
        self.codes: dict[str, tuple[str | None, bytes]] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give ``bucket`` the compiled template when its source has not changed."""
        stored = self.codes.get(bucket.key)
        if stored is not None and stored[0] == bucket.checksum:
            bucket.bytecode_from_string(stored[1])

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a freshly compiled template."""
        self.codes[bucket.key] = (bucket.checksum, bucket.bytecode_to_string())


TEMPLATES = TemplateCache()
THEME_FILES: dict[tuple[str, ...], list[tuple[str, str]]] = {}
"""The theme's static files (path, folder), per list of theme folders."""
_get_env = Theme.get_env
_add_files_from_theme = Files.add_files_from_theme


def _cached_env(theme: Theme) -> Environment:
    env = _get_env(theme)
    env.bytecode_cache = TEMPLATES
    return env


def _cached_theme_files(files: Files, env: Environment, config: Any) -> None:
    key = tuple(config.theme.dirs)
    if key not in THEME_FILES:
        listed = Files([])
        _add_files_from_theme(listed, env, config)
        THEME_FILES[key] = [(f.src_uri, f.src_dir) for f in listed]
    for src_uri, src_dir in THEME_FILES[key]:
        files.append(File(src_uri, src_dir, config.site_dir, config.use_directory_urls))


@contextmanager
def shared_theme() -> Iterator[None]:
    """Let builds share what MkDocs redoes for each from the same theme files.

    Each ``mkdocs build`` compiles Material's templates afresh (four times: Material's
    search plugin makes its own environments) and walks the theme's folders, 14,000 icons
    included, to list its static files: three quarters of a small build's time. Inside
    this context the compiled templates and the listing are kept between builds; the
    pages built are the same.
    """
    with (
        mock.patch.object(Theme, "get_env", _cached_env),
        mock.patch.object(Files, "add_files_from_theme", _cached_theme_files),
    ):
        yield


@dataclass(frozen=True)
class Case:
    """One spec case: its folder, and its name ``<construct>/<case>``."""

    folder: Path

    @property
    def name(self) -> str:
        """``<construct>/<case>``, the test's id."""
        return self.folder.relative_to(SPEC).as_posix()

    @property
    def options(self) -> dict[str, object]:
        """The plugin options from ``mkdocs-options.yml`` (none when the file is absent)."""
        path = self.folder / OPTIONS_FILE
        if not path.exists():
            return {}
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        assert isinstance(data, dict), f"{path}: plugin options must be a mapping"
        return data

    def expected(self) -> dict[str, Path]:
        """Site page (``a/index.html``) -> its expected-body file (``expected/a.html``)."""
        root = self.folder / EXPECTED
        files = sorted(root.rglob("*.html")) if root.is_dir() else []
        return {site_page(path.relative_to(root).as_posix()): path for path in files}


def site_page(expected: str) -> str:
    """``a.html`` -> ``a/index.html``; ``index.html`` (the home page) stays as it is."""
    if expected == "index.html":
        return expected
    return expected.removesuffix(".html") + "/index.html"


def expected_name(page: str) -> str:
    """The inverse of :func:`site_page`: ``a/b/index.html`` -> ``a/b.html``."""
    if page == "index.html":
        return page
    return page.removesuffix("/index.html") + ".html"


def find_cases() -> list[Case]:
    """Every case folder (one holding ``pages/`` or ``journals/``), in name order."""
    folders = {p.parent for pattern in ("*/*/pages", "*/*/journals") for p in SPEC.glob(pattern)}
    return [Case(folder) for folder in sorted(folders)]


def build_case(case: Case, work: Path) -> tuple[Path, list[str]]:
    """Copy the case's graph to ``work/graph`` and build it: (site folder, warnings)."""
    graph = work / "graph"
    top = str(case.folder)
    shutil.copytree(
        case.folder, graph, ignore=lambda d, names: NOT_GRAPH & set(names) if d == top else set()
    )
    config = graph / "logseq" / "config.edn"
    if not config.exists():
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(
            "{:file/name-format :triple-lowbar :publishing/all-pages-public? true}\n",
            encoding="utf-8",
        )
    with shared_theme():
        built = mkdocs_build(graph, work / "site", case.options, strict=False)
    warnings = [w.replace(str(graph), "GRAPH") for w in built.warnings]
    return built.site, warnings


def built_pages(site: Path) -> list[str]:
    """The site's pages (``a/index.html``), except MkDocs' own 404 page."""
    pages = (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return sorted(p for p in pages if p != "404.html")


def pretty_article(page_html: str) -> str:
    """The ``<article>`` of a built page, one block element per line, indented by nesting.

    Inline content (text, links, emphasis…) stays on its block's line exactly as built;
    whitespace between block elements is dropped; ``<pre>`` is printed verbatim.
    """
    soup = BeautifulSoup(page_html, "html.parser")
    article = soup.find("article")
    assert isinstance(article, Tag), "the page has no <article>"
    return "\n".join(_children(article, 0)) + "\n"


def _is_block(node: object) -> bool:
    return isinstance(node, Tag) and node.name in BLOCK_TAGS


def _lines(tag: Tag, depth: int) -> list[str]:
    """``tag`` on one line, or (when it holds block elements) opened, its children, closed."""
    indent = "  " * depth
    if tag.name in VERBATIM_TAGS or not any(_is_block(c) for c in tag.children):
        return [indent + tag.decode(formatter=FORMATTER)]
    return [indent + _open_tag(tag), *_children(tag, depth + 1), f"{indent}</{tag.name}>"]


def _children(tag: Tag, depth: int) -> list[str]:
    """The lines of ``tag``'s children: block elements, and runs of inline content."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        text = "".join(run).strip()
        if text:
            out.append("  " * depth + text)
        run.clear()

    for child in tag.children:
        if isinstance(child, Tag) and _is_block(child):
            flush()
            out.extend(_lines(child, depth))
        elif isinstance(child, Tag):
            run.append(child.decode(formatter=FORMATTER))
        elif isinstance(child, Comment):
            run.append(f"<!--{child}-->")
        elif isinstance(child, NavigableString):
            run.append(child.output_ready(FORMATTER))
    flush()
    return out


def _open_tag(tag: Tag) -> str:
    """``<name attr="value">`` as :data:`FORMATTER` writes it (attributes sorted)."""
    parts = [tag.name]
    for key, value in sorted(tag.attrs.items()):
        text = " ".join(value) if isinstance(value, list) else str(value)
        parts.append(
            key if text == "" else f'{key}="{_substitute(text).replace(chr(34), "&quot;")}"'
        )
    return "<" + " ".join(parts) + ">"
