"""What one row of the replay list says about a recording: its level's title, when it was
recorded, how long it ran, how it ended and its proportionality score.

A replay can be megabytes of records; the list must open at once with hundreds of them. So
only the header (line 1) and the last record are read, never the whole file, and a
summary is kept in memory until the file changes. A file that cannot be summarised is a
summary marked damaged: the list shows it, it never hides or crashes on it.
"""

from __future__ import annotations

import hashlib
import json
import os
import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from game.session.end import passed

TAIL_CHUNK = 16 * 1024  # bytes read from the end at a time, looking for whole records
TAIL_MAX = 8 * 1024 * 1024  # past this, the last records are too long to be worth finding


@dataclass(frozen=True)
class ReplaySummary:
    path: Path
    damaged: bool = False
    title: dict[str, str] = field(default_factory=dict)  # the level's title, {id, en}
    created: datetime | None = None  # when the run was recorded (the header's own time)
    seconds: float | None = None  # how far the run went, in simulated seconds
    outcome: str = "unfinished"  # "won", "lost", "ended_early" or "unfinished"
    proportionality: float | None = None  # the score's proportionality axis, when it ended
    modified: float = 0.0  # the file's mtime: orders the damaged ones among the rest

    @property
    def when(self) -> float:
        """The sort key of "newest first"."""
        return self.created.timestamp() if self.created is not None else self.modified


_cache: dict[Path, tuple[tuple[int, int], ReplaySummary]] = {}
_titles: dict[str, dict[str, str]] = {}  # level_sha256 → title: a level is parsed once


def summarise(path: Path) -> ReplaySummary:
    """The row for one file, from its header and last records (cached while unchanged)."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError:
        return ReplaySummary(path, damaged=True)
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _cache.get(path)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    try:
        summary = _read(path, st.st_mtime)
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        summary = ReplaySummary(path, damaged=True, modified=st.st_mtime)
    _cache[path] = (stamp, summary)
    return summary


def _read(path: Path, mtime: float) -> ReplaySummary:
    with path.open("rb") as f:
        first = f.readline(64 * 1024 * 1024)
        head = json.loads(first.decode("utf-8"))
        if not isinstance(head, dict) or head.get("type") != "header":
            raise ValueError("no header")
        if head.get("format") != 2:
            raise ValueError("a replay format this trainer does not read")
        text = str(head["level_text"])
        if hashlib.sha256(text.encode()).hexdigest() != head.get("level_sha256"):
            raise ValueError("the level text does not match its sha256")
        tick_rate = int(head["tick_rate"])
        if tick_rate <= 0:
            raise ValueError("bad tick rate")
        title = _title(text, str(head["level_sha256"]))
        created = datetime.fromisoformat(str(head["created"]))
        last = _last_record(f, len(first)) or {}
    end = last if last.get("type") == "end" else None
    tick = last.get("tick")
    seconds = tick / tick_rate if isinstance(tick, int) and tick >= 0 else 0.0
    proportionality = None
    outcome = "unfinished"
    if end is not None:
        outcome = _outcome(str(end.get("reason", "")), end.get("objectives") or [])
        p = end.get("proportionality")
        proportionality = float(p) if isinstance(p, int | float) else None
    return ReplaySummary(
        path,
        title=title,
        created=created,
        seconds=seconds,
        outcome=outcome,
        proportionality=proportionality,
        modified=mtime,
    )


def _outcome(reason: str, objectives: list[Any]) -> str:
    """In the trainee's terms: won, lost, or ended early (F10 or the instructor)."""
    if reason.startswith("ended_by_"):
        return "ended_early"
    if reason in ("level_won", "level_lost"):
        return reason.removeprefix("level_")
    return "won" if passed([str(o) for o in objectives]) else "lost"


def _title(level_text: str, sha: str) -> dict[str, str]:
    if sha in _titles:
        return _titles[sha]
    raw = tomllib.loads(level_text).get("title")
    if isinstance(raw, str):
        raw = {"id": raw, "en": raw}
    if not isinstance(raw, dict):
        raise ValueError("the level has no title")
    title = {k: str(v) for k, v in raw.items() if isinstance(v, str)}
    if sha:
        _titles[sha] = title
    return title


def _last_record(f: Any, header_end: int) -> dict[str, Any] | None:
    """The last whole record of the file (a line cut off mid-write is skipped): records
    go forward in time, so it holds the last tick, and the end record when there is one."""
    size = f.seek(0, os.SEEK_END)
    want = TAIL_CHUNK
    while True:
        start = max(header_end, size - want)
        f.seek(start)
        data = f.read(size - start)
        lines = data.split(b"\n")[:-1]  # the last is empty, or a line cut off mid-write
        if start > header_end:
            lines = lines[1:]  # the first may be the tail of a longer line
        for raw in reversed(lines):
            if not raw.strip():
                continue
            try:
                rec = json.loads(raw)
            except (UnicodeDecodeError, json.JSONDecodeError):
                continue
            if isinstance(rec, dict):
                return rec
        if start <= header_end or want >= TAIL_MAX:
            return None
        want *= 4
