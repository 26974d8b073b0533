"""`python main.py preview LEVEL --out FILE.png`: the level drawn as an instructor checks it.

A site plan in metres with a labelled grid, and every named thing of the level at its
place with its name: buildings, walls and fences, gates, zones (coloured by kind),
measurement lines, each crowd group at its spawn zone (with its head count and an arrow to
its goal), each squad in its starting formation (with its kind and officers) and the people
to protect. Names are the level file's own, since the instructor looks them up there.

Read from the Level model only (nothing of the simulation is imported), drawn by
matplotlib's Agg canvas without pyplot, so it runs on a machine without a display.
Labels are placed one by one where they cover no label placed before, with a leader line
back to their place when they had to move away from it.
"""

from __future__ import annotations

import math
import os
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matplotlib import patheffects
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Polygon
from matplotlib.text import Annotation, Text
from matplotlib.ticker import MultipleLocator
from matplotlib.transforms import Bbox, BboxBase

from game.level.schema import Level
from game.ui.i18n import catalog

LANGUAGES = ("id", "en")
DPI = 100
PLAN_WIDTH = 13.0  # inches of the plan for a map wider than tall; the legend is beside it
PLAN_MAX_HEIGHT = 11.0
LEGEND_WIDTH = 3.4  # inches
FONT = 7.5  # points, the labels on the plan
LEGEND_CHARS = 30  # a legend entry wraps after this many characters

GROUND = {
    "road": "#d9d9d9",
    "courtyard": "#f1ece1",
    "grass": "#d3e9c6",
    "parking": "#e4e4e4",
    "pavement": "#e9e5dc",
    "dirt": "#e7d8bb",
}
ZONE = {  # kind: (edge and text colour, fill)
    "spawn": ("#c62828", "#ef9a9a"),
    "goal": ("#b8860b", "#ffe082"),
    "exit": ("#2e7d32", "#a5d6a7"),
    "measure": ("#6a1b9a", "#ce93d8"),
    "deploy": ("#1565c0", "#90caf9"),
}
BUILDING, BUILDING_EDGE = "#b9aa94", "#5d4e3c"
WALL, FENCE = "#263238", "#455a64"
GATE, GATE_OPEN = "#ef6c00", "#ffb74d"
LINE = "#ad1457"
CROWD = "#b71c1c"
SQUAD = "#1a237e"
PERSON = "#00897b"
HALO = [patheffects.withStroke(linewidth=2.4, foreground="white")]
GRID_STEPS = (5, 10, 20, 25, 50, 100, 200)  # metres between labelled grid lines


@dataclass
class Preview:
    """The drawn figure, and the label of each named item by "section:name"."""

    figure: Figure
    labels: dict[str, Text] = field(default_factory=dict)


def words(language: str) -> dict[str, str]:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    every = catalog(language)
    return {k.removeprefix("preview."): v for k, v in every.items() if k.startswith("preview.")}


def grid_step(width: float, height: float) -> float:
    """Metres between labelled grid lines: 5 or 10 on a site, more on a town map."""
    longest = max(width, height)
    return next((s for s in GRID_STEPS if longest / s <= 25), GRID_STEPS[-1])


