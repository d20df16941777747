"""MkDocs glue: the graph's pages as MkDocs pages, converted to HTML in parallel.

MkDocs converts pages one after the other in one process. The graph's pages are many
and alike, so the plugin gives each its own :class:`LogseqPage` (MkDocs lets a plugin set
``File.page``), whose ``render`` runs MkDocs' own conversion (``Page.render``) and then
the plugin's finishing (outline markers to list tags, fragments for linked references).
Before MkDocs starts on the pages (``on_nav``), :meth:`Conversion.prepare` runs exactly
that for all of them in forked workers (:func:`.render.parallel.fork_map`); each page then
takes its result, with the log records its conversion wrote, replayed in page order.
A page whose Markdown another plugin changed in the meantime, or a build whose Markdown
extensions changed, is converted in place, as is every page when workers do not pay.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.structure.pages import Page

from .render import fragments, markers
from .render.parallel import fork_map

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.toc import TableOfContents


@dataclass
class Converted:
    """What converting one page gives, in a form a worker can send back."""

    content: str
    toc: TableOfContents
    title: str | None
    anchor_ids: set[str] | None
    links_to_anchors: dict[str, dict[str, str]] | None
    """MkDocs' record of links to anchors in other pages, by target ``src_uri``."""
    fragments: dict[str, str]
    logs: list[logging.LogRecord] = field(default_factory=list)


class Conversion:
    """One build's conversion of the graph's pages: their Markdown (``src_uri`` -> the
    generated file's text), the blocks other pages want as fragments, and what was
    converted ahead of time."""

    def __init__(self, markdown: dict[str, str], wanted: dict[str, set[str]]) -> None:
        self.markdown = markdown
        self.wanted = wanted
        self.fragments: dict[str, dict[str, str]] = {}
        self.ready: dict[str, Converted] = {}
        self._extensions: tuple[list[Any], dict[str, Any]] | None = None

    def convert(self, page: Page, config: MkDocsConfig, files: Files) -> Converted:
        """MkDocs' conversion of ``page.markdown``, then the plugin's finishing."""
        Page.render(page, config, files)
        html = page.content
        assert html is not None
        if page.present_anchor_ids is not None:  # so MkDocs' anchor validation sees them
            page.present_anchor_ids.update(markers.ids(html))
        html = markers.unwrap(html)
        uri = page.file.src_uri
        captured = fragments.capture(html, page.url, self.wanted.get(uri, set()))
        html = markers.to_html(html).replace(markers.ROOT, markers.root_prefix(page.url))
        links = page.links_to_anchors
        return Converted(
            html,
            page.toc,
            page._title_from_render,
            page.present_anchor_ids,
            None if links is None else {file.src_uri: anchors for file, anchors in links.items()},
            captured,
        )

    def prepare(self, config: MkDocsConfig, files: Files, jobs: int) -> None:
        """Convert every graph page in up to ``jobs`` forked workers, if that pays."""
        pages = [f.page for f in files.documentation_pages() if isinstance(f.page, LogseqPage)]
        uris = [page.file.src_uri for page in pages]

        def chunk(lo: int, hi: int) -> list[Converted]:
            records = _capture_logs()
            out = []
            for page in pages[lo:hi]:
                page.markdown = self.markdown[page.file.src_uri]
                seen = len(records)
                converted = self.convert(page, config, files)
                converted.logs = [_portable(r) for r in records[seen:]]
                out.append(converted)
            return out

        parts = fork_map(chunk, len(pages), jobs, "converting pages")
        if parts is None:
            return
        self._extensions = _extensions(config)
        self.ready = dict(zip(uris, (c for part in parts for c in part), strict=True))

    def render(self, page: LogseqPage, config: MkDocsConfig, files: Files) -> None:
        """Give ``page`` its HTML: converted ahead of time if still valid, else now."""
        uri = page.file.src_uri
        converted = self.ready.pop(uri, None)
        if (
            converted is None
            or page.markdown != self.markdown.get(uri)
            or self._extensions != _extensions(config)
        ):
            converted = self.convert(page, config, files)
        else:
            for record in converted.logs:
                logging.getLogger(record.name).handle(record)
        page.content = converted.content
        page.toc = converted.toc
        page._title_from_render = converted.title
        page.present_anchor_ids = converted.anchor_ids
        if converted.links_to_anchors is not None:
            page.links_to_anchors = _by_file(converted.links_to_anchors, files)
        self.fragments[uri] = converted.fragments


class LogseqPage(Page):
    """A graph page: MkDocs' page, rendered through the build's :class:`Conversion`."""

    def __init__(
        self, title: str | None, file: File, config: MkDocsConfig, conversion: Conversion
    ) -> None:
        super().__init__(title, file, config)
        self.conversion = conversion

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        self.conversion.render(self, config, files)


def nav_titles(nav: object) -> dict[str, str]:
    """``src_uri`` -> the title ``mkdocs.yml``'s ``nav`` gives that page (MkDocs takes a
    page that a plugin created as it is, so the plugin passes the title on)."""
    titles: dict[str, str] = {}
    if isinstance(nav, list):
        for item in nav:
            titles.update(nav_titles(item))
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(value, str):
                titles[value.lstrip("/")] = str(title)
            else:
                titles.update(nav_titles(value))
    return titles


def _extensions(config: MkDocsConfig) -> tuple[list[Any], dict[str, Any]]:
    return list(config.markdown_extensions), dict(config.mdx_configs)


def _by_file(links: dict[str, dict[str, str]], files: Files) -> dict[File, dict[str, str]]:
    out: dict[File, dict[str, str]] = {}
    for uri, anchors in links.items():
        file = files.get_file_from_path(uri)
        if file is not None:
            out[file] = anchors
    return out


class _Collect(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__()
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _capture_logs() -> list[logging.LogRecord]:
    """In a worker: keep every log record instead of writing it (the parent replays it)."""
    root, mkdocs_log = logging.getLogger(), logging.getLogger("mkdocs")
    for handler in root.handlers + mkdocs_log.handlers:
        if isinstance(handler, _Collect):
            return handler.records
    records: list[logging.LogRecord] = []
    root.handlers = mkdocs_log.handlers = [_Collect(records)]
    mkdocs_log.propagate = False
    return records


def _portable(record: logging.LogRecord) -> logging.LogRecord:
    record.msg, record.args = record.getMessage(), None
    record.exc_info = record.exc_text = record.stack_info = None
    return record
