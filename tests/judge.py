"""The judge's view of a built site (issue 9): what a reader, a browser and a crawler meet.

Every check walks the whole site directory and returns a list of problems (empty when the
site is safe), so a failing test shows every case at once. The rules:

* **Injection**: a payload that got through carries the attribute ``lsqpwn``, a tag name
  holding ``lsqpwn``, a ``<script>``/``<style>`` holding ``lsqpwn``, or an ``on…`` event
  attribute; none of these may be in any page, nor in the HTML snippets of the search index.
* **URLs**: no ``href``/``src``/… anywhere is ``javascript:``, ``vbscript:`` or a ``data:``
  URL other than an image (browsers ignore leading blanks and controls, and letter case).
* **Names**: a name shows as written (LOGSEQ_FORMAT §1 normalisation: trimmed, NFC) in
  ``<title>``, the header, the h1, nav, All pages, Tags, linked references and search.
* **Leaks**: no marker word of an unpublished file is in any built file, gzip included.

HTML is read with :mod:`html.parser` (through BeautifulSoup), except ``<title>``, which
browsers read as text up to the first ``</title`` (RCDATA): it is cut out first, exactly so.
"""

from __future__ import annotations

import gzip
import html
import json
import os
import posixpath
import re
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from bs4 import BeautifulSoup, NavigableString, PageElement, Tag
from conftest import ROOT

PWN = "lsqpwn"
"""Every injection payload carries this word as an attribute or tag name, or in a script."""
URL_ATTRIBUTES = {
    "href",
    "src",
    "data",
    "action",
    "formaction",
    "poster",
    "srcset",
    "background",
    "cite",
    "ping",
    "xlink:href",
    "longdesc",
    "manifest",
    "codebase",
    "lowsrc",
    "dynsrc",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "livescript:")
MARKUP_IN_URL = re.compile(r"^\s*<|</?(?:a|em|strong|code|del|mark|span|img)\b|\bhref=", re.I)
"""Markdown or HTML syntax left inside a URL: ``<dest>`` brackets, ``_x_`` made ``<em>``."""
TITLE_RE = re.compile(r"<title>(.*?)</title", re.S | re.I)
SOURCE_DATE_EPOCH = "1700000000"
ZWSP = "\u200b"
"""Material's search marks word boundaries in CJK text with zero-width spaces."""
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufdd0-\ufdef\ufffe\uffff]")


def shown(name: str) -> str:
    """How a name reads on the page: LOGSEQ_FORMAT §1 normalisation (NFC, trimmed, boundary
    slashes gone), control characters removed, runs of white space read as one space."""
    name = CONTROL.sub("", unicodedata.normalize("NFC", name))
    return " ".join(name.strip().strip("/").split())


def text_of(node: Tag) -> str:
    """An element's text as a reader sees it: permalink anchors left out, blanks collapsed
    (walked without recursion: outlines nest hundreds of levels deep)."""
    parts: list[str] = []
    stack: list[PageElement] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Tag):
            if item is not node and "headerlink" in (item.get("class") or []):
                continue
            stack.extend(reversed(item.contents))
        elif type(item) is NavigableString:
            parts.append(str(item))
    return " ".join("".join(parts).split())


def bad_url(value: str) -> bool:
    """True for a URL a browser would run or render as a document."""
    clean = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(value)).lower()
    if clean.startswith(BAD_SCHEMES):
        return True
    return clean.startswith("data:") and not clean.startswith("data:image/")


@dataclass
class Page:
    rel: str
    soup: BeautifulSoup
    title: str
    """The document title as a browser shows it."""

    @cached_property
    def article(self) -> Tag | None:
        return self.soup.find("article")

    @cached_property
    def h1(self) -> str | None:
        if self.article is None:
            return None
        heads = self.article.find_all("h1")
        return text_of(heads[0]) if len(heads) == 1 else None

    @cached_property
    def header(self) -> str:
        topic = self.soup.find(attrs={"data-md-component": "header-topic"})
        node = topic.find(class_="md-ellipsis") if isinstance(topic, Tag) else None
        return text_of(node) if isinstance(node, Tag) else ""

    @cached_property
    def text(self) -> str:
        return text_of(self.article) if self.article is not None else ""


