"""The instructor's injects on the debrief timeline: each one marked as the instructor's, in
words, with the instructor's notes at their time.

During play the trainee saw an inject's effects as the script's or the crowd's own; after the
run, trainee and instructor read here which of them the instructor set going.
"""

from __future__ import annotations

from typing import Any

from game.debrief.text import Words, number
from game.ui.i18n import catalog as full_catalog

INJECT = "inject"  # the timeline style of an instructor's inject
NOTE = "inject note"  # and of the instructor's note


def instructor_inject(order: dict[str, Any]) -> bool:
    """An order the instructor gave (a lesson's own injects are the trainee's)."""
    return order.get("type") == "inject" and order.get("by", "instructor") == "instructor"


def concerns(kind: str, d: dict[str, Any]) -> bool:
    """An event the timeline shows (or hides) as the instructor's."""
    if kind in ("note", "provoke_failed"):
        return True
    if kind == "radio" and d.get("by") == "instructor":
        return True  # said by the inject's own entry, with who spoke
    return kind in ("order_applied", "order_refused") and instructor_inject(
        d.get("order", {}) or {}
    )


def entry_of(
    w: Words, kind: str, d: dict[str, Any], failed: frozenset[str] = frozenset()
) -> tuple[str, str] | None:
    """(text, style) for an event of an inject, or None for one not shown by itself.
    `failed`: the groups whose provocateur an inject at this tick found nobody for (that
    entry says it, in place of the inject's)."""
    if kind == "note":
        return w("inject.note", text=str(d.get("text", ""))), NOTE
    if kind == "radio":
        return None
    if kind == "provoke_failed":
        return w("inject.provoke_failed", group=w.group(d.get("group"))), INJECT
    if kind not in ("order_applied", "order_refused"):
        return None
    order = d.get("order", {}) or {}
    if not instructor_inject(order):
        return None
    action = order.get("action", {}) or {}
    if kind == "order_refused":
        return w("inject.refused", what=what(w, action)), f"{INJECT} refused"
    if action.get("type") == "note":
        return None  # the note's own event shows it
    if action.get("type") == "provoke" and action.get("group") in failed:
        return None
    return w("inject.done", what=what(w, action)), INJECT


def speaker(w: Words, role: str) -> str:
    """Who speaks on the radio, by role title, as the trainee's radio log names them."""
    return full_catalog(w.language).get(f"speaker.{role}") or w.zone(role)


def what(w: Words, a: dict[str, Any]) -> str:
    """What an inject's action did, in words."""
    kind = str(a.get("type", ""))
    v: dict[str, Any] = {}
    if "group" in a:
        v["group"] = w.group(a.get("group"))
    if kind == "change_group" and isinstance(a.get("agitation_by"), int | float):
        by = float(a["agitation_by"])
        key = "inject.agitation_up" if by > 0 else "inject.agitation_down"
        return w(key, group=v["group"], points=round(abs(by) * 100))
    if kind in ("start_fire", "put_out_fire", "provoke") and isinstance(a.get("at"), list):
        v["x"], v["y"] = (number(float(c)) for c in a["at"])
        if kind == "provoke":
            return w(f"inject.provoke_{a.get('act', 'throw')}_at", **v)
    if kind == "provoke":
        return w(f"inject.provoke_{a.get('act', 'throw')}", **v)
    if kind == "fire_trigger":
        trig = next((t for t in w.level.triggers if t.name == a.get("trigger")), None)
        label = w.label(trig.label) if trig is not None and trig.label else ""
        v["beat"] = label or w.zone(a.get("trigger"))
    elif kind == "escalation":
        kind = "escalation_frozen" if a.get("frozen") else "escalation_released"
    elif kind == "radio":
        v["text"] = w.label(a.get("text"))
        role = a.get("role")
        if role:
            v["role"] = speaker(w, str(role))
            kind = "radio_as"
    elif kind == "take_hostage":
        v["person"] = w.person(a.get("person"))
    elif kind == "reinforce":
        v["squad"] = w.squad(a.get("squad"))
    elif kind == "set_gate":
        v["gate"] = w.gate(a.get("gate"))
        kind = f"set_gate_{a.get('state', 'open')}"
    elif kind == "set_phase":
        phase = next((p for p in w.level.phases if p.name == a.get("phase")), None)
        v["phase"] = w.label(phase.label) if phase is not None else w.zone(a.get("phase"))
    elif kind == "set_colour":
        v["colour"] = w.of("colour", a.get("colour"))
    elif kind == "injure":
        v["who"] = w.squad(a.get("squad")) if a.get("squad") else w.group(a.get("group"))
    if w.has(f"inject.{kind}"):
        return w(f"inject.{kind}", **v)
    return w("inject.other")
