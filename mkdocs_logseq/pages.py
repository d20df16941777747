"""MkDocs glue: the graph's pages as MkDocs pages, converted to HTML in parallel.

MkDocs converts pages one after the other in one process. The graph's pages are many
and alike, so the plugin gives each its own :class:`LogseqPage` (MkDocs lets a plugin set
``File.page``), whose ``render`` runs MkDocs' own conversion (``Page.render``) and then
the plugin's finishing (outline markers to list tags, fragments for linked references).
When MkDocs is about to read the pages (``on_nav``), :meth:`Conversion.start` hands that
work for all of them to forked workers (:func:`.render.parallel.fork_submit`); each page
then takes its result, with the log records its conversion wrote, replayed in page order.

Where no other plugin looks at a page's HTML before its template is filled (the usual
Material + search build), a page takes its result only then (``on_page_context``), so the
workers convert while MkDocs writes the pages before it; linked references whose blocks
are not converted yet when their page is written go into the written file at the end
(``on_post_build``). Otherwise each page takes its
result when MkDocs renders it. A page whose Markdown another plugin changed, a build
whose Markdown extensions changed, and every page when workers do not pay (or one died)
are converted in place.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterator
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.pages import Page

from .render import fragments, markers
from .render.parallel import fork_submit

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.toc import AnchorLink, TableOfContents

log = logging.getLogger(__name__)
content_log = get_plugin_logger(__name__)
"""Problems of the graph's content: MkDocs counts these (``--strict`` fails on them)."""
RECURSION_LIMIT = 20_000
"""Python's recursion limit while a page is converted: Python-Markdown recurses once per
level of nested inline markup, its table of contents once per level of nested elements
(Python's default of 1,000 fails on ``**`` nested about 500 deep)."""
INLINE_SYNTAX = re.compile(r"[*_~=^`\[\]]")
"""What inline Markdown nests with: replaced by character references when a page nests
too deeply to convert, so that it converts as text."""


