"""The state hash covers the whole state: change any part and the hash changes."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import level

from game.sim import Simulation, snapshot
from game.sim import orders as O
from game.sim.hazards import Fire
from game.sim.slots import COLUMNS


@pytest.fixture(scope="module")
def base():
    sim = Simulation(level("kpu_oku_timur.toml"))
    for _ in range(120):
        sim.step()
    return sim


def _changed(sim: Simulation, change) -> list[str]:
    before = snapshot.part_digests(sim.snapshot())
    h = sim.state_hash()
    snap = sim.snapshot()
    change(sim)
    after = snapshot.part_digests(sim.snapshot())
    assert sim.state_hash() != h
    sim.rebuild(snap)  # put it back for the next case
    assert sim.state_hash() == h
    return [k for k in before if before[k] != after[k]]


@pytest.mark.parametrize("column", [c.name for c in COLUMNS])
def test_every_slot_column_is_in_the_hash(base, column):
    def change(sim):
        arr = sim.slots.view(column)
        arr[-1] = (not arr[-1]) if arr.dtype == bool else arr[-1] + 1

    assert _changed(base, change) == [column]


def test_every_other_part_of_the_state_is_in_the_hash(base):
    cases = {
        "x": lambda s: s.teleport(np.array([s.crowd_slots()[0]]), np.array([[40.0, 20.0]])),
        "squads": lambda s: setattr(s.squads[0], "task", {"type": "approach", "agent": 1}),
        "presence": lambda s: s.presence.append([1.0, 2.0, 3.0, 999.0, 1.0]),
        "situation": lambda s: setattr(s, "colour", "merah"),
        "hazards": lambda s: s.hazards.fires.append(Fire(1.0, 1.0, 9999, -1)),
        "minds": lambda s: s.minds[0].flags.append("warned"),
        "pending": lambda s: s.submit(O.Hold(tick=999, squad="dalmas_awal")),
        "rng": lambda s: s.rng.random(),
        "spawned": lambda s: s.spawned.__setitem__(0, s.spawned[0] + 1),
        "tick": lambda s: setattr(s, "tick", s.tick + 1),
        "script": lambda s: s.script.fired.__setitem__("any", 1),
        "intel": lambda s: s.intel.tags.__setitem__(int(s.crowd_slots()[0]), ("x", 1)),
    }
    for part, change in cases.items():
        assert part in _changed(base, change), part
    for attr, value in (("authorised", True), ("authorisation_due", 5), ("dispersed_at", 7)):
        assert _changed(base, lambda s, a=attr, v=value: setattr(s, a, v)) == ["situation"], attr
    objectives = lambda s: s.objectives.__setitem__(0, "failed")  # noqa: E731
    assert _changed(base, objectives) == ["situation"]
