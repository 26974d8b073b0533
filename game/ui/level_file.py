"""A level read from its file as it is on disk now, with the text it was read from.

Every run starts this way (Start on the briefing, restart, retry), so an instructor's edit
is picked up without restarting the trainer, and the run's recording keeps exactly the
text that was played.
"""

from __future__ import annotations

from pathlib import Path

from game.level import Level, LevelError, LevelProblem, load_level, parse_level
from game.level.load import MAX_FILE_BYTES


def read_level(path: Path) -> tuple[Level, str]:
    """The level and its text; LevelError (with the loader's words) when it cannot be used."""
    text: str | None
    try:
        with Path(path).open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
        text = data.decode("utf-8") if len(data) <= MAX_FILE_BYTES else None
    except (OSError, UnicodeDecodeError):
        text = None
    if text is None:
        load_level(path)  # raises the loader's own message for this file
        # it could be read a moment later: it was being written
        msg = "the file changed while it was read; try again"
        raise LevelError(str(path), [LevelProblem("", "", msg)])
    return parse_level(text, str(path)), text
