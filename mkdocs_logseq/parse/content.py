"""A block's lines -> properties, task marker, heading, and content chunks (LOGSEQ_FORMAT §2)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Chunk, CodeChunk, Html, Inline, MathChunk, SpecialChunk, TextChunk
from .diagnostics import Diagnostics
from .fences import Opener, html_depth, opener
from .hiccup import hiccup_to_html
from .inline import InlineParser

PROPERTY_RE = re.compile(r"^([^\s:][^\s]*?)::(?:[ \t]+(.*?)|[ \t]*)$")
ORG_PROPERTY_RE = re.compile(r"^:([^\s:]+):(?:[ \t]+(.*?)|[ \t]*)$")
HEADING_RE = re.compile(r"^(#{1,6})(?:[ \t]+(.*)|$)")
MARKERS = (
    "TODO",
    "DOING",
    "WAITING",
    "WAIT",
    "DONE",
    "CANCELED",
    "CANCELLED",
    "STARTED",
    "IN-PROGRESS",
    "NOW",
    "LATER",
)
MARKER_RE = re.compile(r"^(" + "|".join(MARKERS) + r")(?:[ \t]+|$)")
PRIORITY_RE = re.compile(r"^\[#([ABC])\][ \t]*")
_SPECIAL_START = re.compile(r"^\s*(?:#|\[#|[A-Z-]{3,}\b|:|`{3}|~{3}|SCHEDULED|DEADLINE)")
"""A first line that may be a heading, priority, task marker, drawer or fence."""
PLAIN_LINE = re.compile(
    r"(?!\s*(?:#|\[#|[A-Z-]{3,}\b|:|`{3}|~{3}|SCHEDULED|DEADLINE))(?!.*(?:::|\$\$))"
)
"""Matches a block's only line when it is nothing but inline text: no property, heading,
priority, task marker, drawer, fence or display math (:data:`_SPECIAL_START`)."""
PLANNING_RE = re.compile(r"^\s*(SCHEDULED|DEADLINE):\s*(<[^>]*>)\s*$")


def normalize_key(key: str) -> str:
    """Logseq property key normalisation: lower-case, ``_`` and space -> ``-``."""
    key = key.strip().lower().replace("_", "-").replace(" ", "-")
    return "id" if key == "custom-id" else key


@dataclass
class BlockText:
    """The parts of a block's text, before references are resolved."""

    title: str = ""
    body: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    property_lines: dict[str, int] = field(default_factory=dict)
    heading: int = 0
    marker: str | None = None
    priority: str | None = None
    scheduled: str | None = None
    deadline: str | None = None


def split_block(lines: list[str], org: bool = False) -> BlockText:
    """Take properties, drawers and planning lines out of a block's lines (first line first)."""
    out = BlockText()
    if len(lines) == 1 and PLAIN_LINE.match(lines[0]):
        out.title = lines[0]  # the common case: one plain line
        return out
    kept = _take_metadata(lines, out)
    if not kept:
        return out
    found = opener(kept[0])
    if found is not None and found.html and found.closing(kept, 1) is not None:
        out.body = kept  # raw HTML from the first line on: mldoc gives the block no title
        return out
    out.title = _take_title_prefixes(kept[0], org, out)
    out.body = kept[1:]
    return out


def _take_metadata(lines: list[str], out: BlockText) -> list[str]:
    """Moves a block's ``key:: value`` lines, ``:PROPERTIES:`` drawer, planning lines
    (``SCHEDULED:``/``DEADLINE:``) into ``out``, drops its other drawers (``:LOGBOOK:``)
    and returns the other lines; the lines of a fence or ``#+BEGIN_`` block are kept as
    they are."""
    kept: list[str] = []
    protected_until = -1  # the closing line of the fence or #+BEGIN_ block we are in
    drawer: str | None = None
    for index, line in enumerate(lines):
        if index <= protected_until:
            kept.append(line)
            continue
        found = opener(line)
        end = found.closing(lines, index + 1) if found is not None else None
        if end is not None:
            protected_until = end
            kept.append(line)
            continue
        stripped = line.strip()
        if drawer is not None:
            drawer = _drawer_line(stripped, drawer, out)
            continue
        drawer = _drawer_opened(stripped, index)
        if drawer is None and not _metadata_line(line, stripped, index, out):
            kept.append(line)
    return kept


