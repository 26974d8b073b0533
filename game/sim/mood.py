"""The crowd's mind: grievance, legitimacy, agitation, and who turns active.

Epstein (2002): an agent turns active when  G − R·P > T,  with grievance G = H·(1 − L),
risk aversion R, threshold T and perceived arrest chance P = 1 − exp(−k·C/(A + 1)) from the
officers C and active agents A in view. Agitation adds to G: it spreads to neighbours
(contagion), provocateurs stoke it, force raises it, and it decays in calm.

The Elaborated Social Identity Model (Reicher, Stott, Drury) sets the legitimacy L each group
holds of the police: force landing on calm people lowers it and raises everyone's grievance;
force aimed only at the active and honest dialogue raise it, and then calm members step
away from the violent ones instead of closing ranks with them.

Runs twice a second over every person at once (numpy, no loop over people).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.spatial import cKDTree

from game.sim import intel
from game.sim.slots import BYSTANDER, KORLAP, PROVOKATOR

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

MOOD_TICKS = 30  # update twice a second
VISION = 10.0  # m: officers and active people a person takes into account
ARREST_K = 2.3  # Epstein's k
AGITATION_WEIGHT = 0.5  # how much agitation adds to the grievance in the activation rule
# Agitation is a leaky integrator: stirred by what is near, relaxing toward one's grievance.
STIR_RATE = 0.1  # per second per unit of stimulus
RELAX_RATE = 0.05  # per second, toward the baseline
CONTAGION_RADIUS = 2.5  # m
CONTAGION = 0.5  # stimulus per unit the neighbours are more (or less) agitated than oneself
ACTIVE_STIR = 0.6  # stimulus when every neighbour within the contagion radius is active
PROVOKATOR_REACH = 5.0  # m
PROVOKATOR_STIR = 0.3  # stimulus from each active provocateur within reach
FIRE_STIR = 0.3  # stimulus from each fire within 6 m
LEGITIMACY_RECOVERY = 0.002  # per second toward the starting value, while nothing happens
FRUSTRATION = 0.003  # per second of hardship while a group's demands go unheard
HEARD_FOR = 90.0  # s a landed negotiation move keeps a group feeling heard
ANSWERED_CALM = 0.35  # mean agitation under which an answered group disperses
ISOLATE_LEGITIMACY = 0.55  # above it calm people step away from the violent
ISOLATE_RADIUS = 4.0  # m
GAS_FLEE = 0.15  # exposure above which a person runs from the gas
INCITE_SECONDS = 10.0  # s of a provocateur's stir an instructor's incite gives at once
WET_GO_HOME = 0.5  # a soaked person calmer than this heads home


@dataclass
class GroupMind:
    """What a crowd group as a whole thinks and has been told."""

    legitimacy: float
    start_legitimacy: float
    flags: list[str] = field(default_factory=list)
    moves: list[list[Any]] = field(default_factory=list)  # [tick, move, speaker kind]
    last_force_tick: int = -(10**9)
    last_heard_tick: int = 0  # the last landed negotiation move (arrival counts as one)
    deadline_tick: int = -1
    dispersing: bool = False

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @staticmethod
    def from_json(d: dict[str, Any]) -> GroupMind:
        return GroupMind(**d)


def perceived_arrest(officers_in_view: np.ndarray, active_in_view: np.ndarray) -> np.ndarray:
    return 1.0 - np.exp(-ARREST_K * officers_in_view / (active_in_view + 1.0))


def update(sim: Simulation, dt: float) -> None:
    """One mood step for every member of the crowd."""
    s = sim.slots
    n = s.n
    crowd = np.flatnonzero(sim.free_crowd_mask())
    crowd = crowd[sim.group_thinks[s.group[crowd]]]
    if not len(crowd):
        return
    pos, _ = sim.positions()
    p = pos[crowd]
    role = s.role[crowd]
    agitation = s.agitation[:n][crowd].copy()
    active = s.active[:n][crowd].copy()

    officers = intel.uniformed(sim) & ~s.injured[:n]  # plain clothes are not seen
    off_pos = pos[officers]
    if len(off_pos):
        c_view = cKDTree(off_pos).query_ball_point(p, VISION, return_length=True)
    else:
        c_view = np.zeros(len(crowd))
    c_view = c_view + sim.presence_bonus(p)
    if active.any():
        a_tree = cKDTree(p[active])
        a_view = a_tree.query_ball_point(p, VISION, return_length=True)
    else:
        a_view = np.zeros(len(crowd))

    groups = s.group[crowd]
    legit = np.array([m.legitimacy for m in sim.minds] + [0.5])[groups]
    grievance = s.hardship[crowd] * (1.0 - legit)

    # what stirs each person: more agitated neighbours, active ones, provocateurs, fires
    tree = cKDTree(p)
    pairs = tree.query_pairs(CONTAGION_RADIUS, output_type="ndarray")
    m = len(crowd)
    if len(pairs):
        i, j = pairs[:, 0], pairs[:, 1]
        total = np.bincount(i, agitation[j], m) + np.bincount(j, agitation[i], m)
        count = np.bincount(i, minlength=m) + np.bincount(j, minlength=m)
        mean_nb = np.where(count > 0, total / np.maximum(count, 1), agitation)
        active_share = (np.bincount(i, active[j], m) + np.bincount(j, active[i], m)) / np.maximum(
            count, 1
        )
    else:
        mean_nb = agitation
        active_share = np.zeros(m)
    # ESIM: agitators and the violent find no hearing with people who see the police as fair
    susceptible = np.clip(2.0 * (1.0 - legit), 0.0, 1.5)
    stimulus = CONTAGION * (mean_nb - agitation) + ACTIVE_STIR * active_share * susceptible
    stokers = active & (role == PROVOKATOR)
    if stokers.any():
        reach = cKDTree(p[stokers]).query_ball_point(p, PROVOKATOR_REACH, return_length=True)
        stimulus += PROVOKATOR_STIR * reach * susceptible
    stimulus += FIRE_STIR * sim.fires_near(p, 6.0)
    baseline = grievance
    agitation = agitation + (STIR_RATE * stimulus - RELAX_RATE * (agitation - baseline)) * dt
    agitation = np.clip(agitation, 0.0, 1.0)
    # bystanders watch; they never take part
    watch = role == BYSTANDER
    agitation[watch] = np.minimum(agitation[watch], 0.2)

    # Epstein's rule, with hysteresis so people do not flicker in and out
    p_arrest = perceived_arrest(c_view, a_view)
    net = grievance + AGITATION_WEIGHT * agitation - s.risk[crowd] * p_arrest
    threshold = s.threshold[crowd]
    turn_on = net > threshold
    stay_on = active & (net > threshold - 0.1)
    new_active = (turn_on | stay_on) & (role != BYSTANDER) & (s.gas[crowd] < GAS_FLEE)
    if sim.script.frozen:  # the instructor holds the escalation: nothing rises by itself
        agitation = np.minimum(agitation, s.agitation[:n][crowd])
        new_active &= active

    s.agitation[crowd] = agitation
    s.active[crowd] = new_active

    # legitimacy creeps back toward where it started while nothing happens; a group
    # nobody answers grows frustrated; an answered group that has calmed down goes home
    for g, mind in enumerate(sim.minds):
        mine = crowd[groups == g]
        answered = "explained" in mind.flags or "delegation" in mind.flags
        if answered and len(mine) and s.agitation[mine].mean() < ANSWERED_CALM:
            mind.dispersing = True
        mind.legitimacy += (mind.start_legitimacy - mind.legitimacy) * LEGITIMACY_RECOVERY * dt
        if (sim.tick - mind.last_heard_tick) * sim.dt > HEARD_FOR:
            s.hardship[mine] = np.minimum(1.0, s.hardship[mine] + FRUSTRATION * dt)

    _choose_goals(sim, crowd, p, groups, legit, new_active, agitation)


def incite(sim: Simulation, provocateur: int) -> int:
    """A provocateur stirs up those around him now (an instructor's `provoke`): he takes
    part, as an inciter does, and everyone within his reach gets the stir of a few seconds
    of it at once. Returns how many were within reach."""
    s = sim.slots
    s.active[provocateur] = True
    s.agitation[provocateur] = max(float(s.agitation[provocateur]), 0.8)
    crowd = np.flatnonzero(sim.free_crowd_mask())
    crowd = crowd[crowd != provocateur]
    if not len(crowd):
        return 0
    pos, _ = sim.positions()
    near = crowd[np.hypot(*(pos[crowd] - pos[provocateur]).T) <= PROVOKATOR_REACH]
    near = near[s.role[near] != BYSTANDER]
    if not len(near):
        return 0
    legit = np.array([m.legitimacy for m in sim.minds] + [0.5])[s.group[near]]
    susceptible = np.clip(2.0 * (1.0 - legit), 0.0, 1.5)
    burst = STIR_RATE * PROVOKATOR_STIR * susceptible * INCITE_SECONDS
    s.agitation[near] = np.clip(s.agitation[near] + burst, 0.0, 1.0)
    return int(len(near))


def _choose_goals(
    sim: Simulation,
    crowd: np.ndarray,
    p: np.ndarray,
    groups: np.ndarray,
    legit: np.ndarray,
    active: np.ndarray,
    agitation: np.ndarray,
) -> None:
    """Who walks where: home when answered and calm, away from gas and from the violent."""
    s = sim.slots
    role = s.role[crowd]
    # dispersal: an answered, calm member goes home by the nearest exit
    dispersing = np.array([m.dispersing for m in sim.minds] + [False])[groups]
    going = dispersing & ~active & (agitation < 0.45) & (role != PROVOKATOR)
    # tear gas: run for the nearest exit whatever the mood; soaked and no longer furious:
    # go home to dry off
    going |= s.gas[crowd] > GAS_FLEE
    going |= (s.wet[crowd] > 0) & (agitation < WET_GO_HOME) & ~active
    home = sim.nearest_exit_field(p)
    goal = np.where(going & (home >= 0), home, sim.group_goal_field[groups])
    s.goal[crowd] = goal

    # a sit-in: arrived at the goal and not fighting, people sit down where they are and
    # are heavy to move; they stand when they go home, fight, or the gas reaches them
    sits = sim.group_sits[groups]
    if sits.any():
        arrived = np.zeros(len(crowd), dtype=bool)
        for g in np.unique(groups[sits]).tolist():
            mine = np.flatnonzero(groups == g)
            zone = sim.field_names[sim.group_goal_field[g]]
            arrived[mine] = sim.world.inside_zone(zone, p[mine])
        sitting = sits & arrived & ~active & ~going
        newly = sitting & ~s.sitting[crowd]
        s.anchor_x[crowd[newly]] = p[newly, 0]
        s.anchor_y[crowd[newly]] = p[newly, 1]
        s.sitting[crowd] = sitting

    # ESIM: while the police look legitimate, calm people step away from active ones
    s.avoid_x[crowd] = 0.0
    s.avoid_y[crowd] = 0.0
    if active.any():
        calm = ~active & (legit > ISOLATE_LEGITIMACY) & (role != KORLAP)
        if calm.any():
            d, k = cKDTree(p[active]).query(p[calm], k=1, distance_upper_bound=ISOLATE_RADIUS)
            near = np.isfinite(d)
            who = np.flatnonzero(calm)[near]
            away = p[who] - p[active][k[near]]
            norm = np.maximum(np.hypot(away[:, 0], away[:, 1]), 1e-6)
            s.avoid_x[crowd[who]] = away[:, 0] / norm
            s.avoid_y[crowd[who]] = away[:, 1] / norm
