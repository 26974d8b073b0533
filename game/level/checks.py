"""Checks a level passes after its keys and types are right: names, references, geometry.

Every zone a crowd names must exist and be of the right kind, every point must lie on the
map, no name may be used twice in a section, a crowd placed at once must fit its spawn zone,
spawn and goal zones must be open ground (no building inside, no wall or gate through them),
squads must not start inside a building, a line needs room for its officers, and a
building must be convex (the simulation makes each one a single convex solid).

The crowd's roles must fit in its count; a water cannon is one vehicle and the Kapolres comes
with at most two aides; a protected person stands on open ground; every zone and person an
objective names exists, and an objective must be one the trainee can meet (dispersal needs an
exit to disperse by, arrests need provocateurs to arrest). A level's tuning of the rules of
negotiation and force must name shipped rules and leave them valid.
"""

from __future__ import annotations

import difflib
import math
from typing import Any

import numpy as np
from pydantic import BaseModel, ValidationError

from game.doctrine.formations import layout, start_pose, threat_point
from game.doctrine.rulebook import MoveRule, ToolRule, force_tools, negotiation_moves
from game.doctrine.units import UNIT_KINDS, cordon_length_needed
from game.level.errors import LevelProblem, item_label
from game.level.grid import WALL_MARGIN, Grid, components, walkable
from game.level.messages import rule_problems
from game.level.schema import Area, Level, LineFormation, Strict

MAX_SPAWN_DENSITY = 3.5  # persons per m² a spawn zone can hold at the start
EPS = 1e-7

Point = tuple[float, float]


def check_references(level: Level) -> list[LevelProblem]:
    problems: list[LevelProblem] = []

    def add(section: str, index: int, name: str | None, field: str, msg: str) -> None:
        problems.append(LevelProblem(item_label(section, index, name), field, msg))

    sections: dict[str, list[Any]] = {
        "ground": level.ground,
        "buildings": level.buildings,
        "walls": level.walls,
        "gates": level.gates,
        "zones": level.zones,
        "crowd": level.crowd,
        "squads": level.squads,
        "lines": level.lines,
        "people": level.people,
    }
    for section, items in sections.items():
        first: dict[str, int] = {}
        for i, item in enumerate(items):
            name = getattr(item, "name", None)
            if name is not None:
                if name in first:
                    add(
                        section,
                        i,
                        name,
                        "name",
                        f'the name "{name}" is already used by {section}[{first[name]}]; '
                        "names must differ within a section",
                    )
                else:
                    first[name] = i
            for field, point in _points_of(item):
                if not all(math.isfinite(c) for c in point):
                    add(section, i, name, field, "coordinates must be finite numbers")
                elif not _inside_map(level, point):
                    add(
                        section,
                        i,
                        name,
                        field,
                        f"point ({point[0]:g}, {point[1]:g}) lies outside the map "
                        f"(x 0..{level.map.width:g}, y 0..{level.map.height:g} m)",
                    )
    _check_crowd(level, add)
    _check_unit_sizes(level, add)
    _check_objectives(level, add)
    _check_times(level, add)
    problems += _check_rule_tuning(level)
    if not any(p.message.startswith("coordinates must be finite") for p in problems):
        bad_zones = _check_zone_shapes(level, add)
        _check_open_ground(level, add)
        _check_squads(level, add)
        _check_people(level, add)
        _check_buildings(level, add)
        _check_gates(level, add, {p.where for p in problems})
        _check_map_capacity(level, add, bad_zones)
        if not problems:  # the ground must be right before the way across it is worth a look
            _check_reach(level, add)
            _check_squad_ground(level, add)
    return problems


