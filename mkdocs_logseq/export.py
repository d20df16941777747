"""``mkdocs-logseq export``: the published graph as a standalone project for Zensical (or
plain MkDocs + Material), which run no MkDocs plugins.

The export runs the plugin's own build once (in a temporary folder) and keeps what it made:
each page's finished article HTML becomes a Markdown file (front matter, top-level headings
as Markdown headings so the table of contents and search sections work, everything else as
raw HTML blocks), with every link rewritten relative to the source file, as Zensical reads
links in raw HTML. The graph's published assets, the plugin's styles and scripts (math,
previews, graph view) and the graph's JSON data are copied beside them, and
``zensical.toml`` and ``mkdocs.yml`` list the navigation, styles, scripts and Markdown
extensions. Only what the plugin published is exported: nothing else of the graph is read.
"""

from __future__ import annotations

import html
import importlib.util
import json
import logging
import posixpath
import re
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .render.escape import theme_text
from .render.urls import url_of

log = logging.getLogger("mkdocs.plugins.logseq.export")
FAIL_SAFE = re.compile(r"""^\s*exclude_docs\s*=\s*["']\*["']\s*$""", re.M)
"""A ``zensical.toml`` holding ``exclude_docs = "*"`` makes ``zensical build`` (which reads
it before ``mkdocs.yml``) publish no file of the graph."""
HOOK = Path(__file__).parent / "resources" / "export_links.py"
"""An MkDocs hook written into the export: it rebases links in raw HTML, which Zensical
rebases by itself and MkDocs does not."""
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">', re.S)
EDIT_BUTTON = re.compile(r'<a [^>]*class="md-content__button[^"]*"[^>]*>.*?</a>', re.S)
URL_ATTR = re.compile(r'(\s(?:href|src))="([^"]*)"')
HEADING_TAGS = {"h2", "h3", "h4", "h5", "h6"}
MARKDOWN_PUNCTUATION = re.compile(r"(&[#a-zA-Z0-9]+;)|([\\`*_{}\[\]()#+\-.!|~=^$:<>])")


@dataclass(frozen=True)
class ExportedPage:
    """One page of the export: where it goes, its front matter and its Markdown body."""

    src_uri: str
    meta: dict[str, Any]
    body: str

    def text(self) -> str:
        front = yaml.safe_dump(self.meta, allow_unicode=True, sort_keys=False)
        return f"---\n{front}---\n\n{self.body}\n"


