"""The simulation: a fixed 1/60 s tick over pymunk bodies steered by numpy.

Every person, officer and gate leaf is a "slot": one row in the arrays below and one pymunk
body. Slots are never reused, so a slot number is a stable person id for metrics and
replays. Bodies are read and written in one batch per tick; nothing loops over people.
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
from game.sim.squads import Squad, officer_forces
from game.sim.units import UNIT_KINDS, cordon_length_needed
from game.sim.world import CAT_GATE, CAT_PERSON, CAT_WALL, StaticWorld, build_static_world

CROWD, OFFICER, GATE = 0, 1, 2
SNAPSHOT_FORMAT = 1
_POS_VEL = batch.BodyFields.POSITION | batch.BodyFields.VELOCITY


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
            if not g.open:
                mid = ((g.a[0] + g.b[0]) / 2, (g.a[1] + g.b[1]) / 2)
                state.slot = self._add_slot(GATE, mid, mass=g.mass, radius=0.0)
                self._add_gate_body(state, 0.0, (0.0, 0.0), 0.0)
            self.gates.append(state)
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
        self.world: StaticWorld = build_static_world(level)
        self.tick = 0
        self.keyframe_ticks = int(keyframe_ticks or KEYFRAME_SECONDS * TICK_RATE)
        self.gates: list[GateState] = []
        self.squads: list[Squad] = []
        self.spawned = [0] * len(level.crowd)
        self._pending: list[tuple[int, int, Any]] = []
        self._seq = 0
        self._late_events: list[Event] = []
        cap = 64
        self.kind = np.zeros(cap, dtype=np.int8)
        self.alive = np.zeros(cap, dtype=bool)
        self.radius = np.zeros(cap)
        self.mass = np.zeros(cap)
        self.group = np.full(cap, -1, dtype=np.int32)
        self.v0 = np.zeros(cap)
        self.agitation = np.zeros(cap)
        self.hold = np.zeros(cap)
        self.n_slots = 0
        self._bodies: list[pymunk.Body | None] = []
        self._goal_index = {name: i for i, name in enumerate(sorted(self.world.fields))}
        self._group_goal = np.array(
            [self._goal_index.get(g.goal, -1) for g in level.crowd] + [-1], dtype=np.int32
        )
        self._group_exits = np.array(
            [self.world.zone_kinds.get(g.goal) == "exit" for g in level.crowd] + [False]
        )
        self._last_pos = np.zeros((0, 2))

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

    def _grow(self, need: int) -> None:
        cap = len(self.kind)
        if need <= cap:
            return
        new = max(need, cap * 2)
        for name in ("kind", "alive", "radius", "mass", "group", "v0", "agitation", "hold"):
            old = getattr(self, name)
            arr = np.zeros(new, dtype=old.dtype)
            if name == "group":
                arr[:] = -1
            arr[:cap] = old
            setattr(self, name, arr)

    def _add_slot(self, kind: int, pos, *, mass: float, radius: float) -> int:
        slot = self.n_slots
        self._grow(slot + 1)
        self.n_slots += 1
        self.kind[slot] = kind
        self.alive[slot] = True
        self.mass[slot] = mass
        self.radius[slot] = radius
        self._bodies.append(None)
        if kind != GATE:
            self._add_person_body(slot, pos, (0.0, 0.0))
        return slot

    def _add_person_body(self, slot: int, pos, vel) -> None:
        body = pymunk.Body(float(self.mass[slot]), float("inf"))
        body.position = (float(pos[0]), float(pos[1]))
        body.velocity = (float(vel[0]), float(vel[1]))
        shape = pymunk.Circle(body, float(self.radius[slot]))
        shape.friction = PERSON_FRICTION
        shape.filter = pymunk.ShapeFilter(
            categories=CAT_PERSON, mask=CAT_PERSON | CAT_WALL | CAT_GATE
        )
        self.space.add(body, shape)
        self._bodies[slot] = body
        self._order_dirty = True

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

    def _threat_point(self) -> tuple[float, float]:
        """Where trouble comes from, for squads the level does not tell which way to face."""
        spawns = [self.world.zone_outlines[g.spawn] for g in self.level.crowd]
        if not spawns:
            return (self.world.width / 2, 0.0)
        pts = np.vstack([np.asarray(s, float) for s in spawns])
        c = pts.mean(axis=0)
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
        unit_kind = UNIT_KINDS[sq.kind]
        slots = formation.slots(sq.officers, unit_kind.rank_gap)
        members = []
        for p in slots:
            slot = self._add_slot(OFFICER, p, mass=unit_kind.mass, radius=unit_kind.radius)
            self.hold[slot] = unit_kind.hold_force
            members.append(slot)
        self.squads.append(
            Squad(sq.name, sq.kind, np.asarray(members, dtype=np.intp), formation, slots, slots)
        )

    def _new_crowd_attributes(self, k: int, n: int) -> tuple[np.ndarray, np.ndarray]:
        g = self.level.crowd[k]
        v0 = np.clip(self.rng.normal(g.speed.mean, g.speed.sd, n), g.speed.min, g.speed.max)
        r = self.rng.uniform(g.radius.min, g.radius.max, n)
        return v0, r

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
        if len(pts) < n:
            n = len(pts)  # the loader refuses crowds that cannot fit; this is a last guard
        chosen = np.sort(self.rng.choice(len(pts), size=n, replace=False))
        pts = pts[chosen]
        v0, r = self._new_crowd_attributes(k, n)
        room = np.maximum(spacing - 2 * r, 0) / 2
        pts = pts + self.rng.uniform(-1, 1, (n, 2)) * room[:, None] * 0.7
        self._add_crowd(k, pts, v0, r)

    def _add_crowd(self, k: int, pts, v0, r) -> None:
        g = self.level.crowd[k]
        for p, speed, radius in zip(pts, v0, r, strict=True):
            slot = self._add_slot(CROWD, p, mass=PERSON_MASS, radius=float(radius))
            self.group[slot] = k
            self.v0[slot] = speed
            self.agitation[slot] = g.agitation
        self.spawned[k] += len(pts)

    def _known_positions(self) -> np.ndarray:
        """Where people stood at the last tick, plus anyone added since (without a loop
        over the whole crowd)."""
        n = self.n_slots
        seen = len(self._last_pos)
        persons = self.alive[:n] & (self.kind[:n] != GATE)
        known = self._last_pos[persons[:seen]]
        fresh = [tuple(self._bodies[s].position) for s in range(seen, n) if persons[s]]
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
            self._order_dirty = False
        return self._order

    def read_state(self) -> tuple[np.ndarray, np.ndarray]:
        """Positions and velocities of every slot (dead slots are zero)."""
        order = self._space_slots()
        self._buf.clear()
        batch.get_space_bodies(self.space, _POS_VEL, self._buf)
        data = np.frombuffer(self._buf.float_buf(), dtype=np.float64).reshape(-1, 4)
        # one spare row at the end takes the static body's values (slot -1)
        pos = np.zeros((self.n_slots + 1, 2))
        vel = np.zeros((self.n_slots + 1, 2))
        pos[order] = data[:, 0:2]
        vel[order] = data[:, 2:4]
        return pos[:-1], vel[:-1]

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
        events = self._late_events
        self._late_events = []
        self._apply_orders(events)
        self._spawn_arrivals()
        pos, vel = self.read_state()
        force = np.zeros((self.n_slots, 2))

        persons = np.flatnonzero(self.alive[: self.n_slots] & (self.kind[: self.n_slots] != GATE))
        if len(persons):
            crowd = self.kind[persons] == CROWD
            direction = np.zeros((len(persons), 2))
            goals = self._group_goal[self.group[persons]]
            for name, gi in self._goal_index.items():
                sel = np.flatnonzero(crowd & (goals == gi))
                if len(sel):
                    direction[sel] = self.world.fields[name].directions_at(pos[persons[sel]])
            state = PersonState(
                pos=pos[persons],
                vel=vel[persons],
                radius=self.radius[persons],
                mass=self.mass[persons],
                is_crowd=crowd,
                direction=direction,
                v0=self.v0[persons],
                agitation=self.agitation[persons],
            )
            force[persons] = crowd_forces(state, self.world)
        members, f_off = officer_forces(self.squads, pos, vel, self.hold)
        force[members] = f_off

        self._write_forces(force)
        self.space.step(DT)

        for gate in self.gates:
            broke = check_break(self.space, gate)
            if broke is not None:
                data = {"gate": gate.name, "load": broke}
                events.append(Event(self.tick, "gate_broken", data))
        for squad in self.squads:
            if squad.advance_clock(DT):
                events.append(Event(self.tick, "squad_in_position", {"squad": squad.name}))
        self._exit_arrivals(pos, events)
        self._last_pos = pos
        self.tick += 1
        if self.tick % self.keyframe_ticks == 0:
            self._restore(self.snapshot())
        return events

    def _exit_arrivals(self, pos: np.ndarray, events: list[Event]) -> None:
        n = self.n_slots
        leaving = self.alive[:n] & (self.kind[:n] == CROWD) & self._group_exits[self.group[:n]]
        cand = np.flatnonzero(leaving)
        if not len(cand):
            return
        for k, g in enumerate(self.level.crowd):
            if not self._group_exits[k]:
                continue
            mine = cand[self.group[cand] == k]
            if not len(mine):
                continue
            out = mine[self.world.inside_zone(g.goal, pos[mine])]
            for slot in out.tolist():
                body = self._bodies[slot]
                self.space.remove(body, *body.shapes)
                self._bodies[slot] = None
                self.alive[slot] = False
                events.append(Event(self.tick, "agent_exited", {"agent": slot, "zone": g.goal}))
            if len(out):
                self._order_dirty = True

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
            v0, r = self._new_crowd_attributes(k, len(chosen))
            self._add_crowd(k, np.asarray(chosen), v0, r)

    # --- orders --------------------------------------------------------------------------

    def _apply_orders(self, events: list[Event]) -> None:
        while self._pending and self._pending[0][0] <= self.tick:
            due, _, order = self._pending.pop(0)
            if due < self.tick:
                reason = f"arrived late: stamped for tick {due}, now {self.tick}"
            else:
                reason = self._carry_out(order)
            data = {"order": O.order_to_json(order)}
            if reason:
                events.append(Event(self.tick, "order_refused", {**data, "reason": reason}))
            else:
                events.append(Event(self.tick, "order_applied", data))

    def _squad(self, name: str) -> Squad | None:
        return next((s for s in self.squads if s.name == name), None)

    def _check_point(self, label: str, p) -> str | None:
        if not self.world.inside_map(p):
            return f"{label} ({p[0]:g}, {p[1]:g}) is outside the map"
        b = self.world.building_at(p)
        if b is not None:
            return f"{label} ({p[0]:g}, {p[1]:g}) is inside building {self.level.buildings[b].name}"
        return None

    def _carry_out(self, order: Any) -> str | None:
        """Apply one order, or say why not (and change nothing)."""
        squad = self._squad(order.squad)
        if squad is None:
            names = ", ".join(s.name for s in self.squads) or "none"
            return f'no squad named "{order.squad}" (squads: {names})'
        f = squad.formation
        members = squad.members
        here = np.array([tuple(self._bodies[s].position) for s in members])
        if isinstance(order, O.FormCordon):
            for label, p in (("a", order.a), ("b", order.b)) + (
                (("face", order.face),) if order.face else ()
            ):
                if (err := self._check_point(label, p)) is not None:
                    return err
            length = float(np.hypot(order.b[0] - order.a[0], order.b[1] - order.a[1]))
            need = cordon_length_needed(squad.kind, len(members), order.ranks)
            if length < need:
                return (
                    f"cordon of {length:.1f} m is too short for {len(members)} officers in "
                    f"{order.ranks} rank(s): needs at least {need:.1f} m"
                )
            centre = ((order.a[0] + order.b[0]) / 2, (order.a[1] + order.b[1]) / 2)
            heading = line_heading(order.a, order.b, order.face, f.heading)
            new = Formation("line", centre, heading, length, order.ranks)
        elif isinstance(order, O.Move):
            if (err := self._check_point("to", order.to)) is not None:
                return err
            heading = None
            if order.face is not None:
                if (err := self._check_point("face", order.face)) is not None:
                    return err
                heading = unit(np.subtract(order.face, order.to))
            new = f.moved(order.to, heading)
        elif isinstance(order, O.Hold):
            squad.formation = f
            squad.start = here
            squad.final = here.copy()
            squad.elapsed = squad.duration = 0.0
            squad.arrived = True
            return None
        elif isinstance(order, O.Advance | O.Withdraw):
            if not 0 < order.metres <= 100:
                return f"distance must be between 0 and 100 m, not {order.metres:g}"
            sign = 1.0 if isinstance(order, O.Advance) else -1.0
            to = (
                f.centre[0] + sign * order.metres * f.heading[0],
                f.centre[1] + sign * order.metres * f.heading[1],
            )
            if (err := self._check_point("the new position", to)) is not None:
                return err
            new = f.moved(to)
        elif isinstance(order, O.ChangeFormation):
            width = f.width if f.shape == "line" and f.width > 0 else None
            if width is None:
                width = -(-len(members) // order.ranks) * 0.75
            new = Formation(order.formation, f.centre, f.heading, width, order.ranks)
        else:
            return f"unknown order {type(order).__name__}"
        squad.reform(new, here)
        return None

    # --- snapshots, keyframes and the state hash -----------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The whole state as plain JSON-ready data: no pickle, nothing hidden."""
        pos, vel = self.read_state()
        n = self.n_slots
        angle = [0.0] * n
        spin = [0.0] * n
        for g in self.gates:
            if g.slot >= 0:
                b = self._bodies[g.slot]
                angle[g.slot], spin[g.slot] = b.angle, b.angular_velocity
        return {
            "format": SNAPSHOT_FORMAT,
            "level": self.level.model_dump(mode="json"),
            "seed": self.seed,
            "keyframe_ticks": self.keyframe_ticks,
            "tick": self.tick,
            "rng": self.rng.bit_generator.state,
            "slots": {
                "kind": self.kind[:n].tolist(),
                "alive": self.alive[:n].tolist(),
                "radius": self.radius[:n].tolist(),
                "mass": self.mass[:n].tolist(),
                "group": self.group[:n].tolist(),
                "v0": self.v0[:n].tolist(),
                "agitation": self.agitation[:n].tolist(),
                "hold": self.hold[:n].tolist(),
                "x": pos[:, 0].tolist(),
                "y": pos[:, 1].tolist(),
                "vx": vel[:, 0].tolist(),
                "vy": vel[:, 1].tolist(),
                "angle": angle,
                "spin": spin,
            },
            "gates": [g.to_json() | {"slot": g.slot} for g in self.gates],
            "squads": [s.to_json() for s in self.squads],
            "spawned": list(self.spawned),
            "pending": [[t, s, O.order_to_json(o)] for t, s, o in self._pending],
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

    def is_keyframe(self) -> bool:
        """True right after the live run rebuilt itself: a snapshot now is a keyframe."""
        return self.tick % self.keyframe_ticks == 0

    def _restore(self, snap: dict[str, Any]) -> None:
        """Rebuild the physics space from plain data; the live run does this at every
        keyframe so that a replay seeking to one continues bit for bit the same."""
        s = snap["slots"]
        n = len(s["kind"])
        self.n_slots = 0
        self._grow(n)
        self.n_slots = n
        for name in ("kind", "alive", "radius", "mass", "group", "v0", "agitation", "hold"):
            getattr(self, name)[:n] = s[name]
        self.tick = int(snap["tick"])
        self.rng.bit_generator.state = snap["rng"]
        self.spawned = list(snap["spawned"])
        self._pending = [(int(t), int(q), O.parse_order(o)) for t, q, o in snap["pending"]]
        self._seq = int(snap["seq"])
        # where arrivals look for room; the live run restores the same way at each keyframe
        self._last_pos = np.column_stack([s["x"], s["y"]]).reshape(-1, 2)
        self.squads = [Squad.from_json(d) for d in snap["squads"]]
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
            if not self.alive[slot]:
                continue
            pos = (s["x"][slot], s["y"][slot])
            vel = (s["vx"][slot], s["vy"][slot])
            if self.kind[slot] == GATE:
                self._add_gate_body(gate_of[slot], s["angle"][slot], vel, s["spin"][slot], pos)
            else:
                self._add_person_body(slot, pos, vel)

    def state_hash(self) -> str:
        pos, vel = self.read_state()
        n = self.n_slots
        h = hashlib.blake2b(digest_size=16)
        h.update(np.int64(self.tick).tobytes())
        h.update(self.alive[:n].tobytes())
        live = self.alive[:n]
        h.update(np.ascontiguousarray(pos[live]).tobytes())
        h.update(np.ascontiguousarray(vel[live]).tobytes())
        for g in self.gates:
            h.update(f"{g.name}:{g.state}:{g.load!r}".encode())
            if g.slot >= 0:
                b = self._bodies[g.slot]
                h.update(np.array([b.angle, b.angular_velocity]).tobytes())
        h.update(json.dumps(self.rng.bit_generator.state, sort_keys=True).encode())
        return h.hexdigest()

    # --- read-only views for metrics, renderer, tests -----------------------------------

    @property
    def time(self) -> float:
        return self.tick * DT

    def crowd_slots(self) -> np.ndarray:
        n = self.n_slots
        return np.flatnonzero(self.alive[:n] & (self.kind[:n] == CROWD))

    def officer_slots(self) -> np.ndarray:
        n = self.n_slots
        return np.flatnonzero(self.alive[:n] & (self.kind[:n] == OFFICER))

    def gate(self, name: str) -> GateState:
        return next(g for g in self.gates if g.name == name)

    def squad(self, name: str) -> Squad:
        squad = self._squad(name)
        if squad is None:
            raise KeyError(name)
        return squad
