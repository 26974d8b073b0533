"""What squads do besides holding a formation: walking up to a person, arresting them,
carrying the injured out, and finishing a hand-over between two lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.doctrine.formations import unit
from game.sim import force as F
from game.sim import harm
from game.sim.events import Event
from game.sim.slots import PROVOKATOR
from game.sim.squads import Squad, Task

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

STANDOFF = {"approach": 1.6, "arrest": 0.3, "evacuate": 0.3}  # m short of the person
RETARGET = 0.8  # m the person must move before the squad changes course
REACH = 0.45  # m between bodies that counts as having hold of someone
EVACUATE_SECONDS = 2.0
SHORT_OF_SLOT = 2.0  # m (median) from their slots when a move's time is up: not arrived
UNREACHED = 2.0  # m an approach stops short of where it was going: it cannot get there


def arrest_seconds(tool: str, active: bool) -> float:
    """A passive person is led away quickly; an active one resists, the more so against
    only soft hands."""
    if not active:
        return 1.0
    return 2.0 if tool == "hard_hand" else 5.0


def update(sim: Simulation, dt: float, events: list[Event]) -> None:
    for squad in sim.squads:
        if squad.task is not None:
            _follow(sim, squad, squad.task, dt, events)
    _finish_handovers(sim)
    if 0 <= sim.authorisation_due <= sim.tick:
        sim.authorisation_due = -1
        sim.authorised = True
        events.append(Event(sim.tick, "authorised", {"by": "Kapolda"}))


def failed(sim: Simulation, squad: Squad, order: str, code: str, **params: str) -> Event:
    """An order that was taken but cannot be carried out after all: said once, with why
    (game/sim/refusals.py FAILURES), so the trainee is not left watching a squad that
    silently does nothing."""
    data = {"squad": squad.name, "order": order, "code": code, "params": params}
    return Event(sim.tick, "order_failed", data)


def why_unreachable(sim: Simulation, start, goal) -> tuple[str, dict[str, str]]:
    """Why there is no way from start to goal: a closed gate (the one whose opening alone
    gives the shortest way), closed gates together, or no way at all."""
    closed = tuple(g.name for g in sim.gates if g.state == "closed")
    if not closed or sim.world.route_map(()).route(start, goal) is None:
        return "no_way", {}
    ways = []  # (metres, gate): the gate whose opening alone gives the shortest way
    for name in closed:
        legs = sim.world.route_map(tuple(c for c in closed if c != name)).route(start, goal)
        if legs is not None:
            pts = np.vstack([np.asarray(start, dtype=float), np.asarray(legs, dtype=float)])
            ways.append((float(np.hypot(*np.diff(pts, axis=0).T).sum()), name))
    if not ways:
        return "gates_closed", {}
    return "gate_closed", {"gate": min(ways)[1]}


def short_of_slots(sim: Simulation, squad: Squad) -> Event | None:
    """At the end of a move: the order failed if most officers stand well short of their
    slots (they walked into a shut gate, or the crowd held them off)."""
    s = sim.slots
    standing = s.alive[squad.members] & ~s.injured[squad.members]
    if not standing.any():
        return None
    pos, _ = sim.positions()
    here = pos[squad.members[standing]]
    gap = np.hypot(*(here - squad.final[standing]).T)
    if float(np.median(gap)) <= SHORT_OF_SLOT:
        return None
    centre = here.mean(axis=0)
    goal = np.asarray(squad.formation.centre, dtype=float)
    if sim.route(centre, goal) is None:
        code, params = why_unreachable(sim, centre, goal)
    else:
        code, params = "blocked", {}
    return failed(sim, squad, "move", code, **params)


def _task_order(task: Task) -> str:
    return task["type"]  # approach, arrest or evacuate: what the trainee ordered


def _follow(sim: Simulation, squad: Squad, task: Task, dt: float, events: list[Event]) -> None:
    s = sim.slots
    agent = task["agent"]
    if not s.alive[agent]:
        squad.task = None
        events.append(failed(sim, squad, _task_order(task), "target_gone"))
        return
    pos, _ = sim.positions()
    members = squad.members[s.alive[squad.members] & ~s.injured[squad.members]]
    if not len(members):
        squad.task = None
        events.append(failed(sim, squad, _task_order(task), "nobody_standing"))
        return
    here = pos[members]
    target = pos[agent]
    gap = np.hypot(*(here - target).T) - s.radius[members] - s.radius[agent]
    if task["type"] != "approach" and gap.min() <= REACH:
        task["held"] += dt
        needed = (
            arrest_seconds(task["tool"], bool(s.active[agent]))
            if task["type"] == "arrest"
            else EVACUATE_SECONDS
        )
        if task["held"] >= needed:
            _complete(sim, squad, task, events)
        return
    task["held"] = 0.0
    # walk on: the front of the formation goes to just short of the person
    centre = here.mean(axis=0)
    heading = unit(target - centre)
    to = target - np.asarray(heading) * STANDOFF[task["type"]]
    f = squad.formation
    moved = np.hypot(*(np.asarray(f.centre) - to)) > RETARGET or squad.arrived
    if moved and np.hypot(*(target - centre)) > STANDOFF[task["type"]] + 0.3:
        from game.sim.commands import send

        target_formation = f.moved((float(to[0]), float(to[1])), heading)
        near = task["type"] == "approach"
        if send(sim, squad, target_formation, near=near) is not None:
            squad.task = None
            code, params = why_unreachable(sim, centre, target)
            events.append(failed(sim, squad, _task_order(task), code, **params))
            return
        end = (squad.destination or squad.formation).centre
        short = np.hypot(end[0] - to[0], end[1] - to[1]) > UNREACHED
        if near and short and not task.get("unreached"):
            # the negotiator waits as close as it can get (at the fence); said once
            task["unreached"] = True
            code, params = why_unreachable(sim, centre, target)
            # not a failure yet: the talker waits there and talks if the person comes near
            events.append(failed(sim, squad, _task_order(task), code, waiting="yes", **params))
        elif near and not short:
            task.pop("unreached", None)


def _complete(sim: Simulation, squad: Squad, task: Task, events: list[Event]) -> None:
    s = sim.slots
    agent = task["agent"]
    squad.task = None
    if task["type"] == "arrest":
        # the force lands at the moment of the arrest, on the person as they are then
        F.land(sim, squad.name, task["tool"], np.array([agent]), events)
        provocateur = bool(s.role[agent] == PROVOKATOR)
        s.arrested[agent] = True
        s.active[agent] = False
        sim.remove_body(agent)
        events.append(
            Event(
                sim.tick,
                "arrested",
                {"agent": agent, "squad": squad.name, "provocateur": provocateur},
            )
        )
        events.append(
            harm.outcome(
                sim.tick,
                "provocateur_arrested" if provocateur else "other_arrested",
                squad=squad.name,
                agent=agent,
            )
        )
    else:
        s.evacuated[agent] = True
        sim.remove_body(agent)
        events.append(Event(sim.tick, "evacuated", {"agent": agent, "squad": squad.name}))


def _finish_handovers(sim: Simulation) -> None:
    from game.sim.commands import set_pass_group

    still = []
    for incoming, outgoing in sim.handovers:
        a, b = sim.squad(incoming), sim.squad(outgoing)
        if a.arrived and b.arrived:
            set_pass_group(sim, np.concatenate([a.members, b.members]), 0)
        else:
            still.append([incoming, outgoing])
    sim.handovers = still
