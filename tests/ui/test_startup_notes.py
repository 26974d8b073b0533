"""A damaged settings file never stops the trainer: what still reads is kept, the menu says why."""

import pygame

from game.ui.app import App
from game.ui.scenes.menu import MenuScene


def test_damaged_settings_keep_what_reads_and_the_menu_says_so(tmp_path):
    bad = tmp_path / "settings.toml"
    bad.write_text('language = "en"\nvolume = [\n')
    app = App(settings_path=bad, size=(1280, 720))
    assert app.settings.language == "en" and app.settings.volume == 0.7
    assert len(app.notes) == 1 and str(bad) in app.notes[0] and "damaged" in app.notes[0]
    app.push(MenuScene(app))
    for _ in range(3):
        app.step(1 / 60)
    assert app.scene.message is not None and app.scene.message.alive()
    assert app.notes == []  # said once
    pygame.quit()
