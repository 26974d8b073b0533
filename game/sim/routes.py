"""Routes for squads: a way around fences and buildings, as a few straight legs.

A squad ordered to the far side of a fence walks to the opening first. Paths come from a
shortest-path search on a coarse grid (closed gates block it: officers do not walk through
a shut gate), then are pulled tight into the fewest straight legs that clear every wall.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import dijkstra

from game.sim.geometry import Points
from game.sim.navigation import Obstacles, blocked_cells

ROUTE_CELL = 0.5  # m
CLEARANCE = 0.45  # m kept from walls: an officer's radius and a little room


@dataclass
class RouteMap:
    width: float
    height: float
    seg_a: np.ndarray  # everything that blocks a squad: walls, building edges, closed gates
    seg_b: np.ndarray
    seg_half: np.ndarray
    blocked: np.ndarray
    graph: object

    @staticmethod
    def build(width: float, height: float, obstacles: Obstacles) -> RouteMap:
        blocked = blocked_cells(width, height, ROUTE_CELL, obstacles, margin=CLEARANCE)
        rows, cols = blocked.shape
        free = ~blocked
        index = np.arange(rows * cols).reshape(rows, cols)
        src, dst, wt = [], [], []
        for dr, dc in ((0, 1), (1, 0), (1, 1), (1, -1)):
            c_lo, c_hi = max(0, -dc), cols - max(0, dc)
            a = index[0 : rows - dr, c_lo:c_hi]
            b = index[dr:rows, c_lo + dc : c_hi + dc]
            ok = free.ravel()[a] & free.ravel()[b]
            if dr and dc:
                ok &= free[dr:rows, c_lo:c_hi] & free[0 : rows - dr, c_lo + dc : c_hi + dc]
            src.append(a[ok])
            dst.append(b[ok])
            wt.append(np.full(int(ok.sum()), ROUTE_CELL * np.hypot(dr, dc)))
        n = rows * cols
        graph = coo_matrix(
            (np.concatenate(wt), (np.concatenate(src), np.concatenate(dst))), shape=(n, n)
        ).tocsr()
        edges_a = [obstacles.seg_a] + [np.asarray(p, float) for p in obstacles.polygons]
        edges_b = [obstacles.seg_b] + [
            np.roll(np.asarray(p, float), -1, axis=0) for p in obstacles.polygons
        ]
        half = [obstacles.seg_half_width] + [np.zeros(len(p)) for p in obstacles.polygons]
        return RouteMap(
            width,
            height,
            np.vstack(edges_a).reshape(-1, 2),
            np.vstack(edges_b).reshape(-1, 2),
            np.concatenate(half),
            blocked,
            graph,
        )

    def clear(self, p: np.ndarray, q: np.ndarray, margin: float = CLEARANCE) -> bool:
        """True if a squad can walk straight from p to q without touching a wall."""
        if not len(self.seg_a):
            return True
        return bool(
            (_segment_distance(p, q, self.seg_a, self.seg_b) > self.seg_half + margin).all()
        )

    def route(
        self, start: ArrayLike, goal: ArrayLike, near: bool = False
    ) -> list[tuple[float, float]] | None:
        """Legs from start to goal (goal included), or None when there is no way. With
        `near`, an unreachable goal is replaced by the reachable place closest to it (a
        negotiator goes to the fence when the korlap stands outside a shut gate)."""
        p, q = np.asarray(start, float), np.asarray(goal, float)
        if self.clear(p, q):
            return [(float(q[0]), float(q[1]))]
        rows, cols = self.blocked.shape
        a, b = self._cell(p), self._cell(q)
        if a is None or b is None:
            return None
        dist, pred = dijkstra(self.graph, directed=False, indices=a, return_predecessors=True)
        if not np.isfinite(dist[b]):
            if not near:
                return None
            reach = np.flatnonzero(np.isfinite(dist))
            centres = np.column_stack(((reach % cols + 0.5), (reach // cols + 0.5))) * ROUTE_CELL
            b = int(reach[np.argmin(np.hypot(*(centres - q).T))])
            q = np.array([(b % cols + 0.5) * ROUTE_CELL, (b // cols + 0.5) * ROUTE_CELL])
            if self.clear(p, q):
                return [(float(q[0]), float(q[1]))]
        cells = [b]
        while cells[-1] != a:
            cells.append(int(pred[cells[-1]]))
        cells.reverse()
        pts = [
            np.array([(c % cols + 0.5) * ROUTE_CELL, (c // cols + 0.5) * ROUTE_CELL]) for c in cells
        ]
        pts[-1] = q
        legs: list[tuple[float, float]] = []
        here = p
        i = 0
        while i < len(pts) - 1:
            j = len(pts) - 1
            while j > i + 1 and not self.clear(here, pts[j], CLEARANCE * 0.5):
                j -= 1
            legs.append((float(pts[j][0]), float(pts[j][1])))
            here, i = pts[j], j
        return legs or [(float(q[0]), float(q[1]))]  # already in the goal's cell

    def _cell(self, p: np.ndarray) -> int | None:
        """The grid cell at p, or the nearest free one (an officer may stand by a wall)."""
        rows, cols = self.blocked.shape
        c = int(np.clip(p[0] / ROUTE_CELL, 0, cols - 1))
        r = int(np.clip(p[1] / ROUTE_CELL, 0, rows - 1))
        if not self.blocked[r, c]:
            return r * cols + c
        free = np.argwhere(~self.blocked)
        if not len(free):
            return None
        k = int(np.argmin((free[:, 0] - r) ** 2 + (free[:, 1] - c) ** 2))
        return int(free[k, 0] * cols + free[k, 1])


def _segment_distance(p: np.ndarray, q: np.ndarray, a: Points, b: Points) -> np.ndarray:
    """Distance between segment p–q and each segment a[k]–b[k] (0 where they cross)."""

    def point_seg(x: np.ndarray, s0: np.ndarray, s1: np.ndarray) -> np.ndarray:
        d = s1 - s0
        L = np.einsum("ij,ij->i", d, d)
        t = np.clip(np.einsum("ij,ij->i", x - s0, d) / np.where(L > 0, L, 1), 0, 1)
        return np.hypot(*(x - (s0 + d * t[:, None])).T)

    n = len(a)
    P = np.broadcast_to(p, (n, 2))
    Q = np.broadcast_to(q, (n, 2))
    d = np.minimum.reduce(
        [point_seg(P, a, b), point_seg(Q, a, b), point_seg(a, P, Q), point_seg(b, P, Q)]
    )

    def side(o: np.ndarray, s: np.ndarray, t: np.ndarray) -> np.ndarray:
        return (s[:, 0] - o[:, 0]) * (t[:, 1] - o[:, 1]) - (s[:, 1] - o[:, 1]) * (t[:, 0] - o[:, 0])

    cross = ((side(P, Q, a) > 0) != (side(P, Q, b) > 0)) & (
        (side(a, b, P) > 0) != (side(a, b, Q) > 0)
    )
    return np.where(cross, 0.0, d)
