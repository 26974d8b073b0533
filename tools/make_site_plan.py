"""Draw the site plan of the PPK office on Jalan Pasar, Buay Madang.

Writes levels/denah_ppk_buay_madang.png.

A made-up plan in the style of a sub-district office's site sketch (no real plan was copied):
the background an instructor traces in the level editor. 10 px a metre, with a 10 m scale
bar, so calibrating it in the editor is two clicks on the bar and "10".

    python tools/make_site_plan.py
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")

import pygame  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "levels" / "denah_ppk_buay_madang.png"
PX = 10  # pixels a metre
W, H = 90, 60  # metres

PAPER = (238, 233, 220)
INK = (60, 60, 70)
ROAD = (205, 200, 190)
ROOF = (190, 160, 140)
GRASS = (200, 220, 185)
YARD = (225, 218, 200)


def m(x: float, y: float) -> tuple[int, int]:
    return round(x * PX), round(y * PX)


def rect(x: float, y: float, w: float, h: float) -> pygame.Rect:
    return pygame.Rect(*m(x, y), round(w * PX), round(h * PX))


def main() -> None:
    pygame.init()
    font = pygame.font.Font(None, 22)
    small = pygame.font.Font(None, 18)
    s = pygame.Surface((W * PX, H * PX))
    s.fill(PAPER)
    # Jalan Pasar: a narrow street, 6 m between the shop fronts, west to east
    pygame.draw.rect(s, ROAD, rect(0, 14, W, 6))
    for x in range(0, W, 4):
        pygame.draw.line(s, (240, 240, 240), m(x, 17), m(x + 2, 17), 2)
    # a lane to the south past the office, to the market
    pygame.draw.rect(s, ROAD, rect(70, 20, 5, 40))
    # shop houses (ruko) along the north side, one roof each
    for k, x in enumerate(range(2, 88, 9)):
        pygame.draw.rect(s, ROOF, rect(x, 4, 8, 9))
        pygame.draw.rect(s, INK, rect(x, 4, 8, 9), 1)
        s.blit(small.render(f"ruko {k + 1}", True, INK), m(x + 1.2, 8))
    # the PPK office compound: fence, gate, yard, office, hall
    pygame.draw.rect(s, YARD, rect(20, 22, 44, 30))
    pygame.draw.rect(s, GRASS, rect(22, 24, 10, 8))
    pygame.draw.rect(s, ROOF, rect(30, 36, 26, 13))
    pygame.draw.rect(s, INK, rect(30, 36, 26, 13), 2)
    s.blit(font.render("KANTOR PPK", True, INK), m(37, 41))
    pygame.draw.rect(s, ROOF, rect(58, 26, 5, 10))
    pygame.draw.rect(s, INK, rect(58, 26, 5, 10), 1)
    s.blit(small.render("gudang", True, INK), m(58.3, 30))
    fence = [(39, 22), (20, 22), (20, 52), (64, 52), (64, 22), (45, 22)]
    pygame.draw.lines(s, INK, False, [m(*p) for p in fence], 3)
    pygame.draw.line(s, (170, 40, 40), m(39, 22), m(45, 22), 5)
    s.blit(small.render("pagar / fence", True, INK), m(21, 22.6))
    s.blit(small.render("gerbang 6 m", True, (170, 40, 40)), m(39.2, 20.6))
    s.blit(font.render("JALAN PASAR", True, INK), m(4, 15.8))
    # a small mosque car park to the west, where a rally would gather
    pygame.draw.rect(s, (215, 215, 215), rect(2, 24, 14, 14))
    pygame.draw.rect(s, INK, rect(2, 24, 14, 14), 1)
    s.blit(small.render("parkir masjid", True, INK), m(3, 30))
    # scale bar: 10 m, and a north arrow
    x0, y0 = 4, 56
    pygame.draw.line(s, INK, m(x0, y0), m(x0 + 10, y0), 3)
    for x in (x0, x0 + 5, x0 + 10):
        pygame.draw.line(s, INK, m(x, y0 - 0.6), m(x, y0 + 0.6), 2)
    s.blit(font.render("0        5       10 m", True, INK), m(x0 - 0.3, y0 + 0.9))
    pygame.draw.polygon(s, INK, [m(85, 52), m(84, 56), m(86, 56)])
    s.blit(font.render("U", True, INK), m(84.5, 56.4))
    s.blit(small.render("Denah lokasi (sketsa) / site sketch", True, INK), m(52, 56.5))
    pygame.image.save(s, str(OUT))
    print(OUT)


if __name__ == "__main__":
    main()
