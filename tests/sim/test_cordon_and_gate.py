"""Police lines are physical: a cordon bends but holds, an unguarded gate breaks."""

import numpy as np
from helpers import level, run

from game.sim import Simulation

FENCE_Y = 25.0


def test_cordon_of_20_across_a_gate_bends_but_holds_against_500_agitated():
    sim = Simulation(level("test/gate_cordon.toml"))
    assert len(sim.officer_slots()) == 20
    assert len(sim.crowd_slots()) == 500
    squad = sim.squad("dalmas_lanjut")
    slots_at_start, _ = squad.slot_targets()
    worst = 0.0
    for second in range(1, 61):
        run(sim, 1)
        pos, _ = sim.read_state()
        crowd = pos[sim.crowd_slots()]
        # nobody has got behind the rear rank
        assert (crowd[:, 1] < FENCE_Y + 1.2).all(), f"line breached after {second} s"
        worst = max(worst, float(np.hypot(*(pos[squad.members] - slots_at_start).T).max()))
    assert worst > 0.15, "the crowd should push the line back: it bends"
    assert worst < 1.5, "but no officer is swept away"
    assert sim.gates[0].state == "open"


def test_the_same_crowd_breaks_the_unguarded_gate():
    sim = Simulation(level("test/gate_alone.toml"))
    events = run(sim, 30)
    broken = [e for e in events if e.kind == "gate_broken"]
    assert len(broken) == 1
    assert broken[0].data["gate"] == "gate"
    assert broken[0].data["load"] > 12000
    assert sim.gate("gate").state == "broken"
    pos, _ = sim.read_state()
    assert (pos[sim.crowd_slots()][:, 1] > FENCE_Y + 1).sum() > 100  # the crowd pours in


def test_a_gate_does_not_break_from_people_merely_arriving():
    sim = Simulation(level("test/gate_alone.toml"))
    run(sim, 3)
    assert sim.gate("gate").state == "closed"
    assert 0 < sim.gate("gate").peak_load < 12000
