"""Fenced code and ``#+BEGIN_…`` blocks: which line opens one and which line closes it.

The one scanner for every reader of a page's lines: the outline (a fence protects ``- ``
lines from becoming blocks), a block's properties and drawers (a fence protects
``key:: value`` lines), and the content chunks (a fence becomes code). All three agree on
what a fence holds because they all ask :func:`opener`.

The rules:

- a fence opens with three or more backticks or tildes, and is closed by a line starting
  with at least as many of the same character, so a ```` fence holds ``` lines
  (CommonMark's rule; mldoc 1.5.7 reads ```` as ``` and splits such a fence); one left
  open runs to the end of the text;
- a line like ```` ```code``` and more ```` holds a code span, not a fence;
- ``#+BEGIN_X`` opens a block closed by ``#+END_X`` (any case); without that line it
  opens nothing (mldoc reads it as text, and so do we);
- a line starting with an HTML element of a tag mldoc knows (``<pre>``, ``<div …>``),
  not closed on that line, opens raw HTML that runs to the line holding its matching close
  tag (nested tags of the same name counted, as mldoc's ``raw_html.ml`` counts them); one
  starting an HTML comment (``<!--``) runs to the line holding ``-->``. Logseq shows raw
  HTML as HTML, so nothing in it is a block, property or Logseq syntax. Without a matching
  close it opens nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)")
BEGIN_RE = re.compile(r"^\s*#\+BEGIN_(\w+)\s*(.*)$", re.IGNORECASE)
MAY_OPEN = re.compile(r"\s*[`~#<]")
"""A line that may open a fence, a ``#+BEGIN_`` block or raw HTML (:func:`opener` tells)."""
_KNOWN_TAGS = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button "
    "canvas caption cite code col colgroup data datalist dd del dfn div dl dt em embed "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hr html i "
    "iframe img input ins kbd keygen label legend li link main map mark meta meter nav "
    "noscript object ol optgroup option output p param pre progress q rb rp rt rtc ruby "
    "s samp script section select small source span strong style sub sup table tbody td "
    "template textarea tfoot th thead time title tr track u ul var video details summary "
    "wbr"
)
KNOWN_TAGS = frozenset(_KNOWN_TAGS.split())
"""The HTML tags mldoc reads as HTML (``lib/syntax/raw_html.ml`` ``known_tags``); any other
``<name>`` is text."""
COMMENT = "!--"
"""The :attr:`Opener.html` of an HTML comment (``<!--`` … ``-->``)."""
HTML_OPEN_RE = re.compile(r"^(\s*)<([A-Za-z][A-Za-z0-9]*)(?=[\s>])")


@dataclass(frozen=True)
class Opener:
    """A line opening a fence (``fence`` is its run of backticks or tildes) or a ``#+BEGIN_``
    block (``fence`` is empty, ``name`` the block's name)."""

    indent: str
    fence: str
    name: str
    argument: str
    end: re.Pattern[str] | None = None
    html: str = ""
    """For raw HTML: the element's tag name (lower case)."""
    depth: int = 0
    """For raw HTML: how many elements of that tag the opening line leaves open."""

    def closes(self, line: str) -> bool:
        """Whether ``line`` closes what this line opened."""
        if self.end is not None:
            return self.end.match(line) is not None
        return line.strip().startswith(self.fence)

    def closing(self, lines: list[str], start: int) -> int | None:
        """The index of the first line from ``start`` on that closes this opener:
        ``len(lines)`` for a fence left open, None for a ``#+BEGIN_`` never closed (or raw
        HTML whose element is never closed)."""
        if self.html:
            depth = self.depth
            for index in range(start, len(lines)):
                depth, _ = html_depth(lines[index], self.html, depth)
                if depth <= 0:
                    return index
            return None
        for index in range(start, len(lines)):
            if self.closes(lines[index]):
                return index
        return len(lines) if self.fence else None


def opener(line: str) -> Opener | None:
    """What ``line`` opens: a fence, a ``#+BEGIN_`` block, raw HTML, or nothing (None)."""
    if not MAY_OPEN.match(line):
        return None
    fm = FENCE_RE.match(line)
    if fm:
        fence = fm.group(2)
        if fence[0] * 3 in line[fm.end() :]:
            return None  # ```code``` followed by text: a code span
        return Opener(fm.group(1), fence, "", fm.group(3))
    bm = BEGIN_RE.match(line)
    if bm:
        end = re.compile(r"^\s*#\+END_" + re.escape(bm.group(1)) + r"\s*$", re.IGNORECASE)
        return Opener("", "", bm.group(1), bm.group(2).strip(), end)
    if line.lstrip().startswith("<!--"):
        rest = line.lstrip()[4:]
        if "-->" not in rest:  # a comment over several lines (one line: inline HTML)
            return Opener(line[: len(line) - len(line.lstrip())], "", "", "", html=COMMENT, depth=1)
        return None
    hm = HTML_OPEN_RE.match(line)
    if hm and hm.group(2).lower() in KNOWN_TAGS:
        tag = hm.group(2).lower()
        depth, _ = html_depth(line[hm.end() :], tag, 1)
        if depth > 0:  # (closed on its own line: inline HTML, which the inline parser reads)
            return Opener(hm.group(1), "", "", "", html=tag, depth=depth)
    return None


def html_depth(text: str, tag: str, depth: int) -> tuple[int, int]:
    """How many ``tag`` elements are open after ``text`` when ``depth`` were before it, and
    where in ``text`` the count first fell to 0 (the end of that close tag; -1 if never)."""
    if tag == COMMENT:  # comments do not nest: the first --> ends one
        end = text.find("-->")
        return (0, end + 3) if end >= 0 else (depth, -1)
    for m in _tag_re(tag).finditer(text):
        depth += -1 if m.group(1) else 1
        if depth <= 0:
            return 0, m.end()
    return depth, -1


_TAG_RES: dict[str, re.Pattern[str]] = {}


def _tag_re(tag: str) -> re.Pattern[str]:
    """Open (``<tag>``, ``<tag …``) and close (``</tag>``) tags of ``tag``, any case."""
    found = _TAG_RES.get(tag)
    if found is None:
        found = _TAG_RES[tag] = re.compile(rf"<(/)?{re.escape(tag)}(?(1)\s*>|[\s>])", re.IGNORECASE)
    return found
