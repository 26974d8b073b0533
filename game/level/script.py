"""Scripting a level: the phases a trainee sees, and triggers ("when ... do ...").

Each condition and each action is one small model tagged by `type`; its docstring is the
instructor's documentation of it (docs/levels.md prints them). Plain data: the simulation
reads these models, they never import it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from game.level.base import Name, Point, Strict, Text

Colour = Literal["hijau", "kuning", "merah"]
Seconds = Annotated[float, Field(ge=0, le=7200)]
Share = Annotated[float, Field(ge=0, le=1)]
Count = Annotated[int, Field(ge=0, le=20000)]  # people
# who speaks on the radio in the drill (Polres OKU Timur, Kodim 0403, the KPU, the crowd)
Speaker = Literal[
    "pos_kpu",
    "kapolres",
    "kabag_ops",
    "kapolda",
    "intelkam",
    "dandim",
    "ketua_kpu",
    "korlap",
    "negosiator",
    "humas",
]
SPEAKERS: tuple[str, ...] = Speaker.__args__  # type: ignore[attr-defined]


class Phase(Strict):
    """A stage of the exercise, shown to the trainee by its label ("Aksi damai"). The first
    phase in the file is on from the start; a `set_phase` action moves to another."""

    name: Name
    label: Text


class _Threshold(Strict):
    """Exactly one of `above` and `below`."""

    @model_validator(mode="after")
    def _one_bound(self) -> _Threshold:
        above = getattr(self, "above", None)
        below = getattr(self, "below", None)
        if (above is None) == (below is None):
            raise ValueError("give exactly one of above = ... or below = ...")
        return self


# --- conditions --------------------------------------------------------------------------


class TimeReached(Strict):
    """True once `after` seconds have passed since the start, or with `in_phase = true`
    since the current phase began."""

    type: Literal["time"]
    after: Seconds
    in_phase: bool = False


class PeopleInZone(_Threshold):
    """The crowd (of `group`, or all of it) inside `zone`, people on their feet and not
    arrested: true when there are more than `above` or fewer than `below`."""

    type: Literal["people_in_zone"]
    zone: Name
    group: Name | None = None
    above: Count | None = None
    below: Count | None = None


class CrowdMood(_Threshold):
    """The mean `measure` of a group (or of the whole crowd on the map), 0..1: `agitation`,
    `active_share` (the share taking part in disorder) or `legitimacy` (how far they accept
    the police). False while the group has nobody on the map."""

    type: Literal["mood"]
    group: Name | None = None
    measure: Literal["agitation", "active_share", "legitimacy"] = "agitation"
    above: Share | None = None
    below: Share | None = None


class GateBroken(Strict):
    """True once `gate` (or any gate, when none is named) has been broken."""

    type: Literal["gate_broken"]
    gate: Name | None = None


class Negotiated(Strict):
    """True once a negotiation move was made: `move` (any when left out), by `squad`
    (a squad's name) or `speaker` (a kind: negotiator, kapolres), to the korlap of crowd
    `group` (any when left out: with two crowds, name the one the beat is about), landed
    or not unless `landed = true`."""

    type: Literal["negotiated"]
    move: Name | None = None
    squad: Name | None = None
    speaker: Literal["negotiator", "kapolres"] | None = None
    group: Name | None = None
    landed: bool = False


class ForceUsed(Strict):
    """True once force was used: `tool` (any when left out), by `squad`, or any tool of
    stage `stage_at_least` or higher (the six stages of Perkap 1/2009)."""

    type: Literal["force_used"]
    tool: Name | None = None
    squad: Name | None = None
    stage_at_least: Annotated[int, Field(ge=1, le=6)] | None = None


class ObjectiveIs(Strict):
    """True when the objective named `objective` is `met` or `failed`."""

    type: Literal["objective"]
    objective: Name
    state: Literal["met", "failed"]


class InjuriesAbove(Strict):
    """True when more than `above` people are down: of the crowd, of the police, or
    of either (`side = "any"`)."""

    type: Literal["injuries"]
    side: Literal["crowd", "police", "any"] = "any"
    above: int = Field(ge=0, le=20000)


class UnitInZone(Strict):
    """True when at least `share` of the squad's officers on their feet stand in `zone`."""

    type: Literal["unit_in_zone"]
    squad: Name
    zone: Name
    share: Share = 0.5


class ColourIs(Strict):
    """True when the situation colour is `colour`, or with `at_least = true` that colour
    or a graver one (hijau < kuning < merah)."""

    type: Literal["colour"]
    colour: Colour
    at_least: bool = False


class HostageHeld(Strict):
    """True while `person` is held as a hostage (or with `held = false`, while free)."""

    type: Literal["hostage"]
    person: Name
    held: bool = True


class CrowdGone(Strict):
    """True when at least `share` of everyone who came has gone home, been arrested or
    carried out."""

    type: Literal["crowd_gone"]
    share: Share


class TriggerFired(Strict):
    """True once the trigger named `trigger` has fired."""

    type: Literal["fired"]
    trigger: Name


Condition = Annotated[
    TimeReached
    | PeopleInZone
    | CrowdMood
    | GateBroken
    | Negotiated
    | ForceUsed
    | ObjectiveIs
    | InjuriesAbove
    | UnitInZone
    | ColourIs
    | HostageHeld
    | CrowdGone
    | TriggerFired,
    Field(discriminator="type"),
]


# --- actions -------------------------------------------------------------------------------


class SpawnGroup(Strict):
    """A crowd group written with `on_cue = true` starts arriving now, at its own
    `spawn_rate` (or all at once when that is 0)."""

    type: Literal["spawn_group"]
    group: Name


class ChangeGroup(Strict):
    """Change a group on the map: its `goal` zone (an exit zone sends them home), its mood
    (`agitation`, `legitimacy`, `grievance`, 0..1, set for everyone in it; `agitation_by`,
    -1..1, raises or lowers everyone's agitation by that much, kept within 0..1), or its role
    mix (`provokator`: how many of its people are provocateurs from now on)."""

    type: Literal["change_group"]
    group: Name
    goal: Name | None = None
    agitation: Share | None = None
    agitation_by: Annotated[float, Field(ge=-1, le=1)] | None = None
    legitimacy: Share | None = None
    grievance: Share | None = None
    provokator: Count | None = None


class TakeHostage(Strict):
    """The provocateurs of `group` seize `person` (someone of [[people]]): up to three of
    them within 8 m of the person close in and hold the person until they are arrested or
    calmed. With none of them that close (the police kept them off), nothing happens."""

    type: Literal["take_hostage"]
    person: Name
    group: Name


class StartFire(Strict):
    """Tyres (or anything) burn at `at` for `seconds`; fire makes the situation merah."""

    type: Literal["start_fire"]
    at: Point
    seconds: Annotated[float, Field(gt=0, le=7200)] = 120


class PutOutFire(Strict):
    """Put out every fire within `radius` metres of `at`, or every fire when `at` is
    left out."""

    type: Literal["put_out_fire"]
    at: Point | None = None
    radius: Annotated[float, Field(gt=0, le=1000)] = 5


class SetGate(Strict):
    """Open or close `gate` (a broken gate stays broken)."""

    type: Literal["set_gate"]
    gate: Name
    state: Literal["open", "closed"]


class Injure(Strict):
    """A casualty, as an instructor injects one in a drill: an officer of `squad`, or a
    person of crowd `group` (exactly one of them), falls injured and lies until medics carry
    them out: the one on their feet nearest `at`, or the squad's or group's first when `at`
    is left out. Nothing happens when nobody of them is on their feet."""

    type: Literal["injure"]
    squad: Name | None = None
    group: Name | None = None
    at: Point | None = None
    cause: Literal["thrown_object", "crush"] = "thrown_object"

    @model_validator(mode="after")
    def _one_of(self) -> Injure:
        if (self.squad is None) == (self.group is None):
            raise ValueError("give exactly one of squad = ... or group = ...")
        return self


class Radio(Strict):
    """A message on the radio log, in both languages; with `role` (pos_kpu, kapolres,
    kabag_ops, kapolda, intelkam, dandim, ketua_kpu, korlap, negosiator, humas) the log
    names who speaks ("Kapolres: ...")."""

    type: Literal["radio"]
    text: Text
    role: Speaker | None = None


class FireTrigger(Strict):
    """Carry out the `do` of the trigger named `trigger` now, as if its conditions held. It
    counts as fired: a `once` trigger does not fire again by itself."""

    type: Literal["fire_trigger"]
    trigger: Name


class Provoke(Strict):
    """A provocateur of `group` (the one on his feet nearest `at`, or the group's first when
    `at` is left out) throws an object at the nearest officer (`act = "throw"`) or stirs up
    those around him (`act = "incite"`) now, as he would on his own. Nothing happens when
    the group has no provocateur on his feet."""

    type: Literal["provoke"]
    group: Name
    act: Literal["throw", "incite"] = "throw"
    at: Point | None = None


class Escalation(Strict):
    """Freeze the crowd (`frozen = true`): its agitation no longer rises by itself and nobody
    newly takes part in disorder; `frozen = false` lets it escalate again."""

    type: Literal["escalation"]
    frozen: bool


class Note(Strict):
    """An instructor's note (`text`, up to 500 characters): changes nothing in the run; the
    debrief shows it on the timeline at its time. The trainee never sees it while playing."""

    type: Literal["note"]
    text: Annotated[str, Field(min_length=1, max_length=500)]


class SetPhase(Strict):
    """Move the exercise into `phase` (a name of [[phases]])."""

    type: Literal["set_phase"]
    phase: Name


class SetColour(Strict):
    """Declare the situation colour; it rises on its own again if the crowd's behaviour
    calls for it, and falls after half a minute of calm."""

    type: Literal["set_colour"]
    colour: Colour


class SetAuthorisation(Strict):
    """The Kapolda grants (or, with `granted = false`, withdraws) authorisation for PHH
    Brimob, tear gas and rubber rounds."""

    type: Literal["authorise"]
    granted: bool = True


class Reinforce(Strict):
    """A squad written with `on_cue = true` arrives: it appears at `enter` (a point at the
    map's edge) and walks to the formation the level gives it (Brimob from Belitang)."""

    type: Literal["reinforce"]
    squad: Name
    enter: Point


class SetObjective(Strict):
    """Give the trainee an objective written with `active = false` (`state = "active"`),
    or decide one now: `met` or `failed`."""

    type: Literal["set_objective"]
    objective: Name
    state: Literal["active", "met", "failed"]


class EndLevel(Strict):
    """End the exercise now with `result` won or lost, and say why in `text`."""

    type: Literal["end_level"]
    result: Literal["won", "lost"]
    text: Text | None = None


Action = Annotated[
    SpawnGroup
    | ChangeGroup
    | TakeHostage
    | StartFire
    | PutOutFire
    | SetGate
    | Injure
    | Radio
    | SetPhase
    | SetColour
    | SetAuthorisation
    | Reinforce
    | SetObjective
    | EndLevel
    | FireTrigger
    | Provoke
    | Escalation
    | Note,
    Field(discriminator="type"),
]

CONDITIONS: tuple[type[Strict], ...] = (
    TimeReached,
    PeopleInZone,
    CrowdMood,
    GateBroken,
    Negotiated,
    ForceUsed,
    ObjectiveIs,
    InjuriesAbove,
    UnitInZone,
    ColourIs,
    HostageHeld,
    CrowdGone,
    TriggerFired,
)
ACTIONS: tuple[type[Strict], ...] = (
    SpawnGroup,
    ChangeGroup,
    TakeHostage,
    StartFire,
    PutOutFire,
    SetGate,
    Injure,
    Radio,
    SetPhase,
    SetColour,
    SetAuthorisation,
    Reinforce,
    SetObjective,
    EndLevel,
    FireTrigger,
    Provoke,
    Escalation,
    Note,
)


class Trigger(Strict):
    """When the conditions hold (`match = "all"`, or `"any"` of them), do the actions, in
    order. Checked every tick after the physics, in file order. `once` (the default) fires
    it a single time; with `once = false` it fires again each time its conditions hold,
    at most every `repeat` seconds. `phase` limits it to one phase; `delay` waits that many
    seconds between the conditions holding and the actions."""

    name: Name
    label: Text | None = Field(
        default=None, description="what happened, as the debrief and the replay tell it"
    )
    when: list[Condition] = Field(min_length=1, max_length=32)
    match: Literal["all", "any"] = "all"
    do: list[Action] = Field(min_length=1, max_length=32)
    once: bool = True
    phase: Name | None = None
    delay: Seconds = 0
    repeat: Seconds = 0
