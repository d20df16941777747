"""The graph's files: which are read and which may be published, and how bytes become text.

Nothing hidden is ever published: a file that config.edn ``:hidden`` names, that the site's
rules leave out (MkDocs' ``exclude_docs``, and ``draft_docs`` outside ``mkdocs serve``),
that is Logseq's own data, that is a link to somewhere outside the graph folder, or that
cannot be read is never read as a page nor copied to the site. The rules come in as plain
data (:class:`FileRules`), so this module knows nothing of MkDocs.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostics

PAGE_EXTENSIONS = (".md", ".markdown", ".org")
SKIP_DIRS = {"node_modules", "whiteboards", "draws"}
"""Folders that never hold pages, at any depth (besides those whose name starts with '.')."""
ROOT_SKIP_DIRS = {"logseq", "site"}
"""Top-level folders that never hold pages: Logseq's own data, and a site built in place."""
INTERNAL_DIRS = ("logseq/", "whiteboards/", "draws/", "bak/", ".recycle/")
"""Logseq's own data: never published, even when a page links to it."""

OUTSIDE_FOLDER = "this folder is a link to outside the graph folder; left out"

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
"""Byte order marks and the encodings they select (UTF-32 LE is tested before UTF-16 LE,
whose mark is its prefix)."""
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
_CONTROLS = "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
REMOVED = re.compile(f"[\x00{_CONTROLS}{_NONCHARACTERS}]")
"""Every character removed from what the graph says: NUL, the other control characters but
tab and newline, and Unicode noncharacters (the renderer's markers are some of them)."""
_KINDS = (
    (re.compile("\x00"), "NUL characters removed"),
    (re.compile(f"[{_CONTROLS}]"), "control characters ({}, …) removed"),
    (re.compile(f"[{_NONCHARACTERS}]"), "Unicode noncharacters ({}, …) removed"),
)


def decode_text(data: bytes, file: str, diagnostics: Diagnostics) -> str:
    """File bytes as text: a byte order mark (UTF-8, UTF-16, UTF-32) selects the encoding,
    else UTF-8; undecodable bytes become U+FFFD, and the characters :data:`REMOVED` are
    removed, each with a warning naming ``file`` and the line; newlines become ``\\n``."""
    encoding, name = "utf-8", "UTF-8"
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            encoding, name, data = codec, label, data[len(bom) :]
            break
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode(encoding, errors="replace")
        line = before.count("\n") + 1
        diagnostics.warn(f"not valid {name}; undecodable bytes shown as \ufffd", file, line)
        text = data.decode(encoding, errors="replace")
    return clean_text(text.replace("\r\n", "\n").replace("\r", "\n"), file, diagnostics)


def clean_text(text: str, file: str, diagnostics: Diagnostics) -> str:
    """``text`` without the characters :data:`REMOVED`, with one warning per kind found."""
    if not REMOVED.search(text):
        return text
    for pattern, message in _KINDS:
        found = pattern.search(text)
        if found:
            line = text.count("\n", 0, found.start()) + 1
            diagnostics.warn(message.format(f"U+{ord(found.group(0)):04X}"), file, line)
            text = pattern.sub("", text)
    return text


def readable_path(rel: str) -> str:
    """``rel`` with the bytes of a file name that is not UTF-8 (which Python keeps as lone
    surrogates) shown as U+FFFD."""
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:
        return rel.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return rel


def is_hidden_path(rel: str, hidden: list[str]) -> bool:
    """Logseq's ``:hidden`` rule: a plain string-prefix test on ``/`` + the graph-relative path."""
    path = "/" + rel
    for pattern in hidden:
        pattern = pattern.strip()
        if not pattern:
            continue
        if not pattern.startswith("/"):
            pattern = "/" + pattern
        if path.startswith(pattern):
            return True
    return False


def is_page_file(rel: str) -> bool:
    return rel.lower().endswith(PAGE_EXTENSIONS)


def in_dirs(rel: str, dirs: tuple[str, ...]) -> bool:
    """Whether graph-relative ``rel`` is inside one of the folders ``dirs``."""
    return any(rel == d or rel.startswith(d + "/") for d in dirs)


Rule = Callable[[str], "tuple[str, str] | None"]


def no_rule(rel: str) -> tuple[str, str] | None:
    return None


