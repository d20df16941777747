"""The golden spec: what each page of each case in ``tests/spec/`` shows, built for real.

Every case folder is a tiny Logseq graph; it is built with ``mkdocs build`` (Material,
search, the plugin with the options of ``mkdocs-options.yml``) and the ``<article>`` of
every page under ``expected/`` must equal that file, printed by
:func:`spec_support.pretty_article`. The build's warnings must equal ``warnings.txt`` (no
file: no warning). ``pytest tests/test_spec.py --update-spec`` (or ``UPDATE_SPEC=1``)
rewrites the expected files from today's output; review the diff before committing it.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from conftest import ROOT
from spec_support import (
    EXPECTED,
    SPEC,
    WARNINGS_FILE,
    Case,
    build_case,
    built_pages,
    expected_name,
    find_cases,
    pretty_article,
)

CASES = find_cases()


@pytest.fixture
def update_spec(request: pytest.FixtureRequest) -> bool:
    """Whether to rewrite the expected files instead of comparing them."""
    return bool(request.config.getoption("--update-spec") or os.environ.get("UPDATE_SPEC"))


def _diff(expected: str, actual: str, name: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        fromfile=f"{name} (expected)",
        tofile=f"{name} (built)",
    )
    return "".join(lines)


def _update(case: Case, site: Path, warnings: list[str]) -> None:
    """Rewrite ``case``'s expected files; a new case (none yet) gets one per built page."""
    pages = case.expected() or {
        page: case.folder / EXPECTED / expected_name(page) for page in built_pages(site)
    }
    for page, path in pages.items():
        assert (site / page).exists(), f"{case.name}: {page} is no longer built; remove {path}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(pretty_article((site / page).read_text(encoding="utf-8")), "utf-8")
    warnings_file = case.folder / WARNINGS_FILE
    if warnings:
        warnings_file.write_text("".join(w + "\n" for w in warnings), encoding="utf-8")
    else:
        warnings_file.unlink(missing_ok=True)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_spec_case(case: Case, tmp_path: Path, update_spec: bool) -> None:
    """The case's pages show exactly their expected HTML, with exactly the expected warnings."""
    site, warnings = build_case(case, tmp_path)
    if update_spec:
        _update(case, site, warnings)
    problems: list[str] = []
    for page, path in case.expected().items():
        name = path.relative_to(SPEC).as_posix()
        if not (site / page).exists():
            problems.append(f"{name}: the build made no {page}")
            continue
        actual = pretty_article((site / page).read_text(encoding="utf-8"))
        expected = path.read_text(encoding="utf-8")
        if actual != expected:
            problems.append(_diff(expected, actual, name))
    warnings_file = case.folder / WARNINGS_FILE
    expected_warnings = warnings_file.read_text(encoding="utf-8") if warnings_file.exists() else ""
    actual_warnings = "".join(w + "\n" for w in warnings)
    if actual_warnings != expected_warnings:
        name = warnings_file.relative_to(SPEC).as_posix()
        problems.append(_diff(expected_warnings, actual_warnings, name))
    assert not problems, (
        "\n".join(problems) + "\nIf the change is intended: pytest tests/test_spec.py --update-spec"
    )


def test_every_case_pins_a_page() -> None:
    """A case folder without expected pages would build and check nothing."""
    assert CASES, "no case found under tests/spec"
    assert [case.name for case in CASES if not case.expected()] == []


def test_readme_points_at_existing_cases() -> None:
    """The README's "What the site shows" links into tests/spec/; each link names a folder."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"\]\((tests/spec/[^)#]+)\)", readme)
    assert linked, "the README links no spec folder"
    assert [link for link in linked if not (ROOT / link).exists()] == []


def test_pretty_article_prints_blocks_one_per_line() -> None:
    """Block elements get their own indented line; inline content and <pre> stay as built;
    attributes are sorted."""
    page = (
        '<html><body><article class="md-content__inner"><h1 id="a">A</h1>\n'
        '<ul class="lsq-outline"><li id="b1">x <a href="../b/">B</a>\xa0&amp;'
        '<ul><li><input type="checkbox" disabled> y</li></ul></li>'
        '<li id="b2">\n<pre><code>a\n  b\n</code></pre>\n</li></ul><!--note--></article>'
        "</body></html>"
    )
    assert pretty_article(page) == (
        '<h1 id="a">A</h1>\n'
        '<ul class="lsq-outline">\n'
        '  <li id="b1">\n'
        '    x <a href="../b/">B</a>&nbsp;&amp;\n'
        "    <ul>\n"
        '      <li><input disabled type="checkbox"> y</li>\n'
        "    </ul>\n"
        "  </li>\n"
        '  <li id="b2">\n'
        "    <pre><code>a\n  b\n</code></pre>\n"
        "  </li>\n"
        "</ul>\n"
        "<!--note-->\n"
    )