def preview_figure(level: Level, language: str = "id", source: str = "") -> Preview:
    w = words(language)
    width, height = level.map.width, level.map.height
    # the plan as large as fits in PLAN_WIDTH x PLAN_MAX_HEIGHT, never tiny
    scale = min(PLAN_WIDTH / width, PLAN_MAX_HEIGHT / height)
    plan_w, plan_h = width * scale, max(2.2, height * scale)
    room = max(0.0, (4.0 - plan_w) / 2)  # a narrow plan keeps room beside it for labels
    left, right, top, bottom = 0.75 + room, 0.55 + room, 1.05, 0.6
    fig_w = left + plan_w + right + LEGEND_WIDTH
    handles = _legend_handles(level, w)
    fig_h = max(top + plan_h + bottom, top + _legend_height(handles))
    fig = Figure(figsize=(fig_w, fig_h), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(
        (left / fig_w, (fig_h - top - plan_h) / fig_h, plan_w / fig_w, plan_h / fig_h)
    )
    ax.set_facecolor("#fafaf7")
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)  # y down, as in the level file and on screen
    ax.set_aspect("equal", adjustable="box", anchor="NW")
    _grid(ax, width, height, w)

    labels = _Labels(fig, ax)
    for ground in level.ground:
        ax.add_patch(
            Polygon(ground.outline(), closed=True, fc=GROUND[ground.kind], ec="none", zorder=1)
        )
    for z in level.zones:
        edge, fill = ZONE[z.kind]
        ax.add_patch(Polygon(z.outline(), closed=True, fc=fill, alpha=0.45, ec="none", zorder=2))
        ax.add_patch(
            Polygon(z.outline(), closed=True, fill=False, ec=edge, lw=1.3, ls="--", zorder=3)
        )
        xs, ys = zip(*z.outline(), strict=True)
        labels.want(f"zones:{z.name}", z.name, (min(xs), min(ys)), edge, corner=True)
    for b in level.buildings:
        ax.add_patch(Polygon(b.polygon, closed=True, fc=BUILDING, ec=BUILDING_EDGE, lw=1, zorder=4))
        labels.want(f"buildings:{b.name}", b.name, _centroid(b.polygon), "#3e2f1f", bold=True)
    for wall in level.walls:
        xs, ys = zip(*wall.points, strict=True)
        if wall.kind == "fence":
            ax.plot(xs, ys, color=FENCE, lw=1.6, ls=(0, (4, 2)), zorder=5)
        else:
            ax.plot(xs, ys, color=WALL, lw=max(2.0, wall.thickness * 10), zorder=5)
        labels.want(f"walls:{wall.name}", wall.name, _longest_middle(wall.points), WALL)
    for gate in level.gates:
        colour = GATE_OPEN if gate.open else GATE
        ax.plot(
            *zip(gate.a, gate.b, strict=True), color=colour, lw=5, zorder=6, solid_capstyle="butt"
        )
        labels.avoid_segment(gate.a, gate.b)
        text = gate.name + (f" ({w['open']})" if gate.open else "")
        labels.want(f"gates:{gate.name}", text, _middle(gate.a, gate.b), "#bf360c", bold=True)
    for line in level.lines:
        ax.plot(*zip(line.a, line.b, strict=True), color=LINE, lw=1.6, ls="-.", zorder=6)
        labels.avoid_segment(line.a, line.b)
        labels.want(f"lines:{line.name}", line.name, _middle(line.a, line.b), LINE)
    zones = {z.name: z for z in level.zones}
    for g in level.crowd:
        spawn, goal = zones.get(g.spawn), zones.get(g.goal)
        if spawn is None:
            continue  # the loader refuses such a level; a model built by hand may have it
        at = _centroid(spawn.outline())
        if goal is not None:
            ax.annotate(
                "",
                xy=_centroid(goal.outline()),
                xytext=at,
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": CROWD,
                    "lw": 1.2,
                    "ls": ":",
                    "alpha": 0.8,
                    "shrinkA": 4,
                    "shrinkB": 4,
                },
                zorder=7,
            )
        ax.plot(*at, marker="o", ms=7, color=CROWD, mec="white", zorder=8)
        labels.avoid_point(at, 4)
        key = "crowd_later" if g.start > 0 else "crowd"
        text = w[key].format(name=g.name, count=g.count, start=_number(g.start))
        labels.want(f"crowd:{g.name}", text, at, CROWD, bold=True)
    reach = max(1.5, 0.025 * max(width, height))  # metres of the arrow showing where one faces
    for sq in level.squads:
        f = sq.formation
        officers = w["vehicles" if sq.kind == "water_cannon" else "officers"].format(
            count=sq.officers
        )
        kind = "" if sq.kind == sq.name else f"{sq.kind}, "
        text = f"{sq.name} ({kind}{officers})"
        if f.type == "line":
            ax.plot(
                *zip(f.a, f.b, strict=True), color=SQUAD, lw=4, zorder=8, solid_capstyle="round"
            )
            at = _middle(f.a, f.b)
            labels.avoid_segment(f.a, f.b)
            if f.ranks == 2:
                back = _behind(f.a, f.b, f.face, 0.9)
                ax.plot(
                    *zip(*(_add(p, back) for p in (f.a, f.b)), strict=True),
                    color=SQUAD,
                    lw=2.2,
                    zorder=8,
                    solid_capstyle="round",
                )
        else:
            at = f.at
            marker: Any = "s"
            if f.type == "wedge":
                marker = (3, 0, _marker_angle(f.at, f.face))
            ax.plot(*f.at, marker=marker, ms=9, color=SQUAD, mec="white", mew=1, zorder=9)
            labels.avoid_point(f.at, 5)
        if f.face is not None:
            d = _unit(at, f.face)
            if d is not None:
                ax.annotate(
                    "",
                    xy=(at[0] + d[0] * reach, at[1] + d[1] * reach),
                    xytext=at,
                    arrowprops={
                        "arrowstyle": "-|>",
                        "color": SQUAD,
                        "lw": 1.0,
                        "shrinkA": 0,
                        "shrinkB": 0,
                    },
                    zorder=9,
                )
                labels.avoid_segment(at, (at[0] + d[0] * reach, at[1] + d[1] * reach))
        labels.want(f"squads:{sq.name}", text, at, SQUAD)
    for p in level.people:
        ax.plot(*p.at, marker="o", ms=9, color="white", mec=PERSON, mew=2.5, zorder=10)
        labels.avoid_point(p.at, 6)
        labels.want(f"people:{p.name}", p.name, p.at, PERSON, bold=True)
    labels.place()

    title = level.title.id if language == "id" else level.title.en
    fig.text(0.75 / fig_w, 1 - 0.18 / fig_h, title, fontsize=14, fontweight="bold", va="top")
    info = w["info"].format(
        id=level.id, file=source or "-", width=_number(width), height=_number(height)
    )
    fig.text(0.75 / fig_w, 1 - 0.5 / fig_h, info, fontsize=9, color="#444", va="top")
    _legend(fig, handles, w, (left + plan_w + right) / fig_w, 1 - top / fig_h)
    return Preview(fig, labels.placed)


