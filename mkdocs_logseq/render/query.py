"""``{{query …}}`` simple queries, evaluated at build time over the published pages.

Supported: ``[[page]]``, ``#tag``, ``"text"``, ``and``/``or``/``not``, ``task``, ``priority``,
``page``, ``property``, ``page-property``, ``page-tags``, ``all-page-tags``, ``namespace``,
``full-text-search``. Anything else is shown as a note saying the query runs only in Logseq.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, TypeVar, Union

from ..model import Block, Macro, Page
from ..parse.names import page_key
from .context import plain_text
from .inline import InlineRenderer, escape
from .listings import display_title, page_link
from .outline import Frame

if TYPE_CHECKING:
    from .outline import OutlineRenderer

Expr = Union[str, list["Expr"]]
MAX_RESULTS = 50
QUERY = "query:"
"""Marks a query's results in :attr:`.outline.Frame.embeds`."""
PAGE_OPS = {"page-property", "page-tags", "all-page-tags", "namespace"}


class Unsupported(Exception):
    """The query uses something a static site cannot evaluate."""


def tokenize(text: str) -> list[str]:
    return re.findall(r'\[\[.*?\]\]|"[^"]*"|[()]|#\[\[.*?\]\]|[^\s()]+', text)


MAX_DEPTH = 32
"""Queries nested deeper than this are not evaluated (parsing and evaluating recurse)."""


def parse(text: str) -> Expr:
    tokens = tokenize(text)
    pos = 0
    depth = 0

    def expr() -> Expr:
        nonlocal pos, depth
        if pos >= len(tokens):
            raise Unsupported("unexpected end of query")
        tok = tokens[pos]
        pos += 1
        if tok == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise Unsupported(f"nested deeper than {MAX_DEPTH} levels")
            items: list[Expr] = []
            while pos < len(tokens) and tokens[pos] != ")":
                items.append(expr())
            pos += 1
            depth -= 1
            return items
        return tok

    result = expr()
    if pos < len(tokens):  # several top-level terms mean "and"
        rest = [result]
        while pos < len(tokens):
            rest.append(expr())
        return ["and", *rest]
    return result


def _name(tok: Expr) -> str:
    if not isinstance(tok, str):
        raise Unsupported("expected a name")
    tok = tok.strip()
    m = re.fullmatch(r"#?\[\[(.*)\]\]", tok)
    if m:
        return m.group(1)
    return tok.strip('"').lstrip("#").lstrip(":")


LOGIC = ("and", "or", "not")
T = TypeVar("T")


def _combine(op: str, preds: list[Callable[[T], bool]]) -> Callable[[T], bool]:
    """``and``/``or``/``not`` over predicates of blocks or of pages."""
    if op == "and":
        return lambda x: all(p(x) for p in preds)
    if op == "or":
        return lambda x: any(p(x) for p in preds)
    return lambda x: not any(p(x) for p in preds)


def _path_refs(block: Block) -> set[str]:
    refs = {block.page.key}
    node: Block | None = block
    while node is not None:
        refs.update(node.refs)
        node = node.parent
    return refs


