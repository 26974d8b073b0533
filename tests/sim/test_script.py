"""Phases and triggers: a level's scripted beats happen when their conditions hold, each as
an Event, deterministically, and a mistyped name is a load error naming the trigger."""

from __future__ import annotations

import numpy as np
import pytest

from game.level import LevelError
from game.session import Session
from game.sim import Simulation
from game.sim import orders as O
from game.sim.slots import CROWD
from tests.helpers import level, level_from, level_text, run

LEVEL = "test/scripted.toml"


@pytest.fixture(scope="module")
def story():
    """One run of the scripted level for 62 s: its events and the simulation."""
    sim = Simulation(level(LEVEL))
    brimob_before = susulan_before = None
    events: list = []
    for _ in range(62):
        if "tekanan" not in sim.script.fired:
            brimob_before = sim.find_squad("brimob")
            susulan_before = len(sim.group_members(1))
        events += run(sim, 1)
    return sim, events, brimob_before, susulan_before


def _of(events, kind):
    return [e for e in events if e.kind == kind]


def test_the_first_phase_is_on_from_the_start_and_radio_messages_are_events(story):
    sim, events, *_ = story
    phases = _of(events, "phase")
    assert [(e.tick, e.data["phase"]) for e in phases[:1]] == [(0, "damai")]
    assert phases[0].data["label"] == {"id": "Aksi damai", "en": "Peaceful rally"}
    radio = [e for e in _of(events, "radio") if "by" not in e.data]  # the level's [[radio]]
    assert [(e.tick, e.data["text"]["en"]) for e in radio] == [(60, "The crowd is moving.")]


def test_a_crowd_at_the_gate_fires_the_trigger_and_its_actions_in_order(story):
    sim, events, brimob_before, susulan_before = story
    fired = [e for e in _of(events, "trigger_fired") if e.data["trigger"] == "tekanan"]
    assert len(fired) == 1
    tick = fired[0].tick
    same_tick = [e.kind for e in events if e.tick == tick]
    start = same_tick.index("trigger_fired", same_tick.index("trigger_fired"))
    assert same_tick[start:][:6] == [
        "trigger_fired",
        "phase",
        "fire_started",
        "group_arriving",
        "reinforcement",
        "radio",
    ]
    # the condition held then, not before: more than 15 people in front of the gate
    assert sim.script.phase == "memanas" and sim.script.phase_since == tick
    assert susulan_before == 0 and len(sim.group_members(1)) > 0
    assert brimob_before is None
    brimob = sim.squad("brimob")
    # walked in from the east edge to its place in the courtyard
    pos, _ = sim.positions()
    centre = pos[brimob.members].mean(axis=0)
    assert np.hypot(*(centre - (50, 31))) < 3


def test_a_scripted_fire_burns_where_the_level_says(story):
    sim, events, *_ = story
    first = [e for e in _of(events, "fire_started") if e.data.get("by") == "tekanan"]
    assert [(e.data["x"], e.data["y"]) for e in first] == [(30, 14)]


def test_once_fires_once_and_repeat_waits_between_firings(story):
    sim, events, *_ = story
    reminders = [e.tick for e in _of(events, "trigger_fired") if e.data["trigger"] == "ingatkan"]
    # kuning from the first tick; then again every 20 s while it holds
    assert reminders == [0, 1200, 2400, 3600]
    assert sim.script.fired["tekanan"] == 1


def test_a_delayed_trigger_of_a_phase_waits_its_time_in_the_phase_then_its_delay(story):
    sim, events, *_ = story
    fired = [e.tick for e in _of(events, "trigger_fired") if e.data["trigger"] == "sandera"]
    assert fired == [sim.script.phase_since + 10 * 60 + 5 * 60]


def test_the_provocateurs_seize_the_chair_and_an_objective_is_given(story):
    sim, events, *_ = story
    assert _of(events, "hostage_taken")[0].data["person"] == "ketua"
    assert sim.hostages["ketua"]
    assert sim.objectives[1] == "failed"  # protect the chair: held, so failed at once
    given = _of(events, "objective_given")
    assert [e.data["objective"] for e in given] == [1]


