"""The records of a replay file as pydantic models: nothing from a file is used before it
has been checked against these (a file may have been cut off, damaged or forged)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

_STRICT = ConfigDict(extra="forbid", strict=True)
Tick = Field(ge=0, lt=2**40)


class Parent(BaseModel):
    """The replay a taken-over run continues from, and the tick it took over at."""

    model_config = _STRICT
    file: str = Field(max_length=1000)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    tick: int = Tick


class Header(BaseModel):
    model_config = ConfigDict(extra="ignore", strict=True)  # newer builds may add keys
    type: Literal["header"]
    format: Literal[2]
    app: str = Field(max_length=100)
    python: str = Field(max_length=100)
    numpy: str = Field(max_length=100)
    scipy: str = Field(max_length=100)
    pymunk: str = Field(max_length=100)
    platform: str = Field(max_length=100)
    crowd_model: str = Field(default="1", max_length=20)  # files before it had the first
    created: str = Field(max_length=100)
    trainee: str = Field(max_length=200)
    level_file: str = Field(max_length=1000)
    level_text: str = Field(max_length=5_000_000)
    level_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    seed: int = Field(ge=0, lt=2**63)
    tick_rate: Literal[60]
    parent: Parent | None = None


class OrderRecord(BaseModel):
    model_config = _STRICT
    type: Literal["order"]
    tick: int = Tick
    source: Literal["trainee", "instructor", "file", "replay"]
    order: dict[str, Any]


class HashRecord(BaseModel):
    model_config = _STRICT
    type: Literal["hash"]
    tick: int = Tick
    hash: str = Field(pattern=r"^[0-9a-f]{32}$")
    parts: str = Field(default="", max_length=10_000)  # every few records (docs/replays.md)


class KeyframeRecord(BaseModel):
    model_config = _STRICT
    type: Literal["keyframe"]
    tick: int = Tick
    snapshot: dict[str, Any]


class EventRecord(BaseModel):
    model_config = _STRICT
    type: Literal["event"]
    tick: int = Tick
    kind: str = Field(max_length=100)
    data: dict[str, Any]


class SampleRecord(BaseModel):
    model_config = _STRICT
    type: Literal["metric", "grid"]
    tick: int = Tick
    sample: dict[str, Any]


class EndRecord(BaseModel):
    model_config = _STRICT
    type: Literal["end"]
    tick: int = Tick
    reason: str = Field(max_length=100)
    outcome: float
    proportionality: float
    objectives: list[str]


RECORDS: dict[str, type[BaseModel]] = {
    "order": OrderRecord,
    "hash": HashRecord,
    "keyframe": KeyframeRecord,
    "event": EventRecord,
    "metric": SampleRecord,
    "grid": SampleRecord,
    "end": EndRecord,
}
