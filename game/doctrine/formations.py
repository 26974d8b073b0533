"""Where each officer of a squad stands in a line (cordon), a column or a wedge.

A formation is a centre, a heading (the unit vector toward its front) and a shape; `layout`
gives the spot of each of its n officers. The simulation moves squads from spot to spot;
the level loader uses the same spots to check that a squad starts on the map and clear of
walls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

OFFICER_SPACING = 0.75  # m between shoulders in a line
FILE_SPACING = 0.9  # m between officers one behind the other in a column

Point = tuple[float, float]


def layout(
    shape: str,
    centre: Point,
    heading: Point,
    n: int,
    width: float = 0.0,
    ranks: int = 1,
    rank_gap: float = 0.7,
) -> NDArray[np.float64]:
    """The (n, 2) spots of a formation: `width` and `ranks` are for a line only."""
    h = np.asarray(heading, dtype=float)
    side = np.array([-h[1], h[0]])  # to the right of the heading, y pointing down
    c = np.asarray(centre, dtype=float)
    if shape == "line":
        return _line(c, h, side, n, width, ranks, rank_gap)
    if shape == "column":
        return _column(c, h, side, n)
    return _wedge(c, h, side, n)


def _line(
    c: np.ndarray,
    h: np.ndarray,
    side: np.ndarray,
    n: int,
    width: float,
    ranks: int,
    rank_gap: float,
) -> NDArray[np.float64]:
    front = -(-n // ranks)  # ceil
    counts = [front] + [n - front] * (ranks - 1)
    out = []
    for r, count in enumerate(counts):
        if count <= 0:
            continue
        spacing = width / count
        offsets = (np.arange(count) + 0.5) * spacing - width / 2
        if r % 2:  # the rear rank stands behind the gaps of the front rank
            front_spacing = width / front
            offsets = np.clip(offsets + front_spacing / 2, -width / 2, width / 2)
        out.append(c + offsets[:, None] * side - (r * rank_gap) * h)
    return np.vstack(out)


def _column(c: np.ndarray, h: np.ndarray, side: np.ndarray, n: int) -> NDArray[np.float64]:
    k = np.arange(n)
    row, file = k // 2, k % 2
    lateral = (file - 0.5) * OFFICER_SPACING if n > 1 else np.zeros(n)
    return c - (row * FILE_SPACING)[:, None] * h + lateral[:, None] * side


def _wedge(c: np.ndarray, h: np.ndarray, side: np.ndarray, n: int) -> NDArray[np.float64]:
    k = np.arange(n)
    rank = (k + 1) // 2
    arm = np.where(k % 2 == 1, 1.0, -1.0)
    arm[0] = 0.0
    back = rank * FILE_SPACING * 0.8
    lateral = arm * rank * OFFICER_SPACING * 0.8
    return c - back[:, None] * h + lateral[:, None] * side


def line_heading(
    a: Point,
    b: Point,
    toward: Point | None,
    prefer: Point | None,
) -> Point:
    """The normal of a→b that points at `toward`, else the one closest to `prefer`."""
    ab = np.subtract(b, a, dtype=float)
    normal = np.array([ab[1], -ab[0]]) / max(float(np.hypot(*ab)), 1e-9)
    mid = (np.asarray(a, float) + np.asarray(b, float)) / 2
    if toward is not None:
        if float(normal @ (np.asarray(toward, float) - mid)) < 0:
            normal = -normal
    elif prefer is not None and float(normal @ np.asarray(prefer, float)) < 0:
        normal = -normal
    return (float(normal[0]), float(normal[1]))


def unit(v: ArrayLike) -> Point:
    v = np.asarray(v, dtype=float)
    n = float(np.hypot(*v))
    if n < 1e-9:
        return (0.0, -1.0)
    return (float(v[0] / n), float(v[1] / n))


def threat_point(spawn_outlines: Sequence[Sequence[Point]], map_width: float) -> Point:
    """Where trouble comes from, for squads a level does not tell which way to face: the
    middle of the crowd's spawn zones (one outline per crowd group), else the map's top."""
    if not spawn_outlines:
        return (map_width / 2, 0.0)
    c = np.vstack([np.asarray(s, float) for s in spawn_outlines]).mean(axis=0)
    return (float(c[0]), float(c[1]))


def start_pose(formation: Any, threat: Point) -> tuple[str, Point, Point, float, int]:
    """Shape, centre, heading, width and ranks of a squad's formation as a level writes it
    ([[squads]] formation = { type = "line", a, b, ranks, face } or { type, at, face })."""
    f = formation
    if f.type == "line":
        centre = ((f.a[0] + f.b[0]) / 2, (f.a[1] + f.b[1]) / 2)
        heading = line_heading(f.a, f.b, f.face or threat, None)
        width = float(np.hypot(f.b[0] - f.a[0], f.b[1] - f.a[1]))
        return "line", centre, heading, width, int(f.ranks)
    return (
        str(f.type),
        (float(f.at[0]), float(f.at[1])),
        unit(np.subtract(f.face or threat, f.at)),
        0.0,
        1,
    )
