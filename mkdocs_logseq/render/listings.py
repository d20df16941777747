"""Sections and pages made from the graph: linked references, tag lists, namespaces, indexes."""

from __future__ import annotations

import datetime as dt
import html
from collections import defaultdict
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from ..model import Block, Inline, Opaque, Page, PageRef
from ..parse.display import page_title as display_title
from ..parse.graph import is_blank
from ..parse.names import namespace_parents
from .context import Site, heading_level, plain_text
from .fragments import slot
from .frame import MAX_OUTLINE_DEPTH, PAGE_PROPERTIES_ID
from .inline import escape
from .markers import close_tag, open_tag

if TYPE_CHECKING:
    from .outline import OutlineRenderer

T = TypeVar("T")


def page_link(site: Site, src: str, page: Page, text: str | None = None) -> str:
    return site.a(src, page, escape(text if text is not None else display_title(page)))


def _order_key(page: Page) -> tuple[int, str]:
    if page.journal_day is not None:
        return (0, f"{9999_99_99 - int(page.journal_day.strftime('%Y%m%d')):08d}")
    return (1, page.name.lower())


def ancestors(block: Block, limit: int = MAX_OUTLINE_DEPTH) -> list[Block | None]:
    """``block``'s ancestors, outermost first; of more than ``limit``, the outermost and the
    ``limit - 1`` nearest, with None for the ones between (a breadcrumb shows "…")."""
    chain: list[Block] = []
    node = block.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    chain.reverse()
    if len(chain) <= limit:
        return list(chain)
    return [chain[0], None, *chain[len(chain) - limit + 1 :]]


def breadcrumb(site: Site, src: str, block: Block) -> str:
    """The titles of a block's ancestors, each linking to its anchor."""
    parts = []
    for parent in ancestors(block):
        if parent is None:
            parts.append("…")
            continue
        text = plain_text(parent.title, site.graph, escape=escape) or "…"
        parts.append(site.a(src, parent.page, text, site.anchor(parent)))
    return " › ".join(parts)


def backlink_groups(site: Site, page: Page) -> tuple[list[tuple[Page, list[Block], bool]], int]:
    """Linked references of ``page``: (referencing page, its top-most referencing blocks,
    whether its page properties reference ``page``), in a stable order; and the count."""
    hits: dict[str, list[Block]] = defaultdict(list)
    pages: dict[str, Page] = {}
    for block in site.graph.referrers.get(page.key, []):
        if block.page.key == page.key or not site.is_published(block.page):
            continue
        ancestor = block.parent
        while ancestor is not None and page.key not in ancestor.refs:
            ancestor = ancestor.parent
        if ancestor is None:
            hits[block.page.key].append(block)
            pages[block.page.key] = block.page
    tagged = {p.key for p in _tag_index(site).get(page.key, ())}
    by_props = {  # (a page whose tags:: name this one is listed under "Pages tagged with")
        p.key
        for p in site.graph.property_referrers.get(page.key, [])
        if p.key != page.key and site.is_published(p) and p.key not in tagged
    }
    for key in by_props:
        pages.setdefault(key, site.graph.pages[key])
    groups = [
        (pages[k], hits.get(k, []), k in by_props)
        for k in sorted(pages, key=lambda k: _order_key(pages[k]))
    ]
    return groups, sum(len(v) for v in hits.values()) + len(by_props)


def backlinks_heading(site: Site) -> str:
    """The "Linked references" heading (its anchor is the same in every language).

    ``data-search-exclude=""``, not a bare word: before 3.11.3 Python-Markdown writes a bare
    word as ``data-search-exclude="data-search-exclude"``, which Material's search strips
    from the page after indexing; an empty value is written and kept by every version."""
    title = escape(site.options.labels("linked_references"))
    return f'## {title} {{ #linked-references .lsq-backlinks-title data-search-exclude="" }}'


BACKLINKS_MARKER = "<!--lsq:backlinks-->"


def _count_text(site: Site, count: int, pages: int) -> str:
    label = site.options.labels
    text = label(
        "references_from_pages",
        references=label("references", count=count),
        pages=label("source_pages", count=pages),
    )
    return f'<p class="lsq-count">{html.escape(text)}</p>'


