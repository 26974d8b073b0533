"""Take over from here: the trainee resumes command at any moment of a replay, as a new run
that starts from exactly the replay's state at that tick and names its parent and tick."""

from __future__ import annotations

from pathlib import Path

from game.replay.record import make_header
from game.replay.store import open_recorder
from game.replay.watch import ReplayRun
from game.session import Session


def take_over(run: ReplayRun, trainee: str, folder: Path | None = None) -> Session:
    """A new recorded Session continuing from the replay's current state."""
    replay = run.replay
    sim = run.session.sim
    start = sim.snapshot()  # exact: the new run's first state is the parent's state now
    parent = {"file": replay.path.name, "sha256": replay.sha256(), "tick": sim.tick}
    h = replay.header
    header = make_header(h.level_text, h.level_file, h.seed, h.tick_rate, trainee, parent)
    recorder = open_recorder(replay.level.id, trainee, header, folder)
    return Session(replay.level, seed=h.seed, recorder=recorder, start=start)
