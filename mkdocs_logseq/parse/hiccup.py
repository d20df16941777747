"""Logseq hiccup (``[:div {:class "x"} "text" [:b "y"]]``) -> HTML, via the EDN reader."""

from __future__ import annotations

import html
import re
from typing import Any

import edn_format
from edn_format.immutable_list import ImmutableList

_TAG = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*")
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area"}
_SEQ = (list, tuple, ImmutableList)
_UNSAFE = {"script", "style", "iframe", "object", "embed", "form"}


def _css(value: Any) -> str:
    if hasattr(value, "items"):
        return "; ".join(f"{_name(k)}: {_name(v)}" for k, v in value.items())
    return str(value)


def _name(value: Any) -> str:
    if isinstance(value, (edn_format.Keyword, edn_format.Symbol)):
        return str(value.name)
    return str(value)


def _render(node: Any) -> str:
    if isinstance(node, _SEQ) and node and isinstance(node[0], edn_format.Keyword):
        spec = node[0].name
        match = _TAG.match(spec)
        tag = match.group(0).lower() if match else "span"
        if tag in _UNSAFE:
            tag = "span"
        classes = re.findall(r"\.([\w-]+)", spec)
        ident = re.search(r"#([\w-]+)", spec)
        rest = list(node[1:])
        attrs: dict[str, str] = {}
        if rest and hasattr(rest[0], "items"):
            for key, value in rest.pop(0).items():
                name = _name(key)
                if name.startswith("on"):
                    continue
                attrs[name] = (
                    _css(value)
                    if name == "style"
                    else (
                        " ".join(_name(v) for v in value)
                        if isinstance(value, _SEQ)
                        else _name(value)
                    )
                )
        if classes:
            attrs["class"] = " ".join([*classes, attrs.get("class", "")]).strip()
        if ident:
            attrs.setdefault("id", ident.group(1))
        attr_text = "".join(
            f' {k}="{html.escape(v)}"'
            for k, v in attrs.items()
            if not (k in ("href", "src") and v.strip().lower().startswith("javascript:"))
        )
        if tag in _VOID:
            return f"<{tag}{attr_text}>"
        return f"<{tag}{attr_text}>{''.join(_render(c) for c in rest)}</{tag}>"
    if isinstance(node, _SEQ):
        return "".join(_render(c) for c in node)
    if node is None:
        return ""
    return html.escape(_name(node))


def hiccup_to_html(text: str) -> str | None:
    """HTML for a hiccup vector, or None when ``text`` is not one."""
    if not text.startswith("[:"):
        return None
    try:
        node = edn_format.loads(text)
    except Exception:  # not hiccup after all: the caller keeps the text
        return None
    if not (isinstance(node, _SEQ) and node and isinstance(node[0], edn_format.Keyword)):
        return None
    return _render(node)
