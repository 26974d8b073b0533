"""Small shared helpers for the tests: levels from text, running a simulation."""

from __future__ import annotations

import json
from pathlib import Path

from game.level import Level, load_level, parse_level
from game.replay.record import Recorder, make_header
from game.session import Session
from game.session.sources import TimedOrders
from game.sim import Simulation, parse_orders

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


# --- a short recorded run (replay and debrief tests) ---------------------------------

LEVEL = LEVELS / "test" / "gate_cordon.toml"
ORDERS = [
    {"type": "advance", "time": 2, "squad": "dalmas_lanjut", "metres": 2},
    {"type": "withdraw", "time": 6, "squad": "dalmas_lanjut", "metres": 3},
    {"type": "change_formation", "time": 9, "squad": "dalmas_lanjut", "formation": "wedge"},
]
SECONDS = 13


def record(
    path: Path, seconds: float = SECONDS, end_at: int | None = None, extra: list | None = None
) -> Session:
    """Record a headless run of the cordon level; with `end_at`, F10 is pressed then."""
    level = load_level(LEVEL)
    header = make_header(LEVEL.read_text(encoding="utf-8"), LEVEL.name, level.seed, 60, "Briptu A")
    orders = parse_orders(json.dumps(ORDERS + (extra or [])))
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


def open_level(tmp_path: Path, monkeypatch, path: Path, language: str = "id"):
    """The play screen of the level in `path`, in a 1280x720 window, one frame drawn; its
    replays go to tmp_path (the UI tests' one way in)."""
    from game.ui.app import App
    from game.ui.scenes.play import PlayScene
    from game.ui.settings import Settings

    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(
        settings=Settings(language=language), settings_path=tmp_path / "s.toml", size=(1280, 720)
    )
    scene = PlayScene(app, load_level(path), path)
    app.push(scene)
    app.step(1 / 60)
    return app, scene
