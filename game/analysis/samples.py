"""Per-second samples of a run: the numbers the debrief charts, recorded in the replay.

They only read the simulation (no cached state of it is touched either), so taking a sample
can never change a run's state hash. The crowd danger needs the crowd's recent past: whoever
samples keeps a `DangerTracker`, feeds it with `feed_danger` every CADENCE seconds, and hands
its field to `sample` and `density_grid`. Values are rounded to about four significant
digits: a 20-minute run writes 1,200 samples and 120 density grids, and they stay small.
"""

from __future__ import annotations

import base64
import math
import zlib
from typing import Any

import numpy as np

from game.analysis.crowd_danger import CADENCE, FLOOR, START_SECONDS, DangerField, DangerTracker
from game.sim.constants import TICK_RATE
from game.sim.simulation import Simulation
from game.sim.slots import CROWD, OFFICER, VIP

GRID_FORMAT = "u8-zlib-b64"  # a density grid's counts: uint8, row-major, zlib, base64
DANGER_FORMAT = "u8-log2-zlib-b64"  # a danger grid: log-scale levels, packed as the counts
DANGER_STEPS = 4  # levels per doubling of the crowd pressure
DANGER_TICKS = round(CADENCE * TICK_RATE)  # ticks between two frames of the crowd danger


def sig(x: float, digits: int = 4) -> float:
    """x rounded to `digits` significant digits (a plain float, JSON-ready)."""
    x = float(x)
    if x == 0.0 or not math.isfinite(x):
        return 0.0
    return round(x, digits - 1 - math.floor(math.log10(abs(x))))


def _crowd_positions(sim: Simulation) -> tuple[np.ndarray, np.ndarray]:
    """The slots of the crowd on the map and where they stand, read afresh from the bodies
    (not through `sim.positions()`, which would fill the simulation's per-tick cache)."""
    crowd, p, _ = _crowd_state(sim)
    return crowd, p


def _crowd_state(sim: Simulation) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The crowd's slots, positions and velocities, read afresh as `_crowd_positions`."""
    pos, vel = sim.read_state()
    crowd = np.flatnonzero(sim.slots.mask(CROWD))
    return crowd, pos[crowd], vel[crowd]


def danger_tracker(sim: Simulation) -> DangerTracker:
    """A crowd danger tracker over this simulation's map."""
    return DangerTracker.for_map(sim.level.map)


def feed_danger(tracker: DangerTracker, sim: Simulation) -> None:
    """One frame of the crowd for the danger tracker (read-only, as a sample); none in the
    run's first START_SECONDS, while its crowds set off from standing."""
    if sim.tick < START_SECONDS * TICK_RATE:
        return
    _, p, v = _crowd_state(sim)
    tracker.feed(p, v)


def danger_peak(field: DangerField) -> dict[str, float | None]:
    """The highest crowd pressure (1/s², 4 digits) and where (x, y in m, to 0.1 m)."""
    peak = field.peak()
    where = peak.x is not None and peak.y is not None
    return {
        "peak": sig(peak.value),
        "x": round(float(peak.x), 1) if where else None,  # type: ignore[arg-type]
        "y": round(float(peak.y), 1) if where else None,  # type: ignore[arg-type]
    }


