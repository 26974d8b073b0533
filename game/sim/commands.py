"""Carrying out orders: check that an order can be done, then do it, or say why not.

A refused order changes nothing; its reason is written for the trainee who gave it.
"""

from __future__ import annotations

import difflib
from typing import Any

import numpy as np

from game.sim import force as F
from game.sim import negotiation, scoring
from game.sim import orders as O
from game.sim.events import Event
from game.sim.formations import Formation, line_heading, unit
from game.sim.hazards import GasCloud, WaterJet
from game.sim.slots import CROWD, KORLAP, OFFICER, VIP
from game.sim.squads import Squad
from game.sim.units import UNIT_KINDS, cordon_length_needed

AUTHORISATION_DELAY = 10.0  # s for the Kapolda's answer
HANDOVER_BACK = 4.0  # m the relieved line falls back behind the new one
HANDOVER_GROUP = 7  # pymunk collision group shared while two squads pass through each other
BATON_REACH = 1.4  # m in front of the shield line
BATON_ADVANCE = 2.5  # m
BATON_SECONDS = 3.0
BATON_INJURY = 0.08
RUBBER_HIT = 0.8
RUBBER_INJURY = 0.35


def carry_out(sim: Any, order: Any, events: list[Event]) -> str | None:
    if isinstance(order, O.RequestAuthorisation):
        return _request_authorisation(sim, events)
    squad = sim.find_squad(order.squad)
    if squad is None:
        names = [s.name for s in sim.squads]
        close = difflib.get_close_matches(order.squad, names, n=1)
        hint = f'; did you mean "{close[0]}"?' if close else f" (squads: {', '.join(names)})"
        return f'no squad named "{order.squad}"{hint}'
    here = _officer_positions(sim, squad)
    if not len(here):
        return f"squad {squad.name} has nobody left standing"
    handler = _HANDLERS[type(order)]
    return handler(sim, squad, here, order, events)


def _officer_positions(sim: Any, squad: Squad) -> np.ndarray:
    pos, _ = sim.positions()
    standing = sim.slots.alive[squad.members] & ~sim.slots.injured[squad.members]
    return pos[squad.members[standing]] if standing.any() else np.zeros((0, 2))


def squad_positions(sim: Any, squad: Squad) -> np.ndarray:
    """Every member's position; those carried off count as standing with the rest."""
    pos, _ = sim.positions()
    out = pos[squad.members].copy()
    gone = ~sim.slots.alive[squad.members]
    if gone.any() and (~gone).any():
        out[gone] = out[~gone].mean(axis=0)
    return out


def check_point(sim: Any, label: str, p) -> str | None:
    if not sim.world.inside_map(p):
        return f"{label} ({p[0]:g}, {p[1]:g}) is outside the map"
    b = sim.world.building_at(p)
    if b is not None:
        return f"{label} ({p[0]:g}, {p[1]:g}) is inside building {sim.level.buildings[b].name}"
    return None


def _reform(sim: Any, squad: Squad, formation: Formation) -> str | None:
    squad.task = None
    return send(sim, squad, formation)


def send(sim: Any, squad: Squad, formation: Formation) -> str | None:
    """Walk the squad to a formation, round fences and buildings if it must."""
    here = squad_positions(sim, squad)
    legs = sim.route(here.mean(axis=0), formation.centre)
    if legs is None:
        c = formation.centre
        return f"{squad.name} cannot get to ({c[0]:.0f}, {c[1]:.0f}): no way round"
    squad.waypoints = [list(p) for p in legs[:-1]]
    squad.destination = formation if squad.waypoints else None
    if squad.waypoints:
        squad.reform(column_towards(here.mean(axis=0), squad.waypoints[0]), here)
    else:
        squad.reform(formation, here)
    return None


def next_leg(sim: Any, squad: Squad) -> None:
    """At a waypoint: walk the next leg in column, or take the final formation."""
    here = squad_positions(sim, squad)
    at = squad.waypoints.pop(0)
    if squad.waypoints:
        squad.reform(column_towards(np.asarray(at), squad.waypoints[0]), here)
    else:
        final, squad.destination = squad.destination, None
        squad.reform(final, here)


