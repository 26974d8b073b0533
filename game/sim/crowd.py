"""The social force on every person of the crowd at once (numpy, no per-person loop).

    m dv/dt = m (v_des·e − v)/τ + Σ_j f_ij + Σ_W f_iW

with Helbing–Molnár anisotropy (people react less to those behind them) and a desired
speed capped by the gap to the person ahead (Tordeux), which is what makes a walking crowd
slow down with density as Weidmann measured. Agitation lifts the cap: an agitated person
pushes on regardless of the gap, which is where crowd pressure comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from game.sim.constants import (
    AHEAD_CORRIDOR,
    ANISOTROPY_LAMBDA,
    NEIGHBOUR_CUTOFF,
    REPULSION_A,
    REPULSION_B,
    SIDESTEP,
    TAU,
    TIME_GAP,
    WALL_A,
    WALL_B,
    WALL_CUTOFF,
)
from game.sim.geometry import Points
from game.sim.world import StaticWorld

F = NDArray[np.float64]


@dataclass
class PersonState:
    """Views of every person alive this tick (crowd and officers), in slot order."""

    pos: Points
    vel: Points
    radius: F
    mass: F
    is_crowd: NDArray[np.bool_]
    direction: Points  # desired walking direction e (zero when arrived), crowd only
    v0: F
    agitation: F


def crowd_forces(p: PersonState, world: StaticWorld) -> Points:
    """Forces on crowd members (rows of officers are zero: their slots drive them)."""
    n = len(p.pos)
    force = np.zeros((n, 2))
    if n == 0:
        return force
    e = p.direction
    gap = np.full(n, np.inf)

    if n > 1:
        pairs = cKDTree(p.pos).query_pairs(NEIGHBOUR_CUTOFF, output_type="ndarray")
        if len(pairs):
            i, j = pairs[:, 0], pairs[:, 1]
            d = p.pos[i] - p.pos[j]  # from j to i
            dist = np.hypot(d[:, 0], d[:, 1])
            dist = np.maximum(dist, 1e-6)
            nrm = d / dist[:, None]
            rij = p.radius[i] + p.radius[j]
            mag = REPULSION_A * np.exp((rij - dist) / REPULSION_B)
            # cos of the angle between where i walks and where j stands (and vice versa)
            cos_i = -(e[i, 0] * nrm[:, 0] + e[i, 1] * nrm[:, 1])
            cos_j = e[j, 0] * nrm[:, 0] + e[j, 1] * nrm[:, 1]
            lam = ANISOTROPY_LAMBDA
            w_i = (lam + (1 - lam) * 0.5 * (1 + cos_i)) * p.is_crowd[i]
            w_j = (lam + (1 - lam) * 0.5 * (1 + cos_j)) * p.is_crowd[j]
            fi = (mag * w_i)[:, None] * nrm
            fj = -(mag * w_j)[:, None] * nrm
            force[:, 0] = np.bincount(i, fi[:, 0], n) + np.bincount(j, fj[:, 0], n)
            force[:, 1] = np.bincount(i, fi[:, 1], n) + np.bincount(j, fj[:, 1], n)

            # gap to the nearest person in the lane ahead (both directions of each pair)
            lane = AHEAD_CORRIDOR * rij
            along_i = cos_i * dist
            perp_i = np.abs(e[i, 0] * nrm[:, 1] - e[i, 1] * nrm[:, 0]) * dist
            ahead_i = (along_i > 0) & (perp_i < lane)
            along_j = cos_j * dist
            perp_j = np.abs(e[j, 0] * nrm[:, 1] - e[j, 1] * nrm[:, 0]) * dist
            ahead_j = (along_j > 0) & (perp_j < lane)
            np.minimum.at(gap, i[ahead_i], (along_i - rij)[ahead_i])
            np.minimum.at(gap, j[ahead_j], (along_j - rij)[ahead_j])

            # step aside to pass a slower person in the lane ahead, as walkers do
            steer_i = _sidestep(e[i], nrm, along_i - rij, perp_i, rij, p.v0[i], p.mass[i])
            steer_j = _sidestep(e[j], -nrm, along_j - rij, perp_j, rij, p.v0[j], p.mass[j])
            steer_i *= p.is_crowd[i][:, None]
            steer_j *= p.is_crowd[j][:, None]
            force[:, 0] += np.bincount(i, steer_i[:, 0], n) + np.bincount(j, steer_j[:, 0], n)
            force[:, 1] += np.bincount(i, steer_i[:, 1], n) + np.bincount(j, steer_j[:, 1], n)

    # driving force toward the desired velocity
    capped = np.clip(gap / TIME_GAP, 0.0, p.v0)
    v_des = capped + p.agitation * (p.v0 - capped)
    drive = p.mass[:, None] * (v_des[:, None] * e - p.vel) / TAU
    force += drive

    # repulsion from walls, fences and buildings
    crowd_idx = np.flatnonzero(p.is_crowd)
    near, closest, dist = world.nearest_walls(p.pos[crowd_idx], WALL_CUTOFF)
    if len(near):
        who = crowd_idx[near]
        away = p.pos[who] - closest
        norm = np.maximum(np.hypot(away[:, 0], away[:, 1]), 1e-6)
        mag = WALL_A * np.exp((p.radius[who] - dist) / WALL_B)
        force[who] += (mag / norm)[:, None] * away

    force[~p.is_crowd] = 0.0
    return force


def _sidestep(e, away, gap, perp, rij, v0, mass):
    """A sideways push out of the lane of someone close ahead; zero for anyone else.

    `away` points from the person ahead to the walker. Without it faster walkers queue
    behind slower ones even on an empty street, and a sparse crowd walks too slowly.
    """
    lateral = away - (away[:, 0] * e[:, 0] + away[:, 1] * e[:, 1])[:, None] * e
    norm = np.hypot(lateral[:, 0], lateral[:, 1])
    in_lane = (gap > -rij) & (perp < rij) & (gap < v0 * TIME_GAP * 2)
    closeness = np.clip(1 - gap / np.maximum(v0 * TIME_GAP * 2, 1e-6), 0, 1)
    mag = SIDESTEP * mass * v0 / TAU * closeness * in_lane / np.maximum(norm, 1e-3)
    return lateral * mag[:, None]
