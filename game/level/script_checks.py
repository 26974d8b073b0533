"""Checks of a level's script: every name a trigger uses must exist, and every beat must be
able to happen before the time limit. A trigger that names a zone that is not there would
otherwise wait silently for ever, and the instructor would never know why."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from game.level import script as S
from game.level.errors import LevelProblem, item_label
from game.level.schema import Level

Problem = tuple[str, str]  # (field, message)


def check_script(level: Level) -> list[LevelProblem]:
    problems: list[LevelProblem] = []
    _unique(level.phases, "phases", problems)
    _unique(level.triggers, "triggers", problems)
    named = [o.name for o in level.objectives if o.name is not None]
    for i, o in enumerate(level.objectives):
        if o.name is not None and named.count(o.name) > 1 and named.index(o.name) != i:
            where = item_label("objectives", i, o.name)
            problems.append(LevelProblem(where, "name", f'the name "{o.name}" is used twice'))
    for i, trig in enumerate(level.triggers):
        where = item_label("triggers", i, trig.name)
        for field, msg in _trigger(level, trig):
            problems.append(LevelProblem(where, field, msg))
    problems += _cues(level)
    return problems


def check_action(level: Level, action: Any) -> str | None:
    """What is wrong with one action (an instructor's inject) against this level."""
    for field, msg in _action(level, action):
        return f"{field}: {msg}" if field else msg
    goal = action.goal if isinstance(action, S.ChangeGroup) else None
    if goal is not None and goal not in walkable_goals(level):
        # the crowd finds its way by a floor field built when the level loads, only for
        # the zones the level sends a crowd to (a crash here before: no field to use)
        return (
            f'goal: the crowd has no way laid out to zone "{goal}" (only to '
            f"{', '.join(sorted(walkable_goals(level)))}); name the zone as a goal of a "
            "crowd group or of a change_group trigger in the level"
        )
    return None


def walkable_goals(level: Level) -> set[str]:
    """The zones a crowd can be sent to: every group's goal, every zone a trigger's
    change_group names as goal, and the exits (people go home by the nearest one)."""
    exits = {z.name for z in level.zones if z.kind == "exit"}
    scripted = {
        a.goal
        for t in level.triggers
        for a in t.do
        if isinstance(a, S.ChangeGroup) and a.goal is not None
    }
    return {g.goal for g in level.crowd} | scripted | (exits if level.crowd else set())


def _unique(items: list[Any], section: str, problems: list[LevelProblem]) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.name in seen:
            problems.append(
                LevelProblem(
                    item_label(section, i, item.name),
                    "name",
                    f'the name "{item.name}" is already used by {section}[{seen[item.name]}]',
                )
            )
        else:
            seen[item.name] = i


def _trigger(level: Level, trig: S.Trigger) -> Iterator[Problem]:
    if trig.phase is not None:
        yield from _known("phase", trig.phase, [p.name for p in level.phases], "phase")
    if trig.delay >= level.time_limit:
        yield "delay", _too_late(trig.delay, level)
    for k, c in enumerate(trig.when):
        for field, msg in _condition(level, c):
            yield f"when[{k}]" + (f".{field}" if field else ""), msg
    for k, a in enumerate(trig.do):
        if isinstance(a, S.FireTrigger) and a.trigger == trig.name:
            yield f"do[{k}].trigger", "a trigger cannot fire itself"
        for field, msg in _action(level, a):
            yield f"do[{k}]" + (f".{field}" if field else ""), msg


def _condition(level: Level, c: Any) -> Iterator[Problem]:
    match c:
        case S.TimeReached():
            if c.after >= level.time_limit:
                yield "after", _too_late(c.after, level)
        case S.PeopleInZone():
            yield from _zone(level, c.zone)
            if c.group is not None:
                yield from _group(level, c.group)
        case S.CrowdMood():
            if c.group is not None:
                yield from _group(level, c.group)
        case S.GateBroken():
            if c.gate is not None:
                yield from _gate(level, c.gate)
        case S.Negotiated():
            if c.move is not None:
                yield from _known("move", c.move, _moves(level), "negotiation move")
            if c.squad is not None:
                yield from _squad(level, c.squad)
            if c.group is not None:
                yield from _group(level, c.group)
        case S.ForceUsed():
            if c.tool is not None:
                yield from _known("tool", c.tool, _tools(level), "force tool")
            if c.squad is not None:
                yield from _squad(level, c.squad)
        case S.ObjectiveIs():
            yield from _objective(level, c.objective)
        case S.UnitInZone():
            yield from _squad(level, c.squad)
            yield from _zone(level, c.zone)
        case S.HostageHeld():
            yield from _person(level, c.person)
        case S.TriggerFired():
            yield from _known("trigger", c.trigger, [t.name for t in level.triggers], "trigger")


def _action(level: Level, a: Any) -> Iterator[Problem]:
    match a:
        case S.SpawnGroup():
            yield from _group(level, a.group)
            group = next((g for g in level.crowd if g.name == a.group), None)
            if group is not None and not group.on_cue:
                yield (
                    "group",
                    (
                        f'crowd "{a.group}" arrives by itself at its start time; '
                        "write on_cue = true in it to have this trigger bring it in"
                    ),
                )
        case S.ChangeGroup():
            yield from _group(level, a.group)
            if a.goal is not None:
                yield from _zone(level, a.goal, field="goal")
            group = next((g for g in level.crowd if g.name == a.group), None)
            if group is not None and a.provokator is not None and a.provokator > group.count:
                yield "provokator", f"the group has only {group.count} people"
        case S.TakeHostage():
            yield from _person(level, a.person)
            yield from _group(level, a.group)
        case S.StartFire():
            yield from _inside(level, a.at, "at")
        case S.PutOutFire():
            if a.at is not None:
                yield from _inside(level, a.at, "at")
        case S.SetGate():
            yield from _gate(level, a.gate)
        case S.Injure():
            if a.squad is not None:
                yield from _squad(level, a.squad)
            if a.group is not None:
                yield from _group(level, a.group)
            if a.at is not None:
                yield from _inside(level, a.at, "at")
        case S.SetPhase():
            yield from _known("phase", a.phase, [p.name for p in level.phases], "phase")
        case S.Reinforce():
            yield from _squad(level, a.squad)
            spec = next((q for q in level.squads if q.name == a.squad), None)
            if spec is not None and not spec.on_cue:
                yield (
                    "squad",
                    (
                        f'squad "{a.squad}" is on the map from the start; write on_cue = true '
                        "in it to have it arrive as a reinforcement"
                    ),
                )
            yield from _inside(level, a.enter, "enter")
        case S.SetObjective():
            yield from _objective(level, a.objective)
        case S.FireTrigger():
            yield from _known("trigger", a.trigger, [t.name for t in level.triggers], "trigger")
        case S.Provoke():
            yield from _group(level, a.group)
            if a.at is not None:
                yield from _inside(level, a.at, "at")


def _cues(level: Level) -> list[LevelProblem]:
    """A group or squad on cue that no trigger calls would never appear."""
    called_groups = set()
    called_squads = set()
    for trig in level.triggers:
        for a in trig.do:
            if isinstance(a, S.SpawnGroup):
                called_groups.add(a.group)
            elif isinstance(a, S.Reinforce):
                called_squads.add(a.squad)
    out = []
    for i, g in enumerate(level.crowd):
        if g.on_cue and g.name not in called_groups:
            out.append(
                LevelProblem(
                    item_label("crowd", i, g.name),
                    "on_cue",
                    "no trigger brings this group in (a spawn_group action naming it); "
                    "add one, or remove on_cue",
                )
            )
    for i, q in enumerate(level.squads):
        if q.on_cue and q.name not in called_squads:
            out.append(
                LevelProblem(
                    item_label("squads", i, q.name),
                    "on_cue",
                    "no trigger brings this squad in (a reinforce action naming it); "
                    "add one, or remove on_cue",
                )
            )
    return out


def _too_late(seconds: float, level: Level) -> str:
    return (
        f"{seconds:g} s is at or after the level's time limit ({level.time_limit:g} s), "
        "so this never happens; make it earlier or raise time_limit"
    )


def _inside(level: Level, p: tuple[float, float], field: str) -> Iterator[Problem]:
    if not (0 <= p[0] <= level.map.width and 0 <= p[1] <= level.map.height):
        yield (
            field,
            (
                f"point ({p[0]:g}, {p[1]:g}) lies outside the map "
                f"(x 0..{level.map.width:g}, y 0..{level.map.height:g} m)"
            ),
        )


def _known(field: str, name: str, names: list[str], what: str) -> Iterator[Problem]:
    if name not in names:
        close = difflib.get_close_matches(name, names, n=1)
        hint = (
            f'; did you mean "{close[0]}"?'
            if close
            else (f" (there are: {', '.join(names)})" if names else f" (the level has no {what}s)")
        )
        yield field, f'there is no {what} named "{name}"{hint}'


def _zone(level: Level, name: str, field: str = "zone") -> Iterator[Problem]:
    yield from _known(field, name, [z.name for z in level.zones], "zone")


def _group(level: Level, name: str) -> Iterator[Problem]:
    yield from _known("group", name, [g.name for g in level.crowd], "crowd group")


def _gate(level: Level, name: str) -> Iterator[Problem]:
    yield from _known("gate", name, [g.name for g in level.gates], "gate")


def _squad(level: Level, name: str) -> Iterator[Problem]:
    yield from _known("squad", name, [q.name for q in level.squads], "squad")


def _person(level: Level, name: str) -> Iterator[Problem]:
    yield from _known("person", name, [p.name for p in level.people], "person")


def _objective(level: Level, name: str) -> Iterator[Problem]:
    names = [o.name for o in level.objectives if o.name is not None]
    yield from _known("objective", name, names, "named objective")


def _moves(level: Level) -> list[str]:
    from game.doctrine.rulebook import negotiation_moves

    return sorted(negotiation_moves(level.negotiation))


def _tools(level: Level) -> list[str]:
    from game.doctrine.rulebook import force_tools

    return sorted(force_tools(level.force))
