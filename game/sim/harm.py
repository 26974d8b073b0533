"""Harm: crowd pressure and crush injuries, thrown objects, fires, and injuries from force.

Pressure per body is read from pymunk's contact impulses (one batch call ten times a
second): Σ|contact force| / (2πr), in N/m. Only load seen by two readings in a row counts
(an impact lasts a tick), filtered over about a second. Crush injures by the dose, not the
peak: load held above an onset adds up (compressive asphyxia takes tens of seconds to
minutes under the loads reported from crowd disasters, and breathing recovers when the load
goes), and someone whose dose passes the limit is injured. A body under heavy load can lose
its footing; one who falls lies as an obstacle, and those pressed against them stumble in
turn, which is how a crush spreads from a fall. A fallen person takes the load lying down
(a larger dose) and gets up once it eases.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.spatial import cKDTree

from game.sim import intel, scoring
from game.sim.events import Event
from game.sim.hazards import FIRE_LIFETIME, THROW_SPEED, Fire, Projectile
from game.sim.slots import CROWD, OFFICER, PROVOKATOR, VIP

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

PRESSURE_TICKS = 6  # ten times a second
PRESSURE_WINDOW = 1.0  # s: the contact load is filtered over about this long
INJURY_PRESSURE = 1600.0  # N/m: the overlays' and charts' scale (Helbing et al. 2007)
DOSE_ONSET = 2000.0  # N/m: load below this hurts nobody, however long it lasts
INJURY_DOSE = 60_000.0  # N·s/m above the onset: 30 s at 4000 N/m, 10 s at 8000 N/m
DOSE_RECOVERY = 20.0  # s: time constant of recovering from a dose once the load eases
FALL_PRESSURE = 3000.0  # N/m: under this much a standing person may lose their footing
FALL_RATE = 0.02  # per second while loaded past FALL_PRESSURE
STUMBLE_PRESSURE = 600.0  # N/m: pressed against someone on the ground, one stumbles...
STUMBLE_RATE = 1.0  # ... at this rate per second
STUMBLE_REACH = 0.15  # m beyond touching: who counts as pressed against the fallen
FALLEN_DOSE = 3.0  # lying down, the same load weighs this much more
GET_UP_SECONDS = 3.0  # a fallen person gets up after this long ...
GET_UP_PRESSURE = 800.0  # N/m ... if the load on them is under this
THROW_RANGE = (4.0, 18.0)  # m from the thrower to an officer
THROW_CHANCE = {"provokator": 0.12, "other": 0.01}  # per half second while active
THROW_SCATTER = 0.8  # m
HIT_RADIUS = 0.6  # m around the landing point
OFFICER_HURT = {True: 0.03, False: 0.2}  # by shielded
IGNITE_CHANCE = 0.0005  # per half second for a furious provocateur near the police
MAX_FIRES = 3
GAS_HARM_EXPOSURE = 0.6  # tear gas exposure above which people may need hospital care
GAS_HARM_CHANCE = 0.003  # per second at that exposure

_OUTCOME_POINTS = {
    "crowd_injured": scoring.CROWD_INJURED,
    "officer_injured": scoring.OFFICER_INJURED,
    "provocateur_arrested": scoring.PROVOCATEUR_ARRESTED,
    "other_arrested": scoring.OTHER_ARRESTED,
    "gate_broken": scoring.GATE_BROKEN,
    "hostage_taken": scoring.HOSTAGE_TAKEN,
}


def outcome(tick: int, rule: str, **about: Any) -> Event:
    return scoring.scored(tick, "outcome", _OUTCOME_POINTS[rule], rule, **about)


def injure(sim: Simulation, slots: np.ndarray, cause: str, events: list[Event]) -> None:
    """People fall and stay down until medics carry them out."""
    s = sim.slots
    slots = np.asarray(slots, dtype=np.intp)
    slots = slots[~s.injured[slots]]
    if not len(slots):
        return
    s.injured[slots] = True
    s.down_tick[slots] = sim.tick
    s.hit_tick[slots] = sim.tick  # when they went down: the situation remembers a minute
    s.active[slots] = False
    s.sitting[slots] = False
    s.fallen[slots] = False  # down for good now: injured
    s.hold[slots] = 0.0
    s.agitation[slots] = 0.0
    for slot in slots.tolist():
        officer = bool(s.kind[slot] == OFFICER)
        data: dict[str, Any] = {"agent": slot, "cause": cause, "officer": officer}
        if officer:  # the radio names the unit ("Anggota Dalmas Awal terluka!")
            data["squad"] = sim.squads[int(s.group[slot])].name
        events.append(Event(sim.tick, "injured", data))
        events.append(
            outcome(
                sim.tick, "officer_injured" if officer else "crowd_injured", agent=slot, cause=cause
            )
        )


def crowd_pressure(sim: Simulation, events: list[Event]) -> None:
    a, b, f = sim.bodies.contacts(sim.dt)
    s = sim.slots
    n = s.n
    # the static body is slot -1; bincount sums in the pairs' fixed order
    load = np.bincount(a[a >= 0], f[a >= 0], n) + np.bincount(b[b >= 0], f[b >= 0], n)
    radius = np.maximum(s.view("radius"), 0.1)
    now = load / (2 * np.pi * radius)
    # an impact lasts a tick, a load lasts: only what two readings 0.1 s apart both saw
    held = np.minimum(now, s.contact[:n])
    s.contact[:n] = now
    dt = PRESSURE_TICKS * sim.dt
    keep = float(np.exp(-dt / PRESSURE_WINDOW))
    s.pressure[:n] = keep * s.pressure[:n] + (1.0 - keep) * held
    people = s.view("alive") & np.isin(s.view("kind"), (CROWD, VIP)) & ~s.view("injured")
    p = s.pressure[:n]
    fallen = s.view("fallen")
    over = np.maximum(p - DOSE_ONSET, 0.0) * np.where(fallen, FALLEN_DOSE, 1.0)
    recover = np.exp(-dt / DOSE_RECOVERY)
    s.dose[:n] = np.where(people & (over > 0), s.dose[:n] + over * dt, s.dose[:n] * recover)
    crushed = np.flatnonzero(people & (s.dose[:n] >= INJURY_DOSE))
    injure(sim, crushed, "crush", events)
    _falls(sim, people & ~s.view("injured"), a, b, events)


def fall_dice(sim: Simulation) -> np.ndarray:
    """One draw per slot for this tick's falls, from a stream of their own keyed by the
    seed and the tick: falls never shift the run's other chances (throws, the crowd's
    mind), and the draws need no state of their own in a snapshot."""
    bits = np.random.Philox(key=sim.seed & (2**64 - 1), counter=sim.tick)
    return np.random.Generator(bits).random(sim.slots.n)


def _falls(
    sim: Simulation, people: np.ndarray, a: np.ndarray, b: np.ndarray, events: list[Event]
) -> None:
    """Who loses their footing and who gets up, ten times a second. The first to fall
    where nobody was down is reported: a crush has begun there."""
    s = sim.slots
    n = s.n
    dt = PRESSURE_TICKS * sim.dt
    p = s.pressure[:n]
    down = s.view("fallen") | (s.view("injured") & s.view("alive"))
    # pressed against someone on the ground: a contact pair with one of them down
    both = (a >= 0) & (b >= 0)
    a, b = a[both], b[both]
    near_down = np.zeros(n, dtype=bool)
    near_down[a[down[b]]] = True
    near_down[b[down[a]]] = True
    standing = people & ~s.view("fallen") & ~s.view("sitting")
    rate = np.where(near_down & (p > STUMBLE_PRESSURE), STUMBLE_RATE, 0.0)
    rate = np.where(p > FALL_PRESSURE, np.maximum(rate, FALL_RATE), rate)
    if (standing & (rate > 0)).any():
        fall = np.flatnonzero(standing & (fall_dice(sim) < rate * dt))
        if len(fall) and not s.view("fallen").any():
            pos, _ = sim.positions()
            x, y = pos[fall].mean(axis=0)
            data = {"count": int(len(fall)), "x": float(x), "y": float(y)}
            events.append(Event(sim.tick, "crowd_falling", data))
        s.fallen[fall] = True
        s.fell_tick[fall] = sim.tick
    up = np.flatnonzero(
        people
        & s.view("fallen")
        & (sim.tick - s.view("fell_tick") >= round(GET_UP_SECONDS / sim.dt))
        & (p < GET_UP_PRESSURE)
    )
    s.fallen[up] = False


def throw_and_burn(sim: Simulation, events: list[Event]) -> None:
    """Active people near the police throw bottles and stones; provocateurs light tyres."""
    s = sim.slots
    pos, _ = sim.positions()
    # nobody throws at an officer in plain clothes: the crowd does not know them
    officers = np.flatnonzero(intel.uniformed(sim) & ~s.view("injured"))
    active = np.flatnonzero(sim.free_crowd_mask() & s.view("active"))
    if not len(officers) or not len(active):
        return
    d, k = cKDTree(pos[officers]).query(pos[active], k=1)
    in_range = (d >= THROW_RANGE[0]) & (d <= THROW_RANGE[1])
    provok = s.role[active] == PROVOKATOR
    chance = np.where(provok, THROW_CHANCE["provokator"], THROW_CHANCE["other"])
    chance = np.where(provok | (s.agitation[active] > 0.8), chance, 0.0)  # only the furious
    roll = sim.rng.random(len(active))
    throwers = np.flatnonzero(in_range & (roll < chance))
    for i in throwers.tolist():
        aim = pos[officers[k[i]]] + sim.rng.normal(0, THROW_SCATTER, 2)
        launch(sim, int(active[i]), pos[active[i]], aim)
    thrown(sim, active[throwers], events)

    near_police = provok & (d <= THROW_RANGE[1]) & (s.agitation[active] > 0.8)
    ignite = np.flatnonzero(near_police & (sim.rng.random(len(active)) < IGNITE_CHANCE))
    for i in ignite.tolist():
        if len(sim.hazards.fires) >= MAX_FIRES:
            break
        p = pos[active[i]]
        until = sim.tick + round(FIRE_LIFETIME / sim.dt)
        sim.hazards.fires.append(Fire(float(p[0]), float(p[1]), until, int(active[i])))
        events.append(Event(sim.tick, "fire_started", {"x": float(p[0]), "y": float(p[1])}))


def launch(sim: Simulation, thrower: int, src: np.ndarray, aim: np.ndarray) -> None:
    """A bottle or stone in the air from `src` to `aim`, landing after its flight."""
    flight = max(1, round(float(np.hypot(*(aim - src))) / THROW_SPEED / sim.dt))
    sim.hazards.projectiles.append(
        Projectile(
            float(src[0]),
            float(src[1]),
            float(aim[0]),
            float(aim[1]),
            sim.tick,
            sim.tick + flight,
            thrower,
        )
    )


def thrown(sim: Simulation, throwers: np.ndarray, events: list[Event]) -> None:
    """Remember who threw now (Sat Intelkam sees it) and say how many objects flew."""
    sim.slots.throw_tick[throwers] = sim.tick
    if len(throwers):
        events.append(Event(sim.tick, "objects_thrown", {"count": int(len(throwers))}))


def throw_one(sim: Simulation, thrower: int, events: list[Event]) -> bool:
    """`thrower` throws at the nearest officer in uniform, as the furious do on their own
    (an instructor's `provoke`); an officer out of reach gets it short, at full range.
    False when there is no officer to throw at."""
    s = sim.slots
    officers = np.flatnonzero(intel.uniformed(sim) & ~s.view("injured"))
    if not len(officers):
        return False
    pos, _ = sim.positions()
    src = pos[thrower]
    d = np.hypot(*(pos[officers] - src).T)
    target = pos[officers[int(np.argmin(d))]]
    far = float(d.min())
    if far > THROW_RANGE[1]:
        target = src + (target - src) * (THROW_RANGE[1] / far)
    aim = target + sim.rng.normal(0, THROW_SCATTER, 2)
    s.active[thrower] = True
    launch(sim, thrower, src, aim)
    thrown(sim, np.array([thrower], dtype=np.intp), events)
    return True


def land_projectiles(sim: Simulation, pos: np.ndarray, events: list[Event]) -> None:
    landing = [p for p in sim.hazards.projectiles if p.lands <= sim.tick]
    if not landing:
        return
    sim.hazards.projectiles = [p for p in sim.hazards.projectiles if p.lands > sim.tick]
    s = sim.slots
    officers = np.flatnonzero(sim.officer_mask() & ~s.view("injured"))
    if not len(officers):
        return
    tree = cKDTree(pos[officers])
    spots = np.array([[p.x1, p.y1] for p in landing])
    d, k = tree.query(spots, k=1)
    hit = officers[k[d <= HIT_RADIUS]]
    if not len(hit):
        return
    units = [sim.squads[s.group[o]].unit for o in hit.tolist()]
    shielded = np.array([u.shielded for u in units])
    chance = np.where(shielded, OFFICER_HURT[True], OFFICER_HURT[False])
    chance[np.array([u.mass > 1000 for u in units])] = 0.0  # a stone does not hurt a truck
    hurt = hit[sim.rng.random(len(hit)) < chance]
    events.append(Event(sim.tick, "officers_hit", {"count": int(len(hit))}))
    injure(sim, hurt, "thrown_object", events)
