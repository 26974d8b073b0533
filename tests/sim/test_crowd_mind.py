"""The crowd reacts to the police as ESIM and Epstein say, and dialogue can calm it."""

import numpy as np
from helpers import level

from game.sim import Simulation
from game.sim.orders import Approach, Negotiate, UseForce
from game.sim.slots import KORLAP, PROVOKATOR

UNREST = "test/unrest.toml"


def active_count(sim):
    crowd = np.flatnonzero(sim.free_crowd_mask())
    return int(sim.slots.active[crowd].sum())


def korlap_of(sim):
    return int(np.flatnonzero(sim.slots.view("role") == KORLAP)[0])


def run_with(sim, seconds, every_10s=None):
    for _ in range(seconds * 60):
        sim.step()
        if every_10s and sim.tick % 600 == 0:
            every_10s(sim)


def test_indiscriminate_force_makes_more_of_the_crowd_active_than_targeted_arrests():
    """ESIM A/B: the same crowd, the same 90 seconds; only how force is used differs."""

    def water_cannon_on_the_crowd(sim):
        if 20 <= sim.time <= 60:
            pos, _ = sim.read_state()
            middle = pos[np.flatnonzero(sim.free_crowd_mask())].mean(axis=0)
            sim.submit(
                UseForce(
                    tick=sim.tick,
                    squad="water_cannon",
                    tool="water_cannon",
                    at=(float(middle[0]), float(middle[1])),
                )
            )

    def arrest_the_nearest_active_provocateur(sim):
        if 20 <= sim.time <= 60:
            pos, _ = sim.read_state()
            s = sim.slots
            crowd = np.flatnonzero(sim.free_crowd_mask())
            targets = crowd[s.active[crowd] & (s.role[crowd] == PROVOKATOR)]
            if len(targets):
                team = pos[sim.squad("reskrim").members].mean(axis=0)
                t = targets[np.argmin(np.hypot(*(pos[targets] - team).T))]
                sim.submit(UseForce(tick=sim.tick, squad="reskrim", tool="hard_hand", agent=int(t)))

    indiscriminate = Simulation(level(UNREST))
    targeted = Simulation(level(UNREST))
    run_with(indiscriminate, 90, water_cannon_on_the_crowd)
    run_with(targeted, 90, arrest_the_nearest_active_provocateur)
    assert indiscriminate.minds[0].legitimacy < 0.45  # force on the calm cost legitimacy
    assert targeted.minds[0].legitimacy >= 0.55  # force on the violent did not
    assert active_count(indiscriminate) > 1.4 * active_count(targeted)
    assert active_count(indiscriminate) - active_count(targeted) > 50


def test_an_unanswered_crowd_escalates_but_listening_and_explaining_calms_and_disperses():
    unanswered = Simulation(level(UNREST))
    talked_to = Simulation(level(UNREST))
    talked_to.submit(Approach(tick=30, squad="negosiator", agent=korlap_of(talked_to)))
    talked_to.submit(Negotiate(tick=5 * 60, squad="negosiator", move="listen"))
    talked_to.submit(Negotiate(tick=12 * 60, squad="negosiator", move="explain_lawful_route"))
    events = []
    for _ in range(150 * 60):
        unanswered.step()
        events += talked_to.step()
    said = [e for e in events if e.kind == "negotiation"]
    assert [e.data["move"] for e in said] == ["listen", "explain_lawful_route"]
    assert all(e.data["outcome"] == "landed" for e in said)

    crowd_size = 300
    assert unanswered.colour == "merah"
    assert active_count(unanswered) > 0.5 * crowd_size  # escalated into a riot
    assert talked_to.minds[0].dispersing
    gone = int((~talked_to.slots.view("alive") & (talked_to.slots.view("kind") == 0)).sum())
    assert gone > 0.4 * crowd_size  # most went home
    assert active_count(talked_to) < 0.25 * active_count(unanswered)
