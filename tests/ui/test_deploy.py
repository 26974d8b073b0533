"""Before the clock starts the trainee places squads, only inside the deployment zones."""

import numpy as np
import pygame
import pytest
from helpers import LEVELS
from test_play_input import click, drag, key, screen_of

from game.level import load_level
from game.sim import orders as O
from game.ui.app import App
from game.ui.scenes.play import PlayScene
from game.ui.settings import Settings


@pytest.fixture
def deploying(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(language="en"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    path = LEVELS / "kpu_oku_timur.toml"
    scene = PlayScene(app, load_level(path), path)
    app.push(scene)
    app.step(1 / 60)
    yield app, scene
    pygame.quit()


def test_squads_are_placed_inside_deploy_zones_and_the_clock_waits(deploying):
    app, scene = deploying
    assert not scene.started and scene.sim.tick == 0
    key(app, pygame.K_3)  # Brimob
    click(app, screen_of(scene, (68, 30)), button=3)  # the column fits in deploy_timur
    brimob = scene.sim.squad("brimob")
    pos, _ = scene.sim.read_state()
    assert brimob.formation.centre == pytest.approx((68, 30), abs=0.15)  # pixel rounding
    assert np.allclose(pos[brimob.members], brimob.final)  # placed there at once
    assert scene.sim.tick == 0
    for _ in range(30):
        app.step(1 / 60)
    assert scene.sim.tick == 0  # nothing moves until Start
    key(app, pygame.K_RETURN)
    for _ in range(30):
        app.step(1 / 60)
    assert scene.started and scene.sim.tick > 0


def test_a_cordon_drawn_while_deploying_is_a_deploy_order_and_outside_is_refused(deploying):
    app, scene = deploying
    submitted = []
    real = scene.sim.submit
    scene.sim.submit = lambda o: (submitted.append(o), real(o))
    key(app, pygame.K_1)  # the shield line
    drag(app, screen_of(scene, (43, 20)), screen_of(scene, (57, 20)), button=3)
    assert isinstance(submitted[-1], O.Deploy) and submitted[-1].a is not None
    events = scene.sim.apply_due_orders()
    assert not [e for e in events if e.kind == "order_refused"]
    click(app, screen_of(scene, (85, 35)), button=3)  # the warehouse yard: no deploy zone
    assert isinstance(submitted[-1], O.Deploy)
    assert "Shield line (Sat Samapta): cannot carry out deploy: " in (scene.log[-1])
