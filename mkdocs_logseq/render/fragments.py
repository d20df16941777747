"""Reusing a block's rendered HTML on other pages (linked references) without re-rendering it.

A page's HTML, while it still carries the outline markers, is cut into fragments by anchor;
another page takes a fragment, re-bases its relative URLs and drops its ids.
"""

from __future__ import annotations

import posixpath
import re

from .outline import MARKER_RE, expand_markers, markers_to_html, unglue_markers
from .urls import url_of

_ID_MARKER = re.compile(r'<!--lsq:(li|div) [^<>]*?\bid="([^"]+)"[^<>]*-->')
_HEADING = re.compile(r'<h([2-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_URL_ATTR = re.compile(r'\b(href|src|data)="([^"#:?][^":]*?|#[^"]*)"')
_ID_ATTR = re.compile(r'\s(?:id|for)="[^"]*"')
SLOT_RE = re.compile(r'<!--lsq:frag ([^ ]+) ([^ ]+)-->')


def slot(src: str, anchor: str) -> str:
    """The placeholder for the fragment ``anchor`` of page ``src``."""
    return f"<!--lsq:frag {src} {anchor}-->"


def capture(html: str) -> dict[str, str]:
    """Anchor -> the HTML of that block (with outline markers) in a page's rendered content."""
    html = expand_markers(unglue_markers(html))
    out: dict[str, str] = {}
    stack: list[tuple[str, str | None, int]] = []
    for match in MARKER_RE.finditer(html):
        closing, tag = match.group(1), match.group(2)
        if not closing:
            ident = _ID_MARKER.match(match.group(0))
            stack.append((tag, ident.group(2) if ident else None, match.start()))
        elif stack:
            _tag, ident, start = stack.pop()
            if ident:
                out[ident] = html[start : match.end()]
    for match in _HEADING.finditer(html):
        out.setdefault(match.group(2), f'<p class="lsq-heading-ref">{match.group(3)}</p>')
    return out


def _dir(url: str) -> str:
    """The folder part of a site URL, ``""`` for the root."""
    if url.endswith("/") or not url:
        return url
    parent = posixpath.dirname(url)
    return parent + "/" if parent else ""


def rebase(fragment: str, from_src: str, to_src: str, use_directory_urls: bool) -> str:
    """Relative URLs in ``fragment`` (rendered for page ``from_src``) made right for ``to_src``."""
    from_url = url_of(from_src, use_directory_urls)
    to_url = url_of(to_src, use_directory_urls)
    from_dir, to_dir = _dir(from_url), _dir(to_url)

    def fix(match: re.Match[str]) -> str:
        attr, value = match.group(1), match.group(2)
        if value.startswith("#"):
            target, anchor = from_url, value
        else:
            path, _, frag = value.partition("#")
            target = posixpath.normpath(posixpath.join(from_dir or ".", path))
            if path.endswith("/") or path in ("", "."):
                target = target.rstrip("/") + "/"
            if target in ("./", "."):
                target = ""
            anchor = f"#{frag}" if frag else ""
        rel = posixpath.relpath(target or ".", to_dir.rstrip("/") or ".") if target else \
            posixpath.relpath(".", to_dir.rstrip("/") or ".")
        if (target.endswith("/") or not target) and not rel.endswith("/"):
            rel += "/"
        if rel.startswith("./"):
            rel = rel[2:] or "./"
        return f'{attr}="{rel}{anchor}"'

    return _URL_ATTR.sub(fix, fragment)


def fill(template: str, fragments: dict[str, dict[str, str]], to_src: str,
         use_directory_urls: bool) -> str:
    """Replace every fragment slot in ``template`` by the fragment, re-based for ``to_src``."""

    def put(match: re.Match[str]) -> str:
        src, anchor = match.group(1), match.group(2)
        fragment = fragments.get(src, {}).get(anchor)
        if fragment is None:
            return ""
        fragment = _ID_ATTR.sub("", rebase(fragment, src, to_src, use_directory_urls))
        if fragment.startswith("<!--lsq:li"):
            fragment = f'<ul class="lsq-outline">{fragment}</ul>'
        return markers_to_html(fragment)

    return SLOT_RE.sub(put, template)
