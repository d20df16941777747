"""Rendering options: the plugin's settings as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field

from .labels import Labels


@dataclass(frozen=True)
class Options:
    """What the site shows; names and defaults match the plugin's ``mkdocs.yml`` options."""

    publish: str = "auto"
    """``auto`` (config.edn ``:publishing/all-pages-public?``), ``all`` or ``public``."""
    outline: str = "list"
    show_brackets: bool = False
    properties: str = "show"
    missing_pages: str = "create"
    copy_assets: str = "referenced"
    nav: str = "compact"
    backlinks: bool = True
    embed_depth: int = 3
    home: str | None = None
    use_directory_urls: bool = True
    backlinks_as_fragments: bool = False
    """Linked references reuse each block's HTML from its own page (the plugin does this);
    off, they are rendered as Markdown (the Markdown export)."""
    previews: bool = True
    """Hovering or focusing a page link or block reference shows a preview card."""
    graph: bool = True
    """A local graph beside every page, a global graph page, and their JSON data."""
    graph_depth: int = 1
    """How many links away a page's local graph reaches (1 or 2)."""
    journals_with_content: int = 10
    """How many of the newest journals the Journals page shows in full (the rest as links)."""
    raw_html: str = "keep"
    """``keep``: HTML the author wrote passes as Logseq shows it (without scripts, handlers
    and script URLs); ``escape``: it is shown as text."""
    labels: Labels = field(default_factory=Labels)
    """The words the plugin writes (headings, notes), in the site's language."""
