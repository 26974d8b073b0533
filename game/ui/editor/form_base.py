"""What every form widget shares: the layout, labels from the catalog, where a value
lives in the level document (Place), and the context a page's widgets are built in.
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
    UITextEntryLine,
)

from game.doctrine.rulebook import force_tools, negotiation_moves
from game.editor.document import ItemRef, LevelDocument
from game.ui import i18n
from game.ui.editor.fields import MISSING, FieldSpec
from game.ui.i18n import tr
from game.ui.words import fit_text

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


def _quick_combined_ids() -> None:
    """Work around pygame_gui 0.6.14's UIAppearanceTheme.build_all_combined_ids: its cache
    key is `str(a).join(str(b).join(str(c)).join(str(d)))`, a str.join over strings that
    makes a string of megabytes per element inside a scrolling container (~5 ms each,
    a trigger's form of 200 elements took a second to build). The ids it returns depend on
    the four id lists only, so a cache keyed by their tuples gives the same answers."""
    from pygame_gui.core.ui_appearance_theme import UIAppearanceTheme

    original = UIAppearanceTheme.build_all_combined_ids
    if getattr(original, "_editor_cached", False):
        return
    cache: dict[tuple[Any, ...], list[str]] = {}

    def build_all_combined_ids(
        self: Any, element_base_ids: Any, element_ids: Any, class_ids: Any, object_ids: Any
    ) -> list[str]:
        key = tuple(
            None if ids is None else tuple(ids)
            for ids in (element_base_ids, element_ids, class_ids, object_ids)
        )
        found = cache.get(key)
        if found is None:
            found = original(self, element_base_ids, element_ids, class_ids, object_ids)
            cache[key] = found
        return list(found)

    build_all_combined_ids._editor_cached = True  # type: ignore[attr-defined]
    UIAppearanceTheme.build_all_combined_ids = build_all_combined_ids  # type: ignore[method-assign]


def use_editor_theme(manager: pygame_gui.UIManager) -> None:
    """Add the editor's label styles to the manager's theme (once)."""
    _quick_combined_ids()
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
            if isinstance(node, dict) and key in node:
                node = node[key]
            elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
                node = node[key]  # noqa: SIM114 (mypy narrows the key per branch)
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
                nxt = node[key]  # a row of a list of conditions
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

    def attempt(self, edit: Callable[[], Any]) -> bool:
        """Run an edit of the doc; a file whose shape the edit cannot follow (a table where
        a list was expected) is said on the message line, never a crash."""
        try:
            edit()
        except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
            self.report(tr("editor_forms.error.write", reason=str(exc)))
            return False
        return True

    # --- element makers ------------------------------------------------------------------

    def label(self, text: str, x: int, width: int, heading: bool = False) -> UILabel:
        """A label cut with an ellipsis where it would overflow (made empty first: the
        font is known only once the element is)."""
        el = UILabel(
            pygame.Rect(x, self.y, width, HEADING if heading else LABEL),
            "",
            self.manager,
            container=self.container,
            object_id=SECTION_ID if heading else LABEL_ID,
        )
        el.set_text(fit_text(text, el.font, width - 14))
        self.elements.append(el)
        return el

    def side_label(self, text: str, widget_width: int) -> UILabel:
        """A label left of a small widget on the same row; a label too long for that
        goes above the row, whole, and the y cursor moves down for it."""
        el = self.label(text, self.x, self.width - widget_width - GAP)
        if el.text == text:
            el.set_relative_position((self.x, self.y + (ROW - LABEL) // 2))
            return el
        el.kill()
        self.elements.remove(el)
        el = self.label(text, self.x, self.width)
        self.y += LABEL
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
        font = _font(ctx)
        labels: list[str | tuple[str, str]] = [
            (fit_text(text, font, rect.width - 36), str(i)) for i, (text, _) in enumerate(options)
        ]
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
        option = getattr(event, "selected_option_id", "")
        try:
            return self.values[int(str(option))]
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
        if self.ctx.attempt(lambda: self.place.write(self.ctx.doc, value)):
            self.ctx.edited()
