"""Inline Logseq syntax -> tokens (LOGSEQ_FORMAT §3): links, tags, block refs, macros, assets.

Code spans, math, URLs and HTML are opaque, so nothing inside them is read as Logseq syntax.
"""

from __future__ import annotations

import re

from ..model import BlockRef, Html, Inline, Link, Macro, Opaque, PageRef
from .fences import KNOWN_TAGS, html_depth
from .hiccup import hiccup_to_html

UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
TAG_DELIMS = set(",;.!?'\":#")
TAG_STOP = set(",!?'\":#")
URL_RE = re.compile(
    r"(?:https?|ftp|file|mailto|zotero|logseq|obsidian)://[^\s<>\]\[]*[^\s<>\]\[.,;:!?'\")]"
    r"|(?:https?|ftp)://[^\s<>]*\([^\s<>()]*\)"
)
HTML_TAG_RE = re.compile(r"<!--.*?-->|<(/?)([a-z][a-z0-9]*)(\s[^<>]*)?/?>")
"""An HTML tag or comment. mldoc reads HTML only of a known element (:data:`KNOWN_TAGS`,
lower case) that closes on the line (``<b>x</b>``: the whole element) or closes itself
after attributes (``<img src="x"/>``); ``Vec<T>``, ``<br>``, ``<img src=x>`` and
``<line>x</line>`` are text (LOGSEQ_FORMAT §3.1)."""
AUTOLINK_RE = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>]*)>")
"""``<scheme:…>``: mldoc's link with any scheme (``<javascript:x()>`` too)."""
MD_LINK_TAIL = re.compile(
    r"\(\s*(<[^>]*>|(?:[^()\n]|\([^()\n]*\))*?)"
    r"(?:\s+(\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'))?\s*\)"
)
IMAGE_META = re.compile(r"\{(:[a-z-]+\s+[^{}]*)\}")
MATH_INLINE = re.compile(r"\$(?=\S)([^$\n]*?\S)\$(?![0-9A-Za-z])")
_SPECIAL = re.compile(
    r"[\\`$<{(\[!#^]|(?<![A-Za-z0-9])(?:https?|ftp|file|mailto|zotero|logseq|obsidian)://"
)
MATH_DISPLAY = re.compile(r"\$\$(.+?)\$\$")
_HAS_EMPHASIS = re.compile(r"\*|_|~~|==|\^\^")


def _matching(text: str, start: int, opener: str, closer: str) -> int:
    """Index just after the ``closer`` balancing the ``opener`` at ``start``; -1 if none."""
    depth, i = 0, start
    while True:
        close = text.find(closer, i)
        if close < 0:
            return -1
        open_ = text.find(opener, i, close + len(opener))
        if open_ >= 0:  # an opener starts first (or where the closer does)
            depth += 1
            i = open_ + len(opener)
        else:
            depth -= 1
            i = close + len(closer)
            if depth == 0:
                return i


def _tag_end(text: str, start: int) -> int:
    """End of the hashtag body starting at ``start`` (just after ``#``); ``start`` if none."""
    i, n = start, len(text)
    while i < n:
        ch = text[i]
        if text.startswith("[[", i):
            end = _matching(text, i, "[[", "]]")
            if end < 0:
                break
            i = end
            continue
        if ch.isspace() or ch in TAG_STOP:
            break
        if ch in TAG_DELIMS or ch == "[":
            # a run of delimiters is kept only when no space or end follows it; the tag
            # still ends at the first , ! ? ' " : or # in it (#a.#b is the tag "a.")
            j = i
            while j < n and (
                text[j] in TAG_DELIMS or (text[j] == "[" and not text.startswith("[[", j))
            ):
                j += 1
            if j >= n or text[j].isspace():
                break
            stop = next((k for k in range(i, j) if text[k] in TAG_STOP), -1)
            if stop >= 0:
                i = stop
                break
            i = j
            continue
        i += 1
    return i


_EMPHASIS_START = re.compile(r"\*{1,3}|_{1,3}|~~|==|\^\^")
_EMPHASIS_CHARS = frozenset("*_~=^")
UNDERLINE_DELIMS = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r")
"""What must stand before an opening and after a closing ``_`` (mldoc
``underline_emphasis_delims``)."""


