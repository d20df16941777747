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
from typing import TYPE_CHECKING, ClassVar, TypeVar, Union

from ..model import Block, Macro, Page
from ..parse.names import page_key
from .context import plain_text
from .frame import Frame
from .inline import InlineRenderer, escape
from .listings import display_title, page_link

if TYPE_CHECKING:
    from .outline import OutlineRenderer

Expr = Union[str, list["Expr"]]
MAX_RESULTS = 50
QUERY = "query:"
"""Marks a query's results in :attr:`.outline.Frame.embeds`."""


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


def _property_pred(
    args: list[Expr], properties: Callable[[T], dict[str, str]]
) -> Callable[[T], bool]:
    """``(property key [value])`` over a block's or ``(page-property …)`` over a page's
    properties: the key is set and, if a value is given, its value contains it."""
    if not args:
        raise Unsupported("property without a name")
    prop = _name(args[0]).lower()
    value = _name(args[1]).lower() if len(args) > 1 else None

    def pred(x: T) -> bool:
        props = properties(x)
        return prop in props and (value is None or value in props[prop].lower())

    return pred


def _text_pred(needle: str) -> Callable[[Block], bool]:
    """Blocks whose title's text contains ``needle`` (any case)."""
    needle = needle.lower()
    return lambda b: needle in plain_text(b.title).lower()


class Evaluator:
    """Turns a parsed query into a predicate over blocks or over pages: one handler per
    operator in :attr:`BLOCK_HANDLERS` and :attr:`PAGE_HANDLERS`."""

    def __init__(self, outline: OutlineRenderer) -> None:
        self.site = outline.site

    def key(self, tok: Expr) -> str:
        return self.site.graph.key_for(_name(tok))

    def block_pred(self, expr: Expr) -> Callable[[Block], bool]:
        """The predicate of a block query: a ``"text"``, a ``[[page]]``/``#tag`` reference
        (on the block or an ancestor) or an operator with its arguments."""
        if isinstance(expr, str):
            if expr.startswith('"'):
                return _text_pred(expr.strip('"'))
            key = self.key(expr)
            return lambda b: key in _path_refs(b)
        if not expr or not isinstance(expr[0], str):
            raise Unsupported("empty expression")
        op, args = expr[0].lower(), expr[1:]
        if op in LOGIC:
            return _combine(op, [self.block_pred(a) for a in args])
        handler = self.BLOCK_HANDLERS.get(op)
        if handler is None:
            raise Unsupported(f"({op} …)")
        return handler(self, args)

    def _task(self, args: list[Expr]) -> Callable[[Block], bool]:
        markers = {_name(a).upper() for a in args}
        return lambda b: b.marker in markers

    def _priority(self, args: list[Expr]) -> Callable[[Block], bool]:
        wanted = {_name(a).upper() for a in args}
        return lambda b: b.priority in wanted

    def _page(self, args: list[Expr]) -> Callable[[Block], bool]:
        keys = {page_key(_name(a)) for a in args}
        return lambda b: b.page.key in keys

    def _property(self, args: list[Expr]) -> Callable[[Block], bool]:
        return _property_pred(args, lambda b: b.properties)

    def _full_text(self, args: list[Expr]) -> Callable[[Block], bool]:
        if not args:
            raise Unsupported("(full-text-search)")
        return _text_pred(_name(args[0]))

    BLOCK_HANDLERS: ClassVar[
        dict[str, Callable[[Evaluator, list[Expr]], Callable[[Block], bool]]]
    ] = {
        "task": _task,
        "todo": _task,
        "priority": _priority,
        "page": _page,
        "property": _property,
        "full-text-search": _full_text,
    }

    def page_pred(self, expr: Expr) -> Callable[[Page], bool]:
        """The predicate of a page query (see :func:`_is_page_query`)."""
        if isinstance(expr, str) or not expr:
            raise Unsupported("page query")
        op, args = str(expr[0]).lower(), expr[1:]
        if op in LOGIC:
            return _combine(op, [self.page_pred(a) for a in args])
        handler = self.PAGE_HANDLERS.get(op)
        if handler is None:
            raise Unsupported(f"({op} …)")
        return handler(self, args)

    def _page_tags(self, args: list[Expr]) -> Callable[[Page], bool]:
        keys = {self.key(a) for a in args}
        return lambda p: bool(keys & {self.site.graph.key_for(t) for t in p.tags})

    def _all_page_tags(self, args: list[Expr]) -> Callable[[Page], bool]:
        return lambda p: bool(p.tags)

    def _namespace(self, args: list[Expr]) -> Callable[[Page], bool]:
        if not args:
            raise Unsupported("(namespace)")
        prefix = page_key(_name(args[0])) + "/"
        return lambda p: p.key.startswith(prefix)

    def _page_property(self, args: list[Expr]) -> Callable[[Page], bool]:
        return _property_pred(args, lambda p: p.properties)

    PAGE_HANDLERS: ClassVar[
        dict[str, Callable[[Evaluator, list[Expr]], Callable[[Page], bool]]]
    ] = {
        "page-tags": _page_tags,
        "all-page-tags": _all_page_tags,
        "namespace": _namespace,
        "page-property": _page_property,
    }


