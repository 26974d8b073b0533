"""A cut-off, garbled or forged replay plays up to its last good record and says so; it
never crashes and never hangs."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest
from helpers import ROOT

from game.replay.read import ReplayError, read_replay
from game.replay.watch import ReplayRun, verify


def test_a_file_cut_anywhere_plays_up_to_its_last_whole_record(recorded, tmp_path):
    path, live = recorded
    data = path.read_bytes()
    header_end = data.index(b"\n") + 1
    rng = random.Random(7)
    cuts = sorted(rng.sample(range(header_end + 1, len(data)), 12))
    for cut in cuts:
        torn = tmp_path / f"cut{cut}.jsonl"
        torn.write_bytes(data[:cut])
        replay = read_replay(torn)
        whole = data[:cut].count(b"\n")
        if data[cut - 1 : cut] != b"\n":
            assert replay.torn and replay.stopped == f"line {whole + 1} is cut off"
        run = ReplayRun(replay)
        run.seek(10**9)  # as far as it goes, and no further
        assert run.session.tick <= replay.last_tick
        if replay.last_tick in live and replay.last_tick % 30 == 0:
            assert run.session.sim.state_hash() == live[replay.last_tick]
    # cut inside the header: nothing to play, and the message says why
    head = tmp_path / "head.jsonl"
    head.write_bytes(data[: header_end // 2])
    with pytest.raises(ReplayError, match="head.jsonl: not a replay file"):
        read_replay(head)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("[1, 2, 3]", "line 2: not a replay record (a JSON list, not an object)"),
        ("42", "line 2: not a replay record (a JSON int, not an object)"),
        ("not json at all", "line 2: not a replay record (not JSON)"),
        ('{"type": "hash", "tick": -5, "hash": "0", "parts": ""}', "line 2: bad hash record: tick"),
        ('{"type": "order", "tick": 3, "source": "trainee", "order": {"type": "fly"}}', "line 2"),
        ('{"type": "wormhole", "tick": 3}', "line 2: unknown record type 'wormhole'"),
    ],
)
def test_a_bad_record_stops_the_replay_there_with_a_message(recorded, tmp_path, bad, message):
    path, _ = recorded
    lines = path.read_text().splitlines()
    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([lines[0], bad, *lines[1:]]) + "\n")
    replay = read_replay(broken)
    assert replay.stopped is not None and replay.stopped.startswith(message)
    assert replay.last_tick == 0 and not replay.orders
    run = ReplayRun(replay)
    run.seek(600)
    assert run.session.tick == 0  # nothing past the last good record is shown


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("seed", "seven", "header seed: Input should be a valid integer"),
        ("seed", -1, "header seed: Input should be greater than or equal to 0"),
        ("seed", None, "header seed: Input should be a valid integer"),
        ("tick_rate", 30, "header tick_rate"),
        ("level_sha256", "0" * 64, "the level text does not match its sha256"),
        ("format", 9, "replay format 9 is not supported"),
    ],
)
def test_a_forged_or_broken_header_is_refused_naming_the_field(
    recorded, tmp_path, field, value, message
):
    path, _ = recorded
    lines = path.read_text().splitlines()
    head = json.loads(lines[0])
    head[field] = value
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n")
    with pytest.raises(ReplayError) as err:
        read_replay(bad)
    assert str(err.value).startswith(f"{bad}: ")
    assert message in str(err.value)


def test_a_forged_level_text_is_refused(recorded, tmp_path):
    path, _ = recorded
    lines = path.read_text().splitlines()
    head = json.loads(lines[0])
    head["level_text"] += "\n# changed"
    forged = tmp_path / "forged.jsonl"
    forged.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n")
    with pytest.raises(ReplayError, match="does not match its sha256"):
        read_replay(forged)


def test_garbage_never_crashes_or_hangs(tmp_path):
    rng = random.Random(3)
    big = tmp_path / "big.bin"
    with big.open("wb") as f:
        for _ in range(50):
            f.write(rng.randbytes(1024 * 1024))
    started = time.monotonic()
    with pytest.raises(ReplayError, match="not a replay file"):
        read_replay(big)
    assert time.monotonic() - started < 20
    for name, data in {
        "empty": b"",
        "newlines": b"\n" * 1000,
        "deep": b"[" * 100_000,
        "zeros": b"\0" * 10_000,
    }.items():
        f = tmp_path / name
        f.write_bytes(data)
        with pytest.raises(ReplayError):
            read_replay(f)


def test_a_damaged_keyframe_stops_seeking_before_it(recorded, tmp_path):
    path, live = recorded
    lines = path.read_text().splitlines()
    out = []
    for ln in lines:
        rec = json.loads(ln)
        if rec["type"] == "keyframe" and rec["tick"] == 600:
            rec["snapshot"]["columns"]["x"] = "AAAA"
        out.append(json.dumps(rec))
    bad = tmp_path / "kf.jsonl"
    bad.write_text("\n".join(out) + "\n")
    run = ReplayRun(read_replay(bad))
    run.seek(700)  # the keyframe at 600 cannot be used: it plays on from the one at 300
    assert run.session.tick == 700
    run.seek(690)
    assert run.session.sim.state_hash() == live[690]


def test_a_headless_run_killed_with_sigkill_leaves_a_replay_playable_to_its_last_second(tmp_path):
    rec = tmp_path / "killed.jsonl"
    metrics = tmp_path / "m.json"
    traj = tmp_path / "t.txt"
    proc = subprocess.Popen(
        [
            sys.executable,
            "main.py",
            "simulate",
            "levels/test/gate_cordon.toml",
            "--seconds",
            "600",
            "--record",
            str(rec),
            "--metrics",
            str(metrics),
            "--trajectories",
            str(traj),
            "--quiet",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if metrics.exists() and rec.read_bytes().count(b'"type":"keyframe"') >= 2:
                break
        time.sleep(0.7)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    replay = read_replay(rec)
    assert replay.end is None and replay.last_tick >= 600
    verdict = verify(replay)
    assert verdict.ok, verdict
    assert verdict.last_tick >= replay.last_tick - 1
    data = json.loads(metrics.read_text())  # written as it goes, atomically
    assert data["series"]["time"]
    text = traj.read_text()
    assert text.endswith("\n")
    frames = [ln.split("\t")[1] for ln in text.splitlines() if not ln.startswith("#")]
    last = frames[-1]
    assert frames.count(last) == frames.count(frames[0])  # the last frame is whole


def test_fuzzed_files_are_read_or_refused_never_raised(recorded, tmp_path):
    """Bytes flipped, lines dropped, duplicated or swapped: a message, never a traceback."""
    path, _ = recorded
    lines = path.read_bytes().split(b"\n")
    rng = random.Random(11)
    playable = []
    for k in range(300):
        mutated = list(lines)
        for _ in range(rng.randint(1, 4)):
            i = rng.randrange(len(mutated))
            how = rng.randrange(4)
            if how == 0 and mutated[i]:
                b = bytearray(mutated[i])
                b[rng.randrange(len(b))] = rng.randrange(256)
                mutated[i] = bytes(b)
            elif how == 1:
                del mutated[i]
            elif how == 2:
                mutated.insert(i, mutated[rng.randrange(len(mutated))])
            else:
                j = rng.randrange(len(mutated))
                mutated[i], mutated[j] = mutated[j], mutated[i]
        f = tmp_path / f"fuzz{k}.jsonl"
        f.write_bytes(b"\n".join(mutated))
        try:
            replay = read_replay(f)
        except ReplayError as exc:
            assert str(exc).startswith(str(f))
            continue
        playable.append(replay)
    assert playable
    for replay in playable[:: max(1, len(playable) // 4)]:
        run = ReplayRun(replay)
        run.seek(10**9)
        assert run.session.tick <= max(replay.last_tick, run.first_tick)


def test_a_forged_keyframe_that_decodes_is_not_trusted(recorded, tmp_path):
    """A keyframe whose data decodes but is not a state of this level is passed over."""
    from game.replay.read import Keyframes
    from game.sim import snapshot

    path, live = recorded
    replay = read_replay(path)
    store = Keyframes(replay.keyframes)
    before, target = store.get(300), store.get(600)
    assert before is not None and target is not None
    target.rest["gates"][0]["name"] = "no_such_gate"
    forged_kf = snapshot.encode(target, before if replay.keyframes[600]["delta"] else None)
    out = []
    for ln in path.read_text().splitlines():
        rec = json.loads(ln)
        if rec["type"] == "keyframe" and rec["tick"] == 600:
            rec["snapshot"] = forged_kf
        out.append(json.dumps(rec))
    bad = tmp_path / "forged_kf.jsonl"
    bad.write_text("\n".join(out) + "\n")
    run = ReplayRun(read_replay(bad))
    run.seek(690)  # from the keyframe at 300, past the forged one
    assert run.session.tick == 690
    run.seek(100)
    while run.session.tick < 630:  # playing through it: it carries on from its own rebuild
        run.step()
    assert run.session.sim.state_hash() == live[630]
