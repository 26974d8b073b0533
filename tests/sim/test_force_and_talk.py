"""Each new order does what the doctrine says, in its own test."""

import numpy as np
import pytest
from helpers import level, level_from, run

from game.sim import Simulation, harm
from game.sim.orders import (
    Approach,
    Evacuate,
    HandOver,
    Negotiate,
    RequestAuthorisation,
    UseForce,
)
from game.sim.slots import CROWD, KORLAP, PROVOKATOR

YARD = """
id = "yard_force"
title = { id = "Lapangan", en = "Yard" }
seed = 3
map = { width = 60, height = 40 }
[[zones]]
name = "crowd"
kind = "spawn"
rect = [15, 4, 30, 10]
[[zones]]
name = "office"
kind = "goal"
rect = [15, 35, 30, 3]
[[zones]]
name = "exit_west"
kind = "exit"
rect = [0, 0, 3, 40]
[[zones]]
name = "exit_east"
kind = "exit"
rect = [57, 0, 3, 40]
[[crowd]]
name = "massa"
count = 120
spawn = "crowd"
goal = "office"
agitation = AGITATION
grievance = 0.2
legitimacy = 0.7
roles = { korlap = 1, provokator = PROVOKATOR }
[[walls]]
name = "fence_west"
kind = "fence"
points = [[0, 22], [21.8, 22]]
[[walls]]
name = "fence_east"
kind = "fence"
points = [[38.2, 22], [60, 22]]
[[squads]]
name = "depan"
kind = "FRONT"
officers = 24
formation = { type = "line", a = [22, 22], b = [38, 22], face = [30, 0] }
[[squads]]
name = "lanjut"
kind = "dalmas_lanjut"
officers = 16
formation = { type = "line", a = [21, 27], b = [39, 27], ranks = 2, face = [30, 0] }
[[squads]]
name = "brimob"
kind = "brimob"
officers = 12
formation = { type = "line", a = [22, 31], b = [38, 31], ranks = 2, face = [30, 0] }
[[squads]]
name = "nego"
kind = "negotiator"
officers = 2
formation = { type = "column", at = [30, 24], face = [30, 0] }
[[squads]]
name = "reskrim"
kind = "reskrim"
officers = 4
formation = { type = "column", at = [18, 24], face = [30, 0] }
[[squads]]
name = "meriam"
kind = "water_cannon"
officers = 1
formation = { type = "column", at = [45, 24], face = [30, 0] }
[[squads]]
name = "medis"
kind = "medic"
officers = 2
formation = { type = "column", at = [50, 30], face = [30, 0] }
"""


def yard(agitation=0.1, front="dalmas_awal", provocateurs=4):
    """The crowd presses on the front line ("depan"); more squads wait behind it."""
    text = YARD.replace("AGITATION", str(agitation)).replace("FRONT", front)
    text = text.replace("PROVOKATOR", str(provocateurs))
    return Simulation(level_from(text))


def pos_of(sim, slots):
    pos, _ = sim.read_state()
    return pos[slots]


def korlap(sim):
    return int(np.flatnonzero(sim.slots.view("role") == KORLAP)[0])


def kinds(events):
    return [e.kind for e in events]


def only(events, kind):
    found = [e for e in events if e.kind == kind]
    assert len(found) == 1, kinds(events)
    return found[0]


def test_approach_walks_a_negotiator_up_to_the_korlap():
    sim = yard()
    k = korlap(sim)
    sim.submit(Approach(tick=0, squad="nego", agent=k))
    run(sim, 20)
    gap = np.hypot(*(pos_of(sim, sim.squad("nego").members) - pos_of(sim, [k])[0]).T).min()
    assert gap < 3.0  # through the police line, which opens for its negotiators


