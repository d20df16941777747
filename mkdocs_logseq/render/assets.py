"""Files a page links to: images, PDFs (viewer + download), audio, video, other downloads."""

from __future__ import annotations

import html
import posixpath
from urllib.parse import unquote

from ..parse.files import GraphFiles, is_page_file

IMAGE = {"png", "jpg", "jpeg", "bmp", "gif", "webp", "svg", "heic", "avif", "ico"}
AUDIO = {"mp3", "ogg", "mpeg", "wav", "m4a", "flac", "wma", "aac", "opus"}
VIDEO = {"mp4", "webm", "mov", "flv", "avi", "mkv", "m4v"}


def extension(path: str) -> str:
    name = posixpath.basename(path.split("?")[0].split("#")[0])
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def resolve_asset(
    files: GraphFiles, page_file: str | None, dest: str
) -> tuple[str | None, str | None]:
    """(graph-relative path, problem). ``dest`` is relative to the page file's folder. A
    file that may not be published (see :meth:`.GraphFiles.publish_problem`) is a problem,
    except a page file, which the caller may link as a page."""
    dest = unquote(dest.split("#")[0].split("?")[0])
    if dest.startswith("file://"):
        return None, "links to a file outside the graph (file://)"
    base = posixpath.dirname(page_file or "pages/x.md")
    if dest.startswith("/"):
        rel = posixpath.normpath(dest.lstrip("/"))
    else:
        rel = posixpath.normpath(posixpath.join(base, dest))
    if rel.startswith("../") or rel == "..":
        return None, f"path '{dest}' leaves the graph folder"
    if not (files.root / rel).is_file():
        return rel, f"asset '{dest}' not found"
    problem = files.publish_problem(rel)
    if problem is not None and not is_page_file(rel):
        return rel, f"asset '{dest}' {problem}"
    return rel, None


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def download_html(url: str, label: str, ext: str, size: int | None) -> str:
    kind = ext.upper() or "FILE"
    info = f"{kind}, {human_size(size)}" if size is not None else kind
    return (
        f'<a class="lsq-download" href="{html.escape(url)}" download>'
        f'{html.escape(label)}</a> <span class="lsq-filetype">({info})</span>'
    )


def pdf_viewer_html(url: str, label: str) -> str:
    u, lab = html.escape(url), html.escape(label)
    return (
        f'<div class="lsq-pdf"><object class="lsq-pdf-viewer" data="{u}" '
        f'type="application/pdf" aria-label="{lab}"><p><a href="{u}">{lab}</a></p>'
        f"</object></div>"
    )


def missing_html(note: str, reason: str) -> str:
    """A placeholder where a file is missing: ``note`` shows, ``reason`` on hover."""
    return (
        f'<span class="lsq-missing-asset" title="{html.escape(reason)}">'
        f"⚠ {html.escape(note)}</span>"
    )
