"""A crowd under pressure: smooth motion when dense, bodies that hold, doors that clog when
pushed, and crush injuries from load held over time (docs/crowd-model.md)."""

import numpy as np
import pytest
from helpers import level, level_from, level_text, run
from scipy.spatial import cKDTree

from game.analysis.metrics import MetricsRecorder
from game.sim import Simulation, harm
from game.sim.constants import TICK_RATE


def corridor(rho: float) -> Simulation:
    text = level_text("test/corridor.toml")
    return Simulation(level_from(text.replace("count = 304", f"count = {int(rho * 80 * 3.8)}")))


def dead_end(rho: float = 3.4, agitation: float = 1.0) -> Simulation:
    """The corridor shut 22 m in by a gate nobody can break, a pushing crowd packed in front
    of it: it presses to over 4 persons/m² at the gate."""
    text = level_text("test/corridor.toml")
    text = text.replace("rect = [2, 2.1, 80, 3.8]", "rect = [2, 2.1, 21.5, 3.8]")
    text = text.replace(
        "count = 304",
        f"count = {int(rho * 21.5 * 3.8)}\nagitation = {agitation}\n"
        "speed = { mean = 1.6, sd = 0.2 }",
    )
    text += '\n[[gates]]\nname = "shut"\na = [24, 2]\nb = [24, 6]\nbreak_force = 1e6\nmass = 5000\n'
    # the last 4 m before the gate, where the pushing crowd stands jammed
    text += '\n[[zones]]\nname = "jam"\nkind = "measure"\nrect = [20, 2.1, 4, 3.8]\n'
    return Simulation(level_from(text))


def metric_and_displacement(sim: Simulation, zone: str, start: int, end: int):
    """The zone's mean speed as --metrics reports it, and the same people's displacement
    over the second before, each sampled once a second from `start` to `end` s."""
    rec = MetricsRecorder(sim)
    crowd = sim.crowd_slots()
    before = None
    disp = []
    for tick in range(1, end * TICK_RATE + 1):
        rec.observe(sim, sim.step())
        if tick % TICK_RATE == 0:
            pos, _ = sim.read_state()
            if before is not None and tick >= start * TICK_RATE:
                inside = sim.world.inside_zone(zone, pos[crowd])
                d = pos[crowd][inside] - before[inside]
                disp.append(float(np.hypot(*d.T).mean()))
            before = pos[crowd].copy()
    metric = rec.zone_series[zone]["mean_speed"][start - 1 : end]
    return float(np.mean(metric)), float(np.mean(disp)), sim


@pytest.mark.parametrize("rho", [0.5, 1.5, 2.5, 3.0, 3.5])
def test_metric_speed_is_the_speed_people_make_good(rho):
    """The per-tick speed --metrics reports is the net progress, dense crowds included
    (they shook: 1.15 m/s reported at 2.5/m² while the crowd made 0.42 m/s)."""
    metric, disp, _ = metric_and_displacement(corridor(rho), "middle", 5, 12)
    assert metric == pytest.approx(disp, abs=0.1)


def test_jammed_crowd_stands_still_in_the_metrics_too():
    """The last 4 m before the shut gate, where the pushing crowd stands jammed."""
    metric, disp, _ = metric_and_displacement(dead_end(), "jam", 15, 25)
    assert disp < 0.15  # jammed
    assert metric == pytest.approx(disp, abs=0.1)


def test_a_push_at_over_4_per_m2_keeps_bodies_whole_and_inside_the_walls():
    sim = dead_end()
    crowd = sim.crowd_slots()
    radius = sim.slots.radius[crowd]
    worst, densest = 0.0, 0.0
    for tick in range(1, 20 * TICK_RATE + 1):
        sim.step()
        if tick < TICK_RATE:  # the first ticks part people placed touching
            continue
        pos, _ = sim.read_state()
        p = pos[crowd]
        pairs = cKDTree(p).query_pairs(0.7, output_type="ndarray")
        i, j = pairs[:, 0], pairs[:, 1]
        overlap = radius[i] + radius[j] - np.hypot(*(p[i] - p[j]).T)
        worst = max(worst, float(overlap.max()))
        assert ((p[:, 1] > 2.0) & (p[:, 1] < 6.0) & (p[:, 0] < 24.0)).all(), tick
        if tick % TICK_RATE == 0:
            face = float((p[:, 0] + radius).max())  # where the gate leaf stops them
            front = p[:, 0] > face - 1.5  # the last 1.5 m before it, 3.7 m wide
            densest = max(densest, float(front.sum() / (1.5 * 3.7)))
    assert densest > 4.0
    assert worst <= 0.03


def passed_each_second(sim: Simulation, seconds: int, beyond) -> np.ndarray:
    """How many of the crowd got past a line in each second: `beyond(pos)` says who
    stands past it; those who left the map count as past."""
    crowd = sim.crowd_slots()
    out = []
    for tick in range(1, seconds * TICK_RATE + 1):
        sim.step()
        if tick % TICK_RATE == 0:
            pos, _ = sim.read_state()
            alive = sim.slots.alive[crowd]
            out.append(int((~alive).sum() + beyond(pos[crowd][alive]).sum()))
    return np.diff(np.r_[0, out])


