"""Small shared helpers for the tests: levels from text, running a simulation."""

from __future__ import annotations

from pathlib import Path

from game.level import Level, load_level, parse_level
from game.sim import Simulation

ROOT = Path(__file__).resolve().parent.parent
LEVELS = ROOT / "levels"


def level(name: str) -> Level:
    return load_level(LEVELS / name)


def level_text(name: str) -> str:
    return (LEVELS / name).read_text(encoding="utf-8")


def level_from(text: str) -> Level:
    return parse_level(text, "<test>")


def run(sim: Simulation, seconds: float) -> list:
    events = []
    for _ in range(round(seconds * 60)):
        events += sim.step()
    return events
