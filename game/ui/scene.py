"""A screen of the game. The app keeps a stack of them; the top one gets the input.

A scene's life cycle is enter (build its widgets) and leave (kill them all), so a screen
that is covered, replaced or popped leaves nothing drawn over the next one. Widgets go in
`root`; a window that pygame_gui must own itself (a dialog floats above every container)
is handed to `own`, so it dies with the scene too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import pygame
import pygame_gui
from pygame_gui.core.interfaces import IUIElementInterface

if TYPE_CHECKING:
    from game.ui.app import App

W = TypeVar("W", bound=IUIElementInterface)


class Scene:
    def __init__(self, app: App) -> None:
        self.app = app
        self.root: pygame_gui.core.UIContainer | None = None
        self.windows: list[IUIElementInterface] = []

    # the stack calls these
    def enter(self) -> None:
        """Build widgets. Called when the scene comes on top (again)."""
        size = self.app.screen.get_size()
        self.root = pygame_gui.core.UIContainer(pygame.Rect((0, 0), size), manager=self.app.ui)
        self.build()

    def leave(self) -> None:
        """Drop widgets. Called when another scene covers this one or it is popped."""
        for window in self.windows:
            window.kill()
        self.windows = []
        if self.root is not None:
            self.root.kill()
            self.root = None

    def own(self, window: W) -> W:
        """A window this scene opened: killed when the scene leaves."""
        self.windows = [w for w in self.windows if w.alive()]
        self.windows.append(window)
        return window

    def rebuild(self) -> None:
        """After a language or window change: the same scene with fresh widgets."""
        self.leave()
        self.enter()

    def may_quit(self) -> bool:
        """The window's close button: False keeps the trainer open (a scene with unsaved
        work asks first, and quits itself once answered)."""
        return True

    # scenes fill these in
    def build(self) -> None:
        pass

    def handle_event(self, event: pygame.event.Event) -> None:
        pass

    def takes_event(self, event: pygame.event.Event) -> bool:
        """An event the scene handles before the app's widgets see it (another window's)."""
        return False

    def update(self, dt: float) -> None:
        pass

    def draw(self, surface: pygame.Surface) -> None:
        pass
