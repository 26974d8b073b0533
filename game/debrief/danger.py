"""Crowd danger in the debrief: Helbing's crowd pressure ρ·Var_t(V) over time, and where on
the site it was highest (game/analysis/crowd_danger.py tracks it while the run is played).

A run recorded before the danger was sampled has none: both charts then say so, and the
rest of the debrief is unchanged.
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from game.analysis.crowd_danger import FLOOR, SURGE, TURBULENCE
from game.analysis.samples import grid_danger
from game.debrief.charts import BAD, _empty, _figure, _time_axis, label_line, side_legend
from game.debrief.data import DebriefInput
from game.debrief.heatmap import plan_figure
from game.debrief.text import Words

LINE = "#7f1d1d"
DANGER_BAND = "#fecaca"


def peaks(data: DebriefInput) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(seconds, peak P in 1/s², x, y) of every sample that recorded the danger; x and y
    are NaN where nobody was on the map. Samples without it (older replays) are skipped."""
    rows: list[tuple[float, float, float, float]] = []
    for tick, s in data.metrics:
        d = s.get("danger")
        if not isinstance(d, dict) or not isinstance(d.get("peak"), int | float):
            continue
        x, y = d.get("x"), d.get("y")
        where = isinstance(x, int | float) and isinstance(y, int | float)
        rows.append(
            (
                data.seconds(tick),
                max(0.0, float(d["peak"])),
                float(x) if where else math.nan,  # type: ignore[arg-type]
                float(y) if where else math.nan,  # type: ignore[arg-type]
            )
        )
    if not rows:
        empty = np.zeros(0)
        return empty, empty, empty, empty
    t, p, x, y = (np.asarray(c, dtype=float) for c in zip(*rows, strict=True))
    return t, p, x, y


def _number(x: float, _: object = None) -> str:
    """0.02, 0.5, 3, 10: a log axis a trainee can read."""
    return f"{x:.3g}"


def danger_figure(data: DebriefInput, w: Words) -> Figure:
    """The highest crowd danger on the map each second, against the level where Helbing et
    al. (2007) saw crowd turbulence begin; the band above it is shaded."""
    fig, (ax,) = _figure(3.8, right=0.2)
    h = fig.get_size_inches()[1]
    fig.subplots_adjust(top=1 - 0.75 / h)
    ax.set_title(w("chart.danger_title"), pad=20)
    ax.text(
        0, 1.03, w("chart.danger_explain"), transform=ax.transAxes, fontsize=8.5, color="#4b5563"
    )
    t, p, _, _ = peaks(data)
    if not len(t):
        _empty(ax, w("chart.danger_none"))
        return fig
    low = TURBULENCE / 2
    top = max(SURGE * 4, float(p.max()) * 2)
    ax.set_yscale("log")
    ax.set_ylim(low, top)
    ax.axhspan(SURGE, top, color=DANGER_BAND, alpha=0.35, lw=0, zorder=0.5)
    ax.plot(t, np.maximum(p, low), color=LINE, lw=1.8, label=w("chart.danger_peak"))
    ax.axhline(SURGE, color=BAD, ls="--", lw=1.2)
    ax.axhline(TURBULENCE, color="#6b7280", ls=":", lw=1.0)
    label_line(ax, w("chart.danger_threshold", value=_number(SURGE)), SURGE, BAD)
    label_line(ax, w("chart.danger_reference", value=_number(TURBULENCE)), TURBULENCE, "#6b7280")
    ax.yaxis.set_major_formatter(FuncFormatter(_number))
    ax.yaxis.set_minor_formatter(FuncFormatter(lambda *_: ""))
    ax.set_ylabel(w("chart.danger_unit"))
    _time_axis(ax, w, data)
    handles = [
        Line2D([], [], color=LINE, lw=1.8),
        Line2D([], [], color=BAD, ls="--", lw=1.2),
        Line2D([], [], color="#6b7280", ls=":", lw=1.0),
        Patch(color=DANGER_BAND, alpha=0.6),
    ]
    labels = [
        w("chart.danger_peak"),
        w("chart.danger_line"),
        w("chart.danger_reference_line"),
        w("chart.danger_band"),
    ]
    side_legend(fig, ax, handles, labels)
    return fig


def highest_danger(data: DebriefInput) -> tuple[np.ndarray, float]:
    """The highest crowd pressure each cell saw in the recorded grids, on the level's map
    (rows y down, columns x), and the cell size in metres. Damaged grids are skipped."""
    grids = [g["danger"] for _, g in data.grids if isinstance(g.get("danger"), dict)]
    cell = next((float(g.get("cell", 1.0)) or 1.0 for g in grids), 1.0)
    ny = max(1, math.ceil(data.level.map.height / cell))
    nx = max(1, math.ceil(data.level.map.width / cell))
    most = np.zeros((ny, nx))
    for g in grids:
        if float(g.get("cell", cell)) != cell:
            continue
        try:
            values = grid_danger(g)
            ox, oy = (int(v) for v in g.get("origin", (0, 0)))
        except (ValueError, KeyError, TypeError):
            continue
        if not values.size:
            continue
        h, wd = values.shape
        x0, y0 = max(ox, 0), max(oy, 0)
        x1, y1 = min(ox + wd, nx), min(oy + h, ny)
        if x1 > x0 and y1 > y0:
            patch = values[y0 - oy : y1 - oy, x0 - ox : x1 - ox]
            most[y0:y1, x0:x1] = np.maximum(most[y0:y1, x0:x1], patch)
    return most, cell


def danger_map_figure(data: DebriefInput, w: Words) -> Figure:
    """The site plan with the highest crowd danger each place saw (from the grids taken
    every 10 s), and a dot where the danger peaked each second it passed a surge (SURGE)."""
    plan = plan_figure(data, w, w("chart.danger_map_title"))
    ax = plan.ax
    most, cell = highest_danger(data)
    t, p, x, y = peaks(data)
    if not len(t) and not most.any():
        ax.text(
            0.5,
            0.5,
            w("chart.danger_none"),
            ha="center",
            va="center",
            transform=ax.transAxes,
            color="#444",
            zorder=8,
            bbox={"fc": "white", "ec": "#ccc", "alpha": 0.9},
        )
        return plan.fig
    top = max(SURGE * 4, float(most.max()), float(p.max(initial=0.0)))
    norm = LogNorm(vmin=FLOOR, vmax=top)
    if most.max() >= FLOOR:
        image = plan.grid_image(np.ma.masked_less(most, FLOOR), cell, cmap="YlOrRd", norm=norm)
        bar = plan.colour_bar(image, w("chart.danger_unit"))
        bar.ax.axhline(SURGE, color="black", lw=1.5)
        bar.ax.yaxis.set_major_formatter(FuncFormatter(_number))
        bar.ax.yaxis.set_minor_formatter(FuncFormatter(lambda *_: ""))
    over = (p >= SURGE) & np.isfinite(x) & np.isfinite(y)
    if over.any():
        ax.scatter(
            x[over],
            y[over],
            s=14,
            c="#111827",
            edgecolors="white",
            linewidths=0.6,
            zorder=5.5,  # under the gates and their names
            label=w("chart.danger_dots"),
        )
        ax.legend(loc="lower right", fontsize=7.5, framealpha=0.85)
    return plan.fig
