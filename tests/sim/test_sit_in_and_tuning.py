"""A sit-in stays put and is heavy to move; levels tune the rules of talk and force."""

import numpy as np
from helpers import level_from, run
from test_force_and_talk import YARD, korlap, talked_to

from game.sim import Simulation
from game.sim.orders import Negotiate, UseForce
from game.sim.slots import PROVOKATOR

SIT_IN = """
id = "sit_in"
title = { id = "Duduk", en = "Sit-in" }
seed = 2
map = { width = 40, height = 30 }
[[zones]]
name = "road"
kind = "spawn"
rect = [5, 2, 30, 6]
[[zones]]
name = "gate_front"
kind = "goal"
rect = [8, 10, 24, 6]
[[zones]]
name = "exit"
kind = "exit"
rect = [0, 0, 2, 30]
[[crowd]]
name = "duduk"
count = 60
spawn = "road"
goal = "gate_front"
agitation = 0.2
grievance = 0.2
legitimacy = 0.7
sit_in = true
[[squads]]
name = "lanjut"
kind = "dalmas_lanjut"
officers = 20
formation = { type = "line", a = [12, 20], b = [28, 20], ranks = 2, face = [20, 0] }
[[squads]]
name = "reskrim"
kind = "reskrim"
officers = 4
formation = { type = "column", at = [20, 24], face = [20, 0] }
"""


def test_a_sit_in_sits_down_on_arrival_and_resists_being_pushed():
    sim = Simulation(level_from(SIT_IN))
    run(sim, 20)
    sitting = np.flatnonzero(sim.slots.view("sitting"))
    assert len(sitting) > 30  # those who reached the gate front; the rest queue behind
    pos, _ = sim.read_state()
    before = pos[sitting].copy()
    # the shield line walks into them
    sim.submit(UseForce(tick=sim.tick, squad="lanjut", tool="presence"))
    from game.sim.orders import Advance

    sim.submit(Advance(tick=sim.tick, squad="lanjut", metres=8))
    run(sim, 10)
    pos, _ = sim.read_state()
    still = sim.slots.sitting[sitting]
    moved = np.hypot(*(pos[sitting] - before).T)
    assert still.mean() > 0.8
    assert np.median(moved) < 1.0  # heavy to move: the line does not sweep them away


def test_lifting_a_sitting_protester_is_stage_three_and_proportionate():
    sim = Simulation(level_from(SIT_IN))
    run(sim, 20)
    sitting = np.flatnonzero(sim.slots.view("sitting"))
    pos, _ = sim.read_state()
    team = pos[sim.squad("reskrim").members].mean(axis=0)
    target = int(sitting[np.argmin(np.hypot(*(pos[sitting] - team).T))])
    sim.submit(UseForce(tick=sim.tick, squad="reskrim", tool="soft_hand", agent=target))
    events = run(sim, 30)
    used = [e.data for e in events if e.kind == "force_used"]
    assert used and used[0]["stage"] == 3 and used[0]["top_behaviour"] == "passive"
    assert any(e.kind == "scored" and e.data["rule"] == "proportionate" for e in events)


def test_a_level_can_tune_a_negotiation_move():
    tuned = YARD.replace("AGITATION", "0.5").replace("FRONT", "dalmas_awal")
    tuned = tuned.replace("PROVOKATOR", "4")
    tuned += "\n[negotiation.listen]\neffects = { agitation = -0.4, legitimacy = 0.2 }\n"
    sim = talked_to(Simulation(level_from(tuned)))
    assert sim.moves["listen"].effects["agitation"] == -0.4
    assert sim.moves["explain_lawful_route"].cooldown == 20  # untouched moves stay as shipped
    sim.submit(Negotiate(tick=sim.tick, squad="nego", move="listen"))
    said = [e.data for e in sim.step() if e.kind == "negotiation"][0]
    assert said["agitation_before"] - said["agitation_after"] > 0.3
    assert korlap(sim) >= 0


def test_a_level_can_tune_a_force_tool():
    tuned = YARD.replace("AGITATION", "0.5").replace("FRONT", "dalmas_awal")
    tuned = tuned.replace("PROVOKATOR", "4") + "\n[force.tear_gas]\nrange = 10\n"
    sim = Simulation(level_from(tuned))
    sim.submit(UseForce(tick=0, squad="brimob", tool="tear_gas", at=(30, 15)))
    reason = [e.data["reason"] for e in sim.step() if e.kind == "order_refused"][0]
    assert reason.startswith("tear_gas reaches 10 m")
    assert (sim.slots.view("role") == PROVOKATOR).sum() == 4
