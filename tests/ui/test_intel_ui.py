"""What the trainee sees of Sat Intelkam: a "?" above each tagged person (and nothing that
gives a provocateur away untagged), an Observe button and E on the squad's panel, a right
click on the crowd to observe there, and the radio saying a suspect was tagged."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers import LEVELS

from game.level import load_level
from game.sim import orders as O
from game.sim.events import Event
from game.sim.slots import PROTESTER, PROVOKATOR
from game.ui.app import App
from game.ui.camera import Camera
from game.ui.render import WorldRenderer
from game.ui.scenes.play import PlayScene
from game.ui.settings import Settings
from game.ui.tags import TAG_FILL, tag_centres
from game.ui.view import FrameView

PATH = LEVELS / "aksi_damai.toml"


@pytest.fixture
def play(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(language="en"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    scene = PlayScene(app, load_level(PATH), PATH)
    app.push(scene)
    scene.act("start")
    submitted: list = []
    real = scene.sim.submit
    scene.sim.submit = lambda o: (submitted.append(o), real(o))
    scene.submitted = submitted
    app.step(1 / 60)
    yield app, scene
    pygame.quit()


def _post(app, *events):
    for type_, attrs in events:
        pygame.event.post(pygame.event.Event(type_, attrs))
    app.step(1 / 60)


def _intel(scene) -> int:
    return next(i for i, q in enumerate(scene.sim.squads) if q.kind == "intel")


def _buttons(scene) -> dict[str, object]:
    scene._rebuild_panel()
    return {getattr(el, "action", ""): el for el in scene.dynamic}


def test_the_intel_squads_panel_offers_observe_and_it_sends_the_order(play):
    app, scene = play
    scene.act("select:0")  # Dalmas Awal: nothing to observe with
    assert "cmd:observe" not in _buttons(scene)
    scene.act(f"select:{_intel(scene)}")
    button = _buttons(scene)["cmd:observe"]
    assert button.text == "Observe [P]"
    scene.act("cmd:observe")
    (order,) = [o for o in scene.submitted if isinstance(o, O.Observe)]
    assert order.squad == "intelkam" and order.at is None
    assert scene.sim.intel.watching == ["intelkam"]
    scene.submitted.clear()
    _post(
        app,
        (pygame.KEYDOWN, {"key": pygame.K_p, "mod": 0, "unicode": "p", "scancode": 0}),
        (pygame.KEYUP, {"key": pygame.K_p, "mod": 0, "unicode": "p", "scancode": 0}),
    )
    assert [type(o) for o in scene.submitted] == [O.Observe]


def test_a_right_click_on_the_crowd_orders_observe_there(play):
    app, scene = play
    sim = scene.sim
    for _ in range(20 * 60):  # the rally walks in
        sim.step()
    scene.cur = scene.prev = FrameView.capture(sim)
    pos, _ = sim.positions()
    person = int(np.flatnonzero(sim.free_crowd_mask())[0])
    scene.act(f"select:{_intel(scene)}")
    orders = scene.input._send(pos[person], sim.tick)
    assert [type(o) for o in orders] == [O.Observe]
    assert np.hypot(*(np.asarray(orders[0].at) - pos[person])) < 0.05
    orders = scene.input._send(np.array([50.0, 30.0]), sim.tick)  # open ground: a move
    assert [type(o) for o in orders] == [O.Move]


def _frame(level):
    """The level's rally twenty seconds in, and a frame of it."""
    from game.sim import Simulation

    sim = Simulation(level)
    for _ in range(20 * 60):
        sim.step()
    return sim, FrameView.capture(sim)


def _camera(level, centre) -> Camera:
    camera = Camera((0, 0, 640, 480), (level.map.width, level.map.height))
    camera.centre = np.asarray(centre, dtype=float)
    camera.scale = 16.0
    return camera


def _draw(level, view, centre) -> pygame.Surface:
    surface = pygame.Surface((640, 480))
    WorldRenderer(level).draw(surface, _camera(level, centre), view)
    return surface


def test_a_tagged_person_has_a_yellow_question_mark_above_them():
    pygame.init()
    level = load_level(PATH)
    sim, view = _frame(level)
    k = int(np.flatnonzero(view.kind == 0)[0])
    centre = view.pos[k]
    plain = _draw(level, view, centre)
    sim.intel.tags[int(view.slots[k])] = ("intelkam", sim.tick)  # as an observing squad does
    view = FrameView.capture(sim)
    assert view.tagged.tolist() == [i == k for i in range(len(view.slots))]
    marked = _draw(level, view, centre)
    camera = _camera(level, centre)
    off = np.floor(np.array([320, 240]) - camera.centre * 16.0 + 0.5)
    ((bx, by),) = tag_centres((marked, camera, 16.0, off), view)
    assert by < 240  # above the person
    x, y = round(bx) - 4, round(by)  # beside the "?", inside the badge
    assert tuple(marked.get_at((x, y)))[:3] == TAG_FILL
    assert tuple(plain.get_at((x, y)))[:3] != TAG_FILL
    pygame.quit()


def test_an_untagged_provocateur_looks_like_anyone_else():
    """The old dark red ring told the trainee who the provocateurs were: it is gone."""
    pygame.init()
    level = load_level(PATH)
    _, view = _frame(level)
    view.mood[:] = 2  # everyone active
    as_protesters = _draw(level, view, view.pos[0])
    view.role = np.where(view.kind == 0, PROVOKATOR, view.role)
    as_provocateurs = _draw(level, view, view.pos[0])
    view.role = np.where(view.kind == 0, PROTESTER, view.role)
    assert pygame.image.tobytes(as_protesters, "RGB") == pygame.image.tobytes(
        as_provocateurs, "RGB"
    )
    pygame.quit()


def test_the_radio_says_a_suspect_was_tagged(play):
    app, scene = play
    scene._on_events([Event(scene.sim.tick, "suspect_tagged", {"squad": "intelkam", "agent": 70})])
    assert "suspected of provoking" in scene.log[-1]
    assert "Sat Intelkam" in scene.log[-1]  # the squad's label, not its id
    assert "intelkam:" not in scene.log[-1]
