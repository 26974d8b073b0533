"""Carrying out orders: check that an order can be done, then do it, or say why not.

A refused order changes nothing; its reason is written for the trainee who gave it.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from pydantic import ValidationError

from game.doctrine.formations import line_heading, unit
from game.doctrine.units import HAND_OVERS, UNIT_KINDS, cordon_length_needed
from game.sim import force as F
from game.sim import intel, negotiation, scoring
from game.sim import orders as O
from game.sim.events import Event
from game.sim.formations import Formation
from game.sim.hazards import GasCloud, WaterJet
from game.sim.refusals import refuse
from game.sim.slots import CROWD, KORLAP, OFFICER, VIP
from game.sim.squads import Squad

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

AUTHORISATION_DELAY = 10.0  # s for the Kapolda's answer
HANDOVER_BACK = 4.0  # m the relieved line falls back behind the new one
HANDOVER_GROUP = 7  # pymunk collision group shared while two squads pass through each other
BATON_REACH = 1.4  # m in front of the shield line
BATON_ADVANCE = 2.5  # m
BATON_SECONDS = 3.0
BATON_INJURY = 0.08
RUBBER_HIT = 0.8
RUBBER_INJURY = 0.35


def carry_out(sim: Simulation, order: O.Order, events: list[Event]) -> str | None:
    if isinstance(order, O.RequestAuthorisation):
        return _request_authorisation(sim, events)
    if isinstance(order, O.OperateGate):
        return _operate_gate(sim, order, events)
    if isinstance(order, O.Inject):
        return _inject(sim, order, events)
    if isinstance(order, O.EndExercise):
        if sim.ended:
            return refuse("already_ended")
        sim.ended = True
        events.append(Event(sim.tick, "exercise_ended", {"by": order.by}))
        return None
    squad = sim.find_squad(order.squad)
    if squad is None:
        names = [s.name for s in sim.squads]
        close = difflib.get_close_matches(order.squad, names, n=1)
        if close:
            return refuse("no_squad", name=order.squad, close=close[0])
        return refuse("no_squad_list", name=order.squad, names=", ".join(names))
    here = _officer_positions(sim, squad)
    if not len(here):
        return refuse("nobody_standing", squad=squad.name)
    reason = _handle(sim, squad, here, order, events)
    if reason is None and not isinstance(order, O.Observe):
        intel.stop(sim, squad.name)  # a squad given something else to do stops watching
    return reason


def _officer_positions(sim: Simulation, squad: Squad) -> np.ndarray:
    pos, _ = sim.positions()
    standing = sim.slots.alive[squad.members] & ~sim.slots.injured[squad.members]
    return pos[squad.members[standing]] if standing.any() else np.zeros((0, 2))


def squad_positions(sim: Simulation, squad: Squad) -> np.ndarray:
    """Every member's position; those carried off count as standing with the rest."""
    pos, _ = sim.positions()
    out = pos[squad.members].copy()
    gone = ~sim.slots.alive[squad.members]
    if gone.any() and (~gone).any():
        out[gone] = out[~gone].mean(axis=0)
    return out


def check_point(sim: Simulation, label: str, p: O.Point) -> str | None:
    if not sim.world.inside_map(p):
        return refuse("outside_map", label=label, x=p[0], y=p[1])
    b = sim.world.building_at(p)
    if b is not None:
        return refuse(
            "inside_building", label=label, x=p[0], y=p[1], building=sim.level.buildings[b].name
        )
    return None


def _inject(sim: Simulation, order: O.Inject, events: list[Event]) -> str | None:
    from game.sim import script

    try:
        action = script.ACTION.validate_python(order.action)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in err["loc"][1:]) or "type"
        return refuse("bad_inject", why=f"{field}: {err['msg']}")
    problem = script.unknown_name(sim, action)
    if problem:
        return refuse("bad_inject", why=problem)
    script.perform(sim, action, events, by=order.by)
    return None


def _reform(sim: Simulation, squad: Squad, formation: Formation) -> str | None:
    squad.task = None
    return send(sim, squad, formation)


