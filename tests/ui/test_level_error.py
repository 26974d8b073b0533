"""A level that cannot be used is explained in the window, and a level is played from its
file as it is on disk: `play FILE`, the menu, Start, restart and retry all read it again."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pygame
import pygame_gui
import pytest
from helpers import LEVELS, ROOT

from game.level import LevelError
from game.ui import i18n
from game.ui.app import App, play
from game.ui.campaign import load_campaign
from game.ui.scenes.briefing import BriefingScene
from game.ui.scenes.level_error import LevelErrorScene
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.play import PlayScene
from game.ui.scenes.result import ResultScene

YARD = LEVELS / "lapangan_latihan.toml"  # small: 80 people


@pytest.fixture
def replays(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "replays"
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: folder)
    monkeypatch.setattr("game.ui.scenes.menu.replay_dir", lambda: folder)
    return folder


@pytest.fixture
def app(tmp_path, replays):
    app = App(settings_path=tmp_path / "s.toml", size=(1280, 720))
    app.settings.trainee = "Briptu A"
    yield app
    i18n.set_language("id")
    pygame.quit()


def steps(app: App, n: int = 2) -> None:
    for _ in range(n):
        app.step(1 / 60)


def press(app: App, button) -> None:
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": button}))
    steps(app)


def key(app: App, k: int) -> None:
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": k, "mod": 0, "unicode": ""}))
    steps(app)


def labels(scene) -> list[str]:
    return [e.text for e in scene.root.elements if isinstance(e, pygame_gui.elements.UILabel)]


def yard_copy(folder: Path, name: str = "my_yard.toml") -> Path:
    """The training yard as an instructor's own file, outside levels/."""
    path = folder / "work" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(YARD, path)
    return path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def break_count(path: Path) -> None:
    edit(path, "count = 80", "count = 0")


# --- the error screen -------------------------------------------------------------------


def test_play_on_a_broken_file_opens_the_error_screen_not_a_closing_window(
    tmp_path, replays, monkeypatch, capsys
):
    monkeypatch.setattr("game.ui.settings.settings_path", lambda: tmp_path / "s.toml")
    broken = yard_copy(tmp_path)
    break_count(broken)
    edit(broken, "spawn = ", "spwan = ")
    seen: dict = {}

    def run(self, max_frames=None, on_frame=None):  # a few frames, then look
        steps(self, 5)
        seen["scenes"] = list(self.scenes)
        seen["html"] = self.scene.text_box.html_text
        seen["labels"] = labels(self.scene)
        seen["running"] = self.running
        pygame.quit()

    monkeypatch.setattr(App, "run", run)
    assert play(str(broken)) == 0
    menu, scene = seen["scenes"]
    assert isinstance(menu, MenuScene) and isinstance(scene, LevelErrorScene)
    assert seen["running"]
    html = seen["html"]
    assert str(broken) in html  # the file
    assert 'crowd "peserta" (crowd[0])' in html  # the item
    assert "count" in html and "must be at least 1 (got 0)" in html  # the field and why
    assert "spwan" in html and 'did you mean "spawn"?' in html  # every problem, not the first
    assert i18n.tr("level_error.title") in seen["labels"]
    # and on the terminal too
    assert f'{broken}: crowd "peserta" (crowd[0]): count:' in capsys.readouterr().err


@pytest.mark.parametrize(
    "language,words",
    [
        ("id", ("Level tidak dapat dibuka", "Berkas", "Bagian", "Isian", "Coba lagi", "Keluar")),
        ("en", ("The level cannot be opened", "File", "Item", "Field", "Try again", "Quit")),
    ],
)
def test_the_error_screen_speaks_both_languages(app, tmp_path, language, words):
    i18n.set_language(language)
    broken = yard_copy(tmp_path)
    break_count(broken)
    app.push(MenuScene(app))
    app.scene.open_level(broken)
    steps(app)
    scene = app.scene
    assert isinstance(scene, LevelErrorScene)
    title, file_word, item, field, retry, quit_ = words
    assert title in labels(scene)
    html = scene.text_box.html_text
    assert f"<b>{file_word}:</b>" in html and f"{item}:" in html and f"{field}:" in html
    assert scene.retry_button is not None and scene.retry_button.text.startswith(retry)
    assert scene.quit_button.text == quit_
    assert "level_error." not in " ".join(labels(scene)) + html  # no catalog key on screen


def test_quit_and_escape_leave_the_error_screen(app, tmp_path):
    broken = yard_copy(tmp_path)
    break_count(broken)
    menu = MenuScene(app)
    app.push(menu)
    menu.open_level(broken)
    steps(app)
    key(app, pygame.K_ESCAPE)
    assert app.scene is menu and len(app.scenes) == 1
    menu.open_level(broken)
    steps(app)
    press(app, app.scene.quit_button)
    assert not app.running


