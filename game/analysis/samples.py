"""Per-second samples of a run: the numbers the debrief charts, recorded in the replay.

Both functions only read the simulation (no cached state of it is touched either), so taking
a sample can never change a run's state hash. Values are rounded to about four significant
digits: a 20-minute run writes 1,200 samples and 120 density grids, and they stay small.
"""

from __future__ import annotations

import base64
import math
import zlib
from typing import Any

import numpy as np

from game.sim.simulation import Simulation
from game.sim.slots import CROWD, OFFICER, VIP

GRID_FORMAT = "u8-zlib-b64"  # a density grid's counts: uint8, row-major, zlib, base64


def sig(x: float, digits: int = 4) -> float:
    """x rounded to `digits` significant digits (a plain float, JSON-ready)."""
    x = float(x)
    if x == 0.0 or not math.isfinite(x):
        return 0.0
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def _crowd_positions(sim: Simulation) -> tuple[np.ndarray, np.ndarray]:
    """The slots of the crowd on the map and where they stand, read afresh from the bodies
    (not through `sim.positions()`, which would fill the simulation's per-tick cache)."""
    pos, _ = sim.read_state()
    crowd = np.flatnonzero(sim.slots.mask(CROWD))
    return crowd, pos[crowd]


def sample(sim: Simulation) -> dict[str, Any]:
    """One second's numbers: crowd size and mood, injuries, arrests, people per zone, the
    load on each gate and the contact pressure on each squad (N/m)."""
    s = sim.slots
    kind = s.view("kind")
    injured = s.view("injured")
    crowd, p = _crowd_positions(sim)
    free = crowd[~injured[crowd]]
    mood = sim.mood_summary()
    zones: dict[str, int] = {}
    for zone in sim.level.zones:
        inside = sim.world.inside_zone(zone.name, p) if len(p) else np.zeros(0, dtype=bool)
        zones[zone.name] = int(inside.sum())
    gates = {g.name: {"load": sig(g.load), "state": g.state} for g in sim.gates}
    pressure = s.view("pressure")
    alive = s.view("alive")
    cordon: dict[str, float] = {}
    for squad in sim.squads:
        members = squad.members[alive[squad.members]]
        cordon[squad.name] = sig(pressure[members].mean()) if len(members) else 0.0
    return {
        "present": int(len(crowd)),
        "agitation": sig(mood["agitation"]),
        "active_share": sig(mood["active_share"]),
        "legitimacy": sig(mood["legitimacy"]),
        "colour": sim.colour,
        "active": int(s.view("active")[free].sum()),
        # protected people count with the crowd, as the score counts them (crowd_injured)
        "injured_crowd": int((injured & np.isin(kind, (CROWD, VIP))).sum()),
        "injured_officers": int((injured & (kind == OFFICER)).sum()),
        "arrested": int(s.view("arrested").sum()),
        "zones": zones,
        "gates": gates,
        "cordon": cordon,
    }


def density_grid(sim: Simulation, cell: float = 1.0) -> dict[str, Any]:
    """Where the crowd stands: people per `cell`-metre square over the box they occupy.

    `origin` is the box's first cell (ix, iy), `shape` its (rows, columns); `counts` holds
    the counts row by row (y down) as uint8 (capped at 255), compressed and base64-encoded:
    about a kilobyte for a thousand people. Read it back with `grid_counts`.
    """
    _, p = _crowd_positions(sim)
    if not len(p):
        return {"cell": cell, "n": 0, "origin": [0, 0], "shape": [0, 0], "counts": ""}
    ij = np.floor(p / cell).astype(np.int64)
    lo = ij.min(axis=0)
    hi = ij.max(axis=0)
    nx, ny = (hi - lo + 1).tolist()
    flat = (ij[:, 1] - lo[1]) * nx + (ij[:, 0] - lo[0])
    counts = np.minimum(np.bincount(flat, minlength=nx * ny), 255).astype(np.uint8)
    packed = base64.b64encode(zlib.compress(counts.tobytes(), 9)).decode("ascii")
    return {
        "cell": cell,
        "n": int(len(p)),
        "origin": [int(lo[0]), int(lo[1])],
        "shape": [int(ny), int(nx)],
        "format": GRID_FORMAT,
        "counts": packed,
    }


def grid_counts(grid: dict[str, Any]) -> np.ndarray:
    """A density grid's counts as a (rows, columns) array of ints, rows y down from its
    `origin` (raises ValueError on a damaged grid)."""
    ny, nx = (int(v) for v in grid.get("shape", (0, 0)))
    if ny <= 0 or nx <= 0:
        return np.zeros((0, 0), dtype=np.int64)
    if ny * nx > 10_000_000:
        raise ValueError("density grid too large")
    # never inflate more than the shape says: a damaged or forged file cannot blow up memory
    raw = zlib.decompressobj().decompress(base64.b64decode(str(grid["counts"])), ny * nx + 1)
    data = np.frombuffer(raw, dtype=np.uint8)
    if len(data) != ny * nx:
        raise ValueError("density grid counts do not match its shape")
    return data.reshape(ny, nx).astype(np.int64)