def column_towards(frm: np.ndarray, to) -> Formation:
    heading = unit(np.subtract(to, frm))
    return Formation("column", (float(to[0]), float(to[1])), heading)


# --- formations -----------------------------------------------------------------------


def _form_cordon(sim, squad, here, order, events):
    checks = [("a", order.a), ("b", order.b)] + ([("face", order.face)] if order.face else [])
    for label, p in checks:
        if (err := check_point(sim, label, p)) is not None:
            return err
    line = line_formation(squad, order.a, order.b, order.ranks, order.face)
    if isinstance(line, str):
        return line
    return _reform(sim, squad, line)


def line_formation(squad: Squad, a, b, ranks: int, face) -> Formation | str:
    """A cordon from a to b for this squad, or why it cannot stand there."""
    length = float(np.hypot(b[0] - a[0], b[1] - a[1]))
    need = cordon_length_needed(squad.kind, len(squad.members), ranks)
    if length < need:
        return (
            f"cordon of {length:.1f} m is too short for {len(squad.members)} officers in "
            f"{ranks} rank(s): needs at least {need:.1f} m"
        )
    centre = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    heading = line_heading(a, b, face, squad.formation.heading)
    return Formation("line", centre, heading, length, ranks)


def _move(sim, squad, here, order, events):
    if (err := check_point(sim, "to", order.to)) is not None:
        return err
    heading = None
    if order.face is not None:
        if (err := check_point(sim, "face", order.face)) is not None:
            return err
        heading = unit(np.subtract(order.face, order.to))
    return _reform(sim, squad, squad.formation.moved(order.to, heading))


def _hold(sim, squad, here, order, events):
    now = squad_positions(sim, squad)
    squad.task = None
    squad.start = now
    squad.final = now.copy()
    squad.elapsed = squad.duration = 0.0
    squad.arrived = True
    return None


def _advance(sim, squad, here, order, events):
    if not 0 < order.metres <= 100:
        return f"distance must be between 0 and 100 m, not {order.metres:g}"
    f = squad.formation
    sign = 1.0 if isinstance(order, O.Advance) else -1.0
    to = (
        f.centre[0] + sign * order.metres * f.heading[0],
        f.centre[1] + sign * order.metres * f.heading[1],
    )
    if (err := check_point(sim, "the new position", to)) is not None:
        return err
    return _reform(sim, squad, f.moved(to))


def _change_formation(sim, squad, here, order, events):
    f = squad.formation
    width = f.width if f.shape == "line" and f.width > 0 else None
    if width is None:
        width = cordon_length_needed(squad.kind, len(squad.members), order.ranks)
    return _reform(sim, squad, Formation(order.formation, f.centre, f.heading, width, order.ranks))


# --- people: approach, talk, arrest, evacuate -------------------------------------------


def _person(sim, agent: int, kinds=(CROWD,)) -> str | None:
    s = sim.slots
    if not 0 <= agent < s.n or s.kind[agent] not in kinds:
        return f"there is no such person (#{agent})"
    if not s.alive[agent]:
        return f"#{agent} is no longer here"
    return None


def _approach(sim, squad, here, order, events):
    if (err := _person(sim, order.agent, (CROWD, VIP, OFFICER))) is not None:
        return err
    squad.task = {"type": "approach", "agent": int(order.agent), "held": 0.0}
    return None


def _negotiate(sim, squad, here, order, events):
    rule = sim.moves.get(order.move)
    korlap = nearest_korlap(sim, here)
    reason = negotiation.refusal(sim, squad, order.move, rule, korlap)
    if reason:
        return reason
    mind = sim.minds[sim.slots.group[korlap]]
    first = all(m != order.move or how != "landed" for _, m, _, how in mind.moves)
    said = negotiation.apply(sim, squad, order.move, rule, korlap)
    events.append(said)
    if said.data["outcome"] == "landed" and first:  # credit for talking, once a move
        events.append(scoring.judge_dialogue(sim.tick, squad.name, order.move, sim.colour))
    return None


