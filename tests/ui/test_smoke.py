"""The app starts on the dummy video driver, plays a level for a few hundred frames, ends."""

import subprocess
import sys

import pygame
from helpers import LEVELS, ROOT

from game.level import load_level
from game.ui.app import App
from game.ui.scenes.play import PlayScene
from game.ui.settings import Settings


def test_a_few_hundred_frames_of_the_kpu_level_then_a_clean_result(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(), settings_path=tmp_path / "s.toml", size=(1280, 720))
    path = LEVELS / "kpu_oku_timur.toml"
    scene = PlayScene(app, load_level(path), path)
    app.push(scene)
    scene.act("start")  # the KPU level begins with deployment
    scene.speed = 4
    for _ in range(300):
        app.step(1 / 60)
    assert scene.sim.tick > 300  # the clock ran at 4x
    assert len(scene.sim.crowd_slots()) > 50
    assert scene.log  # the radio talked
    scene.act("end")
    app.step(1 / 60)
    from game.ui.scenes.result import ResultScene

    assert isinstance(app.scene, ResultScene)
    replays = list((tmp_path / "replays").glob("*.jsonl"))
    assert len(replays) == 1
    pygame.quit()


def test_main_py_starts_and_quits_on_the_dummy_driver(tmp_path):
    """The README's first command runs `python main.py`: it must open and close cleanly."""
    code = (
        "import os, pygame, sys; sys.argv=['main.py'];"
        "import game.ui.app as a;"
        "orig=a.App.run;"
        "a.App.run=lambda self, **k: orig(self, max_frames=120);"
        "from game.cli import main; sys.exit(main([]))"
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
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
