"""The one place where text becomes markup and URLs are judged (issue 9).

* **Text for the theme** (:func:`theme_text`): MkDocs and Material print page titles, nav
  titles and ``page.meta`` values into their templates unescaped (``{{ page.meta.title }}``
  in ``<title>``, the header, the sidebar; ``content="{{ page.meta.description }}"``), and
  the search index holds them as HTML. Every such value the plugin hands over is therefore
  HTML-escaped text, escaped here and nowhere else.
* **Text for Markdown** (:func:`markdown_text`): text that Python-Markdown must show as
  written, whichever extensions the site loads.
* **Text for HTML the plugin writes** (:func:`html_text`).
* **URLs** (:func:`check_url`): every URL the plugin writes (links, images, autolinks,
  macros, assets, properties) is checked here; ``javascript:``, ``vbscript:`` and ``data:``
  URLs other than raster images are refused (the caller shows the text with a warning);
  other schemes than http(s) and mailto stay links and are counted for one summary line.
"""

from __future__ import annotations

import html
import re

_MD_BACKSLASH = re.compile(r"([\\`*_\[\]{}#|!])")
"""Characters Markdown reads as syntax whose backslash escape every Python-Markdown set-up
knows (``|`` through the tables extension, which the plugin always loads)."""
_MD_REFERENCE = {"&": "&amp;", "<": "&lt;", "~": "&#126;", "=": "&#61;", "^": "&#94;", "$": "&#36;"}
"""Characters whose backslash escape only an optional extension knows (tilde, mark, caret,
arithmatex), and HTML's own: written as character references, which show as the character
whatever is loaded."""
_MD_REFERENCE_RE = re.compile("[" + re.escape("".join(_MD_REFERENCE)) + "]")
_HREF_ACTIVE = re.compile(r"[\\`*_\[\]{}|~=^$!<>]")
"""Characters of a URL that inline Markdown could read as syntax (``_x_`` as emphasis)."""

BLOCKED_SCHEMES = frozenset({"javascript", "vbscript", "livescript"})
"""Schemes a browser runs as script: never written as a URL."""
PLAIN_SCHEMES = frozenset({"http", "https", "mailto"})
"""Schemes every reader can open: written without a note."""
DATA_IMAGES = frozenset(
    {"image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/avif", "image/bmp"}
)
"""``data:`` URLs allowed (raster images; not ``image/svg+xml``, which can hold scripts)."""
_NOT_IN_URL = re.compile(r'[\x00-\x20\x7f"<>\\`]')
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f]+")
"""What browsers skip at the start of a URL (controls, blanks) or drop inside it (tab,
newline): ``java\\tscript:`` is ``javascript:``. U+0080-U+009F as well, to be safe."""


def theme_text(text: str) -> str:
    """``text`` as the HTML the theme prints unescaped: titles, nav titles, ``page.meta``
    values (also inside attributes: quotes are escaped)."""
    return html.escape(text, quote=True)


def html_text(text: str) -> str:
    """``text`` for HTML the plugin writes itself (element text or a quoted attribute)."""
    return html.escape(text, quote=True)


def markdown_text(text: str) -> str:
    """``text`` as Markdown that shows it as written: ``a=b``, ``x~y``, ``AT&amp;T``,
    ``Vec<T>`` and ``*x*`` with no stray backslash, no formatting, no element."""
    text = _MD_BACKSLASH.sub(r"\\\1", text)
    return _MD_REFERENCE_RE.sub(lambda m: _MD_REFERENCE[m.group()], text)


def markdown_href(url: str) -> str:
    """A URL for an attribute written into Markdown text (a marker link): HTML-escaped,
    with every character inline Markdown could pair a character reference."""
    url = html.escape(url, quote=True)
    return _HREF_ACTIVE.sub(lambda m: f"&#{ord(m.group())};", url)


def scheme_of(url: str) -> str | None:
    """The scheme a browser reads in ``url`` (lower case), or None for a relative URL:
    character references decoded, leading blanks and controls skipped, tabs and newlines
    inside dropped, letter case ignored. ``%6a`` is no scheme letter (browsers do not
    decode it there)."""
    clean = _IGNORED.sub("", html.unescape(url))
    m = _SCHEME.match(clean)
    return m.group(1).lower() if m else None


def refused(url: str, image: bool = False) -> str | None:
    """Why ``url`` must not be written (``javascript:``, ``vbscript:``, a ``data:`` URL
    that is not a raster image), or None if it may. ``image``: it is an image's source."""
    scheme = scheme_of(url)
    if scheme in BLOCKED_SCHEMES:
        return f"{scheme}: URL"
    if scheme == "data":
        clean = _IGNORED.sub("", html.unescape(url))
        kind = clean[5:].split(";", 1)[0].split(",", 1)[0].strip().lower()
        if kind not in DATA_IMAGES:
            return f"data: URL ({kind or 'no type'})" if not image else f"data: {kind} image"
    return None


