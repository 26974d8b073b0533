"""One short recorded run shared by the debrief tests (run once per test session)."""

from __future__ import annotations

import pytest
from debrief_run import SECONDS, yard, yard_orders

from game.debrief.data import DebriefInput, from_simulation_run


@pytest.fixture(scope="session")
def run() -> DebriefInput:
    level = yard()
    return from_simulation_run(
        level,
        SECONDS,
        yard_orders(level),
        trainee="Bripda Sari",
        created="2024-08-26T10:15:00+07:00",
        level_file="debrief_yard.toml",
    )