def linked_references(site: Site, src: str, page: Page, outline: OutlineRenderer) -> str:
    """ "Linked references" as Markdown (for the Markdown export)."""
    groups, count = backlink_groups(site, page)
    if not groups:
        return ""
    out = [
        backlinks_heading(site),
        _count_text(site, count, len(groups)),
        open_tag("div", classes="lsq-backlinks"),
    ]
    for other, blocks, by_props in groups:
        out.append(open_tag("div", classes="lsq-backlink-group"))
        out.append(site.a(src, other, escape(display_title(other)), classes="lsq-backlink-page"))
        if by_props:
            box = outline.page_properties(other)
            if box:
                out.append(box)
        for block in blocks:
            crumb = breadcrumb(site, src, block)
            if crumb:
                out.append(f'<span class="lsq-breadcrumb">{crumb}</span>')
            out.append(outline.subtree(block))
        out.append(close_tag("div"))
    out.append(close_tag("div"))
    return "\n\n".join(out)


def _html_text(tokens: list[Inline], site: Site) -> str:
    """A block's first line as breadcrumb HTML: its text, code spans and math."""
    if not any(isinstance(t, Opaque) and t.text[:1] in "`$" for t in tokens):
        return html.escape(plain_text(tokens, site.graph, strip=False)).strip() or "…"
    parts = []
    for token in tokens:
        if isinstance(token, Opaque) and token.text.startswith("`"):
            parts.append(f"<code>{html.escape(token.text.strip('`'))}</code>")
        elif isinstance(token, Opaque) and token.text.startswith("$"):
            tex = html.escape(token.text.strip("$"), quote=False)
            parts.append(f'<span class="arithmatex">\\({tex}\\)</span>')  # as arithmatex
        else:
            parts.append(html.escape(plain_text([token], site.graph, strip=False)))
    return "".join(parts).strip() or "…"


def _crumb(site: Site, block: Block) -> str:
    """A link to ``block`` for breadcrumbs; the same on every page (the URLs start at the
    site root), so made once per block and shared by its descendants."""
    cached = site.breadcrumbs.get(id(block))
    if cached is None:
        href = html.escape(site.href("", block.page, site.anchor(block)))
        cached = site.breadcrumbs[id(block)] = (
            f'<a href="{href}">{_html_text(block.title, site)}</a>'
        )
    return cached


def _breadcrumb_html(site: Site, block: Block) -> str:
    """A block's ancestors and a link to the block itself (the same on every page that shows
    the block, so made once)."""
    cached = site.block_crumbs.get(id(block))
    if cached is None:
        own = html.escape(site.href("", block.page, site.anchor(block)))
        links = [_crumb(site, a) if a is not None else "…" for a in ancestors(block)]
        title = html.escape(site.options.labels("open_in_context"))
        links.append(f'<a class="lsq-block-link" href="{own}" title="{title}">↗</a>')
        css = "lsq-breadcrumb" if len(links) > 1 else "lsq-breadcrumb lsq-breadcrumb-top"
        cached = site.block_crumbs[id(block)] = f'<div class="{css}">{" › ".join(links)}</div>'

    return cached


def _block_slots(src: str, anchors: dict[int, str], block: Block) -> list[str]:
    """The fragment slots showing ``block`` with its children. A block shown as a heading
    on its page is a fragment without them (they follow the heading there), so its
    children's fragments come one by one below it, indented."""
    out: list[str] = []
    todo: list[Block | str] = [block]
    while todo:
        node = todo.pop()
        if isinstance(node, str):
            out.append(node)
            continue
        out.append(slot(src, anchors[id(node)]))
        if node.children and heading_level(node) is not None:
            todo.append("</div>")
            todo.extend(node.children[::-1])
            todo.append('<div class="lsq-ref-children">')
    return out


def linked_references_html(site: Site, src: str, page: Page) -> str:
    """ "Linked references" as HTML whose blocks are fragment slots, filled once every page
    is rendered (:mod:`.fragments`): a block's HTML is made once, however often it is shown."""
    groups, count = backlink_groups(site, page)
    if not groups:
        return ""
    out = [_count_text(site, count, len(groups)), '<div class="lsq-backlinks" data-search-exclude>']
    for other, blocks, by_props in groups:
        other_src = site.paths[other.key]
        href = html.escape(site.href(src, other))
        out.append('<div class="lsq-backlink-group">')
        out.append(
            f'<p><a class="lsq-backlink-page" href="{href}">'
            f"{html.escape(display_title(other))}</a></p>"
        )
        if by_props:
            out.append(slot(other_src, PAGE_PROPERTIES_ID))
        anchors = site.anchors(other)
        for block in blocks:
            out.append(_breadcrumb_html(site, block))
            out.extend(_block_slots(other_src, anchors, block))
        out.append("</div>")
    out.append("</div>")
    return "\n".join(out)


