"""``logseq/config.edn``: the keys a static site needs, read with a real EDN parser.

The EDN reader's values (keywords, vectors, lists, sets, maps, chars, tagged values) become
plain Python values by one conversion (:func:`plain`); each key the plugin reads is then
checked for the kind of value Logseq expects, and a value of another kind is a warning
naming the key and its line. A file that is not EDN is a warning naming the line where it
goes wrong, and Logseq's defaults are used.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import edn_format
from edn_format.edn_lex import MetadataValue
from edn_format.immutable_list import ImmutableList

from .dates import DEFAULT_TITLE_FORMAT
from .diagnostics import Diagnostics
from .files import decode_text


@dataclass
class GraphConfig:
    """The subset of config.edn that changes what the site shows."""

    name_format: str = "legacy"
    journal_title_format: str = DEFAULT_TITLE_FORMAT
    journal_file_format: str = "yyyy_MM_dd"
    pages_dir: str = "pages"
    journals_dir: str = "journals"
    hidden: list[str] = field(default_factory=list)
    all_pages_public: bool = False
    macros: dict[str, str] = field(default_factory=dict)
    hidden_properties: set[str] = field(default_factory=set)
    property_pages: bool = True
    property_pages_excluded: set[str] = field(default_factory=set)
    comma_properties: set[str] = field(default_factory=set)
    ignored_ref_properties: set[str] = field(default_factory=set)
    show_brackets: bool = True
    default_home: str | None = None
    favorites: list[str] = field(default_factory=list)


# -- EDN values -> plain Python ----------------------------------------------------------------


def plain(value: Any) -> Any:
    """An EDN value as plain Python: keywords and symbols become their names (``:a/b`` ->
    ``"a/b"``), chars strings, vectors, lists and sets lists (a set's items sorted, so that
    the result does not depend on hashing), maps dicts (a key that is a collection becomes a
    tuple), metadata is dropped; numbers, strings, booleans, ``nil`` (None) and the values
    of ``#inst``/``#uuid`` stay as they are."""
    if isinstance(value, (edn_format.Keyword, edn_format.Symbol)):
        return str(value.name)
    if isinstance(value, str):  # edn_format's Char is a str
        return str(value)
    if isinstance(value, MetadataValue):
        return plain(value.value)
    if hasattr(value, "items"):  # dict, ImmutableDict
        return {_key(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((plain(v) for v in value), key=_order)
    if isinstance(value, (list, tuple, ImmutableList)):  # vectors and lists
        return [plain(v) for v in value]
    return value


def _key(value: Any) -> Any:
    """A plain value usable as a dict key."""
    if isinstance(value, list):
        return tuple(_key(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted(((k, _key(v)) for k, v in value.items()), key=_order))
    return value


def _order(value: Any) -> tuple[str, str]:
    return (type(value).__name__, repr(value))


def describe(value: Any) -> str:
    """What kind of plain value ``value`` is, for a warning."""
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float, Fraction, Decimal)):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the text "{value}"' if len(value) < 60 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return f"a {type(value).__name__}"


# -- where things are in the text ----------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<space>[\s,]+)
    |(?P<comment>;[^\n]*)
    |(?P<string>"(?:[^"\\]|\\.)*")
    |(?P<open_string>")
    |(?P<char>\\(?:newline|return|space|tab|u[0-9A-Fa-f]{4}|.))
    |(?P<open>\#\{|[\[({])
    |(?P<close>[\])}])
    |(?P<skip>\#_|\^)
    |(?P<tag>\#[^\s,\[\](){}"\\;\#][^\s,\[\](){}"\\;]*)
    |(?P<atom>[^\s,\[\](){}"\\;]+|.)""",
    re.VERBOSE | re.DOTALL,
)
_CLOSES = {"[": "]", "(": ")", "{": "}", "#{": "}"}


@dataclass
class _Frame:
    opener: str
    line: int
    terms: int = 0
    uncounted: int = 0
    """Terms still to come that do not count: after ``#_`` (discarded) and ``^`` (metadata)."""


@dataclass
class Layout:
    """Where the top-level keys of an EDN map are, and the first structural problem."""

    key_lines: dict[str, int] = field(default_factory=dict)
    tag_lines: dict[str, int] = field(default_factory=dict)
    problem: tuple[str, int] | None = None


def _close(stack: list[_Frame], token: str, line: int, out: Layout) -> bool:
    """Closes the innermost bracket with ``token`` (noting a map whose last key has no
    value); False, with the problem noted, if ``token`` cannot close it."""
    frame = stack[-1]
    if _CLOSES[frame.opener] != token:
        out.problem = out.problem or (
            f"'{token}' cannot close the '{frame.opener}' opened on line {frame.line}",
            line,
        )
        return False
    stack.pop()
    if frame.opener == "{" and frame.terms % 2:
        out.problem = out.problem or (
            f"the map opened on line {frame.line} has a key without a value",
            frame.line,
        )
    return True


def layout(text: str) -> Layout:
    """Scan ``text`` for brackets, keys and tags without parsing it, so that a problem can be
    told with its line (the EDN reader does not count lines)."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        return bisect.bisect_right(starts, pos)

    out = Layout()
    stack = [_Frame("", 0)]

    def complete(term: str | None, line: int) -> None:
        frame = stack[-1]
        if frame.uncounted:
            frame.uncounted -= 1
            return
        at_key = len(stack) == 2 and frame.opener == "{" and frame.terms % 2 == 0
        if at_key and term is not None and term.startswith(":"):
            out.key_lines.setdefault(term[1:], line)
        frame.terms += 1

    for match in _TOKEN.finditer(text):
        kind, token, line = match.lastgroup, match.group(0), line_of(match.start())
        if kind in ("space", "comment"):
            continue
        if kind == "open_string":
            out.problem = out.problem or ("a string opened here is never closed", line)
            break
        if kind == "open":
            stack.append(_Frame(token, line))
        elif kind == "close":
            if len(stack) == 1:
                out.problem = out.problem or (f"'{token}' closes nothing", line)
                continue
            if not _close(stack, token, line, out):
                break
            complete(None, line)
        elif kind == "skip":
            stack[-1].uncounted += 1
        elif kind == "tag":
            if not token.startswith("##"):
                out.tag_lines.setdefault(token[1:], line)
        else:
            complete(token, line)
    if out.problem is None and len(stack) > 1:
        frame = stack[1]
        out.problem = (f"the '{frame.opener}' opened here is never closed", frame.line)
    return out


def parse_problem(exc: Exception, text: str, where: Layout) -> tuple[str, int]:
    """A readable message and line for the EDN reader's exception ``exc``."""
    detail = exc.args[0] if exc.args else None
    if isinstance(exc, NotImplementedError):  # edn_format: an unknown #tag
        found = re.search(r"tag ImmutableDict\((.*)\)", str(exc))
        name = found.group(1) if found else ""
        return f"unknown tag #{name}", where.tag_lines.get(name, 1)
    if where.problem is not None:
        return where.problem
    position = getattr(detail, "lexpos", None)
    if position is None:
        found = re.search(r"lexpos (\d+)", str(exc))
        position = int(found.group(1)) if found else None
    if position is not None:
        line = text.count("\n", 0, position) + 1
        value = getattr(detail, "value", None) or text[position : position + 1]
        return f"unexpected '{value}'", line
    return str(exc), 1


# -- the keys the plugin reads -------------------------------------------------------------


class _Values:
    """Typed access to the config map: a value of the wrong kind is a warning with its key."""

    def __init__(
        self, raw: dict[Any, Any], lines: dict[str, int], file: str, diagnostics: Diagnostics
    ) -> None:
        self.raw, self.lines, self.file, self.diagnostics = raw, lines, file, diagnostics

    def warn(self, key: str, message: str) -> None:
        self.diagnostics.warn(f"config.edn :{key} {message}", self.file, self.lines.get(key, 1))

    def get(self, key: str, check: Callable[[Any], bool], expected: str, default: str) -> Any:
        """The value of ``key`` if ``check`` accepts it; else None (with a warning unless the
        key is absent or nil)."""
        value = self.raw.get(key)
        if value is None:
            return None
        if check(value):
            return value
        self.warn(key, f"should be {expected}, not {describe(value)}; {default}")
        return None

    def text(self, key: str) -> str | None:
        return self.get(key, lambda v: isinstance(v, str), "a string", "Logseq's default used")

    def flag(self, key: str) -> bool | None:
        return self.get(
            key, lambda v: isinstance(v, bool), "true or false", "Logseq's default used"
        )

    def names(self, key: str) -> list[str]:
        """A vector, list or set of strings or keywords (one lone string or keyword is read
        as a list of it, with a warning)."""
        value = self.raw.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            self.warn(key, f"should be a vector; read as [{value!r}]")
            return [value]
        if not isinstance(value, list):
            self.warn(key, f"should be a vector, not {describe(value)}; ignored")
            return []
        out: list[str] = []
        for item in value:
            if isinstance(item, str):
                out.append(item)
            elif item is not None:
                self.warn(key, f"holds {describe(item)}, which is not a name; left out")
        return out

    def mapping(self, key: str) -> dict[Any, Any]:
        value = self.get(key, lambda v: isinstance(v, dict), "a map", "ignored")
        return value if isinstance(value, dict) else {}


def read_config(path: Path, diagnostics: Diagnostics, file: str | None = None) -> GraphConfig:
    """Read ``path`` (may be missing); a syntax error is a warning and the defaults are used.
    ``file`` is how warnings name it (default: the path)."""
    config = GraphConfig()
    where_file = file or str(path)
    if not path.is_file():
        return config
    try:
        data = path.read_bytes()
    except OSError as exc:
        diagnostics.warn(
            f"cannot read config.edn ({exc.strerror}); using Logseq's defaults", where_file
        )
        return config
    text = decode_text(data, where_file, diagnostics)
    where = layout(text)
    try:
        raw = plain(edn_format.loads(text))
    except Exception as exc:  # edn_format raises several unrelated types
        message, line = parse_problem(exc, text, where)
        diagnostics.warn(
            f"cannot parse config.edn: {message}; using Logseq's defaults", where_file, line
        )
        return config
    if raw is None:
        return config
    if not isinstance(raw, dict):
        diagnostics.warn("config.edn is not a map; using Logseq's defaults", where_file, 1)
        return config
    apply_config(config, _Values(raw, where.key_lines, where_file, diagnostics))
    return config


def apply_config(config: GraphConfig, values: _Values) -> None:
    """Fill ``config`` from the keys the plugin reads."""
    _apply_files(config, values)
    public = values.flag("publishing/all-pages-public?")
    if public is None:
        public = values.flag("all-pages-public?")
    config.all_pages_public = public is True
    _apply_macros(config, values)
    _apply_properties(config, values)
    config.show_brackets = values.flag("ui/show-brackets?") is not False
    home = values.mapping("default-home")
    page = home.get("page")
    if isinstance(page, str):
        config.default_home = page
    elif page is not None:
        values.warn("default-home", f"{{:page …}} should be a page name, not {describe(page)}")
    config.favorites = values.names("favorites")


def _apply_files(config: GraphConfig, values: _Values) -> None:
    """The keys that say which files hold which pages: the file name format, the journal
    title and file name formats, the pages and journals folders, ``:hidden``."""
    fmt = values.text("file/name-format")
    if fmt not in (None, "legacy", "triple-lowbar"):
        values.warn("file/name-format", f"'{fmt}' is not :triple-lowbar or :legacy; legacy used")
    config.name_format = "triple-lowbar" if fmt == "triple-lowbar" else "legacy"
    config.journal_title_format = (
        values.text("journal/page-title-format")
        or values.text("date-formatter")
        or DEFAULT_TITLE_FORMAT
    )
    config.journal_file_format = values.text("journal/file-name-format") or "yyyy_MM_dd"
    config.pages_dir = values.text("pages-directory") or "pages"
    config.journals_dir = values.text("journals-directory") or "journals"
    config.hidden = values.names("hidden")


def _apply_macros(config: GraphConfig, values: _Values) -> None:
    """``:macros``: name -> text; other entries are warned about and left out."""
    for name, body in values.mapping("macros").items():
        if isinstance(name, str) and isinstance(body, str):
            config.macros[name] = body
        else:
            values.warn("macros", f"entry {name!r} is not a name with a text; left out")


def _apply_properties(config: GraphConfig, values: _Values) -> None:
    """The keys about properties: hidden ones, property pages, comma-separated values and
    the ones whose values reference no page."""
    config.hidden_properties = {n.lower() for n in values.names("block-hidden-properties")}
    config.property_pages = values.flag("property-pages/enabled?") is not False
    config.property_pages_excluded = {n.lower() for n in values.names("property-pages/excludelist")}
    config.comma_properties = {n.lower() for n in values.names("property/separated-by-commas")}
    config.ignored_ref_properties = {
        n.lower() for n in values.names("ignored-page-references-keywords")
    }
