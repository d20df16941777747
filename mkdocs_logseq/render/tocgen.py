"""``{{renderer :tocgen2, target, height, levels, h|any}}`` -> a static table of contents
with the tocgen plugin's semantics (LOGSEQ_FORMAT §6)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..model import Block, Macro, PageRef
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


def render_tocgen(outline: OutlineRenderer, macro: Macro, renderer: InlineRenderer) -> str:
    site = outline.site
    args = [a.strip() for a in macro.args[1:]]
    v1 = macro.args[0].strip() == ":tocgen"
    target = args[0] if args else ""
    levels_arg = (args[1] if len(args) > 1 else "") if v1 else (args[2] if len(args) > 2 else "")
    type_arg = (args[2] if len(args) > 2 else "") if v1 else (args[3] if len(args) > 3 else "")
    levels = (
        int(levels_arg)
        if levels_arg.isdigit() and int(levels_arg) >= 1
        else (6 if not levels_arg else 1)
    )
    kind = (type_arg or "h").lower()
    if kind not in ("h", "any"):
        renderer.warn(f'tocgen heading type must be "h" or "any", got "{type_arg}"; using "h"')
        kind = "h"
    source = outline.frame.source
    roots: list[Block]
    if target in ("", "*", "[[]]"):
        page = source
        roots = page.blocks
    elif re.fullmatch(r"\(\(.+\)\)", target):
        block = site.graph.blocks.get(target[2:-2].strip().lower())
        if block is None or not site.is_published(block.page):
            renderer.warn(f"tocgen target {target} is not a published block")
            return ""
        page, roots = block.page, block.children
    else:
        name = target[2:-2] if target.startswith("[[") and target.endswith("]]") else target
        found = site.page_of(name)
        if found is None:
            renderer.warn(f"tocgen target page '{name}' is not published")
            return ""
        page, roots = found, found.blocks
    src = outline.frame.src
    heading_only = kind == "h"
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