@dataclass
class Site:
    """Every file of a built site, with its HTML pages parsed."""

    root: Path
    files: dict[str, bytes] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)

    @classmethod
    def read(cls, root: Path) -> Site:
        site = cls(root)
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                rel = path.relative_to(root).as_posix()
                site.files[rel] = path.read_bytes()
        for rel, data in site.files.items():
            if rel.endswith(".html"):
                site.pages[rel] = parse_page(rel, data.decode("utf-8"))
        return site

    def url_of(self, rel: str) -> str:
        """The site URL (from the root) of the page file ``rel``."""
        return rel[: -len("index.html")] if rel.endswith("index.html") else rel

    def target(self, page_rel: str, href: str) -> str | None:
        """The site file an ``href`` on ``page_rel`` opens, or None for external links."""
        found = _target(posixpath.dirname(page_rel), href)
        return page_rel if found == "" else found

    def links_to(self, rel: str) -> list[tuple[str, Tag]]:
        """Every ``<a>`` of the site that opens page ``rel``: (page it is on, element)."""
        return self._links.get(rel, [])

    @cached_property
    def _links(self) -> dict[str, list[tuple[str, Tag]]]:
        out: dict[str, list[tuple[str, Tag]]] = {}
        for page_rel, page in self.pages.items():
            for a in page.soup.find_all("a", href=True):
                target = self.target(page_rel, str(a["href"]))
                if target is not None:
                    out.setdefault(target, []).append((page_rel, a))
        return out

    def by_h1(self, name: str) -> list[str]:
        """The pages whose only h1 reads ``name``."""
        want = shown(name)
        return [rel for rel, page in self.pages.items() if page.h1 == want]

    @cached_property
    def search(self) -> list[dict[str, object]]:
        data = self.files.get("search/search_index.json")
        return list(json.loads(data)["docs"]) if data else []

    def search_title(self, rel: str) -> str | None:
        """The title the search index gives page ``rel`` (its first entry), as text."""
        url = self.url_of(rel)
        for doc in self.search:
            if doc["location"] == url:
                return text_of(BeautifulSoup(str(doc["title"]), "html.parser"))
        return None


@cache
def _target(folder: str, href: str) -> str | None:
    """The site file ``href`` opens from a page in ``folder``; "" for the page itself."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return ""
    path = unquote(parts.path)
    joined = path.lstrip("/") if path.startswith("/") else posixpath.join(folder, path)
    rel = posixpath.normpath(joined) if joined else "."
    if rel == ".":
        return "index.html"
    return rel + "/index.html" if parts.path.endswith("/") else rel


def parse_page(rel: str, text: str) -> Page:
    """A page as a browser reads it: the title's raw text is RCDATA up to ``</title``."""
    match = TITLE_RE.search(text)
    title = ""
    if match:
        title = " ".join(html.unescape(match.group(1)).split())
        text = (
            text[: match.start(1)]
            + html.escape(html.unescape(match.group(1)))
            + text[match.end(1) :]
        )
    return Page(rel, BeautifulSoup(text, "html.parser"), title)


# -- the judging rules -------------------------------------------------------------------------


def injections(soup: BeautifulSoup, where: str) -> list[str]:
    """Elements, attributes and URLs that should not be there (see the module docstring)."""
    problems: list[str] = []
    for el in soup.find_all(True):
        name = el.name.lower()
        if PWN in name:
            problems.append(f"{where}: element <{el.name}>")
        for key, value in el.attrs.items():
            values = value if isinstance(value, list) else [value]
            key = key.lower()
            if PWN in key or key.startswith("on"):
                problems.append(f"{where}: attribute {key}= on <{el.name}>")
            if key in URL_ATTRIBUTES and any(bad_url(str(v)) for v in values):
                problems.append(f"{where}: URL {key}={value!r} on <{el.name}>")
            if key in URL_ATTRIBUTES and any(MARKUP_IN_URL.search(str(v)) for v in values):
                problems.append(f"{where}: markup in URL {key}={value!r} on <{el.name}>")
            if (
                key == "content"
                and "url=" in str(value).lower()
                and bad_url(str(value).lower().split("url=", 1)[1])
            ):
                problems.append(f"{where}: refresh to {value!r}")
        if name in ("script", "style") and PWN in el.get_text():
            problems.append(f"{where}: <{el.name}> running the payload")
        if PWN in str(el.get("srcdoc", "")):
            problems.append(f"{where}: <{el.name}> srcdoc holding the payload")
    return problems


