"""The plugin's options in ``mkdocs.yml`` (``plugins: - logseq: …``)."""

from __future__ import annotations

import string

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .render.labels import KEYS, LANGUAGES


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


class LabelsOption(c.DictOfItems[str]):
    """``labels:``: replacements for the plugin's words, checked against the known keys and
    the ``{placeholders}`` each may use."""

    def __init__(self) -> None:
        super().__init__(c.Type(str), default={})

    def run_validation(self, value: object) -> dict[str, str]:
        labels = super().run_validation(value)
        unknown = sorted(set(labels) - KEYS)
        if unknown:
            raise ValidationError(
                f"unknown label {', '.join(unknown)}; the labels are {', '.join(sorted(KEYS))}"
            )
        for key, text in labels.items():
            try:
                extra = _placeholders(text) - _placeholders(LANGUAGES["en"][key])
            except ValueError as error:
                raise ValidationError(f"label {key}: {error} in {text!r}") from error
            if extra:
                allowed = ", ".join(sorted(_placeholders(LANGUAGES["en"][key]))) or "none"
                raise ValidationError(
                    f"label {key} uses {{{', '.join(sorted(extra))}}}; it may use: {allowed}"
                )
        return labels


class LogseqConfig(base.Config):
    """Options of the ``logseq`` plugin; see the README's configuration reference."""

    publish = c.Choice(("auto", "all", "public"), default="auto")
    """auto: follow config.edn ``:publishing/all-pages-public?``; all: every page except
    ``public:: false``; public: only ``public:: true`` pages."""
    outline = c.Choice(("list", "paragraphs"), default="list")
    """list: blocks as nested lists; paragraphs: top-level blocks as paragraphs."""
    show_brackets = c.Type(bool, default=False)
    """Draw ``[[ ]]`` around page links (with CSS, so the brackets are not text)."""
    properties = c.Choice(("show", "hide"), default="show")
    """Show visible page and block properties as a compact box."""
    missing_pages = c.Choice(("create", "text"), default="create")
    """create: a page for every link target without a file; text: such links become text."""
    copy_assets = c.Choice(("referenced", "all"), default="referenced")
    """Copy only the asset files published pages use, or every file under ``assets/``."""
    nav = c.Choice(("compact", "full"), default="compact")
    """compact: home, All pages, Tags, Journals and config.edn favorites; full: every page."""
    backlinks = c.Type(bool, default=True)
    """End every page with its linked references."""
    embed_depth = c.Type(int, default=3)
    """How deep ``{{embed}}`` may nest before it is cut with a note."""
    journals_in_full = c.Type(int, default=10)
    """How many of the newest journals the Journals page shows in full; older ones as links."""
    math = c.Choice(("katex", "off"), default="katex")
    """katex: pages with math load KaTeX, which the site serves (no other host), to typeset
    it; off: the plugin adds no script (bring your own MathJax or KaTeX)."""
    jobs = c.Type(int, default=0)
    """Processes that render pages (Linux only, at least 150 pages each, never during
    ``mkdocs serve`` rebuilds): 0 = one per CPU; 1 = only the MkDocs process."""
    previews = c.Type(bool, default=True)
    """Hovering or focusing a page link or block reference shows a preview card."""
    graph = c.Type(bool, default=True)
    """A local graph of each page's neighbours in its sidebar, and a global graph page."""
    graph_depth = c.Choice((1, 2), default=1)
    """How many links away a page's local graph reaches."""
    raw_html = c.Choice(("keep", "escape"), default="keep")
    """keep: HTML written in a block passes as Logseq shows it (scripts, ``on…`` handlers
    and ``javascript:`` URLs left out); escape: it is shown as text (for graphs that others
    contribute to)."""
    labels = LabelsOption()
    """Replacements for the words the plugin writes (keys in ``render/labels.py``); the rest
    follow ``theme.language``."""
    home = c.Optional(c.Type(str))
    """The page shown at the site root (default: config.edn ``:default-home``, else All pages)."""
    extra_files = c.ListOfItems(c.Type(str), default=[])
    """Files of the graph besides its pages and assets to publish as they are: patterns
    (as in ``exclude_docs``) of graph-relative paths, e.g. ``CNAME`` or ``downloads/*.zip``."""
    skip_dirs = c.ListOfItems(c.Type(str), default=[])
    """Graph-relative folders left to MkDocs (and other plugins) as they are, not read as
    graph pages (Material's blog folder is added when the blog plugin is on)."""