def _check_crowd(level: Level, add: Any) -> None:
    zones = {z.name: z for z in level.zones}
    placed: dict[str, int] = {}  # people put into each spawn zone at once, so far
    for i, group in enumerate(level.crowd):
        spawn = zones.get(group.spawn)
        if spawn is None:
            add("crowd", i, group.name, "spawn", _unknown("zone", group.spawn, zones))
        elif spawn.kind != "spawn":
            add(
                "crowd",
                i,
                group.name,
                "spawn",
                f'zone "{group.spawn}" is a {spawn.kind} zone; people can only start '
                'in a zone of kind "spawn"',
            )
        elif group.spawn_rate == 0:
            area = polygon_area(spawn.outline())
            fits = int(area * MAX_SPAWN_DENSITY)
            before = placed.get(spawn.name, 0)
            placed[spawn.name] = before + group.count
            if before + group.count > fits:
                others = f", {before} of them taken by earlier groups" if before else ""
                add(
                    "crowd",
                    i,
                    group.name,
                    "count",
                    f'{group.count} people do not fit in spawn zone "{group.spawn}" '
                    f"({area:.0f} m², room for {fits}{others}); enlarge the zone or set "
                    "spawn_rate so they arrive over time",
                )
        goal = zones.get(group.goal)
        if goal is None:
            add("crowd", i, group.name, "goal", _unknown("zone", group.goal, zones))
        elif goal.kind not in ("goal", "exit"):
            add(
                "crowd",
                i,
                group.name,
                "goal",
                f'zone "{group.goal}" is a {goal.kind} zone; a goal must be a zone of kind '
                '"goal" or "exit"',
            )
        r = group.roles
        if r.korlap + r.provokator + r.bystander > group.count:
            add(
                "crowd",
                i,
                group.name,
                "roles",
                f"{r.korlap} korlap + {r.provokator} provokator + {r.bystander} bystander make "
                f"{r.korlap + r.provokator + r.bystander} people, more than the group's count "
                f"of {group.count}; lower the roles or raise count",
            )


MAX_OFFICERS = {"water_cannon": 1, "kapolres": 3}


def _check_unit_sizes(level: Level, add: Any) -> None:
    """A water cannon is one vehicle; the Kapolres moves with at most two aides."""
    why = {
        "water_cannon": "a water_cannon squad is one vehicle, so officers must be 1; "
        "give each further vehicle its own [[squads]] entry",
        "kapolres": "a kapolres squad is the Kapolres with at most two aides, so officers "
        "must be at most 3",
    }
    for i, squad in enumerate(level.squads):
        most = MAX_OFFICERS.get(squad.kind)
        if most is not None and squad.officers > most:
            add("squads", i, squad.name, "officers", f"{why[squad.kind]} (got {squad.officers})")


def _check_objectives(level: Level, add: Any) -> None:
    zones = {z.name: z for z in level.zones}
    people = {p.name: p for p in level.people}
    for i, obj in enumerate(level.objectives):
        if obj.type == "keep_zone_clear" and obj.zone not in zones:
            add("objectives", i, None, "zone", _unknown("zone", obj.zone, zones))
        elif obj.type in ("protect_person", "free_hostage") and obj.person not in people:
            none = f'the level has no [[people]]; add one with name = "{obj.person}"'
            add("objectives", i, None, "person", _unknown("person", obj.person, people, none))
        elif obj.type == "disperse_by" and not any(z.kind == "exit" for z in level.zones):
            add(
                "objectives",
                i,
                None,
                "type",
                'disperse_by needs at least one zone of kind "exit": the crowd disperses by '
                "walking to the nearest exit, and without one nobody can leave; add an exit "
                "zone or remove this objective",
            )
        elif obj.type == "arrest_provocateurs" and not any(g.roles.provokator for g in level.crowd):
            add(
                "objectives",
                i,
                None,
                "type",
                "arrest_provocateurs needs provocateurs to arrest, but no crowd group has any; "
                "set roles.provokator in a [[crowd]] group or remove this objective",
            )
        elif obj.type == "evacuate_injured" and not any(q.kind == "medic" for q in level.squads):
            add(
                "objectives",
                i,
                None,
                "type",
                "evacuate_injured needs medics to carry the injured out, but no squad is of kind "
                '"medic"; add a [[squads]] entry with kind = "medic" or remove this objective',
            )


def _check_open_ground(level: Level, add: Any) -> None:
    """Spawn and goal zones must be open: people start there or must be able to reach it."""
    barriers: list[tuple[str, str, list[Point]]] = [
        (w.kind, w.name, list(w.points)) for w in level.walls
    ] + [("gate", g.name, [g.a, g.b]) for g in level.gates]
    for i, zone in enumerate(level.zones):
        if zone.kind not in ("spawn", "goal"):
            continue
        outline = zone.outline()
        field = "rect" if zone.rect is not None else "polygon"
        why = (
            "people would start inside it"
            if zone.kind == "spawn"
            else "the crowd could not reach all of the goal"
        )
        for building in level.buildings:
            if polygons_overlap(outline, list(building.polygon)):
                add(
                    "zones",
                    i,
                    zone.name,
                    field,
                    f'overlaps building "{building.name}"; {why}. Keep {zone.kind} zones '
                    "on open ground",
                )
        for what, name, points in barriers:
            if any(segment_enters(a, b, outline) for a, b in zip(points, points[1:], strict=False)):
                add(
                    "zones",
                    i,
                    zone.name,
                    field,
                    f'{what} "{name}" runs through this {zone.kind} zone; '
                    f"move the zone or the {what}",
                )


