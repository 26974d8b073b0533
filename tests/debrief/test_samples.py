"""The per-second samples and density grids: read-only, small, and what they say."""

from __future__ import annotations

import json

import numpy as np
from debrief_run import yard

from game.analysis.samples import density_grid, grid_counts, sample, sig
from game.sim import Simulation
from game.sim.orders import UseForce
from game.sim.slots import CROWD


def test_taking_samples_never_changes_the_run():
    """Two runs of the same level, one sampled every second as the Session does (and again
    mid-tick order), reach the same state hash at every second."""
    level = yard()
    plain, sampled = Simulation(level), Simulation(level)
    for sim in (plain, sampled):
        sim.submit(UseForce(tick=240, squad="dalmas_lanjut", tool="verbal", at=(30, 17)))
    for _ in range(6 * 60):
        plain.step()
        sampled.step()
        if sampled.tick % 60 == 0:
            before = sampled.state_hash()
            sample(sampled)
            density_grid(sampled)
            assert sampled.state_hash() == before
            assert sampled.state_hash() == plain.state_hash()
    assert sampled._tick_pos is None  # the simulation's own per-tick cache was left alone


def test_a_sample_holds_the_numbers_the_debrief_charts():
    sim = Simulation(yard())
    for _ in range(3 * 60):
        sim.step()
    s = sample(sim)
    assert set(s) >= {
        "present", "agitation", "active_share", "legitimacy", "colour", "active",
        "injured_crowd", "injured_officers", "arrested", "zones", "gates", "cordon",
    }  # fmt: skip
    assert s["present"] == 100
    assert s["colour"] in ("hijau", "kuning", "merah")
    assert set(s["zones"]) == {z.name for z in sim.level.zones}
    pos, _ = sim.read_state()
    crowd = pos[sim.slots.mask(CROWD)]
    assert s["zones"]["jalan"] == int(sim.world.inside_zone("jalan", crowd).sum())
    assert s["gates"] == {"pintu_samping": {"load": sig(sim.gates[0].load), "state": "closed"}}
    assert set(s["cordon"]) == {sq.name for sq in sim.squads}
    line = sim.squad("dalmas_lanjut").members
    assert s["cordon"]["dalmas_lanjut"] == sig(sim.slots.pressure[line].mean())
    assert len(json.dumps(s)) < 600  # 1,200 of these in a 20-minute replay


def test_numbers_are_rounded_to_four_significant_digits():
    assert sig(12345.678) == 12350.0
    assert sig(0.000123456) == 0.0001235
    assert sig(0.5) == 0.5 and sig(0) == 0.0 and sig(float("nan")) == 0.0


def test_a_density_grid_counts_everyone_where_they_stand():
    sim = Simulation(yard())
    for _ in range(2 * 60):
        sim.step()
    grid = density_grid(sim, cell=1.0)
    counts = grid_counts(grid)
    assert counts.sum() == grid["n"] == len(sim.crowd_slots())
    pos, _ = sim.read_state()
    p = pos[sim.crowd_slots()]
    ij = np.floor(p).astype(int)
    ox, oy = grid["origin"]
    expected = np.zeros_like(counts)
    np.add.at(expected, (ij[:, 1] - oy, ij[:, 0] - ox), 1)
    assert (counts == expected).all()
    assert len(json.dumps(grid)) < 1000
    coarse = grid_counts(density_grid(sim, cell=2.0))
    assert coarse.sum() == grid["n"] and coarse.size < counts.size


def test_a_damaged_grid_is_refused_not_inflated():
    sim = Simulation(yard())
    grid = density_grid(sim)
    import base64
    import zlib

    bomb = base64.b64encode(zlib.compress(b"\0" * 5_000_000)).decode()
    try:
        grid_counts({**grid, "counts": bomb})
    except ValueError:
        pass
    else:
        raise AssertionError("a grid bigger than its shape was accepted")
