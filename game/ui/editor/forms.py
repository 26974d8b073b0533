"""Widgets for the fields of one model value, each writing through the level document.

A FieldSpec (fields.py) becomes a labelled row: a dropdown for a choice or a name of
another item, a Ya/Tidak toggle, a number entry that refuses what is not a number, two
entries for a text in both languages, x/y entries with "pick on map" for a point. Every
committed change is one call on the document (one undo step); a text entry commits on
Enter or when it loses focus, never on each keystroke.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pygame
import pygame_gui
from pydantic import BaseModel
from pygame_gui.core import ObjectID
from pygame_gui.core.interfaces import IContainerLikeInterface
from pygame_gui.elements import (
    UIButton,
    UIDropDownMenu,
    UILabel,
    UITextEntryBox,
    UITextEntryLine,
)

from game.doctrine.rulebook import force_tools, negotiation_moves
from game.editor.document import ItemRef, LevelDocument
from game.ui import i18n
from game.ui.editor.fields import MISSING, FieldSpec, fields_of
from game.ui.i18n import tr

PAD = 8  # px left and right of the form
ROW = 30  # height of an entry, a button, a closed dropdown
LABEL = 20  # height of a label above its widget
HEADING = 28  # a section's title (a larger font)
GAP = 6
INDENT = 12  # a nested model's fields
ERROR_ID = ObjectID(object_id="#colour_merah")  # the theme's red (a refused entry)
MARK_ID = ObjectID(object_id="#editor_marked")  # a field a problem is about
LABEL_ID = ObjectID(object_id="#editor_label")
SECTION_ID = ObjectID(object_id="#editor_section")
# The forms' labels read left-aligned, like a form on paper; laid over the app's theme
# (assets/theme/theme.json, another area's file) under ids of the editor's own.
EDITOR_THEME: dict[str, Any] = {
    "#editor_label": {"misc": {"text_horiz_alignment": "left"}},
    "#editor_section": {
        "font": {"name": "noto_sans", "size": "15", "bold": "1"},
        "colours": {"normal_text": "#d4a537", "dark_bg": "#00000000"},
        "misc": {"text_horiz_alignment": "left"},
    },
    "#editor_marked": {
        "font": {"name": "noto_sans", "size": "14", "bold": "1"},
        "colours": {"normal_text": "#13203a", "dark_bg": "#d4a000"},
        "misc": {"text_horiz_alignment": "left"},
    },
}


def use_editor_theme(manager: pygame_gui.UIManager) -> None:
    """Add the editor's label styles to the manager's theme (once)."""
    theme = manager.get_theme()
    if getattr(theme, "_editor_forms_theme", False):
        return
    manager.preload_fonts([{"name": "noto_sans", "point_size": 15, "style": "bold"}])
    theme.load_theme(EDITOR_THEME)
    theme._editor_forms_theme = True  # type: ignore[attr-defined]


def has_key(key: str) -> bool:
    return all(key in i18n.catalog(lang) for lang in i18n.LANGUAGES)


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def field_label(model: type[BaseModel] | None, name: str) -> str:
    """A field's label: editor_forms.field_in.<model>.<name> where one name means two things,
    else editor_forms.field.<name>."""
    if model is not None:
        key = f"editor_forms.field_in.{snake(model.__name__)}.{name}"
        if has_key(key):
            return tr(key)
    return tr(f"editor_forms.field.{name}")


def option_label(field_name: str, value: Any) -> str:
    if isinstance(value, bool):
        value = str(value).lower()
    return tr(f"editor_forms.option.{field_name}.{value}")


def fit_text(text: str, font: Any, width: int) -> str:
    """`text`, cut with an ellipsis where it would overflow `width` pixels in `font`."""
    if font.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if font.size(text[:mid].rstrip() + "\u2026")[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "\u2026"


def number_text(value: Any) -> str:
    if value is None or value is MISSING:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


@dataclass(frozen=True)
class Place:
    """Where a value lives in the document: a field of an item (ref) or a top-level table
    of the level (ref None), at `path`."""

    ref: ItemRef | None
    path: tuple[str | int, ...]

    def child(self, key: str | int) -> Place:
        return Place(self.ref, (*self.path, key))

    @property
    def dotted(self) -> str:
        return ".".join(str(k) for k in self.path)

    def read(self, doc: LevelDocument) -> Any:
        node: Any = doc.item(self.ref) if self.ref is not None else doc.data()
        for key in self.path:
            if isinstance(node, dict) and key in node or isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                node = node[key]
            else:
                return MISSING
        return node

    def write(self, doc: LevelDocument, value: Any) -> None:
        """One undo step. A table on the way that is not in the file yet (speed of a crowd
        that kept the default) is written whole, with the value in it."""
        node: Any = doc.item(self.ref) if self.ref is not None else doc.data()
        for i, key in enumerate(self.path[:-1]):
            nxt = node.get(key) if isinstance(node, dict) else None
            if isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                nxt = node[key]
            if nxt is None:
                if value is None:
                    return  # removing a key of a table that is not there: nothing to do
                for k in reversed(self.path[i + 1 :]):
                    value = {k: value}
                self._set(doc, self.path[: i + 1], value)
                return
            node = nxt
        self._set(doc, self.path, value)

    def _set(self, doc: LevelDocument, path: tuple[str | int, ...], value: Any) -> None:
        if self.ref is None:
            doc.set_top(path if len(path) > 1 else str(path[0]), value)
        elif not path:
            doc.replace(self.ref, value)
        else:
            doc.set_field(self.ref, path, value)


Handler = Callable[[pygame.event.Event], None]
PickPoint = Callable[[Callable[[tuple[float, float]], None]], None]


@dataclass
class FormContext:
    """What every widget of one page shares: where to draw, the document, the y cursor,
    and which element calls which handler."""

    manager: pygame_gui.UIManager
    container: IContainerLikeInterface
    doc: LevelDocument
    width: int
    report: Callable[..., None]  # the panel's message line: (text or None, error=True)
    edited: Callable[[], None]  # after each edit: the panel refreshes
    on_pick_point: PickPoint | None = None
    y: int = GAP
    x: int = PAD
    handlers: dict[Any, Handler] = field(default_factory=dict)
    widgets: list[FieldWidget] = field(default_factory=list)
    elements: list[Any] = field(default_factory=list)

    # --- element makers ------------------------------------------------------------------

    def label(self, text: str, x: int, width: int, heading: bool = False) -> UILabel:
        el = UILabel(
            pygame.Rect(x, self.y, width, HEADING if heading else LABEL),
            text,
            self.manager,
            container=self.container,
            object_id=SECTION_ID if heading else LABEL_ID,
        )
        short = fit_text(text, el.font, width - 6)
        if short != text:
            el.set_text(short)
        self.elements.append(el)
        return el

    def button(self, text: str, rect: pygame.Rect, handler: Handler) -> UIButton:
        el = UIButton(rect, "", self.manager, container=self.container, tool_tip_text=text)
        el.set_text(fit_text(text, el.font, rect.width - 8))
        self.handlers[el] = handler
        self.elements.append(el)
        return el

    def entry(self, text: str, rect: pygame.Rect) -> UITextEntryLine:
        el = UITextEntryLine(rect, self.manager, container=self.container, initial_text=text)
        self.elements.append(el)
        return el

    def dropdown(self, options: list[tuple[str, Any]], current: Any, rect: pygame.Rect) -> Dropdown:
        return Dropdown(self, options, current, rect)

    # --- the names a field may refer to ---------------------------------------------------

    def names(self, ref: str) -> list[tuple[str, str]]:
        """(label, name) of everything a name field may point at: the doc's items of that
        kind, or the doctrine's negotiation moves and tools of force (by their labels)."""
        if ref == "moves":
            moves = negotiation_moves(self.doc.get("negotiation") or None)
            return [(i18n.text_of(rule.label), key) for key, rule in moves.items()]
        if ref == "tools":
            tools = force_tools(self.doc.get("force") or None)
            return [(i18n.text_of(rule.label), key) for key, rule in tools.items()]
        return [(n, n) for n in self.doc.names(ref) if n]


