"""The window, the scene stack and the frame loop.

Input is read only from events (posted events reach event.get() but not
key.get_pressed()), so tests can drive every scene headless with the dummy video driver.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui

from game.ui import i18n
from game.ui.scene import Scene
from game.ui.settings import Settings, load_settings, save_settings

ASSETS = Path(__file__).resolve().parent.parent.parent / "assets"
THEME = ASSETS / "theme" / "theme.json"
FPS = 60


class App:
    def __init__(
        self,
        settings: Settings | None = None,
        settings_path: Path | None = None,
        size: tuple[int, int] | None = None,
    ) -> None:
        self.settings_path = settings_path
        note = None
        if settings is None:
            settings, note = load_settings(settings_path)
        self.settings = settings
        self.notes: list[str] = [note] if note else []
        i18n.set_language(settings.language)
        pygame.init()
        pygame.display.set_caption("Sispamkota Trainer")
        self.size = size or settings.window
        flags = pygame.FULLSCREEN if settings.fullscreen and size is None else 0
        self.screen = pygame.display.set_mode(self.size, flags)
        self.ui = pygame_gui.UIManager(self.size, str(THEME) if THEME.exists() else None)
        # pygame_gui's own words (the file dialog's OK, Cancel) in the trainee's language too
        self.ui.set_locale(settings.language)
        # the korlap's words are quoted in italics: loaded now, not mid-game with a warning
        self.ui.preload_fonts([{"name": "noto_sans", "point_size": 14, "style": "italic"}])
        self.clock = pygame.time.Clock()
        self.scenes: list[Scene] = []
        self.running = True
        self.frame = 0
        from game.ui.sound import Sound

        self.sound = Sound(settings)

    # --- the scene stack ------------------------------------------------------------------

    @property
    def scene(self) -> Scene | None:
        return self.scenes[-1] if self.scenes else None

    def push(self, scene: Scene) -> None:
        if self.scene is not None:
            self.scene.leave()
        self.scenes.append(scene)
        scene.enter()

    def pop(self) -> None:
        if self.scenes:
            self.scenes.pop().leave()
        if self.scene is not None:
            self.scene.enter()
        else:
            self.running = False

    def replace(self, scene: Scene) -> None:
        if self.scenes:
            self.scenes.pop().leave()
        self.scenes.append(scene)
        scene.enter()

    def set_language(self, language: str) -> None:
        self.settings.language = language
        i18n.set_language(language)
        self.ui.set_locale(language)
        self.save()
        if self.scene is not None:
            self.scene.rebuild()

    def save(self) -> None:
        note = save_settings(self.settings, self.settings_path)
        if note:
            self.notes.append(note)

    # --- the loop -----------------------------------------------------------------------------

    def run(
        self, max_frames: int | None = None, on_frame: Callable[[App], None] | None = None
    ) -> None:
        while self.running and self.scene is not None:
            dt = self.clock.tick(FPS) / 1000.0
            self.step(dt)
            if on_frame:
                on_frame(self)
            if max_frames is not None and self.frame >= max_frames:
                break
        pygame.quit()

    def step(self, dt: float) -> None:
        """One frame: events, update, draw."""
        self.frame += 1
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                if all(scene.may_quit() for scene in reversed(self.scenes)):
                    self.running = False
                    return
                continue
            if self.scene is not None and self.scene.takes_event(event):
                continue  # a second window's (the instructor's): not the trainee's widgets
            consumed = self.ui.process_events(event)
            if self.scene is not None and not consumed:
                self.scene.handle_event(event)
        if self.scene is None:
            return
        self.scene.update(dt)
        self.ui.update(dt)
        if self.scene is None:
            return
        self.scene.draw(self.screen)
        self.ui.draw_ui(self.screen)
        pygame.display.flip()

    def screenshot(self, path: str | os.PathLike) -> None:
        pygame.image.save(self.screen, str(path))


def play(level_path: str | os.PathLike | None = None) -> int:
    """`python main.py [play FILE]`: the main menu, with the campaign's next level to play
    highlighted (Enter starts it); or straight into the briefing of the level in FILE (any
    path). A FILE that cannot be used opens the error screen, which names every problem and
    reads the file again on "Try again". What went wrong at start-up is said on top of
    whichever screen comes first."""
    from game.level import LevelError
    from game.ui.level_file import read_level

    try:
        app = App()
    except pygame.error as exc:
        print(
            f"cannot open a window ({exc}). The trainer needs a desktop; without one, "
            "run a level headless: python main.py simulate levels/kpu_oku_timur.toml",
            file=sys.stderr,
        )
        return 1
    open_first_screen(app, Path(level_path) if level_path else None)
    if level_path:
        try:
            read_level(Path(level_path))
        except LevelError as exc:
            print(exc, file=sys.stderr)  # for the terminal too; the window says it in full
    app.run()
    return 0


def open_first_screen(app: App, level_path: Path | None = None) -> None:
    """The menu; with a FILE, that level's briefing (or error screen) over it. The start-up
    notes go on top of the first screen: the menu says them itself, any other screen gets
    them in a window of their own."""
    from game.ui.scenes.level_error import open_briefing
    from game.ui.scenes.menu import MenuScene, show_notes

    app.push(MenuScene(app))
    if level_path is not None:
        open_briefing(app, level_path)
        show_notes(app)


def next_campaign_level(completed: list[str]):
    """(path, level) of the first campaign level not completed, else the last one."""
    from game.ui.campaign import load_campaign

    levels = load_campaign().levels
    if not levels:
        return None
    for path, level in levels:
        if level.id not in completed:
            return path, level
    return levels[-1]


def watch(replay_path: Path) -> int:
    """`python main.py replay FILE`: the menu, with the replay viewer on top of it; a file
    that cannot be played is explained on the menu."""
    from game.ui.scenes.menu import MenuScene
    from game.ui.scenes.replay import open_replay

    try:
        app = App()
    except pygame.error as exc:
        print(
            f"cannot open a window ({exc}); to check a replay without one: "
            f"python main.py replay {replay_path} --verify",
            file=sys.stderr,
        )
        return 1
    menu = MenuScene(app)
    menu.section = "replays"  # Esc in the viewer comes back to the list of recordings
    app.push(menu)
    problem = open_replay(app, Path(replay_path))
    if problem:
        menu.show_error(i18n.tr("menu.replay_error"), problem)
    app.run()
    return 0
