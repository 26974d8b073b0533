"""The map renderer and the minimap, drawn off-screen with the dummy video driver."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pygame
import pytest
from helpers import level, run

from game.sim import Simulation
from game.sim.slots import BYSTANDER, CROWD, KORLAP, OFFICER, PROVOKATOR
from game.ui.camera import Camera
from game.ui.minimap import Minimap
from game.ui.render import WorldRenderer
from game.ui.view import ACTIVE, CALM, INJURED, SITTING, FrameView, GateView

SIZE = (640, 400)


@pytest.fixture(scope="module")
def kpu():
    pygame.init()
    lv = level("kpu_oku_timur.toml")
    sim = Simulation(lv)
    run(sim, 5)
    return lv, sim


def camera_on(lv, point, scale=20.0) -> Camera:
    cam = Camera((0, 0, *SIZE), (lv.map.width, lv.map.height))
    cam.scale = scale
    cam.look_at(point)
    return cam


def drawn(renderer, cam, view, **kw) -> pygame.Surface:
    surface = pygame.Surface(SIZE)
    renderer.draw(surface, cam, view, **kw)
    return surface


def empty(view: FrameView) -> FrameView:
    keep = np.zeros(len(view.slots), dtype=bool)
    return replace(
        view,
        slots=view.slots[keep],
        pos=view.pos[keep],
        radius=view.radius[keep],
        kind=view.kind[keep],
        role=view.role[keep],
        mood=view.mood[keep],
        squad=view.squad[keep],
        heading=view.heading[keep],
    )


def test_people_change_the_pixels_where_they_stand(kpu):
    lv, sim = kpu
    view = FrameView.capture(sim)
    crowd = np.flatnonzero((view.kind == CROWD) & (view.mood == CALM))
    assert len(crowd), "the crowd has started to arrive after five seconds"
    renderer = WorldRenderer(lv)
    for k in (crowd[0], np.flatnonzero(view.kind == OFFICER)[0]):
        cam = camera_on(lv, view.pos[k])
        x, y = (int(v) for v in np.rint(cam.to_screen(view.pos[k])))
        with_people = drawn(renderer, cam, view).get_at((x, y))
        ground = drawn(renderer, cam, empty(view)).get_at((x, y))
        assert with_people != ground


def test_a_drawing_is_the_same_every_time(kpu):
    lv, sim = kpu
    view = FrameView.capture(sim)
    cam = camera_on(lv, (50, 12), scale=12)
    overlay = {"cordon": ((44, 17), (56, 17)), "box": pygame.Rect(10, 10, 80, 40)}
    first = drawn(WorldRenderer(lv), cam, view, selected={1}, overlay=overlay)
    renderer = WorldRenderer(lv)
    again = [drawn(renderer, cam, view, selected={1}, overlay=overlay) for _ in range(2)]
    as_bytes = [pygame.image.tobytes(s, "RGB") for s in (first, *again)]
    assert as_bytes[0] == as_bytes[1] == as_bytes[2]


def test_drawing_never_changes_the_simulation():
    pygame.init()
    lv = level("kpu_oku_timur.toml")
    drawn_sim, plain_sim = Simulation(lv), Simulation(lv)
    renderer = WorldRenderer(lv)
    cam = camera_on(lv, (50, 20), scale=10)
    surface = pygame.Surface(SIZE)
    for _ in range(4):
        run(drawn_sim, 0.5)
        run(plain_sim, 0.5)
        before = drawn_sim.state_hash()
        view = FrameView.capture(drawn_sim)
        pos = view.pos.copy()
        renderer.draw(surface, cam, view, selected={0, 1})
        assert drawn_sim.state_hash() == before == plain_sim.state_hash()
        assert np.array_equal(view.pos, pos)


def test_a_broken_gate_looks_different_from_a_closed_one(kpu):
    lv, sim = kpu
    view = FrameView.capture(sim)
    gate = view.gates[0]
    assert gate.state == "closed" and gate.leaf is not None
    cam = camera_on(lv, gate.a, scale=30)
    renderer = WorldRenderer(lv)
    looks = {}
    for state in ("closed", "broken"):
        gates = [GateView(gate.name, gate.a, gate.b, state, gate.leaf), *view.gates[1:]]
        surface = drawn(renderer, cam, replace(empty(view), gates=gates))
        a, b = (cam.to_screen(p) for p in gate.leaf)
        box = pygame.Rect(min(a[0], b[0]), min(a[1], b[1]) - 6, abs(b[0] - a[0]) + 1, 12)
        looks[state] = pygame.image.tobytes(surface.subsurface(box.clip(surface.get_rect())), "RGB")
    assert looks["closed"] != looks["broken"]


def test_every_look_and_hazard_can_be_drawn():
    pygame.init()
    lv = level("test/unrest.toml")
    sim = Simulation(lv)
    run(sim, 1)
    view = FrameView.capture(sim)
    crowd = np.flatnonzero(view.kind == CROWD)
    mood, role = view.mood.copy(), view.role.copy()
    for k, (m, r) in enumerate(
        [(m, r) for m in (CALM, ACTIVE, INJURED, SITTING) for r in (KORLAP, PROVOKATOR, BYSTANDER)]
    ):
        mood[crowd[k]], role[crowd[k]] = m, r
    view = replace(
        view,
        mood=mood,
        role=role,
        gas=[(40.0, 20.0, 4.0, 0.7)],
        jets=[(62.0, 33.0, -0.5, -0.8, 12.0)],
        projectiles=np.array([[40.0, 25.0]]),
        fires=[(30.0, 20.0)],
    )
    renderer = WorldRenderer(lv)
    zones = [("deploy", [(28, 31), (52, 31), (52, 36), (28, 36)]), ("deploy", (5, 5, 4, 4))]
    for scale in (3.0, 10.0, 45.0):
        cam = camera_on(lv, (40, 25), scale)
        drawn(renderer, cam, view, selected={0, 4}, overlay={"zones": zones})


def test_a_frame_with_a_tile_budget_shows_a_stand_in_then_the_real_ground(kpu):
    lv, sim = kpu
    view = FrameView.capture(sim)
    cam = camera_on(lv, (50, 30), scale=17)
    exact = pygame.image.tobytes(drawn(WorldRenderer(lv), cam, view), "RGB")
    renderer = WorldRenderer(lv)
    renderer.tile_budget_ms = 0.0
    drawn(renderer, cam, view)  # the first tile, then stand-ins
    for _ in range(40):
        last = pygame.image.tobytes(drawn(renderer, cam, view), "RGB")
    assert last == exact


def test_the_minimap_and_the_camera_agree(kpu):
    lv, sim = kpu
    view = FrameView.capture(sim)
    mini = Minimap(lv, size=(200, 140))
    cam = camera_on(lv, (30, 40), scale=12)
    surface = pygame.Surface((800, 600))
    mini.draw(surface, (580, 440), view, cam)
    for p in ((0.0, 0.0), (30.0, 40.0), (99.5, 69.0), (lv.map.width, lv.map.height)):
        px = mini.to_minimap(p)
        assert np.allclose(mini.to_world(px), p, atol=1e-9)
    rect = mini.viewport_rect(cam)
    assert np.allclose(mini.to_world(rect.center), cam.centre, atol=1.0 / mini.scale + 1e-9)
    corner = mini.to_world(rect.topleft)
    assert np.allclose(corner, cam.to_world((0, 0)), atol=1.0 / mini.scale + 1e-9)
    assert mini.to_world((570, 430)) is None
    assert mini.to_world((0, 0)) is None
    # the rectangle is drawn where viewport_rect says
    assert surface.get_at(rect.topleft)[:3] == (255, 255, 255)
