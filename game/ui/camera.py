"""World metres to screen pixels: pan, zoom about a point, follow a unit."""

from __future__ import annotations

import numpy as np

MIN_SCALE = 3.0  # px per metre
MAX_SCALE = 60.0


class Camera:
    def __init__(self, viewport: tuple[int, int, int, int], world: tuple[float, float]) -> None:
        self.viewport = viewport  # x, y, w, h on screen
        self.world = world  # map width, height in metres
        self.scale = 10.0
        self.centre = np.array([world[0] / 2, world[1] / 2], dtype=float)
        self.follow: int | None = None  # a squad index

    def fit(self) -> None:
        """Show the whole map."""
        _, _, w, h = self.viewport
        self.scale = float(np.clip(min(w / self.world[0], h / self.world[1]), MIN_SCALE, MAX_SCALE))
        self.centre = np.array([self.world[0] / 2, self.world[1] / 2], dtype=float)

    def to_screen(self, p):
        """Points (n, 2) or one point in metres to pixels."""
        x, y, w, h = self.viewport
        p = np.asarray(p, dtype=float)
        return (p - self.centre) * self.scale + np.array([x + w / 2, y + h / 2])

    def to_world(self, px) -> np.ndarray:
        x, y, w, h = self.viewport
        return (np.asarray(px, dtype=float) - np.array([x + w / 2, y + h / 2])) / self.scale + (
            self.centre
        )

    def pan_pixels(self, dx: float, dy: float) -> None:
        self.centre -= np.array([dx, dy]) / self.scale
        self.follow = None
        self._clamp()

    def pan_metres(self, dx: float, dy: float) -> None:
        self.centre += np.array([dx, dy])
        self.follow = None
        self._clamp()

    def zoom_at(self, px, factor: float) -> None:
        """Zoom keeping the world point under the cursor where it is."""
        before = self.to_world(px)
        self.scale = float(np.clip(self.scale * factor, MIN_SCALE, MAX_SCALE))
        after = self.to_world(px)
        self.centre += before - after
        self._clamp()

    def look_at(self, p) -> None:
        self.centre = np.asarray(p, dtype=float).copy()
        self._clamp()

    def _clamp(self) -> None:
        self.centre = np.clip(self.centre, [0, 0], self.world)

    def visible(self, p, margin: float = 2.0) -> np.ndarray:
        """Which points are on screen (to skip drawing the rest)."""
        _, _, w, h = self.viewport
        half = np.array([w, h]) / (2 * self.scale) + margin
        d = np.abs(np.asarray(p, dtype=float) - self.centre)
        return (d[:, 0] <= half[0]) & (d[:, 1] <= half[1])
