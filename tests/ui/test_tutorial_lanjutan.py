"""The second lesson, Latihan lanjutan, is played in the window to its result: deployment,
the gate, a warning, the medics, lapis ganti, an arrest, the Kapolda's authorisation, the
water cannon after a warning, and a go code. Nothing is lost while the trainee reads, and
each step is passed only by doing it right."""

import numpy as np
import pygame
import pytest
from helpers import LEVELS
from test_play_input import click, drag, key, screen_of
from test_tutorial import advance, nothing_lost, open_level, press, to_result

from game.sim.slots import OFFICER, PROVOKATOR

PATH = LEVELS / "latihan_lanjutan.toml"


def crowd_near_gate(scene):
    pos, _ = scene.sim.positions()
    crowd = scene.sim.crowd_slots()
    return len(crowd) > 0 and float(np.median(pos[crowd][:, 1])) > 6.5


def officer_down(scene):
    s = scene.sim.slots
    down = np.flatnonzero(s.view("injured") & (s.view("kind") == OFFICER) & s.view("alive"))
    return int(down[0]) if len(down) else None


def thrower(scene):
    s = scene.sim.slots
    free = scene.sim.free_crowd_mask() & s.view("active") & (s.view("role") == PROVOKATOR)
    who = np.flatnonzero(free)
    return int(who[0]) if len(who) else None


def tagged(scene):
    """A free person Sat Intelkam has tagged."""
    free = set(np.flatnonzero(scene.sim.free_crowd_mask()).tolist())
    return next((slot for slot in scene.sim.intel.tags if slot in free), None)


def rioters_at(scene):
    pos, _ = scene.sim.positions()
    return np.median(pos[scene.sim.group_members(1)], axis=0)


def within_reach(scene):
    if not len(scene.sim.group_members(1)):
        return False
    pos, _ = scene.sim.positions()
    truck = pos[scene.sim.squad("water_cannon").members].mean(axis=0)
    at = rioters_at(scene)  # at their tyres on the pavement, in sight below the lesson's box
    return at[1] > 11 and float(np.hypot(*(at - truck))) < 20


def at(scene, slot):
    pos, _ = scene.sim.positions()
    return screen_of(scene, pos[slot])


def happened(scene, kind):
    return any(e.kind == kind for e in scene.session.log)


def deploy_and_start(app, scene):
    t = scene.tutorial
    key(app, pygame.K_1)
    drag(app, screen_of(scene, (26.8, 15.6)), screen_of(scene, (33.2, 15.6)), button=3)
    assert t.index == 1 and scene.sim.tick == 0  # placed, the clock not yet running
    key(app, pygame.K_RETURN)
    assert t.index == 2 and scene.started


def deselect(app, scene):
    key(app, pygame.K_ESCAPE)
    click(app, screen_of(scene, (48, 32)))  # empty ground: nothing selected
    assert scene.input.selected == []


def gate(app, scene):
    deselect(app, scene)
    press(app, scene, "gate:gerbang_utama:open")
    assert scene.tutorial.index == 3
    press(app, scene, "gate:gerbang_utama:close")
    assert scene.tutorial.index == 4


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_trainee_finishes_the_advanced_drill(tmp_path, monkeypatch, language):
    app, scene = open_level(tmp_path, monkeypatch, PATH, language)
    t = scene.tutorial
    assert "1" in t.text() and not scene.started
    deploy_and_start(app, scene)
    gate(app, scene)

    # a warning the crowd hears, once it is at the gate
    assert advance(app, scene, 90, until=lambda: crowd_near_gate(scene))
    key(app, pygame.K_1)
    press(app, scene, "cmd:tool:verbal")
    assert t.index == 5, [e.data for e in scene.session.log if e.kind == "force_used"]

    # stones fly; an officer falls; the medics carry him out
    assert advance(app, scene, 120, until=lambda: officer_down(scene) is not None)
    key(app, pygame.K_4)
    click(app, at(scene, officer_down(scene)), button=3)
    assert advance(app, scene, 90, until=lambda: t.index == 6), scene.session.log[-5:]

    key(app, pygame.K_2)
    key(app, pygame.K_o)  # lapis ganti
    assert t.index == 7

    # Sat Intelkam watches and names the thrower; the arrest team takes the tagged man
    key(app, pygame.K_6)
    key(app, pygame.K_p)  # observe
    assert advance(app, scene, 90, until=lambda: t.index == 8), "no one was tagged"
    suspect = tagged(scene)
    assert suspect is not None and scene.sim.slots.role[suspect] == PROVOKATOR
    key(app, pygame.K_3)
    press(app, scene, "cmd:tool:soft_hand")
    click(app, at(scene, suspect))
    assert advance(app, scene, 90, until=lambda: t.index == 9)

    assert advance(app, scene, 5, until=lambda: scene.sim.colour == "merah")
    key(app, pygame.K_i)  # the Kapolda's authorisation
    assert t.index == 10

    key(app, pygame.K_2)
    press(app, scene, "cmd:tool:verbal")  # a warning before the water cannon
    assert t.index == 11
    # the water cannon on the rioters at the burning tyres, the orderly crowd stepped back
    assert advance(app, scene, 30, until=lambda: within_reach(scene))
    key(app, pygame.K_5)
    press(app, scene, "cmd:tool:water_cannon")
    click(app, screen_of(scene, rioters_at(scene)))
    used = [e.data for e in scene.session.log if e.kind == "force_used"][-1]
    assert t.index == 12, used
    assert used["calm_share"] < 0.5, used  # on the rioters, not the orderly crowd

    key(app, pygame.K_g)  # plan A
    key(app, pygame.K_1)
    key(app, pygame.K_s)  # kept under A, not yet carried out
    assert t.index == 12 and len(scene.queues["A"]) == 1
    key(app, pygame.K_F1)  # Go A
    assert t.done

    assert to_result(app, scene, 10)
    assert scene.sim.script.result == "won" and scene.sim.objectives == ["met"]
    assert "latihan_lanjutan" in app.settings.completed
    pygame.quit()


