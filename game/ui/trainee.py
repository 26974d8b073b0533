"""The trainee's name: asked once (on the first screen that starts a run) and kept in the
settings; it names the trainee's replays and reports."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UILabel, UITextEntryLine

from game.ui.i18n import tr

if TYPE_CHECKING:
    from game.ui.app import App

NAME_LENGTH = 40


class TraineeField:
    def __init__(self, app: App, rect: pygame.Rect, container) -> None:
        self.app = app
        x, y, w, _ = rect
        UILabel(pygame.Rect(x, y, w, 24), tr("menu.trainee"), app.ui, container=container)
        self.entry = UITextEntryLine(
            pygame.Rect(x, y + 26, w, 36),
            manager=app.ui,
            container=container,
            placeholder_text=tr("menu.trainee_placeholder"),
            initial_text=app.settings.trainee or None,
        )
        self.entry.set_text_length_limit(NAME_LENGTH)
        if not app.settings.trainee:
            self.entry.focus()

    def handle(self, event: pygame.event.Event) -> bool:
        """Keep the name as typed (spaces folded); True if the event was the field's."""
        if event.type not in (pygame_gui.UI_TEXT_ENTRY_FINISHED, pygame_gui.UI_TEXT_ENTRY_CHANGED):
            return False
        if getattr(event, "ui_element", None) is not self.entry:
            return False
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            self.entry.unfocus()  # Enter again now goes to the screen (Start, in a briefing)
        name = " ".join(self.entry.get_text().split())[:NAME_LENGTH]
        if name != self.app.settings.trainee:
            self.app.settings.trainee = name
            self.app.save()
        return True
