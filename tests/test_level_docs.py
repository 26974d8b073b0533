"""docs/levels.md is the instructor's manual: every key a level may hold, every condition
and action of the script, with its keys and an example, is in it."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from game.level import script as S
from game.level.schema import Level

DOC = (Path(__file__).resolve().parent.parent / "docs" / "levels.md").read_text(encoding="utf-8")


def _section(tag: str) -> str:
    m = re.search(rf"^#### `{tag}`\n(.*?)(?=^#### |^## )", DOC, re.S | re.M)
    assert m, f"docs/levels.md has no section for `{tag}`"
    return m.group(1)


@pytest.mark.parametrize("model", S.CONDITIONS + S.ACTIONS, ids=lambda m: m.__name__)
def test_every_condition_and_action_is_documented_with_its_keys_and_an_example(model):
    tag = model.model_fields["type"].annotation.__args__[0]
    text = _section(tag)
    for key in model.model_fields:
        if key != "type":
            assert f"`{key}`" in text, f"{tag}: key {key} is not documented"
    example = next(line.strip() for line in text.splitlines() if line.startswith("    {"))
    parsed = tomllib.loads(f"x = {example}")["x"]
    assert parsed["type"] == tag
    model.model_validate(parsed)  # the example is a valid table of its kind


def test_every_top_level_key_is_documented():
    for key in Level.model_fields:
        forms = (f"`{key}`", f"`[{key}]`", f"`[[{key}]]`", f"`[{key}.")
        assert any(f in DOC for f in forms), key


def test_every_trigger_key_is_documented():
    for key in S.Trigger.model_fields:
        assert f"| `{key}` |" in DOC, key
