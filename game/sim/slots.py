"""Per-person state as columns of numpy arrays, one row a "slot".

Every person, officer and gate leaf gets a slot that is never reused, so a slot number is a
stable id for metrics, replays and the debrief. Keeping every column in one registry means
the snapshot, the rebuild and the growth of the arrays can never forget one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

CROWD, OFFICER, GATE, VIP = 0, 1, 2, 3

# Roles of crowd members (Perkap 16/2006 and the drill accounts)
PROTESTER, KORLAP, PROVOKATOR, BYSTANDER = 0, 1, 2, 3

# name: (dtype, value of an empty row)
FIELDS: dict[str, tuple[Any, Any]] = {
    "kind": (np.int8, 0),
    "alive": (bool, False),  # has a body in the world
    "radius": (np.float64, 0.0),
    "mass": (np.float64, 0.0),
    "group": (np.int32, -1),  # crowd group, or squad for officers
    "goal": (np.int32, -1),  # floor field the person walks by
    "v0": (np.float64, 0.0),
    "hold": (np.float64, 0.0),  # officers: the most force toward their slot
    "role": (np.int8, -1),
    "hardship": (np.float64, 0.0),  # Epstein's H
    "risk": (np.float64, 0.0),  # Epstein's R
    "threshold": (np.float64, 0.0),  # Epstein's T
    "agitation": (np.float64, 0.0),  # 0 calm .. 1 furious; also how hard one pushes
    "active": (bool, False),  # turned active by Epstein's rule
    "sitting": (bool, False),
    "injured": (bool, False),
    "arrested": (bool, False),
    "evacuated": (bool, False),
    "wet": (np.float64, 0.0),  # seconds of soaking left
    "gas": (np.float64, 0.0),  # tear gas exposure 0..1
    "pressure": (np.float64, 0.0),  # N/m, smoothed
    "crush": (np.float64, 0.0),  # seconds spent above the injury pressure
    "hit_tick": (np.int64, -1),  # last tick force landed on this person
    "throw_tick": (np.int64, -1),  # last tick this person threw something
    "anchor_x": (np.float64, 0.0),  # where a sitting person sits
    "anchor_y": (np.float64, 0.0),
    "avoid_x": (np.float64, 0.0),  # ESIM: the way away from the nearest violent person
    "avoid_y": (np.float64, 0.0),
    "pass_group": (np.int32, 0),  # pymunk collision group while squads pass through
}


class Slots:
    def __init__(self) -> None:
        self.n = 0
        for name, (dtype, empty) in FIELDS.items():
            setattr(self, name, np.full(64, empty, dtype=dtype))

    def add(self, **values: Any) -> int:
        slot = self.n
        self._grow(slot + 1)
        self.n += 1
        for name, value in values.items():
            getattr(self, name)[slot] = value
        return slot

    def _grow(self, need: int) -> None:
        cap = len(self.kind)
        if need <= cap:
            return
        new = max(need, cap * 2)
        for name, (dtype, empty) in FIELDS.items():
            arr = np.full(new, empty, dtype=dtype)
            arr[:cap] = getattr(self, name)
            setattr(self, name, arr)

    def view(self, name: str) -> np.ndarray:
        return getattr(self, name)[: self.n]

    def mask(self, kind: int) -> np.ndarray:
        return self.view("alive") & (self.view("kind") == kind)

    def to_json(self) -> dict[str, list]:
        return {name: self.view(name).tolist() for name in FIELDS}

    def load(self, data: dict[str, list]) -> None:
        n = len(data["kind"])
        self.n = 0
        self._grow(n)
        self.n = n
        for name, (_, empty) in FIELDS.items():
            arr = getattr(self, name)
            arr[:] = empty
            arr[:n] = data[name]
