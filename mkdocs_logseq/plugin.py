"""The MkDocs glue: each event hands work to ``parse`` and ``render`` and keeps nothing else.

Flow per build: ``on_files`` reads the graph folder into the model and renders every
published page to Markdown, replacing the graph's raw files with generated pages whose
MkDocs pages are :class:`.pages.LogseqPage`; ``on_nav`` hands their conversion to HTML
to worker processes where that pays; ``on_page_markdown`` gives each page its metadata;
``on_page_context`` gives a page its HTML if it was left to a worker; ``on_post_page``
(or ``on_post_build``) fills in the linked references. All state is rebuilt on every
build, so ``mkdocs serve`` never shows stale references.
"""

from __future__ import annotations

import gc
import json
import posixpath
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from pymdownx.slugs import slugify

from .config import LogseqConfig
from .export import ZENSICAL_WARNING, zensical_risk
from .incremental import Rebuilds, TemplateCache, generated_file
from .pages import Conversion, LogseqPage, nav_titles
from .parse.diagnostics import Diagnostics
from .parse.files import readable_path
from .parse.graph import ParseCache, load_graph
from .render import fragments, markers
from .render.escape import theme_meta, theme_nav
from .render.labels import Labels
from .render.listings import BACKLINKS_MARKER
from .render.options import Options
from .render.parallel import available_jobs
from .render.reuse import RenderCache
from .render.site import SiteBuild, SitePage, build_site
from .sitefiles import file_rules, inclusion, keep_files, nav_entries, reserved_outputs

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)
CSS_URI = "_logseq/logseq.css"
CSS_FILE = Path(__file__).parent / "resources" / "logseq.css"
READER_JS_URI = "_logseq/reader.js"
READER_CSS_URI = "_logseq/reader.css"
FORCE_GRAPH_URI = "_logseq/vendor/force-graph.min.js"
RESOURCES = Path(__file__).parent / "resources"
MATH_URI = "_logseq/math.js"
MATH_FILE = Path(__file__).parent / "resources" / "math.js"
KATEX_URI = "_logseq/katex/"
KATEX_DIR = Path(__file__).parent / "resources" / "katex"
"""KaTeX as published on npm (version in ``VERSION``, MIT licence in ``LICENSE``), vendored
by ``scripts/vendor-katex.sh``: the site serves it, so math needs no other host."""
KATEX_SCRIPTS = ("katex.min.js", "contrib/mhchem.min.js", "contrib/auto-render.min.js")
MARKDOWN_EXTENSIONS: dict[str, dict[str, Any]] = {
    "attr_list": {},
    "tables": {},
    "sane_lists": {},
    "nl2br": {},
}
"""Always added: heading anchors, tables, lists that keep their numbers, Logseq's line breaks."""
FEATURE_EXTENSIONS: dict[str, list[tuple[str, dict[str, Any]]]] = {
    "math": [("pymdownx.arithmatex", {"generic": True})],
    "mark": [("pymdownx.mark", {})],
    "strike": [("pymdownx.tilde", {"subscript": False})],
    "footnotes": [("footnotes", {})],
    "admonition": [("admonition", {})],
    "code": [
        ("pymdownx.highlight", {"pygments_lang_class": True}),
        ("pymdownx.superfences", {}),
    ],
    "nested-code": [("pymdownx.superfences", {})],
}
"""Added only when some page uses the construct: each extension costs every page time.
An extension the user configured keeps the user's options; a user's ``codehilite``
highlights code itself (the plugin adds SuperFences only for code nested in a note or
quote, which ``codehilite`` cannot reach)."""
PAGE_CONTEXT_PRIORITY = 100
HTML_READERS = (
    "page_content",
    "env",
    "pre_template",
    "template_context",
    "post_template",
    "post_page",
)
"""Events where other plugins could read a page's HTML before its ``on_page_context``
(or the linked references before ``on_post_build``): pages then get it when rendered."""


def site_language(config: MkDocsConfig) -> str | None:
    """The theme's language (Material's ``language``, MkDocs' own themes' ``locale``)."""
    theme = config.theme
    language = theme.get("language") or theme.get("locale")
    return str(language) if language else None


