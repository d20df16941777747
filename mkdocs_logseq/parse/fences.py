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
  opens nothing (mldoc reads it as text, and so do we).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)")
BEGIN_RE = re.compile(r"^\s*#\+BEGIN_(\w+)\s*(.*)$", re.IGNORECASE)
MAY_OPEN = re.compile(r"\s*[`~#]")
"""A line that may open a fence or a ``#+BEGIN_`` block (:func:`opener` tells)."""


@dataclass(frozen=True)
class Opener:
    """A line opening a fence (``fence`` is its run of backticks or tildes) or a ``#+BEGIN_``
    block (``fence`` is empty, ``name`` the block's name)."""

    indent: str
    fence: str
    name: str
    argument: str
    end: re.Pattern[str] | None = None

    def closes(self, line: str) -> bool:
        """Whether ``line`` closes what this line opened."""
        if self.end is not None:
            return self.end.match(line) is not None
        return line.strip().startswith(self.fence)

    def closing(self, lines: list[str], start: int) -> int | None:
        """The index of the first line from ``start`` on that closes this opener:
        ``len(lines)`` for a fence left open, None for a ``#+BEGIN_`` never closed."""
        for index in range(start, len(lines)):
            if self.closes(lines[index]):
                return index
        return len(lines) if self.fence else None


def opener(line: str) -> Opener | None:
    """What ``line`` opens: a fence, a ``#+BEGIN_`` block, or nothing (None)."""
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
    return None
