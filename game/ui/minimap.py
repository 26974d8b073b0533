"""The whole map in a corner: outline, buildings, where the crowd is thick, the squads, and
the part the camera shows. A click on it gives the point to jump the camera to."""

from __future__ import annotations

import numpy as np
import pygame

from game.sim.slots import CROWD, OFFICER, VIP
from game.ui.palette import FLAT_GROUND

GROUND = FLAT_GROUND
PANEL = (24, 28, 30)
EDGE = (150, 160, 150)
MAP = (110, 102, 84)
CROWD_DOTS = np.array([255, 150, 60], dtype=np.uint8)
OFFICER_DOT = (90, 170, 255)
VIEWPORT = (255, 255, 255)


class Minimap:
    def __init__(self, level, size: tuple[int, int] = (200, 140)) -> None:
        self.level = level
        self.size = (int(size[0]), int(size[1]))
        w, h = level.map.width, level.map.height
        pad = 4
        self.scale = min((self.size[0] - 2 * pad) / w, (self.size[1] - 2 * pad) / h)
        # the map inside the panel, centred
        self.map_rect = pygame.Rect(
            0, 0, max(1, round(w * self.scale)), max(1, round(h * self.scale))
        )
        self.map_rect.center = (self.size[0] // 2, self.size[1] // 2)
        self.topleft = (0, 0)  # where the panel was last drawn
        self.base = self._base()
        self._dots = pygame.Surface(self.map_rect.size, pygame.SRCALPHA)

    def _px(self, pts) -> list[tuple[float, float]]:
        ox, oy = self.map_rect.topleft
        return [(ox + x * self.scale, oy + y * self.scale) for x, y in pts]

    def _base(self) -> pygame.Surface:
        lv = self.level
        base = pygame.Surface(self.size)
        base.fill(PANEL)
        base.fill(MAP, self.map_rect)
        for g in lv.ground:
            pygame.draw.polygon(base, GROUND[g.kind], self._px(g.outline()))
        for b in lv.buildings:
            pygame.draw.polygon(base, (170, 90, 64), self._px(b.polygon))
            pygame.draw.polygon(base, (60, 40, 30), self._px(b.polygon), 1)
        for w in lv.walls:
            colour = (40, 44, 42) if w.kind == "fence" else (210, 204, 190)
            pygame.draw.lines(base, colour, False, self._px(w.points), 1)
        for g in lv.gates:
            pygame.draw.line(base, (230, 200, 60), *self._px([g.a, g.b]), 2)
        pygame.draw.rect(base, EDGE, self.map_rect, 1)
        pygame.draw.rect(base, EDGE, base.get_rect(), 1)
        return base

    # --- the two ways between panel pixels and metres -----------------------------------
    def to_minimap(self, p, topleft: tuple[int, int] | None = None) -> np.ndarray:
        """Metres (one point or (n, 2)) to screen pixels of the panel drawn at topleft."""
        tx, ty = self.topleft if topleft is None else topleft
        origin = np.array([tx + self.map_rect.x, ty + self.map_rect.y], dtype=float)
        return np.asarray(p, dtype=float) * self.scale + origin

    def to_world(self, px, topleft: tuple[int, int] | None = None) -> np.ndarray | None:
        """The point in metres under screen pixel px, or None if px is off the map."""
        tx, ty = self.topleft if topleft is None else topleft
        x, y = float(px[0]) - tx - self.map_rect.x, float(px[1]) - ty - self.map_rect.y
        if not (0 <= x <= self.map_rect.w and 0 <= y <= self.map_rect.h):
            return None
        w, h = self.level.map.width, self.level.map.height
        return np.array([min(w, x / self.scale), min(h, y / self.scale)])

    def viewport_rect(self, camera, topleft: tuple[int, int] | None = None) -> pygame.Rect:
        """The camera's view as a rectangle on the panel (screen pixels), clipped to the map."""
        _, _, vw, vh = camera.viewport
        half = np.array([vw, vh], dtype=float) / (2 * camera.scale)
        lo = self.to_minimap(camera.centre - half, topleft)
        hi = self.to_minimap(camera.centre + half, topleft)
        rect = pygame.Rect(round(lo[0]), round(lo[1]), round(hi[0] - lo[0]), round(hi[1] - lo[1]))
        tx, ty = self.topleft if topleft is None else topleft
        return rect.clip(self.map_rect.move(tx, ty))

    # --- the frame ------------------------------------------------------------------------
    def draw(self, surface: pygame.Surface, topleft, view, camera) -> None:
        self.topleft = (int(topleft[0]), int(topleft[1]))
        surface.blit(self.base, self.topleft)
        mw, mh = self.map_rect.size
        if len(view.pos):
            # crowd density: people per minimap pixel, shown as dots whose opacity grows
            crowd = view.pos[view.kind == CROWD] * self.scale
            ix = np.clip(crowd[:, 0].astype(np.intp), 0, mw - 1)
            iy = np.clip(crowd[:, 1].astype(np.intp), 0, mh - 1)
            count = np.bincount(ix * mh + iy, minlength=mw * mh).reshape(mw, mh)
            rgb = pygame.surfarray.pixels3d(self._dots)
            rgb[:] = CROWD_DOTS
            del rgb
            alpha = pygame.surfarray.pixels_alpha(self._dots)
            alpha[:] = np.minimum(255, count * 90 + (count > 0) * 110).astype(np.uint8)
            del alpha
            surface.blit(
                self._dots, (self.topleft[0] + self.map_rect.x, self.topleft[1] + self.map_rect.y)
            )
            for kind, colour in ((OFFICER, OFFICER_DOT), (VIP, (255, 220, 40))):
                pts = self.to_minimap(view.pos[view.kind == kind]).astype(int).tolist()
                for x, y in pts:
                    surface.fill(colour, (x, y, 2, 2))
        pygame.draw.rect(surface, VIEWPORT, self.viewport_rect(camera), 1)
