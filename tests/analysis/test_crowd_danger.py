"""Helbing's crowd pressure ρ·Var_t(V): the variance over time, at a fixed place, of the local
velocity field. None in a flow that stays the same however dense; density times the
variance where the local flow keeps changing; nothing until the window holds a few frames."""

from __future__ import annotations

import math

import numpy as np

from game.analysis.crowd_danger import (
    CADENCE,
    MAX_NODES,
    MIN_FRAMES,
    TURBULENCE,
    DangerTracker,
)

SIDE = 24.0


def lattice(spacing: float, side: float = SIDE, at: tuple[float, float] = (0.0, 0.0)):
    """People on a square grid: density exactly 1/spacing² away from the edges."""
    g = np.arange(0.0, side, spacing)
    return np.array(np.meshgrid(g, g)).reshape(2, -1).T + np.asarray(at)


def middle(side: float = SIDE, margin: float = 7.0, at: tuple[float, float] = (0.0, 0.0)):
    g = np.arange(margin, side - margin, 0.5)
    return np.array(np.meshgrid(g, g)).reshape(2, -1).T + np.asarray(at)


def tracker(width: float = 60.0, height: float = 40.0) -> DangerTracker:
    return DangerTracker(width, height)


def test_a_steady_dense_flow_is_in_no_danger_however_dense():
    t = tracker()
    p = lattice(0.45, at=(5.0, 5.0))  # about 4.9 persons/m², crush density
    v = np.tile([1.1, -0.3], (len(p), 1))
    for _ in range(t.frames + 3):  # the block walks on past every node of the map
        t.feed(p, v)
        p = p + v * CADENCE
    field = t.field()
    assert t.ready
    assert field.pressure.max() == 0.0 and field.peak().value == 0.0 and field.peak().x is None
    centre = p.mean(axis=0)
    i, j = (np.rint(centre[::-1] / field.cell)).astype(int).tolist()
    assert abs(field.density[i, j] - 1 / 0.45**2) < 0.1
    assert np.allclose(field.mean_velocity[i, j], [1.1, -0.3], atol=1e-5)


def test_a_place_whose_flow_alternates_gets_density_times_its_variance():
    """A block standing at one spacing, its velocity field switching between a and b each
    frame: over the window half the frames are a, half b, so Var_t(V) = |a − b|²/4."""
    t = tracker()
    spacing = 0.5  # on the grid's own spacing: the smoothed density is flat inside
    p = lattice(spacing, at=(10.0, 5.0))
    a, b = np.array([1.0, 0.0]), np.array([0.0, 0.5])
    for k in range(t.frames):
        t.feed(p, np.tile(a if k % 2 else b, (len(p), 1)))
    field = t.field()
    variance = float(((a - b) ** 2).sum()) / 4  # (1² + 0.5²)/4 = 0.3125 m²/s²
    expected = (1 / spacing**2) * variance  # ρ·Var = 4·0.3125 = 1.25 /s²
    inner = middle(at=(10.0, 5.0))
    felt = field.at(inner)
    assert np.allclose(felt, expected, rtol=0.01), (felt.min(), felt.max(), expected)
    rows, cols = (inner[:, 1] / field.cell).astype(int), (inner[:, 0] / field.cell).astype(int)
    assert np.allclose(field.variance[rows, cols], variance, rtol=1e-4)  # float32 frames
    assert felt.min() > TURBULENCE


def test_the_window_forgets_and_needs_a_few_frames():
    t = tracker()
    p = lattice(0.6, at=(10.0, 5.0))
    a, b = np.tile([1.0, 0.0], (len(p), 1)), np.tile([0.0, 0.5], (len(p), 1))
    for k in range(MIN_FRAMES - 1):
        t.feed(p, a if k % 2 else b)
        assert t.field().pressure.max() == 0.0  # not enough frames for a variance yet
    t.feed(p, a)
    assert t.ready and t.field().pressure.max() > TURBULENCE
    for _ in range(t.frames):  # a whole window of one flow: the changes have left it
        t.feed(p, a)
    assert t.field().pressure.max() == 0.0
    t.feed(p, b)
    assert t.field().pressure.max() > 0.0
    t.reset()
    assert not t.ready and t.field().pressure.max() == 0.0


def test_nobody_and_one_person_give_no_danger_and_no_nan():
    t = tracker()
    empty = t.field()  # nothing fed at all
    assert empty.peak().value == 0.0 and empty.peak().x is None
    for _ in range(t.frames):
        t.feed(np.zeros((0, 2)), np.zeros((0, 2)))
    field = t.field()
    assert field.peak().value == 0.0 and field.peak().x is None
    assert field.at(np.array([[1.0, 2.0]])).tolist() == [0.0]
    one = tracker()
    for k in range(one.frames):  # one person walking on: no change in the flow
        one.feed(np.array([[10.0 + 0.6 * k, 5.0]]), np.array([[1.2, 0.0]]))
    assert one.field().pressure.max() == 0.0
    for k in range(one.frames):  # one person turning about: finite, and at most ρ·|v|²
        one.feed(np.array([[10.0, 5.0]]), np.array([[math.cos(k), math.sin(k)]]))
    field = one.field()
    for a in (field.density, field.mean_velocity, field.variance, field.pressure):
        assert np.isfinite(a).all()
    assert 0.0 < field.pressure.max() <= field.density.max() * 1.0
    broken = tracker()
    for _ in range(broken.frames):  # nobody with real numbers, or on the map
        pos = np.array([[np.nan, 1.0], [2.0, 2.0], [-5.0, 3.0], [70.0, 3.0]])
        vel = np.array([[0.0, 0.0], [np.inf, 0.0], [1.0, 0.0], [0.0, 1.0]])
        broken.feed(pos, vel)
    field = broken.field()
    assert np.isfinite(field.pressure).all() and field.density.max() == 0.0


def test_each_person_gets_the_danger_where_they_stand():
    """Two blocks: the one walking steadily is safe, the one whose flow keeps changing is not;
    the peak is in the second."""
    t = tracker()
    calm = lattice(0.5, 10.0, at=(2.0, 5.0))
    stirred = lattice(0.5, 10.0, at=(30.0, 5.0))
    rng = np.random.default_rng(5)
    for _ in range(t.frames):
        v = np.vstack([np.tile([0.8, 0.0], (len(calm), 1)), rng.normal(0, 0.4, stirred.shape)])
        t.feed(np.vstack([calm, stirred]), v)
    field = t.field()
    felt = field.at(np.vstack([calm, stirred]))
    assert felt.shape == (len(calm) + len(stirred),)
    assert felt[: len(calm)].max() == 0.0
    assert np.median(felt[len(calm) :]) > TURBULENCE
    peak = field.peak()
    assert peak.x is not None and 29.0 < peak.x < 41.0


def test_a_huge_map_gets_coarser_nodes_not_a_huge_buffer():
    t = DangerTracker(1000.0, 1000.0)
    assert t.nx * t.ny <= MAX_NODES and t.cell > 3.0
    p = lattice(0.5, 20.0, at=(500.0, 500.0))
    for k in range(t.frames):
        t.feed(p, np.tile([1.0, 0.0] if k % 2 else [0.0, 0.0], (len(p), 1)))
    assert t.field().peak().value > TURBULENCE
