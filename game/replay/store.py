"""Where replays live and what they are called: the user's data folder, one file a run,
named by date, level and trainee, never reusing a name."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import platformdirs

from game.replay.summary import ReplaySummary, summarise


def replay_dir() -> Path:
    return Path(platformdirs.user_data_dir("sispamkota-trainer")) / "replays"


def _slug(text: str) -> str:
    s = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return s[:32] or "anon"


def new_replay_path(level_id: str, trainee: str, folder: Path | None = None) -> Path:
    """A name no file has yet (the Recorder still creates it exclusively)."""
    folder = folder or replay_dir()
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = f"{stamp}-{_slug(level_id)}-{_slug(trainee)}"
    path = folder / f"{base}.jsonl"
    k = 2
    while path.exists():
        path = folder / f"{base}-{k}.jsonl"
        k += 1
    return path


def open_recorder(level_id: str, trainee: str, header: dict, folder: Path | None = None):
    """A Recorder on a fresh file in the replays folder (retrying if a name was just taken)."""
    from game.replay.record import Recorder

    for _ in range(100):
        try:
            return Recorder(new_replay_path(level_id, trainee, folder), header)
        except FileExistsError:
            continue
    raise OSError("could not find a free replay name")


def list_replays(folder: Path | None = None) -> list[ReplaySummary]:
    """Every recording in the folder as a list row (ReplaySummary), newest first; a folder
    that cannot be read is an empty list."""
    folder = folder or replay_dir()
    try:
        files = [p for p in folder.glob("*.jsonl") if p.is_file()]
    except OSError:
        return []
    rows = [summarise(p) for p in files]
    return sorted(rows, key=lambda r: (-r.when, r.path.name))
