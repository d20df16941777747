"""MkDocs hook of a mkdocs-logseq export (``hooks:`` in its ``mkdocs.yml``).

The exported pages are finished HTML whose links are written relative to the page's source
file, as Zensical reads links in raw HTML. MkDocs leaves raw HTML alone, so this hook
rebases those links the way Zensical does: a link to a ``.md`` file goes to that page's
URL, any other relative path is made relative to the page's URL. (It stands alone, so that
the export builds where mkdocs-logseq is not installed; ``mkdocs_logseq.export`` writes
the links it reads.)"""

from __future__ import annotations

import posixpath
import re
from typing import Any
from urllib.parse import quote, unquote, urlsplit

URL_ATTR = re.compile(r'(\s(?:href|src))="([^"#][^"]*)"')


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    """Rebase every relative ``href``/``src`` of the page from its source file to its URL."""
    source_dir = posixpath.dirname(page.file.src_uri)
    url = page.file.url
    page_dir = url if url.endswith("/") or not url else posixpath.dirname(url)

    def fix(match: re.Match[str]) -> str:
        attribute, value = match.groups()
        parts = urlsplit(value.replace("&amp;", "&"))
        if parts.scheme or parts.netloc or value.startswith("/") or not parts.path:
            return match.group(0)
        target = posixpath.normpath(posixpath.join(source_dir, unquote(parts.path)))
        file = files.get_file_from_path(target)
        if file is not None:
            new = file.url_relative_to(page.file)
        else:
            new = quote(posixpath.relpath(target, page_dir or "."), safe="/%:@!$'()*+,;=-._~")
            if parts.path.endswith("/") and not new.endswith("/"):
                new += "/"
        if parts.query:
            new += "?" + parts.query
        if parts.fragment:
            new += "#" + parts.fragment
        return f'{attribute}="{new.replace("&", "&amp;")}"'

    return URL_ATTR.sub(fix, html)
