"""Command line: `simulate` runs a level headless, `validate` checks level files.

Every failure a user can cause (a typo in a level, a broken orders file, a missing path)
ends with a message naming the file and the field, and a non-zero exit: never a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from pathlib import Path

from game.level import LevelError, load_level

LEVELS = Path(__file__).resolve().parent.parent / "levels"
DEFAULT_LEVEL = LEVELS / "kpu_oku_timur.toml"
CAMPAIGN_NAME = "campaign.toml"
EXIT_BAD_INPUT = 2
# too many to print one by one; they are in the metrics file
QUIET_EVENTS = {"agent_exited", "scored", "objects_thrown", "officers_hit"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="main.py", description="Sispamkota Trainer: public-order policing simulator"
    )
    sub = parser.add_subparsers(dest="command")
    sim = sub.add_parser("simulate", help="run a level without a window")
    sim.add_argument("level", type=Path, help="a level file, e.g. levels/kpu_oku_timur.toml")
    sim.add_argument("--seconds", type=float, default=120.0, help="simulated time (default 120)")
    sim.add_argument("--seed", type=int, default=None, help="override the level's seed")
    sim.add_argument("--orders", type=Path, help="JSON list of timed orders to give")
    sim.add_argument("--metrics", type=Path, help="write per-second metrics to this JSON file")
    sim.add_argument(
        "--trajectories", type=Path, help="write trajectories (PedPy text format) here"
    )
    sim.add_argument("--fps", type=int, default=10, help="trajectory frames per second")
    sim.add_argument("--quiet", action="store_true", help="no progress or event lines")
    sim.add_argument(
        "--hashes", action="store_true", help="print the state hash after every simulated second"
    )
    ply = sub.add_parser("play", help="open the trainer (the default); optionally at a level")
    ply.add_argument("level", nargs="?", type=Path, help="go straight to this level's briefing")
    val = sub.add_parser("validate", help="check level files; exit 0 only if all are valid")
    val.add_argument("paths", nargs="+", type=Path, help="level files or folders of them")
    args = parser.parse_args(argv)

    if args.command == "validate":
        return validate(args.paths)
    if args.command == "simulate":
        return simulate(args)
    from game.ui.app import play

    level = getattr(args, "level", None)
    if level is not None and not level.exists():
        print(f"{level}: no such file", file=sys.stderr)
        print(_level_suggestion(level), file=sys.stderr)
        return EXIT_BAD_INPUT
    return play(str(level) if level else None)


def validate(paths: list[Path]) -> int:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():  # every level in the folder; the campaign list is not a level
            files += sorted(f for f in p.rglob("*.toml") if f.name != CAMPAIGN_NAME)
        else:
            files.append(p)
    if not files:
        print("no level files found", file=sys.stderr)
        return EXIT_BAD_INPUT
    bad = 0
    for f in files:
        try:
            level = load_level(f)
        except LevelError as exc:
            bad += 1
            print(exc, file=sys.stderr)
        else:
            print(f"ok: {f} ({level.id})")
    print(f"{len(files) - bad} valid, {bad} invalid", file=sys.stderr if bad else sys.stdout)
    return 1 if bad else 0


def simulate(args: argparse.Namespace) -> int:
    from game.analysis.metrics import MetricsRecorder
    from game.analysis.trajectories import TrajectoryWriter
    from game.sim import Simulation
    from game.sim.constants import TICK_RATE
    from game.sim.orders import OrderFormatError, parse_orders
    from game.sim.scoring import score_card

    try:
        level = load_level(args.level)
    except LevelError as exc:
        print(exc, file=sys.stderr)
        if not args.level.exists():
            print(_level_suggestion(args.level), file=sys.stderr)
        return EXIT_BAD_INPUT
    if not 0 < args.seconds <= 24 * 3600:
        print(f"--seconds must be between 0 and 86400, not {args.seconds:g}", file=sys.stderr)
        return EXIT_BAD_INPUT
    orders = []
    if args.orders is not None:
        try:
            text = args.orders.read_text(encoding="utf-8")
            orders = parse_orders(text, str(args.orders), TICK_RATE)
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{args.orders}: cannot read orders file: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except OrderFormatError as exc:
            print(exc, file=sys.stderr)
            return EXIT_BAD_INPUT

    sim = Simulation(level, seed=args.seed)
    for order in orders:
        sim.submit(order)
    metrics = MetricsRecorder(sim) if args.metrics else None
    traj_file = None
    writer = None
    try:
        if args.trajectories:
            traj_file = args.trajectories.open("w", encoding="utf-8")
            writer = TrajectoryWriter(traj_file, sim, args.fps)
            writer.observe(sim)
    except (OSError, ValueError) as exc:
        print(f"{args.trajectories}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT

    ticks = round(args.seconds * TICK_RATE)
    started = time.monotonic()
    last_report = started
    progress = not args.quiet and ticks >= 10 * TICK_RATE
    scored = []
    for _ in range(ticks):
        events = sim.step()
        scored.extend(e for e in events if e.kind == "scored")
        if metrics:
            metrics.observe(sim, events)
        if writer:
            writer.observe(sim)
        if args.hashes and sim.tick % TICK_RATE == 0:
            print(f"hash {_clock(sim.time)} {sim.state_hash()}")
        if not args.quiet:
            for e in events:
                if e.kind not in QUIET_EVENTS:
                    print(f"[{_clock(e.tick / TICK_RATE)}] {_describe(e)}")
        now = time.monotonic()
        if progress and (now - last_report > 2 or sim.tick == ticks):
            last_report = now
            done = sim.tick / ticks
            print(
                f"  {done:4.0%}  t={_clock(sim.time)}  people={len(sim.crowd_slots())}"
                f"  ({now - started:.0f} s)",
                file=sys.stderr,
            )
    final = sim.finish()
    if metrics:
        metrics.observe_final(final)
    scored.extend(e for e in final if e.kind == "scored")
    if not args.quiet:
        for e in final:
            if e.kind != "scored":
                print(f"[{_clock(sim.time)}] {_describe(e)}")
    card = score_card(scored)
    print(f"score: outcome {card.outcome:g}/100, proportionality {card.proportionality:g}/100")
    if traj_file:
        traj_file.close()
    if metrics and args.metrics:
        try:
            args.metrics.write_text(json.dumps(metrics.result(sim), indent=1), encoding="utf-8")
        except OSError as exc:
            print(f"{args.metrics}: cannot write metrics: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
    print(f"state-hash: {sim.state_hash()}")
    return 0


def _level_suggestion(missing: Path) -> str:
    known = sorted(
        str(p.relative_to(Path.cwd())) if p.is_relative_to(Path.cwd()) else str(p)
        for p in DEFAULT_LEVEL.parent.rglob("*.toml")
    )
    close = difflib.get_close_matches(str(missing), known, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]}?"
    return "levels: " + ", ".join(known)


def _clock(seconds: float) -> str:
    m, s = divmod(seconds, 60)
    return f"{int(m):02d}:{s:04.1f}"


def _describe(e) -> str:
    d = e.data
    if e.kind == "order_refused":
        return f"order refused ({d['order']['type']} for {d['order'].get('squad')}): {d['reason']}"
    if e.kind == "order_applied":
        return f"order: {d['order']['type']} for {d['order'].get('squad')}"
    if e.kind == "gate_broken":
        return f"gate {d['gate']} broken (load {d['load'] / 1000:.1f} kN)"
    if e.kind == "squad_in_position":
        return f"squad {d['squad']} in position"
    if e.kind == "situation":
        return f"situation {d['was']} -> {d['colour']}"
    if e.kind == "negotiation":
        return f'{d["squad"]} {d["move"]}: {d["outcome"]} - korlap: "{d["reply"]["en"]}"'
    if e.kind == "force_used":
        return (
            f"{d['squad']} used {d['tool']} (stage {d['stage']}) on {d['targets']} "
            f"({d['top_behaviour']}; allowed up to stage {d['allowed_stage']})"
        )
    if e.kind == "injured":
        who = "officer" if d["officer"] else "person"
        return f"{who} #{d['agent']} injured ({d['cause']})"
    if e.kind.startswith("objective_"):
        return f"objective {d['type']}: {e.kind.removeprefix('objective_')}"
    return f"{e.kind} {json.dumps(d)}"
