"""Overlays the replay viewer can lay over the map: crowd density, pressure on bodies, mood,
the path a selected squad walked, each use of force with its proportionality verdict, and
the crowd danger (Helbing's crowd pressure ρ·Var_t(V), game/analysis/crowd_danger.py).

Each reads the simulation (never changes it) and draws in screen space through the camera.
"""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.analysis.crowd_danger import FLOOR, SURGE, DangerField, DangerTracker
from game.analysis.samples import DANGER_TICKS, feed_danger
from game.sim.harm import INJURY_PRESSURE
from game.sim.simulation import Simulation
from game.sim.slots import CROWD

OVERLAYS = ("density", "pressure", "mood", "paths", "force", "danger")
KEYS = {
    pygame.K_d: "density",
    pygame.K_p: "pressure",
    pygame.K_a: "mood",
    pygame.K_j: "paths",
    pygame.K_f: "force",
    pygame.K_c: "danger",  # C for crush: D (density) and B (the legend) are taken
}
DANGER_TOP = 4 * SURGE  # 1/s²: full red from four times a surge (a gate giving way)
DANGER_LOW = np.array([250, 190, 40])  # at the floor: amber, to show on sand and grass
DANGER_HIGH = np.array([215, 30, 45])  # at DANGER_TOP and above: red


def _ramp(v: np.ndarray) -> np.ndarray:
    """0 → green, 0.5 → yellow, 1 → red, as RGB rows."""
    v = np.clip(v, 0.0, 1.0)[:, None]
    low = np.array([60, 200, 90]) + (np.array([240, 200, 40]) - [60, 200, 90]) * (v * 2)
    high = np.array([240, 200, 40]) + (np.array([230, 50, 40]) - [240, 200, 40]) * (v * 2 - 1)
    return np.where(v < 0.5, low, high).astype(int)


def density(surface: pygame.Surface, camera, sim: Simulation) -> None:
    """People per m² in 1 m cells; from 2 /m² the colour warns, past 4 it is red."""
    pos, _ = sim.positions()
    p = pos[sim.crowd_slots()]
    if not len(p):
        return
    cells, counts = np.unique(np.floor(p).astype(int), axis=0, return_counts=True)
    layer = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    size = max(1, int(round(camera.scale)))
    colours = _ramp(counts / 5.0)
    for (cx, cy), n, c in zip(cells, counts, colours, strict=True):
        x, y = (int(v) for v in camera.to_screen(np.array([cx, cy], float)))
        layer.fill((*c, 60 + min(150, 30 * int(n))), (x, y, size, size))
    surface.blit(layer, (0, 0))


def pressure(surface: pygame.Surface, camera, sim: Simulation) -> None:
    """A ring on every body under load, red from the injury level (1600 N/m)."""
    s = sim.slots
    pos, _ = sim.positions()
    loaded = np.flatnonzero(s.view("alive") & (s.view("pressure") > 0.15 * INJURY_PRESSURE))
    if not len(loaded):
        return
    colours = _ramp(s.pressure[loaded] / INJURY_PRESSURE)
    r = max(3, int(camera.scale * 0.35))
    for slot, c in zip(loaded.tolist(), colours, strict=True):
        x, y = (int(v) for v in camera.to_screen(pos[slot]))
        pygame.draw.circle(surface, c, (x, y), r, 2)


def mood(surface: pygame.Surface, camera, sim: Simulation) -> None:
    """Each member of the crowd ringed by how agitated they are."""
    s = sim.slots
    pos, _ = sim.positions()
    crowd = np.flatnonzero(s.view("alive") & (s.view("kind") == CROWD))
    colours = _ramp(s.agitation[crowd])
    r = max(3, int(camera.scale * 0.32))
    for slot, c in zip(crowd.tolist(), colours, strict=True):
        x, y = (int(v) for v in camera.to_screen(pos[slot]))
        pygame.draw.circle(surface, c, (x, y), r, 2)


def paths(surface: pygame.Surface, camera, trail: list[np.ndarray]) -> None:
    """Where the selected squad's centre has been in this replay."""
    if len(trail) < 2:
        return
    pts = [tuple(int(v) for v in camera.to_screen(p)) for p in trail]
    pygame.draw.lines(surface, (120, 200, 255), False, pts, 3)
    pygame.draw.circle(surface, (120, 200, 255), pts[-1], 5)


