"""Milliseconds per frame to draw N people as figures (close zoom) beside the marks they
replace, side by side in one run, on an off-screen 1280x720.

    python benchmarks/bench_figures.py [--sizes 1000 2000] [--frames 120]

bench_render.py's street with N people pressing on a cordon is simulated a few seconds, then
`--frames` consecutive ticks are captured (so people walk, turn and swing their legs). Each
zoom draws those frames twice per frame, interleaved: once as the game does (figures from
CLOSE_SCALE px/m on) and once with figures switched off (the marks, as before figures). The
first pass makes the sprites (reported as "first pass"); the timed pass reuses them. Far
zoom has no figures, so its two columns are the same code (a check of the noise).
Target (the figures task): a frame of 1000-2000 people stays within ~16 ms at 1280x720.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import pygame  # noqa: E402
from bench_render import street_level  # noqa: E402

from game.sim import Simulation  # noqa: E402
from game.ui import figures  # noqa: E402
from game.ui.camera import Camera  # noqa: E402
from game.ui.render import WorldRenderer  # noqa: E402
from game.ui.view import FrameView  # noqa: E402

SIZE = (1280, 720)
SCALES = (("far", 10.0), ("close", 20.0), ("closer", 44.0))


def capture(n: int, frames: int, settle: float):
    level = street_level(n)
    sim = Simulation(level)
    for _ in range(round(settle * 60)):
        sim.step()
    views = []
    for _ in range(frames):
        sim.step()
        views.append(FrameView.capture(sim))
    return level, views


def measure(level, views, scale: float) -> dict[str, float]:
    surface = pygame.Surface(SIZE)
    camera = Camera((0, 0, *SIZE), (level.map.width, level.map.height))
    crowd = views[-1].pos[views[-1].kind == 0]
    camera.scale = scale
    camera.look_at((crowd.min(axis=0) + crowd.max(axis=0)) / 2 + (0, 6))
    on_screen = int(camera.visible(views[-1].pos, margin=0).sum())
    shown = WorldRenderer(level)
    marks = WorldRenderer(level)
    keep = figures.CLOSE_SCALE

    def draw(renderer, view, with_figures: bool) -> float:
        figures.CLOSE_SCALE = keep if with_figures else 1e9
        t0 = time.perf_counter()
        renderer.draw(surface, camera, view, selected={0})
        return time.perf_counter() - t0

    first = [draw(shown, v, True) for v in views]  # makes the sprites
    for v in views:
        draw(marks, v, False)
    fig, dot = [], []
    for v in views:  # side by side, frame by frame
        fig.append(draw(shown, v, True))
        dot.append(draw(marks, v, False))
    figures.CLOSE_SCALE = keep
    # medians: the machine is shared, and a frame preempted says nothing of the drawing
    return {
        "on_screen": on_screen,
        "figures_ms": float(np.median(fig)) * 1000,
        "marks_ms": float(np.median(dot)) * 1000,
        "worst_ms": float(np.percentile(fig, 95)) * 1000,
        "first_ms": float(np.mean(first)) * 1000,
        "first_max_ms": max(first) * 1000,
        "sprites": shown.figures.made,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000])
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--settle", type=float, default=4.0, help="seconds simulated first")
    args = parser.parse_args()
    pygame.init()
    print(
        f"{'people':>7} {'zoom':>7} {'px/m':>5} {'shown':>6} {'figures ms':>11} "
        f"{'marks ms':>9} {'ratio':>6} {'p95 ms':>9} {'first pass':>11} {'max':>7} "
        f"{'sprites':>8}"
    )
    for n in args.sizes:
        level, views = capture(n, args.frames, args.settle)
        for name, scale in SCALES:
            r = measure(level, views, scale)
            print(
                f"{n:7d} {name:>7} {scale:5.0f} {r['on_screen']:6d} {r['figures_ms']:11.2f} "
                f"{r['marks_ms']:9.2f} {r['figures_ms'] / r['marks_ms']:6.2f} "
                f"{r['worst_ms']:9.2f} {r['first_ms']:11.2f} {r['first_max_ms']:7.1f} "
                f"{r['sprites']:8d}"
            )
    print("figures/marks: median ms per frame of the same frames drawn by the game and with")
    print("figures switched off; p95: the 95th percentile of the figures' frames;")
    print("first pass: mean and max ms per frame while the sprites are made (no frame budget)")


if __name__ == "__main__":
    main()
