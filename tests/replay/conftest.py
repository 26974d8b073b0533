"""A short recorded run shared by the replay tests (recorded once per session)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import LEVELS

from game.level import load_level
from game.replay.record import Recorder, make_header
from game.session import Session
from game.session.sources import TimedOrders
from game.sim import parse_orders

LEVEL = LEVELS / "test" / "gate_cordon.toml"
ORDERS = [
    {"type": "advance", "time": 2, "squad": "dalmas_lanjut", "metres": 2},
    {"type": "withdraw", "time": 6, "squad": "dalmas_lanjut", "metres": 3},
    {"type": "change_formation", "time": 9, "squad": "dalmas_lanjut", "formation": "wedge"},
]
SECONDS = 13


def record(path: Path, seconds: float = SECONDS, end_at: int | None = None) -> Session:
    """Record a headless run of the cordon level; with `end_at`, F10 is pressed then."""
    level = load_level(LEVEL)
    header = make_header(LEVEL.read_text(encoding="utf-8"), LEVEL.name, level.seed, 60, "Briptu A")
    orders = parse_orders(json.dumps(ORDERS))
    session = Session(level, recorder=Recorder(path, header), timed=TimedOrders.of(orders, "file"))
    hashes = {}
    while session.tick < round(seconds * 60) and not session.finished:
        if end_at is not None and session.tick == end_at:
            session.end("trainee")
            break
        session.step()
        if session.tick % 30 == 0:
            hashes[session.tick] = session.sim.state_hash()
    session.close()
    session.live_hashes = hashes  # type: ignore[attr-defined]
    return session


@pytest.fixture(scope="session")
def recorded(tmp_path_factory) -> tuple[Path, dict[int, str]]:
    path = tmp_path_factory.mktemp("replays") / "run.jsonl"
    session = record(path)
    return path, session.live_hashes  # type: ignore[attr-defined]
