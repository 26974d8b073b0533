"""The first screen a trainee meets: the menu, the next campaign level highlighted and
started by Enter, and what went wrong at start-up said on top of it."""

from __future__ import annotations

import pygame
import pytest
from helpers import LEVELS
from pygame_gui.windows import UIMessageWindow
from test_menus import steps

from game.ui import i18n
from game.ui.app import App, open_first_screen
from game.ui.campaign import load_campaign
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.menu import MenuScene
from game.ui.settings import Settings

KPU = LEVELS / "kpu_oku_timur.toml"
NOTE = "The settings file was damaged; it was kept as settings.toml.bad-1 and defaults are used"


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.menu.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(language="en"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    yield app
    i18n.set_language("id")
    pygame.quit()


def key(app: App, k: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": k, "mod": 0, "unicode": ""}))
    steps(app, 2)


def campaign_ids() -> list[str]:
    return [level.id for _, level in load_campaign().levels]


def highlighted_id(menu: MenuScene) -> str:
    [(level_id, button)] = [
        (level.id, b) for _, level, b, _ in menu.campaign_rows if b is menu.highlighted
    ]
    assert button.is_selected  # drawn as selected: the theme's gold
    others = [b for _, _, b, _ in menu.campaign_rows if b is not button]
    assert not any(b.is_selected for b in others)
    return level_id


@pytest.mark.parametrize("done", [0, 2])
def test_the_first_launch_opens_the_menu_with_the_next_level_highlighted(app, done):
    ids = campaign_ids()
    app.settings.completed = ids[:done]
    open_first_screen(app)
    steps(app)
    assert len(app.scenes) == 1 and isinstance(app.scene, MenuScene)  # no briefing on top
    menu = app.scene
    assert menu.section == "campaign"
    assert highlighted_id(menu) == ids[done]
    key(app, pygame.K_RETURN)  # Enter starts it
    assert isinstance(app.scene, BriefingScene) and app.scene.level.id == ids[done]
    assert app.scenes[0] is menu


def test_with_every_level_completed_the_last_one_is_highlighted(app):
    ids = campaign_ids()
    app.settings.completed = list(ids)
    open_first_screen(app)
    steps(app)
    assert highlighted_id(app.scene) == ids[-1]


def test_up_and_down_move_the_highlight_and_enter_opens_that_row(app):
    ids = campaign_ids()
    open_first_screen(app)
    steps(app)
    menu = app.scene
    key(app, pygame.K_DOWN)
    key(app, pygame.K_DOWN)
    key(app, pygame.K_UP)
    assert highlighted_id(menu) == ids[1]
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, BriefingScene) and app.scene.level.id == ids[1]


def test_a_level_file_on_the_command_line_opens_its_briefing_over_the_menu(app):
    open_first_screen(app, KPU)
    steps(app)
    assert isinstance(app.scene, BriefingScene) and app.scene.level.id == "kpu_oku_timur"
    assert isinstance(app.scenes[0], MenuScene)


def test_start_up_notes_are_said_on_the_menu_readable_and_dismissable(app):
    app.notes.append(NOTE)
    open_first_screen(app)
    steps(app, 3)
    menu = app.scene
    assert isinstance(menu, MenuScene) and len(app.scenes) == 1
    window = menu.message
    assert window is not None and window.alive()
    assert NOTE in window.text_block.html_text
    assert app.screen.get_rect().contains(window.rect)  # all of it on the screen
    assert window.rect.height >= 150 and window.rect.width >= 400
    key(app, pygame.K_RETURN)  # the first Enter closes the note, it starts nothing
    assert not window.alive() and app.scene is menu
    assert app.notes == []
    steps(app, 3)
    assert menu.message is None  # said once
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, BriefingScene)


def test_start_up_notes_are_said_over_a_briefing_opened_from_the_command_line(app):
    app.notes.append(NOTE)
    open_first_screen(app, KPU)
    steps(app, 3)
    assert isinstance(app.scene, BriefingScene)
    windows = [
        e
        for e in app.ui.get_sprite_group().sprites()
        if isinstance(e, UIMessageWindow) and NOTE in e.text_block.html_text
    ]
    assert len(windows) == 1 and app.notes == []