def write_preview(level: Level, out: Path, language: str = "id", source: str = "") -> Path:
    """Draw the level to `out` (a .png); written whole or not at all."""
    preview = preview_figure(level, language, source)
    tmp = out.with_name(out.name + ".part")
    try:
        preview.figure.savefig(tmp, format="png", dpi=DPI, metadata={"Software": None})
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


# --- the grid and the legend ----------------------------------------------------------


def _grid(ax: Axes, width: float, height: float, w: dict[str, str]) -> None:
    step = grid_step(width, height)
    minor = 1.0 if step <= 10 else step / 5
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MultipleLocator(step))
        axis.set_minor_locator(MultipleLocator(minor))
    ax.grid(True, which="major", color="#9e9e9e", lw=0.7, alpha=0.7, zorder=0)
    ax.grid(True, which="minor", color="#cfcfcf", lw=0.35, alpha=0.6, zorder=0)
    ax.set_axisbelow(False)  # the grid is drawn over the ground, under everything else
    for gridline in ax.get_xgridlines() + ax.get_ygridlines():
        gridline.set_zorder(1.5)
    ax.tick_params(
        which="both",
        top=True,
        right=True,
        labeltop=True,
        labelright=True,
        labelsize=8,
        colors="#333",
    )
    ax.tick_params(which="minor", length=2)
    ax.set_xlabel(w["metres_x"], fontsize=9)
    ax.set_ylabel(w["metres_y"], fontsize=9)


def _legend_handles(level: Level, w: dict[str, str]) -> list[Any]:
    handles: list[Any] = []
    zone_kinds = [k for k in ZONE if any(z.kind == k for z in level.zones)]
    for kind in zone_kinds:
        edge, fill = ZONE[kind]
        handles.append(Patch(fc=fill, ec=edge, ls="--", alpha=0.8, label=w[f"zone.{kind}"]))
    if level.buildings:
        handles.append(Patch(fc=BUILDING, ec=BUILDING_EDGE, label=w["building"]))
    if any(x.kind == "wall" for x in level.walls):
        handles.append(Line2D([], [], color=WALL, lw=3, label=w["wall"]))
    if any(x.kind == "fence" for x in level.walls):
        handles.append(Line2D([], [], color=FENCE, lw=1.6, ls=(0, (4, 2)), label=w["fence"]))
    if any(not g.open for g in level.gates):
        handles.append(Line2D([], [], color=GATE, lw=5, label=w["gate"]))
    if any(g.open for g in level.gates):
        handles.append(Line2D([], [], color=GATE_OPEN, lw=5, label=w["gate_open"]))
    if level.lines:
        handles.append(Line2D([], [], color=LINE, lw=1.6, ls="-.", label=w["line"]))
    if level.crowd:
        handles.append(
            Line2D(
                [],
                [],
                color=CROWD,
                marker="o",
                ms=7,
                mec="white",
                lw=1,
                ls=":",
                label=w["crowd_legend"],
            )
        )
    types = {s.formation.type for s in level.squads}
    if "line" in types:
        handles.append(Line2D([], [], color=SQUAD, lw=4, label=w["squad_line"]))
    if "column" in types:
        handles.append(
            Line2D([], [], color=SQUAD, marker="s", ms=8, ls="none", label=w["squad_column"])
        )
    if "wedge" in types:
        handles.append(
            Line2D([], [], color=SQUAD, marker="^", ms=9, ls="none", label=w["squad_wedge"])
        )
    if level.squads:
        handles.append(Line2D([], [], color=SQUAD, marker=">", ms=5, lw=1, label=w["face"]))
    if level.people:
        handles.append(
            Line2D(
                [],
                [],
                color="white",
                marker="o",
                ms=9,
                mec=PERSON,
                mew=2.5,
                ls="none",
                label=w["person"],
            )
        )
    for h in handles:  # long entries wrap within the legend's column (Text.set_wrap fails
        h.set_label(textwrap.fill(h.get_label(), LEGEND_CHARS))  # inside a legend)
    return handles


