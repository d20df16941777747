"""Build the real Logseq graphs in ``../shared/corpora`` with MkDocs and check the sites.

Each corpus is built once per module (a real ``mkdocs build``, in-process), then checked as a
reader meets it: one title per page, no Logseq syntax left as text, no broken links, and the
references Logseq shows (linked references, block refs, embeds) present on the pages. The
expected references come from the parser (``load_graph``), so a failure names the source
file and line. zh-nlp-course has no licence: it is only read in place, never copied.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from posixpath import normpath
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from mkdocs_logseq.model import (
    Block,
    BlockRef,
    Chunk,
    Inline,
    Link,
    Macro,
    Page,
    PageRef,
    SpecialChunk,
    TextChunk,
)
from mkdocs_logseq.parse.graph import Graph, load_graph
from mkdocs_logseq.render.options import Options
from mkdocs_logseq.render.site import build_site

pytestmark = pytest.mark.corpus

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA: dict[str, str | None] = {
    "logseq-docs": None,  # the plugin's default options (config.edn makes every page public)
    "zh-nlp-course": "all",  # no public:: pages, so publish everything
}
SHOW = 12  # offenders printed per failing check
# Fewer checked items than this means a check went blind (parser or test changed).
MIN_CHECKED: dict[str, dict[str, int]] = {
    "logseq-docs": {"backlinks": 1500, "block refs": 30, "embeds": 40},
    "zh-nlp-course": {"backlinks": 400, "block refs": 300, "embeds": 0},
}

# ---- leaks: Logseq syntax that Logseq renders as structure, seen as text ---------------------

UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
LEAKS: list[tuple[str, re.Pattern[str]]] = [  # searched in all article text
    ("[[page link]]", re.compile(r"\[\[[^\[\]\n]*[^\s\[\]][^\[\]\n]*\]\]")),
    ("{{macro}}", re.compile(r"\{\{\{?[^\s{}][^{}\n]*\}\}")),
    ("((uuid))", re.compile(rf"\(\(\s*{UUID}\s*\)\)")),
    ("<!--lsq", re.compile(r"<!--lsq")),
]
LINE_LEAKS: list[tuple[str, re.Pattern[str]]] = [  # at a line start, outside links and quotes
    ("#+BEGIN_ line", re.compile(r"(?m)^[ \t]*#\+BEGIN_[A-Za-z]", re.I)),
    ("key:: value line", re.compile(r"(?m)^[ \t]*[^\s:\[\]()#]+::(?:[ \t]|$)")),
]
SKIP_TAGS = {"code", "pre", "script", "style", "kbd", "samp", "svg", "textarea", "math"}
VOID = {
    "br",
    "hr",
    "img",
    "input",
    "meta",
    "link",
    "source",
    "wbr",
    "col",
    "area",
    "base",
    "param",
    "track",
    "embed",
}
BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "blockquote",
    "details",
    "summary",
    "dd",
    "dt",
    "dl",
    "figure",
    "figcaption",
    "section",
    "article",
    "pre",
    "nav",
    "header",
    "footer",
}
MARKER_CHARS = re.compile("[\ufdd0-\ufdd6]")
LINK_TAGS = {"a", "img", "iframe", "object", "video", "audio", "source"}

# ---- warnings: the only kinds these corpora should produce ------------------------------------

WARNING_RE = re.compile(
    r"^(?:mkdocs_logseq: )?(?P<file>[^\n]+?\.(?:md|markdown|org)):(?P<line>\d+): "
    r"(?P<message>.*)$",
    re.S,
)
EXPECTED_WARNINGS = [
    re.compile(r"asset '(?P<asset>[^']+)' not found$"),
    re.compile(r"link to a local file outside the graph: file://\S+$"),
    # the docs' "Share to Logseq" bookmarklet: <a href="javascript:…"> (issue 9: left out)
    re.compile(r"raw HTML: left out href=$"),
]


# ---- one HTML page, read once ------------------------------------------------------------------


@dataclass
class Embed:
    text: list[str] = field(default_factory=list)


@dataclass
class Scan:
    """What the checks need from one HTML page."""

    text: str = ""
    """Article text outside code, pre and math, with a newline at every block boundary."""
    line_text: str = ""
    """``text`` with the text of links and block quotes replaced by ``·``: a tag chip
    ``#+BEGIN_`` or an example ``> title:: x`` in a quote is the user's text."""
    h1: int = 0
    links: list[tuple[str, str]] = field(default_factory=list)
    """(tag, URL) of every href/src/data of a, img, iframe, object, video, audio, source."""
    backlinks: list[str] = field(default_factory=list)
    """href of every <a> inside .lsq-backlinks."""
    tagged: list[str] = field(default_factory=list)
    """href of every <a> inside .lsq-tagged ("Pages tagged with")."""
    article_links: list[str] = field(default_factory=list)
    """href of every <a> inside <article> (outside .lsq-backlinks)."""
    embeds: list[str] = field(default_factory=list)
    """Whole text of every .lsq-embed element outside .lsq-backlinks, in document order
    (a nested embed's text is also in its parent's)."""
    ids: set[str] = field(default_factory=set)
    own_missing: int = 0
    """.lsq-missing-asset placeholders in the page's own content (not in linked references,
    embeds or block refs, which show other pages' blocks)."""
    markers: int = 0
    """The plugin's structure markers left anywhere in the HTML, text or attributes: older
    ``<!--lsq…-->`` comments or the private-use characters U+E000–U+E006."""


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = Scan()
        self.stack: list[tuple[str, tuple[str, ...]]] = []  # (tag, the roles it opened)
        self.depth: Counter[str] = Counter()  # role -> how many open elements have it
        self.open_embeds: list[Embed] = []
        self.all_embeds: list[Embed] = []
        self.text: list[str] = []
        self.line_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        depth = self.depth
        if a.get("id"):
            self.scan.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.scan.ids.add(a["name"])
        if tag in LINK_TAGS:
            for key in ("href", "src", "data"):
                if a.get(key):
                    self.scan.links.append((tag, a[key]))
            if tag == "a" and a.get("href"):
                if depth["backlinks"]:
                    self.scan.backlinks.append(a["href"])
                elif depth["tagged"]:
                    self.scan.tagged.append(a["href"])
                elif depth["article"]:
                    self.scan.article_links.append(a["href"])
        if "lsq-missing-asset" in classes and depth["article"] and not depth["borrowed"]:
            self.scan.own_missing += 1
        if tag in BLOCK_TAGS or tag == "br":
            self._data("\n")
        if tag == "h1" and depth["article"]:
            self.scan.h1 += 1
        if tag in VOID:
            return
        roles: list[str] = []
        if tag in SKIP_TAGS or "arithmatex" in classes:
            roles.append("skip")
        if tag == "article":
            roles.append("article")
        if "lsq-backlinks" in classes:
            roles += ["backlinks", "borrowed"]
        if "lsq-tagged" in classes:
            roles.append("tagged")
        if tag in ("a", "blockquote"):
            roles.append("literal")
        if "lsq-block-ref" in classes:
            roles.append("borrowed")
        if "lsq-embed" in classes:
            roles += ["embed", "borrowed"]
            embed = Embed()
            self.open_embeds.append(embed)
            if not depth["backlinks"]:  # a page's own embeds, not those of the blocks it lists
                self.all_embeds.append(embed)
        depth.update(roles)
        self.stack.append((tag, tuple(roles)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID or all(t != tag for t, _ in self.stack):
            return
        while self.stack:
            top, roles = self.stack.pop()
            self.depth.subtract(roles)
            if "embed" in roles:
                self.open_embeds.pop()
            if top == tag:
                break
        if tag in BLOCK_TAGS:
            self._data("\n")

    def _data(self, data: str) -> None:
        for embed in self.open_embeds:
            embed.text.append(data)
        if self.depth["article"] and not self.depth["skip"]:
            self.text.append(data)
            self.line_text.append("·" if self.depth["literal"] and data.strip() else data)

    def handle_data(self, data: str) -> None:
        self._data(data)

    def handle_comment(self, data: str) -> None:
        if data.startswith("lsq"):
            self.scan.markers += 1

    def result(self) -> Scan:
        self.close()
        self.scan.text = "".join(self.text)
        self.scan.line_text = "".join(self.line_text)
        self.scan.embeds = ["".join(e.text) for e in self.all_embeds]
        return self.scan


def scan_html(path: Path) -> Scan:
    raw = path.read_text(encoding="utf-8")
    scanner = _Scanner()
    scanner.feed(raw)
    scan = scanner.result()
    scan.markers += len(MARKER_CHARS.findall(raw))
    return scan


# ---- the built corpus --------------------------------------------------------------------------


@dataclass(repr=False)  # the graph is cyclic: pytest must not repr it in tracebacks
class Built:
    name: str
    corpus: Path
    site_dir: Path
    graph: Graph
    paths: dict[str, str]
    """Published page key -> src_uri."""
    records: list[logging.LogRecord]
    error: BaseException | None
    _scans: dict[Path, Scan] = field(default_factory=dict)

    def __repr__(self) -> str:
        return f"<Built {self.name}: {len(self.paths)} published pages in {self.site_dir}>"

    def require_site(self) -> None:
        if self.error is not None:
            pytest.fail(f"{self.name}: the build failed: {self.error!r}")

    def html_files(self) -> list[Path]:
        return sorted(self.site_dir.rglob("*.html"))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.site_dir).as_posix()

    def page_file(self, key: str) -> Path:
        """The HTML file of published page ``key`` (use_directory_urls)."""
        src = self.paths[key]
        stem = src[: -len(".md")]
        if stem == "index" or stem.endswith("/index"):
            return self.site_dir / (stem + ".html")
        return self.site_dir / stem / "index.html"

    def scan(self, path: Path) -> Scan:
        if path not in self._scans:
            self._scans[path] = scan_html(path)
        return self._scans[path]

    def resolve(self, page: Path, url: str) -> tuple[Path, str] | None:
        """(HTML or asset file, fragment) a site-internal URL leads to; None for external ones."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:", "javascript:")):
            return None
        if not parts.path:
            return page, unquote(parts.fragment)
        rel_dir = page.parent.relative_to(self.site_dir).as_posix()
        target = normpath(f"{rel_dir}/{unquote(parts.path)}")
        path = self.site_dir / target
        if parts.path.endswith("/") or path.is_dir():
            path = path / "index.html"
        if target.startswith("../") or target == "..":
            path = self.site_dir.parent / "outside-the-site" / target
        return path, unquote(parts.fragment)


def _build(name: str, publish: str | None, tmp: Path) -> Built:
    corpus = SHARED / "corpora" / name
    site_dir = tmp / "site"
    plugin: object = {"logseq": {"publish": publish}} if publish else "logseq"
    config_file = tmp / "mkdocs.yml"
    config_file.write_text(
        yaml.safe_dump(
            {
                "site_name": name,
                "docs_dir": str(corpus),
                "site_dir": str(site_dir),
                "theme": {"name": "material"},
                "plugins": ["search", plugin],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )

    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = Collect(level=logging.WARNING)
    logger = logging.getLogger("mkdocs")
    old_level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    error: BaseException | None = None
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("NO_MKDOCS_2_WARNING", "1")
            from mkdocs.commands.build import build
            from mkdocs.config import load_config

            cfg = load_config(config_file=str(config_file))
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
    except (Exception, SystemExit) as exc:
        error = exc
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)

    graph = load_graph(corpus)
    paths = build_site(graph, Options(publish=publish or "auto")).site.paths
    return Built(name, corpus, site_dir, graph, paths, records, error)


@pytest.fixture(scope="module", params=list(CORPORA))
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    name: str = request.param
    for folder in (SHARED, SHARED / "corpora" / name):
        if not folder.is_dir():
            pytest.skip(f"corpus folder {folder} is missing")
    return _build(name, CORPORA[name], tmp_path_factory.mktemp(name))


# ---- helpers over the graph ------------------------------------------------------------------


def chunk_tokens(chunks: list[Chunk]) -> Iterator[Inline]:
    for chunk in chunks:
        if isinstance(chunk, TextChunk):
            for line in chunk.lines:
                yield from line
        elif isinstance(chunk, SpecialChunk):  # query and comment chunks have no tokens
            yield from chunk_tokens(chunk.chunks)


def block_tokens(block: Block) -> Iterator[Inline]:
    """The tokens a block shows: its first line and its body (not its properties)."""
    yield from block.title
    yield from chunk_tokens(block.body)


def published_blocks(built: Built) -> Iterator[Block]:
    for key in built.paths:
        page = built.graph.pages[key]
        if page.file is not None:
            yield from page.all_blocks()


def where(block: Block) -> str:
    return f"{block.page.file}:{block.line}"


def show(problems: list[str], what: str) -> str:
    head = "\n  ".join(problems[:SHOW])
    more = f"\n  … and {len(problems) - SHOW} more" if len(problems) > SHOW else ""
    return f"{len(problems)} {what}:\n  {head}{more}"


def plain_pieces(blocks: list[Block], limit: int = 40) -> list[str]:
    """Pieces of plain text the blocks show (for finding them in an embed), longest first."""
    texts: list[str] = []
    for block in blocks[:limit]:
        for token in block_tokens(block):
            if isinstance(token, str):
                texts.append(token)
            elif isinstance(token, PageRef):
                texts.append(token.label or token.target)
            elif isinstance(token, Link) and not token.image:
                texts.append(token.label)
    pieces: set[str] = set()
    for text in texts:
        for piece in re.split(r"[\[\](){}*_=^~`<>|#$!\\\n\"'“”‘’]+", text):
            piece = " ".join(piece.split())
            if len(piece.replace(" ", "")) >= 5:
                pieces.add(piece.casefold())
    return sorted(pieces, key=len, reverse=True)


# ---- the checks ----------------------------------------------------------------------------------


def test_build_succeeds_and_one_h1(built: Built) -> None:
    built.require_site()
    files = built.html_files()
    assert len(files) > len(built.paths) // 2, f"{built.name}: only {len(files)} HTML files"
    missing = [
        f"{key!r} -> {built.rel(built.page_file(key))}"
        for key in built.paths
        if not built.page_file(key).exists()
    ]
    assert not missing, show(missing, "published pages without their HTML file")
    bad = [
        f"{built.rel(f)}: {built.scan(f).h1} <h1> in <article>"
        for f in files
        if built.scan(f).h1 != 1
    ]
    assert not bad, show(bad, "pages without exactly one <h1> in <article>")


def test_no_logseq_syntax_in_text(built: Built) -> None:
    built.require_site()
    leaks: list[str] = []
    for path in built.html_files():
        scan = built.scan(path)
        rel = built.rel(path)
        for patterns, text in ((LEAKS, scan.text), (LINE_LEAKS, scan.line_text)):
            for label, pattern in patterns:
                for m in pattern.finditer(text):
                    context = " ".join(text[max(0, m.start() - 60) : m.end() + 60].split())
                    leaks.append(f"{rel}: {label}: {m.group(0)!r} in …{context}…")
        if scan.markers:
            leaks.append(
                f"{rel}: {scan.markers} structure marker(s) (<!--lsq…--> or "
                "U+E000–U+E006) left in the HTML"
            )
    assert not leaks, show(leaks, "Logseq syntax shown as text")


def test_internal_links_resolve(built: Built) -> None:
    built.require_site()
    broken: list[str] = []
    for path in built.html_files():
        seen: set[str] = set()
        for tag, url in built.scan(path).links:
            if url in seen:
                continue
            seen.add(url)
            resolved = built.resolve(path, url)
            if resolved is None:
                continue
            target, fragment = resolved
            if not target.is_file():
                broken.append(f"{built.rel(path)}: <{tag}> {url} (no such file)")
            elif fragment and target.suffix == ".html" and fragment not in built.scan(target).ids:
                broken.append(f"{built.rel(path)}: <{tag}> {url} (no id {fragment!r} there)")
    assert not broken, show(broken, "internal links that miss")


def test_backlinks(built: Built) -> None:
    """Logseq §5.1/5.2: B's linked references list every page whose blocks reference B;
    a page whose properties reference B is listed there too, or under "Pages tagged with"
    when its tags:: name B (once: not in both)."""
    built.require_site()
    graph, paths = built.graph, built.paths
    expected: dict[str, dict[str, str]] = {}  # B key -> A key -> why
    for b_key, blocks in graph.referrers.items():
        for block in blocks:
            a_key = block.page.key
            if b_key in paths and a_key in paths and a_key != b_key:
                expected.setdefault(b_key, {}).setdefault(a_key, f"block at {where(block)}")
    for b_key, pages in graph.property_referrers.items():
        for page in pages:
            if b_key in paths and page.key in paths and page.key != b_key:
                expected.setdefault(b_key, {}).setdefault(
                    page.key, f"page properties of {page.file}"
                )
    checked = sum(len(v) for v in expected.values())
    assert checked >= MIN_CHECKED[built.name]["backlinks"], f"only {checked} references found"
    missing: list[str] = []
    for b_key, referrers in sorted(expected.items()):
        b_file = built.page_file(b_key)
        if not b_file.exists():
            missing.append(f"{b_key!r}: no page {built.rel(b_file)}")
            continue
        scan = built.scan(b_file)
        listed = {r[0] for href in scan.backlinks if (r := built.resolve(b_file, href)) is not None}
        tagged = {r[0] for href in scan.tagged if (r := built.resolve(b_file, href)) is not None}
        for a_key, why in sorted(referrers.items()):
            a_file = built.page_file(a_key)
            shown = listed | tagged if why.startswith("page properties") else listed
            if a_file != b_file and a_file not in shown:
                missing.append(
                    f"{built.rel(b_file)} ({graph.pages[b_key].name!r}) does not list "
                    f"{built.rel(a_file)} ({graph.pages[a_key].name!r}): {why}"
                )
    assert not missing, show(missing, "linked references missing")


def test_block_refs(built: Built) -> None:
    """``((uuid))`` links to the block on its page, which carries the uuid as id."""
    built.require_site()
    problems: list[str] = []
    checked = 0
    for block in published_blocks(built):
        uuids = {t.uuid.lower() for t in block_tokens(block) if isinstance(t, BlockRef)}
        for uuid in sorted(uuids):
            target = built.graph.blocks.get(uuid)
            if target is None or target.page.key not in built.paths:
                continue
            checked += 1
            a_file = built.page_file(block.page.key)
            t_file = built.page_file(target.page.key)
            links = {
                r
                for href in built.scan(a_file).article_links
                if (r := built.resolve(a_file, href)) is not None
            }
            if (t_file, uuid) not in links:
                problems.append(
                    f"{where(block)}: (({uuid})) has no link to "
                    f"{built.rel(t_file)}#{uuid} on {built.rel(a_file)}"
                )
            if t_file.exists() and uuid not in built.scan(t_file).ids:
                problems.append(f"{where(target)}: block {uuid} has no id on {built.rel(t_file)}")
    assert checked >= MIN_CHECKED[built.name]["block refs"], f"only {checked} block refs found"
    assert not problems, show(sorted(set(problems)), "block-ref problems")


def embed_target(built: Built, arg: str) -> tuple[Page, list[Block]] | None:
    """The published page and blocks ``{{embed arg}}`` shows, or None."""
    arg = arg.strip()
    if m := re.fullmatch(r"\[\[(.+)\]\]", arg):
        page = built.graph.resolve(m.group(1).strip())
        if page is None or page.key not in built.paths:
            return None
        return page, page.all_blocks()
    if m := re.fullmatch(r"\(\(\s*([^()]+?)\s*\)\)", arg):
        block = built.graph.blocks.get(m.group(1).lower())
        if block is None or block.page.key not in built.paths:
            return None
        return block.page, block.walk()
    return None


def test_embeds(built: Built) -> None:
    """``{{embed}}`` shows the embedded page or block in an .lsq-embed box: each embed macro of
    a page gets its own box (in document order) holding some of the embedded text."""
    built.require_site()
    problems: list[str] = []
    checked = 0
    by_page: dict[str, list[tuple[Block, Macro, list[str]]]] = {}
    for block in published_blocks(built):
        for token in block_tokens(block):
            if isinstance(token, Macro) and token.name == "embed" and token.args:
                found = embed_target(built, token.args[0])
                if found is not None:
                    pieces = plain_pieces(found[1])
                    by_page.setdefault(block.page.key, []).append((block, token, pieces))
    for key, macros in by_page.items():
        page_file = built.page_file(key)
        boxes = [" ".join(e.split()).casefold() for e in built.scan(page_file).embeds]
        used: set[int] = set()
        for block, macro, pieces in macros:
            checked += 1
            free = [i for i in range(len(boxes)) if i not in used]
            match = next(
                (i for i in free if not pieces or any(p in boxes[i] for p in pieces)), None
            )
            if match is not None:
                used.add(match)
            elif not free:
                problems.append(
                    f"{where(block)}: {macro.raw} has no .lsq-embed box on "
                    f"{built.rel(page_file)} ({len(boxes)} boxes for "
                    f"{len(macros)} embeds)"
                )
            else:
                problems.append(
                    f"{where(block)}: no .lsq-embed box on {built.rel(page_file)} "
                    f"shows the text of {macro.raw} (e.g. {pieces[0][:60]!r})"
                )
    assert checked >= MIN_CHECKED[built.name]["embeds"], f"only {checked} embeds found"
    assert not problems, show(problems, "embeds missing or empty")


def test_warnings(built: Built) -> None:
    """No errors; warnings only of the kinds these snapshots cause, each naming file:line."""
    built.require_site()
    errors = [r.getMessage() for r in built.records if r.levelno >= logging.ERROR]
    assert not errors, show(errors, "errors logged")
    problems: list[str] = []
    for record in built.records:
        message = record.getMessage()
        m = WARNING_RE.match(message)
        if m is None:
            problems.append(f"[{record.name}] no file:line: {message}")
            continue
        source = built.corpus / m.group("file")
        if not source.is_file():
            problems.append(f"names a file that does not exist: {message}")
            continue
        if int(m.group("line")) > len(source.read_text(encoding="utf-8").splitlines()) + 1:
            problems.append(f"line past the end of the file: {message}")
        kind = next(
            (
                k.search(m.group("message"))
                for k in EXPECTED_WARNINGS
                if k.search(m.group("message"))
            ),
            None,
        )
        if kind is None:
            problems.append(f"unexpected kind: {message}")
        elif "asset" in kind.groupdict():
            asset = unquote(kind.group("asset").split("?")[0].split("#")[0])
            if not asset.startswith("/") and (source.parent / asset).is_file():
                problems.append(f"the asset exists: {message}")
    assert not problems, show(problems, "unexpected warnings")


def test_missing_assets_are_warned(built: Built) -> None:
    """RENDERING.md: a missing asset gets a visible placeholder *and* a warning naming the file
    (and line) that uses it. Every page showing a placeholder of its own must be named."""
    built.require_site()
    warned = {
        m.group("file")
        for r in built.records
        if (m := WARNING_RE.match(r.getMessage())) is not None
    }
    silent: list[str] = []
    for key in sorted(built.paths):
        page = built.graph.pages[key]
        page_file = built.page_file(key)
        if page.file is None or not page_file.exists():
            continue
        count = built.scan(page_file).own_missing
        if count and page.file not in warned:
            silent.append(
                f"{page.file}: {count} missing-asset placeholder(s) on "
                f"{built.rel(page_file)}, no warning names the file"
            )
    assert not silent, show(silent, "pages with missing assets but no warning")