def test_a_negotiator_following_the_korlap_reports_in_position_once():
    """The radio log says "in position" when the negotiator reaches the korlap, not again
    at every step the korlap takes while the negotiator keeps beside them."""
    sim = Simulation(level("aksi_damai.toml"))
    run(sim, 3)
    # the first person of the crowd to arrive (after the officers) is the first wave's korlap
    korlap_of_the_first_wave = int(np.flatnonzero(sim.slots.view("kind") == CROWD)[0])
    assert sim.slots.role[korlap_of_the_first_wave] == KORLAP
    sim.submit(Approach(tick=sim.tick, squad="negosiator", agent=korlap_of_the_first_wave))
    events = run(sim, 12)
    start = pos_of(sim, [korlap_of_the_first_wave])[0]
    events += run(sim, 25)
    walked = np.hypot(*(pos_of(sim, [korlap_of_the_first_wave])[0] - start))
    assert walked > 5.0  # the korlap walked on, the negotiator beside them
    said = [e for e in events if e.kind == "squad_in_position" and e.data["squad"] == "negosiator"]
    assert len(said) == 1, [e.tick for e in said]


def talked_to(sim):
    sim.submit(Approach(tick=0, squad="nego", agent=korlap(sim)))
    run(sim, 20)
    return sim


def test_a_negotiator_must_be_near_the_korlap():
    sim = yard()
    sim.submit(Negotiate(tick=0, squad="nego", move="listen"))
    refused = only(sim.step(), "order_refused")
    assert "no korlap within 4 m" in refused.data["reason"]
    assert "send the negotiator to the korlap first" in refused.data["reason"]


def test_listening_calms_the_hearers_and_raises_legitimacy_and_the_korlap_answers():
    sim = talked_to(yard(0.5))
    before = sim.minds[0].legitimacy
    sim.submit(Negotiate(tick=sim.tick, squad="nego", move="listen"))
    said = only(sim.step(), "negotiation").data
    assert said["outcome"] == "landed"
    assert said["agitation_after"] < said["agitation_before"]
    assert sim.minds[0].legitimacy > before
    assert "recount" in said["reply"]["en"] and "penghitungan" in said["reply"]["id"]
    assert "heard" in sim.minds[0].flags


def test_an_explanation_lands_better_after_listening():
    plain = talked_to(yard(0.5))
    plain.submit(Negotiate(tick=plain.tick, squad="nego", move="explain_lawful_route"))
    cold = only(plain.step(), "negotiation").data
    heard = talked_to(yard(0.5))
    heard.submit(Negotiate(tick=heard.tick, squad="nego", move="listen"))
    heard.submit(Negotiate(tick=heard.tick + 1, squad="nego", move="explain_lawful_route"))
    heard.step()
    warm = only(heard.step(), "negotiation").data
    drop_cold = cold["agitation_before"] - cold["agitation_after"]
    drop_warm = warm["agitation_before"] - warm["agitation_after"]
    assert drop_warm > 2 * drop_cold


def test_an_appeal_during_a_baton_charge_backfires():
    sim = talked_to(yard(0.3, front="dalmas_lanjut"))
    sim.submit(UseForce(tick=sim.tick, squad="depan", tool="baton"))
    sim.submit(Negotiate(tick=sim.tick + 1, squad="nego", move="appeal_calm"))
    sim.step()
    said = only(sim.step(), "negotiation").data
    assert said["outcome"] == "backfired"
    assert said["agitation_after"] > said["agitation_before"]


def test_an_appeal_to_a_hot_crowd_fails():
    sim = talked_to(yard(0.95))
    sim.submit(Negotiate(tick=sim.tick, squad="nego", move="appeal_calm"))
    said = only(sim.step(), "negotiation").data
    assert said["outcome"] == "failed"
    assert "not going home" in said["reply"]["en"]


def test_offering_a_delegation_needs_the_demands_heard_first():
    sim = talked_to(yard())
    sim.submit(Negotiate(tick=sim.tick, squad="nego", move="offer_delegation"))
    assert "needs heard first" in only(sim.step(), "order_refused").data["reason"]


