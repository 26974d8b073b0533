"""Whole frames of the play screen: simulation tick, capture, drawing and widgets.

    python benchmarks/bench_frame.py [--sizes 500 1000 2000] [--frames 300]

Target (issue 4): 60 frames per second (16.7 ms) with 1,000 people on screen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tick import pressing_crowd  # noqa: E402

from game.ui.app import App  # noqa: E402
from game.ui.scenes.play import PlayScene  # noqa: E402
from game.ui.settings import Settings  # noqa: E402


def measure(n: int, frames: int) -> tuple[float, float]:
    tmp = Path(tempfile.mkdtemp())
    app = App(settings=Settings(muted=True), settings_path=tmp / "s.toml", size=(1280, 720))
    scene = PlayScene(app, pressing_crowd(n), None)
    app.push(scene)
    for _ in range(120):  # let the crowd press and the tiles render
        app.step(1 / 60)
    times = []
    for _ in range(frames):
        t0 = time.perf_counter()
        app.step(1 / 60)
        times.append(time.perf_counter() - t0)
    times.sort()
    return sum(times) / len(times) * 1000, times[int(len(times) * 0.95)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    print(f"{'people':>7} {'mean ms':>8} {'p95 ms':>7} {'fps':>6}")
    for n in args.sizes:
        mean, p95 = measure(n, args.frames)
        print(f"{n:7d} {mean:8.2f} {p95:7.2f} {1000 / mean:6.0f}")


if __name__ == "__main__":
    main()
