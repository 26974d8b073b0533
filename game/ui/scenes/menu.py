"""The main menu: the campaign in order, free play by level title, replays, settings.

The left column holds the commands; the right panel shows the campaign (the default, with
the next level to play highlighted: Enter starts it), the levels of free play (and "Open a
file..." for any other), or the recorded runs. Up and Down move the highlight. A level file
that cannot be opened gets the error screen with the loader's own words (a broken entry
keeps its row); the menu itself never falls over. What went wrong at start-up (app.notes)
is said on this first screen, in a window on top of it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import (
    UIButton,
    UIImage,
    UILabel,
    UIPanel,
    UIScrollingContainer,
)
from pygame_gui.windows import UIFileDialog, UIMessageWindow

from game.level import Level, LevelError
from game.replay.store import list_replays, replay_dir
from game.replay.summary import ReplaySummary
from game.ui import i18n
from game.ui.campaign import LEVELS_DIR, load_campaign
from game.ui.free_play import FreeLevel, first_sentence, free_play_levels
from game.ui.i18n import tr
from game.ui.scene import Scene
from game.ui.scenes.briefing import mark_icon
from game.ui.scenes.level_error import LevelErrorScene, open_briefing
from game.ui.trainee import TraineeField

BACKGROUND = (24, 28, 36)
ROW_HEIGHT = 84
REPLAY_ROW = 42  # px a row of the replay list
# the replay list's columns: (catalog key of the heading, x, width) inside the panel
COLUMNS = (
    ("title", 12, 356),
    ("when", 374, 134),
    ("duration", 512, 62),
    ("outcome", 578, 112),
    ("proportionality", 694, 110),
)
SECTIONS = ("campaign", "free_play", "replays", "editor")


class MenuScene(Scene):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.section = "campaign"  # or "replays": what the right panel shows
        self.campaign = load_campaign()
        self._back = False  # entered for the first time: the campaign was just read
        self.dialog: UIFileDialog | None = None
        self.message: UIMessageWindow | None = None
        self.campaign_rows: list[tuple[Path, Level, UIButton, bool]] = []
        self.broken_rows: list[tuple[Path, UIButton]] = []  # entries that cannot be opened
        self.details_button: UIButton | None = None  # the campaign file's problems
        self.free_rows: list[tuple[FreeLevel, UIButton]] = []
        self.open_file_button: UIButton | None = None
        self.replay_rows: list[tuple[ReplaySummary, UIButton]] = []
        self.replay_page = 0
        self.page_buttons: dict[str, UIButton] = {}
        # what Up/Down/Enter walk: the rows of the right panel, each with what it opens
        self.rows: list[tuple[UIButton, Callable[[], None]]] = []
        self.focus: dict[str, int] = {}  # the highlighted row of each section
        self.scroll: UIScrollingContainer | None = None

    # --- widgets --------------------------------------------------------------------------

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        ui, root = self.app.ui, self.root
        UILabel(
            pygame.Rect(48, 40, 320, 60),
            tr("app.title"),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#title"),
        )
        UILabel(
            pygame.Rect(48, 96, 320, 30),
            tr("menu.subtitle"),
            manager=ui,
            container=root,
        )
        y = 170
        self.buttons: dict[str, UIButton] = {}
        for key in ("campaign", "free_play", "replays", "editor", "settings", "quit"):
            self.buttons[key] = UIButton(
                pygame.Rect(48, y, 320, 46),
                tr(f"menu.{key}"),
                manager=ui,
                container=root,
                tool_tip_text=tr(f"menu.{key}_tip"),
            )
            y += 54 if key != "settings" else 72
        self.buttons[self.section].select()
        # the trainee's name, asked once and kept: it names their replays and reports. The
        # briefing asks for it (focused); here the keyboard belongs to the list.
        self.trainee = TraineeField(self.app, pygame.Rect(48, y + 10, 320, 64), root)
        self.trainee.entry.unfocus()
        UILabel(
            pygame.Rect(24, h - 44, w - 48, 24),
            tr("menu.footer"),
            manager=ui,
            container=root,
        )

        px = 420
        self.panel = UIPanel(
            pygame.Rect(px, 40, w - px - 48, h - 100),
            manager=ui,
            container=root,
        )
        self.rows = []
        self.scroll = None
        if self.section == "campaign":
            self._build_campaign()
        elif self.section == "free_play":
            self._build_free_play()
        elif self.section == "editor":
            self._build_editor()
        else:
            self._build_replays()
        if self.rows:
            self.highlight(min(self.focus.get(self.section, 0), len(self.rows) - 1))

    def _header(self, section: str, width: float) -> None:
        """The heading and one-line hint at the top of the right panel."""
        UILabel(
            pygame.Rect(20, 14, width - 40, 40),
            tr(f"menu.{section}_heading"),
            manager=self.app.ui,
            container=self.panel,
            object_id=ObjectID(object_id="#heading"),
        )
        UILabel(
            pygame.Rect(20, 52, width - 40, 26),
            tr(f"menu.{section}_hint"),
            manager=self.app.ui,
            container=self.panel,
        )

    def next_level_id(self) -> str | None:
        """The campaign level to play next: the first not completed, else the last one."""
        done = set(self.app.settings.completed)
        levels = self.campaign.levels
        for _, level in levels:
            if level.id not in done:
                return level.id
        return levels[-1][1].id if levels else None

    def _scrolling(self, area: pygame.Rect) -> UIScrollingContainer:
        self.scroll = UIScrollingContainer(
            area, manager=self.app.ui, container=self.panel, allow_scroll_x=False
        )
        return self.scroll

    def _tag(self, scroll, inner: int, y: int, key: str, colour: str) -> None:
        """The word at the right of a row: completed, next, cannot be read."""
        UILabel(
            pygame.Rect(inner - 124, y + 2, 124, 48),
            tr(key),
            manager=self.app.ui,
            container=scroll,
            object_id=ObjectID(object_id=f"#colour_{colour}"),
        )

    def _build_campaign(self) -> None:
        ui, panel = self.app.ui, self.panel
        pw, ph = panel.get_container().get_size()
        self._header("campaign", pw)
        self.campaign_rows = []
        self.broken_rows = []
        self.details_button = None
        notes_h = 60 if self.campaign.problems else 0
        area = pygame.Rect(12, 90, pw - 24, ph - 100 - notes_h)
        scroll = self._scrolling(area)
        inner = area.width - 24
        done = set(self.app.settings.completed)
        upcoming = self.next_level_id()
        for n, entry in enumerate(self.campaign.entries):
            y = n * ROW_HEIGHT
            level = entry.level
            if level is None:  # kept in its place: a click says what is wrong with it
                button = UIButton(
                    pygame.Rect(44, y + 2, inner - 44 - 130, 48),
                    f"{entry.number}.  {entry.path.name}",
                    manager=ui,
                    container=scroll,
                    tool_tip_text=tr("menu.level_broken_tip"),
                )
                self._tag(scroll, inner, y, "menu.broken", "kuning")
                problems = entry.error.problems if entry.error is not None else []
                UILabel(
                    pygame.Rect(44, y + 52, inner - 44 - 130, 24),
                    tr("menu.level_problems", count=max(1, len(problems))),
                    manager=ui,
                    container=scroll,
                )
                self.broken_rows.append((entry.path, button))
                self.rows.append((button, partial(self.open_level, entry.path)))
                continue
            finished = level.id in done
            if finished:
                UIImage(
                    pygame.Rect(8, y + 12, 28, 28),
                    mark_icon(True, 28),
                    manager=ui,
                    container=scroll,
                )
            button = UIButton(
                pygame.Rect(44, y + 2, inner - 44 - 130, 48),
                f"{entry.number}.  {i18n.text_of(level.title)}",
                manager=ui,
                container=scroll,
                tool_tip_text=tr("menu.level_tip", file=entry.path.name),
            )
            if finished:
                self._tag(scroll, inner, y, "menu.done", "hijau")
            elif level.id == upcoming:
                self._tag(scroll, inner, y, "menu.next", "kuning")
            UILabel(
                pygame.Rect(44, y + 52, inner - 44 - 130, 24),
                _summary(level),
                manager=ui,
                container=scroll,
            )
            if level.id == upcoming and "campaign" not in self.focus:
                self.focus["campaign"] = len(self.rows)
            self.campaign_rows.append((entry.path, level, button, finished))
            self.rows.append((button, partial(self.open_level, entry.path)))
        if not self.campaign.entries:
            UILabel(
                pygame.Rect(8, 8, inner - 16, 30),
                tr("menu.campaign_empty"),
                manager=ui,
                container=scroll,
            )
        scroll.set_scrollable_area_dimensions(
            (inner, max(1, len(self.campaign.entries)) * ROW_HEIGHT)
        )
        if self.campaign.problems:  # of the campaign file itself: its entries, its paths
            self.campaign_note = UILabel(
                pygame.Rect(20, ph - 64, pw - 40 - 150, 26),
                tr(
                    "menu.campaign_errors",
                    count=len(self.campaign.problems),
                    file=self.campaign.source.name,
                ),
                manager=ui,
                container=panel,
                object_id=ObjectID(object_id="#colour_kuning"),
            )
            first = self.campaign.problems[0]
            UILabel(
                pygame.Rect(20, ph - 38, pw - 40 - 150, 24),
                _first_words(": ".join(x for x in (first.where, first.field, first.message) if x)),
                manager=ui,
                container=panel,
            )
            self.details_button = UIButton(
                pygame.Rect(pw - 20 - 140, ph - 60, 140, 44),
                tr("menu.details"),
                manager=ui,
                container=panel,
                tool_tip_text=tr("menu.details_tip"),
            )

    def _build_free_play(self) -> None:
        """Every level of the levels folder by its title, and any other file by the dialog."""
        ui, panel = self.app.ui, self.panel
        pw, ph = panel.get_container().get_size()
        self._header("free_play", pw)
        known = {path.resolve(): level for path, level in self.campaign.levels}
        area = pygame.Rect(12, 90, pw - 24, ph - 100 - 60)
        scroll = self._scrolling(area)
        inner = area.width - 24
        done = set(self.app.settings.completed)
        self.free_rows = []
        entries = free_play_levels(LEVELS_DIR, known)
        for n, entry in enumerate(entries):
            y = n * ROW_HEIGHT
            level = entry.level
            if level is None:
                button = UIButton(
                    pygame.Rect(8, y + 2, inner - 8 - 130, 48),
                    entry.path.name,
                    manager=ui,
                    container=scroll,
                    tool_tip_text=tr("menu.level_broken_tip"),
                )
                self._tag(scroll, inner, y, "menu.unreadable", "kuning")
                problems = entry.error.problems if entry.error is not None else []
                line = tr("menu.level_problems", count=max(1, len(problems)))
            else:
                button = UIButton(
                    pygame.Rect(8, y + 2, inner - 8 - 130, 48),
                    i18n.text_of(level.title),
                    manager=ui,
                    container=scroll,
                    tool_tip_text=tr("menu.level_tip", file=entry.path.name),
                )
                if level.id in done:
                    self._tag(scroll, inner, y, "menu.done", "hijau")
                line = _summary(level)
                if level.briefing is not None:
                    line = first_sentence(i18n.text_of(level.briefing.situation))
            UILabel(
                pygame.Rect(8, y + 52, inner - 8, 24),
                line,
                manager=ui,
                container=scroll,
            )
            self.free_rows.append((entry, button))
            self.rows.append((button, partial(self.open_level, entry.path)))
        scroll.set_scrollable_area_dimensions((inner, max(1, len(entries)) * ROW_HEIGHT))
        # for instructors: a level file anywhere on the disk
        self._open_file_row(panel, ph)

    def _open_file_row(self, panel: UIPanel, ph: float) -> None:
        """"Open a file..." under a list: any level file on the disk, for instructors."""
        self.open_file_button = UIButton(
            pygame.Rect(20, ph - 60, 320, 44),
            tr("menu.open_file"),
            manager=self.app.ui,
            container=panel,
            tool_tip_text=tr("menu.open_file_tip"),
        )
        self.rows.append((self.open_file_button, self.open_file_dialog))

    def _build_editor(self) -> None:
        """For instructors: a new level, a level of the levels folder (a broken one too:
        the editor is where it gets fixed), or any level file."""
        ui, panel = self.app.ui, self.panel
        pw, ph = panel.get_container().get_size()
        self._header("editor", pw)
        area = pygame.Rect(12, 90, pw - 24, ph - 100 - 60)
        scroll = self._scrolling(area)
        inner = area.width - 24
        new = UIButton(
            pygame.Rect(8, 2, inner - 8, 44),
            tr("editor.menu.new"),
            manager=ui,
            container=scroll,
            tool_tip_text=tr("editor.menu.new_tip"),
        )
        self.rows.append((new, partial(self.open_editor, None)))
        known = {path.resolve(): level for path, level in self.campaign.levels}
        entries = free_play_levels(LEVELS_DIR, known)
        for n, entry in enumerate(entries, start=1):
            title = i18n.text_of(entry.level.title) if entry.level else entry.path.name
            button = UIButton(
                pygame.Rect(8, n * 50 + 2, inner - 8, 44),
                title,
                manager=ui,
                container=scroll,
                tool_tip_text=tr("editor.menu.level_tip", file=entry.path.name),
            )
            self.rows.append((button, partial(self.open_editor, entry.path)))
        scroll.set_scrollable_area_dimensions((inner, (len(entries) + 1) * 50))
        self._open_file_row(panel, ph)

    def open_editor(self, path: Path | None) -> None:
        """The level editor on a level file, or on a new level."""
        from game.ui.scenes.editor import open_editor

        problem = open_editor(self.app, path)
        if problem:
            self.show_error(tr("menu.editor"), problem)

    def _build_replays(self) -> None:
        """A page of recordings, newest first: title, when, how long, how it ended, score."""
        ui, panel = self.app.ui, self.panel
        pw, ph = panel.get_container().get_size()
        self._header("replays", pw)
        self.replay_rows = []
        self.page_buttons = {}
        summaries = list_replays(replay_dir())
        if not summaries:
            UILabel(
                pygame.Rect(20, 100, pw - 40, 30),
                tr("menu.replays_none"),
                manager=ui,
                container=panel,
            )
            return
        top = 124
        per_page = max(1, int(ph - top - 64) // REPLAY_ROW)
        pages = (len(summaries) + per_page - 1) // per_page
        self.replay_page = max(0, min(self.replay_page, pages - 1))
        for key, x, width in COLUMNS:
            UILabel(
                pygame.Rect(x, 90, width, 28),
                tr(f"menu.column.{key}"),
                manager=ui,
                container=panel,
            )
        first = self.replay_page * per_page
        for k, summary in enumerate(summaries[first : first + per_page]):
            y = top + k * REPLAY_ROW
            cells = replay_cells(summary)
            title_key, x, width = COLUMNS[0]
            button = UIButton(
                pygame.Rect(x, y, width, REPLAY_ROW - 6),
                cells[title_key],
                manager=ui,
                container=panel,
                tool_tip_text=cells[title_key],
            )
            _fit(button, cells[title_key], width - 24)
            for key, x, width in COLUMNS[1:]:
                oid = None
                colour = OUTCOME_COLOURS.get(cells["outcome_kind"])
                if key == "outcome" and colour:
                    oid = ObjectID(object_id=f"#colour_{colour}")
                UILabel(
                    pygame.Rect(x, y, width, REPLAY_ROW - 6),
                    cells[key],
                    manager=ui,
                    container=panel,
                    object_id=oid,
                )
            self.replay_rows.append((summary, button))
            self.rows.append((button, partial(self.open_replay, summary.path)))
        if pages > 1:
            bottom = int(ph) - 56
            for name, left, enabled in (
                ("newer", 12, self.replay_page > 0),
                ("older", int(pw) - 12 - 200, self.replay_page < pages - 1),
            ):
                b = UIButton(
                    pygame.Rect(left, bottom, 200, 40),
                    tr(f"menu.page_{name}"),
                    manager=ui,
                    container=panel,
                )
                if not enabled:
                    b.disable()
                self.page_buttons[name] = b
            UILabel(
                pygame.Rect(220, bottom, pw - 440, 40),
                tr("menu.page", page=self.replay_page + 1, pages=pages, count=len(summaries)),
                manager=ui,
                container=panel,
            )

    def leave(self) -> None:
        for window in (self.dialog, self.message):
            if window is not None and window.alive():
                window.kill()
        self.dialog = self.message = None
        super().leave()

    # --- input ----------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.trainee.handle(event):
            return
        if event.type == pygame.KEYDOWN:
            self._on_key(event.key)
        elif event.type == pygame_gui.UI_BUTTON_PRESSED:
            self._on_button(event.ui_element)
        elif event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            if self._is(event, self.dialog):
                self.dialog = None
                if self.section == "editor":
                    self.open_editor(Path(event.text))
                else:
                    self.open_level(Path(event.text))
        elif event.type == pygame_gui.UI_WINDOW_CLOSE:
            if self._is(event, self.dialog):
                self.dialog = None
            elif self._is(event, self.message):
                self.message = None

    def _on_key(self, key: int) -> None:
        """Enter opens the highlighted row, Up and Down move it; a note on top goes first."""
        if self.message is not None and self.message.alive():
            if key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE):
                self.message.kill()
                self.message = None
            return
        if (self.dialog is not None and self.dialog.alive()) or self.trainee.entry.is_focused:
            return
        if key in (pygame.K_UP, pygame.K_DOWN) and self.rows:
            now = self.focus.get(self.section, 0)
            self.highlight(now + (1 if key == pygame.K_DOWN else -1))
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER) and self.rows:
            _, action = self.rows[self.focus.get(self.section, 0)]
            action()

    def highlight(self, index: int) -> None:
        """Mark one row of the right panel as the one Enter opens (and scroll to it)."""
        index = max(0, min(index, len(self.rows) - 1))
        self.focus[self.section] = index
        for k, (button, _) in enumerate(self.rows):
            button.select() if k == index else button.unselect()
        button = self.rows[index][0]
        bar = getattr(self.scroll, "vert_scroll_bar", None)
        if self.scroll is not None and bar is not None and button.ui_container is not None:
            inside = self.scroll.get_container()
            if inside is button.ui_container:
                total = max(1, inside.get_rect().height)
                bar.set_scroll_from_start_percentage(max(0.0, (button.relative_rect.y - 8) / total))

    @property
    def highlighted(self) -> UIButton | None:
        """The row Enter opens."""
        if not self.rows:
            return None
        return self.rows[min(self.focus.get(self.section, 0), len(self.rows) - 1)][0]

    @staticmethod
    def _is(event: pygame.event.Event, element) -> bool:
        return element is not None and getattr(event, "ui_element", None) is element

    def _on_button(self, element) -> None:
        b = self.buttons
        for section in SECTIONS:
            if element is b[section]:
                self.show(section)
                return
        if element is b["settings"]:
            from game.ui.scenes.settings import SettingsScene

            self.app.push(SettingsScene(self.app))
        elif element is b["quit"]:
            self.app.running = False
        elif self.details_button is not None and element is self.details_button:
            self.show_campaign_problems()
        elif element in self.page_buttons.values():
            self.replay_page += -1 if element is self.page_buttons.get("newer") else 1
            self.focus["replays"] = 0
            self.rebuild()
        else:
            for k, (button, action) in enumerate(self.rows):
                if element is button:
                    self.focus[self.section] = k
                    action()  # a level is read again: the file may have changed
                    return

    def show(self, section: str) -> None:
        if section != self.section:
            self.section = section
            self.rebuild()

    # --- actions --------------------------------------------------------------------------

    def open_file_dialog(self) -> None:
        if self.dialog is not None and self.dialog.alive():
            return
        self._sync_ui_locale()
        w, h = self.app.screen.get_size()
        rect = pygame.Rect(0, 0, min(720, w - 80), min(520, h - 80))
        rect.center = (w // 2, h // 2)
        self.dialog = UIFileDialog(
            rect,
            self.app.ui,
            window_title=tr("menu.pick_level"),
            initial_file_path=str(LEVELS_DIR),
            allowed_suffixes={".toml"},
            allow_existing_files_only=True,
        )

    def open_level(self, path: Path) -> None:
        """A level's briefing, read from its file now; a broken file gets the error screen."""
        open_briefing(self.app, path)

    def show_campaign_problems(self) -> None:
        problems = LevelError(str(self.campaign.source), self.campaign.problems)
        self.app.push(LevelErrorScene(self.app, problems, title="level_error.campaign_title"))

    def enter(self) -> None:
        if self._back:  # from another screen: a file may have been fixed, a level completed
            self.campaign = load_campaign()
            self.focus.pop("campaign", None)  # the next level to play may have changed
        self._back = True
        super().enter()

    def rebuild(self) -> None:
        """Another section or language: the same files, no need to read them again."""
        self._back = False
        super().rebuild()

    def open_replay(self, path: Path) -> None:
        """Watch a recording; a damaged one is explained (the reader never raises more)."""
        from game.ui.scenes.replay import open_replay

        problem = open_replay(self.app, path)
        if problem:
            text = problem if path.name in problem else f"{path.name}: {problem}"
            self.show_error(tr("menu.replay_error"), text)

    def update(self, dt: float) -> None:
        # what went wrong at start-up (an unreadable settings file, ...), said once
        if self.app.notes and (self.message is None or not self.message.alive()):
            self.message = show_notes(self.app)
        super().update(dt)

    def show_error(self, title: str, text: str) -> None:
        if self.message is not None and self.message.alive():
            self.message.kill()
        self.message = message_window(self.app, title, text)

    def _sync_ui_locale(self) -> None:
        _sync_ui_locale(self.app)

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)


