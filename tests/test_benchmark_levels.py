"""The benchmarks' levels are levels like any other: a replay of a benchmark run carries
its level's text, and a level that validate refuses could not be read back."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import tomli_w

from game.level import parse_level

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from bench_tick import pressing_crowd  # noqa: E402


@pytest.mark.parametrize("people", [500, 1000, 2000, 4000])
def test_the_pressing_crowd_benchmark_level_validates(people):
    level = pressing_crowd(people)
    parse_level(tomli_w.dumps(level.model_dump(mode="json", exclude_none=True)), "<bench>")
