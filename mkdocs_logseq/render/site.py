"""The whole site from a graph: which pages are published, where, and their Markdown."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, fields

from ..model import Page
from ..parse.diagnostics import Diagnostics, Problem
from ..parse.graph import Graph
from ..parse.names import namespace_parents
from .context import Site
from .graph_data import global_json, graph_data, local_json, local_uri
from .inline import escape
from .listings import (
    BACKLINKS_MARKER,
    all_pages,
    backlinks_heading,
    display_title,
    hierarchy_section,
    journals_index,
    linked_references,
    linked_references_html,
    namespace_breadcrumb,
    tagged_pages,
    tags_index,
)
from .markers import place
from .options import Options
from .outline import OutlineRenderer
from .parallel import render_all
from .reuse import (
    RenderCache,
    Rendered,
    affected,
    graph_edges,
    page_entries,
    remember,
    settings_summary,
)
from .urls import Moved, assign_paths, relative_md, url_of

TAGS_SRC, ALL_PAGES_SRC, JOURNALS_SRC = "tags/index.md", "all-pages/index.md", "journals/index.md"
GRAPH_SRC = "graph-view/index.md"
GRAPH_JSON = "_logseq/graph.json"
GRAPH_PAGE = (
    '<div id="lsq-graph-global" class="lsq-graph lsq-graph-global" hidden>\n'
    '<label><input type="checkbox" name="journals" checked> {journals}</label>'
    '<span class="lsq-legend lsq-legend-page">{page}</span>'
    '<span class="lsq-legend lsq-legend-tag">{tag}</span>'
    '<span class="lsq-legend lsq-legend-journal">{journal}</span>\n'
    '<div class="lsq-graph-canvas"></div>\n</div>\n'
    "\n{needs_script}\n"
    "{{ .lsq-graph-nojs }}\n"
)
"""The global graph page: the script draws ``_logseq/graph.json`` into it."""


@dataclass
class SitePage:
    """One Markdown page of the site."""

    src_uri: str
    title: str
    markdown: str
    meta: dict[str, object] = field(default_factory=dict)
    key: str | None = None
    """The graph page it shows; None for index pages (Tags, All pages, Journals)."""
    backlinks_html: str = ""
    """Linked references with fragment slots, for :data:`BACKLINKS_MARKER` (HTML mode)."""


FEATURES = {
    "math": re.compile(r"\$[^\s$]|\$\$"),
    "mark": re.compile(r"==[^=\s]"),
    "strike": re.compile(r"~~[^~\s]"),
    "footnotes": re.compile(r"\[\^[^\]]+\]"),
    "admonition": re.compile(r"^!!! ", re.M),
    "code": re.compile(r"^[ >]*(?:`{3,}|~{3,})", re.M),
    "nested-code": re.compile(r"^(?: {4}|> ?)(?:`{3,}|~{3,})", re.M),
}
"""Markdown constructs that need an extension, and how to spot them in the rendered pages."""


def used_features(pages: list[SitePage]) -> set[str]:
    """Which optional Markdown extensions the site's pages need."""
    found: set[str] = set()
    for page in pages:
        for name, pattern in FEATURES.items():
            if name not in found and pattern.search(page.markdown):
                found.add(name)
    return found


@dataclass
class SiteBuild:
    pages: list[SitePage]
    assets: set[str]
    site: Site
    nav: list[dict[str, str]]
    features: set[str] = field(default_factory=set)
    """Optional Markdown extensions the pages need (see :data:`FEATURES`)."""
    data_files: dict[str, str] = field(default_factory=dict)
    """Site path -> content of the JSON files the reader's script reads (the graph view)."""

    @property
    def diagnostics(self) -> Diagnostics:
        return self.site.diagnostics


def publish_mode(options: Options, graph: Graph) -> str:
    if options.publish == "auto":
        return "all" if graph.config.all_pages_public else "public"
    return options.publish


