"""Provocateurs are found, not guessed: Sat Intelkam watching the crowd tags those it sees
inciting or throwing, makes the mistakes the level allows, sees no farther than its range,
and a tag is a suspicion that never turns a wrong arrest into a right one."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from helpers import level, level_text, run

from game.replay.read import read_replay
from game.replay.record import Recorder, make_header
from game.replay.watch import verify
from game.session import Session
from game.session.sources import TimedOrders
from game.sim import Simulation, intel, parse_orders
from game.sim import orders as O
from game.sim.slots import PROVOKATOR

BASE = level("aksi_damai.toml")
# the infiltrators come in at once (an instructor's inject) at the east end of the road,
# where the Sat Intelkam squad stands (72, 14)
SPAWN = O.Inject(tick=1, action={"type": "spawn_group", "group": "penyusup"})
SECONDS = 8.0  # enough to watch three men inciting for three seconds


def _level(error: float | None = 0.0, intel_at=None, reskrim_at=None):
    squads = []
    for q in BASE.squads:
        if q.kind == "intel":
            update: dict = {"intel_error": error}
            if intel_at is not None:
                update["formation"] = q.formation.model_copy(update={"at": intel_at})
            q = q.model_copy(update=update)
        if q.kind == "reskrim" and reskrim_at is not None:
            q = q.model_copy(
                update={"formation": q.formation.model_copy(update={"at": reskrim_at})}
            )
        squads.append(q)
    return BASE.model_copy(update={"squads": squads})


def _watch(lv, seconds: float = SECONDS, at=None) -> tuple[Simulation, list]:
    sim = Simulation(lv)
    sim.submit(SPAWN)
    sim.submit(O.Observe(tick=1, squad="intelkam", at=at))
    return sim, run(sim, seconds)


def _tagged(events) -> list[dict]:
    return [e.data | {"tick": e.tick} for e in events if e.kind == "suspect_tagged"]


def test_an_observing_squad_tags_the_active_provocateurs_and_nobody_else_when_it_errs_never():
    sim, events = _watch(_level(0.0))
    tags = _tagged(events)
    assert tags, "nobody was tagged"
    assert all(t["squad"] == "intelkam" for t in tags)
    s = sim.slots
    assert all(s.role[t["agent"]] == PROVOKATOR for t in tags)
    assert all(t["tick"] <= SECONDS * 60 for t in tags)
    # the calm (everyone who is no provocateur) are never tagged
    assert set(sim.intel.tags) == {t["agent"] for t in tags}
    assert all(s.role[k] == PROVOKATOR for k in sim.intel.tags)


def test_a_squad_that_always_errs_tags_a_bystander_beside_the_real_one():
    sim, events = _watch(_level(1.0))
    tags = _tagged(events)
    assert tags
    wrong = [t["agent"] for t in tags if sim.slots.role[t["agent"]] != PROVOKATOR]
    assert wrong, "every tag fell on a real provocateur"
    assert all(not t["provocateur"] for t in tags if t["agent"] in wrong)


def test_nothing_is_tagged_beyond_the_range_and_it_is_once_the_squad_comes_close():
    far = _level(0.0, intel_at=(30.0, 8.0))  # on the road, 50 m west of the infiltrators
    sim, events = _watch(far)
    assert not _tagged(events)
    pos, _ = sim.positions()
    provok = np.flatnonzero(sim.free_crowd_mask() & (sim.slots.view("role") == PROVOKATOR))
    watchers = sim.squad("intelkam").members
    gap = np.hypot(*(pos[provok][:, None, :] - pos[watchers][None, :, :]).transpose(2, 0, 1))
    assert gap.min() > intel.OBSERVE_RANGE
    assert sim.slots.active[provok].any()  # they were inciting all along, out of sight
    # ordered to observe near them, the squad walks over and tags them
    sim.submit(O.Observe(tick=sim.tick, squad="intelkam", at=(78.0, 10.0)))
    assert _tagged(run(sim, 40.0))


def test_any_other_order_ends_the_watch():
    sim = Simulation(_level(0.0))
    sim.submit(O.Observe(tick=0, squad="intelkam"))
    run(sim, 0.1)
    assert sim.intel.watching == ["intelkam"]
    sim.submit(O.Hold(tick=sim.tick, squad="intelkam"))
    run(sim, 0.1)
    assert sim.intel.watching == []


def test_the_same_seed_gives_the_same_tags():
    lv = _level(0.5)
    a, ea = _watch(lv)
    b, eb = _watch(lv)
    assert _tagged(ea) == _tagged(eb) and _tagged(ea)
    assert a.intel.tags == b.intel.tags
    assert a.state_hash() == b.state_hash()


def test_a_recorded_run_with_tags_verifies(tmp_path):
    lv = level("aksi_damai.toml")  # the level as written (error 0.1): a replay reads its text
    path = tmp_path / "intel.jsonl"
    header = make_header(level_text("aksi_damai.toml"), "aksi_damai.toml", lv.seed, 60, "A")
    orders = parse_orders(
        json.dumps([O.order_to_json(SPAWN), {"type": "observe", "tick": 1, "squad": "intelkam"}])
    )
    session = Session(lv, recorder=Recorder(path, header), timed=TimedOrders.of(orders, "file"))
    while session.tick < round(SECONDS * 60):
        session.step()
    assert session.sim.intel.tags
    session.close()
    verdict = verify(read_replay(path))
    assert verdict.ok and verdict.checked > 0


def test_observe_is_refused_with_a_reason_for_a_squad_that_is_not_intel():
    sim = Simulation(_level())
    sim.submit(O.Observe(tick=0, squad="reskrim"))
    (refused,) = [e for e in sim.step() if e.kind == "order_refused"]
    assert refused.data["code"] == "not_intel"
    assert "Sat Intelkam" in refused.data["reason"]
    assert sim.intel.watching == []


def test_plain_clothes_form_no_line():
    sim = Simulation(_level())
    sim.submit(O.FormCordon(tick=0, squad="intelkam", a=(66.0, 14.0), b=(76.0, 14.0)))
    sim.submit(O.ChangeFormation(tick=0, squad="intelkam", formation="line"))
    refused = [e for e in sim.step() if e.kind == "order_refused"]
    assert [e.data["code"] for e in refused] == ["plain_clothes", "plain_clothes"]


def test_arresting_a_wrongly_tagged_bystander_is_still_a_wrong_arrest():
    lv = _level(1.0, reskrim_at=(76.0, 13.0))
    sim, events = _watch(lv)
    (first, *_) = _tagged(events)
    sim.submit(O.UseForce(tick=sim.tick, squad="reskrim", tool="soft_hand", agent=first["agent"]))
    later = run(sim, 30.0)
    (arrest,) = [e for e in later if e.kind == "arrested" and e.data["agent"] == first["agent"]]
    assert not arrest.data["provocateur"]
    rules = [
        e.data["rule"]
        for e in later
        if e.kind == "scored" and e.data.get("agent") == first["agent"]
    ]
    assert "other_arrested" in rules and "provocateur_arrested" not in rules
    assert first["agent"] not in sim.intel.tags  # taken away: no tag left on the map


@pytest.mark.parametrize("name", ["massa_memanas.toml"])
def test_a_level_without_intel_runs_as_before(name, monkeypatch):
    """With no squad observing, the intel layer neither draws from the generator nor
    changes anything: the run is the same with the layer switched off."""
    lv = level(name)
    assert not any(q.kind == "intel" for q in lv.squads)
    a = Simulation(lv)
    run(a, 20.0)
    monkeypatch.setattr(intel, "update", lambda sim, dt, events: None)
    b = Simulation(lv)
    run(b, 20.0)
    assert a.state_hash() == b.state_hash()


def test_the_level_file_checks_intel_error():
    from game.level import parse_level
    from game.level.errors import LevelError

    text = level_text("aksi_damai.toml")
    for bad, said in (
        ("intel_error = 1.5", "intel_error: must be at most 1 (got 1.5)"),
        ("intel_error = -0.1", "intel_error: must be at least 0 (got -0.1)"),
    ):
        with pytest.raises(LevelError, match=r"squad \"intelkam\".*" + re.escape(said)):
            parse_level(text.replace("intel_error = 0.1", bad), "aksi_damai.toml")
    on_reskrim = text.replace('kind = "reskrim"\n', 'kind = "reskrim"\nintel_error = 0.2\n')
    with pytest.raises(LevelError, match='intel_error is for squads of kind "intel"'):
        parse_level(on_reskrim, "aksi_damai.toml")