@contextmanager
def recursion_limit(limit: int) -> Iterator[None]:
    """Python's recursion limit raised to at least ``limit`` meanwhile."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def inert_inline(markdown: str) -> str:
    """``markdown`` with every inline delimiter a character reference: the same text, with
    no emphasis, code span or link left to nest."""
    return INLINE_SYNTAX.sub(lambda m: f"&#{ord(m.group())};", markdown)


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
    generated file's text), the blocks other pages want as fragments, and the work handed
    to workers."""

    def __init__(
        self,
        markdown: dict[str, str],
        wanted: dict[str, set[str]],
        sources: dict[str, str] | None = None,
    ) -> None:
        self.markdown = markdown
        self.wanted = wanted
        self.sources = sources or {}
        """``src_uri`` -> the graph file the page shows, for warnings."""
        self.fragments: dict[str, dict[str, str]] = {}
        self.late = False
        """Pages take their HTML in ``on_page_context`` (see the module's docstring)."""
        self.waiting: set[str] = set()
        """Pages rendered without HTML, to take it in ``on_page_context``."""
        self._pending: dict[str, tuple[Future[list[Converted | None]], int]] = {}
        self._broken_told = False
        """A dead worker has been reported (once per build)."""
        self._files: Files | None = None
        self._extensions: tuple[list[Any], dict[str, Any]] | None = None

    def convert(self, page: Page, config: MkDocsConfig, files: Files) -> Converted:
        """MkDocs' conversion of ``page.markdown``, then the plugin's finishing.

        A page whose markup nests too deeply for Python-Markdown even with
        :data:`RECURSION_LIMIT` is converted again with its inline syntax made text
        (:func:`inert_inline`), with a warning: its words stay, its formatting goes."""
        try:
            with recursion_limit(RECURSION_LIMIT):
                Page.render(page, config, files)
        except RecursionError:
            uri = page.file.src_uri
            content_log.warning(
                f"{self.sources.get(uri, uri)}: markup nested too deeply to convert; "
                "this page is shown without its inline formatting"
            )
            page.markdown = inert_inline(page.markdown or "")
            with recursion_limit(RECURSION_LIMIT):
                Page.render(page, config, files)
        assert page.content is not None
        html, captured = self._finish(page, page.content)
        links = page.links_to_anchors
        return Converted(
            html,
            page.toc,
            page._title_from_render,
            page.present_anchor_ids,
            None if links is None else {file.src_uri: anchors for file, anchors in links.items()},
            captured,
        )

    def finish_html(self, page: Page, html: str) -> str:
        """The plugin's finishing of HTML that MkDocs converted on its own."""
        html, self.fragments[page.file.src_uri] = self._finish(page, html)
        return html

    def _finish(self, page: Page, html: str) -> tuple[str, dict[str, str]]:
        """Outline markers to tags, URLs from the page, a table of contents without markers;
        the fragments others want."""
        _plain_toc(page.toc)
        if page.present_anchor_ids is not None:  # so MkDocs' anchor validation sees them
            page.present_anchor_ids.update(markers.ids(html))
        html = markers.unwrap(html)
        captured = fragments.capture(html, page.url, self.wanted.get(page.file.src_uri, set()))
        return markers.to_html(html).replace(markers.ROOT, markers.root_prefix(page.url)), captured

    def start(self, config: MkDocsConfig, files: Files, jobs: int, late: bool) -> None:
        """Hand the conversion of every graph page to up to ``jobs`` forked workers, if
        that pays; with ``late``, pages take their HTML only in ``on_page_context``."""
        if not all(isinstance(name, str) for name in config.markdown_extensions):
            return  # an extension object may keep state of its own: MkDocs' process only
        pages = [
            f.page
            for f in files.documentation_pages()
            if isinstance(f.page, LogseqPage) and f.is_modified()  # (``--dirty`` skips others)
        ]

        def chunk(lo: int, hi: int) -> list[Converted | None]:
            records = _capture_logs()
            out: list[Converted | None] = []
            for page in pages[lo:hi]:
                page.markdown = self.markdown[page.file.src_uri]
                seen = len(records)
                config._current_page = page  # as MkDocs sets it (for `!relative` options)
                try:
                    converted = self.convert(page, config, files)
                    converted.logs = [_portable(r) for r in records[seen:]]
                except Exception:  # converted again in place, where MkDocs reports it
                    converted = None
                finally:
                    config._current_page = None
                out.append(converted)
            return out

        started = fork_submit(chunk, len(pages), jobs)
        if started is None:
            return
        pool, futures = started
        pool.shutdown(wait=False)  # no more work: workers end once theirs is done
        self._files = files
        self._extensions = _extensions(config)
        self.late = late
        for lo, hi, future in futures:
            for index in range(lo, hi):
                self._pending[pages[index].file.src_uri] = (future, index - lo)

    def render(self, page: LogseqPage, config: MkDocsConfig, files: Files) -> None:
        """Give ``page`` its HTML: the worker's if still valid (now, or marked to take it
        in ``on_page_context``), else converted now."""
        uri = page.file.src_uri
        valid = (
            uri in self._pending
            and page.markdown == self.markdown.get(uri)
            and self._extensions == _extensions(config)
        )
        if valid and self.late:
            page.content, page.present_anchor_ids = "", None
            self.waiting.add(uri)
            return
        converted = self._take(uri) if valid else None
        self._pending.pop(uri, None)
        self._apply(page, converted or self.convert(page, config, files), files)

    def finish(self, page: Page, config: MkDocsConfig) -> None:
        """``on_page_context``: a page rendered without HTML takes it now."""
        if page.file.src_uri not in self.waiting:
            return
        self.waiting.discard(page.file.src_uri)
        files = self._files
        assert files is not None, "pages wait only for work that start() handed out"
        converted = self._take(page.file.src_uri)
        if converted is None:  # (MkDocs has set ``config._current_page`` to this page)
            converted = self.convert(page, config, files)
        self._apply(page, converted, files)

    def has_fragments(self, uris: set[str]) -> bool:
        """Whether the fragments of pages ``uris`` are at hand (converted in place, or by a
        worker that has finished), so linked references showing them can be filled now."""
        for uri in uris:
            if uri in self.fragments or uri not in self._pending:
                continue
            future, index = self._pending[uri]
            if not future.done() or future.exception() is not None:
                return False
            converted = future.result()[index]
            if converted is None:
                return False
            self.fragments[uri] = converted.fragments
        return True

    def close(self, error: bool = False) -> None:
        """Forget the workers at the end of the build (they end when their work is done);
        on an error, drop the work they have not started."""
        self.waiting.clear()
        if error:
            for future, _ in self._pending.values():
                future.cancel()
        self._pending.clear()

    def _take(self, uri: str) -> Converted | None:
        """The worker's result for page ``uri`` (waiting for it); None if it failed."""
        future, index = self._pending.pop(uri)
        try:
            return future.result()[index]
        except BrokenProcessPool as exc:
            if not self._broken_told:
                log.warning(f"a worker process failed ({exc}); converting pages in one process")
                self._broken_told = True
            return None
        except Exception:  # its pages' results did not come back: convert them in place
            return None

    def _apply(self, page: Page, converted: Converted, files: Files) -> None:
        for record in converted.logs:
            logging.getLogger(record.name).handle(record)
        page.content = converted.content
        page.toc = converted.toc
        page._title_from_render = converted.title
        page.present_anchor_ids = converted.anchor_ids
        if converted.links_to_anchors is not None:
            page.links_to_anchors = _by_file(converted.links_to_anchors, files)
        self.fragments[page.file.src_uri] = converted.fragments


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


