"""Take over from here: a new run from exactly the replay's state, recorded with its parent."""

from __future__ import annotations

from game.replay.read import read_replay
from game.replay.takeover import take_over
from game.replay.watch import ReplayRun, verify
from game.sim import orders as O


def test_take_over_starts_from_the_parents_state_and_records_a_valid_replay(recorded, tmp_path):
    path, live = recorded
    run = ReplayRun(read_replay(path))
    run.seek(420)  # between keyframes, mid-run
    assert run.session.sim.state_hash() == live[420]
    child = take_over(run, "Bripda B", tmp_path)
    assert child.tick == 420
    assert child.sim.state_hash() == live[420]  # the first state equals the parent's
    child.submit(O.Withdraw(tick=0, squad="dalmas_lanjut", metres=1))  # something else
    hashes = {}
    while child.tick < 720:
        child.step()
        if child.tick % 30 == 0:
            hashes[child.tick] = child.sim.state_hash()
    child.end()
    assert child.recorder is not None
    replay = read_replay(child.recorder.path)
    assert replay.header.parent is not None
    assert replay.header.parent.file == path.name and replay.header.parent.tick == 420
    assert replay.header.trainee == "Bripda B"
    assert min(replay.keyframes) == 420
    assert hashes[720] != live[720]  # it really went another way
    watch = ReplayRun(replay)
    assert watch.session.tick == 420
    assert watch.session.sim.state_hash() == live[420]
    watch.seek(690)
    assert watch.session.sim.state_hash() == hashes[690]
    verdict = verify(replay)
    assert verdict.ok and verdict.checked == len(hashes)
