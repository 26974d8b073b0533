"""Where each officer of a squad stands in a line (cordon), a column or a wedge.

A formation is a centre, a heading (the unit vector toward its front) and a shape. Slots
are plain arrays; which officer takes which slot is decided by the squad.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from game.sim.geometry import Points

OFFICER_SPACING = 0.75  # m between shoulders in a line
FILE_SPACING = 0.9  # m between officers one behind the other in a column


@dataclass(frozen=True)
class Formation:
    shape: str  # "line" | "column" | "wedge"
    centre: tuple[float, float]
    heading: tuple[float, float]  # unit vector toward the front
    width: float = 0.0  # line only: length of the front
    ranks: int = 1

    def to_json(self) -> dict[str, object]:
        return {
            "shape": self.shape,
            "centre": list(self.centre),
            "heading": list(self.heading),
            "width": self.width,
            "ranks": self.ranks,
        }

    @staticmethod
    def from_json(d: dict) -> Formation:
        return Formation(
            str(d["shape"]),
            (float(d["centre"][0]), float(d["centre"][1])),
            (float(d["heading"][0]), float(d["heading"][1])),
            float(d["width"]),
            int(d["ranks"]),
        )

    def moved(
        self, centre: tuple[float, float], heading: tuple[float, float] | None = None
    ) -> Formation:
        return Formation(self.shape, centre, heading or self.heading, self.width, self.ranks)

    def slots(self, n: int, rank_gap: float) -> Points:
        h = np.asarray(self.heading, dtype=float)
        side = np.array([-h[1], h[0]])  # to the right of the heading, y pointing down
        c = np.asarray(self.centre, dtype=float)
        if self.shape == "line":
            return _line(c, h, side, n, self.width, self.ranks, rank_gap)
        if self.shape == "column":
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
) -> Points:
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


def _column(c: np.ndarray, h: np.ndarray, side: np.ndarray, n: int) -> Points:
    k = np.arange(n)
    row, file = k // 2, k % 2
    lateral = (file - 0.5) * OFFICER_SPACING if n > 1 else np.zeros(n)
    return c - (row * FILE_SPACING)[:, None] * h + lateral[:, None] * side


def _wedge(c: np.ndarray, h: np.ndarray, side: np.ndarray, n: int) -> Points:
    k = np.arange(n)
    rank = (k + 1) // 2
    arm = np.where(k % 2 == 1, 1.0, -1.0)
    arm[0] = 0.0
    back = rank * FILE_SPACING * 0.8
    lateral = arm * rank * OFFICER_SPACING * 0.8
    return c - back[:, None] * h + lateral[:, None] * side


def line_heading(
    a: tuple[float, float],
    b: tuple[float, float],
    toward: tuple[float, float] | None,
    prefer: tuple[float, float] | None,
) -> tuple[float, float]:
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


def unit(v: ArrayLike) -> tuple[float, float]:
    v = np.asarray(v, dtype=float)
    n = float(np.hypot(*v))
    if n < 1e-9:
        return (0.0, -1.0)
    return (float(v[0] / n), float(v[1] / n))
