"""The briefing: what the trainee reads before the clock starts.

The level's title, the situation, the objectives and the rules of engagement on the left;
a map preview, its legend and the units at hand on the right. A level without a written
briefing gets one built from its own data and from the doctrine (docs/doctrine.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIImage, UILabel, UITextBox

from game.doctrine.rulebook import force_tools
from game.doctrine.units import UNIT_KINDS
from game.level import Level, LevelError
from game.ui import legend
from game.ui.i18n import text_of, tr
from game.ui.level_file import read_level
from game.ui.palette import FLAT_GROUND
from game.ui.render import ZONE_TINTS
from game.ui.scene import Scene
from game.ui.scenes.level_error import LevelErrorScene
from game.ui.trainee import TraineeField

BACKGROUND = (24, 28, 36)

# --- the map preview ---------------------------------------------------------------------

GROUND_COLOURS = FLAT_GROUND
MAP_BACKGROUND = (112, 120, 104)
BUILDING = (196, 184, 164)
BUILDING_EDGE = (70, 60, 52)
WALL = (40, 40, 44)
FENCE = (70, 70, 78)
GATE = (214, 150, 40)
GATE_OPEN = (236, 206, 150)
SPAWN = (220, 50, 50)
DEPLOY = ZONE_TINTS["deploy"]  # the play map's colour: one colour the words can name
GOAL = (250, 220, 60)
EXIT = (60, 200, 90)
SQUAD = (30, 70, 200)
PERSON = (250, 250, 250)


def draw_level_preview(level: Level, size: tuple[int, int]) -> pygame.Surface:
    """The level's map scaled to fit `size`: ground, buildings, walls, gates and zones
    (spawn zones tinted red, deploy zones blue, goal zones outlined), the squads where they
    start and the people to protect. Transparent around the map."""
    w, h = size
    scale = min(w / level.map.width, h / level.map.height)
    mw, mh = max(1, round(level.map.width * scale)), max(1, round(level.map.height * scale))
    out = pygame.Surface(size, pygame.SRCALPHA)
    ox, oy = (w - mw) // 2, (h - mh) // 2
    m = pygame.Surface((mw, mh), pygame.SRCALPHA)
    m.fill(MAP_BACKGROUND)

    def px(p: Any) -> tuple[float, float]:
        return (p[0] * scale, p[1] * scale)

    def poly(points: list[Any]) -> list[tuple[float, float]]:
        return [px(p) for p in points]

    for g in level.ground:
        pygame.draw.polygon(m, GROUND_COLOURS.get(g.kind, MAP_BACKGROUND), poly(g.outline()))
    tint = pygame.Surface((mw, mh), pygame.SRCALPHA)
    for z in level.zones:
        if z.kind == "spawn":
            pygame.draw.polygon(tint, (*SPAWN, 110), poly(z.outline()))
        elif z.kind == "deploy":
            pygame.draw.polygon(tint, (*DEPLOY, 90), poly(z.outline()))
    m.blit(tint, (0, 0))
    for b in level.buildings:
        pygame.draw.polygon(m, BUILDING, poly(b.polygon))
        pygame.draw.polygon(m, BUILDING_EDGE, poly(b.polygon), 1)
    for wall in level.walls:
        width = max(1, round(wall.thickness * scale * (1.0 if wall.kind == "wall" else 1.5)))
        colour = WALL if wall.kind == "wall" else FENCE
        pygame.draw.lines(
            m, colour, False, poly(wall.points), max(2 if wall.kind == "wall" else 1, width)
        )
    for gate in level.gates:
        colour = GATE if not gate.open else GATE_OPEN
        pygame.draw.line(m, colour, px(gate.a), px(gate.b), max(3, round(0.5 * scale)))
    for z in level.zones:
        if z.kind == "goal":
            pygame.draw.polygon(m, GOAL, poly(z.outline()), 2)
        elif z.kind == "exit":
            pygame.draw.polygon(m, EXIT, poly(z.outline()), 1)
    for sq in level.squads:
        f = sq.formation
        if f.type == "line":
            pygame.draw.line(m, SQUAD, px(f.a), px(f.b), max(3, round(0.6 * scale)))
        else:
            pygame.draw.circle(m, SQUAD, px(f.at), max(3, round(0.8 * scale)))
    for person in level.people:
        pygame.draw.circle(m, (20, 20, 20), px(person.at), max(3, round(0.7 * scale)) + 1)
        pygame.draw.circle(m, PERSON, px(person.at), max(3, round(0.7 * scale)))
    pygame.draw.rect(m, (20, 20, 24), m.get_rect(), 1)
    out.blit(m, (ox, oy))
    return out


def legend_swatch(kind: str, size: int = 18) -> pygame.Surface:
    """A small square showing how the preview draws `kind`."""
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    r = s.get_rect().inflate(-2, -2)
    if kind == "spawn":
        pygame.draw.rect(s, (*MAP_BACKGROUND, 255), r)
        pygame.draw.rect(s, (*SPAWN, 170), r)
    elif kind == "deploy":
        pygame.draw.rect(s, (*MAP_BACKGROUND, 255), r)
        pygame.draw.rect(s, (*DEPLOY, 150), r)
    elif kind == "goal":
        pygame.draw.rect(s, GOAL, r, 2)
    elif kind == "exit":
        pygame.draw.rect(s, EXIT, r, 2)
    elif kind == "squad":
        pygame.draw.circle(s, SQUAD, r.center, size // 3)
    elif kind == "gate":
        pygame.draw.line(s, GATE, (1, size // 2), (size - 2, size // 2), 4)
    elif kind == "person":
        pygame.draw.circle(s, (20, 20, 20), r.center, size // 3 + 1)
        pygame.draw.circle(s, PERSON, r.center, size // 3)
    return s


def mark_icon(ok: bool, size: int = 24) -> pygame.Surface:
    """A drawn check mark (green) or cross (red); the UI font may lack ✓ and ✗."""
    s = pygame.Surface((size, size), pygame.SRCALPHA)
    width = max(2, size // 7)
    if ok:
        pts = [(size * 0.15, size * 0.55), (size * 0.4, size * 0.8), (size * 0.85, size * 0.22)]
        pygame.draw.lines(s, (70, 200, 90), False, pts, width)
    else:
        a, b = size * 0.2, size * 0.8
        pygame.draw.line(s, (225, 70, 60), (a, a), (b, b), width)
        pygame.draw.line(s, (225, 70, 60), (a, b), (b, a), width)
    return s


# --- texts built from the level ------------------------------------------------------------


def squad_name(squad: Any) -> str:
    return text_of(squad.label) if squad.label else tr(f"briefing.kind.{squad.kind}")


def objective_text(level: Level, objective: Any) -> str:
    """An objective's own label, or a generic description with its parameters."""
    if objective.label is not None:
        return text_of(objective.label)
    kind = objective.type
    if kind == "keep_zone_clear":
        return tr(
            "briefing.objective.keep_zone_clear", zone=objective.zone, max=objective.max_people
        )
    if kind in ("protect_person", "free_hostage"):
        person = next((p for p in level.people if p.name == objective.person), None)
        who = text_of(person.label) if person else objective.person
        return tr(f"briefing.objective.{kind}", person=who)
    if kind == "disperse_by":
        return tr(
            "briefing.objective.disperse_by",
            share=round(objective.share * 100),
            minutes=_number(objective.seconds / 60),
        )
    if kind == "arrest_provocateurs":
        return tr("briefing.objective.arrest_provocateurs", share=round(objective.share * 100))
    if kind == "evacuate_injured":
        return tr(
            f"briefing.objective.evacuate_injured.{objective.side}",
            within=_number(objective.within),
        )
    return kind