def _tag_index(site: Site) -> dict[str, list[Page]]:
    """Tag page key -> published pages whose ``tags::`` name it, by name (built once)."""
    if site.tag_index is not None:
        return site.tag_index
    index: dict[str, list[Page]] = defaultdict(list)
    for page in sorted(site.graph.pages.values(), key=lambda p: p.name.lower()):
        if site.is_published(page):
            for key in dict.fromkeys(site.graph.key_for(t) for t in page.tags):
                if key != page.key:
                    index[key].append(page)
    site.tag_index = index
    return index


def tagged_pages(site: Site, src: str, page: Page) -> str:
    """ "Pages tagged with X": published pages whose ``tags::`` name this page."""
    tagged = _tag_index(site).get(page.key, [])
    if not tagged:
        return ""
    title = escape(site.options.labels("pages_tagged_with", name=page.name))
    return "\n\n".join(
        [
            f"## {title} {{ #pages-tagged .lsq-tagged-title }}",
            link_list(site, src, tagged, "lsq-tagged"),
        ]
    )


COLUMNS_FROM = 12
"""Lists of page links longer than this are set in columns (class ``lsq-columns``)."""


def link_list(site: Site, src: str, pages: list[Page], classes: str = "") -> str:
    """A list of links to ``pages``, in columns when it is long."""
    if len(pages) > COLUMNS_FROM:
        classes = f"{classes} lsq-columns".strip()
    items = "".join(open_tag("li") + page_link(site, src, p) + close_tag("li") for p in pages)
    return open_tag("ul", classes=classes) + items + close_tag("ul")


def _children_index(site: Site) -> dict[str, list[Page]]:
    """Namespace parent key -> its published direct children. A page whose parent name
    means the page itself (``a/b`` with ``alias:: a``) is no child of its own."""
    if site.ns_children is not None:
        return site.ns_children
    children: dict[str, list[Page]] = defaultdict(list)
    for page in site.graph.pages.values():
        if not site.is_published(page):
            continue
        parents = namespace_parents(page.name)
        if parents:
            parent = site.graph.resolve(parents[-1])
            if parent is not None and parent.key != page.key:
                children[parent.key].append(page)
    for value in children.values():
        value.sort(key=lambda p: p.name.lower())
    site.ns_children = children
    return children


def nested_items(
    roots: list[T],
    children: Callable[[T], list[T]],
    item: Callable[[T], str],
    max_depth: int = MAX_OUTLINE_DEPTH,
) -> list[str]:
    """List items (markers) for ``roots`` and, below each, the items of its ``children``.

    Walked with a stack, so a tree of any depth lists whole; lists deeper than
    ``max_depth`` go on at that depth (as the outline's do)."""
    out: list[str] = []
    stack: list[tuple[list[T], int, tuple[str, ...]]] = [(roots[::-1], 1, ())]
    while stack:
        todo, depth, closers = stack[-1]
        if not todo:
            stack.pop()
            out.extend(closers)
            continue
        node = todo.pop()
        out.append(open_tag("li"))
        out.append(item(node))
        below = children(node)
        if below and depth < max_depth:
            out.append(open_tag("ul"))
            stack.append((below[::-1], depth + 1, (close_tag("ul"), close_tag("li"))))
        else:
            out.append(close_tag("li"))
            todo.extend(below[::-1])
    return out


def namespace_tree(
    site: Site, src: str, page: Page, short: bool = False, seen: set[str] | None = None
) -> str:
    """``page``'s namespace descendants as a nested list (Logseq's "Hierarchy").

    Aliases can make the namespace links a loop (``a/b`` with ``alias:: a`` is its own
    grandparent): each page is listed once, the pages in ``seen`` (which the walk adds to)
    not at all."""
    children = _children_index(site)
    seen = set() if seen is None else seen
    seen.add(page.key)

    def unseen(parent: Page) -> list[Page]:
        """``parent``'s children not listed yet; marked as listed."""
        fresh = [c for c in children.get(parent.key, ()) if c.key not in seen]
        seen.update(c.key for c in fresh)
        return fresh

    def item(child: Page) -> str:
        return page_link(site, src, child, child.name.rsplit("/", 1)[-1] if short else child.name)

    body = nested_items(unseen(page), unseen, item)
    if not body:
        return ""
    return "\n\n".join([open_tag("ul", classes="lsq-namespace"), *body, close_tag("ul")])