@dataclass(frozen=True)
class FileRules:
    """How the site's configuration classifies graph files (given by the plugin)."""

    classify: Rule = no_rule
    """Graph-relative path -> (level, why): level ``excluded`` (never published),
    ``draft`` (published only while previewing) or ``not_in_nav``; None for the rest."""
    preview: bool = False
    """``mkdocs serve``: drafts are published (marked as drafts)."""
    skip_dirs: tuple[str, ...] = ()
    """Graph-relative folders left to MkDocs and other plugins: not read as graph pages."""


_Folder = tuple[str, str, frozenset[str]]
"""A folder the walk reads: its graph-relative path, its real path and the real paths of
the folders above it (a link back up to one of them is not followed)."""


@dataclass
class GraphFiles:
    """The files of one graph folder and what may be done with each."""

    root: Path
    hidden: list[str]
    diagnostics: Diagnostics
    rules: FileRules = field(default_factory=FileRules)
    real_root: str = ""
    _problems: dict[str, str | None] = field(default_factory=dict)
    _levels: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    _real_dirs: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.real_root = os.path.realpath(self.root)

    # -- what the site's rules say -------------------------------------------------------------

    def level(self, rel: str) -> tuple[str, str] | None:
        """(level, why) for ``rel``: config.edn ``:hidden`` first, then the site's rules."""
        if rel not in self._levels:
            if is_hidden_path(rel, self.hidden):
                self._levels[rel] = ("excluded", "hidden by config.edn :hidden")
            else:
                self._levels[rel] = self.rules.classify(rel)
        return self._levels[rel]

    def withheld(self, rel: str | None) -> str | None:
        """Why the file ``rel`` is never published (None: it may be)."""
        if rel is None:
            return None
        level = self.level(rel)
        if level is None or level[0] == "not_in_nav":
            return None
        if level[0] == "draft" and self.rules.preview:
            return None
        return level[1]

    def is_draft(self, rel: str | None) -> bool:
        level = self.level(rel) if rel is not None else None
        return level is not None and level[0] == "draft"

    def not_in_nav(self, rel: str | None) -> bool:
        level = self.level(rel) if rel is not None else None
        return level is not None and level[0] == "not_in_nav"

    # -- what the file system says -------------------------------------------------------------

    def inside(self, path: str) -> bool:
        """Whether ``path`` (absolute, normalised), with every link resolved, is inside the
        graph. Each folder is resolved once; a file costs one ``lstat`` unless it is a link."""
        parent, name = os.path.split(path)
        real_parent = self._real_dirs.get(parent)
        if real_parent is None:
            real_parent = self._real_dirs[parent] = os.path.realpath(parent)
        real = os.path.realpath(path) if os.path.islink(path) else os.path.join(real_parent, name)
        return self._within(real)

    def _within(self, real: str) -> bool:
        return real == self.real_root or real.startswith(self.real_root.rstrip(os.sep) + os.sep)

    def unusable(self, rel: str) -> str | None:
        """Why the file ``rel`` cannot be read: a link leaving the graph, missing, not a
        regular file, or unreadable (None: it can be read)."""
        path = os.path.join(self.root, rel)
        if not self.inside(path):
            return "is a link to outside the graph folder"
        try:
            info = os.stat(path)
        except OSError:
            return "is missing"
        if not stat.S_ISREG(info.st_mode):
            return "is not a regular file"
        try:
            with open(path, "rb"):
                pass
        except OSError as exc:
            return f"cannot be read ({exc.strerror or exc})"
        return None

    def publish_problem(self, rel: str) -> str | None:
        """Why the non-page file ``rel`` may not be copied to the site (None: it may)."""
        if rel in self._problems:
            return self._problems[rel]
        problem: str | None
        if rel.startswith(INTERNAL_DIRS):
            problem = "is Logseq's own data"
        elif is_page_file(rel):
            problem = "is a page file, published only as a page"
        else:
            why = self.withheld(rel)
            problem = f"is not published ({why})" if why else self.unusable(rel)
        self._problems[rel] = problem
        return problem

    def read(self, rel: str, shown: str) -> bytes | None:
        """The bytes of page file ``rel``, or None with a warning naming ``shown``."""
        problem = self.unusable(rel)
        if problem is None:
            try:
                with open(os.path.join(self.root, rel), "rb") as handle:
                    return handle.read()
            except OSError as exc:
                problem = f"cannot be read ({exc.strerror or exc})"
        self.diagnostics.warn(f"this page file {problem}; left out", shown)
        return None

    # -- walking the folder --------------------------------------------------------------------

    def page_files(self) -> list[str]:
        """Graph-relative paths of every page file, sorted (Logseq's file lister rules, the
        folders left to MkDocs excluded)."""
        return sorted(rel for rel in self.walk("", pages=True) if is_page_file(rel))

    def assets_folder(self) -> list[str]:
        """Every file under ``assets/`` that may be published (``copy_assets: all``); one
        that is a link leaving the graph, or that cannot be read, is a warning."""
        out = []
        for rel in self.walk("assets", pages=False):
            if self.withheld(rel) is not None:
                continue
            problem = self.publish_problem(rel)
            if problem is None:
                out.append(rel)
            else:
                self._warn(rel, f"this file {problem}; not copied")
        return sorted(out)

    def walk(self, top: str, pages: bool) -> Iterator[str]:
        """Graph-relative paths of the files under folder ``top`` ("" for the whole graph),
        except folders whose name starts with '.' (``.git``, ``.recycle``), other files
        whose name does (``.DS_Store``; with ``pages``, a dot-named page file such as
        ``pages/.bss.md`` is a page, as RENDERING.md says) and, with ``pages``, the folders
        that never hold pages; folder by folder in name order. A link to a folder or file
        outside the graph, or a folder that cannot be listed, is a warning and is not
        followed; a link back up to a folder being read is not followed."""
        start = os.path.join(str(self.root), top) if top else str(self.root)
        if not os.path.isdir(start):
            return
        if not self.inside(start):
            self._warn(top, OUTSIDE_FOLDER)
            return
        real_start = os.path.realpath(start)
        stack: list[_Folder] = [(top, real_start, frozenset([real_start]))]
        while stack:
            rel_dir, real_dir, ancestors = stack.pop()
            prefix = rel_dir + "/" if rel_dir else ""
            folders = []
            for entry in self._listing(rel_dir):
                rel = prefix + entry.name
                if _is_dir(entry):
                    folder = self._folder(entry, rel, not prefix, real_dir, ancestors, pages)
                    if folder is not None:
                        folders.append(folder)
                elif self._wanted_file(entry, rel, pages):
                    yield rel
            stack.extend(reversed(folders))

    def _listing(self, rel_dir: str) -> list[os.DirEntry[str]]:
        """The entries of folder ``rel_dir`` in name order (none, warned, if it cannot be
        listed)."""
        try:
            with os.scandir(os.path.join(str(self.root), rel_dir)) as listing:
                return sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            self._warn(rel_dir, f"this folder cannot be read ({exc.strerror}); left out")
            return []

    def _folder(
        self,
        entry: os.DirEntry[str],
        rel: str,
        top_level: bool,
        real_dir: str,
        ancestors: frozenset[str],
        pages: bool,
    ) -> _Folder | None:
        """The folder ``entry`` to read next, or None: a dot folder, with ``pages`` one that
        never holds pages, a link leaving the graph (warned) or back up to a folder being
        read (its files are read already)."""
        name = entry.name
        if name.startswith("."):
            return None
        if pages and (
            name in SKIP_DIRS
            or (top_level and name in ROOT_SKIP_DIRS)
            or in_dirs(rel, self.rules.skip_dirs)
        ):
            return None
        real = os.path.join(real_dir, name)
        if entry.is_symlink():
            real = os.path.realpath(entry.path)
            if not self._within(real):
                self._warn(rel, OUTSIDE_FOLDER)
                return None
            if real in ancestors:
                return None
        return rel, real, ancestors | {real}

    def _wanted_file(self, entry: os.DirEntry[str], rel: str, pages: bool) -> bool:
        """Whether the walk yields file ``entry``: with ``pages`` a page file (a dot-named
        one too), else any file but a dot file; a link leaving the graph is left out
        (warned)."""
        if pages:
            if not is_page_file(entry.name):
                return False
        elif entry.name.startswith("."):
            return False
        if entry.is_symlink() and not self._within(os.path.realpath(entry.path)):
            self._warn(rel, "this file is a link to outside the graph folder; left out")
            return False
        return True

    def _warn(self, rel: str, problem: str) -> None:
        shown = readable_path(rel)
        self.diagnostics.warn(problem, shown)


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is a folder or a link to one (a broken link is not)."""
    try:
        return entry.is_dir()
    except OSError:
        return False
