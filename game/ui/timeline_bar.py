"""The replay's timeline: the situation's phases as coloured bands, a marker for every event
of note, the playhead; a click anywhere on it, or on a marker, says which tick to jump to.

Drawn with plain pygame from the replay's recorded events: nothing is re-simulated.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.replay.read import Replay
from game.ui.i18n import text_of, tr

BAND = {"hijau": (46, 140, 70), "kuning": (200, 160, 40), "merah": (180, 50, 45)}
MARKS = (
    "force_used",
    "gate_broken",
    "injured",
    "negotiation",
    "objective_met",
    "objective_failed",
    "hostage_taken",
    "hostage_freed",
    "exercise_ended",
    "phase",
    "level_ended",
)
MARK_COLOUR = {
    "force_fits": (90, 210, 120),
    "force_excess": (240, 80, 70),
    "gate_broken": (250, 150, 40),
    "injured": (240, 240, 240),
    "negotiation": (120, 180, 255),
    "objective_met": (120, 230, 150),
    "objective_failed": (240, 110, 100),
    "hostage_taken": (255, 60, 200),
    "hostage_freed": (200, 160, 255),
    "exercise_ended": (255, 255, 255),
    "phase": (244, 226, 160),
    "level_ended": (255, 255, 255),
}


@dataclass(frozen=True)
class Mark:
    tick: int
    kind: str  # a MARK_COLOUR key
    text: str  # what it was, in the trainee's language


def marks_of(replay: Replay) -> list[Mark]:
    """One mark per event of note, described for the hover text."""
    out = []
    squads = {sq.name: text_of(sq.label) or tr(f"unit.{sq.kind}") for sq in replay.level.squads}
    objectives = replay.level.objectives
    for e in replay.events:
        if e.kind not in MARKS:
            continue
        d = e.data
        kind = e.kind
        if kind == "force_used":
            excess = int(d.get("stage", 0)) > int(d.get("allowed_stage", 9)) and d.get("targets")
            kind = "force_excess" if excess else "force_fits"
            verdict = tr("replay.verdict.excess" if excess else "replay.verdict.fits")
            text = tr(
                "replay.mark.force",
                squad=squads.get(str(d.get("squad")), ""),
                tool=tr(f"tool.{d.get('tool')}"),
                stage=d.get("stage", "?"),
                verdict=verdict,
            )
        elif kind == "negotiation":
            text = tr("replay.mark.negotiation", squad=squads.get(str(d.get("squad")), ""))
        elif kind == "injured":
            text = tr("replay.mark.injured_officer" if d.get("officer") else "replay.mark.injured")
        elif kind.startswith("objective_"):
            i = int(d.get("objective", -1))
            label = text_of(objectives[i].label) if 0 <= i < len(objectives) else ""
            text = tr(f"replay.mark.{kind}", objective=label or tr(f"objective.{d.get('type')}"))
        elif kind == "phase":
            text = tr("replay.mark.phase", phase=text_of(d.get("label")))
        elif kind == "level_ended":
            text = tr(f"replay.mark.level_{d.get('result')}")
        else:
            text = tr(f"replay.mark.{kind}")
        out.append(Mark(e.tick, kind, text))
    return out


def phases_of(replay: Replay, end_tick: int) -> list[tuple[int, int, str]]:
    """(from, to, colour) for each stretch of one situation colour."""
    out = []
    start, colour = 0, "hijau"
    for e in replay.events:
        if e.kind == "situation":
            out.append((start, e.tick, colour))
            start, colour = e.tick, str(e.data.get("colour", colour))
    out.append((start, max(end_tick, start), colour))
    return [p for p in out if p[1] > p[0]]


class TimelineBar:
    def __init__(self, replay: Replay, first_tick: int, end_tick: int) -> None:
        self.first = first_tick
        self.end = max(end_tick, first_tick + 1)
        self.marks = marks_of(replay)
        self.phases = phases_of(replay, end_tick)
        self.rect = pygame.Rect(0, 0, 0, 0)

    def x_of(self, tick: int) -> int:
        span = self.end - self.first
        return self.rect.x + round((tick - self.first) / span * self.rect.width)

    def tick_at(self, x: int) -> int:
        share = (x - self.rect.x) / max(1, self.rect.width)
        return round(self.first + min(1.0, max(0.0, share)) * (self.end - self.first))

    def mark_at(self, pos: tuple[int, int]) -> Mark | None:
        """The marker under the pointer (within a few pixels)."""
        if not self.rect.inflate(0, 16).collidepoint(pos):
            return None
        near = [m for m in self.marks if abs(self.x_of(m.tick) - pos[0]) <= 4]
        return min(near, key=lambda m: abs(self.x_of(m.tick) - pos[0])) if near else None

    def hit(self, pos: tuple[int, int]) -> int | None:
        """The tick a click there jumps to (a marker's own tick when on one)."""
        mark = self.mark_at(pos)
        if mark is not None:
            return mark.tick
        if self.rect.inflate(0, 16).collidepoint(pos):
            return self.tick_at(pos[0])
        return None

    def draw(self, surface: pygame.Surface, tick: int, hover: tuple[int, int] | None) -> None:
        r = self.rect
        pygame.draw.rect(surface, (16, 22, 34), r.inflate(8, 26), border_radius=6)
        for a, b, colour in self.phases:
            x0, x1 = self.x_of(a), self.x_of(b)
            pygame.draw.rect(
                surface, BAND.get(colour, (90, 90, 90)), (x0, r.y, max(1, x1 - x0), r.h)
            )
        for m in self.marks:
            x = self.x_of(m.tick)
            pygame.draw.line(surface, MARK_COLOUR[m.kind], (x, r.y - 6), (x, r.bottom + 5), 2)
        x = self.x_of(tick)
        pygame.draw.polygon(
            surface, (255, 255, 255), [(x - 6, r.y - 9), (x + 6, r.y - 9), (x, r.y)]
        )
        pygame.draw.line(surface, (255, 255, 255), (x, r.y), (x, r.bottom), 2)
        mark = self.mark_at(hover) if hover else None
        if mark is not None:
            self._tip(surface, mark.text, (self.x_of(mark.tick), r.y - 54))  # above the buttons

    @staticmethod
    def _tip(surface: pygame.Surface, text: str, at: tuple[int, int]) -> None:
        font = pygame.font.Font(None, 22)
        img = font.render(text, True, (240, 240, 240))
        box = img.get_rect()
        box.midbottom = at
        box.clamp_ip(surface.get_rect())
        pygame.draw.rect(surface, (10, 16, 30), box.inflate(12, 8), border_radius=4)
        pygame.draw.rect(surface, (212, 165, 55), box.inflate(12, 8), 1, border_radius=4)
        surface.blit(img, box)
