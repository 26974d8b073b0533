"""Where the crowd stood: the recorded density grids, summed, over the site plan.

The plan is drawn from the level itself, in metres with y down as on screen: the ground,
the buildings with their labels, walls (solid) and fences (dashed), the zones, and each gate
in the state it ended in (closed, open or broken). `plan_figure` draws that plan for any
map of the site: the density here, the crowd danger in danger.py.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.colorbar import Colorbar
from matplotlib.figure import Figure
from matplotlib.patches import Polygon

from game.analysis.samples import grid_counts
from game.debrief.data import DebriefInput
from game.debrief.text import Words

WIDTH, DPI = 10.0, 100  # inches and dots per inch, as the other charts

GROUND = {
    "road": "#d4d4d4",
    "courtyard": "#efe9dc",
    "grass": "#d5ebc8",
    "parking": "#e2e2e2",
    "pavement": "#e8e4dc",
    "dirt": "#e6d6b8",
}
LABEL_CHAR_PX = 5.0  # about how wide a 7-point character is, to wrap building labels
HALO = [patheffects.withStroke(linewidth=2.2, foreground="white")]  # labels over the heat
GATE_STATE = {"closed": "#1d4ed8", "open": "#16a34a", "broken": "#d0342c"}
ZONE_KINDS = ("spawn", "goal", "exit", "measure")  # deployment zones are the police's


def mean_density(data: DebriefInput) -> tuple[np.ndarray, float]:
    """People per m², averaged over the recorded grids, on the level's map: (rows y down,
    columns x), and the cell size in metres. Damaged grids are skipped."""
    cell = 1.0
    for _, g in data.grids:
        cell = float(g.get("cell", 1.0)) or 1.0
        break
    ny = max(1, math.ceil(data.level.map.height / cell))
    nx = max(1, math.ceil(data.level.map.width / cell))
    total = np.zeros((ny, nx))
    used = 0
    for _, g in data.grids:
        if float(g.get("cell", cell)) != cell:
            continue
        try:
            counts = grid_counts(g)
        except (ValueError, KeyError, TypeError):
            continue
        used += 1
        if not counts.size:
            continue
        ox, oy = (int(v) for v in g.get("origin", (0, 0)))
        h, w = counts.shape
        # clip to the map: someone may stand a hair outside its edge
        x0, y0 = max(ox, 0), max(oy, 0)
        x1, y1 = min(ox + w, nx), min(oy + h, ny)
        if x1 > x0 and y1 > y0:
            total[y0:y1, x0:x1] += counts[y0 - oy : y1 - oy, x0 - ox : x1 - ox]
    if used:
        total /= used * cell * cell
    return total, cell


def _final_gate_states(data: DebriefInput) -> dict[str, str]:
    states = {g.name: ("open" if g.open else "closed") for g in data.level.gates}
    for _, s in data.metrics:
        for name, g in (s.get("gates") or {}).items():
            if isinstance(g, dict) and g.get("state") in GATE_STATE:
                states[str(name)] = str(g["state"])
    for e in data.of_kind("gate_broken"):
        states[str(e.get("data", {}).get("gate"))] = "broken"
    return states


def _centroid(points: Any) -> tuple[float, float]:
    p = np.asarray(points, dtype=float)
    return float(p[:, 0].mean()), float(p[:, 1].mean())


@dataclass
class Plan:
    """A figure with the level's plan drawn on its axes, and room on the right for a bar."""

    fig: Figure
    ax: Axes
    left: float  # inches
    right: float
    bottom: float
    plan_h: float
    fig_h: float

    def grid_image(self, grid: np.ndarray, cell: float, **style: Any) -> Any:
        """A map-wide grid (rows y down, `cell` metres each) laid over the plan."""
        return self.ax.imshow(
            grid,
            extent=(0, grid.shape[1] * cell, grid.shape[0] * cell, 0),
            origin="upper",
            alpha=0.85,
            interpolation="nearest",
            zorder=3,
            **style,
        )

    def colour_bar(self, image: Any, label: str) -> Colorbar:
        cax = self.fig.add_axes(
            (
                (WIDTH - self.right + 0.15) / WIDTH,
                self.bottom / self.fig_h,
                0.18 / WIDTH,
                self.plan_h / self.fig_h,
            )
        )
        bar = self.fig.colorbar(image, cax=cax)
        bar.set_label(label)
        return bar


