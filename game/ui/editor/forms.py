"""Widgets for the fields of one model value, each writing through the level document.

A FieldSpec (fields.py) becomes a labelled row: a dropdown for a choice or a name of
another item, a Ya/Tidak toggle, a number entry that refuses what is not a number, two
entries for a text in both languages, x/y entries with "pick on map" for a point. Every
committed change is one call on the document (one undo step); a text entry commits on
Enter or when it loses focus, never on each keystroke.
"""

from __future__ import annotations

from typing import Any

import pygame
from pydantic import BaseModel

from game.ui.editor.entries import BilingualField, NumberField, TextField, TupleField
from game.ui.editor.fields import MISSING, FieldSpec, fields_of
from game.ui.editor.form_base import (
    GAP,
    HEADING,
    INDENT,
    LABEL,
    ROW,
    FieldWidget,
    FormContext,
    Place,
    field_label,
    option_label,
)
from game.ui.i18n import tr


class ChoiceField(FieldWidget):
    """A Literal (translated options) or a name of another item (the level's names)."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        self.label = ctx.label(label, ctx.x, ctx.width)
        ctx.y += LABEL
        options = self.options()
        self.menu = ctx.dropdown(options, self.value(), pygame.Rect(ctx.x, ctx.y, ctx.width, ROW))
        ctx.handlers[self.menu.menu] = self._changed
        ctx.y += ROW + GAP

    def options(self) -> list[tuple[str, Any]]:
        spec = self.spec
        if spec.kind == "literal":
            out = [(option_label(spec.name, v), v) for v in spec.options]
            current = self.value()
            if current is not None and current not in spec.options:
                out.append((tr("editor_forms.not_an_option", value=current), current))
        else:
            out = self.ctx.names(spec.ref)
            current = self.value()
            if current not in (None, MISSING, "") and current not in [v for _, v in out]:
                out.append((tr("editor_forms.missing_name", name=current), current))
            if not out and not spec.optional:
                out.append((tr("editor_forms.none_yet"), ""))
        if spec.optional:
            out.insert(0, (tr("editor_forms.none"), None))
        return out

    def value(self) -> Any:
        v = super().value()
        return None if v is MISSING else v

    def load(self) -> bool:
        return self.value() == self.menu.current and len(self.options()) == len(self.menu.values)

    def _changed(self, event: pygame.event.Event) -> None:
        value = self.menu.value_of(event)
        self.menu.current = value
        if value == "" and self.spec.kind == "ref":
            return  # "nothing to choose yet"
        self.write(value)


class ToggleField(FieldWidget):
    """A yes/no field: a button showing Ya/Tidak; a click turns it over."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        width = 90
        self.label = ctx.side_label(label, width)
        self.toggle = ctx.button(
            self._text(), pygame.Rect(ctx.x + ctx.width - width, ctx.y, width, ROW), self._click
        )
        ctx.y += ROW + GAP

    def _text(self) -> str:
        return tr("common.yes") if self.value() else tr("common.no")

    def load(self) -> bool:
        self.toggle.set_text(self._text())
        return True

    def _click(self, _event: pygame.event.Event) -> None:
        self.write(not bool(self.value()))


class PointsNote(FieldWidget):
    """Outlines and lines are drawn on the map; the panel says how many points they have."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        self.shown = self._text()
        self.label = ctx.label(self.shown, ctx.x, ctx.width)
        ctx.y += LABEL + GAP

    def _text(self) -> str:
        v = self.value()
        count = len(v) if isinstance(v, list) else 0
        return tr("editor_forms.points_on_map", field=self.label_text, count=count)

    def load(self) -> bool:
        return self._text() == self.shown


class Section(FieldWidget):
    """The title of a nested table (speed, roles): a problem about the table marks it."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        self.label = ctx.label(label, ctx.x, ctx.width, heading=True)
        ctx.y += HEADING


SIMPLE: dict[str, type[FieldWidget]] = {
    "literal": ChoiceField,
    "ref": ChoiceField,
    "bool": ToggleField,
    "int": NumberField,
    "float": NumberField,
    "str": TextField,
    "text": BilingualField,
    "point": TupleField,
    "numbers": TupleField,
    "points": PointsNote,
}


def build_form(
    ctx: FormContext,
    model: type[BaseModel],
    place: Place,
    skip: tuple[str, ...] = (),
    depth: int = 0,
    only: tuple[str, ...] | None = None,
) -> None:
    """The rows of every field of `model` whose value is at `place`, the item's own name
    first. Nested models become indented sections; unions and lists of conditions or
    actions are built by lists.py."""
    from game.ui.editor.lists import UnionField, UnionList

    specs = [s for s in fields_of(model) if s.name not in skip]
    specs.sort(key=lambda s: s.name != "name")
    if only is not None:
        by_name = {s.name: s for s in specs}
        specs = [by_name[n] for n in only if n in by_name]
    value = place.read(ctx.doc)
    shapes = [s.name for s in specs if s.kind in ("points", "numbers") and s.optional]
    present = [n for n in shapes if isinstance(value, dict) and value.get(n) is not None]
    for spec in specs:
        if spec.name in shapes and present and spec.name not in present:
            continue  # a zone drawn as a rectangle has no outline to count, and back
        label = field_label(model, spec.name)
        child = place.child(spec.name)
        if spec.kind in SIMPLE:
            SIMPLE[spec.kind](ctx, spec, child, label)
        elif spec.kind == "model" and spec.model is not None:
            Section(ctx, spec, child, label)
            ctx.x += INDENT
            ctx.width -= INDENT
            build_form(ctx, spec.model, child, depth=depth + 1)
            ctx.x -= INDENT
            ctx.width += INDENT
        elif spec.kind == "union":
            UnionField(ctx, spec, child, label)
        elif spec.kind == "union_list":
            UnionList(ctx, spec, child, label)
        # lists of models (radio messages, tutorial steps) and tuning tables: in the file