def _code_end(text: str, i: int) -> int:
    """End of the inline code span at ``i`` (mldoc ``md_code``); -1 if none."""
    if text.startswith("``", i):
        close = text.find("``", i + 2)
        return close + 2 if close > i + 2 else -1
    j = i + 1
    while j < len(text) and text[j] not in "`\r\n":
        j += 1
    return j + 1 if j < len(text) and text[j] == "`" and j > i + 1 else -1


def _emphasis_end(text: str, i: int, pattern: str) -> int:
    """Where the emphasis ``pattern`` (``**``, ``_``, ``~~``…) opening at ``i`` closes
    (the index of the closing run), or -1: mldoc's ``md_em_parser``. The content starts and
    ends with non-space, code spans in it are skipped, and a closing run after a space (for
    ``_`` also one followed by a letter) is content."""
    n, size, delim = len(text), len(pattern), pattern[0]
    k = i + size
    if k >= n or text[k].isspace():
        return -1
    before = ""
    while k < n:
        if text.startswith(pattern, k):
            if not before:
                return -1
            after = text[k + size] if k + size < n else ""
            if after and (before.isspace() or (delim == "_" and after not in UNDERLINE_DELIMS)):
                before, k = delim, k + size
                continue
            return k  # (at the end of the text even after a space, as mldoc does)
        ch = text[k]
        if ch == "`":
            end = _code_end(text, k)
            if end > 0:
                before, k = "`", end
                continue
        if ch == "\\" and k + 1 < n:
            before, k = text[k + 1], k + 2
            continue
        before, k = ch, k + 1
    return -1


