"""What a form shows for each field of a level model, read from the pydantic models.

The panel never lists fields by hand: a field added to game/level/schema.py or script.py
appears in the editor with the widget its type calls for (and the label test asks for its
catalog label). Pure data, no pygame: the forms turn a FieldSpec into widgets.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from game.level.base import Text
from game.level.schema import Briefing, Level
from game.level.script import ACTIONS, CONDITIONS
from game.ui import i18n


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()  # a required field: no default to show

# a text field with one of these names holds the name of another item: a dropdown of them
REFS: dict[str, str] = {
    "zone": "zones",
    "spawn": "zones",
    "goal": "zones",
    "group": "crowd",
    "squad": "squads",
    "gate": "gates",
    "person": "people",
    "phase": "phases",
    "objective": "objectives",
    "trigger": "triggers",
    "move": "moves",  # negotiation moves of game/doctrine/rules/negotiation.toml
    "tool": "tools",  # tools of force of game/doctrine/rules/force.toml
}
SKIPPED = {"format"}  # only one possible value: nothing to edit
MULTILINE = {(Briefing, "situation"), (Briefing, "rules")}
# the kinds of fields a form knows how to edit
Kind = Literal[
    "literal", "bool", "int", "float", "ref", "str", "text", "point", "numbers", "points",
    "model", "union", "union_list", "model_list", "table",
]  # fmt: skip


@dataclass(frozen=True)
class Bounds:
    lo: float | None = None
    lo_open: bool = False  # lo itself not allowed (gt)
    hi: float | None = None
    hi_open: bool = False

    def holds(self, x: float) -> bool:
        if self.lo is not None and (x < self.lo or (self.lo_open and x == self.lo)):
            return False
        return not (self.hi is not None and (x > self.hi or (self.hi_open and x == self.hi)))


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    optional: bool = False  # None / a missing key is allowed (empty entry removes the key)
    default: Any = MISSING
    options: tuple[Any, ...] = ()  # Literal values
    ref: str = ""  # what a "ref" field names: a KINDS list, "moves" or "tools"
    model: type[BaseModel] | None = None  # nested model, or a list's item model
    members: tuple[type[BaseModel], ...] = ()  # the models of a union, by their `type` tag
    size: int = 0  # how many numbers a "numbers"/"point" field has
    number: str = "float"  # "int" or "float": the numbers of a point or a tuple
    bounds: Bounds = field(default_factory=Bounds)
    min_items: int = 0
    multiline: bool = False
    pattern: str = ""  # a name's allowed characters (a regular expression)


def _unwrap(tp: Any) -> tuple[Any, bool, list[Any]]:
    """(the type without None and Annotated, whether None is allowed, constraint metadata)."""
    optional = False
    meta: list[Any] = []
    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            args = get_args(tp)
            tp = args[0]
            for m in args[1:]:
                meta.extend(m.metadata if isinstance(m, FieldInfo) else [m])
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) < len(get_args(tp)):
                optional = True
            if len(members) == 1:
                tp = members[0]
            else:
                return tp, optional, meta
        else:
            return tp, optional, meta


def _bounds(meta: list[Any]) -> Bounds:
    b = Bounds()
    for m in meta:
        if isinstance(m, annotated_types.Ge):
            b = Bounds(float(m.ge), False, b.hi, b.hi_open)  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Gt):
            b = Bounds(float(m.gt), True, b.hi, b.hi_open)  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Le):
            b = Bounds(b.lo, b.lo_open, float(m.le), False)  # type: ignore[arg-type]
        elif isinstance(m, annotated_types.Lt):
            b = Bounds(b.lo, b.lo_open, float(m.lt), True)  # type: ignore[arg-type]
    return b


def _pattern(meta: list[Any]) -> str:
    return next((str(m.pattern) for m in meta if getattr(m, "pattern", None)), "")


def _min_items(meta: list[Any]) -> int:
    return next((int(m.min_length) for m in meta if isinstance(m, annotated_types.MinLen)), 0)


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _union_members(tp: Any) -> tuple[type[BaseModel], ...] | None:
    if get_origin(tp) in (Union, types.UnionType):
        args = get_args(tp)
        if all(_is_model(a) for a in args):
            return tuple(args)
    return None


def _plain(value: Any) -> Any:
    """A model default as the doc holds values: dicts, lists, str, numbers, bools."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", exclude_none=True)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def _number_kind(tp: Any) -> str | None:
    base, _, _ = _unwrap(tp)
    if base is int:
        return "int"
    if base is float:
        return "float"
    return None


