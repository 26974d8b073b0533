"""Watching a recorded run: the same play screen, fed the recorded orders, no commands."""

from __future__ import annotations

from pathlib import Path

from game.level import LevelError, parse_level
from game.replay.record import ReplayError, read_replay
from game.ui.scenes.play import PlayScene


class ReplayScene(PlayScene):
    def __init__(self, app, path: Path) -> None:
        replay = read_replay(Path(path))
        level = parse_level(replay.header["level_text"], f"{path} (level)")
        super().__init__(app, level, None, replay=replay)


def open_replay(app, path: Path) -> str | None:
    """Push a replay, or return the message saying why the file cannot be played."""
    try:
        app.push(ReplayScene(app, path))
    except (ReplayError, LevelError) as exc:
        return str(exc)
    return None
