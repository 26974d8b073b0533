"""Checks of a level's tutorial: every step must be passable. A step that names a squad,
a move, a tool or a gate the level does not have, or asks for a goal without what it needs
(a cordon across a gap no squad can close), would leave the trainee stuck on it for ever."""

from __future__ import annotations

import math
from collections.abc import Iterator

from game.doctrine.rulebook import force_tools, negotiation_moves
from game.doctrine.units import UNIT_KINDS, cordon_length_needed
from game.level.errors import LevelProblem
from game.level.schema import Level, TutorialStep
from game.level.script_checks import _known, check_action

Problem = tuple[str, str]
# a squad spread thinner than this between shoulders lets a person through (a body is 0.5 m)
MAX_SHOULDER_GAP = 0.4  # m
NEEDS: dict[str, str] = {  # goal -> the key it cannot do without
    "select_squad": "squad",
    "negotiate": "move",
    "use_force": "tool",
    "gate_open": "gate",
    "gate_close": "gate",
    "deploy": "squad",
    "lapis_ganti": "squad",
    "lintas_ganti": "squad",
}


def check_tutorial(level: Level) -> list[LevelProblem]:
    problems: list[LevelProblem] = []
    if not level.tutorial:
        return problems
    moves = list(negotiation_moves(level.negotiation))  # once: they are validated models
    tools = list(force_tools(level.force))
    for i, step in enumerate(level.tutorial):
        for field, msg in _step(level, step, moves, tools):
            problems.append(LevelProblem(f"tutorial[{i}]", field, msg))
    return problems


def _step(
    level: Level, step: TutorialStep, moves: list[str], tools: list[str]
) -> Iterator[Problem]:
    need = NEEDS.get(step.goal)
    if need is not None and getattr(step, need) is None:
        yield need, f'a step with goal "{step.goal}" must say which {need} it is about'
    if step.squad is not None:
        yield from _known("squad", step.squad, [q.name for q in level.squads], "squad")
    if step.gate is not None:
        yield from _known("gate", step.gate, [g.name for g in level.gates], "gate")
    if step.move is not None:
        yield from _known("move", step.move, moves, "move")
    if step.tool is not None:
        yield from _known("tool", step.tool, tools, "tool")
    if step.goal == "observe" and not any(q.kind == "intel" for q in level.squads):
        yield "goal", 'an "observe" step needs a squad of kind "intel" (Sat Intelkam) to watch'
    if step.goal == "deploy" and not any(z.kind == "deploy" for z in level.zones):
        yield "goal", "the level has no deploy zone, so there is nothing to deploy in"
    if step.across is not None:
        yield from _across(level, step)
    elif step.goal == "cordon" and step.squad is not None:
        yield "across", "a cordon step for a squad must give the gap it closes: across = [a, b]"
    for k, action in enumerate(step.then):
        problem = check_action(level, action)
        if problem:
            yield f"then[{k}]", problem


def _across(level: Level, step: TutorialStep) -> Iterator[Problem]:
    if step.goal != "cordon":
        yield "across", 'only a step with goal "cordon" has a gap to close'
        return
    squad = next((q for q in level.squads if q.name == step.squad), None)
    if squad is None or step.across is None:
        return
    (ax, ay), (bx, by) = step.across
    gap = math.hypot(bx - ax, by - ay)
    n = squad.officers
    widest = cordon_length_needed(squad.kind, n, 1) + (n - 1) * MAX_SHOULDER_GAP
    if gap > widest:
        unit = UNIT_KINDS[squad.kind]
        yield (
            "across",
            f"the gap is {gap:.1f} m wide, more than {n} officers of squad "
            f'"{squad.name}" can close ({widest:.1f} m at most, {2 * unit.radius:.2f} m each '
            f"and {MAX_SHOULDER_GAP} m between them); give the step a larger squad",
        )
