"""Why an order was refused, as a code with parameters, so every screen can say it in the
trainee's language. The English text (for headless runs and logs) is the string itself.
"""

from __future__ import annotations

from typing import Any

REASONS: dict[str, str] = {
    "no_squad": 'no squad named "{name}"; did you mean "{close}"?',
    "no_squad_list": 'no squad named "{name}" (squads: {names})',
    "nobody_standing": "squad {squad} has nobody left standing",
    "outside_map": "{label} ({x:g}, {y:g}) is outside the map",
    "inside_building": "{label} ({x:g}, {y:g}) is inside building {building}",
    "no_way": "{squad} cannot get to ({x:.0f}, {y:.0f}): no way round",
    "cordon_short": (
        "cordon of {length:.1f} m is too short for {officers} officers in {ranks} rank(s): "
        "needs at least {need:.1f} m"
    ),
    "bad_distance": "distance must be between 0 and 100 m, not {metres:g}",
    "no_person": "there is no such person (#{agent})",
    "person_gone": "#{agent} is no longer here",
    "not_medics": "a {kind} squad does not evacuate; send medics",
    "not_injured": "#{agent} is not injured",
    "not_intel": "{squad} ({kind}) does not observe the crowd; send Sat Intelkam",
    "plain_clothes": "{squad} ({kind}) is in plain clothes and forms no line",
    "unknown_tool": 'unknown tool "{tool}" (tools: {tools})',
    "no_equipment": "{squad} ({kind}) has no {tool} (carries: {carried})",
    "not_ready": "{tool} is not ready for {wait:.0f} s",
    "needs_person": "{tool} needs a person to aim at (agent)",
    "already_down": "#{agent} is already down",
    "out_of_range": "{tool} reaches {range:g} m; the target is {distance:.0f} m away",
    "already_authorised": "merah measures are already authorised",
    "request_pending": "the request is already with the Kapolda",
    "already_ended": "the exercise has already ended",
    "bad_inject": "the inject cannot be carried out: {why}",
    "not_merah": (
        "the Kapolda authorises merah measures only when the situation is merah (it is {colour})"
    ),
    "no_relieved": 'no squad named "{name}" to relieve',
    "relieve_self": "a squad cannot relieve itself",
    "wrong_handover": (
        "{kind} is {incoming} taking over from {outgoing}, not {squad_kind} from {relieved_kind}"
    ),
    "lintas_needs_merah": (
        "lintas ganti needs the situation merah and the Kapolda's authorisation (now {colour})"
    ),
    "no_line": "{squad} is not holding a line to hand over",
    "deploy_late": "squads are deployed before the clock starts; now give them orders",
    "no_deploy_zones": "this level has no deployment zones; the squads start where they stand",
    "deploy_needs_place": "deploy needs a point (at) or a line (a and b)",
    "outside_deploy": "{squad} must stand inside a deployment zone ({zones})",
    "unknown_move": 'unknown negotiation move "{move}" (moves: {moves})',
    "cannot_talk": "a {kind} squad cannot {move}; it takes a negotiator or the Kapolres",
    "korlap_far": (
        "no korlap within {range:g} m of {squad}; send the negotiator to the korlap first"
    ),
    "needs_first": "{move} needs {missing} first",
    "just_made": "{move} was just made; wait {wait:.0f} s",
    "late": "arrived late: stamped for tick {due}, now {now}",
    "no_gate": 'no gate named "{name}" (gates: {names})',
    "gate_broken": "gate {name} is broken; it cannot be opened or closed",
    "gate_already": "gate {name} is already {state}",
    "gate_blocked": "gate {name} cannot close: {count} people stand in the way",
}


# Why an order that was taken could not be carried out after all (the order_failed event:
# game/sim/tasks.py); the English text for headless logs, the catalogs say it on screen.
FAILURES: dict[str, str] = {
    "target_gone": "the person is no longer there",
    "nobody_standing": "nobody is left standing",
    "gate_closed": "gate {gate} is closed in the way",
    "gates_closed": "closed gates are in the way",
    "no_way": "there is no way there",
    "blocked": "the way is blocked",
}


class Refusal(str):
    """The English reason, carrying its code and parameters for translation."""

    code: str
    params: dict[str, Any]

    def __new__(cls, code: str, **params: Any) -> Refusal:
        obj = super().__new__(cls, REASONS[code].format(**params))
        obj.code = code
        obj.params = params
        return obj


def refuse(code: str, **params: Any) -> Refusal:
    return Refusal(code, **params)
