"""What the trainee is told of Sat Intelkam's suspects: a yellow "?" above each tagged
person on the map, and the radio line when a squad tags one.

The map shows only what the trainee's own people have reported; who really is a
provocateur stays hidden (the dark red ring that gave it away is gone).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pygame

from game.ui.i18n import tr

TAG_FILL = (255, 214, 40)
TAG_RIM = (70, 50, 0)
TAG_TEXT = (30, 24, 0)

# a question mark drawn as a stroke (in badge radii from its centre) and a dot: no font,
# so it draws the same in any window and after pygame was restarted
_STROKE = (
    (-0.34, -0.28),
    (-0.24, -0.5),
    (0.0, -0.6),
    (0.24, -0.52),
    (0.34, -0.32),
    (0.24, -0.12),
    (0.0, 0.02),
    (0.0, 0.24),
)
_DOT = (0.0, 0.5)


def tag_centres(ctx: Any, view: Any) -> list[tuple[float, float]]:
    """Screen centres of the "?" badges of the tagged people in view."""
    surface, camera, s, off = ctx
    tagged = np.asarray(view.tagged, dtype=bool)
    if len(tagged) != len(view.slots) or not tagged.any():
        return []
    idx = np.flatnonzero(tagged & camera.visible(view.pos, margin=2.0))
    out = []
    for k in idx.tolist():
        x, y = view.pos[k] * s + off
        lift = max(view.radius[k] * s, 3.0) + _badge_radius(s) + 4
        out.append((float(x), float(y - lift)))
    return out


def _badge_radius(s: float) -> float:
    return max(6.0, min(14.0, 0.45 * s))


def draw_tags(ctx: Any, view: Any) -> None:
    """A yellow badge with a "?" above each tagged person, pointing down at them."""
    surface, camera, s, off = ctx
    for cx, cy in tag_centres(ctx, view):
        draw_badge(surface, cx, cy, s)


def draw_badge(surface: pygame.Surface, cx: float, cy: float, s: float) -> None:
    """One badge centred at (cx, cy) at s px per metre (the map's and the legend's)."""
    r = _badge_radius(s)
    width = max(2, round(0.24 * r))
    tip = [(cx - 0.45 * r, cy + 0.7 * r), (cx + 0.45 * r, cy + 0.7 * r), (cx, cy + 1.5 * r)]
    pygame.draw.polygon(surface, TAG_RIM, tip)
    pygame.draw.circle(surface, TAG_RIM, (cx, cy), r + 1.5)
    pygame.draw.circle(surface, TAG_FILL, (cx, cy), r)
    pygame.draw.lines(
        surface, TAG_TEXT, False, [(cx + x * r, cy + y * r) for x, y in _STROKE], width
    )
    pygame.draw.circle(surface, TAG_TEXT, (cx + _DOT[0] * r, cy + _DOT[1] * r), 0.7 * width)


def radio_line(event: Any, squad_label: Callable[[str], str]) -> str | None:
    """The radio's words for a squad's tag, or None for any other event."""
    if event.kind != "suspect_tagged":
        return None
    return tr("intel.radio_tagged", squad=squad_label(str(event.data["squad"])))
