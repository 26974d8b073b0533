"""Crowd danger: Helbing's crowd pressure P = ρ·Var_t(V) on a fixed grid over the site.

Helbing, Johansson & Al-Abideen (2007, "Dynamics of crowd disasters: an empirical study",
Phys. Rev. E 75, 046109) found in the videos of the 2006 Mina disaster that trouble starts
where the local density times the *variance over time* of the local velocity is high, not
where density alone is: a dense crowd flowing steadily is safe however dense; the same
density where the flow keeps changing (stop-and-go, then "crowd turbulence") is where people
fall and are crushed.

As in their paper, the local fields are Gaussian-weighted sums over people j with weight
f(d) = exp(−d²/R²)/(πR²):

    ρ(r, t)  = Σ_j f(x_j − r)                                 persons/m²
    V(r, t)  = Σ_j f(x_j − r)·v_j / ρ(r, t)                   m/s (the local velocity field)

and at a fixed place r the velocity field's variance over the last WINDOW seconds gives

    Var_t(V)(r) = <|V(r, ·) − <V(r, ·)>_t|²>_t                 m²/s² (x and y variances added)
    P(r, t)     = ρ(r, t)·Var_t(V)(r)                          1/s²

`DangerTracker` keeps ρ and V on its grid for the last WINDOW seconds (a ring buffer, one
frame every CADENCE seconds) and gives the field at the latest frame. A node counts a frame
only if someone was near it then (ρ ≥ OCCUPIED); with fewer than MIN_FRAMES such frames in
the window, or nobody near it now, its P is 0. No loop over people: each frame is one
bincount (cloud in cell) and one separable Gaussian filter (scipy.ndimage).

Choices (ours unless said):
- CADENCE 0.5 s: ten frames in the window give a variance good to about ±50 %, five (1 s)
  only ±70 %; a velocity field that turns over in a second or two is still seen. A frame
  costs a few milliseconds, twice per simulated second.
- WINDOW 5 s: long enough to hold a stop-and-go cycle's change of speed, short enough that
  the danger follows the moment (a gate breaking shows within seconds). Not from the paper.
- R = 1 m, the top of the 0.7–1 m used in the video analyses: under it sit 2πR²ρ people
  (6 at 1 /m²), twice as many as at 0.7 m, so V at a place changes half as much merely
  because other individuals walk through it (on our runs this noise is what sets the floor).
- CELL 0.5 m (under the kernel's standard deviation R/√2); a map of more than MAX_NODES nodes
  gets coarser cells, so the memory stays bounded (MAX_NODES·FRAMES·3 float32, ≤ 10 MB).

Thresholds: TURBULENCE (0.02 /s²) is Helbing et al. 2007's: crowd turbulence, and the Mina
disaster, began where P passed about 0.02 /s² in a crowd of 7-9 persons/m². Our crowds at
1-3 /m² are less laminar and pass it in steady flow most of the time (measured: peaceful
and steadily pressing crowds read 0.01-0.09 /s², arrivals up to 0.36), so the alarm is
SURGE, calibrated on this trainer's runs: a gate giving way read 1.4-1.7 /s², rushes and
stops 0.5-1. The first START_SECONDS of a run are not fed: the simulation starts its crowds
standing, and setting off read about 1 /s² in every level. Below FLOOR the overlay and the
map draw nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from scipy import ndimage

if TYPE_CHECKING:
    from game.level.schema import MapSize

RADIUS = 1.0  # m: the kernel width R in f = exp(-d²/R²)/(πR²)
CELL = 0.5  # m between grid nodes
CADENCE = 0.5  # s between frames
WINDOW = 5.0  # s of frames the variance over time is taken on
MIN_FRAMES = 4  # frames with someone near a node before it has a variance (2 s)
OCCUPIED = 0.1  # persons/m²: someone within about a metre; below, V there is not a sample
TURBULENCE = 0.02  # 1/s²: crowd turbulence begins (Helbing, Johansson & Al-Abideen 2007)
SURGE = 0.5  # 1/s²: a surge, calibrated on our runs (above): the debrief's alarm line
FLOOR = 0.1  # 1/s²: below this the overlay and the map stay clear (steady crowds)
START_SECONDS = 8.0  # s: a run's crowds setting off from standing is not danger
TRUNCATE = 3.0  # the kernel is cut at this many standard deviations (R/√2 each)
MAX_NODES = 80_000  # a huge map gets coarser nodes, not a slow update or a big buffer
NEGLIGIBLE = 1e-9  # 1/s²: rounding noise of a steady flow, read as exactly 0


@dataclass(frozen=True)
class Peak:
    """The highest P and where it is (x, y in metres; None when nowhere is above 0)."""

    value: float
    x: float | None
    y: float | None


@dataclass(frozen=True)
class DangerField:
    """The fields on a grid of nodes: node (row i, column j) stands at
    (origin[0] + j·cell, origin[1] + i·cell); arrays are (rows y down, columns x)."""

    origin: tuple[float, float]
    cell: float
    density: np.ndarray  # persons/m², now
    mean_velocity: np.ndarray  # (rows, columns, 2) m/s: the local velocity field V, now
    variance: np.ndarray  # m²/s²: Var_t(V) over the window
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


def grid_cell(width: float, height: float, cell: float = CELL, cap: int = MAX_NODES) -> float:
    """The node spacing for a map: `cell`, or coarser so the nodes stay within `cap`."""
    nodes = (width / cell + 1) * (height / cell + 1)
    if nodes <= cap:
        return cell
    return float(math.sqrt(width * height / cap)) * 1.01


class DangerTracker:
    """Crowd pressure ρ·Var_t(V) on a fixed grid over a map (0..width × 0..height metres),
    fed with the crowd's positions and velocities once every CADENCE seconds."""

    def __init__(
        self,
        width: float,
        height: float,
        *,
        cell: float = CELL,
        radius: float = RADIUS,
        window: float = WINDOW,
        cadence: float = CADENCE,
        min_frames: int = MIN_FRAMES,
    ) -> None:
        self.cell = grid_cell(max(width, cell), max(height, cell), cell)
        self.radius = radius
        self.cadence = cadence
        self.frames = max(2, round(window / cadence))
        self.min_frames = max(2, min(min_frames, self.frames))
        self.nx = int(math.floor(max(width, 0.0) / self.cell)) + 1
        self.ny = int(math.floor(max(height, 0.0) / self.cell)) + 1
        shape = (self.frames, self.ny, self.nx)
        self._rho = np.zeros(shape, dtype=np.float32)
        self._vel = np.zeros((self.frames, 2, self.ny, self.nx), dtype=np.float32)
        self._filled = 0  # frames held (up to self.frames)
        self._head = 0  # where the next frame goes
        self._field: DangerField | None = None

    @classmethod
    def for_map(cls, level_map: MapSize) -> DangerTracker:
        """A tracker over a level's map."""
        return cls(float(level_map.width), float(level_map.height))

    @property
    def window(self) -> float:
        return self.frames * self.cadence

    @property
    def ready(self) -> bool:
        """Enough frames held for a node to have a variance."""
        return self._filled >= self.min_frames

    def reset(self) -> None:
        """Forget every frame (a jump in time: the old frames are not this moment's past)."""
        self._filled = 0
        self._head = 0
        self._field = None

    def feed(self, positions: np.ndarray, velocities: np.ndarray) -> None:
        """One frame: the crowd now (N×2 positions in m, N×2 velocities in m/s). People off
        the map or with non-finite numbers are left out."""
        rho, vx, vy = self._smooth(positions, velocities)
        self._rho[self._head] = rho
        self._vel[self._head, 0] = vx
        self._vel[self._head, 1] = vy
        self._head = (self._head + 1) % self.frames
        self._filled = min(self._filled + 1, self.frames)
        self._field = None

    def field(self) -> DangerField:
        """ρ and V at the latest frame, Var_t(V) over the window and P = ρ·Var_t(V)."""
        if self._field is None:
            self._field = self._compute()
        return self._field

    # --- the work ---------------------------------------------------------------------

    def _smooth(
        self, positions: np.ndarray, velocities: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """ρ and V on the grid: each person spread over the four nodes round them (cloud in
        cell), then one Gaussian filter for the count and the momentum at once."""
        p = np.asarray(positions, dtype=float).reshape(-1, 2)
        v = np.asarray(velocities, dtype=float).reshape(-1, 2)
        nx, ny, c = self.nx, self.ny, self.cell
        fx, fy = p[:, 0] / c, p[:, 1] / c
        keep = np.isfinite(p).all(axis=1) & np.isfinite(v).all(axis=1)
        keep &= (fx >= 0) & (fy >= 0) & (fx <= nx - 1) & (fy <= ny - 1)
        fx, fy, v = fx[keep], fy[keep], v[keep]
        # a person on the far edge is put in the last cell, at its far side
        j0 = np.minimum(np.floor(fx).astype(np.int64), max(nx - 2, 0))
        i0 = np.minimum(np.floor(fy).astype(np.int64), max(ny - 2, 0))
        tx, ty = fx - j0, fy - i0
        j1, i1 = np.minimum(j0 + 1, nx - 1), np.minimum(i0 + 1, ny - 1)
        moments = np.column_stack([np.ones(len(v)), v[:, 0], v[:, 1]])
        corners = [
            (i0 * nx + j0, (1 - ty) * (1 - tx)),
            (i0 * nx + j1, (1 - ty) * tx),
            (i1 * nx + j0, ty * (1 - tx)),
            (i1 * nx + j1, ty * tx),
        ]
        size = ny * nx
        index = np.concatenate([k * size + flat for k in range(3) for flat, _ in corners])
        weight = np.concatenate([w * moments[:, k] for k in range(3) for _, w in corners])
        grid = np.bincount(index, weights=weight, minlength=3 * size).astype(float)
        grid = grid.reshape(3, ny, nx)  # (float: numpy gives ints for nobody at all)
        s = self.radius / math.sqrt(2.0) / c  # exp(-d²/R²) is a Gaussian of sd R/√2
        # the filter's weights sum to 1, so a node's value is persons (momentum) per node area
        smooth = ndimage.gaussian_filter(grid, sigma=(0, s, s), mode="constant", truncate=TRUNCATE)
        smooth /= c * c
        rho, mx, my = smooth
        near = rho >= OCCUPIED
        safe = np.where(near, rho, 1.0)
        return rho, np.where(near, mx / safe, 0.0), np.where(near, my / safe, 0.0)

    def _compute(self) -> DangerField:
        origin = (0.0, 0.0)
        if self._filled == 0:
            z = np.zeros((self.ny, self.nx))
            return DangerField(origin, self.cell, z, np.zeros((self.ny, self.nx, 2)), z, z)
        last = (self._head - 1) % self.frames
        rho_now = self._rho[last].astype(float)
        v_now = np.moveaxis(self._vel[last].astype(float), 0, -1)
        held = slice(0, self._filled)  # the ring fills from 0; once full all frames count
        rho = self._rho[held]
        vel = self._vel[held]  # (frames, 2, ny, nx), float32 as stored: half the memory work
        seen = (rho >= OCCUPIED).astype(np.float32)  # the frames a node had someone near it
        n = seen.sum(axis=0)
        safe_n = np.maximum(n, 1.0)
        mean = np.einsum("fcij,fij->cij", vel, seen) / safe_n
        dev = vel - mean
        # x and y variances added, over the frames with someone near
        variance = np.einsum("fcij,fcij,fij->ij", dev, dev, seen).astype(float) / safe_n
        enough = (n >= self.min_frames) & (rho_now >= OCCUPIED)
        variance = np.where(enough, variance, 0.0)
        pressure = rho_now * variance
        # float32 rounding leaves ~1e-12 in a steady flow: that is no change at all
        pressure = np.where(pressure > NEGLIGIBLE, pressure, 0.0)
        variance = np.where(pressure > 0.0, variance, 0.0)
        return DangerField(origin, self.cell, rho_now, v_now, variance, pressure)
