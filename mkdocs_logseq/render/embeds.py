"""``{{embed [[page]]}}`` and ``{{embed ((uuid))}}``: the source inside a framed box."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from ..model import Block, Macro, Page
from .context import Site
from .frame import Frame
from .inline import InlineRenderer, escape
from .labels import ENGLISH
from .markers import close_tag, open_tag

if TYPE_CHECKING:
    from .outline import OutlineRenderer


def _cut(renderer: InlineRenderer, what: str, reason: str, **values: object) -> str:
    """A visible note where an embed is cut (the warning says why in English)."""
    renderer.warn(f"embed of '{what}' cut: {ENGLISH(reason, **values)}")
    label = renderer.site.options.labels
    note = label("embed_cut", name=what, reason=label(reason, **values))
    return f'<div class="lsq-embed-cut"><em>{html.escape(note)}</em></div>'


def _embed_target(
    site: Site, arg: str, renderer: InlineRenderer
) -> tuple[str, Page, Block | None] | str:
    """What ``{{embed arg}}`` shows: (its identity in the embed stack, the page, the block
    or None for the whole page). Or the HTML shown instead: a note for a page or block that
    does not exist (warned); nothing for one not published, or for an argument that is
    neither ``[[page]]`` nor ``((uuid))`` (warned)."""
    page_match = re.fullmatch(r"\[\[(.+)\]\]", arg)
    if page_match:
        name = page_match.group(1).strip()
        page = site.graph.resolve(name)
        if page is None or (page.file is None and not page.blocks and not site.is_published(page)):
            renderer.warn(f"embedded page '{name}' does not exist")
            note = site.options.labels("embed_missing_page", name=name)
            return f'<div class="lsq-embed-missing"><em>{html.escape(note)}</em></div>'
        return ("page:" + page.key, page, None) if site.is_published(page) else ""
    block_match = re.fullmatch(r"\(\((.+)\)\)", arg)
    if block_match:
        uuid = block_match.group(1).strip().lower()
        target = site.graph.blocks.get(uuid)
        if target is None:
            renderer.warn(f"embedded block (({uuid})) does not exist")
            note = site.options.labels("embed_missing_block")
            return f'<div class="lsq-embed-missing"><em>{html.escape(note)}</em></div>'
        return ("block:" + uuid, target.page, target) if site.is_published(target.page) else ""
    renderer.warn(f"embed needs [[page]] or ((uuid)), got '{arg}'")
    return ""


def render_embed(outline: OutlineRenderer, macro: Macro, renderer: InlineRenderer) -> str:
    """The HTML of ``{{embed [[page]]}}`` or ``{{embed ((uuid))}}``: the page's or block's
    outline in a box headed by a link to it; cut with a note where it would embed itself
    or go deeper than ``embed_depth``."""
    site = outline.site
    found = _embed_target(site, macro.args[0].strip() if macro.args else "", renderer)
    if isinstance(found, str):
        return found
    ident, page, block = found
    frame = outline.frame
    own = "page:" + frame.source.key
    stack = frame.embeds or (own,)
    if ident in stack or ident == own:  # (own: the page the embed is on)
        return _cut(renderer, page.name, "embed_cycle")
    if len(stack) > site.options.embed_depth:
        return _cut(renderer, page.name, "embed_too_deep", depth=site.options.embed_depth)
    inner_frame = Frame(frame.src, page, (*stack, ident), anchors=False)
    roots = page.blocks if block is None else [block]
    body = outline._with(inner_frame, lambda: outline.blocks(roots, force_list=True))
    anchor = None if block is None else site.anchor(block)
    kind = "page" if block is None else "block"
    header = site.a(frame.src, page, escape(page.name), anchor, "lsq-embed-source")
    return "\n\n".join(
        [open_tag("div", classes=f"lsq-embed lsq-embed-{kind}"), header, *body, close_tag("div")]
    )
