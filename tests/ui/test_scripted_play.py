"""A scripted level in the play screen: the phase shows over the map, the radio log tells
the beats in the trainee's language, and a reinforcement joins the squad panel."""

import pygame
import pytest
from helpers import LEVELS

from game.level import load_level
from game.ui.app import App
from game.ui.scenes.play import PlayScene
from game.ui.settings import Settings

LEVEL = LEVELS / "test" / "scripted.toml"


@pytest.fixture
def play(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(language="id"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    scene = PlayScene(app, load_level(LEVEL), LEVEL)
    app.push(scene)
    app.step(1 / 60)
    yield app, scene
    pygame.quit()


def _squad_buttons(scene):
    return [b.action for b in scene.dynamic if str(getattr(b, "action", "")).startswith("select:")]


def test_the_phase_the_radio_and_a_reinforcement_reach_the_trainee(play):
    app, scene = play
    scene.speed = 8
    assert len(_squad_buttons(scene)) == 2  # Brimob is not there yet
    while "tekanan" not in scene.sim.script.fired:
        app.step(1 / 10)
    for _ in range(20):
        app.step(1 / 30)
    assert scene.phase_label.visible and scene.phase_label.text == "Massa memanas"
    log = "\n".join(scene.log)
    assert "Tahap: Massa memanas" in log
    assert "Ban dibakar di depan gerbang." in log
    assert "PHH Brimob tiba" in log
    assert "brimob" not in log.replace("Brimob", "")  # no internal name
    assert len(_squad_buttons(scene)) == 3


def _live_outside(app) -> list:
    """Widgets alive in the UI manager that do not belong to the screen shown."""
    root = app.scene.root

    def on_screen(el) -> bool:
        while el is not None:
            if el is root:
                return True
            el = getattr(el, "ui_container", None) if el is not el.ui_container else None
        return False

    return [
        el
        for el in app.ui.get_sprite_group().sprites()
        if el is not root and el is not app.ui.get_root_container() and not on_screen(el)
    ]


def test_a_level_that_ends_by_itself_leaves_nothing_over_the_result_screen(play):
    """The radio log is refreshed after the last tick: done after the play screen had
    gone, it drew its scroll bar over the result and every screen after it."""
    from game.sim import orders as O
    from game.ui.scenes.result import ResultScene

    app, scene = play
    for n in range(30):  # a full log: the text box needs its scroll bar
        scene.say(f"line {n}")
    app.step(1 / 60)
    end = {"type": "end_level", "result": "won"}
    scene.session.submit(O.Inject(tick=scene.sim.tick + 2, action=end))  # ends mid-frame
    for _ in range(10):
        app.step(1 / 30)
    assert isinstance(app.scene, ResultScene)
    assert _live_outside(app) == []


def test_the_scripts_word_on_the_end_fits_on_the_result_screen(play):
    """The end text of a script is long ('send the Dokkes medics: select them, then right
    click the casualty'); after the level title on one line it ran off the window."""
    from pygame_gui.elements import UILabel

    from game.sim import orders as O
    from game.ui.scenes.result import ResultScene

    app, scene = play
    said = "Seorang korban luka terbaring lebih dari satu menit tanpa dievakuasi. " * 2
    end = {"type": "end_level", "result": "lost", "text": {"id": said.strip(), "en": "x"}}
    scene.session.submit(O.Inject(tick=scene.sim.tick + 1, action=end))
    for _ in range(10):
        app.step(1 / 30)
    assert isinstance(app.scene, ResultScene)
    labels = [e for e in app.ui.get_sprite_group().sprites() if isinstance(e, UILabel)]
    (line,) = [e for e in labels if e.text == said.strip()]
    assert line.rect.right <= app.screen.get_width()
    font = line.font
    assert font.size(line.text)[0] <= line.rect.width, "the text is wider than its line"
