"""The level editor's side panel: tabs over forms of the selected item and of the level.

Pages: the selected item; the level's settings; the briefing; the objectives; the phases;
the triggers. Every form is generated from the level models (forms.py), every edit goes
through the LevelDocument as one undo step, and `refresh` shows the document again after
an undo, a redo or an edit on the map, rebuilding only when the form's shape changed.
"""

from __future__ import annotations

import re
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.core.interfaces import IContainerLikeInterface
from pygame_gui.elements import UIButton, UIPanel, UIScrollingContainer, UITextBox

from game.editor.document import KINDS, ItemRef, LevelDocument, Problem
from game.ui import i18n
from game.ui.editor.entries import EntryField
from game.ui.editor.form_base import (
    PAD,
    FieldWidget,
    FormContext,
    PickPoint,
    use_editor_theme,
)
from game.ui.editor.pages import PAGE_BUILDERS
from game.ui.i18n import tr
from game.ui.words import fit_text

PAGES = ("item", "level", "briefing", "objectives", "phases", "triggers")
TAB_H = 28
MESSAGE_H = 52
SCROLL_BAR_W = 16
CLICKS = (
    pygame_gui.UI_BUTTON_PRESSED,
    pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
    pygame_gui.UI_TEXT_ENTRY_FINISHED,
)


def _shape(value: Any) -> Any:
    """What decides which widgets a value gets: tables' types and lists' lengths."""
    if isinstance(value, dict):
        return (
            value.get("type"),
            tuple((k, _shape(v)) for k, v in sorted(value.items()) if isinstance(v, dict | list)),
        )
    if isinstance(value, list):
        return (len(value), tuple(_shape(v) for v in value if isinstance(v, dict | list)))
    return None


