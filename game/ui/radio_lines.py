"""Each event of a run as the radio says it, and how much it matters.

Every kind of event the simulation emits is listed in KINDS (a test reads the kinds out of
game/sim and fails on one that is missing): what the trainee must act on is IMPORTANT and
stands out; routine reports ("in position") are ROUTINE and may be merged away; None is a
kind the radio does not say (the scorer's bookkeeping, people leaving the map).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from game.doctrine.units import UNIT_KINDS
from game.level.schema import Level
from game.ui import words
from game.ui.i18n import language, text_of, tr

ROUTINE, NEWS, IMPORTANT = "routine", "news", "important"

KINDS: dict[str, str | None] = {
    "squad_in_position": ROUTINE,
    "order_applied": None,  # the squad's own report follows, or the change is seen
    "order_refused": IMPORTANT,
    "order_failed": IMPORTANT,
    "gate_broken": IMPORTANT,
    "gate_opened": NEWS,
    "gate_closed": NEWS,
    "situation": IMPORTANT,
    "negotiation": NEWS,
    "force_used": NEWS,
    "injured": IMPORTANT,
    "crowd_falling": IMPORTANT,  # people down in a crush: it spreads from there
    "officers_hit": NEWS,
    "objects_thrown": None,  # the hits that follow are said
    "arrested": NEWS,
    "evacuated": NEWS,
    "authorisation_requested": NEWS,
    "authorised": IMPORTANT,
    "authorisation_withdrawn": IMPORTANT,
    "hostage_taken": IMPORTANT,
    "hostage_freed": IMPORTANT,
    "hostage_prevented": NEWS,
    "radio": NEWS,
    "phase": NEWS,
    "reinforcement": NEWS,
    "objective_given": NEWS,
    "objective_met": NEWS,  # good news: the red of what needs acting on would mislead
    "objective_failed": IMPORTANT,
    "fire_started": IMPORTANT,
    "fire_out": NEWS,
    "level_ended": IMPORTANT,
    "exercise_ended": None,  # the result screen follows at once
    "dispersed": NEWS,
    "deadline_passed": None,  # the crowd's mood says it
    "agent_exited": None,
    "scored": None,
    "trigger_fired": None,
    "group_arriving": None,  # the level's script says it on the radio in its own words
    "group_changed": None,
    "suspect_tagged": NEWS,  # Sat Intelkam's report: a "?" now marks the person on the map
    # the instructor's own: never on the trainee's radio (the debrief shows them after)
    "escalation": None,
    "note": None,
    "provoke_failed": None,
}


class Line(NamedTuple):
    text: str
    category: str  # ROUTINE, NEWS or IMPORTANT
    squad: str | None = None  # whose report, for merging a squad's routine reports


def squad_label(level: Level, name: str) -> str:
    if not any(q.name == name for q in level.squads):
        return tr("play.someone")
    return words.squad(level, name)


def person(level: Level, name: str) -> str:
    spec = next((p for p in level.people if p.name == name), None)
    return text_of(spec.label) if spec is not None else tr("play.someone")


def failure(sim: Any, level: Level, code: str, params: dict[str, Any]) -> str:
    """Why an order that was taken came to nothing, in words."""
    p = dict(params)
    if "gate" in p:
        p["gate"] = words.gate(str(p["gate"]))
    return tr(f"radio.failure.{code}", **p)


def describe(e: Any, sim: Any, level: Level) -> Line | None:
    """The radio's line for an event, or None for a kind it does not say."""
    category = KINDS.get(e.kind)
    if category is None:
        return None
    text = _text(e, sim, level)
    if not text:
        return None
    squad = e.data.get("squad") if isinstance(e.data.get("squad"), str) else None
    if e.kind == "order_failed" and e.data.get("params", {}).get("waiting"):
        category = NEWS  # waiting at the fence, still able to talk: not a failure
    return Line(text, category, squad)


