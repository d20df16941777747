"""The hostile graph of issue 9 (see ``test_judge.py``): its files, what it must show,
what must never reach the site, and its builds (made once per test session)."""

from __future__ import annotations

import os
import shutil
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import Built, mkdocs_build, write_graph
from judge import (
    SOURCE_DATE_EPOCH,
    Site,
    subprocess_build,
)

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
U1, U2, U3, U4, U5 = (f"{d * 8}-{d * 4}-{d * 4}-{d * 4}-{d * 12}" for d in "12345")
LONG_TITLE = ("Long name " * 30).strip()
LONG_LINK = "x" * 300
DEEP_NS = "/".join(["deep"] * 12)
EVIL = 'evil { #pwn .lsqcls lsqpwn="1" }'
IMG = "<img src=x lsqpwn onerror=lsqpwn()>"
SPECIALS = "*star* _under_ `tick` \\back $x$ ==m== ~~d~~ ^^h^^ <T> &amp; a\\=b"
ALIAS = "Al<i lsqpwn>ias"
DESCRIPTION = 'He said "hi" & <b lsqpwn>left</b> "><script>lsqpwn()</script>'

NAMES = [
    "hostile",
    "Vec<T>",
    "Option<String>",
    IMG,
    "a & b",
    '"quoted" it\'s',
    "a=b",
    "x~y",
    "C#",
    "AT&amp;T",
    "javascript:lsqpwn()",
    "日本語/ページ",
    'Vec<T>/child "x"',
    EVIL,
    SPECIALS,
    "Café",
    "bellring",
    LONG_TITLE,
    LONG_LINK,
    DEEP_NS,
    '" lsqpwn="1',
    "<i lsqpwn>",
    "sitemap.xml",
    "404.html",
    "search/search_index.json",
    "assets/images/favicon.png",
    "sitemap.xml.gz",
    "_logseq/logseq.css",
    "404",
    "search",
    "index",
    "tags",
    "all-pages",
    "journals",
    "objects.inv",
    "ns/sub",
    "ns/sub/index",
    "tmux/Window",
    "tmux/Window/Index",
    "Jan 5th, 2024",
    "AliasA",
    "AliasB",
    "cyc/a/b",
    "cyc/a",
    "Emb1",
    "Emb2",
    "Emb3",
    "Deep",
]
"""Every page of the graph whose name must show as written (in the site's own words)."""
REFERRERS = [
    "Vec<T>",
    "Option<String>",
    IMG,
    '"quoted" it\'s',
    "a=b",
    "C#",
    EVIL,
    SPECIALS,
    "日本語/ページ",
    'Vec<T>/child "x"',
    "Café",
    "bellring",
    LONG_TITLE,
    "cyc/a/b",
]
"""Pages that link to ``hostile``: its linked references list them by name."""
FAVORITES = ["Vec<T>", IMG, EVIL, "a=b"]
TAGS = ["Vec<T>", '" lsqpwn="1', "a=b", "C#", "a & b", "<i lsqpwn>"]
WORDS = {
    "hostile": ["hostileword1", "Vec<T> and Option<String> and a & b and 5 < 6 > 4"],
    "Vec<T>": ["vecword"],
    "Option<String>": ["optword"],
    IMG: ["imgword"],
    "C#": ["csharpword"],
    EVIL: ["evilword"],
    SPECIALS: ["specialword"],
    "bellring": ["ctlword"],
    "ns/sub": ["subword"],
    "ns/sub/index": ["indexword"],
    "tmux/Window": ["windowword"],
    "Deep": ["level0", "level299", "level599"],
    "deepmd": ["deepmdword", "deepquoteword", "deepbracketword"],
    "Jan 5th, 2024": ["journalword"],
    "cyc/a/b": ["cycword1"],
    "cyc/a": ["cycword2"],
    "AliasA": ["aliasaword"],
    "AliasB": ["aliasbword"],
    ".dotpage": ["dotfileword"],
}
"""Text that must be on a page (LOGSEQ_FORMAT/RENDERING: every word of a published block)."""
HIDDEN = [
    "zqhidden1",
    "zqhidden2",
    "zqexcluded",
    "zqdraft",
    "zqprivate",
    "zqloose1",
    "zqloose2",
    "zqloose3",
    "zqbak",
    "zqrecycle",
    "zqversion",
    "zqgit",
    "zqwhiteboard",
    "zqdraw",
    "zqdotdir",
    "zqnode",
    "zqoutside1",
    "zqoutside2",
    "zqoutside3",
    "zqoutside4",
    "zqoutside5",
]
"""Marker words of files that must never reach the site."""
UNUSED_ASSET = "zqunusedasset"
"""In ``assets/`` but used by no page: copied only with ``copy_assets: all``."""
WARNED = [
    "pages/socket.md",
    "assets/sock.png",
    "assets/outside.png",
    "assets/outdir",
    "pages/outdir",
    "pages/outpage.md",
    "outlinked",
    "pages/ctl.md",
    "pages/latin1.md",
    "pages/nonchar.md",
    "pages/caf",
    "pages/assets-page.md",
    "pages/Emb3.md",
    "pages/Blk.md",
    "pages/ns___sub___index.md",
    "pages/tmux___Window.md",
    "sitemap.xml",
    "404.html",
    "search/search_index.json",
    "assets/images/favicon.png",
    "pages/   .md",
]
"""Where the build changes or leaves something out, a warning names the file (or link)."""
WARNED_URLS = ["pages/scripts.md", "pages/macros.md", "pages/rawhtml.md"]
"""Pages whose script URLs and handlers are left out, each with a warning naming it."""


