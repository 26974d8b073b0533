"""Vectorised plane geometry in metres: what is inside what, how far from which wall."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from game.level.grid import inside

Points = NDArray[np.float64]  # shape (n, 2)


def inside_polygon(points: Points, polygon: Sequence[tuple[float, float]]) -> NDArray[np.bool_]:
    """Even-odd rule for many points (n, 2) against one polygon (game/level/grid.inside)."""
    return inside(points[:, 0], points[:, 1], polygon)


def polygon_area(polygon: Sequence[tuple[float, float]]) -> float:
    p = np.asarray(polygon, dtype=float)
    x, y = p[:, 0], p[:, 1]
    return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)


def closest_on_segments(points: Points, seg_a: Points, seg_b: Points) -> Points:
    """For point k, the closest point on segment k (arrays of equal length)."""
    ab = seg_b - seg_a
    length2 = np.einsum("ij,ij->i", ab, ab)
    t = np.einsum("ij,ij->i", points - seg_a, ab) / np.where(length2 > 0, length2, 1.0)
    t = np.clip(t, 0.0, 1.0)
    return seg_a + ab * t[:, None]


def segments_cross(
    p0: Points, p1: Points, a: tuple[float, float], b: tuple[float, float]
) -> tuple[NDArray[np.bool_], NDArray[np.int_]]:
    """Which moves p0→p1 cross the segment a–b, and in which direction (+1 left to right)."""
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    s0 = dx * (p0[:, 1] - ay) - dy * (p0[:, 0] - ax)
    s1 = dx * (p1[:, 1] - ay) - dy * (p1[:, 0] - ax)
    changed = (s0 > 0) != (s1 > 0)
    # the move must also straddle the line through a and b within its ends
    mx, my = p1[:, 0] - p0[:, 0], p1[:, 1] - p0[:, 1]
    r0 = mx * (ay - p0[:, 1]) - my * (ax - p0[:, 0])
    r1 = mx * (by - p0[:, 1]) - my * (bx - p0[:, 0])
    within = (r0 > 0) != (r1 > 0)
    hit = changed & within
    direction = np.where(s1 > s0, 1, -1)
    return hit, direction


def hex_lattice(polygon: Sequence[tuple[float, float]], spacing: float) -> Points:
    """Points of a hexagonal lattice inside a polygon: the densest even way to place people."""
    poly = np.asarray(polygon, dtype=float)
    lo, hi = poly.min(axis=0), poly.max(axis=0)
    row_h = spacing * np.sqrt(3) / 2
    ys = np.arange(lo[1] + row_h / 2, hi[1], row_h)
    xs = np.arange(lo[0] + spacing / 2, hi[0], spacing)
    if len(xs) == 0 or len(ys) == 0:
        return np.zeros((0, 2))
    gx, gy = np.meshgrid(xs, ys)
    gx = gx + (np.arange(len(ys))[:, None] % 2) * spacing / 2
    pts = np.column_stack([gx.ravel(), gy.ravel()])
    pts = pts[(pts[:, 0] < hi[0]) & (pts[:, 1] < hi[1])]
    return pts[inside_polygon(pts, polygon)]
