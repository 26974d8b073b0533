"""Where a crowd can walk: the level's ground as a grid of free and blocked cells, and which
free cells are connected, so the loader can tell whether a goal can be reached at all.

The simulation plans the crowd's way on this same grid (game/sim/navigation.py calls
`grid_cell_size`, `blocked_by_walls` and `inside` from here): a cell is blocked when its
centre lies inside a building or within half a wall's thickness plus 0.25 m of a wall's
centre line. Gates block nothing here, open or closed: the crowd plans its way through a
closed gate too, since it can push the gate open or break it. numpy only, so that loading a
level needs neither scipy nor the simulation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

WALL_MARGIN = 0.25  # m kept clear of walls when planning (about a body's radius)

Point = tuple[float, float]


def grid_cell_size(width: float, height: float) -> float:
    return max(0.25, float(np.sqrt(width * height / 250_000)))


def inside(xs: NDArray[np.float64], ys: NDArray[np.float64], poly: Sequence[Point]) -> NDArray:
    """Even-odd rule for the points (xs, ys) against one polygon."""
    p = np.asarray(poly, dtype=float)
    x0, y0 = p[:, 0], p[:, 1]
    x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
    out = np.zeros(xs.shape, dtype=bool)
    for k in range(len(p)):
        crosses = (y0[k] > ys) != (y1[k] > ys)
        if not crosses.any():
            continue
        t = (ys - y0[k]) / (y1[k] - y0[k] + 1e-300)
        out ^= crosses & (xs < x0[k] + t * (x1[k] - x0[k]))
    return out


@dataclass(frozen=True)
class Grid:
    cell: float
    free: NDArray[np.bool_]  # (rows, cols)

    def centres(self) -> tuple[np.ndarray, np.ndarray]:
        rows, cols = self.free.shape
        return (np.arange(cols) + 0.5) * self.cell, (np.arange(rows) + 0.5) * self.cell

    def cells_in(self, outline: Sequence[Point]) -> NDArray[np.bool_]:
        """The cells whose centre lies inside the outline."""
        xs, ys = self.centres()
        poly = np.asarray(outline, dtype=float)
        lo, hi = poly.min(axis=0), poly.max(axis=0)
        c0, c1 = np.searchsorted(xs, lo[0]), np.searchsorted(xs, hi[0], side="right")
        r0, r1 = np.searchsorted(ys, lo[1]), np.searchsorted(ys, hi[1], side="right")
        mask = np.zeros(self.free.shape, dtype=bool)
        if c0 < c1 and r0 < r1:
            gx, gy = np.meshgrid(xs[c0:c1], ys[r0:r1])
            mask[r0:r1, c0:c1] = inside(gx, gy, outline)
        return mask


def walkable(
    width: float,
    height: float,
    walls: Sequence[tuple[Sequence[Point], float]],
    buildings: Sequence[Sequence[Point]],
) -> Grid:
    """The free cells of the map; `walls` are (points of the centre line, thickness)."""
    cell = grid_cell_size(width, height)
    cols = int(np.ceil(width / cell))
    rows = int(np.ceil(height / cell))
    grid = Grid(cell, np.ones((rows, cols), dtype=bool))
    seg_a, seg_b, half = [], [], []
    for points, thickness in walls:
        for a, b in zip(points, points[1:], strict=False):
            seg_a.append(a)
            seg_b.append(b)
            half.append(thickness / 2)
    blocked = blocked_by_walls(
        rows,
        cols,
        cell,
        np.asarray(seg_a, dtype=float).reshape(-1, 2),
        np.asarray(seg_b, dtype=float).reshape(-1, 2),
        np.asarray(half, dtype=float),
    )
    for poly in buildings:
        blocked |= grid.cells_in(poly)
    return Grid(cell, ~blocked)


def blocked_by_walls(
    rows: int,
    cols: int,
    cell: float,
    seg_a: NDArray[np.float64],
    seg_b: NDArray[np.float64],
    half_width: NDArray[np.float64],
    margin: float = WALL_MARGIN,
) -> NDArray[np.bool_]:
    """The cells whose centre lies within a segment's half width plus `margin` of it."""
    xs = (np.arange(cols) + 0.5) * cell
    ys = (np.arange(rows) + 0.5) * cell
    blocked = np.zeros((rows, cols), dtype=bool)
    for a, b, hw in zip(seg_a, seg_b, half_width, strict=True):
        reach = hw + margin
        x_lo, x_hi = min(a[0], b[0]) - reach, max(a[0], b[0]) + reach
        y_lo, y_hi = min(a[1], b[1]) - reach, max(a[1], b[1]) + reach
        c0, c1 = np.searchsorted(xs, x_lo), np.searchsorted(xs, x_hi)
        r0, r1 = np.searchsorted(ys, y_lo), np.searchsorted(ys, y_hi)
        if c0 >= c1 or r0 >= r1:
            continue
        gx, gy = np.meshgrid(xs[c0:c1], ys[r0:r1])
        ab = b - a
        t = ((gx - a[0]) * ab[0] + (gy - a[1]) * ab[1]) / max(float(ab @ ab), 1e-12)
        t = np.clip(t, 0, 1)
        dist = np.hypot(gx - (a[0] + t * ab[0]), gy - (a[1] + t * ab[1]))
        blocked[r0:r1, c0:c1] |= dist <= reach
    return blocked


def components(free: NDArray[np.bool_]) -> NDArray[np.intp]:
    """A label per cell: free cells joined through their four neighbours share one (a
    diagonal step is only taken where both cells beside it are free, so it joins nothing
    more); blocked cells are -1. Works on runs of free cells along each row, so it costs
    little on a large grid."""
    rows, cols = free.shape
    padded = np.zeros((rows, cols + 2), dtype=np.int8)
    padded[:, 1:-1] = free
    edges = np.diff(padded, axis=1)
    start_r, start_c = np.nonzero(edges == 1)
    _, end_c = np.nonzero(edges == -1)  # the same order: row by row, left to right
    n = len(start_r)
    parent = list(range(n))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    first = np.searchsorted(start_r, np.arange(rows + 1))  # runs of row r: first[r]..first[r+1]
    for r in range(rows - 1):
        i, i_end = int(first[r]), int(first[r + 1])
        j, j_end = i_end, int(first[r + 2])
        while i < i_end and j < j_end:
            if start_c[i] < end_c[j] and start_c[j] < end_c[i]:  # the runs overlap
                a, b = root(i), root(j)
                if a != b:
                    parent[b] = a
            if end_c[i] < end_c[j]:
                i += 1
            else:
                j += 1
    labels = np.full((rows, cols), -1, dtype=np.intp)
    for k in range(n):
        labels[start_r[k], start_c[k] : end_c[k]] = root(k)
    return labels
