"""Orders: the only way anything outside changes the simulation.

The trainee's mouse, an instructor's inject, a headless orders file and a replay all make
these same plain records, so every run can be replayed and tested exactly.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, TypeAdapter, ValidationError

Point = tuple[float, float]
_STRICT = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class FormCordon:
    """Spread the squad in a line from a to b, one or two ranks deep, facing `face`."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    a: Point
    b: Point
    ranks: Literal[1, 2] = 1
    face: Point | None = None
    type: Literal["form_cordon"] = "form_cordon"


@dataclass(frozen=True)
class Move:
    """Walk the squad, keeping its formation, so its centre stands at `to`."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    to: Point
    face: Point | None = None
    type: Literal["move"] = "move"


@dataclass(frozen=True)
class Hold:
    """Stop where the officers stand now and hold that ground."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    type: Literal["hold"] = "hold"


@dataclass(frozen=True)
class Advance:
    """Step the whole formation `metres` toward its front."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    metres: float
    type: Literal["advance"] = "advance"


@dataclass(frozen=True)
class Withdraw:
    """Step the whole formation `metres` back, still facing the front."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    metres: float
    type: Literal["withdraw"] = "withdraw"


@dataclass(frozen=True)
class ChangeFormation:
    """Re-form in place as a line, a column (for moving) or a wedge (to split a crowd)."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    formation: Literal["line", "column", "wedge"]
    ranks: Literal[1, 2] = 1
    type: Literal["change_formation"] = "change_formation"


@dataclass(frozen=True)
class Approach:
    """Walk the squad up to a person (the korlap, someone to arrest, someone injured)."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    agent: int
    type: Literal["approach"] = "approach"


@dataclass(frozen=True)
class Negotiate:
    """Make a negotiation move to the korlap in range (see game/doctrine/rules/negotiation.toml)."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    move: str
    type: Literal["negotiate"] = "negotiate"


@dataclass(frozen=True)
class UseForce:
    """Use a tool of force: at a point (water cannon, tear gas, baton, presence, verbal) or
    on a person (arrests, rubber rounds)."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    tool: str
    at: Point | None = None
    agent: int | None = None
    type: Literal["use_force"] = "use_force"


@dataclass(frozen=True)
class Evacuate:
    """Medics fetch an injured person (or officer) and carry them out."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    agent: int
    type: Literal["evacuate"] = "evacuate"


@dataclass(frozen=True)
class Observe:
    """Sat Intelkam watches the crowd around it for provocateurs (game/sim/intel.py): from
    where it stands, or after walking to `at`. Any other order to the squad ends the watch."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    at: Point | None = None
    type: Literal["observe"] = "observe"


@dataclass(frozen=True)
class HandOver:
    """Lapis ganti (Dalmas Lanjut through Dalmas Awal) or lintas ganti (PHH Brimob takes
    over from Dalmas Lanjut): `squad` takes the line `relieves` holds, which falls back."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    relieves: str
    kind: Literal["lapis_ganti", "lintas_ganti"]
    type: Literal["hand_over"] = "hand_over"


@dataclass(frozen=True)
class Deploy:
    """Before the clock starts: place a squad inside a deployment zone, as a line from a to
    b (with ranks) or gathered at `at`."""

    __pydantic_config__ = _STRICT
    tick: int
    squad: str
    at: Point | None = None
    a: Point | None = None
    b: Point | None = None
    ranks: Literal[1, 2] = 1
    face: Point | None = None
    type: Literal["deploy"] = "deploy"


@dataclass(frozen=True)
class OperateGate:
    """Open a gate (the leaf is swung away) or close it again, if nobody stands in it."""

    __pydantic_config__ = _STRICT
    tick: int
    gate: str
    action: Literal["open", "close"]
    type: Literal["gate"] = "gate"


@dataclass(frozen=True)
class RequestAuthorisation:
    """The Kapolres asks the Kapolda to authorise merah measures (gas, firearms, PHH)."""

    __pydantic_config__ = _STRICT
    tick: int
    type: Literal["request_authorisation"] = "request_authorisation"


@dataclass(frozen=True)
class EndExercise:
    """End the exercise now (F10). An order like any other, so a replay ends where the run
    ended. `by` says who ended it: the trainee or the instructor."""

    __pydantic_config__ = _STRICT
    tick: int
    by: Literal["trainee", "instructor"] = "trainee"
    type: Literal["end_exercise"] = "end_exercise"


@dataclass(frozen=True)
class Inject:
    """An action of the level's script carried out now (an instructor's live inject):
    `action` is a table as a trigger's `do` would hold it."""

    __pydantic_config__ = _STRICT
    tick: int
    action: dict[str, Any]
    by: Literal["instructor", "trainee"] = "instructor"
    type: Literal["inject"] = "inject"


