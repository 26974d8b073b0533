"""The first lesson can be played through, step by step, to its result; it cannot be lost
while the trainee reads, a refused or misplaced order passes no step, and the level does not
end while steps remain."""

import pygame
import pygame_gui
import pytest
from helpers import LEVELS, open_level
from test_play_input import drag, key, post, screen_of

from game.level import load_level
from game.ui.scenes.result import ResultScene

PATH = LEVELS / "tutorial.toml"


def advance(app, scene, seconds, until=None):
    """Run the sim `seconds` of game time without input, as the window would (its events
    reach the radio and the tutorial), a frame drawn every second (every tenth of a second
    while waiting for `until`); True once `until()`."""
    every = 6 if until is not None else 60
    for k in range(int(seconds * 60)):
        if scene.finished:
            return until is not None and until()
        scene._on_events(scene.step_run())
        scene._after_tick()
        if k % every == every - 1 and not scene.finished:
            app.step(0)  # the frame: the tutorial judges, the panel is rebuilt
        if until is not None and until():
            return True
    if not scene.finished:
        app.step(0)
    return until is not None and until()


def press(app, scene, action):
    scene._rebuild_panel()
    buttons = [el for el in scene.dynamic if getattr(el, "action", "") == action]
    assert buttons, f"no button {action}"
    post(app, (pygame_gui.UI_BUTTON_PRESSED, {"ui_element": buttons[0]}))


def to_result(app, scene, seconds):
    advance(app, scene, seconds, until=lambda: isinstance(app.scene, ResultScene))
    return isinstance(app.scene, ResultScene)


def nothing_lost(scene):
    return "failed" not in scene.sim.objectives and not scene.session.finished


def gate_cordon(app, scene, x0=26.8, x1=33.2):
    drag(app, screen_of(scene, (x0, 14.8)), screen_of(scene, (x1, 14.8)), button=3)


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_trainee_finishes_the_tutorial(tmp_path, monkeypatch, language):
    app, scene = open_level(tmp_path, monkeypatch, PATH, language)
    t = scene.tutorial
    assert t.index == 0 and "1" in t.text()

    key(app, pygame.K_1)  # step 1: select Dalmas Awal
    assert t.index == 1
    gate_cordon(app, scene)
    assert t.index == 2  # step 2: a cordon across the gate
    key(app, pygame.K_SPACE)
    assert t.index == 3 and scene.paused  # step 3: pause
    key(app, pygame.K_SPACE)
    key(app, pygame.K_3)  # step 4: the verbal command, once the crowd is near
    assert advance(app, scene, 60, until=lambda: scene.sim.mood_summary() and _near_gate(scene))
    press(app, scene, "cmd:tool:verbal")
    assert t.index == 4
    key(app, pygame.K_2)
    key(app, pygame.K_n)
    assert t.index == 5  # step 5: the negotiators walk to the korlap
    assert advance(app, scene, 60, until=lambda: "listen" in scene._possible_moves())
    press(app, scene, "talk:listen")
    assert t.index == 6
    assert advance(app, scene, 30, until=lambda: "explain_lawful_route" in scene._possible_moves())
    press(app, scene, "talk:explain_lawful_route")
    assert t.index == 7
    assert advance(app, scene, 10, until=lambda: t.done)

    # the answered crowd calms and goes home: the level ends with both objectives met
    assert to_result(app, scene, 600), (scene.sim.time, scene.sim.objectives)
    assert scene.sim.objectives == ["met", "met"]
    assert "tutorial" in app.settings.completed
    pygame.quit()


def _near_gate(scene):
    import numpy as np

    pos, _ = scene.sim.positions()
    crowd = scene.sim.crowd_slots()
    return len(crowd) and float(np.median(pos[crowd][:, 1])) > 8.0


def test_the_tutorial_cannot_be_lost_while_reading(tmp_path, monkeypatch):
    """A minute on step 1, and a minute on step 2, with no input: the crowd waits on the
    road, nothing fails and the level goes on."""
    app, scene = open_level(tmp_path, monkeypatch, PATH)
    advance(app, scene, 60)
    assert nothing_lost(scene) and scene.tutorial.index == 0
    key(app, pygame.K_1)
    advance(app, scene, 60)
    assert nothing_lost(scene) and scene.tutorial.index == 1
    pos, _ = scene.sim.positions()
    assert (pos[scene.sim.crowd_slots()][:, 1] < 11).all()  # all still on the road
    pygame.quit()


