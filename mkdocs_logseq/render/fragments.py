"""Reusing a block's rendered HTML on other pages (linked references) without re-rendering it.

A page's HTML, while it still carries the outline markers, is cut into fragments by anchor;
another page takes a fragment and drops its ids. The plugin writes its URLs from the site
root (:data:`.markers.ROOT`), so a fragment needs no re-basing.
"""

from __future__ import annotations

import re

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
    raw = elements(html, wanted)
    if len(raw) < len(wanted):
        for match in _HEADING.finditer(html):
            if match.group(2) in wanted and match.group(2) not in raw:
                text = _PERMALINK.sub("", match.group(3))
                raw[match.group(2)] = f'<p class="lsq-heading-ref">{text}</p>'
    local = f'href="{markers.ROOT}{url}#'
    return _shown({ident: part.replace(_LOCAL_HREF, local) for ident, part in raw.items()})


def elements(html: str, wanted: set[str]) -> dict[str, str]:
    """Anchor -> the marked-up element with that anchor, from its opening marker to the one
    that closes it, for the ``wanted`` anchors found in ``html``; one pass over ``html``.

    Markers of one tag nest properly: an element ends at the first closing marker of its tag
    where as many of that tag have closed as opened since it. An element never closed is
    left out; of two with the same anchor (anchors are unique), the one opened last wins."""
    found: dict[str, tuple[int, str]] = {}
    open_at: dict[str, list[tuple[int, str]]] = {}
    """Tag -> (start, anchor) of each of its elements still open, innermost last."""
    for match in markers.TAG_RE.finditer(html):
        closing, tag, ident = match.group(1, 2, 3)
        stack = open_at.setdefault(tag, [])
        if not closing:
            stack.append((match.start(), ident[1:]))
        elif stack:
            start, anchor = stack.pop()
            if anchor in wanted and (anchor not in found or found[anchor][0] < start):
                found[anchor] = start, html[start : match.end()]
    return {anchor: text for anchor, (_, text) in found.items()}


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
