"""Video players for ``{{video}}``, ``{{youtube}}``, ``{{vimeo}}`` and ``{{bilibili}}``."""

from __future__ import annotations

import html
import re

from .escape import quote_url


def embed_url(url: str) -> str:
    """The iframe URL for a video page URL (YouTube, Vimeo, Bilibili), else the URL itself."""
    url = url.strip()
    m = re.search(
        r"(?:youtube(?:-nocookie)?\.com/(?:watch\?v=|embed/|shorts/)|youtu\.be/)"
        r"([\w-]{11})",
        url,
    )
    if m or re.fullmatch(r"[\w-]{11}", url):
        vid = m.group(1) if m else url
        t = re.search(r"[?&]t=(\d+)", url)
        return f"https://www.youtube-nocookie.com/embed/{vid}" + (
            f"?start={t.group(1)}" if t else ""
        )
    m = re.search(r"vimeo\.com/(?:video/)?(\d+)", url)
    if m:
        return f"https://player.vimeo.com/video/{m.group(1)}"
    m = re.search(r"bilibili\.com/video/(BV\w+|av\d+)", url)
    if m:
        return f"https://player.bilibili.com/player.html?bvid={m.group(1)}&autoplay=0"
    return url


def video_html(url: str, title: str = "video") -> str:
    """An iframe player (``title`` names it for screen readers), or a ``<video>`` for a
    direct file URL."""
    src = embed_url(url)
    if re.search(r"\.(mp4|webm|mov|m4v)(\?|$)", src, re.I):
        return (
            f'<video class="lsq-video" controls preload="metadata" '
            f'src="{html.escape(quote_url(src))}"></video>'
        )
    return (
        f'<div class="lsq-video"><iframe src="{html.escape(quote_url(src))}" loading="lazy" '
        f'allowfullscreen title="{html.escape(title)}"></iframe></div>'
    )