Order = Annotated[
    FormCordon
    | Move
    | Hold
    | Advance
    | Withdraw
    | ChangeFormation
    | Approach
    | Negotiate
    | UseForce
    | Evacuate
    | Observe
    | HandOver
    | Deploy
    | OperateGate
    | RequestAuthorisation
    | EndExercise
    | Inject,
    Field(discriminator="type"),
]
ORDER_TYPES = (
    FormCordon,
    Move,
    Hold,
    Advance,
    Withdraw,
    ChangeFormation,
    Approach,
    Negotiate,
    UseForce,
    Evacuate,
    Observe,
    HandOver,
    Deploy,
    OperateGate,
    RequestAuthorisation,
    EndExercise,
    Inject,
)

_ADAPTER: TypeAdapter[Any] = TypeAdapter(Order)
_LIST_ADAPTER: TypeAdapter[Any] = TypeAdapter(list[Order])


class OrderFormatError(ValueError):
    """An orders file or record that cannot be read; the message names where and why."""


def order_to_json(order: Any) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(order).items()}


def parse_order(data: dict[str, Any]) -> Any:
    return _ADAPTER.validate_python(data)


def _with_ticks(items: Any, tick_rate: int) -> Any:
    """Orders files may give `time` in seconds instead of `tick`, for people writing them."""
    if not isinstance(items, list):
        return items
    out = []
    for item in items:
        if isinstance(item, dict) and "time" in item and "tick" not in item:
            item = dict(item)
            t = item.pop("time")
            if isinstance(t, int | float) and not isinstance(t, bool):
                item["tick"] = round(t * tick_rate)
            else:
                item["tick"] = t
        out.append(item)
    return out


def parse_orders(text: str, source: str = "<orders>", tick_rate: int = 60) -> list[Any]:
    """A JSON list of orders, each with `type`, `squad`, and `tick` (or `time` in seconds)."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise OrderFormatError(
            f"{source}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(raw, list):
        raise OrderFormatError(
            f"{source}: expected a JSON list of orders, got {type(raw).__name__}"
        )
    try:
        return _LIST_ADAPTER.validate_python(_with_ticks(raw, tick_rate))
    except ValidationError as exc:
        lines = []
        for err in exc.errors(include_url=False):
            loc = [p for p in err["loc"] if p not in {t.__name__ for t in ORDER_TYPES}]
            loc = [p for p in loc if not (isinstance(p, str) and p in _type_tags())]
            where = f"order[{loc[0]}]" if loc and isinstance(loc[0], int) else "orders"
            field = ".".join(str(p) for p in loc[1:])
            msg = err["msg"]
            if err["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
                msg = "not a known key for this order"
            elif err["type"] == "missing":
                msg = "required but missing"
            elif err["type"] == "union_tag_invalid":
                msg = f"unknown order type; expected one of {', '.join(sorted(_type_tags()))}"
            elif err["type"] == "union_tag_not_found":
                msg = 'each order needs a "type"'
            lines.append(f"{source}: {where}" + (f": {field}" if field else "") + f": {msg}")
        raise OrderFormatError("\n".join(lines)) from None


def _type_tags() -> set[str]:
    return {t.type for t in ORDER_TYPES}
