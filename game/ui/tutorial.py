"""A level's tutorial: one step at a time, each done when the trainee has done its goal."""

from __future__ import annotations

from game.level.schema import TutorialStep
from game.ui.i18n import text_of, tr


class Tutorial:
    def __init__(self, steps: list[TutorialStep]) -> None:
        self.steps = steps
        self.index = 0
        self.seen = 0  # how much of the trainee's action list is already judged
        self.step_started = 0.0

    @property
    def done(self) -> bool:
        return self.index >= len(self.steps)

    def text(self) -> str:
        if self.done:
            return tr("tutorial.finished")
        step = self.steps[self.index]
        head = tr("tutorial.step", n=self.index + 1, total=len(self.steps))
        return f"<b>{head}</b><br>{text_of(step.text)}"

    def check(self, happened: list[str], now: float) -> bool:
        """Advance past every step whose goal is met; True if any was."""
        advanced = False
        while not self.done:
            step = self.steps[self.index]
            fresh = happened[self.seen :]
            if self._met(step, fresh, now):
                self.seen = len(happened)
                self.index += 1
                self.step_started = now
                advanced = True
            else:
                break
        return advanced

    def _met(self, step: TutorialStep, fresh: list[str], now: float) -> bool:
        if step.goal == "wait":
            return now - self.step_started >= step.seconds
        want = {
            "select_squad": f"select_squad:{step.squad}" if step.squad else "select_squad:",
            "box_select": "box_select",
            "cordon": f"cordon:{step.squad}" if step.squad else "cordon:",
            "move": f"move:{step.squad}" if step.squad else "move:",
            "approach": f"approach:{step.squad}" if step.squad else "approach:",
            "negotiate": f"negotiate:{step.move}" if step.move else "negotiate:",
            "use_force": f"use_force:{step.tool}" if step.tool else "use_force:",
            "pause": "pause",
            "speed": "speed",
        }[step.goal]
        exact = want.endswith(":") is False
        return any(h == want if exact else h.startswith(want) for h in fresh)
