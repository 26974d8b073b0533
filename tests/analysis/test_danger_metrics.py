"""The --metrics file carries the crowd danger each second: its peak and where, and the
highest in each zone, from a tracker fed twice a simulated second; everything it held
before is still there."""

from __future__ import annotations

import json

from helpers import level

from game.analysis.crowd_danger import START_SECONDS, SURGE, TURBULENCE, DangerTracker
from game.analysis.metrics import MetricsRecorder
from game.sim import Simulation


def test_metrics_record_the_peak_danger_and_the_worst_of_each_zone():
    sim = Simulation(level("test/gate_alone.toml"))
    rec = MetricsRecorder(sim)
    mine = DangerTracker(sim.level.map.width, sim.level.map.height)
    for _ in range(12 * 60):
        rec.observe(sim, sim.step())
        # fed as the recorder should: every half second, once the crowd has set off
        if sim.tick % 30 == 0 and sim.tick >= START_SECONDS * 60:
            pos, vel = sim.read_state()
            crowd = sim.crowd_slots()
            mine.feed(pos[crowd], vel[crowd])
    m = json.loads(json.dumps(rec.result(sim), allow_nan=False))  # plain JSON, no NaN
    series = m["series"]
    assert set(series) >= {"time", "agents_present", "zones", "lines", "mood", "danger"}
    assert m["units"]["danger"] == "1/s²" and m["units"]["density"] == "persons/m²"
    assert m["danger_threshold"] == TURBULENCE and m["danger_surge"] == SURGE
    seconds = len(series["time"])
    assert seconds == 12
    danger = series["danger"]
    # nothing while the crowd sets off from standing, nor until the window has 2 s in it
    assert set(danger["peak"][:9]) == {0.0} and danger["x"][0] is None
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
