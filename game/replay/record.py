"""Write replay files: append-only JSON lines, one record a line (docs/replays.md).

Each record is flushed as written, so a run killed at any moment leaves every whole record
on disk; the file is fsynced every few seconds, at changes of phase and of situation colour,
and at the end. Files are created exclusively: no run ever overwrites another.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import sys
import time
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import IO, Any

from game.sim.constants import CROWD_MODEL
from game.sim.events import Event
from game.sim.orders import order_to_json

REPLAY_FORMAT = 2
FSYNC_SECONDS = 3.0


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


def build_info() -> dict[str, str]:
    """What a replay needs to say which build made it: hashes match only on the same one."""
    return {
        "app": _version("sispamkota-trainer"),
        "python": platform.python_version(),
        "numpy": _version("numpy"),
        "scipy": _version("scipy"),
        "pymunk": _version("pymunk"),
        "platform": f"{sys.platform}-{platform.machine()}",
        "crowd_model": CROWD_MODEL,
    }


def make_header(
    level_text: str,
    level_file: str,
    seed: int,
    tick_rate: int,
    trainee: str = "",
    parent: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "type": "header",
        "format": REPLAY_FORMAT,
        **build_info(),
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "trainee": trainee,
        "level_file": level_file,
        "level_text": level_text,
        "level_sha256": hashlib.sha256(level_text.encode()).hexdigest(),
        "seed": int(seed),
        "tick_rate": int(tick_rate),
        "parent": parent,
    }


class Recorder:
    """Appends the records of one run to a new file."""

    def __init__(self, path: Path, header: dict[str, Any]) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._out: IO[str] = path.open("x", encoding="utf-8")  # never over another run
        self._synced = time.monotonic()
        self.header = header
        self._write(header)

    def order(self, tick: int, source: str, order: Any) -> None:
        self._write(
            {"type": "order", "tick": tick, "source": source, "order": order_to_json(order)}
        )

    def state_hash(self, tick: int, digest: str, parts: str) -> None:
        self._write({"type": "hash", "tick": tick, "hash": digest, "parts": parts})

    def keyframe(self, tick: int, data: dict[str, Any]) -> None:
        self._write({"type": "keyframe", "tick": tick, "snapshot": data})

    def event(self, e: Event) -> None:
        self._write({"type": "event", "tick": e.tick, "kind": e.kind, "data": e.data})
        if e.kind in ("situation", "phase", "hostage_taken", "gate_broken", "level_ended"):
            self.sync()  # a moment the debrief must not lose

    def metric(self, tick: int, kind: str, sample: dict[str, Any]) -> None:
        self._write({"type": kind, "tick": tick, "sample": sample})

    def end(self, data: dict[str, Any]) -> None:
        self._write({"type": "end", **data})
        self.sync()

    def close(self) -> None:
        if not self._out.closed:
            self.sync()
            self._out.close()

    def _write(self, record: dict[str, Any]) -> None:
        if self._out.closed:
            return
        self._out.write(json.dumps(record, separators=(",", ":"), allow_nan=False) + "\n")
        self._out.flush()
        if time.monotonic() - self._synced > FSYNC_SECONDS:
            self.sync()

    def sync(self) -> None:
        if self._out.closed:
            return
        self._out.flush()
        os.fsync(self._out.fileno())
        self._synced = time.monotonic()
