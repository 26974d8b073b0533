"""The replay viewer: a timeline to jump anywhere, overlays, take-over, and damaged files
played up to their last good record; the mouse never gives an order."""

from __future__ import annotations

import json

import pygame
import pytest
from helpers import record
from test_menus import steps

from game.replay.read import read_replay
from game.sim import orders as O
from game.ui.app import App
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.replay import ReplayScene, open_replay
from game.ui.settings import Settings


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    path = tmp_path_factory.mktemp("viewer") / "run.jsonl"
    baton = {
        "type": "use_force",
        "time": 3,
        "squad": "dalmas_lanjut",
        "tool": "baton",
        "at": [30, 23.5],
    }
    session = record(path, seconds=12, extra=[baton])
    return path, session.live_hashes


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    monkeypatch.setattr("game.ui.scenes.replay.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(language="en"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    app.push(MenuScene(app))
    yield app
    pygame.quit()


def click(app, pos, button=1):
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, {"pos": pos, "button": button}))
    steps(app, 1)


def test_clicking_the_timeline_jumps_to_that_moment(app, recorded):
    path, live = recorded
    assert open_replay(app, path) is None
    viewer = app.scene
    assert isinstance(viewer, ReplayScene)
    steps(app, 2)
    bar = viewer.bar
    x = bar.x_of(420)
    click(app, (x, bar.rect.centery))
    tick = viewer.sim.tick
    assert abs(tick - 420) <= 3
    viewer.seek(630)
    assert viewer.sim.state_hash() == live[630]
    viewer.seek(60)
    assert viewer.sim.state_hash() == live[60]


def test_every_event_of_note_has_a_marker_with_words(app, recorded):
    path, _ = recorded
    replay = read_replay(path)
    app.push(ReplayScene(app, path))
    viewer = app.scene
    bands = viewer.bar.phases
    assert bands[0][0] == 0 and bands[-1][1] == viewer.run.end_tick
    assert [c for _, _, c in bands] == ["kuning"]  # the crowd pressed from the first tick
    noted = [e for e in replay.events if e.kind in ("force_used", "injured", "negotiation")]
    assert noted and len(viewer.bar.marks) >= len(noted)
    assert {m.kind for m in viewer.bar.marks} >= {"force_excess"}  # a baton on a calm crowd
    for m in viewer.bar.marks:
        assert m.text and "_" not in m.text and "{" not in m.text


def test_the_mouse_gives_no_orders_and_esc_leaves(app, recorded):
    path, _ = recorded
    app.push(ReplayScene(app, path))
    viewer = app.scene
    given = []
    real = viewer.session.submit
    viewer.session.submit = lambda order, source="trainee": given.append(order) or real(order)
    viewer.input.selected = [0]
    click(app, (300, 300), button=3)
    click(app, (300, 300), button=1)
    viewer.act("cmd:hold")
    assert given == []
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": pygame.K_ESCAPE, "mod": 0}))
    steps(app, 1)
    assert isinstance(app.scene, MenuScene)


def test_take_over_resumes_command_from_that_exact_state(app, recorded, tmp_path):
    path, live = recorded
    app.push(ReplayScene(app, path))
    viewer = app.scene
    viewer.seek(360)
    viewer.take_over()
    play = app.scene
    assert isinstance(play, PlayScene) and not play.watching
    assert play.sim.tick == 360 and play.sim.state_hash() == live[360]
    play._submit([O.Hold(tick=0, squad="dalmas_lanjut")])
    play.paused = False
    for _ in range(30):
        play.update(1 / 60)
    play.act("end")
    [child] = list((tmp_path / "replays").glob("*.jsonl"))
    replay = read_replay(child)
    assert replay.header.parent is not None and replay.header.parent.tick == 360
    assert [type(o) for _, _, o in replay.orders][:1] == [O.Hold]


def test_a_cut_off_file_plays_to_its_last_good_record_and_says_so(app, recorded, tmp_path):
    path, _ = recorded
    data = path.read_bytes()
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(data[: len(data) * 2 // 3])
    replay = read_replay(cut)
    app.push(ReplayScene(app, cut))
    viewer = app.scene
    assert any("stops at" in line for line in viewer.banner)
    viewer.speed = 8
    for _ in range(400):
        viewer.update(1 / 60)
    assert viewer.sim.tick <= replay.last_tick
    assert viewer.paused and viewer.run.at_end


def test_a_broken_file_is_explained_on_the_menu(app, tmp_path, recorded):
    path, _ = recorded
    lines = path.read_text().splitlines()
    head = json.loads(lines[0])
    head["seed"] = "seven"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n")
    menu = app.scene
    menu.open_replay(bad)
    assert app.scene is menu
    assert "bad.jsonl: line 1: header seed" in menu.message.text_block.html_text


def test_overlays_draw_without_changing_the_run(app, recorded):
    path, _ = recorded
    app.push(ReplayScene(app, path))
    viewer = app.scene
    viewer.seek(500)
    before = viewer.sim.state_hash()
    viewer.input.selected = [0]
    for name in ("density", "pressure", "mood", "paths", "force"):
        viewer.toggle(name)
    viewer.advance(30)
    viewer.draw(app.screen)
    assert viewer.overlays == {"density", "pressure", "mood", "paths", "force"}
    assert len(viewer.trail) >= 2
    viewer.seek(500)
    assert viewer.sim.state_hash() == before


def test_a_replay_from_another_build_says_so_and_still_plays(app, recorded, tmp_path):
    path, live = recorded
    lines = path.read_text().splitlines()
    head = json.loads(lines[0])
    head["pymunk"] = "6.0.0"
    other = tmp_path / "other.jsonl"
    other.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n")
    app.push(ReplayScene(app, other))
    viewer = app.scene
    assert any("another build" in line and "pymunk 6.0.0" in line for line in viewer.banner)
    viewer.seek(600)  # from its recorded keyframe
    assert viewer.sim.state_hash() == live[600]