def test_an_objective_waiting_for_its_trigger_is_not_judged():
    sim = Simulation(level(LEVEL))
    assert sim.objectives == ["pending", "inactive"]
    sim.hostages["ketua"] = True
    run(sim, 1)
    assert sim.objectives[1] == "inactive"


def test_arresting_the_captors_frees_the_hostage(story):
    sim, *_ = story
    import copy

    snap = copy.deepcopy(sim.snapshot())
    free = Simulation.from_snapshot(sim.level, snap, sim.seed)
    captors = free.script.captors["ketua"]
    free.slots.arrested[captors] = True
    events = run(free, 0.5)
    assert [e.data["person"] for e in _of(events, "hostage_freed")] == ["ketua"]
    assert not free.hostages["ketua"] and "ketua" not in free.script.captors
    vip = free.vips["ketua"]
    assert (free.slots.anchor_x[vip], free.slots.anchor_y[vip]) == (30, 25)


def test_a_hostage_still_held_at_the_end_is_not_reported_freed(story):
    """free_hostage is judged at the end: failed while the person is held, met once free.
    (Playing the KPU drill, a run lost for another reason while the chair was held showed
    'Free the KPU chair: achieved', from a keep_zone_clear standing in for it.)"""
    import copy

    from game.sim.situation import check_objectives

    sim, *_ = story
    text = level_text(LEVEL).replace(
        'type = "protect_person"\nperson = "ketua"\nactive',
        'type = "free_hostage"\nperson = "ketua"\nactive',
    )
    level = level_from(text)
    assert level.objectives[1].type == "free_hostage"
    held = Simulation.from_snapshot(level, copy.deepcopy(sim.snapshot()), sim.seed)
    held.objectives[1] = "pending"  # given when the chair was seized
    assert held.hostages["ketua"]
    events: list = []
    check_objectives(held, events, final=False)
    assert held.objectives[1] == "pending"  # no verdict while the run goes on
    check_objectives(held, events, final=True)
    assert held.objectives[1] == "failed"
    freed = Simulation.from_snapshot(level, copy.deepcopy(sim.snapshot()), sim.seed)
    freed.objectives[1] = "pending"
    freed.slots.arrested[freed.script.captors["ketua"]] = True
    run(freed, 0.5)
    assert not freed.hostages["ketua"]
    check_objectives(freed, [], final=True)
    assert freed.objectives[1] == "met"


def test_hostage_taking_fails_when_the_police_keep_the_captors_away():
    text = level_text(LEVEL).replace("at = [30, 25]", "at = [30, 36]")
    sim = Simulation(level_from(text))
    events = run(sim, 40)
    assert _of(events, "hostage_prevented") and not _of(events, "hostage_taken")
    assert not sim.hostages["ketua"]


def test_a_scripted_end_ends_the_session_with_its_result():
    session = Session(level(LEVEL))
    session.step()
    session.sim.gate("gate").state = "broken"  # what the crowd would do at 20 kN
    session.step()
    assert session.finished
    assert session.end_reason == "level_lost"
    ended = [e for e in session.log if e.kind == "level_ended"]
    assert ended[0].data["text"]["en"] == "The gate fell."


def test_an_inject_is_an_order_like_any_other():
    session = Session(level(LEVEL))
    session.step()
    action = {"type": "set_colour", "colour": "merah"}
    session.submit(O.Inject(tick=0, action=action))
    session.step()
    assert session.sim.colour == "merah"
    applied = [e for e in session.log if e.kind == "order_applied"]
    assert applied[-1].data["order"]["action"] == action


@pytest.mark.parametrize(
    ("action", "says"),
    [
        ({"type": "spawn_group", "group": "susulann"}, 'did you mean "susulan"'),
        ({"type": "set_colour", "colour": "ungu"}, "colour"),
        ({"type": "sing"}, "type"),
    ],
)
def test_a_bad_inject_is_refused_and_says_why(action, says):
    session = Session(level(LEVEL))
    session.submit(O.Inject(tick=0, action=action))
    session.step()
    refused = [e for e in session.log if e.kind == "order_refused"]
    assert refused and refused[0].data["code"] == "bad_inject"
    assert says in refused[0].data["reason"]


