"""Crowd danger on screen: the replay's overlay (key C) and the debrief's two charts, for a
new recording and for one made before the danger was recorded."""

from __future__ import annotations

import json

import numpy as np
import pygame
import pytest
from helpers import record
from test_menus import press, steps

from game.analysis.crowd_danger import FLOOR
from game.ui import i18n
from game.ui import replay_overlays as ov
from game.ui.app import App
from game.ui.i18n import tr
from game.ui.scenes.debrief import DebriefScene
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.replay import DANGER_WAIT, ReplayScene
from game.ui.settings import Settings


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    path = tmp_path_factory.mktemp("danger") / "run.jsonl"
    record(path, seconds=18)
    old = path.with_name("old.jsonl")
    with path.open() as src, old.open("w") as out:  # as a build before the danger wrote it
        for line in src:
            r = json.loads(line)
            if r.get("type") in ("metric", "grid"):
                r["sample"].pop("danger", None)
            out.write(json.dumps(r) + "\n")
    return path, old


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    monkeypatch.setattr("game.ui.scenes.replay.replay_dir", lambda: tmp_path / "replays")
    monkeypatch.setattr("game.ui.scenes.debrief.reports_dir", lambda: tmp_path / "reports")
    app = App(settings=Settings(language="en"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    app.push(MenuScene(app))
    yield app
    i18n.set_language("id")
    pygame.quit()


def test_the_danger_overlay_colours_the_crowd_and_changes_nothing(app, recorded):
    path, _ = recorded
    viewer = ReplayScene(app, path)
    app.push(viewer)
    viewer.seek(300)
    viewer.paused = True
    steps(app, 1)
    assert viewer.overlay_buttons["danger"].text == f"{tr('replay.overlay.danger')} [C]"
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": pygame.K_c, "mod": 0}))
    steps(app, 1)
    assert viewer.overlays == {"danger"}
    # 5 s in: the crowd is still setting off, so nothing shows before 00:10, and it says so
    assert not viewer.danger_layer.ready(viewer.sim)
    assert viewer.danger_layer.field(viewer.sim).pressure.max() == 0.0
    assert tr("replay.danger_from", time="00:10") in viewer.log[-1]
    viewer.seek(600)  # just seeked past it: the window is empty, and the trainee is told why
    steps(app, 1)
    assert not viewer.danger_layer.ready(viewer.sim)
    wait = tr("replay.danger_wait", seconds=round(DANGER_WAIT))
    assert wait in viewer.log[-1]
    viewer.advance(5 * 60)  # five seconds played: the window is full
    before = viewer.sim.state_hash()
    field = viewer.danger_layer.field(viewer.sim)
    assert viewer.danger_layer.ready(viewer.sim) and field.pressure.max() >= FLOOR
    assert viewer.danger_layer.field(viewer.sim) is field  # worked out once per frame fed
    hot = np.unravel_index(int(np.argmax(field.pressure)), field.pressure.shape)
    at = field.origin[0] + hot[1] * field.cell, field.origin[1] + hot[0] * field.cell
    viewer.camera.centre = np.asarray(at, dtype=float)  # the hottest place in the middle
    px = tuple(int(v) for v in viewer.camera.to_screen(at))
    viewer.overlays = set()
    viewer.draw(app.screen)
    plain = app.screen.get_at(px)
    viewer.overlays = {"danger"}
    viewer.draw(app.screen)
    tinted = app.screen.get_at(px)
    assert tinted != plain and tinted.r >= tinted.b  # a warm colour over the hot place
    assert viewer.sim.state_hash() == before
    viewer.advance(30)  # the next frame: the field is worked out afresh
    assert viewer.danger_layer.field(viewer.sim) is not field
    viewer.seek(viewer.sim.tick - 1)  # a step back: the past in the window is not its past
    assert not viewer.danger_layer.ready(viewer.sim)
    assert viewer.danger_layer.field(viewer.sim).pressure.max() == 0.0
    viewer.draw(app.screen)


def test_danger_colours_go_from_clear_to_red():
    rgba = ov.danger_colours(np.array([0.0, FLOOR / 2, FLOOR, ov.DANGER_TOP, 100.0]))
    assert rgba[0, 3] == rgba[1, 3] == 0  # below the floor: nothing drawn
    assert 0 < rgba[2, 3] < rgba[3, 3] == rgba[4, 3]
    assert tuple(rgba[3, :3]) == tuple(ov.DANGER_HIGH)


@pytest.mark.parametrize("which", ["new", "old"])
def test_the_debrief_screen_shows_both_danger_charts(app, recorded, which):
    path = recorded[0] if which == "new" else recorded[1]
    scene = DebriefScene(app, path)
    app.push(scene)
    steps(app, 1)
    assert {"danger", "danger_map"} <= set(scene.pngs())
    for name in ("danger", "danger_map"):
        button = scene.chart_buttons[name]
        assert button.text == tr(f"debrief_screen.chart.{name}")
        press(app, button)
        assert scene.chart == name
    assert scene.report is not None and scene.report.exists()


@pytest.mark.parametrize("area", ["replay", "debrief", "debrief_screen"])
def test_the_danger_words_are_in_both_languages(area):
    import tomllib

    from helpers import ROOT

    def keys(language: str) -> set[str]:
        path = ROOT / "assets" / "i18n" / language / f"{area}.toml"
        return set(i18n._flatten(tomllib.loads(path.read_text(encoding="utf-8"))))

    assert keys("id") == keys("en")
    assert any("danger" in k for k in keys("id"))
    for lang in ("id", "en"):
        words = i18n.catalog(lang)
        for name in ov.OVERLAYS:
            assert words[f"replay.overlay.{name}"], (lang, name)
        for name in ("danger", "danger_map"):
            assert words[f"debrief_screen.chart.{name}"], (lang, name)
