"""The level's script run inside the simulation: phases, triggers and their actions.

Checked once per tick after the physics, in file order, so a scripted beat is as
deterministic as the crowd. Every firing and every action is an Event, so the replay and the
debrief show it. An action changes the run through `perform`, the one way in that a trigger
and an instructor's live inject (an `Inject` order) share.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import TypeAdapter

from game.doctrine.formations import unit
from game.doctrine.units import UNIT_KINDS
from game.level import script as S
from game.sim import situation
from game.sim.constants import DT, TICK_RATE
from game.sim.events import Event
from game.sim.formations import Formation
from game.sim.hazards import Fire
from game.sim.slots import CROWD, OFFICER, PROTESTER, PROVOKATOR

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

ACTION: TypeAdapter[Any] = TypeAdapter(S.Action)
COLOURS = ("hijau", "kuning", "merah")
CAPTORS = 3  # provocateurs who seize a person
CAPTOR_REACH = 8.0  # m: farther than this, a cordon in between has kept them off
PROVOKATOR_AGITATION = 0.6


@dataclass
class ScriptState:
    """What the script has done and seen; all of it in the snapshot."""

    phase: str = ""
    phase_since: int = 0
    fired: dict[str, int] = field(default_factory=dict)  # trigger -> times fired
    last_fired: dict[str, int] = field(default_factory=dict)  # trigger -> tick
    due: dict[str, int] = field(default_factory=dict)  # delayed trigger -> tick to fire
    # [move, squad, speaker, landed, group]; runs saved before group was kept have four
    moves: list[list[Any]] = field(default_factory=list)
    force: list[list[Any]] = field(default_factory=list)  # [tool, squad, stage]
    group_start: list[float] = field(default_factory=list)  # s; -1 waits for its cue
    group_goal: list[str] = field(default_factory=list)
    captors: dict[str, list[int]] = field(default_factory=dict)  # person -> slots
    radio_sent: int = 0  # of the level's [[radio]] messages, in time order
    result: str = ""  # won or lost, when the script ended the level
    frozen: bool = False  # the instructor holds the crowd's escalation

    def to_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        if not self.frozen:  # left out unless set: runs recorded before it hash as they did
            del out["frozen"]
        return out

    @staticmethod
    def from_json(d: dict[str, Any]) -> ScriptState:
        return ScriptState(**d)


def initial_state(sim: Simulation) -> ScriptState:
    level = sim.level
    return ScriptState(
        group_start=[-1.0 if g.on_cue else g.start for g in level.crowd],
        group_goal=[g.goal for g in level.crowd],
    )


# --- each tick -----------------------------------------------------------------------------


def observe(sim: Simulation, events: list[Event]) -> None:
    """Remember the moves and the force the conditions ask about."""
    st = sim.script
    for e in events:
        if e.kind == "negotiation":
            d = e.data
            seen = [d["move"], d["squad"], d["speaker"], d["outcome"] == "landed", d["group"]]
            if seen not in st.moves:
                st.moves.append(seen)
        elif e.kind == "force_used":
            seen = [e.data["tool"], e.data["squad"], int(e.data["stage"])]
            if seen not in st.force:
                st.force.append(seen)


def run(sim: Simulation, events: list[Event]) -> None:
    """The radio messages due, then every trigger in file order."""
    st = sim.script
    level = sim.level
    if level.phases and not st.phase:
        _set_phase(sim, level.phases[0].name, events)
    if st.radio_sent < len(level.radio):
        radio = sorted(level.radio, key=lambda m: m.at)
        while st.radio_sent < len(radio) and radio[st.radio_sent].at <= sim.time:
            text = radio[st.radio_sent].text
            events.append(Event(sim.tick, "radio", {"text": {"id": text.id, "en": text.en}}))
            st.radio_sent += 1
    if not level.triggers:
        return
    memo = _Memo(sim)
    for trig in level.triggers:
        due = st.due.get(trig.name)
        if due is not None:
            if sim.tick >= due:
                del st.due[trig.name]
                fire(sim, trig, events)
                memo = _Memo(sim)
            continue
        if not _armed(sim, trig):
            continue
        held = [memo.holds(c) for c in trig.when]
        if not (all(held) if trig.match == "all" else any(held)):
            continue
        if trig.delay > 0:
            st.due[trig.name] = sim.tick + round(trig.delay * TICK_RATE)
        else:
            fire(sim, trig, events)
            # Later triggers in file order see what this one did (a spawn or a
            # reinforcement grows the slot table the old counts were made on).
            memo = _Memo(sim)


def _armed(sim: Simulation, trig: S.Trigger) -> bool:
    st = sim.script
    if trig.phase is not None and st.phase != trig.phase:
        return False
    times = st.fired.get(trig.name, 0)
    if times and trig.once:
        return False
    last = st.last_fired.get(trig.name)
    return last is None or (sim.tick - last) * DT >= trig.repeat


def fire(sim: Simulation, trig: S.Trigger, events: list[Event]) -> None:
    st = sim.script
    st.fired[trig.name] = st.fired.get(trig.name, 0) + 1
    st.last_fired[trig.name] = sim.tick
    events.append(Event(sim.tick, "trigger_fired", {"trigger": trig.name}))
    for action in trig.do:
        perform(sim, action, events, by=trig.name)


class _Memo:
    """One tick's view for the conditions: positions and zone counts read once."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.pos, _ = sim.positions()
        self.free = sim.free_crowd_mask() & ~sim.slots.view("arrested")
        self._zones: dict[tuple[str, str | None], int] = {}

    def people_in(self, zone: str, group: str | None) -> int:
        key = (zone, group)
        if key not in self._zones:
            who = self.free
            if group is not None:
                who = who & (self.sim.slots.view("group") == group_index(self.sim, group))
            slots = np.flatnonzero(who)
            inside = self.sim.world.inside_zone(zone, self.pos[slots]) if len(slots) else None
            self._zones[key] = int(np.count_nonzero(inside)) if inside is not None else 0
        return self._zones[key]

    def holds(self, c: Any) -> bool:
        sim = self.sim
        st = sim.script
        s = sim.slots
        match c:
            case S.TimeReached():
                since = st.phase_since if c.in_phase else 0
                return (sim.tick - since) * DT >= c.after
            case S.PeopleInZone():
                return _beyond(self.people_in(c.zone, c.group), c.above, c.below)
            case S.CrowdMood():
                value = mood_of(sim, c.group, c.measure)
                return value is not None and _beyond(value, c.above, c.below)
            case S.GateBroken():
                return any(g.state == "broken" and c.gate in (None, g.name) for g in sim.gates)
            case S.Negotiated():
                return any(
                    c.move in (None, m[0])
                    and c.squad in (None, m[1])
                    and c.speaker in (None, m[2])
                    and (m[3] or not c.landed)
                    and c.group in (None, *m[4:5])
                    for m in st.moves
                )
            case S.ForceUsed():
                return any(
                    c.tool in (None, tool)
                    and c.squad in (None, squad)
                    and (c.stage_at_least is None or stage >= c.stage_at_least)
                    for tool, squad, stage in st.force
                )
            case S.ObjectiveIs():
                return sim.objectives[objective_index(sim, c.objective)] == c.state
            case S.InjuriesAbove():
                kind = s.view("kind")
                down = s.view("injured")
                if c.side == "crowd":
                    down = down & (kind == CROWD)
                elif c.side == "police":
                    down = down & (kind == OFFICER)
                else:
                    down = down & ((kind == CROWD) | (kind == OFFICER))
                return int(np.count_nonzero(down)) > c.above
            case S.UnitInZone():
                squad = sim.find_squad(c.squad)
                if squad is None:
                    return False
                m = squad.members
                m = m[s.alive[m] & ~s.injured[m]]
                if not len(m):
                    return False
                inside = sim.world.inside_zone(c.zone, self.pos[m])
                return float(np.count_nonzero(inside)) / len(m) >= c.share
            case S.ColourIs():
                have, want = COLOURS.index(sim.colour), COLOURS.index(c.colour)
                return have >= want if c.at_least else have == want
            case S.HostageHeld():
                return sim.hostages.get(c.person, False) == c.held
            case S.CrowdGone():
                return situation.gone_share(sim) >= c.share
            case S.TriggerFired():
                return st.fired.get(c.trigger, 0) > 0
        raise TypeError(f"unknown condition {c!r}")


