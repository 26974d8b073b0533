"""The main menu: the campaign in order, free play from any level file, replays, settings.

The left column holds the commands; the right panel shows the campaign (the default) or the
list of recorded runs. A level file that cannot be opened gets the error screen with the
loader's own words (a broken campaign entry keeps its row); the menu itself never falls
over.
"""

from __future__ import annotations

from datetime import datetime
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
    UISelectionList,
)
from pygame_gui.windows import UIFileDialog, UIMessageWindow

from game.level import Level, LevelError
from game.replay.store import replay_dir
from game.ui import i18n
from game.ui.campaign import LEVELS_DIR, load_campaign
from game.ui.i18n import tr
from game.ui.scene import Scene
from game.ui.scenes.briefing import mark_icon
from game.ui.scenes.level_error import LevelErrorScene, open_briefing
from game.ui.trainee import TraineeField

BACKGROUND = (24, 28, 36)
ROW_HEIGHT = 84
# a click on a replay: a new selection, or on the one already selected (which drops it)
REPLAY_PICKED = (
    pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
    pygame_gui.UI_SELECTION_LIST_DROPPED_SELECTION,
)


def list_replays(folder: Path | None = None) -> list[Path]:
    """Recorded runs, newest first; an unreadable folder is simply an empty list."""
    folder = folder or replay_dir()
    try:
        files = [p for p in folder.glob("*.jsonl") if p.is_file()]
        return sorted(files, key=lambda p: (-p.stat().st_mtime, p.name))
    except OSError:
        return []


