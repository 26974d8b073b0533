"""The map's legend: what every colour and mark of a person means, near and far.

Each row is drawn by the map's own code: the far-zoom mark by the renderer's `_Sprites`, the
close-zoom figure by `figures.Figures`, the water cannon and the protected person by the
renderer's own methods, the arrest mark by `figures.draw_handcuffs`. So the legend can never
disagree with the map. The play screen toggles it with KEY; the briefing opens it too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pygame

from game.ui import figures, render, tags
from game.ui.i18n import language, tr
from game.ui.scene import Scene
from game.ui.view import ACTIVE, AGITATED, CALM, FALLEN, INJURED, MOODS, OFFICER_CAT, SITTING

KEY = pygame.K_b
KEY_NAME = "B"
FAR, NEAR = 17.0, 50.0  # px per metre the two columns show a person at
ENLARGE = 2  # the far mark is small on the map; the legend shows it twice as large
TRUCK = 5.5  # px per metre the water cannon is shown at (it is 7 m long)
CELL = 36  # px: a row's height (the legend fits between the top bar and the log)
BOX = 58  # px: each picture's width
SPILL = 8  # px a picture may reach into the rows above and below (a flag, a lying person)
PANEL = (20, 26, 36, 250)
TEXT = (232, 236, 242)
DIM = (160, 172, 190)


@dataclass(frozen=True)
class Entry:
    """One row: a name in legend.toml and what to draw (a renderer category, or a thing)."""

    name: str
    cat: int = -1  # the renderer's look code: mood + MOODS * mark, OFFICER_CAT + unit, 99 a ring
    thing: str = ""  # "vip", "water_cannon", "arrested", "placard"


# mark codes of render._draw_people: 1 korlap, 3 an onlooker (a provocateur looks like
# anyone: the map shows only the tags Sat Intelkam reports)
CROWD_ENTRIES = (
    Entry("calm", CALM),
    Entry("agitated", AGITATED),
    Entry("active", ACTIVE),
    Entry("sitting", SITTING),
    Entry("fallen", FALLEN),
    Entry("injured", INJURED),
    Entry("korlap", CALM + MOODS),
    Entry("suspect", ACTIVE, "tag"),  # Sat Intelkam's tag: the truth is never drawn
    Entry("bystander", CALM + 3 * MOODS),
    Entry("placard", CALM, "placard"),
    Entry("arrested", thing="arrested"),
    Entry("vip", thing="vip"),
)
OFFICER_ENTRIES = tuple(
    Entry(kind, OFFICER_CAT + u, "water_cannon" if kind == "water_cannon" else "")
    for u, kind in enumerate(render.UNITS)
) + (Entry("selected", 99),)
ENTRIES = CROWD_ENTRIES + OFFICER_ENTRIES


def label(entry: Entry) -> str:
    group = "officer" if entry in OFFICER_ENTRIES else "crowd"
    return tr(f"legend.{group}.{entry.name}")


class _Painter:
    """The map's drawing code, without a level: the renderer's sprites and figures."""

    def __init__(self) -> None:
        self.sprites = render._Sprites()
        self.figures = figures.Figures()
        # the truck and the protected person are drawn by methods that use no level
        self.world = render.WorldRenderer.__new__(render.WorldRenderer)

    def person(self, entry: Entry, s: float, near: bool) -> pygame.Surface:
        box = pygame.Surface((BOX, CELL + 2 * SPILL), pygame.SRCALPHA)
        c = np.array([BOX / 2, SPILL + CELL / 2 + (6 if entry.thing == "placard" and near else 0)])
        kind = "dalmas_lanjut" if entry.cat == 99 else None
        radius = render.UNIT_KINDS[kind].radius if kind else 0.25
        if entry.cat >= OFFICER_CAT and entry.cat != 99:
            radius = render.UNIT_KINDS[render.UNITS[entry.cat - OFFICER_CAT]].radius
        if entry.thing == "vip":
            s = min(s, 24.0)
            self.world._vip(box, c + (0, 5), radius * s, s)
        elif entry.thing == "water_cannon":
            self.world._water_cannon(box, c, (1.0, 0.0), TRUCK)
        elif entry.thing == "arrested":
            figures.draw_handcuffs(box, c, s)
        else:
            if entry.cat == 99:  # a ring under a selected officer
                ring = self._mark(99, radius, s)
                box.blit(ring, ring.get_rect(center=tuple(c)))
            ring_cat = OFFICER_CAT + render.UNITS.index("dalmas_lanjut")
            cat = ring_cat if entry.cat == 99 else entry.cat
            if near:
                q = int(figures.size_class(radius * s))
                code = figures.Figures.code(cat, 1, q, 3 * figures.FACINGS // 4, 1)
                image, (hx, hy) = self.figures.sprite(int(code))
                box.blit(image, (c[0] - hx, c[1] - hy))
            else:
                mark = pygame.transform.smoothscale_by(self._mark(cat, radius, s), ENLARGE)
                box.blit(mark, mark.get_rect(center=tuple(c)))
            if entry.thing == "tag":
                tags.draw_badge(box, c[0], c[1] - radius * s - 12, s)
            if entry.thing == "placard" and near:  # far out the map shows no placards
                board = self.figures.placard(1, s)
                y = c[1] - radius * 1.6 * s
                box.blit(board, (c[0] - board.get_width() / 2, max(0, y - board.get_height())))
        return box

    def _mark(self, cat: int, radius: float, s: float) -> pygame.Surface:
        rq = int(np.clip(np.rint(radius * s * 2), 2, 511))
        d = 1 if cat < OFFICER_CAT else 3 * render.DIRS // 4
        image, _ = self.sprites.get((cat * 512 + rq) * render.DIRS + d)
        return image


def legend_surface() -> pygame.Surface:
    """The whole legend panel in the current language."""
    if not pygame.font.get_init():
        pygame.font.init()
    big, font, small = (pygame.font.Font(None, n) for n in (30, 21, 18))
    painter = _Painter()
    col_w, pad = 430, 16
    rows = max(len(CROWD_ENTRIES), len(OFFICER_ENTRIES))
    w, h = 2 * col_w + 3 * pad, 84 + rows * CELL + 8
    out = pygame.Surface((w, h), pygame.SRCALPHA)
    out.fill(PANEL)
    pygame.draw.rect(out, (90, 110, 140), out.get_rect(), 1)
    title = big.render(tr("legend.title", shortcut=KEY_NAME), True, TEXT)
    out.blit(title, (pad, 10))
    for n, (group, entries) in enumerate((("crowd", CROWD_ENTRIES), ("officers", OFFICER_ENTRIES))):
        x = pad + n * (col_w + pad)
        y = 40
        out.blit(font.render(tr(f"legend.heading.{group}"), True, TEXT), (x, y))
        y += 22
        for k, head in enumerate((tr("legend.far"), tr("legend.near"))):
            im = small.render(head, True, DIM)
            out.blit(im, (x + k * BOX + BOX // 2 - im.get_width() // 2, y))
        y += 18
        pygame.draw.line(out, (60, 72, 92), (x, y - 2), (x + col_w, y - 2))
        for entry in entries:
            out.blit(painter.person(entry, FAR, False), (x, y - SPILL))
            out.blit(painter.person(entry, NEAR, True), (x + BOX, y - SPILL))
            text = font.render(label(entry), True, TEXT)
            if text.get_width() > col_w - 2 * BOX - 8:
                text = small.render(label(entry), True, TEXT)
            out.blit(text, (x + 2 * BOX + 8, y + CELL // 2 - text.get_height() // 2))
            y += CELL
    hint = small.render(tr("legend.hint", shortcut=KEY_NAME), True, DIM)
    out.blit(hint, (w - pad - hint.get_width(), 16))
    return out


class Legend:
    """The overlay on the play screen: shown or not, drawn over the map's top-left."""

    def __init__(self) -> None:
        self.open = False
        self._cache: tuple[str, pygame.Surface] | None = None

    def toggle(self) -> None:
        self.open = not self.open

    def image(self) -> pygame.Surface:
        if self._cache is None or self._cache[0] != language():
            self._cache = (language(), legend_surface())
        return self._cache[1]

    def draw(self, surface: pygame.Surface, area: pygame.Rect) -> None:
        if not self.open:
            return
        image = self.image()
        x = area.x + max(8, (area.w - image.get_width()) // 2)
        surface.blit(image, (x, area.y + 36))  # under the stage banner, above the log


class LegendScene(Scene):
    """The legend on its own screen (from the briefing): any key or click goes back."""

    def __init__(self, app) -> None:
        super().__init__(app)
        self.legend = Legend()
        self.legend.open = True

    def draw(self, surface: pygame.Surface) -> None:
        surface.fill((24, 28, 36))
        image = self.legend.image()
        surface.blit(image, image.get_rect(center=surface.get_rect().center))

    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type in (pygame.KEYDOWN, pygame.MOUSEBUTTONUP):
            self.app.pop()