def _legend_height(handles: list[Any]) -> float:
    """Inches the legend takes, about."""
    lines = sum(1 + h.get_label().count("\n") for h in handles)
    return 0.7 + 0.3 * len(handles) + 0.14 * (lines - len(handles))


def _legend(fig: Figure, handles: list[Any], w: dict[str, str], x: float, y: float) -> None:
    if handles:
        fig.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(x, y),
            fontsize=8.5,
            title=w["legend"],
            title_fontsize=10,
            frameon=False,
            labelspacing=0.9,
            handlelength=2.6,
        )


# --- placing the labels -------------------------------------------------------------------

# offsets in points, tried in this order: on the spot first, then ever farther around it
_RINGS = (0.0, 9.0, 18.0, 30.0, 44.0, 60.0)
_DIRECTIONS = ((0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))


@dataclass
class _Want:
    key: str
    text: str
    at: tuple[float, float]
    colour: str
    bold: bool
    corner: bool  # a zone's name: inside its top-left corner


class _Labels:
    def __init__(self, fig: Figure, ax: Axes) -> None:
        self.fig, self.ax = fig, ax
        self.wanted: list[_Want] = []
        self.placed: dict[str, Text] = {}
        self.points: list[tuple[tuple[float, float], float]] = []
        self.segments: list[tuple[tuple[float, float], tuple[float, float]]] = []

    def want(
        self,
        key: str,
        text: str,
        at: Sequence[float],
        colour: str,
        bold: bool = False,
        corner: bool = False,
    ) -> None:
        self.wanted.append(_Want(key, text, (float(at[0]), float(at[1])), colour, bold, corner))

    def avoid_point(self, at: Sequence[float], points: float = 6.0) -> None:
        """Keep labels off a marker drawn at `at` (its half size in points)."""
        self.points.append(((float(at[0]), float(at[1])), points))

    def avoid_segment(self, a: Sequence[float], b: Sequence[float]) -> None:
        """Keep labels off a short line (a gate, a cordon), so that it stays visible."""
        self.segments.append(((float(a[0]), float(a[1])), (float(b[0]), float(b[1]))))

    def _obstacles(self) -> list[Bbox]:
        to_px = self.ax.transData.transform
        px_per_pt = self.fig.dpi / 72
        boxes = []
        for at, half in self.points:
            x, y = to_px(at)
            r = half * px_per_pt
            boxes.append(Bbox.from_extents(x - r, y - r, x + r, y + r))
        for a, b in self.segments:
            (x0, y0), (x1, y1) = to_px(a), to_px(b)
            n = max(1, int(math.hypot(x1 - x0, y1 - y0) / 6))
            r = 3 * px_per_pt
            for k in range(n + 1):
                x, y = x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n
                boxes.append(Bbox.from_extents(x - r, y - r, x + r, y + r))
        return boxes

    def place(self) -> None:
        renderer = self.fig.canvas.get_renderer()  # type: ignore[attr-defined]
        taken: list[Bbox] = []
        obstacles = self._obstacles()
        figure, plan = self.fig.bbox, self.ax.bbox
        # zone names first, in their corners; then the small things, then the buildings
        order = sorted(self.wanted, key=lambda x: (not x.corner, x.key.startswith("buildings:")))
        for want in order:
            best: tuple[float, Annotation, Bbox] | None = None
            for dx, dy, ha, va in _candidates(want.corner):
                ann = self._annotate(want, (dx, dy), ha, va)
                box = ann.get_window_extent(renderer).expanded(1.04, 1.1)
                covers = sum(_overlap(box, b) for b in taken) * 10
                covers += sum(_overlap(box, b) for b in obstacles) * 4
                cost = covers + math.hypot(dx, dy) / 5
                if not _inside(box, figure):
                    cost += 1e6
                elif not _inside(box, plan):
                    cost += 40  # over the grid's numbers
                if best is None or cost < best[0]:
                    if best is not None:
                        best[1].remove()
                    best = (cost, ann, box)
                else:
                    ann.remove()
                if cost < 0.5 + math.hypot(dx, dy) / 5:
                    break  # covers nothing: take it
            assert best is not None
            _, ann, box = best
            if math.hypot(*ann.xyann) > 12:  # moved away: a thin line back to its place
                offset, ha, va = (
                    ann.xyann,
                    ann.get_horizontalalignment(),
                    ann.get_verticalalignment(),
                )
                ann.remove()
                ann = self._annotate(want, offset, ha, va, leader=True)
            taken.append(box)
            self.placed[want.key] = ann

    def _annotate(
        self,
        want: _Want,
        offset: tuple[float, float],
        ha: str,
        va: str,
        leader: bool = False,
    ) -> Annotation:
        props = None
        if leader:
            props = {
                "arrowstyle": "-",
                "color": "#616161",
                "lw": 0.6,
                "ls": (0, (1, 1.5)),
                "shrinkA": 1,
                "shrinkB": 3,
            }
        return self.ax.annotate(
            want.text,
            xy=want.at,
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=FONT,
            color=want.colour,
            fontweight="bold" if want.bold else "normal",
            path_effects=HALO,
            arrowprops=props,
            zorder=20,
            annotation_clip=False,
        )