def select_published(graph: Graph, options: Options) -> set[str]:
    """Keys of the pages the site shows (RENDERING.md: publishing selection)."""
    mode = publish_mode(options, graph)
    chosen = {
        p.key
        for p in graph.pages.values()
        if p.file is not None
        and p.alias_of is None
        and (p.public is True if mode == "public" else p.public is not False)
        and graph.withheld(p) is None
    }
    if options.missing_pages == "create":
        wanted: set[str] = set()
        for key in chosen:
            page = graph.pages[key]
            for block in page.all_blocks():
                wanted.update(block.refs)
            for parent in namespace_parents(page.name):
                wanted.add(graph.key_for(parent))
        for key, pages in graph.property_referrers.items():
            if any(p.key in chosen for p in pages):
                wanted.add(key)
        for key in wanted:
            target = graph.pages.get(key)
            if target is not None and target.file is None:
                chosen.add(key)
    return chosen


def home_key(graph: Graph, options: Options, published: set[str]) -> str | None:
    for name, source in (
        (options.home, "the plugin's 'home' option"),
        (graph.config.default_home, "config.edn :default-home"),
    ):
        if not name:
            continue
        page = graph.resolve(name)
        if page is not None and page.key in published:
            return page.key
        if source.startswith("the plugin"):
            graph.diagnostics.warn(
                f"home page '{name}' ({source}) is not a published page; "
                "the home page lists all pages instead",
                "mkdocs.yml",
            )
    return None


def page_markdown(site: Site, page: Page, src: str) -> tuple[str, str]:
    """(Markdown of ``page``, its linked references as HTML when rendered as fragments)."""
    outline = OutlineRenderer(site, src)
    parts = [f"# {outline.page_title(page)} {{ .lsq-title }}"]
    crumb = namespace_breadcrumb(site, src, page)
    if crumb:
        parts.append(crumb)
    if page.properties:
        box = outline.page_properties(page)
        if box:
            parts.append(box)
    body = outline.page_body(page)
    if body.strip():
        parts.append(body)
    elif page.file is None:
        note = html.escape(site.options.labels("generated_page"))
        parts.append(f'<p class="lsq-generated"><em>{note}</em></p>')
    for section in (hierarchy_section(site, src, page), tagged_pages(site, src, page)):
        if section:
            parts.append(section)
    backlinks_html = ""
    if site.options.backlinks and site.options.backlinks_as_fragments:
        backlinks_html = linked_references_html(site, src, page)
        if backlinks_html:
            parts.extend([backlinks_heading(site), BACKLINKS_MARKER])
    elif site.options.backlinks:
        refs = linked_references(site, src, page, outline)
        if refs:
            parts.append(refs)
    return place("\n\n".join(parts)) + "\n", backlinks_html


def page_meta(page: Page) -> dict[str, object]:
    meta: dict[str, object] = {"title": display_title(page)}
    if page.tags:
        meta["tags"] = list(page.tags)
    if page.aliases:
        meta["alias"] = list(page.aliases)
    description = page.properties.get("description", "").strip()
    if description:
        meta["description"] = description
    if page.journal_day is not None:
        meta["date"] = page.journal_day.isoformat()
    return meta


def _render(site: Site, key: str) -> tuple[str, str]:
    return page_markdown(site, site.graph.pages[key], site.paths[key])


def _render_kept(site: Site, key: str) -> Rendered:
    """:func:`_render`, with the problems it told and the assets it used, to keep."""
    problems: list[Problem] = []
    assets, site.assets = site.assets, set()
    site.diagnostics.record = problems
    try:
        markdown, backlinks = _render(site, key)
    finally:
        site.diagnostics.record = None
        used, site.assets = site.assets, assets | site.assets
    return Rendered(markdown, backlinks, problems, used)


def settings_text(options: Options) -> str:
    """The options as text to compare (the labels by their words)."""
    values = [(f.name, getattr(options, f.name)) for f in fields(options) if f.name != "labels"]
    return repr(values) + repr(sorted(options.labels.texts.items()))


