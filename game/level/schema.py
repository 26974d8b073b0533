"""Level file format v1: what an instructor may write in levels/*.toml.

Every model forbids unknown keys so a typo is reported instead of silently ignored.
Units are SI: metres, seconds, kilograms, newtons. World coordinates have their origin at
the map's top-left corner with y pointing down, as on screen.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import Field, model_validator

from game.level.base import (
    MAX_PEOPLE,
    MAX_SECONDS,
    Name,
    Point,
    Rect,
    Strict,
    Text,
    WindSpeed,
)
from game.level.script import Action, Phase, Trigger

FORMAT_VERSION: Final = 1


class MapSize(Strict):
    width: float = Field(gt=0, le=1000)
    height: float = Field(gt=0, le=1000)


class Area(Strict):
    """A region given either as an axis-aligned rectangle or as a polygon."""

    rect: Rect | None = None
    polygon: list[Point] | None = Field(default=None, min_length=3, max_length=1000)

    @model_validator(mode="after")
    def _one_shape(self) -> Area:
        if self.rect is None and self.polygon is None:
            raise ValueError(
                "needs a shape: rect = [x, y, width, height] or polygon = [[x, y], ...]"
            )
        if self.rect is not None and self.polygon is not None:
            raise ValueError("has both rect and polygon; keep only one of them")
        return self

    def outline(self) -> list[Point]:
        if self.rect is not None:
            x, y, w, h = self.rect
            return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
        assert self.polygon is not None
        return list(self.polygon)


GroundKind = Literal["road", "courtyard", "grass", "parking", "pavement", "dirt"]


class Ground(Area):
    """Only drawn; it never changes how anyone moves."""

    kind: GroundKind


class Building(Strict):
    name: Name
    polygon: list[Point] = Field(min_length=3, max_length=1000)
    label: Text | None = None


class Wall(Strict):
    name: Name
    kind: Literal["wall", "fence"] = "wall"
    points: list[Point] = Field(min_length=2, max_length=1000)
    thickness: float = Field(default=0.2, gt=0, le=2)


class Gate(Strict):
    """A leaf hinged at `a` and latched at `b`; it breaks when the pull on either holds
    more than `break_force` newtons."""

    name: Name
    a: Point
    b: Point
    break_force: float = Field(gt=0, le=1_000_000, description="newtons")
    mass: float = Field(default=250.0, ge=1, le=10_000, description="kilograms")
    open: bool = False

    @model_validator(mode="after")
    def _length(self) -> Gate:
        if (self.a[0] - self.b[0]) ** 2 + (self.a[1] - self.b[1]) ** 2 < 0.25:
            raise ValueError("a gate must be at least 0.5 m long (a and b too close)")
        return self


ZoneKind = Literal["spawn", "goal", "exit", "measure", "deploy"]


class Zone(Area):
    name: Name
    kind: ZoneKind


class SpeedDistribution(Strict):
    """Desired walking speed v0, drawn per person from a normal distribution, then clipped."""

    mean: float = Field(default=1.34, gt=0, le=6)
    sd: float = Field(default=0.26, ge=0, le=3)
    min: float = Field(default=0.5, gt=0, le=6)
    max: float = Field(default=2.5, gt=0, le=6)

    @model_validator(mode="after")
    def _order(self) -> SpeedDistribution:
        if self.min > self.max:
            raise ValueError("min must not be greater than max")
        return self


class RadiusRange(Strict):
    min: float = Field(default=0.2, ge=0.15, le=0.4)
    max: float = Field(default=0.3, ge=0.15, le=0.4)

    @model_validator(mode="after")
    def _order(self) -> RadiusRange:
        if self.min > self.max:
            raise ValueError("min must not be greater than max")
        return self


class Roles(Strict):
    """How many of a group are field coordinators, agitators and onlookers."""

    korlap: int = Field(default=1, ge=0, le=20, description="field coordinators")
    provokator: int = Field(default=0, ge=0, le=MAX_PEOPLE, description="agitators")
    bystander: int = Field(default=0, ge=0, le=MAX_PEOPLE, description="onlookers and journalists")


class CrowdGroup(Strict):
    name: Name
    count: int = Field(ge=1, le=MAX_PEOPLE)
    spawn: Name
    goal: Name
    speed: SpeedDistribution = SpeedDistribution()
    radius: RadiusRange = RadiusRange()
    agitation: float = Field(
        default=0.0, ge=0, le=1, description="0 walks politely, 1 pushes regardless of gaps"
    )
    spawn_rate: float = Field(
        default=0.0,
        ge=0,
        le=200,
        description="persons per second; 0 places everyone at the start",
    )
    start: float = Field(default=0.0, ge=0, le=MAX_SECONDS, description="seconds after the start")
    roles: Roles = Roles()
    grievance: float = Field(
        default=0.4, ge=0, le=1, description="hardship H of Epstein's rule, mean over the group"
    )
    risk_aversion: float = Field(
        default=0.3, ge=0, le=1, description="mean of R; people who join a protest take risks"
    )
    legitimacy: float = Field(
        default=0.6, ge=0, le=1, description="how legitimate the group holds the police at start"
    )
    sit_in: bool = Field(default=False, description="sit down on reaching the goal zone")
    mind: bool = Field(
        default=True,
        description="false: a calibration crowd; agitation stays as set, nobody turns active",
    )
    on_cue: bool = Field(
        default=False, description="arrives only when a trigger's spawn_group action calls it"
    )


SquadKind = Literal[
    "dalmas_awal",
    "dalmas_lanjut",
    "brimob",
    "tni",
    "negotiator",
    "kapolres",
    "reskrim",
    "water_cannon",
    "medic",
    "intel",
]


class LineFormation(Strict):
    """A cordon: officers spread between a and b, in one or two ranks, facing `face`."""

    type: Literal["line"]
    a: Point
    b: Point
    ranks: Literal[1, 2] = 1
    face: Point | None = None


class PointFormation(Strict):
    """A column or a wedge gathered at `at`, its front toward `face`."""

    type: Literal["column", "wedge"]
    at: Point
    face: Point | None = None


Formation = Annotated[LineFormation | PointFormation, Field(discriminator="type")]


class Squad(Strict):
    name: Name
    kind: SquadKind
    officers: int = Field(ge=1, le=200)
    formation: Formation
    label: Text | None = None
    on_cue: bool = Field(
        default=False, description="not on the map until a trigger's reinforce action"
    )
    intel_error: Annotated[float, Field(ge=0.0, le=1.0)] | None = Field(
        default=None,
        description="intel squads only: the chance a tag lands on a bystander beside the "
        "real suspect (none: 0.1)",
    )

    @model_validator(mode="after")
    def _error_is_for_intel(self) -> Squad:
        if self.intel_error is not None and self.kind != "intel":
            raise ValueError(
                f'intel_error is for squads of kind "intel" (Sat Intelkam), not "{self.kind}"'
            )
        return self


class MeasurementLine(Strict):
    name: Name
    a: Point
    b: Point


class Person(Strict):
    """Someone the police must protect, known by role title only (e.g. the KPU chair)."""

    name: Name
    label: Text
    at: Point


class _Objective(Strict):
    """`name` lets triggers refer to it; `active = false` keeps it from the trainee (and
    unjudged) until a trigger's set_objective gives it."""

    name: Name | None = None
    active: bool = True


