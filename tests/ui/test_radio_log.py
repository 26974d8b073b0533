"""The radio log a trainee reads: it does not repeat itself, it makes what matters stand out
and keeps it, it says every event in words (never an id), an order that comes to nothing
says why, and a squad without shields is warned before it walks into a riot.

Seen in the window: "negosiator: siap di posisi" logged every second pushed every other line
out; an arrest team sent after a provocateur behind the closed side gate did nothing and
said nothing; "Anggota terluka!" did not say whose."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from helpers import LEVELS

from game.level import load_level
from game.level.script import SPEAKERS
from game.sim import Simulation, harm
from game.sim import orders as O
from game.sim.events import Event
from game.sim.refusals import FAILURES, REASONS
from game.sim.slots import CROWD, OFFICER
from game.ui import i18n, radio_lines, words
from game.ui.radio_lines import IMPORTANT, KINDS, NEWS, ROUTINE, DangerWatch
from game.ui.radio_log import COLOURS, KEEP, RadioLog
from game.ui.view import ACTIVE, CALM

SIM_DIR = Path(__file__).resolve().parents[2] / "game" / "sim"
KPU = load_level(LEVELS / "kpu_oku_timur.toml")
KPU_SIM = Simulation(KPU)


@pytest.fixture(autouse=True)
def indonesian():
    i18n.set_language("id")
    yield
    i18n.set_language("id")


# --- every kind the simulation emits, read out of its code ----------------------------


def _strings(node: ast.AST, func: ast.AST) -> set[str] | None:
    """The strings an expression for an event's kind can be, or None if it cannot be
    told from the code (then the test asks for the kind to be written out)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        a, b = _strings(node.body, func), _strings(node.orelse, func)
        return None if a is None or b is None else a | b
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        a, b = _strings(node.left, func), _strings(node.right, func)
        return None if a is None or b is None else {x + y for x in a for y in b}
    if isinstance(node, ast.Name):
        found: set[str] = set()
        for n in ast.walk(func):
            if isinstance(n, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in n.targets
            ):
                got = _strings(n.value, func)
                if got is None:
                    return None
                found |= got
        return found or None
    return None


