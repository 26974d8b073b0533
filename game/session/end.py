"""When an exercise is over. Every reason is read from the simulation's state, so a replay
ends exactly where its run ended."""

from __future__ import annotations

from game.sim.constants import DT
from game.sim.simulation import Simulation

DISPERSED_GRACE = 20.0  # s to watch the last of a dispersed crowd leave
REASONS = (
    "level_won",
    "level_lost",
    "ended_by_trainee",
    "ended_by_instructor",
    "time_limit",
    "objectives_decided",
    "dispersed",
)


def reason_to_end(sim: Simulation, ended_by: str = "trainee") -> str | None:
    """Why the exercise ends now, or None while it goes on."""
    if sim.script.result:  # the level's script ended it, won or lost
        return f"level_{sim.script.result}"
    if sim.ended:
        return f"ended_by_{ended_by}"
    if sim.time >= sim.level.time_limit:
        return "time_limit"
    if sim.objectives and all(o in ("met", "failed") for o in sim.objectives):
        return "objectives_decided"
    if sim.dispersed_at >= 0 and (sim.tick - sim.dispersed_at) * DT >= DISPERSED_GRACE:
        return "dispersed"
    return None


def passed(objectives: list[str], result: str = "") -> bool:
    """Whether the trainee passed the level: the script's word when it ended the level
    (won or lost), else every objective given was met (one never given does not count)."""
    if result:
        return result == "won"
    return all(o == "met" for o in objectives if o != "inactive")
