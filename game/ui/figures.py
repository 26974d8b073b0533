"""People as little top-down figures when the camera is close: head, shoulders, arms, legs.

Far out every person is a mark (game/ui/render.py `_Sprites`); from CLOSE_SCALE pixels per
metre on, the renderer hands the people on screen to `Figures.draw`, which blits one cached
sprite per person: a figure pre-drawn per (look, shirt, size, facing, walk phase). The look is
the renderer's own category code (mood and mark for the crowd, unit kind for officers), so a
figure and its mark always mean the same. Nothing is drawn per person per frame: sprites are
made once (a few per frame at most when a frame budget is set) and all go out in one `fblits`.

Facing and the walk cycle are the UI's own reading of the motion: where each slot stood a few
ticks ago (kept here, like the renderer's projectile trails) gives its velocity; a person
faces the way they walk, or the police line when standing (an officer: the squad's heading,
so the shield is on the crowd's side). The walk phase is the distance walked along the
facing, so the legs swing with the ground covered, not with the clock.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np
import pygame

from game.sim.constants import DT
from game.ui.view import FALLEN, INJURED, MOODS, OFFICER_CAT, SITTING

CLOSE_SCALE = 24.0  # px per metre from which people are figures (a person ~12 px across;
# at 18 the default view of a small level drew 1000 figures, 16 ms a frame against 12)
TEXT_SCALE = 42.0  # px per metre from which a placard's words can be read
FACINGS = 16
PHASES = 4  # contact left, passing, contact right, passing
STEP = 0.33  # metres walked per phase (a stride of 1.3 m)
WALKING = 0.25  # m/s below which a person stands (legs together)
SIZES_PER_DOUBLING = 8  # figure sizes are quantised geometrically (about 4 % apart)
MAX_SPRITE_BYTES = 48 << 20
HISTORY = (4, 20)  # ticks back a velocity is read over (nearest, farthest)

SKIN = ((176, 128, 92), (150, 106, 74), (196, 150, 112), (164, 118, 84))
TROUSERS = ((48, 52, 64), (58, 70, 100), (70, 62, 52), (40, 40, 44))
BOOTS = (26, 26, 28)

# words on the crowd's placards and banners (the protesters' own, so Bahasa Indonesia in
# both languages; the legend says what they mean)
PLACARDS = (
    "HITUNG ULANG!",
    "KPU JUJUR",
    "TOLAK HASIL PILKADA",
    "USUT KECURANGAN",
    "SUARA RAKYAT",
    "BUKA KOTAK SUARA",
    "JAGA DEMOKRASI",
    "KAMI MENOLAK!",
)
BANNERS = ("TOLAK HASIL PILKADA CURANG", "KAMI MINTA PEMILU ULANG")
BOARDS = ((246, 242, 226), (252, 226, 96), (236, 236, 236), (214, 190, 150))  # card, paint
INKS = ((20, 20, 24), (190, 20, 24), (20, 20, 24), (20, 40, 120))
BANNER_CLOTH = (206, 30, 36)


def placard_of(slots: np.ndarray) -> np.ndarray:
    """Which placard each crowd member carries: -1 none, 0.. a placard, 100.. a banner.

    A property of the person (from the slot number), so it stays with them all run."""
    h = (slots.astype(np.int64) * 0x9E3779B1 + 0x7F4A7C15) & 0xFFFFFFFF  # mixed, so that
    h ^= h >> 15  # neighbouring slots (a group spawns in a run of them) differ
    h = (h * 0x2C1B3C6D) & 0xFFFFFFFF
    h ^= h >> 12
    out = np.full(len(slots), -1, dtype=np.int64)
    out[h % 9 == 0] = (h[h % 9 == 0] // 9) % len(PLACARDS)
    out[h % 41 == 1] = 100 + (h[h % 41 == 1] // 41) % len(BANNERS)
    return out


def size_class(radius_px: np.ndarray | float) -> np.ndarray:
    return np.rint(np.log2(np.maximum(radius_px, 1.0)) * SIZES_PER_DOUBLING).astype(np.int64)


def facing_bucket(direction: np.ndarray) -> np.ndarray:
    """Directions (n, 2) to one of FACINGS buckets (0 = +x, clockwise on screen)."""
    a = np.arctan2(direction[:, 1], direction[:, 0])
    return np.rint(a * (FACINGS / (2 * np.pi))).astype(np.int64) % FACINGS


def walk_phase(pos: np.ndarray, bucket: np.ndarray, speed: np.ndarray) -> np.ndarray:
    """The walk frame from the ground covered along the facing; 0 when standing."""
    a = bucket * (2 * np.pi / FACINGS)
    along = pos[:, 0] * np.cos(a) + pos[:, 1] * np.sin(a)
    phase = np.floor(along / STEP).astype(np.int64) % PHASES
    return np.where(speed >= WALKING, phase, 0)


class Gait:
    """Velocities of the people on screen from where they were a few ticks ago."""

    def __init__(self) -> None:
        self.seen: OrderedDict[int, tuple[np.ndarray, np.ndarray]] = OrderedDict()

    def velocity(self, tick: int, slots: np.ndarray, pos: np.ndarray) -> np.ndarray:
        before = [t for t in self.seen if tick - HISTORY[1] <= t <= tick - HISTORY[0]]
        vel = np.zeros_like(pos)
        if before:
            t0 = before[0]
            old_slots, old_pos = self.seen[t0]
            at = np.searchsorted(old_slots, slots).clip(0, max(len(old_slots) - 1, 0))
            if len(old_slots):
                known = old_slots[at] == slots
                vel[known] = (pos[known] - old_pos[at[known]]) / ((tick - t0) * DT)
        self.seen[tick] = (slots.copy(), pos.copy())
        self.seen.move_to_end(tick)
        for t in [t for t in self.seen if t < tick - HISTORY[1] or t > tick]:
            del self.seen[t]
        return vel


# --- drawing one figure ------------------------------------------------------------------


class _Pen:
    """Draws in a figure's own frame (x forward, y to the right, units of its radius)."""

    def __init__(self, big: pygame.Surface, c: float, unit: float, facing: float) -> None:
        self.big, self.c, self.u = big, c, unit
        self.cos, self.sin = math.cos(facing), math.sin(facing)

    def at(self, x: float, y: float) -> tuple[float, float]:
        return (
            self.c + (x * self.cos - y * self.sin) * self.u,
            self.c + (x * self.sin + y * self.cos) * self.u,
        )

    def ellipse(self, x, y, rx, ry, colour, rim=None, rim_w=0.12, power=2.0) -> None:
        """An ellipse (power 2) or a boxier superellipse (power > 2), optionally rimmed."""
        t = np.linspace(0, 2 * np.pi, 20, endpoint=False)
        cs, sn = np.cos(t), np.sin(t)
        e = 2.0 / power
        ux, uy = np.sign(cs) * np.abs(cs) ** e, np.sign(sn) * np.abs(sn) ** e
        for grow, fill in ((0.0, rim), (-rim_w, colour)) if rim is not None else ((0.0, colour),):
            pts = [
                self.at(x + (rx + grow) * a, y + (ry + grow) * b)
                for a, b in zip(ux.tolist(), uy.tolist(), strict=True)
            ]
            pygame.draw.polygon(self.big, fill, pts)

    def capsule(self, x0, y0, x1, y1, w, colour) -> None:
        a, b = self.at(x0, y0), self.at(x1, y1)
        pygame.draw.line(self.big, colour, a, b, max(1, round(2 * w * self.u)))
        for p in (a, b):
            pygame.draw.circle(self.big, colour, p, w * self.u)

    def circle(self, x, y, r, colour, width=0.0) -> None:
        pygame.draw.circle(self.big, colour, self.at(x, y), r * self.u, round(width * self.u))

    def quad(self, pts, colour) -> None:
        pygame.draw.polygon(self.big, colour, [self.at(x, y) for x, y in pts])


