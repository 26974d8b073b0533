"""The debrief screen: the after-action report's charts, every scored item and the timeline
of decisions; clicking an item opens the replay at that moment. The same HTML report can be
saved for an offline workstation."""

from __future__ import annotations

import io
from pathlib import Path

import platformdirs
import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIImage, UILabel, UISelectionList, UITextBox

from game.debrief.build import from_replay
from game.debrief.charts import chart_pngs
from game.debrief.report import write_report
from game.debrief.text import Words, clock
from game.debrief.timeline import score_lines, timeline
from game.replay.read import Replay, ReplayError, read_replay
from game.ui import i18n
from game.ui.i18n import tr
from game.ui.scene import Scene

BACKGROUND = (24, 28, 36)
CHARTS = ("mood", "injuries", "load", "zones", "heatmap", "danger", "danger_map", "score")
CHART_ROWS = 2


def reports_dir() -> Path:
    return Path(platformdirs.user_data_dir("sispamkota-trainer")) / "reports"


class DebriefScene(Scene):
    def __init__(self, app, replay_file: Path) -> None:
        super().__init__(app)
        self.replay_file = Path(replay_file)
        self.error: str | None = None
        self.replay: Replay | None
        try:
            self.replay = read_replay(self.replay_file)
        except ReplayError as exc:  # the recording was removed or damaged since
            self.replay = None
            self.error = str(exc)
        self.data = from_replay(self.replay) if self.replay is not None else None
        self.chart = CHARTS[0]
        self._pngs: dict[str, dict[str, bytes]] = {}  # language -> chart -> PNG
        self.rows: dict[str, int] = {}  # list text -> tick
        self.note = ""
        self.report: Path | None = None  # where the HTML report was written

    def pngs(self) -> dict[str, bytes]:
        """The charts in the current language (drawn once: matplotlib takes a second)."""
        lang = i18n.language()
        if lang not in self._pngs and self.data is not None:
            self._pngs[lang] = chart_pngs(self.data, lang)
        return self._pngs.get(lang, {})

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        ui, root = self.app.ui, self.root
        UILabel(
            pygame.Rect(24, 12, w - 48, 40),
            tr("debrief_screen.title"),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#heading"),
        )
        self.back = UIButton(
            pygame.Rect(w - 224, h - 60, 200, 44), tr("debrief_screen.back"), ui, container=root
        )
        if self.data is None:
            UILabel(pygame.Rect(24, 80, w - 48, 30), self.error or "", ui, container=root)
            return
        left_w = 430
        self.items = UISelectionList(
            pygame.Rect(24, 60, left_w, h - 136),
            list[str | tuple[str, str]](self._rows()),
            ui,
            container=root,
            object_id=ObjectID(object_id="#debrief_list"),
        )
        x = 24 + left_w + 16
        self.chart_buttons: dict[str, UIButton] = {}
        per_row = -(-len(CHARTS) // CHART_ROWS)  # the buttons in rows wide enough to read
        bw = (w - x - 24) // per_row
        for k, name in enumerate(CHARTS):
            row, col = divmod(k, per_row)
            b = UIButton(
                pygame.Rect(x + col * bw, 60 + row * 36, bw - 4, 32),
                tr(f"debrief_screen.chart.{name}"),
                ui,
                container=root,
            )
            if name == self.chart:
                b.select()
            self.chart_buttons[name] = b
        top = 60 + CHART_ROWS * 36 + 4
        area = pygame.Rect(x, top, w - x - 24, h - 76 - top)
        png = self.pngs().get(self.chart)
        if png:
            image = pygame.image.load(io.BytesIO(png), "chart.png").convert()
            scale = min(area.width / image.get_width(), area.height / image.get_height())
            size = (int(image.get_width() * scale), int(image.get_height() * scale))
            image = pygame.transform.smoothscale(image, size)
            UIImage(pygame.Rect(area.topleft, size), image, ui, container=root)
        self.watch = UIButton(
            pygame.Rect(24, h - 60, 200, 44), tr("debrief_screen.watch"), ui, container=root
        )
        self.save = UIButton(
            pygame.Rect(240, h - 60, 240, 44), tr("debrief_screen.save"), ui, container=root
        )
        self.note_label = UITextBox(
            self.note, pygame.Rect(496, h - 66, w - 496 - 240, 58), ui, container=root
        )
        if self.report is None:  # the report is written when the debrief opens
            self.report = self.save_report()

    def _rows(self) -> list[str]:
        """Every scored item and every decision, by time; each row knows its tick."""
        assert self.data is not None
        w = Words(self.data.level, i18n.language())
        rate = self.data.tick_rate
        rows: list[tuple[int, str]] = []
        for line in score_lines(self.data, w):
            sign = "+" if line.points > 0 else ""
            text = f"{clock(line.tick / rate)}  {sign}{line.points:g}  {line.name}"
            rows.append((line.tick, text))
        for entry in timeline(self.data, w):
            rows.append((entry.tick, f"{clock(entry.tick / rate)}  {entry.text}"))
        rows.sort(key=lambda r: r[0])
        self.rows = {}
        out = []
        for tick, text in rows:
            while text in self.rows:  # the list tells rows apart by their text
                text += " "
            self.rows[text] = tick
            out.append(text)
        return out

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            self.app.pop()
            return
        if event.type == pygame_gui.UI_SELECTION_LIST_NEW_SELECTION and self.data is not None:
            if event.ui_element is self.items and event.text in self.rows:
                self.open_replay_at(self.rows[event.text])
            return
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        if event.ui_element is self.back:
            self.app.pop()
        elif self.data is None:
            return
        elif event.ui_element is self.watch:
            self.open_replay_at(0)
        elif event.ui_element is self.save:
            self.save_report()
        else:
            for name, b in self.chart_buttons.items():
                if event.ui_element is b:
                    self.chart = name
                    self.rebuild()

    def open_replay_at(self, tick: int) -> None:
        from game.ui.scenes.replay import ReplayScene

        scene = ReplayScene(self.app, self.replay_file)
        scene.seek(tick)
        self.app.push(scene)

    def save_report(self) -> Path | None:
        assert self.data is not None
        try:
            path = write_report(self.data, reports_dir(), i18n.language(), pngs=self.pngs())
        except OSError as exc:
            self.note = tr("debrief_screen.save_failed", reason=exc.strerror or str(exc))
            self.note_label.set_text(self.note)
            return None
        self.note = tr("debrief_screen.saved", name=path.name, folder=str(path.parent))
        self.note_label.set_text(self.note)
        return path

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
