"""A Logseq graph folder -> the model: pages by name and alias, blocks by uuid, references.

Everything is read once; every later question (resolve a name, find a block, list what
references a page) is a dictionary look-up.
"""

from __future__ import annotations

import gc
import re
from collections import defaultdict
from dataclasses import InitVar, dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from ..model import Block, BlockRef, Inline, Macro, Page, PageRef
from .config_edn import GraphConfig, read_config
from .content import PLAIN_LINE, ContentParser, split_block
from .dates import JournalDates, parse_date
from .diagnostics import Diagnostics, Problem
from .files import (
    PAGE_EXTENSIONS,
    REMOVED,
    FileRules,
    GraphFiles,
    decode_text,
    readable_path,
)
from .inline import UUID_RE, InlineParser
from .names import clean_name, decode_file_name, namespace_parents, page_key
from .outline import RawBlock, parse_outline
from .properties import is_hidden, key_is_page, list_values, value_refs, value_tokens

BLOCK_OPENER = re.compile(r"^\s*(?:`{3,}|~{3,}|\$\$|#\+BEGIN_)", re.IGNORECASE)
EMBEDDED_BLOCK = re.compile(r"\(\((.+)\)\)")
"""The argument of ``{{embed ((uuid))}}``."""


@dataclass
class Graph:
    """The whole graph, indexed."""

    root: Path
    config: GraphConfig
    diagnostics: Diagnostics
    pages: dict[str, Page] = field(default_factory=dict)
    """Every page by key: pages with files, and pages that exist only because of references."""
    names: dict[str, str] = field(default_factory=dict)
    """Every name a page answers to (own name, aliases, journal date forms) -> page key."""
    blocks: dict[str, Block] = field(default_factory=dict)
    """Blocks with an ``id::`` by uuid."""
    referrers: dict[str, list[Block]] = field(default_factory=dict)
    """Page key -> blocks that reference it directly, in graph order."""
    block_referrers: dict[str, list[Block]] = field(default_factory=dict)
    """Block uuid -> blocks that reference or embed it."""
    property_referrers: dict[str, list[Page]] = field(default_factory=dict)
    """Page key -> pages whose page properties (``tags::``, ``alias::``, …) reference it."""
    journals: JournalDates = field(default_factory=JournalDates)
    rules: InitVar[FileRules | None] = None
    files: GraphFiles = field(init=False)
    """Which of the folder's files may be read and published."""

    def __post_init__(self, rules: FileRules | None) -> None:
        self.files = GraphFiles(
            self.root, self.config.hidden, self.diagnostics, rules or FileRules()
        )

    def withheld(self, page: Page) -> str | None:
        """Why ``page``'s file is never published (config.edn ``:hidden``, ``exclude_docs``,
        a draft); None for pages that may be."""
        return self.files.withheld(page.file) if page.file else None

    def resolve(self, name: str) -> Page | None:
        """The page a reference to ``name`` means, through aliases and journal dates."""
        key = page_key(name)
        target = self.names.get(key)
        if target is None:
            day = self.journals.parse(clean_name(name))
            if day is not None:
                target = self.names.get(page_key(self.journals.title(day)))
        return self.pages.get(target) if target else None

    def key_for(self, name: str) -> str:
        """The canonical key a reference to ``name`` stands for (journal dates normalised)."""
        page = self.resolve(name)
        if page is not None:
            return page.key
        day = self.journals.parse(clean_name(name))
        return page_key(self.journals.title(day)) if day else page_key(name)

    def name_for(self, name: str) -> str:
        day = self.journals.parse(clean_name(name))
        return self.journals.title(day) if day else clean_name(name)


@dataclass(eq=False)
class ParsedFile:
    """A page file parsed on its own: all that no other file changes."""

    data: bytes
    page: Page
    name: str
    """The page's name, before a clash with another file's page renames it."""
    head: list[Problem]
    """Problems found before the page's name was known (encoding, front matter, name)."""
    events: list[Problem | tuple[Block, str]]
    """In order: problems found in the blocks, and block ids (``id::``) to register."""


