"""``logseq/config.edn``: the keys a static site needs, read with a real EDN parser."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import edn_format

from .dates import DEFAULT_TITLE_FORMAT
from .diagnostics import Diagnostics
from .names import NONCHARACTERS


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


def _plain(value: Any) -> Any:
    """EDN values -> plain Python: keywords to their names, maps to dicts, sets/vectors to lists."""
    if isinstance(value, edn_format.Keyword):
        return value.name
    if isinstance(value, edn_format.Symbol):
        return value.name
    if isinstance(value, dict) or hasattr(value, "items"):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_plain(v) for v in value]
    return value


def _names(value: Any) -> set[str]:
    if isinstance(value, list):
        return {str(v).lower() for v in value}
    return set()


def read_config(path: Path, diagnostics: Diagnostics) -> GraphConfig:
    """Read ``path`` (may be missing); a syntax error is a warning and the defaults are used."""
    config = GraphConfig()
    if not path.is_file():
        return config
    try:
        text = path.read_text(encoding="utf-8-sig")
        if NONCHARACTERS.search(text):
            diagnostics.warn("Unicode noncharacters removed", str(path), 1)
            text = NONCHARACTERS.sub("", text)
        raw = _plain(edn_format.loads(text))
    except Exception as exc:  # edn_format raises several unrelated types
        diagnostics.warn(f"cannot parse config.edn ({exc}); using Logseq's defaults", str(path), 1)
        return config
    if not isinstance(raw, dict):
        diagnostics.warn("config.edn is not a map; using Logseq's defaults", str(path), 1)
        return config
    get = raw.get
    fmt = get("file/name-format")
    config.name_format = "triple-lowbar" if fmt == "triple-lowbar" else "legacy"
    config.journal_title_format = str(
        get("journal/page-title-format") or get("date-formatter") or DEFAULT_TITLE_FORMAT
    )
    config.journal_file_format = str(get("journal/file-name-format") or "yyyy_MM_dd")
    config.pages_dir = str(get("pages-directory") or "pages")
    config.journals_dir = str(get("journals-directory") or "journals")
    hidden = get("hidden")
    config.hidden = [str(h) for h in hidden] if isinstance(hidden, list) else []
    public = get("publishing/all-pages-public?")
    if public is None:
        public = get("all-pages-public?")
    config.all_pages_public = public is True
    macros = get("macros")
    if isinstance(macros, dict):
        config.macros = {str(k): str(v) for k, v in macros.items()}
    config.hidden_properties = _names(get("block-hidden-properties"))
    config.property_pages = get("property-pages/enabled?") is not False
    config.property_pages_excluded = _names(get("property-pages/excludelist"))
    config.comma_properties = _names(get("property/separated-by-commas"))
    config.ignored_ref_properties = _names(get("ignored-page-references-keywords"))
    config.show_brackets = get("ui/show-brackets?") is not False
    home = get("default-home")
    if isinstance(home, dict) and isinstance(home.get("page"), str):
        config.default_home = home["page"]
    favorites = get("favorites")
    if isinstance(favorites, list):
        config.favorites = [str(f) for f in favorites]
    return config