def spec_of(model: type[BaseModel], name: str, info: FieldInfo) -> FieldSpec:
    tp, optional, meta = _unwrap(info.annotation)
    meta = list(info.metadata) + meta
    default = MISSING if info.is_required() else _plain(info.get_default(call_default_factory=True))
    if default is None:
        optional = True
    common: dict[str, Any] = {"name": name, "optional": optional, "default": default}
    origin = get_origin(tp)
    if origin is Literal:
        return FieldSpec(kind="literal", options=get_args(tp), **common)
    if tp is bool:
        return FieldSpec(kind="bool", **common)
    if tp in (int, float):
        return FieldSpec(kind="int" if tp is int else "float", bounds=_bounds(meta), **common)
    if tp is str:
        if name in REFS:
            return FieldSpec(kind="ref", ref=REFS[name], **common)
        return FieldSpec(kind="str", pattern=_pattern(meta), **common)
    if tp is Text:
        return FieldSpec(kind="text", multiline=(model, name) in MULTILINE, **common)
    if _is_model(tp):
        return FieldSpec(kind="model", model=tp, **common)
    members = _union_members(tp)
    if members:
        return FieldSpec(kind="union", members=members, **common)
    if origin is tuple:
        args = get_args(tp)
        kinds = [_number_kind(a) for a in args]
        if all(kinds):
            item_bounds = _bounds(_unwrap(args[0])[2])
            kind: Kind = "point" if len(args) == 2 and name != "wind" else "numbers"
            number = "int" if all(k == "int" for k in kinds) else "float"
            return FieldSpec(kind=kind, size=len(args), number=number, bounds=item_bounds, **common)
        return FieldSpec(kind="points", **common)  # a pair of points (a tutorial's gap)
    if origin is list:
        (item,) = get_args(tp)
        item_tp, _, _ = _unwrap(item)
        members = _union_members(item_tp)
        if members:
            return FieldSpec(
                kind="union_list", members=members, min_items=_min_items(meta), **common
            )
        if _is_model(item_tp):
            return FieldSpec(kind="model_list", model=item_tp, **common)
        return FieldSpec(kind="points", **common)
    return FieldSpec(kind="table", **common)  # tuning tables: edited in the file


def fields_of(model: type[BaseModel]) -> list[FieldSpec]:
    """The editable fields of a model, in the file's order; the `type` tag of a union member
    is left out (the union's dropdown picks it)."""
    out = []
    for name, info in model.model_fields.items():
        if name in SKIPPED:
            continue
        spec = spec_of(model, name, info)
        if name == "type" and spec.kind == "literal" and info.is_required():
            continue
        out.append(spec)
    return out


def tags(model: type[BaseModel]) -> tuple[str, ...]:
    """The `type` values a union member accepts (a point formation is a column or a wedge)."""
    info = model.model_fields.get("type")
    if info is None:
        return ()
    return tuple(str(v) for v in get_args(_unwrap(info.annotation)[0]))


def member_for(members: tuple[type[BaseModel], ...], tag: Any) -> type[BaseModel] | None:
    return next((m for m in members if tag in tags(m)), None)


def union_family(members: tuple[type[BaseModel], ...], field_name: str) -> str:
    """Where a union's type names live in the catalog: conditions, actions, objectives have
    their own sections (name and description); other unions are options of their field."""
    if set(members) <= set(CONDITIONS):
        return "condition"
    if set(members) <= set(ACTIONS):
        return "action"
    if set(members) <= set(objective_members()):
        return "objective"
    return f"option.{field_name}"


