"""People are figures when the camera is close and marks when it is far; a figure turns the
way its person walks, swings its legs as they go, and an officer's shield faces the crowd."""

from __future__ import annotations

import numpy as np
import pygame
import pytest
from helpers import level

from game.sim.slots import CROWD, OFFICER
from game.ui import figures, render
from game.ui.camera import Camera
from game.ui.render import WorldRenderer
from game.ui.view import CALM, FrameView

SIZE = (400, 300)
CENTRE = np.array([50.0, 40.0])


@pytest.fixture(scope="module")
def kpu():
    pygame.init()
    return level("kpu_oku_timur.toml")


def one_person(tick: int, pos, kind=CROWD, heading=(0.0, 0.0), squad=-1) -> FrameView:
    return FrameView(
        tick=tick,
        slots=np.array([7]),
        pos=np.array([pos], dtype=float),
        radius=np.array([0.26]),
        kind=np.array([kind], dtype=np.int8),
        role=np.array([0 if kind == CROWD else -1]),
        mood=np.array([CALM], dtype=np.int8),
        squad=np.array([squad]),
        heading=np.array([heading], dtype=float),
    )


def camera(lv, scale: float) -> Camera:
    cam = Camera((0, 0, *SIZE), (lv.map.width, lv.map.height))
    cam.scale = scale
    cam.look_at(CENTRE)
    return cam


def drawn(renderer, cam, view) -> np.ndarray:
    surface = pygame.Surface(SIZE)
    renderer.draw(surface, cam, view)
    return pygame.surfarray.array3d(surface).astype(int)


def walk(renderer, cam, direction, steps=3, metres=0.2, ticks=10) -> list[np.ndarray]:
    """Draw one person walking `direction`, a frame every `ticks` ticks; the images."""
    d = np.asarray(direction, dtype=float)
    return [
        drawn(renderer, cam, one_person(k * ticks, CENTRE + d * metres * k)) for k in range(steps)
    ]


def around(image: np.ndarray, cam, point, half=20) -> np.ndarray:
    x, y = (int(v) for v in np.rint(cam.to_screen(point)))
    return image[x - half : x + half, y - half : y + half]


def test_close_zoom_draws_figures_and_far_zoom_the_marks(kpu):
    renderer = WorldRenderer(kpu)
    calls = []
    real = renderer.figures.draw

    def spy(surface, view, idx, *args, **kw):
        calls.append(len(idx))
        real(surface, view, idx, *args, **kw)

    renderer.figures.draw = spy
    view = one_person(0, CENTRE)
    near = camera(kpu, 40.0)
    drawn(renderer, near, view)
    assert calls == [1]
    assert renderer.figures.made == 1
    far = camera(kpu, 12.0)
    drawn(renderer, far, view)
    assert calls == [1], "far out the renderer blits its marks, not figures"
    # and the figure is not the mark: the same person drawn as a mark at that zoom differs
    figure = around(drawn(renderer, near, view), near, CENTRE)
    mark_view = around(drawn_as_marks(kpu, near, view), near, CENTRE)
    assert np.abs(figure - mark_view).sum() > 2000


def drawn_as_marks(lv, cam, view) -> np.ndarray:
    """What the renderer drew before figures: its marks at the same zoom."""
    renderer = WorldRenderer(lv)
    keep = figures.CLOSE_SCALE
    figures.CLOSE_SCALE = 1e9
    try:
        return drawn(renderer, cam, view)
    finally:
        figures.CLOSE_SCALE = keep


def test_a_figure_turns_the_way_its_person_walks(kpu):
    cam = camera(kpu, 40.0)
    end = CENTRE + (0.4, 0)
    # the same person arriving at the same spot: only the way they walked differs
    a = drawn_at(kpu, cam, end, (1, 0))
    b = drawn_at(kpu, cam, end, (0, 1))
    assert np.abs(around(a, cam, end) - around(b, cam, end)).sum() > 3000
    vel = figures.Gait()
    vel.velocity(0, np.array([7]), np.array([[0.0, 0.0]]))
    v = vel.velocity(10, np.array([7]), np.array([[0.0, 0.5]]))
    assert figures.facing_bucket(v)[0] == figures.FACINGS // 4  # +y is a quarter turn


def drawn_at(lv, cam, end, direction) -> np.ndarray:
    """A person arriving at `end` walking `direction` (two frames, the second at `end`)."""
    renderer = WorldRenderer(lv)
    d = np.asarray(direction, dtype=float)
    drawn(renderer, cam, one_person(0, end - d * 0.3))
    return drawn(renderer, cam, one_person(10, end))


