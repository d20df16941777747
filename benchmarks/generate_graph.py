"""Write a seeded, deterministic synthetic Logseq graph for benchmarks.

Usage::

    python benchmarks/generate_graph.py OUT_DIR --pages N --seed S

``N`` counts every Markdown file: about 10 % of them are journals
(``journals/yyyy_MM_dd.md``), the rest are pages (``pages/*.md``). Pages are
shaped like the graphs measured in shared/PERFORMANCE.md: tab-indented outlines
of ~40 lines and ~2.8 KB, ~10 ``[[links]]`` and ~3 ``#tags`` a page, CJK and
namespaced titles, page and block properties, block ids and ``((refs))``,
headings, code blocks and ~5 % links to pages that do not exist.

Pure standard library; the same ``(N, seed)`` always gives the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import uuid
from dataclasses import dataclass, field
from pathlib import Path

CONFIG_EDN = "{:file/name-format :triple-lowbar :publishing/all-pages-public? true}\n"

WORDS = (  # noqa: SIM905
    "agent alpha anchor answer archive atlas audit balance beacon binary bridge budget "
    "cache canvas carbon cipher circuit cluster compass concept context copper cortex crystal "
    "cursor delta design digest domain draft echo editor engine entropy epoch fabric "
    "factor feature filter fission focus forest format fractal frame galaxy garden gateway "
    "glacier gradient graph harbor harvest header helix horizon hybrid index insight kernel "
    "ladder lattice layer ledger lens library lumen magnet manifold marble matrix meadow "
    "memory method meteor mirror module monad motion nebula network neuron nexus notion "
    "orbit origin outline packet paradox pattern pebble period pilot pixel planet plasma "
    "portal prism process protocol pulse quantum quartz query radar reactor record reflex "
    "relay render ribbon river rocket router sampler schema sector sensor signal silicon "
    "socket solver sonar spectrum sphere spiral stack summit syntax system tensor thread "
    "timber token topic tracer transit tunnel vector velvet vertex vessel vision voltage "
    "vortex wave window zenith"
).split()

CJK_WORDS = (  # noqa: SIM905
    "语言 模型 知识 图谱 笔记 学习 数据 系统 设计 架构 网络 算法 "
    "哲学 历史 经济 心理 写作 阅读 项目 计划 研究 方法 工具 思考 "
    "记忆 时间 管理 习惯 健康 音乐 电影 旅行 城市 文化 科学 数学"
).split()

NAMESPACE_ROOTS = ["Projects", "Reading", "Areas", "People", "研究"]
PROPERTY_VALUES = {
    "type": ["book", "article", "idea", "meeting"],
    "status": ["draft", "doing", "done"],
    "priority": ["high", "medium", "low"],
    "rating": ["2", "3", "4", "5"],
    "collapsed": ["true"],
}
PROPERTY_KEYS = [*PROPERTY_VALUES, "source"]
MARKERS = ["TODO ", "DONE ", "LATER ", "NOW "]
CODE_SNIPPETS = [
    ("python", ["def handler(event):", "    total = sum(event.values)", "    return total * 2"]),
    ("clojure", ["(defn handler [event]", "  (reduce + (:values event)))"]),
    ("bash", ["for f in pages/*.md; do", '  wc -c "$f"', "done"]),
]


@dataclass
class Graph:
    """Names and plans shared by every generated file."""

    rng: random.Random
    pages: list[str]
    journals: list[dt.date]
    aliases: dict[int, str]
    popular: list[str]
    ids: dict[int, list[str]] = field(default_factory=dict)
    all_ids: list[str] = field(default_factory=list)
    missing_counter: int = 0


def title_case(words: list[str]) -> str:
    """Capitalise each word, as most hand-made page titles are."""
    return " ".join(w.capitalize() for w in words)


def english_name(rng: random.Random, i: int) -> str:
    """Return a 1-3 word English page title, sometimes lower case."""
    words = rng.sample(WORDS, rng.choice([1, 2, 2, 2, 3]))
    name = title_case(words) if rng.random() < 0.7 else " ".join(words)
    return name if rng.random() < 0.6 else f"{name} {i}"


def cjk_name(rng: random.Random, i: int) -> str:
    """Return a CJK page title such as ``语言模型-123``."""
    return "".join(rng.sample(CJK_WORDS, rng.choice([1, 2, 2]))) + f"-{i}"


def namespaced_name(rng: random.Random, i: int) -> str:
    """Return a namespaced title ``Root/Child`` (sometimes three levels deep)."""
    parts = [rng.choice(NAMESPACE_ROOTS), title_case(rng.sample(WORDS, 2))]
    if rng.random() < 0.25:
        parts.append(f"{rng.choice(WORDS).capitalize()} {i}")
    return "/".join(parts)


def make_page_names(rng: random.Random, count: int) -> list[str]:
    """Return ``count`` distinct (case-insensitively) page titles."""
    names = list(NAMESPACE_ROOTS[: min(count, len(NAMESPACE_ROOTS))])
    seen = {n.lower() for n in names}
    i = len(names)
    while len(names) < count:
        roll = rng.random()
        if roll < 0.2:
            name = cjk_name(rng, i)
        elif roll < 0.3:
            name = namespaced_name(rng, i)
        else:
            name = english_name(rng, i)
        if name.lower() in seen:
            name = f"{name} {i}"
        if name.lower() not in seen:
            seen.add(name.lower())
            names.append(name)
        i += 1
    return names


def make_journal_dates(rng: random.Random, count: int) -> list[dt.date]:
    """Return ``count`` distinct dates walking back from 2024-06-30."""
    day = dt.date(2024, 6, 30)
    dates = []
    for _ in range(count):
        dates.append(day)
        day -= dt.timedelta(days=rng.choice([1, 1, 1, 2, 3]))
    return dates


def ordinal(n: int) -> str:
    """Return ``1st``, ``2nd``, ``3rd``, ``4th`` ... for a day number."""
    suffix = "th" if 11 <= n % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def journal_title(day: dt.date) -> str:
    """Return Logseq's default journal page title (``MMM do, yyyy``)."""
    return f"{day.strftime('%b')} {ordinal(day.day)}, {day.year}"


