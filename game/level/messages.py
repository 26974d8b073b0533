"""pydantic's validation errors rewritten in an instructor's words.

pydantic says "Input should be a valid number, unable to parse string as a number"; an
instructor who made a typo should read `crowd "massa" (crowd[0]): agitation: expected a
number (got "tinggi")`. Each error's location is followed through the schema, so the message
can name the keys that are allowed there and suggest the one that was probably meant.
"""

from __future__ import annotations

import difflib
import json
from types import UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from game.level.errors import LevelProblem, item_label
from game.level.schema import FORMAT_VERSION, Level

RECT_PARTS = ("x", "y", "width", "height")


def problems_from_validation(exc: ValidationError, raw: Any) -> list[LevelProblem]:
    problems: list[LevelProblem] = []
    suggested: set[tuple[str, str]] = set()  # (item, field) a "did you mean" already points to
    missing: list[LevelProblem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        clean, holders, annotation = _follow(loc)
        where, rest = _split_item(raw, clean)
        field = _field_text(rest)
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(rest[-1]) if rest else "?"
            known = sorted({k for m in holders for k in m.model_fields})
            msg = f'"{key}" is not a known key'
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            if close:
                msg += f'; did you mean "{close[0]}"?'
                suggested.add((where, _field_text((*rest[:-1], close[0]))))
            elif known:
                msg += f" (known keys: {', '.join(known)})"
            problems.append(LevelProblem(where, field, msg))
        elif kind == "missing" and rest and isinstance(rest[-1], int):
            # a point or rect with too few numbers: pydantic reports the first absent one
            parent = _field_text(rest[:-1])
            got = err.get("input")
            n = len(got) if isinstance(got, list) else rest[-1]
            problems.append(LevelProblem(where, parent, f"expected {_shape(clean)}, got {n}"))
        elif kind == "missing":
            p = LevelProblem(where, field, "required but missing")
            missing.append(p)
            problems.append(p)
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            tags = [t for m in _models_in(annotation) for t in _tags_of(m)]
            expected = ", ".join(f'"{t}"' for t in tags)
            ctx = err.get("ctx") or {}
            if kind == "union_tag_not_found":
                msg = f"required but missing; expected one of {expected}"
            else:
                tag = str(ctx.get("tag", "?"))
                what = _tagged_what(clean)
                article = "an" if what[0] in "aeiou" else "a"
                msg = f'"{tag}" is not {article} {what}; expected one of {expected}'
                msg += _did_you_mean(tag, tags)
            problems.append(LevelProblem(where, _field_text((*rest, "type")), msg))
        else:
            msg = _message(err, clean, annotation)
            problems.append(LevelProblem(where, field, msg))
    # A misspelt key is also reported as its correct spelling missing; say it once.
    dropped = {id(p) for p in missing if (p.where, p.field) in suggested}
    out: list[LevelProblem] = []
    for p in problems:
        if id(p) not in dropped and p not in out:
            out.append(p)
    return out


def rule_problems(exc: ValidationError, model: type[BaseModel], at: str) -> list[LevelProblem]:
    """A level's tuning of a rule of negotiation or force (`at`, e.g. "negotiation.listen")
    that does not validate against the rule's model, in the same words as above."""
    out: list[LevelProblem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and "[" in p))
        field = _field_text((at, *loc))
        kind = err["type"]
        top = model.model_fields.get(str(loc[0])) if len(loc) == 1 else None
        if kind == "extra_forbidden":
            key = str(loc[-1]) if loc else "?"
            msg = f'"{key}" is not a known key'
            if len(loc) == 1:
                msg += _did_you_mean(key, list(model.model_fields)) or (
                    f" (known keys: {', '.join(sorted(model.model_fields))})"
                )
        elif kind == "missing":
            msg = "required but missing"
        elif kind == "literal_error" and loc and str(loc[0]) in model.model_fields:
            options = [str(o) for o in _literals_in(model.model_fields[str(loc[0])].annotation)]
            got = err.get("input")
            msg = f"expected one of {', '.join(_show(o) for o in options)} (got {_show(got)})"
            if isinstance(got, str):
                msg += _did_you_mean(got, options)
        else:
            msg = _message(err, loc, top.annotation if top is not None else None)
        problem = LevelProblem("", field, msg)
        if problem not in out:
            out.append(problem)
    return out


