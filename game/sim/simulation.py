"""The simulation: a fixed 1/60 s tick over pymunk bodies steered by numpy.

Every person, officer and gate leaf is a slot (game/sim/slots.py) and one pymunk body.
Bodies are read and written in one batch per tick; nothing loops over people. Twice a
second the slower layer runs: the crowd's mood, squads' tasks, thrown objects, the
situation colour and the objectives.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np
import pymunk
import pymunk.batch as batch
from scipy.spatial import cKDTree

from game.level.schema import Level
from game.sim import commands, harm, mood, situation, tasks
from game.sim import orders as O
from game.sim.constants import (
    COLLISION_SLOP,
    DT,
    KEYFRAME_SECONDS,
    PERSON_FRICTION,
    PERSON_MASS,
    SOLVER_ITERATIONS,
    SPATIAL_HASH_CELL,
    TICK_RATE,
)
from game.sim.crowd import PersonState, crowd_forces
from game.sim.events import Event
from game.sim.formations import Formation, line_heading, unit
from game.sim.gates import GateState, attach, check_break, make_leaf
from game.sim.geometry import hex_lattice
from game.sim.hazards import JET_COOLING, JET_PUSH, JET_SOAK, Hazards, in_jet
from game.sim.mood import MOOD_TICKS, GroupMind
from game.sim.refusals import refuse
from game.sim.rulebook import MoveRule, force_tools, negotiation_moves
from game.sim.slots import (
    BYSTANDER,
    CROWD,
    GATE,
    KORLAP,
    OFFICER,
    PROTESTER,
    PROVOKATOR,
    VIP,
    Slots,
)
from game.sim.squads import Squad, officer_forces
from game.sim.units import UNIT_KINDS
from game.sim.world import (
    CAT_CROWD,
    CAT_GATE,
    CAT_LINE,
    CAT_SUPPORT,
    CAT_WALL,
    StaticWorld,
    build_static_world,
)

SNAPSHOT_FORMAT = 2
_POS_VEL = batch.BodyFields.POSITION | batch.BodyFields.VELOCITY
ACTIVE_SPEED = 1.25  # an active person walks and pushes a quarter faster
SIT_HOLD = 700.0  # N: how hard a sitting person resists being moved
VIP_HOLD = 500.0
INJURED_DAMPING = 400.0  # N·s/m: a fallen person does not slide about


class Simulation:
    """Deterministic: same level, seed and orders give the same state hash at every tick."""

    def __init__(
        self, level: Level, seed: int | None = None, keyframe_ticks: int | None = None
    ) -> None:
        self._setup(level, level.seed if seed is None else seed, keyframe_ticks)
        self.rng = np.random.default_rng(self.seed)
        self._new_space()
        for g in level.gates:
            state = GateState(
                g.name, g.a, g.b, g.mass, g.break_force, -1, "open" if g.open else "closed"
            )
            # every gate has a slot, so one open in the level can still be closed
            state.slot = self.slots.add(kind=GATE, alive=not g.open, mass=g.mass)
            self._bodies.append(None)
            if not g.open:
                self._add_gate_body(state, 0.0, (0.0, 0.0), 0.0)
            self.gates.append(state)
        for person in level.people:
            slot = self._add_person(VIP, person.at, mass=PERSON_MASS, radius=0.25)
            self.slots.anchor_x[slot], self.slots.anchor_y[slot] = person.at
            self.vips[person.name] = slot
        threat = self._threat_point()
        for sq in level.squads:
            self._add_squad(sq, threat)
        for k, group in enumerate(level.crowd):
            if group.spawn_rate == 0 and group.start == 0:
                self._place_group(k, group.count)

    # --- construction --------------------------------------------------------------------

    def _setup(self, level: Level, seed: int, keyframe_ticks: int | None) -> None:
        self.level = level
        self.seed = int(seed)
        self.dt = DT
        self.world: StaticWorld = build_static_world(level)
        self.tick = 0
        self.keyframe_ticks = int(keyframe_ticks or KEYFRAME_SECONDS * TICK_RATE)
        self.slots = Slots()
        self.gates: list[GateState] = []
        self.squads: list[Squad] = []
        self.vips: dict[str, int] = {}
        # a group's wait for an answer starts when it arrives
        self.minds = [
            GroupMind(g.legitimacy, g.legitimacy, last_heard_tick=round(g.start * TICK_RATE))
            for g in level.crowd
        ]
        self.spawned = [0] * len(level.crowd)
        self.hazards = Hazards.empty()
        self.presence: list[list[float]] = []  # [x, y, radius, until_tick, strength]
        self.colour = "hijau"
        self.calmer_since = -1  # tick the situation first looked calmer than its colour
        self.authorised = False
        self.authorisation_due = -1
        self.hostages: dict[str, bool] = {p.name: False for p in level.people}
        self.handovers: list[list[str]] = []  # [incoming, outgoing] passing through
        self.objectives = ["pending"] * len(level.objectives)
        self.dispersed_at = -1
        self._pending: list[tuple[int, int, Any]] = []
        self._seq = 0
        self._bodies: list[pymunk.Body | None] = []
        self.field_names = sorted(self.world.fields)
        index = {name: i for i, name in enumerate(self.field_names)}
        self.group_goal_field = np.array([index[g.goal] for g in level.crowd] + [-1], np.int32)
        self.group_thinks = np.array([g.mind for g in level.crowd] + [False])
        self.group_sits = np.array([g.sit_in for g in level.crowd] + [False])
        self.exit_fields = np.array(
            [index[z] for z in self.field_names if self.world.zone_kinds.get(z) == "exit"],
            dtype=np.int32,
        )
        self.moves: dict[str, MoveRule] = negotiation_moves(level.negotiation)
        self.tools = force_tools(level.force)
        self._last_pos = np.zeros((0, 2))
        self._tick_pos: tuple[np.ndarray, np.ndarray] | None = None

    def _new_space(self) -> None:
        space = pymunk.Space()
        space.gravity = (0.0, 0.0)
        space.iterations = SOLVER_ITERATIONS
        space.collision_slop = COLLISION_SLOP
        space.use_spatial_hash(SPATIAL_HASH_CELL, 10_000)
        self.world.add_static_shapes(space)
        self.space = space
        self._order_dirty = True
        self._buf = batch.Buffer()

    def _add_person(self, kind: int, pos, *, mass: float, radius: float, **values) -> int:
        slot = self.slots.add(kind=kind, alive=True, mass=mass, radius=radius, **values)
        self._bodies.append(None)
        self._add_person_body(slot, pos, (0.0, 0.0))
        return slot

    def _add_person_body(self, slot: int, pos, vel) -> None:
        s = self.slots
        body = pymunk.Body(float(s.mass[slot]), float("inf"))
        body.position = (float(pos[0]), float(pos[1]))
        body.velocity = (float(vel[0]), float(vel[1]))
        shape = pymunk.Circle(body, float(s.radius[slot]))
        shape.friction = PERSON_FRICTION
        shape.filter = self.person_filter(slot)
        self.space.add(body, shape)
        self._bodies[slot] = body
        self._order_dirty = True

    def person_filter(self, slot: int) -> pymunk.ShapeFilter:
        """Crowd collides with everyone; a police line lets its support officers through."""
        s = self.slots
        category = CAT_CROWD
        if s.kind[slot] == OFFICER:
            support = UNIT_KINDS[self.squads[s.group[slot]].kind].support
            category = CAT_SUPPORT if support else CAT_LINE
        others = {
            CAT_CROWD: CAT_CROWD | CAT_LINE | CAT_SUPPORT,
            CAT_LINE: CAT_CROWD | CAT_LINE,
            CAT_SUPPORT: CAT_CROWD | CAT_SUPPORT,
        }
        return pymunk.ShapeFilter(
            group=int(s.pass_group[slot]),
            categories=category,
            mask=others[category] | CAT_WALL | CAT_GATE,
        )

    def _add_gate_body(self, gate: GateState, angle: float, vel, spin: float, pos=None) -> None:
        body, shape = make_leaf(gate)
        if pos is not None:
            body.position = (float(pos[0]), float(pos[1]))
        body.angle = angle
        body.velocity = (float(vel[0]), float(vel[1]))
        body.angular_velocity = spin
        self.space.add(body, shape)
        attach(self.space, gate, body)
        self._bodies[gate.slot] = body
        self._order_dirty = True

    def remove_body(self, slot: int) -> None:
        body = self._bodies[slot]
        if body is not None:
            self.space.remove(body, *body.shapes)
        self._bodies[slot] = None
        self.slots.alive[slot] = False
        self._order_dirty = True

    def _threat_point(self) -> tuple[float, float]:
        """Where trouble comes from, for squads the level does not tell which way to face."""
        spawns = [self.world.zone_outlines[g.spawn] for g in self.level.crowd]
        if not spawns:
            return (self.world.width / 2, 0.0)
        c = np.vstack([np.asarray(s, float) for s in spawns]).mean(axis=0)
        return (float(c[0]), float(c[1]))

    def _add_squad(self, sq, threat) -> None:
        f = sq.formation
        if f.type == "line":
            centre = ((f.a[0] + f.b[0]) / 2, (f.a[1] + f.b[1]) / 2)
            heading = line_heading(f.a, f.b, f.face or threat, None)
            width = float(np.hypot(f.b[0] - f.a[0], f.b[1] - f.a[1]))
            formation = Formation("line", centre, heading, width, f.ranks)
        else:
            heading = unit(np.subtract(f.face or threat, f.at))
            formation = Formation(f.type, f.at, heading)
        kind = UNIT_KINDS[sq.kind]
        slots = formation.slots(sq.officers, kind.rank_gap)
        squad = Squad(sq.name, sq.kind, np.zeros(0, dtype=np.intp), formation, slots, slots)
        index = len(self.squads)
        self.squads.append(squad)
        squad.members = np.asarray(
            [
                self._add_person(
                    OFFICER,
                    p,
                    mass=kind.mass,
                    radius=kind.radius,
                    hold=kind.hold_force,
                    group=index,
                )
                for p in slots
            ],
            dtype=np.intp,
        )

    def _new_crowd(self, k: int, pts: np.ndarray) -> None:
        """Add people of group k at pts, drawing who they are from the group's numbers."""
        g = self.level.crowd[k]
        n = len(pts)
        rng = self.rng
        v0 = np.clip(rng.normal(g.speed.mean, g.speed.sd, n), g.speed.min, g.speed.max)
        r = rng.uniform(g.radius.min, g.radius.max, n)
        hardship = np.clip(rng.normal(g.grievance, 0.15, n), 0, 1)
        risk = np.clip(rng.normal(g.risk_aversion, 0.15, n), 0, 1)
        # Granovetter: thresholds spread narrowly, so a few can tip many
        threshold = np.clip(rng.normal(0.55, 0.1, n), 0.05, 1)
        role = self._roles(k, pts)
        provok = role == PROVOKATOR
        threshold[provok] = 0.02
        hardship[provok] = np.maximum(hardship[provok], 0.8)
        risk[provok] = np.minimum(risk[provok], 0.1)
        agitation = np.full(n, g.agitation)
        agitation[provok] = np.maximum(agitation[provok], 0.6)
        for i in range(n):
            self._add_person(
                CROWD,
                pts[i],
                mass=PERSON_MASS,
                radius=float(r[i]),
                group=k,
                goal=self.group_goal_field[k],
                v0=v0[i],
                role=role[i],
                hardship=hardship[i],
                risk=risk[i],
                threshold=threshold[i],
                agitation=agitation[i],
            )
        self.spawned[k] += n

    def _roles(self, k: int, pts: np.ndarray) -> np.ndarray:
        """Korlap lead from the front, provocateurs are spread through the crowd, onlookers
        hang back. Placed groups are ranked by distance to their goal; arriving groups by
        order of arrival."""
        g = self.level.crowd[k]
        r = g.roles
        n = len(pts)
        role = np.full(n, PROTESTER, dtype=np.int8)
        first = self.spawned[k]
        if first == 0 and n == g.count:  # the whole group placed at once
            field = self.world.fields[self.field_names[self.group_goal_field[k]]]
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

    def _place_group(self, k: int, n: int) -> None:
        """Fill the spawn zone evenly (a jittered hexagonal lattice) around anyone there."""
        g = self.level.crowd[k]
        outline = self.world.zone_outlines[g.spawn]
        area = self.world.zone_areas[g.spawn]
        occupied = self._known_positions()
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
        pts = pts[np.sort(self.rng.choice(len(pts), size=n, replace=False))]
        room = max(spacing - 2 * g.radius.max, 0) / 2
        pts = pts + self.rng.uniform(-1, 1, (n, 2)) * room * 0.7
        self._new_crowd(k, pts)

    def _known_positions(self) -> np.ndarray:
        """Where people stood at the last tick, plus anyone added since."""
        s = self.slots
        seen = len(self._last_pos)
        persons = s.view("alive") & (s.view("kind") != GATE)
        known = self._last_pos[persons[:seen]]
        fresh = [tuple(self._bodies[i].position) for i in range(seen, s.n) if persons[i]]
        return np.vstack([known, np.asarray(fresh, dtype=float).reshape(-1, 2)])

    # --- reading and writing bodies in one batch ----------------------------------------

    def _space_slots(self) -> np.ndarray:
        """Which slot each body is, in the order pymunk walks its bodies."""
        if self._order_dirty:
            buf = batch.Buffer()
            batch.get_space_bodies(self.space, batch.BodyFields.BODY_ID, buf)
            ids = np.frombuffer(buf.int_buf(), dtype=np.uintp)
            by_id = {b.id: s for s, b in enumerate(self._bodies) if b is not None}
            by_id[self.space.static_body.id] = -1  # pymunk walks the static body too
            self._order = np.array([by_id[int(i)] for i in ids], dtype=np.intp)
            self._id_sorted = np.sort(ids)
            self._slot_of_sorted = self._order[np.argsort(ids)]
            self._order_dirty = False
        return self._order

    def slots_of_ids(self, ids: np.ndarray) -> np.ndarray:
        """Body ids (from pymunk.batch) to slots; -1 for the static body."""
        self._space_slots()
        return self._slot_of_sorted[np.searchsorted(self._id_sorted, ids)]

    def read_state(self) -> tuple[np.ndarray, np.ndarray]:
        """Positions and velocities of every slot (dead slots are zero)."""
        order = self._space_slots()
        self._buf.clear()
        batch.get_space_bodies(self.space, _POS_VEL, self._buf)
        data = np.frombuffer(self._buf.float_buf(), dtype=np.float64).reshape(-1, 4)
        # one spare row at the end takes the static body's values (slot -1)
        pos = np.zeros((self.slots.n + 1, 2))
        vel = np.zeros((self.slots.n + 1, 2))
        pos[order] = data[:, 0:2]
        vel[order] = data[:, 2:4]
        return pos[:-1], vel[:-1]

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        """This tick's positions and velocities (read once per tick)."""
        if self._tick_pos is None or len(self._tick_pos[0]) != self.slots.n:
            self._tick_pos = self.read_state()
        return self._tick_pos

    def _write_forces(self, force: np.ndarray) -> None:
        order = self._space_slots()
        padded = np.vstack([force, np.zeros((1, 2))])  # the static body's row stays zero
        out = np.ascontiguousarray(padded[order].ravel())
        buf = batch.Buffer()
        buf.set_float_buf(out)
        batch.set_space_bodies(self.space, batch.BodyFields.FORCE, buf)

    # --- the tick ------------------------------------------------------------------------

    def submit(self, order: Any) -> None:
        """Queue an order for the tick it is stamped with."""
        self._pending.append((int(order.tick), self._seq, order))
        self._seq += 1
        self._pending.sort(key=lambda t: (t[0], t[1]))

    def step(self) -> list[Event]:
        events: list[Event] = []
        self._tick_pos = None
        self._apply_orders(events)
        self._spawn_arrivals()
        pos, vel = self.positions()
        if self.tick % MOOD_TICKS == 0:
            self._slow_layer(events)

        force = self._forces(pos, vel)
        self._jets(pos, force, events)
        self._write_forces(force)
        self.space.step(DT)

        for gate in self.gates:
            broke = check_break(self.space, gate)
            if broke is not None:
                events.append(Event(self.tick, "gate_broken", {"gate": gate.name, "load": broke}))
                events.append(harm.outcome(self.tick, "gate_broken", gate=gate.name))
        for squad in self.squads:
            if squad.advance_clock(DT):
                if squad.waypoints:
                    commands.next_leg(self, squad)
                else:
                    events.append(Event(self.tick, "squad_in_position", {"squad": squad.name}))
        harm.land_projectiles(self, pos, events)
        if self.tick % harm.PRESSURE_TICKS == 0:
            harm.crowd_pressure(self, events)
        self._exit_arrivals(pos, events)
        self._last_pos = pos
        self.tick += 1
        self._tick_pos = None
        if self.tick % self.keyframe_ticks == 0:
            self._restore(self.snapshot())
        return events

    def _slow_layer(self, events: list[Event]) -> None:
        """Twice a second: minds, tasks, hazards, the situation and the objectives."""
        dt = MOOD_TICKS * DT
        self.hazards.expire(self.tick, DT)
        self.hazards.drift(self.level.wind, dt)
        self.presence = [p for p in self.presence if p[3] > self.tick]
        crowd = np.flatnonzero(self.free_crowd_mask())
        if len(crowd):
            pos, _ = self.positions()
            exposure = self.hazards.gas_exposure(pos[crowd], self.tick, DT)
            s = self.slots
            s.gas[crowd] = np.maximum(s.gas[crowd] * np.exp(-dt / 8.0), exposure)
            # heavy exposure can put someone in hospital (the drill accounts report two)
            choking = crowd[s.gas[crowd] > harm.GAS_HARM_EXPOSURE]
            hurt = choking[self.rng.random(len(choking)) < harm.GAS_HARM_CHANCE * dt]
            if len(hurt):
                harm.injure(self, hurt, "tear_gas", events)
            s.wet[crowd] = np.maximum(s.wet[crowd] - dt, 0.0)
        mood.update(self, dt)
        harm.throw_and_burn(self, events)
        tasks.update(self, dt, events)
        situation.update(self, events)

    def _forces(self, pos: np.ndarray, vel: np.ndarray) -> np.ndarray:
        s = self.slots
        n = s.n
        force = np.zeros((n, 2))
        kind = s.view("kind")
        persons = np.flatnonzero(s.view("alive") & (kind != GATE))
        if len(persons):
            crowd = kind[persons] == CROWD
            walking = crowd & ~s.injured[persons] & ~s.sitting[persons]
            direction = np.zeros((len(persons), 2))
            goals = s.goal[persons]
            for gi, name in enumerate(self.field_names):
                sel = np.flatnonzero(walking & (goals == gi))
                if len(sel):
                    direction[sel] = self.world.fields[name].directions_at(pos[persons[sel]])
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
            )
            force[persons] = crowd_forces(state, self.world)
            # sitting people and the protected person hold their ground; the fallen lie still
            anchored = persons[(s.sitting[persons] & ~s.injured[persons]) | (kind[persons] == VIP)]
            if len(anchored):
                to = np.column_stack([s.anchor_x[anchored], s.anchor_y[anchored]]) - pos[anchored]
                f = 2000.0 * to - 400.0 * vel[anchored]
                cap = np.where(s.kind[anchored] == VIP, VIP_HOLD, SIT_HOLD)
                mag = np.maximum(np.hypot(f[:, 0], f[:, 1]), 1e-9)
                force[anchored] = f * np.minimum(1.0, cap / mag)[:, None]
            fallen = persons[s.injured[persons]]
            force[fallen] = -INJURED_DAMPING * vel[fallen]
        members, f_off = officer_forces(self.squads, pos, vel, s.hold, s.mass, self.tick)
        force[members] = f_off
        return force

    def _jets(self, pos: np.ndarray, force: np.ndarray, events: list[Event]) -> None:
        """Water jets push and soak whoever stands in them, and put out fires."""
        if not self.hazards.jets:
            return
        s = self.slots
        persons = np.flatnonzero(s.view("alive") & (s.view("kind") == CROWD))
        for jet in self.hazards.jets:
            squad = self.squad(jet.squad)
            origin = pos[squad.members].mean(axis=0)
            hit = persons[in_jet(pos[persons], origin, jet)]
            s.wet[hit] = JET_SOAK
            # a drenching cools: those in the jet lose the will to press on
            s.agitation[hit] = np.maximum(0.0, s.agitation[hit] - JET_COOLING * DT)
            force[hit] += np.array([jet.dx, jet.dy]) * JET_PUSH
            fires = self.hazards.fires
            if fires:
                fpos = np.array([[f.x, f.y] for f in fires])
                out = in_jet(fpos, origin, jet)
                if out.any():
                    for f in (f for f, o in zip(fires, out, strict=True) if o):
                        events.append(Event(self.tick, "fire_out", {"x": f.x, "y": f.y}))
                    self.hazards.fires = [f for f, o in zip(fires, out, strict=True) if not o]

    def _exit_arrivals(self, pos: np.ndarray, events: list[Event]) -> None:
        s = self.slots
        cand = np.flatnonzero(s.view("alive") & (s.view("kind") == CROWD) & ~s.view("injured"))
        if not len(cand):
            return
        goals = s.goal[cand]
        for gi in self.exit_fields.tolist():
            mine = cand[goals == gi]
            if not len(mine):
                continue
            name = self.field_names[gi]
            out = mine[self.world.inside_zone(name, pos[mine])]
            for slot in out.tolist():
                self.remove_body(slot)
                events.append(Event(self.tick, "agent_exited", {"agent": slot, "zone": name}))

    def _spawn_arrivals(self) -> None:
        t = self.tick * DT
        for k, g in enumerate(self.level.crowd):
            if self.spawned[k] >= g.count or t < g.start:
                continue
            if g.spawn_rate == 0:
                self._place_group(k, g.count - self.spawned[k])
                continue
            due = min(g.count, int(np.floor((t - g.start) * g.spawn_rate)) + 1)
            want = due - self.spawned[k]
            if want > 0:
                self._spawn_some(k, want)

    def _spawn_some(self, k: int, want: int) -> None:
        """Drop arrivals at free places in the spawn zone; the rest wait for room."""
        g = self.level.crowd[k]
        outline = np.asarray(self.world.zone_outlines[g.spawn])
        lo, hi = outline.min(axis=0), outline.max(axis=0)
        cand = self.rng.uniform(lo, hi, (want * 4, 2))
        cand = cand[self.world.inside_zone(g.spawn, cand)]
        occupied = self._known_positions()
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
            self._new_crowd(k, np.asarray(chosen))

    def apply_due_orders(self) -> list[Event]:
        """Carry out the orders stamped for now without advancing the clock, so a paused
        trainee sees them taken or refused at once. A replay that applies them at the start
        of the next step reaches the same state: nothing happens in between."""
        events: list[Event] = []
        self._tick_pos = None
        self._apply_orders(events)
        self._tick_pos = None
        return events

    def operate_gate(self, gate: GateState, state: str) -> None:
        """Swing a gate's leaf out of the way, or put it back, latched."""
        if state == "open":
            body = self._bodies[gate.slot]
            if body is not None:
                self.space.remove(*gate.joints)
                gate.joints = []
                self.remove_body(gate.slot)
        else:
            self.slots.alive[gate.slot] = True
            mid = ((gate.a[0] + gate.b[0]) / 2, (gate.a[1] + gate.b[1]) / 2)
            gate.state = "closed"
            gate.load = 0.0
            self._add_gate_body(gate, 0.0, (0.0, 0.0), 0.0, mid)
        gate.state = state
        self._tick_pos = None

    def teleport(self, slots: np.ndarray, positions: np.ndarray) -> None:
        """Put bodies somewhere at once (deployment before the clock starts)."""
        for slot, p in zip(slots.tolist(), positions, strict=True):
            body = self._bodies[slot]
            if body is not None:
                body.position = (float(p[0]), float(p[1]))
                body.velocity = (0.0, 0.0)
        self._tick_pos = None

    def finish(self) -> list[Event]:
        """End of the run: judge the objectives still open. Returns their events."""
        events: list[Event] = []
        situation.check_objectives(self, events, final=True)
        return events

    # --- orders --------------------------------------------------------------------------

    def _apply_orders(self, events: list[Event]) -> None:
        while self._pending and self._pending[0][0] <= self.tick:
            due, _, order = self._pending.pop(0)
            data = {"order": O.order_to_json(order)}
            if due < self.tick:
                reason = refuse("late", due=due, now=self.tick)
            else:
                reason = commands.carry_out(self, order, events)
            if reason:
                why = {
                    "reason": str(reason),
                    "code": getattr(reason, "code", ""),
                    "params": getattr(reason, "params", {}),
                }
                events.append(Event(self.tick, "order_refused", {**data, **why}))
            else:
                events.insert(0, Event(self.tick, "order_applied", data))

    # --- snapshots, keyframes and the state hash -----------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain JSON-ready data: no pickle, nothing hidden."""
        pos, vel = self.read_state()
        n = self.slots.n
        angle = [0.0] * n
        spin = [0.0] * n
        for g in self.gates:
            if g.slot >= 0 and self._bodies[g.slot] is not None:
                b = self._bodies[g.slot]
                angle[g.slot], spin[g.slot] = b.angle, b.angular_velocity
        return {
            "format": SNAPSHOT_FORMAT,
            "level": self.level.model_dump(mode="json"),
            "seed": self.seed,
            "keyframe_ticks": self.keyframe_ticks,
            "tick": self.tick,
            "rng": self.rng.bit_generator.state,
            "slots": self.slots.to_json(),
            "bodies": {
                "x": pos[:, 0].tolist(),
                "y": pos[:, 1].tolist(),
                "vx": vel[:, 0].tolist(),
                "vy": vel[:, 1].tolist(),
                "angle": angle,
                "spin": spin,
            },
            "gates": [g.to_json() | {"slot": g.slot} for g in self.gates],
            "squads": [s.to_json() for s in self.squads],
            "minds": [m.to_json() for m in self.minds],
            "hazards": self.hazards.to_json(),
            "presence": self.presence,
            "vips": self.vips,
            "state": {
                "colour": self.colour,
                "calmer_since": self.calmer_since,
                "authorised": self.authorised,
                "authorisation_due": self.authorisation_due,
                "hostages": self.hostages,
                "handovers": self.handovers,
                "objectives": self.objectives,
                "dispersed_at": self.dispersed_at,
            },
            "spawned": list(self.spawned),
            "pending": [[t, q, O.order_to_json(o)] for t, q, o in self._pending],
            "seq": self._seq,
        }

    @classmethod
    def from_snapshot(cls, snap: dict[str, Any]) -> Simulation:
        if snap.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"snapshot format {snap.get('format')!r} is not {SNAPSHOT_FORMAT}")
        sim = cls.__new__(cls)
        level = Level.model_validate(snap["level"])
        sim._setup(level, int(snap["seed"]), int(snap["keyframe_ticks"]))
        sim.rng = np.random.default_rng(sim.seed)
        sim._restore(snap)
        return sim

    def _restore(self, snap: dict[str, Any]) -> None:
        """Rebuild the physics space from plain data; the live run does this at every
        keyframe so that a replay seeking to one continues bit for bit the same."""
        self.slots.load(snap["slots"])
        b = snap["bodies"]
        n = self.slots.n
        self.tick = int(snap["tick"])
        self.rng.bit_generator.state = snap["rng"]
        self.spawned = list(snap["spawned"])
        self._pending = [(int(t), int(q), O.parse_order(o)) for t, q, o in snap["pending"]]
        self._seq = int(snap["seq"])
        # where arrivals look for room; the live run restores the same way at each keyframe
        self._last_pos = np.column_stack([b["x"], b["y"]]).reshape(-1, 2)
        self.squads = [Squad.from_json(d) for d in snap["squads"]]
        self.minds = [GroupMind.from_json(d) for d in snap["minds"]]
        self.hazards = Hazards.from_json(snap["hazards"])
        self.presence = [list(p) for p in snap["presence"]]
        self.vips = dict(snap["vips"])
        st = snap["state"]
        self.colour = st["colour"]
        self.calmer_since = int(st["calmer_since"])
        self.authorised = bool(st["authorised"])
        self.authorisation_due = int(st["authorisation_due"])
        self.hostages = {k: bool(v) for k, v in st["hostages"].items()}
        self.handovers = [list(h) for h in st["handovers"]]
        self.objectives = list(st["objectives"])
        self.dispersed_at = int(st["dispersed_at"])
        by_name = {g.name: g for g in self.level.gates}
        self.gates = []
        for gd in snap["gates"]:
            g = by_name[gd["name"]]
            self.gates.append(
                GateState(
                    g.name,
                    g.a,
                    g.b,
                    g.mass,
                    g.break_force,
                    int(gd["slot"]),
                    state=str(gd["state"]),
                    load=float(gd["load"]),
                    peak_load=float(gd["peak_load"]),
                )
            )
        self._new_space()
        self._bodies = [None] * n
        gate_of = {g.slot: g for g in self.gates if g.slot >= 0}
        for slot in range(n):
            if not self.slots.alive[slot]:
                continue
            pos = (b["x"][slot], b["y"][slot])
            vel = (b["vx"][slot], b["vy"][slot])
            if self.slots.kind[slot] == GATE:
                self._add_gate_body(gate_of[slot], b["angle"][slot], vel, b["spin"][slot], pos)
            else:
                self._add_person_body(slot, pos, vel)
        self._tick_pos = None

    def state_hash(self) -> str:
        pos, vel = self.read_state()
        s = self.slots
        live = s.view("alive")
        h = hashlib.blake2b(digest_size=16)
        h.update(np.int64(self.tick).tobytes())
        h.update(live.tobytes())
        h.update(np.ascontiguousarray(pos[live]).tobytes())
        h.update(np.ascontiguousarray(vel[live]).tobytes())
        for name in ("agitation", "active", "injured", "arrested", "goal"):
            h.update(np.ascontiguousarray(s.view(name)).tobytes())
        for g in self.gates:
            h.update(f"{g.name}:{g.state}:{g.load!r}".encode())
            if g.slot >= 0 and self._bodies[g.slot] is not None:
                body = self._bodies[g.slot]
                h.update(np.array([body.angle, body.angular_velocity]).tobytes())
        h.update(json.dumps([m.to_json() for m in self.minds], sort_keys=True).encode())
        h.update(json.dumps(self.hazards.to_json(), sort_keys=True).encode())
        h.update(json.dumps(self.rng.bit_generator.state, sort_keys=True).encode())
        return h.hexdigest()

    # --- read-only views for the other layers, the renderer and the tests ---------------

    @property
    def time(self) -> float:
        return self.tick * DT

    def is_keyframe(self) -> bool:
        """True right after the live run rebuilt itself: a snapshot now is a keyframe."""
        return self.tick % self.keyframe_ticks == 0

    def crowd_slots(self) -> np.ndarray:
        return np.flatnonzero(self.slots.mask(CROWD))

    def officer_slots(self) -> np.ndarray:
        return np.flatnonzero(self.slots.mask(OFFICER))

    def officer_mask(self) -> np.ndarray:
        return self.slots.mask(OFFICER)

    def free_crowd_mask(self) -> np.ndarray:
        """Crowd members in the world and on their feet."""
        s = self.slots
        return s.mask(CROWD) & ~s.view("injured")

    def group_members(self, g: int) -> np.ndarray:
        return np.flatnonzero(self.free_crowd_mask() & (self.slots.view("group") == g))

    def nearest_exit_field(self, pos: np.ndarray) -> np.ndarray:
        if not len(self.exit_fields):
            return np.full(len(pos), -1, dtype=np.int32)
        dist = np.column_stack(
            [self.world.fields[self.field_names[i]].distance_at(pos) for i in self.exit_fields]
        )
        return self.exit_fields[np.argmin(dist, axis=1)]

    def route(self, start, goal, near: bool = False) -> list[tuple[float, float]] | None:
        closed = tuple(g.name for g in self.gates if g.state == "closed")
        return self.world.route_map(closed).route(start, goal, near)

    @property
    def hostage(self) -> bool:
        return any(self.hostages.values())

    def life_threats(self) -> np.ndarray:
        """Slots threatening life right now: fire-raisers and hostage-takers."""
        s = self.slots
        lit = [f.lit_by for f in self.hazards.fires]
        if self.hostage:
            pos, _ = self.positions()
            takers = np.flatnonzero(self.free_crowd_mask() & s.view("active"))
            for name, held in self.hostages.items():
                if held:
                    vip = pos[self.vips[name]]
                    near = np.hypot(*(pos[takers] - vip).T) <= situation.HOSTAGE_RADIUS + 0.5
                    lit += takers[near].tolist()
        return np.asarray(lit, dtype=np.intp)

    def presence_bonus(self, pos: np.ndarray) -> np.ndarray:
        """Extra officers a person feels are watching, from shows of presence and warnings."""
        out = np.zeros(len(pos))
        for x, y, radius, _, strength in self.presence:
            out += strength * (np.hypot(pos[:, 0] - x, pos[:, 1] - y) <= radius)
        return out

    def fires_near(self, pos: np.ndarray, radius: float) -> np.ndarray:
        out = np.zeros(len(pos))
        for f in self.hazards.fires:
            out += np.hypot(pos[:, 0] - f.x, pos[:, 1] - f.y) <= radius
        return out

    def was_warned(self, group: int) -> bool:
        return "warned" in self.minds[group].flags

    def gate(self, name: str) -> GateState:
        return next(g for g in self.gates if g.name == name)

    def find_squad(self, name: str) -> Squad | None:
        return next((s for s in self.squads if s.name == name), None)

    def squad(self, name: str) -> Squad:
        squad = self.find_squad(name)
        if squad is None:
            raise KeyError(name)
        return squad

    def mood_summary(self) -> dict[str, float]:
        """For the HUD's mood gauge and the metrics."""
        crowd = np.flatnonzero(self.free_crowd_mask())
        s = self.slots
        return {
            "agitation": float(s.agitation[crowd].mean()) if len(crowd) else 0.0,
            "active_share": float(s.active[crowd].mean()) if len(crowd) else 0.0,
            "legitimacy": float(np.mean([m.legitimacy for m in self.minds])) if self.minds else 1.0,
        }