def _beyond(value: float, above: float | None, below: float | None) -> bool:
    """Above `above`, or below `below` (the schema gives exactly one)."""
    if above is not None:
        return value > above
    return below is not None and value < below


def mood_of(sim: Simulation, group: str | None, measure: str) -> float | None:
    if group is None:
        who = np.flatnonzero(sim.free_crowd_mask())
        minds = [m for k, m in enumerate(sim.minds) if len(sim.group_members(k))]
    else:
        k = group_index(sim, group)
        who = sim.group_members(k)
        minds = [sim.minds[k]]
    if not len(who):
        return None
    if measure == "legitimacy":
        return float(np.mean([m.legitimacy for m in minds]))
    if measure == "active_share":
        return float(sim.slots.active[who].mean())
    return float(sim.slots.agitation[who].mean())


def group_index(sim: Simulation, name: str) -> int:
    return next(k for k, g in enumerate(sim.level.crowd) if g.name == name)


def objective_index(sim: Simulation, name: str) -> int:
    return next(i for i, o in enumerate(sim.level.objectives) if o.name == name)


# --- actions -------------------------------------------------------------------------------


def perform(sim: Simulation, action: Any, events: list[Event], by: str) -> None:
    """Carry out one action; `by` is the trigger (or "instructor") that asked for it."""
    st = sim.script
    about = {"action": action.type, "by": by}
    match action:
        case S.SpawnGroup():
            k = group_index(sim, action.group)
            if st.group_start[k] < 0:
                st.group_start[k] = sim.tick * DT
                sim.minds[k].last_heard_tick = sim.tick
                events.append(Event(sim.tick, "group_arriving", {"group": action.group}))
        case S.ChangeGroup():
            _change_group(sim, action)
            events.append(Event(sim.tick, "group_changed", {"group": action.group, **about}))
        case S.TakeHostage():
            _take_hostage(sim, action, events)
        case S.StartFire():
            x, y = action.at
            until = sim.tick + round(action.seconds * TICK_RATE)
            sim.hazards.fires.append(Fire(float(x), float(y), until, -1))
            events.append(Event(sim.tick, "fire_started", {"x": x, "y": y, "by": by}))
        case S.PutOutFire():
            keep = []
            for f in sim.hazards.fires:
                if action.at is None or np.hypot(f.x - action.at[0], f.y - action.at[1]) <= (
                    action.radius
                ):
                    events.append(Event(sim.tick, "fire_out", {"x": f.x, "y": f.y, "by": by}))
                else:
                    keep.append(f)
            sim.hazards.fires = keep
        case S.SetGate():
            gate = sim.gate(action.gate)
            if gate.state != "broken" and gate.state != action.state:
                sim.operate_gate(gate, action.state)
                kind = "gate_opened" if action.state == "open" else "gate_closed"
                events.append(Event(sim.tick, kind, {"gate": gate.name, "by": by}))
        case S.Injure():
            _injure(sim, action, events)
        case S.Radio():
            text = {"id": action.text.id, "en": action.text.en}
            said: dict[str, Any] = {"text": text, "by": by}
            if action.role is not None:
                said["role"] = action.role
            events.append(Event(sim.tick, "radio", said))
        case S.SetPhase():
            _set_phase(sim, action.phase, events)
        case S.SetColour():
            if action.colour != sim.colour:
                events.append(
                    Event(sim.tick, "situation", {"colour": action.colour, "was": sim.colour})
                )
                sim.colour = action.colour
            sim.calmer_since = -1
        case S.SetAuthorisation():
            if action.granted != sim.authorised:
                sim.authorised = action.granted
                sim.authorisation_due = -1
                kind = "authorised" if action.granted else "authorisation_withdrawn"
                events.append(Event(sim.tick, kind, {"by": "Kapolda"}))
        case S.Reinforce():
            _reinforce(sim, action, events)
        case S.SetObjective():
            i = objective_index(sim, action.objective)
            if action.state == "active":
                if sim.objectives[i] == "inactive":
                    sim.objectives[i] = "pending"
                    events.append(Event(sim.tick, "objective_given", {"objective": i}))
            elif sim.objectives[i] in ("pending", "inactive"):
                situation.decide_objective(sim, i, action.state, events)
        case S.EndLevel():
            if not sim.ended:
                sim.ended = True
                st.result = action.result
                data: dict[str, Any] = {"result": action.result, "by": by}
                if action.text is not None:
                    data["text"] = {"id": action.text.id, "en": action.text.en}
                events.append(Event(sim.tick, "level_ended", data))
        case S.FireTrigger():
            trig = next(t for t in sim.level.triggers if t.name == action.trigger)
            if trig.name in _FIRING:  # a trigger firing one that fires it back: once only
                return
            st.due.pop(trig.name, None)  # a delayed firing waiting is this one, now
            _FIRING.add(trig.name)
            try:
                fire(sim, trig, events)
            finally:
                _FIRING.discard(trig.name)
        case S.Provoke():
            _provoke(sim, action, events, by)
        case S.Escalation():
            if st.frozen != action.frozen:
                st.frozen = action.frozen
                events.append(Event(sim.tick, "escalation", {"frozen": action.frozen, "by": by}))
        case S.Note():
            events.append(Event(sim.tick, "note", {"text": action.text, "by": by}))
        case _:
            raise TypeError(f"unknown action {action!r}")


