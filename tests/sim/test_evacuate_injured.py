"""The evacuate_injured objective: medics must carry the fallen out in time, or it fails."""

from __future__ import annotations

import numpy as np
from helpers import level_from, level_text, run

from game.level.errors import LevelError
from game.sim import Simulation, harm
from game.sim import orders as O
from game.sim.situation import check_objectives

OBJECTIVE = """
[[objectives]]
name = "tolong_korban"
type = "evacuate_injured"
within = 20
side = "crowd"
"""


def _sim() -> Simulation:
    sim = Simulation(level_from(level_text("test/unrest.toml") + OBJECTIVE))
    run(sim, 2)
    return sim


def _fell(sim: Simulation) -> int:
    """One of the crowd falls, the one nearest the medics."""
    pos, _ = sim.positions()
    crowd = np.flatnonzero(sim.free_crowd_mask())
    medics = pos[sim.squad("medis").members].mean(axis=0)
    agent = int(crowd[np.argmin(np.hypot(*(pos[crowd] - medics).T))])
    harm.injure(sim, np.array([agent]), "crush", [])
    return agent


def _index(sim: Simulation) -> int:
    return [o.name for o in sim.level.objectives].index("tolong_korban")


def test_someone_left_lying_past_the_limit_fails_it() -> None:
    sim = _sim()
    _fell(sim)
    events = run(sim, 19)
    assert sim.objectives[_index(sim)] == "pending"
    events += run(sim, 2)
    assert sim.objectives[_index(sim)] == "failed"
    assert [e for e in events if e.kind == "objective_failed"]


def test_medics_who_carry_the_person_out_in_time_keep_it() -> None:
    sim = _sim()
    agent = _fell(sim)
    sim.submit(O.Evacuate(tick=sim.tick, squad="medis", agent=agent))
    events = run(sim, 40)
    assert [e for e in events if e.kind == "evacuated" and e.data["agent"] == agent]
    assert sim.slots.evacuated[agent]
    assert sim.objectives[_index(sim)] == "pending"  # nobody lay too long ...
    check_objectives(sim, [], final=True)
    assert sim.objectives[_index(sim)] == "met"  # ... so it is met at the end


def test_a_level_without_medics_is_told_to_add_them() -> None:
    text = level_text("test/unrest.toml")
    start = text.index('name = "medis"')
    head = text.rindex("[[squads]]", 0, start)
    end = text.find("[[", start)
    text = text[:head] + (text[end:] if end >= 0 else "") + OBJECTIVE
    try:
        level_from(text)
    except LevelError as e:
        assert "evacuate_injured needs medics" in str(e) and 'kind = "medic"' in str(e)
    else:
        raise AssertionError("a level asking for evacuations without medics was accepted")


def test_a_fallen_officer_lies_where_he_fell_while_his_squad_moves_on() -> None:
    """A fallen officer gets no pull to his slot; he must still be slowed to a stop, or,
    hit while walking, he slides on with the squad and the medics chase him (seen in
    Anarkis: a Brimob officer hit by a bottle drifted 15 m)."""
    sim = _sim()
    line = sim.squads[0]
    centre = line.formation.centre
    sim.submit(O.Move(tick=sim.tick, squad=line.name, to=(centre[0] + 12, centre[1])))
    run(sim, 1.5)
    fallen = int(line.members[0])
    harm.injure(sim, np.array([fallen]), "thrown_object", [])
    pos, vel = sim.positions()
    assert np.hypot(*vel[fallen]) > 0.3  # he was walking when hit
    where = pos[fallen].copy()
    run(sim, 6)
    pos, _ = sim.positions()
    assert np.hypot(*(pos[fallen] - where)) < 0.5
    others = [int(m) for m in line.members if int(m) != fallen]
    assert np.hypot(*(pos[others].mean(axis=0) - where)) > 3  # the squad did move on
