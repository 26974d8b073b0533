"""The level's problems, live, along the bottom of the map: a count when folded, one row a
problem when open. Clicking a row selects the item it is about, so the instructor never
has to hunt for "zones[3]" on the map."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pygame
from pygame_gui.elements import UIButton, UIPanel, UIScrollingContainer

from game.editor.document import Problem
from game.ui import i18n
from game.ui.i18n import tr

ROW = 26
VISIBLE_ROWS = 5


class ProblemsList:
    """`on_pick(problem)` when a row is clicked. Call `update(problems)` whenever the
    document changed; the rows are built again only when the problems did."""

    def __init__(
        self,
        manager: Any,
        rect: pygame.Rect,
        container: Any,
        item_name: Callable[[Problem], str],
        on_pick: Callable[[Problem], None],
    ) -> None:
        self.manager = manager
        self.rect = pygame.Rect(rect)  # the canvas's bottom edge: the list grows upward
        self.container = container
        self.item_name = item_name
        self.on_pick = on_pick
        self.problems: list[Problem] = []
        self.open = True
        self.panel: UIPanel | None = None
        self.header: UIButton | None = None
        self.rows: list[tuple[UIButton, Problem]] = []
        self._built_for: tuple[list[Problem], bool, str] | None = None

    @property
    def height(self) -> int:
        if not self.problems:
            return ROW + 6
        rows = min(VISIBLE_ROWS, len(self.problems)) if self.open else 0
        return ROW + 8 + rows * ROW

    def update(self, problems: list[Problem], force: bool = False) -> None:
        key = (list(problems), self.open, tr("editor.problems.none"))
        if not force and key == self._built_for:
            return
        self.problems = list(problems)
        self._built_for = key
        self.kill()
        self._build()

    def row_text(self, p: Problem) -> str:
        """'Crowd group “massa” · Number of people: must be at least 1 (got 0)': the item
        and the field in words, then the loader's message without its file-side prefix
        ('crowd "massa" (crowd[0]): count: ')."""
        message = _message(p)
        parts = [s for s in (self.item_name(p), _field_words(p.field)) if s]
        return f"{' · '.join(parts)}: {message}" if parts else message

    def _build(self) -> None:
        h = self.height
        rect = pygame.Rect(self.rect.x, self.rect.bottom - h, self.rect.w, h)
        self.panel = UIPanel(rect, manager=self.manager, container=self.container)
        n = len(self.problems)
        if n == 0:
            title = tr("editor.problems.none")
        else:
            title = tr("editor.problems.count", count=n)
            if not self.open:
                title = tr("editor.problems.folded", count=n)
        self.header = UIButton(
            pygame.Rect(2, 2, min(420, rect.w - 8), ROW),
            title,
            manager=self.manager,
            container=self.panel,
            tool_tip_text=tr("editor.problems.tip") if n else None,
        )
        if n == 0:
            self.header.disable()
        self.rows = []
        if not n or not self.open:
            return
        area = pygame.Rect(2, ROW + 4, rect.w - 8, min(VISIBLE_ROWS, n) * ROW)
        scroll = UIScrollingContainer(
            area, manager=self.manager, container=self.panel, allow_scroll_x=False
        )
        inner = area.w - (20 if n > VISIBLE_ROWS else 2)
        for k, p in enumerate(self.problems):
            button = UIButton(
                pygame.Rect(0, k * ROW, inner, ROW - 2),
                _fit(self.row_text(p), inner),
                manager=self.manager,
                container=scroll,
                tool_tip_text=self.row_text(p),
                object_id="#problem_row",
            )
            self.rows.append((button, p))
        scroll.set_scrollable_area_dimensions((inner, n * ROW))

    def process_event(self, event: pygame.event.Event) -> bool:
        import pygame_gui

        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return False
        if self.header is not None and event.ui_element is self.header:
            self.open = not self.open
            self.update(self.problems, force=True)
            return True
        for button, p in self.rows:
            if event.ui_element is button:
                self.on_pick(p)
                return True
        return False

    def contains(self, pos: Any) -> bool:
        return self.panel is not None and self.panel.rect.collidepoint(pos)

    def kill(self) -> None:
        if self.panel is not None:
            self.panel.kill()
        self.panel = None
        self.header = None
        self.rows = []


def _message(p: Problem) -> str:
    """The loader's words after the item and field it names (shown in words already)."""
    text = p.text
    cut = re.match(r'^[^:]*\(\w+\[\d+\]\): ', text)
    if cut:
        text = text[cut.end():]
    if p.field and text.startswith(f"{p.field}: "):
        text = text[len(p.field) + 2:]
    return text


def _field_words(field: str) -> str:
    """A field by its label in the panel's catalog ('speed.mean' by its last part); a field
    without a label is left out rather than shown by its key."""
    if not field:
        return ""
    parts = [part for part in field.split(".") if not part.isdigit()]
    name = parts[-1:] or [""]
    if len(parts) > 1 and name[0] in i18n.LANGUAGES:  # a text's language, not the level's id
        outer = _field_words(".".join(parts[:-1]))
        language = tr(f"editor_forms.language.{name[0]}")
        return f"{outer} ({language})" if outer else language
    key = f"editor_forms.field.{name[0]}"
    words = tr(key)
    return "" if words == key else words


def _fit(text: str, width: int, px_per_char: float = 7.0) -> str:
    """Cut a row to its button (the tool tip has it whole)."""
    most = max(8, int(width / px_per_char))
    return text if len(text) <= most else text[: most - 1] + "…"
