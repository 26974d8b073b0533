"""The two-axis score: outcome and proportionality, side by side.

Every scored item is an Event of kind "scored" with the tick, the axis, the points, the rule
applied and what it was about, so a debrief can show why each point was won or lost. The
score card is only ever a sum of those events.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from game.sim.events import Event

# every rule a scored item can be under, in the order a debrief explains them
RULES = (
    "excess",
    "proportionate",
    "no_warning",
    "indiscriminate",
    "unauthorised",
    "dialogue_in_kuning",
    "dialogue",
    "crowd_injured",
    "officer_injured",
    "provocateur_arrested",
    "other_arrested",
    "gate_broken",
    "objective_met",
    "objective_failed",
    "hostage_taken",
    "time_to_dispersal",
)

# proportionality (starts at 100)
EXCESS_PER_STAGE = -12
PROPORTIONATE = 2
NO_WARNING = -6
INDISCRIMINATE = -20  # times the share of calm people hit, when at least a fifth
UNAUTHORISED = -15
DIALOGUE_IN_KUNING = 3
DIALOGUE = 1

# outcome (starts at 50)
CROWD_INJURED = -3
OFFICER_INJURED = -2
PROVOCATEUR_ARRESTED = 4
OTHER_ARRESTED = -3
GATE_BROKEN = -10
OBJECTIVE_MET = 15
OBJECTIVE_FAILED = -15
HOSTAGE_TAKEN = -15


def scored(tick: int, axis: str, points: float, rule: str, **about: Any) -> Event:
    return Event(tick, "scored", {"axis": axis, "points": points, "rule": rule, **about})


def judge_force(tick: int, use: dict[str, Any], needs_authorisation: bool) -> list[Event]:
    """Set the stage used against the highest stage the targets' behaviour allowed."""
    about = {
        "squad": use["squad"],
        "tool": use["tool"],
        "stage": use["stage"],
        "allowed_stage": use["allowed_stage"],
        "behaviour": use["top_behaviour"],
    }
    out = []
    excess = use["stage"] - use["allowed_stage"]
    if not use["targets"]:
        pass  # force that reached nobody: only its authorisation is judged, below
    elif excess > 0:
        out.append(scored(tick, "proportionality", EXCESS_PER_STAGE * excess, "excess", **about))
    elif use["stage"] >= 3:  # presence and words earn nothing by themselves
        out.append(scored(tick, "proportionality", PROPORTIONATE, "proportionate", **about))
    if use["stage"] >= 3 and use["targets"] and not use["warned"]:
        out.append(scored(tick, "proportionality", NO_WARNING, "no_warning", **about))
    if use["stage"] >= 5 and use["calm_share"] >= 0.2:
        points = round(INDISCRIMINATE * use["calm_share"], 2)
        out.append(
            scored(
                tick,
                "proportionality",
                points,
                "indiscriminate",
                calm_share=use["calm_share"],
                **about,
            )
        )
    if needs_authorisation and not use["authorised"]:
        out.append(scored(tick, "proportionality", UNAUTHORISED, "unauthorised", **about))
    return out


def judge_dialogue(tick: int, squad: str, move: str, colour: str) -> Event:
    if colour == "kuning":
        return scored(
            tick,
            "proportionality",
            DIALOGUE_IN_KUNING,
            "dialogue_in_kuning",
            squad=squad,
            move=move,
        )
    return scored(tick, "proportionality", DIALOGUE, "dialogue", squad=squad, move=move)


@dataclass(frozen=True)
class ScoreCard:
    outcome: float  # 0..100
    proportionality: float  # 0..100
    items: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "proportionality": self.proportionality,
            "items": self.items,
        }


def score_card(events: list[Event]) -> ScoreCard:
    items = [e.to_json() for e in events if e.kind == "scored"]
    outcome = 50 + sum(i["points"] for i in items if i["axis"] == "outcome")
    proportion = 100 + sum(i["points"] for i in items if i["axis"] == "proportionality")
    return ScoreCard(
        outcome=round(min(100.0, max(0.0, outcome)), 1),
        proportionality=round(min(100.0, max(0.0, proportion)), 1),
        items=items,
    )
