"""Logseq hiccup (``[:div {:class "x"} "text" [:b "y"]]``) -> HTML, via the EDN reader."""

from __future__ import annotations

import datetime as dt
import html
import math
import re
import uuid
from decimal import Decimal
from fractions import Fraction
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
    return _name(value)


def _name(value: Any) -> str:
    """hiccups' ``as-str``: a keyword or symbol by its name, anything else as ClojureScript's
    ``str`` shows it (``nil`` as nothing, a set as ``#{"x"}``)."""
    if isinstance(value, (edn_format.Keyword, edn_format.Symbol)):
        return str(value.name).rsplit("/", 1)[-1] if str(value.name) != "/" else "/"
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, edn_format.Char):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    return _pr_str(value)


def _number(value: float | int | Decimal | Fraction) -> str:
    """A number as JavaScript prints it (ClojureScript reads ``1.5M`` and ``1/2`` as
    JavaScript numbers too)."""
    if isinstance(value, int):
        return str(value)
    number = float(value)
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number.is_integer() and abs(number) < 1e21:
        return str(int(number))
    return repr(number)


def _pr_str(value: Any) -> str:
    """ClojureScript's ``pr-str`` of an EDN value (how ``str`` shows a value inside a
    collection): strings quoted, keywords with their colon, collections with brackets."""
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, edn_format.Keyword):
        return f":{value.name}"
    if isinstance(value, edn_format.Symbol):
        return str(value.name)
    if isinstance(value, edn_format.Char):
        return f"\\{value}"
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal, Fraction)):
        return _number(value)
    if isinstance(value, uuid.UUID):
        return f'#uuid "{value}"'
    return _pr_collection(value)


def _pr_collection(value: Any) -> str:
    """``pr-str`` of an ``#inst``, a vector, list, set or map (their items by
    :func:`_pr_str`), or of any other value: its text."""
    if isinstance(value, dt.datetime):
        stamp = value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3]
        return f'#inst "{stamp}-00:00"'
    if isinstance(value, ImmutableList):
        return "[" + " ".join(_pr_str(v) for v in value) + "]"
    if isinstance(value, (list, tuple)):
        return "(" + " ".join(_pr_str(v) for v in value) + ")"
    if isinstance(value, (set, frozenset)):
        return "#{" + " ".join(sorted(_pr_str(v) for v in value)) + "}"
    if hasattr(value, "items"):
        return "{" + ", ".join(f"{_pr_str(k)} {_pr_str(v)}" for k, v in value.items()) + "}"
    return str(value)


def _is_element(node: Any) -> bool:
    """A hiccup element: a vector whose first item names a tag (hiccups'
    ``normalize-element`` takes a keyword, a symbol or a string)."""
    return (
        isinstance(node, _SEQ)
        and bool(node)
        and isinstance(node[0], (edn_format.Keyword, edn_format.Symbol, str))
    )


def _attribute(name: str, value: Any) -> str | None:
    """An attribute's value as hiccups writes it; None when it is left out (``false``,
    ``nil``). ``true`` repeats the name; a style map becomes CSS."""
    if value is None or value is False:
        return None
    if value is True:
        return name
    if name == "style":
        return _css(value)
    if isinstance(value, _SEQ):
        return " ".join(_name(v) for v in value)
    return _name(value)


def _render(node: Any) -> str:
    """The HTML of a hiccup node: an element, the items of a sequence, or text."""
    if _is_element(node) and not isinstance(node, tuple):
        return _element(node)
    if isinstance(node, _SEQ):  # a list, or a vector that names no tag: its items
        return "".join(_render(c) for c in node)
    return html.escape(_name(node))


def _element(node: Any) -> str:
    """An element ``[:tag.class#id {attributes} children…]``; a tag that could run
    script becomes ``span``."""
    spec = _name(node[0])
    match = _TAG.match(spec)
    tag = match.group(0).lower() if match else "span"
    if tag in _UNSAFE:
        tag = "span"
    rest = list(node[1:])
    given = rest.pop(0) if rest and hasattr(rest[0], "items") else {}
    attrs = _element_attributes(spec, given)
    attr_text = "".join(
        f' {k}="{html.escape(v)}"'
        for k, v in attrs.items()
        if not (k in ("href", "src") and v.strip().lower().startswith("javascript:"))
    )
    if tag in _VOID:
        return f"<{tag}{attr_text}>"
    return f"<{tag}{attr_text}>{''.join(_render(c) for c in rest)}</{tag}>"


def _element_attributes(spec: str, given: Any) -> dict[str, str]:
    """An element's attributes: those of its map (event handlers and ``false``/``nil``
    ones left out), then the classes and id its tag names (``:div.a.b#c``)."""
    attrs: dict[str, str] = {}
    for key, value in given.items():
        name = _name(key)
        shown = _attribute(name, value)
        if name.startswith("on") or shown is None:
            continue
        attrs[name] = shown
    classes = re.findall(r"\.([\w-]+)", spec)
    if classes:
        attrs["class"] = " ".join([*classes, attrs.get("class", "")]).strip()
    ident = re.search(r"#([\w-]+)", spec)
    if ident:
        attrs.setdefault("id", ident.group(1))
    return attrs


MAX_DEPTH = 64
"""Hiccup nested deeper than this is left as text (reader and renderer recurse)."""


def _too_deep(text: str) -> bool:
    """Whether ``text`` nests brackets (of any kind) deeper than :data:`MAX_DEPTH`."""
    if text.count("[") + text.count("{") + text.count("(") <= MAX_DEPTH:
        return False
    depth = 0
    for char in text:
        if char in "[{(":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]})":
            depth -= 1
    return False


def hiccup_to_html(text: str) -> str | None:
    """HTML for a hiccup vector, or None when ``text`` is not one (or nests too deep)."""
    if not text.startswith("[:") or _too_deep(text):
        return None
    try:
        node = edn_format.loads(text)
    except Exception:  # not hiccup after all: the caller keeps the text
        return None
    if not (isinstance(node, _SEQ) and node and isinstance(node[0], edn_format.Keyword)):
        return None
    return _render(node)
