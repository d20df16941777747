"""Property semantics (LOGSEQ_FORMAT §1.6, §2.4): hidden keys, value refs, key pages."""

from __future__ import annotations

import re

from ..model import Inline, PageRef
from .config_edn import GraphConfig
from .inline import InlineParser, text_tokens

HIDDEN = frozenset(
    [
        "id",
        "custom-id",
        "background-color",
        "heading",
        "collapsed",
        "created-at",
        "updated-at",
        "last-modified-at",
        "query-table",
        "query-properties",
        "query-sort-by",
        "query-sort-desc",
        "ls-type",
        "hl-type",
        "hl-page",
        "hl-stamp",
        "hl-color",
        "logseq.macro-name",
        "logseq.macro-arguments",
        "logseq.order-list-type",
        "logseq.tldraw.page",
        "logseq.tldraw.shape",
        "todo",
        "doing",
        "now",
        "later",
        "done",
        "card-last-interval",
        "card-repeats",
        "card-last-reviewed",
        "card-next-schedule",
        "card-ease-factor",
        "card-last-score",
        "logseq.query/nlp-date",
        "logseq.color",
        "filters",
        "icon",
        "title",
        "public",
    ]
)
"""Never shown in a properties box (Logseq's hidden built-ins plus title/public/filters/icon)."""

EDITABLE_BUILTINS = frozenset(
    [
        "title",
        "icon",
        "template",
        "template-including-parent",
        "public",
        "filters",
        "exclude-from-graph-view",
        "logseq.query/nlp-date",
        "logseq.color",
        "macro",
        "filetags",
        "heading",
    ]
)
COMMA_KEYS = frozenset({"alias", "aliases", "tags"})
RAW_KEYS = frozenset(
    {"title", "icon", "id", "filters", "template", "template-including-parent", "file-path"}
)


def is_hidden(key: str, config: GraphConfig) -> bool:
    return key in HIDDEN or key in config.hidden_properties or key.startswith("logseq.table.")


def value_tokens(key: str, value: str, config: GraphConfig, parser: InlineParser) -> list[Inline]:
    """A property value as inline tokens: refs become PageRefs, comma lists split into refs."""
    value = value.strip()
    if key in RAW_KEYS or key in config.ignored_ref_properties:
        return text_tokens(value)
    if len(value) >= 2 and value.startswith('"') and value.endswith('"'):
        return text_tokens(value[1:-1])
    if key in COMMA_KEYS or key in config.comma_properties:
        out: list[Inline] = []
        for item in re.split(r"[,，]", value):
            item = item.strip()
            if not item:
                continue
            tokens = parser.parse(item)
            if len(tokens) == 1 and isinstance(tokens[0], PageRef):
                tokens[0].kind = "ref"
                out.append(tokens[0])
            elif any(isinstance(t, PageRef) for t in tokens):
                out.extend(tokens)
            else:
                out.append(PageRef(item.strip("#"), "ref"))
            out.append(", ")
        return out[:-1]
    return parser.parse(value)


def _builtin(key: str) -> bool:
    """One of Logseq's built-in properties (graph-parser ``hidden-built-in-properties`` and
    ``editable-built-in-properties``)."""
    return key in HIDDEN or key in EDITABLE_BUILTINS or key.startswith("logseq.table.")


def value_refs(key: str) -> bool:
    """Whether the pages a property's value names are references (graph-parser
    ``get-page-ref-names-from-properties``): not for built-ins, ``alias``/``tags`` aside.
    ``later:: [[X]]`` is no reference to X. (``:block-hidden-properties`` only hides a
    property from view: its value still references pages, as in Logseq.)"""
    return key in COMMA_KEYS or not _builtin(key)


def key_is_page(key: str, config: GraphConfig) -> bool:
    """Whether a property key is itself a page reference (``type::`` -> page ``type``;
    graph-parser ``get-page-refs-from-property-names``: no built-in key is)."""
    if not config.property_pages or key in config.property_pages_excluded:
        return False
    return not (_builtin(key) or key in COMMA_KEYS or key in RAW_KEYS)


def list_values(value: str) -> list[str]:
    """Comma-separated names with ``[[…]]`` and ``#`` stripped: for alias:: and tags::."""
    out = []
    for item in re.split(r"[,，]", value):
        item = item.strip()
        m = re.fullmatch(r"#?\[\[(.+)\]\]", item)
        item = m.group(1) if m else item.lstrip("#")
        if item.strip():
            out.append(item.strip())
    return out
