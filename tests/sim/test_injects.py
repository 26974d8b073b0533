"""The instructor's live injects: each changes the run as it says, is recorded as the
instructor's order, verifies in the replay and is marked on the debrief timeline."""

from __future__ import annotations

import numpy as np
import pytest
from helpers import LEVELS, level, level_from, run

from game.debrief.data import from_records
from game.debrief.report import render_html
from game.debrief.text import Words
from game.debrief.timeline import timeline
from game.level import LevelError, load_level
from game.replay.read import read_replay
from game.replay.record import Recorder, make_header
from game.replay.watch import verify
from game.session import Session
from game.sim import Simulation, harm
from game.sim import orders as O
from game.sim.slots import PROVOKATOR

SCRIPTED = "test/scripted.toml"


def inject(sim: Simulation, action: dict) -> list:
    sim.submit(O.Inject(tick=sim.tick, action=action))
    return sim.apply_due_orders()


def kinds(events: list) -> list[str]:
    return [e.kind for e in events]


def provocateurs(sim: Simulation, group: int = 0) -> np.ndarray:
    m = sim.group_members(group)
    return m[sim.slots.role[m] == PROVOKATOR]


def test_fire_trigger_carries_out_its_do_now_and_counts_as_fired():
    sim = Simulation(level(SCRIPTED))
    run(sim, 1)
    assert sim.script.phase == "damai" and not sim.hazards.fires
    events = inject(sim, {"type": "fire_trigger", "trigger": "tekanan"})
    assert "trigger_fired" in kinds(events) and "fire_started" in kinds(events)
    assert sim.script.phase == "memanas" and sim.script.fired["tekanan"] == 1
    later = run(sim, 20)  # the crowd reaches the gate: a `once` trigger stays fired
    assert [e for e in later if e.kind == "trigger_fired" and e.data["trigger"] == "tekanan"] == []


def test_provoke_throw_goes_the_way_of_a_provocateurs_own_throw():
    sim = Simulation(level(SCRIPTED))
    run(sim, 8)
    events = inject(sim, {"type": "provoke", "group": "massa", "act": "throw"})
    assert kinds(events) == ["order_applied", "objects_thrown"]
    # the instructor's stone: one launched now (a provocateur may have one of his own in flight)
    (stone,) = [p for p in sim.hazards.projectiles if p.launched == sim.tick]
    assert stone.thrower in provocateurs(sim).tolist()
    assert sim.slots.active[stone.thrower] and sim.slots.throw_tick[stone.thrower] == sim.tick

    # a throw of their own, every active provocateur in range throwing (the dice all zero)
    own = Simulation(level(SCRIPTED))
    run(own, 8)
    own.slots.active[provocateurs(own)] = True

    class Dice:
        def random(self, n):
            return np.zeros(n)

        def normal(self, mu, sigma, n):
            return np.zeros(n)

    own.rng = Dice()  # type: ignore[assignment]
    spontaneous: list = []
    harm.throw_and_burn(own, spontaneous)
    assert "objects_thrown" in kinds(spontaneous)
    assert {type(p) for p in own.hazards.projectiles} == {type(stone)}
    run(sim, 3)  # and it lands as theirs do, through land_projectiles
    assert stone not in sim.hazards.projectiles


def test_provoke_incite_stirs_those_around_him():
    sim = Simulation(level(SCRIPTED))
    run(sim, 6)
    s = sim.slots
    first = int(provocateurs(sim)[0])
    pos, _ = sim.positions()
    crowd = sim.group_members(0)
    near = crowd[(np.hypot(*(pos[crowd] - pos[first]).T) <= 5.0) & (crowd != first)]
    assert len(near)
    before = s.agitation[near].copy()
    inject(sim, {"type": "provoke", "group": "massa", "act": "incite", "at": list(pos[first])})
    assert s.active[first]
    assert (s.agitation[near] >= before).all() and s.agitation[near].mean() > before.mean() + 0.05


