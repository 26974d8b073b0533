"""The map's legend: every look the renderer draws has a row, said in both languages; B
toggles it on the play screen and the briefing opens it."""

from __future__ import annotations

import re

import numpy as np
import pygame
import pygame_gui
import pytest
from helpers import LEVELS

from game.level import load_level
from game.ui import i18n, legend, render
from game.ui.app import App
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.play import PlayScene
from game.ui.settings import Settings

SNAKE = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(muted=True), settings_path=tmp_path / "s.toml", size=(1280, 720))
    yield app
    i18n.set_language("id")
    pygame.quit()


def test_every_look_the_renderer_draws_has_a_row():
    cats = {e.cat for e in legend.ENTRIES}
    things = {e.thing for e in legend.ENTRIES}
    for mood in render.MOOD_COLOUR:  # every mood of an ordinary protester
        assert mood in cats
    crowd_marks = {e.cat // render.MOODS for e in legend.CROWD_ENTRIES if e.cat >= 0}
    assert crowd_marks == {0, 1, 3}  # plain, korlap flag, camera (no mark gives truth away)
    for u, kind in enumerate(render.UNIT_LOOK):
        assert render.OFFICER_CAT + render.UNITS.index(kind) in cats, kind
        assert u < len(render.UNITS)
    assert 99 in cats  # the selection ring
    assert {"vip", "water_cannon", "arrested", "placard", "tag"} <= things  # tag: Intelkam's


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_row_is_said_in_words_without_an_internal_id(language):
    i18n.set_language(language)
    try:
        texts = [legend.label(e) for e in legend.ENTRIES]
        texts += [i18n.tr(f"legend.{k}", shortcut="B") for k in ("title", "far", "near", "hint")]
        texts += [i18n.tr(f"legend.heading.{k}") for k in ("crowd", "officers")]
        for text in texts:
            assert not text.startswith("legend."), text
            assert not SNAKE.search(text), text
        assert len(set(texts)) == len(texts)
    finally:
        i18n.set_language("id")
    other = "en" if language == "id" else "id"
    i18n.set_language(other)
    try:
        theirs = [legend.label(e) for e in legend.ENTRIES]
    finally:
        i18n.set_language("id")
    assert all(a != b for a, b in zip(texts, theirs, strict=False))  # translated, each


def test_the_legend_draws_a_picture_for_each_row_in_both_languages():
    pygame.init()
    images = {}
    for language in ("id", "en"):
        i18n.set_language(language)
        images[language] = legend.legend_surface()
    i18n.set_language("id")
    a, b = (pygame.surfarray.array3d(images[k]).astype(int) for k in ("id", "en"))
    assert a.shape == b.shape
    assert np.abs(a - b).sum() > 0  # the words change with the language
    painter = legend._Painter()
    for entry in legend.ENTRIES:
        for near in (False, True):
            box = painter.person(entry, legend.NEAR if near else legend.FAR, near)
            assert pygame.mask.from_surface(box).count() > 8, (entry, near)


def map_area(app) -> np.ndarray:
    return pygame.surfarray.array3d(app.screen)[60:700, 60:600].astype(int)


def test_b_toggles_the_legend_on_the_play_screen(app):
    scene = PlayScene(app, load_level(LEVELS / "tutorial.toml"), LEVELS / "tutorial.toml")
    app.push(scene)
    app.step(1 / 60)
    before = map_area(app)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": legend.KEY, "mod": 0}))
    app.step(1 / 60)
    assert scene.legend.open
    shown = map_area(app)
    assert np.abs(shown - before).sum() > 1_000_000
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": legend.KEY, "mod": 0}))
    app.step(1 / 60)
    assert not scene.legend.open
    assert np.abs(map_area(app) - before).sum() < np.abs(shown - before).sum() / 10


def test_the_briefing_opens_the_legend_and_any_key_goes_back(app):
    brief = BriefingScene(app, load_level(LEVELS / "kpu_oku_timur.toml"), None)
    app.push(brief)
    app.step(1 / 60)
    assert brief.legend_button.text == i18n.tr("legend.open", shortcut=legend.KEY_NAME)
    pygame.event.post(
        pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": brief.legend_button})
    )
    app.step(1 / 60)
    assert isinstance(app.scene, legend.LegendScene)
    app.step(1 / 60)
    image = legend.Legend()
    image.open = True
    panel = image.image()
    centre = app.screen.get_rect().center
    x0, y0 = centre[0] - panel.get_width() // 2, centre[1] - panel.get_height() // 2
    assert app.screen.get_at((x0 + 20, y0 + 20))[:3] != (24, 28, 36)  # the panel is there
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": pygame.K_ESCAPE, "mod": 0}))
    app.step(1 / 60)
    assert app.scene is brief
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": legend.KEY, "mod": 0}))
    app.step(1 / 60)
    assert isinstance(app.scene, legend.LegendScene)
