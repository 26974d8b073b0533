"""Gates can be opened to let a squad out and closed again if nobody stands in them."""

from helpers import level_from, run

from game.sim import Simulation
from game.sim.orders import Move, OperateGate

COMPOUND = """
id = "compound"
title = { id = "Halaman", en = "Compound" }
map = { width = 40, height = 30 }
[[walls]]
name = "fence_west"
kind = "fence"
points = [[0, 15], [17, 15]]
[[walls]]
name = "fence_east"
kind = "fence"
points = [[23, 15], [40, 15]]
[[gates]]
name = "gerbang"
a = [17, 15]
b = [23, 15]
break_force = 12000
[[squads]]
name = "regu"
kind = "dalmas_lanjut"
officers = 8
formation = { type = "column", at = [20, 25], face = [20, 0] }
"""


def test_opening_a_gate_lets_a_squad_out_and_closing_it_needs_a_clear_gateway():
    sim = Simulation(level_from(COMPOUND))
    assert sim.route((20, 25), (20, 5)) is None  # a shut gate stops the police too
    sim.submit(OperateGate(tick=0, gate="gerbang", action="open"))
    assert [e.kind for e in sim.step()][:2] == ["order_applied", "gate_opened"]
    assert sim.gate("gerbang").state == "open"
    assert sim.route((20, 25), (20, 5)) is not None
    sim.submit(Move(tick=sim.tick, squad="regu", to=(20, 15)))  # into the gateway
    run(sim, 12)
    sim.submit(OperateGate(tick=sim.tick, gate="gerbang", action="close"))
    refused = [e.data for e in sim.step() if e.kind == "order_refused"]
    assert refused[0]["code"] == "gate_blocked"
    assert refused[0]["reason"].startswith("gate gerbang cannot close: ")
    sim.submit(Move(tick=sim.tick, squad="regu", to=(20, 5)))  # out through it
    run(sim, 15)
    sim.submit(OperateGate(tick=sim.tick, gate="gerbang", action="close"))
    events = sim.step()
    assert "gate_closed" in [e.kind for e in events]
    assert sim.gate("gerbang").state == "closed"
    sim.submit(OperateGate(tick=sim.tick, gate="gerbang", action="close"))
    refused = [e.data for e in sim.step() if e.kind == "order_refused"]
    assert refused[0]["reason"] == "gate gerbang is already closed"
    run(sim, 2)  # the closed gate holds its place (a rebuilt leaf with its joints)
    assert sim.gate("gerbang").state == "closed"
