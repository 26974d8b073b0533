"""Every played run is recorded under the trainee's name, ends in the replay where it ended
on screen, and opens its debrief from the result screen."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest
from helpers import LEVELS
from test_menus import press, steps
from test_play_input import key

from game.level import load_level
from game.replay.read import read_replay
from game.replay.watch import ReplayRun
from game.ui.app import App
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.result import ResultScene
from game.ui.settings import Settings, load_settings

TUTORIAL = LEVELS / "tutorial.toml"


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    monkeypatch.setattr("game.ui.scenes.debrief.reports_dir", lambda: tmp_path / "reports")
    app = App(settings=Settings(language="en"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    yield app
    pygame.quit()


def test_the_trainees_name_is_asked_once_and_kept(app, tmp_path):
    menu = MenuScene(app)
    app.push(menu)
    steps(app)
    menu.trainee.entry.set_text("Briptu  Satu")
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_TEXT_ENTRY_FINISHED,
            {"ui_element": menu.trainee.entry, "text": "Briptu  Satu"},
        )
    )
    steps(app)
    assert app.settings.trainee == "Briptu Satu"
    saved, note = load_settings(tmp_path / "s.toml")
    assert note is None and saved.trainee == "Briptu Satu"
    menu.rebuild()
    assert menu.trainee.entry.get_text() == "Briptu Satu"


def test_f10_ends_the_replay_at_the_same_tick_and_the_debrief_opens(app, tmp_path):
    app.settings.trainee = "Briptu Satu"
    scene = PlayScene(app, load_level(TUTORIAL), TUTORIAL)
    app.push(scene)
    key(app, pygame.K_1)
    key(app, pygame.K_w)  # advance
    for _ in range(200):
        scene.update(1 / 60)
    ended_at = scene.sim.tick
    key(app, pygame.K_F10)
    assert isinstance(app.scene, ResultScene)
    [file] = list((tmp_path / "replays").glob("*.jsonl"))
    assert "tutorial" in file.name and "briptu-satu" in file.name
    replay = read_replay(file)
    assert replay.end is not None and replay.end.tick == ended_at
    assert replay.end.reason == "ended_by_trainee"
    run = ReplayRun(replay)
    while not run.at_end:
        run.step()
    assert run.session.tick == ended_at and run.session.end_reason == "ended_by_trainee"

    result = app.scene
    assert result.debrief_button is not None
    press(app, result.debrief_button)
    assert isinstance(app.scene, DebriefScene)
    [report] = list((tmp_path / "reports").glob("*.html"))
    assert "<html" in report.read_text()[:200].lower()
    assert app.scene.rows  # every scored item and decision is listed


def test_restarting_within_the_same_second_never_overwrites_a_run(app, tmp_path):
    scene = PlayScene(app, load_level(TUTORIAL), TUTORIAL)
    app.push(scene)
    for _ in range(3):
        for _ in range(10):
            scene.update(1 / 60)
        key(app, pygame.K_F9)
    scene.act("end")
    files = sorted((tmp_path / "replays").glob("*.jsonl"))
    assert len(files) == 4
    assert all(read_replay(f).header.level_sha256 for f in files)
