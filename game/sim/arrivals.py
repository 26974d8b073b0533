"""People come and go: crowd groups placed or arriving over time, and people leaving by
the exits. Who each newcomer is (speed, size, grievance, role) is drawn from the group's
numbers with the run's one generator, so arrivals are part of the deterministic run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from scipy.spatial import cKDTree

from game.sim.constants import DT, PERSON_MASS
from game.sim.events import Event
from game.sim.geometry import hex_lattice
from game.sim.slots import BYSTANDER, CROWD, GATE, KORLAP, PROTESTER, PROVOKATOR

if TYPE_CHECKING:
    from game.sim.simulation import Simulation


def new_crowd(sim: Simulation, k: int, pts: np.ndarray) -> None:
    """Add people of group k at pts, drawing who they are from the group's numbers."""
    g = sim.level.crowd[k]
    n = len(pts)
    rng = sim.rng
    v0 = np.clip(rng.normal(g.speed.mean, g.speed.sd, n), g.speed.min, g.speed.max)
    r = rng.uniform(g.radius.min, g.radius.max, n)
    hardship = np.clip(rng.normal(g.grievance, 0.15, n), 0, 1)
    risk = np.clip(rng.normal(g.risk_aversion, 0.15, n), 0, 1)
    # Granovetter: thresholds spread narrowly, so a few can tip many
    threshold = np.clip(rng.normal(0.55, 0.1, n), 0.05, 1)
    role = roles(sim, k, pts)
    provok = role == PROVOKATOR
    threshold[provok] = 0.02
    hardship[provok] = np.maximum(hardship[provok], 0.8)
    risk[provok] = np.minimum(risk[provok], 0.1)
    agitation = np.full(n, g.agitation)
    agitation[provok] = np.maximum(agitation[provok], 0.6)
    for i in range(n):
        sim.add_person(
            CROWD,
            pts[i],
            mass=PERSON_MASS,
            radius=float(r[i]),
            group=k,
            goal=sim.group_goal_field[k],
            v0=v0[i],
            role=role[i],
            hardship=hardship[i],
            risk=risk[i],
            threshold=threshold[i],
            agitation=agitation[i],
        )
    sim.spawned[k] += n


def roles(sim: Simulation, k: int, pts: np.ndarray) -> np.ndarray:
    """Korlap lead from the front, provocateurs are spread through the crowd, onlookers
    hang back. Placed groups are ranked by distance to their goal; arriving groups by
    order of arrival."""
    g = sim.level.crowd[k]
    r = g.roles
    n = len(pts)
    role = np.full(n, PROTESTER, dtype=np.int8)
    first = sim.spawned[k]
    if first == 0 and n == g.count:  # the whole group placed at once
        field = sim.world.fields[sim.field_names[sim.group_goal_field[k]]]
        rank = np.argsort(field.distance_at(pts), kind="stable")
    else:
        rank = np.arange(n)
    arrival = np.empty(n, dtype=np.intp)
    arrival[rank] = np.arange(first, first + n)
    spread = g.count - r.korlap - r.bystander
    provok_at = {r.korlap + int((j + 0.5) * spread / r.provokator) for j in range(r.provokator)}
    role[np.isin(arrival, list(provok_at))] = PROVOKATOR
    role[arrival < r.korlap] = KORLAP
    role[arrival >= g.count - r.bystander] = BYSTANDER
    return role


def place_group(sim: Simulation, k: int, n: int) -> None:
    """Fill the spawn zone evenly (a jittered hexagonal lattice) around anyone there."""
    g = sim.level.crowd[k]
    outline = sim.world.zone_outlines[g.spawn]
    area = sim.world.zone_areas[g.spawn]
    occupied = known_positions(sim)
    spacing = float(np.sqrt(2 / (np.sqrt(3) * max(n / area, 1e-6))))
    spacing = max(spacing, 2 * g.radius.max + 0.01)
    for _ in range(60):
        pts = hex_lattice(outline, spacing)
        if len(occupied) and len(pts):
            d, _ = cKDTree(occupied).query(pts, k=1)
            pts = pts[d > 2 * 0.3 + 0.02]
        if len(pts) >= n:
            break
        spacing *= 0.97
    n = min(n, len(pts))  # the loader refuses crowds that cannot fit; a last guard
    pts = pts[np.sort(sim.rng.choice(len(pts), size=n, replace=False))]
    room = max(spacing - 2 * g.radius.max, 0) / 2
    pts = pts + sim.rng.uniform(-1, 1, (n, 2)) * room * 0.7
    new_crowd(sim, k, pts)


def known_positions(sim: Simulation) -> np.ndarray:
    """Where people stood at the last tick, plus anyone added since."""
    s = sim.slots
    seen = len(sim.last_pos)
    persons = s.view("alive") & (s.view("kind") != GATE)
    known = sim.last_pos[persons[:seen]]
    fresh = []
    for i in range(seen, s.n):
        body = sim.bodies.of_slot[i]
        if persons[i] and body is not None:
            fresh.append(tuple(body.position))
    return np.vstack([known, np.asarray(fresh, dtype=float).reshape(-1, 2)])


def spawn_arrivals(sim: Simulation) -> None:
    t = sim.tick * DT
    for k, g in enumerate(sim.level.crowd):
        start = sim.script.group_start[k]  # a group on cue waits for its trigger (-1)
        if sim.spawned[k] >= g.count or start < 0 or t < start:
            continue
        if g.spawn_rate == 0:
            place_group(sim, k, g.count - sim.spawned[k])
            continue
        due = min(g.count, int(np.floor((t - start) * g.spawn_rate)) + 1)
        want = due - sim.spawned[k]
        if want > 0:
            _spawn_some(sim, k, want)


def _spawn_some(sim: Simulation, k: int, want: int) -> None:
    """Drop arrivals at free places in the spawn zone; the rest wait for room."""
    g = sim.level.crowd[k]
    outline = np.asarray(sim.world.zone_outlines[g.spawn])
    lo, hi = outline.min(axis=0), outline.max(axis=0)
    cand = sim.rng.uniform(lo, hi, (want * 4, 2))
    cand = cand[sim.world.inside_zone(g.spawn, cand)]
    occupied = known_positions(sim)
    clear = 2 * g.radius.max + 0.05
    if len(occupied) and len(cand):
        d, _ = cKDTree(occupied).query(cand, k=1)
        cand = cand[d > clear]
    chosen: list[np.ndarray] = []
    for p in cand:  # at most a few per tick: keep arrivals apart from each other
        if all(np.hypot(*(p - q)) > clear for q in chosen):
            chosen.append(p)
            if len(chosen) == want:
                break
    if chosen:
        new_crowd(sim, k, np.asarray(chosen))


def exit_arrivals(sim: Simulation, pos: np.ndarray, events: list[Event]) -> None:
    """Those who reach an exit they were walking to leave the map."""
    s = sim.slots
    cand = np.flatnonzero(s.view("alive") & (s.view("kind") == CROWD) & ~s.view("injured"))
    if not len(cand):
        return
    goals = s.goal[cand]
    for gi in sim.exit_fields.tolist():
        mine = cand[goals == gi]
        if not len(mine):
            continue
        name = sim.field_names[gi]
        out = mine[sim.world.inside_zone(name, pos[mine])]
        for slot in out.tolist():
            sim.remove_body(slot)
            events.append(Event(sim.tick, "agent_exited", {"agent": slot, "zone": name}))
