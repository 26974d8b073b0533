"""Watching a recorded run: the play screen fed the replay, with a timeline to jump anywhere,
overlays to read the crowd, and "take over from here" to resume command at any moment.

The viewer never gives orders: the mouse only selects (for a squad's path) and seeks, and
leaves nothing on the map (no destination marker, selection box or cordon line). A badge
"REPLAY" stays at the top of the map, above the level's phase banner; Esc goes back.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pygame
import pygame_gui
from pygame_gui.core import ObjectID
from pygame_gui.elements import UIButton

from game.analysis.crowd_danger import CADENCE, MIN_FRAMES, START_SECONDS
from game.level import LevelError
from game.replay.read import ReplayError, read_replay
from game.replay.watch import ReplayRun
from game.ui import replay_overlays as ov
from game.ui.i18n import tr
from game.ui.scenes.play import PANEL_W, TOP, PlayScene, replay_dir, speed_text
from game.ui.timeline_bar import TimelineBar
from game.ui.view import FrameView

DANGER_WAIT = CADENCE * MIN_FRAMES  # s of replay played before the danger overlay shows

BAR_H = 12
BADGE_H = 40  # px: the REPLAY badge over the top of the map; the phase banner goes below it
BADGE_RED = (170, 40, 40)


class ReplayScene(PlayScene):
    watching = True
    SPEEDS = (0.25, 0.5, 1, 2, 4, 8)

    def __init__(self, app, path: Path) -> None:
        replay = read_replay(Path(path))  # ReplayError: the caller shows why
        self.run = ReplayRun(replay)
        self.recording = replay
        self.bar = TimelineBar(replay, self.run.first_tick, self.run.end_tick)
        self.overlays: set[str] = set()
        self.trail: list[np.ndarray] = []
        self.trail_squad: int | None = None
        self.uses: list[tuple[np.ndarray, bool]] = []  # where force landed, and if excessive
        self.danger_layer = ov.DangerLayer()  # the crowd danger, kept between frames
        self.hover: tuple[int, int] | None = None
        self.ended_note = False
        super().__init__(app, replay.level, None, session=self.run.session)
        self._collect_uses(self.run.session.tick)
        self._notices()

    # --- what the file says about itself ----------------------------------------------

    def _notices(self) -> None:
        r = self.recording
        self.banner: list[str] = []
        if r.stopped:
            self.banner.append(
                tr("replay.stops_at", time=_clock(self.run.end_tick / 60), why=r.stopped)
            )
        other = r.other_build
        if other:
            names = {"crowd_model": tr("replay.crowd_model")}  # the others are package names
            what = ", ".join(f"{names.get(k, k)} {then}" for k, (then, _) in sorted(other.items()))
            self.banner.append(tr("replay.other_build", what=what))
        for line in self.banner:
            self.say(line)

    def _collect_uses(self, upto: int) -> None:
        """Every use of force up to a tick, with where it landed and its verdict."""
        self.uses = []
        for e in self.recording.events:
            if e.tick > upto:
                break
            if e.kind == "force_used" and "at" in e.data:
                excess = int(e.data["stage"]) > int(e.data["allowed_stage"]) and e.data["targets"]
                self.uses.append((np.asarray(e.data["at"], float), bool(excess)))

    # --- widgets ----------------------------------------------------------------------

    def build(self) -> None:
        super().build()
        w, h = self.app.screen.get_size()
        ui = self.app.ui
        map_right = w - PANEL_W
        # the badge takes the top right of the map (the objectives are listed at the left);
        # the phase banner, a widget drawn over the map, moves below it
        self.phase_label.set_relative_position(
            (map_right - 12 - self.phase_label.relative_rect.width, TOP + BADGE_H + 10)
        )
        if self.tutorial_box is not None:  # the tutorial's hints are for playing, not watching
            self.tutorial_box.kill()
            self.tutorial_box = None
        self.bar.rect = pygame.Rect(24, h - 176, map_right - 24 - 214, BAR_H)
        self.take_button = UIButton(
            pygame.Rect(map_right - 200, h - 192, 192, 34),
            tr("replay.take_over") + " [T]",
            ui,
            container=self.root,
            tool_tip_text=tr("replay.take_over_tip"),
            object_id=ObjectID(object_id="#stage_button"),
        )
        self.overlay_buttons: dict[str, UIButton] = {}
        keys = {v: pygame.key.name(k).upper() for k, v in ov.KEYS.items()}
        for k, name in enumerate(ov.OVERLAYS):
            b = UIButton(
                pygame.Rect(16 + k * 126, h - 222, 122, 26),
                f"{tr(f'replay.overlay.{name}')} [{keys[name]}]",
                ui,
                container=self.root,
            )
            if name in self.overlays:
                b.select()
            self.overlay_buttons[name] = b

    # --- input ------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.take_button:
                self.take_over()
                return
            for name, b in self.overlay_buttons.items():
                if event.ui_element is b:
                    self.toggle(name)
                    return
        if event.type == pygame.MOUSEMOTION:
            self.hover = event.pos
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            tick = self.bar.hit(event.pos)
            if tick is not None:
                self.seek(tick)
                return
            self._pressed = event.pos if self._on_map(event.pos) else None
            return
        if event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            self._click(event.pos)
            return
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP) and event.button == 3:
            return  # no orders, no cordon lines, no markers on a replay
        if event.type == pygame.KEYDOWN and self._viewer_key(event.key):
            return
        super().handle_event(event)

    def _click(self, pos: tuple[int, int]) -> None:
        """A click (not a drag) on the map selects the squad under it, to follow its path;
        the click itself draws nothing and orders nothing."""
        pressed, self._pressed = getattr(self, "_pressed", None), None
        if pressed is None or not self._on_map(pos):
            return
        if abs(pos[0] - pressed[0]) + abs(pos[1] - pressed[1]) > 6:
            return  # a drag: no selection box on a replay
        squad = self.input.squad_at(self.camera.to_world(np.asarray(pos, float)))
        self.input.selected = [] if squad is None else [squad]

    def _viewer_key(self, key: int) -> bool:
        if key == pygame.K_ESCAPE:
            self.app.pop()
        elif key == pygame.K_t:
            self.take_over()
        elif key in (pygame.K_PERIOD, pygame.K_KP_PERIOD):
            self.paused = True
            self.advance(1)
        elif key == pygame.K_COMMA:
            self.paused = True
            self.seek(self.sim.tick - 1)
        elif key in ov.KEYS:
            self.toggle(ov.KEYS[key])
        elif key in (pygame.K_HOME,):
            self.seek(self.run.first_tick)
        else:
            return False
        return True

    def act(self, action: str) -> None:
        if action == "restart":
            self.seek(self.run.first_tick)
        elif action in ("plan",) or action.startswith(("go:", "gate:", "talk:")):
            return
        else:
            super().act(action)

    def toggle(self, name: str) -> None:
        self.overlays ^= {name}
        b = self.overlay_buttons.get(name)
        if b is not None:
            b.select() if name in self.overlays else b.unselect()
        if name == "danger":
            self._danger_wait()

    def _danger_wait(self) -> None:
        """The danger needs a few seconds played before it shows: say so when it is asked
        for and has not got them (just switched on, or just after a jump)."""
        if "danger" in self.overlays and not self.danger_layer.ready(self.sim):
            if self.sim.time < START_SECONDS:  # the crowd sets off from standing: not fed
                self.say(tr("replay.danger_from", time=_clock(START_SECONDS + DANGER_WAIT)))
            else:
                self.say(tr("replay.danger_wait", seconds=round(DANGER_WAIT)))

    # --- the clock ----------------------------------------------------------------------

    def step_run(self) -> list:
        events = self.run.step()
        self.session = self.run.session
        self.danger_layer.observe(self.sim)
        for e in events:
            if e.kind == "force_used" and "at" in e.data:
                excess = int(e.data["stage"]) > int(e.data["allowed_stage"]) and e.data["targets"]
                self.uses.append((np.asarray(e.data["at"], float), bool(excess)))
        self._extend_trail()
        return events

    def advance(self, ticks: int) -> None:
        for _ in range(ticks):
            self.prev = FrameView.capture(self.sim)
            self._on_events(self.step_run())
            self._after_tick()
        self.cur = FrameView.capture(self.sim)

    def _after_tick(self) -> None:
        if self.run.at_end:
            self.paused = True
            if not self.ended_note:
                self.ended_note = True
                self.say(tr("replay.at_end"))

    def seek(self, tick: int) -> None:
        """Jump anywhere: the same state as playing straight through to it."""
        self.run.seek(tick)
        self.session = self.run.session
        self.danger_layer.reset()  # the danger's window is played afresh from here
        self._danger_wait()
        self.prev = self.cur = FrameView.capture(self.sim)
        self.acc = 0.0
        self.trail = []
        self.arrests = []
        self.ended_note = self.run.at_end
        self._collect_uses(self.sim.tick)
        self._extend_trail()
        self.panel_key = ()

    def _extend_trail(self) -> None:
        selected = self.input.selected[0] if self.input.selected else None
        if selected != self.trail_squad:
            self.trail_squad, self.trail = selected, []
        if selected is None or selected >= len(self.sim.squads) or self.sim.tick % 15:
            return
        pos, _ = self.sim.positions()
        members = self.sim.squads[selected].members
        live = members[self.sim.slots.alive[members]]
        if len(live):
            self.trail.append(pos[live].mean(axis=0))

    def take_over(self) -> None:
        """Resume command from this exact moment, as a new recorded run."""
        from game.replay.takeover import take_over

        at = self.sim.tick
        try:
            session = take_over(self.run, self.app.settings.trainee, replay_dir())
        except OSError as exc:
            self.say(tr("play.radio.no_replay", reason=str(exc)))
            return
        scene = PlayScene(
            self.app, self.level, None, session=session, level_text=self.recording.header.level_text
        )
        scene.paused = True  # the trainee looks before the clock runs on
        scene.say(tr("replay.took_over", time=_clock(at / 60)))
        self.app.replace(scene)

    # --- drawing ------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(self.camera.viewport))
        if "density" in self.overlays:
            ov.density(surface, self.camera, self.sim)
        if "pressure" in self.overlays:
            ov.pressure(surface, self.camera, self.sim)
        if "mood" in self.overlays:
            ov.mood(surface, self.camera, self.sim)
        if "paths" in self.overlays:
            ov.paths(surface, self.camera, self.trail)
        if "force" in self.overlays:
            ov.force(surface, self.camera, self.uses)
        if "danger" in self.overlays:
            self.danger_layer.draw(surface, self.camera, self.sim)
        surface.set_clip(clip)
        self._draw_badge(surface)
        self.bar.draw(surface, self.sim.tick, self.hover)

    def _draw_badge(self, surface: pygame.Surface) -> None:
        """REPLAY, the speed and what the file says about itself, over the map's top, and a
        red frame round the map: a replay is never mistaken for a run in command."""
        x, y, vw, vh = self.camera.viewport
        pygame.draw.rect(surface, BADGE_RED, (x, y, vw, vh), 3)
        font = pygame.font.Font(None, 40)
        text = f"{tr('replay.badge')}  {speed_text(self.speed)}"
        img = font.render(text, True, (255, 255, 255))
        frame = pygame.Rect(0, TOP + 4, img.get_width() + 52, BADGE_H - 4)
        frame.right = x + vw - 12
        box = img.get_rect(x=frame.x + 36)
        pygame.draw.rect(surface, BADGE_RED, frame, border_radius=6)
        pygame.draw.rect(surface, (255, 255, 255), frame, 2, border_radius=6)
        # a drawn dot: the fonts at hand have no such glyph
        pygame.draw.circle(surface, (255, 255, 255), (box.x - 18, frame.centery), 7)
        surface.blit(img, img.get_rect(midleft=(box.x, frame.centery + 1)))
        self.badge_rect = frame
        small = pygame.font.Font(None, 22)
        y = TOP + BADGE_H + 10 + (34 if self.phase_label.visible else 0)
        for line in getattr(self, "banner", []):
            b = small.render(line, True, (255, 230, 160))
            r = b.get_rect(topright=(x + vw - 18, y))
            r.left = max(r.left, x + 8)
            pygame.draw.rect(surface, (20, 24, 36), r.inflate(12, 6), border_radius=4)
            surface.blit(b, r)
            y = r.bottom + 6


def _clock(seconds: float) -> str:
    m, s = divmod(int(seconds), 60)
    return f"{m:02d}:{s:02d}"


def open_replay(app: Any, path: Path) -> str | None:
    """Push the viewer, or return the message saying why the file cannot be played."""
    try:
        app.push(ReplayScene(app, path))
    except (ReplayError, LevelError) as exc:
        return str(exc)
    return None
