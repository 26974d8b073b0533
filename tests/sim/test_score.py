"""The two-axis score judges force the way the doctrine does, item by item."""

import numpy as np
from helpers import run
from test_force_and_talk import nearest_provocateur, pos_of, yard

from game.sim.orders import UseForce
from game.sim.scoring import score_card


def scored(events, rule=None):
    items = [e for e in events if e.kind == "scored"]
    return [e for e in items if rule is None or e.data["rule"] == rule]


def test_tear_gas_on_a_calm_crowd_is_excessive_indiscriminate_and_unauthorised():
    sim = yard(0.0, provocateurs=0)
    events = run(sim, 10)
    middle = pos_of(sim, sim.crowd_slots()).mean(axis=0)
    sim.submit(
        UseForce(
            tick=sim.tick, squad="brimob", tool="tear_gas", at=(float(middle[0]), float(middle[1]))
        )
    )
    events += run(sim, 1)
    [excess] = scored(events, "excess")
    assert excess.data["tool"] == "tear_gas"
    assert excess.data["behaviour"] == "calm"
    assert (excess.data["stage"], excess.data["allowed_stage"]) == (5, 2)
    assert excess.data["points"] == -36  # three stages too high
    assert excess.data["squad"] == "brimob"
    assert excess.tick == sim.tick - 60
    assert scored(events, "indiscriminate") and scored(events, "unauthorised")
    assert scored(events, "no_warning")
    card = score_card(events)
    assert card.proportionality < 50
    assert all(i["kind"] == "scored" for i in card.items)


def test_arresting_an_active_provocateur_is_proportionate():
    sim = yard(0.8)
    events = run(sim, 5)
    target = nearest_provocateur(sim, "reskrim")
    assert sim.slots.active[target]
    sim.submit(UseForce(tick=sim.tick, squad="reskrim", tool="hard_hand", agent=target))
    events += run(sim, 40)
    [fair] = scored(events, "proportionate")
    assert fair.data["tool"] == "hard_hand"
    assert fair.data["behaviour"] in ("active", "aggressive")
    assert fair.data["stage"] <= fair.data["allowed_stage"]
    assert not scored(events, "excess")
    [arrest] = scored(events, "provocateur_arrested")
    assert arrest.data["axis"] == "outcome" and arrest.data["points"] > 0
    card = score_card(events)
    assert card.outcome >= 50


def test_warning_first_avoids_the_skipped_warning_penalty():
    sim = yard(0.8)
    run(sim, 5)
    sim.submit(UseForce(tick=sim.tick, squad="depan", tool="verbal", at=(30, 18)))
    run(sim, 1)
    target = nearest_provocateur(sim, "reskrim")
    sim.submit(UseForce(tick=sim.tick, squad="reskrim", tool="hard_hand", agent=target))
    events = run(sim, 40)
    assert scored(events, "proportionate")
    assert not scored(events, "no_warning")


def test_dialogue_in_kuning_earns_credit_and_the_score_card_sums_the_items():
    from test_force_and_talk import talked_to

    from game.sim.orders import Negotiate

    sim = talked_to(yard(0.6))
    sim.colour = "kuning"
    sim.submit(Negotiate(tick=sim.tick, squad="nego", move="listen"))
    events = run(sim, 1)
    [credit] = scored(events, "dialogue_in_kuning")
    assert credit.data["points"] > 0 and credit.data["move"] == "listen"
    card = score_card(events)
    total = sum(i["points"] for i in card.items if i["axis"] == "proportionality")
    assert card.proportionality == min(100, 100 + total)
    assert np.isfinite(card.outcome)
