"""A file cut off part way says so, with the line it stops at; a table declared twice is
named with the line of each header."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from level_helpers import KPU, kpu_with, one_problem, refused

from game.level import LevelError, parse_level

TEXT = KPU.read_text(encoding="utf-8")
AGAIN = "the rest of the file seems to be missing, so finish the last entry, or copy the file again"


@pytest.mark.parametrize(
    ("end", "extra", "expected"),
    [
        ("Kantor KPU Kabupaten", 6, "line 20: a text in quotes is not closed"),
        (
            "[[76, 46], [92",
            10,
            "line 89, inside [[buildings]] begun at line 87: a list [ ... ] is not closed",
        ),
        (
            "speed = { mean = 1.3",
            20,
            "line 196, inside [[crowd]] begun at line 189: a table { ... } is not closed",
        ),
        (
            "[[squads]]",
            5,
            "line 247, inside [[objectives]] begun at line 239: a [[list]] header is not closed",
        ),
        ("spawn_rate = 8", 11, "line 194, inside [[crowd]] begun at line 189: a key has no value"),
    ],
)
def test_a_file_cut_off_in_the_middle_of_a_value(
    tmp_path: Path, end: str, extra: int, expected: str
) -> None:
    text = TEXT[: TEXT.index(end) + extra]
    msg = one_problem(tmp_path, text)
    assert msg.startswith(f"the file looks cut off at {expected}"), msg
    assert AGAIN in msg


def test_a_file_cut_off_in_the_middle_of_a_table(tmp_path: Path) -> None:
    """Valid TOML, but the crowd group lost its last keys: the first line says why."""
    lines = refused(tmp_path, TEXT[: TEXT.index("count = 400") + 9])
    assert lines[0].startswith(
        "the file looks cut off at line 191, inside [[crowd]] begun at line 189: it ends "
        "without a line break, in the middle of an entry"
    )
    assert lines[1:] == [
        'crowd "massa" (crowd[0]): spawn: required but missing',
        'crowd "massa" (crowd[0]): goal: required but missing',
    ]


def test_a_file_missing_a_key_is_not_said_to_be_cut_off(tmp_path: Path) -> None:
    msg = one_problem(
        tmp_path, kpu_with('goal = "halaman_kpu"\nspawn_rate = 8\n', "spawn_rate = 8\n")
    )
    assert msg == 'crowd "massa" (crowd[0]): goal: required but missing'


def test_every_cut_that_breaks_the_toml_says_cut_off() -> None:
    for offset in range(1, len(TEXT), 11):
        text = TEXT[:offset]
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError:
            with pytest.raises(LevelError) as info:
                parse_level(text, "cut.toml")
            assert str(info.value).startswith("cut.toml: the file looks cut off at line "), (
                offset,
                str(info.value),
            )


@pytest.mark.parametrize(
    ("before", "table", "first"),
    [("[[walls]]", "map", 24), ("[[radio]]", "briefing", 30)],
)
def test_a_table_declared_twice(tmp_path: Path, before: str, table: str, first: int) -> None:
    text = kpu_with(before, f"[{table}]\nwidth = 3\n\n{before}")
    line = text.splitlines().index(f"[{table}]", first) + 1
    assert one_problem(tmp_path, text) == (
        f"line {line}: the table [{table}] is declared twice (first at line {first}); write "
        "each table once, with all its keys under the one header"
    )


def test_a_table_given_inline_and_again_as_a_header(tmp_path: Path) -> None:
    text = kpu_with("[map]\n", "map = { width = 100 }\n[map]\n")
    assert one_problem(tmp_path, text) == (
        "line 25: the table [map] is declared twice (already given earlier, e.g. as "
        "map = { ... }); write each table once, with all its keys under the one header"
    )
