"""Every run is recorded; a replay re-creates it exactly, and says where it does not."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from helpers import LEVEL, ROOT, record

from game.replay.read import read_replay
from game.replay.record import Recorder, make_header
from game.replay.store import new_replay_path
from game.replay.watch import ReplayRun, verify
from game.session import Session
from game.sim import orders as O


def test_record_then_verify_gives_identical_hashes(recorded):
    path, live = recorded
    replay = read_replay(path)
    assert replay.stopped is None and not replay.torn
    assert {t: r.hash for t, r in replay.hashes.items()} == live
    assert len(replay.hashes) == 13 * 2
    assert sorted(replay.keyframes) == [300, 600]
    assert len(replay.metrics) == 13
    verdict = verify(replay)
    assert verdict.ok and verdict.checked == len(live)


def test_verify_names_the_first_tick_and_the_part_that_differ(recorded, tmp_path):
    path, _ = recorded
    lines = path.read_text().splitlines()
    # the withdraw order (6 s) now asks for 1 m instead of 3: the squad ends elsewhere
    changed = [
        ln.replace('"metres":3.0', '"metres":1.0').replace('"metres":3', '"metres":1')
        if '"type":"order"' in ln and "withdraw" in ln
        else ln
        for ln in lines
    ]
    assert changed != lines
    forged = tmp_path / "forged.jsonl"
    forged.write_text("\n".join(changed) + "\n")
    verdict = verify(read_replay(forged))
    assert not verdict.ok
    assert verdict.mismatch_tick == 6 * 60 + 30  # the first hash after the order
    assert "squads" in verdict.mismatch_parts
    out = subprocess.run(
        [sys.executable, "main.py", "replay", str(forged), "--verify"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 1
    assert "MISMATCH at tick 390 (00:06.5)" in out.stdout and "squads" in out.stdout


def test_seeking_lands_on_the_state_of_playing_straight_through(recorded):
    path, live = recorded
    run = ReplayRun(read_replay(path))
    for tick in (690, 120, 600, 330, 780, 30):
        run.seek(tick)
        assert run.session.tick == tick
        assert run.session.sim.state_hash() == live[tick], tick


def test_a_replay_ends_where_f10_ended_the_run(tmp_path):
    path = tmp_path / "f10.jsonl"
    session = record(path, seconds=30, end_at=7 * 60 + 13)
    assert session.end_reason == "ended_by_trainee"
    replay = read_replay(path)
    assert replay.end is not None and replay.end.tick == 433
    assert replay.orders[-1][2] == O.EndExercise(tick=433, by="trainee")
    run = ReplayRun(replay)
    while not run.at_end:
        run.step()
    assert run.session.tick == 433
    assert run.session.end_reason == "ended_by_trainee"
    assert verify(replay).ok


def test_an_order_is_stamped_with_the_tick_the_run_accepts_it(tmp_path):
    """A confirmation dialog may hold an order a second: it applies when confirmed."""
    level_text = LEVEL.read_text()
    from game.level import load_level

    session = Session(
        load_level(LEVEL),
        recorder=Recorder(tmp_path / "r.jsonl", make_header(level_text, "x", 0, 60)),
    )
    for _ in range(90):
        session.step()
    given = O.Advance(tick=30, squad="dalmas_lanjut", metres=1)  # asked at 0.5 s
    taken = session.submit(given)  # confirmed at 1.5 s
    assert taken.tick == 90
    events = session.apply_now()
    assert [e.kind for e in events] == ["order_applied"]
    session.close()
    replay = read_replay(tmp_path / "r.jsonl")
    assert [(t, o) for t, _, o in replay.orders] == [(90, taken)]


def test_no_run_overwrites_another(tmp_path):
    header = make_header("x", "x", 0, 60)
    first = new_replay_path("kpu", "Briptu A", tmp_path)
    Recorder(first, header).close()
    second = new_replay_path("kpu", "Briptu A", tmp_path)
    assert second != first  # the same second, the same level and trainee: a new name
    with pytest.raises(FileExistsError):
        Recorder(first, header)
    assert json.loads(first.read_text().splitlines()[0])["type"] == "header"


def test_a_busy_run_is_read_back_whole(tmp_path):
    """The KPU drill throws, shouts and hurts often: every record is in tick order."""
    from helpers import LEVELS

    from game.level import load_level

    path = LEVELS / "kpu_oku_timur.toml"
    level = load_level(path)
    header = make_header(path.read_text(), path.name, level.seed, 60)
    session = Session(level, recorder=Recorder(tmp_path / "kpu.jsonl", header))
    while session.tick < 50 * 60:
        session.step()
    session.end()
    replay = read_replay(tmp_path / "kpu.jsonl")
    assert replay.stopped is None and replay.end is not None
    assert len(replay.events) > 20
    ticks = [json.loads(ln)["tick"] for ln in (tmp_path / "kpu.jsonl").read_text().splitlines()[1:]]
    assert ticks == sorted(ticks)


def test_a_ticks_events_are_written_before_the_next_ticks_records(tmp_path):
    """Whatever tick an event falls on (here: every tick), the file stays in tick order."""
    from game.level import load_level
    from game.sim.events import Event

    level = load_level(LEVEL)
    header = make_header(LEVEL.read_text(), LEVEL.name, level.seed, 60)
    session = Session(level, recorder=Recorder(tmp_path / "r.jsonl", header))
    real = session.sim.step

    def step_with_an_event():
        events = real()
        return [*events, Event(session.sim.tick - 1, "squad_in_position", {"squad": "x"})]

    session.sim.step = step_with_an_event  # type: ignore[method-assign]
    while session.tick < 95:
        session.step()
    session.end()
    replay = read_replay(tmp_path / "r.jsonl")
    assert replay.stopped is None and replay.end is not None


def test_seeking_back_to_a_keyframe_already_used_lands_on_the_same_state(tmp_path):
    """A rebuild must not change the keyframe it was made from (the viewer caches them):
    here a warning after 5 s adds to the group's flags, which the cached keyframe holds."""
    warn = {
        "type": "use_force",
        "time": 5.5,
        "squad": "dalmas_lanjut",
        "tool": "verbal",
        "at": [30, 23.5],
    }
    session = record(tmp_path / "warned.jsonl", seconds=11, extra=[warn])
    live = session.live_hashes
    replay = read_replay(tmp_path / "warned.jsonl")
    assert any(e.kind == "force_used" and e.data["tool"] == "verbal" for e in replay.events)
    run = ReplayRun(replay)
    for tick in (420, 330, 450, 330, 600, 330):
        run.seek(tick)
        assert run.session.sim.state_hash() == live[tick], tick


def test_a_replay_of_the_earlier_crowd_model_says_so(recorded, tmp_path):
    """Files recorded before the crowd model had a version ran model 1: verifying one says
    its hashes cannot match this physics, instead of only listing every part as differing."""
    path, _ = recorded
    lines = path.read_text().splitlines()
    header = json.loads(lines[0])
    assert header["crowd_model"] == "2"
    del header["crowd_model"]
    old = tmp_path / "old.jsonl"
    old.write_text("\n".join([json.dumps(header), *lines[1:]]) + "\n")
    assert read_replay(old).other_build["crowd_model"] == ("1", "2")
    out = subprocess.run(
        [sys.executable, "main.py", "replay", "--verify", str(old)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "recorded with crowd model 1, this build runs crowd model 2" in out.stdout