def nearest_korlap(sim: Any, here: np.ndarray) -> int:
    """The korlap closest to any member of the squad, within talking range, or -1."""
    s = sim.slots
    korlap = np.flatnonzero(sim.free_crowd_mask() & (s.view("role") == KORLAP))
    if not len(korlap):
        return -1
    pos, _ = sim.positions()
    d = np.hypot(*(pos[korlap][:, None, :] - here[None, :, :]).transpose(2, 0, 1)).min(axis=1)
    best = int(np.argmin(d))
    return int(korlap[best]) if d[best] <= negotiation.TALK_RANGE else -1


def _evacuate(sim, squad, here, order, events):
    if not UNIT_KINDS[squad.kind].evacuates:
        return f"a {squad.kind} squad does not evacuate; send medics"
    if (err := _person(sim, order.agent, (CROWD, OFFICER, VIP))) is not None:
        return err
    if not sim.slots.injured[order.agent]:
        return f"#{order.agent} is not injured"
    squad.task = {"type": "evacuate", "agent": int(order.agent), "held": 0.0}
    return None


# --- force -------------------------------------------------------------------------------


def _use_force(sim, squad, here, order, events):
    tool = sim.tools.get(order.tool)
    kind = UNIT_KINDS[squad.kind]
    if tool is None:
        return f'unknown tool "{order.tool}" (tools: {", ".join(sim.tools)})'
    if order.tool not in kind.tools:
        carried = ", ".join(kind.tools) or "none"
        return f"{squad.name} ({squad.kind}) has no {order.tool} (carries: {carried})"
    ready = squad.cooldowns.get(order.tool, -1)
    if ready > sim.tick:
        return f"{order.tool} is not ready for {(ready - sim.tick) * sim.dt:.0f} s"
    centre = here.mean(axis=0)
    needs_person = order.tool in ("soft_hand", "hard_hand", "rubber_rounds")
    if needs_person:
        if order.agent is None:
            return f"{order.tool} needs a person to aim at (agent)"
        if (err := _person(sim, order.agent)) is not None:
            return err
        if sim.slots.arrested[order.agent] or sim.slots.injured[order.agent]:
            return f"#{order.agent} is already down"
        pos, _ = sim.positions()
        target = pos[order.agent]
    else:
        target = np.asarray(order.at if order.at is not None else centre, dtype=float)
        if order.at is not None and (err := check_point(sim, "at", order.at)) is not None:
            return err
    distance = float(np.hypot(*(target - centre)))
    if distance > tool.range:
        return f"{order.tool} reaches {tool.range:g} m; the target is {distance:.0f} m away"
    squad.cooldowns[order.tool] = sim.tick + round(tool.cooldown / sim.dt)
    _TOOLS[order.tool](sim, squad, here, order, target, events)
    return None


def _crowd_within(sim, centre, radius) -> np.ndarray:
    pos, _ = sim.positions()
    crowd = np.flatnonzero(sim.free_crowd_mask())
    return crowd[np.hypot(*(pos[crowd] - centre).T) <= radius]


def _presence(sim, squad, here, order, target, events):
    radius = sim.tools["presence"].range
    sim.presence.append([float(target[0]), float(target[1]), radius, sim.tick + 30 * 60, 4.0])
    F.land(sim, squad.name, "presence", _crowd_within(sim, target, radius), events)


def _verbal(sim, squad, here, order, target, events):
    radius = sim.tools["verbal"].range
    heard = _crowd_within(sim, target, radius)
    sim.presence.append([float(target[0]), float(target[1]), radius, sim.tick + 30 * 60, 2.0])
    s = sim.slots
    calm = heard[~s.active[heard]]
    s.agitation[calm] = np.maximum(0.0, s.agitation[calm] - 0.03)
    F.land(sim, squad.name, "verbal", heard, events)
    for g in np.unique(s.group[heard]).tolist():
        if "warned" not in sim.minds[g].flags:
            sim.minds[g].flags.append("warned")