def make_uuid(rng: random.Random) -> str:
    """Return a deterministic version-4 UUID string."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def plan_graph(pages: int, seed: int) -> Graph:
    """Choose every name, alias and block id before writing any file."""
    rng = random.Random(seed)
    n_journals = max(1, pages // 10) if pages > 1 else 0
    names = make_page_names(rng, pages - n_journals)
    taken = {n.lower() for n in names}
    aliases = {}
    for idx in rng.sample(range(len(names)), len(names) // 25):
        alias = f"{rng.choice(WORDS)}-{idx}"
        if alias.lower() not in taken:
            taken.add(alias.lower())
            aliases[idx] = alias
    popular = rng.sample(names, max(1, len(names) // 20)) if names else []
    graph = Graph(rng, names, make_journal_dates(rng, n_journals), aliases, popular)
    for idx in range(len(names)):
        if rng.random() < 0.08:
            graph.ids[idx] = [make_uuid(rng) for _ in range(rng.choice([1, 1, 2]))]
            graph.all_ids.extend(graph.ids[idx])
    return graph


def vary_case(rng: random.Random, name: str) -> str:
    """Return the name as typed by a user: mostly exact, sometimes lower case."""
    return name.lower() if rng.random() < 0.15 else name


def link_target(graph: Graph) -> str:
    """Pick a link target: mostly existing pages, ~5 % missing ones."""
    rng = graph.rng
    roll = rng.random()
    if roll < 0.05 or not graph.pages:
        graph.missing_counter += 1
        return f"Missing {rng.choice(WORDS).capitalize()} {graph.missing_counter}"
    if roll < 0.08 and graph.journals:
        return journal_title(rng.choice(graph.journals))
    if roll < 0.10 and graph.aliases:
        return rng.choice(list(graph.aliases.values()))
    return vary_case(rng, rng.choice(graph.pages))


def tag_text(graph: Graph) -> str:
    """Return ``#tag`` or ``#[[multi word]]`` for a mostly popular page."""
    rng = graph.rng
    popular = bool(graph.popular) and rng.random() < 0.7
    name = vary_case(rng, rng.choice(graph.popular) if popular else link_target(graph))
    if any(c in name for c in " /,"):
        return f"#[[{name}]]"
    return f"#{name}"


