"""The tutorial can be played through, step by step, to its result in a few minutes."""

import pygame
import pygame_gui
import pytest
from helpers import LEVELS
from test_play_input import drag, key, post, screen_of

from game.level import load_level
from game.ui.app import App
from game.ui.scenes.play import PlayScene
from game.ui.settings import Settings


def run_until(app, scene, done, seconds):
    for _ in range(int(seconds * 60)):
        scene.update(1 / 60)
        if done():
            return True
    return False


def press(app, scene, action):
    buttons = [el for el in scene.dynamic if getattr(el, "action", "") == action]
    assert buttons, f"no button {action}"
    post(app, (pygame_gui.UI_BUTTON_PRESSED, {"ui_element": buttons[0]}))


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_trainee_finishes_the_tutorial(tmp_path, monkeypatch, language):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(
        settings=Settings(language=language), settings_path=tmp_path / "s.toml", size=(1280, 720)
    )
    path = LEVELS / "tutorial.toml"
    scene = PlayScene(app, load_level(path), path)
    app.push(scene)
    app.step(1 / 60)
    t = scene.tutorial
    assert t.index == 0 and "1" in t.text()

    key(app, pygame.K_1)  # step 1: select Dalmas Awal
    assert t.index == 1
    drag(app, screen_of(scene, (27.3, 14.8)), screen_of(scene, (32.7, 14.8)), button=3)
    assert t.index == 2  # step 2: a cordon across the gate
    key(app, pygame.K_SPACE)
    assert t.index == 3 and scene.paused  # step 3: pause
    key(app, pygame.K_SPACE)
    key(app, pygame.K_2)
    key(app, pygame.K_n)
    assert t.index == 4  # step 4: the negotiators walk to the korlap
    assert run_until(app, scene, lambda: "listen" in scene._possible_moves(), 60)
    scene._rebuild_panel()
    press(app, scene, "talk:listen")
    assert t.index == 5
    scene.panel_key = ()
    assert run_until(app, scene, lambda: "explain_lawful_route" in scene._possible_moves(), 30)
    scene._rebuild_panel()
    press(app, scene, "talk:explain_lawful_route")
    assert t.index == 6
    key(app, pygame.K_3)
    scene._rebuild_panel()
    press(app, scene, "cmd:tool:verbal")
    assert t.index == 7
    assert run_until(app, scene, lambda: t.done, 10)

    # the answered crowd calms and goes home: the level ends with both objectives met
    scene.speed = 4
    from game.ui.scenes.result import ResultScene

    for _ in range(400 * 60 // 4):
        app.step(1 / 60)
        if isinstance(app.scene, ResultScene):
            break
    from game.sim.situation import gone_share

    assert isinstance(app.scene, ResultScene), (
        scene.sim.time,
        scene.sim.objectives,
        gone_share(scene.sim),
        scene.sim.mood_summary(),
        scene.sim.minds[0],
    )
    assert scene.sim.objectives == ["met", "met"]
    assert "tutorial" in app.settings.completed
    pygame.quit()