def add_katex(files: Files, config: MkDocsConfig) -> None:
    """Serve the vendored KaTeX from the site and load it, with :data:`MATH_FILE`, on every
    page (Material's instant navigation keeps the scripts across page changes)."""
    for path in sorted(KATEX_DIR.rglob("*")):
        if path.is_file():
            uri = KATEX_URI + path.relative_to(KATEX_DIR).as_posix()
            files.append(File.generated(config, uri, abs_src_path=str(path)))
    files.append(File.generated(config, MATH_URI, abs_src_path=str(MATH_FILE)))
    if KATEX_URI + "katex.min.css" not in config.extra_css:
        config.extra_css.append(KATEX_URI + "katex.min.css")
    present = [str(s) for s in config.extra_javascript]
    for script in (*(KATEX_URI + name for name in KATEX_SCRIPTS), MATH_URI):
        if script not in present:
            config.extra_javascript.append(script)


def edit_uri(build: SiteBuild, page: SitePage) -> str | None:
    """The path the edit button opens (MkDocs joins it to ``edit_uri``): the page's Logseq
    file (``pages/BERT.md``), URL-quoted since graph file names hold ``%``; None for pages
    the plugin made (a link target without a file, All pages, Tags, Journals)."""
    source = build.site.graph.pages[page.key].file if page.key else None
    return quote(source, safe="/") if source else None


