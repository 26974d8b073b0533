"""The instructor panel: live injects into a running exercise (F7 opens and closes it).

Every button makes an `Inject(by="instructor")` that the play screen gives its Session as the
instructor's order: recorded in the replay like the trainee's orders, carried out at once
(paused too), marked as an inject only on the debrief. What it sets going reaches the trainee
as the script's or the crowd's own doing; a refusal is said here, never on the radio.

With two screens (or forced: instructor_window.wants_separate_window) the panel lives in a
window of its own on the second screen, with a map to pick points on; otherwise it floats
over the trainee's map and a point is picked by a click on that map.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UIPanel,
    UITextBox,
    UITextEntryLine,
)

from game.debrief.injects import what
from game.debrief.text import Words
from game.level.script import SPEAKERS
from game.ui import i18n, words
from game.ui.i18n import text_of, tr
from game.ui.instructor_window import InstructorWindow, wants_separate_window
from game.ui.words import fit_text

if TYPE_CHECKING:
    from game.ui.scenes.play import PlayScene

KEY = pygame.K_F7
WIDTH = 480  # px
ROW = 30  # px from one row to the next
LABEL_W = 118  # px: the row's name on the left
AGITATION_STEP = 0.1
EDGE_INSET = 1.5  # m in from the map's edge where a reinforcement enters
NONE = "#none"  # the id of a dropdown's only option when the level has none (no Name has "#")
MAP_TOP = 430  # px: where the second window's map begins


class InstructorPanel:
    """The panel's state (kept while its widgets come and go with the play screen)."""

    def __init__(self, scene: PlayScene, separate: bool | None = None) -> None:
        self.scene = scene
        self.separate_setting = separate
        self.open = False
        self.window: InstructorWindow | None = None
        self.point: tuple[float, float] | None = None
        self.picking = False
        self.status = ""
        self.panel: UIPanel | None = None
        self.buttons: dict[Any, str] = {}  # widget -> what it does
        self.menus: dict[str, UIDropDownMenu] = {}
        self.entries: dict[str, UITextEntryLine] = {}
        self.status_box: UITextBox | None = None
        self.point_label: UILabel | None = None
        self._minimap: Any = None
        self.sent: list[dict[str, Any]] = []  # every inject made, for the tests and the log

    # --- opening and closing ------------------------------------------------------------

    @property
    def available(self) -> bool:
        """Not while watching a replay: a recording takes no orders."""
        return not self.scene.watching

    def toggle(self) -> None:
        if self.open:
            self.close()
        elif self.available:
            self.open = True
            if wants_separate_window(self.separate_setting):
                from game.ui.app import THEME

                self.window = InstructorWindow(tr("instructor.title"), str(THEME))
            self.build()

    def close(self) -> None:
        self.open = False
        self.picking = False
        self._kill_widgets()
        if self.window is not None:
            self.window.close()
            self.window = None

    def leave(self) -> None:
        """The play screen left: the widgets die with it (and the second window closes)."""
        self.close()

    def _kill_widgets(self) -> None:
        if self.panel is not None:
            self.panel.kill()
        self.panel = None
        self.buttons, self.menus, self.entries = {}, {}, {}
        self.status_box = self.point_label = None

    # --- widgets ------------------------------------------------------------------------

    def _manager(self) -> pygame_gui.UIManager:
        return self.window.ui if self.window is not None else self.scene.app.ui

    def build(self) -> None:
        """The panel's widgets for the level as it stands (again after a language change)."""
        self._kill_widgets()
        if not self.open:
            return
        ui = self._manager()
        if self.window is not None:
            rect = pygame.Rect(0, 0, WIDTH, MAP_TOP - 4)
            container = None
        else:
            from game.ui.scenes.play import PANEL_W, TOP

            map_w = self.scene.app.screen.get_width() - PANEL_W
            rect = pygame.Rect(map_w - WIDTH - 8, TOP + 44, WIDTH, 14 * ROW + 14)
            container = self.scene.root
        self.panel = UIPanel(rect, manager=ui, container=container, starting_height=3)
        level = self.scene.level
        W = rect.width - 12
        right = W - LABEL_W  # the controls' room
        y = 4
        self._label((4, y, W, 24), f"{tr('instructor.title')} — {tr('instructor.key')}", "#heading")
        y += ROW
        triggers = [(text_of(t.label) or words.readable(t.name), t.name) for t in level.triggers]
        self._row(
            y, "instructor.trigger", "trigger", triggers, "fire_trigger", "instructor.fire_trigger"
        )
        y += ROW
        groups = [(words.capital(words.readable(g.name)), g.name) for g in level.crowd]
        self._name(y, "instructor.group")
        self._menu("group", groups, (LABEL_W, y, right, 26))
        y += ROW
        thirds = right // 3
        for k, (key, act) in enumerate(
            (
                ("instructor.spawn", "spawn"),
                ("instructor.agitation_up", "up"),
                ("instructor.agitation_down", "down"),
            )
        ):
            self._button((LABEL_W + k * thirds, y, thirds - 2, 26), tr(key), act)
        y += ROW
        half = right // 2
        self._button((LABEL_W, y, half - 2, 26), tr("instructor.throw"), "throw")
        self._button((LABEL_W + half, y, half - 2, 26), tr("instructor.incite"), "incite")
        y += ROW
        self._name(y, "instructor.point")
        self._button((LABEL_W, y, 120, 26), tr("instructor.pick_point"), "pick")
        self.point_label = self._label((LABEL_W + 124, y, right - 124, 26), self._point_text())
        y += ROW
        self._button((LABEL_W, y, half - 2, 26), tr("instructor.fire"), "fire")
        frozen = self.scene.sim.script.frozen
        self._button(
            (LABEL_W + half, y, half - 2, 26),
            tr("instructor.release" if frozen else "instructor.freeze"),
            "escalation",
        )
        y += ROW
        people = [(text_of(p.label), p.name) for p in level.people]
        self._row(y, "instructor.hostage", "person", people, "hostage", "instructor.take_hostage")
        y += ROW
        squads = [(words.squad(level, q.name), q.name) for q in level.squads if q.on_cue]
        self._row(y, "instructor.reinforce", "squad", squads, "reinforce", "instructor.bring")
        y += ROW
        roles = [(tr(f"speaker.{r}"), r) for r in SPEAKERS]
        self._name(y, "instructor.radio")
        self._menu("role", roles, (LABEL_W, y, right, 26))
        y += ROW
        self._entry("radio", (LABEL_W, y, right - 104, 28), 200)
        self._button((W - 100, y, 100, 28), tr("instructor.send"), "radio")
        y += ROW + 2
        self._name(y, "instructor.note")
        self._entry("note", (LABEL_W, y, right - 104, 28), 500)
        self._button((W - 100, y, 100, 28), tr("instructor.add_note"), "note")
        y += ROW + 2
        self.status_box = UITextBox(
            self.status or (tr("instructor.frozen") if frozen else ""),
            pygame.Rect(4, y, W, 2 * ROW - 4),
            ui,
            container=self.panel,
        )

    def _label(self, rect, text: str, object_id: str | None = None) -> UILabel:
        assert self.panel is not None
        lab = UILabel(
            pygame.Rect(rect),
            "",
            self._manager(),
            container=self.panel,
            object_id=ObjectID(object_id=object_id) if object_id else None,
        )
        lab.set_text(fit_text(text, lab.font, lab.rect.width - 8) if lab.font else text)
        return lab

    def _name(self, y: int, key: str) -> None:
        self._label((4, y, LABEL_W - 6, 26), tr(key))

    def _button(self, rect, text: str, act: str) -> UIButton:
        b = UIButton(pygame.Rect(rect), text, self._manager(), container=self.panel)
        short = fit_text(text, b.font, b.rect.width - 10)
        if short != text:
            b.set_text(short)
            b.set_tooltip(text)
        self.buttons[b] = act
        return b

    def _menu(self, name: str, options: list[tuple[str, str]], rect) -> None:
        """A dropdown of the level's own names, shown by their labels."""
        if not options:
            options = [(tr("instructor.nothing"), NONE)]
        old = self.menus.get(name)
        kept = old.selected_option[1] if old is not None else None  # the same name, relabelled
        fitted = [self._fit(o, rect[2] - 44) for o in options]
        start = next((o for o in fitted if o[1] == kept), fitted[0])
        shown: list[str | tuple[str, str]] = list(fitted)
        self.menus[name] = UIDropDownMenu(
            shown, start, pygame.Rect(rect), self._manager(), container=self.panel
        )

    def _fit(self, option: tuple[str, str], width: int) -> tuple[str, str]:
        """A dropdown's label cut with an ellipsis where it would overflow."""
        font = self._manager().get_theme().get_font(["drop_down_menu"])
        return (fit_text(option[0], font, width), option[1])

    def _row(self, y: int, key: str, menu: str, options, act: str, button: str) -> None:
        self._name(y, key)
        W = WIDTH - 12
        self._menu(menu, options, (LABEL_W, y, W - LABEL_W - 104, 26))
        self._button((W - 100, y, 100, 26), tr(button), act)

    def _entry(self, name: str, rect, limit: int) -> None:
        old = self.entries.get(name)
        box = UITextEntryLine(pygame.Rect(rect), self._manager(), container=self.panel)
        box.set_text_length_limit(limit)
        if old is not None:
            box.set_text(old.get_text())
        self.entries[name] = box

    def chosen(self, menu: str) -> str:
        """The level name behind a dropdown's shown label ("" when there is none)."""
        m = self.menus.get(menu)
        if m is None:
            return ""
        option = m.selected_option
        name = str(option[1]) if isinstance(option, tuple) else str(option)
        return "" if name == NONE else name

    def _point_text(self) -> str:
        if self.picking:
            return tr("instructor.picking")
        if self.point is None:
            return tr("instructor.no_point")
        return tr("instructor.picked", x=round(self.point[0]), y=round(self.point[1]))

    def _say(self, text: str) -> None:
        self.status = text
        if self.status_box is not None:
            self.status_box.set_text(text)

    # --- events -------------------------------------------------------------------------

    def takes(self, event: pygame.event.Event) -> bool:
        """An event of the instructor's own window: its manager's, never the trainee's."""
        if self.window is None or not self.window.owns(event):
            return False
        if event.type == pygame.WINDOWCLOSE:
            self.close()
            return True
        if event.type == pygame.KEYDOWN and event.key == KEY:
            self.close()
            return True
        if self.window.process(event):
            return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            at = self._map_point(event.pos)
            if at is not None:
                self._picked(at)
        return True

    def handle(self, event: pygame.event.Event) -> bool:
        """A button of the panel, or the click on the trainee's map that picks a point."""
        if not self.open:
            return False
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            self.act(self.buttons[event.ui_element])
            return True
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            for name, box in self.entries.items():
                if event.ui_element is box:
                    self.act(name)
                    return True
        if (
            self.picking
            and self.window is None
            and event.type == pygame.MOUSEBUTTONDOWN
            and event.button == 1
            and self.scene._on_map(event.pos)
            and not (self.panel is not None and self.panel.rect.collidepoint(event.pos))
        ):
            x, y = self.scene.camera.to_world(event.pos)
            self._picked((float(x), float(y)))
            return True
        return False

    def typing(self) -> bool:
        """A text box of the panel has the keyboard: keys are letters, not shortcuts."""
        return self.window is None and any(b.is_focused for b in self.entries.values())

    def _picked(self, at: tuple[float, float]) -> None:
        level = self.scene.level
        x = min(max(at[0], 0.0), level.map.width)
        y = min(max(at[1], 0.0), level.map.height)
        self.point = (round(x, 1), round(y, 1))
        self.picking = False
        if self.point_label is not None:
            self.point_label.set_text(self._point_text())

    # --- the injects ----------------------------------------------------------------------

    def act(self, act: str) -> None:
        if act == "pick":
            self.picking = True
            if self.point_label is not None:
                self.point_label.set_text(self._point_text())
            self._say(tr("instructor.map_hint"))
            return
        action = self.action(act)
        if action is None:
            return
        if any(action.get(k) == "" for k in ("group", "trigger", "person", "squad", "role")):
            self._say(tr("instructor.none_in_level"))
            return
        spec = next((g for g in self.scene.level.crowd if g.name == action.get("group")), None)
        if action["type"] == "spawn_group" and spec is not None and not spec.on_cue:
            self._say(tr("instructor.not_on_cue", group=words.readable(spec.name)))
            return
        self.send(action)

    def action(self, act: str) -> dict[str, Any] | None:
        """The script action a button stands for, from the panel's choices."""
        group = self.chosen("group")
        at = [self.point[0], self.point[1]] if self.point is not None else None
        if act == "fire_trigger":
            return {"type": "fire_trigger", "trigger": self.chosen("trigger")}
        if act == "spawn":
            return {"type": "spawn_group", "group": group}
        if act in ("up", "down"):
            by = AGITATION_STEP if act == "up" else -AGITATION_STEP
            return {"type": "change_group", "group": group, "agitation_by": by}
        if act in ("throw", "incite"):
            out: dict[str, Any] = {"type": "provoke", "group": group, "act": act}
            if at is not None:
                out["at"] = at
            return out
        if act == "fire":
            if at is None:
                self._say(tr("instructor.need_point"))
                return None
            return {"type": "start_fire", "at": at}
        if act == "escalation":
            return {"type": "escalation", "frozen": not self.scene.sim.script.frozen}
        if act == "hostage":
            return {"type": "take_hostage", "person": self.chosen("person"), "group": group}
        if act == "reinforce":
            squad = self.chosen("squad")
            return {"type": "reinforce", "squad": squad, "enter": self.entry_point(squad)}
        if act in ("radio", "note"):
            box = self.entries[act]
            text = box.get_text().strip()
            if not text:
                self._say(tr("instructor.need_text"))
                return None
            box.set_text("")
            if act == "note":
                return {"type": "note", "text": text}
            # the instructor types one language: the trainee reads it in either
            return {"type": "radio", "text": {"id": text, "en": text}, "role": self.chosen("role")}
        return None

    def entry_point(self, squad: str) -> list[float]:
        """Where a reinforcement comes onto the map: the edge nearest its formation."""
        level = self.scene.level
        spec = next((q for q in level.squads if q.name == squad), None)
        if spec is None:
            return [EDGE_INSET, EDGE_INSET]
        cx, cy = self.scene.sim.formation_of(spec).centre
        w, h = level.map.width, level.map.height
        edges = {
            (EDGE_INSET, cy): cx,
            (w - EDGE_INSET, cy): w - cx,
            (cx, EDGE_INSET): cy,
            (cx, h - EDGE_INSET): h - cy,
        }
        x, y = min(edges, key=lambda p: edges[p])
        return [round(min(max(float(x), 0.0), w), 1), round(min(max(float(y), 0.0), h), 1)]

    def send(self, action: dict[str, Any]) -> None:
        """Give the run the inject; say here whether it was taken."""
        why, events = self.scene.inject(action)
        self.sent.append(action)
        if why is not None:
            self._say(tr("instructor.refused", why=why))
            return
        w = Words(self.scene.level, i18n.language())
        failed = next((e for e in events if e.kind == "provoke_failed"), None)
        if failed is not None:  # taken, but there was nobody to do it: the instructor's to know
            self._say(w("inject.provoke_failed", group=w.group(failed.data.get("group"))))
            return
        self._say(tr("instructor.sent", what=what(w, action)))
        if action["type"] == "escalation":
            self.build()  # the button now says the other thing

    # --- the second window's frame ----------------------------------------------------------

    @property
    def minimap(self) -> Any:
        if self._minimap is None:
            from game.ui.minimap import Minimap

            assert self.window is not None
            w, h = self.window.size
            self._minimap = Minimap(self.scene.level, (w - 16, h - MAP_TOP - 8))
        return self._minimap

    def _map_point(self, pos: tuple[int, int]) -> tuple[float, float] | None:
        if self.window is None:
            return None
        p = self.minimap.to_world(pos, (8, MAP_TOP))
        return None if p is None else (float(p[0]), float(p[1]))

    def update(self, dt: float) -> None:
        """Draw the second window: the panel over a map of the run, the point picked."""
        if self.window is None:
            return
        self.window.draw(dt, self._paint_map)

    def _paint_map(self, surface: pygame.Surface) -> None:
        self.minimap.draw(surface, (8, MAP_TOP), self.scene.cur, self.scene.camera)
        if self.point is not None:
            px = self.minimap.to_minimap(np.asarray(self.point), (8, MAP_TOP)).astype(int)
            pygame.draw.circle(surface, (255, 140, 0), (int(px[0]), int(px[1])), 5, 2)

    def draw_on_map(self, surface: pygame.Surface) -> None:
        """On one screen: the point picked, marked on the trainee's map while the panel is
        open (on two screens the instructor's own map shows it)."""
        if not self.open or self.window is not None or self.point is None:
            return
        px = self.scene.camera.to_screen(np.asarray(self.point))
        pygame.draw.circle(surface, (255, 140, 0), (int(px[0]), int(px[1])), 9, 2)