def _check_squads(level: Level, add: Any) -> None:
    for i, squad in enumerate(level.squads):
        f = squad.formation
        spots = [("a", f.a), ("b", f.b)] if isinstance(f, LineFormation) else [("at", f.at)]
        for key, p in spots:
            for building in level.buildings:
                if strictly_inside(p, list(building.polygon)):
                    add(
                        "squads",
                        i,
                        squad.name,
                        f"formation.{key}",
                        f'point ({p[0]:g}, {p[1]:g}) lies inside building "{building.name}"',
                    )
        if isinstance(f, LineFormation):
            length = math.dist(f.a, f.b)
            need = cordon_length_needed(squad.kind, squad.officers, f.ranks)
            shoulder = 2 * UNIT_KINDS[squad.kind].radius
            ranks = "1 rank" if f.ranks == 1 else f"{f.ranks} ranks"
            if length <= EPS:
                add(
                    "squads",
                    i,
                    squad.name,
                    "formation.b",
                    "a line needs two different ends; a and b are the same point",
                )
            elif length + EPS < need:
                add(
                    "squads",
                    i,
                    squad.name,
                    "formation",
                    f"{squad.officers} officers in {ranks} need a line at least {need:.1f} m "
                    f"long ({shoulder:.2f} m per {squad.kind} officer), but a to b is "
                    f"{length:.1f} m; move a and b apart, add a rank or reduce officers",
                )


def _check_rule_tuning(level: Level) -> list[LevelProblem]:
    """[negotiation.<move>] and [force.<tool>] tables are laid over the shipped rules when
    the simulation starts; check the result now, so that a typo is reported by the loader
    and not as a crash when the run begins."""

    out: list[LevelProblem] = []
    sections: list[tuple[str, Any, type[BaseModel], str]] = [
        ("negotiation", negotiation_moves, MoveRule, "negotiation move"),
        ("force", force_tools, ToolRule, "tool of force"),
    ]
    for section, build, model, what in sections:
        tuning: dict[str, dict[str, Any]] = getattr(level, section)
        shipped = build() if tuning else {}
        for name, changes in tuning.items():
            at = f"{section}.{name}"
            unknown = name not in shipped
            close = difflib.get_close_matches(name, list(shipped), n=1) if unknown else []
            if unknown and (section == "force" or close):
                msg = _unknown(what, name, shipped)
                if section == "force" and not close:
                    msg += "; a level can tune the tools, not add new ones"
                out.append(LevelProblem("", at, msg))
                continue
            try:
                build({name: changes})
            except ValidationError as exc:
                out += rule_problems(exc, model, at)
    return out


def _check_people(level: Level, add: Any) -> None:
    """A protected person stands on open ground, where the police can reach them."""
    for i, person in enumerate(level.people):
        for building in level.buildings:
            if strictly_inside(person.at, list(building.polygon)):
                add(
                    "people",
                    i,
                    person.name,
                    "at",
                    f"point ({person.at[0]:g}, {person.at[1]:g}) lies inside building "
                    f'"{building.name}"; place the person outside it (e.g. at its door)',
                )


def _check_buildings(level: Level, add: Any) -> None:
    """The simulation makes each building one convex solid; an inward corner would be
    silently filled in, so it is refused here instead."""
    for i, building in enumerate(level.buildings):
        poly = list(building.polygon)
        shape = _shape_problem(poly)
        if shape:
            add("buildings", i, building.name, "polygon", shape)
        elif not is_convex(poly):
            add(
                "buildings",
                i,
                building.name,
                "polygon",
                "the outline has an inward corner or crosses itself; a building must be "
                "convex, so split it into convex parts (e.g. an L into two rectangles)",
            )


MIN_AREA = 0.01  # m²: a zone or building smaller than 10 cm × 10 cm encloses no area
GATE_TOUCH = 0.01  # m: how near a fence a gate's end must be to meet it
GAP_NEAR = 3.0  # m: a fence end this near a gate's end was meant to meet it


