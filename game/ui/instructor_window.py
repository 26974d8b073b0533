"""The instructor's own window on the second screen: a pygame.Window with its own
pygame_gui manager, so nothing of the instructor panel is ever drawn on the trainee's screen.

Events carry the window they came from (`event.window`, pygame-ce 2.5): those of this window
go to its manager only; the rest stay the trainee's.
"""

from __future__ import annotations

import os
from typing import Any

import pygame
import pygame_gui

SIZE = (480, 720)  # px: the panel above a map to pick points on
SEPARATE_ENV = "SISPAMKOTA_INSTRUCTOR_WINDOW"  # "1" forces the second window, "0" forbids it


def wants_separate_window(setting: bool | None = None) -> bool:
    """A second window when the machine has two screens, or when forced (a test, a
    projector set-up the driver does not report): by the setting or the environment."""
    if setting is not None:
        return setting
    forced = os.environ.get(SEPARATE_ENV)
    if forced in ("0", "1"):
        return forced == "1"
    try:
        return pygame.display.get_num_displays() >= 2
    except pygame.error:
        return False


def _second_display_position() -> tuple[int, int] | int:
    """Centred on display 1 when there is one (SDL_WINDOWPOS_CENTERED_DISPLAY(1))."""
    try:
        if pygame.display.get_num_displays() >= 2:
            centred_on_second = 0x2FFF0000 | 1
            return (centred_on_second, centred_on_second)
    except pygame.error:
        pass
    return pygame.WINDOWPOS_CENTERED


class InstructorWindow:
    """The second window and its widgets' manager; `surface` is drawn, then `flip`."""

    def __init__(self, title: str, theme: str | None) -> None:
        self.window = pygame.Window(title, SIZE, position=_second_display_position())
        self.ui = pygame_gui.UIManager(SIZE, theme)
        self.ui.preload_fonts([{"name": "noto_sans", "point_size": 14, "style": "italic"}])

    @property
    def size(self) -> tuple[int, int]:
        return SIZE

    def owns(self, event: pygame.event.Event) -> bool:
        """An event that happened in this window (its mouse, its keys, its closing)."""
        return getattr(event, "window", None) is self.window

    def process(self, event: pygame.event.Event) -> bool:
        return bool(self.ui.process_events(event))

    def surface(self) -> pygame.Surface:
        return self.window.get_surface()

    def draw(self, dt: float, paint: Any = None) -> None:
        """One frame of the window: its background (and `paint(surface)`), the widgets."""
        surface = self.surface()
        surface.fill((24, 30, 40))
        if paint is not None:
            paint(surface)
        self.ui.update(dt)
        self.ui.draw_ui(surface)
        self.window.flip()

    def close(self) -> None:
        self.ui.clear_and_reset()
        self.window.destroy()