def emphasis_spans(text: str) -> list[tuple[int, int]]:
    """The (start, end) of the text inside each emphasis of a line, as mldoc reads it from
    the left: code spans, page references and tags are read first where they start."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "`":
            end = _code_end(text, i)
            i = end if end > 0 else i + 1
            continue
        if ch == "[" and text.startswith("[[", i):
            end = _matching(text, i, "[[", "]]")
            i = end if end > 0 else i + 2
            continue
        if ch == "#" and i + 1 < n and not text[i + 1].isspace():
            i = max(_tag_end(text, i + 1), i + 1)
            continue
        if ch == "\\":
            i += 2
            continue
        if ch in _EMPHASIS_CHARS:
            run = _EMPHASIS_START.match(text, i)
            if run is not None and not (
                ch == "_" and i > 0 and text[i - 1] not in UNDERLINE_DELIMS
            ):
                found = False
                for size in range(len(run.group(0)), 0, -1):
                    pattern = ch * size
                    if size == 1 and ch in "~=^":
                        break
                    close = _emphasis_end(text, i, pattern)
                    if close > 0 and ch == "_":
                        after = text[close + size] if close + size < n else ""
                        if after and after not in UNDERLINE_DELIMS:
                            close = -1
                    if close > 0:
                        spans.append((i + size, close))
                        i, found = close + size, True
                        break
                if found:
                    continue
        i += 1
    return spans


def split_macro_args(text: str) -> list[str]:
    """Split macro arguments on commas outside ``[[…]]``, ``((…))`` and quotes."""
    args: list[str] = []
    depth, quote, buf = 0, False, []
    i = 0
    while i < len(text):
        two = text[i : i + 2]
        ch = text[i]
        if two in ("[[", "((") and not quote:
            depth += 1
            buf.append(two)
            i += 2
            continue
        if two in ("]]", "))") and depth and not quote:
            depth -= 1
            buf.append(two)
            i += 2
            continue
        if ch == '"':
            quote = not quote
        if ch == "," and not depth and not quote:
            args.append("".join(buf).strip())
            buf = []
        else:
            buf.append(ch)
        i += 1
    tail = "".join(buf).strip()
    if tail or args:
        args.append(tail)
    return args


def parse_macro(raw: str) -> Macro | None:
    """``{{name a, b}}`` (or triple braces) -> Macro; None when the text is not a macro."""
    inner = raw[3:-3] if raw.startswith("{{{") else raw[2:-2]
    inner = inner.strip()
    match = re.match(r"([^\s(]+)(\s*)(.*)$", inner, re.S)
    if not match:
        return None
    name, space, rest = match.group(1), match.group(2), match.group(3).strip()
    if (
        not space
        and rest.startswith("(")
        and rest.endswith(")")
        and name not in ("query", "function")
    ):
        rest = rest[1:-1]  # {{name(a, b)}}
    args = [rest] if name in ("query", "function") else split_macro_args(rest)
    return Macro(name, args, raw)


_LABEL_SPECIAL = re.compile(r"[\\`$<\[\]^]")


class InlineParser:
    """Tokenizes one line of block text. ``org`` switches on org-mode link forms; ``label``
    reads the text of a link's label, where mldoc finds only emphasis, code and math: no
    link, tag, reference, macro, URL or HTML (a link inside a link would nest ``<a>``)."""

    def __init__(self, org: bool = False, label: bool = False) -> None:
        self.org = org
        self.label = label

    def parse(self, text: str) -> list[Inline]:
        if self.label:
            return self._parse_label(text)
        if _SPECIAL.search(text) is None:
            return [text] if text else []  # the common case: plain text
        out: list[Inline] = []
        buf: list[str] = []
        i, n = 0, len(text)
        spans: list[tuple[int, int]] | None = None

        def flush() -> None:
            if buf:
                out.append("".join(buf))
                buf.clear()

        def emit(token: Inline) -> None:
            flush()
            out.append(token)

        while i < n:
            special = _SPECIAL.search(text, i)
            if special is None:
                buf.append(text[i:])
                break
            if special.start() > i:
                buf.append(text[i : special.start()])
                i = special.start()
            ch = text[i]
            if ch in "\\`$":
                verbatim, end = _verbatim(text, i)
                if isinstance(verbatim, Opaque):
                    emit(verbatim)
                    i = end
                    continue
                if isinstance(verbatim, str):  # backticks that close nothing: text
                    buf.append(verbatim)
                    i = end
                    continue
            if ch == "<":
                angle, i = _angle(text, i)
                emit(angle)
                continue
            if ch in "hfmzlo" and (i == 0 or not text[i - 1].isalnum()):
                m = URL_RE.match(text, i)
                if m:
                    url = m.group(0)  # an autolink
                    emit(Link(url, url, image=False, raw=url))
                    i = m.end()
                    continue
            if ch == "{" and text.startswith("{{", i):
                token, end = self._macro(text, i)
                if token is not None:
                    emit(token)
                    i = end
                    continue
            if ch == "(" and text.startswith("((", i):
                end = text.find("))", i + 2)
                if end > 0 and UUID_RE.fullmatch(text[i + 2 : end].strip()):
                    emit(BlockRef(text[i + 2 : end].strip().lower()))
                    i = end + 2
                    continue
            if ch == "[":
                token, end = self._bracket(text, i)
                if token is not None:
                    emit(token)
                    i = end
                    continue
            if ch == "!" and text.startswith("![", i):
                token, end = self._md_link(text, i + 1, image=True)
                if token is not None:
                    emit(token)
                    i = end
                    continue
            if ch == "#" and i + 1 < n:
                if spans is None:  # mldoc reads no tag inside emphasis: **PKCS#1** is text
                    spans = emphasis_spans(text) if _HAS_EMPHASIS.search(text) else []
                if any(start <= i < end for start, end in spans):
                    buf.append(ch)
                    i += 1
                    continue
                token, end = self._tag(text, i)
                if token is not None:
                    emit(token)
                    i = end
                    continue
            if ch == "^" and text.startswith("^^", i):
                buf.append("==")
                i += 2
                continue
            buf.append(ch)
            i += 1
        flush()
        return out

    def _parse_label(self, text: str) -> list[Inline]:
        """A link label's tokens: code spans and math stay themselves, other markup
        characters that Markdown would read as links or HTML are escaped."""
        out: list[Inline] = []
        i, n = 0, len(text)
        while i < n:
            special = _LABEL_SPECIAL.search(text, i)
            if special is None:
                out.append(text[i:])
                break
            if special.start() > i:
                out.append(text[i : special.start()])
            i = special.start()
            ch = text[i]
            end = i + 1
            token: Inline = ch
            if ch in "\\`$":
                verbatim, end = _verbatim(text, i)
                token = ch if verbatim is None else verbatim
                end = i + 1 if verbatim is None else end
            elif ch == "<":
                token = Opaque("&lt;")
            elif ch in "[]":
                token = Opaque("\\" + ch)
            elif text.startswith("^^", i):
                token, end = "==", i + 2
            out.append(token)
            i = end
        return out

    # -- pieces ---------------------------------------------------------------------------

    def _macro(self, text: str, i: int) -> tuple[Inline | None, int]:
        for opener, closer in (("{{{", "}}}"), ("{{", "}}")):
            if text.startswith(opener, i):
                end = text.find(closer, i + len(opener))
                if end < 0:
                    continue
                inner = text[i + len(opener) : end]
                if "}" in inner or "{" in inner or "\n" in inner:
                    continue
                macro = parse_macro(text[i : end + len(closer)])
                if macro is not None:
                    return macro, end + len(closer)
        return None, i

    def _bracket(self, text: str, i: int) -> tuple[Inline | None, int]:
        if text.startswith("[[", i):
            if self.org:
                m = re.compile(r"\[\[([^\[\]]+)\]\[([^\[\]]+)\]\]").match(text, i)
                if m:
                    return self._org_link(m.group(1), m.group(2), m.group(0)), m.end()
            end = _matching(text, i, "[[", "]]")
            if end > 0:
                inner = text[i + 2 : end - 2]
                if inner.strip() and "\n" not in inner:
                    return self._page_ref(inner, "ref"), end
            # no page reference: a Markdown link whose label starts with "[", such as
            # [[muchong.com]notes.ppt](../assets/[muchong.com]notes.ppt)
            return self._md_link(text, i, image=False)
        if text.startswith("[:", i):
            end = _matching(text, i, "[", "]")
            if end > 0:
                html = hiccup_to_html(text[i:end])
                if html is not None:
                    return Html(html, text[i:end]), end
        return self._md_link(text, i, image=False)

    def _org_link(self, target: str, label: str, raw: str) -> Inline:
        if URL_RE.match(target) or target.startswith(("file:", "../", "./", "/")):
            return Link(label, target, image=False, raw=raw)
        return PageRef(target.strip(), "label", label)

    def _page_ref(self, inner: str, kind: str, label: str | None = None) -> Inline:
        target = inner.strip()
        # [[https://x.com]] is a page reference in Markdown (mldoc's Page_ref); org makes
        # it an external link
        if target.lower().endswith(".excalidraw") or (self.org and URL_RE.fullmatch(target)):
            return Link(label or target, target, image=False, raw=f"[[{inner}]]")
        nested = tuple(m.strip() for m in re.findall(r"\[\[([^\[\]]+)\]\]", target))
        return PageRef(target, kind, label, nested)

    def _md_link(self, text: str, i: int, image: bool) -> tuple[Inline | None, int]:
        close = _label_end(text, i)
        if close < 0:
            return None, i
        label = text[i + 1 : close - 1]
        if label.startswith("^"):  # footnote reference [^1]
            return None, i
        if text.startswith("([[", close) and not image:
            end_ref = _matching(text, close + 1, "[[", "]]")
            if end_ref > 0 and text.startswith(")", end_ref):
                return self._page_ref(text[close + 3 : end_ref - 2], "label", label), end_ref + 1
        if text.startswith("(((", close):
            end_ref = text.find(")))", close)
            uuid = text[close + 3 : end_ref].strip() if end_ref > 0 else ""
            if UUID_RE.fullmatch(uuid) and not image:
                return BlockRef(uuid.lower(), label), end_ref + 3
        tail = MD_LINK_TAIL.match(text, close)
        if not tail:
            return None, i
        dest = tail.group(1).strip()
        title = tail.group(2)[1:-1] if tail.group(2) else None
        if dest.startswith("<") and dest.endswith(">"):
            dest = dest[1:-1]
        end = tail.end()
        start = i - 1 if image else i
        raw = text[start:end]
        if dest.startswith("[[") and dest.endswith("]]") and not image:
            return self._page_ref(dest[2:-2], "label", label), end
        width = height = None
        meta = IMAGE_META.match(text, end)
        if meta:
            w = re.search(r":width\s+(\d+(?:\.\d+)?)", meta.group(1))
            h = re.search(r":height\s+(\d+(?:\.\d+)?)", meta.group(1))
            width, height = (w.group(1) if w else None), (h.group(1) if h else None)
            end = meta.end()
        if not dest:
            return None, i
        return Link(label, dest, image, raw, width, height, title), end

    def _tag(self, text: str, i: int) -> tuple[Inline | None, int]:
        nxt = text[i + 1]
        if nxt.isspace() or nxt in TAG_STOP:
            return None, i
        if (nxt in TAG_DELIMS or nxt == "[") and not text.startswith("[[", i + 1):
            # a tag may start with delimiters only when no space or end follows them
            j = i + 1
            while j < len(text) and (text[j] in TAG_DELIMS or text[j] == "["):
                j += 1
            if j >= len(text) or text[j].isspace():
                return None, i
        end = _tag_end(text, i + 1)
        if end <= i + 1:
            return None, i
        end = _trailing_sharps(text, end)
        body = text[i + 1 : end]
        if (
            body.startswith("[[")
            and body.endswith("]]")
            and _matching(body, 0, "[[", "]]") == len(body)
        ):
            name = body[2:-2].strip()
        else:
            name = body
        if not name:
            return None, i
        nested = tuple(m.strip() for m in re.findall(r"\[\[([^\[\]]+)\]\]", name))
        return PageRef(name, "tag", body, nested), end


def _verbatim(text: str, i: int) -> tuple[Inline | None, int]:
    """The escape, code span or math at ``i`` (a ``\\``, `````` ` `````` or ``$``) as an Opaque
    token and its end; a run of backticks that closes nothing as text; None if none."""
    ch = text[i]
    if ch == "\\":
        return (Opaque(text[i : i + 2]), i + 2) if i + 1 < len(text) else (None, i)
    if ch == "`":
        run = len(text[i:]) - len(text[i:].lstrip("`"))
        end = text.find("`" * run, i + run)
        if end >= 0:
            return Opaque(text[i : end + run]), end + run
        return text[i : i + run], i + run
    m = MATH_DISPLAY.match(text, i)
    if m:  # $$…$$ inside a line: display style, inline
        return Opaque(f"$\\displaystyle {m.group(1).strip()}$"), m.end()
    m = MATH_INLINE.match(text, i)
    if m and (i == 0 or text[i - 1] != "$"):
        return Opaque(m.group(0)), m.end()
    return None, i


def text_tokens(text: str) -> list[Inline]:
    """``text`` read as plain text, not as Logseq syntax: a ``<`` is text too (``&lt;``),
    never the start of HTML."""
    out: list[Inline] = []
    for i, piece in enumerate(text.split("<")):
        if i:
            out.append(Opaque("&lt;"))
        if piece:
            out.append(piece)
    return out


def _trailing_sharps(text: str, end: int) -> int:
    """The end of a tag ending at ``end`` with the ``#`` after it when only blanks or the
    end of the line follow: ``#C#``, ``#F#`` are the languages' names (issue 9; mldoc
    would read the tag ``C`` and a ``#``)."""
    sharps = end
    while sharps < len(text) and text[sharps] == "#":
        sharps += 1
    if sharps > end and (sharps == len(text) or text[sharps].isspace()):
        return sharps
    return end


def _label_end(text: str, start: int) -> int:
    """Index just after the ``]`` closing the link label opened at ``start``; -1 if none.
    A backslash-escaped bracket (``[\\[](#note)``) neither opens nor closes."""
    depth, i, n = 0, start, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1


def _angle(text: str, i: int) -> tuple[Inline, int]:
    """What a ``<`` at ``i`` starts: an autolink (``<https://…>``, any scheme), an HTML
    element mldoc knows that closes on the line (the whole element, opaque: nothing in it
    is Logseq syntax), a self-closing tag with attributes, a comment, or text (``&lt;``,
    so Markdown does not read it as HTML either)."""
    auto = AUTOLINK_RE.match(text, i)
    if auto:
        url = auto.group(1)
        return Link(url, url, image=False, raw=auto.group(0)), auto.end()
    m = HTML_TAG_RE.match(text, i)
    if m is None:
        return Opaque("&lt;"), i + 1
    closing, name = m.group(1), m.group(2)
    if name is None:  # a comment
        return Html(m.group(0)), m.end()
    if closing or name not in KNOWN_TAGS:
        return Opaque("&lt;"), i + 1
    if m.group(3) and m.group(0).endswith("/>"):
        return Html(m.group(0)), m.end()  # <img src="x"/>
    close = html_depth(text[m.end() :], name, 1)[1]
    if close < 0:
        return Opaque("&lt;"), i + 1
    return Html(text[i : m.end() + close]), m.end() + close
