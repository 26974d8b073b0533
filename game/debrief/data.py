"""What the debrief reads: a level, the replay's header, its events, samples and end.

The debrief never re-simulates: everything it shows was recorded while the run was played
(docs/replays.md). `from_simulation_run` makes the same input from a headless run, for the
tests and the benchmarks; `from_records` from the plain records of a replay file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from game.analysis.samples import DANGER_TICKS, danger_tracker, density_grid, feed_danger, sample
from game.level.schema import Level
from game.sim.constants import TICK_RATE
from game.sim.events import Event
from game.sim.scoring import ScoreCard, score_card

METRIC_TICKS = TICK_RATE  # a sample every simulated second, as the Session records them
GRID_TICKS = 10 * TICK_RATE  # a density grid every 10 s


@dataclass
class DebriefInput:
    level: Level
    header: dict[str, Any]  # at least trainee, created, seed, level_file
    events: list[dict[str, Any]]  # {"tick": int, "kind": str, "data": dict}
    metrics: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    grids: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    end: dict[str, Any] | None = None  # tick, reason, outcome, proportionality, objectives
    tick_rate: int = TICK_RATE

    def of_kind(self, *kinds: str) -> list[dict[str, Any]]:
        """The events of these kinds, in the order they happened."""
        return [e for e in self.events if e.get("kind") in kinds]

    def scored(self) -> list[dict[str, Any]]:
        """Every scored item as the score card lists it: tick, axis, points, rule, about."""
        return [{"tick": int(e["tick"]), **e.get("data", {})} for e in self.of_kind("scored")]

    def card(self) -> ScoreCard:
        """The two axes, summed from the scored events exactly as the run summed them."""
        return score_card(
            [
                Event(int(e["tick"]), "scored", dict(e.get("data", {})))
                for e in self.of_kind("scored")
            ]
        )

    @property
    def last_tick(self) -> int:
        """Where the run stopped: its end, or the last thing recorded."""
        if self.end is not None and "tick" in self.end:
            return int(self.end["tick"])
        ticks = [int(e["tick"]) for e in self.events] + [int(t) for t, _ in self.metrics]
        return max(ticks, default=0)

    def seconds(self, tick: int | float) -> float:
        return float(tick) / self.tick_rate


def event_dict(e: Event) -> dict[str, Any]:
    """An Event as the replay's event record holds it."""
    return {"tick": int(e.tick), "kind": e.kind, "data": dict(e.data)}


def from_records(level: Level, records: Iterable[dict[str, Any]]) -> DebriefInput:
    """A debrief from the records of a replay file (header, event, metric, grid, end), each
    a plain dict as written in docs/replays.md; other records are skipped."""
    header: dict[str, Any] = {}
    events: list[dict[str, Any]] = []
    metrics: list[tuple[int, dict[str, Any]]] = []
    grids: list[tuple[int, dict[str, Any]]] = []
    end: dict[str, Any] | None = None
    for r in records:
        kind = r.get("type")
        if kind == "header":
            header = {k: v for k, v in r.items() if k not in ("type", "level_text")}
        elif kind == "event":
            events.append({"tick": int(r["tick"]), "kind": str(r["kind"]), "data": r["data"]})
        elif kind == "metric":
            metrics.append((int(r["tick"]), r["sample"]))
        elif kind == "grid":
            grids.append((int(r["tick"]), r["sample"]))
        elif kind == "end":
            end = {k: v for k, v in r.items() if k != "type"}
    return DebriefInput(
        level,
        header,
        events,
        metrics,
        grids,
        end,
        int(header.get("tick_rate", TICK_RATE)),
    )


def from_simulation_run(
    level: Level,
    seconds: float,
    orders: Sequence[Any] = (),
    *,
    seed: int | None = None,
    trainee: str = "Bripda Latihan",
    created: str | None = None,
    level_file: str = "",
) -> DebriefInput:
    """Run a level headless for `seconds` (or to its own end) with these orders (each
    stamped with its tick) and collect what a recorded replay would hold for the debrief.

    A run still going at `seconds` is ended as the trainee's F10 ends it.
    """
    from game.session.end import reason_to_end
    from game.sim import orders as O
    from game.sim.simulation import Simulation

    sim = Simulation(level, seed=seed)
    for order in orders:
        sim.submit(order)
    events: list[dict[str, Any]] = []
    metrics: list[tuple[int, dict[str, Any]]] = []
    grids: list[tuple[int, dict[str, Any]]] = []
    ticks = round(seconds * TICK_RATE)
    danger = danger_tracker(sim)  # fed as the Session feeds its own while recording
    reason = reason_to_end(sim)
    while reason is None and sim.tick < ticks:
        events += [event_dict(e) for e in sim.step()]
        if sim.tick % DANGER_TICKS == 0:
            feed_danger(danger, sim)
        if sim.tick % METRIC_TICKS == 0:
            metrics.append((sim.tick, sample(sim, danger.field())))
        if sim.tick % GRID_TICKS == 0:
            grids.append((sim.tick, density_grid(sim, danger=danger.field())))
        reason = reason_to_end(sim)
    if reason is None:
        sim.submit(O.EndExercise(tick=sim.tick, by="trainee"))
        events += [event_dict(e) for e in sim.apply_due_orders()]
        reason = "ended_by_trainee"
    events += [event_dict(e) for e in sim.finish()]
    header = {
        "trainee": trainee,
        "created": created or datetime.now().astimezone().isoformat(timespec="seconds"),
        "seed": sim.seed,
        "level_file": level_file,
        "tick_rate": TICK_RATE,
    }
    data = DebriefInput(level, header, events, metrics, grids, None, TICK_RATE)
    card = data.card()
    end = {
        "tick": sim.tick,
        "reason": reason,
        "outcome": card.outcome,
        "proportionality": card.proportionality,
        "objectives": list(sim.objectives),
    }
    return replace(data, end=end)
