"""The --metrics file carries the crowd danger each second: its peak and where, and the
highest in each zone, from a tracker fed twice a simulated second; everything it held
before is still there."""

from __future__ import annotations

import json

from helpers import level

from game.analysis.crowd_danger import TURBULENCE, DangerTracker
from game.analysis.metrics import MetricsRecorder
from game.sim import Simulation


def test_metrics_record_the_peak_danger_and_the_worst_of_each_zone():
    sim = Simulation(level("test/gate_alone.toml"))
    rec = MetricsRecorder(sim)
    mine = DangerTracker(sim.level.map.width, sim.level.map.height)
    for _ in range(4 * 60):
        rec.observe(sim, sim.step())
        if sim.tick % 30 == 0:  # fed as the recorder should: every half second
            pos, vel = sim.read_state()
            crowd = sim.crowd_slots()
            mine.feed(pos[crowd], vel[crowd])
    m = json.loads(json.dumps(rec.result(sim), allow_nan=False))  # plain JSON, no NaN
    series = m["series"]
    assert set(series) >= {"time", "agents_present", "zones", "lines", "mood", "danger"}
    assert m["units"]["danger"] == "1/s²" and m["units"]["density"] == "persons/m²"
    assert m["danger_threshold"] == TURBULENCE
    seconds = len(series["time"])
    assert seconds == 4
    danger = series["danger"]
    assert danger["peak"][0] == 0.0 and danger["x"][0] is None  # 1 s: the window not full
    assert set(danger) == {"peak", "x", "y"} and all(len(v) == seconds for v in danger.values())
    peak = mine.field().peak()  # the last sample was this very tick
    assert danger["peak"][-1] == round(peak.value, 5) > 0
    assert (danger["x"][-1], danger["y"][-1]) == (round(peak.x, 2), round(peak.y, 2))
    for name, zone in series["zones"].items():
        assert set(zone) == {"count", "density", "mean_speed", "danger_max"}, name
        assert len(zone["danger_max"]) == seconds
        rows = zip(zone["danger_max"], danger["peak"], zone["count"], strict=True)
        for worst, top, count in rows:
            assert 0.0 <= worst <= top + 1e-5
            assert count or worst == 0.0
    assert max(series["zones"]["street"]["danger_max"]) > 0