def _message(err: Any, clean: tuple[Any, ...], annotation: Any) -> str:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    got = err.get("input")
    shown = f" (got {_show(got)})"
    if kind in ("float_type", "float_parsing"):
        return "expected a number" + shown
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return "expected a whole number" + shown
    if kind in ("bool_type", "bool_parsing"):
        return "expected true or false" + shown
    if kind == "string_type":
        return 'expected text in double quotes, like "..."' + shown
    if kind == "finite_number":
        return "expected a finite number, not nan or inf"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        words = {
            "greater_than": ("must be greater than", "gt"),
            "greater_than_equal": ("must be at least", "ge"),
            "less_than": ("must be less than", "lt"),
            "less_than_equal": ("must be at most", "le"),
        }[kind]
        bound = ctx.get(words[1])
        limit = _number(bound)
        msg = f"{words[0]} {limit}" + shown
        if len(clean) >= 2 and clean[-2] == "rect" and isinstance(clean[-1], int):
            msg = f"{RECT_PARTS[clean[-1]]} {msg}; rect is [x, y, width, height]"
        return msg
    if kind == "literal_error":
        if clean == ("format",):
            return f"this trainer reads level format {FORMAT_VERSION}" + shown
        options = list(get_args(_unwrap(annotation))) if annotation is not None else []
        if not options:
            return f"expected {ctx.get('expected', '?')}" + shown
        listed = ", ".join(_show(o) for o in options)
        msg = f"expected one of {listed}" + shown
        if isinstance(got, str):
            msg += _did_you_mean(got, [str(o) for o in options])
        return msg
    if kind == "string_pattern_mismatch":
        return 'a name may use only letters, digits, "_" and "-", no spaces' + shown
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        keys = sorted({k for m in _models_in(_unwrap(annotation)) for k in m.model_fields})
        if not keys:  # a table of the instructor's own keys, e.g. [negotiation]
            return "expected a table { ... }" + shown
        return f"expected a table {{ ... }} with keys {', '.join(keys)}" + shown
    if kind == "list_type":
        if len(clean) == 1 and clean[0] in Level.model_fields:
            return (
                f"expected a list of items; write each item under [[{clean[0]}]] (double brackets)"
            )
        return "expected a list [ ... ]" + shown
    if kind == "tuple_type":
        return f"expected {_shape(clean)}" + shown
    if kind in ("too_short", "too_long"):
        actual = ctx.get("actual_length")
        if ctx.get("field_type") == "Tuple":
            return f"expected {_shape(clean)}, got {actual} numbers"
        names = [p for p in clean if isinstance(p, str)]
        items = "points" if names and names[-1] in ("polygon", "points") else "items"
        if kind == "too_short":
            return f"needs at least {ctx.get('min_length')} {items}, got {actual}"
        return f"may have at most {ctx.get('max_length')} {items}, got {actual}"
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return str(err["msg"]) + shown


def _number(value: Any) -> str:
    """A bound as an instructor writes it: 1000000, not 1e+06; 0.5 stays 0.5."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:g}" if isinstance(value, float) else str(value)


def _tagged_what(clean: tuple[Any, ...]) -> str:
    """What a tagged item is called: 'formation' for formation.type, 'objective' for an
    item of [[objectives]]."""
    if clean and isinstance(clean[-1], str):
        return str(clean[-1])
    if len(clean) >= 2 and isinstance(clean[-2], str):
        return clean[-2].removesuffix("s")
    return "kind"


def _literals_in(t: Any) -> list[Any]:
    """The values of every Literal inside a type, e.g. the keys of dict[Literal[...], float]."""
    if get_origin(t) is Literal:
        return list(get_args(t))
    return [v for a in get_args(t) for v in _literals_in(a)]


def _did_you_mean(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f'; did you mean "{close[0]}"?' if close else ""


def _shape(clean: tuple[Any, ...]) -> str:
    """What a tuple-valued field looks like, for a message about it."""
    names = [p for p in clean if isinstance(p, str)]
    if names and names[-1] == "rect":
        return "4 numbers [x, y, width, height]"
    return "a point [x, y] of 2 numbers"


def _show(value: Any) -> str:
    """A value as the instructor would have written it in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if len(text) <= 40 else text[:36] + '..."'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return repr(value)[:40]


# --- following a location through the schema ------------------------------------------


def _split_item(raw: Any, loc: tuple[Any, ...]) -> tuple[str, tuple[Any, ...]]:
    """Split a location into the item it is in (named if it has a name) and the field."""
    if len(loc) >= 2 and isinstance(loc[0], str) and isinstance(loc[1], int):
        section, index = loc[0], loc[1]
        name = None
        try:
            item = raw[section][index]
            if isinstance(item, dict) and isinstance(item.get("name"), str):
                name = item["name"]
        except (KeyError, IndexError, TypeError):
            pass
        return item_label(section, index, name), loc[2:]
    return "", loc


def _field_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _follow(loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], list[type[BaseModel]], Any]:
    """Walk loc through the schema.

    Returns the location without the union tags pydantic inserts (e.g. "line" in
    squads.0.formation.line.a), the models that may hold the last key, and the type found
    at loc (None where loc leaves the schema, as at an unknown key).
    """
    clean: list[Any] = []
    holders: list[type[BaseModel]] = []
    current: Any = Level
    for part in loc:
        t = _unwrap(current) if current is not None else None
        if isinstance(part, int):
            clean.append(part)
            current = _element(t, part)
            continue
        models = _models_in(t)
        if len(models) > 1:
            tagged = [m for m in models if part in _tags_of(m)]
            if tagged:
                current = tagged[0]
                continue
        clean.append(part)
        holders = models
        owner = next((m for m in models if part in m.model_fields), None)
        current = owner.model_fields[part].annotation if owner else None
    return tuple(clean), holders, current


def _unwrap(t: Any) -> Any:
    """Strip Annotated[...] and Optional[...] down to the type that holds the value."""
    while True:
        origin = get_origin(t)
        if origin is Annotated:
            t = get_args(t)[0]
            continue
        if origin in (Union, UnionType):
            args = [a for a in get_args(t) if a is not type(None)]
            if len(args) == 1:
                t = args[0]
                continue
        return t


def _element(t: Any, index: int) -> Any:
    origin = get_origin(t)
    args = get_args(t)
    if origin is list and args:
        return args[0]
    if origin is tuple and args:
        if len(args) == 2 and args[1] is Ellipsis:
            return args[0]
        return args[index] if index < len(args) else None
    return None


def _models_in(t: Any) -> list[type[BaseModel]]:
    t = _unwrap(t)
    if isinstance(t, type) and issubclass(t, BaseModel):
        return [t]
    if get_origin(t) in (Union, UnionType):
        return [m for a in get_args(t) for m in _models_in(a)]
    return []


def _tags_of(model: type[BaseModel]) -> tuple[Any, ...]:
    """The values of a model's `type` tag in a tagged union, e.g. ("column", "wedge")."""
    field = model.model_fields.get("type")
    if field is None or get_origin(field.annotation) is not Literal:
        return ()
    return get_args(field.annotation)
