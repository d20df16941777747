"""logseq/config.edn: one conversion to plain values, every key the plugin reads in every
form Logseq accepts, a warning with the key for a value of the wrong kind, and the real
line of a syntax error."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import edn_format
import pytest

from mkdocs_logseq.parse.config_edn import GraphConfig, plain, read_config
from mkdocs_logseq.parse.diagnostics import Diagnostics


def read(tmp_path: Path, text: str | bytes) -> tuple[GraphConfig, list[str]]:
    path = tmp_path / "config.edn"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    diagnostics = Diagnostics()
    config = read_config(path, diagnostics, "logseq/config.edn")
    return config, [str(p) for p in diagnostics.problems]


def test_plain_turns_every_edn_value_into_plain_python() -> None:
    text = """{:vector ["a" :b c \\d]
    :list (1 2.5 -3)
    :set #{"z" "y" :x}
    :map {:k {"nested" [true false nil]}}
    :ns/key :ns/value
    [1 2] "a vector as a key"
    :inst #inst "2024-03-01T10:00:00Z"
    :uuid #uuid "6650a1b2-0000-4000-8000-00000000beef"
    :meta ^:private ["kept"]
    :gone #_ "discarded" "after the discard"}"""
    assert plain(edn_format.loads(text)) == {
        "vector": ["a", "b", "c", "d"],
        "list": [1, 2.5, -3],
        "set": ["x", "y", "z"],
        "map": {"k": {"nested": [True, False, None]}},
        "ns/key": "ns/value",
        (1, 2): "a vector as a key",
        "inst": dt.datetime(2024, 3, 1, 10, 0, tzinfo=dt.UTC),
        "uuid": uuid.UUID("6650a1b2-0000-4000-8000-00000000beef"),
        "meta": ["kept"],
        "gone": "after the discard",
    }
    converted = plain(edn_format.loads(text))
    assert all(type(v) is str for v in converted["vector"])  # no Keyword, Symbol or Char left


LIST_KEYS = [
    ("hidden", '"/secret" "private/"', "hidden", ["/secret", "private/"]),
    ("favorites", '"Reading" "Zeta"', "favorites", ["Reading", "Zeta"]),
    (
        "block-hidden-properties",
        ":Later :done-at",
        "hidden_properties",
        {"later", "done-at"},
    ),
    (
        "property-pages/excludelist",
        ":type :Status",
        "property_pages_excluded",
        {"type", "status"},
    ),
    (
        "property/separated-by-commas",
        ":Authors :topics",
        "comma_properties",
        {"authors", "topics"},
    ),
    (
        "ignored-page-references-keywords",
        ":url :Source",
        "ignored_ref_properties",
        {"url", "source"},
    ),
]


@pytest.mark.parametrize(("opener", "closer"), [("[", "]"), ("#{", "}"), ("(", ")")])
@pytest.mark.parametrize(("key", "items", "attribute", "expected"), LIST_KEYS)
def test_every_list_key_reads_vectors_sets_and_lists(
    tmp_path: Path,
    opener: str,
    closer: str,
    key: str,
    items: str,
    attribute: str,
    expected: object,
) -> None:
    config, warnings = read(tmp_path, f"{{:{key} {opener}{items}{closer}}}")
    value = getattr(config, attribute)
    if isinstance(expected, list) and opener == "#{":
        assert sorted(value) == sorted(expected)  # a set has no order
    else:
        assert value == expected
    assert warnings == []


def test_every_scalar_and_map_key_is_read(tmp_path: Path) -> None:
    config, warnings = read(
        tmp_path,
        """{:file/name-format :triple-lowbar
         :journal/page-title-format "yyyy-MM-dd"
         :journal/file-name-format "yyyy-MM-dd"
         :pages-directory "notes"
         :journals-directory "days"
         :publishing/all-pages-public? true
         :macros {"poem" "Rose is $1" :greet "Hello $1"}
         :property-pages/enabled? false
         :ui/show-brackets? false
         :default-home {:page "Start" :sidebar "Contents"}}""",
    )
    assert warnings == []
    assert (config.name_format, config.journal_title_format) == ("triple-lowbar", "yyyy-MM-dd")
    assert (config.journal_file_format, config.pages_dir) == ("yyyy-MM-dd", "notes")
    assert config.journals_dir == "days"
    assert config.all_pages_public is True
    assert config.macros == {"poem": "Rose is $1", "greet": "Hello $1"}
    assert (config.property_pages, config.show_brackets) == (False, False)
    assert config.default_home == "Start"


def test_older_key_spellings_are_read(tmp_path: Path) -> None:
    config, warnings = read(tmp_path, '{:date-formatter "MMM do, yyyy" :all-pages-public? true}')
    assert (config.journal_title_format, config.all_pages_public) == ("MMM do, yyyy", True)
    assert warnings == []


def test_a_value_of_the_wrong_kind_warns_with_its_key_and_line(tmp_path: Path) -> None:
    config, warnings = read(
        tmp_path,
        """{:meta/version 1
         :hidden "/secret"
         :favorites {:a 1}
         :publishing/all-pages-public? "yes"
         :journal/page-title-format 12
         :block-hidden-properties [:ok 7]
         :macros {"m" 5}
         :default-home {:page 3}
         :file/name-format :snake}""",
    )
    assert config.hidden == ["/secret"]  # a lone path still hides it
    assert config.favorites == [] and config.all_pages_public is False
    assert config.hidden_properties == {"ok"} and config.macros == {}
    assert config.default_home is None and config.name_format == "legacy"
    file = "logseq/config.edn"
    assert warnings == [
        f"{file}:9: config.edn :file/name-format 'snake' is not :triple-lowbar or :legacy;"
        " legacy used",
        f"{file}:5: config.edn :journal/page-title-format should be a string, not the number 12;"
        " Logseq's default used",
        f"{file}:2: config.edn :hidden should be a vector; read as ['/secret']",
        f"{file}:4: config.edn :publishing/all-pages-public? should be true or false, not the"
        ' text "yes"; Logseq\'s default used',
        f"{file}:7: config.edn :macros entry 'm' is not a name with a text; left out",
        f"{file}:6: config.edn :block-hidden-properties holds the number 7, which is not a name;"
        " left out",
        f"{file}:8: config.edn :default-home {{:page …}} should be a page name, not the number 3",
        f"{file}:3: config.edn :favorites should be a vector, not a map; ignored",
    ]


def test_a_value_keyword_is_not_taken_for_a_key(tmp_path: Path) -> None:
    """Only keywords in key position count as keys when finding a key's line."""
    _, warnings = read(tmp_path, "{:x :hidden\n:hidden 5}")
    assert warnings == [
        "logseq/config.edn:2: config.edn :hidden should be a vector, not the number 5; ignored"
    ]


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("{:a 1\n:b 2\n:c [1 2\n:d}", "'}' cannot close the '[' opened on line 3", 4),
        ('{:a 1\n:b "x\n:c 2}', "a string opened here is never closed", 2),
        ("{:a 1\n\n:b}", "the map opened on line 1 has a key without a value", 1),
        ("{:a 1\n :m {:x 1\n      :y}}", "the map opened on line 2 has a key without a value", 2),
        ("{:a 1\n :b [1 2\n :c 3}", "'}' cannot close the '[' opened on line 2", 3),
        ("{:a 1\n :b [1 2]", "the '{' opened here is never closed", 1),
        ("{:a 1}\n]", "']' closes nothing", 2),
        ("{:a 1\n :b #foo 2}", "unknown tag #foo", 2),
        ('{:a 1\n ; a comment with a ] and a "\n :b ~}', "unexpected '~'", 3),
    ],
)
def test_syntax_errors_give_the_real_line(
    tmp_path: Path, text: str, message: str, line: int
) -> None:
    config, warnings = read(tmp_path, text)
    assert warnings == [
        f"logseq/config.edn:{line}: cannot parse config.edn: {message}; using Logseq's defaults"
    ]
    assert config == GraphConfig()


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")],
)
def test_a_byte_order_mark_selects_the_encoding_and_controls_are_removed(
    tmp_path: Path, bom: bytes, codec: str
) -> None:
    text = '{:hidden ["/secret"]\n :favorites ["A\x07" "B\ufffe"]}'
    config, warnings = read(tmp_path, bom + text.encode(codec))
    assert config.hidden == ["/secret"] and config.favorites == ["A", "B"]
    assert warnings == [
        "logseq/config.edn:2: control characters (U+0007, …) removed",
        "logseq/config.edn:2: Unicode noncharacters (U+FFFE, …) removed",
    ]


def test_a_config_that_is_not_a_map_or_is_empty(tmp_path: Path) -> None:
    assert read(tmp_path, '["a"]')[1] == [
        "logseq/config.edn:1: config.edn is not a map; using Logseq's defaults"
    ]
    assert read(tmp_path, "  ; nothing but a comment\n") == (GraphConfig(), [])
