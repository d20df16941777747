"""The one escaping rule and the one URL check (``render/escape.py``, issue 9)."""

from __future__ import annotations

import markdown
import pytest

from mkdocs_logseq.render.escape import (
    clean_html,
    markdown_href,
    markdown_text,
    other_scheme,
    quote_url,
    refused,
    scheme_of,
    theme_meta,
    theme_nav,
    theme_text,
)

NAMES = [
    "Vec<T>",
    "Option<String>",
    "a & b",
    '"quoted"',
    "it's",
    "a=b",
    "x~y",
    "AT&amp;T",
    "*star* _under_ `tick` \\back $x$ ==m== ~~d~~ ^^h^^ {x} [y] #z |p| !q",
    "<img src=x onerror=alert(1)>",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize(
    "extensions",
    [["attr_list", "tables"], ["attr_list", "tables", "pymdownx.tilde", "pymdownx.mark"]],
)
def test_markdown_text_shows_as_written(name: str, extensions: list[str]) -> None:
    """With or without the extensions that make ``~`` and ``=`` syntax."""
    import html

    out = markdown.markdown(markdown_text(name), extensions=extensions)
    assert out.startswith("<p>") and out.endswith("</p>")
    assert html.unescape(out[3:-4]) == name
    assert "<" not in out[3:-4]


def test_theme_text_and_meta_escape_once() -> None:
    assert theme_text('Vec<T> & "q" it\'s') == "Vec&lt;T&gt; &amp; &quot;q&quot; it&#x27;s"
    meta = theme_meta(
        {"title": "<b>", "description": '"><script>', "tags": ["a<b"], "date": "2024-01-05"}
    )
    assert meta == {
        "title": "&lt;b&gt;",
        "description": "&quot;&gt;&lt;script&gt;",
        "tags": ["a&lt;b"],
        "date": "2024-01-05",
    }
    assert theme_nav([{"Vec<T>": "vect.md"}]) == [{"Vec&lt;T&gt;": "vect.md"}]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " \t\x01javascript:alert(1)",
        "java\tscript:alert(1)",
        "java\nscript:x",
        "java&#x73;cript:x",
        "&#106;avascript:x",
        "javascript&colon;x",
        "vbscript:x",
        "VBScript:x",
        "data:text/html,<script>x</script>",
        "data:image/svg+xml,<svg onload=x>",
        "DATA:text/html;base64,PHNjcmlwdD4=",
        "data:,x",
    ],
)
def test_script_urls_are_refused(url: str) -> None:
    assert refused(url) is not None
    assert refused(url, image=True) is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/javascript:x",
        "/javascript:x",
        "%6aavascript:x",
        "#javascript:x",
        "data:image/png;base64,iVBORw0KGgo=",
        "zotero://select/items/ABC",
        "mailto:a@b.c",
        "../assets/a.png",
    ],
)
def test_other_urls_are_written(url: str) -> None:
    assert refused(url) is None


def test_schemes_as_a_browser_reads_them() -> None:
    assert scheme_of("%6aavascript:x") is None  # a percent sign is no scheme letter
    assert scheme_of("  HTTPS://x") == "https"
    assert other_scheme("https://x") is None and other_scheme("mailto:a") is None
    assert other_scheme("zotero://x") == "zotero" and other_scheme("file:///x") == "file"
    assert other_scheme("../a.png") is None


def test_urls_in_attributes_and_markdown() -> None:
    assert quote_url('https://x.com/a"b <c>') == "https://x.com/a%22b%20%3Cc%3E"
    assert quote_url("https://例え.jp/ä?q=1&r=2") == "https://例え.jp/ä?q=1&r=2"
    href = markdown_href("../star-_under_-x/?a=1&b=2")
    assert "_" not in href and "&b" not in href and "&amp;b" in href


def test_clean_html_keeps_presentation_and_drops_what_runs() -> None:
    assert clean_html('<b class="x" onclick="alert(1)">') == ('<b class="x">', ["onclick="])
    assert clean_html('<a href="JaVaScRiPt:x" title="t">') == ('<a title="t">', ["href="])
    assert clean_html("<script>alert(1)</script>after") == ("after", ["<script>"])
    assert clean_html("<span lsqpwn data-x=\"1\" aria-label='l'>") == (
        '<span data-x="1" aria-label="l">',
        [],
    )
    assert clean_html('<img src="data:image/png;base64,AA" alt="&quot;">')[0] == (
        '<img src="data:image/png;base64,AA" alt="&quot;">'
    )
