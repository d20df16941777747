"""Which pages' Markdown a change can reach, so that a rebuild renders only those.

Under ``mkdocs serve`` the plugin keeps each page's Markdown (and the problems and
assets its rendering found) from the last build. A page's Markdown is made from its own
blocks and from the rest of the graph: the names, titles, tags and places of the pages
it links to or lists (tags, namespaces), the blocks it embeds or references (and what
those embed and reference in turn), the blocks that reference it (its linked
references, with their breadcrumbs), and, for a query, anything. So a rebuild renders:

* every page, when the options, config.edn or the graph's other files (assets) changed
  (:func:`settings_summary`);
* otherwise the pages whose file changed, whose entry changed (:func:`page_entries`:
  name, file, aliases, tags, page properties, where it is published; a new, deleted or
  renamed page is such a change), whose references now mean other pages, and every page
  that may show anything (a query, a macro other than the few that show only their own
  arguments); with the pages that embed them or reference or embed their blocks, again
  and again (what embeds those); the pages any of these reference, before the change or
  after it (their linked references); and the pages that show a changed entry: that
  reference it, before or after, its namespace parents and children, its tags' pages.

Every other page keeps its Markdown. The site's index pages (All pages, Tags, Journals,
the graph) are always rendered again. ``tests/test_incremental.py`` checks the outcome
against fresh builds after edits of every kind.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from ..model import Block, Macro, Page, SpecialChunk
from ..parse.diagnostics import Problem
from ..parse.graph import Graph
from ..parse.names import namespace_parents

LOCAL_MACROS = frozenset(
    {
        "embed",  # followed as an edge (below)
        "cloze",
        "youtube",
        "youtube-timestamp",
        "video",
        "vimeo",
        "bilibili",
        "tweet",
        "twitter",
        "img",
        "cards",
        "toc",
        "namespace",  # lists names: part of the site summary
        "zotero-imported-file",
        "function",
    }
)
"""Macros whose output depends only on their arguments, the page itself, or what the site
summary holds; any other macro makes its page rendered every time."""


@dataclass
class Rendered:
    """One page's rendering, as kept for the next build."""

    markdown: str
    backlinks: str
    problems: list[Problem]
    assets: set[str]


@dataclass(frozen=True)
class Edges:
    """What of other pages a page's blocks reach."""

    uuids: frozenset[str]
    """Ids of its blocks that other blocks can reference."""
    block_refs: frozenset[str]
    """Ids of the blocks it references or embeds."""
    refs: frozenset[str]
    """Keys of the pages it references (blocks and page properties)."""
    volatile: bool
    """It holds a query or a macro that may show anything."""


@dataclass
class RenderCache:
    """The last build's pages, kept by ``mkdocs serve`` from one rebuild to the next."""

    settings: str = ""
    """:func:`settings_summary` of the last build ("": render every page)."""
    entries: dict[str, str] = field(default_factory=dict)
    """Page key -> :func:`page_entries` of the last build."""
    names: dict[str, str] = field(default_factory=dict)
    """Every name a page answered to -> its key, as of the last build."""
    pages: dict[str, Rendered] = field(default_factory=dict)
    """Page key -> its rendering."""
    edges: dict[str, Edges] = field(default_factory=dict)
    """Page key -> its :class:`Edges` as of the last build (pages with a file)."""
    owners: dict[str, str] = field(default_factory=dict)
    """Block id -> the key of the page that has it, as of the last build."""
    names_of: dict[str, str] = field(default_factory=dict)
    """Page key -> its name, as of the last build."""
    tags_of: dict[str, list[str]] = field(default_factory=dict)
    """Page key -> its ``tags::``, as of the last build."""
    rendered: list[str] = field(default_factory=list)
    """Keys of the pages the last build rendered (the others' Markdown was kept)."""


def graph_edges(graph: Graph) -> dict[str, Edges]:
    """The :class:`Edges` of every page with a file."""
    by_properties: dict[str, set[str]] = {}
    for target, pages in graph.property_referrers.items():
        for page in pages:
            by_properties.setdefault(page.key, set()).add(target)
    return {
        key: _edges(page, by_properties.get(key, set()))
        for key, page in graph.pages.items()
        if page.file
    }


def _edges(page: Page, property_refs: set[str]) -> Edges:
    uuids: set[str] = set()
    block_refs: set[str] = set()
    refs = set(property_refs)
    volatile = _volatile_tokens(page.property_tokens.values())
    for block in page.all_blocks():
        if block.uuid:
            uuids.add(block.uuid)
        block_refs.update(block.block_refs)
        refs.update(block.refs)
        if not volatile:
            volatile = _volatile_tokens([block.inline_tokens(), *block.property_tokens.values()])
            volatile = volatile or any(chunk.kind.lower() == "query" for chunk in _chunks(block))
    return Edges(frozenset(uuids), frozenset(block_refs), frozenset(refs), volatile)


def _chunks(block: Block) -> list[SpecialChunk]:
    out: list[SpecialChunk] = []
    stack = list(block.body)
    while stack:
        chunk = stack.pop()
        if isinstance(chunk, SpecialChunk):
            out.append(chunk)
            stack.extend(chunk.chunks)
    return out


def _volatile_tokens(lines: object) -> bool:
    """Whether these token lists hold a macro outside :data:`LOCAL_MACROS` (a query)."""
    for tokens in lines:  # type: ignore[attr-defined]
        for token in tokens:
            if isinstance(token, Macro) and token.name.lower() not in LOCAL_MACROS:
                return True
    return False


def settings_summary(graph: Graph, settings: str) -> str:
    """What every page's Markdown may depend on: ``settings`` (the options), config.edn,
    the graph's files that are not pages."""
    return "\n".join([settings, repr(graph.config), repr(_asset_files(graph))])


