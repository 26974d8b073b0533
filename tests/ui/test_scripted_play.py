"""A scripted level in the play screen: the phase shows over the map, the radio log tells
the beats in the trainee's language, and a reinforcement joins the squad panel."""

import pygame
import pytest
from helpers import LEVELS

from game.level import load_level
from game.ui.app import App
from game.ui.scenes.play import PlayScene
from game.ui.settings import Settings

LEVEL = LEVELS / "test" / "scripted.toml"


@pytest.fixture
def play(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(language="id"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    scene = PlayScene(app, load_level(LEVEL), LEVEL)
    app.push(scene)
    app.step(1 / 60)
    yield app, scene
    pygame.quit()


def _squad_buttons(scene):
    return [b.action for b in scene.dynamic if str(getattr(b, "action", "")).startswith("select:")]


def test_the_phase_the_radio_and_a_reinforcement_reach_the_trainee(play):
    app, scene = play
    scene.speed = 8
    assert len(_squad_buttons(scene)) == 2  # Brimob is not there yet
    while "tekanan" not in scene.sim.script.fired:
        app.step(1 / 10)
    for _ in range(20):
        app.step(1 / 30)
    assert scene.phase_label.visible and scene.phase_label.text == "Massa memanas"
    log = "\n".join(scene.log)
    assert "Tahap: Massa memanas" in log
    assert "Ban dibakar di depan gerbang." in log
    assert "PHH Brimob tiba" in log
    assert "brimob" not in log.replace("Brimob", "")  # no internal name
    assert len(_squad_buttons(scene)) == 3
