"""The run told in words: the timeline, every scored item with its reason, the negotiation
transcript and the headline numbers. Plain data (text, tick, a style class), so the HTML
report and the game's debrief screen show the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from game.debrief import injects
from game.debrief.data import DebriefInput
from game.debrief.text import Words, clock, number

FORCE_FITS, FORCE_EXCESS, FORCE_NOBODY = "fits", "excess", "nobody"
# orders that, carried out, always come with an event saying what they did
SAID_BY_EVENT = ("gate", "request_authorisation")


@dataclass(frozen=True)
class Entry:
    tick: int
    text: str
    style: str  # colour, order, refused, force-fits, force-excess, force-nobody, talk, ...
    note: str = ""  # a second line: a verdict, a reply


@dataclass(frozen=True)
class ScoreLine:
    tick: int
    axis: str
    points: float
    rule: str
    name: str  # the rule in words
    why: str  # what the rule scores, in words
    detail: str  # what this item was about


@dataclass(frozen=True)
class TalkLine:
    tick: int
    who: str
    move: str
    outcome: str  # landed, failed, backfired
    outcome_text: str
    reply: str
    agitation: str  # "52% → 46%"


def force_verdict(data: dict[str, Any]) -> str:
    """Stage used against the stage the targets' behaviour allowed."""
    if not data.get("targets"):
        return FORCE_NOBODY
    if int(data.get("stage", 0)) > int(data.get("allowed_stage", 6)):
        return FORCE_EXCESS
    return FORCE_FITS


def _judged(data: DebriefInput) -> dict[tuple[int, str, str], list[str]]:
    """Which proportionality rules each use of force drew, by (tick, squad, tool)."""
    out: dict[tuple[int, str, str], list[str]] = defaultdict(list)
    for item in data.scored():
        if "tool" in item:
            out[(item["tick"], str(item.get("squad")), str(item["tool"]))].append(item["rule"])
    return out


def _force_text(w: Words, d: dict[str, Any], rules: list[str]) -> tuple[str, str]:
    verdict = force_verdict(d)
    if verdict == FORCE_EXCESS:
        words = [w("verdict.excess", stage=d.get("stage"), allowed=d.get("allowed_stage"))]
    else:
        words = [w(f"verdict.{verdict}")]
    words += [
        w(f"verdict.{r}") for r in ("unauthorised", "no_warning", "indiscriminate") if r in rules
    ]
    text = w(
        "event.force",
        squad=w.squad(d.get("squad")),
        tool=w.tool(d.get("tool")),
        stage=d.get("stage", "?"),
        targets=d.get("targets", 0),
        verdict=", ".join(words),
    )
    return text, f"force-{verdict}"