def _drawer_opened(stripped: str, index: int) -> str | None:
    """The kind of drawer (``properties`` or ``other``) line ``stripped`` opens, if any:
    ``:PROPERTIES:``, ``:LOGBOOK:`` or, after the first line, any ``:NAME:`` but ``:END:``."""
    upper = stripped.upper()
    if upper == ":PROPERTIES:":
        return "properties"
    if upper == ":LOGBOOK:" or (
        index > 0 and upper != ":END:" and re.fullmatch(r":[A-Z_-]+:", stripped)
    ):
        return "other"
    return None


def _drawer_line(stripped: str, drawer: str, out: BlockText) -> str | None:
    """Reads a line inside a drawer: ``:END:`` closes it (None), a ``:key: value`` line of a
    properties drawer is a property; the drawer still open after it."""
    if stripped.upper() == ":END:":
        return None
    if drawer == "properties":
        pm = ORG_PROPERTY_RE.match(stripped)
        if pm:
            out.properties[normalize_key(pm.group(1))] = (pm.group(2) or "").strip()
    return drawer


def _metadata_line(line: str, stripped: str, index: int, out: BlockText) -> bool:
    """Whether line ``index`` is a ``key:: value`` or planning line, taken into ``out``."""
    pm = PROPERTY_RE.match(stripped)
    if pm and not stripped.startswith("#"):
        key = normalize_key(pm.group(1))
        out.properties[key] = (pm.group(2) or "").strip()
        out.property_lines[key] = index
        return True
    plan = PLANNING_RE.match(line)
    if plan:
        if plan.group(1) == "SCHEDULED":
            out.scheduled = plan.group(2)
        else:
            out.deadline = plan.group(2)
        return True
    return False


def _take_title_prefixes(title: str, org: bool, out: BlockText) -> str:
    """The title without its Markdown heading ``#``s, task marker and ``[#A]`` priority,
    each taken into ``out``."""
    if not org:
        hm = HEADING_RE.match(title)
        if hm:
            out.heading = len(hm.group(1))
            title = hm.group(2) or ""
    mm = MARKER_RE.match(title)
    if mm:
        out.marker = mm.group(1)
        title = title[mm.end() :]
    pm = PRIORITY_RE.match(title)
    if pm:
        out.priority = pm.group(1)
        title = title[pm.end() :]
    return title


MAX_SPECIAL_DEPTH = 16
"""The deepest nesting of ``#+BEGIN_…`` blocks read as such; deeper ones are shown as
written (as code), with a warning: each level is a box inside a box on the page, and
reading and rendering them recurse."""