def emitted_kinds() -> dict[str, str]:
    """Every event kind game/sim can emit -> where; a kind that cannot be read fails."""
    kinds: dict[str, str] = {}
    for path in sorted(SIM_DIR.glob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        funcs = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        for func in funcs:
            for call in ast.walk(func):
                if not isinstance(call, ast.Call):
                    continue
                name = getattr(call.func, "id", getattr(call.func, "attr", None))
                if name != "Event":
                    continue
                kind = call.args[1] if len(call.args) > 1 else None
                kind = next((k.value for k in call.keywords if k.arg == "kind"), kind)
                where = f"{path.name}:{call.lineno}"
                said = _strings(kind, func) if kind is not None else None
                assert said, f"{where}: write the event's kind out so the radio can know it"
                for k in said:
                    kinds.setdefault(k, where)
    return kinds


def test_the_radio_knows_every_kind_of_event_the_simulation_emits() -> None:
    kinds = emitted_kinds()
    assert {"injured", "order_failed", "gate_broken", "objective_met"} <= set(kinds)
    missing = {k: w for k, w in kinds.items() if k not in KINDS}
    assert not missing, f"give these events words (or None) in radio_lines.KINDS: {missing}"
    stale = set(KINDS) - set(kinds)
    assert not stale, f"no longer emitted: {stale}"


# --- every event in words, in both languages ---------------------------------------


def _unlabelled(level):
    """The level with no labels on squads and buildings (gates and zones have none)."""
    return level.model_copy(
        update={
            "squads": [q.model_copy(update={"label": None}) for q in level.squads],
            "buildings": [b.model_copy(update={"label": None}) for b in level.buildings],
        }
    )


def _refusal_params(code: str) -> dict:
    from test_words import SAMPLE

    texts = [REASONS[code]] + [
        i18n.catalog(lang).get(f"refusal.{code}", "") for lang in ("id", "en")
    ]
    fields = {f for t in texts for _, f, _, _ in string.Formatter().parse(t) if f}
    params = {f: SAMPLE.get(f, 3) for f in fields}
    if code == "wrong_handover":
        params["kind"] = "lapis_ganti"
    return params


def sample_events(level) -> list[Event]:
    """Events of each kind the simulation emits, with the ids a run of `level` carries."""
    sq = [q.name for q in level.squads]
    gate = level.gates[0].name
    person = level.people[0].name
    move = next(iter(KPU_SIM.moves))
    reply = KPU_SIM.moves[move].reply
    phase = level.phases[0]
    order = {"tick": 3, "squad": sq[0], "to": [5, 5], "face": None, "type": "move"}
    data: dict[str, list[dict]] = {
        "squad_in_position": [{"squad": s} for s in sq],
        "order_applied": [{"order": order}],
        "order_refused": [
            {"order": order, "reason": "x", "code": c, "params": _refusal_params(c)}
            for c in sorted(REASONS)
        ]
        + [{"order": {"tick": 1, "type": "request_authorisation"}, "reason": "x"}],
        "order_failed": [
            {"squad": s, "order": o, "code": c, "params": {"gate": gate} if "{gate}" in t else {}}
            for c, t in FAILURES.items()
            for o in ("approach", "arrest", "evacuate", "move")
            for s in sq[:2]
        ],
        "gate_broken": [{"gate": g.name, "load": 9000.0} for g in level.gates],
        "gate_opened": [{"gate": g.name, "by": "trainee"} for g in level.gates],
        "gate_closed": [{"gate": g.name} for g in level.gates],
        "situation": [{"colour": c, "was": "hijau"} for c in ("kuning", "merah")],
        "negotiation": [
            {"squad": "negosiator", "speaker": "negotiator", "move": move, "outcome": "landed"}
            | {"reply": {"id": reply.id, "en": reply.en}, "group": "massa"}
        ],
        "force_used": [
            {"squad": sq[0], "tool": t, "stage": r.stage, "agents": []}
            for t, r in KPU_SIM.tools.items()
        ],
        "injured": [
            {"agent": 4, "cause": "baton", "officer": False},
            {"agent": 4, "cause": "thrown_object", "officer": True},
        ]
        + [{"agent": 4, "cause": "thrown_object", "officer": True, "squad": s} for s in sq],
        "officers_hit": [{"count": 3}],
        "objects_thrown": [{"count": 2}],
        "arrested": [{"agent": 7, "squad": s, "provocateur": True} for s in sq],
        "evacuated": [{"agent": 7, "squad": s} for s in sq],
        "authorisation_requested": [{}],
        "authorised": [{"by": "Kapolda"}],
        "authorisation_withdrawn": [{"by": "Kapolda"}],
        "hostage_taken": [{"person": person, "group": "penyandera", "by": "script"}],
        "hostage_freed": [{"person": person}],
        "hostage_prevented": [{"person": person}],
        "radio": [{"text": {"id": "Pos KPU: massa datang.", "en": "KPU post: a crowd."}}]
        + [  # an instructor's radio as a role: the role said, never the instructor
            {"text": {"id": "Siaga.", "en": "Stand by."}, "by": "instructor", "role": r}
            for r in SPEAKERS
        ],
        "phase": [{"phase": phase.name, "label": {"id": phase.label.id, "en": phase.label.en}}],
        "reinforcement": [{"squad": s, "x": 1.0, "y": 2.0} for s in sq],
        "objective_given": [{"objective": i} for i in range(len(level.objectives))],
        "objective_met": [{"objective": i, "type": "x"} for i in range(len(level.objectives))],
        "objective_failed": [{"objective": i, "type": "x"} for i in range(len(level.objectives))],
        "fire_started": [{"x": 1.0, "y": 2.0}],
        "crowd_falling": [{"count": 2, "x": 1.0, "y": 2.0}],
        "fire_out": [{"x": 1.0, "y": 2.0, "by": "trigger_api"}],
        "level_ended": [{"result": "won", "by": "t"}, {"result": "lost", "by": "t"}],
        "exercise_ended": [{"by": "trainee"}],
        "dispersed": [{"minutes": 3.5}],
        "deadline_passed": [{"group": "massa"}],
        "agent_exited": [{"agent": 3, "zone": "exit_barat"}],
        "scored": [{"axis": "outcome", "points": -3, "rule": "crowd_injured"}],
        "trigger_fired": [{"trigger": "ban_dibakar"}],
        "group_arriving": [{"group": "kelompok_timur"}],
        "group_changed": [{"group": "kelompok_timur", "action": "change_group", "by": "x"}],
        "suspect_tagged": [{"squad": s, "agent": 9, "provocateur": False} for s in sq],
        # the instructor's own: never on the trainee's radio
        "escalation": [{"frozen": True, "by": "instructor"}],
        "note": [{"text": "Cordon terlambat", "by": "instructor"}],
        "provoke_failed": [{"group": "massa", "act": "throw", "by": "instructor", "why": "x"}],
    }
    missing = set(emitted_kinds()) - set(data)
    assert not missing, f"add a sample of {missing} to this test"
    return [Event(10, kind, d) for kind, ds in data.items() for d in ds]


def _ids(level) -> set[str]:
    names = [q.name for q in level.squads] + [g.name for g in level.gates]
    names += [p.name for p in level.people] + [z.name for z in level.zones]
    names += [b.name for b in level.buildings]  # tools and moves: snake_case or plain words
    return {n for n in names if len(n) > 2}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("labelled", [True, False], ids=["labelled", "unlabelled"])
def test_every_event_and_refusal_reads_as_words_on_the_radio(language, labelled) -> None:
    level = KPU if labelled else _unlabelled(KPU)
    i18n.set_language(language)
    plain = set(re.findall(r"\w+", " ".join(i18n.catalog(language).values())))
    ids = _ids(level) - plain  # an id that is also a word ("negosiator") may be said
    for e in sample_events(level):
        log = RadioLog()
        log.hear([e], KPU_SIM, level, 12.0)
        if KINDS[e.kind] is None:
            assert not log.lines(), e.kind
            continue
        (line,) = log.lines()
        assert not words.SNAKE.findall(line), f"{e.kind} {e.data}: {line}"
        leaked = [n for n in ids if re.search(rf"\b{re.escape(n)}\b", line)]
        assert not leaked, f"{e.kind}: {line} shows {leaked}"
        assert "{" not in line and "radio." not in line, f"{e.kind}: {line}"


# --- no repeats, and what matters stays --------------------------------------------


def test_a_line_said_again_within_seconds_is_one_line_with_a_count_and_the_latest_time():
    log = RadioLog()
    for t in (60.0, 62.0, 66.0):
        log.say("Negosiator: siap di posisi", t, ROUTINE, "negosiator")
    log.say("Gerbang utama dibuka", 67.0)
    log.say("Gerbang utama dibuka", 68.0)
    assert log.lines() == [
        "[01:06] Negosiator: siap di posisi \u00d73",
        "[01:08] Gerbang utama dibuka \u00d72",
    ]
    log.say("Gerbang utama dibuka", 90.0)  # a while later: news again
    assert log.lines()[-1] == "[01:30] Gerbang utama dibuka"
    assert len(log.lines()) == 3


def test_a_squads_routine_report_merges_over_a_longer_while_than_news():
    log = RadioLog()
    log.say("Tim Medis: siap di posisi", 0.0, ROUTINE, "dokkes")
    log.say("Massa bubar", 1.0)
    log.say("Tim Medis: siap di posisi", 25.0, ROUTINE, "dokkes")
    log.say("Massa bubar", 26.0)
    assert log.lines() == [
        "[00:01] Massa bubar",
        "[00:25] Tim Medis: siap di posisi \u00d72",
        "[00:26] Massa bubar",
    ]
    # another squad's same words are its own report
    log.say("Tim Medis: siap di posisi", 26.0, ROUTINE, "dokkes_2")
    assert len(log.lines()) == 4


def test_routine_chatter_never_pushes_an_important_line_out():
    log = RadioLog()
    log.say("Anggota Dalmas Awal terluka!", 1.0, IMPORTANT)
    for n in range(300):
        log.say(f"Satuan {n}: siap di posisi", 2.0 + n, ROUTINE, f"s{n}")
    assert "[00:01] Anggota Dalmas Awal terluka!" in log.lines()
    assert "Anggota Dalmas Awal terluka!" in log.markup()  # and in the box, not scrolled off
    assert len(log.lines()) <= 2 * KEEP


def test_important_lines_stand_out_in_colour_and_routine_ones_recede():
    log = RadioLog()
    log.say("Gerbang utama jebol!", 5.0, IMPORTANT)
    log.say("Dalmas Awal: siap di posisi", 6.0, ROUTINE, "dalmas_awal")
    log.say("Kode A: 2 perintah <serentak> & cepat", 7.0, NEWS)
    shown = log.markup().split("<br>")
    assert shown[0] == "[00:07] Kode A: 2 perintah &lt;serentak&gt; &amp; cepat"  # newest first
    assert (
        shown[1] == f"<font color='{COLOURS[ROUTINE]}'>[00:06] Dalmas Awal: siap di posisi</font>"
    )
    assert shown[2] == f"<font color='{COLOURS[IMPORTANT]}'>[00:05] Gerbang utama jebol!</font>"


def test_pygame_gui_draws_the_marked_up_log(tmp_path):
    """The markup is what pygame_gui's text box reads: colour runs of the given colour."""
    import pygame
    import pygame_gui
    from pygame_gui.elements import UITextBox

    pygame.init()
    pygame.display.set_mode((400, 200))
    manager = pygame_gui.UIManager((400, 200))
    log = RadioLog()
    log.say("Gerbang utama jebol!", 5.0, IMPORTANT)
    box = UITextBox("", pygame.Rect(0, 0, 380, 150), manager)
    log.refresh(box)
    assert not log.dirty
    colours = [
        tuple(chunk.colour)[:3]
        for row in box.text_box_layout.layout_rows
        for chunk in row.items
        if hasattr(chunk, "colour")
    ]
    want = tuple(int(COLOURS[IMPORTANT][i : i + 2], 16) for i in (1, 3, 5))
    assert want in colours


def test_every_kind_has_a_clear_category():
    must_stand_out = {
        "injured",
        "gate_broken",
        "hostage_taken",
        "hostage_freed",
        "order_refused",
        "order_failed",
        "fire_started",
        "crowd_falling",
        "level_ended",
        "authorised",
    }
    assert all(KINDS[k] == IMPORTANT for k in must_stand_out)
    assert KINDS["squad_in_position"] == ROUTINE
    assert set(KINDS.values()) <= {None, ROUTINE, NEWS, IMPORTANT}


# --- an order that comes to nothing says why -------------------------------------------


def _run(sim, ticks):
    out = []
    for _ in range(ticks):
        out += sim.step()
    return out


def _crowd_near(sim, squad, metres, outside=True):
    """A crowd member within `metres` of the squad, on the far side of the front fence."""
    sq = sim.squad(squad)
    while True:
        sim.step()
        pos, _ = sim.positions()
        crowd = sim.crowd_slots()
        if not len(crowd):
            continue
        crowd = crowd[pos[crowd][:, 1] < 14] if outside else crowd
        d = np.hypot(*(pos[crowd] - pos[sq.members].mean(axis=0)).T)
        if len(d) and d.min() < metres:
            return int(crowd[np.argmin(d)])


def test_an_arrest_behind_a_closed_gate_says_why_once_in_words():
    sim = Simulation(KPU)
    agent = _crowd_near(sim, "reskrim", 25)
    sim.submit(O.UseForce(tick=sim.tick, squad="reskrim", tool="soft_hand", agent=agent))
    events = _run(sim, 240)
    assert any(e.kind == "order_applied" for e in events)  # taken: the person is in reach
    failed = [e for e in events if e.kind == "order_failed"]
    assert len(failed) == 1, failed
    assert failed[0].data["code"] == "gate_closed" and failed[0].data["order"] == "arrest"
    assert sim.squad("reskrim").task is None
    log = RadioLog()
    log.hear(failed, sim, KPU, sim.time)
    (line,) = log.lines()
    assert failed[0].data["params"]["gate"] == "pintu_samping"  # the way it would open
    assert line.endswith(
        "Tim Tindak Sat Reskrim: penangkapan tidak bisa dilaksanakan — "
        "pintu samping tertutup di jalan"
    )
    i18n.set_language("en")
    log = RadioLog()
    log.hear(failed, sim, KPU, sim.time)
    assert "Arrest team (Sat Reskrim): cannot carry out the arrest — gate" in log.lines()[0]
    assert log.entries[0].category == IMPORTANT


def test_medics_who_cannot_reach_the_injured_say_so():
    sim = Simulation(KPU)
    agent = _crowd_near(sim, "dokkes", 40)
    harm.injure(sim, np.array([agent]), "baton", [])
    sim.submit(O.Evacuate(tick=sim.tick, squad="dokkes", agent=agent))
    failed = [e for e in _run(sim, 90) if e.kind == "order_failed"]
    assert [(e.data["order"], e.data["code"]) for e in failed] == [("evacuate", "gate_closed")]


def test_a_negotiator_who_cannot_reach_the_korlap_says_so_once_and_waits_at_the_fence():
    from game.sim.slots import KORLAP

    sim = Simulation(KPU)
    while not (sim.slots.view("role") == KORLAP).any() or sim.tick < 600:
        sim.step()
    korlap = int(np.flatnonzero(sim.slots.view("role") == KORLAP)[0])
    sim.submit(O.Approach(tick=sim.tick, squad="negosiator", agent=korlap))
    events = _run(sim, 600)
    failed = [e for e in events if e.kind == "order_failed"]
    assert [(e.data["order"], e.data["code"]) for e in failed] == [("approach", "gate_closed")]
    assert sim.squad("negosiator").task is not None  # it still follows, as near as it can


def test_a_move_through_a_gate_shut_on_the_way_says_why_instead_of_in_position():
    sim = Simulation(KPU)
    sim.submit(O.OperateGate(tick=0, gate="pintu_samping", action="open"))
    sim.submit(O.Move(tick=0, squad="brimob", to=(78.75, 8.0)))
    sim.submit(O.OperateGate(tick=2, gate="pintu_samping", action="close"))
    said: list[Event] = []
    while not said and sim.tick < 60 * 60:
        said = [e for e in sim.step() if e.data.get("squad") == "brimob"]
    said += [e for e in _run(sim, 60) if e.data.get("squad") == "brimob"]  # and no more
    assert [e.kind for e in said] == ["order_failed"], [(e.kind, e.data) for e in said]
    assert said[0].data == {
        "squad": "brimob",
        "order": "move",
        "code": "gate_closed",
        "params": {"gate": "pintu_samping"},
    }
    log = RadioLog()
    log.hear(said, sim, KPU, sim.time)
    assert (
        "Pleton PHH Brimob: gerak ke posisi tidak bisa dilaksanakan — pintu samping tertutup"
        in (log.lines()[0])
    )


def test_a_gate_is_said_as_a_gate_once():
    assert words.gate("gerbang_utama") == "gerbang utama"  # not "gerbang gerbang utama"
    assert words.gate("pintu_samping") == "pintu samping"
    assert words.gate("g1") == "gerbang g1"
    i18n.set_language("en")
    assert words.gate("pintu_samping") == "gate pintu samping"
    assert words.gate("gate_b") == "gate b"


def test_an_injured_officer_is_named_by_their_unit():
    sim = Simulation(KPU)
    officer = int(sim.squad("dalmas_awal").members[0])
    events: list[Event] = []
    harm.injure(sim, np.array([officer]), "thrown_object", events)
    (hurt,) = [e for e in events if e.kind == "injured"]
    assert hurt.data["squad"] == "dalmas_awal"
    log = RadioLog()
    log.hear([hurt], sim, KPU, 3.0)
    assert log.lines() == [
        "[00:03] Anggota Dalmas Awal Sat Samapta terluka! " + "Tim Medis: klik kanan pada korban"
    ]


# --- the authorisation question and the deployment help ------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_authorisation_question_names_the_tool_and_its_stage(language):
    i18n.set_language(language)
    sim = Simulation(KPU)
    gas = O.UseForce(tick=0, squad="brimob", tool="tear_gas", at=(50, 5))
    said = words.authorisation_question(sim, KPU, gas)
    tool = "Gas air mata" if language == "id" else "Tear gas"
    stage = "tahap 5" if language == "id" else "stage 5"
    assert said.startswith(tool) and stage in said, said
    assert i18n.tr("colour.hijau") in said  # why it cannot be asked for yet
    baton = O.UseForce(tick=0, squad="brimob", tool="baton", at=(50, 5))
    said = words.authorisation_question(sim, KPU, baton)
    assert "Pleton PHH Brimob" in said or "Brimob riot platoon" in said, said
    sim.colour = "merah"
    said = words.authorisation_question(sim, KPU, gas)
    assert "[I]" in said
    assert not words.SNAKE.findall(said)


def test_the_deployment_help_names_the_colour_the_map_draws_the_zones_in(monkeypatch):
    from game.ui import render

    assert words.colour_name((50, 110, 230)) == "biru"
    assert words.colour_name((80, 220, 120)) == "hijau muda"
    assert words.deploy_colour() == "biru"  # as both the briefing and the play map draw them
    drawn = words.colour_name(render.ZONE_TINTS["deploy"])
    assert f"zona {drawn} " in words.deploy_help()
    monkeypatch.setitem(render.ZONE_TINTS, "deploy", (40, 80, 230))
    assert "zona biru " in words.deploy_help()
    said = words.refusal(KPU_SIM, KPU, "outside_deploy", {"squad": "tni", "zones": "a_b"})
    assert "zona penempatan biru" in said
    i18n.set_language("en")
    assert "inside a blue zone" in words.deploy_help()


# --- warned before harm -------------------------------------------------------------


def _scene(negotiator_at, rioters_at, mood=ACTIVE, task=None):
    """A frame with a negotiator (squad 0), a shield line (squad 1) and some crowd."""
    nego = np.asarray(negotiator_at, float).reshape(-1, 2)
    crowd = np.asarray(rioters_at, float).reshape(-1, 2)
    line = crowd + [0.0, 1.0]  # a shield line right in among them: not warned
    pos = np.vstack([nego, line, crowd])
    n, k = len(nego), len(line)
    view = SimpleNamespace(
        pos=pos,
        slots=np.arange(len(pos)),
        kind=np.array([OFFICER] * (n + k) + [CROWD] * len(crowd)),
        mood=np.array([CALM] * (n + k) + [mood] * len(crowd)),
        squad=np.array([0] * n + [1] * k + [-1] * len(crowd)),
    )
    squads = [
        SimpleNamespace(name="negosiator", kind="negotiator", task=task),
        SimpleNamespace(name="dalmas_lanjut", kind="dalmas_lanjut", task=None),
    ]
    return view, SimpleNamespace(squads=squads)


def test_a_negotiator_walking_into_a_riot_is_warned_once_per_approach():
    watch = DangerWatch()
    riot = [[50, 10], [51, 10], [50.5, 10.5]]
    assert watch.check(*_scene([50, 30], riot), KPU) == []  # far off
    (line,) = watch.check(*_scene([50, 14.5], riot), KPU)
    assert line.category == IMPORTANT
    assert line.text == (
        "Negosiator Sat Binmas dan Polwan mendekati massa yang beringas — tanpa perlindungan!"
    )
    assert watch.check(*_scene([50, 13], riot), KPU) == []  # still there: said once
    assert watch.check(*_scene([50, 25], riot), KPU) == []  # walked away
    assert len(watch.check(*_scene([50, 14], riot), KPU)) == 1  # a new approach
    calm = DangerWatch()
    assert calm.check(*_scene([50, 12], riot, mood=CALM), KPU) == []  # a calm crowd
    # one inciter beside the korlap of a peaceful crowd is not a riot to warn of
    lone = DangerWatch()
    assert lone.check(*_scene([50, 12], [[50, 10]]), KPU) == []


def test_a_negotiator_following_the_korlap_into_a_riot_is_warned_before_getting_there():
    watch = DangerWatch()
    riot = [[50, 10], [51, 10], [50, 12]]  # the korlap (the third) walks among rioters
    task = {"type": "approach", "agent": 1 + 3 + 2}  # the korlap's slot in the frame
    view, sim = _scene([50, 25], riot, task=task)
    (line,) = watch.check(view, sim, KPU)
    assert "mengikuti korlap ke massa yang beringas" in line.text
    assert watch.check(view, sim, KPU) == []


def test_only_squads_without_shields_are_warned():
    assert {k for k in ("negotiator", "kapolres", "medic", "reskrim")} == {
        k
        for k in ("negotiator", "kapolres", "medic", "reskrim", "dalmas_lanjut", "brimob", "intel")
        if radio_lines.unprotected(k)
    }


def test_the_play_screen_says_the_warning_and_the_failed_order(tmp_path, monkeypatch):
    """Massa memanas: the negotiator sent to the korlap outside the shut main gate says
    it waits at that gate (news, not a failure: it talks if the korlap comes near), and
    is warned that the korlap stands among rioters."""
    from game.sim.slots import KORLAP
    from game.ui.app import App
    from game.ui.scenes.play import PlayScene
    from game.ui.settings import Settings

    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    path = LEVELS / "massa_memanas.toml"
    app = App(settings=Settings(language="id"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    scene = PlayScene(app, load_level(path), path)
    app.push(scene)
    app.step(1 / 60)
    scene.act("start")
    korlap = int(np.flatnonzero(scene.sim.slots.view("role") == KORLAP)[0])
    scene._submit([O.Approach(tick=scene.sim.tick, squad="negosiator", agent=korlap)])
    scene.speed = 4
    while scene.sim.time < 3:
        app.step(1 / 30)
    log = "\n".join(scene.log)
    assert "menunggu di gerbang utama yang tertutup" in log, log
    assert "tidak bisa dilaksanakan" not in log, log
    assert "mengikuti korlap ke massa yang beringas — tanpa perlindungan!" in log, log
    assert COLOURS[IMPORTANT] in scene.radio_log.markup()


def test_the_headless_log_says_every_failure_too():
    from game.cli import _describe

    for code, text in FAILURES.items():
        params = {"gate": "pintu_samping"} if "{gate}" in text else {}
        e = Event(
            3,
            "order_failed",
            {"squad": "reskrim", "order": "arrest", "code": code} | {"params": params},
        )
        assert _describe(e).startswith("order failed (arrest for reskrim): "), code