def test_the_legs_swing_as_a_person_walks_and_are_still_when_they_stop(kpu):
    cam = camera(kpu, 40.0)
    renderer = WorldRenderer(kpu)
    seen = []
    real = renderer.figures.sprite

    def spy(code):
        seen.append(code % figures.PHASES)
        return real(code)

    renderer.figures.sprite = spy
    frames = walk(renderer, cam, (1, 0), steps=8, metres=0.17)
    phases = set(seen)
    assert len(phases) >= 2, f"walking shows more than one frame of the cycle: {phases}"
    # frames of the walk differ where the person is, beyond moving
    changed = [
        np.abs(around(a, cam, CENTRE, 60) - around(b, cam, CENTRE, 60)).sum()
        for a, b in zip(frames[1:], frames[2:], strict=False)
    ]
    assert max(changed) > 0
    # standing: velocity zero, the standing frame
    pos = np.array([[3.0, 0.0], [3.1, 0.0]])
    still = figures.walk_phase(pos, np.array([0, 0]), np.array([0.0, 0.0]))
    assert still.tolist() == [0, 0]
    moving = figures.walk_phase(
        np.array([[k * figures.STEP + 0.01, 0.0] for k in range(4)]),
        np.zeros(4, dtype=int),
        np.full(4, 1.2),
    )
    assert len(set(moving.tolist())) == 4


def test_an_officer_standing_faces_the_squad_heading_with_the_shield_on_that_side():
    pygame.init()
    u = render.UNITS.index("dalmas_lanjut")
    q = int(figures.size_class(0.3 * 50))
    up, down = 3 * figures.FACINGS // 4, figures.FACINGS // 4
    shield = np.array(render.SHIELD_COLOUR[1])

    def shield_y(facing):
        image = figures.make_figure(render.OFFICER_CAT + u, 0, q, facing, 0)
        rgb = pygame.surfarray.array3d(image).astype(int)
        alpha = pygame.surfarray.array_alpha(image)
        near = (np.abs(rgb - shield).sum(axis=2) < 60) & (alpha > 100)
        ys = np.nonzero(near)[1]
        assert len(ys) > 10
        return ys.mean() - image.get_height() / 2

    assert shield_y(up) < -3 < 3 < shield_y(down)
    # and a still officer takes the squad's heading as its facing
    f = figures.Figures()
    view = one_person(0, (10.0, 10.0), kind=OFFICER, heading=(0.0, 1.0), squad=0)
    bucket, phase, _ = f.facings(view, np.array([0]), np.array([True]))
    assert bucket.tolist() == [down] and phase.tolist() == [0]


def test_some_of_the_crowd_carry_placards_with_words_you_can_read_up_close():
    carriers = figures.placard_of(np.arange(200, 600))
    share = (carriers >= 0).mean()
    assert 0.05 < share < 0.25
    assert all(len(t) <= 26 and t.upper() == t for t in figures.PLACARDS + figures.BANNERS)
    f = figures.Figures()
    small, large = f.placard(0, figures.CLOSE_SCALE), f.placard(0, figures.TEXT_SCALE + 4)
    assert large.get_width() > small.get_width()  # words, not a smudge


def test_someone_down_in_a_crush_lies_without_the_red_cross_of_the_injured():
    """A fallen person may get up again: drawn lying, in the fallen colour, but only the
    injured carry the red cross that sends the medics."""
    pygame.init()
    q = int(figures.size_class(0.25 * 50))

    def red(mood):
        image = figures.make_figure(mood, 0, q, 0, 0)
        rgb = pygame.surfarray.array3d(image).astype(int)
        alpha = pygame.surfarray.array_alpha(image)
        cross = (rgb[..., 0] > 180) & (rgb[..., 1] < 60) & (rgb[..., 2] < 60) & (alpha > 100)
        return int(cross.sum())

    assert red(render.INJURED) > 5
    assert red(render.FALLEN) == 0
    violet = np.array(render.MOOD_COLOUR[render.FALLEN])
    image = figures.make_figure(render.FALLEN, 0, q, 0, 0)
    rgb = pygame.surfarray.array3d(image).astype(int)
    assert (
        (np.abs(rgb - violet).sum(axis=2) < 40) & (pygame.surfarray.array_alpha(image) > 100)
    ).any()
