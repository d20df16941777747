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
            if stripped.upper() == ":END:":
                drawer = None
            elif drawer == "properties":
                pm = ORG_PROPERTY_RE.match(stripped)
                if pm:
                    out.properties[normalize_key(pm.group(1))] = (pm.group(2) or "").strip()
            continue
        upper = stripped.upper()
        if upper in (":LOGBOOK:", ":PROPERTIES:") or (
            re.fullmatch(r":[A-Z_-]+:", stripped) and index > 0 and upper != ":END:"
        ):
            drawer = "properties" if upper == ":PROPERTIES:" else "other"
            continue
        pm = PROPERTY_RE.match(stripped)
        if pm and not stripped.startswith("#"):
            key = normalize_key(pm.group(1))
            out.properties[key] = (pm.group(2) or "").strip()
            out.property_lines[key] = index
            continue
        plan = PLANNING_RE.match(line)
        if plan:
            if plan.group(1) == "SCHEDULED":
                out.scheduled = plan.group(2)
            else:
                out.deadline = plan.group(2)
            continue
        kept.append(line)
    if not kept:
        return out
    found = opener(kept[0])
    if found is not None and found.html and found.closing(kept, 1) is not None:
        out.body = kept  # raw HTML from the first line on: mldoc gives the block no title
        return out
    title = kept[0]
    if not org:
        hm = HEADING_RE.match(title)
        if hm:
            out.heading = len(hm.group(1))
            title = hm.group(2) or ""
    mm = MARKER_RE.match(title)
    if mm:
        out.marker = mm.group(1)
        title = title[mm.end() :]
        pm2 = PRIORITY_RE.match(title)
        if pm2:
            out.priority = pm2.group(1)
            title = title[pm2.end() :]
    else:
        pm2 = PRIORITY_RE.match(title)
        if pm2:
            out.priority = pm2.group(1)
            title = title[pm2.end() :]
    out.title = title
    out.body = kept[1:]
    return out


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
        out: list[Chunk] = []
        text: list[list[Inline]] = []
        text_start = first_line
        i, n = 0, len(lines)

        def flush() -> None:
            nonlocal text
            if text:
                out.append(TextChunk(text, text_start))
                text = []

        while i < n:
            line = lines[i]
            found = opener(line)
            end = found.closing(lines, i + 1) if found is not None else None
            if found is not None and end is not None:
                flush()
                if found.html:  # raw HTML, shown as Logseq shows it: as HTML
                    raw, rest = _raw_html(lines, i, end, found)
                    out.append(SpecialChunk("html", [], raw, first_line + i))
                    i = end + 1
                    text_start = first_line + end
                    if rest.strip():  # text after the close tag: a paragraph of its own
                        text.append(self.inline.parse(rest))
                    continue
                if found.fence:
                    out.append(CodeChunk(found.argument, _fence_body(lines[i + 1 : end], found)))
                elif self.depth < MAX_SPECIAL_DEPTH:
                    out.append(
                        self._special(
                            found.name.lower(),
                            found.argument,
                            lines[i + 1 : end],
                            lines[i : end + 1],
                            first_line + i,
                        )
                    )
                else:  # too deep: as written, verbatim
                    self._too_deep(first_line + i)
                    out.append(CodeChunk("", "\n".join(lines[i : end + 1])))
                i = end + 1
                text_start = first_line + i
                continue
            if (
                line.strip() == "$$"
                or (line.strip().startswith("$$") and not line.strip().endswith("$$"))
                or line.strip() == "$$"
            ):
                j = i + 1
                while j < n and "$$" not in lines[j]:
                    j += 1
                if j < n:
                    flush()
                    first = line.strip()[2:]
                    last = lines[j].strip()[:-2] if lines[j].strip().endswith("$$") else lines[j]
                    body_tex = [first, *lines[i + 1 : j], last]
                    out.append(MathChunk("\n".join(t for t in body_tex if t.strip())))
                    i = j + 1
                    text_start = first_line + i
                    continue
            if line.lstrip().startswith("[:"):
                html, used = self._hiccup(lines, i)
                if html is not None:
                    if not text:
                        text_start = first_line + i
                    text.append([Html(html)])
                    i += used
                    continue
            if not text:
                text_start = first_line + i
            text.append(self.inline.parse(line))
            i += 1
        flush()
        return out

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
