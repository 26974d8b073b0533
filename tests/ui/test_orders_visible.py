"""What the trainee ordered is on the map at once, paused or not: a squad's destination, the
orders held under a go code, a chosen tool's range and the area it would hit, and a
negotiator's talking range."""

import numpy as np
import pygame
import pytest
from helpers import LEVELS, open_level

from game.ui import plans, reach


@pytest.fixture
def play(tmp_path, monkeypatch):
    app, scene = open_level(tmp_path, monkeypatch, LEVELS / "aksi_damai.toml")
    if not scene.started:
        scene.act("start")
    app.step(1 / 60)
    scene.act("pause")
    app.step(1 / 60)
    yield app, scene
    pygame.quit()


def count(app, colour) -> int:
    """Pixels of exactly this colour on the map."""
    rgb = pygame.surfarray.pixels3d(app.screen)
    x, y, w, h = app.scene.camera.viewport
    part = rgb[x : x + w, y : y + h]
    n = int(np.all(part == np.array(colour), axis=-1).sum())
    del rgb
    return n


def squad_index(scene, kind) -> int:
    return next(i for i, q in enumerate(scene.sim.squads) if q.kind == kind)


def post(app, *events):
    for type_, attrs in events:
        pygame.event.post(pygame.event.Event(type_, attrs))
    app.step(1 / 60)


def right_click(app, pos):
    post(
        app,
        (pygame.MOUSEMOTION, {"pos": pos, "rel": (0, 0), "buttons": (0, 0, 0)}),
        (pygame.MOUSEBUTTONDOWN, {"pos": pos, "button": 3}),
        (pygame.MOUSEBUTTONUP, {"pos": pos, "button": 3}),
    )


def test_a_move_given_while_paused_shows_where_the_squad_goes(play):
    app, scene = play
    scene.act(f"select:{squad_index(scene, 'dalmas_awal')}")
    app.step(1 / 60)
    before = count(app, plans.GOING)
    tick = scene.sim.tick
    right_click(app, (480, 300))
    app.step(1 / 60)
    assert scene.sim.tick == tick, "the clock ran while paused"
    assert count(app, plans.GOING) > before + 20, "no destination drawn while paused"


def test_an_order_under_a_go_code_is_drawn_with_its_letter(play):
    app, scene = play
    scene.act(f"select:{squad_index(scene, 'dalmas_awal')}")
    scene.act("plan")  # code A
    a, b = (300, 330), (600, 330)
    post(
        app,
        (pygame.MOUSEMOTION, {"pos": a, "rel": (0, 0), "buttons": (0, 0, 0)}),
        (pygame.MOUSEBUTTONDOWN, {"pos": a, "button": 3}),
        (pygame.MOUSEMOTION, {"pos": b, "rel": (0, 0), "buttons": (0, 0, 1)}),
        (pygame.MOUSEBUTTONUP, {"pos": b, "button": 3}),
    )
    app.step(1 / 60)
    assert len(scene.queues["A"]) == 1
    assert count(app, plans.PLANNED) > 100, "the planned cordon is not on the map"
    scene.act("go:A")
    app.step(1 / 60)
    assert count(app, plans.PLANNED) == 0, "the plan stays drawn after its go code"


def test_a_chosen_tool_shows_its_range_and_what_it_would_hit(play):
    app, scene = play
    wc = squad_index(scene, "water_cannon")
    scene.act(f"select:{wc}")
    scene.act("cmd:tool:water_cannon")
    centre = reach.squad_centre(scene.sim, scene.sim.squads[wc])
    rng = scene.sim.tools["water_cannon"].range
    near = tuple(int(v) for v in scene.camera.to_screen(centre + np.array([-0.5 * rng, 0])))
    post(app, (pygame.MOUSEMOTION, {"pos": near, "rel": (0, 0), "buttons": (0, 0, 0)}))
    app.step(1 / 60)
    assert count(app, reach.RANGE) > 100, "no range ring around the water cannon"
    assert count(app, reach.IN_REACH) > 20, "no cone at the cursor"
    assert count(app, reach.OUT_OF_REACH) == 0
    far = tuple(int(v) for v in scene.camera.to_screen(centre + np.array([-1.6 * rng, 0])))
    post(app, (pygame.MOUSEMOTION, {"pos": far, "rel": (0, 0), "buttons": (0, 0, 0)}))
    app.step(1 / 60)
    assert count(app, reach.OUT_OF_REACH) > 20, "a cursor out of range is not shown so"
    scene.input.armed = None
    app.step(1 / 60)
    assert count(app, reach.RANGE) == 0, "the range stays after the tool is put away"


def test_a_selected_negotiator_shows_its_talking_range(play):
    app, scene = play
    app.step(1 / 60)
    assert count(app, reach.TALK) == 0
    scene.act(f"select:{squad_index(scene, 'negotiator')}")
    app.step(1 / 60)
    assert count(app, reach.TALK) > 10


def test_an_arrest_click_on_nobody_says_why(play):
    app, scene = play
    team = squad_index(scene, "reskrim")
    scene.act(f"select:{team}")
    scene.act("cmd:tool:soft_hand")
    empty = (850, 420)  # the courtyard by the warehouse: no one there
    post(
        app,
        (pygame.MOUSEBUTTONDOWN, {"pos": empty, "button": 1}),
        (pygame.MOUSEBUTTONUP, {"pos": empty, "button": 1}),
    )
    assert "orang" in scene.log[-1], scene.log[-1]
    assert scene.input.armed == "tool:soft_hand", "the tool was put away after a miss"