class LogseqPlugin(BasePlugin[LogseqConfig]):
    """Publishes the Logseq graph in ``docs_dir``."""

    def __init__(self) -> None:
        self.build: SiteBuild | None = None
        self.meta: dict[str, dict[str, object]] = {}
        self.backlinks: dict[str, str] = {}
        self.conversion = Conversion({}, {})
        self.jobs = 1
        self.written: list[tuple[str, str, str]] = []
        """Pages whose linked references are filled in once written: (path, section, URL)."""
        self.seconds = 0.0
        self.gc_frozen = False
        self.command = "build"
        self.dirty = False
        self.rebuilds = Rebuilds()
        """Kept across the rebuilds of ``mkdocs serve --dirty`` (see :mod:`.incremental`)."""
        self.files: Files | None = None
        self.parse_cache: ParseCache | None = None
        """Under ``mkdocs serve``: the parsed files, so a rebuild parses the changed ones."""
        self.templates = TemplateCache()
        """Under ``mkdocs serve``: the theme's compiled templates."""
        self.render_cache: RenderCache | None = None
        """Under ``mkdocs serve``: the pages' Markdown, so a rebuild renders the pages a
        change can reach (:mod:`.render.reuse`)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined so MkDocs keeps one plugin instance across ``serve`` rebuilds."""
        self.command, self.dirty = command, dirty
        self.rebuilds = Rebuilds()  # (MkDocs keeps this plugin object for the whole process)
        self.parse_cache = ParseCache() if command == "serve" else None
        self.render_cache = RenderCache() if command == "serve" else None

    def on_shutdown(self) -> None:
        """MkDocs is about to exit: freeze what is alive, so that Python's last garbage
        collection does not take the model apart object by object (about half a second per
        thousand pages) only for the process to end."""
        gc.freeze()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Reset per-build state; add the Markdown extensions Logseq content needs."""
        started = time.perf_counter()
        rebuild = self.build is not None
        self.build, self.meta, self.seconds = None, {}, 0.0
        self.backlinks, self.conversion = {}, Conversion({}, {})
        risk = zensical_risk(Path(config.config_file_path or ".").resolve().parent)
        if risk:
            log.warning(ZENSICAL_WARNING.format(why=risk))
        site = (config.config_file_path, config.site_dir)
        if self.rebuilds.site != site:  # a build of another site, in-process
            self.rebuilds = Rebuilds(site)
            if self.render_cache is not None:
                self.parse_cache, self.render_cache = ParseCache(), RenderCache()
        if rebuild:
            # ``mkdocs serve`` rebuilds with this same plugin: the last build's model and
            # pages are garbage now, held in reference cycles. Collect them before
            # ``on_files`` freezes every tracked object, garbage included, which would keep
            # each old model for good (98 MB to 269 MB over 10 rebuilds of 1,174 pages).
            gc.collect()
        for name, options in MARKDOWN_EXTENSIONS.items():
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, options)
        toc = config.mdx_configs.setdefault("toc", {})
        if "slugify" not in toc:
            toc["slugify"] = slugify(case="lower")
        if "toc" not in config.markdown_extensions:
            config.markdown_extensions.append("toc")
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        self.seconds += time.perf_counter() - started
        return config

    # Early (+50): the graph's raw files are replaced before other plugins look at the files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Read the graph, render every published page, and swap the raw files for them."""
        started = time.perf_counter()
        options = Options(
            publish=self.config.publish,
            outline=self.config.outline,
            show_brackets=self.config.show_brackets,
            properties=self.config.properties,
            missing_pages=self.config.missing_pages,
            copy_assets=self.config.copy_assets,
            nav=self.config.nav,
            backlinks=self.config.backlinks,
            embed_depth=self.config.embed_depth,
            previews=self.config.previews,
            graph=self.config.graph,
            graph_depth=self.config.graph_depth,
            home=self.config.home,
            use_directory_urls=config.use_directory_urls,
            journals_with_content=self.config.journals_in_full,
            backlinks_as_fragments=True,
            raw_html=self.config.raw_html,
            labels=Labels(site_language(config), self.config.labels),
        )
        diagnostics = Diagnostics()  # about mkdocs.yml: shown before the graph's problems
        rules = file_rules(config, self.config.skip_dirs, self.command == "serve", diagnostics)
        graph = load_graph(Path(config.docs_dir), rules, self.parse_cache)
        changed = None
        if self.parse_cache is not None:
            changed = {readable_path(path) for path in self.parse_cache.changed}
        # The model lives until the build ends: keep the garbage collector from walking it
        # again and again while pages are rendered (undone in on_post_build), unless whoever
        # runs MkDocs froze objects of their own (unfreezing would undo theirs too).
        self.gc_frozen = gc.get_freeze_count() == 0
        if self.gc_frozen:
            gc.freeze()
        self.jobs = self.config.jobs or available_jobs()
        reserved = reserved_outputs(files, config, graph.files)
        build = self.build = build_site(
            graph, options, self.jobs, reserved, self.render_cache, changed
        )
        keep_files(files, config, graph.files, build.assets, self.config.extra_files)
        in_nav = {next(iter(item.values())) for item in build.nav}
        compact = config.nav is None and options.nav == "compact"
        if compact:
            own = theme_nav(build.nav)
            config.nav = [*own, *nav_entries(config, files, graph.files.rules.skip_dirs)]
        from_docs = config.validation.nav.absolute_links == -1  # RELATIVE_TO_DOCS
        titles = nav_titles(config.nav, from_docs)
        self.backlinks = {p.src_uri: p.backlinks_html for p in build.pages if p.backlinks_html}
        conversion = self.conversion = Conversion(
            {page.src_uri: page.markdown for page in build.pages},
            fragments.wanted_fragments(list(self.backlinks.values())),
            {p.src_uri: graph.pages[p.key].file or p.src_uri for p in build.pages if p.key},
        )
        extra: dict[str, str] = {}
        for page in build.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)
            source = graph.pages[page.key].file if page.key else None
            level = inclusion(graph.files, source, not compact or page.src_uri in in_nav)
            file = generated_file(config, page.src_uri, page.markdown, level)
            file.edit_uri = edit_uri(build, page)  # before the page object reads it
            files.append(file)
            LogseqPage(titles.get(page.src_uri), file, config, conversion)
            self.meta[page.src_uri] = theme_meta(page.meta)
            extra[page.src_uri] = f"{file.edit_uri}:{level.name}"
        if self.dirty:
            shown = {page.src_uri: titles.get(page.src_uri, page.title) for page in build.pages}
            self.rebuilds.page_inputs(build.pages, extra, shown)
        files.append(File.generated(config, CSS_URI, abs_src_path=str(CSS_FILE)))
        self._add_reader(files, config, build)
        for feature in sorted(build.features):
            for name, ext_options in FEATURE_EXTENSIONS[feature]:
                if name in config.markdown_extensions or (
                    feature == "code" and "codehilite" in config.markdown_extensions
                ):
                    continue
                config.markdown_extensions.append(name)
                config.mdx_configs.setdefault(name, ext_options)
        if "math" in build.features and self.config.math == "katex":
            add_katex(files, config)
        for problem in [*diagnostics.problems, *build.diagnostics.problems]:
            log.warning(str(problem))
        if build.site.schemes:
            kept = ", ".join(f"{s} (first in {w})" for s, w in sorted(build.site.schemes.items()))
            log.info(f"links kept as written with schemes other than http(s) and mailto: {kept}")
        if self.gc_frozen:
            gc.freeze()  # and the rendered pages, while MkDocs converts them
        self.seconds += time.perf_counter() - started
        return files

    def _add_reader(self, files: Files, config: MkDocsConfig, build: SiteBuild) -> None:
        """The reader's script and style (previews, graph view) and the graph's data files:
        shared static files, so a page's HTML does not grow with the graph."""
        if not (self.config.previews or self.config.graph):
            return
        label = build.site.options.labels
        words = {
            "graph": "graph",
            "expand": "graph_expand",
            "page": "graph_of_page",
            "close": "close",
        }
        setting = json.dumps(
            {
                "previews": self.config.previews,
                "graph": self.config.graph,
                "labels": {name: label(key) for name, key in words.items()},
            },
            ensure_ascii=False,
        )
        script = f"window.LSQ_READER = {setting};\n" + (RESOURCES / "reader.js").read_text("utf-8")
        files.append(generated_file(config, READER_JS_URI, script))
        files.append(
            File.generated(config, READER_CSS_URI, abs_src_path=str(RESOURCES / "reader.css"))
        )
        if READER_CSS_URI not in config.extra_css:
            config.extra_css.append(READER_CSS_URI)
        if READER_JS_URI not in [str(s) for s in config.extra_javascript]:
            config.extra_javascript.append(READER_JS_URI)
        if self.config.graph:
            vendor = RESOURCES / "vendor" / "force-graph.min.js"
            files.append(File.generated(config, FORCE_GRAPH_URI, abs_src_path=str(vendor)))
            for uri, text in build.data_files.items():
                files.append(generated_file(config, uri, text))

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        """Under ``mkdocs serve``, templates compiled by an earlier build are reused."""
        if self.command == "serve":
            env.bytecode_cache = self.templates
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """The plugin owns ``page.meta`` of graph pages (title, tags and alias as lists)."""
        meta = self.meta.get(page.file.src_uri)
        if meta is not None:
            page.meta = dict(meta)
        return markdown

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """A graph page whose page object another plugin made anew (literate-nav's
        ``on_nav`` does) was converted by MkDocs alone: finish it here."""
        if page.file.src_uri not in self.meta or isinstance(page, LogseqPage):
            return html
        started = time.perf_counter()
        html = self.conversion.finish_html(page, html)
        self.seconds += time.perf_counter() - started
        return html

    # Late (-100): after other plugins' changes to the files, the nav and the config.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Hand the conversion of the graph's pages to workers before MkDocs reads them."""
        started = time.perf_counter()
        self.written = []
        late = (
            not config.extra_templates  # they may show pages' HTML, and come first
            and not any(self._others(config, event) for event in HTML_READERS)
            and not any(
                getattr(method, "mkdocs_priority", 0) >= PAGE_CONTEXT_PRIORITY
                for method in self._others(config, "page_context")
            )
        )
        self.files = files
        if self.dirty:  # pages whose output is as last written are skipped by MkDocs
            for uri in self.rebuilds.mark(config, files, self._included):
                page = files.src_uris[uri].page
                assert page is not None
                page.markdown, page.meta = self.conversion.markdown[uri], dict(self.meta[uri])
                self.conversion.fragments[uri] = self.rebuilds.fragments[uri]
        self.conversion.start(config, files, self.jobs, late)
        self.seconds += time.perf_counter() - started
        return nav

    # Early: the page's HTML is in place before search and the template see it.
    @event_priority(PAGE_CONTEXT_PRIORITY)
    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """A page whose HTML was left to the workers takes it now (see :mod:`.pages`)."""
        started = time.perf_counter()
        self.conversion.finish(page, config)
        if self.dirty:
            self.rebuilds.page_context(config)
        self.seconds += time.perf_counter() - started
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Fill in the linked references, now that the blocks they show are rendered (or,
        if workers still convert one of their pages, once the site is written).

        After ``on_page_context``, so search does not index them again."""
        if self.dirty:
            self.rebuilds.post_page(page, config)
        template = self.backlinks.get(page.file.src_uri)
        if not template or BACKLINKS_MARKER not in output:
            return output
        if self.conversion.late and not self.conversion.has_fragments(
            set(fragments.wanted_fragments([template]))
        ):
            self.written.append((page.file.abs_dest_path, template, page.url))
            return output
        started = time.perf_counter()
        section = fragments.fill(template, self.conversion.fragments, markers.root_prefix(page.url))
        output = output.replace(BACKLINKS_MARKER, section, 1)
        self.seconds += time.perf_counter() - started
        return output

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any
    ) -> LiveReloadServer:
        """Rebuild when logseq/config.edn changes (MkDocs already watches docs_dir)."""
        config_edn = posixpath.join(config.docs_dir, "logseq", "config.edn")
        if Path(config_edn).exists():
            server.watch(config_edn)
        return server

    def _others(self, config: MkDocsConfig, event: str) -> list[Any]:
        """The handlers of ``event`` that are not this plugin's."""
        return [m for m in config.plugins.events[event] if getattr(m, "__self__", None) is not self]

    def _thaw(self) -> None:
        if self.gc_frozen:
            gc.unfreeze()
            self.gc_frozen = False

    def _included(self, file: File) -> bool:
        """Whether this build writes ``file`` (drafts too while serving, as MkDocs does)."""
        level = file.inclusion
        return level.is_in_serve() if self.command == "serve" else level.is_included()

    def on_build_error(self, *, error: Exception) -> None:
        self.conversion.close(error=True)
        self.rebuilds.failed()
        if self.render_cache is not None:  # it may be older than the parsed files
            self.render_cache.settings = ""
        self._thaw()

    # Early (+100): the written pages are complete before other plugins read them.
    @event_priority(100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        started = time.perf_counter()
        self.conversion.close()
        for path, template, url in self.written:
            section = fragments.fill(template, self.conversion.fragments, markers.root_prefix(url))
            file = Path(path)  # written as MkDocs writes pages
            output = file.read_bytes().decode("utf-8").replace(BACKLINKS_MARKER, section, 1)
            file.write_bytes(output.encode("utf-8", errors="xmlcharrefreplace"))
        self.written = []
        if self.dirty and self.files is not None:
            self.rebuilds.finish(config, self.files, self._included, self.conversion.fragments)
        self.files = None
        self.seconds += time.perf_counter() - started
        self._thaw()
        if self.build is None:
            return
        graph = self.build.site.graph
        published = self.build.site.paths
        journals = sum(1 for k in published if graph.pages[k].is_journal and graph.pages[k].file)
        generated = sum(1 for k in published if graph.pages[k].file is None)
        refs = sum(len(v) for v in graph.referrers.values())
        unresolved = sum(
            len(v)
            for k, v in graph.referrers.items()
            if k not in graph.pages or graph.pages[k].file is None
        )
        log.info(
            f"{len(published)} pages ({journals} journals, {generated} generated for "
            f"links without a file), {refs} references ({unresolved} to pages without a "
            f"file), {len(self.build.assets)} assets; {self.seconds:.2f} s in the plugin"
            + (
                f"; {len(self.render_cache.rendered)} of {len(published)} pages rendered again"
                if self.render_cache is not None
                else ""
            )
            + (
                f"; {len(self.build.pages) - len(self.rebuilds.skipped)} of "
                f"{len(self.build.pages)} site pages written (--dirty)"
                if self.dirty
                else ""
            )
        )
