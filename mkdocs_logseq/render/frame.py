"""What the outline renderer is rendering (:class:`Frame`) and the outline's limits, shared
with the modules it calls for embeds, queries and linked references (which therefore need
not import the outline renderer)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Page

MAX_OUTLINE_DEPTH = 100
"""The deepest nesting of the outline's lists on a page: deeper blocks are shown at this
depth, in their order (browsers flatten HTML deeper than 512 elements anyway, and the
search index's cost grows with the depth)."""
PAGE_PROPERTIES_ID = "page-properties"
"""The HTML id of a page's properties box."""


@dataclass
class Frame:
    """What is being rendered: output page, the page the blocks come from, embed nesting."""

    src: str
    source: Page
    embeds: tuple[str, ...] = ()
    anchors: bool = True
    anchor_ids: dict[int, str] | None = None
    """id(block) -> anchor for the source page's blocks, when ``anchors`` (set by ``_with``)."""

    @property
    def own_page(self) -> bool:
        """The blocks are rendered on their own page (not in an embed or a query's results)."""
        return self.anchors and not self.embeds
