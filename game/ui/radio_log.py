"""The radio log of the play screen: what was said, newest first, without repeating itself.

A line said again within a few seconds is merged into the one already there ("… ×3", with
the latest time); a squad's routine reports ("in position") merge over a longer while, so a
negotiator re-planning every second is one line, not a screenful. Important lines (an
officer down, a gate broken, a refusal) stand out in colour and are kept apart: routine
chatter never pushes one out of the history.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from game.level.schema import Level
from game.ui.radio_lines import IMPORTANT, NEWS, ROUTINE, Line, describe

MERGE_SECONDS = 10.0  # the same line again within this long is the same report
ROUTINE_SECONDS = 30.0  # a squad's same routine report merges over this long
KEEP = 40  # lines kept of each: the important ones, and all the others
SHOWN = 30  # lines in the text box (it scrolls); the important ones come first to stay
COLOURS = {IMPORTANT: "#ff8a6a", ROUTINE: "#8d9aae"}  # news is the box's own colour


@dataclass
class Entry:
    text: str
    category: str
    at: float  # s into the run it was last said
    count: int = 1
    squad: str | None = None

    def plain(self) -> str:
        times = f" \u00d7{self.count}" if self.count > 1 else ""
        return f"[{clock(self.at)}] {self.text}{times}"

    def markup(self) -> str:
        text = html.escape(self.plain(), quote=False)
        colour = COLOURS.get(self.category)
        return f"<font color='{colour}'>{text}</font>" if colour else text


class RadioLog:
    def __init__(self) -> None:
        self.entries: list[Entry] = []  # oldest first; a merged line moves to the end
        self.dirty = True

    def say(self, text: str, at: float, category: str = NEWS, squad: str | None = None) -> None:
        window = ROUTINE_SECONDS if category == ROUTINE else MERGE_SECONDS
        for k in range(len(self.entries) - 1, -1, -1):
            old = self.entries[k]
            if at - old.at > max(MERGE_SECONDS, ROUTINE_SECONDS):
                break
            if old.text == text and old.squad == squad and at - old.at <= window:
                del self.entries[k]
                old.count += 1
                old.at = at
                old.category = _higher(old.category, category)
                self.entries.append(old)
                self.dirty = True
                return
        self.entries.append(Entry(text, category, at, squad=squad))
        self._trim()
        self.dirty = True

    def hear(self, events: list[Any], sim: Any, level: Level, at: float) -> None:
        """Say every event the radio has words for."""
        for e in events:
            line = describe(e, sim, level)
            if line is not None:
                self.say_line(line, at)

    def say_line(self, line: Line, at: float) -> None:
        self.say(line.text, at, line.category, line.squad)

    def _trim(self) -> None:
        for important in (True, False):
            mine = [e for e in self.entries if (e.category == IMPORTANT) == important]
            for e in mine[: max(0, len(mine) - KEEP)]:
                self.entries.remove(e)

    def lines(self) -> list[str]:
        """Every kept line as plain text, oldest first."""
        return [e.plain() for e in self.entries]

    def shown(self) -> list[Entry]:
        """What the text box shows, newest first: the latest important lines, then the
        latest of the rest, up to SHOWN in all."""
        important = [e for e in self.entries if e.category == IMPORTANT][-SHOWN // 2 :]
        rest = [e for e in self.entries if e.category != IMPORTANT]
        room = SHOWN - len(important)
        rest = rest[-room:] if room > 0 else []
        keep = {id(e) for e in important + rest}
        return [e for e in reversed(self.entries) if id(e) in keep]

    def markup(self) -> str:
        return "<br>".join(e.markup() for e in self.shown())

    def refresh(self, box: Any) -> None:
        """Write the log into its text box, if anything new was said."""
        if self.dirty:
            self.dirty = False
            box.set_text(self.markup())


def _higher(a: str, b: str) -> str:
    order = (ROUTINE, NEWS, IMPORTANT)
    return a if order.index(a) >= order.index(b) else b


def clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"
