"""A page file's text -> its block tree (LOGSEQ_FORMAT §2.1-2.3).

Blocks start at ``-`` bullets (``*`` headlines in org files); nesting follows relative
indentation; fenced code and ``#+BEGIN_…`` blocks protect their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .content import PROPERTY_RE
from .fences import MAY_OPEN, opener

BULLET_RE = re.compile(r"^([ \t]*)-(?:[ \t]|$)")
ORG_HEADLINE_RE = re.compile(r"^(\*+)(?:[ \t]+|$)")
MD_HEADING_RE = re.compile(r"^#{1,6}[ \t]")
ORG_DIRECTIVE_RE = re.compile(r"^#\+([A-Za-z_-]+):[ \t]*(.*)$")


@dataclass
class RawBlock:
    """A block as found in the file: its indentation level, line number and dedented lines."""

    level: int
    line: int
    lines: list[str]
    children: list[RawBlock] = field(default_factory=list)
    is_pre_block: bool = False


@dataclass
class RawPage:
    """The outline of one file: page-property lines (key -> value) and top-level blocks."""

    properties: dict[str, str] = field(default_factory=dict)
    property_line: int = 1
    blocks: list[RawBlock] = field(default_factory=list)
    front_matter_error: str | None = None


def _strip_indent(line: str, width: int) -> str:
    head = line[:width]
    return line[width:] if not head.strip() else line.lstrip()


def _front_matter(lines: list[str]) -> tuple[dict[str, str], int, str | None]:
    """YAML front matter at the top (``---`` … ``---``): (properties, lines used, error)."""
    if not lines or lines[0].strip() != "---":
        return {}, 0, None
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, 0, None
    import yaml  # PyYAML: only needed for graphs with front matter

    text = "\n".join(lines[1:end])
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        return {}, end + 1, f"invalid YAML front matter ({str(exc).splitlines()[0]})"
    if not isinstance(data, dict):
        return {}, end + 1, "front matter is not a key: value map"
    props: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, (list, tuple)):
            props[str(key)] = ", ".join(str(v) for v in value)
        elif isinstance(value, bool):
            props[str(key)] = "true" if value else "false"
        elif value is not None:
            props[str(key)] = str(value)
    return props, end + 1, None


def parse_outline(text: str, org: bool = False) -> RawPage:
    """Split a page file into page properties and a tree of raw blocks."""
    lines = text.split("\n")
    page = RawPage()
    start = 0
    props, used, error = _front_matter(lines) if not org else ({}, 0, None)
    page.front_matter_error = error
    if used:
        page.properties.update(props)
        start = used
    elif org:
        while start < len(lines):
            m = ORG_DIRECTIVE_RE.match(lines[start])
            if not m:
                break
            page.properties[m.group(1).lower()] = m.group(2).strip()
            start += 1
    else:
        while (
            start < len(lines)
            and PROPERTY_RE.match(lines[start].strip())
            and not BULLET_RE.match(lines[start])
            and not lines[start].startswith((" ", "\t"))
        ):
            m = PROPERTY_RE.match(lines[start].strip())
            assert m is not None
            page.properties[m.group(1)] = (m.group(2) or "").strip()
            start += 1
    page.property_line = 1

    flat: list[RawBlock] = []
    current: RawBlock | None = None
    pre: list[str] = []
    pre_line = start + 1
    protected_until = -1  # the closing line of the fence or #+BEGIN_ block we are in
    content_width = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if index <= protected_until:
            (current.lines if current else pre).append(_strip_indent(line, content_width))
            continue
        bullet = None if org else BULLET_RE.match(line)
        if bullet:  # (as _block_start says, without the call: most lines are bullets)
            indent = len(bullet.group(1))
            level, text, width = indent + 1, line[bullet.end() :], indent + 2
        else:
            level, text, width = _block_start(line, org)
        if level:
            current = RawBlock(level, index + 1, [text])
            flat.append(current)
            content_width = width
        else:
            text = _strip_indent(line, content_width) if current else line
            (current.lines if current else pre).append(text)
        if MAY_OPEN.match(text):
            found = opener(text)
            end = found.closing(lines, index + 1) if found is not None else None
            if end is not None:
                protected_until = end
    if any(p.strip() for p in pre):
        while pre and not pre[-1].strip():
            pre.pop()
        while pre and not pre[0].strip():
            pre.pop(0)
            pre_line += 1
        flat.insert(0, RawBlock(1, pre_line, pre, is_pre_block=True))
    for block in flat:
        while len(block.lines) > 1 and not block.lines[-1].strip():
            block.lines.pop()
    page.blocks = _nest(flat)
    return page


def _block_start(line: str, org: bool) -> tuple[int, str, int]:
    """(level, first line, width of the bullet and its indentation) of a block starting at
    ``line``; level 0 if none starts there."""
    if org:
        m = ORG_HEADLINE_RE.match(line)
        if m:
            return len(m.group(1)), line[m.end() :], m.end()
        return 0, "", 0
    m = BULLET_RE.match(line)
    if m:
        return len(m.group(1)) + 1, line[m.end() :], len(m.group(1)) + 2
    if MD_HEADING_RE.match(line):
        return 1, line, 0
    return 0, "", 0


def _nest(flat: list[RawBlock]) -> list[RawBlock]:
    """Rebuild parent/child links from relative levels (Logseq's ``with-parent-and-left``)."""
    roots: list[RawBlock] = []
    stack: list[RawBlock] = []
    for block in flat:
        while stack and stack[-1].level >= block.level:
            stack.pop()
        (stack[-1].children if stack else roots).append(block)
        stack.append(block)
    return roots