def nav_titles(nav: object, absolute_from_docs: bool = False) -> dict[str, str]:
    """``src_uri`` -> the title ``mkdocs.yml``'s ``nav`` gives that page (MkDocs takes a
    page that a plugin created as it is, so the plugin passes the title on). As MkDocs
    reads it: the first title of a page counts; ``/x.md`` is a page only if
    ``validation.nav.absolute_links`` is ``relative_to_docs`` (``absolute_from_docs``)."""
    titles: dict[str, str] = {}
    items = nav if isinstance(nav, list) else [nav]
    for item in items:
        if not isinstance(item, dict):
            continue
        for title, value in item.items():
            if isinstance(value, list):
                for uri, name in nav_titles(value, absolute_from_docs).items():
                    titles.setdefault(uri, name)
            elif isinstance(value, str) and (absolute_from_docs or not value.startswith("/")):
                titles.setdefault(PurePosixPath(value.lstrip("/")).as_posix(), str(title))
    return titles


def _extensions(config: MkDocsConfig) -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their options, as they are now."""
    options = {k: dict(v) if isinstance(v, dict) else v for k, v in config.mdx_configs.items()}
    return list(config.markdown_extensions), options


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
    """The record with its message made text and nothing a pipe cannot carry."""
    try:
        message = record.getMessage()
    except Exception:  # a badly formatted call: say what it said
        message = f"{record.msg} {record.args}"
    return logging.makeLogRecord(
        {
            "name": record.name,
            "levelno": record.levelno,
            "levelname": record.levelname,
            "pathname": record.pathname,
            "filename": record.filename,
            "module": record.module,
            "lineno": record.lineno,
            "funcName": record.funcName,
            "created": record.created,
            "msecs": record.msecs,
            "msg": message,
        }
    )


def _plain_toc(items: Iterable[AnchorLink]) -> None:
    """Table-of-contents entries without markers (a heading Markdown made from a block's
    text, such as a line underlined with ``---``, may hold a page link)."""
    for item in items:
        item.title = markers.plain(item.title)
        _plain_toc(item.children)
