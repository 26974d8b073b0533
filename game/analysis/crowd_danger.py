"""Crowd danger: Helbing's crowd pressure P = ρ·Var(v) on a grid over the crowd.

Helbing, Johansson & Al-Abideen (2007, "Dynamics of crowd disasters: an empirical study",
Phys. Rev. E 75, 046109) found in the videos of the 2006 Mina disaster that trouble starts
where the local density times the local spread of velocities is high, not where density
alone is: a dense crowd walking as one block is safe, the same density with people pushed
every which way (stop-and-go, then "crowd turbulence") is where people fall and are crushed.

Here, as in their paper, every quantity is a Gaussian-weighted local average with weight
f(d) = exp(−d²/R²)/(πR²), R = 0.7 m:

    ρ(x)      = Σ_j f(x_j − x)                                  persons/m²
    <v>(x)    = Σ_j f(x_j − x)·v_j / ρ(x)                        m/s
    Var(v)(x) = Σ_j f(x_j − x)·|v_j − <v>(x)|² / ρ(x)            m²/s²
    P(x)      = ρ(x)·Var(v)(x)                                   1/s²

The sums are a binned convolution: each person is spread over the four nearest grid nodes
(cloud in cell), and one separable Gaussian filter (scipy.ndimage) smooths the count, the
momentum and the squared speed at once. No loop over people; about a millisecond for 2000.

Thresholds (named; only the first is from the literature):
- TURBULENCE (0.02 /s²): Helbing et al. 2007 saw crowd turbulence, and the Mina disaster
  begin, where P passed about 0.02 /s².
- FLOOR (a quarter of it): below this the overlay draws nothing (our choice, for a quiet map).

Note on comparing numbers: the paper's Var is the variance over time, at one place, of the
locally averaged velocity field; this module takes the instantaneous spread of individual
velocities around their local mean (what a single tick of a simulation can give). The two
agree in turbulent crowds, but the individual spread reads higher in loose crowds walking
in different directions, so P here is a danger *field* to read where it is highest, and the
0.02 /s² line is a warning mark, not a calibrated limit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import ndimage

RADIUS = 0.7  # m: Helbing et al. 2007's kernel width R in f = exp(-d²/R²)/(πR²)
CELL = 0.5  # m between grid nodes
TURBULENCE = 0.02  # 1/s²: crowd turbulence begins (Helbing, Johansson & Al-Abideen 2007)
FLOOR = TURBULENCE / 4  # 1/s²: below this the overlay stays clear (a display choice)
TRUNCATE = 3.0  # the kernel is cut at this many standard deviations (R/√2 each)
MAX_NODES = 150_000  # a crowd scattered over a huge map gets coarser nodes, not a slow tick
MIN_DENSITY = 1e-6  # persons/m²: below this a node has nobody near and no velocity
NEGLIGIBLE = 1e-9  # 1/s²: rounding noise of a block walking as one, read as exactly 0


@dataclass(frozen=True)
class Peak:
    """The highest P and where it is (x, y in metres; None when nobody is there)."""

    value: float
    x: float | None
    y: float | None


@dataclass(frozen=True)
class DangerField:
    """The fields on a grid of nodes: node (row i, column j) stands at
    (origin[0] + j·cell, origin[1] + i·cell); arrays are (rows y down, columns x)."""

    origin: tuple[float, float]
    cell: float
    density: np.ndarray  # persons/m²
    mean_velocity: np.ndarray  # (rows, columns, 2) m/s
    variance: np.ndarray  # m²/s²
    pressure: np.ndarray  # 1/s²

    @property
    def empty(self) -> bool:
        return self.pressure.size == 0

    def peak(self) -> Peak:
        if self.empty or not float(self.pressure.max()) > 0.0:
            return Peak(0.0, None, None)
        i, j = np.unravel_index(int(np.argmax(self.pressure)), self.pressure.shape)
        x = self.origin[0] + float(j) * self.cell
        y = self.origin[1] + float(i) * self.cell
        return Peak(float(self.pressure[i, j]), x, y)

    def at(self, points: np.ndarray) -> np.ndarray:
        """P at each point (bilinear between nodes; 0 off the grid): the danger where each
        person stands, for the overlay and the per-zone maximum."""
        pts = np.asarray(points, dtype=float).reshape(-1, 2)
        if self.empty or not len(pts):
            return np.zeros(len(pts))
        cols = (pts[:, 0] - self.origin[0]) / self.cell
        rows = (pts[:, 1] - self.origin[1]) / self.cell
        out = ndimage.map_coordinates(self.pressure, [rows, cols], order=1, mode="constant")
        return np.maximum(np.nan_to_num(out, nan=0.0), 0.0)


def _empty_field(cell: float) -> DangerField:
    z = np.zeros((0, 0))
    return DangerField((0.0, 0.0), cell, z, np.zeros((0, 0, 2)), z, z)


def danger_field(
    positions: np.ndarray,
    velocities: np.ndarray,
    cell: float = CELL,
    radius: float = RADIUS,
) -> DangerField:
    """Density, mean velocity, velocity variance and crowd pressure of these people (N×2
    positions in m, N×2 velocities in m/s) on a grid over their bounding box, with room for
    the kernel round it. Nobody, or people with non-finite numbers, are left out, never NaN."""
    p = np.asarray(positions, dtype=float).reshape(-1, 2)
    v = np.asarray(velocities, dtype=float).reshape(-1, 2)
    keep = np.isfinite(p).all(axis=1) & np.isfinite(v).all(axis=1)
    p, v = p[keep], v[keep]
    if not len(p) or cell <= 0 or radius <= 0:
        return _empty_field(cell)
    sigma = radius / math.sqrt(2.0)  # exp(-d²/R²) is a Gaussian of this standard deviation
    margin = TRUNCATE * sigma + cell
    lo = p.min(axis=0) - margin
    hi = p.max(axis=0) + margin
    span = hi - lo
    if (span[0] / cell + 2) * (span[1] / cell + 2) > MAX_NODES:
        cell = float(math.sqrt(span[0] * span[1] / MAX_NODES)) + 1e-9
    nx = int(math.ceil(span[0] / cell)) + 2
    ny = int(math.ceil(span[1] / cell)) + 2
    origin = (float(lo[0]), float(lo[1]))
    # cloud in cell: each person's weight shared by the four nodes round them
    fx = (p[:, 0] - lo[0]) / cell
    fy = (p[:, 1] - lo[1]) / cell
    j0 = np.floor(fx).astype(np.int64)
    i0 = np.floor(fy).astype(np.int64)
    tx, ty = fx - j0, fy - i0
    moments = np.column_stack([np.ones(len(p)), v[:, 0], v[:, 1], (v * v).sum(axis=1)])
    corners = [
        ((i0 * nx + j0), (1 - ty) * (1 - tx)),
        ((i0 * nx + j0 + 1), (1 - ty) * tx),
        (((i0 + 1) * nx + j0), ty * (1 - tx)),
        (((i0 + 1) * nx + j0 + 1), ty * tx),
    ]
    size = ny * nx
    # one bincount for the four moments at the four corners: index moment·size + node
    index = np.concatenate([k * size + flat for k in range(4) for flat, _ in corners])
    weight = np.concatenate([w * moments[:, k] for k in range(4) for _, w in corners])
    grid = np.bincount(index, weights=weight, minlength=4 * size)
    s = sigma / cell
    # the filter's weights sum to 1, so a node's value is persons (or momentum) per node area
    smooth = ndimage.gaussian_filter(
        grid.reshape(4, ny, nx), sigma=(0, s, s), mode="constant", truncate=TRUNCATE
    )
    smooth /= cell * cell
    rho, m1x, m1y, m2 = smooth
    near = rho > MIN_DENSITY
    safe = np.where(near, rho, 1.0)
    mean = np.stack([np.where(near, m1x / safe, 0.0), np.where(near, m1y / safe, 0.0)], axis=-1)
    # P = Σf|v|² − |Σf v|²/Σf, the same as ρ·Var(v) without dividing where nobody is
    pressure = np.where(near, m2 - (m1x * m1x + m1y * m1y) / safe, 0.0)
    # rounding leaves ±1e-15 in a block walking as one: that is no spread at all
    pressure = np.where(pressure > NEGLIGIBLE, pressure, 0.0)
    variance = np.where(near, pressure / safe, 0.0)
    rho = np.where(near, rho, 0.0)
    return DangerField(origin, cell, rho, mean, variance, pressure)


def person_danger(positions: np.ndarray, velocities: np.ndarray) -> np.ndarray:
    """P where each person stands (1/s²), one value per row of `positions`."""
    field = danger_field(positions, velocities)
    return field.at(positions)
