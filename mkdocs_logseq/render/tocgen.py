"""``{{renderer :tocgen2, target, height, levels, h|any}}`` -> a static table of contents
with the tocgen plugin's semantics (LOGSEQ_FORMAT §6)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Block, Macro, Page, PageRef
from .context import plain_text
from .inline import InlineRenderer, escape
from .listings import nested_items
from .markers import close_tag, open_tag

if TYPE_CHECKING:
    from .outline import OutlineRenderer


def _entry_text(block: Block, outline: OutlineRenderer) -> str:
    tokens = [t for t in block.title if not (isinstance(t, PageRef) and t.kind == "tag")]
    return plain_text(tokens, outline.site.graph).strip()


def _qualifies(block: Block, heading_only: bool, outline: OutlineRenderer) -> bool:
    if block.properties.get("toc", "").strip().lower() == "no":
        return False
    if block.raw_title.lstrip().startswith("{{") and not block.raw_title.lstrip().startswith(
        "{{embed"
    ):
        return False
    if not _entry_text(block, outline):
        return False
    if heading_only:
        return bool(block.heading)
    return True


def _tocgen_options(macro: Macro, renderer: InlineRenderer) -> tuple[str, int, bool]:
    """The target, the number of levels and whether only headings count, read from the
    macro's arguments (``:tocgen target levels type`` or ``:tocgen2 target height levels
    type``); an unknown type warns and falls back to headings."""
    args = [a.strip() for a in macro.args[1:]] + ["", "", "", ""]  # missing ones are empty
    first = 1 if macro.args[0].strip() == ":tocgen" else 2  # tocgen2 has a height first
    target, levels_arg, type_arg = args[0], args[first], args[first + 1]
    if not levels_arg:
        levels = 6
    else:
        levels = int(levels_arg) if levels_arg.isdigit() and int(levels_arg) >= 1 else 1
    kind = (type_arg or "h").lower()
    if kind not in ("h", "any"):
        renderer.warn(f'tocgen heading type must be "h" or "any", got "{type_arg}"; using "h"')
        kind = "h"
    return target, levels, kind == "h"


def _tocgen_roots(
    outline: OutlineRenderer, target: str, renderer: InlineRenderer
) -> tuple[Page, list[Block]] | None:
    """The page and the top blocks a tocgen ``target`` lists: the current page (empty,
    ``*`` or ``[[]]``), a block's children (``((uuid))``) or a page; None (with a warning)
    when the target is not published."""
    site = outline.site
    if target in ("", "*", "[[]]"):
        source = outline.frame.source
        return source, source.blocks
    if re.fullmatch(r"\(\(.+\)\)", target):
        block = site.graph.blocks.get(target[2:-2].strip().lower())
        if block is None or not site.is_published(block.page):
            renderer.warn(f"tocgen target {target} is not a published block")
            return None
        return block.page, block.children
    name = target[2:-2] if target.startswith("[[") and target.endswith("]]") else target
    found = site.page_of(name)
    if found is None:
        renderer.warn(f"tocgen target page '{name}' is not published")
        return None
    return found, found.blocks


def render_tocgen(outline: OutlineRenderer, macro: Macro, renderer: InlineRenderer) -> str:
    """The ``<nav class="lsq-toc">`` list of a tocgen macro: the qualifying blocks under its
    target, nested up to its number of levels, each linking to its block's anchor."""
    site = outline.site
    target, levels, heading_only = _tocgen_options(macro, renderer)
    found = _tocgen_roots(outline, target, renderer)
    if found is None:
        return ""
    page, roots = found
    src = outline.frame.src
    depths: dict[int, int] = {id(b): 1 for b in roots}

    def children(block: Block) -> list[Block]:
        depth = depths[id(block)]
        if depth >= levels:
            return []
        below = [c for c in block.children if _qualifies(c, heading_only, outline)]
        for child in below:
            depths[id(child)] = depth + 1
        return below

    def item(block: Block) -> str:
        text = escape(_entry_text(block, outline))
        return site.a(src, page, text, site.anchor(block), local=True)

    items = nested_items([b for b in roots if _qualifies(b, heading_only, outline)], children, item)
    if not items:
        return ""
    return "\n\n".join(
        [
            open_tag("nav", classes="lsq-toc"),
            open_tag("ul"),
            *items,
            close_tag("ul"),
            close_tag("nav"),
        ]
    )