def situation_text(level: Level) -> str:
    """A situation for a level that has no written briefing, from its crowd and people."""
    people = sum(g.count for g in level.crowd)
    provocateurs = sum(g.roles.provokator for g in level.crowd)
    parts = [tr("briefing.generic.crowd", people=people, groups=len(level.crowd))]
    for g in level.crowd:
        key = "briefing.generic.group_later" if g.start > 0 else "briefing.generic.group"
        if g.on_cue:  # only if the scenario calls for it: the trainee cannot count on it
            key = "briefing.generic.group_cue"
        parts.append(
            tr(
                key,
                name=g.name,
                count=g.count,
                minutes=_number(g.start / 60),
                seconds=round(g.start),
            )
        )
    if provocateurs:
        parts.append(tr("briefing.generic.provocateurs", count=provocateurs))
    if any(g.sit_in for g in level.crowd):
        parts.append(tr("briefing.generic.sit_in"))
    if level.gates:
        parts.append(tr("briefing.generic.gates", count=len(level.gates)))
    if level.people:
        who = ", ".join(text_of(p.label) for p in level.people)
        parts.append(tr("briefing.generic.people", people=who))
    return " ".join(parts)


def rules_text() -> str:
    """The rules of engagement every level shares (Perkap 1/2009, Perkap 16/2006)."""
    keys = ("stages", "warn", "merah", "dialogue")
    return "<br>".join("• " + tr(f"briefing.roe.{k}") for k in keys)