class ContentParser:
    """Block body lines -> chunks: fences, ``#+BEGIN_…`` blocks, display math, Markdown text."""

    def __init__(
        self, inline: InlineParser, diagnostics: Diagnostics | None = None, file: str = ""
    ) -> None:
        self.inline = inline
        self.diagnostics = diagnostics
        self.file = file
        self.depth = 0
        """How many ``#+BEGIN_…`` blocks hold the lines being read."""

    def chunks(self, lines: list[str], first_line: int = 0) -> list[Chunk]:
        """The chunks of a block's body lines (``first_line``: the line number of the first):
        each fence, ``#+BEGIN_`` block, raw HTML element and display math a chunk of its
        own, the lines between them (hiccup read as HTML) one text chunk."""
        out: list[Chunk] = []
        text: list[list[Inline]] = []
        text_start = first_line
        i, n = 0, len(lines)
        while i < n:
            line = lines[i]
            block = self._block_chunk(lines, i, first_line)
            if block is not None:
                if text:
                    out.append(TextChunk(text, text_start))
                    text = []
                chunk, i, rest = block
                out.append(chunk)
                if rest.strip():  # text after raw HTML's close tag: a paragraph of its own
                    text_start = first_line + i - 1
                    text.append(self.inline.parse(rest))
                continue
            if not text:
                text_start = first_line + i
            html, used = self._hiccup(lines, i) if line.lstrip().startswith("[:") else (None, 0)
            if html is not None:
                text.append([Html(html, "\n".join(lines[i : i + used]))])
                i += used
                continue
            text.append(self.inline.parse(line))
            i += 1
        if text:
            out.append(TextChunk(text, text_start))
        return out

    def _block_chunk(
        self, lines: list[str], start: int, first_line: int
    ) -> tuple[Chunk, int, str] | None:
        """The chunk that ``lines[start]`` opens if it is no text (a fence, ``#+BEGIN_``
        block, raw HTML element or display math): (chunk, index of the line after it, text
        after raw HTML's close tag); None for a line of text."""
        found = opener(lines[start])
        end = found.closing(lines, start + 1) if found is not None else None
        if found is not None and end is not None:
            chunk, rest = self._opened(lines, start, end, found, first_line)
            return chunk, end + 1, rest
        math = _display_math(lines, start) if "$$" in lines[start] else None
        return (math[0], math[1], "") if math is not None else None

    def _opened(
        self, lines: list[str], start: int, end: int, found: Opener, first_line: int
    ) -> tuple[Chunk, str]:
        """The chunk of what ``lines[start]`` opens and ``lines[end]`` closes: raw HTML (and
        the text after its close tag), code, or a ``#+BEGIN_`` block (as written when
        nested too deep)."""
        line = first_line + start
        if found.html:  # raw HTML, shown as Logseq shows it: as HTML
            raw, rest = _raw_html(lines, start, end, found)
            return SpecialChunk("html", [], raw, line), rest
        if found.fence:
            return CodeChunk(found.argument, _fence_body(lines[start + 1 : end], found)), ""
        if self.depth < MAX_SPECIAL_DEPTH:
            name, inner, raw_lines = (
                found.name.lower(),
                lines[start + 1 : end],
                lines[start : end + 1],
            )
            return self._special(name, found.argument, inner, raw_lines, line), ""
        self._too_deep(line)  # too deep: as written, verbatim
        return CodeChunk("", "\n".join(lines[start : end + 1])), ""

    def _hiccup(self, lines: list[str], start: int) -> tuple[str | None, int]:
        """Hiccup that spans several lines: (HTML, lines used) or (None, 0)."""
        for end in range(start, min(start + 40, len(lines))):
            text = "\n".join(lines[start : end + 1]).strip()
            if text.count("[") == text.count("]") and text.endswith("]"):
                html = hiccup_to_html(text)
                return (html, end - start + 1) if html is not None else (None, 0)
        return None, 0

    def _special(self, kind: str, arg: str, inner: list[str], raw: list[str], line: int) -> Chunk:
        dedent = _common_indent(inner)
        inner = [ln[dedent:] if len(ln) >= dedent else ln.lstrip() for ln in inner]
        if kind == "src":
            return CodeChunk(arg.split()[0] if arg else "", "\n".join(inner))
        if kind == "example":
            return CodeChunk("", "\n".join(inner))
        if kind in ("query", "comment", "export"):
            return SpecialChunk(kind, [], "\n".join(inner), line)
        self.depth += 1
        try:
            return SpecialChunk(kind, self.chunks(inner, line + 1), "\n".join(raw), line)
        finally:
            self.depth -= 1

    def _too_deep(self, line: int) -> None:
        if self.diagnostics is not None:
            self.diagnostics.warn(
                f"#+BEGIN_ blocks nested deeper than {MAX_SPECIAL_DEPTH} levels; "
                "the deeper ones are shown as written",
                self.file,
                line,
            )


def _display_math(lines: list[str], start: int) -> tuple[MathChunk, int] | None:
    """Display math opened by ``$$`` at the start of ``lines[start]`` (not closed on that
    line) and closed by the next line holding ``$$``: the chunk and the index of the line
    after it. None if no math opens there or it is never closed."""
    first = lines[start].strip()
    if not first.startswith("$$") or (first.endswith("$$") and first != "$$"):
        return None
    end = next((j for j in range(start + 1, len(lines)) if "$$" in lines[j]), None)
    if end is None:
        return None
    last = lines[end].strip()
    last = last[:-2] if last.endswith("$$") else lines[end]
    body = [first[2:], *lines[start + 1 : end], last]
    return MathChunk("\n".join(t for t in body if t.strip())), end + 1


def _raw_html(lines: list[str], start: int, end: int, found: Opener) -> tuple[str, str]:
    """The raw HTML from ``lines[start]`` to its close tag on ``lines[end]``, and the text
    after that close tag."""
    depth = found.depth
    for line in lines[start + 1 : end]:
        depth = html_depth(line, found.html, depth)[0]
    close = html_depth(lines[end], found.html, depth)[1]
    return "\n".join([*lines[start:end], lines[end][:close]]), lines[end][close:]


def _fence_body(lines: list[str], found: Opener) -> str:
    """A fence's lines without the fence's own indentation (left-trimmed if they have less)."""
    indent = found.indent
    return "\n".join(ln[len(indent) :] if ln.startswith(indent) else ln.lstrip() for ln in lines)


def _common_indent(lines: list[str]) -> int:
    widths = [len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()]
    return min(widths) if widths else 0