def timeline(data: DebriefInput, w: Words) -> list[Entry]:
    """Phases and decisions in the order they happened. Orders carried out at once by an
    event that says more (a use of force, a negotiation move) are shown by that event;
    injuries in the same second are counted together."""
    out: list[Entry] = [Entry(0, w("event.start"), "phase")]
    judged = _judged(data)
    shown_by_event = {
        (e["tick"], str(e["data"].get("squad")), str(e["data"].get("tool", e["data"].get("move"))))
        for e in data.of_kind("force_used", "negotiation")
    }
    injured: dict[int, list[dict[str, Any]]] = defaultdict(list)
    failed_at: dict[int, set[str]] = defaultdict(set)  # an inject's provocateur not found
    for e in data.of_kind("provoke_failed"):
        failed_at[int(e["tick"])].add(str(e["data"].get("group")))
    failed = {t: frozenset(g) for t, g in failed_at.items()}
    for e in data.events:
        tick, kind, d = int(e["tick"]), str(e["kind"]), e.get("data", {})
        if kind == "exercise_ended" and data.end is not None:
            continue  # the end entry says who ended it
        if kind == "injured":
            injured[tick // data.tick_rate].append({"tick": tick, **d})
            continue
        entry = _entry(w, tick, kind, d, judged, shown_by_event, failed)
        if entry is not None:
            out.append(entry)
    for items in injured.values():
        out.append(_injuries(w, items))
    if data.end is not None:
        reason = w.of("reason", data.end.get("reason"), other="unfinished")
        out.append(
            Entry(
                int(data.end.get("tick", data.last_tick)),
                w("event.end", reason=reason),
                "phase end",
            )
        )
    # at one tick: the start and phases first, the end last
    order = {"phase": 0, "phase end": 2}
    return sorted(out, key=lambda e: (e.tick, order.get(e.style, 1)))


def _entry(
    w: Words,
    tick: int,
    kind: str,
    d: dict[str, Any],
    judged: dict[tuple[int, str, str], list[str]],
    shown_by_event: set[tuple[int, str, str]],
    failed: dict[int, frozenset[str]],
) -> Entry | None:
    if injects.concerns(kind, d):  # the instructor's, marked as such
        marked = injects.entry_of(w, kind, d, failed.get(tick, frozenset()))
        return Entry(tick, *marked) if marked is not None else None
    if kind == "situation":
        text = w(
            "event.situation",
            was=w.of("colour", d.get("was")),
            colour=w.of("colour", d.get("colour")),
        )
        return Entry(tick, text, f"colour colour-{d.get('colour')}")
    if kind in ("order_applied", "order_refused"):
        order = d.get("order", {}) or {}
        what = str(order.get("tool", order.get("move")))
        if kind == "order_applied" and (tick, str(order.get("squad")), what) in shown_by_event:
            return None
        if order.get("type") == "end_exercise":
            return None  # the exercise_ended event says it, with who ended it
        if kind == "order_applied" and order.get("type") in SAID_BY_EVENT:
            return None
        refused = kind == "order_refused"
        base = "event.refused" if refused else "event.order"
        if "squad" not in order:
            base += "_general"
        text = w(base, squad=w.squad(order.get("squad")), order=w.order(order))
        return Entry(tick, text, "refused" if refused else "order")
    if kind == "force_used":
        rules = judged.get((tick, str(d.get("squad")), str(d.get("tool"))), [])
        text, style = _force_text(w, d, rules)
        return Entry(tick, text, style)
    if kind == "negotiation":
        text = w(
            "event.negotiation",
            squad=w.squad(d.get("squad")),
            group=w.group(d.get("group")),
            move=w.move(d.get("move")),
            outcome=w.of("outcome", d.get("outcome")),
        )
        reply = w.label(d.get("reply"))
        return Entry(tick, text, f"talk talk-{d.get('outcome')}", f"“{reply}”" if reply else "")
    simple = {
        "gate_broken": ("bad", {"gate": lambda: w.gate(d.get("gate"))}),
        "gate_opened": ("order", {"gate": lambda: w.gate(d.get("gate"))}),
        "gate_closed": ("order", {"gate": lambda: w.gate(d.get("gate"))}),
        "evacuated": ("good", {"squad": lambda: w.squad(d.get("squad"))}),
        "hostage_taken": ("bad", {"person": lambda: w.person(d.get("person"))}),
        "hostage_freed": ("good", {"person": lambda: w.person(d.get("person"))}),
        "objective_met": ("good", {"objective": lambda: w.objective(d.get("objective"))}),
        "objective_failed": ("bad", {"objective": lambda: w.objective(d.get("objective"))}),
        "dispersed": ("good", {"minutes": lambda: number(float(d.get("minutes", 0)))}),
        "authorisation_requested": ("order", {}),
        "authorised": ("phase", {}),
        "fire_started": ("bad", {}),
        "crowd_falling": ("bad", {"count": lambda: str(d.get("count", 1))}),
        "fire_out": ("good", {}),
        "deadline_passed": ("phase", {"group": lambda: w.group(d.get("group"))}),
        "exercise_ended": ("phase", {"by": lambda: w(f"event.by_{d.get('by', 'trainee')}")}),
        "reinforcement": ("phase", {"squad": lambda: w.squad(d.get("squad"))}),
        "group_arriving": ("bad", {"group": lambda: w.group(d.get("group"))}),
        "hostage_prevented": ("good", {"person": lambda: w.person(d.get("person"))}),
        "objective_given": ("phase", {"objective": lambda: w.objective(d.get("objective"))}),
    }
    if kind == "phase":
        return Entry(tick, w("event.phase", phase=w.label(d.get("label"))), "phase")
    if kind == "radio":
        said = w.label(d.get("text"))
        if d.get("role"):  # who spoke, as the trainee's radio log named them
            said = f"{injects.speaker(w, str(d['role']))}: {said}"
        return Entry(tick, w("event.radio", text=said), "phase")
    if kind == "level_ended":
        said = w.label(d.get("text"))
        text = w(f"event.level_{d.get('result')}") + (f": {said}" if said else "")
        return Entry(tick, text, "good" if d.get("result") == "won" else "bad")
    if kind == "trigger_fired":  # shown when the instructor gave the beat a label
        trig = next((t for t in w.level.triggers if t.name == d.get("trigger")), None)
        if trig is None or trig.label is None:
            return None
        return Entry(tick, w("event.scripted", what=w.label(trig.label)), "phase")
    if kind == "arrested":
        provocateur = bool(d.get("provocateur"))
        key = "event.arrested_provocateur" if provocateur else "event.arrested_other"
        return Entry(tick, w(key, squad=w.squad(d.get("squad"))), "good" if provocateur else "bad")
    if kind == "suspect_tagged":  # the instructor sees whether Sat Intelkam was right
        right = bool(d.get("provocateur"))
        key = "event.suspect_tagged" if right else "event.suspect_tagged_wrong"
        return Entry(tick, w(key, squad=w.squad(d.get("squad"))), "good" if right else "bad")
    if kind in simple:
        style, values = simple[kind]
        return Entry(tick, w(f"event.{kind}", **{k: f() for k, f in values.items()}), style)
    return None  # objects thrown, squads in position, people leaving: not decisions


def _injuries(w: Words, items: list[dict[str, Any]]) -> Entry:
    officers = [i for i in items if i.get("officer")]
    crowd = [i for i in items if not i.get("officer")]
    parts = []
    for group, key in ((officers, "event.injured_officers"), (crowd, "event.injured_crowd")):
        if not group:
            continue
        causes: dict[str, int] = defaultdict(int)
        for i in group:
            causes[w.of("cause", i.get("cause"))] += 1
        why = ", ".join(f"{c} ×{n}" if n > 1 else c for c, n in sorted(causes.items()))
        parts.append(f"{w(key, count=len(group))} ({why})")
    return Entry(
        int(items[0]["tick"]),
        w("event.injured", count=len(items), what="; ".join(parts)),
        "hurt",
    )


def score_lines(data: DebriefInput, w: Words) -> list[ScoreLine]:
    """Every scored item, in the order it was scored, each with its reason in words."""
    out = []
    for item in data.scored():
        rule = str(item.get("rule", ""))
        out.append(
            ScoreLine(
                tick=int(item["tick"]),
                axis=str(item.get("axis", "")),
                points=float(item.get("points", 0)),
                rule=rule,
                name=w.rule(rule),
                why=w.why(rule),
                detail=_detail(w, rule, item),
            )
        )
    return out


def _detail(w: Words, rule: str, item: dict[str, Any]) -> str:
    if "tool" in item:
        text = w(
            "detail.force",
            squad=w.squad(item.get("squad")),
            tool=w.tool(item.get("tool")),
            stage=item.get("stage", "?"),
            behaviour=w.of("behaviour", item.get("behaviour")),
            allowed=item.get("allowed_stage", "?"),
        )
        if "calm_share" in item:
            share = round(float(item["calm_share"]) * 100)
            text += " " + w("detail.calm_share", share=share)
        return text
    if "move" in item:
        return w("detail.dialogue", squad=w.squad(item.get("squad")), move=w.move(item["move"]))
    if rule in ("crowd_injured", "officer_injured"):
        key = "detail.injured_officer" if rule == "officer_injured" else "detail.injured_crowd"
        return w(key, cause=w.of("cause", item.get("cause")))
    if rule in ("provocateur_arrested", "other_arrested"):
        return w("detail.arrested", squad=w.squad(item.get("squad")))
    if "gate" in item:
        return w("detail.gate", gate=w.gate(item["gate"]))
    if "objective" in item:
        return w("detail.objective", objective=w.objective(item["objective"]))
    if "minutes" in item:
        return w("detail.dispersal", minutes=number(float(item["minutes"])))
    if "person" in item:
        return w("detail.hostage", person=w.person(item["person"]))
    return ""


def transcript(data: DebriefInput, w: Words) -> list[TalkLine]:
    """Every negotiation move made, with the korlap's answer in this language."""
    out = []
    for e in data.of_kind("negotiation"):
        d = e.get("data", {})
        before, after = d.get("agitation_before"), d.get("agitation_after")
        agitation = ""
        if isinstance(before, int | float) and isinstance(after, int | float):
            agitation = f"{round(before * 100)}% → {round(after * 100)}%"
        outcome = str(d.get("outcome", ""))
        out.append(
            TalkLine(
                tick=int(e["tick"]),
                who=w.squad(d.get("squad")),
                move=w.move(d.get("move")),
                outcome=outcome,
                outcome_text=w.of("outcome", outcome),
                reply=w.label(d.get("reply")),
                agitation=agitation,
            )
        )
    return out


def stats(data: DebriefInput, w: Words) -> list[tuple[str, str]]:
    """The headline numbers of the run."""
    samples = [s for _, s in data.metrics]
    arrests = data.of_kind("arrested")
    provocateurs = sum(1 for e in arrests if e.get("data", {}).get("provocateur"))
    injured = data.of_kind("injured")
    officers_hurt = sum(1 for e in injured if e.get("data", {}).get("officer"))
    force = data.of_kind("force_used")
    excess = sum(1 for e in force if force_verdict(e.get("data", {})) == FORCE_EXCESS)
    talks = data.of_kind("negotiation")
    landed = sum(1 for e in talks if e.get("data", {}).get("outcome") == "landed")
    peak_agitation = max((float(s.get("agitation", 0)) for s in samples), default=0.0)

    def peak(key: str) -> int:
        return max((int(s.get(key, 0)) for s in samples), default=0)

    rows = [
        ("stat.peak_present", str(peak("present"))),
        ("stat.peak_agitation", f"{round(peak_agitation * 100)}%"),
        ("stat.peak_active", str(peak("active"))),
        ("stat.injured_crowd", str(len(injured) - officers_hurt)),
        ("stat.injured_officers", str(officers_hurt)),
        ("stat.arrested_provocateurs", str(provocateurs)),
        ("stat.arrested_others", str(len(arrests) - provocateurs)),
        ("stat.gates_broken", str(len(data.of_kind("gate_broken")))),
        ("stat.force_uses", f"{len(force)} ({excess})"),
        ("stat.talks", f"{len(talks)} ({landed})"),
    ]
    return [(w(k), v) for k, v in rows]


def duration(data: DebriefInput) -> str:
    return clock(data.seconds(data.last_tick))