def send(sim: Simulation, squad: Squad, formation: Formation, near: bool = False) -> str | None:
    """Walk the squad to a formation, round fences and buildings if it must (with `near`,
    as close as it can get when there is no way all the way)."""
    here = squad_positions(sim, squad)
    legs = sim.route(here.mean(axis=0), formation.centre, near)
    if legs is None:
        c = formation.centre
        return refuse("no_way", squad=squad.name, x=c[0], y=c[1])
    end = legs[-1]
    if near and np.hypot(end[0] - formation.centre[0], end[1] - formation.centre[1]) > 0.01:
        formation = formation.moved(end)  # stop at the closest reachable place
    squad.waypoints = [list(p) for p in legs[:-1]]
    squad.destination = formation if squad.waypoints else None
    if squad.waypoints:
        squad.reform(column_towards(here.mean(axis=0), squad.waypoints[0]), here)
    else:
        squad.reform(formation, here)
    return None


def next_leg(sim: Simulation, squad: Squad) -> None:
    """At a waypoint: walk the next leg in column, or take the final formation."""
    here = squad_positions(sim, squad)
    at = squad.waypoints.pop(0)
    if squad.waypoints:
        squad.reform(column_towards(np.asarray(at), squad.waypoints[0]), here)
    else:
        final, squad.destination = squad.destination, None
        assert final is not None  # send() sets a destination whenever it sets waypoints
        squad.reform(final, here)


def column_towards(frm: np.ndarray, to: Sequence[float]) -> Formation:
    heading = unit(np.subtract(to, frm))
    return Formation("column", (float(to[0]), float(to[1])), heading)


# --- formations -----------------------------------------------------------------------


def _no_line(squad: Squad) -> str | None:
    """Plain-clothes officers are not a cordon: they form no line."""
    if squad.unit.plain_clothes:
        return refuse("plain_clothes", squad=squad.name, kind=squad.kind)
    return None


def _form_cordon(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.FormCordon, events: list[Event]
) -> str | None:
    if (err := _no_line(squad)) is not None:
        return err
    checks = [("a", order.a), ("b", order.b)] + ([("face", order.face)] if order.face else [])
    for label, p in checks:
        if (err := check_point(sim, label, p)) is not None:
            return err
    line = line_formation(squad, order.a, order.b, order.ranks, order.face)
    if isinstance(line, str):
        return line
    return _reform(sim, squad, line)


def line_formation(
    squad: Squad, a: O.Point, b: O.Point, ranks: int, face: O.Point | None
) -> Formation | str:
    """A cordon from a to b for this squad, or why it cannot stand there."""
    length = float(np.hypot(b[0] - a[0], b[1] - a[1]))
    need = cordon_length_needed(squad.kind, len(squad.members), ranks)
    if length < need:
        # shown to 0.1 m: the drawn length rounded down and the need rounded up, so a line
        # 5.98 m long is not "6.0 m, too short, needs at least 6.0 m" (seen in the window)
        shown = math.floor(length * 10) / 10
        needed = math.ceil(need * 10 - 1e-9) / 10
        return refuse(
            "cordon_short", length=shown, officers=len(squad.members), ranks=ranks, need=needed
        )
    centre = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    heading = line_heading(a, b, face, squad.formation.heading)
    return Formation("line", centre, heading, length, ranks)


def _move(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.Move, events: list[Event]
) -> str | None:
    if (err := check_point(sim, "to", order.to)) is not None:
        return err
    heading = None
    if order.face is not None:
        if (err := check_point(sim, "face", order.face)) is not None:
            return err
        heading = unit(np.subtract(order.face, order.to))
    return _reform(sim, squad, squad.formation.moved(order.to, heading))


def _hold(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.Hold, events: list[Event]
) -> str | None:
    now = squad_positions(sim, squad)
    squad.task = None
    squad.start = now
    squad.final = now.copy()
    squad.elapsed = squad.duration = 0.0
    squad.arrived = True
    return None


def _advance(
    sim: Simulation,
    squad: Squad,
    here: np.ndarray,
    order: O.Advance | O.Withdraw,
    events: list[Event],
) -> str | None:
    if not 0 < order.metres <= 100:
        return refuse("bad_distance", metres=order.metres)
    f = squad.formation
    sign = 1.0 if isinstance(order, O.Advance) else -1.0
    to = (
        f.centre[0] + sign * order.metres * f.heading[0],
        f.centre[1] + sign * order.metres * f.heading[1],
    )
    if (err := check_point(sim, "the new position", to)) is not None:
        return err
    return _reform(sim, squad, f.moved(to))


