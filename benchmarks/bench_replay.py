"""Replay file size and seek time for a long recorded run (issue 7's targets).

    python benchmarks/bench_replay.py [--people 1000] [--minutes 20] [--seeks 12]

Records a headless run of N agitated people pressing on a cordon that advances and withdraws
every half minute (so the crowd keeps moving), then reads the file back and seeks to random
ticks, each seek from far away (a fresh rebuild from the nearest keyframe).
Targets: a 20-minute run with 1,000 people under 5 MB; any seek under a second.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import tomli_w  # noqa: E402
from bench_tick import pressing_crowd  # noqa: E402

from game.replay.read import read_replay  # noqa: E402
from game.replay.record import Recorder, make_header  # noqa: E402
from game.replay.watch import ReplayRun  # noqa: E402
from game.session import Session  # noqa: E402
from game.session.sources import TimedOrders  # noqa: E402
from game.sim import orders as O  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=20)
    parser.add_argument("--seeks", type=int, default=12)
    args = parser.parse_args()
    ticks = round(args.minutes * 60 * 60)
    level = pressing_crowd(args.people).model_copy(update={"time_limit": args.minutes * 60 + 60})
    # the header keeps the level's text, as a level file would give it
    text = tomli_w.dumps(level.model_dump(mode="json", exclude_none=True))
    orders = []
    for k, t in enumerate(range(30 * 60, ticks, 30 * 60)):
        kind = O.Advance if k % 2 == 0 else O.Withdraw
        orders.append(kind(tick=t, squad="cordon", metres=1.5))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        header = make_header(text, "bench.toml", level.seed, 60, "bench")
        session = Session(
            level, recorder=Recorder(path, header), timed=TimedOrders.of(orders, "file")
        )
        t0 = time.perf_counter()
        while session.tick < ticks and not session.finished:
            session.step()
        session.end()
        record_s = time.perf_counter() - t0
        size = path.stat().st_size
        kinds: dict[str, int] = {}
        import json

        with path.open("rb") as f:
            for line in f:
                kind = json.loads(line)["type"]
                kinds[kind] = kinds.get(kind, 0) + len(line)
        t0 = time.perf_counter()
        replay = read_replay(path)
        read_s = time.perf_counter() - t0
        run = ReplayRun(replay)
        rng = random.Random(1)
        targets = [rng.randrange(0, run.end_tick) for _ in range(args.seeks)]
        times = []
        for i, target in enumerate(targets):
            run.seek(run.end_tick if i % 2 == 0 else 0)  # start far away
            t0 = time.perf_counter()
            run.seek(target)
            times.append(time.perf_counter() - t0)
        print(f"people {args.people}, {args.minutes:g} simulated minutes")
        print(f"recording: {record_s:.0f} s wall ({record_s / (ticks / 60):.3f} s per simulated s)")
        print(f"file: {size / 1e6:.2f} MB")
        for kind, n in sorted(kinds.items(), key=lambda kv: -kv[1]):
            print(f"  {kind:9s} {n / 1e6:6.2f} MB")
        print(f"read: {read_s:.2f} s")
        print(
            f"seek: mean {sum(times) / len(times):.3f} s, max {max(times):.3f} s over {len(times)}"
        )


if __name__ == "__main__":
    main()
