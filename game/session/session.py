"""One run, from its first tick to its end: the Simulation, where its orders come from, the
clock and its end, the hash and keyframe plan, the recorder and the event log.

The play screen, `simulate`, the replay viewer, `replay --verify`, take-over and the debrief
all drive a Session. An order is stamped with the tick at which the Session accepts it and
recorded exactly as the simulation was given it, so a replay shows only what happened.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from game.level.schema import Level
from game.replay.record import Recorder
from game.session.end import reason_to_end
from game.session.sources import TimedOrders
from game.sim import orders as O
from game.sim import snapshot
from game.sim.constants import TICK_RATE
from game.sim.events import Event
from game.sim.scoring import ScoreCard, score_card
from game.sim.simulation import Simulation
from game.sim.world import StaticWorld

if TYPE_CHECKING:
    from game.analysis.crowd_danger import DangerTracker

HASH_TICKS = TICK_RATE // 2  # a state hash every half second
PARTS_TICKS = 2 * TICK_RATE  # with a digest of each part every 2 s (to name what differs)
KEYFRAME_TICKS = 5 * TICK_RATE  # the live run rebuilds from a keyframe every 5 s
METRIC_TICKS = TICK_RATE  # a debrief sample every second
GRID_TICKS = 10 * TICK_RATE  # a density grid every 10 s (compact: about 1 KB)
ABSOLUTE_EVERY = 6  # every 6th keyframe in a file stands alone: seeking decodes few


class Session:
    def __init__(
        self,
        level: Level,
        *,
        seed: int | None = None,
        recorder: Recorder | None = None,
        timed: TimedOrders | None = None,
        start: snapshot.Snapshot | None = None,
        keyframes: Any = None,
        world: StaticWorld | None = None,
    ) -> None:
        """`start`: continue from this snapshot (a take-over, or a seek). `keyframes`: a
        replay's recorded keyframes (an object with `get(tick) -> Snapshot | None`): the run
        rebuilds from those, not its own, so a replay plays from what was recorded."""
        self.level = level
        seed = level.seed if seed is None else int(seed)
        if start is None:
            self.sim = Simulation(level, seed=seed, keyframe_ticks=KEYFRAME_TICKS, world=world)
        else:
            self.sim = Simulation.from_snapshot(level, start, seed, KEYFRAME_TICKS, world)
        self.sim.recorded_keyframes = keyframes
        self.recorder = recorder
        self.timed = timed or TimedOrders()
        self.log: list[Event] = []
        self.scored: list[Event] = []
        self.end_reason: str | None = None
        self.ended_by = "trainee"
        self._last_keyframe: snapshot.Snapshot | None = None
        self._keyframes_written = 0
        # the crowd danger needs the last seconds of the crowd: kept only for the samples
        self.danger: DangerTracker | None = None
        if recorder is not None:
            from game.analysis.samples import danger_tracker

            self.danger = danger_tracker(self.sim)
        self.timed.skip_to(self.sim.tick)
        if start is not None and recorder is not None:
            self._record_keyframe(start, exact=True)

    # --- reading ---------------------------------------------------------------------------

    @property
    def tick(self) -> int:
        return self.sim.tick

    @property
    def finished(self) -> bool:
        return self.end_reason is not None

    def card(self) -> ScoreCard:
        return score_card(self.scored)

    # --- orders ----------------------------------------------------------------------------

    def submit(self, order: Any, source: str = "trainee") -> Any:
        """Accept an order now: it is stamped with this tick, recorded, and applied before
        the next tick (at once, when `apply_now` is called, as while paused)."""
        if self.finished:
            return None
        order = replace(order, tick=self.sim.tick)
        self._give(source, order)
        return order

    def apply_now(self) -> list[Event]:
        """Carry out the orders accepted this tick without advancing the clock."""
        events = self.sim.apply_due_orders()
        self._took(events)
        self._check_end(events)
        return events

    def end(self, by: Literal["trainee", "instructor"] = "trainee") -> list[Event]:
        """End the exercise now (F10): an order, recorded, so the replay ends here too."""
        if self.finished:
            return []
        self.submit(O.EndExercise(tick=self.sim.tick, by=by), source=by)
        return self.apply_now()

    def _give(self, source: str, order: Any) -> None:
        if self.recorder is not None:
            self.recorder.order(int(order.tick), source, order)
        if isinstance(order, O.EndExercise):
            self.ended_by = order.by
        self.sim.submit(order)

    # --- the clock -------------------------------------------------------------------------

    def step(self) -> list[Event]:
        """One tick: this tick's orders, the physics, then hashes, keyframes and samples."""
        if self.finished:
            return []
        for source, order in self.timed.due(self.sim.tick):
            self._give(source, order)
        events = self.sim.apply_due_orders()
        self._took(events)
        if self._check_end(events):
            return events
        ticked = self.sim.step()
        self._took(ticked)  # stamped with this tick: written before the next tick's records
        self._after_tick()
        events += ticked
        self._check_end(events)
        return events

    def run_to(self, tick: int) -> None:
        """Step without a window up to `tick` (or the end)."""
        while self.sim.tick < tick and not self.finished:
            self.step()

    def _after_tick(self) -> None:
        sim = self.sim
        t = sim.tick
        if sim.is_keyframe() and sim.last_keyframe is not None:
            self._record_keyframe(sim.last_keyframe)
        if self.recorder is None:
            return
        if t % HASH_TICKS == 0:
            digests = snapshot.part_digests(sim.snapshot())
            parts = snapshot.packed_parts(digests) if t % PARTS_TICKS == 0 else ""
            self.recorder.state_hash(t, snapshot.state_hash(digests), parts)
        from game.analysis.samples import DANGER_TICKS, density_grid, feed_danger, sample

        if t % DANGER_TICKS == 0 and self.danger is not None:
            feed_danger(self.danger, sim)  # read-only, as the samples
        if t % METRIC_TICKS == 0:
            field = self.danger.field() if self.danger is not None else None
            self.recorder.metric(t, "metric", sample(sim, field))
            if t % GRID_TICKS == 0:
                self.recorder.metric(t, "grid", density_grid(sim, danger=field))

    def _record_keyframe(self, kf: snapshot.Snapshot, exact: bool = False) -> None:
        if self.recorder is not None:
            alone = exact or self._keyframes_written % ABSOLUTE_EVERY == 0
            previous = None if alone else self._last_keyframe
            self.recorder.keyframe(kf.tick, snapshot.encode(kf, previous, exact=exact))
            self._keyframes_written += 1
        self._last_keyframe = None if exact else kf

    def _took(self, events: list[Event]) -> None:
        for e in events:
            self.log.append(e)
            if e.kind == "scored":
                self.scored.append(e)
            if self.recorder is not None:
                self.recorder.event(e)

    def _check_end(self, events: list[Event]) -> bool:
        if self.finished:
            return True
        reason = reason_to_end(self.sim, self.ended_by)
        if reason is None:
            return False
        self.end_reason = reason
        final = self.sim.finish()
        self._took(final)
        events += final
        if self.recorder is not None:
            card = self.card()
            self.recorder.end(
                {
                    "tick": self.sim.tick,
                    "reason": reason,
                    "outcome": card.outcome,
                    "proportionality": card.proportionality,
                    "objectives": list(self.sim.objectives),
                }
            )
            self.recorder.close()
        return True

    def close(self) -> None:
        """Stop recording (a run left before its end keeps what it had)."""
        if self.recorder is not None:
            self.recorder.close()
