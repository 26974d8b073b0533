"""A screen leaves nothing behind: after a level ends by itself, by F10 or by a retry, ten
times over, the UI manager holds only the widgets of the screen shown, and as many as the
first time that screen was shown. (A finished level's panel once stayed drawn over the
result and the next briefing, hiding its Start button.)"""

from collections import Counter

import pygame
import pytest
from helpers import LEVELS

from game.level import load_level
from game.ui.app import App
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.result import ResultScene
from game.ui.settings import Settings


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(language="id"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    app.push(MenuScene(app))
    app.step(1 / 60)
    yield app
    pygame.quit()


def widgets(app) -> list:
    root = app.ui.get_root_container()
    return [el for el in app.ui.get_sprite_group().sprites() if el is not root]


def strays(app) -> list[str]:
    """Widgets that belong to no part of the screen shown."""
    shown = app.scene.root

    def belongs(el) -> bool:
        while el is not None:
            if el is shown:
                return True
            up = getattr(el, "ui_container", None)
            el = None if up is el else up
        return False

    return [type(el).__name__ for el in widgets(app) if not belongs(el)]


def frames(app, n=3, dt=1 / 60):
    for _ in range(n):
        app.step(dt)


def key(app, k):
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=k, mod=0, unicode="", scancode=0))
    frames(app)


def short_level(seconds: float = 4.0):
    """Aksi damai with its clock cut short, so it ends by itself in a few seconds."""
    level = load_level(LEVELS / "aksi_damai.toml")
    return level.model_copy(update={"time_limit": seconds})


def start_play(app, level) -> PlayScene:
    scene = PlayScene(app, level, LEVELS / "aksi_damai.toml")
    app.push(scene)
    frames(app)
    if not scene.started:
        key(app, pygame.K_RETURN)  # the deployment done
    frames(app, 16)  # the panel settles (it is rebuilt every 15 frames)
    return scene


def end_by_itself(app) -> None:
    scene = app.scene
    assert isinstance(scene, PlayScene)
    scene.speed = max(scene.SPEEDS)
    for _ in range(2000):
        if not isinstance(app.scene, PlayScene):
            break
        app.step(0.25)
    assert isinstance(app.scene, ResultScene), "the level never ended by itself"
    frames(app)


def test_no_widget_outlives_its_screen(app):
    seen: dict[str, Counter] = {}

    def check(where: str) -> None:
        assert strays(app) == [], f"{where}: widgets of another screen are still there"
        kinds = Counter(type(el).__name__ for el in widgets(app))
        screen = type(app.scene).__name__
        first = seen.setdefault(screen, kinds)
        assert kinds == first, f"{where}: {screen} holds {kinds - first} more than before"

    level = short_level()
    start_play(app, level)
    check("play")
    for round_ in range(10):
        way = ("itself", "F10", "retry")[round_ % 3]
        scene = app.scene
        assert isinstance(scene, PlayScene)
        if way == "itself":
            end_by_itself(app)
        elif way == "F10":
            # a dialog open at the moment the level is ended must go with the level
            scene._submit([_brimob_force(scene)])
            frames(app)
            key(app, pygame.K_F10)
        else:
            key(app, pygame.K_F9)  # restart mid-run: a fresh play screen
            key(app, pygame.K_RETURN)
            frames(app, 16)
            check(f"round {round_}: after F9")
            key(app, pygame.K_F10)
        assert isinstance(app.scene, ResultScene)
        check(f"round {round_}: result after {way}")
        if round_ == 4:  # once: on to the next level's briefing and back to the menu
            app.scene.go_on()
            frames(app)
            assert isinstance(app.scene, BriefingScene)
            check("the next level's briefing")
            key(app, pygame.K_ESCAPE)
            assert isinstance(app.scene, MenuScene)
            check("menu")
            start_play(app, level)
            check(f"round {round_}: play again from the menu")
            continue
        app.scene.retry()
        frames(app)
        # the retried level is read from its file: cut its clock short again
        app.replace(PlayScene(app, level, LEVELS / "aksi_damai.toml"))
        frames(app)
        if not app.scene.started:
            key(app, pygame.K_RETURN)
        frames(app, 16)
        check(f"round {round_}: play after retry")
    assert len(app.scenes) <= 3, [type(s).__name__ for s in app.scenes]


def _brimob_force(scene):
    """An order that asks for confirmation (force that needs the Kapolda's authorisation)."""
    from game.sim import orders as O

    rule = next(t for t, r in scene.sim.tools.items() if r.authorisation)
    squad = scene.sim.squads[0].name
    return O.UseForce(tick=scene.sim.tick, squad=squad, tool=rule, at=(30.0, 20.0))


def test_a_dialog_dies_with_its_screen(app):
    scene = start_play(app, short_level(60))
    scene._submit([_brimob_force(scene)])
    frames(app)
    assert scene.confirming is not None, "the force needing authorisation asked nothing"
    key(app, pygame.K_F10)
    assert isinstance(app.scene, ResultScene)
    assert strays(app) == []


def test_a_start_up_note_over_a_briefing_goes_when_the_level_starts(app):
    """`main.py play FILE` with a damaged settings file: the note opens over the briefing;
    starting the level must not leave it over the play screen (it did)."""
    from game.ui.app import open_first_screen

    app.scenes.pop().leave()  # start afresh: open_first_screen pushes its own menu
    app.notes.append("settings.toml: the file was damaged")
    open_first_screen(app, LEVELS / "aksi_damai.toml")
    frames(app)
    assert isinstance(app.scene, BriefingScene)
    assert any(type(el).__name__ == "UIMessageWindow" for el in widgets(app))
    app.scene._start(load_level(LEVELS / "aksi_damai.toml"), None)
    frames(app)
    assert isinstance(app.scene, PlayScene)
    assert strays(app) == [], "the note stayed over the play screen"