def _shape_problem(outline: list[Point], rect: bool = False) -> str:
    """What is wrong with an outline as the edge of an area, or ''."""
    area = polygon_area(outline)
    crossing = None if _collinear(outline) else self_crossing(outline)
    if crossing is None and area < MIN_AREA:
        if rect:
            return (
                f"the rectangle encloses no area ({area:.2g} m²); give it a width and a height "
                "of at least 0.1 m"
            )
        return (
            f"the outline encloses no area ({area:.2g} m²): its points lie on one line or on "
            "top of each other; give at least three corners that are not in a line"
        )
    if crossing is not None:
        i, j = crossing
        n = len(outline)
        return (
            f"the outline crosses itself (the edge from point {i} to point {(i + 1) % n} meets "
            f"the edge from point {j} to point {(j + 1) % n}); list the points in order "
            "around the outline, or split the area in two"
        )
    return ""


def _check_zone_shapes(level: Level, add: Any) -> set[str]:
    """A zone is an area: it must enclose some and its outline must not cross itself.
    Returns the names of the zones refused here."""
    bad: set[str] = set()
    for i, zone in enumerate(level.zones):
        shape = _shape_problem(zone.outline(), rect=zone.rect is not None)
        if shape:
            add("zones", i, zone.name, "rect" if zone.rect is not None else "polygon", shape)
            bad.add(zone.name)
    return bad


def _check_times(level: Level, add: Any) -> None:
    """Nothing is scheduled for after the run has ended."""
    limit = level.time_limit
    for i, msg in enumerate(level.radio):
        if msg.at > limit:
            add(
                "radio",
                i,
                None,
                "at",
                f"the message is timed at {msg.at:g} s, after the time limit of {limit:g} s, "
                "so nobody would ever hear it; set at below time_limit or raise time_limit",
            )
    for i, group in enumerate(level.crowd):
        if group.start > limit:
            add(
                "crowd",
                i,
                group.name,
                "start",
                f"the group starts at {group.start:g} s, after the time limit of {limit:g} s, "
                "so it would never arrive; set start below time_limit or raise time_limit",
            )


def _check_gates(level: Level, add: Any, reported: set[str]) -> None:
    """A gate closes a gap in a fence: each end meets a wall or fence (at its end or along
    it), no fence stops short of it, and no wall runs across the opening. Gates already
    refused (e.g. off the map) are passed over."""
    segments = [
        (w.kind, w.name, a, b)
        for w in level.walls
        for a, b in zip(w.points, w.points[1:], strict=False)
    ]
    ends = [(w.kind, w.name, p) for w in level.walls for p in (w.points[0], w.points[-1])]
    for i, gate in enumerate(level.gates):
        if item_label("gates", i, gate.name) in reported:
            continue
        for key, p in (("a", gate.a), ("b", gate.b)):
            if any(_distance_to_segment(p, a, b) <= GATE_TOUCH for _, _, a, b in segments):
                continue
            where = f"({p[0]:g}, {p[1]:g})"
            near = min(ends, key=lambda e: math.dist(e[2], p), default=None)
            if near is not None and math.dist(near[2], p) <= GAP_NEAR:
                kind, name, e = near
                msg = (
                    f'{kind} "{name}" stops {math.dist(e, p):.2f} m short of the gate\'s end '
                    f"{key} {where}, at ({e[0]:g}, {e[1]:g}): people would slip through the gap "
                    f"beside the gate; end the {kind} at [{p[0]:g}, {p[1]:g}] or move {key} "
                    "onto it"
                )
            elif not segments:
                msg = (
                    f"the gate's end {key} {where} meets no wall or fence, and the level has "
                    "none: a gate closes a gap in a fence, so add the fences on either side, "
                    "ending at a and b"
                )
            else:
                msg = (
                    f"the gate's end {key} {where} meets no wall or fence: a gate closes a gap "
                    "in a fence, so each of its ends must be a fence's end or lie on a fence; "
                    f"move {key} onto the fence beside the gate"
                )
            add("gates", i, gate.name, key, msg)
        for kind, name, a, b in segments:
            t = _crossing(gate.a, gate.b, a, b)
            length = math.dist(gate.a, gate.b)
            if t is not None and GATE_TOUCH < t * length < length - GATE_TOUCH:
                x = gate.a[0] + t * (gate.b[0] - gate.a[0])
                y = gate.a[1] + t * (gate.b[1] - gate.a[1])
                add(
                    "gates",
                    i,
                    gate.name,
                    "b",
                    f'{kind} "{name}" runs across the gate at ({x:g}, {y:g}), so opening the '
                    f"gate would open nothing; leave the gap between a and b free of the {kind}",
                )
                break


