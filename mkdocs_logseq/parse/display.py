"""How page names are shown (LOGSEQ_FORMAT §3.6: PDF highlight pages)."""

from __future__ import annotations

import re

from ..model import Page

NESTED_REF = re.compile(r"\[\[([^\[\]]+)\]\]")
"""A page reference inside a page name (``[[Foo]]bar``): Logseq shows the name as markup."""


def page_title(page: Page) -> str:
    """The title shown for ``page`` as plain text: ``hls__my_paper_1666165908432_0`` ->
    ``my paper``; ``[[Foo]]bar`` -> ``Foobar``."""
    name = page.name
    if name.lower().startswith("hls__"):
        stem = re.sub(r"(_\d{13}_\d+|__-?\d+)$", "", name[5:])
        return stem.replace("_", " ").strip() or name
    if "[[" in name:
        return NESTED_REF.sub(r"\1", name)
    return name
