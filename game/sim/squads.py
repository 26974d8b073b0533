"""Squads of officers: who stands in which slot, and how a squad walks to a new formation.

A squad re-forms as one body: every officer leaves at once and all arrive together, so the
line never strings out. Officers are held to their slots by a capped spring (the pymunk
"tank" idea done in numpy), so a crowd that pushes harder than the officers can hold moves
them back: the line bends, and may give.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, NotRequired, TypedDict

import numpy as np
from scipy.optimize import linear_sum_assignment

from game.doctrine.units import UNIT_KINDS, UnitKind
from game.sim.formations import Formation
from game.sim.geometry import Points

# The slot controller: a stiff spring-damper toward the slot, capped at hold_force.
SLOT_STIFFNESS = 3000.0  # N/m per 90 kg; scaled by each body's mass
SLOT_DAMPING = 600.0  # N·s/m per 90 kg


class Task(TypedDict):
    """What a squad is busy with beyond holding its formation, as plain data."""

    type: Literal["approach", "arrest", "evacuate"]
    agent: int  # the person's slot
    held: float  # s the squad has had hold of them
    tool: NotRequired[str]  # arrests: the tool of force used
    reported: NotRequired[bool]  # said "in position" once; following on is not news
    unreached: NotRequired[bool]  # said it cannot get to the person; not said again


@dataclass
class Squad:
    name: str
    kind: str
    members: np.ndarray  # body slots of its officers, in a fixed order
    formation: Formation
    start: Points  # where each member's slot starts the current move
    final: Points  # where it ends
    elapsed: float = 0.0  # s since the move began
    duration: float = 0.0  # s the move takes
    arrived: bool = True
    task: Task | None = None  # what the squad is busy with beyond holding its formation
    cooldowns: dict[str, int] = field(default_factory=dict)  # tool -> tick it is ready
    boost_until: int = -1  # tick: a baton charge pushes harder until then
    waypoints: list[list[float]] = field(default_factory=list)  # legs still to walk
    destination: Formation | None = None  # the formation to take at the last leg

    @property
    def unit(self) -> UnitKind:
        return UNIT_KINDS[self.kind]

    def reform(self, formation: Formation, positions: Points) -> None:
        """Assign officers to the new slots so nobody crosses the squad, then set off."""
        slots = formation.slots(len(self.members), self.unit.rank_gap)
        cost = ((positions[:, None, :] - slots[None, :, :]) ** 2).sum(axis=2)
        rows, cols = linear_sum_assignment(cost)
        final = np.empty_like(slots)
        final[rows] = slots[cols]
        self.formation = formation
        self.start = positions.copy()
        self.final = final
        self.elapsed = 0.0
        far = float(np.hypot(*(final - positions).T).max()) if len(final) else 0.0
        self.duration = far / self.unit.walk_speed
        self.arrived = self.duration <= 0

    def advance_clock(self, dt: float) -> bool:
        """Returns True on the tick the squad reaches its formation."""
        if self.arrived:
            return False
        self.elapsed += dt
        if self.elapsed >= self.duration:
            self.arrived = True
            return True
        return False

    def slot_targets(self) -> tuple[Points, Points]:
        """Each member's slot now and the slot's velocity."""
        if self.arrived or self.duration <= 0:
            return self.final, np.zeros_like(self.final)
        s = self.elapsed / self.duration
        path = self.final - self.start
        return self.start + path * s, path / self.duration

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "members": self.members.tolist(),
            "formation": self.formation.to_json(),
            "start": self.start.tolist(),
            "final": self.final.tolist(),
            "elapsed": self.elapsed,
            "duration": self.duration,
            "arrived": self.arrived,
            "task": self.task,
            "cooldowns": self.cooldowns,
            "boost_until": self.boost_until,
            "waypoints": self.waypoints,
            "destination": self.destination.to_json() if self.destination else None,
        }

    @staticmethod
    def from_json(d: dict) -> Squad:
        return Squad(
            name=d["name"],
            kind=d["kind"],
            members=np.asarray(d["members"], dtype=np.intp),
            formation=Formation.from_json(d["formation"]),
            start=np.asarray(d["start"], dtype=float).reshape(-1, 2),
            final=np.asarray(d["final"], dtype=float).reshape(-1, 2),
            elapsed=float(d["elapsed"]),
            duration=float(d["duration"]),
            arrived=bool(d["arrived"]),
            task=d["task"],
            cooldowns={k: int(v) for k, v in d["cooldowns"].items()},
            boost_until=int(d["boost_until"]),
            waypoints=[list(w) for w in d["waypoints"]],
            destination=Formation.from_json(d["destination"]) if d["destination"] else None,
        )


BATON_BOOST = 1.6  # a baton charge leans into the crowd harder than a holding line


def officer_forces(
    squads: list[Squad], pos: Points, vel: Points, hold: np.ndarray, mass: np.ndarray, tick: int
) -> tuple[np.ndarray, Points]:
    """Capped spring-damper forces that pull every officer to its slot.

    pos/vel/hold/mass are indexed by body slot; returns (slots, forces) for all officers.
    """
    if not squads:
        return np.zeros(0, dtype=np.intp), np.zeros((0, 2))
    members = np.concatenate([s.members for s in squads])
    targets = [s.slot_targets() for s in squads]
    target = np.vstack([t[0] for t in targets])
    target_v = np.vstack([t[1] for t in targets])
    scale_m = (mass[members] / 90.0)[:, None]
    f = scale_m * (
        SLOT_STIFFNESS * (target - pos[members]) + SLOT_DAMPING * (target_v - vel[members])
    )
    mag = np.hypot(f[:, 0], f[:, 1])
    boost = np.concatenate(
        [np.full(len(s.members), BATON_BOOST if s.boost_until > tick else 1.0) for s in squads]
    )
    cap = hold[members] * boost
    scale = np.where(mag > cap, cap / np.maximum(mag, 1e-9), 1.0)
    return members, f * scale[:, None]
