"""A level's tutorial: one step at a time, each done when the trainee has done its goal.

What counts is what the run did, not what the trainee tried: a goal about an order is met
by the run's own events (the order carried out, the arrest made, the warning heard), so a
cordon refused as too short, or one that leaves the gate open, does not pass the cordon
step. Only what never reaches the run (selecting, pausing, the speed, starting the clock,
setting a go code) is read from the window's list of what the trainee did."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.doctrine.rulebook import negotiation_moves
from game.level.schema import TutorialStep
from game.ui.i18n import text_of, tr

# what the window records and the tutorial reads (the rest it learns from the run)
WINDOW_DEEDS = ("select_squad", "box_select", "pause", "speed", "start", "go")
REACH = 2.0  # m: a cordon this close to the gap's line stands in it
OVERLAP = 0.4  # m: how far short of a gap's end a cordon may stop (less than a body)
WARNING_MOVES = frozenset(m for m, rule in negotiation_moves().items() if "warned" in rule.sets)


@dataclass(frozen=True)
class Deed:
    """Something done: `kind` and what it was about (a squad, a move, an order's data)."""

    kind: str
    about: dict[str, Any] = field(default_factory=dict)


class Tutorial:
    def __init__(self, steps: list[TutorialStep], happened: list[str] | None = None) -> None:
        """`happened`: the window's list of what the trainee did (input.happened)."""
        self.steps = steps
        self.index = 0
        self.happened = happened if happened is not None else []
        self.read = 0  # how much of `happened` has been taken into `deeds`
        self.deeds: list[Deed] = []
        self.seen = 0  # how many deeds are already judged
        self.step_started = 0.0
        self.passed: list[int] = []  # steps passed whose `then` the run has not been given

    @property
    def done(self) -> bool:
        return self.index >= len(self.steps)

    def text(self) -> str:
        if self.done:
            return tr("tutorial.finished")
        step = self.steps[self.index]
        head = tr("tutorial.step", n=self.index + 1, total=len(self.steps))
        return f"<b>{head}</b><br>{text_of(step.text)}"

    # --- what happened -------------------------------------------------------------------

    def _take_window(self) -> None:
        for h in self.happened[self.read :]:
            kind, _, rest = h.partition(":")
            if kind in WINDOW_DEEDS:
                self.deeds.append(Deed(kind, {"name": rest} if rest else {}))
        self.read = len(self.happened)

    def saw(self, events: Iterable[Any]) -> None:
        """The run's events, as the play screen receives them."""
        self._take_window()  # in the order they came
        for e in events:
            deed = _deed_of(e.kind, e.data)
            if deed is not None:
                self.deeds.append(deed)

    def check(self, now: float) -> bool:
        """Advance past every step whose goal is met; True if any was."""
        self._take_window()
        advanced = False
        while not self.done:
            step = self.steps[self.index]
            if not self._met(step, self.deeds[self.seen :], now):
                break
            self.seen = len(self.deeds)
            self.passed.append(self.index)
            self.index += 1
            self.step_started = now
            advanced = True
        return advanced

    def take_passed(self) -> list[TutorialStep]:
        """The steps passed since last asked, whose `then` the run is to carry out now."""
        out = [self.steps[i] for i in self.passed]
        self.passed = []
        return out

    # --- judging -------------------------------------------------------------------------

    def _met(self, step: TutorialStep, fresh: list[Deed], now: float) -> bool:
        if step.goal == "wait":
            return now - self.step_started >= step.seconds
        if step.goal == "go_code":  # a go code that released orders the run carried out
            for k, d in enumerate(fresh):
                if d.kind == "go" and any(o.kind == "order" for o in fresh[k + 1 :]):
                    return True
            return False
        return any(_meets(step, d) for d in fresh)


def _deed_of(kind: str, data: dict[str, Any]) -> Deed | None:
    if kind == "order_applied":
        return Deed("order", data["order"])
    if kind == "force_used":
        return Deed("force", data)
    if kind in ("negotiation", "arrested", "evacuated", "authorised", "suspect_tagged"):
        return Deed(kind, data)
    if kind in ("gate_opened", "gate_closed") and "by" not in data:  # not the script's
        return Deed(kind, data)
    return None


def _order(d: Deed, kind: str, squad: str | None) -> bool:
    return (
        d.kind == "order"
        and d.about.get("type") == kind
        and (squad is None or d.about.get("squad") == squad)
    )


def _meets(step: TutorialStep, d: Deed) -> bool:
    goal, squad, about = step.goal, step.squad, d.about
    match goal:
        case "select_squad":
            return d.kind == "select_squad" and squad in (None, about.get("name"))
        case "box_select" | "pause" | "speed" | "start":
            return d.kind == goal
        case "cordon":
            if not _order(d, "form_cordon", squad) and not (
                _order(d, "deploy", squad) and about.get("a") is not None
            ):
                return False
            return step.across is None or covers(about["a"], about["b"], step.across)
        case "move":
            return _order(d, "move", squad)
        case "approach":
            return _order(d, "approach", squad)
        case "deploy":
            return _order(d, "deploy", squad)
        case "lapis_ganti" | "lintas_ganti":
            return _order(d, "hand_over", squad) and about.get("kind") == goal
        case "authorise":
            return _order(d, "request_authorisation", None) or d.kind == "authorised"
        case "gate_open" | "gate_close":
            kind = "gate_opened" if goal == "gate_open" else "gate_closed"
            return d.kind == kind and step.gate in (None, about.get("gate"))
        case "negotiate":  # a move that landed: one shouted down teaches nothing
            return (
                d.kind == "negotiation"
                and step.move in (None, about.get("move"))
                and about.get("outcome") == "landed"
                and squad in (None, about.get("squad"))
            )
        case "warn":  # a warning somebody heard: a verbal command or a warning move
            if d.kind == "force":
                return about.get("tool") == "verbal" and about.get("targets", 0) > 0
            return (
                d.kind == "negotiation"
                and about.get("move") in WARNING_MOVES
                and about.get("outcome") == "landed"
            )
        case "use_force":  # it reached someone, and force above words only after a warning
            if d.kind != "force" or step.tool not in (None, about.get("tool")):
                return False
            if squad is not None and about.get("squad") != squad:
                return False
            if about.get("tool") == "presence":
                return True
            reached = about.get("targets", 0) > 0
            return reached and (about.get("stage", 0) < 3 or bool(about.get("warned")))
        case "arrest":  # a provocateur, not whoever stood nearest
            return (
                d.kind == "arrested"
                and bool(about.get("provocateur"))
                and squad in (None, about.get("squad"))
            )
        case "evacuate":
            return d.kind == "evacuated" and squad in (None, about.get("squad"))
        case "observe":  # the intel squad named someone it watched inciting or throwing
            return d.kind == "suspect_tagged" and squad in (None, about.get("squad"))
    return False


def covers(a: Any, b: Any, gap: tuple[Any, Any]) -> bool:
    """Whether the cordon a-b stands across the gap: both of the gap's ends lie beside the
    cordon (within REACH of its line) and between its ends."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    ab = b - a
    length = float(np.hypot(*ab))
    if length == 0:
        return False
    along = ab / length
    for end in gap:
        rel = np.asarray(end, float) - a
        t = float(rel @ along)
        off = abs(float(rel[0] * along[1] - rel[1] * along[0]))
        if off > REACH or t < -OVERLAP or t > length + OVERLAP:
            return False
    return True