class MenuScene(Scene):
    def __init__(self, app) -> None:
        super().__init__(app)
        self.section = "campaign"  # or "replays": what the right panel shows
        self.campaign = load_campaign()
        self.dialog: UIFileDialog | None = None
        self.message: UIMessageWindow | None = None
        self.campaign_rows: list[tuple[Path, Level, UIButton, bool]] = []
        self.broken_rows: list[tuple[Path, UIButton]] = []  # entries that cannot be opened
        self.details_button: UIButton | None = None  # the campaign file's problems
        self.replay_paths: dict[str, Path] = {}
        self.replay_list: UISelectionList | None = None

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
        for key in ("campaign", "free_play", "replays", "settings", "quit"):
            self.buttons[key] = UIButton(
                pygame.Rect(48, y, 320, 50),
                tr(f"menu.{key}"),
                manager=ui,
                container=root,
                tool_tip_text=tr(f"menu.{key}_tip"),
            )
            y += 62 if key != "settings" else 84
        self.buttons["campaign" if self.section == "campaign" else "replays"].select()
        # the trainee's name, asked once and kept: it names their replays and reports
        self.trainee = TraineeField(self.app, pygame.Rect(48, y + 10, 320, 64), root)
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
        if self.section == "campaign":
            self._build_campaign()
        else:
            self._build_replays()

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

    def _build_campaign(self) -> None:
        ui, panel = self.app.ui, self.panel
        pw, ph = panel.get_container().get_size()
        self._header("campaign", pw)
        self.campaign_rows = []
        self.broken_rows = []
        self.details_button = None
        notes_h = 60 if self.campaign.problems else 0
        area = pygame.Rect(12, 90, pw - 24, ph - 100 - notes_h)
        scroll = UIScrollingContainer(area, manager=ui, container=panel, allow_scroll_x=False)
        inner = area.width - 24
        done = set(self.app.settings.completed)
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
                UILabel(
                    pygame.Rect(inner - 124, y + 2, 124, 48),
                    tr("menu.broken"),
                    manager=ui,
                    container=scroll,
                    object_id=ObjectID(object_id="#colour_kuning"),
                )
                problems = entry.error.problems if entry.error is not None else []
                UILabel(
                    pygame.Rect(44, y + 52, inner - 44 - 130, 24),
                    tr("menu.level_problems", count=max(1, len(problems))),
                    manager=ui,
                    container=scroll,
                )
                self.broken_rows.append((entry.path, button))
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
                UILabel(
                    pygame.Rect(inner - 124, y + 2, 124, 48),
                    tr("menu.done"),
                    manager=ui,
                    container=scroll,
                    object_id=ObjectID(object_id="#colour_hijau"),
                )
            UILabel(
                pygame.Rect(44, y + 52, inner - 44 - 130, 24),
                tr(
                    "menu.level_summary",
                    people=sum(g.count for g in level.crowd),
                    units=len(level.squads),
                    objectives=len(level.objectives),
                ),
                manager=ui,
                container=scroll,
            )
            self.campaign_rows.append((entry.path, level, button, finished))
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

    def _build_replays(self) -> None:
        ui, panel = self.app.ui, self.panel
        pw, ph = panel.get_container().get_size()
        self._header("replays", pw)
        files = list_replays()
        self.replay_paths = {}
        items: list[str | tuple[str, str]] = []
        for p in files:
            try:
                when = datetime.fromtimestamp(p.stat().st_mtime).strftime("%Y-%m-%d %H:%M")
            except (OSError, ValueError, OverflowError):
                when = "?"
            text = f"{p.stem}    ({when})"
            self.replay_paths[text] = p
            items.append(text)
        if not items:
            items = [tr("menu.replays_none")]
        self.replay_list = UISelectionList(
            pygame.Rect(12, 90, pw - 24, ph - 104),
            items,
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
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            self._on_button(event.ui_element)
        elif event.type == pygame_gui.UI_FILE_DIALOG_PATH_PICKED:
            if self._is(event, self.dialog):
                self.dialog = None
                self.open_level(Path(event.text))
        elif event.type == pygame_gui.UI_WINDOW_CLOSE:
            if self._is(event, self.dialog):
                self.dialog = None
            elif self._is(event, self.message):
                self.message = None
        elif event.type in REPLAY_PICKED and self._is(event, self.replay_list):
            path = self.replay_paths.get(event.text)
            if path is not None:
                self.open_replay(path)

    @staticmethod
    def _is(event: pygame.event.Event, element) -> bool:
        return element is not None and getattr(event, "ui_element", None) is element

    def _on_button(self, element) -> None:
        b = self.buttons
        if element is b["campaign"]:
            self.show("campaign")
        elif element is b["replays"]:
            self.show("replays")
        elif element is b["free_play"]:
            self.open_file_dialog()
        elif element is b["settings"]:
            from game.ui.scenes.settings import SettingsScene

            self.app.push(SettingsScene(self.app))
        elif element is b["quit"]:
            self.app.running = False
        elif self.details_button is not None and element is self.details_button:
            self.show_campaign_problems()
        else:
            for path, _level, button, _ in self.campaign_rows:
                if element is button:
                    self.open_level(path)  # read again: the file may have changed
                    return
            for path, button in self.broken_rows:
                if element is button:
                    self.open_level(path)  # says what is wrong, or opens it if fixed
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
        self.campaign = load_campaign()  # read again: a file may have been fixed meanwhile
        super().enter()

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
            notes, self.app.notes = self.app.notes, []
            self.show_error(tr("menu.notes_title"), "\n".join(notes))
        super().update(dt)

    def show_error(self, title: str, text: str) -> None:
        if self.message is not None and self.message.alive():
            self.message.kill()
        self._sync_ui_locale()
        w, h = self.app.screen.get_size()
        lines = sum(1 + len(line) // 90 for line in text.splitlines() or [""])
        rect = pygame.Rect(0, 0, min(800, w - 80), min(130 + 25 * lines, h - 80))
        rect.center = (w // 2, h // 2)
        self.message = UIMessageWindow(
            rect, _html(text), self.app.ui, window_title=title, always_on_top=True
        )

    def _sync_ui_locale(self) -> None:
        """pygame_gui's own strings (the dialog buttons) in the trainee's language."""
        if self.app.ui.get_locale() != i18n.language():
            self.app.ui.set_locale(i18n.language())

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)


def _html(text: str) -> str:
    """Plain text for a pygame_gui text box: escape markup, keep the line breaks."""
    esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return esc.replace("\n", "<br>")


def _first_words(text: str, n: int = 100) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"