class EditorPanel:
    """Tabs at the top, the page's form scrolling below, a message line at the bottom."""

    def __init__(
        self,
        manager: pygame_gui.UIManager,
        rect: pygame.Rect,
        doc: LevelDocument,
        container: IContainerLikeInterface | None = None,
        on_pick_point: PickPoint | None = None,
    ) -> None:
        self.manager = manager
        self.rect = pygame.Rect(rect)
        self.doc = doc
        self.container = container
        self.on_pick_point = on_pick_point
        self.selected: ItemRef | None = None
        self.page = "level"
        self.tabs: dict[str, UIButton] = {}
        self.ctx: FormContext | None = None
        self.message: UITextBox | None = None
        self.marked = ""  # the field a selected problem is about ("speed.mean")
        self.shape: Any = None
        use_editor_theme(manager)
        # The panel's parts are the backdrop's siblings, not its children: pygame_gui 0.6.14
        # builds each element's theme key with str.join over its ancestors' id lists
        # (UIAppearanceTheme.build_all_combined_ids), a cost that grows steeply with the
        # depth of containers; one level less made a trigger's form build in a third of
        # the time.
        self.backdrop = UIPanel(self.rect, manager=manager, container=container)
        inside = container
        self.inside = inside
        width, height = self.rect.size
        tab_w = (width - 2 * 2) // 3
        for i, page in enumerate(PAGES):
            r = pygame.Rect(
                self.rect.x + 2 + (i % 3) * tab_w, self.rect.y + 2 + (i // 3) * TAB_H, tab_w, TAB_H
            )
            b = UIButton(r, "", manager, container=inside)
            b.set_text(fit_text(tr(f"editor_forms.page.{page}"), b.font, tab_w - 8))
            self.tabs[page] = b
        top = 2 * TAB_H + 6
        self.inner_w = width
        self.scroll = UIScrollingContainer(
            pygame.Rect(self.rect.x, self.rect.y + top, width, height - top - MESSAGE_H),
            manager,
            container=inside,
            allow_scroll_x=False,
        )
        self._build()

    # --- the public interface ----------------------------------------------------------

    def show_item(self, ref: ItemRef | None) -> None:
        self._commit_pending()
        self.selected = ref
        self.marked = ""
        self.page = "item" if ref is not None else "level"
        self._build(keep_scroll=False)

    def show_page(self, page: str) -> None:
        if page not in PAGES:
            return
        self._commit_pending()
        self.page = page
        self.marked = ""
        if page == "item" and self.selected is None:
            self.page = "level"
        self._build(keep_scroll=False)

    def select_problem(self, problem: Problem) -> None:
        """Show the item (or page) a problem is about, its field marked and scrolled to."""
        self._commit_pending()
        ref = problem.ref
        if ref is not None and ref.kind in KINDS:
            self.selected, self.page = ref, "item"
        else:
            top = problem.field.split(".")[0]
            self.page = "briefing" if top in ("briefing",) else "level"
        self.marked = re.sub(r"\[(\d+)\]", r".\1", problem.field)  # when[0].after
        self._build(keep_scroll=False)
        self.report(problem.text)

    def refresh(self) -> None:
        """The document moved (undo, redo, the map): show its values again."""
        self._commit_pending()
        if self.selection_gone():
            self.selected = None
            if self.page == "item":
                self.page = "level"
        if self._signature() != self.shape or self.ctx is None:
            self._build()
            return
        for widget in list(self.ctx.widgets):
            if not widget.load():
                self._build()
                return

    def process_event(self, event: pygame.event.Event) -> bool:
        self._commit_pending()
        if event.type not in CLICKS:
            return False
        element = getattr(event, "ui_element", None)
        for page, tab in self.tabs.items():
            if element is tab and event.type == pygame_gui.UI_BUTTON_PRESSED:
                self.show_page(page)
                return True
        if self.ctx is None:
            return False
        handler = self.ctx.handlers.get(element)
        if handler is None:
            return False
        handler(event)
        return True

    def kill(self) -> None:
        self._commit_pending()
        for tab in self.tabs.values():
            tab.kill()
        if self.message is not None:
            self.message.kill()
        self.scroll.kill()
        self.backdrop.kill()
        self.ctx = None

    # --- messages ---------------------------------------------------------------------------

    def report(self, text: str | None, error: bool = True) -> None:
        """The line under the form: why an entry was refused, what a problem says, or how
        to pick a point."""
        if self.message is not None:
            self.message.kill()
            self.message = None
        if not text:
            return
        r = pygame.Rect(self.rect.x, self.rect.bottom - MESSAGE_H + 2, self.inner_w, MESSAGE_H - 4)
        self.message = UITextBox(
            _escape(text),
            r,
            self.manager,
            container=self.inside,
            object_id=ObjectID(object_id="#colour_merah") if error else None,
        )

    @property
    def editing_text(self) -> bool:
        """A text entry of the panel has the keyboard: the scene's shortcut keys (Delete,
        Ctrl+Z) should leave the keys to it."""
        return self.ctx is not None and any(
            el.is_focused for w in self.ctx.widgets if isinstance(w, EntryField) for el in w.entries
        )

    @property
    def message_text(self) -> str:
        return "" if self.message is None else self.message.html_text

    # --- building pages ------------------------------------------------------------------------

    def selection_gone(self) -> bool:
        ref = self.selected
        return ref is not None and not 0 <= ref.index < len(self.doc.items(ref.kind))

    def _signature(self) -> Any:
        names = tuple(tuple(self.doc.names(k)) for k in KINDS)
        page = self.page
        if page == "item" and self.selected is not None and not self.selection_gone():
            data: Any = _shape(self.doc.item(self.selected))
        elif page in ("objectives", "phases"):
            data = _shape(self.doc.items(page))
        elif page == "triggers":
            data = [(t.get("name"), t.get("label")) for t in self.doc.items("triggers")]
        else:
            data = _shape({k: v for k, v in self.doc.data().items() if not isinstance(v, list)})
        return (page, self.selected, i18n.language(), names, data)

    def _build(self, keep_scroll: bool = True) -> None:
        bar = self.scroll.vert_scroll_bar
        start = bar.start_percentage if keep_scroll and bar is not None else 0.0
        typing = self._typing() if keep_scroll else {}
        inner = self.scroll.get_container()
        inner.clear()
        self.report(None)
        for page, tab in self.tabs.items():
            tab.set_text(fit_text(tr(f"editor_forms.page.{page}"), tab.font, tab.rect.width - 8))
            if page == "item" and self.selected is None:
                tab.disable()
            else:
                tab.enable()
            if page == self.page:
                tab.select()
            else:
                tab.unselect()
        self.ctx = FormContext(
            manager=self.manager,
            container=inner,
            doc=self.doc,
            width=self.inner_w - SCROLL_BAR_W - 2 * PAD,
            report=self.report,
            edited=self.refresh,
            on_pick_point=self.on_pick_point,
        )
        PAGE_BUILDERS[self.page](self, self.ctx)
        self.shape = self._signature()
        height = self.ctx.y + 160  # room below: the last dropdowns open in view
        self.scroll.set_scrollable_area_dimensions((self.inner_w - SCROLL_BAR_W, height))
        self._mark(self.ctx)
        bar = self.scroll.vert_scroll_bar
        if bar is not None:  # another page or item opens at its top, not where the last was
            bar.set_scroll_from_start_percentage(start)
        self._retype(typing)

    def _typing(self) -> dict[tuple[str, int], tuple[str, bool]]:
        """Text typed but not yet committed (the form is rebuilt under the user's hands
        when the map changes its shape): kept, to be put back in the new entries."""
        out: dict[tuple[str, int], tuple[str, bool]] = {}
        for widget in self.ctx.widgets if self.ctx is not None else []:
            if isinstance(widget, EntryField):
                for i, el in enumerate(widget.entries):
                    if el.get_text() != widget.shown[i]:
                        out[(widget.place.dotted, i)] = (el.get_text(), el.is_focused)
        return out

    def _retype(self, typing: dict[tuple[str, int], tuple[str, bool]]) -> None:
        if not typing or self.ctx is None:
            return
        for widget in self.ctx.widgets:
            if isinstance(widget, EntryField):
                for i, el in enumerate(widget.entries):
                    text, focused = typing.get((widget.place.dotted, i), (None, False))
                    if text is not None:
                        el.set_text(text)
                        if focused:
                            self.manager.set_focus_set(el)

    def _mark(self, ctx: FormContext) -> None:
        if not self.marked:
            return
        best: FieldWidget | None = None
        for widget in ctx.widgets:
            dotted = widget.place.dotted
            about = self.marked == dotted or self.marked.startswith(dotted + ".")
            if about and (best is None or len(dotted) > len(best.place.dotted)):
                best = widget
        if best is None or best.label is None:
            return
        best.mark()
        bar = self.scroll.vert_scroll_bar
        if bar is not None:
            y = best.label.get_relative_rect().y - self.scroll.get_container().get_relative_rect().y
            total = max(1, ctx.y)
            bar.set_scroll_from_start_percentage(max(0.0, min(1.0, (y - 40) / total)))

    def _commit_pending(self) -> None:
        if self.ctx is None:
            return
        for widget in list(self.ctx.widgets):
            widget.commit_pending()
            if self.ctx is None:
                return


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
