"""Top-down drawing of the world: the place (cached in tiles per zoom) and what moves on it.

The static layer (ground and its texture, road paint, buildings, walls, fences, gate pillars,
trees, parked cars, signs) is rendered lazily into 256-pixel tiles for the current camera scale
and blitted with the pan offset; a new scale renders new tiles. The dynamic layer (people,
gate leaves, hazards, the trainee's overlays) is drawn every frame from a FrameView: each
person is a sprite pre-drawn per (look, size, facing) and all of them go out in one `fblits`.

Everything is made in code from the level, deterministically (trees and cars are placed from
a generator seeded by the level id). Nothing here writes to the simulation or the view; the
only memory kept between frames is where projectiles were a few ticks ago, for their trails.
"""

from __future__ import annotations

import math
import time
import zlib
from collections import OrderedDict

import numpy as np
import pygame
import pygame.gfxdraw
from scipy.ndimage import zoom

from game.doctrine.units import UNIT_KINDS
from game.sim.geometry import inside_polygon, polygon_area
from game.sim.slots import BYSTANDER, CROWD, KORLAP, OFFICER, VIP
from game.ui import figures, i18n
from game.ui.tags import draw_tags
from game.ui.view import (
    ACTIVE,
    AGITATED,
    CALM,
    FALLEN,
    INJURED,
    MOODS,
    OFFICER_CAT,
    SITTING,
    FrameView,
)

TILE = 256
MAX_TILES = 160  # ~40 MB of cached ground at most
SUN = np.array([0.75, 0.9])  # shadows fall south-east (metres of offset per metre of height)

# --- ground -------------------------------------------------------------------------------
# labels of the ground raster; a tile's colour comes from its label plus world-anchored noise
OUTSIDE, BARE, ROAD, COURTYARD, GRASS, PARKING, PAVEMENT, DIRT, PAINT, KERB_LIGHT, KERB_DARK = (
    range(11)
)
GROUND_LABEL = {
    "road": ROAD,
    "courtyard": COURTYARD,
    "grass": GRASS,
    "parking": PARKING,
    "pavement": PAVEMENT,
    "dirt": DIRT,
}
# base colour, then amplitudes of pixel grain, 0.6 m detail and 4 m patches
_GROUND = {
    OUTSIDE: ((46, 52, 44), 3, 3, 5),
    BARE: ((150, 138, 112), 6, 6, 8),
    ROAD: ((72, 74, 78), 6, 3, 4),
    COURTYARD: ((184, 180, 170), 3, 3, 3),
    GRASS: ((92, 136, 62), 7, 10, 14),
    PARKING: ((98, 100, 104), 6, 3, 4),
    PAVEMENT: ((172, 164, 156), 3, 3, 3),
    DIRT: ((148, 120, 86), 7, 8, 10),
    PAINT: ((226, 226, 214), 10, 8, 0),
    KERB_LIGHT: ((222, 222, 216), 4, 2, 0),
    KERB_DARK: ((40, 40, 44), 4, 2, 0),
}
BASE = np.array([_GROUND[k][0] for k in range(11)], dtype=np.float32)
AMP = np.array([_GROUND[k][1:] for k in range(11)], dtype=np.float32)
# which way the noise moves the colour (grass varies in greenness, soil in brownness)
TINT = np.ones((11, 3), dtype=np.float32)
TINT[GRASS] = (0.7, 1.0, 0.45)
TINT[DIRT] = (1.0, 0.85, 0.65)
TINT[BARE] = (1.0, 0.92, 0.75)
BACKGROUND = _GROUND[OUTSIDE][0]

ROOFS = ((120, 124, 132), (96, 114, 140), (158, 74, 54), (190, 112, 72), (132, 120, 104))
KPU_ROOF = (176, 84, 58)
CAR_COLOURS = (
    (234, 234, 230),
    (234, 234, 230),
    (182, 186, 192),
    (36, 38, 42),
    (112, 114, 120),
    (168, 42, 36),
    (42, 62, 112),
)
CANOPY = ((46, 92, 40), (58, 108, 46), (72, 124, 52), (88, 140, 62))

# --- people -------------------------------------------------------------------------------
UNITS = tuple(UNIT_KINDS)
WATER_CANNON = UNITS.index("water_cannon")
SHIELDED = (UNITS.index("dalmas_lanjut"), UNITS.index("brimob"))
# body, outline, head (helmet or hair)
UNIT_LOOK = {
    "dalmas_awal": ((140, 192, 238), (30, 52, 86), (36, 54, 84)),
    "dalmas_lanjut": ((34, 50, 110), (200, 210, 226), (86, 92, 104)),
    "brimob": ((20, 20, 24), (196, 196, 196), (74, 74, 80)),
    "tni": ((104, 114, 56), (40, 44, 20), (66, 76, 38)),
    "negotiator": ((246, 246, 246), (30, 92, 206), (40, 34, 30)),
    "kapolres": ((230, 184, 40), (110, 80, 10), (60, 44, 20)),
    "reskrim": ((144, 144, 146), (52, 52, 56), (40, 34, 30)),
    "medic": ((248, 248, 248), (150, 30, 30), (40, 34, 30)),
    "water_cannon": ((210, 214, 220), (30, 50, 110), (30, 50, 110)),
    "intel": ((150, 118, 82), (58, 44, 30), (40, 34, 30)),  # plain clothes: a brown shirt
}
SHIELD_COLOUR = {1: (178, 214, 244), 2: (150, 156, 170)}
MOOD_COLOUR = {
    CALM: (228, 226, 220),
    AGITATED: (244, 170, 36),
    ACTIVE: (226, 46, 36),
    SITTING: (124, 140, 162),
    INJURED: (30, 30, 32),
    FALLEN: (150, 92, 190),  # violet: down in the crush, not (yet) hurt
}
HAIR = (44, 34, 28)
SHIRTS = ((1.0, 1.0, 1.0), (0.93, 0.93, 0.95), (1.0, 0.98, 0.94), (0.9, 0.94, 1.0))
SELECT_RING = (96, 255, 128)
DIRS = 32  # facings a shield sprite is drawn for

# --- gates and hazards --------------------------------------------------------------------
GATE_STEEL = (76, 132, 104)
GATE_HIGHLIGHT = (150, 170, 160)
GATE_BROKEN = (214, 84, 28)
WATER = (120, 184, 255, 96)
PROJECTILE = (70, 56, 44)
ZONE_TINTS = {
    "deploy": (50, 110, 230),  # blue, as the briefing's map draws them (green is the exits)
    "spawn": (230, 120, 80),
    "goal": (240, 210, 80),
    "exit": (170, 170, 190),
    "measure": (120, 180, 240),
}


def _seed(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _hull(points) -> list[tuple[float, float]]:
    """Convex hull (monotone chain) of a few points."""
    pts = sorted(set(map(tuple, points)))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list = []
    upper: list = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    """Distance from one point to the nearest of many segments a[k]–b[k]."""
    if not len(a):
        return math.inf
    ab = b - a
    t = np.clip(
        np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-9), 0, 1
    )
    return float(np.min(np.hypot(*(a + ab * t[:, None] - p).T)))


def _smooth_noise(rng, shape: tuple[int, int], cell: float, res: float) -> np.ndarray:
    """Smooth random field on a res-metre grid with features about `cell` metres across."""
    f = cell / res
    coarse = rng.standard_normal((int(shape[0] / f) + 4, int(shape[1] / f) + 4))
    up = zoom(coarse, f, order=3)[: shape[0], : shape[1]]
    return (up / max(float(up.std()), 1e-6)).astype(np.float32)