def filler(rng: random.Random, count: int, cjk: bool) -> list[str]:
    """Return ``count`` plain words (CJK words for CJK pages, half the time)."""
    if cjk and rng.random() < 0.5:
        return ["".join(rng.choices(CJK_WORDS, k=2)) for _ in range(max(1, count // 3))]
    words = rng.choices(WORDS, k=count)
    if rng.random() < 0.1:
        i = rng.randrange(count)
        words[i] = f"**{words[i]}**"
    return words


def block_text(graph: Graph, links: int, tags: int, refs: list[str], cjk: bool) -> str:
    """Return one block's text with the given inline links, tags and refs."""
    rng = graph.rng
    words = filler(rng, rng.randint(6, 14), cjk)
    for _ in range(links):
        words.insert(rng.randrange(len(words) + 1), f"[[{link_target(graph)}]]")
    for ref in refs:
        words.insert(rng.randrange(len(words) + 1), f"(({ref}))")
    if rng.random() < 0.03:
        words.append("[docs](https://example.com/docs)")
    words.extend(tag_text(graph) for _ in range(tags))
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    return rng.choice(MARKERS) + text if rng.random() < 0.05 else text


def depths(rng: random.Random, count: int) -> list[int]:
    """Return outline depths (0-3): each block at most one deeper than the last."""
    out: list[int] = []
    prev = 0
    for _ in range(count):
        prev = 0 if not out else rng.choice(range(0, min(prev + 1, 3) + 1))
        out.append(prev)
    return out


def spread(rng: random.Random, total: int, slots: int) -> list[int]:
    """Distribute ``total`` items over ``slots`` blocks at random."""
    counts = [0] * slots
    for _ in range(total):
        counts[rng.randrange(slots)] += 1
    return counts


def property_lines(graph: Graph, indent: str) -> list[str]:
    """Return one or two ``key:: value`` block-property lines."""
    rng = graph.rng
    lines = []
    for key in rng.sample(PROPERTY_KEYS, rng.choice([1, 1, 2])):
        is_link = key == "source"
        value = f"[[{link_target(graph)}]]" if is_link else rng.choice(PROPERTY_VALUES[key])
        lines.append(f"{indent}  {key}:: {value}")
    return lines


def code_lines(rng: random.Random, depth: int) -> list[str]:
    """Return a bullet holding a fenced code block (continuation-indented)."""
    lang, body = rng.choice(CODE_SNIPPETS)
    indent = "\t" * depth
    lines = [f"{indent}- ```{lang}"]
    lines += [f"{indent}  {line}" for line in body]
    lines.append(f"{indent}  ```")
    return lines


def page_properties(graph: Graph, idx: int) -> list[str]:
    """Return page-property lines (``tags::``, ``alias::``) for some pages."""
    rng = graph.rng
    lines = []
    if graph.popular and rng.random() < 0.3:
        tags = rng.sample(graph.popular, min(len(graph.popular), rng.choice([1, 2, 3])))
        lines.append("tags:: " + ", ".join(vary_case(rng, t) for t in tags))
    if idx in graph.aliases:
        lines.append(f"alias:: {graph.aliases[idx]}")
    if rng.random() < 0.1:
        lines.append(f"type:: {rng.choice(PROPERTY_VALUES['type'])}")
    return [*lines, ""] if lines else []


def outline(graph: Graph, idx: int | None, cjk: bool, blocks: int) -> list[str]:
    """Return the bullet outline of one page or journal."""
    rng = graph.rng
    levels = depths(rng, blocks)
    heading_slots = {i for i in range(1, blocks) if levels[i] == 0 and rng.random() < 0.25}
    code_slot = rng.randrange(blocks) if rng.random() < 0.04 else -1
    plain = [i for i in range(blocks) if i not in heading_slots and i != code_slot]
    own_ids = list(graph.ids.get(idx, [])) if idx is not None else []
    id_slots = set(rng.sample(plain, min(len(own_ids), len(plain))))
    ref_slot = rng.choice(plain) if graph.all_ids and rng.random() < 0.15 else -1
    links = dict(zip(plain, spread(rng, rng.randint(8, 12), len(plain)), strict=True))
    tags = dict(zip(plain, spread(rng, rng.randint(2, 4), len(plain)), strict=True))
    lines: list[str] = []
    for i, depth in enumerate(levels):
        indent = "\t" * depth
        if i == code_slot:
            lines += code_lines(rng, depth)
            continue
        if i in heading_slots:
            hashes = rng.choice(["##", "##", "###"])
            lines.append(f"- {hashes} {title_case(rng.sample(WORDS, rng.randint(2, 4)))}")
            continue
        refs = [rng.choice(graph.all_ids)] if i == ref_slot else []
        lines.append(f"{indent}- {block_text(graph, links[i], tags[i], refs, cjk)}")
        if i in id_slots:
            lines.append(f"{indent}  id:: {own_ids.pop()}")
        elif rng.random() < 0.04:
            lines += property_lines(graph, indent)
    return lines


def page_file_name(name: str) -> str:
    """Return the file name for a page under ``:triple-lowbar`` naming."""
    return name.replace("/", "___") + ".md"


def write_text(path: Path, lines: list[str]) -> None:
    """Write lines as UTF-8 with a trailing newline."""
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def generate(out_dir: Path, pages: int, seed: int) -> dict[str, int]:
    """Write the whole graph under ``out_dir`` and return a short summary."""
    graph = plan_graph(pages, seed)
    for sub in ("pages", "journals", "logseq"):
        (out_dir / sub).mkdir(parents=True, exist_ok=True)
    (out_dir / "logseq" / "config.edn").write_text(CONFIG_EDN, encoding="utf-8")
    for idx, name in enumerate(graph.pages):
        cjk = not name.isascii()
        lines = page_properties(graph, idx) + outline(graph, idx, cjk, graph.rng.randint(32, 40))
        write_text(out_dir / "pages" / page_file_name(name), lines)
    for day in graph.journals:
        lines = outline(graph, None, False, graph.rng.randint(10, 36))
        write_text(out_dir / "journals" / f"{day:%Y_%m_%d}.md", lines)
    return {
        "pages": len(graph.pages),
        "journals": len(graph.journals),
        "block_ids": len(graph.all_ids),
    }


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Parse the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the graph into")
    parser.add_argument("--pages", type=int, default=1000, help="files to write, journals included")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Generate a graph as the command line asks."""
    args = parse_args(argv)
    if args.pages < 1:
        print("--pages must be at least 1", file=sys.stderr)
        return 2
    if args.out_dir.exists() and any(args.out_dir.iterdir()):
        print(f"{args.out_dir} exists and is not empty", file=sys.stderr)
        return 2
    summary = generate(args.out_dir, args.pages, args.seed)
    print(", ".join(f"{v} {k}" for k, v in summary.items()), "written to", args.out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
