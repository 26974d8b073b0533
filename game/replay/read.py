"""Read a replay file. Whatever the file holds (cut off, damaged, forged, 50 MB of noise),
the reader returns every whole, valid record up to the first that is not, says where and why
it stopped, and raises ReplayError only when there is nothing to play at all."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from game.level import LevelError, parse_level
from game.level.schema import Level
from game.replay.record import build_info
from game.replay.records import (
    RECORDS,
    EndRecord,
    EventRecord,
    HashRecord,
    Header,
    KeyframeRecord,
    OrderRecord,
    SampleRecord,
)
from game.sim import snapshot
from game.sim.orders import parse_order

MAX_LINE = 64 * 1024 * 1024  # a longer "line" is not a record of ours


class ReplayError(Exception):
    """A file with nothing to play; the message names the file and the line."""


@dataclass
class Replay:
    path: Path
    header: Header
    level: Level
    orders: list[tuple[int, str, Any]] = field(default_factory=list)  # (tick, source, order)
    hashes: dict[int, HashRecord] = field(default_factory=dict)
    keyframes: dict[int, dict[str, Any]] = field(default_factory=dict)
    events: list[EventRecord] = field(default_factory=list)
    metrics: list[SampleRecord] = field(default_factory=list)
    grids: list[SampleRecord] = field(default_factory=list)
    end: EndRecord | None = None
    torn: bool = False  # the last line was cut off mid-write
    stopped: str | None = None  # why reading stopped before the end of the file
    last_tick: int = 0  # the last tick the file vouches for

    @property
    def other_build(self) -> dict[str, tuple[str, str]]:
        """What differs between the build that recorded this and this one: {what: (then, now)}."""
        here = build_info()
        there = self.header.model_dump()
        return {k: (str(there.get(k)), v) for k, v in here.items() if there.get(k) != v}

    def sha256(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def read_replay(path: Path) -> Replay:
    path = Path(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise ReplayError(f"{path}: cannot read ({exc.strerror})") from None
    with handle:
        first = handle.readline(MAX_LINE)
        header, level = _header(path, first)
        replay = Replay(path, header, level)
        number = 1
        for raw in iter(lambda: handle.readline(MAX_LINE), b""):
            number += 1
            if not raw.endswith(b"\n"):
                if len(raw) >= MAX_LINE:
                    replay.stopped = f"line {number} is too long to be a replay record"
                else:
                    replay.torn = True
                    replay.stopped = f"line {number} is cut off"
                break
            if not raw.strip():
                continue
            why = _take(replay, raw)
            if why:
                replay.stopped = f"line {number}: {why}"
                break
    return replay


def _header(path: Path, first: bytes) -> tuple[Header, Level]:
    try:
        data = json.loads(first.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise ReplayError(f"{path}: not a replay file (line 1 is not a header record)") from None
    if not isinstance(data, dict) or data.get("type") != "header":
        raise ReplayError(f"{path}: not a replay file (no header on line 1)")
    if data.get("format") != 2:
        raise ReplayError(
            f"{path}: line 1: replay format {data.get('format')!r} is not supported "
            "(this trainer reads format 2)"
        )
    try:
        header = Header.model_validate(data)
    except ValidationError as exc:
        raise ReplayError(f"{path}: line 1: header {_first_error(exc)}") from None
    if hashlib.sha256(header.level_text.encode()).hexdigest() != header.level_sha256:
        raise ReplayError(f"{path}: line 1: the level text does not match its sha256")
    try:
        level = parse_level(header.level_text, f"{path} (its level)")
    except LevelError as exc:
        raise ReplayError(str(exc)) from None
    return header, level


def _take(replay: Replay, raw: bytes) -> str | None:
    """File one record; or say why it cannot be (and reading stops there)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return "not a replay record (not JSON)"
    if not isinstance(data, dict):
        return f"not a replay record (a JSON {type(data).__name__}, not an object)"
    kind = data.get("type")
    model = RECORDS.get(kind) if isinstance(kind, str) else None
    if model is None:
        return f"unknown record type {kind!r}"
    if replay.end is not None:
        return "a record after the end of the run"
    try:
        rec: BaseModel = model.model_validate(data)
    except ValidationError as exc:
        return f"bad {kind} record: {_first_error(exc)}"
    tick = int(getattr(rec, "tick"))  # noqa: B009 - every record model has a tick
    if tick < replay.last_tick:
        return f"tick {tick} goes back in time (after tick {replay.last_tick})"
    if isinstance(rec, OrderRecord):
        try:
            order = parse_order(rec.order)
        except (ValidationError, TypeError, ValueError):
            return "bad order record (not an order this trainer knows)"
        if order.tick != tick:
            return "order record's tick does not match its order"
        replay.orders.append((tick, rec.source, order))
    elif isinstance(rec, HashRecord):
        replay.hashes[tick] = rec
    elif isinstance(rec, KeyframeRecord):
        replay.keyframes[tick] = rec.snapshot
    elif isinstance(rec, EventRecord):
        replay.events.append(rec)
    elif isinstance(rec, SampleRecord):
        (replay.metrics if rec.type == "metric" else replay.grids).append(rec)
    elif isinstance(rec, EndRecord):
        replay.end = rec
    replay.last_tick = tick
    return None


def _first_error(exc: ValidationError) -> str:
    err = exc.errors(include_url=False)[0]
    where = ".".join(str(p) for p in err["loc"])
    return f"{where}: {err['msg']}" if where else err["msg"]


class Keyframes:
    """A replay's keyframes, decoded on demand along their delta chain."""

    def __init__(self, raw: dict[int, dict[str, Any]]) -> None:
        self.ticks = sorted(raw)
        self._raw = raw
        self._cache: dict[int, snapshot.Snapshot] = {}
        self.broken_at: int | None = None  # the first keyframe that could not be decoded

    def get(self, tick: int) -> snapshot.Snapshot | None:
        if tick in self._cache:
            return self._cache[tick]
        if tick not in self._raw or (self.broken_at is not None and tick >= self.broken_at):
            return None
        i = self.ticks.index(tick)
        # walk back to an absolute keyframe or one already decoded
        j = i
        while j > 0 and self._raw[self.ticks[j]].get("delta") and self.ticks[j] not in self._cache:
            j -= 1
        prev = self._cache.get(self.ticks[j - 1]) if j > 0 else None
        for t in self.ticks[j : i + 1]:
            if t in self._cache:
                prev = self._cache[t]
                continue
            try:
                snap = snapshot.decode(self._raw[t], prev, t)
            except (ValueError, TypeError, KeyError):
                self.broken_at = t
                return None
            self._remember(t, snap)
            prev = snap
        return prev

    def reject(self, tick: int) -> None:
        """This keyframe decoded but could not be restored (forged): use none from here."""
        self.broken_at = tick if self.broken_at is None else min(self.broken_at, tick)
        self._cache = {t: s for t, s in self._cache.items() if t < tick}

    def latest(self, tick: int) -> snapshot.Snapshot | None:
        """The last keyframe at or before tick that decodes."""
        for t in reversed([t for t in self.ticks if t <= tick]):
            snap = self.get(t)
            if snap is not None:
                return snap
        return None

    def _remember(self, tick: int, snap: snapshot.Snapshot) -> None:
        self._cache[tick] = snap
        if len(self._cache) > 48:  # keep a spread of them, not all: memory stays flat
            for t in sorted(self._cache)[:-8:2]:
                del self._cache[t]
                if len(self._cache) <= 40:
                    break
