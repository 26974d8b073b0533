"""A replay being watched or checked: a Session fed the recorded orders, that can jump to any
tick (from the nearest keyframe before it) and never runs past what the file vouches for."""

from __future__ import annotations

from dataclasses import dataclass, field

from game.replay.read import Keyframes, Replay, ReplayError
from game.session import HASH_TICKS, Session
from game.session.sources import TimedOrders
from game.sim import snapshot
from game.sim.events import Event

SEEK_FORWARD_TICKS = 600  # nearer than this ahead: play on rather than rebuild


class ReplayRun:
    def __init__(self, replay: Replay, follow_keyframes: bool = True) -> None:
        """`follow_keyframes`: rebuild from the recorded keyframes (watching: a replay from
        another build still shows what was recorded) or from its own (verifying)."""
        self.replay = replay
        self.store = Keyframes(replay.keyframes)
        self.follow = follow_keyframes
        self.start = self._start()
        self._ended = False
        self.world = None
        try:
            self.session = self._fresh(self.start)
        except snapshot.BAD_DATA:
            raise ReplayError(f"{replay.path}: the state this run starts from is damaged") from None
        self.world = self.session.sim.world  # built once, shared by every seek

    @property
    def end_tick(self) -> int:
        """Where the replay stops: its end, or its last good record."""
        return self.replay.end.tick if self.replay.end is not None else self.replay.last_tick

    @property
    def first_tick(self) -> int:
        return self.start.tick if self.start is not None else 0

    @property
    def at_end(self) -> bool:
        """At the end of the run, or at the last tick the file vouches for."""
        if self.session.finished or self.session.tick > self.end_tick:
            return True
        # a run that ended at end_tick still has that tick's orders (F10) to apply
        return self.session.tick == self.end_tick and (self.replay.end is None or self._ended)

    def _start(self) -> snapshot.Snapshot | None:
        """Where the run starts: the level, or (a take-over) the parent's state it recorded."""
        if self.replay.header.parent is None:
            return None
        first = self.store.ticks[0] if self.store.ticks else None
        start = self.store.get(first) if first is not None else None
        if start is None:
            raise ReplayError(
                f"{self.replay.path}: the state this taken-over run starts from is missing "
                "or damaged"
            )
        return start

    def _from_keyframe(self, tick: int) -> Session:
        """A session at the last usable keyframe at or before tick (or the start)."""
        while True:
            kf = self.store.latest(tick)
            if kf is None or kf.tick < self.first_tick:
                return self._fresh(self.start)
            try:
                return self._fresh(kf)
            except snapshot.BAD_DATA:  # decoded, but not a state: forged
                self.store.reject(kf.tick)

    def _fresh(self, start: snapshot.Snapshot | None) -> Session:
        return Session(
            self.replay.level,
            seed=self.replay.header.seed,
            timed=TimedOrders([(t, s, o) for t, s, o in self.replay.orders]),
            start=start,
            keyframes=self.store if self.follow else None,
            world=self.world,
        )

    def step(self) -> list[Event]:
        if self.at_end:
            return []
        if self.session.tick == self.end_tick:
            self._ended = True  # whatever this build makes of it, the file ends here
        return self.session.step()

    def seek(self, tick: int) -> None:
        """Jump to `tick`: the same state as playing straight through to it."""
        tick = max(self.first_tick, min(int(tick), self.end_tick))
        now = self.session.tick
        if not (now <= tick <= now + SEEK_FORWARD_TICKS and not self.session.finished):
            self.session = self._from_keyframe(tick)
            self._ended = False
        while self.session.tick < tick and not self.session.finished:
            self.session.step()


@dataclass
class Verdict:
    checked: int = 0  # hashes compared
    recorded: int = 0  # hashes the file holds
    mismatch_tick: int | None = None
    mismatch_parts: list[str] = field(default_factory=list)
    last_tick: int = 0

    @property
    def ok(self) -> bool:
        return self.mismatch_tick is None and self.checked == self.recorded


def verify(replay: Replay, progress=None) -> Verdict:
    """Re-simulate headless from the start and compare every stored hash."""
    run = ReplayRun(replay, follow_keyframes=False)
    verdict = Verdict(recorded=len(replay.hashes))
    session = run.session
    while True:
        t = session.tick
        rec = replay.hashes.get(t)
        if rec is not None and t % HASH_TICKS == 0:
            digests = snapshot.part_digests(session.sim.snapshot())
            if verdict.mismatch_tick is None:
                verdict.checked += 1
                if snapshot.state_hash(digests) != rec.hash:
                    verdict.mismatch_tick = t
            # which parts differ: said by the first record at or after it that has them
            if verdict.mismatch_tick is not None and rec.parts:
                verdict.mismatch_parts = snapshot.differing_parts(digests, rec.parts)
                break
        if t >= run.end_tick or session.finished:
            break
        session.step()
        if progress is not None:
            progress(session.tick, run.end_tick)
    verdict.last_tick = session.tick
    return verdict
