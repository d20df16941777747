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
    """Turn a file-name body (no extension) into a page name per ``:file/name-format``.

    Empty namespace segments are dropped (``a//b`` -> ``a/b``), as Logseq does, except in a
    name that is a URL: ``https%3A______example.com`` is the page ``https://example.com``,
    the name Logseq's own encoder gave that file (Logseq decodes it as
    ``https:/example.com`` and therefore writes a ``title::`` into such files; one without
    it still means the URL)."""
    if name_format == "triple-lowbar":
        name = _decode_percent(body.replace("___", "/"))
        if is_url(name.strip("/")):
            return name.strip("/")
        return "/".join(part for part in name.split("/") if part)
    # :legacy: every "." is a namespace separator, then decodeURIComponent.
    name = body.replace(".", "/")
    try:
        decoded = unquote(name, errors="strict")
    except UnicodeDecodeError:
        decoded = name
    return decoded


_SPECIAL_SCHEME = re.compile(r"(?i)(https?|wss?|ftp):")
_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_NESTED_REF = re.compile(r"\[\[[^\[\]]+\]\]")


def is_url(name: str) -> bool:
    """Logseq's ``url?``: ``new URL(name)`` succeeds and has an origin, i.e. an http(s),
    ws(s) or ftp URL with a valid host (``https:/x.com`` is one; ``Book: A/B``, whose
    origin is opaque, is not). The WHATWG host rules are followed as far as page names
    need them."""
    scheme = _SPECIAL_SCHEME.match(name.strip())
    if scheme is None:
        return False
    rest = name.strip()[scheme.end() :].replace("\t", "").replace("\n", "").lstrip("/\\")
    authority = re.split(r"[/\\?#]", rest, maxsplit=1)[0]
    host = authority.rsplit("@", 1)[-1]
    if host.startswith("["):
        return re.fullmatch(r"\[[0-9A-Fa-f:.]+\](?::\d*)?", host) is not None
    host, _, port = host.partition(":")
    if port and not (port.isdigit() and int(port) <= 65535):
        return False
    return _valid_host(host)


def _valid_host(host: str) -> bool:
    """Whether ``host`` (no port, not in brackets) is a valid WHATWG host: not empty, no
    forbidden character, and an IPv4 address if its last label is a number."""
    if not host or _FORBIDDEN_HOST.search(host):
        return False
    last = host.rstrip(".").rsplit(".", 1)[-1]
    if re.fullmatch(r"\d+|0[xX][0-9A-Fa-f]*", last):  # ends in a number: must be IPv4
        parts = host.rstrip(".").split(".")
        return len(parts) <= 4 and all(re.fullmatch(r"\d+|0[xX][0-9A-Fa-f]*", p) for p in parts)
    return True


def is_namespace(name: str) -> bool:
    """True for ``a/b`` names, but not for relative paths, URLs (:func:`is_url`) or names
    holding a page reference (``[[Foo]]bar/baz``), as Logseq's ``page-name->map``."""
    if "/" not in name.strip("/"):
        return False
    return not (
        name.startswith(("./", "../")) or _NESTED_REF.search(name) is not None or is_url(name)
    )


def namespace_parents(name: str) -> list[str]:
    """The ancestors of a namespaced name, outermost first: ``a/b/c`` -> ``[a, a/b]``."""
    if not is_namespace(name):
        return []
    parts = [p for p in name.split("/") if p.strip()]
    return ["/".join(parts[:i]) for i in range(1, len(parts))]