def other_scheme(url: str) -> str | None:
    """The scheme of ``url`` when it is neither relative nor http(s)/mailto (``zotero``,
    ``logseq``, ``file``…): such links stay as written, summarised once per build."""
    scheme = scheme_of(url)
    return scheme if scheme is not None and scheme not in PLAIN_SCHEMES else None


def quote_url(url: str) -> str:
    """``url`` with the characters that cannot stand in a URL as written (blanks, controls,
    quotes, ``<>``, backslash, backtick) percent-encoded; everything else as written."""
    return _NOT_IN_URL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


THEME_TEXT_FIELDS = ("title", "description", "tags", "alias")
"""``page.meta`` fields the theme prints: text, or lists of text (tags, aliases)."""


def theme_meta(meta: dict[str, object]) -> dict[str, object]:
    """A page's ``page.meta`` as handed to MkDocs: its text fields :func:`theme_text`."""
    out = dict(meta)
    for key in THEME_TEXT_FIELDS:
        value = out.get(key)
        if isinstance(value, str):
            out[key] = theme_text(value)
        elif isinstance(value, list):
            out[key] = [theme_text(str(v)) for v in value]
    return out


def theme_nav(nav: list[dict[str, str]]) -> list[dict[str, str]]:
    """The plugin's nav entries (title -> page) with their titles :func:`theme_text`."""
    return [{theme_text(title): uri for title, uri in item.items()} for item in nav]


# -- HTML the author wrote ---------------------------------------------------------------------

DROPPED_ELEMENTS = frozenset(
    {
        "script", "style", "template", "noscript", "object", "embed", "applet", "base",
        "link", "meta", "frame", "frameset", "form", "input", "button", "select", "option",
        "textarea", "title", "xmp", "svg", "math", "foreignobject", "portal", "dialog",
    }
)  # fmt: skip
"""Elements left out of the author's HTML (as DOMPurify, which Logseq runs on it, does for
scripts and forms; ``iframe`` stays, as Logseq allows it)."""
ALLOWED_ATTRIBUTES = frozenset(
    {
        "abbr", "align", "alt", "border", "cellpadding", "cellspacing", "class", "colspan",
        "color", "cols", "controls", "datetime", "dir", "disabled", "download", "face",
        "headers", "height", "hidden", "href", "hreflang", "id", "lang", "loading", "loop",
        "muted", "name", "nowrap", "open", "poster", "preload", "rel", "reversed", "role",
        "rows", "rowspan", "scope", "size", "span", "src", "start", "style", "summary",
        "tabindex", "target", "title", "type", "valign", "value", "width", "allowfullscreen",
        "frameborder", "allow", "cite", "checked", "label", "kind", "srclang", "default",
    }
)  # fmt: skip
"""Attributes the author's HTML keeps (besides ``data-*`` and ``aria-*``): presentation
and links; never an ``on…`` handler."""
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "action", "background"})
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>", re.S)
_ATTR = re.compile(r"""([^\s=/"'>]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")


def clean_html(source: str) -> tuple[str, list[str]]:
    """The author's HTML with what could run or leave the page taken out: dropped elements
    (:data:`DROPPED_ELEMENTS`, with their content), attributes not in
    :data:`ALLOWED_ATTRIBUTES` (every ``on…`` handler), and URLs :func:`refused`. Returns
    the HTML and what was left out that would have run (for a warning: handlers, script
    URLs, dropped elements; other unknown attributes go silently, as in Logseq); text
    between tags is kept as written."""
    removed: list[str] = []
    out: list[str] = []
    skip_until: str | None = None
    pos = 0
    for m in _TAG.finditer(source):
        closing, name, attrs = m.group(1), m.group(2).lower(), m.group(3)
        if skip_until is None:
            out.append(source[pos : m.start()])
        pos = m.end()
        if skip_until is not None:
            if closing and name == skip_until:
                skip_until = None
            continue
        if name in DROPPED_ELEMENTS:
            removed.append(f"<{name}>")
            if not closing and not attrs.rstrip().endswith("/"):
                skip_until = name
            continue
        if closing:
            out.append(f"</{name}>")
            continue
        kept = []
        for a in _ATTR.finditer(attrs):
            key = a.group(1).lower()
            value = a.group(2) or ""
            if value[:1] in "\"'":
                value = value[1:-1]
            value = html.unescape(value)
            allowed = key in ALLOWED_ATTRIBUTES or key.startswith(("data-", "aria-"))
            if key.startswith("on") or (key in URL_ATTRIBUTES and refused(value, name == "img")):
                removed.append(f"{key}=")  # would run: said
                continue
            if not allowed:  # unknown (webkitallowfullscreen): left out, as DOMPurify does
                continue
            kept.append(f' {key}="{html_text(value)}"' if a.group(2) else f" {key}")
        out.append(f"<{name}{''.join(kept)}>")
    if skip_until is None:
        out.append(source[pos:])
    return "".join(out), removed