def force(surface: pygame.Surface, camera, uses: list[tuple[np.ndarray, bool]]) -> None:
    """A ring where each use of force landed: green if it fitted the behaviour, red if not."""
    r = max(6, int(camera.scale * 1.2))
    for at, excess in uses:
        x, y = (int(v) for v in camera.to_screen(at))
        colour = (240, 80, 70) if excess else (90, 210, 120)
        pygame.draw.circle(surface, colour, (x, y), r, 3)
        if excess:
            pygame.draw.line(surface, colour, (x - r // 2, y - r // 2), (x + r // 2, y + r // 2), 3)


class DangerLayer:
    """The crowd danger over the map, from a tracker of its own fed with the replay's crowd
    every CADENCE seconds as the replay plays (`observe` after each tick), drawn as a
    translucent colour ramp over the places above FLOOR: pale yellow there, orange at the
    turbulence threshold, red beyond. A jump in time (`reset`) starts the window afresh:
    nothing shows until it holds a few seconds again."""

    def __init__(self) -> None:
        self._tracker: DangerTracker | None = None
        self._last: int | None = None  # the tick of the last frame fed

    def _for(self, sim: Simulation) -> DangerTracker:
        if self._tracker is None:
            self._tracker = DangerTracker.for_map(sim.level.map)
        return self._tracker

    def reset(self) -> None:
        if self._tracker is not None:
            self._tracker.reset()
        self._last = None

    def observe(self, sim: Simulation) -> None:
        """After each tick of the replay: a frame every DANGER_TICKS ticks."""
        tracker = self._for(sim)
        tick = sim.tick
        if tick % DANGER_TICKS:
            return
        if self._last is not None and not 0 < tick - self._last <= DANGER_TICKS:
            tracker.reset()  # not the next frame of the same run: its past is not this one's
        feed_danger(tracker, sim)
        self._last = tick

    def ready(self, sim: Simulation) -> bool:
        """The window holds enough frames to show anything."""
        return self._for(sim).ready

    def field(self, sim: Simulation) -> DangerField:
        return self._for(sim).field()

    def draw(self, surface: pygame.Surface, camera, sim: Simulation) -> None:
        danger(surface, camera, self.field(sim))


def danger_colours(p: np.ndarray) -> np.ndarray:
    """RGBA rows for crowd pressures (1/s²), log scale from FLOOR to DANGER_TOP; clear
    below the floor."""
    p = np.asarray(p, dtype=float)
    t = np.log(np.maximum(p, FLOOR) / FLOOR) / math.log(DANGER_TOP / FLOOR)
    t = np.clip(t, 0.0, 1.0)[..., None]
    rgb = DANGER_LOW + (DANGER_HIGH - DANGER_LOW) * t
    alpha = np.where(p >= FLOOR, 90 + 110 * t[..., 0], 0)
    return np.concatenate([rgb, alpha[..., None]], axis=-1).astype(np.uint8)


def danger(surface: pygame.Surface, camera, field: DangerField) -> None:
    """The part of the field inside the map's viewport, one smooth image blitted once."""
    if field.empty:
        return
    rows, cols = field.pressure.shape
    c, (ox, oy) = field.cell, field.origin
    vx, vy, vw, vh = camera.viewport
    lo = camera.to_world((vx, vy))
    hi = camera.to_world((vx + vw, vy + vh))
    # node (i, j) stands at the centre of a cell of side c
    j0 = max(0, math.floor((lo[0] - ox) / c + 0.5))
    i0 = max(0, math.floor((lo[1] - oy) / c + 0.5))
    j1 = min(cols, math.ceil((hi[0] - ox) / c + 0.5))
    i1 = min(rows, math.ceil((hi[1] - oy) / c + 0.5))
    if j1 <= j0 or i1 <= i0:
        return
    part = field.pressure[i0:i1, j0:j1]
    if not (part >= FLOOR).any():
        return
    rgba = np.ascontiguousarray(danger_colours(part))
    image = pygame.image.frombuffer(rgba.tobytes(), (j1 - j0, i1 - i0), "RGBA")
    x0, y0 = camera.to_screen((ox + (j0 - 0.5) * c, oy + (i0 - 0.5) * c))
    size = tuple(max(1, round(n * c * camera.scale)) for n in (j1 - j0, i1 - i0))
    surface.blit(pygame.transform.smoothscale(image, size), (round(x0), round(y0)))
