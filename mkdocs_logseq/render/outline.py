"""Block trees -> Markdown (RENDERING.md "Outline").

Block content goes to Python-Markdown as top-level paragraphs; the list structure around it
is written as markers (:mod:`.markers`) that become real ``<ul>/<li>`` tags after Markdown
ran. Markdown thus never re-parses nested list indentation,
which is where most of its time goes on outlines.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..model import Block, Chunk, CodeChunk, Inline, Macro, MathChunk, Page, SpecialChunk, TextChunk
from ..parse.display import NESTED_REF
from ..parse.display import page_title as display_title
from ..parse.inline import InlineParser, text_tokens
from ..parse.properties import is_hidden, key_is_page
from .assets import resolve_asset
from .context import Site, heading_level
from .embeds import render_embed
from .frame import MAX_OUTLINE_DEPTH, PAGE_PROPERTIES_ID, Frame
from .inline import InlineRenderer, escape, image_html
from .listings import namespace_tree
from .markers import close_tag, open_tag
from .query import render_simple_query
from .tocgen import render_tocgen

LIST_START = re.compile(r"^\s{0,3}(?:[*+-]|\d{1,9}[.)])(?:\s|$)")
ADMONITIONS = {
    "note": "note",
    "tip": "tip",
    "important": "info",
    "caution": "warning",
    "warning": "danger",
    "pinned": "abstract",
}
"""Logseq's ``#+BEGIN_X`` -> Material's admonition type (the title is the label ``x``)."""
WIDGETS = {"embed", "renderer", "query", "video", "youtube", "vimeo", "bilibili", "namespace"}
DONE, CANCELED = {"DONE"}, {"CANCELED", "CANCELLED"}
OPEN_UL, OPEN_OL = open_tag("ul", classes="lsq-outline"), open_tag("ol", classes="lsq-outline")
CLOSE_LI, CLOSE_DIV = close_tag("li"), close_tag("div")


def fence(code: str, lang: str) -> str:
    ticks = "`" * max(3, max((len(m) for m in re.findall(r"`+", code)), default=0) + 1)
    return f"{ticks}{lang}\n{code}\n{ticks}"


MAX_LIST_INDENT = 64
"""The deepest indentation (in columns) of a Markdown list item inside a block's text:
Python-Markdown nests a list per four columns by recursion, and fails on lists of about
250 levels; items indented deeper are shown at this depth (the outline itself never
reaches Markdown as lists)."""


def text_lines(lines: list[str], capped: list[int] | None = None) -> str:
    """Join Markdown lines so lists, tables and quotes inside a block start as Logseq shows them.

    List items indented deeper than :data:`MAX_LIST_INDENT` are indented that much; their
    indexes go to ``capped``."""
    if len(lines) == 1:  # the common case, as the loop below treats it
        line = lines[0]
        stripped = line.lstrip()
        if stripped and not LIST_START.match(line) and stripped[0] not in "|>":
            return stripped
        if stripped.startswith("|"):
            return "\n".join(pipe_table([line]))
        return line
    out: list[str] = []
    table: list[str] = []
    prev_kind = "blank"
    for index, line in enumerate(lines):
        kind = _line_kind(line, prev_kind)
        if table and kind != "table":
            out.extend(pipe_table(table))
            table = []
        if kind != "blank" and prev_kind not in ("blank", kind):
            out.append("")  # a list, table, quote or text after something else
        if kind == "text" and prev_kind != "list":
            line = line.lstrip()
        elif kind == "list" and line[:1] in " \t":
            line = _cap_indent(line, index, capped)
        (table if kind == "table" else out).append(line)
        prev_kind = kind
    if table:
        out.extend(pipe_table(table))
    return "\n".join(out)


def _line_kind(line: str, prev_kind: str) -> str:
    """What a line of a block's text is: ``blank``, ``list`` (an item, or an indented line
    after one), ``table``, ``quote`` or ``text``."""
    stripped = line.strip()
    if not stripped:
        return "blank"
    if LIST_START.match(line):
        return "list"
    if stripped[0] == "|":
        return "table"
    if stripped[0] == ">":
        return "quote"
    return "list" if prev_kind == "list" and line[:1].isspace() else "text"


TABLE_SEPARATOR = re.compile(r"\s*:?-+:?\s*")
SEPARATOR_ROW = re.compile(r"\|[\s:|+]*-[\s:|+-]*\|")
"""A separator row: ``|---|:--|`` or org's ``|----+----|``."""