def _arrest(sim, squad, here, order, target, events):
    squad.task = {"type": "arrest", "agent": int(order.agent), "tool": order.tool, "held": 0.0}


def _baton(sim, squad, here, order, target, events):
    """The shield line steps forward hard; those within reach in front are struck."""
    pos, _ = sim.positions()
    f = squad.formation
    heading = np.asarray(f.heading)
    crowd = np.flatnonzero(sim.free_crowd_mask())
    rel = pos[crowd][:, None, :] - here[None, :, :]
    ahead = rel @ heading
    dist = np.hypot(rel[..., 0], rel[..., 1])
    struck = crowd[((ahead > 0) & (dist < BATON_REACH)).any(axis=1)]
    hurt = struck[sim.rng.random(len(struck)) < BATON_INJURY]
    squad.boost_until = sim.tick + round(BATON_SECONDS / sim.dt)
    to = (f.centre[0] + BATON_ADVANCE * heading[0], f.centre[1] + BATON_ADVANCE * heading[1])
    _reform(sim, squad, f.moved(to))
    F.land(sim, squad.name, "baton", struck, events, hurt=hurt)
    from game.sim import harm

    harm.injure(sim, hurt, "baton", events)


def _water_cannon(sim, squad, here, order, target, events):
    from game.sim.hazards import in_jet

    rule = sim.tools["water_cannon"]
    centre = here.mean(axis=0)
    d = unit(target - centre)
    jet = WaterJet(squad.name, d[0], d[1], sim.tick + round(rule.duration / sim.dt), rule.range)
    sim.hazards.jets.append(jet)
    pos, _ = sim.positions()
    crowd = np.flatnonzero(sim.free_crowd_mask())
    F.land(sim, squad.name, "water_cannon", crowd[in_jet(pos[crowd], centre, jet)], events)


def _tear_gas(sim, squad, here, order, target, events):
    cloud = GasCloud(float(target[0]), float(target[1]), sim.tick, squad.name)
    sim.hazards.gas.append(cloud)
    F.land(sim, squad.name, "tear_gas", _crowd_within(sim, target, 6.0), events)


def _rubber_rounds(sim, squad, here, order, target, events):
    """Aimed at one person; a miss may strike whoever stands next to them."""
    s = sim.slots
    hit = order.agent
    if sim.rng.random() > RUBBER_HIT:
        near = _crowd_within(sim, target, 1.2)
        near = near[near != order.agent]
        hit = int(near[sim.rng.integers(len(near))]) if len(near) else -1
    struck = np.array([hit] if hit >= 0 else [], dtype=np.intp)
    hurt = struck[sim.rng.random(len(struck)) < RUBBER_INJURY]
    F.land(sim, squad.name, "rubber_rounds", struck, events, hurt=hurt)
    from game.sim import harm

    harm.injure(sim, hurt, "rubber_rounds", events)
    # the shot frightens those around: they feel the risk of arrest more
    around = _crowd_within(sim, target, 8.0)
    s.risk[around] = np.minimum(1.0, s.risk[around] + 0.05)


_TOOLS = {
    "presence": _presence,
    "verbal": _verbal,
    "soft_hand": _arrest,
    "hard_hand": _arrest,
    "baton": _baton,
    "water_cannon": _water_cannon,
    "tear_gas": _tear_gas,
    "rubber_rounds": _rubber_rounds,
}


# --- command and control -------------------------------------------------------------------


def _request_authorisation(sim, events):
    if sim.authorised:
        return "merah measures are already authorised"
    if sim.authorisation_due >= 0:
        return "the request is already with the Kapolda"
    if sim.colour != "merah":
        return (
            "the Kapolda authorises merah measures only when the situation is merah "
            f"(it is {sim.colour})"
        )
    sim.authorisation_due = sim.tick + round(AUTHORISATION_DELAY / sim.dt)
    events.append(Event(sim.tick, "authorisation_requested", {}))
    return None