class KeepZoneClear(_Objective):
    type: Literal["keep_zone_clear"]
    zone: Name
    max_people: int = Field(default=0, ge=0, le=100_000)
    label: Text | None = None


class ProtectPerson(_Objective):
    type: Literal["protect_person"]
    person: Name
    label: Text | None = None


class FreeHostage(_Objective):
    """The person (a [[people]] entry) is not in a captor group's hands when the run ends:
    met then if free, failed if still held. Usually given by the script when the person is
    seized (`active = false` and a `set_objective`), with the deadline as a trigger, so a
    level lost for another reason never reports a hostage still held as freed."""

    type: Literal["free_hostage"]
    person: Name
    label: Text | None = None


class DisperseBy(_Objective):
    type: Literal["disperse_by"]
    seconds: float = Field(gt=0, le=MAX_SECONDS)
    share: float = Field(default=0.9, gt=0, le=1, description="share of the crowd gone")
    label: Text | None = None


class ArrestProvocateurs(_Objective):
    type: Literal["arrest_provocateurs"]
    share: float = Field(default=0.5, gt=0, le=1)
    label: Text | None = None


class EvacuateInjured(_Objective):
    """Nobody left lying: every injured person (of the crowd, the police, or either) is
    carried out by medics within `within` seconds of falling. Failed the moment someone
    has lain longer; met at the end when nobody did."""

    type: Literal["evacuate_injured"]
    within: float = Field(default=60, gt=0, le=MAX_SECONDS, description="seconds")
    side: Literal["crowd", "police", "any"] = "any"
    label: Text | None = None


