"""Structure and links written into the Markdown as Unicode noncharacters, turned into
HTML after Python-Markdown ran.

Python-Markdown never sees the outline's list structure nor the page links: both are text
between noncharacters (U+FDD0-U+FDD6) that no Markdown pattern matches. Unicode keeps these
for a program's internal use, so no text holds them (the loader removes any it finds);
private-use characters, which icon fonts use, stay the author's. Block content
still goes through Markdown, as top-level paragraphs, which is its cheapest case (outlines
written as nested lists cost it about 2.5 times more; raw-HTML markers about 1.4 times).

* ``\\ufdd0ul#id.cls\\ufdd1`` opens a tag (``ul``, ``ol``, ``li``, ``div``, ``nav``),
  ``\\ufdd0/ul\\ufdd1`` closes it;
* ``\\ufdd2href\\ufdd3cls\\ufdd4text\\ufdd5`` is a link whose text is still Markdown.
"""

from __future__ import annotations

import re

from .escape import markdown_href

OPEN, CLOSE = "\ufdd0", "\ufdd1"
ROOT = "\ufdd6"
"""Stands for the relative path from a page to the site root in URLs the plugin writes, so
the same HTML is right on every page (linked references reuse a block's HTML elsewhere)."""
LINK, LINK_CLASS, LINK_TEXT, LINK_END = "\ufdd2", "\ufdd3", "\ufdd4", "\ufdd5"

TAG_RE = re.compile("\ufdd0(/?)([a-z]+)((?:#[^.\ufdd1]*)?)((?:\\.[^.\ufdd1]+)*)\ufdd1")
_RUN = "(?:\ufdd0[^\ufdd1]*\ufdd1)+"
BLOCK_TAGS = {
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "canvas",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "map",
    "math",
    "menu",
    "meta",
    "nav",
    "noscript",
    "object",
    "ol",
    "output",
    "p",
    "pre",
    "script",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "video",
    "audio",
}
"""Tags Python-Markdown treats as raw HTML blocks at the start of a line."""
_RUN_LINE = re.compile(f"^{_RUN}$")
_TIGHT = re.compile(
    "(\ufdd0li[^\ufdd1]*\ufdd1)\\s*<p>([^<\ufdd0]*(?:<(?!/?p>)[^<\ufdd0]*)*)</p>\\s*(?=\ufdd0)"
)
_LINK_RE = re.compile("\ufdd2([^\ufdd3]*)\ufdd3([^\ufdd4]*)\ufdd4")
_ID_RE = re.compile("\ufdd0[a-z]+#([^.\ufdd1]+)")
_UNSAFE_START = (
    r"(?:[|>#`$!:~=\[ \t*+-]|\d+[.)](?:\s|$)|\?\?\?|-{3,}|={3,}|<!--"
    r"|</?(?:" + "|".join(sorted(BLOCK_TAGS)) + r")\b)"
)
"""How a line starts that Markdown does not read as paragraph text."""
_LINE_UNSAFE = re.compile(f"^(?:{_RUN})?{_UNSAFE_START}", re.IGNORECASE | re.MULTILINE)
_NOT_PLAIN = re.compile(
    f"^(?:{_RUN})?(?:{_UNSAFE_START}|$)"  # after leading markers: a bad start, or empty
    r"|(?:[\\|}]| {2})$"  # ends with an escape, a table pipe, an attribute list or a hard break
    "|[^\n\ufdd1]\ufdd0",  # holds a marker after text
    re.IGNORECASE | re.MULTILINE,
)
_LOCAL = re.compile(r"\\[!-'*-/:-@\\^-`{-~]|<[a-zA-Z/][^<>]*>")
"""Backslash escapes and HTML tags: Markdown stashes each on its own before the patterns
that pair characters run. Not ``\\( \\) \\[ \\]``: arithmatex pairs them as math."""
_ACTIVE = re.compile(r"[`*_\[\]~=^$+'\"@|{}\\!<]")
"""Characters an inline pattern could pair with one in a neighbouring paragraph."""
_RUN_SPLIT = re.compile(f"({_RUN})")
_EMPTY_P = re.compile(r"<p>\s*</p>")
_MARKUP = re.compile(f"{LINK}[^{LINK_TEXT}]*{LINK_TEXT}|{LINK_END}|{OPEN}[^{CLOSE}]*{CLOSE}")
_COMMON = ("li", "ul", "div")
"""The tags most markers close (their closing markers are replaced without a pattern)."""


def open_tag(tag: str, ident: str = "", classes: str = "") -> str:
    """The marker opening ``<tag id=… class=…>``."""
    names = classes.split()
    return (
        OPEN
        + tag
        + (f"#{ident}" if ident else "")
        + ("." + ".".join(names) if names else "")
        + CLOSE
    )


def close_tag(tag: str) -> str:
    return f"{OPEN}/{tag}{CLOSE}"


def link(href: str, text: str, classes: str = "") -> str:
    """A link to ``href`` (a URL relative to the page) whose ``text`` is Markdown. The URL
    stands in Markdown text, so it is written as HTML no inline pattern reads
    (:func:`.escape.markdown_href`: ``a_b_`` is no emphasis)."""
    return f"{LINK}{markdown_href(href)}{LINK_CLASS}{classes}{LINK_TEXT}{text}{LINK_END}"


