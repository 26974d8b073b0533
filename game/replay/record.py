"""Write and read replay files: append-only JSON lines, one record a line.

Header (format, versions, the level's whole text and its sha256, seed, tick rate), then
`order` records stamped with ticks and `hash` records every few seconds. Every record is
flushed; a reader stops cleanly at a torn last line. No pickle, no eval.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from game.sim.orders import order_to_json, parse_order

REPLAY_FORMAT = 1
FSYNC_SECONDS = 5.0


class ReplayError(Exception):
    """A replay file that cannot be used; the message names the file and the line."""


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "unknown"


class Recorder:
    def __init__(self, path: Path, level_text: str, level_file: str, seed: int, tick_rate: int):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._out = path.open("w", encoding="utf-8")
        self._synced = time.monotonic()
        self._write(
            {
                "type": "header",
                "format": REPLAY_FORMAT,
                "app": _version("sispamkota-trainer"),
                "pymunk": _version("pymunk"),
                "numpy": _version("numpy"),
                "level_file": level_file,
                "level_text": level_text,
                "level_sha256": hashlib.sha256(level_text.encode()).hexdigest(),
                "seed": seed,
                "tick_rate": tick_rate,
            }
        )

    def order(self, order: Any) -> None:
        self._write({"type": "order", "tick": int(order.tick), "order": order_to_json(order)})

    def state_hash(self, tick: int, digest: str) -> None:
        self._write({"type": "hash", "tick": tick, "hash": digest})

    def result(self, data: dict[str, Any]) -> None:
        self._write({"type": "result", **data})
        self._sync()

    def close(self) -> None:
        if not self._out.closed:
            self._sync()
            self._out.close()

    def _write(self, record: dict[str, Any]) -> None:
        self._out.write(json.dumps(record, separators=(",", ":")) + "\n")
        self._out.flush()
        if time.monotonic() - self._synced > FSYNC_SECONDS:
            self._sync()

    def _sync(self) -> None:
        self._out.flush()
        os.fsync(self._out.fileno())
        self._synced = time.monotonic()


@dataclass
class Replay:
    header: dict[str, Any]
    orders: list[Any] = field(default_factory=list)
    hashes: dict[int, str] = field(default_factory=dict)
    result: dict[str, Any] | None = None
    torn: bool = False  # the last line was cut off (the trainer was closed mid-write)


def read_replay(path: Path) -> Replay:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReplayError(f"{path}: cannot read ({exc.strerror})") from None
    lines = data.split(b"\n")
    torn = bool(lines) and lines[-1] != b""
    records = []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            records.append((number, json.loads(raw.decode("utf-8"))))
        except (UnicodeDecodeError, json.JSONDecodeError):
            if number == len(lines):  # a torn last line: keep what came before
                torn = True
                break
            raise ReplayError(f"{path}: line {number} is not a replay record") from None
    if not records or records[0][1].get("type") != "header":
        raise ReplayError(f"{path}: not a replay file (no header on line 1)")
    header = records[0][1]
    if header.get("format") != REPLAY_FORMAT:
        raise ReplayError(f"{path}: replay format {header.get('format')!r} is not supported")
    for key in ("level_text", "seed", "tick_rate"):
        if key not in header:
            raise ReplayError(f"{path}: line 1: header has no {key}")
    if hashlib.sha256(header["level_text"].encode()).hexdigest() != header.get("level_sha256"):
        raise ReplayError(f"{path}: line 1: the level text does not match its sha256")
    replay = Replay(header=header, torn=torn)
    for number, rec in records[1:]:
        kind = rec.get("type")
        try:
            if kind == "order":
                replay.orders.append(parse_order(rec["order"]))
            elif kind == "hash":
                replay.hashes[int(rec["tick"])] = str(rec["hash"])
            elif kind == "result":
                replay.result = rec
        except (KeyError, TypeError, ValueError) as exc:
            raise ReplayError(f"{path}: line {number}: bad {kind} record ({exc})") from None
    return replay
