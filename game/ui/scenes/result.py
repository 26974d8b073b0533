"""The result of a run: both score axes side by side, the objectives, the numbers and the
five items that weighed most on the score, each explained.

A level whose objectives were all met (or that has none) is marked completed and saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UIImage, UILabel, UIPanel, UITextBox

from game.level import Level, LevelError
from game.session.end import passed
from game.sim.scoring import RULES, ScoreCard
from game.ui.campaign import load_campaign
from game.ui.i18n import text_of, tr
from game.ui.level_file import read_level
from game.ui.scene import Scene
from game.ui.scenes.briefing import mark_icon, objective_text
from game.ui.scenes.level_error import LevelErrorScene, return_to_menu

BACKGROUND = (24, 28, 36)
HIJAU, KUNING, MERAH = (70, 190, 90), (235, 190, 50), (220, 70, 60)


def score_colour(value: float) -> tuple[int, int, int]:
    return HIJAU if value >= 70 else KUNING if value >= 40 else MERAH


def score_bar(value: float, size: tuple[int, int]) -> pygame.Surface:
    """A horizontal bar filled to value/100, coloured by how good it is."""
    w, h = size
    s = pygame.Surface(size, pygame.SRCALPHA)
    pygame.draw.rect(s, (48, 52, 62), s.get_rect(), border_radius=6)
    filled = round(w * max(0.0, min(100.0, value)) / 100)
    if filled > 0:
        pygame.draw.rect(s, score_colour(value), (0, 0, filled, h), border_radius=6)
    for q in (25, 50, 75):  # quarter ticks to read the bar by
        x = round(w * q / 100)
        pygame.draw.line(s, (20, 22, 28), (x, h - 6), (x, h - 1), 2)
    pygame.draw.rect(s, (90, 96, 110), s.get_rect(), 1, border_radius=6)
    return s


def biggest_items(items: list[dict[str, Any]], n: int = 5) -> list[dict[str, Any]]:
    """Score items grouped by axis and rule, the n that moved the score most, largest first."""
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    for item in items:
        key = (str(item.get("axis", "")), str(item.get("rule", "")))
        g = groups.setdefault(key, {"axis": key[0], "rule": key[1], "points": 0.0, "items": []})
        g["points"] += float(item.get("points", 0))
        g["items"].append(item)
    ranked = sorted(groups.values(), key=lambda g: (-abs(g["points"]), g["axis"], g["rule"]))
    return [g for g in ranked if g["points"] != 0][:n]


def _points(p: float) -> str:
    text = f"{p:+.1f}".rstrip("0").rstrip(".")
    return text.replace("-", "−")


def _clock(seconds: float) -> str:
    m, s = divmod(int(round(seconds)), 60)
    return f"{m:02d}:{s:02d}"


class ResultScene(Scene):
    def __init__(
        self,
        app,
        level: Level,
        path: Path | str | None,
        card: ScoreCard,
        objectives: list[str],
        stats: dict[str, Any],
        replay_file: Path | None = None,
    ) -> None:
        super().__init__(app)
        self.replay_file = replay_file  # the run's recording: the debrief reads it
        self.level = level
        self.path = Path(path) if path is not None else None
        self.card = card
        self.objectives = list(objectives)
        self.stats = dict(stats)
        self.passed = passed(self.objectives, str(stats.get("result") or "")) and (
            len(self.objectives) >= len(level.objectives)
        )
        if self.passed and level.id not in app.settings.completed:
            app.settings.completed.append(level.id)
            app.save()
        self.campaign = load_campaign()
        self.next_level = self.campaign.next_after(level.id)

    # --- texts ----------------------------------------------------------------------------

    def stat_rows(self) -> list[tuple[str, str]]:
        s = self.stats
        minutes = s.get("dispersed_minutes")
        dispersed = (
            tr("result.stat.dispersed_after", minutes=f"{minutes:.1f}")
            if minutes is not None
            else tr("result.stat.not_dispersed")
        )
        return [
            (tr("result.stat.time"), self._time_text(float(s.get("seconds", 0)))),
            (tr("result.stat.dispersed"), dispersed),
            (tr("result.stat.injured_crowd"), str(s.get("injured_crowd", 0))),
            (tr("result.stat.injured_officers"), str(s.get("injured_officers", 0))),
            (tr("result.stat.arrested_provocateurs"), str(s.get("arrested_provocateurs", 0))),
            (tr("result.stat.arrested_others"), str(s.get("arrested_others", 0))),
        ]

    def _time_text(self, seconds: float) -> str:
        par = self.level.par_time
        if par is None:
            return _clock(seconds)
        return tr("result.stat.time_par", time=_clock(seconds), par=_clock(par))

    def items_html(self) -> str:
        groups = biggest_items(self.card.items)
        if not groups:
            return tr("result.no_items")
        parts = []
        for g in groups:
            rule = g["rule"]
            name = tr(f"result.rule.{rule}") if rule in RULES else rule
            axis = tr(f"result.axis_short.{g['axis']}")
            count = len(g["items"])
            times = f" ×{count}" if count > 1 else ""
            colour = "#6fd08a" if g["points"] > 0 else "#ff8a80"
            parts.append(
                f"<font color='{colour}'><b>{_points(g['points'])}</b></font>"
                f"  <b>{name}</b>{times}  <font color='#a9b7cf'>({axis})</font><br>"
                f"{tr(f'result.why.{rule}') if rule in RULES else ''}{self._detail(g)}"
            )
        return "<br><br>".join(parts)

    def _detail(self, group: dict[str, Any]) -> str:
        """What the items were about: the tools used, the objectives, the minutes."""
        items = group["items"]
        tools = sorted({str(i["tool"]) for i in items if "tool" in i})
        if tools:
            names = ", ".join(tr(f"briefing.tool.{t}") for t in tools)
            return " " + tr("result.detail.tools", tools=names)
        objs = [i["objective"] for i in items if isinstance(i.get("objective"), int)]
        if objs:
            names = "; ".join(
                objective_text(self.level, self.level.objectives[k])
                for k in sorted(set(objs))
                if 0 <= k < len(self.level.objectives)
            )
            return " " + tr("result.detail.objectives", objectives=names) if names else ""
        minutes = [i["minutes"] for i in items if "minutes" in i]
        if minutes:
            return " " + tr("result.detail.minutes", minutes=f"{minutes[0]:.1f}")
        return ""

    # --- widgets --------------------------------------------------------------------------

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        ui, root = self.app.ui, self.root
        margin, gap = 32, 24
        UILabel(
            pygame.Rect(margin, 14, w - 2 * margin, 48),
            tr("result.title"),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#title"),
        )
        said = text_of(self.stats.get("end_text"))
        UILabel(
            pygame.Rect(margin, 58, w - 2 * margin, 24),
            text_of(self.level.title),
            manager=ui,
            container=root,
        )
        top = 96
        if said:  # the script's word on the end, on its own line (one line overflowed)
            UILabel(pygame.Rect(margin, 80, w - 2 * margin, 24), said, manager=ui, container=root)
            top = 112
        left_w = (w - 2 * margin - gap) * 55 // 100
        right_x = margin + left_w + gap
        right_w = w - margin - right_x

        # the two axes, side by side
        col_w = (left_w - gap) // 2
        self.score_labels: dict[str, UILabel] = {}
        for n, axis in enumerate(("outcome", "proportionality")):
            value = getattr(self.card, axis)
            panel = UIPanel(
                pygame.Rect(margin + n * (col_w + gap), top, col_w, 150),
                manager=ui,
                container=root,
            )
            UILabel(
                pygame.Rect(12, 8, col_w - 24, 30),
                tr(f"result.axis.{axis}"),
                manager=ui,
                container=panel,
                object_id=ObjectID(object_id="#heading"),
            )
            colour = {HIJAU: "hijau", KUNING: "kuning", MERAH: "merah"}[score_colour(value)]
            self.score_labels[axis] = UILabel(
                pygame.Rect((col_w - 150) // 2, 42, 150, 40),
                tr("result.score", value=f"{value:.0f}"),
                manager=ui,
                container=panel,
                object_id=ObjectID(object_id=f"#colour_{colour}"),
            )
            UIImage(
                pygame.Rect(16, 88, col_w - 36, 22),
                score_bar(value, (col_w - 36, 22)),
                manager=ui,
                container=panel,
            )
            UILabel(
                pygame.Rect(12, 112, col_w - 24, 24),
                tr(f"result.axis_hint.{axis}"),
                manager=ui,
                container=panel,
            )

        # objectives, one row each with a drawn mark
        y = top + 150 + 16
        UILabel(
            pygame.Rect(margin, y, left_w, 30),
            tr("result.objectives"),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#heading"),
        )
        y += 34
        self.objective_rows: list[tuple[str, str]] = []
        for k, obj in enumerate(self.level.objectives):
            state = self.objectives[k] if k < len(self.objectives) else "pending"
            if state == "inactive":
                continue
            if state in ("met", "failed"):
                UIImage(
                    pygame.Rect(margin, y + 3, 22, 22),
                    mark_icon(state == "met", 22),
                    manager=ui,
                    container=root,
                )
            text = f"{objective_text(self.level, obj)}  ({tr(f'result.state.{state}')})"
            UILabel(pygame.Rect(margin + 30, y, -1, 28), text, manager=ui, container=root)
            self.objective_rows.append((state, text))
            y += 30
        if not self.level.objectives:
            UILabel(
                pygame.Rect(margin, y, left_w, 28),
                tr("result.no_objectives"),
                manager=ui,
                container=root,
            )
            y += 30
        verdict = "result.passed" if self.passed else "result.not_passed"
        UILabel(
            pygame.Rect(margin, y + 4, left_w, 28),
            tr(verdict),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#colour_hijau" if self.passed else "#colour_kuning"),
        )
        y += 44
        UILabel(
            pygame.Rect(margin, y, left_w, 30),
            tr("result.stats"),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#heading"),
        )
        y += 34
        self.stat_labels: list[UILabel] = []
        for n, (name, value) in enumerate(self.stat_rows()):
            col, row = n % 2, n // 2
            self.stat_labels.append(
                UILabel(
                    pygame.Rect(margin + col * (left_w // 2), y + row * 28, -1, 26),
                    f"{name}: {value}",
                    manager=ui,
                    container=root,
                )
            )

        # the items that weighed most
        UILabel(
            pygame.Rect(right_x, top, right_w, 30),
            tr("result.items"),
            manager=ui,
            container=root,
            object_id=ObjectID(object_id="#heading"),
        )
        self.items_box = UITextBox(
            self.items_html(),
            pygame.Rect(right_x, top + 34, right_w, h - 84 - top - 34),
            manager=ui,
            container=root,
        )

        # buttons
        bw, bh, by = 200, 46, h - 64
        self.retry_button = UIButton(
            pygame.Rect(margin, by, bw, bh), tr("result.retry"), manager=ui, container=root
        )
        self.debrief_button = None
        if self.replay_file is not None:
            self.debrief_button = UIButton(
                pygame.Rect(margin + bw + 16, by, bw, bh),
                tr("result.debrief"),
                manager=ui,
                container=root,
            )
        self.continue_button = UIButton(
            pygame.Rect(w - margin - 280, by, 280, bh),
            tr("result.next_level") if self.next_level else tr("result.to_menu"),
            manager=ui,
            container=root,
            tool_tip_text=text_of(self.next_level[1].title) if self.next_level else None,
        )

    # --- input ----------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.retry_button:
                self.retry()
            elif event.ui_element is self.continue_button:
                self.go_on()
            elif self.debrief_button is not None and event.ui_element is self.debrief_button:
                self.debrief()
        elif event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.go_on()

    def retry(self) -> None:
        """The level again, read from its file as it is now; a file that no longer loads gets
        the error screen, and going back returns to this result."""
        if self.path is None:
            self._play(self.level, None)
            return
        try:
            level, text = read_level(self.path)
        except LevelError as exc:
            self.app.push(LevelErrorScene(self.app, exc, self.path, on_fixed=self._play))
            return
        self._play(level, text)

    def _play(self, level: Level, text: str | None) -> None:
        from game.ui.scenes.play import PlayScene

        self.app.replace(PlayScene(self.app, level, self.path, level_text=text))

    def go_on(self) -> None:
        """The next campaign level's briefing, or the menu."""
        self.back_to_menu()
        if self.next_level is not None:
            from game.ui.scenes.briefing import BriefingScene

            path, level = self.next_level
            self.app.push(BriefingScene(self.app, level, path))

    def back_to_menu(self) -> None:
        """Drop every scene above the menu (the briefing, this one) without re-entering them."""
        return_to_menu(self.app)

    def debrief(self) -> None:
        from game.ui.scenes.debrief import DebriefScene

        if self.replay_file is not None:
            self.app.push(DebriefScene(self.app, self.replay_file))

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill(BACKGROUND)
