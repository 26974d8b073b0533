"""A played run is recorded; the replay re-creates it exactly; broken files say why."""

import json

import pygame
import pytest
from helpers import LEVELS
from test_play_input import key

from game.level import load_level, parse_level
from game.replay.record import ReplayError, read_replay
from game.sim import Simulation
from game.ui.app import App
from game.ui.scenes.play import PlayScene
from game.ui.scenes.replay import open_replay
from game.ui.settings import Settings


@pytest.fixture
def recorded(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(language="en"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    path = LEVELS / "tutorial.toml"
    scene = PlayScene(app, load_level(path), path)
    app.push(scene)
    key(app, pygame.K_1)
    key(app, pygame.K_w)  # advance
    for _ in range(11 * 60):
        scene.update(1 / 60)
    key(app, pygame.K_k)  # column
    for _ in range(5 * 60):
        scene.update(1 / 60)
    scene.act("end")
    [file] = list((tmp_path / "replays").glob("*.jsonl"))
    yield app, scene, file
    pygame.quit()


def test_the_replay_file_holds_the_orders_and_reproduces_the_hashes(recorded):
    app, scene, file = recorded
    replay = read_replay(file)
    assert [o.type for o in replay.orders] == ["advance", "change_formation"]
    assert len(replay.hashes) >= 3
    assert replay.result and replay.result["objectives"] == scene.sim.objectives
    sim = Simulation(parse_level(replay.header["level_text"]), seed=replay.header["seed"])
    for order in replay.orders:
        sim.submit(order)
    last = max(replay.hashes)
    while sim.tick < last:
        sim.step()
        if sim.tick in replay.hashes:
            assert sim.state_hash() == replay.hashes[sim.tick], sim.tick


def test_watching_a_replay_in_the_app(recorded):
    app, scene, file = recorded
    assert open_replay(app, file) is None
    watching = app.scene
    for _ in range(6 * 60):
        watching.update(1 / 60)
    assert watching.mismatch is None  # the hashes agreed all the way


def test_a_torn_last_line_is_ignored_and_garbage_is_refused(recorded, tmp_path):
    app, scene, file = recorded
    text = file.read_text()
    torn = tmp_path / "torn.jsonl"
    torn.write_text(text + '{"type": "order", "tick": 9')
    assert read_replay(torn).torn
    bad = tmp_path / "bad.jsonl"
    lines = text.splitlines()
    bad.write_text("\n".join([lines[0], "not json", *lines[1:]]) + "\n")
    with pytest.raises(ReplayError, match="bad.jsonl: line 2 is not a replay record"):
        read_replay(bad)
    forged = tmp_path / "forged.jsonl"
    head = json.loads(lines[0])
    head["level_text"] += "\n# changed"
    forged.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n")
    assert "does not match its sha256" in open_replay(app, forged)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert "not a replay file" in open_replay(app, empty)