def test_presence_and_verbal_commands_raise_the_perceived_risk_and_warn_the_crowd():
    sim = yard()
    run(sim, 5)
    front = pos_of(sim, sim.crowd_slots()).mean(axis=0)
    assert sim.presence_bonus(front[None, :])[0] == 0
    sim.submit(UseForce(tick=sim.tick, squad="depan", tool="presence"))
    sim.submit(UseForce(tick=sim.tick, squad="depan", tool="verbal", at=(30, 16)))
    events = sim.step()
    used = [e.data for e in events if e.kind == "force_used"]
    assert [u["stage"] for u in used] == [1, 2]
    assert sim.presence_bonus(np.array([[30.0, 16.0]]))[0] >= 6
    assert sim.was_warned(0)


def nearest_provocateur(sim, squad):
    pos, _ = sim.read_state()
    s = sim.slots
    prov = np.flatnonzero(sim.free_crowd_mask() & (s.view("role") == PROVOKATOR))
    team = pos[sim.squad(squad).members].mean(axis=0)
    return int(prov[np.argmin(np.hypot(*(pos[prov] - team).T))])


@pytest.mark.parametrize("tool", ["soft_hand", "hard_hand"])
def test_an_arrest_team_takes_a_chosen_person_out_of_the_crowd(tool):
    sim = yard(0.8)
    run(sim, 5)
    target = nearest_provocateur(sim, "reskrim")
    sim.submit(UseForce(tick=sim.tick, squad="reskrim", tool=tool, agent=target))
    events = run(sim, 40)
    arrested = only(events, "arrested").data
    assert arrested == {"agent": target, "squad": "reskrim", "provocateur": True}
    assert sim.slots.arrested[target] and not sim.slots.alive[target]
    assert only(events, "force_used").data["stage"] == (3 if tool == "soft_hand" else 4)


def test_a_baton_charge_pushes_the_shield_line_forward_and_strikes_those_in_front():
    sim = yard(0.9, front="dalmas_lanjut")
    run(sim, 12)
    line = sim.squad("depan")
    before = pos_of(sim, line.members).mean(axis=0)
    sim.submit(UseForce(tick=sim.tick, squad="depan", tool="baton"))
    events = run(sim, 4)
    used = only(events, "force_used").data
    assert used["stage"] == 5 and used["tool"] == "baton"
    assert used["targets"] >= 5  # the front row of the crowd
    assert pos_of(sim, line.members).mean(axis=0)[1] < before[1] - 0.5  # the line gains ground


def test_the_water_cannon_pushes_and_soaks_the_people_in_its_jet():
    sim = yard(0.5)
    run(sim, 8)
    sim.submit(UseForce(tick=sim.tick, squad="meriam", tool="water_cannon", at=(30, 12)))
    events = run(sim, 1)
    used = only(events, "force_used").data
    assert used["tool"] == "water_cannon" and used["targets"] > 3
    wet = np.flatnonzero(sim.slots.view("wet") > 0)
    assert len(wet) >= used["targets"]
    _, vel = sim.read_state()
    jet = np.array([30 - 45, 12 - 24.0]) / np.hypot(15, 12)
    assert (vel[wet] @ jet).mean() > 0.2  # pushed along the jet


def test_tear_gas_makes_people_run_for_the_exits_and_stop_fighting():
    sim = yard(0.9)
    run(sim, 10)
    middle = pos_of(sim, sim.crowd_slots()).mean(axis=0)
    at = (float(middle[0]), float(middle[1]))
    sim.submit(UseForce(tick=sim.tick, squad="brimob", tool="tear_gas", at=at))
    run(sim, 3)
    gassed = np.flatnonzero(sim.free_crowd_mask() & (sim.slots.view("gas") > 0.15))
    assert len(gassed) > 10
    assert not sim.slots.active[gassed].any()
    assert np.isin(sim.slots.goal[gassed], sim.exit_fields).all()