def test_the_advanced_drill_cannot_be_lost_while_reading(tmp_path, monkeypatch):
    """A minute on each of the first steps without input: the clock waits for deployment,
    then the crowd waits on the road until the gate is shut again."""
    app, scene = open_level(tmp_path, monkeypatch, PATH)
    for _ in range(60):
        app.step(1 / 60)
    assert scene.sim.tick == 0  # deployment: the clock does not run
    deploy_and_start(app, scene)
    advance(app, scene, 60)
    assert nothing_lost(scene) and scene.tutorial.index == 2
    pos, _ = scene.sim.positions()
    assert (pos[scene.sim.crowd_slots()][:, 1] < 11).all()  # still on the road
    pygame.quit()


def lesson_at(goal, **about):
    """The lesson's tutorial on its first step with this goal (and these keys)."""
    from game.level import load_level
    from game.ui.tutorial import Tutorial

    steps = load_level(PATH).tutorial
    k = next(
        i
        for i, st in enumerate(steps)
        if st.goal == goal and all(getattr(st, f) == v for f, v in about.items())
    )
    t = Tutorial(steps, [])
    t.index = k
    return t


def ev(kind, **data):
    from game.sim.events import Event

    return Event(0, kind, data)


def force(tool, stage, targets=5, warned=True, squad="water_cannon"):
    return ev("force_used", tool=tool, stage=stage, targets=targets, warned=warned, squad=squad)


@pytest.mark.parametrize(
    ("goal", "about", "wrong", "right"),
    [
        # a warning nobody heard, then one the crowd heard
        ("warn", {}, [force("verbal", 2, targets=0)], [force("verbal", 2)]),
        # water cannon on nobody, or before any warning; then warned and on the crowd
        (
            "use_force",
            {"tool": "water_cannon"},
            [force("water_cannon", 5, targets=0), force("water_cannon", 5, warned=False)],
            [force("water_cannon", 5)],
        ),
        # a bystander arrested, or a provocateur by another squad; then the thrower
        (
            "arrest",
            {},
            [
                ev("arrested", agent=3, squad="reskrim", provocateur=False),
                ev("arrested", agent=4, squad="dalmas_lanjut", provocateur=True),
            ],
            [ev("arrested", agent=5, squad="reskrim", provocateur=True)],
        ),
        # the script (not the trainee) opening the gate, a refused order; then the trainee
        (
            "gate_open",
            {},
            [
                ev("gate_opened", gate="gerbang_utama", by="trigger"),
                ev("order_refused", order={"type": "gate", "gate": "gerbang_utama"}),
            ],
            [ev("gate_opened", gate="gerbang_utama")],
        ),
        # the lapis ganti refused, then carried out
        (
            "lapis_ganti",
            {},
            [ev("order_refused", order={"type": "hand_over", "squad": "dalmas_lanjut"})],
            [
                ev(
                    "order_applied",
                    order={"type": "hand_over", "squad": "dalmas_lanjut", "kind": "lapis_ganti"},
                )
            ],
        ),
        # the observe order given (nothing seen yet), a tag by another squad; then Intelkam's
        (
            "observe",
            {},
            [
                ev("order_applied", order={"type": "observe", "squad": "intelkam"}),
                ev("suspect_tagged", squad="intel_lain", agent=5, provocateur=True),
            ],
            [ev("suspect_tagged", squad="intelkam", agent=5, provocateur=True)],
        ),
        # the Kapolda asked outside merah (refused), then asked in merah
        (
            "authorise",
            {},
            [ev("order_refused", order={"type": "request_authorisation"}, code="not_merah")],
            [ev("order_applied", order={"type": "request_authorisation"})],
        ),
    ],
)
def test_a_step_is_passed_only_by_doing_it_right(goal, about, wrong, right):
    t = lesson_at(goal, **about)
    k = t.index
    t.saw(wrong)
    t.check(100.0)
    assert t.index == k
    t.saw(right)
    t.check(100.0)
    assert t.index == k + 1


def test_a_go_code_must_release_orders_the_run_carries_out():
    t = lesson_at("go_code")
    k = t.index
    t.happened.append("go:A")
    t.saw([ev("order_refused", order={"type": "withdraw", "squad": "dalmas_awal"})])
    t.check(100.0)
    assert t.index == k
    t.happened.append("go:A")
    t.saw([ev("order_applied", order={"type": "withdraw", "squad": "dalmas_awal"})])
    t.check(100.0)
    assert t.index == k + 1


def test_an_observe_step_without_an_intel_squad_is_refused_at_load(tmp_path):
    import tomllib

    import tomli_w

    from game.level import LevelError, load_level

    data = tomllib.loads(PATH.read_text("utf-8"))
    data["squads"] = [q for q in data["squads"] if q["kind"] != "intel"]
    for step in data["tutorial"]:
        if step.get("squad") == "intelkam":
            del step["squad"]
    path = tmp_path / "no_intel.toml"
    path.write_text(tomli_w.dumps(data), "utf-8")
    with pytest.raises(LevelError) as err:
        load_level(path)
    assert "observe" in str(err.value) and "intel" in str(err.value)
