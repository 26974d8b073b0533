"""Crowd danger in the samples and the debrief: recorded read-only every second (its peak)
and every 10 s (a grid); charted over time and mapped; an older replay without it still
gives the whole debrief, saying the danger was not recorded."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
from debrief_run import yard
from helpers import LEVEL, ORDERS, record

from game.analysis.crowd_danger import FLOOR, TURBULENCE, DangerTracker
from game.analysis.samples import (
    DANGER_TICKS,
    danger_tracker,
    density_grid,
    feed_danger,
    grid_danger,
    sample,
    sig,
)
from game.debrief.charts import CHARTS, chart_pngs
from game.debrief.danger import danger_figure, danger_map_figure, highest_danger, peaks
from game.debrief.data import DebriefInput
from game.debrief.report import CHART_ORDER, render_html
from game.debrief.text import Words
from game.level import load_level
from game.session import Session
from game.session.sources import TimedOrders
from game.sim import Simulation, parse_orders
from game.sim.orders import UseForce


def test_the_sample_and_the_grid_carry_the_danger_and_change_nothing():
    level = yard()
    plain, sampled = Simulation(level), Simulation(level)
    for sim in (plain, sampled):
        sim.submit(UseForce(tick=240, squad="dalmas_lanjut", tool="verbal", at=(30, 17)))
    tracker = danger_tracker(sampled)
    seen = 0
    for _ in range(14 * 60):  # the danger is fed from 8 s, once the crowd has set off
        plain.step()
        sampled.step()
        if sampled.tick % DANGER_TICKS == 0:
            before = sampled.state_hash()
            feed_danger(tracker, sampled)
            assert sampled.state_hash() == before == plain.state_hash()
        if sampled.tick % 60 == 0:
            before = sampled.state_hash()
            field = tracker.field()
            s = sample(sampled, field)
            grid = density_grid(sampled, danger=field)
            assert "danger" not in sample(sampled) and "danger" not in density_grid(sampled)
            assert sampled.state_hash() == before == plain.state_hash()
            assert sampled._tick_pos is None  # not even the per-tick cache was filled
            peak = field.peak()
            assert s["danger"]["peak"] == sig(peak.value)
            if peak.x is not None:
                seen += 1
                assert (s["danger"]["x"], s["danger"]["y"]) == (round(peak.x, 1), round(peak.y, 1))
            values = grid_danger(grid["danger"])
            if peak.value >= FLOOR:  # the grid's top cell is the peak, to a 19 % step
                assert abs(values.max() - peak.value) <= 0.1 * peak.value
            assert len(json.dumps(s)) < 600 and len(json.dumps(grid)) < 1500
    assert seen >= 3


def test_a_recorded_session_samples_the_danger_and_keeps_its_hashes(tmp_path):
    """The Session feeds its own tracker while recording: the recorded danger is what a
    tracker fed from an unrecorded run of the same level gives, and the hashes are the same."""
    session = record(tmp_path / "run.jsonl", seconds=14)
    level = load_level(LEVEL)
    bare = Session(level, timed=TimedOrders.of(parse_orders(json.dumps(ORDERS)), "file"))
    assert bare.danger is None  # nothing recorded, nothing tracked
    mine = DangerTracker.for_map(level.map)
    expected = {}
    while bare.tick < 14 * 60:
        bare.step()
        if bare.tick % 30 == 0:
            assert session.live_hashes[bare.tick] == bare.sim.state_hash()
            feed_danger(mine, bare.sim)
        if bare.tick % 60 == 0:
            expected[bare.tick] = sig(mine.field().peak().value)
    records = [json.loads(line) for line in (tmp_path / "run.jsonl").open()]
    got = {r["tick"]: r["sample"]["danger"]["peak"] for r in records if r["type"] == "metric"}
    assert got == expected and max(got.values()) > 0


def test_a_danger_grid_puts_the_danger_where_it_was():
    sim = Simulation(yard())
    tracker = danger_tracker(sim)
    for _ in range(14 * 60):
        sim.step()
        if sim.tick % DANGER_TICKS == 0:
            feed_danger(tracker, sim)
    grid = density_grid(sim, cell=1.0, danger=tracker.field())["danger"]
    values = grid_danger(grid)
    peak = tracker.field().peak()
    ox, oy = grid["origin"]
    col, row = int(np.floor(peak.x)) - ox, int(np.floor(peak.y)) - oy
    assert values[row, col] == values.max() > 0  # the peak's cell holds the top level
    assert (values[values > 0] >= FLOOR * 0.99).all()


def without_danger(data: DebriefInput) -> DebriefInput:
    """The same run as a replay recorded before the danger was sampled."""
    metrics = [(t, {k: v for k, v in s.items() if k != "danger"}) for t, s in data.metrics]
    grids = [(t, {k: v for k, v in g.items() if k != "danger"}) for t, g in data.grids]
    return replace(data, metrics=metrics, grids=grids)


def texts(fig) -> list[str]:
    return [t.get_text() for ax in fig.axes for t in ax.texts] + [
        ax.get_title() for ax in fig.axes
    ]


def test_the_debrief_charts_the_danger_over_time_and_where_it_was(run):
    assert {"danger", "danger_map"} <= set(CHARTS) and {"danger", "danger_map"} <= set(
        CHART_ORDER
    )
    t, p, x, y = peaks(run)
    assert len(t) == len(run.metrics) and (p > 0).any()
    w = Words(run.level, "en")
    fig = danger_figure(run, w)
    ax = fig.axes[0]
    assert any(abs(line.get_ydata()[0] - TURBULENCE) < 1e-12 for line in ax.get_lines()[1:])
    assert w("chart.danger_explain") in texts(fig)
    most, cell = highest_danger(run)
    assert most.shape == (40, 60) and most.max() >= FLOOR
    fig = danger_map_figure(run, w)
    assert w("chart.danger_none") not in texts(fig)
    assert len(fig.axes) == 2  # the plan and its colour bar
    html = render_html(run, "id")
    assert 'id="chart-danger"' in html and 'id="chart-danger_map"' in html


def test_an_old_replay_without_danger_still_debriefs(run):
    old = without_danger(run)
    assert len(peaks(old)[0]) == 0 and not highest_danger(old)[0].any()
    for lang in ("id", "en"):
        w = Words(old.level, lang)
        assert w("chart.danger_none") in texts(danger_figure(old, w))
        assert w("chart.danger_none") in texts(danger_map_figure(old, w))
    pngs = chart_pngs(old, "en")
    assert set(pngs) == set(CHARTS)
    assert all(png.startswith(b"\x89PNG") for png in pngs.values())
    assert 'id="chart-danger"' in render_html(old, "en", pngs)


def test_a_damaged_danger_grid_is_skipped(run):
    tick, grid = run.grids[-1]
    bad = dict(grid, danger={**grid["danger"], "values": "bm90IHpsaWI="})  # not zlib
    damaged = replace(run, grids=[*run.grids[:-1], (tick, bad)])
    most, _ = highest_danger(damaged)
    assert most.shape == (40, 60)
    chart_pngs(damaged, "id")
