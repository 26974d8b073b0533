"""The crowd's own beats the campaign relies on, each with a test that fails when it is
switched off: hostage-taking, failed objectives, throwing, fires, deadlines, and the colour
falling only after calm."""

from __future__ import annotations

import numpy as np

from game.sim import Simulation, situation
from game.sim.slots import PROVOKATOR
from tests.helpers import level, level_from, level_text, run


def _of(events, kind):
    return [e for e in events if e.kind == kind]


def test_two_active_provocateurs_beside_the_chair_take_the_chair_hostage():
    sim = Simulation(level("test/scripted.toml"))
    run(sim, 6)
    s = sim.slots
    provok = np.flatnonzero(sim.free_crowd_mask() & (s.view("role") == PROVOKATOR))[:2]
    vip = sim.vips["ketua"]
    pos, _ = sim.positions()
    sim.teleport(provok, pos[vip] + np.array([[0.7, 0.0], [-0.7, 0.0]]))
    s.active[provok] = True
    s.agitation[provok] = 1.0
    events = []
    while not _of(events, "hostage_taken") and sim.time < 8:
        events += sim.step()
    assert [e.data["person"] for e in _of(events, "hostage_taken")] == ["ketua"]
    assert sim.hostages["ketua"] and sim.colour == "merah"
    # the outcome pays for it at once
    lost = [e for e in events if e.kind == "scored" and e.data["rule"] == "hostage_taken"]
    assert lost and lost[0].data["points"] < 0


def test_a_crowd_in_a_zone_to_keep_clear_fails_the_objective_at_once():
    text = level_text("test/scripted.toml").replace(
        'zone = "yard"\nmax_people = 5', ('zone = "before_gate"\nmax_people = 5')
    )
    sim = Simulation(level_from(text))
    events = run(sim, 20)
    failed = _of(events, "objective_failed")
    assert [e.data["objective"] for e in failed] == [0]
    assert sim.objectives[0] == "failed"
    scored = [e for e in events if e.kind == "scored" and e.data["rule"] == "objective_failed"]
    assert scored[0].data["points"] < 0


def _furious(name: str = "test/unrest.toml") -> Simulation:
    sim = Simulation(level(name))
    run(sim, 1)
    s = sim.slots
    crowd = np.flatnonzero(sim.free_crowd_mask())
    s.agitation[crowd] = 0.95
    s.hardship[crowd] = 0.95
    return sim


def test_active_provocateurs_in_range_of_the_police_throw():
    sim = _furious()
    events = run(sim, 30)
    thrown = _of(events, "objects_thrown")
    assert thrown and sum(e.data["count"] for e in thrown) >= 3
    assert _of(events, "officers_hit") or sim.hazards.projectiles


def test_furious_provocateurs_near_the_police_light_fires_by_themselves():
    from game.sim import harm

    sim = _furious()
    chance, harm.IGNITE_CHANCE = harm.IGNITE_CHANCE, 0.05  # a minute's worth in seconds
    try:
        events = run(sim, 20)
    finally:
        harm.IGNITE_CHANCE = chance
    started = _of(events, "fire_started")
    assert started and sim.hazards.fires
    assert all(f.lit_by >= 0 for f in sim.hazards.fires)
    assert sim.colour == "merah"


def test_a_deadline_given_passes_and_says_so():
    sim = Simulation(level("test/unrest.toml"))
    run(sim, 1)
    sim.minds[0].deadline_tick = sim.tick + 90  # as give_deadline sets it, 1.5 s ahead
    events = run(sim, 1)
    assert not _of(events, "deadline_passed")
    events = run(sim, 1)
    assert [e.data["group"] for e in _of(events, "deadline_passed")] == ["massa"]
    assert sim.minds[0].deadline_tick == -1


def test_the_colour_falls_only_after_half_a_minute_of_calm():
    sim = Simulation(level("lapangan_latihan.toml"))  # a calm crowd walking through
    run(sim, 1)
    assert situation.assess(sim) == "hijau"
    sim.colour = "merah"  # as after a riot
    events = run(sim, situation.CALM_BEFORE_LOWER - 2)
    assert sim.colour == "merah" and not _of(events, "situation")
    events = run(sim, 4)
    changes = _of(events, "situation")
    assert [(e.data["was"], e.data["colour"]) for e in changes] == [("merah", "hijau")]
