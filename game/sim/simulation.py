"""The simulation: a fixed 1/60 s tick over pymunk bodies steered by numpy.

This module holds the run's state and the order of a tick; each piece of the tick is a
module of its own: arrivals (people come and go), steering (the forces), bodies (pymunk
I/O), snapshot (state, rebuild and hash). Twice a second the slower layer runs: the
crowd's mood, squads' tasks, thrown objects, the situation colour and the objectives.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pymunk

from game.doctrine.formations import start_pose, threat_point
from game.doctrine.rulebook import MoveRule, ToolRule, force_tools, negotiation_moves
from game.doctrine.units import UNIT_KINDS
from game.level.schema import Level
from game.level.schema import Squad as SquadSpec
from game.sim import (
    arrivals,
    commands,
    harm,
    intel,
    mood,
    script,
    situation,
    snapshot,
    steering,
    tasks,
)
from game.sim import orders as O
from game.sim.bodies import Bodies
from game.sim.constants import DT, KEYFRAME_SECONDS, PERSON_MASS, TICK_RATE
from game.sim.events import Event
from game.sim.formations import Formation
from game.sim.gates import GateState, check_break
from game.sim.hazards import Hazards
from game.sim.mood import MOOD_TICKS, GroupMind
from game.sim.refusals import refuse
from game.sim.script import ScriptState
from game.sim.slots import CROWD, GATE, OFFICER, VIP, Slots
from game.sim.snapshot import Snapshot
from game.sim.squads import Squad
from game.sim.world import (
    CAT_CROWD,
    CAT_GATE,
    CAT_LINE,
    CAT_SUPPORT,
    CAT_WALL,
    StaticWorld,
    build_static_world,
)

Pending = tuple[int, int, Any]  # (tick, sequence, order)


class Simulation:
    """Deterministic: same level, seed and orders give the same state hash at every tick."""

    def __init__(
        self,
        level: Level,
        seed: int | None = None,
        keyframe_ticks: int | None = None,
        world: StaticWorld | None = None,
    ) -> None:
        """`world`: the level's static world, when a run of the same level already built it
        (its floor fields take a good part of a second on a large site)."""
        self._setup(level, level.seed if seed is None else seed, keyframe_ticks, world)
        for g in level.gates:
            state = GateState(
                g.name, g.a, g.b, g.mass, g.break_force, -1, "open" if g.open else "closed"
            )
            # every gate has a slot, so one open in the level can still be closed
            state.slot = self.slots.add(kind=GATE, alive=not g.open, mass=g.mass)
            self.bodies.reserve()
            if not g.open:
                self.bodies.add_gate(state, 0.0, (0.0, 0.0), 0.0)
            self.gates.append(state)
        for person in level.people:
            slot = self.add_person(VIP, person.at, mass=PERSON_MASS, radius=0.25)
            self.slots.anchor_x[slot], self.slots.anchor_y[slot] = person.at
            self.vips[person.name] = slot
        for sq in level.squads:
            if not sq.on_cue:  # reinforcements come in when a trigger calls them
                self.add_squad(sq)
        for k, group in enumerate(level.crowd):
            if group.spawn_rate == 0 and group.start == 0 and not group.on_cue:
                arrivals.place_group(self, k, group.count)

    @classmethod
    def from_snapshot(
        cls,
        level: Level,
        snap: Snapshot,
        seed: int,
        keyframe_ticks: int | None = None,
        world: StaticWorld | None = None,
    ) -> Simulation:
        """A run continuing from a snapshot (a keyframe) of a run of this level."""
        sim = cls.__new__(cls)
        sim._setup(level, seed, keyframe_ticks, world)
        snapshot.restore(sim, snap)
        return sim

    # --- construction --------------------------------------------------------------------

    def _setup(
        self, level: Level, seed: int, keyframe_ticks: int | None, world: StaticWorld | None
    ) -> None:
        self.level = level
        self.seed = int(seed)
        # The run rebuilds itself from a keyframe this often. This is part of the physics,
        # not only of the replay: a rebuild drops pymunk's warm-started contact impulses,
        # and the crowd model is calibrated with it (docs/crowd-model.md).
        self.keyframe_ticks = int(keyframe_ticks or KEYFRAME_SECONDS * TICK_RATE)
        self.last_keyframe: Snapshot | None = None
        # a replay's recorded keyframes (get(tick) -> Snapshot | None), to rebuild from
        self.recorded_keyframes: Any = None
        self.rng = np.random.default_rng(self.seed)
        self.dt = DT
        self.world: StaticWorld = world if world is not None else build_static_world(level)
        self.bodies = Bodies(self.world)
        self.tick = 0
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
        self.intel = intel.IntelState()  # who watches, suspicions and tags (game/sim/intel.py)
        # an objective written with active = false waits for a trigger to give it
        self.objectives = ["pending" if o.active else "inactive" for o in level.objectives]
        self.dispersed_at = -1
        self.ended = False  # the trainee (or instructor) ended the exercise
        self.pending: list[Pending] = []
        self.seq = 0
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
        self.tools: dict[str, ToolRule] = force_tools(level.force)
        self.last_pos = np.zeros((0, 2))
        self._tick_pos: tuple[np.ndarray, np.ndarray] | None = None
        self.script: ScriptState = script.initial_state(self)

    @property
    def space(self) -> pymunk.Space:
        return self.bodies.space

    def add_person(self, kind: int, pos, *, mass: float, radius: float, **values: Any) -> int:
        slot = self.slots.add(kind=kind, alive=True, mass=mass, radius=radius, **values)
        self.bodies.reserve()
        self.add_person_body(slot, pos, (0.0, 0.0))
        return slot

    def add_person_body(self, slot: int, pos, vel) -> None:
        s = self.slots
        self.bodies.add_person(
            slot, s.mass[slot], s.radius[slot], pos, vel, self.person_filter(slot)
        )

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

    def remove_body(self, slot: int) -> None:
        self.bodies.remove(slot)
        self.slots.alive[slot] = False

    def threat_point(self) -> tuple[float, float]:
        """Where trouble comes from, for squads the level does not tell which way to face."""
        spawns = [self.world.zone_outlines[g.spawn] for g in self.level.crowd]
        return threat_point(spawns, self.world.width)

    def add_squad(self, sq: SquadSpec, at: Formation | None = None) -> Squad:
        """A squad of the level, standing in its formation (or in `at`, a reinforcement
        arriving)."""
        formation = at if at is not None else self.formation_of(sq)
        kind = UNIT_KINDS[sq.kind]
        slots = formation.slots(sq.officers, kind.rank_gap)
        squad = Squad(sq.name, sq.kind, np.zeros(0, dtype=np.intp), formation, slots, slots)
        index = len(self.squads)
        self.squads.append(squad)
        squad.members = np.asarray(
            [
                self.add_person(
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
        return squad

    def formation_of(self, sq: SquadSpec) -> Formation:
        """The formation the level gives a squad."""
        return Formation(*start_pose(sq.formation, self.threat_point()))

    # --- reading and writing bodies -------------------------------------------------------

    def slots_of_ids(self, ids: np.ndarray) -> np.ndarray:
        """Body ids (from pymunk.batch) to slots; -1 for the static body."""
        return self.bodies.slots_of_ids(ids)

    def read_state(self) -> tuple[np.ndarray, np.ndarray]:
        """Positions and velocities of every slot (dead slots are zero)."""
        return self.bodies.read(self.slots.n)

    def positions(self) -> tuple[np.ndarray, np.ndarray]:
        """This tick's positions and velocities (read once per tick)."""
        if self._tick_pos is None or len(self._tick_pos[0]) != self.slots.n:
            self._tick_pos = self.read_state()
        return self._tick_pos

    def forget_tick_state(self) -> None:
        """Bodies were moved outside the tick: read them afresh next time."""
        self._tick_pos = None

    # --- the tick ------------------------------------------------------------------------

    def submit(self, order: Any) -> None:
        """Queue an order for the tick it is stamped with."""
        self.pending.append((int(order.tick), self.seq, order))
        self.seq += 1
        self.pending.sort(key=lambda t: (t[0], t[1]))

    def step(self) -> list[Event]:
        events: list[Event] = []
        self._tick_pos = None
        self._apply_orders(events)
        arrivals.spawn_arrivals(self)
        pos, vel = self.positions()
        if self.tick % MOOD_TICKS == 0:
            self._slow_layer(events)

        force = steering.forces(self, pos, vel)
        steering.jets(self, pos, force, events)
        self.bodies.write_forces(force)
        self.bodies.step(DT)

        for gate in self.gates:
            broke = check_break(self.space, gate)
            if broke is not None:
                events.append(Event(self.tick, "gate_broken", {"gate": gate.name, "load": broke}))
                events.append(harm.outcome(self.tick, "gate_broken", gate=gate.name))
        for squad in self.squads:
            if squad.advance_clock(DT):
                if squad.waypoints:
                    commands.next_leg(self, squad)
                elif squad.task is None and (stuck := tasks.short_of_slots(self, squad)):
                    # its time is up but its officers are not there: say why, not "in
                    # position" (a gate shut on the way, or the crowd in the way)
                    events.append(stuck)
                elif squad.task is None or not squad.task.get("reported"):
                    # A squad following a person re-plans each time they step away; the
                    # radio hears "in position" once, not at every step.
                    if squad.task is not None:
                        squad.task["reported"] = True
                    events.append(Event(self.tick, "squad_in_position", {"squad": squad.name}))
        harm.land_projectiles(self, pos, events)
        if self.tick % harm.PRESSURE_TICKS == 0:
            harm.crowd_pressure(self, events)
        arrivals.exit_arrivals(self, pos, events)
        script.observe(self, events)
        script.run(self, events)
        self.last_pos = pos
        self.tick += 1
        self._tick_pos = None
        if self.tick % self.keyframe_ticks == 0:
            self._keyframe()
        return events

    def _keyframe(self) -> None:
        """Continue from a keyframe of this very moment (the recorded one, in a replay)."""
        src = self.recorded_keyframes
        kf = src.get(self.tick) if src is not None else None
        if kf is not None:
            own = snapshot.quantize(self.snapshot())
            try:
                self.rebuild(kf)
            except snapshot.BAD_DATA:  # a forged keyframe: carry on from our own
                src.reject(self.tick)
                kf = own
                self.rebuild(kf)
        else:
            kf = snapshot.quantize(self.snapshot())
            self.rebuild(kf)
        self.last_keyframe = kf

    def is_keyframe(self) -> bool:
        """True right after the run rebuilt itself: last_keyframe is this tick's."""
        return self.last_keyframe is not None and self.last_keyframe.tick == self.tick

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
        intel.update(self, dt, events)  # after the throwing: a throw this tick is seen
        tasks.update(self, dt, events)
        situation.update(self, events)

    def apply_due_orders(self) -> list[Event]:
        """Carry out the orders stamped for now without advancing the clock, so a paused
        trainee sees them taken or refused at once. A replay that applies them at the start
        of the next step reaches the same state: nothing happens in between."""
        events: list[Event] = []
        self._tick_pos = None
        self._apply_orders(events)
        self._tick_pos = None
        script.observe(self, events)
        return events

    def operate_gate(self, gate: GateState, state: str) -> None:
        """Swing a gate's leaf out of the way, or put it back, latched."""
        if state == "open":
            if self.bodies.of_slot[gate.slot] is not None:
                self.space.remove(*gate.joints)
                gate.joints = []
                self.remove_body(gate.slot)
        else:
            self.slots.alive[gate.slot] = True
            mid = ((gate.a[0] + gate.b[0]) / 2, (gate.a[1] + gate.b[1]) / 2)
            gate.state = "closed"
            gate.load = 0.0
            self.bodies.add_gate(gate, 0.0, (0.0, 0.0), 0.0, mid)
        gate.state = state
        self._tick_pos = None

    def teleport(self, slots: np.ndarray, positions: np.ndarray) -> None:
        """Put bodies somewhere at once (deployment before the clock starts)."""
        for slot, p in zip(slots.tolist(), positions, strict=True):
            body = self.bodies.of_slot[slot]
            if body is not None:
                body.position = (float(p[0]), float(p[1]))
                body.velocity = (0.0, 0.0)
        self._tick_pos = None

    def finish(self) -> list[Event]:
        """End of the run: judge the objectives still open. Returns their events."""
        events: list[Event] = []
        situation.check_objectives(self, events, final=True)
        return events

    def _apply_orders(self, events: list[Event]) -> None:
        while self.pending and self.pending[0][0] <= self.tick:
            due, _, order = self.pending.pop(0)
            data = {"order": O.order_to_json(order)}
            reason: str | None
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

    # --- the state contract (game/sim/snapshot.py) ----------------------------------------

    def snapshot(self) -> Snapshot:
        """The whole state now, exactly."""
        return snapshot.capture(self)

    def rebuild(self, snap: Snapshot) -> None:
        """Continue from a snapshot of this run (a keyframe): a fresh physics space."""
        snapshot.restore(self, snap)

    def state_hash(self) -> str:
        return snapshot.state_hash(snapshot.part_digests(self.snapshot()))

    # --- read-only views for the other layers, the renderer and the tests ---------------

    @property
    def time(self) -> float:
        return self.tick * DT

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
        lit = [f.lit_by for f in self.hazards.fires if f.lit_by >= 0]  # -1: the script's
        if self.hostage:
            pos, _ = self.positions()
            takers = np.flatnonzero(self.free_crowd_mask() & s.view("active"))
            for name, held in self.hostages.items():
                if held:
                    vip = pos[self.vips[name]]
                    near = np.hypot(*(pos[takers] - vip).T) <= situation.HOSTAGE_RADIUS + 0.5
                    lit += takers[near].tolist()
                    lit += situation.scripted_captors(self, name).tolist()
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
