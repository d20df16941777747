"""Checks a built site as a reader would meet it: leaked Logseq syntax and broken links."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LEAKS = [
    ("[[", re.compile(r"\[\[")),
    ("]]", re.compile(r"\]\]")),
    ("{{", re.compile(r"\{\{")),
    ("}}", re.compile(r"\}\}")),
    ("#+BEGIN", re.compile(r"#\+BEGIN", re.I)),
    ("key:: value", re.compile(r"(?m)^[ \t]*[\w.-]+:: \S")),
    ("((uuid))", re.compile(r"\(\([0-9a-f]{8}-")),
    ("<!--lsq", re.compile(r"<!--lsq")),
]
SKIP_TAGS = {"code", "pre", "script", "style", "kbd", "samp", "svg", "textarea"}
VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base", "param"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.skip = 0
        self.in_article = 0
        self.text: list[str] = []
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.h1 = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"] or "")
        if tag in VOID:
            if tag in ("img", "source") and a.get("src"):
                self.links.append(a["src"] or "")
            return
        self.stack.append(tag)
        if tag in SKIP_TAGS or "arithmatex" in (a.get("class") or ""):
            self.skip += 1
            self.stack[-1] = "code"
        if tag == "article":
            self.in_article += 1
        if tag == "h1" and self.in_article:
            self.h1 += 1
        for key in ("href", "src", "data"):
            if a.get(key) and tag in ("a", "iframe", "object", "audio", "video"):
                self.links.append(a[key] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self.stack:
            top = self.stack.pop()
            if top in SKIP_TAGS:
                self.skip -= 1
            if top == "article":
                self.in_article -= 1
            if top == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.skip:
            self.text.append(data)


@dataclass
class Report:
    leaks: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    pages: int = 0
    h1_problems: list[str] = field(default_factory=list)


def parse(path: Path) -> _Page:
    parser = _Page()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_site(site: Path, skip_pages: tuple[str, ...] = ("404.html",)) -> Report:
    """Leaks of Logseq syntax in article text, internal links that miss, pages without one h1."""
    report = Report()
    parsed: dict[Path, _Page] = {}
    for html_file in sorted(site.rglob("*.html")):
        rel = html_file.relative_to(site).as_posix()
        if rel in skip_pages:
            continue
        parsed[html_file] = parse(html_file)
    for html_file, page in list(parsed.items()):
        rel = html_file.relative_to(site).as_posix()
        report.pages += 1
        text = "".join(page.text)
        for name, pattern in LEAKS:
            for m in pattern.finditer(text):
                report.leaks.append(
                    f"{rel}: {name}: …{text[max(0, m.start() - 40) : m.end() + 40]!r}…"
                )
        if page.h1 != 1:
            report.h1_problems.append(f"{rel}: {page.h1} h1")
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:", "javascript:")):
                continue
            target = html_file.parent / unquote(parts.path) if parts.path else html_file
            if parts.path.endswith("/") or (target.is_dir()):
                target = target / "index.html"
            target = target.resolve()
            if not target.exists():
                report.broken.append(f"{rel}: {link}")
                continue
            if parts.fragment and target.suffix == ".html":
                other = parsed.get(target) or parse(target)
                parsed.setdefault(target, other)
                if unquote(parts.fragment) not in other.ids:
                    report.broken.append(f"{rel}: {link} (no anchor)")
    return report
