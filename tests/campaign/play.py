"""Play a campaign level headless with an orders file, to its end, as a trainee would
have played it: the Session ends it (time limit, objectives decided, the crowd gone, or the
script's end), and the same rule as the result screen says whether it was passed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.level import load_level
from game.session import Session
from game.session.end import passed
from game.session.sources import TimedOrders
from game.sim import parse_orders
from game.sim.events import Event

ROOT = Path(__file__).resolve().parent.parent.parent
LEVELS = ROOT / "levels"
ORDERS = Path(__file__).resolve().parent / "orders"
TICK = 1 / 60  # s per simulation tick


def seconds(event: Event) -> float:
    return event.tick * TICK


@dataclass
class Outcome:
    passed: bool
    reason: str  # why the Session ended it
    objectives: list[str]
    seconds: float
    outcome: float  # the two score axes
    proportionality: float
    events: list[Event]
    names: list[str]  # the level's objective names, in file order

    def of(self, kind: str) -> list[Event]:
        return [e for e in self.events if e.kind == kind]

    def state(self, objective: str) -> str:
        """How the named objective stood at the end."""
        return self.objectives[self.names.index(objective)]

    def ended_by(self) -> str:
        """The trigger whose end_level action ended the run."""
        (end,) = self.of("level_ended")
        return str(end.data["by"])

    def rules(self) -> list[str]:
        return [str(e.data["rule"]) for e in self.of("scored")]

    def crowd_hurt(self) -> list[Event]:
        return [e for e in self.of("injured") if not e.data["officer"]]

    def fired_at(self, trigger: str) -> float:
        """Seconds into the run when the trigger fired (once)."""
        (event,) = [e for e in self.of("trigger_fired") if e.data["trigger"] == trigger]
        return seconds(event)

    def fired(self) -> list[str]:
        return [str(e.data["trigger"]) for e in self.of("trigger_fired")]

    def phases(self) -> list[str]:
        return [str(e.data["phase"]) for e in self.of("phase")]


def play(level_file: str, orders_file: str | None) -> Outcome:
    """`level_file` relative to levels/, `orders_file` to tests/campaign/orders/ (None:
    a trainee who gives no order at all)."""
    level = load_level(LEVELS / level_file)
    orders = []
    if orders_file is not None:
        orders = parse_orders((ORDERS / orders_file).read_text(encoding="utf-8"), orders_file)
    session = Session(level, timed=TimedOrders.of(orders, "file"))
    while not session.finished:
        session.step()
    sim = session.sim
    card = session.card()
    return Outcome(
        passed=passed(sim.objectives, sim.script.result),
        reason=str(session.end_reason),
        objectives=list(sim.objectives),
        seconds=sim.time,
        outcome=card.outcome,
        proportionality=card.proportionality,
        events=list(session.log),
        names=[o.name or "" for o in level.objectives],
    )
