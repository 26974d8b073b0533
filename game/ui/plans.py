"""What has been ordered, drawn on the map at once: where each squad is going (its
formation's end slots and the way there) and the orders held back under a go code. A
trainee who plans while paused sees the plan before the clock runs: the run applies an
order the moment it is given, so the squads' destinations are already the new ones."""

from __future__ import annotations

from typing import Any

import numpy as np
import pygame

from game.sim import orders as O
from game.ui.camera import Camera
from game.ui.render import dashed

GOING = (140, 220, 255)  # a selected squad's destination
GOING_DIM = (110, 150, 180)  # another squad's, shown while paused
PLANNED = (255, 200, 90)  # an order waiting for its go code


def draw_destinations(
    surface: pygame.Surface, camera: Camera, sim, selected: set[int], paused: bool
) -> None:
    """Each moving squad's path and end slots: the selected ones always, all while paused."""
    pos, _ = sim.positions()
    for i, sq in enumerate(sim.squads):
        if i not in selected and not paused:
            continue
        if sq.arrived and not sq.waypoints:
            continue
        alive = sq.members[sim.slots.alive[sq.members]]
        if not len(alive):
            continue
        colour = GOING if i in selected else GOING_DIM
        here = camera.to_screen(pos[alive].mean(axis=0))
        end = np.asarray(sq.final, dtype=float)
        path = [here] + [camera.to_screen(np.asarray(w, float)) for w in sq.waypoints]
        goal = sq.destination.centre if sq.destination is not None else end.mean(axis=0)
        path.append(camera.to_screen(np.asarray(goal, float)))
        dashed(surface, colour, path, 2, 8.0)
        if not sq.waypoints:  # the slots are those of the last leg once it is walked
            r = max(2, int(camera.scale * 0.25))
            for p in end:
                pygame.draw.circle(surface, colour, _px(camera.to_screen(p)), r, 1)


def draw_planned(
    surface: pygame.Surface, camera: Camera, queues: dict[str, list[Any]], font: pygame.font.Font
) -> None:
    """Orders held under go codes A/B/C, each marked with its letter where it will act."""
    for code, orders in queues.items():
        tag = font.render(code, True, (20, 20, 20))
        for order in orders:
            at = None
            if isinstance(order, O.FormCordon):
                a, b = camera.to_screen(np.asarray(order.a)), camera.to_screen(np.asarray(order.b))
                dashed(surface, PLANNED, [a, b], 3, 8.0)
                at = (a + b) / 2
            elif isinstance(order, O.Move):
                at = camera.to_screen(np.asarray(order.to))
                pygame.draw.circle(surface, PLANNED, _px(at), 9, 2)
            elif isinstance(order, O.UseForce) and order.at is not None:
                at = camera.to_screen(np.asarray(order.at))
                x, y = _px(at)
                pygame.draw.line(surface, PLANNED, (x - 7, y - 7), (x + 7, y + 7), 3)
                pygame.draw.line(surface, PLANNED, (x - 7, y + 7), (x + 7, y - 7), 3)
            if at is not None:
                x, y = _px(at)
                box = pygame.Rect(0, 0, tag.get_width() + 8, tag.get_height() + 2)
                box.midbottom = (x, y - 10)
                pygame.draw.rect(surface, PLANNED, box, border_radius=4)
                surface.blit(tag, (box.x + 4, box.y + 1))


def _px(p) -> tuple[int, int]:
    return int(p[0]), int(p[1])