@dataclass
class ParseCache:
    """Parsed page files by path, kept from one load to the next in one process (the
    rebuilds of ``mkdocs serve``): a file whose bytes are those it was parsed from is
    not parsed again. Bytes are compared, not modification times: reading a file costs
    little next to parsing it, and a quick save can keep the time stamp."""

    config: str = ""
    """The graph's config it was parsed with (another config empties the cache)."""
    files: dict[str, ParsedFile] = field(default_factory=dict)
    changed: set[str] = field(default_factory=set)
    """The last load: files parsed anew."""
    reused: set[str] = field(default_factory=set)
    """The last load: files taken from the cache."""


class _Recorder(Diagnostics):
    """Keeps the problems found while one file is parsed, with the block ids met, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[Problem | tuple[Block, str]] = []

    def warn(self, message: str, file: str, line: int = 0) -> None:
        self.events.append(Problem(message, file, line))


class GraphLoader:
    """Builds a :class:`Graph` from a folder; with a :class:`ParseCache`, parses only the
    files that changed since the cache's last load."""

    def __init__(
        self,
        root: Path,
        config: GraphConfig | None = None,
        rules: FileRules | None = None,
        cache: ParseCache | None = None,
    ) -> None:
        self.diagnostics: Diagnostics = Diagnostics()
        self.root = root
        self.config = config or self._read_config(rules or FileRules())
        self.cache = cache
        if cache is not None:
            if cache.config != repr(self.config):
                cache.files.clear()
            cache.config = repr(self.config)
            cache.changed, cache.reused = set(), set()
        self.graph = Graph(
            root,
            self.config,
            self.diagnostics,
            journals=JournalDates(self.config.journal_title_format),
            rules=rules,
        )
        self.files = self.graph.files
        self.referenced: dict[str, str] = {}
        """Key -> first spelling of every name referenced anywhere (for generated pages)."""
        self._ref_keys: dict[str, list[str]] = {}
        """Name -> what :meth:`_add_ref` adds for it (the names and pages are all known by then)."""
        self.md = InlineParser(org=False)
        self.org = InlineParser(org=True)

    def _read_config(self, rules: FileRules) -> GraphConfig:
        """config.edn, unless it is a link to a file outside the graph."""
        rel = "logseq/config.edn"
        files = GraphFiles(self.root, [], self.diagnostics, rules)
        if (self.root / rel).is_file() and not files.inside(str(self.root / rel)):
            self.diagnostics.warn(
                f"{rel} is a link to a file outside the graph folder; not read, "
                "Logseq's defaults used",
                rel,
            )
            return GraphConfig()
        return read_config(self.root / rel, self.diagnostics, rel)

    def load(self) -> Graph:
        # Pages never published come last, so that none of them takes the name of a page
        # that is published.
        files = self.files.page_files()
        for rel in sorted(files, key=lambda rel: self.files.withheld(rel) is not None):
            self._load_file(rel)
        if self.cache is not None:  # files gone (or unreadable) are forgotten
            kept = self.cache.changed | self.cache.reused
            for path in [p for p in self.cache.files if p not in kept]:
                del self.cache.files[path]
        self._register_aliases()
        self._collect_refs()
        self._add_referenced_pages()
        return self.graph

    # -- files ------------------------------------------------------------------------------

    def _page_name(self, rel: str, title: str | None) -> str:
        if title:
            return clean_name(title)
        stem = PurePosixPath(rel).name
        for ext in PAGE_EXTENSIONS:
            if stem.lower().endswith(ext):
                stem = stem[: -len(ext)]
                break
        if rel.startswith("pages/contents."):
            return "Contents"
        name = clean_name(decode_file_name(stem, self.config.name_format)) or clean_name(stem)
        found = REMOVED.search(name)
        if found:  # as in the text (decode_text), so references still match
            kind = "Unicode noncharacters" if ord(found.group(0)) > 0x9F else "control characters"
            self.diagnostics.warn(f"{kind} removed from the page name", rel, 1)
            name = clean_name(REMOVED.sub("", name))
        if not name:
            self.diagnostics.warn("the file name holds no page name; called 'Untitled'", rel, 1)
            name = "Untitled"
        return name

    def _journal_name(self, name: str, rel: str, title: str | None) -> tuple[str, date | None]:
        """The name and day of a journal page: a name in a journal title format, or a
        file in the journals folder named in the journal file format (unless a ``title::``
        names it) is titled in the graph's journal title format. Other pages: no day."""
        day = self.graph.journals.parse(name)
        if day is None and rel.startswith(self.config.journals_dir + "/") and not title:
            day = parse_date(name, self.config.journal_file_format)
        if day is not None:
            name = self.graph.journals.title(day)
        return name, day

    def _unique_name(self, name: str, rel: str) -> tuple[str, str]:
        """The name and key of the page of file ``rel``: when another file already defines
        a page of that name, the name followed by the file name in brackets (warned)."""
        key = page_key(name)
        if key in self.graph.pages and self.graph.pages[key].file:
            other = self.graph.pages[key].file
            renamed = f"{name} ({PurePosixPath(rel).name.replace('/', '_')})"
            if self.files.withheld(rel) is None:  # else it is never published: no matter
                self.diagnostics.warn(
                    f"page '{name}' is also defined by {other}; "
                    f"this file is published as '{renamed}'",
                    rel,
                    1,
                )
            name, key = renamed, page_key(renamed)
        return name, key

    def _page_properties(self, page: Page, parser: InlineParser) -> None:
        """What a page's properties say: their tokens, aliases, tags and ``public::``."""
        props = page.properties
        page.property_tokens = {
            k: value_tokens(k, v, self.config, parser) for k, v in props.items()
        }
        page.aliases = _aliases(props, page.key)
        page.tags = list_values(props.get("tags", ""))
        public = props.get("public", "").strip().lower()
        page.public = True if public == "true" else False if public == "false" else None

    def _load_file(self, path: str) -> None:
        """Reads one page file into a :class:`Page` with its blocks (warnings for what is
        wrong with its name, encoding or front matter); with a cache, a file whose bytes
        did not change is not parsed again."""
        rel = readable_path(path)
        if rel != path:
            self.diagnostics.warn("the file name is not valid UTF-8; shown with \ufffd", rel, 1)
        data = self.files.read(path, rel)
        if data is None:
            return
        parsed = self.cache.files.get(path) if self.cache is not None else None
        if parsed is None or parsed.data != data:
            parsed = self._parse(rel, data)
            if self.cache is not None:
                self.cache.files[path] = parsed
                self.cache.changed.add(path)
        elif self.cache is not None:
            self.cache.reused.add(path)
        self._place(parsed)

    def _parse(self, rel: str, data: bytes) -> ParsedFile:
        """Parse one page file on its own: its problems and block ids are recorded, to be
        told and registered when it is placed in the graph (:meth:`_place`)."""
        recorder = _Recorder()
        diagnostics, self.diagnostics = self.diagnostics, recorder
        try:
            org = rel.lower().endswith(".org")
            text = decode_text(data, rel, recorder)
            raw = parse_outline(text, org=org)
            if raw.front_matter_error:
                recorder.warn(raw.front_matter_error, rel, 1)
            props = {k.lower().replace("_", "-"): v for k, v in raw.properties.items()}
            title = props.get("title")
            name, day = self._journal_name(self._page_name(rel, title), rel, title)
            head = [event for event in recorder.events if isinstance(event, Problem)]
            recorder.events = []
            page = Page(
                name=name,
                key=page_key(name),
                file=rel,
                format="org" if org else "md",
                properties=props,
                journal_day=day,
            )
            parser = self.org if org else self.md
            self._page_properties(page, parser)
            content = ContentParser(parser, recorder, rel)
            page.blocks = self._blocks(page, raw.blocks, content, parser, org)
            return ParsedFile(data, page, name, head, recorder.events)
        finally:
            self.diagnostics = diagnostics

    def _place(self, parsed: ParsedFile) -> None:
        """Put a parsed file's page into the graph: its name (renamed if another file's
        page has it), its problems told, its block ids registered. A page parsed for an
        earlier graph first loses what that graph gave it."""
        page = parsed.page
        for problem in parsed.head:
            self.diagnostics.warn(problem.message, problem.file, problem.line)
        name, key = self._unique_name(parsed.name, page.file or "")
        page.name, page.key, page.alias_of = name, key, None
        page.aliases = _aliases(page.properties, key)
        if self.cache is not None:
            for block in page.all_blocks():
                block.uuid, block.block_refs = None, []
        for event in parsed.events:
            if isinstance(event, Problem):
                self.diagnostics.warn(event.message, event.file, event.line)
            else:
                self._register_id(*event)
        self.graph.pages[key] = page
        self.graph.names[key] = key

    def _blocks(
        self,
        page: Page,
        roots: list[RawBlock],
        content: ContentParser,
        parser: InlineParser,
        org: bool,
    ) -> list[Block]:
        """The block tree of ``page`` from its raw blocks, made in document order with a
        stack rather than recursion (an outline may nest thousands of levels deep)."""
        top: list[Block] = []
        stack: list[tuple[RawBlock, Block | None, list[Block]]] = [
            (raw, None, top) for raw in reversed(roots)
        ]
        while stack:
            raw, parent, siblings = stack.pop()
            block = self._block(page, raw, parent, content, parser, org)
            siblings.append(block)
            if raw.children:
                stack.extend((child, block, block.children) for child in reversed(raw.children))
        return top

    def _block(
        self,
        page: Page,
        raw: RawBlock,
        parent: Block | None,
        content: ContentParser,
        parser: InlineParser,
        org: bool,
    ) -> Block:
        lines = raw.lines
        if len(lines) == 1 and PLAIN_LINE.match(lines[0]):  # the common case: a line of text
            block = Block(
                page,
                raw.line,
                parser.parse(lines[0]),
                [],
                parent=parent,
                is_pre_block=raw.is_pre_block,
                raw_title=lines[0],
            )
        else:  # properties, a heading, a task, a body
            parts = split_block(raw.lines, org=org)
            if BLOCK_OPENER.match(parts.title):  # the block starts with code, math or #+BEGIN_…
                title_tokens: list[Inline] = []
                body = content.chunks([parts.title, *parts.body], raw.line)
            else:
                title_tokens = parser.parse(parts.title)
                body = content.chunks(parts.body, raw.line + 1) if parts.body else []
            block = Block(
                page=page,
                line=raw.line,
                title=title_tokens,
                body=body,
                parent=parent,
                properties=parts.properties,
                heading=parts.heading,
                marker=parts.marker,
                priority=parts.priority,
                scheduled=parts.scheduled,
                deadline=parts.deadline,
                is_pre_block=raw.is_pre_block,
                raw_title=parts.title,
            )
            if parts.properties:
                self._block_properties(block, parser)
        return block

    def _block_properties(self, block: Block, parser: InlineParser) -> None:
        """What a block's properties say: their tokens, ``heading::``, ``id::``."""
        properties = block.properties
        block.property_tokens = {
            k: value_tokens(k, v, self.config, parser) for k, v in properties.items()
        }
        heading = properties.get("heading", "").strip().lower()
        if not block.heading and heading:
            if heading == "true":
                block.heading = -1
            elif heading.isdigit() and 1 <= int(heading) <= 6:
                block.heading = int(heading)
        uuid = properties.get("id", "").strip().lower()
        if uuid:
            self._register_id(block, uuid)

    def _register_id(self, block: Block, uuid: str) -> None:
        """Makes ``id:: uuid`` the uuid of ``block`` unless it is no uuid or an earlier
        block has it (warned either way)."""
        where = block.page.file or block.page.name
        if not UUID_RE.fullmatch(uuid):
            self.diagnostics.warn(f"id:: '{uuid}' is not a uuid", where, block.line)
        elif isinstance(self.diagnostics, _Recorder):  # parsing: registered when placed
            self.diagnostics.events.append((block, uuid))
        elif uuid in self.graph.blocks:
            other = self.graph.blocks[uuid]
            self.diagnostics.warn(
                f"block id {uuid} is also used at {other.page.file}:"
                f"{other.line}; references go to the first",
                where,
                block.line,
            )
        else:
            block.uuid = uuid
            self.graph.blocks[uuid] = block

    # -- names and references ----------------------------------------------------------------

    def _register_aliases(self) -> None:
        names = self.graph.names
        for page in list(self.graph.pages.values()):
            for alias in page.aliases:
                akey = page_key(alias)
                owner = names.get(akey)
                if owner is None:
                    names[akey] = page.key
                elif owner != page.key and _empty_or_dummy(self.graph.pages[owner]):
                    # an empty alias page redirects (model.cljs get-redirect-page-name): its
                    # name leads to where this page's name leads, and it is no page of its
                    # own; unless that is the empty page itself (two naming each other)
                    target = _end(names, page.key)
                    if target != owner:
                        names[akey] = target
                        self.graph.pages[owner].alias_of = target
                elif self.graph.withheld(self.graph.pages[owner]) and not self.graph.withheld(page):
                    names[akey] = page.key  # Logseq does not see hidden files
        for name in names:  # a redirect to a page that redirects in turn: where it ends
            names[name] = _end(names, name)

    def _page_ref_keys(self, tokens: list[Inline], out: list[str]) -> None:
        for token in tokens:
            if isinstance(token, PageRef) and token.kind != "mdlink":
                for name in (token.target, *token.nested):
                    self._add_ref(name, out)
            elif isinstance(token, Macro) and token.name == "embed" and token.args:
                arg = token.args[0].strip()
                if arg.startswith("[[") and arg.endswith("]]"):
                    self._add_ref(arg[2:-2], out)

    def _add_ref(self, name: str, out: list[str]) -> None:
        name = name.strip()
        if not name:
            return
        keys = self._ref_keys.get(name)
        if keys is None:  # the key, then the keys of its namespace parents
            graph = self.graph
            keys = self._ref_keys[name] = [graph.key_for(name)]
            keys.extend(graph.key_for(parent) for parent in namespace_parents(graph.name_for(name)))
        self.referenced.setdefault(keys[0], name)
        for key in keys:
            if key not in out:
                out.append(key)

    def _property_refs(
        self, tokens: dict[str, list[Inline]], properties: dict[str, str], out: list[str]
    ) -> None:
        """Adds to ``out`` the pages that property values name and each key that is a page
        of its own (``key_is_page``) with a value."""
        for key, value_toks in tokens.items():
            if value_refs(key):
                self._page_ref_keys(value_toks, out)
            if key_is_page(key, self.config) and properties.get(key, "").strip():
                self._add_ref(key, out)

    def _block_page_refs(self, block: Block, tokens: list[Inline]) -> list[str]:
        """The keys of the pages ``block`` references (its text, its property values and
        keys, its task marker and priority), not counting its own page."""
        refs: list[str] = []
        self._page_ref_keys(tokens, refs)
        self._property_refs(block.property_tokens, block.properties, refs)
        for extra in (block.marker, block.priority):
            if extra:
                self._add_ref(extra, refs)
        own = block.page.key
        return [r for r in refs if r != own]

    def _collect_block_refs(
        self,
        block: Block,
        referrers: dict[str, list[Block]],
        block_referrers: dict[str, list[Block]],
    ) -> None:
        """Sets ``block.refs`` and ``block.block_refs`` and adds ``block`` to the referrers
        of each page and block it references."""
        tokens = block.inline_tokens()
        if (
            not (block.property_tokens or block.marker or block.priority)
            and len(tokens) <= 1
            and (not tokens or isinstance(tokens[0], str))
        ):
            block.refs = []  # a line of plain text: no reference
            return
        block.refs = self._block_page_refs(block, tokens)
        for key in block.refs:
            referrers[key].append(block)
        for uuid in _block_uuids(tokens):
            block.block_refs.append(uuid)
            block_referrers[uuid].append(block)

    def _collect_refs(self) -> None:
        """Fills each block's ``refs`` and ``block_refs`` and the graph's indexes of who
        references a page (``referrers``, ``property_referrers``) or a block."""
        referrers: dict[str, list[Block]] = defaultdict(list)
        block_referrers: dict[str, list[Block]] = defaultdict(list)
        for page in self.graph.pages.values():
            for block in page.all_blocks():
                self._collect_block_refs(block, referrers, block_referrers)
            # page properties (tags::, alias::, other values) reference pages from the page itself
            page_refs: list[str] = []
            self._property_refs(page.property_tokens, page.properties, page_refs)
            for key in page_refs:
                if key != page.key:
                    self.graph.property_referrers.setdefault(key, []).append(page)
        self.graph.referrers = dict(referrers)
        self.graph.block_referrers = dict(block_referrers)

    def _add_referenced_pages(self) -> None:
        """Pages that exist only through references (as collected by :meth:`_add_ref`), and
        every namespace ancestor of a page or alias."""
        wanted: list[str] = []
        for page in list(self.graph.pages.values()):
            wanted.extend(namespace_parents(page.name))
            for alias in page.aliases:
                wanted.extend(namespace_parents(alias))
        wanted.extend(self.referenced.values())
        for name in wanted:
            for full in (*namespace_parents(self.graph.name_for(name)), name):
                if self.graph.resolve(full) is not None or not full.strip():
                    continue
                display = self.graph.name_for(full)
                key = page_key(display)
                day = self.graph.journals.parse(display)
                self.graph.pages[key] = Page(name=display, key=key, journal_day=day)
                self.graph.names[key] = key