def outline(*blocks: str) -> str:
    return "".join(f"- {b}\n" for b in blocks)


def hostile_files(outside: Path) -> dict[str, str | bytes]:
    """The hostile graph (graph-relative path -> text or bytes)."""
    files: dict[str, str | bytes] = {
        "pages/hostile.md": (
            f'description:: {DESCRIPTION}\ntags:: Vec<T>, [[" lsqpwn="1]], a=b\n\n'
            + outline(
                "Names: [[Vec<T>]] [[Option<String>]] [[<img src=x lsqpwn onerror=lsqpwn()>]] "
                '[[a & b]] [["quoted" it\'s]] [[a=b]] [[x~y]] [[C#]] [[AT&amp;T]] '
                '[[javascript:lsqpwn()]] [[日本語/ページ]] [[Vec<T>/child "x"]] '
                f"[[{EVIL}]] [[Café]] [[{LONG_LINK}]] [[{DEEP_NS}]]",
                "Tags: #C# #[[a & b]] #[[<i lsqpwn>]]",
                f'Alias: [[{ALIAS}]] [["al" & co]]',
                "Text with Vec<T> and Option<String> and a & b and 5 < 6 > 4 hostileword1",
            )
        ),
        "pages/Vec%3CT%3E.md": "- parent of Vec<T> a=b x~y [[Option<String>]] vecword\n"
        "\t- see [[hostile]]\n",
        "pages/opt.md": "title:: Option<String>\n\n- see [[hostile]] optword\n",
        f"pages/{IMG}.md": "- see [[hostile]] imgword\n",
        "pages/aliased.md": f'alias:: {ALIAS}, "al" & co\n\n- aliasedword\n',
        "pages/quoted.md": 'title:: "quoted" it\'s\n\n- see [[hostile]] quotedword\n',
        "pages/a=b.md": "- see [[hostile]] eqword\n",
        "pages/C%23.md": "- see [[hostile]] csharpword\n",
        "pages/evil.md": f"title:: {EVIL}\n\n- see [[hostile]] evilword\n",
        "pages/specials.md": f"title:: {SPECIALS}\n\n- see [[hostile]] specialword\n",
        "pages/日本語___ページ.md": "- see [[hostile]] nsword\n",
        "pages/Vec%3CT%3E___child %22x%22.md": "- see [[hostile]] childword\n",
        "pages/Cafe\u0301.md": "- see [[hostile]] cafeword\n",
        "pages/ctl.md": "title:: bell\x07ring\n\n- ctl\x01word\x1b here [[hostile]]\n",
        "pages/long.md": f"title:: {LONG_TITLE}\n\n- see [[hostile]] longword\n",
        "pages/   .md": "- spaceword [[hostile]]\n",
        "pages/reserved.md": outline(
            "[[sitemap.xml]] [[404.html]] [[search/search_index.json]] "
            "[[assets/images/favicon.png]] [[sitemap.xml.gz]] [[_logseq/logseq.css]] "
            "[[404]] [[search]] [[index]] [[tags]] [[all-pages]] [[journals]] "
            "[[objects.inv]] [[tmux/Window/Index]] reservedword"
        ),
        "pages/ns___sub___index.md": "- indexword\n",
        "pages/ns___sub.md": "- subword\n",
        "pages/tmux___Window.md": "- windowword\n",
        "pages/cyc___a___b.md": "alias:: cyc\n\n- cycword1 [[hostile]]\n",
        "pages/cyc___a.md": "- cycword2\n",
        "pages/Dup.md": "- dupword1\n",
        "pages/dup.md": "- dupword2\n",
        "pages/AliasA.md": "alias:: AliasB\n\n- aliasaword [[AliasB]]\n",
        "pages/AliasB.md": "alias:: AliasA\n\n- aliasbword [[AliasA]]\n",
        "pages/Emb1.md": "- emb1word {{embed [[Emb2]]}}\n",
        "pages/Emb2.md": "- emb2word {{embed [[Emb1]]}} {{embed ((" + U1 + "))}}\n",
        "pages/Emb3.md": "- emb3word {{embed [[Emb3]]}}\n",
        "pages/Blk.md": (
            f"- b1 text (({U2}))\n  id:: {U1}\n\t- {{{{embed (({U2}))}}}}\n"
            f"- b2 text (({U1}))\n  id:: {U2}\n\t- {{{{embed (({U1}))}}}} {{{{embed [[Emb1]]}}}}\n"
            f"- self (({U3})) {{{{embed (({U3}))}}}}\n  id:: {U3}\n"
            f"- ref chain (({U4}))\n  id:: {U5}\n"
            f"- back (({U5})) {{{{embed [[Blk]]}}}}\n  id:: {U4}\n"
        ),
        "pages/Deep.md": "".join("\t" * i + f"- level{i}\n" for i in range(600)),
        "pages/deepmd.md": outline(
            "**" * 1500 + "deepmdword" + "**" * 1500,
            "quote\n  " + "> " * 1000 + "deepquoteword",
            "[" * 2000 + "deepbracketword" + "]" * 2000,
        ),
        "pages/scripts.md": outline(
            "[click](javascript:lsqpwn()) [v](vbscript:lsqpwn()) "
            "[d](data:text/html;base64,PHNjcmlwdD5sc3Fwd24oKTwvc2NyaXB0Pg==) "
            "[J](JaVaScRiPt:lsqpwn()) scriptsword",
            "![img](javascript:lsqpwn()) ![d2](data:text/html,lsqpwn)",
            '<javascript:lsqpwn()> and [ref](javascript:lsqpwn() "t")',
            "fine: ![dot](data:image/png;base64,iVBORw0KGgo=) [z](zotero://select/items/ABC) "
            "[l](logseq://graph/x) [m](mailto:a@b.c)",
        ),
        "pages/labels.md": outline(
            "[x [[Vec<T>]] y](https://example.com/a_b_c) labelword",
            "[\\[](#cite_note-12) and [<b lsqpwn>lbl</b>](https://example.com/)",
            '![alt "q" [[Vec<T>]]](https://example.com/i.png "title [[Option<String>]] '
            '\\" lsqpwn=\\"1")',
            "https://example.com/a_b_c_d and <https://example.com/x_y_z>",
            "[ofFloat](<#ofFloat(T, int)>)",
        ),
        "pages/macros.md": outline(
            "{{video javascript:lsqpwn()}} macrosword",
            "{{video data:text/html,lsqpwn}}",
            '{{youtube "><script>lsqpwn()</script>}}',
            '{{tweet https://x.com/a"b}}',
            "{{cloze <b lsqpwn>ans</b>}}",
            "{{img javascript:lsqpwn()}}",
            '{{youtube-timestamp "><b lsqpwn>}}',
            '{{wrap a=b & "q" Vec<T>}}',
            "{{embed [[Vec<T>]]}}",
            "{{renderer :tocgen2, [[Vec<T>]]}}",
            '{{video https://example.com/v.mp4" onerror="lsqpwn()}}',
            "{{bilibili javascript:lsqpwn()}} {{vimeo javascript:lsqpwn()}}",
        ),
        "pages/props.md": (
            "note:: <img src=x lsqpwn onerror=lsqpwn()>\nurl:: javascript:lsqpwn()\n"
            "<lsqpwn>k:: kv\n\n"
            + outline(
                'block with props propword\n  where:: "><b lsqpwn>x</b>\n'
                "  link:: [x](javascript:lsqpwn())\n  '\"><lsqpwn>:: v2"
            )
        ),
        "pages/assets-page.md": outline(
            '![q](../assets/a"b<i lsqpwn>.png) assetsword',
            "![dots](../assets/..evil.png)",
            "![amp](../assets/x&amp;y.png)",
            '![miss](../assets/missing"<b lsqpwn>.png)',
            "![out](../../outside/secret.png)",
            f"![abs]({outside}/secret.png)",
            "![link](../assets/outside.png)",
            "![dir](../assets/outdir/img.png)",
            "![file](file:///etc/passwd)",
            "![sock](../assets/sock.png)",
        ),
        "pages/rawhtml.md": outline(
            '<kbd class="lsqraw">K</kbd> rawword <b class="lsqraw2" onclick="lsqpwn()">B</b> '
            '<a class="lsqraw3" href="javascript:lsqpwn()">A</a>',
            '<span class="lsqraw4"><img src="x" onerror="lsqpwn()"></span>',
            "<script>lsqpwn()</script> after the script",
            '[:span {:class "lsqhic" :onclick "lsqpwn()"} "H"] '
            '[:a {:href "javascript:lsqpwn()"} "ha"]',
        ),
        "journals/2024_01_05.md": "- journalword mentions [[Vec<T>]] #[[a & b]]\n",
        "pages/utf16.md": "- utf16word Ünïcødé [[hostile]]\n".encode("utf-16"),
        "pages/latin1.md": b"- latin1word caf\xe9\n",
        "pages/nonchar.md": "- noncharword\ufffe here\n",
        "pages/notnav.md": "- notnavword\n",
        # RENDERING.md: a dot-named page file is a page (hidden folders are not)
        "pages/.dotpage.md": "- dotfileword\n",
        "assets/..evil.png": PNG + b"dotdot",
        "assets/x&amp;y.png": PNG + b"amp",
        'assets/a"b<i lsqpwn>.png': PNG + b"quote",
        "assets/unused.txt": UNUSED_ASSET,
        # never published
        "pages/zqxsecret.md": "- zqhidden1 [[hostile]]\n",
        "zqxhidden/notes.md": "- zqhidden2 [[hostile]]\n",
        "pages/excluded.md": "- zqexcluded [[hostile]]\n",
        "pages/draft.md": "- zqdraft [[hostile]]\n",
        "pages/private.md": "public:: false\n\n- zqprivate [[hostile]]\n",
        "draft.txt": "zqloose1",
        "notes/private.txt": "zqloose2",
        "pages/notes.txt": "zqloose3",
        "logseq/bak/pages/old.md": "- zqbak\n",
        "logseq/.recycle/x.md": "- zqrecycle\n",
        "logseq/version-files/x.md": "- zqversion\n",
        ".git/HEAD": "zqgit",
        "whiteboards/w.edn": '{:blocks [{:block/content "zqwhiteboard"}]}',
        "draws/d.excalidraw": '{"text": "zqdraw"}',
        "pages/.hidden/h.md": "- zqdotdir\n",
        "node_modules/x/index.md": "- zqnode\n",
    }
    return files


