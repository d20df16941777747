"""The large-page benchmark's graph: what it measures is there, and it is the same every time."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from large_page import LARGE, generate_large


def test_large_page_graph_has_the_size_and_ids_referenced_from_other_pages(
    tmp_path: Path,
) -> None:
    summary = generate_large(tmp_path / "a", 0.05)
    again = generate_large(tmp_path / "b", 0.05)
    large = tmp_path / "a" / "pages" / f"{LARGE}.md"
    assert summary == again
    assert 50_000 <= summary["large_bytes"] == large.stat().st_size < 55_000
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*.md"))
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*.md"))
    for rel in files:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes()
    text = large.read_text("utf-8")
    ids = re.findall(r"^\s*id:: (\S+)$", text, re.M)
    assert len(ids) == len(set(ids)) >= 15
    assert text.count("\t- ") > 100 and text.count("[[") > 200 and "```" in text
    others = "".join(
        (tmp_path / "a" / rel).read_text("utf-8") for rel in files if rel.stem != LARGE
    )
    for ident in ids:  # each block with an id is referenced once, sometimes embedded
        assert others.count(f"(({ident}))") == 1
    assert others.count("{{embed ((") == -(-len(ids) // 25)