def _check_map_capacity(level: Level, add: Any, bad_zones: set[str]) -> None:
    """The crowd must fit on the open ground of the map, and a zone people arrive in over
    time must hold at least one of them."""
    zones = {z.name: z for z in level.zones}
    for i, group in enumerate(level.crowd):
        spawn = zones.get(group.spawn)
        if group.spawn_rate == 0 or spawn is None or spawn.name in bad_zones:
            continue
        area = polygon_area(spawn.outline())
        if area * MAX_SPAWN_DENSITY < 1:
            add(
                "crowd",
                i,
                group.name,
                "spawn",
                f'spawn zone "{group.spawn}" is too small to hold even one person ({area:.2g} '
                f"m²; at {MAX_SPAWN_DENSITY:g} people per m² one needs "
                f"{1 / MAX_SPAWN_DENSITY:.2f} m²); enlarge the zone",
            )
    open_ground = level.map.width * level.map.height - sum(
        polygon_area(list(b.polygon)) for b in level.buildings
    )
    room = int(max(open_ground, 0) * MAX_SPAWN_DENSITY)
    total = 0
    for i, group in enumerate(level.crowd):
        total += group.count
        if total > room:
            add(
                "crowd",
                i,
                group.name,
                "count",
                f"the crowd groups up to this one add up to {total} people, more than the map "
                f"can hold ({max(open_ground, 0):.0f} m² of open ground at "
                f"{MAX_SPAWN_DENSITY:g} people per m² is room for {room}); lower the counts "
                "or enlarge the map",
            )
            return


def _site_grid(level: Level) -> Grid:
    walls = [(list(w.points), w.thickness) for w in level.walls]
    return walkable(level.map.width, level.map.height, walls, [b.polygon for b in level.buildings])


def _check_reach(level: Level, add: Any) -> None:
    """Each crowd group can walk from its spawn zone to its goal. Gates count as passable,
    open or closed: the crowd plans its way through a closed gate, which it can push open
    or break (as the simulation's floor fields do)."""
    if not level.crowd:
        return
    grid = _site_grid(level)
    labels = components(grid.free)
    zones = {z.name: z for z in level.zones}
    clear = f"{WALL_MARGIN:g} m"
    no_ground: set[str] = set()
    for i, group in enumerate(level.crowd):
        spawn, goal = zones.get(group.spawn), zones.get(group.goal)
        if spawn is None or goal is None:
            continue
        goal_cells = grid.cells_in(goal.outline()) & grid.free
        if not goal_cells.any():
            if goal.name in no_ground:  # said once, for the first group that heads there
                continue
            no_ground.add(goal.name)
            add(
                "crowd",
                i,
                group.name,
                "goal",
                f'zone "{goal.name}" has no ground to walk on: all of it lies inside a building, '
                f"within {clear} of a wall, or between the points of the {grid.cell:g} m grid "
                "the crowd plans its way on; enlarge the zone or move it into the open",
            )
            continue
        start = grid.cells_in(spawn.outline()) & grid.free
        if not start.any():
            # a tiny spawn zone: people step out of it onto the nearest free ground
            start = _nearest_free(grid, spawn.outline())
        reached = set(np.unique(labels[start]).tolist()) - {-1}
        if not reached & set(np.unique(labels[goal_cells]).tolist()):
            add(
                "crowd",
                i,
                group.name,
                "goal",
                f'zone "{goal.name}" cannot be reached from spawn zone "{spawn.name}": walls, '
                "fences and buildings close every way between them (a gate, open or closed, "
                "counts as a way through, since a crowd can push it open or break it); leave "
                "an opening or put a gate in the way, or move one of the zones",
            )


def _nearest_free(grid: Grid, outline: list[Point]) -> np.ndarray:
    xs, ys = grid.centres()
    cx, cy = _centroid(outline)
    gx, gy = np.meshgrid(xs, ys)
    d = np.where(grid.free, np.hypot(gx - cx, gy - cy), np.inf)
    out = np.zeros(grid.free.shape, dtype=bool)
    if np.isfinite(d).any():
        out[np.unravel_index(int(np.argmin(d)), d.shape)] = True
    return out


