"""Take the README's screenshots from the real app (run it under Xvfb):

xvfb-run -a -s "-screen 0 1280x720x24" python tools/screenshots.py [--lang id|en]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.level import load_level  # noqa: E402
from game.ui.app import App  # noqa: E402
from game.ui.scenes.briefing import BriefingScene  # noqa: E402
from game.ui.scenes.menu import MenuScene  # noqa: E402
from game.ui.scenes.play import PlayScene  # noqa: E402
from game.ui.settings import Settings  # noqa: E402


def frames(app: App, n: int) -> None:
    for _ in range(n):
        app.step(1 / 60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="id", choices=("id", "en"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--peak", type=float, default=200.0, help="seconds into the level")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp())
    app = App(
        settings=Settings(language=args.lang, muted=True),
        settings_path=tmp / "s.toml",
        size=(1280, 720),
    )
    app.push(MenuScene(app))
    frames(app, 20)
    app.screenshot(args.out / f"menu_{args.lang}.png")

    path = ROOT / "levels" / "kpu_oku_timur.toml"
    level = load_level(path)
    app.push(BriefingScene(app, level, path))
    frames(app, 20)
    app.screenshot(args.out / f"briefing-{args.lang}.png")

    play = PlayScene(app, level, None)
    app.push(play)
    frames(app, 5)
    app.screenshot(args.out / f"deploy-{args.lang}.png")
    play.act("start")
    from game.sim.orders import UseForce

    jet_at = args.peak - 3  # the water cannon opens on the gate shortly before the shot
    while play.sim.time < args.peak:
        if abs(play.sim.time - jet_at) < 1e-9:
            play._submit(
                [
                    UseForce(
                        tick=play.sim.tick,
                        squad="water_cannon",
                        tool="water_cannon",
                        at=(50.0, 9.0),
                    )
                ],
                confirmed=True,
            )
        play._on_events(play.sim.step())
        play._after_tick()
    play.prev = play.cur = __import__("game.ui.view", fromlist=["FrameView"]).FrameView.capture(
        play.sim
    )
    play.input.selected = [8]  # the water cannon
    play.camera.scale = 14
    play.camera.look_at((50, 16))
    frames(app, 3)
    app.screenshot(args.out / f"peak-{args.lang}.png")
    play.act("end")
    frames(app, 20)
    app.screenshot(args.out / f"result-{args.lang}.png")
    print("screenshots in", args.out)


if __name__ == "__main__":
    main()