_FIRING: set[str] = set()  # triggers being fired by a fire_trigger action, in this call


def _provoke(sim: Simulation, a: S.Provoke, events: list[Event], by: str) -> None:
    """The provocateur nearest `at` (or the group's first) throws or incites, through the
    same code as when he does it on his own."""
    from game.sim import harm, mood

    s = sim.slots
    members = sim.group_members(group_index(sim, a.group))
    provok = members[
        (s.role[members] == PROVOKATOR) & ~s.injured[members] & ~s.arrested[members]
    ]
    failed = {"group": a.group, "act": a.act, "by": by}
    if not len(provok):
        events.append(Event(sim.tick, "provoke_failed", {**failed, "why": "no_provocateur"}))
        return
    pick = int(provok[0])
    if a.at is not None:
        pos, _ = sim.positions()
        pick = int(provok[int(np.argmin(np.hypot(*(pos[provok] - np.asarray(a.at)).T)))])
    if a.act == "incite":
        mood.incite(sim, pick)
    elif not harm.throw_one(sim, pick, events):
        events.append(Event(sim.tick, "provoke_failed", {**failed, "why": "no_police"}))


def unknown_name(sim: Simulation, action: Any) -> str | None:
    """What an inject names that this level does not have, before it is carried out."""
    from game.level.script_checks import check_action

    return check_action(sim.level, action)


