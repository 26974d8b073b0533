"""Every unit has its actions on screen: medics have "evacuate the nearest casualty" (a
button and E), and an action that cannot be taken says why on the radio."""

import numpy as np
import pygame
import pytest
from helpers import LEVELS, open_level

from game.sim import harm
from game.sim import orders as O


@pytest.fixture
def play(tmp_path, monkeypatch):
    app, scene = open_level(tmp_path, monkeypatch, LEVELS / "aksi_damai.toml", "en")
    if not scene.started:
        scene.act("start")
    for _ in range(30):
        app.step(1 / 20)
    sent = []
    real = scene.session.submit
    scene.session.submit = lambda order: (sent.append(order), real(order))[1]
    scene.sent = sent
    yield app, scene
    pygame.quit()


def key(app, k):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    app.step(1 / 60)


def medics(scene) -> int:
    return next(i for i, q in enumerate(scene.sim.squads) if q.unit.evacuates)


def test_medics_fetch_the_nearest_casualty(play):
    app, scene = play
    m = medics(scene)
    pos, _ = scene.sim.positions()
    here = pos[scene.sim.squads[m].members].mean(axis=0)
    crowd = np.flatnonzero(scene.sim.free_crowd_mask())
    by_distance = crowd[np.argsort(np.hypot(*(pos[crowd] - here).T))]
    near, far = int(by_distance[0]), int(by_distance[-1])
    harm.injure(scene.sim, np.array([far, near]), "baton", [])
    scene.act(f"select:{m}")
    for _ in range(16):
        app.step(1 / 60)
    button = [b for b in scene.dynamic if getattr(b, "action", "") == "cmd:evacuate"]
    assert button and "[E]" in button[0].text, "the medics' panel has no evacuate button"
    key(app, pygame.K_e)
    orders = [o for o in scene.sent if isinstance(o, O.Evacuate)]
    assert [o.agent for o in orders] == [near], "not the nearest casualty"


def test_medics_with_no_one_to_fetch_say_so(play):
    app, scene = play
    scene.act(f"select:{medics(scene)}")
    key(app, pygame.K_e)
    assert not [o for o in scene.sent if isinstance(o, O.Evacuate)]
    assert "injured" in scene.log[-1], scene.log[-1]


def test_approach_before_any_korlap_is_in_sight_says_why(tmp_path, monkeypatch):
    app, scene = open_level(tmp_path, monkeypatch, LEVELS / "kpu_oku_timur.toml", "en")
    scene.act(f"select:{next(i for i, q in enumerate(scene.sim.squads) if q.unit.talks)}")
    scene.act("cmd:approach")  # at 00:00 the crowd is not on the map yet
    assert "korlap" in scene.log[-1] and "sight" in scene.log[-1], scene.log[-1]
    pygame.quit()