def test_actions_change_the_run_as_they_say():
    sim = Simulation(level(LEVEL))
    run(sim, 8)  # the crowd is out on the street
    events: list = []
    from game.sim import script
    from game.sim.slots import KORLAP

    def do(**action):
        script.perform_json(sim, action, events, by="test")

    do(type="change_group", group="massa", goal="exit_west", agitation=0.1, provokator=0)
    members = sim.group_members(0)
    exit_field = sim.field_names.index("exit_west")
    assert (sim.slots.goal[members] == exit_field).all()
    assert (sim.slots.agitation[members] == 0.1).all()
    roles = sim.slots.role[members]
    assert not (roles == 2).any() and (roles == KORLAP).sum() == 1
    do(type="change_group", group="massa", provokator=4)
    assert (sim.slots.role[sim.group_members(0)] == 2).sum() == 4
    do(type="set_gate", gate="gate", state="open")
    assert sim.gate("gate").state == "open"
    do(type="start_fire", at=[10, 10])
    do(type="start_fire", at=[50, 10])
    do(type="put_out_fire", at=[11, 10], radius=3)
    fires = [(f.x, f.y) for f in sim.hazards.fires]
    assert (50, 10) in fires and (10, 10) not in fires
    do(type="authorise")
    assert sim.authorised
    do(type="authorise", granted=False)
    assert not sim.authorised
    do(type="end_level", result="won")
    assert sim.ended and sim.script.result == "won"
    # sent home, they leave by the west exit
    run(sim, 30)
    left = [e for e in sim.step() if e.kind == "agent_exited"]
    gone = (~sim.slots.alive & (sim.slots.kind == CROWD)).sum()
    assert gone > 20 or left


def test_the_script_state_is_part_of_every_rebuild():
    """A run rebuilt in a fresh simulation from a snapshot mid-story goes on exactly as
    the run itself: phase, timers, arrivals on cue and captors all came across."""
    lv = level(LEVEL)
    straight = Simulation(lv)
    run(straight, 25)
    snap = straight.snapshot()
    resumed = Simulation.from_snapshot(lv, snap, lv.seed)
    assert resumed.script == straight.script
    run(straight, 10)
    run(resumed, 10)
    assert resumed.state_hash() == straight.state_hash()


def _problems(text: str) -> str:
    with pytest.raises(LevelError) as err:
        level_from(text)
    return str(err.value)


def test_a_trigger_naming_what_is_not_there_is_a_load_error():
    text = level_text(LEVEL).replace('zone = "before_gate"', 'zone = "befor_gate"')
    said = _problems(text)
    assert 'trigger "tekanan" (triggers[0]): when[0].zone' in said
    assert 'did you mean "before_gate"' in said


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        ('phase = "memanas"\ndelay', 'phase = "panas"\ndelay', 'no phase named "panas"'),
        ("after = 10", "after = 400", "after the level's time limit"),
        ('group = "susulan" }', 'group = "massa" }', "arrives by itself"),
        ('squad = "brimob", enter', 'squad = "dalmas", enter', "on the map from the start"),
        ("enter = [57, 36]", "enter = [70, 36]", "outside the map"),
        ('objective = "bebaskan"', 'objective = "bebas"', "no named objective"),
        ('person = "ketua", group', 'person = "bupati", group', 'no person named "bupati"'),
        ('gate = "gate" }', 'gate = "gerbang" }', 'no gate named "gerbang"'),
    ],
)
def test_every_name_in_a_trigger_is_checked(old, new, says):
    text = level_text(LEVEL)
    assert old in text
    assert says in _problems(text.replace(old, new, 1))


def test_a_group_or_squad_on_cue_that_nothing_calls_is_a_load_error():
    text = level_text(LEVEL).replace('  { type = "spawn_group", group = "susulan" },\n', "")
    said = _problems(text)
    assert 'crowd "susulan" (crowd[1]): on_cue: no trigger brings this group in' in said