def _listed_roots(site: Site) -> list[Page]:
    """The pages All pages lists at its top level: every published non-journal page
    without a namespace parent; then, by name, each one no such page's namespace tree
    reaches (its parent is unpublished, or an alias loop makes it its own ancestor)."""
    pages = sorted(
        (p for p in site.graph.pages.values() if site.is_published(p) and not p.is_journal),
        key=lambda p: (p.name.lower(), p.key),
    )
    children = _children_index(site)
    roots = [p for p in pages if not namespace_parents(p.name)]
    reached: set[str] = set()

    def reach(page: Page) -> None:
        stack = [page]
        reached.add(page.key)
        while stack:
            for child in children.get(stack.pop().key, ()):
                if child.key not in reached:
                    reached.add(child.key)
                    stack.append(child)

    for root in roots:
        reach(root)
    for page in pages:
        if page.key not in reached:
            roots.append(page)
            reach(page)
    return sorted(roots, key=lambda p: (p.name.lower(), p.key))


def hierarchy_section(site: Site, src: str, page: Page) -> str:
    tree = namespace_tree(site, src, page)
    if not tree or page.is_journal:
        return ""
    title = escape(site.options.labels("hierarchy"))
    return f"## {title} {{ #hierarchy .lsq-hierarchy-title }}\n\n{tree}"


def namespace_breadcrumb(site: Site, src: str, page: Page) -> str:
    """``a / b / c`` above a namespaced page, each ancestor a link."""
    parents = namespace_parents(page.name)
    if not parents:
        return ""
    parts = []
    for name in parents:
        parent = site.page_of(name)
        label = name.rsplit("/", 1)[-1]
        parts.append(page_link(site, src, parent, label) if parent else escape(label))
    parts.append(escape(page.name.rsplit("/", 1)[-1]))
    return '<span class="lsq-namespace-path">' + " / ".join(parts) + "</span>"


def tag_counts(site: Site) -> dict[str, int]:
    """Page key -> how many published pages tag it (``tags::``) and blocks use it as ``#tag``."""
    counts: dict[str, int] = defaultdict(int)
    for page in site.graph.pages.values():
        if not site.is_published(page) or page.file is None:
            continue
        for tag in page.tags:
            counts[site.graph.key_for(tag)] += 1
        for block in page.all_blocks():
            tags = {
                site.graph.key_for(t.target)
                for t in block.inline_tokens()
                if isinstance(t, PageRef) and t.kind == "tag"
            }
            for key in tags:
                counts[key] += 1
    return {k: v for k, v in counts.items() if k in site.paths}


def tags_index(site: Site, src: str) -> str:
    label = site.options.labels
    heading = f"# {escape(label('tags'))}"
    counts = tag_counts(site)
    if not counts:
        return f"{heading}\n\n{escape(label('no_tags'))}"
    pages = sorted((site.graph.pages[k] for k in counts), key=lambda p: p.name.lower())
    items = "\n".join(
        f'- {page_link(site, src, p, "#" + p.name)} <span class="lsq-count">{counts[p.key]}</span>'
        for p in pages
    )
    intro = escape(label("tags_intro", tags=label("tags_count", count=len(pages))))
    box = open_tag("div", classes="lsq-index lsq-tag-index")
    return "\n\n".join([heading, intro, box, items, close_tag("div")])