def test_try_again_reads_the_file_again_and_opens_it_once_fixed(app, tmp_path):
    broken = yard_copy(tmp_path)
    break_count(broken)
    app.push(MenuScene(app))
    app.scene.open_level(broken)
    steps(app)
    scene = app.scene
    press(app, scene.retry_button)  # still broken: said again, with the time of the check
    assert app.scene is scene and scene.checked
    edit(broken, "count = 0", "count = 12")
    key(app, pygame.K_F5)
    assert isinstance(app.scene, BriefingScene)
    assert app.scene.level.crowd[0].count == 12 and app.scene.path == broken
    assert [type(s) for s in app.scenes] == [MenuScene, BriefingScene]


def test_main_py_play_on_a_broken_file_stays_open_and_does_not_raise(tmp_path):
    broken = yard_copy(tmp_path)
    break_count(broken)
    code = "\n".join(
        [
            "import sys",
            "import game.ui.app as a",
            "orig = a.App.run",
            "def run(self, **k):",
            "    orig(self, max_frames=30, on_frame=lambda app: setattr(app, 'last', app.scene))",
            "    print('SCENE', type(self.last).__name__)",
            "a.App.run = run",
            "from game.cli import main",
            "sys.exit(main(['play', sys.argv[1]]))",
        ]
    )
    env = {
        "SDL_VIDEODRIVER": "dummy",
        "SDL_AUDIODRIVER": "dummy",
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
    }
    out = subprocess.run(
        [sys.executable, "-c", code, str(broken)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "SCENE LevelErrorScene" in out.stdout
    assert "Traceback" not in out.stderr
    assert f'{broken}: crowd "peserta" (crowd[0]): count: must be at least 1' in out.stderr


# --- the campaign in the menu -----------------------------------------------------------


def test_a_broken_campaign_level_keeps_its_row_and_a_click_explains_it(app, tmp_path, monkeypatch):
    folder = tmp_path / "levels"
    folder.mkdir()
    shutil.copy(LEVELS / "tutorial.toml", folder / "tutorial.toml")
    broken = yard_copy(folder, "yard.toml")
    break_count(broken)
    shutil.move(broken, folder / "yard.toml")
    campaign = folder / "campaign.toml"
    campaign.write_text(
        '[[level]]\nfile = "tutorial.toml"\nid = "tutorial"\n'
        '[[level]]\nfile = "yard.toml"\nid = "lapangan_latihan"\n',
        encoding="utf-8",
    )
    monkeypatch.setattr("game.ui.scenes.menu.load_campaign", lambda: load_campaign(campaign))
    menu = MenuScene(app)
    app.push(menu)
    steps(app)
    assert [level.id for _, level, _, _ in menu.campaign_rows] == ["tutorial"]
    ((path, button),) = menu.broken_rows
    assert path == folder / "yard.toml" and button.text == "2.  yard.toml"
    press(app, button)
    assert isinstance(app.scene, LevelErrorScene)
    assert "must be at least 1 (got 0)" in app.scene.text_box.html_text
    edit(folder / "yard.toml", "count = 0", "count = 80")  # fixed meanwhile
    key(app, pygame.K_ESCAPE)
    assert app.scene is menu
    assert [level.id for _, level, _, _ in menu.campaign_rows] == ["tutorial", "lapangan_latihan"]


def test_the_menu_opens_with_a_broken_campaign_file_and_shows_what_is_wrong(
    app, tmp_path, monkeypatch
):
    campaign = tmp_path / "campaign.toml"
    campaign.write_text('[[level]]\nfile = "/etc/passwd"\nid = "x"\n', encoding="utf-8")
    monkeypatch.setattr("game.ui.scenes.menu.load_campaign", lambda: load_campaign(campaign))
    menu = MenuScene(app)
    app.push(menu)
    steps(app)
    assert app.running and app.scene is menu
    assert menu.campaign_note.text == i18n.tr("menu.campaign_errors", count=1, file="campaign.toml")
    assert menu.details_button is not None
    press(app, menu.details_button)
    scene = app.scene
    assert isinstance(scene, LevelErrorScene) and scene.retry_button is None
    html = scene.text_box.html_text
    assert str(campaign) in html and "entry 1 (level[0])" in html and "absolute path" in html
    key(app, pygame.K_ESCAPE)
    assert app.scene is menu


# --- playing from the file, and reading it again -----------------------------------------


def start_run(app: App, path: Path) -> PlayScene:
    menu = MenuScene(app)
    app.push(menu)
    menu.open_level(path)
    steps(app)
    briefing = app.scene
    assert isinstance(briefing, BriefingScene)
    briefing.start()
    steps(app)
    scene = app.scene
    assert isinstance(scene, PlayScene)
    return scene


def recorded_level(replay: Path) -> str:
    header = json.loads(replay.read_text(encoding="utf-8").splitlines()[0])
    return header["level_text"]


def test_a_restart_plays_the_file_as_edited_meanwhile(app, tmp_path, replays):
    path = yard_copy(tmp_path)
    scene = start_run(app, path)
    assert scene.level.title.en == "Training yard" and scene.level.crowd[0].count == 80
    scene.act("start")
    steps(app, 30)
    edit(path, '"Training yard"', '"Training yard, edited"')
    edit(path, "count = 80", "count = 25")
    key(app, pygame.K_F9)  # restart
    assert app.scene is scene
    assert scene.level.title.en == "Training yard, edited"
    assert scene.level.crowd[0].count == 25 and scene.sim.level.crowd[0].count == 25
    assert scene.sim.tick == 0
    # the new run's recording keeps the text that is played; the first run kept its own
    first, second = sorted(replays.glob("*.jsonl"), key=lambda p: p.stat().st_mtime_ns)
    assert "count = 80" in recorded_level(first)
    assert "count = 25" in recorded_level(second)


def test_a_restart_on_a_file_now_broken_shows_why_and_keeps_the_run(app, tmp_path, replays):
    path = yard_copy(tmp_path)
    scene = start_run(app, path)
    scene.act("start")
    steps(app, 30)
    session, tick = scene.session, scene.sim.tick
    completed = list(app.settings.completed)
    break_count(path)
    scene.act("restart")
    steps(app)
    error = app.scene
    assert isinstance(error, LevelErrorScene) and app.scenes[-2] is scene
    assert "must be at least 1 (got 0)" in error.text_box.html_text
    assert error.back_button is not None  # back to the run, which was not thrown away
    press(app, error.back_button)
    assert app.scene is scene and scene.session is session and scene.sim.tick == tick
    assert scene.paused  # it waits for the trainee
    assert app.settings.completed == completed and app.settings.trainee == "Briptu A"
    (replay,) = replays.glob("*.jsonl")
    assert replay.stat().st_size > 0

    scene.act("restart")  # still broken; fixed while the error screen is up
    steps(app)
    edit(path, "count = 0", "count = 30")
    press(app, app.scene.retry_button)
    assert app.scene is scene and scene.session is not session
    assert scene.level.crowd[0].count == 30 and scene.sim.tick == 0
    assert len(list(replays.glob("*.jsonl"))) == 2  # the first run's recording is kept


def test_the_error_screens_menu_button_closes_the_run_it_leaves(app, tmp_path, replays):
    path = yard_copy(tmp_path)
    scene = start_run(app, path)
    scene.act("start")
    steps(app, 10)
    break_count(path)
    scene.act("restart")
    steps(app)
    press(app, app.scene.menu_button)
    assert isinstance(app.scene, MenuScene) and len(app.scenes) == 1
    recorder = scene.session.recorder
    assert recorder is not None and recorder._out.closed  # the recording was closed


def test_retry_on_the_result_and_start_on_the_briefing_read_the_file_again(app, tmp_path):
    path = yard_copy(tmp_path)
    app.push(MenuScene(app))
    app.scene.open_level(path)
    steps(app)
    briefing = app.scene
    edit(path, "count = 80", "count = 40")  # edited while the briefing is read
    briefing.start()
    steps(app)
    scene = app.scene
    assert isinstance(scene, PlayScene) and scene.level.crowd[0].count == 40
    scene.act("end")
    steps(app)
    result = app.scene
    assert isinstance(result, ResultScene)
    edit(path, "count = 40", "count = 20")
    press(app, result.retry_button)
    assert isinstance(app.scene, PlayScene) and app.scene.level.crowd[0].count == 20
    app.scene.act("end")
    steps(app)
    result = app.scene
    edit(path, "count = 20", "count = 0")
    press(app, result.retry_button)
    assert isinstance(app.scene, LevelErrorScene)
    key(app, pygame.K_ESCAPE)
    assert app.scene is result  # back on the result, its debrief still there


def test_read_level_gives_the_loaders_error_for_what_it_cannot_read(tmp_path):
    from game.ui.level_file import read_level

    with pytest.raises(LevelError, match="no such file"):
        read_level(tmp_path / "nope.toml")
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'id = "caf\xe9"\n')
    with pytest.raises(LevelError, match="not UTF-8"):
        read_level(bad)
    level, text = read_level(YARD)
    assert level.id == "lapangan_latihan" and text == YARD.read_text(encoding="utf-8")