PAGE_OPS = frozenset(Evaluator.PAGE_HANDLERS)
"""The operators that make a query a page query."""


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


def _nested_note(outline: OutlineRenderer) -> str:
    """The note shown for a query inside another query's results: its results could hold
    this query again (a cycle), or grow with every level; they are on the page of the block
    holding it, which the note links to."""
    site, frame = outline.site, outline.frame
    link = site.a(frame.src, frame.source, escape(display_title(frame.source)))
    before, _, after = site.options.labels("query_results_elsewhere", page="\0").partition("\0")
    note = f"{html.escape(before)}{link}{html.escape(after)}"
    return f'<p class="lsq-query-nested"><em>{note}</em></p>'


def _page_results(outline: OutlineRenderer, pred: Callable[[Page], bool]) -> str:
    """The published pages a page query matches, by name, as a Markdown list of links."""
    site = outline.site
    pages = sorted(
        (p for p in site.graph.pages.values() if site.is_published(p) and pred(p)),
        key=lambda p: p.name.lower(),
    )
    if not pages:
        return _note("lsq-query-empty", site.options.labels("no_matching_pages"))
    src = outline.frame.src
    return "\n".join(f"- {page_link(site, src, p)}" for p in pages)


def _block_hits(outline: OutlineRenderer, pred: Callable[[Block], bool]) -> list[Block]:
    """The blocks a block query matches on the other published pages (pages by name, blocks
    in order), leaving out a match whose parent matches too (it shows inside the parent)."""
    site = outline.site
    hits = []
    for page in sorted(site.graph.pages.values(), key=lambda p: p.name.lower()):
        if not site.is_published(page) or page.key == outline.frame.source.key:
            continue
        for block in page.all_blocks():
            if (block.title or block.body) and pred(block):
                parent = block.parent
                if parent is not None and pred(parent):
                    continue
                hits.append(block)
    return hits


def _block_results(outline: OutlineRenderer, text: str, hits: list[Block]) -> str:
    """The count of ``hits`` and the first :data:`MAX_RESULTS` of them, each with its
    children and under a link to its page, rendered in a frame marked as this query's."""
    site = outline.site
    label = site.options.labels
    frame = outline.frame
    src = frame.src
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


def render_simple_query(outline: OutlineRenderer, macro: Macro, renderer: InlineRenderer) -> str:
    """The HTML of a ``{{query …}}``: the matching pages or blocks, a note when nothing
    matches, or a note that the query runs only in Logseq when it is not supported."""
    text = (macro.args[0] if macro.args else "").strip()
    label = outline.site.options.labels
    if any(ident.startswith(QUERY) for ident in outline.frame.embeds):
        return _nested_note(outline)
    try:
        expr = parse(text)
        evaluator = Evaluator(outline)
        if _is_page_query(expr):
            return _page_results(outline, evaluator.page_pred(expr))
        pred = evaluator.block_pred(expr)
    except Unsupported:
        return f'<div class="lsq-query"><em>{html.escape(label("advanced_query"))}</em></div>'
    hits = _block_hits(outline, pred)
    if not hits:
        return _note("lsq-query-empty", label("no_matching_blocks"))
    return _block_results(outline, text, hits)
