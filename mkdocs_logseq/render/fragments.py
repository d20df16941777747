"""Reusing a block's rendered HTML on other pages (linked references) without re-rendering it.

A page's HTML, while it still carries the outline markers, is cut into fragments by anchor;
another page takes a fragment and drops its ids. The plugin writes its URLs from the site
root (:data:`.markers.ROOT`), so a fragment needs no re-basing.
"""

from __future__ import annotations

import re
from functools import cache

from . import markers

_HEADING = re.compile(r'<h([2-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ID_ATTR = re.compile(r'\s(?:id|for)="[^"]*"')
_LOCAL_HREF = 'href="#'
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
_SEPARATOR = "\x00"
SLOT_RE = re.compile(r"<!--lsq:frag ([^ ]+) ([^ ]+)-->")


def slot(src: str, anchor: str) -> str:
    """The placeholder for the fragment ``anchor`` of page ``src``."""
    return f"<!--lsq:frag {src} {anchor}-->"


def capture(html: str, url: str, wanted: set[str]) -> dict[str, str]:
    """Anchor -> the HTML of that block as other pages show it (no ids; URLs still from the
    site root), for the ``wanted`` anchors of the page at site URL ``url``. ``html`` still
    has its markers (:func:`.markers.unwrap` done); in-page links (footnotes) are made to
    point at that page."""
    if not wanted:
        return {}
    raw: dict[str, str] = {}
    for ident in wanted:
        found = _element(html, ident)
        if found is not None:
            raw[ident] = found
    if len(raw) < len(wanted):
        for match in _HEADING.finditer(html):
            if match.group(2) in wanted and match.group(2) not in raw:
                text = _PERMALINK.sub("", match.group(3))
                raw[match.group(2)] = f'<p class="lsq-heading-ref">{text}</p>'
    local = f'href="{markers.ROOT}{url}#'
    return _shown({ident: part.replace(_LOCAL_HREF, local) for ident, part in raw.items()})


def _element(html: str, ident: str) -> str | None:
    """The marked-up element with anchor ``ident`` (the last one: anchors are unique), from
    its opening marker to the one that closes it."""
    needle, end = "#" + ident, len(html)
    while True:
        end = html.rfind(needle, 0, end)
        if end < 0:
            return None
        start = html.rfind(markers.OPEN, 0, end)
        opening = markers.TAG_RE.match(html, start) if start >= 0 else None
        if opening and not opening.group(1) and opening.group(3) == needle:
            break
    # markers nest properly: the element ends where as many of its tag have closed as opened
    tag = opening.group(2)
    close, opener = f"{markers.OPEN}/{tag}{markers.CLOSE}", _opener(tag)
    depth, pos = 1, opening.end()
    while True:
        end = html.find(close, pos)
        if end < 0:
            return None
        depth += len(opener.findall(html, pos, end)) - 1
        pos = end + len(close)
        if depth == 0:
            return html[start:pos]


@cache
def _opener(tag: str) -> re.Pattern[str]:
    """Opening markers of ``tag`` (not of a longer tag name that starts the same)."""
    return re.compile(f"{markers.OPEN}{tag}[#.{markers.CLOSE}]")


def _without_ids(html: str) -> str:
    return _ID_ATTR.sub("", markers.to_html(html))


def _shown(raw: dict[str, str]) -> dict[str, str]:
    """Captured fragments as HTML without ids, a list item inside its own list (converted
    in one go: the conversion never reaches across the separator)."""
    if not raw:
        return {}
    pieces = _without_ids(_SEPARATOR.join(raw.values())).split(_SEPARATOR)
    if len(pieces) != len(raw):  # the graph's text never holds NUL (the loader drops it)
        pieces = [_without_ids(fragment) for fragment in raw.values()]
    out = {}
    for ident, fragment in zip(raw, pieces, strict=True):
        out[ident] = (
            f'<ul class="lsq-outline">{fragment}</ul>' if fragment[:3] == "<li" else fragment
        )
    return out


def wanted_fragments(templates: list[str]) -> dict[str, set[str]]:
    """Page ``src_uri`` -> the anchors whose HTML the linked-reference ``templates`` use."""
    out: dict[str, set[str]] = {}
    for template in templates:
        for match in SLOT_RE.finditer(template):
            out.setdefault(match.group(1), set()).add(match.group(2))
    return out


def fill(template: str, fragments: dict[str, dict[str, str]], root: str) -> str:
    """Replace every fragment slot in ``template`` by the fragment's HTML, its URLs made
    relative with ``root`` (the page's path to the site root)."""

    def put(match: re.Match[str]) -> str:
        return fragments.get(match.group(1), {}).get(match.group(2), "")

    return SLOT_RE.sub(put, template).replace(markers.ROOT, root)
