"""What every renderer needs: the graph, what is published and where, anchors and assets."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from pymdownx.slugs import slugify

from ..model import Block, BlockRef, Html, Inline, Link, Opaque, Page, PageRef
from ..parse.diagnostics import Diagnostics
from ..parse.graph import Graph
from . import markers
from .options import Options
from .urls import relative_md, url_of

_slug = slugify(case="lower")
_TAGS = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"(\*\*|__|~~|==|\^\^)")


Escape = Callable[[str], str]
"""Makes text Markdown that shows it as written (:func:`.inline.escape`)."""


def plain_text(
    tokens: list[Inline],
    graph: Graph | None = None,
    depth: int = 0,
    escape: Escape | None = None,
    strip: bool = True,
) -> str:
    """The readable text of a line: names without brackets, no markup; a block reference
    is its block's text (followed ``depth`` < 3 deep). With ``escape``, the text is
    Markdown: escaped, code spans and math kept as they are."""
    out = []
    for token in tokens:
        text_of = _TEXT_OF.get(type(token))
        if text_of is not None:
            out.append(text_of(token, graph, depth, escape))
    text = "".join(out)
    return text.strip() if strip else text


def _str_text(token: str, graph: Graph | None, depth: int, escape: Escape | None) -> str:
    text = _EMPHASIS.sub("", token)
    return escape(text) if escape else text


def _opaque_text(token: Opaque, graph: Graph | None, depth: int, escape: Escape | None) -> str:
    """Code and math as written (Markdown) or without backticks; an autolink's URL; a
    ``<`` that is text."""
    text = token.text
    if text == "&lt;":
        return escape("<") if escape is not None else "<"
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1] if "://" in text else ""
    if escape is None:
        return text.strip("`")
    return text if text[:1] in "`$" else escape(text)  # code spans and math stay themselves


def _page_ref_text(token: PageRef, graph: Graph | None, depth: int, escape: Escape | None) -> str:
    """A page reference's label, ``#tag`` or page name."""
    if token.label is not None and token.kind in ("label", "mdlink"):
        text = token.label
    elif token.kind == "tag":
        text = "#" + token.target
    else:
        text = token.target
    return escape(text) if escape else text


def _block_ref_text(token: BlockRef, graph: Graph | None, depth: int, escape: Escape | None) -> str:
    """A block reference's label (as written), else its block's text."""
    if token.label is not None:
        return token.label
    if graph is not None and depth < 3 and token.uuid in graph.blocks:
        return plain_text(graph.blocks[token.uuid].title, graph, depth + 1, escape)
    return ""


def _link_text(token: Link, graph: Graph | None, depth: int, escape: Escape | None) -> str:
    return escape(token.label) if escape else token.label


def _html_text(token: Html, graph: Graph | None, depth: int, escape: Escape | None) -> str:
    text = _TAGS.sub("", token.html)
    return escape(text) if escape else text


_TEXT_OF: dict[type, Callable[[Any, Graph | None, int, Escape | None], str]] = {
    str: _str_text,
    Opaque: _opaque_text,
    PageRef: _page_ref_text,
    BlockRef: _block_ref_text,
    Link: _link_text,
    Html: _html_text,
}
"""The text of each kind of token (a macro has none)."""


@dataclass
class Site:
    """The published part of the graph and where each page lives."""

    graph: Graph
    options: Options
    paths: dict[str, str]
    """Published page key -> ``src_uri``."""
    diagnostics: Diagnostics
    assets: set[str] = field(default_factory=set)
    """Graph-relative paths of the asset files pages use (copied to the site)."""
    _anchors: dict[str, dict[int, str]] = field(default_factory=dict)
    _urls: dict[str, str] = field(default_factory=dict)
    _page_of: dict[str, Page | None] = field(default_factory=dict)
    """:meth:`page_of`'s answers (neither the graph nor the paths change once a site is made)."""
    tag_index: dict[str, list[Page]] | None = None
    """Tag page key -> pages whose ``tags::`` name it (built on first use)."""
    ns_children: dict[str, list[Page]] | None = None
    """Namespace page key -> its published children (built on first use)."""
    breadcrumbs: dict[int, str] = field(default_factory=dict)
    """id(block) -> the link to it in linked-references breadcrumbs."""
    schemes: dict[str, str] = field(default_factory=dict)
    """URL scheme other than http(s) and mailto -> where a link first uses it (for the
    build's one-line summary)."""
    block_crumbs: dict[int, str] = field(default_factory=dict)
    """id(block) -> its linked-references breadcrumb: ancestors, then the link to it."""

    def is_published(self, page: Page | None) -> bool:
        return page is not None and page.key in self.paths

    def page_of(self, name: str) -> Page | None:
        """The published page a reference means, or None (missing or not published)."""
        if name in self._page_of:
            return self._page_of[name]
        page = self.graph.resolve(name)
        shown = self._page_of[name] = page if self.is_published(page) else None
        return shown

    def link(self, from_src: str, page: Page, anchor: str | None = None) -> str:
        target = relative_md(from_src, self.paths[page.key])
        return f"{target}#{anchor}" if anchor else target

    def href(
        self, from_src: str, page: Page, anchor: str | None = None, local: bool = False
    ) -> str:
        """URL of ``page`` (or an anchor on it), from the site root (:data:`markers.ROOT`);
        ``local`` anchors on the page itself are just ``#anchor``."""
        if local and anchor and self.paths[page.key] == from_src:
            return f"#{anchor}"
        url = self._urls.get(page.key)
        if url is None:
            url = self._urls[page.key] = markers.ROOT + quote(
                url_of(self.paths[page.key], self.options.use_directory_urls), safe="/"
            )
        return f"{url}#{anchor}" if anchor else url

    def a(
        self,
        from_src: str,
        page: Page,
        text: str,
        anchor: str | None = None,
        classes: str = "",
        local: bool = False,
    ) -> str:
        """A link to ``page`` whose ``text`` is Markdown, made without Markdown's link parser."""
        return markers.link(self.href(from_src, page, anchor, local), text, classes)

    def asset_url(self, from_src: str, rel: str) -> str:
        """URL of a graph file (asset) as seen from page ``from_src``, for raw HTML."""
        return markers.ROOT + quote(rel, safe="/#=")

    # -- anchors --------------------------------------------------------------------------

    def anchors(self, page: Page) -> dict[int, str]:
        """id(block) -> HTML anchor, for every block of ``page`` (computed once per page)."""
        cached = self._anchors.get(page.key)
        if cached is not None:
            return cached
        used: set[str] = set()
        out: dict[int, str] = {}
        for block in page.all_blocks():
            if block.uuid:
                anchor = block.uuid
            elif block.heading and heading_level(block) is not None:
                base = _slug(plain_text(block.title, self.graph), "-") or f"h-{block.line}"
                anchor, n = base, 1
                while anchor in used:
                    anchor, n = f"{base}_{n}", n + 1
            else:
                anchor = f"b{block.line}"
            used.add(anchor)
            out[id(block)] = anchor
        self._anchors[page.key] = out
        return out

    def anchor(self, block: Block) -> str:
        anchors = self._anchors.get(block.page.key)
        return (anchors if anchors is not None else self.anchors(block.page))[id(block)]


def heading_level(block: Block) -> int | None:
    """The HTML heading level of a heading block that is a real heading on the page: every
    ancestor is a heading too. None for other blocks."""
    if not block.heading:
        return None
    node = block.parent
    while node is not None:
        if not node.heading:
            return None
        node = node.parent
    if block.heading == -1:
        return min(block.depth + 1, 6)
    return min(max(block.heading, 2), 6)