def _hand_over(sim, squad, here, order, events):
    outgoing = sim.find_squad(order.relieves)
    if outgoing is None:
        return f'no squad named "{order.relieves}" to relieve'
    if outgoing is squad:
        return "a squad cannot relieve itself"
    expected = {
        "lapis_ganti": ("dalmas_lanjut", "dalmas_awal"),
        "lintas_ganti": ("brimob", "dalmas_lanjut"),
    }[order.kind]
    if (squad.kind, outgoing.kind) != expected:
        return (
            f"{order.kind} is {expected[0]} taking over from {expected[1]}, "
            f"not {squad.kind} from {outgoing.kind}"
        )
    if order.kind == "lintas_ganti" and not (sim.colour == "merah" and sim.authorised):
        return (
            "lintas ganti needs the situation merah and the Kapolda's authorisation "
            f"(now {sim.colour}, {'authorised' if sim.authorised else 'not authorised'})"
        )
    if outgoing.formation.shape != "line":
        return f"{outgoing.name} is not holding a line to hand over"
    line = outgoing.formation
    width = max(line.width, cordon_length_needed(squad.kind, len(squad.members), line.ranks))
    _reform(sim, squad, Formation("line", line.centre, line.heading, width, line.ranks))
    back = (
        line.centre[0] - HANDOVER_BACK * line.heading[0],
        line.centre[1] - HANDOVER_BACK * line.heading[1],
    )
    _reform(sim, outgoing, line.moved(back))
    set_pass_group(sim, np.concatenate([squad.members, outgoing.members]), HANDOVER_GROUP)
    sim.handovers.append([squad.name, outgoing.name])
    return None


def set_pass_group(sim: Any, members: np.ndarray, group: int) -> None:
    """Let two squads walk through each other (or stop them), shape by shape."""
    sim.slots.pass_group[members] = group
    for slot in members.tolist():
        body = sim._bodies[slot]
        if body is not None:
            for shape in body.shapes:
                shape.filter = sim.person_filter(slot)


def _deploy(sim, squad, here, order, events):
    if sim.tick != 0:
        return "squads are deployed before the clock starts; now give them orders"
    deploy = [n for n, k in sim.world.zone_kinds.items() if k == "deploy"]
    if not deploy:
        return "this level has no deployment zones; the squads start where they stand"
    if order.a is not None and order.b is not None:
        points = [order.a, order.b]
        formation = line_formation(squad, order.a, order.b, order.ranks, order.face)
        if isinstance(formation, str):
            return formation
    elif order.at is not None:
        points = [order.at]
        f = squad.formation
        heading = unit(np.subtract(order.face, order.at)) if order.face else f.heading
        formation = f.moved(order.at, heading)
    else:
        return "deploy needs a point (at) or a line (a and b)"
    slots = formation.slots(len(squad.members), squad.unit.rank_gap)
    inside = np.zeros(len(slots), dtype=bool)
    for name in deploy:
        inside |= sim.world.inside_zone(name, slots)
    if not inside.all():
        return f"{squad.name} must stand inside a deployment zone ({', '.join(deploy)})"
    for label, p in [("at", x) for x in points]:
        if (err := check_point(sim, label, p)) is not None:
            return err
    squad.task = None
    squad.waypoints = []
    squad.destination = None
    squad.formation = formation
    squad.start = slots.copy()
    squad.final = slots.copy()
    squad.elapsed = squad.duration = 0.0
    squad.arrived = True
    sim.teleport(squad.members, slots)
    return None


_HANDLERS = {
    O.FormCordon: _form_cordon,
    O.Move: _move,
    O.Hold: _hold,
    O.Advance: _advance,
    O.Withdraw: _advance,
    O.ChangeFormation: _change_formation,
    O.Approach: _approach,
    O.Negotiate: _negotiate,
    O.UseForce: _use_force,
    O.Evacuate: _evacuate,
    O.HandOver: _hand_over,
    O.Deploy: _deploy,
}