def _check_squad_ground(level: Level, add: Any) -> None:
    """Every officer of a squad starts on the map, outside buildings, and no wall, fence or
    closed gate runs through the squad's formation."""
    zones = {z.name: z for z in level.zones}
    spawns = [zones[g.spawn].outline() for g in level.crowd if g.spawn in zones]
    threat = threat_point(spawns, level.map.width)
    barriers = [
        (w.kind, w.name, a, b, w.thickness / 2)
        for w in level.walls
        for a, b in zip(w.points, w.points[1:], strict=False)
    ] + [("gate", g.name, g.a, g.b, 0.1) for g in level.gates if not g.open]
    for i, squad in enumerate(level.squads):
        kind = UNIT_KINDS[squad.kind]
        shape, centre, heading, width, ranks = start_pose(squad.formation, threat)
        spots = layout(shape, centre, heading, squad.officers, width, ranks, kind.rank_gap)
        pts: list[Point] = [(float(x), float(y)) for x, y in spots]
        how = _formation_words(squad.officers, shape, ranks)
        w, h = level.map.width, level.map.height
        beyond = [max(-x, x - w, -y, y - h) for x, y in pts]
        off = pts[beyond.index(max(beyond))] if max(beyond) > 0 else None
        if off is not None:
            add(
                "squads",
                i,
                squad.name,
                "formation",
                f"{how} reaches off the map, to ({off[0]:.1f}, {off[1]:.1f}) (the map is x "
                f"0..{level.map.width:g}, y 0..{level.map.height:g} m); move the formation "
                "further in, turn it (face) or reduce officers",
            )
            continue
        inside = next(
            (
                (p, b.name)
                for p in pts
                for b in level.buildings
                if strictly_inside(p, list(b.polygon))
            ),
            None,
        )
        if inside is not None:
            (x, y), name = inside
            add(
                "squads",
                i,
                squad.name,
                "formation",
                f'{how} reaches into building "{name}", at ({x:.1f}, {y:.1f}); move the '
                "formation clear of it, turn it (face) or reduce officers",
            )
            continue
        for what, name, a, b, half in barriers:
            if _formation_crosses(pts, a, b, half + kind.radius):
                add(
                    "squads",
                    i,
                    squad.name,
                    "formation",
                    f'{what} "{name}" runs through the formation ({how}): officers would '
                    f"start on both sides of it or on it; move the formation clear of the {what}",
                )
                break


def _formation_words(n: int, shape: str, ranks: int) -> str:
    people = f"{n} officer" + ("s" if n != 1 else "")
    if shape == "line":
        return f"a line of {people} in {ranks} rank" + ("s" if ranks != 1 else "")
    return f"a {shape} of {people}"


def _formation_crosses(pts: list[Point], a: Point, b: Point, reach: float) -> bool:
    """A barrier a-b passes between the officers or through one of them (within `reach` of
    an officer's spot)."""
    if any(_distance_to_segment(p, a, b) < reach for p in pts):
        return True
    hull = convex_hull(pts)
    if len(hull) >= 3 and polygon_area(hull) > EPS:
        return segment_enters(a, b, hull)
    if len(hull) == 2:
        return _crossing(hull[0], hull[1], a, b) is not None
    return False


def _unknown(what: str, name: str, known: dict[str, Any], none: str | None = None) -> str:
    msg = f'there is no {what} named "{name}"'
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        msg += f'; did you mean "{close[0]}"?'
    elif known:
        msg += f" (known: {', '.join(sorted(known))})"
    else:
        msg += f" ({none or f'the level has no {what}s'})"
    return msg


def _inside_map(level: Level, p: Point) -> bool:
    return 0 <= p[0] <= level.map.width and 0 <= p[1] <= level.map.height


def _points_of(item: Strict) -> list[tuple[str, Point]]:
    """Every coordinate an item holds, with the field it was written in."""
    out: list[tuple[str, Point]] = []
    if isinstance(item, Area):
        if item.rect is not None:
            x, y, w, h = item.rect
            out += [("rect", (x, y)), ("rect", (x + w, y + h))]
        else:
            out += [(f"polygon[{k}]", p) for k, p in enumerate(item.polygon or [])]
        return out
    for key in ("polygon", "points"):
        for k, p in enumerate(getattr(item, key, None) or []):
            out.append((f"{key}[{k}]", p))
    for key in ("a", "b", "at"):
        p = getattr(item, key, None)
        if p is not None:
            out.append((key, p))
    formation = getattr(item, "formation", None)
    if formation is not None:
        for key in ("a", "b", "at", "face"):
            p = getattr(formation, key, None)
            if p is not None:
                out.append((f"formation.{key}", p))
    return out


# --- plane geometry, exact enough for hand-written levels ------------------------------


def polygon_area(points: list[Point]) -> float:
    s = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        s += x0 * y1 - x1 * y0
    return abs(s) / 2