def pipe_table(lines: list[str]) -> list[str]:
    """Lines of a pipe table as mldoc reads them, written so Python-Markdown makes the same
    table: each line starting and ending with ``|`` is a row, the first one the header;
    the separator row is optional and its column count does not matter (mldoc reads
    ``| a | b | c |`` over ``|---|`` as three columns); later separator rows only part
    groups of rows. The table is as wide as its widest row (Logseq shows every cell; the
    header gets empty cells); org's ``|---+---|`` separates too. Lines that are not all
    such rows are left as they are."""
    stripped = [line.strip() for line in lines]
    if not all(len(s) > 1 and s.startswith("|") and s.endswith("|") for s in stripped):
        return lines
    rows = [_cells(s) for s in stripped]
    aligns: list[str] = []
    if len(rows) > 1 and SEPARATOR_ROW.fullmatch(stripped[1]):
        aligns = [_align(c.strip()) for c in rows[1] if TABLE_SEPARATOR.fullmatch(c)]
    body = [
        r for r, s in zip(rows[1:], stripped[1:], strict=True) if not SEPARATOR_ROW.fullmatch(s)
    ]
    width = max(len(r) for r in [rows[0], *body])
    aligns = (aligns + ["---"] * width)[:width]
    header = rows[0] + [" "] * (width - len(rows[0]))
    return [
        "|" + "|".join(header) + "|",
        "|" + "|".join(aligns) + "|",
        *("|" + "|".join(r) + "|" for r in body),
    ]


