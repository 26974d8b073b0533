"""Per-person state as columns of numpy arrays, one row a "slot".

Every person, officer and gate leaf gets a slot that is never reused, so a slot number is a
stable id for metrics, replays and the debrief. Each column is declared once below, with its
type and the value of an empty row, so the snapshot, the rebuild, the state hash and the
growth of the arrays can never forget one.
"""

from __future__ import annotations

from typing import Any

import numpy as np

CROWD, OFFICER, GATE, VIP = 0, 1, 2, 3

# Roles of crowd members (Perkap 16/2006 and the drill accounts)
PROTESTER, KORLAP, PROVOKATOR, BYSTANDER = 0, 1, 2, 3


class Column:
    """One declared column of the slot table: reads as the numpy array that holds it."""

    def __init__(self, dtype: Any, empty: Any) -> None:
        self.dtype = np.dtype(dtype)
        self.empty = empty
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Slots, objtype: type | None = None) -> np.ndarray:
        return obj.columns[self.name]


class Slots:
    kind = Column(np.int8, 0)
    alive = Column(bool, False)  # has a body in the world
    radius = Column(np.float64, 0.0)
    mass = Column(np.float64, 0.0)
    group = Column(np.int32, -1)  # crowd group, or squad for officers
    goal = Column(np.int32, -1)  # floor field the person walks by
    v0 = Column(np.float64, 0.0)
    hold = Column(np.float64, 0.0)  # officers: the most force toward their slot
    role = Column(np.int8, -1)
    hardship = Column(np.float64, 0.0)  # Epstein's H
    risk = Column(np.float64, 0.0)  # Epstein's R
    threshold = Column(np.float64, 0.0)  # Epstein's T
    agitation = Column(np.float64, 0.0)  # 0 calm .. 1 furious; also how hard one pushes
    active = Column(bool, False)  # turned active by Epstein's rule
    sitting = Column(bool, False)
    injured = Column(bool, False)
    arrested = Column(bool, False)
    evacuated = Column(bool, False)
    wet = Column(np.float64, 0.0)  # seconds of soaking left
    gas = Column(np.float64, 0.0)  # tear gas exposure 0..1
    pressure = Column(np.float64, 0.0)  # N/m, contact load filtered over about a second
    contact = Column(np.float64, 0.0)  # N/m, the last reading of the contact load
    dose = Column(np.float64, 0.0)  # N·s/m of crush load held above the onset (game/sim/harm)
    fallen = Column(bool, False)  # lost their footing: lies as an obstacle, may get up
    fell_tick = Column(np.int64, -1)  # tick they fell
    hit_tick = Column(np.int64, -1)  # last tick force landed on this person
    down_tick = Column(np.int64, -1)  # tick this person fell injured (medics' clock)
    throw_tick = Column(np.int64, -1)  # last tick this person threw something
    anchor_x = Column(np.float64, 0.0)  # where a sitting person sits
    anchor_y = Column(np.float64, 0.0)
    avoid_x = Column(np.float64, 0.0)  # ESIM: the way away from the nearest violent person
    avoid_y = Column(np.float64, 0.0)
    pass_group = Column(np.int32, 0)  # pymunk collision group while squads pass through

    def __init__(self) -> None:
        self.n = 0
        self.columns: dict[str, np.ndarray] = {
            c.name: np.full(64, c.empty, dtype=c.dtype) for c in COLUMNS
        }

    def add(self, **values: Any) -> int:
        slot = self.n
        self._grow(slot + 1)
        self.n += 1
        for name, value in values.items():
            self.columns[name][slot] = value
        return slot

    def _grow(self, need: int) -> None:
        cap = len(self.columns["kind"])
        if need <= cap:
            return
        new = max(need, cap * 2)
        for c in COLUMNS:
            arr = np.full(new, c.empty, dtype=c.dtype)
            arr[:cap] = self.columns[c.name]
            self.columns[c.name] = arr

    def view(self, name: str) -> np.ndarray:
        return self.columns[name][: self.n]

    def mask(self, kind: int) -> np.ndarray:
        return self.view("alive") & (self.view("kind") == kind)

    def load(self, data: dict[str, np.ndarray]) -> None:
        """Take every column from plain arrays (a snapshot's), all of one length."""
        n = len(data["kind"])
        self.n = 0
        self._grow(n)
        self.n = n
        for c in COLUMNS:
            arr = self.columns[c.name]
            arr[:] = c.empty
            arr[:n] = data[c.name]


COLUMNS: tuple[Column, ...] = tuple(v for v in vars(Slots).values() if isinstance(v, Column))
