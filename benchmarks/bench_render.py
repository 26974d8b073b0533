"""Milliseconds per frame to draw N people pressing on a cordon, on an off-screen 1280x720.

    python benchmarks/bench_render.py [--sizes 500 1000 2000] [--frames 200]

The level is bench_tick.py's `pressing_crowd(n)` with a road, pavements and a building added
so the ground is textured as in a real level. The simulation runs a few seconds so the crowd
presses and spreads, one FrameView is captured, and `WorldRenderer.draw` is timed over
`--frames` frames: still (the ground tiles cached), panning one pixel a frame (tiles blitted at
a new offset), and drawing while the simulation steps (a tick, a capture and a draw per frame).
Target (issue 3): 1000 people <= 6 ms per frame at 1280x720 on a 2-core machine.
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

import pygame  # noqa: E402
from bench_tick import pressing_crowd  # noqa: E402

from game.level.schema import Level  # noqa: E402
from game.sim import Simulation  # noqa: E402
from game.ui.camera import Camera  # noqa: E402
from game.ui.render import WorldRenderer  # noqa: E402
from game.ui.view import FrameView  # noqa: E402

SIZE = (1280, 720)


def street_level(n: int) -> Level:
    """pressing_crowd(n) dressed as a street: road, pavements, a courtyard and an office."""
    base = pressing_crowd(n)
    w, h = base.map.width, base.map.height
    cordon_y = base.squads[0].formation.a[1]
    data = base.model_dump()
    data["ground"] = [
        {"kind": "pavement", "rect": [0, 0, 2, h]},
        {"kind": "pavement", "rect": [w - 2, 0, 2, h]},
        {"kind": "road", "rect": [2, 0, w - 4, cordon_y - 1]},
        {"kind": "courtyard", "rect": [2, cordon_y - 1, w - 4, h - cordon_y + 1]},
        {"kind": "grass", "rect": [2.5, h - 6, 8, 5]},
    ]
    data["buildings"] = [
        {
            "name": "kantor",
            "polygon": [
                [w / 2 - 6, h - 8],
                [w / 2 + 6, h - 8],
                [w / 2 + 6, h - 5],
                [w / 2 - 6, h - 5],
            ],
            "label": {"id": "Kantor KPU", "en": "KPU office"},
        }
    ]
    return Level.model_validate(data)


def time_frames(draw, frames: int) -> float:
    draw()  # warm caches
    t0 = time.perf_counter()
    for _ in range(frames):
        draw()
    return (time.perf_counter() - t0) / frames * 1000


def measure(n: int, frames: int, settle: float) -> dict[str, float]:
    level = street_level(n)
    sim = Simulation(level)
    for _ in range(round(settle * 60)):
        sim.step()
    view = FrameView.capture(sim)
    renderer = WorldRenderer(level)
    surface = pygame.Surface(SIZE)
    camera = Camera((0, 0, *SIZE), (level.map.width, level.map.height))
    camera.fit()
    # the crowd fills the screen: zoom to its rows and the cordon
    crowd = view.pos[view.kind == 0]
    lo, hi = crowd.min(axis=0), crowd.max(axis=0)
    camera.scale = min(SIZE[0] / (hi[0] - lo[0] + 4), SIZE[1] / (hi[1] - lo[1] + 8))
    camera.look_at((lo + hi) / 2 + (0, 2))
    on_screen = int(camera.visible(view.pos, margin=0).sum())

    def still():
        renderer.draw(surface, camera, view, selected={0})

    still_ms = time_frames(still, frames)
    centre = camera.centre.copy()
    step = [1.0]

    def panning():
        if abs(camera.centre[0] - centre[0]) * camera.scale > 40:
            step[0] = -step[0]
        camera.pan_pixels(step[0], 0.5 * step[0])
        renderer.draw(surface, camera, view, selected={0})

    pan_ms = time_frames(panning, frames)
    camera.look_at(centre)
    t_zoom = time.perf_counter()
    camera.scale *= 1.1
    still()
    zoom_ms = (time.perf_counter() - t_zoom) * 1000
    renderer.tile_budget_ms = 8.0  # zoom again: new tiles spread over frames
    for _ in range(2):  # the first builds the stand-in image once per renderer
        camera.scale *= 1.1
        t_zoom = time.perf_counter()
        still()
        zoom_budget_ms = (time.perf_counter() - t_zoom) * 1000
    renderer.tile_budget_ms = None
    camera.scale /= 1.1**3

    tick_total = draw_total = 0.0
    for _ in range(frames):
        t0 = time.perf_counter()
        sim.step()
        t1 = time.perf_counter()
        renderer.draw(surface, camera, FrameView.capture(sim), selected={0})
        t2 = time.perf_counter()
        tick_total += t1 - t0
        draw_total += t2 - t1
    return {
        "people": n,
        "on_screen": on_screen,
        "scale": camera.scale,
        "still_ms": still_ms,
        "pan_ms": pan_ms,
        "zoom_ms": zoom_ms,
        "zoom_budget_ms": zoom_budget_ms,
        "tick_ms": tick_total / frames * 1000,
        "capture_draw_ms": draw_total / frames * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000])
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--settle", type=float, default=4.0, help="seconds simulated first")
    args = parser.parse_args()
    pygame.init()
    print(
        f"{'people':>7} {'shown':>6} {'px/m':>5} {'still ms':>9} {'pan ms':>7} "
        f"{'zoom ms':>8} {'budgeted':>9} {'tick ms':>8} {'capture+draw':>13} {'tick+draw':>10}"
    )
    for n in args.sizes:
        r = measure(n, args.frames, args.settle)
        both = r["tick_ms"] + r["capture_draw_ms"]
        print(
            f"{n:7d} {r['on_screen']:6d} {r['scale']:5.1f} {r['still_ms']:9.2f} "
            f"{r['pan_ms']:7.2f} {r['zoom_ms']:8.1f} {r['zoom_budget_ms']:9.1f} "
            f"{r['tick_ms']:8.2f} {r['capture_draw_ms']:13.2f} {both:10.2f}"
        )
    print("zoom ms: the first frame after a 10 % zoom, which renders the ground tiles anew;")
    print("budgeted: the same with tile_budget_ms = 8 (stand-ins for the tiles not yet rendered)")


if __name__ == "__main__":
    main()
