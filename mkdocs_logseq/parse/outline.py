"""A page file's text -> its block tree (LOGSEQ_FORMAT §2.1-2.3).

Blocks start at ``-`` bullets (``*`` headlines in org files); nesting follows relative
indentation; fenced code and ``#+BEGIN_…`` blocks protect their lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

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
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), 0)
    if not end:
        return {}, 0, None
    props, error = _yaml_properties("\n".join(lines[1:end]))
    return props, end + 1, error


def _yaml_properties(text: str) -> tuple[dict[str, str], str | None]:
    """The page properties of YAML front matter ``text``, or none and why."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        return {}, f"invalid YAML front matter ({str(exc).splitlines()[0]})"
    if not isinstance(data, dict):
        return {}, "front matter is not a key: value map"
    return {str(key): _yaml_value(value) for key, value in data.items() if value is not None}, None


def _yaml_value(value: object) -> str:
    """A front matter value as a property value: a list joined with commas, a boolean as
    ``true``/``false``, anything else as its text."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_outline(text: str, org: bool = False) -> RawPage:
    """Split a page file into page properties and a tree of raw blocks."""
    lines = text.split("\n")
    page = RawPage()
    if org:
        start = _org_directives(lines, page.properties)
    else:
        props, start, page.front_matter_error = _front_matter(lines)
        page.properties.update(props)
        if not start:
            start = _property_lines(lines, page.properties)
    flat, pre = _flat_blocks(lines, start, org)
    if any(p.strip() for p in pre.lines):
        flat.insert(0, _trim_pre_block(pre))
    for block in flat:
        while len(block.lines) > 1 and not block.lines[-1].strip():
            block.lines.pop()
    page.blocks = _nest(flat)
    return page


def _org_directives(lines: list[str], properties: dict[str, str]) -> int:
    """Reads the ``#+KEY: value`` lines at the top of an org file into ``properties``
    (keys in lower case); the number of lines read."""
    start = 0
    while start < len(lines):
        m = ORG_DIRECTIVE_RE.match(lines[start])
        if not m:
            break
        properties[m.group(1).lower()] = m.group(2).strip()
        start += 1
    return start


def _property_lines(lines: list[str], properties: dict[str, str]) -> int:
    """Reads the ``key:: value`` lines at the top of a Markdown file (not bullets, not
    indented) into ``properties``; the number of lines read."""
    start = 0
    while start < len(lines):
        line = lines[start]
        m = PROPERTY_RE.match(line.strip())
        if not m or BULLET_RE.match(line) or line.startswith((" ", "\t")):
            break
        properties[m.group(1)] = (m.group(2) or "").strip()
        start += 1
    return start


def _flat_blocks(lines: list[str], start: int, org: bool) -> tuple[list[RawBlock], RawBlock]:
    """The blocks from line ``start`` on, in order and not yet nested, and the block of the
    lines before the first one (the pre-block). A block starts at a bullet (an org
    headline, or a Markdown heading out of a bullet); the lines of a fence, ``#+BEGIN_``
    block or raw HTML element that a line opens (:func:`.fences.opener`) belong to that
    line's block, whatever they look like."""
    flat: list[RawBlock] = []
    current = pre = RawBlock(1, start + 1, [], is_pre_block=True)
    protected_until = -1  # the closing line of the fence or #+BEGIN_ block we are in
    content_width = 0
    for index in range(start, len(lines)):
        line = lines[index]
        if index <= protected_until:
            current.lines.append(_strip_indent(line, content_width))
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
            text = _strip_indent(line, content_width)  # the pre-block's width is 0
            current.lines.append(text)
        if MAY_OPEN.match(text):
            found = opener(text)
            end = found.closing(lines, index + 1) if found is not None else None
            if end is not None:
                protected_until = end
    return flat, pre


def _trim_pre_block(pre: RawBlock) -> RawBlock:
    """The pre-block (the lines before the first bullet) without the blank lines around
    them, starting at its first line that is not blank."""
    lines = pre.lines
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
        pre.line += 1
    return pre


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