CONFIG = """{:file/name-format :triple-lowbar
 :publishing/all-pages-public? true
 :hidden ["/zqxhidden" "pages/zqxsecret.md"]
 :favorites ["Vec<T>" "<img src=x lsqpwn onerror=lsqpwn()>"
             "evil { #pwn .lsqcls lsqpwn=\\"1\\" }" "a=b"]
 :default-home {:page "hostile"}
 :macros {"wrap" "**$1**"}}
"""
MKDOCS_EXTRA = """exclude_docs: |
  pages/excluded.md
draft_docs: |
  pages/draft.md
not_in_nav: |
  pages/notnav.md
"""


def make_outside(outside: Path) -> None:
    """Files outside the graph that symlinks and paths in the graph point at."""
    (outside / "dir").mkdir(parents=True)
    (outside / "secret.png").write_bytes(PNG + b"zqoutside1")
    (outside / "dir" / "leak.md").write_text("- zqoutside2\n", encoding="utf-8")
    (outside / "dir" / "img.png").write_bytes(PNG + b"zqoutside3")
    (outside / "page.md").write_text("- zqoutside4\n", encoding="utf-8")
    (outside / "dir" / "notes.txt").write_text("zqoutside5", encoding="utf-8")


def make_special_files(graph: Path, outside: Path) -> None:
    """Symlinks leaving the graph, unreadable files, a file name that is not UTF-8."""
    (graph / "assets" / "outside.png").symlink_to(outside / "secret.png")
    (graph / "assets" / "outdir").symlink_to(outside / "dir", target_is_directory=True)
    (graph / "pages" / "outdir").symlink_to(outside / "dir", target_is_directory=True)
    (graph / "pages" / "outpage.md").symlink_to(outside / "page.md")
    (graph / "outlinked").symlink_to(outside / "dir", target_is_directory=True)
    for rel in ("pages/socket.md", "assets/sock.png"):  # unreadable, even for root
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(graph / rel))
        sock.close()
    (graph / os.fsdecode(b"pages/caf\xe9name.md")).write_text("- badnameword\n", encoding="utf-8")