def test_provoke_without_a_provocateur_on_his_feet_tells_the_instructor_only():
    sim = Simulation(level(SCRIPTED))
    events = inject(sim, {"type": "provoke", "group": "susulan", "act": "throw"})  # not come
    failed = [e for e in events if e.kind == "provoke_failed"]
    assert failed and failed[0].data["why"] == "no_provocateur"
    assert not sim.hazards.projectiles


def test_freeze_holds_the_crowds_agitation_and_release_lets_it_rise():
    sim = Simulation(level(SCRIPTED))
    run(sim, 4)
    inject(sim, {"type": "escalation", "frozen": True})
    assert sim.snapshot().rest["script"]["frozen"] is True
    inject(sim, {"type": "provoke", "group": "massa", "act": "incite"})  # something to spread
    s = sim.slots
    crowd = sim.group_members(0)
    agitation, active = s.agitation[crowd].copy(), s.active[crowd].copy()
    for _ in range(10):
        run(sim, 0.5)
        still = np.isin(crowd, sim.group_members(0))
        # (a keyframe rounds agitation to its stored precision, up or down by < 0.002)
        assert (s.agitation[crowd][still] <= agitation[still] + 2e-3).all()
        assert not (s.active[crowd][still] & ~active[still]).any()
        agitation = s.agitation[crowd].copy()
    inject(sim, {"type": "escalation", "frozen": False})
    assert "frozen" not in sim.snapshot().rest["script"]  # as a run that never froze
    run(sim, 3)
    assert (s.agitation[crowd] > agitation + 1e-6).any()  # stirred again


def test_agitation_by_raises_and_lowers_within_0_and_1():
    sim = Simulation(level(SCRIPTED))
    run(sim, 3)
    m = sim.group_members(0)
    before = sim.slots.agitation[m].copy()
    inject(sim, {"type": "change_group", "group": "massa", "agitation_by": 0.3})
    assert np.allclose(sim.slots.agitation[m], np.clip(before + 0.3, 0, 1))
    inject(sim, {"type": "change_group", "group": "massa", "agitation_by": -1})
    assert (sim.slots.agitation[m] == 0).all()


def test_a_note_changes_nothing_in_the_run():
    a, b = Simulation(level(SCRIPTED)), Simulation(level(SCRIPTED))
    run(a, 2)
    run(b, 2)
    events = inject(a, {"type": "note", "text": "Cordon terlambat"})
    assert [e.data for e in events if e.kind == "note"] == [
        {"text": "Cordon terlambat", "by": "instructor"}
    ]
    run(a, 2)
    run(b, 2)
    assert a.state_hash() == b.state_hash()


def test_radio_as_a_role_says_who_speaks():
    sim = Simulation(level(SCRIPTED))
    text = {"id": "Tahan posisi.", "en": "Hold."}
    events = inject(sim, {"type": "radio", "text": text, "role": "kapolres"})
    (said,) = [e for e in events if e.kind == "radio"]
    assert said.data["role"] == "kapolres" and said.data["text"] == text
    refused = inject(sim, {"type": "radio", "text": text, "role": "instruktur"})
    assert refused[0].kind == "order_refused"


def test_an_inject_sending_a_crowd_where_it_has_no_way_is_refused_not_a_crash():
    sim = Simulation(level(SCRIPTED))
    events = inject(sim, {"type": "change_group", "group": "massa", "goal": "before_gate"})
    assert events[0].kind == "order_refused"
    assert "no way laid out" in events[0].data["params"]["why"]
    run(sim, 1)  # and the run goes on
    ok = inject(sim, {"type": "change_group", "group": "massa", "goal": "exit_west"})
    assert ok[0].kind == "order_applied"


