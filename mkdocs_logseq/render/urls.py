"""Page -> site path: one stable, readable URL per page (RENDERING.md "Pages and URLs")."""

from __future__ import annotations

import posixpath
import re
import unicodedata
from functools import lru_cache

from ..model import Page
from ..parse.names import is_namespace

RESERVED = {
    "index",
    "tags",
    "journals",
    "all-pages",
    "assets",
    "search",
    "404",
    "logseq",
    "stylesheets",
    "javascripts",
    "_logseq",
    "graph-view",
}


def slug_segment(text: str) -> str:
    """Lower-case, spaces to ``-``, URL-unsafe characters dropped, CJK and other letters kept."""
    text = unicodedata.normalize("NFC", text).lower().strip()
    text = re.sub(r"\s+", "-", text)
    text = re.sub(r"[^\w.-]", "", text)
    text = re.sub(r"-{2,}", "-", text)
    return text.strip(".-_") or ""


def page_path(page: Page) -> str:
    """The preferred ``src_uri`` stem of a page, before collisions are resolved."""
    if page.journal_day is not None:
        return f"journals/{page.journal_day.isoformat()}"
    parts = (
        [slug_segment(p) for p in page.name.split("/")]
        if is_namespace(page.name)
        else [slug_segment(page.name.replace("/", "-"))]  # a URL or a name holding [[X]]
    )
    parts = [p or "page" for p in parts]
    if parts[0] in RESERVED and not (len(parts) > 1 and parts[0] not in ("journals", "tags")):
        parts[0] = f"{parts[0]}-page"
    return "/".join(parts)


def assign_paths(pages: list[Page], home_key: str | None) -> dict[str, str]:
    """Page key -> ``src_uri`` (``a/b.md``), unique; the home page is ``index.md``.

    Pages are visited in key order, so the same graph always gets the same URLs."""
    taken: set[str] = {
        "index",
        "tags/index",
        "journals/index",
        "all-pages/index",
        "graph-view/index",
    }
    out: dict[str, str] = {}
    for page in sorted(pages, key=lambda p: p.key):
        if page.key == home_key:
            out[page.key] = "index.md"
            continue
        stem = page_path(page)
        candidate, n = stem, 2
        while candidate.lower() in taken or any(
            candidate.lower().startswith(t + "/") for t in ("index",)
        ):
            candidate, n = f"{stem}-{n}", n + 1
        taken.add(candidate.lower())
        out[page.key] = f"{candidate}.md"
    return out


@lru_cache(maxsize=65536)
def url_of(src_uri: str, use_directory_urls: bool) -> str:
    """The site URL (relative to the site root) MkDocs gives ``src_uri``."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_md(from_src: str, to_src: str) -> str:
    """A Markdown link path from one ``src_uri`` to another (MkDocs turns it into a URL)."""
    return _relpath(to_src, posixpath.dirname(from_src))


@lru_cache(maxsize=262144)
def _relpath(to: str, start_dir: str) -> str:
    if not start_dir:
        return to
    return posixpath.relpath(to, start_dir)
