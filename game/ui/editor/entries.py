"""Typed entries: numbers, points, names and texts in both languages.

An entry commits on Enter or when it loses focus, never on each keystroke; what does not
parse (a letter in a number, a number out of its range) turns the entry red, says why on
the panel's message line and writes nothing.
"""

from __future__ import annotations

import re
from typing import Any

import pygame
import pygame_gui
from pygame_gui.elements import (
    UIButton,
    UITextEntryBox,
)

from game.editor.document import KINDS, ItemRef, LevelDocument
from game.ui import i18n
from game.ui.editor.fields import MISSING, REFS, FieldSpec
from game.ui.editor.form_base import (
    ERROR_ID,
    GAP,
    INDENT,
    LABEL,
    ROW,
    FieldWidget,
    FormContext,
    Place,
    number_text,
)
from game.ui.i18n import tr


class EntryField(FieldWidget):
    """Entries committed on Enter or when they lose focus. Subclasses say how the texts
    become a value (or why they do not: the entries turn red, nothing is written)."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        self.entries: list[Any] = []
        self.shown: list[str] = []

    def add_entry(self, rect: pygame.Rect, text: str, multiline: bool = False) -> Any:
        if multiline:
            el: Any = UITextEntryBox(rect, text, self.ctx.manager, container=self.ctx.container)
            self.ctx.elements.append(el)
        else:
            el = self.ctx.entry(text, rect)
        self.ctx.handlers[el] = self._finished
        self.entries.append(el)
        self.shown.append(text)
        return el

    def texts(self) -> list[str]:
        """The doc's value as the entries' texts."""
        raise NotImplementedError

    def parse(self, texts: list[str]) -> tuple[Any, str | None]:
        """(value, None) or (None, the message saying why the texts are refused)."""
        raise NotImplementedError

    def load(self) -> bool:
        texts = self.texts()
        for i, el in enumerate(self.entries):
            if el.is_focused and el.get_text() != self.shown[i]:
                continue  # being typed in: the user's text wins
            if el.get_text() != texts[i]:
                el.set_text(texts[i])
            self.shown[i] = texts[i]
        self._red(False)
        return True

    def commit_pending(self) -> None:
        if any(el.is_focused for el in self.entries):
            return
        if any(el.get_text() != shown for el, shown in zip(self.entries, self.shown, strict=True)):
            self._commit()

    def _finished(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_TEXT_ENTRY_FINISHED:
            self._commit()

    def _commit(self) -> None:
        texts = [el.get_text() for el in self.entries]
        value, error = self.parse(texts)
        if error is not None:
            self._red(True)
            self.shown = texts  # said once; typing again and leaving says it again
            self.ctx.report(error)
            return
        self._red(False)
        self.shown = texts
        self.write(value)

    def _red(self, on: bool) -> None:
        for el in self.entries:
            want = ERROR_ID if on else None
            if getattr(el, "_red", False) != on:
                el.change_object_id(want)
                el._red = on  # type: ignore[attr-defined]

    @property
    def refused(self) -> bool:
        return any(getattr(el, "_red", False) for el in self.entries)


def parse_number(text: str, spec: FieldSpec, label: str) -> tuple[float | int | None, str | None]:
    """A number from what an instructor types: "1,5" is 1.5 as in Indonesian."""
    raw = text.strip().replace(",", ".")
    if not raw:
        return None, None
    try:
        x = float(raw)
    except ValueError:
        return None, tr("editor_forms.error.not_number", field=label, text=text.strip())
    if x != x or x in (float("inf"), float("-inf")):
        return None, tr("editor_forms.error.not_number", field=label, text=text.strip())
    number = spec.number if spec.kind in ("point", "numbers") else spec.kind
    if number == "int":
        if not x.is_integer():
            return None, tr("editor_forms.error.not_whole", field=label, text=text.strip())
        value: float | int = int(x)
    else:
        value = x
    b = spec.bounds
    if not b.holds(value):
        lo = "" if b.lo is None else number_text(int(b.lo) if b.lo.is_integer() else b.lo)
        hi = "" if b.hi is None else number_text(int(b.hi) if b.hi.is_integer() else b.hi)
        return None, tr("editor_forms.error.range", field=label, lo=lo, hi=hi)
    return value, None


class NumberField(EntryField):
    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        width = 110
        self.label = ctx.side_label(label, width)
        self.add_entry(pygame.Rect(ctx.x + ctx.width - width, ctx.y, width, ROW), self.texts()[0])
        ctx.y += ROW + GAP

    def texts(self) -> list[str]:
        return [number_text(self.value())]

    def parse(self, texts: list[str]) -> tuple[Any, str | None]:
        value, error = parse_number(texts[0], self.spec, self.label_text)
        if error is None and value is None and not self.spec.optional:
            return None, tr("editor_forms.error.needed", field=self.label_text)
        return value, error


class TupleField(EntryField):
    """A point (x, y, with "pick on map") or a row of numbers (a rect, the wind)."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        self.label = ctx.label(label, ctx.x, ctx.width)
        ctx.y += LABEL
        pick = spec.kind == "point"
        button_w = 120 if pick else 0
        n = spec.size
        parts = [tr(f"editor_forms.part.{p}") for p in _parts(spec)]
        cell = (ctx.width - button_w - (GAP if pick else 0)) // n
        texts = self.texts()
        for i in range(n):
            x = ctx.x + i * cell
            sub = ctx.label(parts[i], x, 22)
            sub.set_relative_position((x, ctx.y + (ROW - LABEL) // 2))
            self.add_entry(pygame.Rect(x + 20, ctx.y, cell - 24, ROW), texts[i])
        self.pick: UIButton | None = None
        if pick:
            rect = pygame.Rect(ctx.x + ctx.width - button_w, ctx.y, button_w, ROW)
            self.pick = ctx.button(tr("editor_forms.pick_on_map"), rect, self._pick)
            if ctx.on_pick_point is None:
                self.pick.disable()
        ctx.y += ROW + GAP

    def texts(self) -> list[str]:
        v = self.value()
        if not isinstance(v, list | tuple) or len(v) != self.spec.size:
            return [""] * self.spec.size
        return [number_text(x) for x in v]

    def parse(self, texts: list[str]) -> tuple[Any, str | None]:
        values = []
        for text, part in zip(texts, _parts(self.spec), strict=True):
            label = f"{self.label_text} ({tr(f'editor_forms.part.{part}')})"
            value, error = parse_number(text, self.spec, label)
            if error:
                return None, error
            values.append(value)
        if all(v is None for v in values) and self.spec.optional:
            return None, None
        if any(v is None for v in values):
            return None, tr("editor_forms.error.needed", field=self.label_text)
        return values, None

    def _pick(self, _event: pygame.event.Event) -> None:
        if self.ctx.on_pick_point is not None:
            self.ctx.report(tr("editor_forms.pick_hint", field=self.label_text), False)
            self.ctx.on_pick_point(self._picked)

    def _picked(self, xy: tuple[float, float]) -> None:
        self.write([round(float(xy[0]), 1), round(float(xy[1]), 1)])


def _parts(spec: FieldSpec) -> list[str]:
    if spec.size == 4:
        return ["x", "y", "width", "height"]
    return ["x", "y"][: spec.size] if spec.size <= 2 else [str(i) for i in range(spec.size)]


class TextField(EntryField):
    """An item's own name or another plain word: one entry."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        self.label = ctx.label(label, ctx.x, ctx.width)
        ctx.y += LABEL
        self.add_entry(pygame.Rect(ctx.x, ctx.y, ctx.width, ROW), self.texts()[0])
        ctx.y += ROW + GAP

    def texts(self) -> list[str]:
        v = self.value()
        return ["" if v in (None, MISSING) else str(v)]

    def write(self, value: Any) -> None:
        """An item's new name; what referred to it by the old name follows, in the same
        undo step (a zone renamed stays the crowd's goal)."""
        ref, old = self.place.ref, self.place.read(self.ctx.doc)
        if ref is None or self.place.path != ("name",) or not isinstance(old, str) or not old:
            super().write(value)
            return
        if value == old:
            return
        with self.ctx.doc.step("rename"):
            super().write(value)
            if value is not None and old not in self.ctx.doc.names(ref.kind):
                rename_references(self.ctx.doc, ref.kind, old, value)
        self.ctx.edited()

    def parse(self, texts: list[str]) -> tuple[Any, str | None]:
        text = texts[0].strip()
        if not text:
            if self.spec.optional:
                return None, None
            return None, tr("editor_forms.error.needed", field=self.label_text)
        if self.spec.pattern and re.fullmatch(self.spec.pattern, text) is None:
            return None, tr("editor_forms.error.name", field=self.label_text, text=text)
        return text, None


class BilingualField(EntryField):
    """A visible text in both languages: "Bahasa Indonesia" and "English" entries (boxes
    of several lines for the briefing). Both empty removes an optional text."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        super().__init__(ctx, spec, place, label)
        self.label = ctx.label(label, ctx.x, ctx.width)
        ctx.y += LABEL
        texts = self.texts()
        for i, lang in enumerate(i18n.LANGUAGES):
            ctx.label(tr(f"editor_forms.language.{lang}"), ctx.x + INDENT, ctx.width - INDENT)
            ctx.y += LABEL
            height = 96 if spec.multiline else ROW
            rect = pygame.Rect(ctx.x + INDENT, ctx.y, ctx.width - INDENT, height)
            self.add_entry(rect, texts[i], multiline=spec.multiline)
            ctx.y += height + 2
        ctx.y += GAP

    def texts(self) -> list[str]:
        v = self.value()
        if not isinstance(v, dict):
            return ["", ""]
        return [str(v.get(lang, "")) for lang in i18n.LANGUAGES]

    def parse(self, texts: list[str]) -> tuple[Any, str | None]:
        clean = [t.strip() for t in texts]
        if not any(clean):
            if self.spec.optional:
                return None, None
            return None, tr("editor_forms.error.needed", field=self.label_text)
        return dict(zip(i18n.LANGUAGES, clean, strict=True)), None


def rename_references(doc: LevelDocument, kind: str, old: str, new: str) -> None:
    """Every field that names an item of `kind` by `old` (a crowd's goal zone, a trigger's
    conditions and actions, a tutorial step's squad) now says `new`."""
    keys = {k for k, v in REFS.items() if v == kind}

    def walk(node: Any, path: tuple[str | int, ...], found: list[tuple[str | int, ...]]) -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                if k in keys and v == old:
                    found.append((*path, k))
                else:
                    walk(v, (*path, k), found)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, (*path, i), found)

    for other in KINDS:
        for i, item in enumerate(doc.items(other)):
            found: list[tuple[str | int, ...]] = []
            walk({k: v for k, v in item.items() if k != "name"}, (), found)
            for path in found:
                doc.set_field(ItemRef(other, i), path, new)
    for top in ("tutorial",):
        found = []
        walk(doc.get(top), (top,), found)
        for path in found:
            doc.set_top(path, new)
