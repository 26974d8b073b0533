"""The play screen: the map, the HUD, the squad panel, and the clock.

Every trainee action becomes an Order handed to the run's Session, which stamps, records
and applies it. The Session advances in fixed ticks; the screen draws a blend of the last
two, so speed changes and pauses never change what happens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton, UILabel, UIPanel, UIScrollingContainer, UITextBox
from pygame_gui.windows import UIConfirmationDialog

from game.doctrine.units import UNIT_KINDS
from game.level import LevelError
from game.level.schema import Level
from game.replay.store import replay_dir
from game.session import Session
from game.sim import Simulation
from game.sim import orders as O
from game.sim.constants import DT, TICK_RATE
from game.sim.negotiation import refusal
from game.ui import i18n, words
from game.ui.camera import Camera
from game.ui.figures import draw_handcuffs
from game.ui.i18n import text_of, tr
from game.ui.input import SHORTCUTS, CommandInput
from game.ui.instructor_panel import KEY as INSTRUCTOR_KEY
from game.ui.instructor_panel import InstructorPanel
from game.ui.legend import KEY as LEGEND_KEY
from game.ui.legend import Legend
from game.ui.level_file import read_level
from game.ui.radio_lines import IMPORTANT, NEWS, ROUTINE, DangerWatch, squad_label
from game.ui.radio_log import RadioLog
from game.ui.scene import Scene
from game.ui.scenes.level_error import LevelErrorScene
from game.ui.tutorial import Tutorial
from game.ui.view import FrameView
from game.ui.words import fit_text

TOP = 40  # px: the top bar
PANEL_W = 300  # px: the squad panel on the right
FOOTER = 122  # px: the panel's pinned buttons (go codes, clock, end)
FOOTER_WATCHING = 64  # px: a replay has no go codes
SCROLL_BAR_W = 16  # px kept free for the panel's scroll bar
SPEEDS = (1, 2, 4)
MAX_STEPS_PER_FRAME = 12
EDGE_PAN = 12  # px from the window edge that pans the map
GO_CODES = ("A", "B", "C")
ARREST_MARK_TICKS = 5 * TICK_RATE
__all__ = ["PlayScene", "replay_dir"]


class PlayScene(Scene):
    watching = False  # the replay viewer sets this: no orders from the mouse or keys
    SPEEDS: tuple[float, ...] = SPEEDS

    def __init__(
        self,
        app,
        level: Level,
        path: Path | None,
        session: Session | None = None,
        level_text: str | None = None,
    ):
        """`session`: take command of this run (a take-over) instead of starting afresh.
        `level_text`: the level as written, which the recording keeps: the text `level` was
        read from, or a replay's level when there is no file (`path` is then None, and a
        restart is recorded all the same). Without it, `path` is read for the recording.

        A restart reads `path` again, so an edit to the file is played at once."""
        super().__init__(app)
        self.level = level
        self.path = Path(path) if path else None
        self.level_text = level_text
        self._given = session
        self.legend = Legend()  # what the map's colours mean, toggled with LEGEND_KEY
        self.instructor = InstructorPanel(self)  # live injects, toggled with INSTRUCTOR_KEY
        self.reset()

    @property
    def sim(self) -> Simulation:
        return self.session.sim

    @property
    def replay(self):
        """Kept for the panel's checks: a scene that only watches takes no orders."""
        return True if self.watching else None

    # --- a fresh run -----------------------------------------------------------------------

    def reset(self) -> None:
        self.session = self._given or self._new_session()
        self._given = None
        w, h = self.app.screen.get_size()
        self.camera = Camera(
            (0, TOP, w - PANEL_W, h - TOP), (self.level.map.width, self.level.map.height)
        )
        self.camera.fit()
        self.input = CommandInput(self.sim, self.camera)
        has_deploy = any(z.kind == "deploy" for z in self.level.zones)
        self.started = self.watching or not has_deploy or self.sim.tick > 0
        self.input.deploying = not self.started
        self.paused = False
        self.speed: float = 1
        self.acc = 0.0
        self.prev = self.cur = FrameView.capture(self.sim)
        self.radio_log = RadioLog()  # game/ui/radio_log.py: merged repeats, important kept
        self.danger = DangerWatch()
        self.queues: dict[str, list[Any]] = {c: [] for c in GO_CODES}
        self.plan_code: str | None = None
        self.confirming: tuple[UIConfirmationDialog, list[Any]] | None = None
        self.finished = False
        self.last_reply: dict | None = None
        self.arrests: list[tuple[np.ndarray, int]] = []  # where and when someone was arrested
        self.tutorial = (
            Tutorial(self.level.tutorial, self.input.happened) if self.level.tutorial else None
        )
        self._renderer = None
        self._minimap = None
        self._mouse: tuple[int, int] | None = None
        self.panel_key: tuple = ()
        self.say(tr("radio.ready") if self.started else tr("radio.deploy"))
        note = getattr(self, "_record_note", None)
        if note:
            self.say(str(note))

    def _new_session(self) -> Session:
        """A fresh run, recorded to the replays folder (a run without a file is not)."""
        from game.replay.record import make_header
        from game.replay.store import open_recorder

        recorder = None
        self._record_note = None
        if (self.path is not None or self.level_text is not None) and not self.watching:
            trainee = self.app.settings.trainee
            try:
                text = self.level_text
                if text is None and self.path is not None:
                    text = self.path.read_text("utf-8")
                name = self.path.name if self.path is not None else f"{self.level.id}.toml"
                header = make_header(text or "", name, self.level.seed, TICK_RATE, trainee)
                recorder = open_recorder(self.level.id, trainee, header, replay_dir())
            except OSError as exc:
                self._record_note = tr("play.radio.no_replay", reason=str(exc))
        return Session(self.level, recorder=recorder)

    @property
    def renderer(self):
        if self._renderer is None:
            from game.ui.render import WorldRenderer

            self._renderer = WorldRenderer(self.level)
            self._renderer.tile_budget_ms = 8  # after a zoom, fill the map in over frames
        return self._renderer

    @property
    def minimap(self):
        if self._minimap is None:
            from game.ui.minimap import Minimap

            self._minimap = Minimap(self.level)
        return self._minimap

    # --- widgets ---------------------------------------------------------------------------

    def build(self) -> None:
        w, h = self.app.screen.get_size()
        ui = self.app.ui
        self.clock_label = UILabel(pygame.Rect(8, 6, 150, 28), "", ui, container=self.root)
        self.speed_label = UILabel(pygame.Rect(160, 6, 150, 28), "", ui, container=self.root)
        self.colour_label = UILabel(
            pygame.Rect(320, 6, 150, 28),
            "",
            ui,
            container=self.root,
            object_id=ObjectID(object_id="#colour_hijau"),
        )
        self.mood_label = UILabel(pygame.Rect(476, 6, 380, 28), "", ui, container=self.root)
        # the level's phase ("Massa memanas"), a banner over the top of the map
        map_w = w - PANEL_W
        self.phase_label = UILabel(
            pygame.Rect(map_w // 2 - 170, TOP + 4, 340, 28),
            "",
            ui,
            container=self.root,
            object_id=ObjectID(object_id="#phase_banner"),
        )
        self.phase_label.hide()
        self.hurt_label = UILabel(
            pygame.Rect(w - PANEL_W + 4, 6, PANEL_W - 8, 28), "", ui, container=self.root
        )
        self.panel = UIPanel(
            pygame.Rect(w - PANEL_W, TOP, PANEL_W, h - TOP), manager=ui, container=self.root
        )
        # the panel's sections scroll above a footer that never moves: the clock's buttons
        # and "end the exercise" stay on screen however long the negotiation list grows
        inner_w, inner_h = self.panel.get_container().get_rect().size
        self.footer_top = inner_h - (FOOTER_WATCHING if self.watching else FOOTER)
        self.panel_body = UIScrollingContainer(
            pygame.Rect(0, 0, inner_w, self.footer_top - 2),
            ui,
            container=self.panel,
            allow_scroll_x=False,
        )
        self.radio = UITextBox(
            "",
            pygame.Rect(8, h - 150, 470, 142),
            ui,
            container=self.root,
            object_id=ObjectID(object_id="#radio_log"),
        )
        self.tutorial_box = None
        if self.tutorial is not None:
            # below the phase banner, which it hid (seen in the window)
            self.tutorial_box = UITextBox(
                "", pygame.Rect(w - PANEL_W - 570, TOP + 38, 560, 150), ui, container=self.root
            )
        self.dynamic: list[Any] = []
        self.panel_key = ()
        self._rebuild_panel()
        self.radio_log.dirty = True
        self._refresh_labels()
        self.instructor.build()

    def leave(self) -> None:
        self.instructor.leave()  # its widgets die with the screen, its window closes
        super().leave()

    def rebuild(self) -> None:
        """Fresh widgets (a language change, a restart): an open instructor panel opens
        again, in its own window if it had one."""
        reopen = self.instructor.open
        super().rebuild()
        if reopen:
            self.instructor.toggle()

    def takes_event(self, event: pygame.event.Event) -> bool:
        """The instructor's own window's events are never the trainee's."""
        return self.instructor.takes(event)
    def _button(self, rect, text, action, tooltip=None, object_id=None, enabled=True, footer=False):
        """A panel button whose text always fits: cut with an ellipsis, and then said in full
        on hover."""
        b = UIButton(
            pygame.Rect(rect),
            text,
            self.app.ui,
            container=self.panel if footer else self.panel_body,
            tool_tip_text=tooltip,
            object_id=ObjectID(object_id=object_id) if object_id else None,
        )
        short = fit_text(text, b.font, b.rect.width - 10)
        if short != text:
            b.set_text(short)
            if tooltip is None:
                b.set_tooltip(text)
        b.action = action
        if not enabled:
            b.disable()
        self.dynamic.append(b)
        return b

    def _label(self, rect, text, object_id="#heading"):
        lab = UILabel(
            pygame.Rect(rect),
            "",  # made empty, then given words that fit (pygame_gui warns of any overflow)
            self.app.ui,
            container=self.panel_body,
            object_id=ObjectID(object_id=object_id),
        )
        lab.set_text(fit_text(text, lab.font, lab.rect.width - 8) if lab.font else text)
        self.dynamic.append(lab)
        return lab

    def _text(self, y: int, width: int, html: str) -> int:
        """A box of running text in the panel, as tall as its lines; returns its bottom."""
        box = UITextBox(html, pygame.Rect(4, y, width, -1), self.app.ui, container=self.panel_body)
        self.dynamic.append(box)
        return y + box.rect.height + 4

    def _panel_state(self) -> tuple:
        """What the panel shows; it is rebuilt only when this changes."""
        talk = tuple((m, why is None) for m, why in self._talk_rows())  # not the waits
        tools = tuple(self._tools())
        return (
            tuple(self.input.selected),
            len(self.sim.squads),  # a reinforcement arrived
            talk,
            tools,
            self.input.ranks,
            self.plan_code,
            tuple(len(q) for q in self.queues.values()),
            self.started,
            self.paused,
            self.speed,
            i18n.language(),
            self.input.armed,
            self.last_reply["move"] if self.last_reply else None,
            tuple(g.state for g in self.sim.gates),
            self._authorisation(),
        )

    def _rebuild_panel(self) -> None:
        key = self._panel_state()
        if key == self.panel_key:
            return
        self.panel_key = key
        for el in self.dynamic:
            el.kill()
        self.dynamic = []
        y = 6
        body_w = self.panel_body.get_container().get_rect().width
        W = body_w - SCROLL_BAR_W - 8
        if not self.started:
            self._label((4, y, W, 30), tr("play.deploy.title"))
            y += 32
            y = self._text(y, W, words.deploy_help())
            self._button((4, y, W, 32), tr("play.deploy.start") + "  [Enter]", "start")
            y += 40
        self._label((4, y, W, 30), tr("play.squads"))
        y += 32
        half = W // 2
        for i, sq in enumerate(self.sim.squads):
            full = self._squad_label(sq.name)
            mark = "\u00bb" if i in self.input.selected else ""
            col, row = i % 2, i // 2
            b = self._button(
                (4 + col * half, y + row * 25, half - 2, 24), "", f"select:{i}", tooltip=full
            )
            # the name gives way before the number and the headcount do
            head, tail = f"{mark}{i + 1} ", f" ({len(sq.members)})"
            room = b.rect.width - 10 - b.font.size(head + tail)[0]
            b.set_text(head + fit_text(tr(f"unit.{sq.kind}"), b.font, room) + tail)
        y += ((len(self.sim.squads) + 1) // 2) * 25
        y += 6
        asking = self._authorisation()
        if asking and self.started and not self.watching:
            text = tr("play.authorise_pending")
            if asking == "ask":
                text = tr("play.authorise") + " [I]"
            self._button((4, y, W, 26), text, "cmd:authorise", enabled=asking == "ask")
            y += 30
        if not self.input.selected and self.sim.gates and self.started and self.replay is None:
            self._label((4, y, W, 30), tr("play.gates"))
            y += 32
            for g in self.sim.gates:
                verb = "open" if g.state == "closed" else "close"
                self._button(
                    (4, y, W, 24),
                    tr(f"play.gate_{verb}", gate=words.gate(g.name)),
                    f"gate:{g.name}:{verb}",
                    enabled=g.state != "broken",
                )
                y += 25
        if self.input.selected:
            self._label((4, y, W, 30), tr("play.commands"))
            y += 32
            cmds = ["move", "hold", "advance", "withdraw", "line", "column", "wedge", "ranks"]
            for k, name in enumerate(cmds):
                label = tr(f"play.cmd.{name}", ranks=self.input.ranks)
                col, row = k % 2, k // 2
                self._button(
                    (4 + col * (W // 2), y + row * 28, W // 2 - 2, 26),
                    f"{label} [{SHORTCUTS[name]}]",
                    f"cmd:{name}",
                )
            y += 4 * 28 + 4
            reliefs = {self.input.hand_over_kind(i) for i in self.input.selected} - {None}
            if len(reliefs) == 1:  # lapis ganti or lintas ganti, named by what it does
                (relief,) = reliefs
                self._button((4, y, W, 26), tr(f"play.cmd.{relief}") + " [O]", "cmd:hand_over")
                y += 30
            if any(self.sim.squads[i].unit.evacuates for i in self.input.selected):
                self._button(
                    (4, y, W, 26),
                    f"{tr('panel.evacuate')} [{SHORTCUTS['evacuate']}]",
                    "cmd:evacuate",
                )
                y += 30
            if any(self.sim.squads[i].unit.observes for i in self.input.selected):
                self._button(
                    (4, y, W, 26),
                    f"{tr('intel.observe')} [{SHORTCUTS['observe']}]",
                    "cmd:observe",
                    tooltip=tr("intel.observe_tip"),
                )
                y += 30
            talkers = [i for i in self.input.selected if self.sim.squads[i].unit.talks]
            if talkers:
                self._button((4, y, W, 26), f"{tr('play.cmd.approach')} [N]", "cmd:approach")
                y += 30
                rows = self._talk_rows()
                if rows:
                    self._label((4, y, W, 30), tr("play.talk"))
                    y += 32
                    for move, why in rows:  # always in the same order: none jumps
                        label = text_of(self.sim.moves[move].label)
                        self._button(
                            (4, y, W, 24),
                            label,
                            f"talk:{move}",
                            tooltip=label if why is None else f"{label}: {why}",
                            enabled=why is None,
                        )
                        y += 25
                elif self.input.selected:
                    y = self._text(y, W, tr("play.talk_far"))
                if self.last_reply:
                    y = self._text(
                        y,
                        W,
                        f"<i>{tr('play.korlap')}:</i> "
                        f"\u201c{self.last_reply['reply'][i18n.language()]}\u201d",
                    )
            tools = self._tools()
            if tools:
                self._label((4, y, W, 30), tr("play.force"))
                y += 32
                for tool in tools:
                    rule = self.sim.tools[tool]
                    oid = "#danger_button" if rule.stage >= 5 else "#stage_button"
                    self._button(
                        (4, y, W, 24),
                        f"[{rule.stage}] {text_of(rule.label)}",
                        f"cmd:tool:{tool}",
                        object_id=oid,
                    )
                    y += 25
        self.panel_body.set_scrollable_area_dimensions((body_w - SCROLL_BAR_W, y + 6))
        self._footer(body_w - 8)

    def _footer(self, W: int) -> None:
        """The go codes and the clock's buttons, pinned under the scrolling sections."""
        y = self.footer_top
        button = self._button
        if not self.watching:  # a replay plans nothing
            code = self.plan_code or "-"
            button((4, y, W, 26), tr("play.plan", code=code) + " [G]", "plan", footer=True)
            y += 28
            for k, c in enumerate(GO_CODES):
                button(
                    (4 + k * (W // 3), y, W // 3 - 2, 26),
                    f"{tr('play.go', code=c)} ({len(self.queues[c])})",
                    f"go:{c}",
                    tooltip=f"F{k + 1}",
                    footer=True,
                )
            y += 30
        pause = tr("play.resume") if self.paused else tr("play.pause")
        third = W // 3 - 2
        button((4, y, third, 26), f"{pause} [Spc]", "pause", footer=True)
        button((4 + W // 3, y, third, 26), f"{speed_text(self.speed)} [+]", "speed", footer=True)
        button((4 + 2 * W // 3, y, third, 26), f"{tr('play.restart')} [F9]", "restart", footer=True)
        y += 30
        button((4, y, W, 26), f"{tr('play.end')} [F10]", "end", footer=True)

    def _tools(self) -> list[str]:
        if not self.input.selected or not self.started or self.replay is not None:
            return []
        sq = self.sim.squads[self.input.selected[0]]
        return [t for t in UNIT_KINDS[sq.kind].tools if t in self.sim.tools]

    def _talk_rows(self) -> list[tuple[str, str | None]]:
        """Every move the selected talker knows, in the rulebook's order, with why it cannot
        be made now (None when it can); empty while no move can be made. A list of only the
        possible moves reordered under the cursor: clicking the top row twice made two
        different moves."""
        if not self.started or self.replay is not None:
            return []
        from game.sim.commands import nearest_korlap

        for i in self.input.selected:
            sq = self.sim.squads[i]
            if not sq.unit.talks:
                continue
            pos, _ = self.sim.positions()
            here = pos[sq.members[self.sim.slots.alive[sq.members]]]
            if not len(here):
                continue
            korlap = nearest_korlap(self.sim, here)
            if korlap < 0:
                return []
            rows = [
                (m, refusal(self.sim, sq, m, rule, korlap))
                for m, rule in self.sim.moves.items()
                if sq.kind in rule.who
            ]
            if all(why is not None for _, why in rows):
                return []
            return [(m, None if why is None else self._why(why)) for m, why in rows]
        return []

    def _why(self, why: Any) -> str:
        code = getattr(why, "code", None)
        if code is None:
            return str(why)
        return words.refusal(self.sim, self.level, code, getattr(why, "params", {}))

    def _possible_moves(self) -> list[str]:
        """The negotiation moves the selected negotiator could make right now."""
        return [m for m, why in self._talk_rows() if why is None]

    # --- input ------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        if self.instructor.handle(event):
            return
        keys = (pygame.KEYDOWN, pygame.KEYUP)
        if self.instructor.typing() and event.type in keys and event.key != INSTRUCTOR_KEY:
            return  # letters for the panel's text box, not the trainee's shortcuts
        if event.type == pygame.MOUSEMOTION:
            self._mouse = event.pos
        elif event.type == pygame.WINDOWLEAVE:
            self._mouse = None
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            action = getattr(event.ui_element, "action", None)
            if action:
                self.act(action)
            return
        if event.type == pygame_gui.UI_CONFIRMATION_DIALOG_CONFIRMED and self.confirming:
            dialog, orders = self.confirming
            if event.ui_element is dialog:
                self.confirming = None
                self._submit(orders, confirmed=True)
            return
        if event.type == pygame.KEYDOWN and self._scene_key(event):
            return
        if event.type == pygame.MOUSEWHEEL:
            at = self._mouse or pygame.mouse.get_pos()
            if self._on_map(at):  # over the panel the wheel scrolls the panel
                self.camera.zoom_at(at, 1.15**event.y)
            return
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 2:
            self._pan_from = event.pos
            return
        if event.type == pygame.MOUSEBUTTONUP and event.button == 2:
            self._pan_from = None
            return
        if event.type == pygame.MOUSEMOTION and getattr(self, "_pan_from", None):
            self.camera.pan_pixels(
                event.pos[0] - self._pan_from[0], event.pos[1] - self._pan_from[1]
            )
            self._pan_from = event.pos
            return
        if hasattr(event, "pos") and not self._on_map(event.pos):
            if event.type == pygame.MOUSEBUTTONDOWN and self._minimap_click(event.pos):
                return
            if event.type != pygame.MOUSEBUTTONUP:
                return
        if self.replay is not None and event.type == pygame.MOUSEBUTTONUP and event.button == 3:
            return  # a replay takes no orders
        orders = self.input.handle(event, self.sim.tick)
        if self.replay is None:
            self._submit(orders)

    def _on_map(self, pos) -> bool:
        x, y, w, h = self.camera.viewport
        return x <= pos[0] < x + w and y <= pos[1] < y + h

    def _minimap_click(self, pos) -> bool:
        w, h = self.app.screen.get_size()
        world = self.minimap.to_world(
            (pos[0] - self._minimap_topleft()[0], pos[1] - self._minimap_topleft()[1])
        )
        if world is None:
            return False
        self.camera.look_at(world)
        return True

    def _minimap_topleft(self) -> tuple[int, int]:
        w, h = self.app.screen.get_size()
        mw, mh = getattr(self.minimap, "size", (200, 140))
        return (w - PANEL_W - mw - 8, h - mh - 8)

    def _scene_key(self, event) -> bool:
        key = event.key
        if key == pygame.K_SPACE:
            self.act("pause")
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.act("speed")
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.speed = self.SPEEDS[max(0, self.SPEEDS.index(self.speed) - 1)]
        elif key == pygame.K_F9:
            self.act("restart")
        elif key == pygame.K_F10:
            self.act("end")
        elif key in (pygame.K_RETURN, pygame.K_KP_ENTER) and not self.started:
            self.act("start")
        elif key == pygame.K_g:
            self.act("plan")
        elif key == LEGEND_KEY:
            self.legend.toggle()
        elif key == INSTRUCTOR_KEY:
            self.instructor.toggle()
        elif key in (pygame.K_F1, pygame.K_F2, pygame.K_F3):
            self.act(f"go:{GO_CODES[key - pygame.K_F1]}")
        elif key == pygame.K_TAB and self.input.selected:
            self.camera.follow = self.input.selected[0]
        elif key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_UP, pygame.K_DOWN):
            step = 40 / self.camera.scale
            dx = {pygame.K_LEFT: -step, pygame.K_RIGHT: step}.get(key, 0)
            dy = {pygame.K_UP: -step, pygame.K_DOWN: step}.get(key, 0)
            self.camera.pan_metres(dx, dy)
        else:
            return False
        return True

    def act(self, action: str) -> None:
        """A button or its shortcut."""
        if action.startswith("select:"):
            i = int(action.split(":")[1])
            self.input.selected = [i]
            self.input.happened.append(f"select_squad:{self.sim.squads[i].name}")
        elif action.startswith("cmd:"):
            if self.replay is None:
                self._submit(self.input.command(action.removeprefix("cmd:"), self.sim.tick))
        elif action.startswith("gate:"):
            _, gate, verb = action.split(":")
            gate_order = O.OperateGate(tick=self.sim.tick, gate=gate, action="open")
            if verb != "open":
                gate_order = O.OperateGate(tick=self.sim.tick, gate=gate, action="close")
            self._submit([gate_order])
        elif action.startswith("talk:"):
            self._submit(self.input.negotiate(action.removeprefix("talk:"), self.sim.tick))
        elif action == "pause":
            self.paused = not self.paused
            self.input.happened.append("pause")
        elif action == "speed":
            self.speed = self.SPEEDS[(self.SPEEDS.index(self.speed) + 1) % len(self.SPEEDS)]
            self.input.happened.append("speed")
        elif action == "restart":
            self.restart()
        elif action == "end":
            if self.watching:
                self.app.pop()
                return
            self._on_events(self.session.end("trainee"))  # an order: the replay ends here too
            self._finish()
        elif action == "start":
            self.started = True
            self.input.happened.append("start")
            self.input.deploying = False
            self.app.sound.play("whistle")
            self.say(tr("radio.ready"))
        elif action == "plan":
            order = [None, *GO_CODES]
            self.plan_code = order[(order.index(self.plan_code) + 1) % len(order)]
        elif action.startswith("go:"):
            code = action.split(":")[1]
            queued, self.queues[code] = self.queues[code], []
            if self.plan_code == code:  # released: what comes next is ordered at once
                self.plan_code = None
            stamped = [_restamp(o, self.sim.tick) for o in queued]
            if stamped:
                self.input.happened.append(f"go:{code}")
                self.say(tr("radio.go", code=code, n=len(stamped)))
                self._submit(stamped, confirmed=True, direct=True)

    def restart(self) -> None:
        """The level afresh, read again from its file (an edit is played at once). A file
        that no longer loads gets the error screen over this run, which goes on (paused)
        if the trainee goes back; its recording is kept either way."""
        if self.path is None or self.watching:
            self.restart_with(self.level, self.level_text)
            return
        try:
            level, text = read_level(self.path)
        except LevelError as exc:
            self.paused = True
            self.app.sound.set_crowd(0.0, False)
            self.app.push(LevelErrorScene(self.app, exc, self.path, on_fixed=self.restart_with))
            return
        self.restart_with(level, text)

    def restart_with(self, level: Level, text: str | None) -> None:
        """A fresh run of `level` (written as `text`); the run so far keeps its recording."""
        self._close_recording()
        self.level, self.level_text = level, text
        self._given = None
        self.reset()
        self.rebuild()

    def close(self) -> None:
        """Left for good without an end (the error screen's way to the menu)."""
        self._close_recording()
        self.app.sound.set_crowd(0.0, False)

    def _authorisation(self) -> str:
        """'ask' while merah and not yet authorised, 'pending' once asked, else ''."""
        if self.sim.authorised or self.sim.colour != "merah":
            return ""
        return "pending" if self.sim.authorisation_due >= 0 else "ask"

    def _needs_confirmation(self, order) -> bool:
        if not isinstance(order, O.UseForce) or self.sim.authorised:
            return False
        squad = self.sim.find_squad(order.squad)
        rule = self.sim.tools.get(order.tool)
        return bool(rule and (rule.authorisation or (squad and squad.kind == "brimob")))

    def _submit(self, orders: list[Any], confirmed: bool = False, direct: bool = False) -> None:
        for key in self.input.notices:  # a click that gave no order says why
            self.say(tr(key), IMPORTANT)
        self.input.notices.clear()
        if not orders:
            return
        asking = [o for o in orders if not confirmed and self._needs_confirmation(o)]
        if asking:
            dialog = UIConfirmationDialog(
                pygame.Rect(0, 0, 460, 260).move(
                    self.app.screen.get_width() // 2 - 230, self.app.screen.get_height() // 2 - 130
                ),
                words.authorisation_question(self.sim, self.level, asking[0]),
                self.app.ui,
                window_title=tr("play.confirm.title"),
                action_short_name=tr("play.confirm.do"),
            )
            self.confirming = (self.own(dialog), orders)
            return
        if self.plan_code and not direct and self.started:
            self.queues[self.plan_code] += orders
            self.say(tr("radio.queued", code=self.plan_code, n=len(orders)), ROUTINE)
            return
        for order in orders:
            self.session.submit(order)  # stamped with the tick the run accepts it at
        # paused or still deploying: show at once whether the orders were taken
        self._on_events(self.session.apply_now())
        if self.paused or not self.started:  # and where everyone now stands
            self.prev = self.cur = FrameView.capture(self.sim)
        self.panel_key = ()
        if self.session.finished:
            self._finish()

    def inject(self, action: dict[str, Any]) -> tuple[str | None, list[Any]]:
        """An instructor's inject (the instructor panel): recorded as the instructor's order
        and carried out at once, paused or not, as the trainee's orders are. Returns why it
        was refused (None when taken) and what happened; a refusal is the panel's to say,
        never the trainee's radio."""
        if self.watching or self.session.finished:
            return tr("instructor.nothing"), []
        order = O.Inject(tick=self.sim.tick, action=action, by="instructor")
        self.session.submit(order, source="instructor")
        events = self.session.apply_now()
        refused = next((e for e in events if e.kind == "order_refused"), None)
        self._on_events([e for e in events if e.kind != "order_refused"])
        if self.paused or not self.started:
            self.prev = self.cur = FrameView.capture(self.sim)
        self.panel_key = ()
        if self.session.finished:
            self._finish()
        if refused is None:
            return None, events
        d = refused.data
        why = _Reason(d.get("code", ""), d.get("params", {}), d.get("reason", ""))
        return self._why(why), events

    # --- the clock -------------------------------------------------------------------------

    def update(self, dt: float) -> None:
        if self.confirming and not self.confirming[0].alive():
            self.confirming = None
        self._edge_pan(dt)
        if self.started and not self.paused and not self.finished:
            self.acc += dt * self.speed
            steps = min(int(self.acc / DT), MAX_STEPS_PER_FRAME)
            self.acc = min(self.acc - steps * DT, DT)
            for k in range(steps):
                if k == steps - 1:
                    self.prev = FrameView.capture(self.sim)
                self._on_events(self.step_run())
                self._after_tick()
                if self.finished:
                    break
            if steps:
                self.cur = FrameView.capture(self.sim)
            if self.finished:
                # The result screen has replaced this one: its widgets are gone, and
                # refreshing the radio log now would build a new scroll bar that stays
                # drawn over every screen after it.
                return
            for line in self.danger.check(self.cur, self.sim, self.level):
                self.radio_log.say_line(line, self.sim.time)  # a warning before harm
        elif not self.started:
            self.prev = self.cur = FrameView.capture(self.sim)
        if self.camera.follow is not None and self.camera.follow < len(self.sim.squads):
            pos, _ = self.sim.positions()
            sq = self.sim.squads[self.camera.follow]
            self.camera.centre = pos[sq.members].mean(axis=0)
        if self.tutorial is not None:
            self.tutorial.check(self.sim.time)
            self._tutorial_then()
            if self.finished:  # a step's `then` ended the level: the result is up
                return
        self.app.sound.set_crowd(
            self.sim.mood_summary()["agitation"], bool(len(self.sim.crowd_slots()))
        )
        self._refresh_labels()
        if self.app.frame % 15 == 0 or self.panel_key[:1] != (tuple(self.input.selected),):
            self._rebuild_panel()
        self.instructor.update(dt)  # the second screen's frame

    def _edge_pan(self, dt: float) -> None:
        """Pan when the pointer rests at the window's edge (known only from its events)."""
        if self._mouse is None:
            return
        x, y = self._mouse
        w, h = self.app.screen.get_size()
        speed = 400 * dt / self.camera.scale * 10
        dx = -speed if x < EDGE_PAN else speed if x > w - EDGE_PAN else 0
        dy = -speed if y < EDGE_PAN else speed if y > h - EDGE_PAN else 0
        if dx or dy:
            self.camera.pan_metres(dx, dy)

    def step_run(self) -> list:
        """One tick of the run (the replay viewer steps its replay instead)."""
        return self.session.step()

    def _after_tick(self) -> None:
        # the Session ends the exercise: time up, every objective decided, the crowd gone
        if self.session.finished:
            self._finish()

    def _tutorial_then(self) -> None:
        """What a passed step sets going (the crowd marches once the cordon stands): script
        actions given to the run as orders, so the recording replays them."""
        assert self.tutorial is not None
        for step in self.tutorial.take_passed():
            if self.watching or self.finished:
                continue
            for action in step.then:
                data = action.model_dump(mode="json")
                self.session.submit(O.Inject(tick=self.sim.tick, action=data, by="trainee"))
            if step.then:
                self._on_events(self.session.apply_now())
                if self.session.finished:
                    self._finish()

    def _on_events(self, events) -> None:
        if self.tutorial is not None:
            self.tutorial.saw(events)
        for e in events:
            self.radio_log.hear([e], self.sim, self.level, self.sim.time)
            if e.kind == "negotiation":
                self.last_reply = e.data
            if e.kind == "arrested":  # shown where it happened for a few seconds
                where = np.flatnonzero(self.cur.slots == e.data["agent"])
                if len(where):
                    self.arrests.append((self.cur.pos[where[0]].copy(), self.sim.tick))
            if e.kind == "force_used":
                sound = {"water_cannon": "water_cannon", "tear_gas": "gas_pop"}.get(e.data["tool"])
                if sound:
                    self.app.sound.play(sound)
            elif e.kind == "officers_hit":
                self.app.sound.play("impact")
            elif e.kind in ("gate_broken", "situation"):
                self.app.sound.play("whistle")
            elif e.kind in ("radio", "phase", "reinforcement"):
                self.app.sound.play("radio")

    def _squad_label(self, name: str) -> str:
        return squad_label(self.level, name)

    def say(self, line: str, category: str = NEWS) -> None:
        self.radio_log.say(line, self.sim.time, category)

    @property
    def log(self) -> list[str]:
        """The radio log's lines as plain text, oldest first."""
        return self.radio_log.lines()

    def _refresh_labels(self) -> None:
        sim = self.sim
        state = tr("play.paused") if self.paused else ("" if self.started else tr("play.deploying"))
        self.clock_label.set_text(f"{_clock(sim.time)} / {_clock(self.level.time_limit)}")
        self.speed_label.set_text(f"{speed_text(self.speed)} {state}")
        colour = sim.colour
        if getattr(self, "_shown_colour", None) != colour:
            self._shown_colour = colour
            self.colour_label.change_object_id(ObjectID(object_id=f"#colour_{colour}"))
        self.colour_label.set_text(tr(f"colour.{colour}").upper())
        phase = next((p for p in self.level.phases if p.name == sim.script.phase), None)
        phase_text = text_of(phase.label) if phase is not None else ""
        if getattr(self, "_shown_phase", None) != phase_text:
            self._shown_phase = phase_text
            self._fit_banner(phase_text)
            self.phase_label.show() if phase_text else self.phase_label.hide()
        m = sim.mood_summary()
        self.mood_label.set_text(
            tr(
                "play.mood",
                agitation=round(100 * m["agitation"]),
                active=round(100 * m["active_share"]),
                legitimacy=round(100 * m["legitimacy"]),
            )
        )
        s = sim.slots
        crowd_hurt = int((s.view("injured") & (s.view("kind") == 0)).sum())
        police_hurt = int((s.view("injured") & (s.view("kind") == 1)).sum())
        self.hurt_label.set_text(tr("play.injured", crowd=crowd_hurt, police=police_hurt))
        self.radio_log.refresh(self.radio)
        if self.tutorial_box is not None and self.tutorial is not None:
            text = self.tutorial.text()
            if text != getattr(self, "_tutorial_text", None):
                self._tutorial_text = text
                self.tutorial_box.set_text(text)

    def _fit_banner(self, text: str) -> None:
        """The phase banner as wide as its words (cut only where the map is narrower)."""
        label = self.phase_label
        map_w = self.app.screen.get_width() - PANEL_W
        if label.font is None:
            label.set_text(text)
            return
        width = min(map_w - 16, label.font.size(text)[0] + 28)
        label.set_dimensions((width, label.rect.height))
        label.set_relative_position(((map_w - width) // 2, TOP + 4))
        label.set_text(fit_text(text, label.font, width - 12))

    # --- drawing -------------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((24, 30, 40))
        alpha = 1.0 if self.paused or not self.started else min(1.0, self.acc / DT)
        view = self.prev.blend(self.cur, alpha)
        overlay: dict[str, Any] = {}
        inp = self.input
        if inp.drag_from is not None and inp.drag_to is not None:
            if inp.drag_button == 3:
                overlay["cordon"] = (
                    self.camera.to_world(inp.drag_from),
                    self.camera.to_world(inp.drag_to),
                )
            else:
                a, b = np.asarray(inp.drag_from), np.asarray(inp.drag_to)
                lo = np.minimum(a, b)
                overlay["box"] = pygame.Rect(int(lo[0]), int(lo[1]), *np.abs(b - a).astype(int))
        if not self.started:
            overlay["zones"] = [
                ("deploy", z.outline()) for z in self.level.zones if z.kind == "deploy"
            ]
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(self.camera.viewport))
        self.renderer.draw(surface, self.camera, view, selected=set(inp.selected), overlay=overlay)
        self._draw_orders(surface)
        self._draw_arrests(surface)
        surface.set_clip(clip)
        self.minimap.draw(surface, self._minimap_topleft(), view, self.camera)
        self._draw_top(surface)
        self._draw_objectives(surface)
        self.legend.draw(surface, pygame.Rect(self.camera.viewport))
        self.instructor.draw_on_map(surface)

    def _draw_orders(self, surface) -> None:
        """Where the squads are going, the orders under go codes, the armed tool's reach and
        the talking range: drawn from the run as it stands, so an order given while paused
        shows at once."""
        from game.ui import plans, reach

        selected = set(self.input.selected)
        plans.draw_destinations(
            surface, self.camera, self.sim, selected, self.paused or not self.started
        )
        if any(self.queues.values()):
            plans.draw_planned(surface, self.camera, self.queues, self._hud_font())
        if self.watching or not selected:
            return
        first = self.sim.squads[self.input.selected[0]]
        armed = self.input.armed or ""
        if armed.startswith("tool:"):
            cursor = person = None
            if self._mouse is not None and self._on_map(self._mouse):
                cursor = self.camera.to_world(self._mouse)
                agent = self.input.person_at(cursor)
                if agent is not None:
                    person = self.sim.positions()[0][agent]
            reach.draw_tool_reach(
                surface, self.camera, self.sim, first, armed.removeprefix("tool:"), cursor, person
            )
        for i in self.input.selected:
            if self.sim.squads[i].unit.talks:
                reach.draw_talk_range(surface, self.camera, self.sim, self.sim.squads[i])

    def _draw_arrests(self, surface) -> None:
        """Handcuffs where someone was just arrested and led away."""
        self.arrests = [(p, t) for p, t in self.arrests if self.sim.tick - t < ARREST_MARK_TICKS]
        for p, _ in self.arrests:
            draw_handcuffs(surface, self.camera.to_screen(p), self.camera.scale)

    def _draw_top(self, surface) -> None:
        w = surface.get_width()
        pygame.draw.rect(surface, (19, 32, 58), (0, 0, w, TOP))
        m = self.sim.mood_summary()
        x, y, bw = 862, 14, 100
        pygame.draw.rect(surface, (60, 70, 90), (x, y, bw, 12))
        pygame.draw.rect(
            surface, _gauge_colour(m["agitation"]), (x, y, int(bw * m["agitation"]), 12)
        )

    def _hud_font(self) -> pygame.font.Font:
        if getattr(self, "_font", None) is None or not pygame.font.get_init():
            self._font = pygame.font.Font(None, 20)
        return self._font

    def _draw_objectives(self, surface) -> None:
        self._hud_font()
        y = TOP + 8
        if self.phase_label.visible:  # under the phase banner, never behind it
            y = self.phase_label.rect.bottom + 6
        for i, obj in enumerate(self.level.objectives):
            state = self.sim.objectives[i]
            if state == "inactive":  # not given to the trainee yet
                continue
            colour = {"met": (120, 220, 140), "failed": (240, 110, 100)}.get(state, (235, 235, 235))
            text = text_of(obj.label) or tr(f"objective.{obj.type}")
            img = self._font.render(text, True, colour)
            bg = pygame.Surface((img.get_width() + 30, img.get_height() + 4), pygame.SRCALPHA)
            bg.fill((10, 16, 30, 170))
            surface.blit(bg, (8, y))
            _mark(surface, (20, y + img.get_height() // 2 + 2), state, colour)
            surface.blit(img, (32, y + 2))
            y += img.get_height() + 6

    # --- the end ---------------------------------------------------------------------------------

    def _finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        card = self.session.card()
        stats = self.stats()
        recorder = self.session.recorder
        replay_file = recorder.path if recorder is not None else None
        self._close_recording()
        self.app.sound.set_crowd(0.0, False)
        from game.ui.scenes.result import ResultScene

        self.app.replace(
            ResultScene(
                self.app,
                self.level,
                self.path,
                card,
                list(self.sim.objectives),
                stats,
                replay_file=replay_file,
            )
        )

    def stats(self) -> dict[str, Any]:
        s = self.sim.slots
        kind, role = s.view("kind"), s.view("role")
        arrested = s.view("arrested")
        return {
            "seconds": round(self.sim.time, 1),
            "injured_crowd": int((s.view("injured") & (kind == 0)).sum()),
            "injured_officers": int((s.view("injured") & (kind == 1)).sum()),
            "arrested_provocateurs": int((arrested & (role == 2)).sum()),
            "arrested_others": int((arrested & (role != 2)).sum()),
            "dispersed_minutes": round(self.sim.dispersed_at / TICK_RATE / 60, 1)
            if self.sim.dispersed_at >= 0
            else None,
            "result": self.sim.script.result,  # won or lost, when the script ended the level
            "end_text": self._end_text(),
        }

    def _end_text(self) -> dict[str, str] | None:
        """What the level's script said as it ended the exercise."""
        ended = [e for e in self.session.log if e.kind == "level_ended"]
        return ended[-1].data.get("text") if ended else None

    def _close_recording(self) -> None:
        self.session.close()


class _Reason:
    """A refusal read back from its event, for the words of `_why`."""

    def __init__(self, code: str, params: dict[str, Any], text: str) -> None:
        self.code = code or None
        self.params = params
        self.text = text

    def __str__(self) -> str:
        return self.text


def speed_text(speed: float) -> str:
    return {0.25: "\u00bcx", 0.5: "\u00bdx"}.get(speed, f"{speed:g}x")


def _restamp(order: Any, tick: int) -> Any:
    """A queued order goes out when its go code is given: stamp it with that tick."""
    from dataclasses import replace

    return replace(order, tick=tick)


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


def _gauge_colour(v: float) -> tuple[int, int, int]:
    if v < 0.35:
        return (60, 170, 90)
    if v < 0.6:
        return (220, 170, 30)
    return (210, 60, 50)


def _mark(surface, centre, state: str, colour) -> None:
    """A drawn tick, cross or dot: the fonts at hand have no such glyphs."""
    x, y = centre
    if state == "met":
        pygame.draw.lines(surface, colour, False, [(x - 6, y), (x - 2, y + 4), (x + 6, y - 5)], 3)
    elif state == "failed":
        pygame.draw.line(surface, colour, (x - 5, y - 5), (x + 5, y + 5), 3)
        pygame.draw.line(surface, colour, (x - 5, y + 5), (x + 5, y - 5), 3)
    else:
        pygame.draw.circle(surface, colour, (x, y), 4)
