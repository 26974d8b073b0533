"""Choices of shape: a formation's type, and the lists of conditions and actions.

A trigger's `when` and `do` are lists of small typed models (game/level/script.py). Each row
is a type picked from a translated list, a one-line description of that type, and the
type's own fields as a form; rows are added (filled with valid defaults), removed and moved.
Switching a row's type replaces it with the new type's defaults. Nothing is typed as text.
"""

from __future__ import annotations

import math
from typing import Any

import pygame
from pydantic import BaseModel
from pygame_gui.elements import UITextBox

from game.doctrine.units import cordon_length_needed
from game.ui.editor.fields import MISSING, FieldSpec, all_tags, member_for, new_value, union_family
from game.ui.editor.form_base import (
    GAP,
    HEADING,
    INDENT,
    ROW,
    FieldWidget,
    FormContext,
    Place,
)
from game.ui.editor.forms import build_form
from game.ui.i18n import tr

# what a new row of a list starts as, when the list's first type would not suit
FIRST_TAG = {"condition": "time", "action": "radio", "objective": "keep_zone_clear"}


def tag_label(family: str, tag: str) -> str:
    if family.startswith("option."):
        return tr(f"editor_forms.{family}.{tag}")
    return tr(f"editor_forms.{family}.{tag}.name")


def tag_about(family: str, tag: str) -> str:
    if family.startswith("option."):
        return ""
    return tr(f"editor_forms.{family}.{tag}.about")


def anchor_of(ctx: FormContext) -> tuple[float, float]:
    """Where new points go: the middle of the map."""
    size = ctx.doc.get("map") or {}
    try:
        return float(size.get("width", 100)) / 2, float(size.get("height", 100)) / 2
    except (TypeError, ValueError, AttributeError):
        return 50.0, 50.0


def names_of(ctx: FormContext) -> Any:
    return lambda ref: [v for _, v in ctx.names(ref)]


def fresh(
    ctx: FormContext,
    members: tuple[type[BaseModel], ...],
    tag: str,
    old: Any = None,
) -> dict[str, Any]:
    """The defaults of type `tag`; from an old value of another type, its fields of the
    same name (a face, a name, a label) and its first point (where it stood) carry over."""
    model = member_for(members, tag)
    assert model is not None
    anchor = anchor_of(ctx)
    keep: dict[str, Any] = {}
    if isinstance(old, dict):
        for key, value in old.items():
            if key != "type" and key in model.model_fields:
                keep[key] = value
        point = next(
            (v for v in old.values() if isinstance(v, list) and len(v) == 2
             and all(isinstance(c, int | float) for c in v)),
            None,
        )  # fmt: skip
        if point is not None:
            anchor = (float(point[0]), float(point[1]))
    return new_value(model, names_of(ctx), anchor, tag, keep)


class TypeRow(FieldWidget):
    """The dropdown choosing the type of one value of a union; the type's form below."""

    def __init__(
        self,
        ctx: FormContext,
        members: tuple[type[BaseModel], ...],
        family: str,
        place: Place,
        value: Any,
        describe: bool,
    ) -> None:
        name = str(place.path[-1]) if place.path else ""
        super().__init__(ctx, FieldSpec(name=name, kind="union", members=members), place, "")
        self.members = members
        self.tag = value.get("type") if isinstance(value, dict) else None
        options: list[tuple[str, Any]] = [(tag_label(family, t), t) for t in all_tags(members)]
        if self.tag not in [t for _, t in options]:
            options.insert(0, (tr("editor_forms.unknown_type"), self.tag))
        self.menu = ctx.dropdown(options, self.tag, pygame.Rect(ctx.x, ctx.y, ctx.width, ROW))
        ctx.handlers[self.menu.menu] = self._changed
        ctx.y += ROW + 2
        about = tag_about(family, str(self.tag)) if describe and self.tag else ""
        if about:
            box = UITextBox(
                about,
                pygame.Rect(ctx.x, ctx.y, ctx.width, -1),
                ctx.manager,
                container=ctx.container,
            )
            ctx.elements.append(box)
            ctx.y += box.rect.height + 2
        model = member_for(members, self.tag)
        if model is not None:
            ctx.x += INDENT
            ctx.width -= INDENT
            build_form(ctx, model, place)
            ctx.x -= INDENT
            ctx.width += INDENT

    def load(self) -> bool:
        value = self.place.read(self.ctx.doc)
        return (value.get("type") if isinstance(value, dict) else None) == self.tag

    def _changed(self, event: pygame.event.Event) -> None:
        tag = self.menu.value_of(event)
        if tag == self.tag or tag is None:
            return
        old = self.place.read(self.ctx.doc)
        value = fresh(self.ctx, self.members, tag, old)
        value = _long_enough(self.ctx, self.place, value)
        if self.ctx.attempt(lambda: self.place.write(self.ctx.doc, value)):
            self.ctx.edited()


