"""Every order moves the squad as it says; a bad order is refused and changes nothing."""

import json

import numpy as np
import pytest
from helpers import level_from, run

from game.sim import Simulation, parse_order, parse_orders
from game.sim.orders import (
    Advance,
    ChangeFormation,
    FormCordon,
    Hold,
    Move,
    OrderFormatError,
    Withdraw,
    order_to_json,
)

YARD = """
id = "yard"
title = { id = "Lapangan", en = "Yard" }
map = { width = 40, height = 30 }
[[buildings]]
name = "pos_jaga"
polygon = [[30, 2], [36, 2], [36, 8], [30, 8]]
[[squads]]
name = "awal"
kind = "dalmas_awal"
officers = 10
formation = { type = "line", a = [15, 15], b = [23, 15], face = [19, 5] }
"""


def sim_and_squad():
    sim = Simulation(level_from(YARD))
    return sim, sim.squad("awal")


def officer_positions(sim, squad):
    pos, _ = sim.read_state()
    return pos[squad.members]


def test_form_cordon_spreads_the_squad_between_a_and_b_in_two_ranks():
    sim, squad = sim_and_squad()
    sim.submit(FormCordon(tick=0, squad="awal", a=(10, 20), b=(14, 20), ranks=2, face=(12, 10)))
    events = run(sim, 12)
    assert [e.kind for e in events][:1] == ["order_applied"]
    assert any(e.kind == "squad_in_position" for e in events)
    p = officer_positions(sim, squad)
    assert p[:, 0].min() > 9.5 and p[:, 0].max() < 14.5
    ys = np.sort(p[:, 1])
    assert ys[:5].mean() == pytest.approx(20, abs=0.1)  # front rank on the line
    assert ys[5:].mean() == pytest.approx(20.7, abs=0.15)  # rear rank behind, away from face


def test_move_keeps_the_formation_and_arrives_together():
    sim, squad = sim_and_squad()
    before = officer_positions(sim, squad)
    sim.submit(Move(tick=0, squad="awal", to=(19, 25)))
    run(sim, 1)
    mid = officer_positions(sim, squad) - before
    # all officers set off together, at the same pace (within a few cm/s)
    assert np.ptp(mid[:, 1]) < 0.15
    run(sim, 12)
    after = officer_positions(sim, squad)
    assert np.allclose(after - before, [0, 10], atol=0.1)


def test_advance_and_withdraw_move_along_the_heading():
    sim, squad = sim_and_squad()
    start = officer_positions(sim, squad).mean(axis=0)
    sim.submit(Advance(tick=0, squad="awal", metres=4))
    run(sim, 6)
    assert officer_positions(sim, squad).mean(axis=0) == pytest.approx(start + [0, -4], abs=0.1)
    sim.submit(Withdraw(tick=sim.tick, squad="awal", metres=6))
    run(sim, 8)
    assert officer_positions(sim, squad).mean(axis=0) == pytest.approx(start + [0, 2], abs=0.1)


def test_hold_stops_the_squad_where_it_stands():
    sim, squad = sim_and_squad()
    sim.submit(Move(tick=0, squad="awal", to=(19, 27)))
    sim.submit(Hold(tick=120, squad="awal"))
    run(sim, 2)
    held = officer_positions(sim, squad)
    run(sim, 8)
    assert np.allclose(officer_positions(sim, squad), held, atol=0.1)
    assert held[:, 1].mean() == pytest.approx(15 + 2 * 1.3 - 1.3 / 60 * 2, abs=0.5)


@pytest.mark.parametrize("shape", ["column", "wedge"])
def test_change_formation(shape):
    sim, squad = sim_and_squad()
    sim.submit(ChangeFormation(tick=0, squad="awal", formation=shape))
    run(sim, 10)
    p = officer_positions(sim, squad)
    assert np.ptp(p[:, 0]) < (1.5 if shape == "column" else 6.0)  # narrower than the 8 m line
    assert np.ptp(p[:, 1]) > 2.5  # and deep instead
    front = p[np.argmin(p[:, 1])]
    assert front[0] == pytest.approx(19, abs=0.5)  # led from the centre, facing the front


@pytest.mark.parametrize(
    "order, reason",
    [
        (Move(tick=0, squad="awall", to=(5, 5)), 'no squad named "awall"'),
        (Move(tick=0, squad="awal", to=(50, 5)), "outside the map"),
        (Move(tick=0, squad="awal", to=(33, 5)), "inside building pos_jaga"),
        (FormCordon(tick=0, squad="awal", a=(5, 5), b=(7, 5)), "too short for 10 officers"),
        (Advance(tick=0, squad="awal", metres=-3), "between 0 and 100"),
        (Advance(tick=0, squad="awal", metres=20), "outside the map"),
    ],
)
def test_invalid_orders_are_refused_with_a_reason_and_change_nothing(order, reason):
    sim, _ = sim_and_squad()
    plain, _ = sim_and_squad()
    sim.submit(order)
    events = run(sim, 3)
    run(plain, 3)
    refused = [e for e in events if e.kind == "order_refused"]
    assert len(refused) == 1
    assert reason in refused[0].data["reason"]
    assert refused[0].data["order"] == order_to_json(order)
    assert sim.state_hash() == plain.state_hash()


def test_an_order_stamped_for_a_past_tick_is_refused():
    sim, _ = sim_and_squad()
    run(sim, 1)
    sim.submit(Hold(tick=10, squad="awal"))
    events = sim.step()
    assert events[0].kind == "order_refused"
    assert "late" in events[0].data["reason"]


def test_orders_round_trip_through_json():
    orders = [
        FormCordon(tick=3, squad="a", a=(1, 2), b=(3, 4), ranks=2, face=(0, 0)),
        Move(tick=4, squad="a", to=(5, 6)),
        Hold(tick=5, squad="a"),
        Advance(tick=6, squad="a", metres=2.5),
        Withdraw(tick=7, squad="a", metres=1),
        ChangeFormation(tick=8, squad="a", formation="column", ranks=1),
    ]
    text = json.dumps([order_to_json(o) for o in orders])
    assert parse_orders(text) == orders
    assert parse_order(order_to_json(orders[0])) == orders[0]


def test_orders_file_may_give_time_in_seconds():
    [order] = parse_orders('[{"type": "hold", "time": 2.5, "squad": "a"}]')
    assert order.tick == 150


def test_a_broken_orders_file_says_where():
    with pytest.raises(OrderFormatError) as err:
        parse_orders('[{"type": "move", "tick": 1, "squad": "a", "too": [1, 2]}]', "o.json")
    assert "o.json: order[0]" in str(err.value)
    assert "to: required but missing" in str(err.value)
    assert "too: not a known key" in str(err.value)
    with pytest.raises(OrderFormatError, match=r"o.json: not valid JSON at line 1"):
        parse_orders('[{"type": "move",', "o.json")
    with pytest.raises(OrderFormatError, match="unknown order type"):
        parse_orders('[{"type": "charge", "tick": 1, "squad": "a"}]', "o.json")