def _shade(colour, f: float) -> tuple[int, int, int]:
    return tuple(int(min(255, max(0, v * f))) for v in colour[:3])  # type: ignore[return-value]


def make_figure(cat: int, variant: int, q: int, facing: int, phase: int) -> pygame.Surface:
    """One figure sprite, centred on the person; its side is the returned surface's width."""
    from game.ui import render as R  # the renderer's palette: one source for marks and figures

    r = 2 ** (q / SIZES_PER_DOUBLING)  # body radius in pixels
    m = max(r, 3.0)  # markers as the far-zoom marks size them
    side = int(math.ceil(2 * max(3.1 * r, r + 2.0 * m)) + 4)
    k = 3 if r < 12 else 2
    big = pygame.Surface((side * k, side * k), pygame.SRCALPHA)
    c = side * k / 2
    a = facing * 2 * math.pi / FACINGS
    pen = _Pen(big, c, r * k, a)
    swing = (0.0, 1.0, 0.0, -1.0)[phase % PHASES]
    skin = SKIN[variant % 4]
    trousers = TROUSERS[variant % 4]

    def shadow(length=1.0, width=1.0):
        sx, sy = 0.25 * r * k, 0.32 * r * k
        w, h = 1.75 * r * k * max(length, width), 1.75 * r * k * min(length, width)
        rect = pygame.Rect(0, 0, w, h)
        rect.center = (c + sx, c + sy)
        pygame.draw.ellipse(big, (0, 0, 0, 40), rect)

    def legs(colour, shoe=BOOTS):
        for side_, sgn in ((-0.36, 1), (0.36, -1)):
            x = 0.42 * swing * sgn
            pen.ellipse(x + 0.08, side_, 0.34, 0.2, shoe)
            pen.ellipse(x * 0.6, side_, 0.3, 0.22, colour)

    def arms(colour, hand=skin, reach=(0.0, 0.0)):
        for side_, sgn, extra in ((-0.9, -1, reach[0]), (0.9, 1, reach[1])):
            x = 0.34 * swing * sgn + extra
            pen.capsule(
                -0.05,
                side_ * 0.95,
                x + 0.2,
                side_ * (1.02 - 0.1 * extra),
                0.2,
                _shade(colour, 0.78),
            )
            pen.circle(x + 0.36, side_ * (1.0 - 0.1 * extra), 0.17, hand)

    def torso(colour, rim):
        pen.ellipse(-0.02, 0, 0.46, 0.86, colour, rim, 0.13, power=2.8)
        pen.ellipse(-0.12, -0.3, 0.2, 0.3, _shade(colour, 1.1))  # lit from the north-west

    def head_hair(hair=R.HAIR):
        pen.circle(0.16, 0, 0.44, skin)
        pen.circle(0.02, 0, 0.42, hair)

    def helmet(colour, visor=(28, 34, 46)):
        pen.circle(0.04, 0, 0.5, _shade(colour, 0.6))
        pen.circle(0.02, 0, 0.45, colour)
        pen.ellipse(0.34, 0, 0.12, 0.32, visor)
        pen.circle(-0.1, -0.14, 0.12, _shade(colour, 1.5))  # shine

    if cat == 99:
        raise ValueError("selection rings are the far-zoom marks")
    if cat < R.OFFICER_CAT:
        mood, mark = cat % R.MOODS, cat // R.MOODS
        shirt = tuple(
            int(min(255, v * f))
            for v, f in zip(R.MOOD_COLOUR[mood], R.SHIRTS[variant % 4], strict=True)
        )
        rim = (112, 110, 106) if mood == R.CALM else (96, 44, 18)
        if mood in (R.INJURED, R.FALLEN):  # lying along the facing, arms out
            shadow(1.8, 0.9)
            pen.ellipse(-0.9, -0.24, 0.7, 0.2, trousers)
            pen.ellipse(-0.9, 0.24, 0.7, 0.2, trousers)
            pen.ellipse(0.5, -0.95, 0.2, 0.5, _shade(shirt, 0.8))
            pen.ellipse(0.5, 0.95, 0.2, 0.5, _shade(shirt, 0.8))
            edge = (120, 20, 20) if mood == R.INJURED else (70, 40, 90)
            pen.ellipse(0.2, 0, 0.75, 0.62, edge)
            pen.ellipse(0.2, 0, 0.66, 0.55, shirt)
            pen.circle(1.2, 0, 0.38, skin)
            pen.circle(1.28, 0, 0.3, R.HAIR)
            if mood == R.INJURED:  # a red cross beside: the medics are needed
                _red_cross(big, c + 0.95 * m * k, c - 1.25 * m * k, 0.8 * m * k)
        elif mood == R.SITTING:  # cross-legged, facing the line
            shadow(1.0, 1.0)
            for sgn in (-1, 1):
                pen.quad(
                    [(0.2, sgn * 0.85), (0.45, sgn * 0.98), (1.05, -sgn * 0.35), (0.8, -sgn * 0.5)],
                    trousers,
                )
            pen.ellipse(0.7, -0.5, 0.14, 0.14, skin)
            pen.ellipse(0.7, 0.5, 0.14, 0.14, skin)
            pen.ellipse(0.18, -0.72, 0.34, 0.18, _shade(shirt, 0.8))
            pen.ellipse(0.18, 0.72, 0.34, 0.18, _shade(shirt, 0.8))
            pen.ellipse(-0.1, 0, 0.44, 0.82, shirt, (52, 60, 74), 0.14)
            pen.circle(0.02, 0, 0.36, skin)
            pen.circle(-0.06, 0, 0.33, R.HAIR)
        else:
            shadow()
            legs(trousers)
            reach = (0.0, 0.0)
            if mood == R.AGITATED:
                reach = (0.0, 0.55)  # a fist raised
            elif mood == R.ACTIVE:
                reach = (0.6, 0.75)  # both arms out: pushing, throwing
            if mark == 3:
                reach = (0.35, 0.35)  # holding a camera up
            arms(shirt, reach=reach)
            torso(shirt, rim)
            head_hair()
            if mark == 3:
                x = 0.85
                pen.quad([(x, -0.35), (x + 0.35, -0.35), (x + 0.35, 0.35), (x, 0.35)], (24, 24, 28))
                pen.circle(x + 0.38, 0, 0.14, (150, 200, 240))
        if mark == 1:  # korlap: the red-and-white flag of the far-zoom mark, on a pole
            x = c + 0.9 * r * k
            pygame.draw.line(
                big, (30, 30, 30), (x, c), (x, c - 1.9 * m * k), max(1, round(0.18 * m * k))
            )
            top = c - 1.9 * m * k
            big.fill((220, 20, 30), pygame.Rect(x, top, 1.1 * m * k, 0.38 * m * k))
            big.fill((250, 250, 250), pygame.Rect(x, top + 0.38 * m * k, 1.1 * m * k, 0.38 * m * k))
    else:
        kind = R.UNITS[cat - R.OFFICER_CAT]
        fill, rim, hd = R.UNIT_LOOK[kind]
        shadow()
        legs(_shade(fill, 0.6) if kind not in ("negotiator", "medic") else (52, 56, 70))
        shielded = kind in ("dalmas_lanjut", "brimob")
        if shielded:
            arms(fill, hand=(30, 30, 34), reach=(0.35, 0.0))
        elif kind == "negotiator":
            arms(fill, reach=(0.15, 0.15))
        else:
            arms(fill, hand=skin if kind != "tni" else (40, 44, 30))
        torso(fill, rim)
        if kind == "tni":  # camouflage blotches
            for x, y, rr in ((0.15, -0.45, 0.18), (-0.2, 0.3, 0.2), (0.1, 0.6, 0.14)):
                pen.circle(x, y, rr, _shade(fill, 0.65))
        if kind == "medic":
            _red_cross(big, c, c, 1.05 * r * k, ring=False)
            head_hair()
        elif kind == "kapolres":  # a peaked cap, gold on the brim
            pen.ellipse(0.35, 0, 0.22, 0.38, (40, 30, 14))
            pen.circle(0.0, 0, 0.42, (62, 50, 30))
            pen.ellipse(0.38, 0, 0.08, 0.3, (236, 196, 60))
        elif kind in ("negotiator", "reskrim"):
            head_hair()
            if kind == "negotiator":  # the Polwan's blue beret
                pen.ellipse(-0.05, 0.06, 0.34, 0.32, (30, 92, 206))
        else:
            helmet(hd)
        if shielded:  # the shield on the facing side, the crowd's side
            colour = R.SHIELD_COLOUR[1 if kind == "dalmas_lanjut" else 2]
            span = np.linspace(-0.95, 0.95, 10)
            outer = [pen.at(1.05 + 0.25 * math.cos(t * 1.2), 1.25 * math.sin(t)) for t in span]
            inner = [pen.at(0.8 + 0.25 * math.cos(t * 1.2), 1.2 * math.sin(t)) for t in span[::-1]]
            body_colour = (*colour, 230) if kind == "dalmas_lanjut" else colour
            pygame.draw.polygon(big, body_colour, outer + inner)
            pygame.draw.lines(big, (16, 20, 30), False, outer, max(2, round(0.14 * r * k)))
            if kind == "brimob":
                pen.ellipse(1.0, 0, 0.1, 0.5, (210, 210, 214))  # the window
    return pygame.transform.smoothscale(big, (side, side))


