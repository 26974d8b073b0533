"""The level editor: a map canvas with the tools across the top, the side panel's forms on
the right, the level's problems live along the bottom of the map.

Instructors build a scenario for their own office here without a text editor. The document
(game/editor/document.py) holds the level and its undo history; this screen only turns the
mouse and the keys into its edits. Nothing the instructor did is lost silently: leaving with
unsaved changes asks first, a save the loader would refuse writes nothing and lists why,
and a test play comes back to the same document, view, tool and selection.

Keys: Ctrl+Z undo, Ctrl+Y or Ctrl+Shift+Z redo, Ctrl+S save, Ctrl+D duplicate, Delete,
Esc cancels a drawing (else leaves), Enter ends a wall or polygon, G snapping, arrows pan.
Mouse: the wheel zooms at the cursor, a middle or right drag pans, a right click ends a
drawing or (Select) adds a corner on an edge / removes one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UITextEntryLine,
    UIWindow,
)
from pygame_gui.windows import UIFileDialog

from game.editor.background import calibrate, import_image, resolve_image
from game.editor.document import ItemRef, LevelDocument, Problem
from game.level import LevelError
from game.ui import i18n
from game.ui.editor.canvas import Canvas, View, item_points, number, snap
from game.ui.editor.panel import EditorPanel
from game.ui.editor.problems_list import ProblemsList
from game.ui.editor.tools import OPTIONS, SHAPED, TOOLS, Tools
from game.ui.i18n import text_of, tr
from game.ui.scene import Scene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.result import ResultScene

BACKGROUND = (24, 28, 36)
TOP = 72  # two rows: the tools, then the tool's options
ROW_H = 32
PANEL_W = 380
STATUS_H = 24
SHAPE_KINDS = ("ground", "buildings", "walls", "gates", "zones", "crowd", "squads", "lines",
               "people")
PAN_STEP = 40  # px an arrow key pans
# rows of words read from their start, like a list: the problems and the status line
SCREEN_THEME: dict[str, Any] = {
    "#problem_row": {"misc": {"text_horiz_alignment": "left",
                              "text_horiz_alignment_padding": "8"}},
    "#status_line": {"misc": {"text_horiz_alignment": "left"}},
}
_themed: set[int] = set()  # the managers' themes that have SCREEN_THEME already


def _use_screen_theme(manager: Any) -> None:
    theme = manager.get_theme()
    if id(theme) not in _themed:
        theme.load_theme(SCREEN_THEME)
        _themed.add(id(theme))


class EditorScene(Scene):
    """`doc` the level being edited (its `path` where it is saved; None: a new level, Save
    asks for a file)."""

    def __init__(self, app: Any, doc: LevelDocument) -> None:
        super().__init__(app)
        self.doc = doc
        self.tools = Tools(doc)
        self.tools.on_calibrate = self._calibration_picked
        w, h = app.screen.get_size()
        self.view = View(pygame.Rect(0, TOP, w - PANEL_W, h - TOP - STATUS_H))
        self.view.fit(*self.map_size())
        self.canvas = Canvas(self.view)
        self.snapping = True
        self.items: dict[str, list[dict[str, Any]]] = {}
        self.snap_points: list[tuple[float, float]] = []
        self.seen_version = -1
        self.message = ""  # the last thing the editor said (saved, refused, ...)
        self.mouse: tuple[int, int] | None = None
        self.panning: tuple[int, int] | None = None
        self._pan_start: tuple[int, int] | None = None
        self.calibration: tuple[tuple[float, float], tuple[float, float]] | None = None
        self.background_key: Any = None
        self.shown: ItemRef | None = None
        self.panel: EditorPanel | None = None
        self.problems: ProblemsList | None = None
        self.tool_buttons: dict[str, UIButton] = {}
        self.buttons: dict[str, UIButton] = {}
        self.option_menu: UIDropDownMenu | None = None
        self.option_labels: dict[str, str] = {}
        self.metres_entry: UITextEntryLine | None = None
        self.status: UILabel | None = None
        self.title: UILabel | None = None
        self.dialog: UIFileDialog | None = None
        self.dialog_for = ""
        self.ask: UIWindow | None = None
        self.ask_buttons: dict[str, UIButton] = {}
        self.after_ask = ""  # what the unsaved-changes question was for: "back"

    # --- reading the document -------------------------------------------------------------

    def map_size(self) -> tuple[float, float]:
        m = self.doc.get("map")
        m = m if isinstance(m, dict) else {}
        w, h = number(m.get("width"), 100.0), number(m.get("height"), 70.0)
        return (w if 0 < w <= 1000 else 100.0), (h if 0 < h <= 1000 else 70.0)

    @property
    def selected(self) -> ItemRef | None:
        return self.tools.selected

    def select(self, ref: ItemRef | None) -> None:
        self.tools.selected = ref
        self._tell_panel()

    def _tell_panel(self) -> None:
        if self.shown != self.tools.selected:
            self.shown = self.tools.selected
            if self.panel is not None:
                self.panel.show_item(self.shown)

    def sync(self) -> None:
        """After any change of the document: the map's snapshot, the problems, the panel,
        the buttons. Cheap to call every frame: it works only when the version moved."""
        if self.doc.version == self.seen_version:
            return
        self.seen_version = self.doc.version
        self.items = {k: self.doc.items(k) for k in SHAPE_KINDS}
        self.snap_points = [p for k in SHAPE_KINDS for it in self.items[k]
                            for p in item_points(k, it)]
        sel = self.tools.selected
        if sel is not None and sel.index >= len(self.doc.items(sel.kind)):
            self.tools.selected = None
        if self.problems is not None:
            self.problems.update(self.doc.problems())
        if self.panel is not None:
            self.panel.refresh()
        self._tell_panel()
        self._load_background()
        self._buttons_state()

    def _load_background(self) -> None:
        bg = self.doc.get("background")
        key = (repr(bg), str(self.doc.path))
        if key == self.background_key:
            return
        self.background_key = key
        if not isinstance(bg, dict) or not bg.get("image"):
            self.canvas.set_background(None, (0, 0), 0.1, 0.6)
            return
        image = None
        where = resolve_image(self.doc.path, str(bg["image"])) if self.doc.path else None
        if where is None:
            self.say(tr("editor.background.missing", image=str(bg["image"])))
        else:
            try:
                image = pygame.image.load(str(where))
            except (pygame.error, OSError) as exc:
                self.say(tr("editor.background.unreadable", image=str(bg["image"]), why=exc))
        at = bg.get("at")
        x, y = (at[0], at[1]) if isinstance(at, list) and len(at) == 2 else (0, 0)
        mpp = number(bg.get("metres_per_pixel"), 0.1)
        self.canvas.set_background(
            image,
            (number(x, 0.0), number(y, 0.0)),
            mpp if mpp > 0 else 0.1,
            number(bg.get("opacity"), 0.6),
        )

    # --- building the screen --------------------------------------------------------------

    def build(self) -> None:
        ui, root = self.app.ui, self.root
        _use_screen_theme(ui)
        w, h = self.app.screen.get_size()
        self.view.rect = pygame.Rect(0, TOP, w - PANEL_W, h - TOP - STATUS_H)
        # thirteen tools of 62 px on the left, the five buttons on the right, in 1280 px
        self.tool_buttons = self._button_row("editor.tool", [(t, 62) for t in TOOLS], 4)
        right = [("undo", 78), ("redo", 78), ("save", 84), ("test", 104), ("back", 84)]
        x = w - sum(bw + 2 for _, bw in right) - 2
        self.buttons = self._button_row("editor.button", right, x)
        self._build_options()
        self.status = UILabel(
            pygame.Rect(4, h - STATUS_H, w - PANEL_W - 8, STATUS_H),
            "",
            manager=ui,
            container=root,
            object_id="#status_line",
        )
        self.problems = ProblemsList(
            ui, self.view.rect, root, self.problem_place, self.pick_problem
        )
        self.problems.update(self.doc.problems(), force=True)
        panel_rect = pygame.Rect(w - PANEL_W, TOP, PANEL_W, h - TOP)
        self.panel = EditorPanel(
            ui, panel_rect, self.doc, container=root, on_pick_point=self._pick_point
        )
        self.shown = None
        self._tell_panel()
        self.seen_version = -1
        self.sync()
        self._buttons_state()

    def _button_row(
        self, catalog: str, keys: list[tuple[str, int]], x: int
    ) -> dict[str, UIButton]:
        """Buttons across the top row from `x`, each (key, width) labelled and explained
        from `catalog`.key and `catalog`.key_tip."""
        out = {}
        for key, width in keys:
            out[key] = UIButton(
                pygame.Rect(x, 4, width, ROW_H - 4),
                tr(f"{catalog}.{key}"),
                manager=self.app.ui,
                container=self.root,
                tool_tip_text=tr(f"{catalog}.{key}_tip"),
            )
            x += width + 2
        return out

    def _build_options(self) -> None:
        """The second row: the active tool's kind and shape, snapping, the background."""
        ui, root = self.app.ui, self.root
        tool = self.tools.tool
        x = 4
        self.option_menu = None
        self.metres_entry = None
        self.buttons.pop("rect", None)
        self.buttons.pop("polygon", None)
        if tool in OPTIONS:
            kinds = OPTIONS[tool]
            # the panel's words for the same kinds: one name for a thing on both sides
            self.option_labels = {tr(f"editor_forms.option.kind.{k}"): k for k in kinds}
            current = tr(f"editor_forms.option.kind.{self.tools.option}")
            self.option_menu = UIDropDownMenu(
                list(self.option_labels),
                current,
                pygame.Rect(x, TOP - ROW_H + 2, 210, ROW_H - 4),
                manager=ui,
                container=root,
            )
            x += 214
        if tool in SHAPED:
            for shape in ("rect", "polygon"):
                b = UIButton(
                    pygame.Rect(x, TOP - ROW_H + 2, 86, ROW_H - 4),
                    tr(f"editor.shape.{shape}"),
                    manager=ui,
                    container=root,
                )
                if self.tools.shape[tool] == shape:
                    b.select()
                self.buttons[shape] = b
                x += 88
        if tool == "calibrate" and self.calibration is not None:
            UILabel(
                pygame.Rect(x, TOP - ROW_H + 2, 170, ROW_H - 4),
                tr("editor.calibrate.metres"),
                manager=ui,
                container=root,
            )
            self.metres_entry = UITextEntryLine(
                pygame.Rect(x + 172, TOP - ROW_H + 2, 80, ROW_H - 4),
                manager=ui,
                container=root,
            )
            self.metres_entry.focus()
            x += 256
        w = self.app.screen.get_size()[0]
        rx = w - PANEL_W - 4
        for key, bw in (("background", 130), ("fit", 70), ("snap", 130)):
            rx -= bw + 2
            self.buttons[key] = UIButton(
                pygame.Rect(rx, TOP - ROW_H + 2, bw, ROW_H - 4),
                self._snap_text() if key == "snap" else tr(f"editor.button.{key}"),
                manager=ui,
                container=root,
                tool_tip_text=tr(f"editor.button.{key}_tip"),
            )
        self.title = UILabel(
            pygame.Rect(x, TOP - ROW_H + 2, max(10, rx - x - 4), ROW_H - 4),
            "",
            manager=ui,
            container=root,
        )

    def _snap_text(self) -> str:
        return tr("editor.snap_on") if self.snapping else tr("editor.snap_off")

    def _buttons_state(self) -> None:
        if not self.buttons:
            return
        for tool, b in self.tool_buttons.items():
            b.select() if tool == self.tools.tool else b.unselect()
        for key, able in (("undo", self.doc.can_undo), ("redo", self.doc.can_redo)):
            history = self.buttons.get(key)
            if history is not None and history.alive():
                history.enable() if able else history.disable()
        test = self.buttons.get("test")
        if test is not None and test.alive():
            n = len(self.doc.problems())
            if n:
                test.disable()
                test.tool_tip_text = tr("editor.button.test_refused", count=n)
            else:
                test.enable()
                test.tool_tip_text = tr("editor.button.test_tip")
        if self.title is not None and self.title.alive():
            name = self.doc.path.name if self.doc.path else tr("editor.new_level")
            level_title = self.doc.get("title")
            title = text_of(level_title) if isinstance(level_title, dict) else ""
            text = f"{title} ({name})" if title else name
            self.title.set_text(("* " if self.doc.dirty else "") + text)  # *: not saved

    def leave(self) -> None:
        if self.panel is not None:
            self.panel.kill()
            self.panel = None
        if self.problems is not None:
            self.problems.kill()
            self.problems = None
        for window in (self.dialog, self.ask):
            if window is not None and window.alive():
                window.kill()
        self.dialog = self.ask = None
        super().leave()

    # --- what the problems list and the panel ask -----------------------------------------

    def problem_place(self, p: Problem) -> str:
        """The item a problem is about, in words: 'Zone "spawn_1"', 'Level'."""
        if p.ref is None:
            return tr("editor.problems.level")
        kind = tr(f"editor.kind.{p.ref.kind}")
        try:
            item = self.doc.item(p.ref)
        except (IndexError, KeyError, ValueError):
            return kind
        name = text_of(item.get("label")) if isinstance(item.get("label"), dict) else ""
        name = name or str(item.get("name") or "")
        return f"{kind} “{name}”" if name else f"{kind} {p.ref.index + 1}"

    def pick_problem(self, p: Problem) -> None:
        """A row of the problems list: its item selected on the map and in the panel."""
        if p.ref is not None:
            self.tools.use("select")
            self.tools.selected = p.ref
            self._centre_on(p.ref)
            self._rebuild_options()
        if self.panel is not None:
            self.panel.select_problem(p)  # shows the item itself, its field marked
            self.shown = self.tools.selected
        else:
            self._tell_panel()

    def _centre_on(self, ref: ItemRef) -> None:
        from game.ui.editor.canvas import centre, crowd_zone, outline

        item = self.doc.item(ref)
        pts = item_points(ref.kind, item)
        if ref.kind == "crowd":
            zone = crowd_zone(self.doc.items("zones"), item)
            pts = outline(zone) if zone else []
        if not pts:
            return
        c = centre(pts)
        px = self.view.to_px(c)
        if not self.view.rect.inflate(-80, -80).collidepoint(px):
            r = self.view.rect
            self.view.pan_pixels(r.centerx - px[0], r.centery - px[1])

    def _pick_point(self, cb: Any) -> None:
        """The panel wants a point from the map (a squad's facing, a trigger's place)."""
        self.tools.on_pick = lambda at: cb((at[0], at[1]))
        self.say(tr("editor.hint.pick"))

    def say(self, text: str) -> None:
        self.message = text

    # --- input ----------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        if self._dialog_event(event):
            return
        if self.ask is not None and self.ask.alive():
            self._ask_event(event)
            return
        if self.problems is not None and self.problems.process_event(event):
            return
        if self.panel is not None and self.panel.process_event(event):
            chosen = getattr(self.panel, "selected", None)
            if chosen != self.tools.selected:  # the panel picked or dropped an item itself
                self.tools.selected = self.shown = chosen
            self.sync()
            return
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            self._on_button(event.ui_element)
        elif event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED:
            if event.ui_element is self.option_menu:
                kind = self.option_labels.get(event.text)
                if kind is not None:
                    self.tools.options[self.tools.tool] = kind
        elif event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            if event.ui_element is self.metres_entry:
                self._calibrate(event.text)
        elif event.type == pygame.KEYDOWN:
            self._on_key(event)
        elif event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            self._on_mouse(event)
        elif event.type == pygame.MOUSEWHEEL:
            at = self.mouse or pygame.mouse.get_pos()
            if self._on_canvas(at):
                self.view.zoom_at(at, 1.15 ** event.y)
        self.sync()

    def _on_canvas(self, pos: Any) -> bool:
        if not self.view.rect.collidepoint(pos):
            return False
        return self.problems is None or not self.problems.contains(pos)

    def _metres(self, pos: Any) -> tuple[tuple[float, float], tuple[float, float]]:
        raw = self.view.to_m(pos)
        points = self.snap_points
        grab = self.tools.grab
        if grab is not None and grab[1] is not None:  # not onto the point being dragged
            own = item_points(grab[0].kind, self.doc.item(grab[0]))
            points = [p for p in points if p not in own]
        return raw, snap(raw, self.view, points, self.snapping)

    def _on_mouse(self, event: pygame.event.Event) -> None:
        pos = event.pos
        if event.type == pygame.MOUSEMOTION:
            self.mouse = pos
            if self.panning is not None:
                self.view.pan_pixels(pos[0] - self.panning[0], pos[1] - self.panning[1])
                self.panning = pos
                return
            raw, at = self._metres(pos)
            self.tools.reach = 8 / self.view.scale
            self.tools.motion(raw, at)
            return
        if event.type == pygame.MOUSEBUTTONUP:
            if event.button in (2, 3) and self.panning is not None:
                moved = self._pan_start is not None and _far(self._pan_start, pos)
                self.panning = None
                if event.button == 3 and not moved and self.tools.points:
                    self.tools.finish()  # a right click ends a wall or a polygon
                elif event.button == 3 and not moved and self.tools.tool == "select":
                    self.tools.edit_points(*self._metres(pos))  # adds or removes a corner
                return
            if event.button == 1 and self.tools.down is not None:
                raw, at = self._metres(pos)
                self.tools.release(raw, at)
                self._tell_panel()
            return
        if not self._on_canvas(pos) or event.button not in (1, 2, 3):
            return
        if event.button in (2, 3):
            self.panning = pos
            self._pan_start = pos
            return
        self.tools.reach = 8 / self.view.scale
        raw, at = self._metres(pos)
        self.tools.press(raw, at)
        self._tell_panel()

    def _typing(self) -> bool:
        """A text entry has the keyboard: G, Delete, the arrows are for the text then."""
        if self.metres_entry is not None and self.metres_entry.is_focused:
            return True
        return self.panel is not None and self.panel.editing_text

    def _on_key(self, event: pygame.event.Event) -> None:
        if self._typing():
            return
        key, mods = event.key, event.mod
        ctrl = bool(mods & pygame.KMOD_CTRL)
        shift = bool(mods & pygame.KMOD_SHIFT)
        if ctrl and key == pygame.K_z and not shift:
            self.undo()
        elif ctrl and (key == pygame.K_y or (key == pygame.K_z and shift)):
            self.redo()
        elif ctrl and key == pygame.K_s:
            self.save()
        elif ctrl and key == pygame.K_d:
            self.tools.duplicate()
        elif key == pygame.K_DELETE:
            if self.tools.delete():
                self.say(tr("editor.deleted"))
        elif key == pygame.K_ESCAPE:
            if self.tools.busy:
                self.tools.cancel()
            else:
                self.back()
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.tools.finish()
        elif key == pygame.K_g and not ctrl:
            self.toggle_snap()
        elif key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            dx = {pygame.K_LEFT: PAN_STEP, pygame.K_RIGHT: -PAN_STEP}.get(key, 0)
            dy = {pygame.K_UP: PAN_STEP, pygame.K_DOWN: -PAN_STEP}.get(key, 0)
            self.view.pan_pixels(dx, dy)

    def _on_button(self, element: Any) -> None:
        for tool, tool_button in self.tool_buttons.items():
            if element is tool_button:
                self.use_tool(tool)
                return
        b = self.buttons
        actions = {
            "undo": self.undo, "redo": self.redo, "save": self.save, "test": self.test_play,
            "back": self.back, "fit": lambda: self.view.fit(*self.map_size()),
            "snap": self.toggle_snap, "background": self.pick_background,
        }
        for key, action in actions.items():
            if element is b.get(key):
                action()
                return
        for shape in ("rect", "polygon"):
            if element is b.get(shape) and self.tools.tool in SHAPED:
                self.tools.shape[self.tools.tool] = shape
                self.tools.cancel()
                self._rebuild_options()

    # --- actions --------------------------------------------------------------------------

    def use_tool(self, tool: str) -> None:
        self.tools.use(tool)
        self.message = ""  # what was said was about the last tool
        if tool == "calibrate":
            self.calibration = None
            if self.canvas.background is None:
                self.say(tr("editor.calibrate.no_image"))
        self._rebuild_options()

    def _rebuild_options(self) -> None:
        """The tool's own row, built again (a dropdown per tool)."""
        if self.root is None:
            return
        for key in ("rect", "polygon", "background", "fit", "snap"):
            button = self.buttons.pop(key, None)
            if button is not None:
                button.kill()
        for old in (self.option_menu, self.metres_entry, self.title):
            if old is not None:
                old.kill()
        for element in list(self.root.elements):  # the calibration's label
            if element.get_relative_rect().y == TOP - ROW_H + 2 and isinstance(element, UILabel):
                element.kill()
        self._build_options()
        self._buttons_state()

    def toggle_snap(self) -> None:
        self.snapping = not self.snapping
        snap_button = self.buttons.get("snap")
        if snap_button is not None:
            snap_button.set_text(self._snap_text())

    def undo(self) -> None:
        self.tools.cancel()
        if self.doc.undo():
            self.say(tr("editor.undone"))

    def redo(self) -> None:
        self.tools.cancel()
        if self.doc.redo():
            self.say(tr("editor.redone"))

    def save(self) -> bool:
        """Write the level; a level with problems is refused (its file untouched) and the
        problems list opens. A new level asks where first."""
        if self.doc.path is None:
            self._open_dialog("save")
            return False
        problems = self.doc.problems()
        if problems:
            self.say(tr("editor.save_refused", count=len(problems)))
            if self.problems is not None:
                self.problems.open = True
                self.problems.update(problems, force=True)
            return False
        try:
            refused = self.doc.save()
        except OSError as exc:
            self.say(tr("editor.save_failed", file=str(self.doc.path), why=str(exc)))
            return False
        if refused:
            self.say(tr("editor.save_refused", count=len(refused)))
            return False
        self.say(tr("editor.saved", file=self.doc.path.name))
        self._buttons_state()
        return True

    def may_quit(self) -> bool:
        """Closing the window with unsaved changes asks, as Back does (over a test play
        too: the run's screens go first)."""
        if not self.doc.dirty:
            return True
        if self.app.scene is not self:
            self.come_back()
        if self.ask is None:
            self._ask_unsaved()
        self.after_ask = "quit"
        return False

    def _leave(self) -> None:
        """After the unsaved-changes question was answered: back to the menu, or out of
        the trainer when it was the window's close button."""
        if self.after_ask == "quit":
            self.app.running = False
        else:
            self.app.pop()
        self.after_ask = ""

    def back(self) -> None:
        """Leave the editor; with unsaved changes, ask first."""
        if self.doc.dirty:
            self._ask_unsaved()
            return
        self.app.pop()

    def test_play(self) -> None:
        level = self.doc.level()
        if level is None:
            self.say(tr("editor.button.test_refused", count=len(self.doc.problems())))
            return
        self.tools.cancel()
        self.app.push(TestPlayScene(self.app, level, self))

    def come_back(self) -> None:
        """From a test play: drop the run's screens, the editor as it was."""
        while self.app.scenes and self.app.scene is not self:
            top = self.app.scene
            close = getattr(top, "close", None)
            if callable(close):
                close()
            self.app.pop()

    # --- the background image -------------------------------------------------------------

    def pick_background(self) -> None:
        if self.doc.path is None:
            self.say(tr("editor.background.save_first"))
            return
        self._open_dialog("background")

    def set_background(self, src: Path) -> None:
        """Copy the image beside the level and put it under the map, 10 cm a pixel until
        the instructor calibrates it."""
        if self.doc.path is None:
            return
        try:
            name = import_image(src, self.doc.path.parent)
        except (ValueError, OSError) as exc:
            self.say(str(exc))
            return
        old = self.doc.get("background") or {}
        value = {
            "image": name,
            "at": old.get("at", [0, 0]),
            "metres_per_pixel": old.get("metres_per_pixel", 0.1),
            "opacity": old.get("opacity", 0.6),
        }
        self.doc.set_top("background", value)
        self.sync()  # the image loaded before the tool looks for it
        self.use_tool("calibrate")
        self.say(tr("editor.background.added", image=name))

    def _calibration_picked(self, a: tuple[float, float], b: tuple[float, float]) -> None:
        self.calibration = (a, b)
        self.say(tr("editor.calibrate.type"))
        self._rebuild_options()

    def _calibrate(self, text: str) -> None:
        """Two points clicked on the image, the metres between them typed: metres per
        pixel, the first point staying where it was on the map."""
        if self.calibration is None:
            return
        bg = self.doc.get("background")
        if not isinstance(bg, dict):
            self.say(tr("editor.calibrate.no_image"))
            return
        try:
            metres = float(text.replace(",", "."))
        except ValueError:
            self.say(tr("editor.calibrate.not_a_number", text=text))
            return
        old = number(bg.get("metres_per_pixel"), 0.1) or 0.1
        at = bg.get("at")
        if not (isinstance(at, list) and len(at) == 2):
            at = [0, 0]
        at = [number(at[0], 0.0), number(at[1], 0.0)]
        a, b = self.calibration
        p1 = ((a[0] - at[0]) / old, (a[1] - at[1]) / old)
        p2 = ((b[0] - at[0]) / old, (b[1] - at[1]) / old)
        try:
            mpp = calibrate(p1, p2, metres)
        except ValueError as exc:
            self.say(str(exc))
            return
        new_at = [round(a[0] - p1[0] * mpp, 3), round(a[1] - p1[1] * mpp, 3)]
        with self.doc.step("field"):
            self.doc.set_top(("background", "metres_per_pixel"), round(mpp, 6))
            self.doc.set_top(("background", "at"), new_at)
        self.calibration = None
        self.use_tool("select")
        self.say(tr("editor.calibrate.done", cm=f"{mpp * 100:.1f}"))

    # --- windows: file dialogs, the unsaved-changes question ------------------------------

    def _open_dialog(self, purpose: str) -> None:
        if self.dialog is not None and self.dialog.alive():
            return
        w, h = self.app.screen.get_size()
        rect = pygame.Rect(0, 0, min(720, w - 80), min(520, h - 80))
        rect.center = (w // 2, h // 2)
        from game.ui.campaign import LEVELS_DIR

        start = self.doc.path.parent if self.doc.path else LEVELS_DIR
        self.dialog_for = purpose
        self.dialog = self.own(
            UIFileDialog(
                rect,
                self.app.ui,
                window_title=tr(f"editor.dialog.{purpose}"),
                initial_file_path=str(start),
                allowed_suffixes={".toml"} if purpose == "save" else {".png", ".jpg", ".jpeg"},
                allow_existing_files_only=purpose != "save",
            )
        )

    def _dialog_event(self, event: pygame.event.Event) -> bool:
        if self.dialog is None:
            return False
        if event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED and event.ui_element is self.dialog:
            self.dialog = None
            self.picked(Path(event.text), self.dialog_for)
            return True
        if event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.dialog:
            self.dialog = None
            return True
        return False

    def picked(self, path: Path, purpose: str) -> None:
        """A file chosen in a dialog: where to save the new level, or an image."""
        if purpose == "background":
            self.set_background(path)
            return
        if path.suffix.lower() != ".toml":
            path = path.with_suffix(".toml")
        problems = self.doc.problems()
        if problems:
            self.say(tr("editor.save_refused", count=len(problems)))
            return
        try:
            refused = self.doc.save(path)
        except OSError as exc:
            self.say(tr("editor.save_failed", file=str(path), why=str(exc)))
            return
        if not refused:
            self.say(tr("editor.saved", file=path.name))
            self.background_key = None
            if self.after_ask in ("back", "quit"):
                self._leave()

    def _ask_unsaved(self) -> None:
        w, h = self.app.screen.get_size()
        rect = pygame.Rect(0, 0, 560, 180)
        rect.center = (w // 2, h // 2)
        self.ask = self.own(
            UIWindow(rect, self.app.ui, window_display_title=tr("editor.unsaved.title"))
        )
        UILabel(
            pygame.Rect(10, 10, 520, 30),
            tr("editor.unsaved.text"),
            manager=self.app.ui,
            container=self.ask,
        )
        self.ask_buttons = {}
        x = 10
        for key, bw in (("save", 170), ("discard", 190), ("stay", 140)):
            self.ask_buttons[key] = UIButton(
                pygame.Rect(x, 60, bw, 40),
                tr(f"editor.unsaved.{key}"),
                manager=self.app.ui,
                container=self.ask,
            )
            x += bw + 10

    def _ask_event(self, event: pygame.event.Event) -> None:
        assert self.ask is not None
        choice = None
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            choice = next((k for k, b in self.ask_buttons.items() if event.ui_element is b), None)
        elif (event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE) or (
            event.type == pygame_gui.UI_WINDOW_CLOSE and event.ui_element is self.ask
        ):
            choice = "stay"
        if choice is None:
            return
        self.ask.kill()
        self.ask = None
        if choice == "discard":
            self._leave()
        elif choice == "save":
            if self.doc.path is None:
                self.after_ask = self.after_ask or "back"
                self._open_dialog("save")
            elif self.save():
                self._leave()
            else:  # refused: the problems are listed, the editor stays
                self.after_ask = ""
        else:
            self.after_ask = ""

    # --- the frame ------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        self.sync()
        if self.status is not None:
            text = self.status_text()
            if self.status.text != text:
                self.status.set_text(text)

    def status_text(self) -> str:
        parts = []
        if self.mouse is not None and self.view.rect.collidepoint(self.mouse):
            x, y = self.view.to_m(self.mouse)
            parts.append(tr("editor.status.at", x=f"{x:.1f}", y=f"{y:.1f}"))
        parts.append(tr("editor.status.snap_on" if self.snapping else "editor.status.snap_off"))
        if self.tools.tool == "measure" and self.tools.distance is not None:
            parts.append(tr("editor.status.distance", m=f"{self.tools.distance:.2f}"))
        parts.append(tr(self.tools.hint()))
        if self.message:
            parts.append(self.message)
        return "  ·  ".join(parts)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
        t = self.tools
        sel = (t.selected.kind, t.selected.index) if t.selected is not None else None
        self.canvas.draw(
            surface,
            self.items,
            self.map_size(),
            sel,
            self.snapping,
            replaced=t.preview,
            language=i18n.language(),
        )
        self._draw_gesture(surface)

    def _draw_gesture(self, surface: pygame.Surface) -> None:
        t = self.tools
        cur = t.cursor
        if t.down is not None and cur is not None and t.tool != "select":
            a = t.down
            if t.tool in SHAPED and t.shape[t.tool] == "rect" or t.tool in ("crowd",):
                pts = [a, (cur[0], a[1]), cur, (a[0], cur[1])]
                w, h = abs(cur[0] - a[0]), abs(cur[1] - a[1])
                self.canvas.draw_preview(surface, pts, True, f"{w:.1f} × {h:.1f} m")
                return
            if not t.points:
                d = ((cur[0] - a[0]) ** 2 + (cur[1] - a[1]) ** 2) ** 0.5
                self.canvas.draw_preview(surface, [a, cur], False, f"{d:.1f} m")
                return
        if t.points and cur is not None:
            closed = t.tool not in ("wall", "fence", "gate", "line", "calibrate")
            last = t.points[-1]
            d = ((cur[0] - last[0]) ** 2 + (cur[1] - last[1]) ** 2) ** 0.5
            self.canvas.draw_preview(surface, [*t.points, cur], closed, f"{d:.1f} m")
        elif cur is not None and t.tool != "select" and self._mouse_on_map():
            self.canvas.draw_preview(surface, [cur], False)  # where the next click lands

    def _mouse_on_map(self) -> bool:
        return self.mouse is not None and self.view.rect.collidepoint(self.mouse)


def _far(a: Any, b: Any, px: int = 4) -> bool:
    return abs(a[0] - b[0]) > px or abs(a[1] - b[1]) > px


# --- test play: the level run from the editor, and back --------------------------------------


class TestPlayScene(PlayScene):
    """A run of the level being edited, not recorded (it is not a training run). Esc with
    nothing selected, or the result screen's button, comes back to the editor."""

    __test__ = False  # not a pytest class

    def __init__(self, app: Any, level: Any, editor: EditorScene) -> None:
        self.editor = editor
        super().__init__(app, level, None)

    def handle_event(self, event: pygame.event.Event) -> None:
        is_esc = event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE
        if is_esc and not self.input.selected:
            self.editor.come_back()
            return
        super().handle_event(event)

    def _finish(self) -> None:
        super()._finish()
        result = self.app.scene
        if isinstance(result, ResultScene) and not isinstance(result, TestResultScene):
            result.leave()
            self.app.scenes[-1] = TestResultScene(self.app, result, self.editor)
            self.app.scenes[-1].enter()


class TestResultScene(ResultScene):
    """The result of a test play: its buttons lead back to the editor, and a test play
    never marks a campaign level completed."""

    __test__ = False

    def __init__(self, app: Any, result: ResultScene, editor: EditorScene) -> None:
        self.editor = editor
        completed = list(app.settings.completed)
        super().__init__(
            app, result.level, None, result.card, result.objectives, result.stats
        )
        if app.settings.completed != completed:  # ResultScene.__init__ marked it
            app.settings.completed[:] = completed
            app.save()
        self.next_level = None

    def build(self) -> None:
        super().build()
        self.continue_button.set_text(tr("editor.back_to_editor"))

    def go_on(self) -> None:
        self.editor.come_back()

    def back_to_menu(self) -> None:
        self.editor.come_back()

    def _play(self, level: Any, text: str | None) -> None:
        self.app.replace(TestPlayScene(self.app, level, self.editor))


# --- ways in -----------------------------------------------------------------------------------


def open_editor(app: Any, path: Path | None) -> str | None:
    """The editor over the current screen: the level in `path` (a file that does not exist
    yet is a new level to be saved there), or a new level. A file that is not TOML at all
    cannot be edited: the loader's words are returned, nothing is opened."""
    if path is None:
        doc = LevelDocument.blank()
    elif not Path(path).exists():
        doc = LevelDocument.blank()
        doc.path = Path(path)
    else:
        try:
            doc = LevelDocument.open(Path(path))
        except LevelError as exc:
            return str(exc)
    app.push(EditorScene(app, doc))
    return None


def run_editor(path: Path | None) -> int:
    """`python main.py edit [FILE]`: the menu, with the editor on top of it."""
    from game.ui.app import App
    from game.ui.scenes.menu import MenuScene

    try:
        app = App()
    except pygame.error as exc:
        print(f"cannot open a window ({exc}); the level editor needs a desktop", file=sys.stderr)
        return 1
    app.push(MenuScene(app))
    problem = open_editor(app, path)
    if problem:
        print(problem, file=sys.stderr)
        pygame.quit()
        return 2
    app.run()
    return 0
