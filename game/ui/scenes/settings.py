"""Settings: language, sound and window. Every change applies at once and is saved."""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIHorizontalSlider, UILabel, UIPanel

from game.ui import i18n
from game.ui.i18n import tr
from game.ui.scene import Scene
from game.ui.settings import WINDOW_SIZES

BACKGROUND = (24, 28, 36)
LANGUAGE_NAMES = {"id": "Bahasa Indonesia", "en": "English"}  # each in its own language
ROW = 64


class SettingsScene(Scene):
    def build(self) -> None:
        w, h = self.app.screen.get_size()
        ui, root = self.app.ui, self.root
        s = self.app.settings
        UILabel(
            pygame.Rect(0, 30, w, 60),
            tr("settings.title"),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#title"),
        )
        pw, ph = 760, 5 * ROW + 60
        panel = UIPanel(pygame.Rect((w - pw) // 2, 110, pw, ph), manager=ui, container=root)
        label_w, cx = 230, 260

        def row_label(n: int, key: str) -> None:
            UILabel(
                pygame.Rect(24, 30 + n * ROW, label_w, 40),
                tr(key),
                manager=ui,
                container=panel,
                object_id=ObjectID(object_id="#heading"),
            )

        # language: each name in its own language, the current one selected
        row_label(0, "settings.language")
        self.language_buttons: dict[str, UIButton] = {}
        for n, lang in enumerate(i18n.LANGUAGES):
            b = UIButton(
                pygame.Rect(cx + n * 230, 30, 220, 40),
                LANGUAGE_NAMES.get(lang, lang),
                manager=ui,
                container=panel,
            )
            if lang == s.language:
                b.select()
            self.language_buttons[lang] = b

        row_label(1, "settings.volume")
        self.volume_slider = UIHorizontalSlider(
            pygame.Rect(cx, 30 + ROW + 4, 360, 32),
            round(s.volume * 100),
            (0, 100),
            manager=ui,
            container=panel,
            click_increment=5,
        )
        self.volume_label = UILabel(
            pygame.Rect(cx + 370, 30 + ROW, 90, 40),
            f"{round(s.volume * 100)} %",
            manager=ui,
            container=panel,
        )

        row_label(2, "settings.mute")
        self.mute_button = UIButton(
            pygame.Rect(cx, 30 + 2 * ROW, 220, 40),
            tr("settings.on") if s.muted else tr("settings.off"),
            manager=ui,
            container=panel,
            tool_tip_text=tr("settings.mute_tip"),
        )
        if s.muted:
            self.mute_button.select()

        row_label(3, "settings.window")
        self.size_buttons: dict[tuple[int, int], UIButton] = {}
        for n, size in enumerate(WINDOW_SIZES):
            b = UIButton(
                pygame.Rect(cx + n * 156, 30 + 3 * ROW, 146, 40),
                f"{size[0]} × {size[1]}",
                manager=ui,
                container=panel,
            )
            if tuple(s.window) == tuple(size):
                b.select()
            self.size_buttons[size] = b

        row_label(4, "settings.fullscreen")
        self.fullscreen_button = UIButton(
            pygame.Rect(cx, 30 + 4 * ROW, 220, 40),
            tr("settings.on") if s.fullscreen else tr("settings.off"),
            manager=ui,
            container=panel,
        )
        if s.fullscreen:
            self.fullscreen_button.select()

        UILabel(
            pygame.Rect(0, 110 + ph + 12, w, 26),
            tr("settings.saved_note"),
            manager=ui,
            container=root,
        )
        self.back_button = UIButton(
            pygame.Rect((w - 220) // 2, h - 80, 220, 46),
            tr("common.back"),
            manager=ui,
            container=root,
        )

    # --- input ----------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            self._on_button(event.ui_element)
        elif event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED:
            if event.ui_element is self.volume_slider:
                self.set_volume(event.value / 100)
        elif event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()

    def _on_button(self, element) -> None:
        if element is self.back_button:
            self.app.pop()
            return
        for lang, b in self.language_buttons.items():
            if element is b:
                self.set_language(lang)
                return
        for size, b in self.size_buttons.items():
            if element is b:
                self.set_window(size, self.app.settings.fullscreen)
                return
        if element is self.mute_button:
            self.app.settings.muted = not self.app.settings.muted
            self._changed()
            self.rebuild()
        elif element is self.fullscreen_button:
            self.set_window(tuple(self.app.settings.window), not self.app.settings.fullscreen)

    # --- changes --------------------------------------------------------------------------

    def set_language(self, language: str) -> None:
        if language == self.app.settings.language:
            return
        self.app.ui.set_locale(language)  # pygame_gui's own strings (file dialog buttons)
        self.app.set_language(language)  # saves and rebuilds this scene

    def set_volume(self, volume: float) -> None:
        self.app.settings.volume = min(1.0, max(0.0, float(volume)))
        self.volume_label.set_text(f"{round(self.app.settings.volume * 100)} %")
        self._apply_sound()
        self._unsaved = True  # a drag sends many moves: saved once it rests, or on leaving
        self._since_move = 0.0

    def update(self, dt: float) -> None:
        if getattr(self, "_unsaved", False):
            self._since_move += dt
            if self._since_move >= 0.5:
                self._changed()

    def set_window(self, size: tuple[int, int], fullscreen: bool) -> None:
        s = self.app.settings
        size = (int(size[0]), int(size[1]))
        s.window, s.fullscreen = size, fullscreen
        flags = pygame.FULLSCREEN if fullscreen else 0
        try:
            self.app.screen = pygame.display.set_mode(size, flags)
        except pygame.error:
            s.fullscreen = False  # the display refused; stay in a window of that size
            self.app.screen = pygame.display.set_mode(size)
        self.app.size = self.app.screen.get_size()
        self.app.ui.set_window_resolution(self.app.size)
        self._changed()
        self.rebuild()

    def leave(self) -> None:
        if getattr(self, "_unsaved", False):
            self._unsaved = False
            self.app.save()
        super().leave()

    def _changed(self) -> None:
        self._unsaved = False
        self.app.save()
        self._apply_sound()

    def _apply_sound(self) -> None:
        sound = getattr(self.app, "sound", None)
        apply = getattr(sound, "apply_settings", None)
        if callable(apply):
            apply(self.app.settings)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