def _block_uuids(tokens: list[Inline]) -> list[str]:
    """The uuids of the blocks ``tokens`` reference (``((uuid))``) or embed, once each."""
    uuids: list[str] = []
    for token in tokens:
        if isinstance(token, BlockRef):
            uuid = token.uuid
        elif isinstance(token, Macro) and token.name == "embed" and token.args:
            m = EMBEDDED_BLOCK.fullmatch(token.args[0].strip())
            uuid = m.group(1).strip().lower() if m else ""
        else:
            continue
        if uuid and uuid not in uuids:
            uuids.append(uuid)
    return uuids


def _aliases(properties: dict[str, str], key: str) -> list[str]:
    """The aliases ``alias::`` gives the page ``key`` (not its own name)."""
    names = list_values(properties.get("alias", properties.get("aliases", "")))
    return [name for name in names if page_key(name) != key]


def _empty_or_dummy(page: Page) -> bool:
    """Logseq's ``page-empty-or-dummy?`` for a page with a file: no block, or a single
    block with no content (a file holding only ``-``)."""
    if page.file is None:
        return False
    blocks = page.all_blocks()
    if not blocks:
        return True
    if len(blocks) > 1:
        return False
    block = blocks[0]
    return not any(
        (
            block.raw_title.strip(),
            block.body,
            block.properties,
            block.marker,
            block.priority,
            block.scheduled,
            block.deadline,
            block.heading,
        )
    )


