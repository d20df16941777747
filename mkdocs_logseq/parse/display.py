"""How page names are shown (LOGSEQ_FORMAT §3.6: PDF highlight pages)."""

from __future__ import annotations

import re

from ..model import Page


def page_title(page: Page) -> str:
    """The title shown for ``page``: ``hls__my_paper_1666165908432_0`` -> ``my paper``."""
    name = page.name
    if name.lower().startswith("hls__"):
        stem = re.sub(r"(_\d{13}_\d+|__-?\d+)$", "", name[5:])
        return stem.replace("_", " ").strip() or name
    return name
