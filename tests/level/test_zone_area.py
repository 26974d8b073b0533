"""A zone with no area: the loader refuses it, and the metrics never divide by it.

It used to pass validate and then stop `simulate --metrics` with a ZeroDivisionError.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

from level_helpers import one_problem

from game.analysis.metrics import MetricsRecorder
from game.level.schema import Level
from game.sim import Simulation
from game.sim.constants import TICK_RATE

ROOT = Path(__file__).resolve().parents[2]
GATE = ROOT / "levels" / "test" / "gate_alone.toml"
FLAT = "rect = [24, 19, 12, 6]"
LINE = "polygon = [[24, 19], [30, 19], [36, 19]]"  # three points on one line: no area


def test_metrics_over_a_zone_without_area_give_no_density() -> None:
    # the schema alone lets it through; only the loader's checks refuse it
    text = GATE.read_text(encoding="utf-8").replace(FLAT, LINE)
    level = Level.model_validate(tomllib.loads(text))
    sim = Simulation(level)
    metrics = MetricsRecorder(sim)
    for _ in range(TICK_RATE):  # one sample, taken at the first whole second
        metrics.observe(sim, sim.step())
    result = metrics.result(sim)
    json.dumps(result, allow_nan=False)
    assert result["series"]["zones"]["before_gate"]["density"] == [None]
    assert result["series"]["zones"]["street"]["density"][0] >= 0


def test_validate_refuses_the_zone_without_area(tmp_path: Path) -> None:
    text = GATE.read_text(encoding="utf-8").replace(FLAT, LINE)
    assert one_problem(tmp_path, text).startswith(
        'zone "before_gate" (zones[2]): polygon: the outline encloses no area (0 m²)'
    )