def test_a_run_with_injects_is_recorded_verifies_and_its_debrief_marks_them(tmp_path):
    path = LEVELS / SCRIPTED
    lv = load_level(path)
    header = make_header(path.read_text("utf-8"), path.name, lv.seed, 60, "Briptu A")
    replay = tmp_path / "run.jsonl"
    session = Session(lv, recorder=Recorder(replay, header))
    plan = {
        60: {"type": "start_fire", "at": [30, 25]},
        120: {"type": "provoke", "group": "massa", "act": "incite"},
        180: {"type": "escalation", "frozen": True},
        240: {"type": "note", "text": "Barikade terlambat"},
        300: {"type": "radio", "text": {"id": "Siaga.", "en": "Stand by."}, "role": "kapolda"},
        360: {"type": "escalation", "frozen": False},
    }
    plain = Simulation(lv)
    while session.tick < 480:
        if session.tick in plan:
            session.submit(O.Inject(tick=session.tick, action=plan[session.tick]), "instructor")
        session.step()
    for _ in range(480):
        plain.step()
    assert session.sim.state_hash() != plain.state_hash()  # the injects changed the run
    session.end("trainee")
    session.close()

    recorded = read_replay(replay)
    verdict = verify(recorded)
    assert verdict.ok and verdict.checked > 0
    records = [__import__("json").loads(line) for line in replay.read_text("utf-8").splitlines()]
    orders = [r for r in records if r.get("type") == "order"]
    assert len(orders) == len(plan) + 1  # and the end
    assert all(r["source"] == "instructor" for r in orders[: len(plan)])

    data = from_records(lv, records)
    for language, start in (("id", "Inject instruktur: "), ("en", "Instructor's inject: ")):
        entries = timeline(data, Words(lv, language))
        marked = [e for e in entries if e.style.startswith("inject")]
        assert sum(e.text.startswith(start) for e in marked) == len(plan) - 1  # note apart
        notes = [e for e in marked if "Barikade terlambat" in e.text]
        assert len(notes) == 1 and notes[0].tick == 240 and notes[0].style == "inject note"
    fire = next(e for e in timeline(data, Words(lv, "id")) if "api dinyalakan" in e.text)
    assert fire.text == "Inject instruktur: api dinyalakan di (30, 25)" and fire.tick == 60
    html = render_html(data, "en", pngs={})
    assert html.count('class="inject"') == len(plan) - 1
    assert 'class="inject note"' in html and "Instructor&#x27;s note: Barikade terlambat" in html


def test_a_level_trigger_firing_itself_or_an_unknown_one_is_refused_by_the_checks():
    text = (LEVELS / SCRIPTED).read_text("utf-8")
    text += """
[[triggers]]
name = "ulang"
when = [{ type = "time", after = 5 }]
do = [{ type = "fire_trigger", trigger = "ulang" }, { type = "fire_trigger", trigger = "tekana" }]
"""
    with pytest.raises(LevelError) as caught:  # loading runs the checks
        level_from(text)
    said = str(caught.value)
    assert 'trigger "ulang"' in said and "do[0].trigger: a trigger cannot fire itself" in said
    assert 'do[1].trigger: there is no trigger named "tekana"; did you mean "tekanan"?' in said


def test_sat_intelkam_sees_an_injected_throw_between_its_looks():
    from game.sim import intel

    lv = level("aksi_damai.toml")
    runs = []
    for provoke in (True, False):
        sim = Simulation(lv)
        sim.submit(O.Inject(tick=1, action={"type": "spawn_group", "group": "penyusup"}))
        sim.submit(O.Observe(tick=1, squad="intelkam"))
        run(sim, 0.6)  # come, and seen for a moment: far from a tag yet
        while sim.tick % 30 != 7:  # between two of the squad's looks (twice a second)
            sim.step()
        thrower = None
        if provoke:
            inject(sim, {"type": "provoke", "group": "penyusup", "act": "throw"})
            (stone,) = sim.hazards.projectiles
            thrower = stone.thrower
        while sim.tick % 30 != 1:  # the next look has been
            sim.step()
        runs.append((sim, thrower))
    (seen, thrower), (unseen, _) = runs

    def suspicion(sim: Simulation) -> float:
        if thrower in sim.intel.tags:
            return intel.TAG_SUSPICION
        return sim.intel.suspicion.get(thrower, 0.0)

    assert thrower not in unseen.intel.tags
    assert suspicion(seen) - suspicion(unseen) >= intel.THROW_SUSPICION