def perform_json(sim: Simulation, data: dict[str, Any], events: list[Event], by: str) -> None:
    perform(sim, ACTION.validate_python(data), events, by)


def _set_phase(sim: Simulation, name: str, events: list[Event]) -> None:
    st = sim.script
    if st.phase == name:
        return
    st.phase, st.phase_since = name, sim.tick
    phase = next(p for p in sim.level.phases if p.name == name)
    label = {"id": phase.label.id, "en": phase.label.en}
    events.append(Event(sim.tick, "phase", {"phase": name, "label": label}))


def _change_group(sim: Simulation, a: S.ChangeGroup) -> None:
    k = group_index(sim, a.group)
    s = sim.slots
    members = sim.group_members(k)
    if a.goal is not None:
        sim.script.group_goal[k] = a.goal
        sim.group_goal_field[k] = sim.field_names.index(a.goal)
        s.goal[members] = sim.group_goal_field[k]
    if a.agitation is not None:
        s.agitation[members] = a.agitation
    if a.agitation_by is not None:
        s.agitation[members] = np.clip(s.agitation[members] + a.agitation_by, 0.0, 1.0)
    if a.grievance is not None:
        s.hardship[members] = a.grievance
    if a.legitimacy is not None:
        sim.minds[k].legitimacy = a.legitimacy
    if a.provokator is not None:
        role = s.role[members]
        provok = members[role == PROVOKATOR]
        if len(provok) > a.provokator:  # the surplus calm down into the crowd
            back = provok[a.provokator :]
            s.role[back] = PROTESTER
            s.threshold[back] = 0.55
        elif len(provok) < a.provokator:
            plain = members[role == PROTESTER]
            # spread through the group, as arrivals place them
            want = min(a.provokator - len(provok), len(plain))
            pick = plain[np.linspace(0, len(plain) - 1, want).round().astype(int)] if want else []
            s.role[pick] = PROVOKATOR
            s.threshold[pick] = 0.02
            s.hardship[pick] = np.maximum(s.hardship[pick], 0.8)
            s.risk[pick] = np.minimum(s.risk[pick], 0.1)
            s.agitation[pick] = np.maximum(s.agitation[pick], PROVOKATOR_AGITATION)