def is_convex(poly: list[Point]) -> bool:
    """Every corner turns the same way and the outline goes round once."""
    poly = [p for k, p in enumerate(poly) if math.dist(p, poly[k - 1]) > EPS]
    signs = set()
    turning = 0.0
    n = len(poly)
    if n < 3:
        return False
    for k in range(n):
        (x0, y0), (x1, y1), (x2, y2) = poly[k - 1], poly[k], poly[(k + 1) % n]
        cross = (x1 - x0) * (y2 - y1) - (y1 - y0) * (x2 - x1)
        if abs(cross) > EPS:
            signs.add(cross > 0)
        a0 = math.atan2(y1 - y0, x1 - x0)
        a1 = math.atan2(y2 - y1, x2 - x1)
        turning += (a1 - a0 + math.pi) % (2 * math.pi) - math.pi
    return len(signs) <= 1 and abs(abs(turning) - 2 * math.pi) < 1e-6


def _edges(poly: list[Point]) -> list[tuple[Point, Point]]:
    return list(zip(poly, poly[1:] + poly[:1], strict=True))


def _distance_to_segment(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2
    t = min(1.0, max(0.0, t))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def strictly_inside(p: Point, poly: list[Point]) -> bool:
    """p lies inside poly and not on its boundary."""
    if any(_distance_to_segment(p, a, b) <= EPS for a, b in _edges(poly)):
        return False
    inside = False
    for (x0, y0), (x1, y1) in _edges(poly):
        if (y0 > p[1]) != (y1 > p[1]):
            x = x0 + (p[1] - y0) * (x1 - x0) / (y1 - y0)
            if x > p[0]:
                inside = not inside
    return inside


def _cut_points(a: Point, b: Point, poly: list[Point]) -> list[float]:
    """Parameters t in [0, 1] where segment a-b meets the boundary of poly."""
    ts = [0.0, 1.0]
    rx, ry = b[0] - a[0], b[1] - a[1]
    rr = rx * rx + ry * ry
    if rr == 0:
        return ts
    for c, d in _edges(poly):
        sx, sy = d[0] - c[0], d[1] - c[1]
        denom = rx * sy - ry * sx
        qx, qy = c[0] - a[0], c[1] - a[1]
        if abs(denom) <= EPS * math.sqrt(rr * (sx * sx + sy * sy) or 1):
            if abs(qx * ry - qy * rx) <= EPS * math.sqrt(rr):  # collinear
                for e in (c, d):
                    t = ((e[0] - a[0]) * rx + (e[1] - a[1]) * ry) / rr
                    if 0 <= t <= 1:
                        ts.append(t)
            continue
        t = (qx * sy - qy * sx) / denom
        u = (qx * ry - qy * rx) / denom
        if -EPS <= t <= 1 + EPS and -EPS <= u <= 1 + EPS:
            ts.append(min(1.0, max(0.0, t)))
    return sorted(ts)


def segment_enters(a: Point, b: Point, poly: list[Point]) -> bool:
    """Some stretch of segment a-b lies inside poly, not merely along its boundary."""
    ts = _cut_points(a, b, poly)
    for t0, t1 in zip(ts, ts[1:], strict=False):
        if t1 - t0 <= EPS:
            continue
        tm = (t0 + t1) / 2
        if strictly_inside((a[0] + tm * (b[0] - a[0]), a[1] + tm * (b[1] - a[1])), poly):
            return True
    return False


def _centroid(poly: list[Point]) -> Point:
    return (sum(p[0] for p in poly) / len(poly), sum(p[1] for p in poly) / len(poly))


def polygons_overlap(p: list[Point], q: list[Point]) -> bool:
    """The insides of p and q share some area (touching edges do not count)."""
    if any(segment_enters(a, b, q) for a, b in _edges(p)):
        return True
    if any(segment_enters(a, b, p) for a, b in _edges(q)):
        return True
    # no edge of either enters the other: they are apart, touch, or coincide
    return strictly_inside(_centroid(p), q) or strictly_inside(_centroid(q), p)


def _orient(p: Point, q: Point, r: Point) -> float:
    return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])


