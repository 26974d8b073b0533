"""Helbing's crowd pressure ρ·Var(v): no danger in a block walking as one, however dense;
density times the spread of velocities where people are pushed every which way."""

from __future__ import annotations

import math

import numpy as np

from game.analysis.crowd_danger import RADIUS, TURBULENCE, danger_field, person_danger


def lattice(spacing: float, side: float = 24.0) -> np.ndarray:
    """People on a square grid: density exactly 1/spacing² away from the edges."""
    g = np.arange(0.0, side, spacing)
    return np.array(np.meshgrid(g, g)).reshape(2, -1).T


def middle(side: float = 24.0, margin: float = 7.0) -> np.ndarray:
    g = np.arange(margin, side - margin, 0.5)
    return np.array(np.meshgrid(g, g)).reshape(2, -1).T


def test_a_dense_crowd_walking_as_one_is_in_no_danger():
    p = lattice(0.45)  # about 4.9 persons/m², crush density
    v = np.tile([1.1, -0.3], (len(p), 1))
    field = danger_field(p, v)
    assert field.pressure.max() == 0.0
    assert field.peak().value == 0.0
    inner = field.at(middle())
    assert (inner == 0.0).all()
    i, j = (np.asarray(field.density.shape) // 2).tolist()
    assert abs(field.density[i, j] - 1 / 0.45**2) < 0.05
    assert np.allclose(field.mean_velocity[i, j], [1.1, -0.3])


def test_random_velocities_give_density_times_their_variance():
    """P = ρ·Var(v), Var(v) = <|v − <v>|²> = 2σ² for a spread σ on each axis. The kernel
    weights ~2πR²ρ people, so a weighted variance reads (1 − 1/N) of the true one."""
    rng = np.random.default_rng(7)
    for spacing, sigma in ((0.5, 0.3), (0.7, 0.5), (1.0, 0.2)):
        p = lattice(spacing)
        rho = 1 / spacing**2
        v = np.array([0.8, 0.1]) + rng.normal(0.0, sigma, p.shape)
        field = danger_field(p, v)
        n_eff = 2 * math.pi * RADIUS**2 * rho
        expected = rho * 2 * sigma**2 * (1 - 1 / n_eff)
        measured = float(field.at(middle()).mean())
        assert abs(measured - expected) < 0.1 * expected, (spacing, measured, expected)
        assert measured > TURBULENCE


def test_danger_grows_with_the_square_of_the_spread():
    rng = np.random.default_rng(3)
    p = lattice(0.6)
    noise = rng.normal(0.0, 1.0, p.shape)
    low = danger_field(p, 0.1 * noise).at(middle()).mean()
    high = danger_field(p, 0.3 * noise).at(middle()).mean()
    assert abs(high / low - 9.0) < 0.01


def test_nobody_and_one_person_give_no_danger_and_no_nan():
    empty = danger_field(np.zeros((0, 2)), np.zeros((0, 2)))
    assert empty.empty and empty.peak().value == 0.0 and empty.peak().x is None
    assert empty.at(np.array([[1.0, 2.0]])).tolist() == [0.0]
    one = danger_field(np.array([[10.0, 5.0]]), np.array([[1.3, 0.0]]))
    assert one.pressure.max() == 0.0 and one.peak().x is None
    assert np.isfinite(one.density).all() and np.isfinite(one.variance).all()
    assert abs(one.density.max() - 1 / (math.pi * RADIUS**2)) < 0.1  # the kernel's own peak
    assert person_danger(np.array([[10.0, 5.0]]), np.array([[1.3, 0.0]])).tolist() == [0.0]
    broken = danger_field(np.array([[np.nan, 1.0], [2.0, 2.0]]), np.array([[0, 0], [np.inf, 0]]))
    assert broken.empty  # nobody with real numbers left: nothing, not NaN


def test_each_person_gets_the_danger_where_they_stand():
    """Two blocks side by side: the calm one walking as one, the other jostled. The peak
    is in the jostled block, and so is everyone in danger."""
    rng = np.random.default_rng(5)
    calm = lattice(0.5, 12.0)
    pushed = calm + [30.0, 0.0]
    p = np.vstack([calm, pushed])
    v = np.vstack([np.tile([1.0, 0.0], (len(calm), 1)), rng.normal(0.0, 0.4, pushed.shape)])
    felt = person_danger(p, v)
    assert felt.shape == (len(p),)
    assert felt[: len(calm)].max() == 0.0
    assert np.median(felt[len(calm) :]) > 10 * TURBULENCE
    peak = danger_field(p, v).peak()
    assert peak.x is not None and 29.0 < peak.x < 43.0