def test_a_condition_needs_exactly_one_bound():
    text = level_text(LEVEL).replace("above = 15 }", "above = 15, below = 3 }")
    assert "exactly one of above" in _problems(text)


def test_the_replay_and_the_debrief_tell_the_scripted_beats(tmp_path):
    """Recorded, a scripted run shows its phases on the viewer's timeline and in the
    report, and verifies: the script replays exactly."""
    from game.debrief.build import from_replay
    from game.debrief.text import Words
    from game.debrief.timeline import timeline
    from game.replay.read import read_replay
    from game.replay.record import Recorder, make_header
    from game.replay.watch import verify
    from game.ui import i18n
    from game.ui.timeline_bar import marks_of
    from tests.helpers import LEVELS

    path = LEVELS / LEVEL
    lv = level(LEVEL)
    header = make_header(path.read_text(encoding="utf-8"), path.name, lv.seed, 60, "Briptu A")
    session = Session(lv, recorder=Recorder(tmp_path / "r.jsonl", header))
    while session.tick < 30 * 60:
        session.step()
    session.close()
    replay = read_replay(tmp_path / "r.jsonl")
    assert verify(replay).ok
    i18n.set_language("en")
    assert [m.text for m in marks_of(replay) if m.kind == "phase"] == [
        "Phase: Peaceful rally",
        "Phase: The crowd heats up",
    ]
    told = [e.text for e in timeline(from_replay(replay), Words(lv, "en"))]
    assert "Phase: The crowd heats up" in told
    assert "Radio: Tyres burning at the gate." in told
    assert any(t.endswith("arrives as a reinforcement") for t in told)


def test_a_trigger_after_a_reinforcement_counts_the_grown_crowd_table():
    """Triggers run in file order and each sees what the ones before it did: a zone count
    after a reinforcement in the same tick is made on the grown slot table (it used to
    crash on the old one)."""
    text = level_text(LEVEL).replace(
        '[[triggers]]\nname = "sandera"',
        '[[triggers]]\nname = "dihitung"\n'
        'when = [{ type = "people_in_zone", zone = "before_gate", group = "massa", above = 15 }]\n'
        'do = [{ type = "radio", text = { id = "Dihitung.", en = "Counted." } }]\n\n'
        '[[triggers]]\nname = "sandera"',
    )
    sim = Simulation(level_from(text))
    run(sim, 62)
    assert sim.script.fired.get("tekanan") == 1
    assert sim.script.fired.get("dihitung") == 1
    assert sim.script.last_fired["dihitung"] == sim.script.last_fired["tekanan"]


def test_a_negotiated_condition_can_name_whose_korlap_heard_it():
    """With two crowds a beat is about one of them: the Kapolres heard by the main crowd's
    korlap must not fire the hard core's beat (Kapolres turun told the trainee the main
    crowd was going home when he had talked to the hard core)."""
    heard = """
[[triggers]]
name = "massa_didengar"
when = [{ type = "negotiated", move = "listen", group = "massa" }]
do = [{ type = "radio", text = { id = "a", en = "a" } }]

[[triggers]]
name = "garis_keras_didengar"
when = [{ type = "negotiated", move = "listen", group = "garis_keras" }]
do = [{ type = "radio", text = { id = "b", en = "b" } }]
"""
    sim = Simulation(level_from(level_text("kapolres_turun.toml") + heard))
    korlap = 258  # the main crowd's, at the west fence
    assert sim.level.crowd[int(sim.slots.group[korlap])].name == "massa"
    sim.submit(O.Approach(tick=60, squad="kapolres", agent=korlap))
    sim.submit(O.Negotiate(tick=12 * 60, squad="kapolres", move="listen"))
    events = run(sim, 13)
    assert [e.data["group"] for e in events if e.kind == "negotiation"] == ["massa"]
    assert sim.script.fired.get("massa_didengar") == 1
    assert "garis_keras_didengar" not in sim.script.fired
    said = _problems(level_text("kapolres_turun.toml") + heard.replace('"garis_keras"', '"keras"'))
    assert 'when[0].group: there is no crowd group named "keras"' in said