class Evaluator:
    def __init__(self, outline: OutlineRenderer) -> None:
        self.site = outline.site

    def key(self, tok: Expr) -> str:
        return self.site.graph.key_for(_name(tok))

    def block_pred(self, expr: Expr) -> Callable[[Block], bool]:
        if isinstance(expr, str):
            if expr.startswith('"'):
                needle = expr.strip('"').lower()
                return lambda b: needle in plain_text(b.title).lower()
            key = self.key(expr)
            return lambda b: key in _path_refs(b)
        if not expr or not isinstance(expr[0], str):
            raise Unsupported("empty expression")
        op, args = expr[0].lower(), expr[1:]
        if op in LOGIC:
            return _combine(op, [self.block_pred(a) for a in args])
        if op in ("task", "todo"):
            markers = {_name(a).upper() for a in args}
            return lambda b: b.marker in markers
        if op == "priority":
            wanted = {_name(a).upper() for a in args}
            return lambda b: b.priority in wanted
        if op == "page":
            keys = {page_key(_name(a)) for a in args}
            return lambda b: b.page.key in keys
        if op == "property" and args:
            prop = _name(args[0]).lower()
            value = _name(args[1]).lower() if len(args) > 1 else None
            return lambda b: (
                prop in b.properties and (value is None or value in b.properties[prop].lower())
            )
        if op == "full-text-search" and args:
            needle = _name(args[0]).lower()
            return lambda b: needle in plain_text(b.title).lower()
        raise Unsupported(f"({op} …)")

    def page_pred(self, expr: Expr) -> Callable[[Page], bool]:
        if isinstance(expr, str) or not expr:
            raise Unsupported("page query")
        op, args = str(expr[0]).lower(), expr[1:]
        if op in LOGIC:
            return _combine(op, [self.page_pred(a) for a in args])
        if op in ("page-tags", "all-page-tags"):
            keys = {self.key(a) for a in args}
            if op == "all-page-tags":
                return lambda p: bool(p.tags)
            return lambda p: bool(keys & {self.site.graph.key_for(t) for t in p.tags})
        if op == "namespace" and args:
            prefix = page_key(_name(args[0])) + "/"
            return lambda p: p.key.startswith(prefix)
        if op == "page-property" and args:
            prop = _name(args[0]).lower()
            value = _name(args[1]).lower() if len(args) > 1 else None
            return lambda p: (
                prop in p.properties and (value is None or value in p.properties[prop].lower())
            )
        raise Unsupported(f"({op} …)")


def _is_page_query(expr: Expr) -> bool:
    if isinstance(expr, str) or not expr:
        return False
    head = str(expr[0]).lower()
    if head in PAGE_OPS:
        return True
    return head in LOGIC and all(_is_page_query(a) for a in expr[1:])


def _subtree(outline: OutlineRenderer, block: Block) -> list[str]:
    return [outline.subtree(block)]


def _note(css: str, text: str) -> str:
    return f'<p class="{css}"><em>{html.escape(text)}</em></p>'


def render_simple_query(outline: OutlineRenderer, macro: Macro, renderer: InlineRenderer) -> str:
    text = (macro.args[0] if macro.args else "").strip()
    site = outline.site
    label = site.options.labels
    frame = outline.frame
    src = frame.src
    if any(ident.startswith(QUERY) for ident in frame.embeds):
        # in another query's results: its results could hold this query again (a cycle),
        # or grow with every level; they are on the page of the block holding it
        link = site.a(src, frame.source, escape(display_title(frame.source)))
        before, _, after = label("query_results_elsewhere", page="\0").partition("\0")
        note = f"{html.escape(before)}{link}{html.escape(after)}"
        return f'<p class="lsq-query-nested"><em>{note}</em></p>'
    try:
        expr = parse(text)
        evaluator = Evaluator(outline)
        if _is_page_query(expr):
            pred = evaluator.page_pred(expr)
            pages = sorted(
                (p for p in site.graph.pages.values() if site.is_published(p) and pred(p)),
                key=lambda p: p.name.lower(),
            )
            if not pages:
                return _note("lsq-query-empty", label("no_matching_pages"))
            return "\n".join(f"- {page_link(site, src, p)}" for p in pages)
        bpred = evaluator.block_pred(expr)
    except Unsupported:
        return f'<div class="lsq-query"><em>{html.escape(label("advanced_query"))}</em></div>'
    hits = []
    for page in sorted(site.graph.pages.values(), key=lambda p: p.name.lower()):
        if not site.is_published(page) or page.key == outline.frame.source.key:
            continue
        for block in page.all_blocks():
            if (block.title or block.body) and bpred(block):
                parent = block.parent
                if parent is not None and bpred(parent):
                    continue
                hits.append(block)
    if not hits:
        return _note("lsq-query-empty", label("no_matching_blocks"))
    count = html.escape(label("results", count=len(hits)))
    out = [f'<p class="lsq-query-count">{count}</p>']
    last = None
    stack = (*(frame.embeds or ("page:" + frame.source.key,)), QUERY + text)
    results = Frame(src, frame.source, stack, anchors=False)
    for block in hits[:MAX_RESULTS]:
        if block.page is not last:
            out.append(
                site.a(src, block.page, escape(block.page.name), classes="lsq-backlink-page")
            )
            last = block.page
        out.extend(outline._with(results, partial(_subtree, outline, block)))
    if len(hits) > MAX_RESULTS:
        out.append(_note("lsq-query-more", label("more_results", count=len(hits) - MAX_RESULTS)))
    return "\n\n".join(out)
