"""The graph view's data: published pages as nodes, the references between them as links.

Only published pages appear (``Site.paths``): an unpublished or excluded page is never a
node and never the end of a link. The global graph leaves out pages with
``exclude-from-graph-view:: true`` (as Logseq's global graph does); a page's local graph
(the page and its neighbours up to ``depth`` links away) keeps them.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import dataclass

from ..model import Block, Page, PageRef
from .context import Site
from .listings import display_title
from .urls import url_of

NodeKind = str
"""``page``, ``journal`` or ``tag`` (a page without a file that is only used as a tag)."""


@dataclass(frozen=True)
class GraphData:
    """Nodes (page keys, sorted) and undirected links (pairs of node indices, sorted)."""

    keys: tuple[str, ...]
    links: tuple[tuple[int, int], ...]

    def neighbours(self) -> list[set[int]]:
        """For each node, the nodes it links to or is linked from."""
        out: list[set[int]] = [set() for _ in self.keys]
        for a, b in self.links:
            out[a].add(b)
            out[b].add(a)
        return out

    def higher(self) -> list[list[int]]:
        """For each node, the nodes of a greater index it is linked with, ascending."""
        out: list[list[int]] = [[] for _ in self.keys]
        for a, b in self.links:  # sorted: each list comes out ascending
            out[a].append(b)
        return out


def _truthy(value: str) -> bool:
    return value.strip().lower() == "true"


def excluded_from_global(page: Page) -> bool:
    """``exclude-from-graph-view:: true`` hides a page from the global graph only."""
    return _truthy(page.properties.get("exclude-from-graph-view", ""))


def graph_data(site: Site) -> GraphData:
    """Every published page and every reference between two of them (page links, tags,
    properties, block references and embeds), as one undirected graph."""
    graph = site.graph
    keys = tuple(sorted(site.paths))
    index = {key: i for i, key in enumerate(keys)}
    pairs: set[tuple[int, int]] = set()

    def add(source: str, target: str) -> None:
        a, b = index.get(source), index.get(target)
        if a is not None and b is not None and a != b:
            pairs.add((a, b) if a < b else (b, a))

    for target, blocks in graph.referrers.items():
        if target in index:
            for block in blocks:
                add(block.page.key, target)
    for target, pages in graph.property_referrers.items():
        if target in index:
            for page in pages:
                add(page.key, target)
    for uuid, blocks in graph.block_referrers.items():
        owner = graph.blocks.get(uuid)
        if owner is not None:
            for block in blocks:
                add(block.page.key, owner.page.key)
    return GraphData(keys, tuple(sorted(pairs)))


def _tag_keys(site: Site) -> set[str]:
    """Pages used as tags (``tags::`` or ``#tag``) that have no file of their own."""
    graph = site.graph
    tags: set[str] = set()
    for page in graph.pages.values():
        if page.key in site.paths:
            tags.update(graph.key_for(t) for t in page.tags)
    tagged: dict[int, set[str]] = {}
    """id(block) -> the pages its ``#tags`` name, worked out once per block (a long block
    refers to many pages: scanning its tokens once per page would cost their product)."""

    def tags_of(block: Block) -> set[str]:
        found = tagged.get(id(block))
        if found is None:
            found = tagged[id(block)] = {
                graph.key_for(token.target)
                for token in block.inline_tokens()
                if isinstance(token, PageRef) and token.kind == "tag"
            }
        return found

    for target, blocks in graph.referrers.items():
        if (
            target in site.paths
            and graph.pages[target].file is None
            and target not in tags
            and any(target in tags_of(block) for block in blocks)
        ):
            tags.add(target)
    return {k for k in tags if k in site.paths and graph.pages[k].file is None}


def _node(site: Site, key: str, tags: set[str]) -> dict[str, str]:
    """A node as the script reads it: title, URL (from the site root) and kind."""
    page = site.graph.pages[key]
    kind = "journal" if page.is_journal else "tag" if key in tags else "page"
    return {
        "title": display_title(page),
        "url": url_of(site.paths[key], site.options.use_directory_urls),
        "kind": kind,
    }


def _document(
    site: Site, data: GraphData, chosen: list[int], tags: set[str], higher: list[list[int]]
) -> str:
    """JSON for the nodes ``chosen`` (indices into ``data``) and the links among them, in
    the order of ``data.links``; ``higher`` is :meth:`GraphData.higher`."""
    position = {n: i for i, n in enumerate(chosen)}
    nodes = [_node(site, data.keys[n], tags) for n in chosen]
    ordered = sorted(chosen)
    links = []
    for a in ordered:  # each link once, as (a, b) with a < b, as data.links sorts them
        # the shorter of a's links and the chosen nodes, so that a page linked from most
        # others does not cost each of their graphs all its links
        if len(higher[a]) <= len(ordered):
            ends = [b for b in higher[a] if b in position]
        else:
            linked = set(higher[a])
            ends = [b for b in ordered if b > a and b in linked]
        links += [[position[a], position[b]] for b in ends]
    return json.dumps({"nodes": nodes, "links": links}, ensure_ascii=False, separators=(",", ":"))


def global_json(site: Site, data: GraphData) -> str:
    """The global graph: every published page but those excluded from the graph view."""
    pages = site.graph.pages
    chosen = [i for i, key in enumerate(data.keys) if not excluded_from_global(pages[key])]
    return _document(site, data, chosen, _tag_keys(site), data.higher())


def local_json(site: Site, data: GraphData, depth: int) -> dict[str, str]:
    """Page key -> JSON of its local graph: the page (first node) and the pages at most
    ``depth`` links away."""
    neighbours, higher = data.neighbours(), data.higher()
    tags = _tag_keys(site)
    out: dict[str, str] = {}
    for start, key in enumerate(data.keys):
        seen = {start: 0}
        queue = deque([start])
        while queue:
            node = queue.popleft()
            if seen[node] == depth:
                continue
            for other in neighbours[node]:
                if other not in seen:
                    seen[other] = seen[node] + 1
                    queue.append(other)
        chosen = [start, *sorted(n for n in seen if n != start)]
        out[key] = _document(site, data, chosen, tags, higher)
    return out


def local_uri(src_uri: str, use_directory_urls: bool) -> str:
    """Where a page's local graph is written: ``_logseq/graph/`` + the page's URL, so the
    script finds it from the address it is on (``bert/`` -> ``…/bert/index.json``)."""
    url = url_of(src_uri, use_directory_urls)
    return "_logseq/graph/" + (
        url + "index.json" if url.endswith("/") or not url else url + ".json"
    )
