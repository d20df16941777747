"""Rebuilding only what a change touched, under ``mkdocs serve --dirty``.

With ``--dirty`` MkDocs skips a page whose ``File.is_modified()`` is false, but a file a
plugin generates (every page of the graph is one) always says it is modified. The
plugin's files are :class:`LogseqFile`, whose answer is the truth: a file is modified
when what it is made from differs from what its output was last written from, in this
process. What a page's output is made from, hashed into its *signature*:

* the page's own inputs (:meth:`Rebuilds.page_inputs`): its Markdown, metadata, title,
  edit link, inclusion level, its linked references (the template) and the Markdown of
  every page whose blocks they show (:mod:`.render.fragments`), and which of its own
  blocks other pages show;
* the site's (:meth:`Rebuilds.site_signature`): the config file, the CSS and scripts,
  the Markdown extensions, the nav (with no ``nav`` in ``mkdocs.yml``, every page's title
  and place; with one, which is what ``nav: compact`` makes, that nav and its pages'
  titles) and the pages the user wrote.

Comparing what pages are made from, rather than working out from the graph which pages
a change can reach, is exact for every change (an edit, a new page, a rename, a deletion,
a query, a tag, a namespace): the plugin renders every page's Markdown again, MkDocs
converts and writes only the pages whose signature changed. A page the user wrote is
always rebuilt (its output is removed first): its title, which other pages' navs show,
is known only once MkDocs has read it; such pages are few.

What a skipped page gives a full build besides its file is kept here too: its search
entries and the fragments other pages show of it. Outputs that a build no longer writes
(a deleted or renamed page, a deleted file) are removed, so that the site equals a fresh
build's, search index and sitemap included.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.structure.files import File, Files, InclusionLevel

from .render.fragments import SLOT_RE, wanted_fragments

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from .render.site import SitePage


class TemplateCache(jinja2.BytecodeCache):
    """The theme's templates compiled once per ``mkdocs serve`` process. MkDocs makes a new
    Jinja environment for every build, which compiled Material's templates again on every
    rebuild (1.4 s of an 11 s rebuild, profiled, 1,500-file generated graph); Jinja
    compares each template's source with the one its kept code was compiled from."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class LogseqFile(File):
    """A file the plugin generates: ``--dirty`` skips it when :class:`Rebuilds` found
    it ``unchanged``."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged and super().is_modified()


def generated_file(
    config: MkDocsConfig,
    src_uri: str,
    content: str,
    inclusion: InclusionLevel = InclusionLevel.UNDEFINED,
) -> LogseqFile:
    """``File.generated`` with ``content``, as a :class:`LogseqFile`."""
    file = LogseqFile.generated(config, src_uri, content=content, inclusion=inclusion)
    assert isinstance(file, LogseqFile)
    return file


def digest(*parts: str | bytes) -> str:
    """A hash of ``parts`` (each length-prefixed, so that no two lists give one text)."""
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass")
        hashed.update(b"%d:" % len(data))
        hashed.update(data)
    return hashed.hexdigest()


def _file_stamp(path: str | None) -> str:
    """A file's size and modification time ("" if it cannot be read)."""
    try:
        stat = os.stat(path) if path else None
    except OSError:
        stat = None
    return f"{stat.st_size}:{stat.st_mtime_ns}" if stat else ""


def _nav_paths(nav: object) -> list[str]:
    """Every page path a ``nav`` setting names, in order."""
    out: list[str] = []
    stack = [nav]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return out


def search_entries(config: MkDocsConfig) -> tuple[Any, list[Any]] | None:
    """The search plugin and the list its index collects entries in (Material's
    ``entries``, MkDocs' own ``_entries``), if a search plugin is on."""
    for name, plugin in config.plugins.items():
        if name.rsplit("/", 1)[-1] != "search":
            continue
        index = getattr(plugin, "search_index", None)
        for attribute in ("entries", "_entries"):
            entries = getattr(index, attribute, None)
            if isinstance(entries, list):
                return plugin, entries
    return None


