"""The rules of negotiation and of force, read from data (game/doctrine/rules/*.toml).

Instructors and levels tune these numbers without touching code; the simulation only knows
how to apply an effect, never which move has which effect.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

EffectKey = Literal["agitation", "legitimacy", "hardship", "risk"]
# a change of a 0..1 quantity of the crowd's mind
Effects = dict[EffectKey, Annotated[float, Field(ge=-1, le=1)]]
SECONDS = 3600.0  # the longest cooldown, delay or deadline a rule may set


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Label(_Rule):
    id: str
    en: str


class MoveRule(_Rule):
    label: Label
    who: list[Literal["negotiator", "kapolres"]] = ["negotiator", "kapolres"]
    requires: list[str] = []
    cooldown: float = Field(default=15, ge=0, le=SECONDS)
    effects: Effects = {}
    after: dict[str, Effects] = {}
    sets: list[str] = []
    hot: float = Field(default=1.01, ge=0, le=2)
    hot_effects: Effects = {}
    backfire_after_force: float = Field(default=0, ge=0, le=SECONDS)
    backfire_effects: Effects = {}
    kapolres_bonus: Effects = {}
    disperse_below: float = Field(
        default=-1.0, ge=-1, le=1, description="mean agitation under which the group goes home"
    )
    deadline: float = Field(default=0, ge=0, le=SECONDS, description="seconds")
    reply: Label
    reply_hot: Label | None = None
    reply_backfire: Label | None = None


class ToolRule(_Rule):
    label: Label
    stage: int = Field(ge=1, le=6)
    range: float = Field(gt=0, le=200, description="metres")
    cooldown: float = Field(ge=0, le=SECONDS)
    duration: float = Field(default=0, ge=0, le=SECONDS)
    authorisation: bool = False


def _read(name: str) -> dict:
    text = resources.files("game.doctrine").joinpath("rules", name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def _base(name: str) -> dict[str, Any]:
    return _read(name)


def _merged(name: str, overrides: dict[str, dict[str, Any]] | None) -> dict[str, Any]:
    """The shipped rules with a level's tuning laid over them, key by key."""
    merged = {k: dict(v) for k, v in _base(name).items()}
    for key, changes in (overrides or {}).items():
        merged.setdefault(key, {}).update(changes)
    return merged


def negotiation_moves(overrides: dict[str, dict[str, Any]] | None = None) -> dict[str, MoveRule]:
    rules = _merged("negotiation.toml", overrides)
    return {k: MoveRule.model_validate(v) for k, v in rules.items()}


def force_tools(overrides: dict[str, dict[str, Any]] | None = None) -> dict[str, ToolRule]:
    rules = _merged("force.toml", overrides)
    return {k: ToolRule.model_validate(v) for k, v in rules.items()}
