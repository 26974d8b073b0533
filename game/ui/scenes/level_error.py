"""What is wrong with a level file, on screen: the loader's problems, one by one, each with
its file, item and field, so that an instructor can fix the file and try again.

Shown instead of a window that closes: by `play FILE` on a broken file, by the menu when a
level (free play or campaign) cannot be opened, and when Start, restart or retry finds the
file broken on disk. Nothing is lost: the scene below it (a run, a result) is still there
when the trainee goes back. "Try again" reads the file again; once it loads, `on_fixed`
carries on with it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UITextBox

from game.level import Level, LevelError
from game.ui.i18n import tr
from game.ui.level_file import read_level
from game.ui.scene import Scene

if TYPE_CHECKING:
    from game.ui.app import App

BACKGROUND = (30, 26, 30)
WHERE_COLOUR = "#ffd166"
FIELD_COLOUR = "#8fd3ff"

OnFixed = Callable[[Level, str], None]


class LevelErrorScene(Scene):
    def __init__(
        self,
        app,
        errors: LevelError | list[LevelError],
        path: Path | None = None,
        on_fixed: OnFixed | None = None,
        title: str = "level_error.title",
    ) -> None:
        """`errors`: what the loader said. With `path` and `on_fixed`, "Try again" reads
        `path` again and, once it loads, calls on_fixed(level, text) after this scene has
        gone. `title`: the catalog key of the heading."""
        super().__init__(app)
        self.errors = [errors] if isinstance(errors, LevelError) else list(errors)
        self.path = Path(path) if path is not None else None
        self.on_fixed = on_fixed
        self.title_key = title
        self.checked: str | None = None  # when "Try again" last found the file still broken
        self.retry_button: UIButton | None = None
        self.back_button: UIButton | None = None

    # --- texts ----------------------------------------------------------------------------

    @property
    def count(self) -> int:
        return sum(max(1, len(e.problems)) for e in self.errors)

    def problems_html(self) -> str:
        parts: list[str] = []
        for exc in self.errors:
            parts.append(f"<b>{tr('level_error.file')}:</b> {_esc(exc.source)}<br><br>")
            problems = exc.problems or []
            if not problems:
                parts.append(f"{_esc(str(exc))}<br>")
            for n, p in enumerate(problems, 1):
                where = p.where or tr("level_error.whole_file")
                line = (
                    f"<b>{n}.</b> {tr('level_error.item')}: "
                    f"<font color='{WHERE_COLOUR}'>{_esc(where)}</font>"
                )
                if p.field:
                    line += (
                        f"  ·  {tr('level_error.field')}: "
                        f"<font color='{FIELD_COLOUR}'><b>{_esc(p.field)}</b></font>"
                    )
                parts.append(f"{line}<br>{_esc(p.message)}<br><br>")
        return "".join(parts)

    def text(self) -> str:
        """Everything the scene shows, as plain text (what a test reads)."""
        return "\n".join(str(e) for e in self.errors)

    # --- widgets --------------------------------------------------------------------------

    def below(self) -> Scene | None:
        return self.app.scenes[-2] if len(self.app.scenes) >= 2 else None

    def build(self) -> None:
        from game.ui.scenes.menu import MenuScene

        w, h = self.app.screen.get_size()
        ui, root = self.app.ui, self.root
        margin = 32
        UILabel(
            pygame.Rect(margin, 14, w - 2 * margin, 48),
            tr(self.title_key),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#title"),
        )
        hint = "level_error.hint" if self.can_retry else "level_error.hint_no_retry"
        UILabel(
            pygame.Rect(margin, 60, w - 2 * margin, 26),
            tr(hint),
            manager=ui,
            container=root,
        )
        count = tr("level_error.problems", count=self.count)
        if self.checked:
            count += "  " + tr("level_error.still_broken", time=self.checked)
        self.count_label = UILabel(
            pygame.Rect(margin, 88, w - 2 * margin, 28),
            count,
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#colour_kuning"),
        )
        self.text_box = UITextBox(
            self.problems_html(),
            pygame.Rect(margin, 122, w - 2 * margin, h - 122 - 80),
            manager=ui,
            container=root,
        )
        bw, bh, by = 220, 46, h - 62
        x = margin
        self.retry_button = None
        if self.can_retry:
            self.retry_button = UIButton(
                pygame.Rect(x, by, bw, bh),
                f"{tr('level_error.retry')} [F5]",
                manager=ui,
                container=root,
                tool_tip_text=tr("level_error.retry_tip"),
            )
            x += bw + 16
        below = self.below()
        self.back_button = None
        if below is not None and not isinstance(below, MenuScene):
            self.back_button = UIButton(
                pygame.Rect(x, by, bw, bh),
                f"{tr('common.back')} [Esc]",
                manager=ui,
                container=root,
                tool_tip_text=tr("level_error.back_tip"),
            )
            x += bw + 16
        menu_text = tr("level_error.to_menu")
        if self.back_button is None:
            menu_text += " [Esc]"
        self.menu_button = UIButton(
            pygame.Rect(x, by, bw, bh), menu_text, manager=ui, container=root
        )
        self.quit_button = UIButton(
            pygame.Rect(w - margin - 160, by, 160, bh),
            tr("level_error.quit"),
            manager=ui,
            container=root,
        )

    @property
    def can_retry(self) -> bool:
        return self.path is not None and self.on_fixed is not None

    # --- input ----------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            element = event.ui_element
            if self.retry_button is not None and element is self.retry_button:
                self.retry()
            elif self.back_button is not None and element is self.back_button:
                self.app.pop()
            elif element is self.menu_button:
                return_to_menu(self.app)
            elif element is self.quit_button:
                self.app.running = False
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_ESCAPE:
                if self.back_button is not None:
                    self.app.pop()
                else:
                    return_to_menu(self.app)
            elif event.key in (pygame.K_F5, pygame.K_RETURN, pygame.K_KP_ENTER):
                self.retry()

    def retry(self) -> None:
        """Read the file again: go on with it if it loads now, else show what is left."""
        if self.path is None or self.on_fixed is None:
            return
        try:
            level, text = read_level(self.path)
        except LevelError as exc:
            self.errors = [exc]
            self.checked = datetime.now().strftime("%H:%M:%S")
            self.rebuild()
            return
        on_fixed = self.on_fixed
        self.app.pop()
        on_fixed(level, text)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)


def open_briefing(app: App, path: Path) -> None:
    """The briefing of the level in `path` as it is on disk now; the error screen if it
    cannot be used (its "Try again" opens the briefing once the file is fixed)."""
    from game.ui.scenes.briefing import BriefingScene

    path = Path(path)
    try:
        level, _ = read_level(path)
    except LevelError as exc:

        def fixed(level: Level, _text: str) -> None:
            app.push(BriefingScene(app, level, path))

        app.push(LevelErrorScene(app, exc, path, on_fixed=fixed))
        return
    app.push(BriefingScene(app, level, path))


def return_to_menu(app: App) -> None:
    """Drop every scene above the menu for good (a run left here keeps its recording up to
    now), and show the menu afresh; without a menu below, open one."""
    from game.ui.scenes.menu import MenuScene

    index = next(
        (i for i in range(len(app.scenes) - 1, -1, -1) if isinstance(app.scenes[i], MenuScene)),
        None,
    )
    if app.scene is not None:
        app.scene.leave()
    dropped = app.scenes[index + 1 :] if index is not None else list(app.scenes)
    for scene in dropped:
        close = getattr(scene, "close", None)
        if callable(close):
            close()
    if index is None:
        app.scenes.clear()
        app.push(MenuScene(app))
        return
    del app.scenes[index + 1 :]
    menu = app.scenes[index]
    assert isinstance(menu, MenuScene)
    menu.section = "campaign"
    menu.enter()  # which reads the campaign again


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