def _sync_ui_locale(app) -> None:
    """pygame_gui's own strings (the dialog buttons) in the trainee's language."""
    if app.ui.get_locale() != i18n.language():
        app.ui.set_locale(i18n.language())


def message_window(app, title: str, text: str) -> UIMessageWindow:
    """A window on top of every scene, sized to its text; its button or Enter closes it."""
    _sync_ui_locale(app)
    w, h = app.screen.get_size()
    lines = sum(1 + len(line) // 80 for line in text.splitlines() or [""])
    rect = pygame.Rect(0, 0, min(800, w - 80), min(150 + 25 * lines, h - 80))
    rect.center = (w // 2, h // 2)
    window = UIMessageWindow(rect, _html(text), app.ui, window_title=title, always_on_top=True)
    if app.scene is not None:  # it goes with the screen it was said on (it stayed over play)
        app.scene.own(window)
    return window


def show_notes(app) -> UIMessageWindow | None:
    """What went wrong at start-up (app.notes), said once on whatever screen comes first."""
    if not app.notes:
        return None
    notes, app.notes = app.notes, []
    return message_window(app, tr("menu.notes_title"), "\n".join(notes))


def _summary(level: Level) -> str:
    return tr(
        "menu.level_summary",
        people=sum(g.count for g in level.crowd),
        units=len(level.squads),
        objectives=len(level.objectives),
    )


OUTCOME_COLOURS = {
    "won": "hijau",
    "lost": "merah",
    "ended_early": "kuning",
    "damaged": "kuning",
}


def replay_cells(summary: ReplaySummary) -> dict[str, str]:
    """The words of one row of the replay list, by column (and the outcome's kind)."""
    if summary.damaged:
        return {
            "title": summary.path.name,
            "when": "",
            "duration": "",
            "outcome": tr("menu.outcome.damaged"),
            "outcome_kind": "damaged",
            "proportionality": "",
        }
    when = ""
    if summary.created is not None:
        try:
            when = summary.created.astimezone().strftime(tr("menu.date_format"))
        except (ValueError, OverflowError, OSError):
            when = summary.created.isoformat(sep=" ", timespec="minutes")
    seconds = int(summary.seconds or 0)
    prop = summary.proportionality
    return {
        "title": i18n.text_of(summary.title) or summary.path.name,
        "when": when,
        "duration": f"{seconds // 60:02d}:{seconds % 60:02d}",
        "outcome": tr(f"menu.outcome.{summary.outcome}"),
        "outcome_kind": summary.outcome,
        "proportionality": "–" if prop is None else f"{round(prop)}",
    }


def _fit(button: UIButton, text: str, width: int) -> None:
    """Cut a button's text at a word, with an ellipsis, to fit its width (the whole text
    stays in the tooltip); pygame_gui would clip it mid-letter."""
    font = getattr(button, "font", None)
    if font is None or font.size(text)[0] <= width:
        return
    words = text.split()
    while len(words) > 1 and font.size(" ".join(words) + "…")[0] > width:
        words.pop()
    button.set_text(" ".join(words).rstrip(",;:") + "…")


def _html(text: str) -> str:
    """Plain text for a pygame_gui text box: escape markup, keep the line breaks."""
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return esc.replace("\n", "<br>")


def _first_words(text: str, n: int = 100) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