def _candidates(corner: bool) -> Iterable[tuple[float, float, str, str]]:
    if corner:
        yield 2.0, -2.0, "left", "top"  # inside the zone's top-left corner
        yield 2.0, 2.0, "left", "bottom"  # just above it
    for r in _RINGS:
        for dx, dy in _DIRECTIONS if r else ((0, 0),):
            ha = "center" if dx == 0 else ("left" if dx > 0 else "right")
            va = "center" if dy == 0 else ("bottom" if dy > 0 else "top")
            yield dx * r, dy * r * 0.7, ha, va


def _inside(box: BboxBase, area: BboxBase) -> bool:
    return area.x0 <= box.x0 and box.x1 <= area.x1 and area.y0 <= box.y0 and box.y1 <= area.y1


def _overlap(a: Bbox, b: Bbox) -> float:
    """Area of the intersection of two boxes, in square points divided by 100."""
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h / 100 if w > 0 and h > 0 else 0.0


# --- small geometry -------------------------------------------------------------------


def _centroid(points: Sequence[Sequence[float]]) -> tuple[float, float]:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def _middle(a: Sequence[float], b: Sequence[float]) -> tuple[float, float]:
    return (a[0] + b[0]) / 2, (a[1] + b[1]) / 2


def _longest_middle(points: Sequence[Sequence[float]]) -> tuple[float, float]:
    pairs = list(zip(points, points[1:], strict=False))
    a, b = max(pairs, key=lambda p: math.dist(p[0], p[1]))
    return _middle(a, b)


def _unit(a: Sequence[float], b: Sequence[float]) -> tuple[float, float] | None:
    d = math.dist(a, b)
    if d < 1e-9:
        return None
    return (b[0] - a[0]) / d, (b[1] - a[1]) / d


def _add(p: Sequence[float], d: Sequence[float]) -> tuple[float, float]:
    return p[0] + d[0], p[1] + d[1]


def _behind(
    a: Sequence[float], b: Sequence[float], face: Sequence[float] | None, metres: float
) -> tuple[float, float]:
    """The offset from a line a-b to its second rank, away from where it faces."""
    u = _unit(a, b) or (1.0, 0.0)
    n = (-u[1], u[0])
    if face is not None:
        mid = _middle(a, b)
        if (face[0] - mid[0]) * n[0] + (face[1] - mid[1]) * n[1] > 0:
            n = (-n[0], -n[1])
    return n[0] * metres, n[1] * metres


def _marker_angle(at: Sequence[float], face: Sequence[float] | None) -> float:
    """Degrees to turn matplotlib's upward triangle so its point faces `face` (y down)."""
    d = _unit(at, face) if face is not None else None
    if d is None:
        return 0.0
    return math.degrees(math.atan2(-d[1], d[0])) - 90.0


def _number(x: float) -> str:
    return f"{x:g}"


__all__ = ["Preview", "grid_step", "preview_figure", "write_preview"]
