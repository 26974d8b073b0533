"""The rules of negotiation and of force, read from data (game/sim/rules/*.toml).

Instructors and levels tune these numbers without touching code; the simulation only knows
how to apply an effect, never which move has which effect.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

EffectKey = Literal["agitation", "legitimacy", "hardship", "risk"]
Effects = dict[EffectKey, float]


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(_Rule):
    id: str
    en: str


class MoveRule(_Rule):
    label: Label
    who: list[Literal["negotiator", "kapolres"]] = ["negotiator", "kapolres"]
    requires: list[str] = []
    cooldown: float = Field(default=15, ge=0)
    effects: Effects = {}
    after: dict[str, Effects] = {}
    sets: list[str] = []
    hot: float = Field(default=1.01, ge=0)
    hot_effects: Effects = {}
    backfire_after_force: float = Field(default=0, ge=0)
    backfire_effects: Effects = {}
    kapolres_bonus: Effects = {}
    disperse_below: float = Field(
        default=-1.0, description="mean agitation under which the group goes home"
    )
    deadline: float = Field(default=0, ge=0, description="seconds")
    reply: Label
    reply_hot: Label | None = None
    reply_backfire: Label | None = None


class ToolRule(_Rule):
    label: Label
    stage: int = Field(ge=1, le=6)
    range: float = Field(gt=0)
    cooldown: float = Field(ge=0)
    duration: float = Field(default=0, ge=0)
    authorisation: bool = False


def _read(name: str) -> dict:
    text = resources.files("game.sim").joinpath("rules", name).read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def negotiation_moves() -> dict[str, MoveRule]:
    return {k: MoveRule.model_validate(v) for k, v in _read("negotiation.toml").items()}


@cache
def force_tools() -> dict[str, ToolRule]:
    return {k: ToolRule.model_validate(v) for k, v in _read("force.toml").items()}
