"""Use of force by stage (Perkap Kapolri 1/2009) and what it does to the crowd.

Every use lands on people whose behaviour at that moment is recorded, so the score can set
the stage used against the stage their behaviour allowed, and so the crowd can react as
ESIM says: force on the calm costs the police their legitimacy; force aimed only at the
violent does not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.sim.events import Event
from game.sim.slots import PROVOKATOR

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

CALM, PASSIVE, ACTIVE, AGGRESSIVE, LETHAL = range(5)
BEHAVIOURS = ("calm", "passive", "active", "aggressive", "lethal")
# the highest stage each behaviour allows (passive -> 3, active -> 4, aggressive -> 5, ...)
ALLOWED_STAGE = (2, 3, 4, 5, 6)
AGGRESSIVE_MEMORY = 15.0  # s a throw keeps a person counted as aggressive

# ESIM: how much one hit on a non-violent person costs, capped per use of force
LEGITIMACY_PER_CALM_HIT = 0.015
LEGITIMACY_COST_CAP = 0.25
GRIEVANCE_PER_CALM_HIT = 0.01
GRIEVANCE_CAP = 0.15
LEGITIMACY_FOR_TARGETED = 0.02
ANGER_OF_CALM_HIT = 0.25  # agitation a calm person gains when hit


def behaviour(sim: Simulation, slots: np.ndarray) -> np.ndarray:
    """What each person is doing, in the doctrine's terms."""
    s = sim.slots
    out = np.full(len(slots), CALM, dtype=np.int8)
    if not len(slots):
        return out
    out[(s.agitation[slots] >= 0.35) | s.sitting[slots]] = PASSIVE
    out[s.active[slots]] = ACTIVE
    since = (sim.tick - s.throw_tick[slots]) * sim.dt
    threw = (s.throw_tick[slots] >= 0) & (since < AGGRESSIVE_MEMORY)
    out[s.active[slots] & threw] = AGGRESSIVE
    # arson and hostage-taking threaten life: the only behaviour that allows firearms
    threat = np.isin(slots, sim.life_threats())
    out[s.active[slots] & threat] = LETHAL
    return out


def land(
    sim: Simulation,
    squad: str,
    tool: str,
    targets: np.ndarray,
    events: list[Event],
    hurt: np.ndarray | None = None,
) -> None:
    """Force lands on `targets` (crowd slots): record it, anger the crowd, judge it."""
    from game.sim import scoring

    rule = sim.tools[tool]
    s = sim.slots
    targets = np.asarray(targets, dtype=np.intp)
    beh = behaviour(sim, targets)
    top = int(beh.max()) if len(targets) else CALM
    counts = {BEHAVIOURS[b]: int((beh == b).sum()) for b in range(5) if (beh == b).any()}
    calm_share = float((beh <= PASSIVE).mean()) if len(targets) else 0.0
    provocateurs = int((s.role[targets] == PROVOKATOR).sum()) if len(targets) else 0

    # ESIM, per crowd group hit. Presence and words (stages 1-2) are no blows.
    groups = s.group[targets]
    blows = rule.stage >= 3
    for g in np.unique(groups).tolist() if blows else []:
        mind = sim.minds[g]
        mind.last_force_tick = sim.tick
        mine = groups == g
        calm_hits = int((beh[mine] <= PASSIVE).sum())
        if calm_hits:
            mind.legitimacy = max(
                0.0, mind.legitimacy - min(LEGITIMACY_COST_CAP, LEGITIMACY_PER_CALM_HIT * calm_hits)
            )
            members = sim.group_members(g)
            s.hardship[members] = np.minimum(
                1.0, s.hardship[members] + min(GRIEVANCE_CAP, GRIEVANCE_PER_CALM_HIT * calm_hits)
            )
        elif rule.stage >= 3:
            mind.legitimacy = min(1.0, mind.legitimacy + LEGITIMACY_FOR_TARGETED)
    if blows:
        calm_targets = targets[beh <= PASSIVE]
        s.agitation[calm_targets] = np.minimum(1.0, s.agitation[calm_targets] + ANGER_OF_CALM_HIT)
        s.hit_tick[targets] = sim.tick

    warned = bool(len(targets)) and all(sim.was_warned(g) for g in np.unique(groups).tolist())
    data = {
        "squad": squad,
        "tool": tool,
        "stage": rule.stage,
        "targets": len(targets),
        "behaviour": counts,
        "top_behaviour": BEHAVIOURS[top],
        "allowed_stage": ALLOWED_STAGE[top],
        "calm_share": round(calm_share, 3),
        "provocateurs": provocateurs,
        "warned": warned,
        "authorised": sim.authorised,
    }
    if hurt is not None:
        data["injured"] = int(len(hurt))
    # where it landed (the targets' middle, else the squad's), for the replay's map marks
    pos, _ = sim.positions()
    who = targets if len(targets) else sim.squad(squad).members
    centre = pos[who].mean(axis=0) if len(who) else np.zeros(2)
    data["at"] = [round(float(centre[0]), 2), round(float(centre[1]), 2)]
    events.append(Event(sim.tick, "force_used", data))
    # gas and firearms need the Kapolda's word, and so does any use of PHH Brimob (merah)
    phh = sim.squad(squad).kind == "brimob"
    events.extend(scoring.judge_force(sim.tick, data, rule.authorisation or phh))