def page_entries(graph: Graph, paths: dict[str, str]) -> dict[str, str]:
    """Page key -> what other pages may show of that page without showing its blocks:
    name, file, aliases, tags, page properties, whether and where it is published."""
    return {
        key: repr(
            (
                page.name,
                page.file,
                page.format,
                page.alias_of,
                page.journal_day,
                page.public,
                page.aliases,
                page.tags,
                sorted(page.properties.items()),
                paths.get(key),
            )
        )
        for key, page in graph.pages.items()
    }


def _asset_files(graph: Graph) -> list[tuple[str, int, bool]]:
    """Every file of the graph folder that a page may show (as a link, an image, a missing
    file or a file's size): all but page files, Logseq's own folder (``logseq/``, where
    Logseq writes as you edit; config.edn is in the summary already) and dot files."""
    out: list[tuple[str, int, bool]] = []
    root = str(graph.root)
    pages = {page.file for page in graph.pages.values() if page.file}
    for folder, dirs, files in os.walk(root):
        rel_dir = os.path.relpath(folder, root).replace(os.sep, "/")
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and not (rel_dir == "." and d == "logseq")
        )
        for name in sorted(files):
            rel = name if rel_dir == "." else f"{rel_dir}/{name}"
            if name.startswith(".") or rel in pages:
                continue
            path = os.path.join(folder, name)
            try:
                size = os.lstat(path).st_size
            except OSError:
                size = -1
            out.append((rel, size, os.path.islink(path)))
    return out


def affected(
    cache: RenderCache,
    graph: Graph,
    now: dict[str, Edges],
    entries: dict[str, str],
    changed: set[str],
) -> set[str]:
    """Keys of the pages whose Markdown can differ from the last build's (see the
    module's docstring): ``changed`` are the pages whose file changed, ``now`` and
    ``entries`` the graph's :func:`graph_edges` and :func:`page_entries`; ``cache`` has
    the last build's, whose :func:`settings_summary` was this graph's."""
    differ = {
        key
        for key in entries.keys() | cache.entries.keys()
        if entries.get(key) != cache.entries.get(key)
    }
    for name in graph.names.keys() | cache.names.keys():
        if graph.names.get(name) != cache.names.get(name):
            differ.update(k for k in (graph.names.get(name), cache.names.get(name)) if k)
    reach = set(changed) | differ | {key for key, found in now.items() if found.volatile}
    reach |= {
        key for key in now.keys() | cache.edges.keys() if now.get(key) != cache.edges.get(key)
    }
    queue = list(reach)
    while queue:  # what shows these pages' blocks: embeds, block references
        key = queue.pop()
        uuids: set[str] = set()
        for found in (now.get(key), cache.edges.get(key)):
            if found is not None:
                uuids.update(found.uuids)
        shown: set[str] = set()
        for uuid in uuids:
            shown.update(block.page.key for block in graph.block_referrers.get(uuid, ()))
        for block in graph.referrers.get(key, ()):
            if _embeds(block, key, graph):
                shown.add(block.page.key)
        for other in shown - reach:
            reach.add(other)
            queue.append(other)
    out = set(reach)
    for key in reach:  # and the pages they reference: their linked references
        for found in (now.get(key), cache.edges.get(key)):
            if found is None:
                continue
            out.update(found.refs)
            for uuid in found.block_refs:
                out.add(cache.owners.get(uuid, ""))
                owner = graph.blocks.get(uuid)
                if owner is not None:
                    out.add(owner.page.key)
    if differ:
        out |= _showing(cache, graph, now, differ)
    out.discard("")
    return out


def _showing(cache: RenderCache, graph: Graph, now: dict[str, Edges], differ: set[str]) -> set[str]:
    """The pages that show the name, place or tags of pages ``differ``: those that
    reference them (now or before), their namespace parents and children, the pages of
    their tags (before and after)."""
    out: set[str] = set()
    for key in differ:
        out.update(block.page.key for block in graph.referrers.get(key, ()))
        out.update(page.key for page in graph.property_referrers.get(key, ()))
    for key, found in (*now.items(), *cache.edges.items()):
        if found.refs & differ:
            out.add(key)
    for key in differ:
        page = graph.pages.get(key)
        names = {page.name} if page is not None else set()
        before = cache.names_of.get(key)
        if before is not None:
            names.add(before)
        for name in names:
            out.update(graph.key_for(parent) for parent in namespace_parents(name))
        tags = set(page.tags) if page is not None else set()
        tags.update(cache.tags_of.get(key, ()))
        out.update(graph.key_for(tag) for tag in tags)
    for page in graph.pages.values():
        if any(graph.key_for(parent) in differ for parent in namespace_parents(page.name)):
            out.add(page.key)
    return out


def _embeds(block: Block, key: str, graph: Graph) -> bool:
    """Whether ``block`` embeds the page ``key`` (``{{embed [[X]]}}``)."""
    for token in block.inline_tokens():
        if isinstance(token, Macro) and token.name == "embed" and token.args:
            arg = token.args[0].strip()
            if arg.startswith("[[") and arg.endswith("]]") and graph.key_for(arg[2:-2]) == key:
                return True
    return False


def remember(
    cache: RenderCache, graph: Graph, now: dict[str, Edges], entries: dict[str, str]
) -> None:
    """Keep what the next build compares with: the graph's edges and page entries, its
    names, every block id's page, each page's name and tags."""
    cache.edges, cache.entries, cache.names = now, entries, dict(graph.names)
    cache.owners = {uuid: block.page.key for uuid, block in graph.blocks.items()}
    cache.names_of = {key: page.name for key, page in graph.pages.items()}
    cache.tags_of = {key: list(page.tags) for key, page in graph.pages.items() if page.tags}
