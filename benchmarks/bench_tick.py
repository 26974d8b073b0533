"""Milliseconds per tick for N people pressing on a police cordon, beside pymunk's bare step.

    python benchmarks/bench_tick.py [--sizes 500 1000 2000 4000] [--ticks 300]
    python benchmarks/bench_tick.py --against ../old-checkout [--sizes 1000 2000 4000]

--against runs the same scenario in this checkout and another one alternately, each in a
fresh process, and reports CPU ms per tick and the ratio (a change must not make the tick
more than 10 % slower: issue 11). CPU time and alternation keep a shared machine's noise out.

Targets (issue 2): the whole tick within 1.5x the bare space.step of the same bodies;
2000 people <= 6 ms and 4000 <= 14 ms per tick on one core of a 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from game.level.schema import Level  # noqa: E402
from game.sim import Simulation  # noqa: E402
from game.sim.constants import DT  # noqa: E402


def pressing_crowd(n: int) -> Level:
    """A street closed by a two-rank shield cordon; n agitated people push against it."""
    width = 30.0
    depth = max(10.0, n / (2.0 * width))  # start at about 2 persons/m²
    height = depth + 20
    officers = 2 * int((width - 0.8) / 0.62)
    return Level.model_validate(
        {
            "id": f"bench_{n}",
            "title": {"id": "Tolok ukur", "en": "Benchmark"},
            "seed": 1,
            "map": {"width": width + 4, "height": height},
            "walls": [
                {"name": "west", "points": [[2, 0], [2, height]]},
                {"name": "east", "points": [[width + 2, 0], [width + 2, height]]},
            ],
            "zones": [
                {"name": "crowd", "kind": "spawn", "rect": [2.2, 1, width - 0.4, depth]},
                {"name": "behind", "kind": "goal", "rect": [2.2, height - 4, width - 0.4, 3]},
            ],
            "crowd": [
                {
                    "name": "massa",
                    "count": n,
                    "spawn": "crowd",
                    "goal": "behind",
                    "agitation": 0.8,
                    "speed": {"mean": 1.5, "sd": 0.2},
                },
            ],
            "squads": [
                {
                    "name": "cordon",
                    "kind": "dalmas_lanjut",
                    "officers": officers,
                    "formation": {
                        "type": "line",
                        # clear of the walls by a shield's width, as validate asks
                        "a": [2.7, depth + 3],
                        "b": [width + 1.3, depth + 3],
                        "ranks": 2,
                        "face": [width / 2, 0],
                    },
                },
            ],
        }
    )


def measure(n: int, ticks: int, warmup: int) -> dict[str, float]:
    sim = Simulation(pressing_crowd(n))
    for _ in range(warmup):
        sim.step()
    t0 = time.perf_counter()
    for _ in range(ticks):
        sim.step()
    tick_ms = (time.perf_counter() - t0) / ticks * 1000
    # The bare step: the same bodies, still loaded with the forces of the last tick, so the
    # contacts stay as hard-pressed as in the measured ticks. Only space.step is timed.
    captured = []
    write = sim.bodies.write_forces
    sim.bodies.write_forces = lambda force: (captured.append(force), write(force))[1]  # type: ignore[method-assign]
    sim.step()
    force = captured[-1]
    bare = 0.0
    for _ in range(ticks):
        write(force)
        t0 = time.perf_counter()
        sim.space.step(DT)
        bare += time.perf_counter() - t0
    bare_ms = bare / ticks * 1000
    return {"people": n, "tick_ms": tick_ms, "bare_step_ms": bare_ms, "ratio": tick_ms / bare_ms}


_WORKER = """
import importlib.util, sys, time
sys.path.insert(0, '.')
spec = importlib.util.spec_from_file_location('bench', sys.argv[1])
bench = importlib.util.module_from_spec(spec); spec.loader.exec_module(bench)
from game.sim import Simulation
sim = Simulation(bench.pressing_crowd(int(sys.argv[2])))
for _ in range(int(sys.argv[3])):
    sim.step()
best = float('inf')
for _ in range(3):
    t0 = time.process_time()
    for _ in range(100):
        sim.step()
    best = min(best, (time.process_time() - t0) / 100 * 1000)
print(best)
"""


def cpu_ms(tree: Path, n: int, warmup: int) -> float:
    """Best CPU ms per tick over three windows of 100 ticks, in `tree`'s code, this file's
    scenario (so both checkouts run the same crowd)."""
    import subprocess

    out = subprocess.run(
        [sys.executable, "-c", _WORKER, str(Path(__file__).resolve()), str(n), str(warmup)],
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.split()[-1])


def against(other: Path, sizes: list[int], warmup: int, rounds: int = 3) -> None:
    here = Path(__file__).resolve().parent.parent
    print(f"{'people':>7} {'round':>5} {'other ms':>9} {'this ms':>8} {'ratio':>6}")
    for n in sizes:
        for r in range(rounds):
            old = cpu_ms(other, n, warmup)
            new = cpu_ms(here, n, warmup)
            print(f"{n:7d} {r + 1:5d} {old:9.2f} {new:8.2f} {new / old:6.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 4000])
    parser.add_argument("--ticks", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=240, help="ticks to let the crowd press")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--against", type=Path, help="another checkout to compare with")
    args = parser.parse_args()
    if args.against:
        against(args.against, args.sizes, args.warmup)
        return
    with contextlib.suppress(AttributeError, OSError):  # one core, as the target says
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rows = []
    print(f"{'people':>7} {'tick ms':>8} {'bare step ms':>13} {'ratio':>6}")
    for n in args.sizes:
        r = measure(n, args.ticks, args.warmup)
        rows.append(r)
        print(f"{n:7d} {r['tick_ms']:8.2f} {r['bare_step_ms']:13.2f} {r['ratio']:6.2f}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