def tools_text(level: Level, kind: str) -> str:
    unit = UNIT_KINDS[kind]
    try:
        rules = force_tools(level.force)
    except Exception:  # a level's tuning is checked on load; never let a label fail here
        rules = {}
    names = []
    for tool in unit.tools:
        stage = rules[tool].stage if tool in rules else None
        name = tr(f"briefing.tool.{tool}")
        names.append(f"{name} ({stage})" if stage else name)
    if unit.talks:
        names.append(tr("briefing.ability.talks"))
    if unit.evacuates:
        names.append(tr("briefing.ability.evacuates"))
    if unit.observes:
        names.append(tr("briefing.ability.observes"))
    return ", ".join(names) if names else tr("briefing.ability.none")


def _number(x: float) -> str:
    return f"{x:.0f}" if abs(x - round(x)) < 0.05 else f"{x:.1f}"


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- the scene -----------------------------------------------------------------------------


class BriefingScene(Scene):
    def __init__(self, app, level: Level, path: Path | str | None) -> None:
        super().__init__(app)
        self.level = level
        self.path = Path(path) if path is not None else None

    def left_html(self) -> str:
        level = self.level
        if level.briefing is not None:
            situation = _esc(text_of(level.briefing.situation))
            rules = _esc(text_of(level.briefing.rules))
        else:
            situation = _esc(situation_text(level))
            rules = rules_text()
        parts = [f"<b>{tr('briefing.situation')}</b><br>{situation}<br><br>"]
        parts.append(f"<b>{tr('briefing.objectives')}</b><br>")
        given = [o for o in level.objectives if o.active]  # hidden ones come with their beat
        if given:
            for n, obj in enumerate(given, 1):
                parts.append(f"{n}. {_esc(objective_text(level, obj))}<br>")
        else:
            parts.append(f"{tr('briefing.no_objectives')}<br>")
        parts.append(f"<br><b>{tr('briefing.rules')}</b><br>{rules}")
        return "".join(parts)

    def units_html(self) -> str:
        lines = []
        for sq in self.level.squads:
            count = tr("briefing.officers", count=sq.officers)
            if sq.kind == "water_cannon":
                count = tr("briefing.vehicles", count=sq.officers)
            if sq.on_cue:
                count += " " + tr("briefing.on_cue")
            lines.append(
                f"<b>{_esc(squad_name(sq))}</b>: {count}<br>"
                f"<font color='#a9b7cf'>{_esc(tools_text(self.level, sq.kind))}</font>"
            )
        if not lines:
            return tr("briefing.no_units")
        return "<br>".join(lines)

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        ui, root = self.app.ui, self.root
        margin, gap = 32, 24
        UILabel(
            pygame.Rect(margin, 14, w - 2 * margin, 48),
            text_of(self.level.title),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#title"),
        )
        UILabel(
            pygame.Rect(margin, 58, w - 2 * margin, 24),
            tr("briefing.subtitle"),
            manager=ui,
            container=root,
        )
        top, bottom = 92, h - 76
        left_w = (w - 2 * margin - gap) * 52 // 100
        right_x = margin + left_w + gap
        right_w = w - margin - right_x
        self.text_box = UITextBox(
            self.left_html(),
            pygame.Rect(margin, top, left_w, bottom - top),
            manager=ui,
            container=root,
        )
        # the map preview, its legend, then the units
        map_h = min(
            int(right_w * self.level.map.height / self.level.map.width), (bottom - top) // 2
        )
        self.preview = draw_level_preview(self.level, (right_w, map_h))
        UIImage(pygame.Rect(right_x, top, right_w, map_h), self.preview, manager=ui, container=root)
        y = top + map_h + 6
        x = right_x
        zones = {z.kind for z in self.level.zones}
        shown: list[str] = [k for k in ("spawn", "deploy", "goal", "exit") if k in zones]
        shown += ["squad"] if self.level.squads else []
        shown += ["person"] if self.level.people else []
        for kind in shown:
            icon = UIImage(
                pygame.Rect(x, y + 3, 18, 18), legend_swatch(kind), manager=ui, container=root
            )
            label = UILabel(
                pygame.Rect(x + 22, y, -1, 24),
                tr(f"briefing.legend.{kind}"),
                manager=ui,
                container=root,
            )
            if x + 22 + label.rect.width > right_x + right_w and x > right_x:
                x, y = right_x, y + 26  # wrap onto a second line
                icon.set_relative_position((x, y + 3))
                label.set_relative_position((x + 22, y))
            x += 22 + label.rect.width + 14
        y += 30
        UILabel(
            pygame.Rect(right_x, y, right_w, 28),
            tr("briefing.units", count=sum(s.officers for s in self.level.squads)),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#heading"),
        )
        y += 30
        self.units_box = UITextBox(
            self.units_html(),
            pygame.Rect(right_x, y, right_w, bottom - y),
            manager=ui,
            container=root,
        )
        self.back_button = UIButton(
            pygame.Rect(margin, h - 62, 180, 46), tr("common.back"), manager=ui, container=root
        )
        self.start_button = UIButton(
            pygame.Rect(w - margin - 240, h - 62, 240, 46),
            tr("briefing.start"),
            manager=ui,
            container=root,
        )
        self.legend_button = UIButton(  # what the map's people look like, near and far
            pygame.Rect(w - margin - 240 - 12 - 220, h - 62, 220, 46),
            tr("legend.open", shortcut=legend.KEY_NAME),
            manager=ui,
            container=root,
        )
        # asked here too, the first time: the first launch may open straight at a briefing
        self.trainee: TraineeField | None = None
        if not self.app.settings.trainee:
            self.trainee = TraineeField(self.app, pygame.Rect(margin + 200, h - 70, 320, 64), root)

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.trainee is not None and self.trainee.handle(event):
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.start_button:
                self.start()
            elif event.ui_element is self.back_button:
                self.app.pop()
            elif event.ui_element is self.legend_button:
                self.app.push(legend.LegendScene(self.app))
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                self.app.pop()
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                self.start()
            elif event.key == legend.KEY:
                self.app.push(legend.LegendScene(self.app))

    def start(self) -> None:
        """The run, from the level file as it is on disk now (an edit made while the
        briefing was open is played, and recorded as played)."""
        if self.path is None:
            self._start(self.level, None)
            return
        try:
            level, text = read_level(self.path)
        except LevelError as exc:
            self.app.push(LevelErrorScene(self.app, exc, self.path, on_fixed=self._start))
            return
        self._start(level, text)

    def _start(self, level: Level, text: str | None) -> None:
        from game.ui.scenes.play import PlayScene

        self.level = level  # what this briefing shows when the trainee comes back
        self.app.push(PlayScene(self.app, level, self.path, level_text=text))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
