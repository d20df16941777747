"""Logseq page-name rules (LOGSEQ_FORMAT §1.2-1.4): file name decoding, lookup keys, namespaces."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote

NONCHARACTERS = re.compile("[\ufdd0-\ufdef]")
"""Code points Unicode reserves for a program's internal use, never text (the renderer's
markers are some of them): removed from what the graph says, with a warning."""


def page_key(name: str) -> str:
    """The lookup key of a page name: trimmed, lower-cased, boundary slashes removed, NFC."""
    return unicodedata.normalize("NFC", name.strip().lower().strip("/")).strip()


def clean_name(name: str) -> str:
    """The display form of a page name: trimmed, boundary slashes removed, NFC."""
    return unicodedata.normalize("NFC", name.strip().strip("/").strip())


def _decode_percent(text: str) -> str:
    """URL-decode each valid ``%XX`` run; a ``%`` without two hex digits stays literal."""
    return re.sub(
        r"(?:%[0-9A-Fa-f]{2})+",
        lambda m: unquote(m.group(0)) if _valid_utf8(m.group(0)) else m.group(0),
        text,
    )


def _valid_utf8(escaped: str) -> bool:
    try:
        bytes.fromhex(escaped.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_file_name(body: str, name_format: str) -> str:
    """Turn a file-name body (no extension) into a page name per ``:file/name-format``."""
    if name_format == "triple-lowbar":
        name = _decode_percent(body.replace("___", "/"))
        return "/".join(part for part in name.split("/") if part)
    # :legacy: every "." is a namespace separator, then decodeURIComponent.
    name = body.replace(".", "/")
    try:
        decoded = unquote(name, errors="strict")
    except UnicodeDecodeError:
        decoded = name
    return decoded


def is_namespace(name: str) -> bool:
    """True for ``a/b`` names, but not for relative paths or URLs."""
    if "/" not in name.strip("/"):
        return False
    return not (name.startswith(("./", "../")) or re.match(r"^[a-zA-Z][\w+.-]*://", name))


def namespace_parents(name: str) -> list[str]:
    """The ancestors of a namespaced name, outermost first: ``a/b/c`` -> ``[a, a/b]``."""
    if not is_namespace(name):
        return []
    parts = [p for p in name.split("/") if p.strip()]
    return ["/".join(parts[:i]) for i in range(1, len(parts))]