def all_pages(site: Site, src: str) -> str:
    """Every published non-journal page, alphabetical; namespaced pages under their parent."""
    roots = _listed_roots(site)
    children = _children_index(site)
    label = site.options.labels
    count = sum(1 for p in site.graph.pages.values() if site.is_published(p) and not p.is_journal)
    no_content = f' <span class="lsq-generated-mark">{html.escape(label("no_content"))}</span>'
    out = [
        f"# {escape(label('all_pages'))}",
        escape(label("all_pages_intro", pages=label("pages", count=count))),
    ]
    groups = letter_groups(roots, lambda p: p.name)
    seen = {p.key for p in roots}
    if len(groups) > 1:  # (a few pages: one list, no heading)
        out.append(_letter_bar(groups))
    out.append(open_tag("div", classes="lsq-index"))
    for label_text, ident, members in groups:
        if len(groups) > 1:
            out.append(f"## {escape(label_text)} {{ #{ident} .lsq-letter }}")
        out.append(open_tag("ul", classes="lsq-all-pages"))
        for page in members:
            out.append(open_tag("li"))
            out.append(page_link(site, src, page) + ("" if page.file else no_content))
            if children.get(page.key):
                out.append(namespace_tree(site, src, page, short=True, seen=seen))
            out.append(close_tag("li"))
        out.append(close_tag("ul"))
    out.append(close_tag("div"))
    return "\n\n".join(out)


MIN_GROUP = 30
"""The fewest entries a heading of All pages stands over: neighbouring initials with
fewer share one heading ("Q–R", "习–健"), Latin ones apart from others."""


def _initial(name: str) -> str:
    """A name's heading initial: its first letter (upper case), ``#`` for a digit or sign."""
    first = name[:1].upper()
    return first if first.isalpha() else "#"


def letter_groups(items: list[T], name: Callable[[T], str]) -> list[tuple[str, str, list[T]]]:
    """``items`` (in order) under headings by initial: (heading, anchor, items). Initials
    with fewer than :data:`MIN_GROUP` items are grouped with their neighbours, so a graph
    of CJK names (an initial per page) gets a few headings, not one per page."""
    by_initial: dict[str, list[T]] = defaultdict(list)
    for item in items:
        by_initial[_initial(name(item))].append(item)
    out: list[tuple[str, str, list[T]]] = []
    latin = sorted(i for i in by_initial if i.isascii())
    for run in (latin, sorted(i for i in by_initial if not i.isascii())):  # (no "Z–习")
        buckets: list[tuple[list[str], list[T]]] = []
        initials: list[str] = []
        members: list[T] = []
        for initial in run:
            initials.append(initial)
            members.extend(by_initial[initial])
            if len(members) >= MIN_GROUP:
                buckets.append((initials, members))
                initials, members = [], []
        if members:  # a small tail joins the group before it
            if buckets:
                last_initials, last_members = buckets.pop()
                initials, members = last_initials + initials, last_members + members
            buckets.append((initials, members))
        out.extend(_group(bucket, found) for bucket, found in buckets)
    return out


def _group(initials: list[str], members: list[T]) -> tuple[str, str, list[T]]:
    first, last = initials[0], initials[-1]
    heading = first if first == last else f"{first}–{last}"
    ident = "other" if first == "#" else first.lower() if first.isascii() else f"u{ord(first):x}"
    return heading, f"letter-{ident}", members


def _letter_bar(groups: list[tuple[str, str, list[T]]]) -> str:
    """Links to every letter heading, in one line (All pages has no table of contents)."""
    links = " ".join(f"[{escape(heading)}](#{ident})" for heading, ident, _ in groups)
    return "\n\n".join([open_tag("div", classes="lsq-letters"), links, close_tag("div")])


def journals_index(site: Site, src: str, outline: OutlineRenderer) -> str:
    journals = sorted(  # (a journal that holds nothing is left out, as in Logseq)
        (
            p
            for p in site.graph.pages.values()
            if site.is_published(p)
            and p.is_journal
            and p.file
            and not is_blank(p, site.graph.config)
        ),
        key=lambda p: p.journal_day or dt.date.min,
        reverse=True,
    )
    label = site.options.labels
    out = [f"# {escape(label('journals'))}"]
    if not journals:
        out.append(escape(label("no_journals")))
    limit = site.options.journals_with_content
    for page in journals[:limit]:
        out.append(
            f"## [{escape(display_title(page))}](<{site.link(src, page)}>) "
            f"{{ #{page.journal_day} }}"
        )
        body = outline.page_body(page)
        if body:
            out.append(body)
    if len(journals) > limit:
        out.append(f"## {escape(label('older_journals'))} {{ #older-journals }}")
        out.append(link_list(site, src, journals[limit:]))
    return "\n\n".join(out)