def place(markdown: str) -> str:
    """Glue each run of structure markers to a neighbouring plain paragraph, and join
    paragraphs that a run separates when no inline pattern could reach across it.

    A run that stood alone would cost Markdown a paragraph of its own; glued to the end of
    the paragraph before it, or the start of the one after it, it costs nothing. Markdown's
    cost is mostly per paragraph (every inline pattern is tried on each), so the blocks of
    an outline are handed over as few paragraphs as is safe; :func:`unwrap` splits them
    again. (A run never stands inside a fenced code block, and the paragraphs next to one
    that holds a fence contain the fence line, which is never plain.)"""
    parts = markdown.replace(f"{CLOSE}\n\n{OPEN}", CLOSE + OPEN).split("\n\n")
    run_line, not_plain = _RUN_LINE.match, _NOT_PLAIN.search
    runs: list[bool] = []
    plain: list[bool] = []
    for part in parts:
        run = bool(part) and part[0] == OPEN and run_line(part) is not None
        runs.append(run)
        # plain: Markdown reads it as paragraph text, so a marker run may be glued to it
        plain.append(not run and not not_plain(part))
    # pieces glued together are kept in lists and joined once: appending to a string kept
    # in a list copies it every time, which costs the square of a long page's size
    out: list[list[str]] = []
    last_plain = False
    for i, part in enumerate(parts):
        if runs[i]:
            if last_plain:
                out[-1].append(part)
                last_plain = False  # a run glued at its end: nothing more goes there
                continue
            if i + 1 < len(parts) and plain[i + 1]:
                parts[i + 1] = part + parts[i + 1]
                continue
        out.append([part])
        last_plain = plain[i]
    joined: list[list[str]] = []
    last_joinable = False
    active, local, unsafe = _ACTIVE.search, _LOCAL.sub, _LINE_UNSAFE.search
    for pieces in out:
        part = "".join(pieces)
        # joinable: no inline pattern could pair its text with a neighbour's, and Markdown
        # reads its lines as paragraph lines wherever they stand
        joinable = bool(part) and not active(local("", part)) and not unsafe(part)
        if last_joinable and joinable and (joined[-1][-1][-1] == CLOSE or part[0] == OPEN):
            joined[-1].append(part)
        else:
            joined.append([part])
            last_joinable = joinable
    return "\n\n".join("".join(pieces) for pieces in joined)


def unwrap(content: str) -> str:
    """Take structure markers out of the ``<p>`` Markdown put them in (a paragraph that
    :func:`place` joined becomes one paragraph per piece of text again)."""
    if OPEN not in content:
        return content
    pieces = content.split("<p>")
    for i in range(1, len(pieces)):
        piece = pieces[i]
        end = piece.find("</p>")
        if end > 0 and OPEN in piece[:end]:
            runs = _RUN_SPLIT.split(piece[:end])
            for j in range(1, len(runs), 2):
                runs[j] = f"</p>{runs[j]}<p>"
            pieces[i] = "".join(runs) + piece[end:]
    return _EMPTY_P.sub("", "<p>".join(pieces))


def to_html(content: str) -> str:
    """All markers and links in a page's HTML (or a fragment of it) as real tags; a list item
    holding one paragraph loses the ``<p>``, as in a tight Markdown list."""
    if OPEN in content:
        # split() keeps the groups and drops the rest of each match: for _TIGHT the item
        # tag and the paragraph's text, without the <p> around it
        content = "".join(_TIGHT.split(content))
        for tag in _COMMON:
            content = content.replace(f"{OPEN}/{tag}{CLOSE}", f"</{tag}>")
        parts = TAG_RE.split(content)  # text, then each marker's 4 groups, then text…
        for i in range(1, len(parts), 5):
            closing, tag, ident, classes = parts[i : i + 4]
            if closing:
                html = f"</{tag}>"
            else:
                attrs = f' id="{ident[1:]}"' if ident else ""
                if classes:
                    attrs += f' class="{" ".join(classes[1:].split("."))}"'
                html = f"<{tag}{attrs}>"
            parts[i : i + 4] = html, "", "", ""
        content = "".join(parts)
    if LINK in content:
        parts = _LINK_RE.split(content)
        for i in range(1, len(parts), 3):
            parts[i] = f'<a href="{parts[i]}"'
            parts[i + 1] = f' class="{parts[i + 1]}">' if parts[i + 1] else ">"
        content = "".join(parts).replace(LINK_END, "</a>")
    return content


def plain(text: str) -> str:
    """``text`` without markers: a link's text stays, its URL goes (for labels outside the
    page's HTML, such as a table of contents entry made from a heading)."""
    if OPEN in text or LINK in text:
        text = _MARKUP.sub("", text)
    return text


def root_prefix(url: str) -> str:
    """The relative path from the page at site URL ``url`` to the site root."""
    return "../" * url.count("/")


def ids(content: str) -> set[str]:
    """The ``id`` values the structure markers in ``content`` give their tags."""
    return set(_ID_RE.findall(content))