def door_flow(v0: float, seed: int) -> tuple[float, int]:
    """People out of the room per second over the first minute, and the seconds in which
    nobody got out while people were still waiting (clogs)."""
    text = level_text("test/door.toml").replace("seed = 5", f"seed = {seed}")
    speed = f"speed = {{ mean = {v0}, sd = 0.1, max = 6 }}"
    sim = Simulation(level_from(text.replace("speed = { mean = 1.5, sd = 0.1 }", speed)))
    per_second = passed_each_second(sim, 60, lambda p: p[:, 0] > 15.2)
    first = int(np.argmax(per_second > 0))
    return per_second.sum() / 60, int((per_second[first:] == 0).sum())


def test_pushing_through_a_narrow_door_is_faster_then_slower():
    """Faster is slower (Helbing et al. 2000): a hurried crowd gets out faster than a calm
    one; a crowd pushing still harder clogs the 1 m door, now and then for long, and gets
    out more slowly. Three seeds each: one clog can last most of a minute."""
    runs = {v0: [door_flow(v0, seed) for seed in (2, 3, 4)] for v0 in (1.5, 4.0, 6.0)}
    flow = {v0: float(np.mean([f for f, _ in r])) for v0, r in runs.items()}
    clogs = {v0: sum(c for _, c in r) for v0, r in runs.items()}
    assert flow[4.0] > 1.25 * flow[1.5]
    assert flow[6.0] < 0.85 * flow[4.0]
    assert clogs[1.5] <= 4  # a calm crowd files out
    assert clogs[6.0] >= 20  # a frantic one clogs ...
    assert flow[6.0] > 1.0  # ... and bursts free again


def test_a_broken_gate_lets_through_no_more_than_pressing_crowds_manage():
    sim = Simulation(level("test/gate_alone.toml"))
    per_second = passed_each_second(sim, 40, lambda p: p[:, 1] > 25.3)
    assert sim.gate("gate").state == "broken"
    peak = float(np.convolve(per_second, np.ones(5) / 5, "valid").max()) / 6.0  # 6 m gate
    # pushing through a 0.72 m door, Nicolas et al. (2017) measured 2.4 persons/s: 3.3 /(m·s)
    assert 1.5 < peak <= 3.3  # persons/(m·s)


def crush(push_seconds: int, after: int) -> tuple[int, float | None, float | None]:
    """A calm crowd queued against the shut gate pushes (agitation 1) for a while, then
    stops. How many were injured by the end, how long into the push the first was, and
    when the radio first heard of people going down."""
    sim = dead_end(agitation=0.0)
    crowd = sim.crowd_slots()
    first = falling = None
    for tick in range(1, (10 + push_seconds + after) * TICK_RATE + 1):
        if tick == 10 * TICK_RATE:
            sim.slots.agitation[crowd] = 1.0
        if tick == (10 + push_seconds) * TICK_RATE:
            sim.slots.agitation[crowd] = 0.0
        events = sim.step()
        if any(e.kind == "injured" for e in events) and first is None:
            first = tick / TICK_RATE - 10
        if any(e.kind == "crowd_falling" for e in events) and falling is None:
            falling = tick / TICK_RATE - 10
    return int(sim.slots.injured.sum()), first, falling


def test_a_short_shove_injures_no_one_a_held_crush_does():
    assert crush(3, 30)[:2] == (0, None)  # three seconds of pushing, half a minute after
    hurt, first, falling = crush(40, 0)
    assert hurt > 5, "a crush held for forty seconds hurts"
    assert first is not None and first > 5.0, "but not in its first seconds"
    assert falling is not None and falling < first, "the radio hears of falls before injuries"


def test_someone_falling_in_a_crush_brings_down_those_pressed_against_them():
    """A crowd pressing lightly on the shut gate: nobody falls by themselves, but three
    people going down at its most loaded place bring down those pressed against them."""

    def falls_near(trip: bool) -> int:
        sim = dead_end(agitation=0.2)
        run(sim, 10)
        pos, _ = sim.read_state()
        crowd = sim.crowd_slots()
        loaded = crowd[np.argsort(-sim.slots.pressure[crowd])[:3]]
        if trip:
            sim.slots.fallen[loaded] = True
            sim.slots.fell_tick[loaded] = sim.tick
        near = crowd[np.hypot(*(pos[crowd] - pos[loaded].mean(axis=0)).T) < 1.5]
        near = np.setdiff1d(near, loaded)
        down = np.zeros(sim.slots.n, dtype=bool)
        for _ in range(3 * TICK_RATE):
            sim.step()
            down |= sim.slots.view("fallen") | sim.slots.view("injured")
        return int(down[near].sum())

    assert falls_near(False) == 0
    assert falls_near(True) >= 3


def test_one_hard_knock_does_not_count_as_pressure():
    """The contact load is filtered over about a second: a single reading of 20 kN/m (an
    impact) leaves the pressure below where dose starts, the same load held makes it."""
    sim = dead_end()
    sim.step()
    victim = int(sim.crowd_slots()[0])
    force = 20_000.0 * 2 * np.pi * sim.slots.radius[victim]  # N, for 20 kN/m
    knock = (np.array([victim]), np.array([-1]), np.array([force]))
    quiet = (np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp), np.zeros(0))
    sim.slots.pressure[:] = 0.0
    sim.bodies.contacts = lambda dt: knock  # type: ignore[method-assign]
    harm.crowd_pressure(sim, [])
    sim.bodies.contacts = lambda dt: quiet  # type: ignore[method-assign]
    harm.crowd_pressure(sim, [])
    assert sim.slots.pressure[victim] < harm.DOSE_ONSET
    sim.bodies.contacts = lambda dt: knock  # type: ignore[method-assign]
    for _ in range(20):  # two seconds of it
        harm.crowd_pressure(sim, [])
    assert sim.slots.pressure[victim] > 10_000.0