def render_pages(
    site: Site, keys: list[str], jobs: int, reuse: RenderCache | None, changed: set[str] | None
) -> list[tuple[str, str]]:
    """The Markdown and linked references of pages ``keys``; with ``reuse`` (the last
    build's, kept by ``mkdocs serve``) and ``changed`` (the graph files whose content
    changed since), only the pages a change can reach are rendered (:mod:`.reuse`)."""
    if reuse is None:
        return render_all(site, keys, _render, jobs)
    graph = site.graph
    now = graph_edges(graph)
    settings = settings_summary(graph, settings_text(site.options))
    entries = page_entries(graph, site.paths)
    todo = keys
    if changed is not None and settings == reuse.settings:
        keys_changed = {p.key for p in graph.pages.values() if p.file in changed}
        reach = affected(reuse, graph, now, entries, keys_changed)
        todo = [key for key in keys if key in reach or key not in reuse.pages]
    start = len(site.diagnostics.problems)
    done = dict(zip(todo, render_all(site, todo, _render_kept, jobs), strict=True))
    kept = {key: done.get(key) or reuse.pages[key] for key in keys}
    problems: list[Problem] = []
    for rendered in kept.values():
        problems.extend(rendered.problems)
        site.assets |= rendered.assets
    site.diagnostics.reorder(start, problems)  # as a build that rendered every page
    reuse.settings, reuse.pages, reuse.rendered = settings, kept, todo
    remember(reuse, graph, now, entries)
    return [(rendered.markdown, rendered.backlinks) for rendered in kept.values()]


def _where(graph: Graph, page: Page) -> tuple[str, int]:
    """The file (and line) that makes ``page``: its own, or the first that references it."""
    if page.file:
        return page.file, 0
    for block in graph.referrers.get(page.key, ()):
        if block.page.file:
            return block.page.file, block.line
    for other in graph.property_referrers.get(page.key, ()):
        if other.file:
            return other.file, 1
    return page.name, 0


def warn_moved(graph: Graph, moved: list[Moved], paths: dict[str, str], options: Options) -> None:
    """A warning for each page that could not have its natural path, naming both files."""
    for move in moved:
        page = graph.pages[move.key]
        file, line = _where(graph, page)
        if move.owner_is_page:
            other = graph.pages[move.owner]
            made = f" ({other.file})" if other.file else ""
            what = f"page '{other.name}'{made} at {move.output}"
        else:
            what = f"{move.output} ({move.owner})"
        url = url_of(paths[move.key], options.use_directory_urls)
        graph.diagnostics.warn(
            f"page '{page.name}' would be written over {what}; it is published at {url} instead",
            file,
            line,
        )


