"""Command line: `simulate` runs a level headless, `validate` checks level files, `preview`
draws one to a PNG, `replay` watches or verifies a replay, `debrief` writes a run's
after-action report, `edit` opens the level editor.

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
    sim.add_argument("--record", type=Path, help="record the run as a replay file (a new file)")
    rep = sub.add_parser("replay", help="watch a replay, or --verify it headless")
    rep.add_argument("file", type=Path, help="a replay file (.jsonl)")
    rep.add_argument(
        "--verify", action="store_true", help="re-simulate and check every stored hash"
    )
    deb = sub.add_parser("debrief", help="write a run's after-action report (HTML)")
    deb.add_argument("file", type=Path, help="a replay file (.jsonl)")
    deb.add_argument("--out", type=Path, default=Path("."), help="folder for the report")
    deb.add_argument("--lang", choices=("id", "en"), default="id", help="report language")
    ply = sub.add_parser("play", help="open the trainer (the default); optionally at a level")
    ply.add_argument("level", nargs="?", type=Path, help="go straight to this level's briefing")
    pre = sub.add_parser("preview", help="draw a level's plan to a PNG, to check it")
    pre.add_argument("level", type=Path, help="a level file, e.g. levels/kpu_oku_timur.toml")
    pre.add_argument("--out", type=Path, required=True, help="the PNG to write (FILE.png)")
    pre.add_argument("--lang", choices=("id", "en"), default="id", help="legend language")
    edi = sub.add_parser("edit", help="open the level editor; optionally at a level file")
    edi.add_argument(
        "level", nargs="?", type=Path, help="a level file to edit (a new one is saved there)"
    )
    val = sub.add_parser("validate", help="check level files; exit 0 only if all are valid")
    val.add_argument("paths", nargs="+", type=Path, help="level files or folders of them")
    args = parser.parse_args(argv)

    if args.command == "validate":
        return validate(args.paths)
    if args.command == "simulate":
        return simulate(args)
    if args.command == "replay" and args.verify:
        return verify_replay(args.file)
    if args.command == "debrief":
        return debrief(args.file, args.out, args.lang)
    if args.command == "preview":
        return preview(args.level, args.out, args.lang)
    if args.command == "edit":
        return edit(args.level)
    if args.command == "replay":
        from game.ui.app import watch

        if not args.file.exists():
            print(f"{args.file}: no such file", file=sys.stderr)
            return EXIT_BAD_INPUT
        return watch(args.file)
    from game.ui.app import play

    level = getattr(args, "level", None)
    if level is not None and not level.exists():
        print(f"{level}: no such file", file=sys.stderr)
        print(_level_suggestion(level), file=sys.stderr)
        return EXIT_BAD_INPUT
    return play(str(level) if level else None)


def edit(level: Path | None) -> int:
    """`edit [FILE]`: the level editor; a FILE not there yet is a new level saved there."""
    if level is not None and level.suffix.lower() != ".toml":
        print(f"{level}: a level file ends in .toml", file=sys.stderr)
        return EXIT_BAD_INPUT
    if level is not None and level.exists() and not level.is_file():
        print(f"{level}: not a file", file=sys.stderr)
        return EXIT_BAD_INPUT
    from game.ui.scenes.editor import run_editor

    return run_editor(level)


def validate(paths: list[Path]) -> int:
    """Level files are loaded; a campaign list (campaign.toml) is checked as a campaign."""
    files: list[Path] = []
    for p in paths:
        if p.is_dir():  # every level in the folder, and its campaign list
            files += sorted(p.rglob("*.toml"))
        else:
            files.append(p)
    if not files:
        print("no level files found", file=sys.stderr)
        return EXIT_BAD_INPUT
    bad = 0
    for f in files:
        if f.name == CAMPAIGN_NAME:
            bad += not _validate_campaign(f)
            continue
        try:
            level = load_level(f)
        except LevelError as exc:
            bad += 1
            print(exc, file=sys.stderr)
        else:
            print(f"ok: {f} ({level.id})")
    print(f"{len(files) - bad} valid, {bad} invalid", file=sys.stderr if bad else sys.stdout)
    return 1 if bad else 0


def _validate_campaign(path: Path) -> bool:
    """The campaign's own problems: its entries, their paths and ids (each level file it
    names is reported as a level)."""
    from game.ui.campaign import load_campaign

    campaign = load_campaign(path)
    own = [e for e in campaign.errors if e.source == str(path)]
    for exc in own:
        print(exc, file=sys.stderr)
    if not own:
        print(f"ok: {path} (campaign of {len(campaign.entries)} levels)")
    return not own


def simulate(args: argparse.Namespace) -> int:
    from game.analysis.metrics import MetricsRecorder
    from game.analysis.trajectories import TrajectoryWriter
    from game.replay.record import Recorder, make_header
    from game.session import Session
    from game.session.sources import TimedOrders
    from game.sim.constants import TICK_RATE
    from game.sim.orders import OrderFormatError, parse_orders

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

    seed = level.seed if args.seed is None else args.seed
    recorder = None
    if args.record is not None:
        try:
            header = make_header(
                args.level.read_text(encoding="utf-8"), args.level.name, seed, TICK_RATE
            )
            recorder = Recorder(args.record, header)
        except FileExistsError:
            print(f"{args.record}: already exists; a replay is never overwritten", file=sys.stderr)
            return EXIT_BAD_INPUT
        except OSError as exc:
            print(f"{args.record}: cannot write the replay: {exc.strerror}", file=sys.stderr)
            return EXIT_BAD_INPUT
    session = Session(level, seed=seed, recorder=recorder, timed=TimedOrders.of(orders, "file"))
    sim = session.sim
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
    last_report = last_metrics = started
    progress = not args.quiet and ticks >= 10 * TICK_RATE
    while session.tick < ticks and not session.finished:
        events = session.step()
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
        if metrics and (now - last_metrics > 3 or sim.tick == TICK_RATE):
            last_metrics = now  # a run killed now still leaves its metrics so far
            if not _write_metrics(args.metrics, metrics.result(sim)):
                return EXIT_BAD_INPUT
        if progress and (now - last_report > 2 or sim.tick == ticks):
            last_report = now
            done = sim.tick / ticks
            print(
                f"  {done:4.0%}  t={_clock(sim.time)}  people={len(sim.crowd_slots())}"
                f"  ({now - started:.0f} s)",
                file=sys.stderr,
            )
    if session.finished:
        print(f"[{_clock(sim.time)}] exercise over: {session.end_reason}")
        card = session.card()
    else:  # stopped by --seconds: judge the objectives still open, as the end would
        final = sim.finish()
        session.close()
        if metrics:
            metrics.observe_final(final)
        if not args.quiet:
            for e in final:
                if e.kind != "scored":
                    print(f"[{_clock(sim.time)}] {_describe(e)}")
        card = _card(session.scored + [e for e in final if e.kind == "scored"])
    print(f"score: outcome {card.outcome:g}/100, proportionality {card.proportionality:g}/100")
    from game.session.end import passed

    verdict = "passed" if passed(sim.objectives, sim.script.result) else "failed"
    shown = ", ".join(o for o in sim.objectives if o != "inactive") or "none"
    print(f"level: {verdict} (objectives: {shown})")
    if traj_file:
        traj_file.close()
    if metrics and not _write_metrics(args.metrics, metrics.result(sim)):
        return EXIT_BAD_INPUT
    if recorder is not None:
        print(f"replay: {args.record}")
    print(f"state-hash: {sim.state_hash()}")
    return 0


def _card(scored):
    from game.sim.scoring import score_card

    return score_card(scored)


def _write_metrics(path: Path, data: dict) -> bool:
    """Atomically: a reader (or a kill) never sees half a file."""
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        print(f"{path}: cannot write metrics: {exc}", file=sys.stderr)
        return False
    return True


def verify_replay(path: Path) -> int:
    """Exit 0 when every hash the file holds matches, 1 on a mismatch, 2 if unreadable."""
    from game.replay.read import ReplayError, read_replay
    from game.replay.watch import verify

    try:
        replay = read_replay(path)
    except ReplayError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    other = replay.other_build
    if other:
        what = ", ".join(f"{k} {then} (here {now})" for k, (then, now) in sorted(other.items()))
        print(f"{path}: recorded by another build: {what}; hashes may differ")
        if "crowd_model" in other:
            then, now = other["crowd_model"]
            print(
                f"{path}: recorded with crowd model {then}, this build runs crowd model {now} "
                "(docs/crowd-model.md): its hashes cannot match; it still replays and "
                "debriefs from what it recorded"
            )
    if replay.stopped:
        print(
            f"{path}: the file stops at {_clock(replay.last_tick / 60)} ({replay.stopped}); "
            "checking what it holds"
        )
    verdict = verify(replay)
    if verdict.mismatch_tick is not None:
        parts = ", ".join(verdict.mismatch_parts) or "unknown"
        print(
            f"{path}: MISMATCH at tick {verdict.mismatch_tick} "
            f"({_clock(verdict.mismatch_tick / 60)}): differs in {parts}"
        )
        return 1
    if verdict.checked != verdict.recorded:
        print(f"{path}: only {verdict.checked} of {verdict.recorded} hashes could be checked")
        return 1
    end = f"ends {replay.end.reason}" if replay.end else "has no end record"
    print(
        f"{path}: ok, {verdict.checked} hashes match up to {_clock(verdict.last_tick / 60)} "
        f"(the run {end})"
    )
    return 0


def preview(path: Path, out: Path, language: str) -> int:
    """Draw the level to `out`; a folder it names that does not exist yet is made."""
    try:
        level = load_level(path)
    except LevelError as exc:
        print(exc, file=sys.stderr)
        if not path.exists():
            print(_level_suggestion(path), file=sys.stderr)
        return EXIT_BAD_INPUT
    if out.is_dir():
        out = out / f"{path.stem}.png"
    if out.suffix.lower() != ".png":
        print(f"{out}: --out must name a .png file (or a folder)", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        in_way = next(p for p in (out.parent, *out.parent.parents) if p.exists())
        print(f"{in_way}: is a file, not a folder; cannot write {out}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"{out.parent}: cannot make the folder: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from game.level_preview import write_preview

    try:
        write_preview(level, out, language, str(path))
    except OSError as exc:
        print(f"{out}: cannot write the preview: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"preview: {out}")
    return 0


def debrief(path: Path, out: Path, language: str) -> int:
    from game.debrief.build import write_from_replay
    from game.replay.read import ReplayError, read_replay

    try:
        replay = read_replay(path)
    except ReplayError as exc:
        print(exc, file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        written = write_from_replay(replay, out, language)
    except OSError as exc:
        print(f"{out}: cannot write the report: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if replay.stopped:
        print(f"{path}: the file stops early ({replay.stopped}); the report covers what it holds")
    print(f"report: {written}")
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
    if e.kind == "order_failed":
        from game.sim.refusals import FAILURES

        return f"order failed ({d['order']} for {d['squad']}): " + FAILURES[d["code"]].format(
            **d["params"]
        )
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
    if e.kind == "exercise_ended":
        return f"exercise ended by the {d['by']}"
    if e.kind.startswith("objective_"):
        return f"objective {d['type']}: {e.kind.removeprefix('objective_')}"
    return f"{e.kind} {json.dumps(d)}"