def test_rubber_rounds_strike_the_person_aimed_at_or_one_beside_them():
    sim = yard(0.9)
    run(sim, 10)
    target = nearest_provocateur(sim, "brimob")
    sim.submit(UseForce(tick=sim.tick, squad="brimob", tool="rubber_rounds", agent=target))
    used = only(sim.step(), "force_used").data
    assert used["stage"] == 6 and used["targets"] <= 1
    assert (sim.slots.view("hit_tick") == sim.tick - 1).sum() == used["targets"]


def test_tools_need_the_equipment_and_respect_range_and_cooldown():
    sim = yard()
    sim.submit(UseForce(tick=0, squad="depan", tool="tear_gas", at=(30, 10)))
    reason = only(sim.step(), "order_refused").data["reason"]
    assert reason == "depan (dalmas_awal) has no tear_gas (carries: presence, verbal)"
    sim.submit(UseForce(tick=1, squad="brimob", tool="tear_gas", at=(58, 1)))
    reason = only(sim.step(), "order_refused").data["reason"]
    assert reason == "tear_gas reaches 40 m; the target is 41 m away"
    sim.submit(UseForce(tick=2, squad="depan", tool="presence"))
    sim.submit(UseForce(tick=3, squad="depan", tool="presence"))
    sim.step()
    assert only(sim.step(), "order_refused").data["reason"] == "presence is not ready for 10 s"


def test_medics_carry_an_injured_person_out():
    sim = yard()
    run(sim, 3)
    crowd = sim.crowd_slots()
    medics = pos_of(sim, sim.squad("medis").members).mean(axis=0)
    victim = int(crowd[np.argmin(np.hypot(*(pos_of(sim, crowd) - medics).T))])
    events = []
    harm.injure(sim, np.array([victim]), "test", events)
    assert only(events, "injured").data["agent"] == victim
    sim.submit(Evacuate(tick=sim.tick, squad="medis", agent=victim))
    events = run(sim, 40)
    assert only(events, "evacuated").data == {"agent": victim, "squad": "medis"}
    assert sim.slots.evacuated[victim] and not sim.slots.alive[victim]


def test_lapis_ganti_puts_dalmas_lanjut_on_the_line_and_dalmas_awal_behind_it():
    sim = yard()
    sim.submit(HandOver(tick=0, squad="lanjut", relieves="depan", kind="lapis_ganti"))
    run(sim, 15)
    awal = pos_of(sim, sim.squad("depan").members)
    lanjut = pos_of(sim, sim.squad("lanjut").members)
    assert lanjut[:, 1].min() == pytest.approx(22, abs=0.3)  # on the old line
    assert awal[:, 1].mean() == pytest.approx(26, abs=0.5)  # fallen back 4 m behind it
    assert not sim.handovers  # finished: the two squads collide again
    assert (sim.slots.view("pass_group") == 0).all()


def test_lintas_ganti_needs_merah_and_the_kapoldas_authorisation():
    sim = yard()
    sim.submit(HandOver(tick=0, squad="brimob", relieves="lanjut", kind="lintas_ganti"))
    assert "needs the situation merah" in only(sim.step(), "order_refused").data["reason"]
    sim.submit(RequestAuthorisation(tick=1))
    assert "only when the situation is merah" in only(sim.step(), "order_refused").data["reason"]
    sim.colour = "merah"  # as a riot would make it
    sim.submit(RequestAuthorisation(tick=2))
    events = run(sim, 11)
    assert "authorised" in kinds(events)
    sim.submit(HandOver(tick=sim.tick, squad="brimob", relieves="lanjut", kind="lintas_ganti"))
    assert "order_applied" in kinds(sim.step())
    run(sim, 15)
    assert pos_of(sim, sim.squad("brimob").members)[:, 1].min() == pytest.approx(27, abs=0.3)


def test_the_situation_colour_follows_the_crowd():
    sim = yard(0.0)
    run(sim, 2)
    assert sim.colour == "hijau"
    hot = yard(0.9)
    events = run(hot, 10)
    assert hot.colour in ("kuning", "merah")
    assert "situation" in kinds(events)