def _sign_texts(text: str) -> list[list[str]]:
    """Ways to write a sign, longest first: one line, two lines, then shortened to acronyms."""
    words = text.split()
    caps = [w.strip(",.") for w in words if len(w.strip(",.")) >= 2 and w.strip(",.").isupper()]
    short = [text]
    if caps:
        start = next(i for i, w in enumerate(words) if w.strip(",.") == caps[0])
        short += [" ".join(words[start:]), " ".join(caps), caps[0]]
    out: list[list[str]] = []
    for t in dict.fromkeys(short):
        w = t.split()
        out.append([t])
        if len(w) > 1:
            cut = min(
                range(1, len(w)), key=lambda k: abs(len(" ".join(w[:k])) - len(" ".join(w[k:])))
            )
            out.append([" ".join(w[:cut]), " ".join(w[cut:])])
    return out


class _Place:
    """The level's fixed look in world metres, computed once: ground, paint, trees, cars."""

    def __init__(self, level) -> None:
        self.level = level
        self.width, self.height = level.map.width, level.map.height
        rng = np.random.default_rng(_seed(level.id))
        # noise fields, x-first like pygame.surfarray
        self.res = max(0.1, math.sqrt(self.width * self.height / 1.5e6))
        shape = (int(self.width / self.res) + 2, int(self.height / self.res) + 2)
        self.detail = _smooth_noise(rng, shape, 0.6, self.res)
        self.patch = _smooth_noise(rng, shape, 4.0, self.res)
        self.grain = rng.standard_normal((TILE, TILE)).astype(np.float32)
        self.ground = [(GROUND_LABEL[g.kind], g.outline(), g) for g in level.ground]
        self.paint: list[tuple[int, tuple[float, float, float, float]]] = []
        self.cars: list[tuple[float, float, float, float, tuple, int]] = []
        for label, _, g in self.ground:
            if g.rect is None:
                continue
            if label == ROAD:
                self._road_paint(g.rect)
            elif label == PARKING:
                self._parking(g.rect, g.outline(), rng)
        # what trees keep clear of
        segs = []
        for w in level.walls:
            segs += list(zip(w.points[:-1], w.points[1:], strict=True))
        for g in level.gates:
            segs.append((g.a, g.b))
        for b in level.buildings:
            segs += list(zip(b.polygon, b.polygon[1:] + b.polygon[:1], strict=True))
        self.seg_a = np.array([s[0] for s in segs], dtype=float).reshape(-1, 2)
        self.seg_b = np.array([s[1] for s in segs], dtype=float).reshape(-1, 2)
        self.paint_rects = np.array([r for _, r in self.paint], dtype=float).reshape(-1, 4)
        self.paint_labels = [label for label, _ in self.paint]
        self.trees = self._plant(rng)
        areas = [polygon_area(b.polygon) for b in level.buildings]
        self.main_building = int(np.argmax(areas)) if areas else -1

    def _road_paint(self, rect) -> None:
        x, y, w, h = rect
        along_x = w >= h
        length, across = (w, h) if along_x else (h, w)

        def put(label, a0, a1, c0, c1):  # along a0..a1, across c0..c1
            self._put_rect(label, along_x, x, y, a0, a1, c0, c1)

        k = 0.0
        while k < length:  # dashed centre line: 3 m paint, 5 m gap
            put(PAINT, k, min(length, k + 3), across / 2 - 0.06, across / 2 + 0.06)
            k += 8
        for c in (0.45, across - 0.55):  # edge lines
            put(PAINT, 0, length, c, c + 0.1)
        k, i = 0.0, 0
        while k < length:  # kerbs painted black and white, as on Indonesian streets
            label = KERB_DARK if i % 2 else KERB_LIGHT
            put(label, k, min(length, k + 1), 0, 0.22)
            put(label, k, min(length, k + 1), across - 0.22, across)
            k += 1
            i += 1

    def _parking(self, rect, outline, rng) -> None:
        """Bays 2.5 m x 5 m in rows back to back along the longer side, aisles 6 m."""
        x, y, w, h = rect
        along_x = w >= h
        length, across = (w, h) if along_x else (h, w)
        unit = 16.0  # row, aisle, row
        units = max(1, int(across // unit))
        start = (across - units * unit) / 2
        rows = []
        for u in range(units):
            c = start + u * unit
            rows += [(c, +1), (c + 11, -1)]  # +1: the aisle is on the far side
        bays = int((length - 1) // 2.5)
        a_start = (length - bays * 2.5) / 2
        poly = np.array(outline, dtype=float)
        for c0, facing in rows:
            if c0 < 0 or c0 + 5 > across + 1e-6:
                continue
            for b in range(bays + 1):  # bay separators
                a = a_start + b * 2.5
                self._put_rect(PAINT, along_x, x, y, a - 0.06, a + 0.06, c0, c0 + 5)
            back = c0 if facing > 0 else c0 + 4.9
            self._put_rect(PAINT, along_x, x, y, a_start, a_start + bays * 2.5, back, back + 0.1)
            for b in range(bays):
                draw = rng.random()
                colour = CAR_COLOURS[int(rng.integers(len(CAR_COLOURS)))]
                jitter = rng.uniform(-0.12, 0.12, 2)
                if draw > 0.55:
                    continue
                ca = a_start + b * 2.5 + 1.25 + jitter[0]
                cc = c0 + 2.5 + jitter[1] * 0.5
                cx, cy = (x + ca, y + cc) if along_x else (x + cc, y + ca)
                if not inside_polygon(np.array([[cx, cy]]), poly)[0]:
                    continue
                # (centre x, centre y, width, length, colour, nose: 0 up/down axis, sign)
                self.cars.append(
                    (cx, cy, 1.76, 4.2, colour, (0 if along_x else 1) * 2 + (facing > 0))
                )

    def _put_rect(self, label, along_x, x, y, a0, a1, c0, c1) -> None:
        if along_x:
            self.paint.append((label, (x + a0, y + c0, a1 - a0, c1 - c0)))
        else:
            self.paint.append((label, (x + c0, y + a0, c1 - c0, a1 - a0)))

    def _plant(self, rng) -> list[tuple[float, float, float, list]]:
        trees: list[tuple[float, float, float, list]] = []
        for label, outline, _ in self.ground:
            if label != GRASS:
                continue
            poly = np.array(outline, dtype=float)
            lo, hi = poly.min(axis=0), poly.max(axis=0)
            n = int(polygon_area(outline) / 9) + 2
            pts = lo + rng.random((n, 2)) * (hi - lo)
            radii = rng.uniform(1.2, 2.3, n)
            blobs = rng.random((n, 7, 4))
            inside = inside_polygon(pts, outline)
            edge_a, edge_b = poly, np.roll(poly, -1, axis=0)
            for p, r, bl, ok in zip(pts, radii, blobs, inside, strict=True):
                if not ok or _segment_distance(p, self.seg_a, self.seg_b) < r + 0.4:
                    continue
                if _segment_distance(p, edge_a, edge_b) < 0.4 * r:
                    continue
                if any(math.hypot(p[0] - t[0], p[1] - t[1]) < r + t[2] + 0.8 for t in trees):
                    continue
                if any(inside_polygon(p[None], b.polygon)[0] for b in self.level.buildings):
                    continue
                parts = [
                    (
                        (b[0] - 0.5) * r * 0.9,
                        (b[1] - 0.5) * r * 0.9,
                        r * (0.42 + 0.2 * b[2]),
                        CANOPY[1 + int(b[3] * 3)],
                    )
                    for b in bl
                ]
                trees.append((float(p[0]), float(p[1]), float(r), parts))
        return trees


class _Tiles:
    """Renders the static layer tile by tile at a given scale."""

    def __init__(self, place: _Place) -> None:
        self.place = place
        self.cache: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        # 8-bit rasters drawn with plain integers: the palette index is the value
        palette = [(k, 0, 0) for k in range(256)]
        self._label = pygame.Surface((TILE, TILE), depth=8)
        self._label.set_palette(palette)
        self._shadow = pygame.Surface((TILE, TILE), depth=8)
        self._shadow.set_palette(palette)
        self._fonts: dict[int, pygame.font.Font] = {}

    def font(self, size: int) -> pygame.font.Font:
        if size not in self._fonts:
            if not pygame.font.get_init():
                pygame.font.init()
            self._fonts[size] = pygame.font.Font(None, size)
        return self._fonts[size]

    def has(self, s: float, lang: str, i: int, j: int) -> bool:
        return (s, lang, i, j) in self.cache

    def get(self, s: float, lang: str, i: int, j: int) -> pygame.Surface:
        key = (s, lang, i, j)
        tile = self.cache.get(key)
        if tile is None:
            tile = self.render(s, lang, i, j)
            if pygame.display.get_surface() is not None:
                tile = tile.convert()
            self.cache[key] = tile
            while len(self.cache) > MAX_TILES:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(key)
        return tile

    # ------------------------------------------------------------------------------------
    def render(self, s: float, lang: str, i: int, j: int) -> pygame.Surface:
        p = self.place
        x0, y0 = i * TILE, j * TILE

        def px(pts):
            return [(x * s - x0, y * s - y0) for x, y in pts]

        def rect(x, y, w, h):
            left, top = round(x * s - x0), round(y * s - y0)
            return pygame.Rect(
                left,
                top,
                max(1, round((x + w) * s - x0) - left),
                max(1, round((y + h) * s - y0) - top),
            )

        lab, sh = self._label, self._shadow
        lab.fill(OUTSIDE)
        lab.fill(BARE, rect(0, 0, p.width, p.height))
        for label, outline, _ in p.ground:
            pygame.draw.polygon(lab, label, px(outline))
        box = (x0 / s - 4, y0 / s - 4, (x0 + TILE) / s + 4, (y0 + TILE) / s + 4)
        pr = p.paint_rects
        hit = (pr[:, 0] < box[2]) & (pr[:, 0] + pr[:, 2] > box[0])
        hit &= (pr[:, 1] < box[3]) & (pr[:, 1] + pr[:, 3] > box[1])
        for k in np.flatnonzero(hit).tolist():
            lab.fill(p.paint_labels[k], rect(*pr[k]))
        # shadows, as a darkening mask
        sh.fill(0)
        for b in p.level.buildings:
            h = 2.2 if polygon_area(b.polygon) < 20 else 4.0
            moved = [(x + SUN[0] * h * 0.35, y + SUN[1] * h * 0.35) for x, y in b.polygon]
            pygame.draw.polygon(sh, 120, px(_hull(list(b.polygon) + moved)))
        for w in p.level.walls:
            h = 0.5 if w.kind == "fence" else 0.9
            width = max(1, round((w.thickness + (0.05 if w.kind == "fence" else 0.4)) * s))
            pts = px([(x + SUN[0] * h * 0.5, y + SUN[1] * h * 0.5) for x, y in w.points])
            pygame.draw.lines(sh, 60 if w.kind == "fence" else 100, False, pts, width)
        for cx, cy, cw, cl, _, nose in p.cars:
            w_, h_ = (cw, cl) if nose < 2 else (cl, cw)
            sh.fill(90, rect(cx - w_ / 2 + 0.25, cy - h_ / 2 + 0.3, w_, h_))
        for tx, ty, r, _ in p.trees:
            c = ((tx + r * 0.45) * s - x0, (ty + r * 0.5) * s - y0)
            pygame.draw.circle(sh, 105, c, r * s * 0.95)
        view = pygame.surfarray.pixels2d(lab)
        label = np.array(view)
        del view
        view = pygame.surfarray.pixels2d(sh)
        mult = 1.0 - view * np.float32(0.5 / 255)
        del view

        xs = (x0 + np.arange(TILE) + 0.5) / s
        ys = (y0 + np.arange(TILE) + 0.5) / s
        ix = (xs / p.res).astype(np.intp) % p.detail.shape[0]
        iy = (ys / p.res).astype(np.intp) % p.detail.shape[1]
        amp = np.take(AMP, label, axis=0)
        noise = amp[..., 0] * p.grain
        noise += amp[..., 1] * p.detail[ix[:, None], iy[None, :]]
        noise += amp[..., 2] * p.patch[ix[:, None], iy[None, :]]
        rgb = np.take(BASE, label, axis=0)
        rgb += noise[..., None] * np.take(TINT, label, axis=0)
        # paving joints: 1 m slabs in courtyards, 0.5 m two-tone blocks on pavements
        tone = None
        for kind, size, dark in ((COURTYARD, 1.0, 0.1), (PAVEMENT, 0.5, 0.1)):
            fade = min(1.0, max(0.0, (size * s - 6) / 14))
            if fade <= 0:
                continue
            where = label == kind
            if not where.any():
                continue
            jx = (xs % size) * s < 1.0
            jy = (ys % size) * s < 1.0
            mult -= ((jx[:, None] | jy[None, :]) & where) * np.float32(dark * fade)
            if kind == PAVEMENT:
                block = ((xs // size).astype(int)[:, None] + (ys // size).astype(int)[None, :]) % 2
                tone = ((block == 1) & where) * np.float32(0.1 * fade)
        rgb *= mult[..., None]
        if tone is not None:  # every other block reddish
            rgb[..., 1] *= 1 - 0.7 * tone
            rgb[..., 2] *= 1 - 0.85 * tone
        tile = pygame.Surface((TILE, TILE))
        pygame.surfarray.blit_array(tile, np.clip(rgb, 0, 255).astype(np.uint8))

        # things on the ground, bottom up; skip what lies far from this tile

        def near(x, y):
            return box[0] <= x <= box[2] and box[1] <= y <= box[3]

        for car in p.cars:
            if near(car[0], car[1]):
                self._car(tile, car, s, x0, y0)
        for k, b in enumerate(p.level.buildings):
            xs_, ys_ = zip(*b.polygon, strict=True)
            if (
                min(xs_) <= box[2]
                and max(xs_) >= box[0]
                and min(ys_) <= box[3]
                and max(ys_) >= box[1]
            ):
                self._roof(tile, b, k == p.main_building, px, s)
        for w in p.level.walls:
            self._wall(tile, w, px, s, box)
        for g in p.level.gates:
            for end in (g.a, g.b):
                if near(*end):
                    half = max(0.25, 2.5 / s)
                    pr = rect(end[0] - half, end[1] - half, 2 * half, 2 * half)
                    tile.fill((110, 108, 102), pr)
                    tile.fill((196, 192, 184), pr.inflate(-2, -2))
        for tx, ty, r, parts in p.trees:
            if near(tx, ty):
                c = (tx * s - x0, ty * s - y0)
                pygame.draw.circle(tile, CANOPY[0], c, r * s)
                for dx, dy, rr, col in parts:
                    pygame.draw.circle(tile, col, (c[0] + dx * s, c[1] + dy * s), rr * s)
                pygame.draw.circle(
                    tile, (110, 160, 78), (c[0] - r * 0.3 * s, c[1] - r * 0.35 * s), r * 0.28 * s
                )
        for b in p.level.buildings:
            if b.label is not None:
                self._sign(tile, b, lang, px, s)
        return tile

    def _car(self, tile, car, s, x0, y0) -> None:
        cx, cy, cw, cl, colour, nose = car
        vertical = nose < 2
        w, h = (cw, cl) if vertical else (cl, cw)
        body = pygame.Rect(0, 0, max(2, round(w * s)), max(3, round(h * s)))
        body.center = (round(cx * s - x0), round(cy * s - y0))
        pygame.draw.rect(tile, colour, body, border_radius=max(1, round(0.45 * s)))
        if s < 4:
            return
        dark = tuple(max(0, c - 70) for c in colour)
        pygame.draw.rect(tile, dark, body, 1, border_radius=max(1, round(0.45 * s)))
        glass = (46, 58, 70)
        front = 1 if nose % 2 else -1  # +1: nose points to +y (or +x)
        # windscreen just behind the bonnet, rear window at the back
        for centre, depth in ((front * (cl / 2 - 1.35), 0.5), (-front * (cl / 2 - 0.75), 0.35)):
            if vertical:
                r = pygame.Rect(0, 0, round((cw - 0.3) * s), max(1, round(depth * s)))
                r.center = (round(cx * s - x0), round((cy + centre) * s - y0))
            else:
                r = pygame.Rect(0, 0, max(1, round(depth * s)), round((cw - 0.3) * s))
                r.center = (round((cx + centre) * s - x0), round(cy * s - y0))
            pygame.draw.rect(tile, glass, r, border_radius=max(1, round(0.12 * s)))

    def _roof(self, tile, b, main: bool, px, s) -> None:
        poly = np.array(b.polygon, dtype=float)
        area = polygon_area(b.polygon)
        if area < 20:  # a flat concrete roof with a parapet
            pts = px(b.polygon)
            pygame.draw.polygon(tile, (198, 194, 186), pts)
            pygame.draw.polygon(tile, (120, 116, 110), pts, max(1, round(0.25 * s)))
            return
        colour = KPU_ROOF if main else ROOFS[_seed(b.name) % len(ROOFS)]
        centre = poly.mean(axis=0)
        n = len(poly)
        ends = [centre] * n
        if n == 4:  # a hipped roof: a ridge along the long axis
            e = [poly[(k + 1) % 4] - poly[k] for k in range(4)]
            lens = [float(np.hypot(*v)) for v in e]
            long_k = 0 if lens[0] + lens[2] >= lens[1] + lens[3] else 1
            length = (lens[long_k] + lens[long_k + 2]) / 2
            short = (lens[1 - long_k] + lens[3 - long_k]) / 2
            axis = e[long_k] / max(lens[long_k], 1e-9)
            half = max(0.0, (length - short) / 2)
            r0, r1 = centre - axis * half, centre + axis * half
            ends = [r0 if np.dot(v - centre, axis) < 0 else r1 for v in poly]
        e0, e1 = poly[1] - poly[0], poly[2] - poly[1]
        sign = 1 if e0[0] * e1[1] - e0[1] * e1[0] > 0 else -1
        light = -SUN / np.hypot(*SUN)
        for k in range(n):
            a, bb = poly[k], poly[(k + 1) % n]
            d = bb - a
            normal = np.array([d[1], -d[0]]) * sign / max(float(np.hypot(*d)), 1e-9)
            f = 1.0 + 0.22 * float(np.dot(normal, light))
            face = [tuple(a), tuple(bb), tuple(ends[(k + 1) % n]), tuple(ends[k])]
            shade = tuple(int(min(255, c * f)) for c in colour)
            pygame.draw.polygon(tile, shade, px(face))
        ridge = tuple(min(255, c + 40) for c in colour)
        for k in range(n):
            pygame.draw.aaline(tile, ridge, *px([tuple(poly[k]), tuple(ends[k])]))
        if n == 4 and not np.allclose(ends[0], ends[2]):
            uniq = {tuple(e) for e in ends}
            if len(uniq) == 2:
                pygame.draw.line(tile, ridge, *px(list(uniq)), max(1, round(0.12 * s)))
        pygame.draw.polygon(
            tile, tuple(c * 0.55 for c in colour), px(b.polygon), max(1, round(0.18 * s))
        )

    def _wall(self, tile, w, px, s, box) -> None:
        xs, ys = zip(*w.points, strict=True)
        if min(xs) > box[2] or max(xs) < box[0] or min(ys) > box[3] or max(ys) < box[1]:
            return
        pts = px(w.points)
        if w.kind == "wall":
            width = max(3, round(w.thickness * s))
            pygame.draw.lines(tile, (96, 92, 86), False, pts, width + 2)
            for q in pts:
                pygame.draw.circle(tile, (96, 92, 86), q, (width + 2) / 2)
            pygame.draw.lines(tile, (196, 190, 178), False, pts, width)
            for q in pts:
                pygame.draw.circle(tile, (196, 190, 178), q, width / 2)
            return
        iron = (36, 48, 44)
        width = max(1, round(w.thickness * s * 0.6))
        pygame.draw.lines(tile, iron, False, pts, width)
        post = max(3, round(0.22 * s))
        step = 2.5
        for (ax, ay), (bx, by) in zip(w.points[:-1], w.points[1:], strict=True):
            if min(ax, bx) > box[2] or max(ax, bx) < box[0]:
                continue
            if min(ay, by) > box[3] or max(ay, by) < box[1]:
                continue
            length = math.hypot(bx - ax, by - ay)
            n = max(1, int(length / step))
            for k in range(n + 1):
                t = k / n
                q = px([(ax + (bx - ax) * t, ay + (by - ay) * t)])[0]
                tile.fill(
                    iron, pygame.Rect(round(q[0] - post / 2), round(q[1] - post / 2), post, post)
                )
            if s >= 16:  # balusters
                ux, uy = (bx - ax) / max(length, 1e-9), (by - ay) / max(length, 1e-9)
                m = int(length / 0.2)
                for k in range(m):
                    cx, cy = ax + ux * k * 0.2, ay + uy * k * 0.2
                    q0, q1 = px(
                        [(cx - uy * 0.09, cy + ux * 0.09), (cx + uy * 0.09, cy - ux * 0.09)]
                    )
                    pygame.draw.line(tile, iron, q0, q1, 1)

    def _sign(self, tile, b, lang: str, px, s) -> None:
        text = getattr(b.label, lang, b.label.en)
        poly = np.array(b.polygon, dtype=float)
        bw = float(np.ptp(poly[:, 0])) * s
        allowed = max(0.88 * bw, min(64.0, 3 * bw))
        size = int(np.clip(0.9 * s + 6, 11, 26))
        font = self.font(size)
        choice = None
        for lines in _sign_texts(text):
            if max(font.size(t)[0] for t in lines) + 8 <= allowed:
                choice = lines
                break
        if choice is None:
            return
        images = [font.render(t, True, (250, 250, 244)) for t in choice]
        w = max(im.get_width() for im in images) + 8
        h = sum(im.get_height() for im in images) + 4
        cx, cy = px([tuple(poly.mean(axis=0))])[0]
        board = pygame.Rect(0, 0, w, h)
        board.center = (round(cx), round(cy))
        tile.fill((20, 30, 24), board.move(2, 2))
        tile.fill((22, 96, 64), board)
        pygame.draw.rect(tile, (236, 236, 226), board, 1)
        y = board.top + 2
        for im in images:
            tile.blit(im, (board.centerx - im.get_width() // 2, y))
            y += im.get_height()


class _Sprites:
    """People drawn once per look, size (half pixels) and facing; antialiased by 4x drawing."""

    def __init__(self) -> None:
        self.cache: dict[int, tuple[pygame.Surface, float]] = {}

    def get(self, code: int) -> tuple[pygame.Surface, float]:
        hit = self.cache.get(code)
        if hit is None:
            cat, rest = divmod(code, 512 * DIRS)
            rq, d = divmod(rest, DIRS)
            hit = self.cache[code] = self._make(cat, rq, d)
        return hit

    def _make(self, cat: int, rq: int, d: int) -> tuple[pygame.Surface, float]:
        r = rq / 2
        m = max(r, 3.0)  # markers stay readable when people are small
        side = int(math.ceil(2 * max(r * 1.6, r + 1.5 * m) + 4))
        k = 4
        big = pygame.Surface((side * k, side * k), pygame.SRCALPHA)
        c = side * k / 2

        def circle(colour, dx, dy, radius, width=0):
            pygame.draw.circle(
                big, colour, (c + dx * k, c + dy * k), max(radius, 0.5) * k, round(width * k)
            )

        def body(fill, rim, radius, rim_w=None):
            """Shoulders seen from above: a rim, the shirt, lit from the north-west."""
            rim_w = rim_w if rim_w is not None else max(0.7, 0.12 * radius)
            circle((0, 0, 0, 60), 0.2 * radius, 0.28 * radius, radius * 1.04)  # shadow
            circle(rim, 0, 0, radius)
            circle(tuple(int(v * 0.82) for v in fill), 0, 0, radius - rim_w)
            circle(fill, -0.12 * radius, -0.12 * radius, radius - rim_w - 0.1 * radius)

        def head(colour, radius):
            circle(colour, 0.05 * radius, 0.05 * radius, radius)

        if cat == 99:  # selection ring
            circle(SELECT_RING, 0, 0, r + max(2.0, 0.3 * r), max(1.5, 0.18 * r))
        elif cat < OFFICER_CAT:
            mood, mark = cat % MOODS, cat // MOODS
            # four shirts per mood, so a crowd does not look stamped out
            colour = tuple(
                int(min(255, v * f)) for v, f in zip(MOOD_COLOUR[mood], SHIRTS[d % 4], strict=True)
            )
            if mood == FALLEN:  # lying down, no cross: they may get up
                rr = pygame.Rect(0, 0, 2.6 * r * k, 1.1 * r * k)
                rr.center = (c, c)
                pygame.draw.ellipse(big, (70, 40, 90), rr.inflate(k * 1.4, k * 1.4))
                pygame.draw.ellipse(big, colour, rr)
                circle((150, 112, 84), -1.05 * r, 0, 0.4 * r)
            elif mood == INJURED:  # lying down, with a red cross
                rr = pygame.Rect(0, 0, 2.6 * r * k, 1.1 * r * k)
                rr.center = (c, c)
                pygame.draw.ellipse(big, (120, 20, 20), rr.inflate(k * 1.4, k * 1.4))
                pygame.draw.ellipse(big, colour, rr)
                circle((150, 112, 84), -1.05 * r, 0, 0.4 * r)
                mx, my, mr = 0.95 * m, -1.0 * m, 0.9 * m
                circle((150, 20, 20), mx, my, mr + 0.6)
                circle((250, 250, 250), mx, my, mr)
                arm = pygame.Rect(0, 0, 1.0 * mr * k, 0.34 * mr * k)
                arm.center = (c + mx * k, c + my * k)
                big.fill((210, 20, 20), arm)
                big.fill(
                    (210, 20, 20),
                    pygame.Rect(0, 0, arm.height, arm.width).move(
                        arm.centerx - arm.height // 2, arm.centery - arm.width // 2
                    ),
                )
            elif mood == SITTING:  # cross-legged: two shins crossing in front
                legs = (88, 100, 120)
                for sx in (-1, 1):
                    a = (c + sx * 0.95 * r * k, c + 0.35 * r * k)
                    b = (c - sx * 0.7 * r * k, c + 1.15 * r * k)
                    pygame.draw.line(big, legs, a, b, max(1, round(0.5 * r * k)))
                body(colour, (52, 60, 74), 0.85 * r)
                head(HAIR, 0.48 * r)
            else:
                body(colour, (112, 110, 106) if mood == CALM else (96, 44, 18), r)
                head(HAIR, 0.48 * r)
            if mark == 1:  # korlap: a red-and-white flag on a pole
                x = 0.7 * r
                pygame.draw.line(
                    big,
                    (30, 30, 30),
                    (c + x * k, c),
                    (c + x * k, c - 1.6 * m * k),
                    max(1, round(0.18 * m * k)),
                )
                top = c - 1.6 * m * k
                big.fill((220, 20, 30), pygame.Rect(c + x * k, top, 1.0 * m * k, 0.35 * m * k))
                big.fill(
                    (250, 250, 250),
                    pygame.Rect(c + x * k, top + 0.35 * m * k, 1.0 * m * k, 0.35 * m * k),
                )
            elif mark == 3:  # onlooker or journalist: a camera
                cam = pygame.Rect(0, 0, 1.0 * m * k, 0.66 * m * k)
                cam.center = (c + 0.95 * m * k, c - 0.85 * m * k)
                pygame.draw.rect(big, (24, 24, 28), cam, border_radius=round(0.12 * m * k))
                pygame.draw.circle(big, (150, 200, 240), cam.center, 0.22 * m * k)
        else:
            u = cat - OFFICER_CAT
            fill, rim, hd = UNIT_LOOK[UNITS[u]]
            if u in SHIELDED:
                a = d * 2 * math.pi / DIRS
                span = np.linspace(a - 1.15, a + 1.15, 12)
                r0, r1 = r * 1.0, r + max(1.6, 0.5 * r)
                outer = [(c + math.cos(t) * r1 * k, c + math.sin(t) * r1 * k) for t in span]
                inner = [(c + math.cos(t) * r0 * k, c + math.sin(t) * r0 * k) for t in span[::-1]]
                pygame.draw.polygon(big, SHIELD_COLOUR[SHIELDED.index(u) + 1], outer + inner)
                pygame.draw.lines(big, (16, 20, 30), False, outer, max(2, round(0.12 * r * k)))
            if UNITS[u] == "negotiator":
                body(fill, rim, r, max(1.2, 0.28 * r))
            else:
                body(fill, rim, r)
            if UNITS[u] == "medic":
                arm = pygame.Rect(0, 0, 1.2 * r * k, 0.36 * r * k)
                arm.center = (c, c)
                big.fill((214, 24, 24), arm)
                big.fill(
                    (214, 24, 24),
                    pygame.Rect(0, 0, arm.height, arm.width).move(
                        arm.centerx - arm.height // 2, arm.centery - arm.width // 2
                    ),
                )
            else:
                head(hd, 0.4 * r)
        sprite = pygame.transform.smoothscale(big, (side, side))
        if pygame.display.get_surface() is not None:
            sprite = sprite.convert_alpha()
        return sprite, side / 2


class WorldRenderer:
    """Draws a level and one FrameView of it through a Camera. Read-only towards the sim."""

    def __init__(self, level) -> None:
        self.level = level
        self.place = _Place(level)
        self.tiles = _Tiles(self.place)
        self.sprites = _Sprites()
        self.figures = figures.Figures()
        self.squad_unit = np.array(
            [UNITS.index(sq.kind) for sq in level.squads] or [0], dtype=np.int64
        )
        self._gas: dict[int, pygame.Surface] = {}
        self._glow: dict[int, pygame.Surface] = {}
        self._trail: OrderedDict[int, np.ndarray] = OrderedDict()
        self._preview: tuple[pygame.Surface, float] | None = None
        # None: render every tile a frame needs (the same image every time). A number: the
        # milliseconds a frame may spend on new tiles after a zoom; the rest show a blurred
        # stand-in until later frames render them.
        self.tile_budget_ms: float | None = None

    # --- the frame ------------------------------------------------------------------------
    def draw(
        self,
        surface: pygame.Surface,
        camera,
        view: FrameView,
        *,
        selected: set[int] = frozenset(),
        overlay: dict | None = None,
    ) -> None:
        s = float(camera.scale)
        vx, vy, vw, vh = camera.viewport
        off = np.floor(np.array([vx + vw / 2, vy + vh / 2]) - camera.centre * s + 0.5)
        old_clip = surface.get_clip()
        surface.set_clip(pygame.Rect(vx, vy, vw, vh).clip(old_clip))
        try:
            self._draw_static(surface, s, off, (vx, vy, vw, vh))
            ctx = (surface, camera, s, off)
            overlay = overlay or {}
            if overlay.get("zones"):
                self._draw_zones(ctx, overlay["zones"])
            self._draw_fires(ctx, view)
            self._draw_people(ctx, view, selected)
            draw_tags(ctx, view)  # Sat Intelkam's suspects, above the people
            self._draw_gates(ctx, view)  # nobody stands inside a leaf; pressed ones touch it
            self._draw_projectiles(ctx, view)
            self._draw_jets(ctx, view)
            self._draw_gas(ctx, view)
            if overlay.get("cordon"):
                self._draw_cordon(ctx, *overlay["cordon"])
            if overlay.get("box") is not None:
                box = pygame.Rect(overlay["box"])
                box.normalize()
                pygame.gfxdraw.box(surface, box, (120, 200, 255, 40))
                pygame.draw.rect(surface, (150, 220, 255), box, 1)
        finally:
            surface.set_clip(old_clip)

    def screen(self, camera, p) -> np.ndarray:
        """Metres to pixels exactly as this renderer places things (pan rounded to a pixel)."""
        s = float(camera.scale)
        vx, vy, vw, vh = camera.viewport
        off = np.floor(np.array([vx + vw / 2, vy + vh / 2]) - camera.centre * s + 0.5)
        return np.asarray(p, dtype=float) * s + off

    def _draw_static(self, surface, s, off, viewport) -> None:
        vx, vy, vw, vh = viewport
        ox, oy = int(off[0]), int(off[1])
        ni = math.ceil(self.place.width * s / TILE)
        nj = math.ceil(self.place.height * s / TILE)
        world = pygame.Rect(ox, oy, int(self.place.width * s), int(self.place.height * s))
        if not world.contains(pygame.Rect(vx, vy, vw, vh)):
            surface.fill(BACKGROUND, pygame.Rect(vx, vy, vw, vh))
        i0, i1 = max(0, (vx - ox) // TILE), min(ni - 1, (vx + vw - 1 - ox) // TILE)
        j0, j1 = max(0, (vy - oy) // TILE), min(nj - 1, (vy + vh - 1 - oy) // TILE)
        lang = i18n.language()
        budget = self.tile_budget_ms
        start = time.perf_counter()
        blits = []
        fresh = 0  # a frame renders at least one new tile, so the stand-ins always go
        for j in range(j0, j1 + 1):
            for i in range(i0, i1 + 1):
                at = (ox + i * TILE, oy + j * TILE)
                if not self.tiles.has(s, lang, i, j):
                    late = budget is not None and (time.perf_counter() - start) * 1000 > budget
                    if late and fresh:
                        self._preview_tile(surface, s, i, j, at)
                        continue
                    fresh += 1
                blits.append((self.tiles.get(s, lang, i, j), at))
        surface.fblits(blits)

    def _preview_tile(self, surface, s, i, j, at) -> None:
        """Stand in for a tile not rendered yet: the same place from a small whole-map image."""
        if self._preview is None:
            ps = min(8.0, 1600 / self.place.width, 1600 / self.place.height)
            w, h = math.ceil(self.place.width * ps), math.ceil(self.place.height * ps)
            self._preview = (pygame.Surface((w, h)), ps)
            for pj in range(math.ceil(h / TILE)):
                for pi in range(math.ceil(w / TILE)):
                    tile = self.tiles.render(ps, i18n.language(), pi, pj)
                    self._preview[0].blit(tile, (pi * TILE, pj * TILE))
        image, ps = self._preview
        f = ps / s
        src = pygame.Rect(
            round(i * TILE * f), round(j * TILE * f), math.ceil(TILE * f), math.ceil(TILE * f)
        )
        src = src.clip(image.get_rect())
        if src.w < 1 or src.h < 1:
            return
        size = (max(1, round(src.w / f)), max(1, round(src.h / f)))
        surface.blit(pygame.transform.scale(image.subsurface(src), size), at)

    # --- people ---------------------------------------------------------------------------
    def _draw_people(self, ctx, view: FrameView, selected) -> None:
        surface, camera, s, off = ctx
        n = len(view.slots)
        if n == 0:
            return
        vis = camera.visible(view.pos, margin=2.0)
        kind = view.kind
        officer = kind == OFFICER
        unit = np.full(n, -1, dtype=np.int64)
        unit[officer] = self.squad_unit[np.clip(view.squad[officer], 0, len(self.squad_unit) - 1)]
        truck = officer & (unit == WATER_CANNON) & vis
        idx = np.flatnonzero(vis & ((kind == CROWD) | (officer & (unit != WATER_CANNON))))
        for k in np.flatnonzero(truck).tolist():
            self._water_cannon(surface, view.pos[k] * s + off, view.heading[k], s)
        if len(idx):
            k_, mood, role, u = kind[idx], view.mood[idx], view.role[idx], unit[idx]
            mark = np.select(
                [role == KORLAP, role == BYSTANDER],  # a provocateur looks like anyone
                [1, 3],
                0,
            )
            crowd = k_ == CROWD
            # a fallen officer is drawn lying with the red cross, as a fallen protester is:
            # drawn as his squad, the medics could not find him (seen in the window)
            down = ~crowd & (mood == INJURED)
            cat = np.where(crowd | down, mood + MOODS * mark, OFFICER_CAT + u)
            rq = np.clip(np.rint(view.radius[idx] * s * 2), 2, 511).astype(np.int64)
            d = np.zeros(len(idx), dtype=np.int64)
            shielded = np.isin(u, SHIELDED)
            if shielded.any():
                h = view.heading[idx]
                d = np.where(
                    shielded, np.rint(np.arctan2(h[:, 1], h[:, 0]) * (DIRS / (2 * np.pi))), 0
                )
                d = d.astype(np.int64) % DIRS
            d = np.where(crowd, view.slots[idx] % 4, d)
            code = (cat * 512 + rq) * DIRS + d
            lying = (mood == INJURED) | (mood == SITTING) | (mood == FALLEN)
            layer = np.where(crowd, np.where(lying, 0, 1), 2)
            ring = np.zeros(len(idx), dtype=bool)
            if selected:
                ring = ~crowd & np.isin(view.squad[idx], list(selected))
            if ring.any():  # selection rings go under everyone
                code = np.concatenate([(99 * 512 + rq[ring]) * DIRS, code])
                layer = np.concatenate([np.full(int(ring.sum()), -1), layer])
                idx = np.concatenate([idx[ring], idx])
            if s >= figures.CLOSE_SCALE:  # close: figures; the selection rings stay marks
                n_ring = int(ring.sum())
                people, dots = idx[n_ring:], code[n_ring:]
                rings = [
                    (im, (int(x - h + 0.5), int(y - h + 0.5)))
                    for c, (x, y) in zip(
                        code[:n_ring].tolist(),
                        (view.pos[idx[:n_ring]] * s + off).tolist(),
                        strict=True,
                    )
                    for im, h in [self.sprites.get(c)]
                ]
                self.figures.draw(
                    surface,
                    view,
                    people,
                    cat,
                    figures.shirt_variant(view.slots[people]),
                    layer[n_ring:],
                    s,
                    off,
                    lambda i: self.sprites.get(int(dots[i])),
                    self.tile_budget_ms,
                    rings,
                )
            else:
                uniq, inv = np.unique(code, return_inverse=True)
                looks = [self.sprites.get(c) for c in uniq.tolist()]
                half = np.array([h for _, h in looks])
                xy = np.floor(view.pos[idx] * s + off - half[inv][:, None] + 0.5).astype(np.int64)
                order = np.argsort(layer, kind="stable")
                images = [im for im, _ in looks]
                surface.fblits(
                    [
                        (images[i], (x, y))
                        for i, (x, y) in zip(inv[order].tolist(), xy[order].tolist(), strict=True)
                    ]
                )
        for k in np.flatnonzero(vis & (kind == VIP)).tolist():
            self._vip(surface, view.pos[k] * s + off, view.radius[k] * s, s)

    def _water_cannon(self, surface, c, heading, s) -> None:
        h = np.asarray(heading, dtype=float)
        h = h / n if (n := float(np.hypot(*h))) > 1e-9 else np.array([0.0, -1.0])
        side = np.array([-h[1], h[0]])

        def quad(a0, a1, w):  # along the heading a0..a1 m, w m wide
            return [
                tuple(c + (h * a + side * sgn * w / 2) * s)
                for a, sgn in ((a0, -1), (a1, -1), (a1, 1), (a0, 1))
            ]

        pygame.gfxdraw.filled_polygon(
            surface, [(x + 0.5 * s, y + 0.6 * s) for x, y in quad(-3.5, 3.5, 2.5)], (0, 0, 0, 70)
        )
        pygame.draw.polygon(surface, (214, 218, 224), quad(-3.5, 1.6, 2.5))
        pygame.draw.polygon(surface, (32, 52, 112), quad(1.6, 3.5, 2.5))
        pygame.draw.polygon(surface, (40, 60, 120), quad(-3.5, 1.6, 0.5))  # stripe
        pygame.draw.polygon(surface, (46, 58, 70), quad(2.6, 3.2, 2.1))  # windscreen
        pygame.draw.polygon(surface, (20, 30, 60), quad(-3.5, 3.5, 2.5), max(1, round(0.1 * s)))
        turret = c + h * 0.9 * s
        pygame.draw.circle(surface, (70, 74, 84), turret, 0.6 * s)
        pygame.draw.line(
            surface, (30, 32, 38), turret, turret + h * 1.6 * s, max(2, round(0.22 * s))
        )

    def _vip(self, surface, c, r, s) -> None:
        r = max(r, 3.0)
        pygame.draw.circle(
            surface, (255, 214, 40), c, r + max(3, 0.35 * s), max(2, round(0.12 * s))
        )
        pygame.draw.circle(surface, (40, 40, 40), c, r)
        pygame.draw.circle(surface, (250, 250, 250), c, r - max(1, 0.15 * r))
        pygame.draw.circle(surface, HAIR, c, 0.45 * r)
        d = r + max(7, 0.9 * s)  # a gold diamond above
        pts = [
            (c[0], c[1] - d - 4),
            (c[0] + 3, c[1] - d),
            (c[0], c[1] - d + 4),
            (c[0] - 3, c[1] - d),
        ]
        pygame.draw.polygon(surface, (255, 214, 40), pts)
        pygame.draw.polygon(surface, (90, 60, 0), pts, 1)

    # --- gates ----------------------------------------------------------------------------
    def _draw_gates(self, ctx, view) -> None:
        surface, camera, s, off = ctx
        for g in view.gates:
            if g.leaf is None:
                continue
            ends = np.array(g.leaf, dtype=float)
            if not camera.visible(ends, margin=3.0).any():
                continue
            a, b = ends * s + off
            d = b - a
            length = float(np.hypot(*d))
            if length < 1:
                continue
            u = d / length
            n = np.array([-u[1], u[0]])
            broken = g.state == "broken"
            colour = GATE_BROKEN if broken else GATE_STEEL
            w = max(2, round(0.14 * s))
            half = max(2.0, 0.16 * s)
            band = (70, 30, 12) if broken else (16, 26, 22)
            pygame.draw.line(surface, band, a, b, round(2 * half + w + 2))
            pygame.draw.line(surface, colour, a + n * half, b + n * half, w)
            pygame.draw.line(surface, colour, a - n * half, b - n * half, w)
            step = max(3.0, 0.25 * s)
            bars = int(length / step)
            for k in range(bars + 1):  # the bars of the grille
                q = a + u * (k * length / max(bars, 1))
                if broken and k % 3 == 1:
                    continue  # bars torn out
                pygame.draw.line(surface, colour, q - n * half, q + n * half, max(1, w // 2))
            if broken:  # twisted: a jagged crack across the leaf and debris
                pts = [
                    a + u * (length * t) + n * half * (1.8 if k % 2 else -1.8)
                    for k, t in enumerate(np.linspace(0.35, 0.65, 5))
                ]
                pygame.draw.lines(
                    surface, (250, 220, 60), False, [tuple(p) for p in pts], max(1, w // 2)
                )
                for t, sgn in ((0.2, 1), (0.5, -1), (0.8, 1)):
                    pygame.draw.circle(
                        surface,
                        (110, 60, 30),
                        a + u * length * t + n * sgn * 3 * half,
                        max(1.5, 0.1 * s),
                    )
            elif s >= 8:
                pygame.draw.line(surface, GATE_HIGHLIGHT, a + n * half * 0.2, b + n * half * 0.2, 1)

    # --- hazards --------------------------------------------------------------------------
    def _draw_fires(self, ctx, view) -> None:
        surface, camera, s, off = ctx
        if not view.fires:
            return
        t = view.tick / 60.0
        pts = np.array(view.fires, dtype=float).reshape(-1, 2)
        for k in np.flatnonzero(camera.visible(pts, margin=3.0)).tolist():
            c = pts[k] * s + off
            base = max(3.0, 0.7 * s)
            glow = self._soft(self._glow, int(base * 2.6), (255, 150, 40))
            glow.set_alpha(int(120 + 60 * math.sin(t * 9 + k)))
            surface.blit(glow, (c[0] - glow.get_width() / 2, c[1] - glow.get_height() / 2))
            pygame.draw.circle(surface, (40, 30, 26), c, base * 0.9)  # scorched tyre
            flames = (((255, 96, 20), 1.0), ((255, 160, 30), 0.72), ((255, 232, 120), 0.42))
            for f, (colour, size) in enumerate(flames):
                for tongue in range(3):
                    ph = t * (11 + 3 * tongue) + k * 1.7 + f * 2.1 + tongue * 2.4
                    dx = math.sin(ph) * 0.25 * base
                    dy = math.cos(ph * 1.3) * 0.2 * base - 0.15 * base * f
                    rr = base * size * (0.55 + 0.18 * math.sin(ph * 1.7))
                    pygame.draw.circle(surface, colour, (c[0] + dx, c[1] + dy), rr)

    def _draw_projectiles(self, ctx, view) -> None:
        surface, camera, s, off = ctx
        pts = np.asarray(view.projectiles, dtype=float).reshape(-1, 2)
        before = [t for t in self._trail if view.tick - 12 <= t < view.tick]
        old = self._trail[before[-1]] if before else np.zeros((0, 2))
        self._trail[view.tick] = pts.copy()
        while len(self._trail) > 24:
            self._trail.popitem(last=False)
        if not len(pts):
            return
        heads = np.zeros_like(pts)
        if len(old):
            dist = np.hypot(*(pts[:, None, :] - old[None, :, :]).transpose(2, 0, 1))
            near = dist.argmin(axis=1)
            ok = dist[np.arange(len(pts)), near] < 3.0
            d = pts - old[near]
            length = np.maximum(np.hypot(d[:, 0], d[:, 1]), 1e-9)
            heads = np.where(ok[:, None], d / length[:, None], 0.0)
        r = max(2.0, 0.12 * s)
        for k in np.flatnonzero(camera.visible(pts, margin=2.0)).tolist():
            c = pts[k] * s + off
            if heads[k].any():
                tail = c - heads[k] * max(10.0, 1.0 * s)
                mid = (c + tail) / 2
                pygame.draw.line(surface, (150, 140, 120), tail, mid, max(1, round(r * 0.6)))
                pygame.draw.line(surface, (110, 100, 86), mid, c, max(1, round(r)))
            pygame.draw.circle(surface, (230, 226, 210), c, r + 1)
            pygame.draw.circle(surface, PROJECTILE, c, r)

    def _draw_jets(self, ctx, view) -> None:
        surface, camera, s, off = ctx
        for k, (x, y, dx, dy, reach) in enumerate(view.jets):
            h = np.array([dx, dy], dtype=float)
            h /= max(float(np.hypot(*h)), 1e-9)
            side = np.array([-h[1], h[0]])
            start = np.array([x, y]) + h * 2.2
            end = start + h * reach
            spread = math.tan(math.radians(9)) * reach
            cone = [
                start + side * 0.15,
                end + side * spread,
                end - side * spread,
                start - side * 0.15,
            ]
            if not camera.visible(np.array(cone), margin=2.0).any():
                continue
            pygame.gfxdraw.filled_polygon(surface, [tuple(p * s + off) for p in cone], WATER)
            core = [
                start + side * 0.06,
                end + side * spread * 0.3,
                end - side * spread * 0.3,
                start - side * 0.06,
            ]
            pygame.gfxdraw.filled_polygon(
                surface, [tuple(p * s + off) for p in core], (220, 240, 255, 150)
            )
            rng = np.random.default_rng(view.tick * 131 + k)  # spray, the same for the same tick
            t = rng.random(40)
            w = rng.uniform(-1, 1, 40)
            drops = start + h * (t * reach)[:, None] + side * (w * spread * t * 1.1)[:, None]
            for p in (drops * s + off).tolist():
                pygame.draw.circle(surface, (200, 228, 255), p, max(1.0, 0.07 * s))
            splash = end * s + off
            pygame.gfxdraw.filled_circle(
                surface,
                int(splash[0]),
                int(splash[1]),
                int(max(4, spread * s * 0.8)),
                (170, 210, 255, 70),
            )

    def _draw_gas(self, ctx, view) -> None:
        surface, camera, s, off = ctx
        t = view.tick / 60.0
        for k, (x, y, r, strength) in enumerate(view.gas):
            if not camera.visible(np.array([[x, y]]), margin=r + 1).any():
                continue
            alpha = int(np.clip(strength * 1.3, 0, 1) * 200)
            if alpha < 4:
                continue
            for part, (dx, dy, rr) in enumerate(
                ((0, 0, 1.0), (0.35, 0.1, 0.62), (-0.3, 0.25, 0.55), (0.05, -0.38, 0.5))
            ):
                ang = t * 0.25 + part * 1.9 + k
                cx = x + (dx * math.cos(ang) - dy * math.sin(ang)) * r
                cy = y + (dx * math.sin(ang) + dy * math.cos(ang)) * r
                size = max(4, int(r * rr * s / 4) * 4)
                blob = self._soft(self._gas, size, (232, 234, 226))
                blob.set_alpha(alpha if part == 0 else alpha // 2)
                c = np.array([cx, cy]) * s + off
                surface.blit(blob, (c[0] - size, c[1] - size))

    @staticmethod
    def _soft(cache: dict, radius: int, colour) -> pygame.Surface:
        """A disc fading to nothing at its rim, cached by radius."""
        radius = max(2, min(radius, 900))
        blob = cache.get(radius)
        if blob is None:
            if len(cache) > 64:
                cache.clear()
            blob = pygame.Surface((2 * radius, 2 * radius), pygame.SRCALPHA)
            blob.fill((*colour, 0))
            g = (np.arange(2 * radius) + 0.5 - radius) / radius
            d2 = g[:, None] ** 2 + g[None, :] ** 2
            alpha = pygame.surfarray.pixels_alpha(blob)
            alpha[:] = (np.clip(1 - d2, 0, 1) ** 1.6 * 255).astype(np.uint8)
            del alpha
            cache[radius] = blob
        return blob

    # --- the trainee's marks --------------------------------------------------------------
    def _draw_zones(self, ctx, zones) -> None:
        surface, camera, s, off = ctx
        for kind, shape in zones:
            pts = list(shape)
            if len(pts) == 4 and all(isinstance(v, int | float) for v in pts):
                x, y, w, h = pts
                pts = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
            px = [tuple(p) for p in (np.asarray(pts, dtype=float) * s + off)]
            colour = ZONE_TINTS.get(kind, (200, 200, 200))
            pygame.gfxdraw.filled_polygon(surface, px, (*colour, 46))
            dashed(surface, colour, px + px[:1], 2, 8)

    def _draw_cordon(self, ctx, p0, p1) -> None:
        surface, camera, s, off = ctx
        a = np.asarray(p0, dtype=float) * s + off
        b = np.asarray(p1, dtype=float) * s + off
        dashed(surface, (20, 20, 20), [tuple(a), tuple(b)], 5, 12)
        dashed(surface, (255, 222, 60), [tuple(a), tuple(b)], 3, 12)
        for p in (a, b):
            pygame.draw.circle(surface, (20, 20, 20), p, 5)
            pygame.draw.circle(surface, (255, 222, 60), p, 3)
        length = float(np.hypot(*(np.asarray(p1, dtype=float) - np.asarray(p0, dtype=float))))
        label = self.tiles.font(16).render(f"{length:.1f} m", True, (255, 240, 180))
        mid = (a + b) / 2
        surface.blit(label, (mid[0] + 8, mid[1] - label.get_height() - 4))


def dashed(surface, colour, pts, width: int, dash: float) -> None:
    """A dashed polyline (zones, the cordon being drawn, the plans of game/ui/plans.py)."""
    for p, q in zip(pts[:-1], pts[1:], strict=True):
        p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
        length = float(np.hypot(*(q - p)))
        if length < 1:
            continue
        u = (q - p) / length
        k = 0.0
        while k < length:
            pygame.draw.line(surface, colour, p + u * k, p + u * min(length, k + dash), width)
            k += 2 * dash
