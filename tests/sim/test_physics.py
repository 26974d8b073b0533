"""The crowd matches measured data: free walking and Weidmann's fundamental diagram."""

import numpy as np
import pytest
from helpers import level_from, level_text

from game.analysis.metrics import MetricsRecorder
from game.sim import Simulation
from game.sim.constants import TAU

WALKER = """
id = "one_walker"
title = { id = "Satu pejalan", en = "One walker" }
map = { width = 60, height = 10 }
[[zones]]
name = "start"
kind = "spawn"
rect = [1, 4, 2, 2]
[[zones]]
name = "far"
kind = "goal"
rect = [55, 0.5, 4, 9]
[[crowd]]
name = "walker"
count = 1
spawn = "start"
goal = "far"
speed = { mean = 1.34, sd = 0.0 }
mind = false
"""


def weidmann(rho):
    return 1.34 * (1 - np.exp(-1.913 * (1 / rho - 1 / 5.4)))


def test_a_calm_walker_accelerates_as_v0_times_one_minus_exp():
    sim = Simulation(level_from(WALKER))
    slot = sim.crowd_slots()[0]
    v0 = sim.slots.v0[slot]
    assert v0 == pytest.approx(1.34)
    for tick in range(1, 181):
        sim.step()
        if tick in (15, 30, 60, 120, 180):
            _, vel = sim.read_state()
            t = tick / 60
            expected = v0 * (1 - np.exp(-t / TAU))
            assert np.hypot(*vel[slot]) == pytest.approx(expected, abs=0.03), t
            assert abs(vel[slot][1]) < 0.01  # straight at the goal


@pytest.mark.parametrize("rho", [0.5, 1.0, 1.5, 2.0, 3.0])
def test_corridor_speed_follows_weidmann(rho):
    """The real corridor level, filled evenly to density rho, measured in its middle: the
    speed --metrics reports there (per tick) and the progress along the corridor both sit
    on Weidmann's curve."""
    text = level_text("test/corridor.toml")
    count = int(rho * 80 * 3.8)
    sim = Simulation(level_from(text.replace("count = 304", f"count = {count}")))
    rec = MetricsRecorder(sim)
    speeds, densities = [], []
    for tick in range(1, 15 * 60 + 1):
        rec.observe(sim, sim.step())
        if tick >= 5 * 60 and tick % 30 == 0:
            pos, vel = sim.read_state()
            crowd = sim.crowd_slots()
            inside = sim.world.inside_zone("middle", pos[crowd])
            densities.append(inside.sum() / sim.world.zone_areas["middle"])
            speeds.append(vel[crowd][inside, 0].mean())
    measured = float(np.mean(densities))
    assert measured == pytest.approx(rho, rel=0.15)
    assert float(np.mean(speeds)) == pytest.approx(weidmann(measured), abs=0.2)
    metric = rec.zone_series["middle"]["mean_speed"][5:15]
    assert float(np.mean(metric)) == pytest.approx(weidmann(measured), abs=0.2)