class Rebuilds:
    """What one ``mkdocs serve --dirty`` process keeps from build to build."""

    def __init__(self, site: tuple[str | None, str] | None = None) -> None:
        self.site = site
        """The config file and the site folder these rebuilds are of."""
        self.written: dict[str, str] = {}
        """Output path -> the signature it was last written with."""
        self.outputs: set[str] = set()
        """Every output path of the last build's files (to remove those that go)."""
        self.search: dict[str, list[Any]] = {}
        """``src_uri`` -> the page's search entries, as the search plugin made them."""
        self.fragments: dict[str, dict[str, str]] = {}
        """``src_uri`` -> the page's blocks as other pages show them."""
        self.inputs: dict[str, str] = {}
        """This build: ``src_uri`` -> signature of the page's own inputs."""
        self.titles: dict[str, str] = {}
        """This build: ``src_uri`` -> the page's title in the nav."""
        self.pending: dict[str, str] = {}
        """This build: output path -> signature, recorded once the build succeeds."""
        self.skipped: set[str] = set()
        """The last build: ``src_uri`` of the pages left as they were."""
        self._search_start = 0

    def page_inputs(
        self, pages: Iterable[SitePage], extra: Mapping[str, str], titles: Mapping[str, str]
    ) -> None:
        """Hash each page's own inputs: ``extra`` is what the glue adds (edit link,
        inclusion level), ``titles`` the page's title in the nav."""
        pages = list(pages)
        markdown = {page.src_uri: digest(page.markdown) for page in pages}
        wanted = wanted_fragments([page.backlinks_html for page in pages])
        self.inputs, self.titles = {}, dict(titles)
        for page in pages:
            uri = page.src_uri
            sources = sorted({match.group(1) for match in SLOT_RE.finditer(page.backlinks_html)})
            self.inputs[uri] = digest(
                markdown[uri],
                json.dumps(page.meta, sort_keys=True, default=str, ensure_ascii=False),
                titles.get(uri, ""),
                extra.get(uri, ""),
                page.backlinks_html,
                *(f"{source}={markdown.get(source, '')}" for source in sources),
                json.dumps(sorted(wanted.get(uri, ()))),
            )

    def site_signature(
        self, config: MkDocsConfig, files: Files, included: Callable[[File], bool]
    ) -> str:
        """What every page's output depends on (see the module's docstring)."""
        parts: list[str] = [
            _file_stamp(config.config_file_path),
            str(config.site_url),
            json.dumps([str(s) for s in config.extra_css]),
            json.dumps([str(s) for s in config.extra_javascript]),
            json.dumps([str(s) for s in config.markdown_extensions]),
        ]
        custom = config.theme.custom_dir
        if custom and Path(custom).is_dir():
            for path in sorted(Path(custom).rglob("*")):
                parts.append(f"{path}={_file_stamp(str(path))}")
        pages = [f for f in files.documentation_pages() if included(f)]
        for file in pages:  # the user's own pages: their titles show in the nav
            if not isinstance(file, LogseqFile):
                parts.append(f"{file.src_uri}={_file_stamp(file.abs_src_path)}")
        if config.nav is None:
            for file in pages:
                parts.append(f"{file.src_uri}:{file.inclusion.name}")
                parts.append(self.titles.get(file.src_uri, ""))
        else:
            parts.append(json.dumps(config.nav, sort_keys=True, default=str))
            for entry in _nav_paths(config.nav):
                parts.append(f"{entry}:{self.titles.get(entry.lstrip('/'), '')}")
        return digest(*parts)

    def mark(
        self, config: MkDocsConfig, files: Files, included: Callable[[File], bool]
    ) -> set[str]:
        """Set ``unchanged`` on the plugin's files whose output is as last written, remove
        the output of the user's pages (so that MkDocs rebuilds them); return the
        ``src_uri`` of the pages left as they were."""
        site = self.site_signature(config, files, included)
        self.pending, self.skipped = {}, set()
        for file in files:
            if not included(file):
                continue
            dest = file.abs_dest_path
            if isinstance(file, LogseqFile):
                uri = file.src_uri
                if uri in self.inputs:
                    signature = digest(site, self.inputs[uri])
                    unchanged = uri in self.search and uri in self.fragments
                else:  # a data file: its content is all of its output
                    signature, unchanged = digest(file.content_bytes), True
                file.unchanged = (
                    unchanged and self.written.get(dest) == signature and os.path.isfile(dest)
                )
                self.pending[dest] = signature
                if file.unchanged and uri in self.inputs:
                    self.skipped.add(uri)
            elif file.is_documentation_page() and os.path.isfile(dest):
                os.remove(dest)
        return self.skipped

    def page_context(self, config: MkDocsConfig) -> None:
        """Before the search plugin indexes a page: where its entries will start."""
        found = search_entries(config)
        self._search_start = len(found[1]) if found else 0

    def post_page(self, page: Page, config: MkDocsConfig) -> None:
        """After every plugin's ``on_page_context``: the page's search entries."""
        found = search_entries(config)
        if found:
            self.search[page.file.src_uri] = found[1][self._search_start :]

    def finish(
        self,
        config: MkDocsConfig,
        files: Files,
        included: Callable[[File], bool],
        fragments: Mapping[str, dict[str, str]],
    ) -> None:
        """Once the pages are written (before the search plugin writes its index): give
        the index every page's entries, remove the outputs no file has now, and record
        what was written."""
        pages = [f.src_uri for f in files.documentation_pages() if included(f)]
        found = search_entries(config)
        if found:
            plugin, entries = found
            # The one place where the plugin reaches into another plugin's state. The
            # search plugin indexes only the pages MkDocs renders: under --dirty an edit to
            # one page of a 1,500-file generated graph writes 17 of its 2,420 pages, and the
            # index must still hold all of them, in a full build's order (Material under
            # --dirty keeps the last index and appends the new entries at its end).
            entries[:] = [entry for uri in pages for entry in self.search.get(uri, [])]
            if hasattr(plugin, "search_index_prev"):  # Material's --dirty merge: not needed
                plugin.search_index_prev = None
        current = {f.abs_dest_path for f in files if included(f)}
        for path in sorted(self.outputs - current):
            _remove(path, config.site_dir)
        self.outputs = current
        self.written = {d: s for d, s in self.written.items() if d in current}
        self.written.update(self.pending)
        self.fragments = {uri: dict(fragments.get(uri, {})) for uri in pages}
        self.search = {uri: self.search[uri] for uri in pages if uri in self.search}
        self.pending = {}

    def failed(self) -> None:
        """A build failed: what it wrote is unknown, the next build writes everything."""
        self.written, self.pending, self.skipped = {}, {}, set()


def _remove(path: str, site_dir: str) -> None:
    """Remove the output file ``path`` and the folders it leaves empty (not ``site_dir``)."""
    try:
        os.remove(path)
    except OSError:
        return
    folder = os.path.dirname(path)
    root = os.path.abspath(site_dir)
    while os.path.abspath(folder).startswith(root + os.sep):
        try:
            os.rmdir(folder)
        except OSError:
            break
        folder = os.path.dirname(folder)