def site_injections(site: Site) -> list[str]:
    """:func:`injections` over every page and every HTML snippet of the search index."""
    problems: list[str] = []
    for rel, page in site.pages.items():
        problems += injections(page.soup, rel)
    for doc in site.search:
        for key in ("title", "text"):
            problems += injections(
                BeautifulSoup(str(doc.get(key, "")), "html.parser"),
                f"search index {doc['location']} {key}",
            )
        for tag in doc.get("tags", []) or []:  # type: ignore[union-attr]
            problems += injections(
                BeautifulSoup(str(tag), "html.parser"), f"search index {doc['location']} tags"
            )
    for rel, data in site.files.items():
        if rel.endswith((".xml", ".xml.gz")):
            try:
                root = ElementTree.fromstring(
                    gzip.decompress(data) if rel.endswith(".gz") else data
                )
            except ElementTree.ParseError as exc:
                problems.append(f"{rel}: not XML ({exc})")
                continue
            for node in root.iter():
                if PWN in node.tag or any(PWN in k for k in node.attrib):
                    problems.append(f"{rel}: element {node.tag}")
                if node.tag.endswith("loc") and (
                    bad_url(node.text or "") or "<" in (node.text or "")
                ):
                    problems.append(f"{rel}: loc {node.text!r}")
    return problems


def leaked(site: Site, words: list[str]) -> list[str]:
    """(file, word) for every marker word found in any built file (gzip opened)."""
    problems: list[str] = []
    for rel, data in site.files.items():
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        text = data.decode("utf-8", errors="replace").lower()
        for word in words:
            if word.lower() in text:
                problems.append(f"{rel}: {word}")
    return problems


def control_characters(site: Site) -> list[str]:
    """Text files holding control characters or noncharacters."""
    problems = []
    for rel, data in site.files.items():
        if rel.endswith((".html", ".json", ".xml")):
            found = CONTROL.search(data.decode("utf-8", errors="replace"))
            if found:
                problems.append(f"{rel}: U+{ord(found.group(0)):04X}")
    return problems


def differences(first: Site, second: Site) -> list[str]:
    """Files that differ between two builds (or exist in one only)."""
    names = sorted(set(first.files) | set(second.files))
    return [n for n in names if first.files.get(n) != second.files.get(n)]


def subprocess_build(config_file: Path, site_dir: Path, hash_seed: str) -> None:
    """``mkdocs build`` in a fresh process with its own hash seed (set order differs)."""
    env = {
        **os.environ,
        "PYTHONHASHSEED": hash_seed,
        "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-q",
            "-f",
            str(config_file),
            "-d",
            str(site_dir),
        ],
        check=True,
        env=env,
        capture_output=True,
    )


# -- names -------------------------------------------------------------------------------------


def name_problems(site: Site, name: str, nav: bool, listed: bool = True) -> list[str]:
    """Where page ``name`` does not show as written: its page (one h1), ``<title>``, header,
    search title, the nav (when ``nav``) and every link to it from All pages (where it is
    ``listed``: journals are not)."""
    want = shown(name)
    pages = site.by_h1(name)
    if len(pages) != 1:
        return [f"{want!r}: {len(pages)} pages with this h1"]
    rel = pages[0]
    page = site.pages[rel]
    problems = []
    title = page.title
    if title != f"{want} - Test":
        problems.append(f"{want!r}: <title> {title!r}")
    if page.header != want:
        problems.append(f"{want!r}: header {page.header!r}")
    found = site.search_title(rel)
    if found is not None and found.replace(ZWSP, "") != want.replace(ZWSP, ""):
        problems.append(f"{want!r}: search title {found!r}")
    links = site.links_to(rel)
    if nav:
        texts = {
            text_of(a)
            for on, a in links
            if on == rel
            and "#" not in str(a["href"])
            and a.find_parent(class_="md-sidebar--primary") is not None
        }
        if want not in texts and not (rel == "index.html" and "Home" in texts):
            problems.append(f"{want!r}: nav shows {sorted(texts)!r}")
    texts = [text_of(a) for _, a in links if a.find_parent("ul", class_="lsq-all-pages")]
    short = want.rsplit("/", 1)[-1].strip() if "/" in want else want
    if listed and not texts:
        problems.append(f"{want!r}: not on All pages")
    problems += [f"{want!r}: All pages shows {t!r}" for t in texts if t not in (want, short)]
    return problems
