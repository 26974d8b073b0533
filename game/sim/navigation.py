"""Floor fields: which way to walk from anywhere on the map to reach a goal zone.

A straight line to the goal walks people into fences. Instead each goal gets a grid of
walking directions from a shortest-path search around walls and buildings, computed once
per level. Closed gates count as passable: the crowd wants through them, and the gate's
body is what stops it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

from game.level.grid import WALL_MARGIN, blocked_by_walls, grid_cell_size, inside
from game.sim.geometry import Points, inside_polygon


@dataclass(frozen=True)
class Obstacles:
    """The map's fixed blocking geometry, as plain arrays."""

    seg_a: Points  # wall segments
    seg_b: Points
    seg_half_width: NDArray[np.float64]
    polygons: list[list[tuple[float, float]]]  # buildings


@dataclass
class FloorField:
    """Unit walking directions on a grid; zero inside the goal zone."""

    cell: float
    direction: NDArray[np.float64]  # (rows, cols, 2)
    distance: NDArray[np.float64]  # (rows, cols), metres to the goal; inf where unreachable

    def distance_at(self, pos: Points) -> np.ndarray:
        rows, cols = self.distance.shape
        c = np.clip((pos[:, 0] / self.cell).astype(np.intp), 0, cols - 1)
        r = np.clip((pos[:, 1] / self.cell).astype(np.intp), 0, rows - 1)
        return self.distance[r, c]

    def directions_at(self, pos: Points) -> Points:
        """Bilinear sample of the direction grid, renormalised (zero stays zero)."""
        rows, cols = self.distance.shape
        fx = np.clip(pos[:, 0] / self.cell - 0.5, 0, cols - 1.000001)
        fy = np.clip(pos[:, 1] / self.cell - 0.5, 0, rows - 1.000001)
        x0 = fx.astype(np.intp)
        y0 = fy.astype(np.intp)
        x1 = np.minimum(x0 + 1, cols - 1)
        y1 = np.minimum(y0 + 1, rows - 1)
        tx = (fx - x0)[:, None]
        ty = (fy - y0)[:, None]
        d = self.direction
        v = (d[y0, x0] * (1 - tx) + d[y0, x1] * tx) * (1 - ty) + (
            d[y1, x0] * (1 - tx) + d[y1, x1] * tx
        ) * ty
        norm = np.hypot(v[:, 0], v[:, 1])
        return np.where(norm[:, None] > 1e-6, v / np.maximum(norm, 1e-9)[:, None], 0.0)


def blocked_cells(
    width: float, height: float, cell: float, obstacles: Obstacles, margin: float = WALL_MARGIN
) -> np.ndarray:
    """The level's grid (game/level/grid.py), from the world's obstacles."""
    cols = int(np.ceil(width / cell))
    rows = int(np.ceil(height / cell))
    blocked = blocked_by_walls(
        rows, cols, cell, obstacles.seg_a, obstacles.seg_b, obstacles.seg_half_width, margin
    )
    if obstacles.polygons:
        gx, gy = np.meshgrid((np.arange(cols) + 0.5) * cell, (np.arange(rows) + 0.5) * cell)
        for poly in obstacles.polygons:
            blocked |= inside(gx, gy, poly)
    return blocked


def build_floor_field(
    width: float,
    height: float,
    obstacles: Obstacles,
    goal_outline: Sequence[tuple[float, float]],
    blocked: np.ndarray | None = None,
) -> FloorField:
    cell = grid_cell_size(width, height)
    if blocked is None:
        blocked = blocked_cells(width, height, cell, obstacles)
    rows, cols = blocked.shape
    xs = (np.arange(cols) + 0.5) * cell
    ys = (np.arange(rows) + 0.5) * cell
    gx, gy = np.meshgrid(xs, ys)
    centres = np.column_stack([gx.ravel(), gy.ravel()])
    goal = inside_polygon(centres, goal_outline).reshape(rows, cols)

    free = ~blocked

    index = np.arange(rows * cols).reshape(rows, cols)
    src, dst, weight = [], [], []
    for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
        r_lo, r_hi = 0, rows - dr
        c_lo, c_hi = max(0, -dc), cols - max(0, dc)
        a = index[r_lo:r_hi, c_lo:c_hi]
        b = index[r_lo + dr : r_hi + dr, c_lo + dc : c_hi + dc]
        ok = free.ravel()[a] & free.ravel()[b]
        if dr and dc:  # no cutting corners past a blocked cell
            side1 = free[r_lo + dr : r_hi + dr, c_lo:c_hi]
            side2 = free[r_lo:r_hi, c_lo + dc : c_hi + dc]
            ok &= side1 & side2
        src.append(a[ok])
        dst.append(b[ok])
        weight.append(np.full(int(ok.sum()), cell * np.hypot(dr, dc)))
    s = np.concatenate(src)
    d = np.concatenate(dst)
    w = np.concatenate(weight)
    n = rows * cols
    graph = coo_matrix((w, (s, d)), shape=(n, n)).tocsr()
    sources = index[goal & free]
    if len(sources) == 0:
        sources = index[goal]
    dist = dijkstra(graph, directed=False, indices=sources, min_only=True)
    dist = dist.reshape(rows, cols)
    dist[goal] = 0.0

    # Walking direction: down the slope of the distance field, using only reachable
    # neighbours (one-sided differences beside walls).
    finite = np.isfinite(dist)
    safe = np.where(finite, dist, 0.0)
    direction = np.zeros((rows, cols, 2))
    for axis, k in ((1, 0), (0, 1)):
        fwd = np.roll(safe, -1, axis=axis)
        back = np.roll(safe, 1, axis=axis)
        ok_f = np.roll(finite, -1, axis=axis)
        ok_b = np.roll(finite, 1, axis=axis)
        if axis == 1:
            ok_f[:, -1] = False
            ok_b[:, 0] = False
        else:
            ok_f[-1, :] = False
            ok_b[0, :] = False
        grad = np.where(
            ok_f & ok_b,
            (fwd - back) / 2,
            np.where(ok_f, fwd - safe, np.where(ok_b, safe - back, 0.0)),
        )
        direction[..., k] = -grad
    # smooth the field a little so people flow rather than zigzag, then renormalise
    reachable = np.isfinite(dist) & ~goal
    for k in range(2):
        direction[..., k] = ndimage.gaussian_filter(direction[..., k] * reachable, sigma=1.0)
    norm = np.hypot(direction[..., 0], direction[..., 1])
    direction = np.where(norm[..., None] > 1e-6, direction / np.maximum(norm, 1e-9)[..., None], 0)
    direction[goal] = 0.0

    # People pushed into a blocked cell walk on the way their nearest free cell shows.
    if blocked.any():
        _, (ri, ci) = ndimage.distance_transform_edt(blocked, return_indices=True)
        direction[blocked] = direction[ri[blocked], ci[blocked]]
    return FloorField(cell=cell, direction=direction, distance=dist)
