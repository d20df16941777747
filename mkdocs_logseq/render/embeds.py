"""``{{embed [[page]]}}`` and ``{{embed ((uuid))}}``: the source inside a framed box."""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from ..model import Macro
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


def render_embed(outline: OutlineRenderer, macro: Macro, renderer: InlineRenderer) -> str:
    site = outline.site
    arg = macro.args[0].strip() if macro.args else ""
    frame = outline.frame
    page_match = re.fullmatch(r"\[\[(.+)\]\]", arg)
    block_match = re.fullmatch(r"\(\((.+)\)\)", arg)
    if page_match:
        name = page_match.group(1).strip()
        page = site.graph.resolve(name)
        if page is None or (page.file is None and not page.blocks and not site.is_published(page)):
            renderer.warn(f"embedded page '{name}' does not exist")
            note = site.options.labels("embed_missing_page", name=name)
            return f'<div class="lsq-embed-missing"><em>{html.escape(note)}</em></div>'
        if not site.is_published(page):
            return ""
        ident = "page:" + page.key
        label = page.name
    elif block_match:
        uuid = block_match.group(1).strip().lower()
        target = site.graph.blocks.get(uuid)
        if target is None:
            renderer.warn(f"embedded block (({uuid})) does not exist")
            note = site.options.labels("embed_missing_block")
            return f'<div class="lsq-embed-missing"><em>{html.escape(note)}</em></div>'
        if not site.is_published(target.page):
            return ""
        ident = "block:" + uuid
        label = target.page.name
        page = target.page
    else:
        renderer.warn(f"embed needs [[page]] or ((uuid)), got '{arg}'")
        return ""
    own = "page:" + frame.source.key
    stack = frame.embeds or (own,)
    if ident in stack or (page_match and ident == own):
        return _cut(renderer, label, "embed_cycle")
    if len(stack) > site.options.embed_depth:
        return _cut(renderer, label, "embed_too_deep", depth=site.options.embed_depth)
    inner_frame = Frame(frame.src, page, (*stack, ident), anchors=False)
    anchor = site.anchor(target) if block_match and target is not None else None
    if block_match:
        assert target is not None
        body = outline._with(inner_frame, lambda: outline.blocks([target], force_list=True))
        kind = "block"
    else:
        body = outline._with(inner_frame, lambda: outline.blocks(page.blocks, force_list=True))
        kind = "page"
    header = site.a(frame.src, page, escape(label), anchor, "lsq-embed-source")
    return "\n\n".join(
        [open_tag("div", classes=f"lsq-embed lsq-embed-{kind}"), header, *body, close_tag("div")]
    )
