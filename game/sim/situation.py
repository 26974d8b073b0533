"""The situation colour (Perkap 16/2006), the protected person, and the level's objectives.

hijau: an orderly demonstration. kuning: disorder, pushing, sitting in, throwing.
merah: riot: destruction, arson, assault, hostage-taking. The colour rises at once and
falls only after half a minute of calm, as a commander would call it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim import scoring
from game.sim.events import Event
from game.sim.slots import CROWD, OFFICER, PROVOKATOR

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

COLOURS = ("hijau", "kuning", "merah")
CALM_BEFORE_LOWER = 30.0  # s
HOSTAGE_TAKERS = 2
HOSTAGE_RADIUS = 1.5  # m
RECENT_THROWS = 30.0  # s
MERAH_ACTIVE = 0.3  # share of the crowd active that makes a riot
KUNING_ACTIVE = 0.05
KUNING_AGITATION = 0.45


def assess(sim: Simulation) -> str:
    s = sim.slots
    crowd = np.flatnonzero(sim.free_crowd_mask())
    active_share = float(s.active[crowd].mean()) if len(crowd) else 0.0
    agitation = float(s.agitation[crowd].mean()) if len(crowd) else 0.0
    throws = (s.throw_tick[crowd] >= 0) & (
        (sim.tick - s.throw_tick[crowd]) * sim.dt < RECENT_THROWS
    )
    hurt_lately = (s.view("hit_tick") >= 0) & ((sim.tick - s.view("hit_tick")) * sim.dt < 60)
    officers_down = bool((s.view("injured") & (s.view("kind") == OFFICER) & hurt_lately).any())
    if (
        any(g.state == "broken" for g in sim.gates)
        or sim.hostage
        or sim.hazards.fires
        or officers_down
        or active_share >= MERAH_ACTIVE
    ):
        return "merah"
    if (
        active_share >= KUNING_ACTIVE
        or agitation >= KUNING_AGITATION
        or s.sitting[crowd].any()
        or throws.any()
    ):
        return "kuning"
    return "hijau"


def update(sim: Simulation, events: list[Event]) -> None:
    _hostage(sim, events)
    now = assess(sim)
    rank = COLOURS.index
    if rank(now) > rank(sim.colour):
        events.append(Event(sim.tick, "situation", {"colour": now, "was": sim.colour}))
        sim.colour = now
        sim.calmer_since = -1
    elif rank(now) < rank(sim.colour):
        if sim.calmer_since < 0:
            sim.calmer_since = sim.tick
        elif (sim.tick - sim.calmer_since) * sim.dt >= CALM_BEFORE_LOWER:
            events.append(Event(sim.tick, "situation", {"colour": now, "was": sim.colour}))
            sim.colour = now
            sim.calmer_since = -1
    else:
        sim.calmer_since = -1
    _deadlines(sim, events)
    _dispersal(sim, events)
    check_objectives(sim, events, final=False)


def _hostage(sim: Simulation, events: list[Event]) -> None:
    if not sim.vips:
        return
    s = sim.slots
    pos, _ = sim.positions()
    takers = np.flatnonzero(
        sim.free_crowd_mask() & s.view("active") & (s.view("role") == PROVOKATOR)
    )
    for name, vip in sim.vips.items():
        if not s.alive[vip] or s.injured[vip]:
            continue
        d = np.hypot(*(pos[takers] - pos[vip]).T) if len(takers) else np.zeros(0)
        holding = takers[d <= HOSTAGE_RADIUS]
        if name in sim.script.captors:  # seized by the script: held while a captor fights
            holding = scripted_captors(sim, name)
            if not len(holding):
                del sim.script.captors[name]
        held = sim.hostages[name]
        if not held and len(holding) >= HOSTAGE_TAKERS:
            sim.hostages[name] = held = True
            events.append(Event(sim.tick, "hostage_taken", {"person": name}))
            from game.sim.harm import outcome

            events.append(outcome(sim.tick, "hostage_taken", person=name))
        elif held and len(holding) == 0:
            sim.hostages[name] = held = False
            events.append(Event(sim.tick, "hostage_freed", {"person": name}))
            # back to where the person stood, behind the police
            home = next(p.at for p in sim.level.people if p.name == name)
            s.anchor_x[vip], s.anchor_y[vip] = home
        if held and len(holding):
            # the captors drag their hostage along with them
            c = pos[holding].mean(axis=0)
            s.anchor_x[vip], s.anchor_y[vip] = float(c[0]), float(c[1])


def scripted_captors(sim: Simulation, person: str) -> np.ndarray:
    """The captors a script named, while free and fighting: an arrest or calm frees the
    person."""
    slots = np.asarray(sim.script.captors.get(person, []), dtype=np.intp)
    s = sim.slots
    return slots[s.alive[slots] & ~s.injured[slots] & ~s.arrested[slots] & s.active[slots]]


def _deadlines(sim: Simulation, events: list[Event]) -> None:
    for k, mind in enumerate(sim.minds):
        if 0 <= mind.deadline_tick <= sim.tick:
            mind.deadline_tick = -1
            events.append(Event(sim.tick, "deadline_passed", {"group": sim.level.crowd[k].name}))


def gone_share(sim: Simulation) -> float:
    """Share of everyone who came that has left, been arrested or carried out, or is
    walking home calmly."""
    s = sim.slots
    came = s.view("kind") == 0
    total = int(came.sum())
    if total == 0:
        return 0.0
    left = came & ~s.view("alive")
    home = came & s.view("alive") & np.isin(s.view("goal"), sim.exit_fields) & ~s.view("active")
    return float((left | home).sum()) / max(total, sum(g.count for g in sim.level.crowd))


def _dispersal(sim: Simulation, events: list[Event]) -> None:
    if sim.dispersed_at >= 0 or not sim.level.crowd:
        return
    if all(sp >= g.count for sp, g in zip(sim.spawned, sim.level.crowd, strict=True)) and (
        gone_share(sim) >= 0.9
    ):
        sim.dispersed_at = sim.tick
        minutes = sim.tick * sim.dt / 60
        points = round(10 * max(0.0, 1 - minutes / 15), 1)
        events.append(Event(sim.tick, "dispersed", {"minutes": round(minutes, 2)}))
        events.append(
            scoring.scored(
                sim.tick, "outcome", points, "time_to_dispersal", minutes=round(minutes, 2)
            )
        )


def check_objectives(sim: Simulation, events: list[Event], final: bool) -> None:
    s = sim.slots
    pos, _ = sim.positions()
    for i, obj in enumerate(sim.level.objectives):
        if sim.objectives[i] != "pending":
            continue
        verdict = None
        if obj.type == "keep_zone_clear":
            crowd = np.flatnonzero(sim.free_crowd_mask())
            inside = int(sim.world.inside_zone(obj.zone, pos[crowd]).sum()) if len(crowd) else 0
            if inside > obj.max_people:
                verdict = "failed"
            elif final:
                verdict = "met"
        elif obj.type == "protect_person":
            vip = sim.vips.get(obj.person, -1)
            if vip >= 0 and (s.injured[vip] or sim.hostages.get(obj.person, False)):
                verdict = "failed"
            elif final:
                verdict = "met"
        elif obj.type == "free_hostage":
            if final:
                verdict = "failed" if sim.hostages.get(obj.person, False) else "met"
        elif obj.type == "disperse_by":
            if gone_share(sim) >= obj.share:
                verdict = "met"
            elif final or sim.tick * sim.dt >= obj.seconds:
                verdict = "failed"
        elif obj.type == "arrest_provocateurs":
            provok = s.view("role") == PROVOKATOR
            total = max(1, sum(g.roles.provokator for g in sim.level.crowd))
            if (s.view("arrested") & provok).sum() / total >= obj.share:
                verdict = "met"
            elif final:
                verdict = "failed"
        elif obj.type == "evacuate_injured":
            kind = s.view("kind")
            side = {"crowd": kind == CROWD, "police": kind == OFFICER}.get(
                obj.side, (kind == CROWD) | (kind == OFFICER)
            )
            lying = side & s.view("injured") & ~s.view("evacuated") & s.view("alive")
            waited = (sim.tick - s.view("down_tick")[lying]) * sim.dt
            if len(waited) and float(waited.max()) > obj.within:
                verdict = "failed"
            elif final:
                verdict = "met"
        if verdict:
            decide_objective(sim, i, verdict, events)


def decide_objective(sim: Simulation, i: int, verdict: str, events: list[Event]) -> None:
    obj = sim.level.objectives[i]
    sim.objectives[i] = verdict
    # each kind spelled out, so a test finds every kind the simulation can emit
    kind = "objective_met" if verdict == "met" else "objective_failed"
    events.append(Event(sim.tick, kind, {"objective": i, "type": obj.type}))
    points = scoring.OBJECTIVE_MET if verdict == "met" else scoring.OBJECTIVE_FAILED
    events.append(
        scoring.scored(
            sim.tick, "outcome", points, f"objective_{verdict}", objective=i, type=obj.type
        )
    )
