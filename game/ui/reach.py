"""Range and reach on the map: before a tool is used, the trainee sees how far it carries
from the squad and what it would hit at the cursor; with a talker selected, how close it
must be to the korlap. Drawn from the run's own numbers (the rulebook's ranges, the jet's
cone, the gas cloud's size, the talking range), so the picture cannot disagree with what
the order will do."""

from __future__ import annotations

import math

import numpy as np
import pygame

from game.sim.hazards import GAS_MAX_RADIUS, JET_HALF_ANGLE
from game.sim.negotiation import TALK_RANGE
from game.ui.camera import Camera

IN_REACH = (255, 214, 90)  # the area the tool would hit
OUT_OF_REACH = (235, 90, 80)  # the cursor is beyond the tool's range
RANGE = (255, 240, 200)  # the ring of the tool's range around the squad
TALK = (120, 200, 255)  # the talking range around a negotiator
PERSON_TOOLS = ("soft_hand", "hard_hand", "rubber_rounds")


def squad_centre(sim, squad) -> np.ndarray | None:
    pos, _ = sim.positions()
    alive = squad.members[sim.slots.alive[squad.members]]
    return pos[alive].mean(axis=0) if len(alive) else None


def draw_tool_reach(
    surface: pygame.Surface,
    camera: Camera,
    sim,
    squad,
    tool: str,
    cursor: np.ndarray | None,
    person: np.ndarray | None = None,
) -> bool:
    """The tool's range around the squad and its area at the cursor (or on the person under
    it); True if the cursor is within range."""
    rule = sim.tools.get(tool)
    centre = squad_centre(sim, squad)
    if rule is None or centre is None:
        return False
    s = camera.scale
    c = camera.to_screen(centre)
    _ring(surface, RANGE, c, rule.range * s, 2, alpha=36)
    if cursor is None:
        return False
    target = person if (tool in PERSON_TOOLS and person is not None) else cursor
    within = float(np.hypot(*(target - centre))) <= rule.range
    colour = IN_REACH if within else OUT_OF_REACH
    t = camera.to_screen(target)
    if tool == "water_cannon":
        d = target - centre
        n = float(np.hypot(*d))
        if n > 1e-6:
            a = math.atan2(d[1], d[0])
            pts = [c]
            for k in range(9):  # the cone the jet sweeps, out to its reach
                ang = a - JET_HALF_ANGLE + 2 * JET_HALF_ANGLE * k / 8
                pts.append(c + rule.range * s * np.array([math.cos(ang), math.sin(ang)]))
            _polygon(surface, colour, pts)
    elif tool == "tear_gas":
        _ring(surface, colour, t, GAS_MAX_RADIUS * s, 2, alpha=60)
        _ring(surface, colour, t, 6.0 * s, 1, alpha=0)  # where the canister lands
    elif tool in PERSON_TOOLS:
        r = max(6.0, 0.6 * s)
        _ring(surface, colour, t, r, 3, alpha=0)
    else:
        _ring(surface, colour, t, max(4.0, 1.0 * s), 2, alpha=0)
    pygame.draw.line(surface, colour, _px(c), _px(t), 1)
    return within


def draw_talk_range(surface: pygame.Surface, camera: Camera, sim, squad) -> None:
    """How close the talker must stand to the korlap to be heard."""
    centre = squad_centre(sim, squad)
    if centre is not None:
        _ring(surface, TALK, camera.to_screen(centre), TALK_RANGE * camera.scale, 2, alpha=40)


def _px(p) -> tuple[int, int]:
    return int(p[0]), int(p[1])


def _ring(surface, colour, centre, radius: float, width: int, alpha: int) -> None:
    r = int(radius)
    if r < 2:
        return
    if alpha and r < 2000:
        disc = pygame.Surface((2 * r + 2, 2 * r + 2), pygame.SRCALPHA)
        pygame.draw.circle(disc, (*colour, alpha), (r + 1, r + 1), r)
        surface.blit(disc, (int(centre[0]) - r - 1, int(centre[1]) - r - 1))
    pygame.draw.circle(surface, colour, _px(centre), r, width)


def _polygon(surface, colour, pts) -> None:
    xy = np.array(pts)
    lo = np.floor(xy.min(axis=0)).astype(int)
    hi = np.ceil(xy.max(axis=0)).astype(int)
    size = np.maximum(hi - lo + 2, 1)
    if size.max() > 4000:
        return
    layer = pygame.Surface(tuple(int(v) for v in size), pygame.SRCALPHA)
    local = [(float(x - lo[0]), float(y - lo[1])) for x, y in xy]
    pygame.draw.polygon(layer, (*colour, 70), local)
    pygame.draw.polygon(layer, (*colour, 230), local, 2)
    surface.blit(layer, (int(lo[0]), int(lo[1])))
