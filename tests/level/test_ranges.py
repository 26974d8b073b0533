"""Every number a level holds has a physical range: a value outside it is refused with the
item, the field and the bound, never an OverflowError in the loader or a crash in the
simulation."""

from __future__ import annotations

from pathlib import Path

import pytest
from level_helpers import kpu_with, one_problem

from game.level import parse_level
from game.level.schema import Level


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # used to raise OverflowError in the gate's length check
        (
            "a = [47, 15]",
            "a = [1e308, 15]",
            'gate "gerbang_utama" (gates[0]): a[0]: must be at most 10000 (got 1e+308)',
        ),
        (
            "a = [47, 15]",
            "a = [47, -1e308]",
            'gate "gerbang_utama" (gates[0]): a[1]: must be at least -10000 (got -1e+308)',
        ),
        (
            "break_force = 12000",
            "break_force = 1e308",
            'gate "gerbang_utama" (gates[0]): break_force: must be at most 1000000 (got 1e+308)',
        ),
        (
            "mass = 250",
            "mass = 1e-308",
            'gate "gerbang_utama" (gates[0]): mass: must be at least 1 (got 1e-308)',
        ),
        (
            "mass = 250",
            "mass = 1e308",
            'gate "gerbang_utama" (gates[0]): mass: must be at most 10000 (got 1e+308)',
        ),
        # used to pass validate and crash simulate
        (
            "spawn_rate = 8",
            "spawn_rate = 1e308",
            'crowd "massa" (crowd[0]): spawn_rate: must be at most 200 (got 1e+308)',
        ),
        (
            "spawn_rate = 8",
            "spawn_rate = 8\nstart = 1e308",
            'crowd "massa" (crowd[0]): start: must be at most 7200 (got 1e+308)',
        ),
        (
            "count = 400",
            "count = 99999999999999999999",
            'crowd "massa" (crowd[0]): count: must be at most 20000 (got 99999999999999999999)',
        ),
        (
            "rect = [44, 6, 12, 8]",
            "rect = [44, 6, 1e308, 8]",
            'zone "depan_gerbang" (zones[5]): rect[2]: width must be at most 10000 (got 1e+308); '
            "rect is [x, y, width, height]",
        ),
        (
            "at = [69, 33]",
            "at = [1e308, 33]",
            'squad "brimob" (squads[2]): formation.at[0]: must be at most 10000 (got 1e+308)',
        ),
        (
            "officers = 20",
            "officers = 1000000",
            'squad "dalmas_awal" (squads[0]): officers: must be at most 200 (got 1000000)',
        ),
        (
            "mean = 1.3",
            "mean = 1e308",
            'crowd "massa" (crowd[0]): speed.mean: must be at most 6 (got 1e+308)',
        ),
    ],
)
def test_a_number_out_of_range_is_refused(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert one_problem(tmp_path, kpu_with(old, new)) == expected


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("seed = 20240826", "wind = [1e308, 0]", "wind[0]: must be at most 30 (got 1e+308)"),
        ("time_limit = 900", "time_limit = 1e308", "time_limit: must be at most 7200 (got 1e+308)"),
        ("seed = 20240826", "seed = -1", "seed: must be at least 0 (got -1)"),
    ],
)
def test_a_top_level_number_out_of_range_is_refused(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = kpu_with(old, new)
    assert one_problem(tmp_path, text) == expected


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        (
            "[negotiation.listen]\ncooldown = 1e308",
            "negotiation.listen.cooldown: must be at most 3600 (got 1e+308)",
        ),
        (
            "[negotiation.listen]\neffects = { agitation = -1e308 }",
            "negotiation.listen.effects.agitation: must be at least -1 (got -1e+308)",
        ),
        (
            "[force.tear_gas]\nrange = 1e308",
            "force.tear_gas.range: must be at most 200 (got 1e+308)",
        ),
        (
            "[force.tear_gas]\nduration = nan",
            "force.tear_gas.duration: expected a finite number, not nan or inf",
        ),
    ],
)
def test_a_rule_tuned_out_of_range_is_refused(tmp_path: Path, table: str, expected: str) -> None:
    assert one_problem(tmp_path, kpu_with("", "", None) + "\n" + table + "\n") == expected


def _numbers(model: type, seen: set[type]) -> list[tuple[str, object]]:
    """Every numeric field of the schema with its metadata (bounds), recursively."""
    from typing import Annotated, Literal, get_args, get_origin

    from pydantic import BaseModel

    out: list[tuple[str, object]] = []
    if model in seen:
        return out
    seen.add(model)

    def walk(where: str, t: object, meta: list[object]) -> None:
        origin = get_origin(t)
        if t in (int, float):
            out.append((where, meta))
        elif isinstance(t, type) and issubclass(t, BaseModel):
            out.extend(_numbers(t, seen))
        elif origin is not None and origin is not Literal:
            args = get_args(t)
            if origin is Annotated:
                walk(where, args[0], [*meta, *args[1:]])
            else:
                for a in args:
                    if a is not Ellipsis:
                        walk(where, a, [])

    for name, field in model.model_fields.items():
        walk(f"{model.__name__}.{name}", field.annotation, list(field.metadata))
    return out


def test_every_number_in_the_schema_has_an_upper_and_a_lower_bound() -> None:
    unbounded = []
    for where, meta in _numbers(Level, set()):
        names = {type(m).__name__ for m in meta}  # annotated_types Ge, Gt, Le, Lt
        for m in meta:  # a FieldInfo inside Annotated carries its own metadata
            names |= {type(x).__name__ for x in getattr(m, "metadata", [])}
        if not (names & {"Ge", "Gt"} and names & {"Le", "Lt"}):
            unbounded.append(where)
    assert unbounded == []


def test_the_shipped_levels_are_within_the_ranges() -> None:
    root = Path(__file__).resolve().parents[2] / "levels"
    for path in sorted(root.rglob("*.toml")):
        if path.name != "campaign.toml":
            parse_level(path.read_text(encoding="utf-8"), str(path))


def test_an_outline_has_at_most_a_thousand_points(tmp_path: Path) -> None:
    """The checks compare every edge of an outline with every other: the list is bounded."""
    points = ", ".join(f"[{44 + 12 * k / 1000:.4f}, 6]" for k in range(1000))
    text = kpu_with("rect = [44, 6, 12, 8]", f"polygon = [{points}, [56, 14]]")
    assert one_problem(tmp_path, text) == (
        'zone "depan_gerbang" (zones[5]): polygon: may have at most 1000 points, got 1001'
    )