def _change_formation(
    sim: Simulation,
    squad: Squad,
    here: np.ndarray,
    order: O.ChangeFormation,
    events: list[Event],
) -> str | None:
    if order.formation == "line" and (err := _no_line(squad)) is not None:
        return err
    f = squad.formation
    width = f.width if f.shape == "line" and f.width > 0 else None
    if width is None:
        width = cordon_length_needed(squad.kind, len(squad.members), order.ranks)
    return _reform(sim, squad, Formation(order.formation, f.centre, f.heading, width, order.ranks))


# --- people: approach, talk, arrest, evacuate -------------------------------------------


def _person(sim: Simulation, agent: int, kinds: tuple[int, ...] = (CROWD,)) -> str | None:
    s = sim.slots
    if not 0 <= agent < s.n or s.kind[agent] not in kinds:
        return refuse("no_person", agent=agent)
    if not s.alive[agent]:
        return refuse("person_gone", agent=agent)
    return None


def _approach(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.Approach, events: list[Event]
) -> str | None:
    if (err := _person(sim, order.agent, (CROWD, VIP, OFFICER))) is not None:
        return err
    squad.task = {"type": "approach", "agent": int(order.agent), "held": 0.0}
    return None


def _negotiate(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.Negotiate, events: list[Event]
) -> str | None:
    rule = sim.moves.get(order.move)
    korlap = nearest_korlap(sim, here)
    reason = negotiation.refusal(sim, squad, order.move, rule, korlap)
    if reason:
        return reason
    assert rule is not None  # refusal() refuses a move with no rule
    mind = sim.minds[sim.slots.group[korlap]]
    first = all(m != order.move or how != "landed" for _, m, _, how in mind.moves)
    said = negotiation.apply(sim, squad, order.move, rule, korlap)
    events.append(said)
    if said.data["outcome"] == "landed" and first:  # credit for talking, once a move
        events.append(scoring.judge_dialogue(sim.tick, squad.name, order.move, sim.colour))
    return None


def nearest_korlap(sim: Simulation, here: np.ndarray) -> int:
    """The korlap closest to any member of the squad, within talking range, or -1."""
    s = sim.slots
    korlap = np.flatnonzero(sim.free_crowd_mask() & (s.view("role") == KORLAP))
    if not len(korlap):
        return -1
    pos, _ = sim.positions()
    d = np.hypot(*(pos[korlap][:, None, :] - here[None, :, :]).transpose(2, 0, 1)).min(axis=1)
    best = int(np.argmin(d))
    return int(korlap[best]) if d[best] <= negotiation.TALK_RANGE else -1


def _evacuate(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.Evacuate, events: list[Event]
) -> str | None:
    if not UNIT_KINDS[squad.kind].evacuates:
        return refuse("not_medics", kind=squad.kind)
    if (err := _person(sim, order.agent, (CROWD, OFFICER, VIP))) is not None:
        return err
    if not sim.slots.injured[order.agent]:
        return refuse("not_injured", agent=order.agent)
    squad.task = {"type": "evacuate", "agent": int(order.agent), "held": 0.0}
    return None


def _observe(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.Observe, events: list[Event]
) -> str | None:
    if not squad.unit.observes:
        return refuse("not_intel", squad=squad.name, kind=squad.kind)
    if order.at is not None:
        if (err := check_point(sim, "at", order.at)) is not None:
            return err
        if (err := _reform(sim, squad, squad.formation.moved(order.at))) is not None:
            return err
    intel.start(sim, squad.name)
    return None


# --- force -------------------------------------------------------------------------------


def _use_force(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.UseForce, events: list[Event]
) -> str | None:
    tool = sim.tools.get(order.tool)
    kind = UNIT_KINDS[squad.kind]
    if tool is None:
        return refuse("unknown_tool", tool=order.tool, tools=", ".join(sim.tools))
    if order.tool not in kind.tools:
        carried = ", ".join(kind.tools) or "none"
        return refuse(
            "no_equipment", squad=squad.name, kind=squad.kind, tool=order.tool, carried=carried
        )
    ready = squad.cooldowns.get(order.tool, -1)
    if ready > sim.tick:
        return refuse("not_ready", tool=order.tool, wait=(ready - sim.tick) * sim.dt)
    centre = here.mean(axis=0)
    needs_person = order.tool in ("soft_hand", "hard_hand", "rubber_rounds")
    if needs_person:
        if order.agent is None:
            return refuse("needs_person", tool=order.tool)
        if (err := _person(sim, order.agent)) is not None:
            return err
        if sim.slots.arrested[order.agent] or sim.slots.injured[order.agent]:
            return refuse("already_down", agent=order.agent)
        pos, _ = sim.positions()
        target = pos[order.agent]
    else:
        target = np.asarray(order.at if order.at is not None else centre, dtype=float)
        if order.at is not None and (err := check_point(sim, "at", order.at)) is not None:
            return err
    distance = float(np.hypot(*(target - centre)))
    if distance > tool.range:
        return refuse("out_of_range", tool=order.tool, range=tool.range, distance=distance)
    squad.cooldowns[order.tool] = sim.tick + round(tool.cooldown / sim.dt)
    _TOOLS[order.tool](sim, squad, here, order, target, events)
    return None