def plan_figure(data: DebriefInput, w: Words, title: str) -> Plan:
    """The site plan of the run's level, in metres with y down, under `title`: ground and
    zones below a heat layer drawn at zorder 3, buildings, walls and gates above it."""
    level = data.level
    width, height = level.map.width, level.map.height
    left, right, top, bottom = 0.7, 1.25, 0.45, 0.55  # inches, room for the colour bar
    plan_w = WIDTH - left - right
    plan_h = min(9.0, max(2.5, plan_w * height / width))
    fig = Figure(figsize=(WIDTH, plan_h + top + bottom), dpi=DPI)
    fig_h = plan_h + top + bottom
    ax = fig.add_axes((left / WIDTH, bottom / fig_h, plan_w / WIDTH, plan_h / fig_h))
    px_per_metre = min(plan_w / width, plan_h / height) * DPI
    ax.set_title(title)
    ax.set_facecolor("#f7f7f5")
    for g in level.ground:
        ax.add_patch(
            Polygon(g.outline(), closed=True, fc=GROUND.get(g.kind, "#eee"), ec="none", zorder=1)
        )
    for z in level.zones:
        if z.kind not in ZONE_KINDS:
            continue
        ax.add_patch(
            Polygon(z.outline(), closed=True, fill=False, ec="#7c8799", ls=":", lw=0.9, zorder=2)
        )
        x0, y0 = min(p[0] for p in z.outline()), min(p[1] for p in z.outline())
        ax.text(
            x0 + 0.3,
            y0 + 0.3,
            w.zone(z.name),
            fontsize=6.5,
            color="#5b6472",
            va="top",
            zorder=6,
            clip_on=True,
            path_effects=HALO,
        )
    for b in level.buildings:
        ax.add_patch(Polygon(b.polygon, closed=True, fc="#8b919c", ec="#4b5060", lw=1.0, zorder=4))
        if b.label is not None:
            cx, cy = _centroid(b.polygon)
            across = [p[0] for p in b.polygon]
            chars = max(6, int((max(across) - min(across)) * px_per_metre / LABEL_CHAR_PX))
            ax.text(
                cx,
                cy,
                textwrap.fill(w.label(b.label), chars),
                ha="center",
                va="center",
                fontsize=7,
                color="white",
                zorder=6,
                clip_on=True,
            )
    for wall in level.walls:
        xs, ys = zip(*wall.points, strict=True)
        if wall.kind == "fence":
            ax.plot(xs, ys, color="#3f3f46", lw=1.2, ls=(0, (3, 1.5)), zorder=5)
        else:
            ax.plot(
                xs,
                ys,
                color="#27272a",
                lw=max(1.5, wall.thickness * 8),
                solid_capstyle="butt",
                zorder=5,
            )
    states = _final_gate_states(data)
    for gate in level.gates:
        state = states.get(gate.name, "closed")
        (ax_, ay), (bx, by) = gate.a, gate.b
        ax.plot([ax_, bx], [ay, by], color=GATE_STATE[state], lw=4, solid_capstyle="butt", zorder=6)
        ax.text(
            (ax_ + bx) / 2,
            (ay + by) / 2 - 1.0,
            w.gate(gate.name),
            ha="center",
            va="bottom",
            fontsize=7,
            color=GATE_STATE[state],
            zorder=7,
            fontweight="bold",
            path_effects=HALO,
        )
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # y down, as on screen
    ax.set_aspect("equal")
    ax.set_xlabel(w("chart.metres"))
    ax.set_ylabel(w("chart.metres"))
    ax.grid(False)
    return Plan(fig, ax, left, right, bottom, plan_h, fig_h)


def heatmap_figure(data: DebriefInput, w: Words) -> Figure:
    plan = plan_figure(data, w, w("chart.heat_title"))
    density, cell = mean_density(data)
    if density.max() > 0:
        masked = np.ma.masked_less_equal(density, 0.0)
        top = max(float(np.percentile(density[density > 0], 99)), 0.05)
        image = plan.grid_image(masked, cell, cmap="inferno_r", vmin=0, vmax=top)
        plan.colour_bar(image, w("chart.heat_unit"))
    return plan.fig