def is_blank(page: Page, config: GraphConfig) -> bool:
    """Whether ``page`` holds nothing to show: no block with text, a task marker, a
    planning line or a property Logseq shows (a journal file of only ``-``), and no such
    page property. Logseq's Journals view leaves such journals out."""
    if any(not is_hidden(key, config) for key in page.properties):
        return False
    return all(
        not block.raw_title.strip()
        and not (block.body or block.marker or block.priority or block.scheduled)
        and not block.deadline
        and all(is_hidden(key, config) for key in block.properties)
        for block in page.all_blocks()
    )


def _end(names: dict[str, str], name: str) -> str:
    """Where ``name`` leads, following redirects (page key -> key) until one repeats."""
    target = names.get(name, name)
    seen = {name, target}
    while names.get(target, target) not in seen:
        target = names[target]
        seen.add(target)
    return target


def load_graph(
    root: Path, rules: FileRules | None = None, cache: ParseCache | None = None
) -> Graph:
    """Read the graph folder at ``root`` (with ``cache``, parse only the files that
    changed since its last load).

    The cyclic garbage collector is paused meanwhile: loading creates hundreds of thousands
    of objects that all stay alive, which every collection would walk again (the load time
    grew faster than the graph); the few temporaries are freed by reference counting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return GraphLoader(root, rules=rules, cache=cache).load()
    finally:
        if enabled:
            gc.enable()
