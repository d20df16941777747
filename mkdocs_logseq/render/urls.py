"""Page -> site path: one stable, readable URL per page (RENDERING.md "Pages and URLs")."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass
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
    return fit_stem(parts)


MAX_SEGMENT_BYTES = 120
"""The longest path segment (in UTF-8 bytes) a page gets: file systems allow 255 bytes a
name, and a segment also becomes ``<segment>.html`` or ``<segment>.md`` and may get a
``-2`` suffix."""
MAX_STEM_BYTES = 1000
"""The longest path a page gets below the site folder (Linux allows 4,096 bytes in all)."""
HASH_CHARS = 8
INDEX_PAGES = {
    "index.md": "the site's home page",
    "tags/index.md": "the site's Tags page",
    "journals/index.md": "the site's Journals page",
    "all-pages/index.md": "the site's All pages page",
    "graph-view/index.md": "the site's graph view",
}
"""The pages the plugin writes itself (the home page is All pages when no page is home)."""
MKDOCS_OUTPUTS = {
    "404.html": "the theme's page for missing pages",
    "sitemap.xml": "MkDocs' sitemap",
    "sitemap.xml.gz": "MkDocs' sitemap",
    "search/search_index.json": "the search index",
}
"""Files MkDocs, the search plugin and every theme write, known without MkDocs at hand
(the plugin adds the theme's own files and templates when it builds)."""


def _short(segment: str, limit: int = MAX_SEGMENT_BYTES) -> str:
    """``segment`` if it fits in ``limit`` UTF-8 bytes, else its start and a short hash of
    the whole (the same in every build)."""
    data = segment.encode("utf-8")
    if len(data) <= limit:
        return segment
    digest = hashlib.sha1(data).hexdigest()[:HASH_CHARS]
    head = data[: limit - HASH_CHARS - 1].decode("utf-8", errors="ignore").rstrip(".-_")
    return f"{head}-{digest}" if head else digest


def fit_stem(parts: list[str]) -> str:
    """``parts`` joined with ``/``, each part and the whole short enough for a file system."""
    parts = [_short(p) for p in parts]
    stem = "/".join(parts)
    if len(stem.encode("utf-8")) <= MAX_STEM_BYTES:
        return stem
    kept: list[str] = []
    size = 0
    for index, part in enumerate(parts):
        size += len(part.encode("utf-8")) + 1
        if size > MAX_STEM_BYTES - MAX_SEGMENT_BYTES - 1:
            rest = "-".join(parts[index:])
            return "/".join([*kept, _short(rest)])
        kept.append(part)
    return stem  # (not reached: the whole was too long)


def dest_of(stem: str, use_directory_urls: bool) -> str:
    """The file MkDocs writes for page ``<stem>.md`` (below the site folder)."""
    if not use_directory_urls or stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


@dataclass(frozen=True)
class Moved:
    """A page that could not have its natural path, because another page or a file of
    the site is written there."""

    key: str
    path: str
    """The ``src_uri`` it got instead."""
    output: str
    """The file of the site its natural path would have written, or been a folder of."""
    owner: str
    """Key of the page written there; else what that file is (``MkDocs' sitemap``, …)."""
    owner_is_page: bool


class _Outputs:
    """The files a site writes, and the folders they are in, by lower-cased path (file
    systems may ignore case), with who writes each."""

    def __init__(self, use_directory_urls: bool) -> None:
        self.use_directory_urls = use_directory_urls
        self.files: dict[str, str] = {}
        self.folders: dict[str, str] = {}
        self.stems: dict[str, str] = {}
        """Natural stem -> first page key that wanted it (slug collisions are silent)."""

    def add_file(self, path: str, owner: str) -> None:
        path = path.lower()
        self.files.setdefault(path, owner)
        while "/" in path:
            path = path.rsplit("/", 1)[0]
            self.folders.setdefault(path, owner)

    def claims(self, stem: str) -> list[str]:
        """The files page ``<stem>.md`` takes: the one MkDocs writes, and the index of its
        own folder, where its namespace children go (and where a server shows ``<stem>/``,
        which is the page's URL with directory URLs)."""
        dest = dest_of(stem, self.use_directory_urls)
        own = stem + "/index.html"
        return [dest] if dest == own else [dest, own]

    def clash(self, stem: str) -> tuple[str, str] | None:
        """(The file, its owner) in the way of page ``<stem>.md``, or None if it is free."""
        for path in self.claims(stem):
            low = path.lower()
            if low in self.files:
                return path, self.files[low]
            if low in self.folders:
                return path, self.folders[low]
            folder = low
            while "/" in folder:
                folder = folder.rsplit("/", 1)[0]
                if folder in self.files:
                    return folder, self.files[folder]
        return None


def _suffixed(stem: str, n: int) -> str:
    """``stem`` with ``-n`` after its last segment, kept within the segment limit."""
    head, _, last = stem.rpartition("/")
    last = _short(last, MAX_SEGMENT_BYTES - len(str(n)) - 1) + f"-{n}"
    return f"{head}/{last}" if head else last


def assign_paths(
    pages: list[Page],
    home_key: str | None,
    use_directory_urls: bool = True,
    reserved: dict[str, str] | None = None,
    moved: list[Moved] | None = None,
) -> dict[str, str]:
    """Page key -> ``src_uri`` (``a/b.md``), unique; the home page is ``index.md``.

    No page is written over another or over a file the site writes otherwise
    (``reserved``: output path -> who writes it, and :data:`MKDOCS_OUTPUTS`), nor where
    such a file needs a folder or has one: such a page gets ``-2`` (``-3``, …) after its
    last segment, and is listed in ``moved`` when what is in its way is not a page of the
    same natural path (two names with one slug, ``C`` and ``C#``, are expected). Pages
    are visited in key order, those whose path ends in ``/index`` last (MkDocs writes
    them at their folder's path), so the same graph always gets the same URLs."""
    outputs = _taken_outputs(home_key, use_directory_urls, reserved or {})
    out: dict[str, str] = {}
    if home_key is not None:
        out[home_key] = "index.md"
    stems = {page.key: page_path(page) for page in pages if page.key != home_key}
    order = sorted(stems, key=lambda k: (stems[k].rsplit("/", 1)[-1] == "index", k))
    for key in order:
        candidate, first = _free_stem(outputs, stems[key])
        for path in outputs.claims(candidate):
            outputs.add_file(path, "page:" + key)
        out[key] = f"{candidate}.md"
        if first is not None and moved is not None:
            moved.extend(_moved(key, out[key], first, stems))
    return out


def _free_stem(outputs: _Outputs, stem: str) -> tuple[str, tuple[str, str] | None]:
    """The first of ``stem``, ``stem-2``, ``stem-3``, … that is free, and the first clash
    (output, owner) on the way (None if ``stem`` is free)."""
    candidate, n, first = stem, 2, None
    while (clash := outputs.clash(candidate)) is not None:
        first = first or clash
        candidate, n = _suffixed(stem, n), n + 1
    return candidate, first


def _moved(key: str, src: str, clash: tuple[str, str], stems: dict[str, str]) -> list[Moved]:
    """The move of page ``key`` to ``src`` because of the first ``clash`` (output, owner)
    on its natural path, unless the owner is a page of the same natural path."""
    output, owner = clash
    is_page = owner.startswith("page:")
    owner = owner[5:] if is_page else owner
    if is_page and stems.get(owner) == stems[key]:
        return []  # two names with one slug (C and C#): expected
    return [Moved(key, src, output, owner, is_page)]


def _taken_outputs(
    home_key: str | None, use_directory_urls: bool, reserved: dict[str, str]
) -> _Outputs:
    """The outputs taken before any page has a path: ``reserved`` files, MkDocs' own, the
    generated index pages (``index.md`` only when no page is the home page) and the home
    page."""
    outputs = _Outputs(use_directory_urls)
    for path, owner in {**reserved, **MKDOCS_OUTPUTS}.items():
        outputs.add_file(path, owner)
    for src, owner in INDEX_PAGES.items():
        if src != "index.md" or home_key is None:
            outputs.add_file(dest_of(src[:-3], use_directory_urls), owner)
    if home_key is not None:
        outputs.add_file(dest_of("index", use_directory_urls), "page:" + home_key)
    return outputs


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
