"""The graph model: pages, blocks, their content and references. Plain data, no behaviour."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Union

# ---- inline tokens: a line of block text is a list of ``Inline`` items ------------------------


@dataclass(slots=True)
class Opaque:
    """Text passed to Markdown verbatim and never scanned again (code, math, URLs, HTML)."""

    text: str


@dataclass(slots=True)
class PageRef:
    """A reference to a page: ``[[X]]`` (kind ``ref``), ``#X`` (``tag``), ``[l]([[X]])`` (``label``)
    or a Markdown link to a page name ``[l](X)`` (``mdlink``, not a Logseq reference)."""

    target: str
    kind: str
    label: str | None = None
    nested: tuple[str, ...] = ()


@dataclass(slots=True)
class BlockRef:
    """``((uuid))`` or ``[label](((uuid)))``."""

    uuid: str
    label: str | None = None


@dataclass(slots=True)
class Macro:
    """``{{name arg1, arg2}}``."""

    name: str
    args: list[str]
    raw: str


@dataclass(slots=True)
class Link:
    """A Markdown link or image to a URL or a file: ``[label](dest)`` / ``![label](dest)``."""

    label: str
    dest: str
    image: bool
    raw: str
    width: str | None = None
    height: str | None = None
    title: str | None = None
    """An image's or link's title (``![a](u "title")``), as written."""


@dataclass(slots=True)
class Html:
    """HTML the author wrote: an element written as HTML (``<kbd>K</kbd>``, one token per
    tag) or made from Logseq hiccup ``[:span …]`` (``raw``: the hiccup as written)."""

    html: str
    raw: str = ""


Inline = Union[str, Opaque, PageRef, BlockRef, Macro, Link, Html]


# ---- block content: a block's text is a list of chunks ----------------------------------------


@dataclass(slots=True)
class TextChunk:
    """Ordinary Markdown lines, each already split into inline tokens."""

    lines: list[list[Inline]]
    line: int = 0


@dataclass(slots=True)
class CodeChunk:
    """Fenced code or ``#+BEGIN_SRC``/``#+BEGIN_EXAMPLE``: shown verbatim."""

    lang: str
    code: str


@dataclass(slots=True)
class MathChunk:
    """Display math ``$$ … $$`` on lines of its own."""

    tex: str


@dataclass(slots=True)
class SpecialChunk:
    """``#+BEGIN_<KIND> … #+END_<KIND>`` (note, tip, quote, center, query, comment, …)."""

    kind: str
    chunks: list[Chunk]
    raw: str
    line: int = 0


Chunk = Union[TextChunk, CodeChunk, MathChunk, SpecialChunk]


def chunk_tokens(chunks: list[Chunk]) -> list[Inline]:
    """The inline tokens of text chunks, inside ``#+BEGIN_…`` blocks too (not code or math),
    in document order."""
    tokens: list[Inline] = []
    stack = chunks[::-1]
    while stack:
        chunk = stack.pop()
        if isinstance(chunk, TextChunk):
            for line in chunk.lines:
                tokens.extend(line)
        elif isinstance(chunk, SpecialChunk):
            stack.extend(chunk.chunks[::-1])
    return tokens


@dataclass(eq=False)
class Block:
    """One Logseq block: its first line (title), the rest (body), properties and children."""

    page: Page
    line: int
    title: list[Inline]
    body: list[Chunk]
    properties: dict[str, str] = field(default_factory=dict)
    property_tokens: dict[str, list[Inline]] = field(default_factory=dict)
    children: list[Block] = field(default_factory=list)
    parent: Block | None = None
    uuid: str | None = None
    heading: int = 0
    """0: not a heading; 1-6: a Markdown heading size; -1: ``heading:: true`` (size by depth)."""
    marker: str | None = None
    priority: str | None = None
    scheduled: str | None = None
    deadline: str | None = None
    is_pre_block: bool = False
    raw_title: str = ""
    refs: list[str] = field(default_factory=list)
    """Keys of the pages this block references directly (LOGSEQ_FORMAT §5.1)."""
    block_refs: list[str] = field(default_factory=list)

    @property
    def depth(self) -> int:
        depth, node = 1, self.parent
        while node is not None:
            depth, node = depth + 1, node.parent
        return depth

    def inline_tokens(self) -> list[Inline]:
        """The tokens of the first line and of the body's text (``title`` itself when there is
        no body: not to be modified)."""
        return [*self.title, *chunk_tokens(self.body)] if self.body else self.title

    def walk(self) -> list[Block]:
        """This block and all its descendants, in document order."""
        return _preorder([self])


@dataclass(eq=False)
class Page:
    """A page: from a file, or generated because something references it (``file`` is None)."""

    name: str
    key: str
    file: str | None = None
    format: str = "md"
    properties: dict[str, str] = field(default_factory=dict)
    property_tokens: dict[str, list[Inline]] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    journal_day: dt.date | None = None
    aliases: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    public: bool | None = None
    alias_of: str | None = None
    """Set on an empty page whose name another page lists as an alias: references to it go
    to that page (its key), and it is not published on its own."""

    _walked: tuple[list[Block], list[Block]] | None = field(default=None, repr=False)

    def all_blocks(self) -> list[Block]:
        """Every block of the page in document order (made once for the ``blocks`` list
        the page has; not to be modified)."""
        walked = self._walked
        if walked is None or walked[0] is not self.blocks:
            walked = self._walked = (self.blocks, _preorder(self.blocks))
        return walked[1]

    @property
    def is_journal(self) -> bool:
        return self.journal_day is not None


def _preorder(blocks: list[Block]) -> list[Block]:
    """``blocks`` and all their descendants, in document order."""
    out: list[Block] = []
    stack = blocks[::-1]
    while stack:
        block = stack.pop()
        out.append(block)
        if block.children:
            stack.extend(block.children[::-1])
    return out
