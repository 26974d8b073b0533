"""Talking to the korlap: a move's preconditions and effects come from the rule data.

What the crowd answers depends on its state and on what came before: an explanation lands
better after the demands were heard; an appeal made while batons are swinging backfires; a
first appeal to a hot crowd fails. The korlap's words are returned for the dialogue panel.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from game.doctrine.rulebook import Effects, MoveRule
from game.sim.events import Event
from game.sim.refusals import refuse
from game.sim.squads import Squad

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

TALK_RANGE = 4.0  # m from a negotiator to the korlap
HEARING = 30.0  # m: the members of the group who hear what is said


def refusal(
    sim: Simulation, squad: Squad, move: str, rule: MoveRule | None, korlap: int
) -> str | None:
    if rule is None:
        return refuse("unknown_move", move=move, moves=", ".join(sim.moves))
    if squad.kind not in rule.who:
        return refuse("cannot_talk", kind=squad.kind, move=move)
    if korlap < 0:
        return refuse("korlap_far", range=TALK_RANGE, squad=squad.name)
    mind = sim.minds[sim.slots.group[korlap]]
    missing = [f for f in rule.requires if f not in mind.flags]
    if missing:
        return refuse("needs_first", move=move, missing=", ".join(missing))
    last = max((t for t, m, *_ in mind.moves if m == move), default=None)
    if last is not None and (sim.tick - last) * sim.dt < rule.cooldown:
        wait = rule.cooldown - (sim.tick - last) * sim.dt
        return refuse("just_made", move=move, wait=wait)
    return None


def apply(sim: Simulation, squad: Squad, move: str, rule: MoveRule, korlap: int) -> Event:
    """Carry out a possible move and say how the crowd answers."""
    s = sim.slots
    g = int(s.group[korlap])
    mind = sim.minds[g]
    members = sim.group_members(g)
    pos, _ = sim.positions()
    hearing = members[np.hypot(*(pos[members] - pos[korlap]).T) <= HEARING]
    mean_agitation = float(s.agitation[hearing].mean()) if len(hearing) else 0.0
    since_force = (sim.tick - mind.last_force_tick) * sim.dt

    if rule.backfire_after_force and since_force < rule.backfire_after_force:
        outcome, effects, reply = "backfired", rule.backfire_effects, rule.reply_backfire
    elif mean_agitation > rule.hot:
        outcome, effects, reply = "failed", rule.hot_effects, rule.reply_hot
    else:
        outcome, effects, reply = "landed", dict(rule.effects), rule.reply
        mind.last_heard_tick = sim.tick
        done = {m for _, m, _, how in mind.moves if how == "landed"}
        for earlier, extra in rule.after.items():
            if earlier in done:
                effects = _add(effects, extra)
        if squad.kind == "kapolres":
            effects = _add(effects, rule.kapolres_bonus)
        for flag in rule.sets:
            if flag not in mind.flags:
                mind.flags.append(flag)
        if rule.deadline:
            mind.deadline_tick = sim.tick + round(rule.deadline / sim.dt)
    reply = reply or rule.reply

    s.agitation[hearing] = np.clip(s.agitation[hearing] + effects.get("agitation", 0.0), 0, 1)
    s.hardship[hearing] = np.clip(s.hardship[hearing] + effects.get("hardship", 0.0), 0, 1)
    s.risk[hearing] = np.clip(s.risk[hearing] + effects.get("risk", 0.0), 0, 1)
    mind.legitimacy = float(np.clip(mind.legitimacy + effects.get("legitimacy", 0.0), 0, 1))
    mind.moves.append([sim.tick, move, squad.kind, outcome])
    after = float(s.agitation[hearing].mean()) if len(hearing) else 0.0
    if outcome == "landed" and after < rule.disperse_below:
        mind.dispersing = True
    return Event(
        sim.tick,
        "negotiation",
        {
            "squad": squad.name,
            "speaker": squad.kind,
            "move": move,
            "group": sim.level.crowd[g].name,
            "outcome": outcome,
            "agitation_before": round(mean_agitation, 3),
            "agitation_after": round(after, 3),
            "legitimacy": round(mind.legitimacy, 3),
            "dispersing": mind.dispersing,
            "reply": {"id": reply.id, "en": reply.en},
        },
    )


def _add(a: Effects, b: Effects) -> Effects:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0.0) + v
    return out