def sample(sim: Simulation, danger: DangerField | None = None) -> dict[str, Any]:
    """One second's numbers: crowd size and mood, injuries, arrests, people per zone, the
    load on each gate and the contact pressure on each squad (N/m); with `danger` (a
    tracker's field), the crowd danger's peak and where, else no `danger` key at all."""
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
    out: dict[str, Any] = {
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
    if danger is not None:
        out["danger"] = danger_peak(danger)  # 1/s², crowd pressure (crowd_danger.py)
    return out


def density_grid(
    sim: Simulation, cell: float = 1.0, danger: DangerField | None = None
) -> dict[str, Any]:
    """Where the crowd stands: people per `cell`-metre square over the box they occupy.

    `origin` is the box's first cell (ix, iy), `shape` its (rows, columns); `counts` holds
    the counts row by row (y down) as uint8 (capped at 255), compressed and base64-encoded:
    about a kilobyte for a thousand people. Read it back with `grid_counts`. With `danger`
    (a tracker's field), its `danger` is the crowd pressure on the same cells (`danger_grid`).
    """
    _, p = _crowd_positions(sim)
    if not len(p):
        grid: dict[str, Any] = {"cell": cell, "n": 0, "origin": [0, 0], "shape": [0, 0]}
        grid["counts"] = ""
    else:
        ij = np.floor(p / cell).astype(np.int64)
        lo = ij.min(axis=0)
        hi = ij.max(axis=0)
        nx, ny = (hi - lo + 1).tolist()
        flat = (ij[:, 1] - lo[1]) * nx + (ij[:, 0] - lo[0])
        counts = np.minimum(np.bincount(flat, minlength=nx * ny), 255).astype(np.uint8)
        packed = base64.b64encode(zlib.compress(counts.tobytes(), 9)).decode("ascii")
        grid = {
            "cell": cell,
            "n": int(len(p)),
            "origin": [int(lo[0]), int(lo[1])],
            "shape": [int(ny), int(nx)],
            "format": GRID_FORMAT,
            "counts": packed,
        }
    if danger is not None:
        grid["danger"] = danger_grid(danger, cell)
    return grid


def danger_grid(field: DangerField, cell: float = 1.0) -> dict[str, Any]:
    """The crowd pressure as a grid in the density grid's conventions: the highest P of
    each `cell`-metre square (cells numbered as floor(x / cell)), as uint8 levels on a log
    scale, compressed the same way: 0 is below `floor` (1/s²), level q ≥ 1 is
    floor·2^((q − 1)/steps), a step of about 19 %. Read it back with `grid_danger`."""
    empty = {"cell": cell, "origin": [0, 0], "shape": [0, 0], "values": ""}
    if field.empty or not float(field.pressure.max()) >= FLOOR:
        return empty
    rows, cols = field.pressure.shape
    xs = field.origin[0] + np.arange(cols) * field.cell
    ys = field.origin[1] + np.arange(rows) * field.cell
    jx = np.floor(xs / cell).astype(np.int64)  # nondecreasing: a cell's nodes are together
    iy = np.floor(ys / cell).astype(np.int64)
    rows_at, r_start = np.unique(iy, return_index=True)
    cols_at, c_start = np.unique(jx, return_index=True)
    most = np.maximum.reduceat(field.pressure, r_start, axis=0)
    most = np.maximum.reduceat(most, c_start, axis=1)
    top = np.zeros((int(iy[-1] - iy[0]) + 1, int(jx[-1] - jx[0]) + 1))
    top[np.ix_(rows_at - iy[0], cols_at - jx[0])] = most  # coarse nodes may skip a cell
    # only the box of cells above the floor is kept: most of the crowd's box is calm
    hot = np.argwhere(top >= FLOOR)
    (r0, c0), (r1, c1) = hot.min(axis=0), hot.max(axis=0)
    top = top[r0 : r1 + 1, c0 : c1 + 1]
    level = 1 + np.rint(DANGER_STEPS * np.log2(np.maximum(top, FLOOR) / FLOOR))
    q = np.where(top >= FLOOR, np.minimum(level, 255), 0).astype(np.uint8)
    # level 6: as small as 9 for these levels, and a large calm box takes 9 a while
    packed = base64.b64encode(zlib.compress(q.tobytes(), 6)).decode("ascii")
    return {
        "cell": cell,
        "origin": [int(jx[0] + c0), int(iy[0] + r0)],
        "shape": [int(q.shape[0]), int(q.shape[1])],
        "format": DANGER_FORMAT,
        "floor": FLOOR,
        "steps": DANGER_STEPS,
        "values": packed,
    }


def grid_danger(grid: dict[str, Any]) -> np.ndarray:
    """A danger grid's values in 1/s² as a (rows, columns) array, rows y down from its
    `origin` (raises ValueError on a damaged grid)."""
    try:
        q = grid_counts({"shape": grid.get("shape", (0, 0)), "counts": grid.get("values")})
    except zlib.error as exc:
        raise ValueError(f"danger grid values are damaged: {exc}") from exc
    floor = float(grid.get("floor", FLOOR))
    steps = float(grid.get("steps", DANGER_STEPS)) or DANGER_STEPS
    return np.where(q > 0, floor * np.exp2((q - 1) / steps), 0.0)


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
