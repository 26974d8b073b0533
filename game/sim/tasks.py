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


def _follow(sim: Simulation, squad: Squad, task: Task, dt: float, events: list[Event]) -> None:
    s = sim.slots
    agent = task["agent"]
    if not s.alive[agent]:
        squad.task = None
        events.append(Event(sim.tick, "task_ended", {"squad": squad.name, "reason": "gone"}))
        return
    pos, _ = sim.positions()
    members = squad.members[s.alive[squad.members] & ~s.injured[squad.members]]
    if not len(members):
        squad.task = None
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
        if send(sim, squad, target_formation, near=task["type"] == "approach") is not None:
            squad.task = None
            events.append(
                Event(sim.tick, "task_ended", {"squad": squad.name, "reason": "no way there"})
            )


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
