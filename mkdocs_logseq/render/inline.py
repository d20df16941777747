"""Inline tokens -> Markdown: links, tags, block refs, assets and inline macros."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..model import BlockRef, Inline, Link, Macro, Opaque, Page, PageRef
from ..parse.files import is_page_file
from .assets import (
    AUDIO,
    IMAGE,
    VIDEO,
    download_html,
    extension,
    missing_html,
    pdf_viewer_html,
    resolve_asset,
)
from .context import Site, plain_text
from .escape import (
    clean_html,
    html_text,
    markdown_text,
    other_scheme,
    quote_url,
    refused,
    scheme_of,
)
from .media import embed_url, video_html

if TYPE_CHECKING:
    from .outline import OutlineRenderer

SILENT_MACROS = {"cards", "query-table", "toc"}


def image_html(
    url: str,
    alt: str,
    width: str | None = None,
    height: str | None = None,
    title: str | None = None,
) -> str:
    size = (f' width="{html_text(width)}"' if width else "") + (
        f' height="{html_text(height)}"' if height else ""
    )
    tip = f' title="{html_text(title)}"' if title else ""
    src = html_text(quote_url(url))
    return f'<img src="{src}" alt="{html_text(alt)}"{tip}{size} loading="lazy">'


_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")


def as_text(text: str) -> str:
    """Text of a line as Markdown, where a ``<`` that would start an HTML tag is a ``<``:
    the tags mldoc reads as HTML are :class:`Opaque` tokens, so one left in text (an
    unknown ``<line>``) is text in Logseq."""
    return _TAG_START.sub("&lt;", text) if "<" in text else text


escape = markdown_text
"""Text as Markdown that shows it as written (see :mod:`.escape`)."""


class InlineRenderer:
    """Renders the tokens of one line for the page at ``src`` (links are relative to it)."""

    def __init__(
        self,
        site: Site,
        src: str,
        source: Page | None,
        outline: OutlineRenderer,
        file: str,
        line: int = 0,
    ) -> None:
        self.site = site
        self.src = src
        self.source = source
        self.outline = outline
        self.file = file
        self.line = line
        self.md_links = False
        self.after: list[str] = []
        """Block-level Markdown (embeds, viewers, TOCs) to place after the current paragraph."""

    def warn(self, message: str) -> None:
        self.site.diagnostics.warn(message, self.file, self.line)

    def render(self, tokens: list[Inline], line: int | None = None) -> str:
        if line is not None:
            self.line = line
        if len(tokens) == 1 and isinstance(tokens[0], str):
            return as_text(tokens[0])  # the common case: a line of text
        out = []
        for t in tokens:
            out.append(as_text(t) if isinstance(t, str) else self.token(t))
        return "".join(out)

    def token(self, token: Inline) -> str:
        if isinstance(token, str):
            return token
        if isinstance(token, Opaque):
            return token.text
        if isinstance(token, PageRef):
            return self.page_ref(token)
        if isinstance(token, BlockRef):
            return self.block_ref(token)
        if isinstance(token, Link):
            return self.link(token)
        if isinstance(token, Macro):
            return self.macro(token)
        return self.author_html(token.html, token.raw)

    def author_html(self, source: str, raw: str = "") -> str:
        """HTML the author wrote: cleaned (:func:`.escape.clean_html`, with a warning for
        what was left out), or with ``raw_html: escape`` shown as text (``raw``: how it
        was written, if not as HTML)."""
        if self.site.options.raw_html == "escape":
            return escape(raw or source)
        cleaned, removed = clean_html(source)
        if removed:
            self.warn(f"raw HTML: left out {', '.join(dict.fromkeys(removed))}")
        return cleaned

    # -- references ---------------------------------------------------------------------------

    def page_text(self, ref: PageRef, page: Page | None) -> str:
        if ref.kind in ("label", "mdlink") and ref.label is not None:
            return self.render(self.outline.label_parser.parse(ref.label))
        if ref.kind == "tag":
            name = ref.target
            return "\\#" + escape(name)
        name = ref.target
        if page is not None and name == name.lower() and page.name.lower() == name.lower():
            name = page.name
        return escape(name)

    def page_ref(self, ref: PageRef) -> str:
        page = self.site.page_of(ref.target)
        text = self.page_text(ref, page)
        if page is None:
            if ref.kind == "tag":
                return f'<span class="lsq-tag lsq-unlinked">{html.escape("#" + ref.target)}</span>'
            return text
        css = (
            "lsq-tag"
            if ref.kind == "tag"
            else ("lsq-brackets" if self.site.options.show_brackets and ref.kind == "ref" else "")
        )
        return self.page_link(page, text, None, css)

    def page_link(self, page: Page, text: str, anchor: str | None = None, css: str = "") -> str:
        """A link to ``page``: Markdown syntax in headings (their text feeds the TOC),
        a marker link elsewhere."""
        if self.md_links:  # in a heading: plain HTML, whose text the TOC can read
            cls = f' class="{css}"' if css else ""
            href = html_text(self.site.href(self.src, page, anchor))
            return f'<a href="{href}"{cls}>{text}</a>'
        return self.site.a(self.src, page, text, anchor, css)

    def block_ref(self, ref: BlockRef) -> str:
        block = self.site.graph.blocks.get(ref.uuid)
        if block is None:
            self.warn(f"block reference (({ref.uuid})) points to no block")
            label = escape(ref.label or self.site.options.labels("missing_block"))
            return f'<span class="lsq-missing-ref" title="{ref.uuid}">{label}</span>'
        if not self.site.is_published(block.page):
            return escape(ref.label) if ref.label else ""
        anchor = self.site.anchor(block)
        if ref.label is not None:
            text = self.render(self.outline.label_parser.parse(ref.label))
        else:
            text = plain_text(block.title, self.site.graph, escape=escape) or escape(
                block.page.name
            )  # (Markdown: code spans and math in it render)
            hl_page = block.properties.get("hl-page")
            if hl_page:
                text = f"P{escape(hl_page)} {text}"
            if block.properties.get("hl-type") == "area":
                image = self.outline.area_image(block, self.src)
                if image:
                    return self.page_link(block.page, image, anchor, "lsq-block-ref")
        return self.page_link(block.page, text, anchor, "lsq-block-ref")

    # -- links and assets ------------------------------------------------------------------------

    def link(self, link: Link) -> str:
        dest = link.dest
        if link.label == dest:  # an autolink: the URL as written
            label_md = escape(dest)
        else:
            tokens = self.outline.label_parser.parse(link.label) if link.label else []
            label_md = self.render(tokens)
        if scheme_of(dest) is not None or dest.startswith("#"):
            url = self.url(dest, link.image)
            if url is None:
                return label_md or escape(dest)
            if link.image:
                return image_html(url, link.label, link.width, link.height, link.title)
            return f'<a href="{html_text(quote_url(url))}">{label_md or escape(dest)}</a>'
        if not link.image and "." not in dest.rsplit("/", 1)[-1] and "/" not in dest:
            page = self.site.page_of(dest)  # [label](Some Page): a page link, not a reference
            if page is not None:
                return self.page_link(page, label_md)
            return label_md or escape(dest)
        return self.asset(link, label_md)

    def url(self, url: str, image: bool = False) -> str | None:
        """``url`` if it may be written (:func:`.escape.refused`); else None, with a
        warning. A scheme other than http(s) and mailto is noted for the build's summary."""
        url = url.strip()
        why = refused(url, image)
        if why is not None:
            self.warn(f"{why} left out, shown as text: {url}")
            return None
        scheme = other_scheme(url)
        if scheme is not None:
            where = f"{self.file}:{self.line}" if self.line else self.file
            self.site.schemes.setdefault(scheme, where)
        return url

    def _size(self, link: Link) -> str:
        attrs = []
        if link.width:
            attrs.append(f'width="{link.width}"')
        if link.height:
            attrs.append(f'height="{link.height}"')
        return "{ " + " ".join(attrs) + " }" if attrs else ""

    def asset(self, link: Link, label_md: str) -> str:
        """A link to a file of the graph: a page file links to its page, an asset is shown
        or linked (:meth:`_asset_html`, the file is copied to the site), a file that is
        missing or may not be published is a note (warned)."""
        source_file = self.source.file if self.source else None
        rel, problem = resolve_asset(self.site.graph.files, source_file, link.dest)
        label = link.label or link.dest.rsplit("/", 1)[-1]
        if problem is not None or rel is None:
            self.warn(problem or "asset not found")
            note = self.site.options.labels("file_not_available", name=label)
            return missing_html(note, problem or "")
        if is_page_file(rel):
            return self._page_file_link(rel, label_md, label)
        self.site.assets.add(rel)
        return self._asset_html(link, rel, label)

    def _page_file_link(self, rel: str, label_md: str, label: str) -> str:
        """A link to the page of page file ``rel`` (its text: ``label_md`` or the page's
        name); of a page that is not published, just the text (``label_md`` or ``label``)."""
        page = next((p for p in self.site.graph.pages.values() if p.file == rel), None)
        if page is not None and self.site.is_published(page):
            return self.page_link(page, label_md or escape(page.name))
        return label_md or escape(label)

    def _asset_html(self, link: Link, rel: str, label: str) -> str:
        """The HTML of asset ``rel``: an image, audio or video player for ``![](…)`` (an
        image link for ``[](…)`` to an image), else a download link with the file's size; a
        PDF shown with ``![](…)`` gets a viewer after the paragraph too."""
        url = self.site.asset_url(self.src, rel)
        ext = extension(rel)
        if ext in IMAGE:
            if not link.image:
                return f'<a href="{html.escape(url)}">{html.escape(link.label or label)}</a>'
            return image_html(url, link.label, link.width, link.height)
        if link.image and ext in AUDIO:
            src = html.escape(url)
            return f'<audio class="lsq-audio" controls preload="none" src="{src}"></audio>'
        if link.image and ext in VIDEO:
            src = html.escape(url)
            return f'<video class="lsq-video" controls preload="metadata" src="{src}"></video>'
        if link.image and ext == "pdf":
            self.after.append(pdf_viewer_html(url, label))
        size = (self.site.graph.root / rel).stat().st_size
        return download_html(url, label, ext, size)

    # -- macros ------------------------------------------------------------------------------------

    def macro(self, macro: Macro) -> str:
        handler: Callable[[Macro], str] | None = getattr(
            self, "macro_" + macro.name.replace("-", "_"), None
        )
        if handler is not None:
            return handler(macro)
        user = self.site.graph.config.macros.get(macro.name)
        if user is not None:
            return self.user_macro(macro, user)
        if macro.name in SILENT_MACROS:
            return ""
        self.warn(f"unsupported macro {{{{{macro.name}}}}} left out")
        return ""

    def user_macro(self, macro: Macro, template: str) -> str:
        text = template
        for index, arg in enumerate(macro.args, start=1):
            text = text.replace(f"${index}", arg)
        text = re.sub(r"\$\d+", "", text)
        if self.outline.macro_depth > 5:
            self.warn(f"macro {{{{{macro.name}}}}} expands into itself; expansion stopped")
            return ""
        self.outline.macro_depth += 1
        try:
            tokens = self.outline.inline_parser.parse(text)
            return self.render(tokens)
        finally:
            self.outline.macro_depth -= 1

    def macro_embed(self, macro: Macro) -> str:
        self.after.append(self.outline.embed(macro, self))
        return ""

    def macro_renderer(self, macro: Macro) -> str:
        kind = macro.args[0].strip() if macro.args else ""
        if kind in (":tocgen2", ":tocgen"):
            self.after.append(self.outline.tocgen(macro, self))
            return ""
        self.warn(f"renderer {kind or '(empty)'} is a Logseq plugin the site cannot run; left out")
        return ""

    def macro_namespace(self, macro: Macro) -> str:
        self.after.append(self.outline.namespace_tree(macro, self))
        return ""

    def macro_query(self, macro: Macro) -> str:
        self.after.append(self.outline.query(macro, self))
        return ""

    def _video(self, macro: Macro) -> str:
        url = macro.args[0].strip() if macro.args else ""
        if not url:
            self.warn(f"{{{{{macro.name}}}}} without a URL left out")
            return ""
        checked = self.url(url)
        if checked is None:
            return escape(url)
        if scheme_of(embed_url(checked)) not in ("http", "https"):
            self.warn(f"{{{{{macro.name}}}}} needs a web address; shown as text: {url}")
            return escape(url)
        self.after.append(video_html(checked, self.site.options.labels("video")))
        return ""

    macro_video = macro_youtube = macro_vimeo = macro_bilibili = _video

    def macro_function(self, macro: Macro) -> str:
        label = self.site.options.labels
        title, text = label("computed_in_logseq_title"), label("computed_in_logseq")
        return f'<span class="lsq-query" title="{html.escape(title)}">{html.escape(text)}</span>'

    def macro_youtube_timestamp(self, macro: Macro) -> str:
        stamp = macro.args[0] if macro.args else ""
        return f'<span class="lsq-timestamp">▶ {html.escape(stamp)}</span>'

    def macro_tweet(self, macro: Macro) -> str:
        url = macro.args[0].strip() if macro.args else ""
        if scheme_of(url) is None:
            url = f"https://twitter.com/i/status/{url}"
        checked = self.url(url)
        if checked is None:
            return escape(url)
        href = html_text(quote_url(checked))
        return f'<a class="lsq-tweet" href="{href}">{escape(checked)}</a>'

    macro_twitter = macro_tweet

    def macro_cloze(self, macro: Macro) -> str:
        text = ", ".join(macro.args)
        answer, _, cue = text.rpartition("\\\\") if "\\\\" in text else (text, "", "")
        cue_html = f' data-cue="{html.escape(cue.strip())}"' if cue.strip() else ""
        return (
            f'<span class="lsq-cloze" tabindex="0"{cue_html}>{html.escape(answer.strip())}</span>'
        )

    def macro_img(self, macro: Macro) -> str:
        url = macro.args[0].strip() if macro.args else ""
        checked = self.url(url, image=True) if url else None
        return image_html(checked, "") if checked else escape(url)

    def macro_zotero_imported_file(self, macro: Macro) -> str:
        if len(macro.args) > 1:
            return escape(macro.args[1])
        return escape(self.site.options.labels("zotero_attachment"))

    macro_zotero_linked_file = macro_zotero_imported_file