def _long_enough(ctx: FormContext, place: Place, value: dict[str, Any]) -> dict[str, Any]:
    """A squad's new cordon as long as its officers need, shoulder to shoulder (the rule
    the level check applies), so that choosing "line" gives a line that loads."""
    if value.get("type") != "line" or place.ref is None or place.path != ("formation",):
        return value
    squad = ctx.doc.item(place.ref)
    try:
        need = cordon_length_needed(
            str(squad["kind"]), int(squad["officers"]), int(value.get("ranks", 1))
        )
        a = [float(c) for c in value["a"]]
    except (KeyError, TypeError, ValueError):
        return value  # a squad with a kind or a count not yet right: the plain default
    return {**value, "b": [round(a[0] + math.ceil(need + 0.5), 1), a[1]]}


class UnionField(FieldWidget):
    """A nested value of one of several shapes (a squad's formation: line, column, wedge)."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        self.label = ctx.label(label, ctx.x, ctx.width, heading=True)
        ctx.y += HEADING
        value = self.value()
        self.shown = value.get("type") if isinstance(value, dict) else None
        family = union_family(spec.members, spec.name)
        TypeRow(ctx, spec.members, family, place, value, describe=False)

    def load(self) -> bool:
        value = self.value()
        return (value.get("type") if isinstance(value, dict) else None) == self.shown


class UnionList(FieldWidget):
    """A list of typed values (a trigger's conditions or actions): one row each, with
    up / down / remove, and a list to add one more."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        self.family = union_family(spec.members, spec.name)
        self.label = ctx.label(label, ctx.x, ctx.width, heading=True)
        ctx.y += HEADING
        rows = self.rows()
        self.shown = [r.get("type") if isinstance(r, dict) else None for r in rows]
        button_w = 70
        for i, row in enumerate(rows):
            title = tr(f"editor_forms.row.{self.family}", n=i + 1)
            ctx.label(title, ctx.x, ctx.width - 3 * (button_w + 4))
            for j, (word, move) in enumerate((("up", -1), ("down", 1), ("remove", 0))):
                x = ctx.x + ctx.width - (3 - j) * (button_w + 4) + 4
                b = ctx.button(
                    tr(f"editor_forms.{word}"),
                    pygame.Rect(x, ctx.y - 4, button_w, ROW - 4),
                    self._mover(i, move),
                )
                if (move == -1 and i == 0) or (move == 1 and i == len(rows) - 1):
                    b.disable()
                if move == 0 and len(rows) <= spec.min_items:
                    b.disable()  # a trigger needs at least one condition and one action
            ctx.y += ROW - 2
            TypeRow(ctx, spec.members, self.family, place.child(i), row, describe=True)
            ctx.y += GAP
        options: list[tuple[str, Any]] = [(tr(f"editor_forms.add.{self.family}"), None)]
        options += [(tag_label(self.family, t), t) for t in all_tags(spec.members)]
        self.add = ctx.dropdown(options, None, pygame.Rect(ctx.x, ctx.y, ctx.width, ROW))
        ctx.handlers[self.add.menu] = self._add
        ctx.y += ROW + GAP * 2

    def rows(self) -> list[Any]:
        value = self.place.read(self.ctx.doc)
        return list(value) if isinstance(value, list) and value is not MISSING else []

    def load(self) -> bool:
        return [r.get("type") if isinstance(r, dict) else None for r in self.rows()] == self.shown

    def _mover(self, index: int, move: int) -> Any:
        def handler(_event: pygame.event.Event) -> None:
            rows = self.rows()
            if not 0 <= index < len(rows):
                return
            if move == 0:
                del rows[index]
            else:
                other = index + move
                if not 0 <= other < len(rows):
                    return
                rows[index], rows[other] = rows[other], rows[index]
            self.write(rows)

        return handler

    def _add(self, event: pygame.event.Event) -> None:
        tag = self.add.value_of(event)
        if tag is None:
            return
        self.write([*self.rows(), fresh(self.ctx, self.spec.members, tag)])