def objective_members() -> tuple[type[BaseModel], ...]:
    spec = spec_of(Level, "objectives", Level.model_fields["objectives"])
    return spec.members


def all_tags(members: tuple[type[BaseModel], ...]) -> list[str]:
    return [t for m in members for t in tags(m)]


# --- valid defaults ----------------------------------------------------------------------


NamesOf = typing.Callable[[str], list[str]]


def both_languages(key: str, **values: Any) -> dict[str, str]:
    """A new bilingual text from the catalogs of both languages ({id, en})."""
    return {lang: i18n.catalog(lang).get(key, key).format(**values) for lang in i18n.LANGUAGES}


def default_for(
    spec: FieldSpec, names: NamesOf, anchor: tuple[float, float], offset: int = 0
) -> Any:
    """A value a new item may start with: the model's default, else the first option, the
    first item of the kind a name refers to, the smallest number allowed, a point near
    `anchor` (each further point 4 m to the right)."""
    if spec.default is not MISSING and spec.default is not None:
        return spec.default
    kind = spec.kind
    if kind == "literal":
        return spec.options[0]
    if kind == "bool":
        return False
    if kind in ("int", "float"):
        lo = spec.bounds.lo if spec.bounds.lo is not None else 0.0
        if spec.bounds.hi is not None and lo < 0 <= spec.bounds.hi:
            lo = 0.0
        value = lo + (1 if spec.bounds.lo_open else 0)
        return int(value) if kind == "int" else float(value)
    if kind == "ref":
        found = names(spec.ref)
        return found[0] if found else ""
    if kind == "str":
        return "baru"
    if kind == "text":
        # left empty, not "(fill in)": the level is then refused until the instructor writes
        # it (the problems list names the field), where a placeholder would reach trainees
        return {lang: "" for lang in i18n.LANGUAGES}
    if kind == "point":
        return [round(anchor[0] + 4 * offset, 1), round(anchor[1], 1)]
    if kind == "numbers":
        return [0.0] * spec.size
    if kind == "model" and spec.model is not None:
        return new_value(spec.model, names, anchor)
    if kind == "union":
        return new_value(spec.members[0], names, anchor)
    if kind in ("union_list", "model_list", "points"):
        return []
    return {}


def new_value(
    model: type[BaseModel],
    names: NamesOf,
    anchor: tuple[float, float],
    tag: str | None = None,
    keep: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A valid-as-far-as-possible new value of `model` (tagged `tag`): its required fields
    filled in; when the model still refuses (give one of above or below, one of squad or
    group), its optional fields are filled in one by one until it accepts. `keep` are
    values of the previous value carried over where the new model has the same field."""
    value: dict[str, Any] = {}
    if "type" in model.model_fields:
        value["type"] = tag or tags(model)[0]
    points = 0
    specs = fields_of(model)
    for spec in specs:
        if keep is not None and spec.name in keep and spec.name != "type":
            value[spec.name] = keep[spec.name]
        elif spec.default is MISSING:
            value[spec.name] = default_for(spec, names, anchor, points)
        if spec.kind == "point":
            points += 1
    if _valid(model, value):
        return value
    for spec in specs:
        if spec.name not in value and spec.optional:
            value[spec.name] = default_for(spec, names, anchor, points)
            if _valid(model, value):
                return value
    return value


def _valid(model: type[BaseModel], value: dict[str, Any]) -> bool:
    try:
        model.model_validate(value)
    except ValidationError:
        return False
    return True


# --- every model a level reaches (for the label coverage test and docs) ------------------


def reachable_models(root: type[BaseModel] = Level) -> list[type[BaseModel]]:
    """Every model under `root`, following nested models, unions and lists; Text is a
    pair of languages, labelled by the language, not by field."""
    seen: list[type[BaseModel]] = []
    todo = [root]
    while todo:
        model = todo.pop()
        if model in seen or model is Text:
            continue
        seen.append(model)
        for spec in fields_of(model):
            if spec.model is not None:
                todo.append(spec.model)
            todo.extend(spec.members)
    return seen