@dataclass
class Hostile:
    keep: Built
    keep_site: Site
    again: Site
    full: Built
    full_site: Site


_BUILT: list[Hostile] = []


def hostile_builds(tmp_path_factory: pytest.TempPathFactory) -> Hostile:
    """The hostile graph built with the defaults, again in another process, and with
    ``nav: full``, ``raw_html: escape``, ``copy_assets: all`` (once per session)."""
    if _BUILT:
        return _BUILT[0]
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    make_outside(outside)
    graph = write_graph(base / "graph", hostile_files(outside), CONFIG)  # type: ignore[arg-type]
    make_special_files(graph, outside)
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        keep = mkdocs_build(graph, base / "keep", strict=False, extra=MKDOCS_EXTRA)
        config_file = base / "graph-mkdocs.yml"
        shutil.copy(config_file, base / "keep.yml")
        full = mkdocs_build(
            graph,
            base / "full",
            {"nav": "full", "raw_html": "escape", "copy_assets": "all"},
            strict=False,
            extra=MKDOCS_EXTRA,
        )
    finally:
        if saved is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = saved
    subprocess_build(base / "keep.yml", base / "again", hash_seed="4242")
    _BUILT.append(
        Hostile(keep, Site.read(keep.site), Site.read(base / "again"), full, Site.read(full.site))
    )
    return _BUILT[0]
