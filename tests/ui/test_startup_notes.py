"""A damaged settings file never stops the trainer: defaults, and the menu says why."""

import pygame

from game.ui.app import App
from game.ui.scenes.menu import MenuScene
from game.ui.settings import load_settings


def test_unreadable_settings_start_with_defaults_and_the_menu_says_so(tmp_path):
    bad = tmp_path / "settings.toml"
    bad.write_text('language = "en"\nvolume = [\n')
    settings, note = load_settings(bad)
    assert settings.language == "id" and note and str(bad) in note
    app = App(settings_path=bad, size=(1280, 720))
    app.push(MenuScene(app))
    for _ in range(3):
        app.step(1 / 60)
    assert app.scene.message is not None and app.scene.message.alive()
    assert app.notes == []  # said once
    pygame.quit()