def _text(e: Any, sim: Any, level: Level) -> str | None:
    d = e.data
    k = e.kind

    def who() -> str:
        return squad_label(level, d["squad"])

    if k == "order_refused":
        order = d["order"]
        name = squad_label(level, order["squad"]) if order.get("squad") else ""
        line = tr("radio.refused", squad=name, order=tr(f"order.{order['type']}"))
        code = d.get("code")
        if not code:
            return line
        return f"{line}: {words.refusal(sim, level, code, d.get('params', {}))}"
    if k == "order_failed" and d.get("params", {}).get("waiting"):
        gate = d["params"].get("gate")
        where = tr("radio.waits_gate", gate=words.gate(gate)) if gate else tr("radio.waits_fence")
        return tr("radio.waits", squad=who(), where=where)
    if k == "order_failed":
        order = tr(f"radio.task.{d['order']}")
        why = failure(sim, level, d["code"], d.get("params", {}))
        return tr("radio.failed", squad=who(), order=order, why=why)
    if k == "squad_in_position":
        return tr("radio.in_position", squad=who())
    if k in ("gate_broken", "gate_opened", "gate_closed"):
        return tr(f"radio.{k}", gate=words.capital(words.gate(d["gate"])))
    if k == "situation":
        return tr("radio.situation", colour=tr(f"colour.{d['colour']}"))
    if k == "negotiation":
        return f"{tr('play.korlap')}: \u201c{d['reply'][language()]}\u201d"
    if k == "force_used":
        return tr("radio.force", squad=who(), tool=words.tool(sim, d["tool"]), stage=d["stage"])
    if k == "injured":
        if not d["officer"]:
            return tr("radio.injured")
        if isinstance(d.get("squad"), str):
            return tr("radio.officer_down_of", squad=who())
        return tr("radio.officer_down")
    if k == "officers_hit":
        return tr("radio.officers_hit", n=d["count"])
    if k in ("arrested", "evacuated", "reinforcement"):
        return tr(f"radio.{k}", squad=who())
    if k in ("authorisation_requested", "authorised", "authorisation_withdrawn"):
        return tr(f"radio.{k}")
    if k in ("hostage_taken", "hostage_freed", "hostage_prevented"):
        return tr(f"radio.{k}", person=person(level, d["person"]))
    if k == "radio":
        role = d.get("role")  # who speaks, as the script or an inject says: never "instructor"
        if isinstance(role, str) and role:
            return f"{tr(f'speaker.{role}')}: {text_of(d['text'])}"
        return text_of(d["text"])
    if k == "phase":
        return tr("radio.phase", phase=text_of(d["label"]))
    if k in ("objective_given", "objective_met", "objective_failed"):
        from game.ui.scenes.briefing import objective_text

        obj = level.objectives[d["objective"]]
        return tr(f"radio.{k}", objective=objective_text(level, obj))
    if k == "level_ended":
        return text_of(d.get("text")) or tr(f"radio.level_{d['result']}")
    if k in ("fire_started", "fire_out", "dispersed", "crowd_falling"):
        return tr(f"radio.{k}")
    if k == "suspect_tagged":
        from game.ui.tags import radio_line

        return radio_line(e, lambda name: squad_label(level, name))
    return None


# --- warnings before harm ---------------------------------------------------------------

DANGER_METRES = 5.0  # an unprotected squad this close to a rioting group is warned
RIOTING_GROUP = 3  # active people within DANGER_METRES that make a group rioting: one
# inciter beside a korlap of a peaceful crowd warned every negotiator (seen in Aksi damai)
CLEAR_METRES = 9.0  # and warned again only after it has been this far from them


def unprotected(kind: str) -> bool:
    """Squads that walk among the crowd with no shield: negotiators, the Kapolres, the
    arrest team, medics."""
    unit = UNIT_KINDS.get(kind)
    # plain clothes (Sat Intelkam) are among the crowd by design: warning them is noise
    return unit is not None and unit.support and not unit.shielded and not unit.plain_clothes


class DangerWatch:
    """Warns once per approach when a squad without shields comes near a rioting crowd, or
    follows the person it approaches into one, before anyone is hurt. A check of the
    frame on screen, not of the simulation: the words need not be deterministic."""

    def __init__(self) -> None:
        self.warned: set[str] = set()

    def check(self, view: Any, sim: Any, level: Level) -> list[Line]:
        from game.sim.slots import CROWD, OFFICER
        from game.ui.view import ACTIVE

        rioters = view.pos[(view.kind == CROWD) & (view.mood == ACTIVE)]
        lines = []
        for i, sq in enumerate(sim.squads):
            if not unprotected(sq.kind):
                continue
            here = view.pos[(view.kind == OFFICER) & (view.squad == i)]
            near = _group_near(here, rioters)
            task = sq.task
            following = None
            if task is not None and task.get("type") == "approach":
                where = np.flatnonzero(view.slots == task["agent"])
                if len(where):
                    to = view.pos[where[0] : where[0] + 1]
                    if _group_near(to, rioters) <= DANGER_METRES and _nearest(here, to) <= 25:
                        following = tr("radio.danger.follows", squad=squad_label(level, sq.name))
            if sq.name in self.warned:
                if near > CLEAR_METRES and following is None:
                    self.warned.discard(sq.name)
                continue
            if near <= DANGER_METRES:
                said = tr("radio.danger.near", squad=squad_label(level, sq.name))
            elif following is not None:
                said = following
            else:
                continue
            self.warned.add(sq.name)
            lines.append(Line(said, IMPORTANT, sq.name))
        return lines


def _nearest(a: np.ndarray, b: np.ndarray) -> float:
    """The shortest distance between any of a and any of b (inf when either is empty)."""
    if not len(a) or not len(b):
        return float("inf")
    return float(np.hypot(*(a[:, None, :] - b[None, :, :]).transpose(2, 0, 1)).min())


def _group_near(a: np.ndarray, rioters: np.ndarray) -> float:
    """How near any of a comes to a rioting group: the distance to its RIOTING_GROUP-th
    nearest rioter (inf when there are not that many)."""
    if not len(a) or len(rioters) < RIOTING_GROUP:
        return float("inf")
    d = np.hypot(*(a[:, None, :] - rioters[None, :, :]).transpose(2, 0, 1))
    return float(np.sort(d, axis=1)[:, RIOTING_GROUP - 1].min())
