"""Page names, file names and journal dates (LOGSEQ_FORMAT §1.2-1.5)."""

from __future__ import annotations

import datetime as dt

import pytest

from mkdocs_logseq.parse.dates import JournalDates, format_date
from mkdocs_logseq.parse.names import decode_file_name, namespace_parents, page_key


@pytest.mark.parametrize(
    ("body", "fmt", "name"),
    [
        ("Logseq___Features", "triple-lowbar", "Logseq/Features"),
        ("New to Logseq%3F", "triple-lowbar", "New to Logseq?"),
        ("a%3Ab", "triple-lowbar", "a:b"),
        ("C%23", "triple-lowbar", "C#"),
        ("foo_bar", "triple-lowbar", "foo_bar"),
        ("a%5F%5F%5Fb", "triple-lowbar", "a___b"),
        ("%2Ehidden", "triple-lowbar", ".hidden"),
        ("CON___", "triple-lowbar", "CON"),
        ("50%2525 off", "triple-lowbar", "50%25 off"),
        ("100% sure", "triple-lowbar", "100% sure"),
        ("日本語___ページ", "triple-lowbar", "日本語/ページ"),
        (
            "Tweet___This 1 Tiny Time Managem...___",
            "triple-lowbar",
            "Tweet/This 1 Tiny Time Managem...",
        ),
        ("Logseq%2FFeatures", "legacy", "Logseq/Features"),
        ("Logseq.Features", "legacy", "Logseq/Features"),
        ("v1.2 notes", "legacy", "v1/2 notes"),
    ],
)
def test_decode_file_name(body: str, fmt: str, name: str) -> None:
    assert decode_file_name(body, fmt) == name


def test_page_key_folds_case_slashes_and_unicode_forms() -> None:
    nfd = "Cafe\u0301"
    assert page_key(" Foo/Bar/ ") == "foo/bar"
    assert page_key(nfd) == page_key("Café") == "café"


def test_namespace_parents() -> None:
    assert namespace_parents("a/b/c") == ["a", "a/b"]
    assert namespace_parents("plain") == []
    assert namespace_parents("../x/y") == []
    assert namespace_parents("https://x.org/a") == []


@pytest.mark.parametrize(
    ("fmt", "text"),
    [
        ("MMM do, yyyy", "Jan 5th, 2023"),
        ("yyyy-MM-dd", "2023-01-05"),
        ("yyyy年MM月dd日", "2023年01月05日"),
        ("EEE, MM/dd/yyyy", "Thu, 01/05/2023"),
    ],
)
def test_format_date(fmt: str, text: str) -> None:
    assert format_date(dt.date(2023, 1, 5), fmt) == text


def test_journal_names_in_any_accepted_form_mean_the_same_day() -> None:
    dates = JournalDates("yyyy-MM-dd")
    day = dt.date(2023, 1, 5)
    for name in ("2023-01-05", "2023_01_05", "Jan 5th, 2023"):
        assert dates.parse(name) == day
    assert dates.title(day) == "2023-01-05"
    assert dates.parse("Transformer") is None
    assert dates.parse("2023-02-30") is None
