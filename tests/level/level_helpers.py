"""Helpers for the level tests: the KPU site (a frozen copy, see data/) with one change,
and the lines the loader prints for a file it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.level import LevelError, load_level

ROOT = Path(__file__).resolve().parents[2]
KPU = ROOT / "tests" / "level" / "data" / "kpu_site.toml"


def kpu_with(old: str, new: str, text: str | None = None) -> str:
    text = KPU.read_text(encoding="utf-8") if text is None else text
    assert old in text, f"the level no longer contains {old!r}"
    return text.replace(old, new, 1)


def refused(tmp_path: Path, text: str) -> list[str]:
    """Every line the loader prints for this text, without the file name in front."""
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LevelError) as info:
        load_level(path)
    lines = str(info.value).splitlines()
    assert lines
    for line in lines:
        assert line.startswith(f"{path}: "), line
        assert "Traceback" not in line and "Input should" not in line, line
    return [line.removeprefix(f"{path}: ") for line in lines]


def one_problem(tmp_path: Path, text: str) -> str:
    lines = refused(tmp_path, text)
    assert len(lines) == 1, "\n".join(lines)
    return lines[0]
