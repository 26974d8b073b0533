"""The debrief's charts: matplotlib figures drawn by Agg straight to PNG bytes.

No pyplot and no display: each chart is a `Figure` of its own, drawn under a fixed style
(matplotlib's defaults, DejaVu Sans, fixed size and DPI, no date or version in the PNG), so
the same run always gives the same bytes, on any workstation.
"""

from __future__ import annotations

import io
import textwrap
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, cast

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, MultipleLocator

from game.debrief.data import DebriefInput
from game.debrief.text import Words, clock, number
from game.debrief.timeline import FORCE_EXCESS, FORCE_FITS, FORCE_NOBODY, force_verdict

DPI = 100
WIDTH = 10.0  # inches: 1000 px, shown a little smaller in the report's column
LEGEND_WIDTH = 2.4  # inches on the right of a time chart for its legend
LEGEND_CHARS = 30
TIME_STEPS = (
    5,
    10,
    15,
    30,
    60,
    120,
    180,
    300,
    600,
    900,
    1800,
)  # seconds between time ticks  # a legend label wraps after this many characters
STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 11.0,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.fontsize": 8.0,
    "legend.framealpha": 0.85,
    "figure.dpi": DPI,
    "savefig.dpi": DPI,
    "svg.hashsalt": "sispamkota",
    "path.simplify": True,
}
SITUATION = {"hijau": "#dff3e2", "kuning": "#fff1c2", "merah": "#f9d3cf"}
VERDICT = {FORCE_FITS: "#2e8b57", FORCE_EXCESS: "#d0342c", FORCE_NOBODY: "#8c8c8c"}
GOOD, BAD = "#2e8b57", "#d0342c"
LINE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf")