def _cells(row: str) -> list[str]:
    """The cells of ``| a | b |``: split at each ``|`` outside a code span and not escaped."""
    cells, start, i, n = [], 1, 1, len(row) - 1
    while i < n:
        ch = row[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "`":
            run = len(row) - len(row[i:].lstrip("`"))
            ticks = row[i:run]
            close = row.find(ticks, run)
            if close >= 0 and close < n:
                i = close + len(ticks)
                continue
            i = run
            continue
        if ch == "|":
            cells.append(row[start:i])
            start = i + 1
        i += 1
    cells.append(row[start:n])
    return cells


def _align(cell: str) -> str:
    """A separator cell (``:--``, ``--:``, ``:-:``, ``-``) as Python-Markdown reads it."""
    left, right = cell.startswith(":"), cell.endswith(":")
    return (":" if left else "") + "---" + (":" if right else "")


def _cap_indent(line: str, index: int, capped: list[int] | None) -> str:
    """``line`` indented at most :data:`MAX_LIST_INDENT` columns (tabs count four)."""
    rest = line.lstrip()
    if len(line[: len(line) - len(rest)].expandtabs(4)) <= MAX_LIST_INDENT:
        return line
    if capped is not None:
        capped.append(index)
    return " " * MAX_LIST_INDENT + rest


@dataclass
class _Level:
    """One level of :meth:`OutlineRenderer.blocks`' walk."""

    todo: list[Block]
    """The blocks of this level still to render, last first."""
    headings: bool
    """Heading blocks are shown as headings here."""
    closer: str
    """What closes the item holding this level, once the level is done."""
    depth: int
    """How many list items hold this level's blocks."""
    open_list: str = ""
    """``ul`` or ``ol`` while a list is open at this level."""
    bare_item: int = -1
    """Where the item holding this level opens in the output, when that block itself shows
    nothing: if its children show nothing either, the item is taken out again."""
    opened_list: int = -1
    """Where the list opened for that item begins (-1: the list was open already)."""


def _shows_something(content: list[str]) -> bool:
    """Whether a block's rendered ``content`` shows anything (else it gets no bullet)."""
    return any(part.strip() for part in content)


NO_BULLET = "lsq-nobullet"
RULE = "lsq-rule"
"""The class of a block that is only a horizontal rule (``---``): no bullet, a thin gap."""
RULE_RE = re.compile(r"[ \t]*(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})")
"""A line Markdown reads as a horizontal rule."""


def _close_level(stack: list[_Level], out: list[str]) -> None:
    """Ends the level on top of ``stack``: closes its list and the item holding it, or
    takes that item (and the list opened for it) out again when nothing in it shows."""
    level = stack.pop()
    if level.open_list:
        out.append(close_tag(level.open_list))
    if level.bare_item >= 0 and len(out) == level.bare_item + 1:
        out.pop()  # neither the block nor its children show anything: no item
        if level.opened_list >= 0 and len(out) == level.opened_list + 1:
            out.pop()
            stack[-1].open_list = ""
    elif level.closer:
        out.append(level.closer)


def _open_list(level: _Level, kind: str, out: list[str]) -> int:
    """Opens a list of ``kind`` (``ul``/``ol``) at ``level``, closing the other kind if it
    is open; where it was opened in ``out``."""
    if level.open_list:
        out.append(close_tag(level.open_list))
    level.open_list = kind
    out.append(OPEN_OL if kind == "ol" else OPEN_UL)
    return len(out) - 1


class OutlineRenderer:
    """Renders blocks of any page into the Markdown of the output page ``src``."""

    def __init__(self, site: Site, src: str) -> None:
        self.site = site
        self.src = src
        self.inline_parser = InlineParser()
        self.label_parser = InlineParser(label=True)
        self.macro_depth = 0
        self.frames: list[Frame] = []
        self.nesting = 0
        """How many list items hold what is being rendered (embeds are inside items)."""

    # -- entry points ------------------------------------------------------------------------------

    def page_body(self, page: Page) -> str:
        """The outline of ``page`` as Markdown, for its own output page."""
        return "\n\n".join(self._with(Frame(self.src, page), lambda: self.blocks(page.blocks)))

    def page_properties(self, page: Page) -> str:
        """The page-properties box of ``page``, rendered for the output page."""
        return "\n\n".join(
            self._with(
                Frame(self.src, page),
                lambda: [
                    self.properties_box(page.properties, page.property_tokens, 1, page_level=True)
                ],
            )
        )

    def page_title(self, page: Page) -> str:
        """The Markdown of ``page``'s ``<h1>``: its title, where a name holding ``[[X]]``
        shows X as a link, as Logseq's page title does."""
        if not NESTED_REF.search(page.name):
            return escape(display_title(page))

        def run() -> list[str]:
            renderer = self._inline(0)
            renderer.md_links = True
            return [renderer.render(self.inline_parser.parse(page.name)).strip()]

        return self._with(Frame(self.src, page, anchors=False), run)[0]

    def subtree(self, block: Block, anchors: bool = False, include_children: bool = True) -> str:
        """One block (and its children) as a one-item list: used by backlinks and embeds."""
        frame = Frame(self.src, block.page, self.frame.embeds if self.frames else (), anchors)

        def run() -> list[str]:
            return self.blocks([block], include_children=include_children, force_list=True)

        return "\n\n".join(self._with(frame, run))

    @property
    def frame(self) -> Frame:
        return self.frames[-1]

    def _with(self, frame: Frame, fn: Callable[[], list[str]]) -> list[str]:
        if frame.anchors:
            frame.anchor_ids = self.site.anchors(frame.source)
        self.frames.append(frame)
        try:
            return fn()
        finally:
            self.frames.pop()

    # -- blocks --------------------------------------------------------------------------------

    def blocks(
        self, blocks: list[Block], include_children: bool = True, force_list: bool = False
    ) -> list[str]:
        """Markdown of ``blocks`` and (with ``include_children``) their descendants.

        The tree is walked with a stack of levels rather than by recursion, so an outline
        nested thousands of levels deep renders whole; lists deeper than
        :data:`MAX_OUTLINE_DEPTH` on the page (embeds count the depth they are at) go on
        at that depth, with a warning."""
        out: list[str] = []
        base = self.nesting
        frame = self.frame  # the same again after each block: embeds push and pop theirs
        # (and every block rendered in a frame is of its source page)
        # top-level blocks as paragraphs (outline: paragraphs), except in embeds and queries
        paragraphs = not (force_list or frame.embeds) and self.site.options.outline == "paragraphs"
        anchors = frame.anchor_ids or {}  # none where blocks have no anchors (embeds)
        warn_deep = frame.own_page  # (once)
        # each level: the blocks left to render (reversed), its open list, whether headings
        # are shown there, and what closes the item around it once the level is done
        stack: list[_Level] = [_Level(blocks[::-1], frame.anchors and not force_list, "", base)]
        while stack:
            level = stack[-1]
            if not level.todo:
                _close_level(stack, out)
                continue
            block = level.todo.pop()
            if self.is_empty(block):
                continue
            children = block.children if include_children or len(stack) > 1 else None
            heading = heading_level(block) if level.headings and block.heading else None
            ident = anchors.get(id(block), "")
            if heading is not None or (paragraphs and block.parent is None):
                self._top_block(block, heading, ident, level, out)
                if children:
                    stack.append(_Level(children[::-1], frame.anchors, "", level.depth))
                continue
            child_level = self._list_item(block, ident, level, children, frame, out)
            if child_level is not None:
                stack.append(child_level)
            elif children:  # as deep as lists go: the children follow at this depth
                level.todo.extend(children[::-1])
                if warn_deep:
                    warn_deep = False
                    self.site.diagnostics.warn(
                        f"the outline nests deeper than {MAX_OUTLINE_DEPTH} levels; deeper "
                        f"blocks are shown at level {MAX_OUTLINE_DEPTH}",
                        block.page.file or block.page.name,
                        children[0].line,
                    )
        self.nesting = base
        return out

    def _top_block(
        self, block: Block, heading: int | None, ident: str, level: _Level, out: list[str]
    ) -> None:
        """A block out of the list: a heading (level ``heading``), or a paragraph block
        (``outline: paragraphs``) in a ``div``; the list open at its level is closed first."""
        if level.open_list:
            out.append(close_tag(level.open_list))
            level.open_list = ""
        self.nesting = level.depth
        if heading is not None:
            out.extend(self.heading(block, heading))
            return
        content = self.content(block)
        if _shows_something(content):
            out.extend((open_tag("div", ident, "lsq-block"), *content, CLOSE_DIV))

    def _list_item(
        self,
        block: Block,
        ident: str,
        level: _Level,
        children: list[Block] | None,
        frame: Frame,
        out: list[str],
    ) -> _Level | None:
        """A block as a list item (in a ``ul``, or an ``ol`` for a numbered list, opened at
        its level when needed), and the level of its children when they nest in it (None
        when it has none, or when lists are as deep as they go). A block that shows nothing
        has no bullet; with no children to hold either, it has no item."""
        numbered = block.properties and block.properties.get("logseq.order-list-type") == "number"
        kind = "ol" if numbered else "ul"
        self.nesting = level.depth + 1
        content = self.content(block)
        shown = _shows_something(content)
        nested = bool(children) and level.depth + 1 < MAX_OUTLINE_DEPTH
        if not (shown or nested):
            return None
        opened_list = -1 if level.open_list == kind else _open_list(level, kind, out)
        # a block showing nothing keeps its place for its children, without a bullet
        out.append(open_tag("li", ident, self._li_class(block) if shown else NO_BULLET))
        if shown:
            out.extend(content)
        if children and nested:
            child_level = _Level(children[::-1], frame.anchors, CLOSE_LI, level.depth + 1)
            if not shown:
                child_level.bare_item, child_level.opened_list = len(out) - 1, opened_list
            return child_level
        out.append(CLOSE_LI)
        return None

    def is_empty(self, block: Block) -> bool:
        if block.children or block.body or block.marker or block.scheduled or block.deadline:
            return False
        if any(t.strip() if isinstance(t, str) else True for t in block.title):
            return False
        return not self.visible_properties(block.properties)

    def _li_class(self, block: Block) -> str:
        title = block.title
        if not (block.marker or block.heading or block.properties) and (
            len(title) == 1 and isinstance(title[0], str)
        ):
            if not block.body and RULE_RE.fullmatch(title[0]):
                return RULE  # only a rule: no bullet beside it
            return ""  # the common case: a line of text
        classes = []
        title = [t for t in title if not (isinstance(t, str) and not t.strip())]
        if len(title) == 1 and isinstance(title[0], Macro) and title[0].name in WIDGETS:
            classes.append("lsq-widget")
        if block.marker:
            classes.append(f"lsq-task lsq-{block.marker.lower()}")
        if block.heading:
            size = block.heading if block.heading > 0 else min(block.depth + 1, 6)
            classes.append(f"lsq-heading lsq-h{max(size, 2)}")
        color = block.properties.get("background-color")
        if color and re.fullmatch(r"[a-z]+|#[0-9a-fA-F]{3,8}", color.strip('"')):
            classes.append(f"lsq-bg-{color.strip('#').strip(chr(34))}")
        return " ".join(classes)

    def heading(self, block: Block, level: int) -> list[str]:
        renderer = self._inline(block.line)
        renderer.md_links = True
        text = renderer.render(block.title).strip() or escape(block.page.name)
        anchor = self.site.anchor(block)
        out = [f"{'#' * level} {self._task_title(block, text)} {{ #{anchor} }}"]
        out.extend(renderer.after)
        out.extend(self._rest(block))
        return out

    def content(self, block: Block) -> list[str]:
        """First line, properties box and body of a block, as Markdown paragraphs."""
        renderer = self._inline(block.line)
        properties = block.properties
        title = renderer.render(block.title)
        if properties:
            title = self._highlight_prefix(block, renderer) + title
        if block.marker or block.priority:
            title = self._task_title(block, title)
        body = block.body
        lines, numbers = [title], [block.line]
        props = (
            self.properties_box(properties, block.property_tokens, block.line) if properties else ""
        )
        if not props and body and isinstance(body[0], TextChunk):
            first, body = body[0], body[1:]
            for index, tokens in enumerate(first.lines):
                lines.append(renderer.render(tokens, first.line + index))
                numbers.append(first.line + index)
        capped: list[int] = []
        text = text_lines(lines, capped)
        if capped:
            self._warn_capped(renderer, numbers[capped[0]])
        out = [text] if text.strip() else []
        out.extend(renderer.after)
        if properties.get("hl-type") == "area":
            image = self.area_image(block, self.frame.src)
            if image:
                out.append(image)
        if block.scheduled or block.deadline:
            out.extend(self._planning(block))
        if props:
            out.append(props)
        if body:
            out.extend(self.chunks(body, block))
        return out

    def _warn_capped(self, renderer: InlineRenderer, line: int) -> None:
        renderer.line = line
        renderer.warn(
            f"a list nested deeper than {MAX_LIST_INDENT // 4} levels in a block; "
            "its deeper items are shown at that depth"
        )

    def _rest(self, block: Block) -> list[str]:
        out: list[str] = []
        out.extend(self._planning(block))
        props = self.properties_box(block.properties, block.property_tokens, block.line)
        if props:
            out.append(props)
        out.extend(self.chunks(block.body, block))
        return out

    def _inline(self, line: int) -> InlineRenderer:
        frame = self.frames[-1]
        source = frame.source
        return InlineRenderer(self.site, frame.src, source, self, source.file or source.name, line)

    def _task_title(self, block: Block, text: str) -> str:
        """``text`` after the task's checkbox, marker label and priority; a finished or
        dropped task's text is struck through, as Logseq shows DONE and CANCELED."""
        checkbox = ""
        if block.marker:
            checked = " checked" if block.marker in DONE else ""
            checkbox = f'<input type="checkbox" class="lsq-checkbox" disabled{checked}> '
        text = self._task_prefix(block) + text
        if block.marker in DONE or block.marker in CANCELED:
            text = f'<span class="lsq-task-text">{text}</span>'
        return checkbox + text

    def _task_prefix(self, block: Block) -> str:
        """The marker label (not for TODO, LATER, DONE) and priority of a task."""
        out = ""
        if block.marker and block.marker not in ("TODO", "LATER", "DONE"):
            out += f'<span class="lsq-marker">{block.marker}</span> '
        if block.priority:
            page = self.site.page_of(block.priority)
            label = f"[#{block.priority}]"
            if page is not None:
                out += (
                    self.site.a(self.frame.src, page, escape(label), classes="lsq-priority") + " "
                )
            else:
                out += f'<span class="lsq-priority">{html.escape(label)}</span> '
        return out

    def _highlight_prefix(self, block: Block, renderer: InlineRenderer) -> str:
        """``P12`` before a PDF highlight, linking to that page of the PDF."""
        hl_page = block.properties.get("hl-page")
        if block.properties.get("ls-type") != "annotation" or not hl_page:
            return ""
        pdf = self._pdf_of(block.page)
        if pdf is None:
            return f'<span class="lsq-hl-page">P{html.escape(hl_page)}</span> '
        url = self.site.asset_url(self.frame.src, pdf) + f"#page={hl_page}"
        return f'<a class="lsq-hl-page" href="{html.escape(url)}">P{html.escape(hl_page)}</a> '

    def _pdf_of(self, page: Page) -> str | None:
        path = page.properties.get("file-path", "")
        if not path:
            m = re.search(r"\]\(([^)]+\.pdf)\)", page.properties.get("file", ""))
            path = m.group(1) if m else ""
        if not path:
            return None
        rel, problem = resolve_asset(self.site.graph.files, page.file, path)
        if rel is None or problem is not None:
            return None
        self.site.assets.add(rel)
        return rel

    def area_image(self, block: Block, src: str) -> str | None:
        """The screenshot of an area highlight (``assets/<pdf>/<page>_<uuid>_<stamp>.png``)."""
        stamp, hl_page = block.properties.get("hl-stamp"), block.properties.get("hl-page")
        if not (stamp and hl_page and block.uuid):
            return None
        name = block.page.name
        key = name[5:] if name.lower().startswith("hls__") else name
        rel = f"assets/{key}/{hl_page}_{block.uuid}_{stamp}.png"
        problem = (
            "not found"
            if not (self.site.graph.root / rel).is_file()
            else self.site.graph.files.publish_problem(rel)
        )
        if problem is not None:
            source = block.page.file or "pages/x.md"
            shown = posixpath.relpath(rel, posixpath.dirname(source) or ".")
            self.site.diagnostics.warn(
                f"area highlight: asset '{shown}' {problem}",
                block.page.file or block.page.name,
                block.line,
            )
            label = f"[area highlight, page {html.escape(hl_page)}]"
            return f'<span class="lsq-missing-asset">{label}</span>'
        self.site.assets.add(rel)
        return image_html(self.site.asset_url(src, rel), f"area highlight, page {hl_page}")

    def _planning(self, block: Block) -> list[str]:
        parts = []
        for label, value in (("SCHEDULED", block.scheduled), ("DEADLINE", block.deadline)):
            if value:
                parts.append(
                    f'<small class="lsq-planning">{label}: {html.escape(value.strip("<>"))}</small>'
                )
        return [" ".join(parts)] if parts else []

    # -- properties --

    def visible_properties(self, properties: dict[str, str]) -> list[str]:
        if self.site.options.properties == "hide":
            return []
        config = self.site.graph.config
        return [k for k, v in properties.items() if v.strip() and not is_hidden(k, config)]

    def properties_box(
        self,
        properties: dict[str, str],
        tokens: dict[str, list[Inline]],
        line: int,
        page_level: bool = False,
    ) -> str:
        keys = self.visible_properties(properties)
        if page_level:
            keys = [k for k in keys if k not in ("title", "public", "filters", "icon")]
        if not keys:
            return ""
        renderer = self._inline(line)
        rows = []
        for key in keys:
            key_page = self.site.page_of(key) if key_is_page(key, self.site.graph.config) else None
            key_md = self.site.a(self.frame.src, key_page, escape(key)) if key_page else escape(key)
            value = renderer.render(tokens[key] if key in tokens else text_tokens(properties[key]))
            rows.append(f'<span class="lsq-prop-key">{key_md}</span>: {value}')
        ident = PAGE_PROPERTIES_ID if page_level and self.frame.anchors else ""
        return "\n\n".join(
            [open_tag("div", ident, "lsq-properties"), "\n".join(rows), close_tag("div")]
        )

    # -- chunks --

    def chunks(self, chunks: list[Chunk], block: Block) -> list[str]:
        out: list[str] = []
        for chunk in chunks:
            if isinstance(chunk, TextChunk):
                renderer = self._inline(chunk.line)
                lines = [
                    renderer.render(tokens, chunk.line + i) for i, tokens in enumerate(chunk.lines)
                ]
                capped: list[int] = []
                text = text_lines(lines, capped)
                if capped:
                    self._warn_capped(renderer, chunk.line + capped[0])
                if text.strip():
                    out.append(text)
                out.extend(renderer.after)
            elif isinstance(chunk, CodeChunk):
                out.append(fence(chunk.code, chunk.lang))
            elif isinstance(chunk, MathChunk):
                out.append(f"$$\n{chunk.tex}\n$$")
            elif isinstance(chunk, SpecialChunk):
                out.extend(self.special(chunk, block))
        return out

    def special(self, chunk: SpecialChunk, block: Block) -> list[str]:
        kind = chunk.kind
        if kind == "comment":
            return []
        if kind in ("export", "html"):  # raw HTML, as Logseq shows it (or as text)
            if not chunk.raw.strip():
                return []
            if self.site.options.raw_html == "escape":
                return [fence(chunk.raw, "html")]
            return [self._inline(chunk.line or block.line).author_html(chunk.raw)]
        if kind == "query":
            return [self.advanced_query(chunk)]
        inner = self.chunks(chunk.chunks, block)
        if kind in ADMONITIONS:
            css, title = ADMONITIONS[kind], escape(self.site.options.labels(kind))
            body = "\n\n".join(inner) or "&nbsp;"
            return [
                f'!!! {css} "{title}"\n\n'
                + "\n".join(("    " + ln) if ln.strip() else "" for ln in body.split("\n"))
            ]
        if kind == "quote":
            body = "\n\n".join(inner)
            return ["\n".join("> " + ln if ln.strip() else ">" for ln in body.split("\n"))]
        return [
            open_tag("div", classes=f"lsq-{re.sub(r'[^a-z0-9-]', '', kind)}"),
            *inner,
            close_tag("div"),
        ]

    def advanced_query(self, chunk: SpecialChunk) -> str:
        m = re.search(r':title\s+"([^"]*)"', chunk.raw)
        # A raw HTML block: Markdown never reads it, so the note is only HTML-escaped.
        label = self.site.options.labels
        note = label("advanced_query_titled", title=m.group(1)) if m else label("advanced_query")
        return f'<div class="lsq-query"><em>{html.escape(note)}</em></div>'

    # -- block-level macros (called from InlineRenderer) --

    def embed(self, macro: Macro, renderer: InlineRenderer) -> str:
        return render_embed(self, macro, renderer)

    def tocgen(self, macro: Macro, renderer: InlineRenderer) -> str:
        return render_tocgen(self, macro, renderer)

    def namespace_tree(self, macro: Macro, renderer: InlineRenderer) -> str:
        name = macro.args[0].strip() if macro.args else ""
        name = name[2:-2] if name.startswith("[[") and name.endswith("]]") else name
        page = self.site.page_of(name)
        if page is None:
            renderer.warn(f"{{{{namespace {name}}}}}: no published page '{name}'")
            return ""
        return namespace_tree(self.site, self.frame.src, page, short=True)

    def query(self, macro: Macro, renderer: InlineRenderer) -> str:
        return render_simple_query(self, macro, renderer)
