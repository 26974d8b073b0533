"""The debrief of a recorded run: what the replay file holds, made into the report's input."""

from __future__ import annotations

from pathlib import Path

from game.debrief.data import DebriefInput
from game.debrief.report import write_report
from game.replay.read import Replay


def from_replay(replay: Replay) -> DebriefInput:
    header = replay.header.model_dump(exclude={"type", "level_text"})
    events = [{"tick": e.tick, "kind": e.kind, "data": e.data} for e in replay.events]
    end = replay.end.model_dump(exclude={"type"}) if replay.end is not None else None
    return DebriefInput(
        replay.level,
        header,
        events,
        [(m.tick, m.sample) for m in replay.metrics],
        [(g.tick, g.sample) for g in replay.grids],
        end,
        replay.header.tick_rate,
    )


def write_from_replay(replay: Replay, out_dir: Path, language: str = "id") -> Path:
    return write_report(from_replay(replay), out_dir, language)