def _take_hostage(sim: Simulation, a: S.TakeHostage, events: list[Event]) -> None:
    vip = sim.vips[a.person]
    s = sim.slots
    if sim.hostages.get(a.person) or not s.alive[vip] or s.injured[vip]:
        return
    members = sim.group_members(group_index(sim, a.group))
    members = members[~s.arrested[members]]
    if not len(members):
        return
    pos, _ = sim.positions()
    provok = members[s.role[members] == PROVOKATOR]
    pool = provok if len(provok) else members
    d = np.hypot(*(pos[pool] - pos[vip]).T)
    near = np.argsort(d, kind="stable")[:CAPTORS]
    near = near[d[near] <= CAPTOR_REACH]
    if not len(near):  # the police kept them away from the person: the beat does not happen
        events.append(Event(sim.tick, "hostage_prevented", {"person": a.person}))
        return
    captors = pool[near]
    s.role[captors] = PROVOKATOR
    s.active[captors] = True
    s.agitation[captors] = np.maximum(s.agitation[captors], 0.9)
    sim.script.captors[a.person] = [int(c) for c in captors]
    sim.hostages[a.person] = True
    events.append(
        Event(sim.tick, "hostage_taken", {"person": a.person, "group": a.group, "by": "script"})
    )
    from game.sim.harm import outcome

    events.append(outcome(sim.tick, "hostage_taken", person=a.person))


def _injure(sim: Simulation, a: S.Injure, events: list[Event]) -> None:
    from game.sim.harm import injure

    s = sim.slots
    if a.squad is not None:
        squad = sim.find_squad(a.squad)
        who = squad.members if squad is not None else np.zeros(0, dtype=np.intp)
    else:
        who = sim.group_members(group_index(sim, str(a.group)))
    who = who[s.alive[who] & ~s.injured[who] & ~s.arrested[who]]
    if not len(who):
        return
    pick = who[0]
    if a.at is not None:
        pos, _ = sim.positions()
        pick = who[int(np.argmin(np.hypot(*(pos[who] - np.asarray(a.at)).T)))]
    injure(sim, np.array([pick]), a.cause, events)


def _reinforce(sim: Simulation, a: S.Reinforce, events: list[Event]) -> None:
    from game.sim import commands

    if sim.find_squad(a.squad) is not None:
        return
    spec = next(q for q in sim.level.squads if q.name == a.squad)
    final = sim.formation_of(spec)
    enter = np.asarray(a.enter, dtype=float)
    heading = np.asarray(unit(np.subtract(final.centre, enter)), dtype=float)
    # the column's tail at the entry point, the rest of it already on the map
    gap = UNIT_KINDS[spec.kind].rank_gap
    probe = Formation("column", (0.0, 0.0), (float(heading[0]), float(heading[1])))
    tail = (probe.slots(spec.officers, gap) @ heading).min()
    head = enter - heading * min(float(tail), 0.0)
    column = Formation("column", (float(head[0]), float(head[1])), tuple(heading))
    squad = sim.add_squad(spec, column)
    commands.send(sim, squad, final, near=True)
    data = {"squad": a.squad, "x": float(enter[0]), "y": float(enter[1])}
    events.append(Event(sim.tick, "reinforcement", data))
