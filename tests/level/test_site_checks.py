"""The whole-site checks: areas that enclose nothing or cross themselves, gates that close
no gap, goals the crowd cannot reach, squads that start off the map or across a wall, crowds
the ground cannot hold and messages timed after the end. Each refusal names the item by its
name, the key, and says how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest
from level_helpers import ROOT, kpu_with, one_problem, refused

from game.level import parse_level

YARD = ROOT / "levels" / "lapangan_latihan.toml"


# --- areas ---------------------------------------------------------------------------


def test_a_zone_rect_without_area(tmp_path: Path) -> None:
    msg = one_problem(tmp_path, kpu_with("rect = [44, 6, 12, 8]", "rect = [44, 6, 12, 1e-9]"))
    assert msg.startswith(
        'zone "depan_gerbang" (zones[5]): rect: the rectangle encloses no area (1.2e-08 m²); '
    )
    assert msg.endswith("give it a width and a height of at least 0.1 m")


def test_a_zone_polygon_of_points_on_one_line(tmp_path: Path) -> None:
    text = kpu_with("rect = [44, 6, 12, 8]", "polygon = [[44, 6], [50, 6], [56, 6]]")
    assert one_problem(tmp_path, text) == (
        'zone "depan_gerbang" (zones[5]): polygon: the outline encloses no area (0 m²): its '
        "points lie on one line or on top of each other; give at least three corners that are "
        "not in a line"
    )


def test_a_zone_outline_that_crosses_itself(tmp_path: Path) -> None:
    bow_tie = "polygon = [[44, 6], [56, 14], [56, 6], [44, 14]]"
    text = kpu_with("rect = [44, 6, 12, 8]", bow_tie)
    assert one_problem(tmp_path, text) == (
        'zone "depan_gerbang" (zones[5]): polygon: the outline crosses itself (the edge from '
        "point 0 to point 1 meets the edge from point 2 to point 3); list the points in order "
        "around the outline, or split the area in two"
    )


def test_a_zone_outline_that_folds_back_on_itself(tmp_path: Path) -> None:
    spike = "polygon = [[44, 6], [56, 6], [56, 14], [50, 14], [50, 20], [50, 14], [44, 14]]"
    text = kpu_with("rect = [44, 6, 12, 8]", spike)
    assert "polygon: the outline crosses itself" in one_problem(tmp_path, text)


def test_a_concave_zone_is_fine() -> None:
    l_shape = "polygon = [[44, 6], [56, 6], [56, 14], [50, 14], [50, 10], [44, 10]]"
    parse_level(kpu_with("rect = [44, 6, 12, 8]", l_shape))


def test_a_building_of_points_on_one_line(tmp_path: Path) -> None:
    old = "polygon = [[76, 46], [92, 46], [92, 62], [76, 62]]"
    msg = one_problem(tmp_path, kpu_with(old, "polygon = [[76, 46], [84, 54], [92, 62]]"))
    assert msg.startswith(
        'building "gudang_logistik" (buildings[1]): polygon: the outline encloses no area'
    )


def test_a_building_that_crosses_itself_is_told_so(tmp_path: Path) -> None:
    old = "polygon = [[76, 46], [92, 46], [92, 62], [76, 62]]"
    msg = one_problem(tmp_path, kpu_with(old, "polygon = [[76, 46], [92, 62], [92, 46], [76, 62]]"))
    assert msg.startswith(
        'building "gudang_logistik" (buildings[1]): polygon: the outline crosses itself'
    )


# --- gates ---------------------------------------------------------------------------


def test_a_fence_that_stops_short_of_a_gate(tmp_path: Path) -> None:
    text = kpu_with("points = [[4, 15], [47, 15]]", "points = [[4, 15], [46.2, 15]]")
    assert one_problem(tmp_path, text) == (
        'gate "gerbang_utama" (gates[0]): a: fence "pagar_depan_barat" stops 0.80 m short of '
        "the gate's end a (47, 15), at (46.2, 15): people would slip through the gap beside "
        "the gate; end the fence at [47, 15] or move a onto it"
    )


def test_a_gate_in_the_open(tmp_path: Path) -> None:
    text = kpu_with("a = [78, 15]\nb = [79.5, 15]", "a = [20, 30]\nb = [22, 30]")
    text = text.replace("points = [[53, 15], [78, 15]]", "points = [[53, 15], [79.5, 15]]")
    assert refused(tmp_path, text) == [
        'gate "pintu_samping" (gates[1]): a: the gate\'s end a (20, 30) meets no wall or fence: '
        "a gate closes a gap in a fence, so each of its ends must be a fence's end or lie on a "
        "fence; move a onto the fence beside the gate",
        'gate "pintu_samping" (gates[1]): b: the gate\'s end b (22, 30) meets no wall or fence: '
        "a gate closes a gap in a fence, so each of its ends must be a fence's end or lie on a "
        "fence; move b onto the fence beside the gate",
    ]


def test_a_fence_across_the_opening_of_a_gate(tmp_path: Path) -> None:
    text = kpu_with("points = [[53, 15], [78, 15]]", "points = [[47, 15], [78, 15]]")
    assert one_problem(tmp_path, text) == (
        'gate "gerbang_utama" (gates[0]): b: fence "pagar_depan_tengah" runs across the gate at '
        "(50, 15), so opening the gate would open nothing; leave the gap between a and b free "
        "of the fence"
    )


def test_a_gate_end_may_lie_along_a_fence() -> None:
    """A side gate hinged on a fence that turns there: the end is on the fence, not at its end."""
    text = kpu_with(
        "points = [[79.5, 15], [96, 15]]", "points = [[79.5, 13], [79.5, 15], [96, 15]]"
    )
    parse_level(text)


# --- reaching the goal ---------------------------------------------------------------

RING = """
[[walls]]
name = "kurungan"
points = [[39, 33], [61, 33], [61, 42], [39, 42], [39, 33]]
"""
RING_WITH_GATE = """
[[walls]]
name = "kurungan"
points = [[50, 33], [61, 33], [61, 42], [39, 42], [39, 33], [48, 33]]