def build_site(
    graph: Graph,
    options: Options,
    jobs: int = 1,
    reserved: dict[str, str] | None = None,
    reuse: RenderCache | None = None,
    changed: set[str] | None = None,
) -> SiteBuild:
    """Render every published page of ``graph`` (and the index pages) to Markdown, in up to
    ``jobs`` processes (see :mod:`.parallel`). ``reserved``: files the site writes besides
    the pages (output path -> who writes it), which no page may take. ``reuse`` and
    ``changed``: see :func:`render_pages`."""

    published = select_published(graph, options)
    if not any(graph.pages[k].file for k in published):
        mode = publish_mode(options, graph)
        hint = (
            (
                "add 'public:: true' to the pages you want to publish, or set "
                ":publishing/all-pages-public? true in logseq/config.edn, or the plugin option "
                "'publish: all'"
            )
            if mode == "public"
            else "check the graph folder (docs_dir)"
        )
        graph.diagnostics.warn(
            f"publish: {options.publish} selected no page ({mode} pages only); {hint}",
            str(graph.root),
        )
    home = home_key(graph, options, published)
    moved: list[Moved] = []
    paths = assign_paths(
        [graph.pages[k] for k in published], home, options.use_directory_urls, reserved, moved
    )
    warn_moved(graph, moved, paths, options)
    site = Site(graph, options, paths, graph.diagnostics)
    keys = sorted(published)
    pages: list[SitePage] = []
    rendered = render_pages(site, keys, jobs, reuse, changed)
    for key, (markdown, backlinks) in zip(keys, rendered, strict=True):
        page = graph.pages[key]
        pages.append(
            SitePage(paths[key], display_title(page), markdown, page_meta(page), key, backlinks)
        )
    label = options.labels
    if home is None:
        pages.append(
            SitePage(
                "index.md",
                label("all_pages"),
                place(all_pages(site, "index.md")),
                {"title": label("all_pages"), "search": {"exclude": True}, "hide": ["toc"]},
            )
        )
    else:
        pages.append(
            SitePage(
                ALL_PAGES_SRC,
                label("all_pages"),
                place(all_pages(site, ALL_PAGES_SRC)),
                {"title": label("all_pages"), "search": {"exclude": True}, "hide": ["toc"]},
            )
        )
    pages.append(
        SitePage(
            TAGS_SRC,
            label("tags"),
            tags_index(site, TAGS_SRC),
            {"title": label("tags"), "search": {"exclude": True}, "hide": ["toc"]},
        )
    )
    has_journals = any(graph.pages[k].is_journal and graph.pages[k].file for k in published)
    if has_journals:
        outline = OutlineRenderer(site, JOURNALS_SRC)
        pages.append(
            SitePage(
                JOURNALS_SRC,
                label("journals"),
                place(journals_index(site, JOURNALS_SRC, outline)),
                {"title": label("journals"), "search": {"exclude": True}},
            )
        )
    data_files: dict[str, str] = {}
    if options.graph:
        pages.append(graph_page(site, ALL_PAGES_SRC if home is not None else "index.md"))
        data_files = graph_files(site)
    nav = [{label("home"): "index.md"}]
    if home is not None:
        nav.append({label("all_pages"): ALL_PAGES_SRC})
    nav.append({label("tags"): TAGS_SRC})
    if has_journals:
        nav.append({label("journals"): JOURNALS_SRC})
    if options.graph:
        nav.append({label("graph"): GRAPH_SRC})
    for name in graph.config.favorites:
        fav = graph.resolve(name)
        if fav is not None and fav.key in paths and fav.key != home:
            nav.append({display_title(fav): paths[fav.key]})
    assets = set(site.assets)
    if options.copy_assets == "all":
        assets.update(graph.files.assets_folder())
    return SiteBuild(pages, assets, site, nav, used_features(pages), data_files)


def graph_page(site: Site, all_pages_src: str) -> SitePage:
    """The global graph page (its content is drawn by the reader's script)."""
    label = site.options.labels
    link = f"[{escape(label('all_pages'))}]({relative_md(GRAPH_SRC, all_pages_src)})"
    before, _, after = label("graph_needs_script", all_pages="\0").partition("\0")
    body = GRAPH_PAGE.format(
        journals=html.escape(label("journals")),
        page=html.escape(label("graph_kind_page")),
        tag=html.escape(label("graph_kind_tag")),
        journal=html.escape(label("graph_kind_journal")),
        needs_script=escape(before) + link + escape(after),
    )
    title = label("graph")
    return SitePage(
        GRAPH_SRC,
        title,
        f"# {escape(title)} {{ .lsq-title }}\n\n{body}",
        {"title": title, "search": {"exclude": True}, "hide": ["toc"]},
    )


def graph_files(site: Site) -> dict[str, str]:
    """The global graph's JSON and each published page's local graph."""
    data = graph_data(site)
    files = {GRAPH_JSON: global_json(site, data)}
    use_directory_urls = site.options.use_directory_urls
    for key, document in local_json(site, data, site.options.graph_depth).items():
        files[local_uri(site.paths[key], use_directory_urls)] = document
    return files