def _crowd_within(sim: Simulation, centre: np.ndarray, radius: float) -> np.ndarray:
    pos, _ = sim.positions()
    crowd = np.flatnonzero(sim.free_crowd_mask())
    return crowd[np.hypot(*(pos[crowd] - centre).T) <= radius]


def _presence(
    sim: Simulation,
    squad: Squad,
    here: np.ndarray,
    order: O.UseForce,
    target: np.ndarray,
    events: list[Event],
) -> None:
    radius = sim.tools["presence"].range
    sim.presence.append([float(target[0]), float(target[1]), radius, sim.tick + 30 * 60, 4.0])
    F.land(sim, squad.name, "presence", _crowd_within(sim, target, radius), events)


def _verbal(
    sim: Simulation,
    squad: Squad,
    here: np.ndarray,
    order: O.UseForce,
    target: np.ndarray,
    events: list[Event],
) -> None:
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


def _arrest(
    sim: Simulation,
    squad: Squad,
    here: np.ndarray,
    order: O.UseForce,
    target: np.ndarray,
    events: list[Event],
) -> None:
    assert order.agent is not None  # _use_force refuses an arrest without a person
    squad.task = {"type": "arrest", "agent": int(order.agent), "tool": order.tool, "held": 0.0}


def _baton(
    sim: Simulation,
    squad: Squad,
    here: np.ndarray,
    order: O.UseForce,
    target: np.ndarray,
    events: list[Event],
) -> None:
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


def _water_cannon(
    sim: Simulation,
    squad: Squad,
    here: np.ndarray,
    order: O.UseForce,
    target: np.ndarray,
    events: list[Event],
) -> None:
    from game.sim.hazards import in_jet

    rule = sim.tools["water_cannon"]
    centre = here.mean(axis=0)
    d = unit(target - centre)
    jet = WaterJet(squad.name, d[0], d[1], sim.tick + round(rule.duration / sim.dt), rule.range)
    sim.hazards.jets.append(jet)
    pos, _ = sim.positions()
    crowd = np.flatnonzero(sim.free_crowd_mask())
    F.land(sim, squad.name, "water_cannon", crowd[in_jet(pos[crowd], centre, jet)], events)


def _tear_gas(
    sim: Simulation,
    squad: Squad,
    here: np.ndarray,
    order: O.UseForce,
    target: np.ndarray,
    events: list[Event],
) -> None:
    cloud = GasCloud(float(target[0]), float(target[1]), sim.tick, squad.name)
    sim.hazards.gas.append(cloud)
    F.land(sim, squad.name, "tear_gas", _crowd_within(sim, target, 6.0), events)


def _rubber_rounds(
    sim: Simulation,
    squad: Squad,
    here: np.ndarray,
    order: O.UseForce,
    target: np.ndarray,
    events: list[Event],
) -> None:
    """Aimed at one person; a miss may strike whoever stands next to them."""
    s = sim.slots
    assert order.agent is not None  # _use_force refuses rubber rounds without a person
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


def _request_authorisation(sim: Simulation, events: list[Event]) -> str | None:
    if sim.authorised:
        return refuse("already_authorised")
    if sim.authorisation_due >= 0:
        return refuse("request_pending")
    if sim.colour != "merah":
        return refuse("not_merah", colour=sim.colour)
    sim.authorisation_due = sim.tick + round(AUTHORISATION_DELAY / sim.dt)
    events.append(Event(sim.tick, "authorisation_requested", {}))
    return None