class _TopLevel(HTMLParser):
    """Splits HTML into its top-level elements, noting which are h2-h6 headings."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0]
        for match in re.finditer("\n", text):
            self.line_starts.append(match.end())
        self.depth = 0
        self.start = 0
        self.parts: list[tuple[int, int, str | None]] = []
        self.current: str | None = None

    def _position(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in VOID:
            if self.depth == 0:
                begin = self._position()
                self.parts.append((begin, begin + len(self.get_starttag_text() or ""), None))
            return
        if self.depth == 0:
            self.start = self._position()
            self.current = tag
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.text.index(">", self._position()) + 1
            kind = self.current if self.current in HEADING_TAGS else None
            self.parts.append((self.start, end, kind))


VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "embed"}


def split_top_level(text: str) -> list[tuple[str, str | None]]:
    """``text`` as its top-level elements: (HTML, heading tag or None)."""
    parser = _TopLevel(text)
    parser.feed(text)
    parser.close()
    return [(text[a:b], kind) for a, b, kind in parser.parts]


HEADING = re.compile(r"<(h[2-6])((?:\s[^>]*)?)>(.*)</\1>\s*$", re.S)
ATTR = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def markdown_heading(element: str) -> str | None:
    """``<h2 id="x" class="c">inner</h2>`` as ``## inner {#x .c}``; None when the heading
    cannot be written as one Markdown line."""
    match = HEADING.match(element)
    if match is None:
        return None
    tag, attrs, inner = match.groups()
    inner = re.sub(r'<a class="headerlink"[^>]*>.*?</a>', "", inner, flags=re.S).strip()
    if "\n" in inner or not inner:
        return None
    parts: list[str] = []
    for name, value in ATTR.findall(attrs):
        if name == "id":
            parts.append(f"#{value}")
        elif name == "class":
            parts.extend(f".{c}" for c in value.split())
        else:
            parts.append(f'{name}="{value or name}"')
    text = _protect(inner)
    level = "#" * int(tag[1])
    return f"{level} {text} {{ {' '.join(parts)} }}" if parts else f"{level} {text}"


def _protect(inner: str) -> str:
    """Inline HTML whose text Markdown must not read: punctuation in text becomes character
    references (tags and entities stay as they are)."""
    out: list[str] = []
    for piece in re.split(r"(<[^>]*>)", inner):
        if piece.startswith("<"):
            out.append(piece)
        else:
            out.append(
                MARKDOWN_PUNCTUATION.sub(lambda m: m.group(1) or f"&#{ord(m.group(2))};", piece)
            )
    return "".join(out)


def article(page_html: str) -> str:
    """The article of a page Material wrote, without its edit button."""
    start = ARTICLE.search(page_html)
    if start is None:
        return ""
    end = page_html.rfind("</article>")
    return EDIT_BUTTON.sub("", page_html[start.end() : end]).strip()


def rebase_links(body: str, page_url: str, src_uri: str, pages_by_url: dict[str, str]) -> str:
    """Every relative ``href``/``src`` of ``body`` (written for the page at ``page_url``)
    rewritten relative to the page's source file: links to pages as links to their
    ``.md`` files, other files by path. ``<object data>`` keeps its URL (neither Zensical
    nor MkDocs rebases it, and both put the page at the same URL)."""
    source_dir = posixpath.dirname(src_uri)
    page_dir = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)

    def fix(match: re.Match[str]) -> str:
        attribute, value = match.groups()
        parts = urlsplit(html.unescape(value))
        if parts.scheme or parts.netloc or value.startswith(("#", "/")) or not value:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(page_dir, unquote(parts.path)))
        target = "" if target == "." else target
        if parts.path.endswith("/") and target:
            target += "/"
        src = pages_by_url.get(target)
        path = src if src is not None else target
        rel = posixpath.relpath(path or ".", source_dir or ".")
        if src is None and parts.path.endswith("/") and not rel.endswith("/"):
            rel += "/"
        new = quote(rel, safe="/%:@!$&'()*+,;=-._~")
        if parts.query:
            new += "?" + parts.query
        if parts.fragment:
            new += "#" + parts.fragment
        return f'{attribute}="{html.escape(new, quote=True)}"'

    return URL_ATTR.sub(fix, body)


def page_body(article_html: str) -> str:
    """The article as Markdown: top-level h2-h6 as Markdown headings, the rest raw HTML."""
    blocks: list[str] = []
    for element, kind in split_top_level(article_html):
        heading = markdown_heading(element) if kind else None
        blocks.append(heading or element)
    return "\n\n".join(blocks)


def _front_matter(meta: dict[str, Any], title: str) -> dict[str, Any]:
    """The plugin's page metadata as front matter: as the plugin hands it to MkDocs, its
    text fields already escaped for the theme (:func:`.render.escape.theme_meta`)."""
    out: dict[str, Any] = {"title": str(meta.get("title") or theme_text(title))}
    for key in ("tags", "alias"):
        if meta.get(key):
            out[key] = [str(v) for v in meta[key]]
    if meta.get("description"):
        out["description"] = str(meta["description"])
    if isinstance(meta.get("search"), dict):
        out["search"] = meta["search"]
    if meta.get("hide"):
        out["hide"] = list(meta["hide"])
    return out


def iter_files(root: Path) -> Iterator[Path]:
    """Every file below ``root`` (symlinks are not followed)."""
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _nav_entry(item: Any) -> Any:
    """A ``nav`` entry as MkDocs read it (titles are HTML for the theme: the plugin's own
    are escaped already, a user's are as written), sections recursively."""
    if isinstance(item, dict):
        return {
            str(title): ([_nav_entry(i) for i in value] if isinstance(value, list) else value)
            for title, value in item.items()
        }
    return item


def write_configs(out: Path, config: Any, nav: list[Any], extra: dict[str, list[str]]) -> None:
    """``zensical.toml`` and ``mkdocs.yml`` for the exported pages."""
    theme = _export_theme(config)
    project = _export_project(config, nav, extra)
    markdown = {"attr_list": {}, "toc": {"permalink": True}}
    mkdocs = {
        **project,
        "theme": theme,
        "plugins": ["search"],
        "markdown_extensions": [{k: v} if v else k for k, v in markdown.items()],
        "hooks": ["hooks/export_links.py"],
    }
    (out / "mkdocs.yml").write_text(
        yaml.safe_dump(mkdocs, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    toml = ["[project]"]
    for key, value in project.items():
        toml.append(f"{key} = {_toml(value)}")
    toml += ["", "[project.theme]"]
    toml += [f"{key} = {_toml(value)}" for key, value in theme.items() if key != "name"]
    for name, options in markdown.items():
        toml += ["", f"[project.markdown_extensions.{name}]"]
        toml += [f"{key} = {_toml(value)}" for key, value in options.items()]
    (out / "zensical.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")


def _export_theme(config: Any) -> dict[str, Any]:
    """The exported site's theme: Material, no web fonts, the site's language and features."""
    theme: dict[str, Any] = {"name": "material", "font": False}
    language = config.theme.get("language")
    if language:
        theme["language"] = language
    features = list(config.theme.get("features") or [])
    if features:
        theme["features"] = features
    return theme


def _export_project(config: Any, nav: list[Any], extra: dict[str, list[str]]) -> dict[str, Any]:
    """The exported site's settings: its name, folders, URLs, extra CSS and JavaScript,
    navigation, address and description."""
    project: dict[str, Any] = {
        "site_name": config.site_name,
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": config.use_directory_urls,
        "extra_css": extra["css"],
        "extra_javascript": extra["js"],
    }
    if nav:
        project["nav"] = [_nav_entry(item) for item in nav]
    if config.site_url:
        project["site_url"] = config.site_url
    if config.site_description:
        project["site_description"] = config.site_description
    return project


def _toml(value: Any) -> str:
    """A TOML value for strings, booleans, lists and one-key tables (the nav)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{ "
            + ", ".join(
                f"{json.dumps(k, ensure_ascii=False)} = {_toml(v)}" for k, v in value.items()
            )
            + " }"
        )
    return str(value)


def export(out: Path, config_file: Path | None, graph: Path | None, options: dict[str, Any]) -> int:
    """Build the graph with the plugin in a temporary folder and write the export to
    ``out``; with ``config_file``, its ``docs_dir`` and plugin options win over ``graph``
    and ``options``. Returns the number of pages written."""
    with tempfile.TemporaryDirectory(prefix="mkdocs-logseq-export-") as tmp:
        site = Path(tmp) / "site"
        if config_file is None:
            if graph is None:
                raise ValueError("give the graph folder or --config")
            config_file = Path(tmp) / "mkdocs.yml"
            config_file.write_text(
                yaml.safe_dump(
                    {
                        "site_name": graph.resolve().name,
                        "docs_dir": str(graph.resolve()),
                        "theme": {"name": "material"},
                        "plugins": ["search", {"logseq": options}],
                    },
                    allow_unicode=True,
                ),
                encoding="utf-8",
            )
        config = load_config(str(config_file), site_dir=str(site))
        plugin: Any = config.plugins.get("logseq")
        if plugin is None:
            raise ValueError(f"{config_file} does not list the logseq plugin")
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        result = plugin.build
        _clear(out)
        docs = out / "docs"
        urls = {p.src_uri: url_of(p.src_uri, config.use_directory_urls) for p in result.pages}
        pages_by_url = {url: src for src, url in urls.items()}
        for page in result.pages:
            url = urls[page.src_uri]
            built = site / (url + "index.html" if url.endswith("/") or not url else url)
            body = rebase_links(article(built.read_text("utf-8")), url, page.src_uri, pages_by_url)
            meta = plugin.meta.get(page.src_uri, page.meta)
            exported = ExportedPage(page.src_uri, _front_matter(meta, page.title), page_body(body))
            target = docs / page.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(exported.text(), encoding="utf-8")
        for rel in sorted(result.assets):
            _copy(site / rel, docs / rel)
        for path in iter_files(site / "_logseq"):
            _copy(path, docs / path.relative_to(site))
        extra = {
            "css": [str(u) for u in config.extra_css if str(u).startswith("_logseq/")],
            "js": [str(u) for u in config.extra_javascript if str(u).startswith("_logseq/")],
        }
        write_configs(out, config, list(config.nav or []), extra)
        hook = out / "hooks" / "export_links.py"
        hook.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HOOK, hook)
        return len(result.pages)


def zensical_risk(config_dir: Path) -> str | None:
    """Why ``zensical build`` could publish the raw graph next to this ``mkdocs.yml``
    (Zensical runs no MkDocs plugins), or None when the fail-safe is in place or Zensical
    is out of reach."""
    toml = config_dir / "zensical.toml"
    if toml.is_file():
        if FAIL_SAFE.search(toml.read_text("utf-8", "replace")):
            return None
        return f"{toml} sits beside mkdocs.yml"
    if importlib.util.find_spec("zensical") is not None:
        return "Zensical is installed"
    return None


ZENSICAL_WARNING = (
    "{why}: Zensical runs no MkDocs plugins, so `zensical build` on this mkdocs.yml publishes "
    "the raw graph folder, private pages included. Publish with Zensical through "
    "`mkdocs-logseq export` (README: Zensical); to make an accidental `zensical build` "
    'publish nothing, put a zensical.toml holding `exclude_docs = "*"` beside mkdocs.yml.'
)


def _clear(out: Path) -> None:
    """Make room for the export in ``out``: a folder that is empty or holds an earlier
    export (whose pages, hooks and configuration are replaced); anything else is refused."""
    if out.exists() and any(out.iterdir()) and not (out / "zensical.toml").is_file():
        raise ValueError(f"{out} is not empty and holds no earlier export; choose another folder")
    for name in ("docs", "hooks", "site"):
        if (out / name).is_dir():
            shutil.rmtree(out / name)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