[[gates]]
name = "pintu_kurungan"
a = [48, 33]
b = [50, 33]
break_force = 5000
"""


def test_a_goal_walled_in_cannot_be_reached(tmp_path: Path) -> None:
    text = kpu_with("[[gates]]", RING + "\n[[gates]]")
    why = (
        ": walls, fences and buildings close every way between them (a gate, open or closed, "
        "counts as a way through, since a crowd can push it open or break it); leave an "
        "opening or put a gate in the way, or move one of the zones"
    )
    assert refused(tmp_path, text) == [
        'crowd "massa" (crowd[0]): goal: zone "halaman_kpu" cannot be reached from spawn zone '
        '"spawn_barat"' + why,
        'crowd "provokator" (crowd[1]): goal: zone "halaman_kpu" cannot be reached from spawn '
        'zone "spawn_timur"' + why,
    ]


def test_a_closed_gate_is_a_way_through() -> None:
    level = parse_level(kpu_with("[[gates]]", RING_WITH_GATE + "\n[[gates]]"))
    assert not next(g for g in level.gates if g.name == "pintu_kurungan").open


def test_a_goal_with_no_ground_to_walk_on(tmp_path: Path) -> None:
    text = kpu_with("rect = [40, 34, 20, 7]", "rect = [40.13, 34.13, 0.2, 0.2]")
    assert one_problem(tmp_path, text) == (
        'crowd "massa" (crowd[0]): goal: zone "halaman_kpu" has no ground to walk on: all of '
        "it lies inside a building, within 0.25 m of a wall, or between the points of the "
        "0.25 m grid the crowd plans its way on; enlarge the zone or move it into the open"
    )


# --- squads --------------------------------------------------------------------------


def test_a_column_that_reaches_off_the_map(tmp_path: Path) -> None:
    text = kpu_with(
        'type = "column", at = [69, 33], face = [50, 15]',
        'type = "column", at = [50, 3], face = [50, 12]',
    )
    assert one_problem(tmp_path, text) == (
        'squad "brimob" (squads[2]): formation: a column of 20 officers reaches off the map, to '
        "(50.4, -5.1) (the map is x 0..100, y 0..70 m); move the formation further in, turn it "
        "(face) or reduce officers"
    )


def test_a_line_across_a_fence(tmp_path: Path) -> None:
    text = kpu_with(
        "a = [44, 18], b = [56, 18], ranks = 1", "a = [30, 13], b = [30, 24], ranks = 1"
    )
    assert one_problem(tmp_path, text) == (
        'squad "dalmas_awal" (squads[0]): formation: fence "pagar_depan_barat" runs through the '
        "formation (a line of 20 officers in 1 rank): officers would start on both sides of it "
        "or on it; move the formation clear of the fence"
    )


def test_a_wedge_reaching_into_a_building(tmp_path: Path) -> None:
    text = kpu_with(
        'type = "wedge", at = [33, 30], face = [50, 15]',
        'type = "wedge", at = [50, 38], face = [50, 15]',
    )
    msg = one_problem(tmp_path, text)
    assert msg.startswith(
        'squad "tni" (squads[3]): formation: a wedge of 20 officers reaches into building '
        '"kantor_kpu"'
    )


# --- how many people -----------------------------------------------------------------


def test_a_spawn_zone_too_small_for_one_person(tmp_path: Path) -> None:
    text = kpu_with("rect = [4, 2.5, 14, 9]", "rect = [4, 2.5, 0.2, 0.2]")
    assert one_problem(tmp_path, text) == (
        'crowd "massa" (crowd[0]): spawn: spawn zone "spawn_barat" is too small to hold even one '
        "person (0.04 m²; at 3.5 people per m² one needs 0.29 m²); enlarge the zone"
    )


def test_a_crowd_larger_than_the_map_can_hold(tmp_path: Path) -> None:
    text = kpu_with("count = 80\n", "count = 5000\nspawn_rate = 10\n", YARD.read_text())
    assert one_problem(tmp_path, text) == (
        'crowd "peserta" (crowd[0]): count: the crowd groups up to this one add up to 5000 '
        "people, more than the map can hold (1200 m² of open ground at 3.5 people per m² is "
        "room for 4200); lower the counts or enlarge the map"
    )


# --- times ---------------------------------------------------------------------------


def test_a_radio_message_after_the_time_limit(tmp_path: Path) -> None:
    assert one_problem(tmp_path, kpu_with("at = 60\n", "at = 950\n")) == (
        "radio[2]: at: the message is timed at 950 s, after the time limit of 900 s, so nobody "
        "would ever hear it; set at below time_limit or raise time_limit"
    )


def test_a_crowd_starting_after_the_time_limit(tmp_path: Path) -> None:
    assert one_problem(tmp_path, kpu_with("start = 20\n", "start = 1000\n")) == (
        'crowd "provokator" (crowd[1]): start: the group starts at 1000 s, after the time limit '
        "of 900 s, so it would never arrive; set start below time_limit or raise time_limit"
    )


@pytest.mark.parametrize("path", sorted((ROOT / "levels").rglob("*.toml")), ids=lambda p: p.name)
def test_the_shipped_levels_pass_every_check(path: Path) -> None:
    if path.name != "campaign.toml":
        parse_level(path.read_text(encoding="utf-8"), str(path))


@pytest.mark.parametrize("path", sorted((ROOT / "levels").rglob("*.toml")), ids=lambda p: p.name)
def test_the_loader_walks_on_the_grid_the_crowd_plans_on(path: Path) -> None:
    """game/level/grid.py repeats the simulation's blocked cells without scipy or pymunk;
    the two must agree, or the loader would pass a goal the crowd cannot find."""
    if path.name == "campaign.toml":
        return
    from game.level.grid import grid_cell_size, walkable
    from game.sim import navigation
    from game.sim.world import build_static_world

    level = parse_level(path.read_text(encoding="utf-8"), str(path))
    w, h = level.map.width, level.map.height
    assert grid_cell_size(w, h) == navigation.grid_cell_size(w, h)
    ours = walkable(
        w,
        h,
        [(wall.points, wall.thickness) for wall in level.walls],
        [b.polygon for b in level.buildings],
    )
    world = build_static_world(level)
    theirs = navigation.blocked_cells(w, h, ours.cell, world.obstacles)
    assert (ours.free == ~theirs).all()