class Dropdown:
    """A UIDropDownMenu over (label, value) pairs; values may be any Python value."""

    def __init__(
        self, ctx: FormContext, options: list[tuple[str, Any]], current: Any, rect: pygame.Rect
    ) -> None:
        self.values = [v for _, v in options]
        self.current = current
        labels = [(fit_text(text, _font(ctx), rect.width - 36), str(i)) for i, (text, _) in
                  enumerate(options)]  # fmt: skip
        index = self.values.index(current) if current in self.values else 0
        self.menu = UIDropDownMenu(
            labels,
            labels[index],
            rect,
            ctx.manager,
            container=ctx.container,
            expansion_height_limit=240,
        )
        ctx.elements.append(self.menu)

    def value_of(self, event: pygame.event.Event) -> Any:
        option = getattr(event, "selected_option_id", None)
        try:
            return self.values[int(option)]
        except (TypeError, ValueError, IndexError):
            return self.current


def _font(ctx: FormContext) -> Any:
    return ctx.manager.get_theme().get_font(["button"])


class FieldWidget:
    """One field's row: reads its value from the doc and writes edits back."""

    def __init__(self, ctx: FormContext, spec: FieldSpec, place: Place, label: str) -> None:
        self.ctx = ctx
        self.spec = spec
        self.place = place
        self.label_text = label
        self.label: UILabel | None = None
        ctx.widgets.append(self)

    def value(self) -> Any:
        v = self.place.read(self.ctx.doc)
        return self.spec.default if v is MISSING else v

    def load(self) -> bool:
        """Show the doc's value again (after undo); False when this widget cannot show it
        in place (a dropdown's choice changed) and the form must be built anew."""
        return True

    def commit_pending(self) -> None:
        """Commit an entry the user typed in and then left (focus moved elsewhere)."""

    def mark(self) -> None:
        if self.label is not None:
            self.label.change_object_id(MARK_ID)

    def write(self, value: Any) -> None:
        self.ctx.report(None)
        if value == self.place.read(self.ctx.doc):
            return
        self.place.write(self.ctx.doc, value)
        self.ctx.edited()


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
        self.label = ctx.label(label, ctx.x, ctx.width - width - GAP)
        self.label.set_relative_position((ctx.x, ctx.y + (ROW - LABEL) // 2))
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
        if any(el.get_text() != shown for el, shown in zip(self.entries, self.shown)):
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
        self.label = ctx.label(label, ctx.x, ctx.width - width - GAP)
        self.label.set_relative_position((ctx.x, ctx.y + (ROW - LABEL) // 2))
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
        for text, part in zip(texts, _parts(self.spec)):
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

    def parse(self, texts: list[str]) -> tuple[Any, str | None]:
        text = texts[0].strip()
        if not text:
            if self.spec.optional:
                return None, None
            return None, tr("editor_forms.error.needed", field=self.label_text)
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
            sub = ctx.label(tr(f"editor_forms.language.{lang}"), ctx.x + INDENT, ctx.width - INDENT)
            ctx.y += LABEL
            height = 96 if spec.multiline else ROW
            rect = pygame.Rect(ctx.x + INDENT, ctx.y, ctx.width - INDENT, height)
            self.add_entry(rect, texts[i], multiline=spec.multiline)
            ctx.y += height + 2
            del sub
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
        return dict(zip(i18n.LANGUAGES, clean)), None


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
    for spec in specs:
        label = field_label(model, spec.name)
        child = place.child(spec.name)
        if spec.kind in SIMPLE:
            SIMPLE[spec.kind](ctx, spec, child, label)
        elif spec.kind == "model" and spec.model is not None:
            ctx.label(label, ctx.x, ctx.width, heading=True)
            ctx.y += HEADING
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