def cropped(image: pygame.Surface) -> tuple[pygame.Surface, tuple[float, float]]:
    """The sprite cut to what it covers, and where its centre (the person) lies in it."""
    box = image.get_bounding_rect(min_alpha=4)
    half = image.get_width() / 2
    if box.w == 0:
        return image, (half, half)
    return image.subsurface(box).copy(), (half - box.x, half - box.y)


def _red_cross(big, x: float, y: float, size: float, ring: bool = True) -> None:
    if ring:
        pygame.draw.circle(big, (150, 20, 20), (x, y), size + 2)
        pygame.draw.circle(big, (250, 250, 250), (x, y), size)
    arm = pygame.Rect(0, 0, 1.1 * size, 0.36 * size)
    arm.center = (round(x), round(y))
    big.fill((210, 20, 20), arm)
    big.fill(
        (210, 20, 20),
        pygame.Rect(arm.centerx - arm.height // 2, arm.centery - arm.width // 2, arm.h, arm.w),
    )


def make_placard(which: int, font: pygame.font.Font | None, metre_px: float) -> pygame.Surface:
    """A placard (card on a stick) or a banner (red cloth), the words legible if large enough.

    Held up towards the police, so it is drawn upright on the screen whatever the facing."""
    banner = which >= 100
    text = BANNERS[which - 100] if banner else PLACARDS[which]
    board = BANNER_CLOTH if banner else BOARDS[which % len(BOARDS)]
    ink = (250, 250, 246) if banner else INKS[which % len(INKS)]
    if font is not None:
        words = font.render(text, True, ink)
        w, h = words.get_width() + 8, words.get_height() + 3
    else:  # too small to read: the card with a smudge of lettering
        words = None
        w = max(6, round((2.2 if banner else 0.75) * metre_px))
        h = max(3, round(0.28 * metre_px))
    out = pygame.Surface((w + 2, h + 2), pygame.SRCALPHA)
    out.fill((0, 0, 0, 70), pygame.Rect(2, 2, w, h))  # shadow
    pygame.draw.rect(out, board, pygame.Rect(0, 0, w, h))
    pygame.draw.rect(out, _shade(board, 0.55), pygame.Rect(0, 0, w, h), 1)
    if words is not None:
        out.blit(words, (4, 2))
    elif w > 8:
        pygame.draw.line(out, ink, (3, h // 2), (w - 4, h // 2), max(1, h // 4))
    return out


def draw_handcuffs(surface: pygame.Surface, centre, scale: float) -> None:
    """The mark left where someone was just arrested and led away (the play screen's)."""
    x, y = (int(v) for v in centre)
    r = max(3, int(scale * 0.18))
    pygame.draw.circle(surface, (250, 250, 250), (x - r, y), r, 2)
    pygame.draw.circle(surface, (250, 250, 250), (x + r, y), r, 2)
    pygame.draw.line(surface, (250, 250, 250), (x - r // 2, y), (x + r // 2, y), 2)


# --- the crowd on screen -------------------------------------------------------------------


class Figures:
    """The sprite cache and the gait memory of one renderer."""

    def __init__(self) -> None:
        self.cache: OrderedDict[int, tuple[pygame.Surface, tuple[float, float]]] = OrderedDict()
        self.bytes = 0
        self.placards: dict[tuple[int, int, int], pygame.Surface] = {}
        self.gait = Gait()
        self._fonts: dict[int, pygame.font.Font] = {}
        self.made = 0  # sprites drawn so far (the tests and the benchmark read it)

    @staticmethod
    def code(cat, variant, q, facing, phase):
        """One integer per sprite (numpy arrays or ints)."""
        return (((cat * 4 + variant) * 256 + q) * FACINGS + facing) * PHASES + phase

    def sprite(self, code: int) -> tuple[pygame.Surface, tuple[float, float]]:
        hit = self.cache.get(code)
        if hit is not None:
            self.cache.move_to_end(code)
            return hit
        rest, phase = divmod(code, PHASES)
        rest, facing = divmod(rest, FACINGS)
        rest, q = divmod(rest, 256)
        cat, variant = divmod(rest, 4)
        image, centre = cropped(make_figure(cat, variant, q, facing, phase))
        if pygame.display.get_surface() is not None:
            image = image.convert_alpha()
        self.made += 1
        hit = self.cache[code] = (image, centre)
        self.bytes += image.get_width() * image.get_height() * 4
        while self.bytes > MAX_SPRITE_BYTES and len(self.cache) > 1:
            _, (old, _) = self.cache.popitem(last=False)
            self.bytes -= old.get_width() * old.get_height() * 4
        return hit

    def _font(self, px: int) -> pygame.font.Font:
        """Fonts kept by this renderer (a font outlives no pygame.quit)."""
        if px not in self._fonts:
            if not pygame.font.get_init():
                pygame.font.init()
            self._fonts[px] = pygame.font.Font(None, px)
            self._fonts[px].set_bold(True)
        return self._fonts[px]

    def placard(self, which: int, s: float) -> pygame.Surface:
        font_px = int(0.28 * s) if s >= TEXT_SCALE else 0
        key = (which, font_px, round(s) if not font_px else 0)
        image = self.placards.get(key)
        if image is None:
            if len(self.placards) > 256:
                self.placards.clear()
            font = self._font(font_px) if font_px >= 9 else None
            image = self.placards[key] = make_placard(which, font, s)
            if pygame.display.get_surface() is not None:
                image = self.placards[key] = image.convert_alpha()
        return image

    def facings(self, view, idx: np.ndarray, officer: np.ndarray) -> tuple[np.ndarray, ...]:
        """Facing bucket and walk phase of the people idx (of view), and their speed."""
        pos = view.pos[idx]
        vel = self.gait.velocity(view.tick, view.slots[idx], pos)
        speed = np.hypot(vel[:, 0], vel[:, 1])
        still = np.zeros_like(pos)
        heading = view.heading[idx]
        still[officer] = heading[officer]
        crowd = ~officer
        if crowd.any():  # the crowd looks at the nearest police squad
            squads = view.squad[idx][officer]
            if len(squads):
                opos = pos[officer]
                centres = np.array([opos[squads == q].mean(axis=0) for q in np.unique(squads)])
                d = centres[None, :, :] - pos[crowd][:, None, :]
                near = np.argmin(np.einsum("ijk,ijk->ij", d, d), axis=1)
                still[crowd] = d[np.arange(len(near)), near]
            else:
                still[crowd] = (0.0, -1.0)
        norm = np.hypot(still[:, 0], still[:, 1])
        still = np.where(norm[:, None] > 1e-9, still / np.maximum(norm, 1e-9)[:, None], (0, -1))
        # walking: the velocity rules; standing: the line; between, a blend (no flicker)
        weight = np.where(officer, 0.7, 0.35)[:, None]
        direction = vel + still * weight
        bucket = facing_bucket(direction)
        return bucket, walk_phase(pos, bucket, speed), speed

    def draw(
        self,
        surface: pygame.Surface,
        view,
        idx: np.ndarray,
        cat: np.ndarray,
        variant: np.ndarray,
        layer: np.ndarray,
        s: float,
        off: np.ndarray,
        fallback: Callable[[int], tuple[pygame.Surface, float]],
        budget_ms: float | None = None,
        under: Sequence[tuple[pygame.Surface, tuple[int, int]]] = (),
    ) -> None:
        """Blit the people idx of view as figures (the rest of the look worked out by the
        renderer: cat, shirt variant and layer), then the placards above them.

        With budget_ms, sprites not yet made past that many milliseconds of making show
        their far-zoom mark (`fallback(i)` for the i-th person) until a later frame."""
        if not len(idx):
            surface.fblits(list(under))
            return
        officer = cat >= OFFICER_CAT
        bucket, phase, _ = self.facings(view, idx, officer)
        q = size_class(view.radius[idx] * s)
        mood = cat % MOODS
        lying = ~officer & ((mood == INJURED) | (mood == SITTING) | (mood == FALLEN))
        phase = np.where(lying, 0, phase)
        phase = np.where(phase == 2, 0, phase)  # both passing frames look alike
        codes = self.code(cat, variant, q, bucket, phase)
        uniq, inv = np.unique(codes, return_inverse=True)
        start = time.perf_counter()
        cache = self.cache
        looks = [cache.get(c) for c in uniq.tolist()]
        for j, look in enumerate(looks):
            if look is None:  # made now, or (past the budget) a later frame
                late = budget_ms is not None and (time.perf_counter() - start) * 1000 > budget_ms
                if not late:
                    looks[j] = self.sprite(int(uniq[j]))
        centre = view.pos[idx] * s + off
        order = np.argsort(layer * 100000 + np.rint(centre[:, 1]), kind="stable")
        missing = np.array([look is None for look in looks])[inv]
        images = [look[0] if look is not None else None for look in looks]
        anchor = np.array([look[1] if look is not None else (0.0, 0.0) for look in looks])
        xy = np.floor(centre - anchor[inv] + 0.5).astype(np.int64)
        blits: list = list(under)
        if missing.any():  # marks stand in until their figures are made
            for i in np.flatnonzero(missing).tolist():
                image, half = fallback(i)
                images.append(image)
                inv[i] = len(images) - 1
                xy[i] = np.floor(centre[i] - half + 0.5)
        blits += zip([images[j] for j in inv[order].tolist()], xy[order].tolist(), strict=True)
        surface.fblits(blits)
        # placards and banners, held up over the heads, last
        down = np.isin(cat % MOODS, (INJURED, FALLEN))
        crowd = (cat < OFFICER_CAT) & (cat // MOODS == 0) & ~down
        if not crowd.any():
            return
        which = placard_of(view.slots[idx])
        carry = np.flatnonzero(crowd & (which >= 0))
        if not len(carry):
            return
        a = bucket[carry] * (2 * np.pi / FACINGS)
        r = view.radius[idx][carry]
        ahead = centre[carry] + np.stack([np.cos(a), np.sin(a)], axis=1) * (r * 1.6 * s)[:, None]
        boards = []
        for k, (x, y) in zip(which[carry].tolist(), ahead.tolist(), strict=True):
            image = self.placard(k, s)
            boards.append((image, (int(x - image.get_width() / 2), int(y - image.get_height()))))
        surface.fblits(boards)


def shirt_variant(slots: np.ndarray) -> np.ndarray:
    """Four shirts and skins per mood, by slot, so a crowd does not look stamped out."""
    return slots.astype(np.int64) % 4