@contextmanager
def style() -> Iterator[None]:
    """matplotlib's own defaults plus ours, whatever the user's matplotlibrc says; the
    global settings are restored afterwards."""
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        with matplotlib.rc_context(rc=cast(Any, STYLE)):
            yield


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes, without the metadata that would differ between builds."""
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def series(data: DebriefInput, key: str) -> tuple[np.ndarray, np.ndarray]:
    """(seconds, values) of one number of the per-second samples."""
    t = [data.seconds(tick) for tick, s in data.metrics if key in s]
    v = [float(s[key]) for _, s in data.metrics if key in s]
    return np.asarray(t, dtype=float), np.asarray(v, dtype=float)


def nested_series(data: DebriefInput, key: str, field: str | None = None) -> dict[str, tuple]:
    """{name: (seconds, values)} of a dict-valued number (zones, gates, cordon)."""
    out: dict[str, tuple[list[float], list[float]]] = {}
    for tick, s in data.metrics:
        for name, value in (s.get(key) or {}).items():
            v = value.get(field, 0.0) if field and isinstance(value, dict) else value
            if not isinstance(v, int | float):
                continue
            ts, vs = out.setdefault(str(name), ([], []))
            ts.append(data.seconds(tick))
            vs.append(float(v))
    return {k: (np.asarray(ts), np.asarray(vs)) for k, (ts, vs) in out.items()}


def _time_axis(ax: Axes, w: Words, data: DebriefInput, label: bool = True) -> None:
    end = max(1.0, data.seconds(data.last_tick))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: clock(x)))
    # ticks on whole seconds and minutes a reader counts by: 5 s ... 10 min
    step = next((s for s in TIME_STEPS if end / s <= 10), TIME_STEPS[-1])
    ax.xaxis.set_major_locator(MultipleLocator(step))
    ax.set_xlim(0, end)
    if label:
        ax.set_xlabel(w("chart.time"))


def _situation_bands(ax: Axes, data: DebriefInput) -> None:
    """The situation colour behind the curves, as the commander called it."""
    runs: list[tuple[float, float, str]] = []
    for tick, s in data.metrics:
        colour, t = str(s.get("colour", "")), data.seconds(tick)
        if runs and runs[-1][2] == colour:
            runs[-1] = (runs[-1][0], t, colour)
        else:
            start = runs[-1][1] if runs else 0.0
            runs.append((start, t, colour))
    for a, b, colour in runs:
        if colour in SITUATION and b > a:
            ax.axvspan(a, b, color=SITUATION[colour], zorder=0, lw=0)


def _empty(ax: Axes, text: str) -> None:
    ax.text(0.5, 0.5, text, ha="center", va="center", transform=ax.transAxes, color="#666")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)


def margins(
    fig: Figure, left: float = 0.75, right: float = 0.25, top: float = 0.4, bottom: float = 0.5
) -> None:
    """Fixed margins in inches: a layout engine would cost half the drawing time."""
    wi, hi = fig.get_size_inches()
    fig.subplots_adjust(
        left=left / wi, right=1 - right / wi, top=1 - top / hi, bottom=bottom / hi, hspace=0.35
    )


def _figure(height: float = 3.6, rows: int = 1, right: float = 0.0) -> tuple[Figure, list[Axes]]:
    """A time chart: the plot on the left, its legend in a column on the right."""
    fig = Figure(figsize=(WIDTH, height), dpi=DPI)
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0].tolist()
    margins(fig, right=LEGEND_WIDTH + right)
    fig.subplots_adjust(hspace=0.12)
    return fig, axes


def label_line(ax: Axes, text: str, value: float, colour: str) -> None:
    """Name a horizontal line (a limit, a threshold) at the right end of the axes."""
    ax.annotate(
        text,
        (0.995, value),
        xycoords=("axes fraction", "data"),
        ha="right",
        va="bottom",
        fontsize=7.5,
        color=colour,
    )


def side_legend(
    fig: Figure, ax: Axes, handles: list[Any] | None = None, labels: list[str] | None = None
) -> None:
    """The legend beside the plot, level with its top: it never covers a curve, however
    many squads or zones there are."""
    if handles is None or labels is None:
        handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return
    wrapped = [textwrap.fill(label, LEGEND_CHARS) for label in labels]
    fig.legend(
        handles,
        wrapped,
        loc="upper left",
        bbox_to_anchor=(1 - (LEGEND_WIDTH - 0.1) / WIDTH, ax.get_position().y1),
        frameon=False,
        borderaxespad=0,
    )


# --- the charts ------------------------------------------------------------------------------


def mood_figure(data: DebriefInput, w: Words) -> Figure:
    """Agitation and active people over time; every use of force a line coloured by its
    verdict (stage used against the stage the behaviour allowed)."""
    fig, (ax,) = _figure(3.8, right=0.7)
    ax.set_title(w("chart.mood_title"))
    t, agitation = series(data, "agitation")
    if not len(t):
        _empty(ax, w("no_data"))
        return fig
    _situation_bands(ax, data)
    _, legitimacy = series(data, "legitimacy")
    ta, active = series(data, "active")
    ax.plot(t, agitation * 100, color="#c2410c", lw=1.8, label=w("chart.agitation"))
    if len(legitimacy):
        ax.plot(t, legitimacy * 100, color="#1d4ed8", lw=1.2, ls="--", label=w("chart.legitimacy"))
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    right = ax.twinx()
    right.grid(False)
    right.spines["right"].set_visible(True)
    right.plot(ta, active, color="#6b21a8", lw=1.2, label=w("chart.active"))
    right.set_ylim(0, max(5.0, float(active.max()) * 1.15 if len(active) else 5.0))
    right.set_ylabel(w("chart.active"))
    right.yaxis.set_major_locator(MaxNLocator(integer=True))
    used: set[str] = set()
    for e in data.of_kind("force_used"):
        verdict = force_verdict(e.get("data", {}))
        used.add(verdict)
        ax.axvline(data.seconds(e["tick"]), color=VERDICT[verdict], lw=1.1, alpha=0.85, zorder=3)
    _time_axis(ax, w, data)
    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + right.get_legend_handles_labels()[1]
    for colour in dict.fromkeys(str(s.get("colour")) for _, s in data.metrics):
        if colour in SITUATION:
            handles.append(Patch(color=SITUATION[colour]))
            labels.append(w("chart.situation", colour=w.of("colour", colour)))
    for verdict, key in (
        (FORCE_FITS, "chart.force_fits"),
        (FORCE_EXCESS, "chart.force_excess"),
        (FORCE_NOBODY, "chart.force_nobody"),
    ):
        if verdict in used:
            handles.append(Line2D([], [], color=VERDICT[verdict], lw=1.5))
            labels.append(w(key))
    side_legend(fig, ax, handles, labels)
    return fig


def injuries_figure(data: DebriefInput, w: Words) -> Figure:
    """Injured on both sides and arrests, as running totals."""
    fig, (ax,) = _figure(3.2)
    ax.set_title(w("chart.injuries_title"))
    t, crowd = series(data, "injured_crowd")
    if not len(t):
        _empty(ax, w("no_data"))
        return fig
    _situation_bands(ax, data)
    for key, colour, label in (
        ("injured_crowd", "#d0342c", "chart.injured_crowd"),
        ("injured_officers", "#1d4ed8", "chart.injured_officers"),
        ("arrested", "#6b7280", "chart.arrested"),
    ):
        ts, vs = series(data, key)
        if len(ts):
            ax.step(ts, vs, where="post", color=colour, lw=1.8, label=w(label))
    top = max(
        [
            float(series(data, k)[1].max(initial=0))
            for k in ("injured_crowd", "injured_officers", "arrested")
        ]
    )
    ax.set_ylim(0, max(3.0, top * 1.15 + 0.5))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(w("chart.people"))
    _time_axis(ax, w, data)
    side_legend(fig, ax)
    return fig


def load_figure(data: DebriefInput, w: Words) -> Figure:
    """Contact pressure on each squad that took any, and the load on each gate against the
    force that breaks it."""
    cordon = {
        k: v for k, v in nested_series(data, "cordon").items() if len(v[1]) and v[1].max() > 1.0
    }
    gates = nested_series(data, "gates", "load")
    for name, (_, v) in gates.items():  # a broken gate carries nothing: leave a gap
        states = [
            str(((s.get("gates") or {}).get(name) or {}).get("state", ""))
            for _, s in data.metrics
            if name in (s.get("gates") or {})
        ]
        if len(states) == len(v):
            v[np.asarray(states) == "broken"] = np.nan
    rows = 2 if gates else 1
    fig, axes = _figure(2.5 * rows + 0.6, rows)
    axes[0].set_title(w("chart.load_title"))
    if not data.metrics:
        _empty(axes[0], w("no_data"))
        return fig
    ax = axes[0]
    for name, (t, v) in sorted(cordon.items()):
        ax.plot(t, v, lw=1.4, label=w.squad(name))
    ax.set_ylim(bottom=0)
    ax.set_ylabel(w("chart.pressure"))
    side_legend(fig, ax)
    _time_axis(ax, w, data, label=rows == 1)
    if gates:
        ax = axes[1]
        spec = {g.name: g for g in data.level.gates}
        broken = {
            str(e["data"].get("gate")): data.seconds(e["tick"]) for e in data.of_kind("gate_broken")
        }
        colours = LINE_COLOURS
        for n, (name, (t, v)) in enumerate(sorted(gates.items())):
            colour = colours[n % len(colours)]
            ax.plot(t, v / 1000, lw=1.5, color=colour, label=w.gate(name))
            if name in spec:
                kn = spec[name].break_force / 1000
                ax.axhline(kn, color=colour, ls=":", lw=1.1)
                label_line(ax, w("chart.breaks_at", gate=w.gate(name), kn=number(kn)), kn, colour)
            if name in broken:
                ax.axvline(broken[name], color=BAD, lw=1.2)
                ax.annotate(
                    w("chart.broken", gate=w.gate(name)),
                    (broken[name], 0.92),
                    xycoords=("data", "axes fraction"),
                    ha="left",
                    fontsize=7.5,
                    color=BAD,
                )
        top = max([g.break_force / 1000 for g in data.level.gates] + [1.0])
        ax.set_ylim(0, top * 1.2)
        ax.set_ylabel(w("chart.gate_load"))
        side_legend(fig, ax)
        _time_axis(ax, w, data)
    return fig


def zones_figure(data: DebriefInput, w: Words) -> Figure:
    """How many of the crowd stood in each zone (zones nobody entered are left out)."""
    fig, (ax,) = _figure(3.4)
    ax.set_title(w("chart.zones_title"))
    t, present = series(data, "present")
    if not len(t):
        _empty(ax, w("no_data"))
        return fig
    _situation_bands(ax, data)
    ax.plot(t, present, color="#111827", lw=2.0, label=w("chart.present"))
    order = [z.name for z in data.level.zones]
    zones = nested_series(data, "zones")
    for name in sorted(zones, key=lambda z: (order.index(z) if z in order else len(order), z)):
        tz, vz = zones[name]
        if len(vz) and vz.max() > 0:
            ax.plot(tz, vz, lw=1.3, label=w.zone(name))
    ax.set_ylim(bottom=0)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel(w("chart.people"))
    _time_axis(ax, w, data)
    side_legend(fig, ax)
    return fig


def score_figure(data: DebriefInput, w: Words) -> Figure:
    """Points by rule on each axis: what won and lost the score."""
    groups: dict[tuple[str, str], list[float]] = defaultdict(list)
    for item in data.scored():
        groups[(str(item.get("axis")), str(item.get("rule")))].append(float(item.get("points", 0)))
    card = data.card()
    axes_names = ("outcome", "proportionality")
    counts = [max(1, sum(1 for a, _ in groups if a == axis)) for axis in axes_names]
    row, gap, top, bottom = 0.28, 0.8, 0.6, 0.5  # inches
    fig = Figure(figsize=(WIDTH, top + bottom + gap + row * sum(counts)), dpi=DPI)
    axs = fig.subplots(2, 1, squeeze=False, gridspec_kw={"height_ratios": counts})[:, 0]
    margins(fig, left=3.4, top=top, bottom=bottom)
    fig.subplots_adjust(hspace=gap / (row * sum(counts) / 2))
    fig.suptitle(
        w("chart.score_title"), x=0.01, y=0.99, ha="left", va="top", fontweight="bold", fontsize=11
    )
    for ax, axis in zip(axs, axes_names, strict=True):
        value = getattr(card, axis)
        ax.set_title(f"{w(f'axis.{axis}')}: {w('score_value', value=number(value))}", fontsize=10)
        items = sorted(
            ((rule, pts) for (a, rule), pts in groups.items() if a == axis),
            key=lambda rp: (-abs(sum(rp[1])), rp[0]),
        )
        if not items:
            _empty(ax, w("chart.no_items"))
            continue
        names = [w.rule(rule) + (f" ×{len(pts)}" if len(pts) > 1 else "") for rule, pts in items]
        totals = [sum(pts) for _, pts in items]
        y = np.arange(len(items))
        ax.barh(y, totals, color=[GOOD if v > 0 else BAD for v in totals], height=0.6)
        ax.set_yticks(y, names, fontsize=8)
        ax.invert_yaxis()
        ax.axvline(0, color="#444", lw=0.8)
        ax.grid(axis="y", visible=False)
        if axis == axes_names[-1]:
            ax.set_xlabel(w("chart.score_points"))
        lim = max(abs(v) for v in totals) * 1.3 + 1
        ax.set_xlim(-lim if min(totals) < 0 else -1, lim if max(totals) > 0 else 1)
        for yi, v in zip(y, totals, strict=True):
            ax.annotate(
                number(v),
                (v, yi),
                xytext=(3 if v >= 0 else -3, 0),
                textcoords="offset points",
                ha="left" if v >= 0 else "right",
                va="center",
                fontsize=8,
            )
    return fig


def _heat(data: DebriefInput, w: Words) -> Figure:
    from game.debrief.heatmap import heatmap_figure

    return heatmap_figure(data, w)


def _danger(data: DebriefInput, w: Words) -> Figure:
    from game.debrief.danger import danger_figure

    return danger_figure(data, w)


def _danger_map(data: DebriefInput, w: Words) -> Figure:
    from game.debrief.danger import danger_map_figure

    return danger_map_figure(data, w)


CHARTS: dict[str, Callable[[DebriefInput, Words], Figure]] = {
    "mood": mood_figure,
    "injuries": injuries_figure,
    "load": load_figure,
    "zones": zones_figure,
    "heatmap": _heat,
    "danger": _danger,
    "danger_map": _danger_map,
    "score": score_figure,
}


def chart_png(
    name: str, data: DebriefInput, language: str = "id", words: Words | None = None
) -> bytes:
    """One chart (a key of CHARTS) as PNG bytes."""
    w = words or Words(data.level, language)
    with style():
        return png(CHARTS[name](data, w))


def chart_pngs(data: DebriefInput, language: str = "id") -> dict[str, bytes]:
    """Every chart of the report, by name, as PNG bytes: the in-game debrief shows these."""
    w = Words(data.level, language)
    with style():
        return {name: png(make(data, w)) for name, make in CHARTS.items()}


def mood_chart(data: DebriefInput, language: str = "id") -> bytes:
    return chart_png("mood", data, language)


def injuries_chart(data: DebriefInput, language: str = "id") -> bytes:
    return chart_png("injuries", data, language)


def load_chart(data: DebriefInput, language: str = "id") -> bytes:
    return chart_png("load", data, language)


def zones_chart(data: DebriefInput, language: str = "id") -> bytes:
    return chart_png("zones", data, language)


def heatmap_chart(data: DebriefInput, language: str = "id") -> bytes:
    return chart_png("heatmap", data, language)


def danger_chart(data: DebriefInput, language: str = "id") -> bytes:
    return chart_png("danger", data, language)


def danger_map_chart(data: DebriefInput, language: str = "id") -> bytes:
    return chart_png("danger_map", data, language)


def score_chart(data: DebriefInput, language: str = "id") -> bytes:
    return chart_png("score", data, language)
