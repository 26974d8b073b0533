"""docs/levels.md says what validate refuses, in the words the loader uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs" / "levels.md"


def _section() -> str:
    text = DOCS.read_text(encoding="utf-8")
    m = re.search(r"^## What validate checks\n(.*?)^## ", text, re.S | re.M)
    assert m is not None, "docs/levels.md has no section 'What validate checks'"
    return m.group(1)


@pytest.mark.parametrize(
    "words",
    [
        "must be at most 10000 (got 1e+308)",
        "the rectangle encloses no area",
        "the outline encloses no area",
        "the outline crosses itself",
        "stops 0.80 m short of the gate's end",
        "meets no wall or fence",
        "runs across the gate",
        "cannot be reached from spawn zone",
        "has no ground to walk on",
        "Gates count as a way through, open or closed",
        "reaches off the map",
        "reaches into building",
        "runs through the formation",
        "do not fit in spawn zone",
        "too small to hold even one person",
        "more than the map can hold",
        "after the time limit of 900 s, so nobody would ever hear it",
        "so it would never arrive",
        "the file looks cut off at line",
        "is declared twice (first at line 24)",
    ],
)
def test_every_refusal_is_described(words: str) -> None:
    assert words in _section()


@pytest.mark.parametrize(
    ("key", "bounds"),
    [
        ("`[[crowd]]` `spawn_rate`", "0 … 200"),
        ("`[[crowd]]` `start`", "0 … 7200"),
        ("`[[gates]]` `break_force`", "> 0 … 1 000 000"),
        ("`[[gates]]` `mass`", "1 … 10 000"),
        ("`wind` `x`, `y`", "−30 … 30"),
        ("`[[radio]]` `at`", "0 … 7200"),
        ("`[force.TOOL]` `range`", "> 0 … 200"),
    ],
)
def test_the_ranges_table_gives_the_bounds(key: str, bounds: str) -> None:
    row = next((r for r in _section().splitlines() if r.startswith(f"| {key} |")), None)
    assert row is not None, key
    assert f"| {bounds}" in row, row