def _operate_gate(sim: Simulation, order: O.OperateGate, events: list[Event]) -> str | None:
    gate = next((g for g in sim.gates if g.name == order.gate), None)
    if gate is None:
        return refuse("no_gate", name=order.gate, names=", ".join(g.name for g in sim.gates))
    if gate.state == "broken":
        return refuse("gate_broken", name=gate.name)
    want = "open" if order.action == "open" else "closed"
    if gate.state == want:
        return refuse("gate_already", name=gate.name, state=want)
    if want == "closed":
        pos, _ = sim.positions()
        people = np.flatnonzero(sim.slots.view("alive") & (sim.slots.view("kind") != 2))
        a, b = np.asarray(gate.a), np.asarray(gate.b)
        ab = b - a
        t = np.clip(((pos[people] - a) @ ab) / float(ab @ ab), 0, 1)
        gap = np.hypot(*(pos[people] - (a + ab * t[:, None])).T) - sim.slots.radius[people]
        in_way = int((gap < 0.15).sum())
        if in_way:
            return refuse("gate_blocked", name=gate.name, count=in_way)
    sim.operate_gate(gate, want)
    events.append(
        Event(sim.tick, "gate_" + ("opened" if want == "open" else "closed"), {"gate": gate.name})
    )
    return None


def _hand_over(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.HandOver, events: list[Event]
) -> str | None:
    outgoing = sim.find_squad(order.relieves)
    if outgoing is None:
        return refuse("no_relieved", name=order.relieves)
    if outgoing is squad:
        return refuse("relieve_self")
    expected = HAND_OVERS[order.kind]
    if (squad.kind, outgoing.kind) != expected:
        return refuse(
            "wrong_handover",
            kind=order.kind,
            incoming=expected[0],
            outgoing=expected[1],
            squad_kind=squad.kind,
            relieved_kind=outgoing.kind,
        )
    if order.kind == "lintas_ganti" and not (sim.colour == "merah" and sim.authorised):
        return refuse("lintas_needs_merah", colour=sim.colour)
    if outgoing.formation.shape != "line":
        return refuse("no_line", squad=outgoing.name)
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


def set_pass_group(sim: Simulation, members: np.ndarray, group: int) -> None:
    """Let two squads walk through each other (or stop them), shape by shape."""
    sim.slots.pass_group[members] = group
    for slot in members.tolist():
        body = sim.bodies.of_slot[slot]
        if body is not None:
            for shape in body.shapes:
                shape.filter = sim.person_filter(slot)


def _deploy(
    sim: Simulation, squad: Squad, here: np.ndarray, order: O.Deploy, events: list[Event]
) -> str | None:
    if sim.tick != 0:
        return refuse("deploy_late")
    deploy = [n for n, k in sim.world.zone_kinds.items() if k == "deploy"]
    if not deploy:
        return refuse("no_deploy_zones")
    if order.a is not None and order.b is not None:
        if (err := _no_line(squad)) is not None:
            return err
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
        return refuse("deploy_needs_place")
    slots = formation.slots(len(squad.members), squad.unit.rank_gap)
    inside = np.zeros(len(slots), dtype=bool)
    for name in deploy:
        inside |= sim.world.inside_zone(name, slots)
    if not inside.all():
        return refuse("outside_deploy", squad=squad.name, zones=", ".join(deploy))
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


SquadOrder = (
    O.FormCordon
    | O.Move
    | O.Hold
    | O.Advance
    | O.Withdraw
    | O.ChangeFormation
    | O.Approach
    | O.Negotiate
    | O.UseForce
    | O.Evacuate
    | O.Observe
    | O.HandOver
    | O.Deploy
)


def _handle(
    sim: Simulation, squad: Squad, here: np.ndarray, order: SquadOrder, events: list[Event]
) -> str | None:
    """The order's own handler (exactly one for each type of squad order)."""
    match order:
        case O.FormCordon():
            return _form_cordon(sim, squad, here, order, events)
        case O.Move():
            return _move(sim, squad, here, order, events)
        case O.Hold():
            return _hold(sim, squad, here, order, events)
        case O.Advance() | O.Withdraw():
            return _advance(sim, squad, here, order, events)
        case O.ChangeFormation():
            return _change_formation(sim, squad, here, order, events)
        case O.Approach():
            return _approach(sim, squad, here, order, events)
        case O.Negotiate():
            return _negotiate(sim, squad, here, order, events)
        case O.UseForce():
            return _use_force(sim, squad, here, order, events)
        case O.Evacuate():
            return _evacuate(sim, squad, here, order, events)
        case O.Observe():
            return _observe(sim, squad, here, order, events)
        case O.HandOver():
            return _hand_over(sim, squad, here, order, events)
        case O.Deploy():
            return _deploy(sim, squad, here, order, events)
        case _:
            raise KeyError(type(order))
