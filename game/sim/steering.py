"""The forces of one tick, for everyone at once: where each person wants to go, the social
force between people, what holds sitters and the fallen in place, the officers' pull to
their slots, and the push of water jets. Nothing here loops over people.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.constants import DT, WIGGLE_HZ
from game.sim.crowd import PersonState, crowd_forces
from game.sim.events import Event
from game.sim.hazards import JET_COOLING, JET_PUSH, JET_SOAK, in_jet
from game.sim.slots import CROWD, GATE, VIP
from game.sim.squads import officer_forces

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

BRACE_FROM = 2000.0  # N/m: under more load than this people push less ...
BRACE_FULL = 4000.0  # N/m: ... and under this much not at all
SHUFFLE_FROM = 300.0  # N/m: a calm person pressed this hard shuffles forward less ...
SHUFFLE_FULL = 800.0  # N/m: ... and under this much not at all
ACTIVE_SPEED = 1.25  # an active person walks and pushes a quarter faster
SIT_HOLD = 700.0  # N: how hard a sitting person resists being moved
VIP_HOLD = 500.0
GRIP_GAP = 0.1  # m between an officer and the person they hold
GRIP_STIFFNESS = 3000.0  # N/m, as the officers' pull to their slots
GRIP_DAMPING = 600.0  # N·s/m
GRIP_FORCE = 1000.0  # N: the most a grip holds; a crowd pushing harder tears them free
LYING_FRICTION = 0.6 * 9.81  # N per kg: a body on the ground drags on it (μ 0.6)


def bracing(pressure: np.ndarray, start: float, full: float) -> np.ndarray:
    """How much of their pressing people still put in under the load they bear: an angry
    pusher who is crushed braces for breath instead (by the filtered pressure), so the load
    down a pushing crowd levels off near BRACE_FULL instead of adding up person by person;
    a calm person stops shuffling forward much sooner (by the last reading), so a calm
    queue never crushes its front."""
    return np.clip((full - pressure) / (full - start), 0.0, 1.0)


def grips(sim: Simulation, pos: np.ndarray, vel: np.ndarray, force: np.ndarray) -> None:
    """An arrest team that has hold of someone keeps them: the person is held at arm's
    length from the nearest officer instead of walking on, so officers closing in do not
    knock them ahead of the team again and again (the arrest never finishing)."""
    s = sim.slots
    for squad in sim.squads:
        task = squad.task
        if task is None or task["type"] != "arrest" or task.get("held", 0.0) <= 0.0:
            continue
        agent = int(task["agent"])
        members = squad.members[s.alive[squad.members] & ~s.injured[squad.members]]
        if not s.alive[agent] or not len(members):
            continue
        d = pos[agent] - pos[members]
        dist = np.hypot(d[:, 0], d[:, 1])
        k = int(np.argmin(dist))
        reach = s.radius[members[k]] + s.radius[agent] + GRIP_GAP
        away = d[k] / max(float(dist[k]), 1e-6)
        f = -GRIP_STIFFNESS * (dist[k] - reach) * away
        f -= GRIP_DAMPING * (vel[agent] - vel[members[k]])
        mag = float(np.hypot(f[0], f[1]))
        force[agent] = f * min(1.0, GRIP_FORCE / max(mag, 1e-9))


def lying_friction(vel: np.ndarray, mass: np.ndarray) -> np.ndarray:
    """Ground friction on a body lying down: enough to stop it within the tick, up to μ·m·g,
    so a push weaker than that does not slide a fallen person along the ground (medics
    reaching one would otherwise shove them ahead through the crowd)."""
    stop = -vel * (mass / DT)[:, None]
    mag = np.maximum(np.hypot(stop[:, 0], stop[:, 1]), 1e-9)
    return stop * np.minimum(1.0, LYING_FRICTION * mass / mag)[:, None]


def sway(persons: np.ndarray, tick: int) -> np.ndarray:
    """Each person's side-to-side phase, a step cycle long, offset person by person (the
    golden ratio spreads the phases evenly): deterministic, and nothing to store."""
    return np.sin(2 * np.pi * (WIGGLE_HZ * tick * DT + persons * 0.6180339887))


def forces(sim: Simulation, pos: np.ndarray, vel: np.ndarray) -> np.ndarray:
    s = sim.slots
    n = s.n
    force = np.zeros((n, 2))
    kind = s.view("kind")
    persons = np.flatnonzero(s.view("alive") & (kind != GATE))
    if len(persons):
        crowd = kind[persons] == CROWD
        down = s.injured[persons] | s.fallen[persons]
        walking = crowd & ~down & ~s.sitting[persons]
        direction = np.zeros((len(persons), 2))
        goals = s.goal[persons]
        for gi, name in enumerate(sim.field_names):
            sel = np.flatnonzero(walking & (goals == gi))
            if len(sel):
                direction[sel] = sim.world.fields[name].directions_at(pos[persons[sel]])
        avoid = np.column_stack([s.avoid_x[persons], s.avoid_y[persons]])
        direction += 0.8 * avoid * walking[:, None]
        norm = np.hypot(direction[:, 0], direction[:, 1])
        direction /= np.maximum(norm, 1e-9)[:, None]
        active = s.active[persons]
        push = np.where(active, 1.0, s.agitation[persons])
        push *= 1.0 - np.minimum(s.gas[persons], 1.0)  # gas takes the fight out
        push *= np.where(s.wet[persons] > 0, 0.5, 1.0)
        v0 = s.v0[persons] * np.where(active, ACTIVE_SPEED, 1.0)
        state = PersonState(
            pos=pos[persons],
            vel=vel[persons],
            radius=s.radius[persons],
            mass=s.mass[persons],
            is_crowd=crowd,
            direction=direction,
            v0=np.where(walking, v0, 0.0),
            agitation=np.where(walking, push, 0.0),
            press=bracing(s.pressure[persons], BRACE_FROM, BRACE_FULL),
            shuffle=bracing(s.contact[persons], SHUFFLE_FROM, SHUFFLE_FULL),
            sway=sway(persons, sim.tick),
        )
        force[persons] = crowd_forces(state, sim.world)
        # sitting people and the protected person hold their ground; the fallen lie still
        anchored = persons[(s.sitting[persons] & ~s.injured[persons]) | (kind[persons] == VIP)]
        if len(anchored):
            to = np.column_stack([s.anchor_x[anchored], s.anchor_y[anchored]]) - pos[anchored]
            f = 2000.0 * to - 400.0 * vel[anchored]
            cap = np.where(s.kind[anchored] == VIP, VIP_HOLD, SIT_HOLD)
            mag = np.maximum(np.hypot(f[:, 0], f[:, 1]), 1e-9)
            force[anchored] = f * np.minimum(1.0, cap / mag)[:, None]
    members, f_off = officer_forces(sim.squads, pos, vel, s.hold, s.mass, sim.tick)
    force[members] = f_off
    grips(sim, pos, vel, force)
    if len(persons):
        # after the officers' pull: a fallen officer lies still too, not dragged along to
        # the squad's slot (medics could never catch one that kept walking)
        fallen = persons[s.injured[persons] | s.fallen[persons]]
        force[fallen] = lying_friction(vel[fallen], s.mass[fallen])
    return force


def jets(sim: Simulation, pos: np.ndarray, force: np.ndarray, events: list[Event]) -> None:
    """Water jets push and soak whoever stands in them, and put out fires."""
    if not sim.hazards.jets:
        return
    s = sim.slots
    persons = np.flatnonzero(s.view("alive") & (s.view("kind") == CROWD))
    for jet in sim.hazards.jets:
        squad = sim.squad(jet.squad)
        origin = pos[squad.members].mean(axis=0)
        hit = persons[in_jet(pos[persons], origin, jet)]
        s.wet[hit] = JET_SOAK
        # a drenching cools: those in the jet lose the will to press on
        s.agitation[hit] = np.maximum(0.0, s.agitation[hit] - JET_COOLING * DT)
        force[hit] += np.array([jet.dx, jet.dy]) * JET_PUSH
        fires = sim.hazards.fires
        if fires:
            fpos = np.array([[f.x, f.y] for f in fires])
            out = in_jet(fpos, origin, jet)
            if out.any():
                for f in (f for f, o in zip(fires, out, strict=True) if o):
                    events.append(Event(sim.tick, "fire_out", {"x": f.x, "y": f.y}))
                sim.hazards.fires = [f for f, o in zip(fires, out, strict=True) if not o]
