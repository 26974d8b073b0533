"""The social force on every person of the crowd at once (numpy, no per-person loop).

    m dv/dt = m (v_des·e − v)/τ + Σ_j f_ij + Σ_W f_iW

with a desired speed capped by the gap to the person ahead (Tordeux), which is what makes a
walking crowd slow down with density as Weidmann measured. The repulsion is isotropic: with
Helbing–Molnár anisotropy on top of Helbing's A and B, the people ahead push a dense block
backwards harder than the drive can answer and no crowd denser than 1.7/m² can stand still
(measured), so the speed cap alone does the slowing. Agitation lifts the cap: an agitated person
pushes on regardless of the gap, which is where crowd pressure comes from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from game.sim.constants import (
    AHEAD_CORRIDOR,
    DAMPING_RANGE,
    NEIGHBOUR_CUTOFF,
    PAIR_DAMPING,
    PRESS_FROM,
    PRESS_RANGE,
    REPULSION_A,
    REPULSION_B,
    SIDESTEP,
    SQUEEZE,
    TAU,
    TIME_GAP,
    WALL_A,
    WALL_B,
    WALL_CUTOFF,
    WIGGLE,
    WIGGLE_FULL,
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
    press: F  # share of their pressing each still puts in (game/sim/steering.bracing)
    shuffle: F  # share of their walking into the gap each still puts in, likewise
    sway: F  # -1..1: where each is in their side-to-side wriggle this tick


def desired_speed(
    gap: F, v0: F, agitation: F, press: F | float = 1.0, shuffle: F | float = 1.0
) -> tuple[F, F]:
    """The speed each person drives at, from the gap ahead, their own v0 and agitation.

    A calm walker keeps a time gap to the person ahead (Tordeux); bodies give a little, so
    the gap counts SQUEEZE more than the hard discs leave. A person who wants more than
    that presses on the back ahead, but only once touching it: pressing weighs in smoothly
    over the last PRESS_RANGE of the gap, so a person near the next never switches between
    walking and pushing from one tick to the next. An agitated person presses with all of
    v0 (what loads cordons and gates) until the load on them makes them brace (press);
    a calm one only with what they want above a brisk walk (PRESS_FROM), as the hurried
    crowd of Helbing's escape model, which pushes on however crushed and so clogs doors."""
    capped = np.clip((gap + SQUEEZE) / TIME_GAP, 0.0, v0)
    capped *= np.where(gap < 0.0, shuffle, 1.0)  # touching and loaded: they stand
    hurry = np.clip(v0 - np.maximum(capped, PRESS_FROM), 0.0, None)
    want = agitation * (v0 - capped) * press + (1.0 - agitation) * hurry
    touching = np.clip(1.0 - gap / PRESS_RANGE, 0.0, 1.0)
    return capped + touching * want, touching * np.clip(want / WIGGLE_FULL, 0.0, 1.0)


def crowd_forces(p: PersonState, world: StaticWorld) -> Points:
    """Forces on crowd members (rows of officers are zero: their slots drive them)."""
    n = len(p.pos)
    force = np.zeros((n, 2))
    if n == 0:
        return force
    ex, ey = p.direction[:, 0], p.direction[:, 1]
    gap = np.full(n, np.inf)

    if n > 1:
        # an unbalanced tree builds in a third of the time and queries as fast
        tree = cKDTree(p.pos, balanced_tree=False, compact_nodes=False)
        pairs = tree.query_pairs(NEIGHBOUR_CUTOFF, output_type="ndarray")
        if len(pairs):
            # Each pair twice: "walker" w and "other" o, with d pointing from o to w.
            w = pairs.ravel(order="F")
            o = pairs[:, ::-1].ravel(order="F")
            px = np.ascontiguousarray(p.pos[:, 0])
            py = np.ascontiguousarray(p.pos[:, 1])
            dx = px[w] - px[o]
            dy = py[w] - py[o]
            dist = np.maximum(np.sqrt(dx * dx + dy * dy), 1e-6)
            rij = p.radius[w] + p.radius[o]
            crowd_w = p.is_crowd[w]
            # isotropic exponential repulsion, on crowd members only
            mag = REPULSION_A * np.exp((rij - dist) / REPULSION_B)
            # ... damped along the line of centres near contact: the repulsion is stiff
            # there (25 kN/m per neighbour, more when pressed) and, applied explicitly on
            # top of pymunk's contacts at 1/60 s, it made dense crowds shake (docs)
            near = dist < rij + DAMPING_RANGE
            if near.any():
                k = np.flatnonzero(near)
                closing = (p.vel[w[k], 0] - p.vel[o[k], 0]) * dx[k]
                closing += (p.vel[w[k], 1] - p.vel[o[k], 1]) * dy[k]
                mag[k] -= PAIR_DAMPING * closing / dist[k]
            mag *= crowd_w / dist
            fx = mag * dx
            fy = mag * dy

            # the lane ahead: how far ahead (along) and how far to the side (perp) o stands
            wx, wy = ex[w], ey[w]
            along = -(wx * dx + wy * dy)
            perp = np.abs(wx * dy - wy * dx)
            gap_wo = along - rij
            ahead = (along > 0) & (perp < AHEAD_CORRIDOR * rij)
            np.minimum.at(gap, w[ahead], gap_wo[ahead])

            # step aside to pass someone slow close ahead, as walkers do; without this
            # faster walkers queue behind slower ones even on an empty street
            reach = p.v0[w] * (2 * TIME_GAP)
            close = (gap_wo > -rij) & (perp < rij) & (gap_wo < reach) & crowd_w
            if close.any():
                k = np.flatnonzero(close)
                lx = dx[k] + along[k] * wx[k]  # d minus its component along e
                ly = dy[k] + along[k] * wy[k]
                closeness = 1 - np.maximum(gap_wo[k], 0) / reach[k]
                push = SIDESTEP * p.mass[w[k]] * p.v0[w[k]] / TAU * closeness
                push /= np.maximum(np.sqrt(lx * lx + ly * ly), 1e-3)
                fx[k] += push * lx
                fy[k] += push * ly
            force[:, 0] = np.bincount(w, fx, n)
            force[:, 1] = np.bincount(w, fy, n)

    # driving force toward the desired velocity
    v_des, wriggle = desired_speed(gap, p.v0, p.agitation, p.press, p.shuffle)
    force += p.mass[:, None] * (v_des[:, None] * p.direction - p.vel) / TAU
    side = WIGGLE * wriggle * p.sway
    force[:, 0] -= side * ey
    force[:, 1] += side * ex

    # repulsion from walls, fences and buildings
    crowd_idx = np.flatnonzero(p.is_crowd)
    near, closest, dist_w = world.nearest_walls(p.pos[crowd_idx], WALL_CUTOFF)
    if len(near):
        who = crowd_idx[near]
        away = p.pos[who] - closest
        norm = np.maximum(np.hypot(away[:, 0], away[:, 1]), 1e-6)
        mag_w = WALL_A * np.exp((p.radius[who] - dist_w) / WALL_B)
        force[who] += (mag_w / norm)[:, None] * away

    force[~p.is_crowd] = 0.0
    return force