def test_a_refused_cordon_does_not_pass_the_cordon_step(tmp_path, monkeypatch):
    app, scene = open_level(tmp_path, monkeypatch, PATH)
    key(app, pygame.K_1)
    # 5.4 m across the 6 m gap: it would stand in it, but twelve officers need 6.24 m
    gate_cordon(app, scene, 27.3, 32.7)
    refused = [e for e in scene.session.log if e.kind == "order_refused"]
    assert refused and refused[-1].data["code"] == "cordon_short"
    assert scene.tutorial.index == 1
    # accepted, but beside the gate, not across it
    drag(app, screen_of(scene, (10, 20)), screen_of(scene, (17, 20)), button=3)
    assert any(
        e.kind == "order_applied" and e.data["order"]["type"] == "form_cordon"
        for e in scene.session.log
    )
    assert scene.tutorial.index == 1
    advance(app, scene, 20)
    assert nothing_lost(scene)
    pos, _ = scene.sim.positions()
    assert (pos[scene.sim.crowd_slots()][:, 1] < 11).all()  # the crowd still waits
    # the Dalmas Lanjut across the gate is not the squad the step names
    key(app, pygame.K_3)
    drag(app, screen_of(scene, (26.4, 14.8)), screen_of(scene, (33.6, 14.8)), button=3)
    assert scene.tutorial.index == 1
    key(app, pygame.K_1)
    gate_cordon(app, scene)
    assert scene.tutorial.index == 2
    pygame.quit()


def test_the_tutorial_does_not_end_while_steps_remain(tmp_path, monkeypatch):
    """A slow trainee: a minute of doing nothing before each step. The level is still on
    when the last step appears, and ends only after it."""
    app, scene = open_level(tmp_path, monkeypatch, PATH)
    t = scene.tutorial

    def dawdle():
        advance(app, scene, 60)
        assert nothing_lost(scene), (t.index, scene.sim.objectives, scene.session.end_reason)

    dawdle()
    key(app, pygame.K_1)
    dawdle()
    gate_cordon(app, scene)
    dawdle()
    key(app, pygame.K_SPACE)
    key(app, pygame.K_SPACE)
    dawdle()
    key(app, pygame.K_3)
    press(app, scene, "cmd:tool:verbal")
    assert t.index == 4
    dawdle()
    key(app, pygame.K_2)
    key(app, pygame.K_n)
    dawdle()
    press(app, scene, "talk:listen")
    assert t.index == 6
    dawdle()
    press(app, scene, "talk:explain_lawful_route")
    assert t.index == 7
    advance(app, scene, 4)
    assert not t.done and nothing_lost(scene)
    assert to_result(app, scene, 900)
    assert t.done
    pygame.quit()


def _problems(tmp_path, edit):
    from game.level import LevelError

    text = edit(PATH.read_text("utf-8"))
    path = tmp_path / "lesson.toml"
    path.write_text(text, "utf-8")
    try:
        load_level(path)
    except LevelError as exc:
        return str(exc)
    return ""


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        # a squad the level does not have
        (
            lambda t: t.replace('squad = "negosiator"\ntext', 'squad = "negosiatr"\ntext'),
            "negosiatr",
        ),
        # a cordon step for a squad without the gap it must close
        (lambda t: t.replace("across = [[27, 14], [33, 14]]\n", ""), "across"),
        # a gap wider than twelve officers can close
        (
            lambda t: t.replace("across = [[27, 14], [33, 14]]", "across = [[2, 14], [33, 14]]"),
            "31.0 m",
        ),
        # a then that names a phase the level does not have
        (lambda t: t.replace('phase = "massa_bergerak" }]', 'phase = "bergerak" }]'), "then[0]"),
        # a goal without what it needs
        (lambda t: t.replace('move = "listen"\n', ""), "must say which move"),
    ],
)
def test_the_loader_refuses_a_step_that_could_never_be_passed(tmp_path, edit, said):
    assert said in _problems(tmp_path, edit)


def test_the_shipped_lessons_load(tmp_path):
    assert _problems(tmp_path, lambda t: t) == ""