def _segments_meet(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """The closed segments p1-p2 and q1-q2 share a point (crossing or touching)."""
    scale = max(math.dist(p1, p2), math.dist(q1, q2), 1.0)
    tol = EPS * scale * scale
    d1, d2 = _orient(q1, q2, p1), _orient(q1, q2, p2)
    d3, d4 = _orient(p1, p2, q1), _orient(p1, p2, q2)
    if ((d1 > tol and d2 < -tol) or (d1 < -tol and d2 > tol)) and (
        (d3 > tol and d4 < -tol) or (d3 < -tol and d4 > tol)
    ):
        return True
    touch = EPS * scale
    return (
        _distance_to_segment(p1, q1, q2) <= touch
        or _distance_to_segment(p2, q1, q2) <= touch
        or _distance_to_segment(q1, p1, p2) <= touch
        or _distance_to_segment(q2, p1, p2) <= touch
    )


def _collinear(poly: list[Point]) -> bool:
    """All points lie on one line (or on one spot)."""
    p0 = poly[0]
    far = max(poly, key=lambda p: math.dist(p, p0))
    length = math.dist(p0, far)
    if length <= EPS:
        return True
    return all(abs(_orient(p0, far, p)) <= EPS * length * max(length, 1.0) for p in poly)


def self_crossing(poly: list[Point]) -> tuple[int, int] | None:
    """Two edges of the outline (by the index of their first point) that cross or touch
    other than at the corner they share, or None for a simple polygon. An edge that folds
    back along the one before it counts as touching it."""
    n = len(poly)
    edges = [(k, poly[k], poly[(k + 1) % n]) for k in range(n)]
    edges = [e for e in edges if math.dist(e[1], e[2]) > EPS]  # repeated points add nothing
    m = len(edges)
    if m == 0:
        return None
    # only edges whose boxes overlap can meet: a cheap test first, all pairs at once
    ends = np.array([(p[0], p[1], q[0], q[1]) for _, p, q in edges], dtype=float)
    lo = np.minimum(ends[:, :2], ends[:, 2:]) - EPS
    hi = np.maximum(ends[:, :2], ends[:, 2:]) + EPS
    for x in range(m):
        i, p1, p2 = edges[x]
        near = np.flatnonzero(
            np.all(lo[x + 1 :] <= hi[x], axis=1) & np.all(hi[x + 1 :] >= lo[x], axis=1)
        )
        for y in (near + x + 1).tolist():
            j, q1, q2 = edges[y]
            if y == x + 1 or (x == 0 and y == m - 1):  # neighbours share a corner
                first, second = (edges[x], edges[y]) if y == x + 1 else (edges[y], edges[x])
                _, a, b = first
                _, _, c = second
                cross = _orient(a, b, c)
                dot = (b[0] - a[0]) * (c[0] - b[0]) + (b[1] - a[1]) * (c[1] - b[1])
                if abs(cross) <= EPS * max(math.dist(a, b) * math.dist(b, c), 1.0) and dot < 0:
                    return (first[0], second[0])
                continue
            if _segments_meet(p1, p2, q1, q2):
                return (i, j)
    return None


def _crossing(a: Point, b: Point, c: Point, d: Point) -> float | None:
    """Where segment c-d meets segment a-b, as the parameter t along a-b (the middle of the
    shared stretch where they lie along each other), or None where they do not meet."""
    rx, ry = b[0] - a[0], b[1] - a[1]
    sx, sy = d[0] - c[0], d[1] - c[1]
    rr = rx * rx + ry * ry
    if rr == 0:
        return None
    denom = rx * sy - ry * sx
    qx, qy = c[0] - a[0], c[1] - a[1]
    if abs(denom) <= EPS * math.sqrt(rr * (sx * sx + sy * sy) or 1):
        if abs(qx * ry - qy * rx) > EPS * math.sqrt(rr):  # parallel, apart
            return None
        t0 = (qx * rx + qy * ry) / rr
        t1 = ((d[0] - a[0]) * rx + (d[1] - a[1]) * ry) / rr
        lo, hi = max(min(t0, t1), 0.0), min(max(t0, t1), 1.0)
        return (lo + hi) / 2 if lo <= hi else None
    t = (qx * sy - qy * sx) / denom
    u = (qx * ry - qy * rx) / denom
    if -EPS <= t <= 1 + EPS and -EPS <= u <= 1 + EPS:
        return min(1.0, max(0.0, t))
    return None


def convex_hull(points: list[Point]) -> list[Point]:
    """Andrew's monotone chain; collinear points give the two ends."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def half(seq: list[Point]) -> list[Point]:
        out: list[Point] = []
        for p in seq:
            while len(out) >= 2 and _orient(out[-2], out[-1], p) <= 0:
                out.pop()
            out.append(p)
        return out

    lower, upper = half(pts), half(pts[::-1])
    return lower[:-1] + upper[:-1]