Objective = Annotated[
    KeepZoneClear | ProtectPerson | FreeHostage | DisperseBy | ArrestProvocateurs | EvacuateInjured,
    Field(discriminator="type"),
]


class Background(Strict):
    """A site plan or aerial photo drawn under the map in the editor: `image` is a PNG or
    JPEG in the level's own folder (a relative path that cannot leave it), its top-left
    corner `at` these metres, each pixel `metres_per_pixel` across."""

    image: str = Field(min_length=1, max_length=200)
    at: Point = (0.0, 0.0)
    metres_per_pixel: float = Field(gt=0, le=100)
    opacity: float = Field(default=0.6, ge=0, le=1)

    @model_validator(mode="after")
    def _inside_the_folder(self) -> Background:
        name = self.image
        if not name.lower().endswith((".png", ".jpg", ".jpeg")):
            raise ValueError("image must be a .png, .jpg or .jpeg file")
        parts = name.replace("\\", "/").split("/")
        if name.startswith(("/", "\\", "~")) or ":" in name or ".." in parts:
            raise ValueError(
                "image must be a file in the level's own folder (a relative path such as "
                '"site.png" or "images/site.png", without .., a drive or a leading /)'
            )
        return self


class Briefing(Strict):
    """What the trainee reads before the clock starts."""

    situation: Text
    rules: Text = Field(description="rules of engagement for this level")


class RadioMessage(Strict):
    """A scripted message on the radio log at a given time (the KPU post reporting, ...)."""

    at: float = Field(ge=0, le=MAX_SECONDS, description="seconds after the start")
    text: Text


TutorialGoal = Literal[
    "select_squad",
    "box_select",
    "cordon",
    "move",
    "approach",
    "negotiate",
    "use_force",
    "pause",
    "speed",
    "wait",
    "deploy",
    "start",
    "gate_open",
    "gate_close",
    "arrest",
    "authorise",
    "lapis_ganti",
    "lintas_ganti",
    "warn",
    "evacuate",
    "go_code",
    "observe",
]


class TutorialStep(Strict):
    """One step of a tutorial: what to read, and what the trainee must do to go on. A goal
    about an order is met only by an order the run carried out (a refused one teaches the
    wrong thing), and `then` are script actions the run carries out the moment the step is
    passed, so the lesson's world waits for the trainee (the crowd marches only once the
    cordon stands) instead of running ahead while they read."""

    text: Text
    goal: TutorialGoal
    squad: Name | None = None  # the squad the goal is about, if any
    move: Name | None = None  # for goal "negotiate"
    tool: Name | None = None  # for goal "use_force"
    gate: Name | None = None  # for goals "gate_open" and "gate_close"
    seconds: float = Field(default=0, ge=0, le=MAX_SECONDS)  # for goal "wait"
    across: tuple[Point, Point] | None = Field(
        default=None, description='for goal "cordon": the gap (two ends) the cordon must span'
    )
    then: list[Action] = Field(default=[], max_length=32)


class Level(Strict):
    format: Literal[1] = FORMAT_VERSION
    id: Name
    title: Text
    seed: int = Field(default=0, ge=0, lt=2**63)
    map: MapSize
    ground: list[Ground] = []
    buildings: list[Building] = []
    walls: list[Wall] = []
    gates: list[Gate] = []
    zones: list[Zone] = []
    crowd: list[CrowdGroup] = []
    squads: list[Squad] = []
    lines: list[MeasurementLine] = []
    briefing: Briefing | None = None
    background: Background | None = None
    time_limit: float = Field(default=900, gt=0, le=MAX_SECONDS, description="seconds of play")
    par_time: Annotated[float, Field(gt=0, le=MAX_SECONDS)] | None = Field(
        default=None, description="seconds a good run takes, shown on the result"
    )
    radio: list[RadioMessage] = []
    tutorial: list[TutorialStep] = []
    people: list[Person] = []
    objectives: list[Objective] = []
    wind: tuple[WindSpeed, WindSpeed] = Field(
        default=(0.3, 0.0), description="m/s; tear gas drifts with it"
    )
    negotiation: dict[Name, dict[str, Any]] = Field(
        default={}, description="tuning of game/doctrine/rules/negotiation.toml, move by move"
    )
    force: dict[Name, dict[str, Any]] = Field(
        default={}, description="tuning of game/doctrine/rules/force.toml, tool by tool"
    )
    phases: list[Phase] = Field(default=[], max_length=32)
    triggers: list[Trigger] = Field(default=[], max_length=500)

    def zone(self, name: str) -> Zone:
        return next(z for z in self.zones if z.name == name)
