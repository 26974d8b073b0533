"""The fixed part of a level: walls, fences, buildings, zones and the floor fields.

Built once per level and shared by every rebuild of the physics space, so a keyframe rebuild
costs only the moving bodies.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np
import pymunk
from scipy.spatial import cKDTree

from game.level.schema import Level
from game.level.script_checks import walkable_goals
from game.sim.constants import WALL_FRICTION
from game.sim.geometry import Points, closest_on_segments, inside_polygon, polygon_area
from game.sim.navigation import (
    FloorField,
    Obstacles,
    blocked_cells,
    build_floor_field,
    grid_cell_size,
)
from game.sim.routes import RouteMap

WALL_SAMPLE_STEP = 0.1  # m between the points that index the walls for the repulsion
NEAR_GRID_CELL = 0.5  # m
NEAR_REACH = 1.0 + NEAR_GRID_CELL * 0.75  # m: past the wall cutoff, plus half a cell diagonal

# collision categories: crowd, line officers and support officers (negotiators, medics,
# arrest teams) are all bodies; a police line opens for its own support officers
CAT_CROWD = 0b00001
CAT_WALL = 0b00010
CAT_GATE = 0b00100
CAT_LINE = 0b01000
CAT_SUPPORT = 0b10000
CAT_PERSON = CAT_CROWD | CAT_LINE | CAT_SUPPORT


@dataclass
class StaticWorld:
    width: float
    height: float
    obstacles: Obstacles
    zone_outlines: dict[str, list[tuple[float, float]]]
    zone_kinds: dict[str, str]
    zone_areas: dict[str, float]
    fields: dict[str, FloorField]  # per goal zone name
    gate_segments: dict[str, tuple[tuple[float, float], tuple[float, float]]] = field(
        default_factory=dict
    )
    _routes: dict[tuple[str, ...], RouteMap] = field(default_factory=dict, repr=False)
    _wall_tree: cKDTree | None = field(default=None, repr=False)
    _wall_seg: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.intp))

    def __post_init__(self) -> None:
        # people are repelled by wall segments and by the edges of buildings alike
        edges_a = [self.obstacles.seg_a]
        edges_b = [self.obstacles.seg_b]
        half = [self.obstacles.seg_half_width]
        for poly in self.obstacles.polygons:
            p = np.asarray(poly, dtype=float)
            edges_a.append(p)
            edges_b.append(np.roll(p, -1, axis=0))
            half.append(np.zeros(len(p)))
        self._rep_a = np.vstack(edges_a)
        self._rep_b = np.vstack(edges_b)
        self._rep_half = np.concatenate(half)
        pts, seg = [], []
        for k, (a, b) in enumerate(zip(self._rep_a, self._rep_b, strict=True)):
            n = max(2, int(np.ceil(np.hypot(*(b - a)) / WALL_SAMPLE_STEP)) + 1)
            t = np.linspace(0, 1, n)[:, None]
            pts.append(a + (b - a) * t)
            seg.append(np.full(n, k))
        if pts:
            self._wall_tree = cKDTree(np.vstack(pts))
            self._wall_seg = np.concatenate(seg)
            # a coarse map of where a wall is within reach, to skip the tree query elsewhere
            edges = Obstacles(self._rep_a, self._rep_b, self._rep_half, [])
            self._near_cell = NEAR_GRID_CELL
            self._near = blocked_cells(
                self.width, self.height, NEAR_GRID_CELL, edges, margin=NEAR_REACH
            )

    def route_map(self, closed_gates: tuple[str, ...]) -> RouteMap:
        """Where squads can walk while these gates are shut (built once per combination)."""
        if closed_gates not in self._routes:
            extra = [self.gate_segments[g] for g in closed_gates]
            obstacles = Obstacles(
                seg_a=np.vstack([self.obstacles.seg_a] + [np.array([a]) for a, _ in extra]),
                seg_b=np.vstack([self.obstacles.seg_b] + [np.array([b]) for _, b in extra]),
                seg_half_width=np.concatenate(
                    [self.obstacles.seg_half_width, np.full(len(extra), 0.1)]
                ),
                polygons=self.obstacles.polygons,
            )
            self._routes[closed_gates] = RouteMap.build(self.width, self.height, obstacles)
        return self._routes[closed_gates]

    def inside_zone(self, name: str, pos: Points) -> np.ndarray:
        return inside_polygon(pos, self.zone_outlines[name])

    def inside_map(self, p: tuple[float, float]) -> bool:
        return 0 <= p[0] <= self.width and 0 <= p[1] <= self.height

    def building_at(self, p: tuple[float, float]) -> int | None:
        pt = np.asarray([p], dtype=float)
        for k, poly in enumerate(self.obstacles.polygons):
            if inside_polygon(pt, poly)[0]:
                return k
        return None

    def nearest_walls(self, pos: Points, reach: float) -> tuple[np.ndarray, Points, np.ndarray]:
        """For each position near a wall: its index, the closest wall point and the distance
        from the wall's surface (centre line minus half its thickness)."""
        if self._wall_tree is None or len(pos) == 0:
            empty = np.zeros(0, dtype=np.intp)
            return empty, np.zeros((0, 2)), np.zeros(0)
        rows, cols = self._near.shape
        ci = np.clip((pos[:, 0] / self._near_cell).astype(np.intp), 0, cols - 1)
        ri = np.clip((pos[:, 1] / self._near_cell).astype(np.intp), 0, rows - 1)
        maybe = np.flatnonzero(self._near[ri, ci])
        d, k = self._wall_tree.query(pos[maybe], k=1, distance_upper_bound=reach + WALL_SAMPLE_STEP)
        found = np.isfinite(d)
        near = maybe[found]
        k = k[found]
        seg = self._wall_seg[k]
        closest = closest_on_segments(pos[near], self._rep_a[seg], self._rep_b[seg])
        dist = np.hypot(*(pos[near] - closest).T) - self._rep_half[seg]
        return near, closest, dist

    def add_static_shapes(self, space: pymunk.Space) -> None:
        """Same shapes, same order, every rebuild: pymunk is only repeatable that way."""
        body = space.static_body
        shapes: list[pymunk.Shape] = []
        for a, b, hw in zip(
            self.obstacles.seg_a, self.obstacles.seg_b, self.obstacles.seg_half_width, strict=True
        ):
            # never thinner than 0.3 m to the solver, or a hard-pressed crowd seeps through
            shapes.append(pymunk.Segment(body, tuple(a), tuple(b), max(float(hw), 0.15)))
        for poly in self.obstacles.polygons:
            shapes.append(pymunk.Poly(body, poly))
        for s in shapes:
            s.friction = WALL_FRICTION
            s.filter = pymunk.ShapeFilter(categories=CAT_WALL, mask=CAT_PERSON)
        space.add(*shapes)


def level_digest(level: Level) -> str:
    return hashlib.sha256(level.model_dump_json().encode()).hexdigest()


_CACHE: OrderedDict[str, StaticWorld] = OrderedDict()


def build_static_world(level: Level) -> StaticWorld:
    """Cached by the level's content: floor fields take a moment and never change."""
    digest = level_digest(level)
    if digest in _CACHE:
        _CACHE.move_to_end(digest)
        return _CACHE[digest]
    world = _build(level)
    _CACHE[digest] = world
    while len(_CACHE) > 8:
        _CACHE.popitem(last=False)
    return world


def _build(level: Level) -> StaticWorld:
    seg_a, seg_b, half = [], [], []
    for wall in level.walls:
        for p, q in zip(wall.points, wall.points[1:], strict=False):
            seg_a.append(p)
            seg_b.append(q)
            half.append(wall.thickness / 2)
    obstacles = Obstacles(
        seg_a=np.asarray(seg_a, dtype=float).reshape(-1, 2),
        seg_b=np.asarray(seg_b, dtype=float).reshape(-1, 2),
        seg_half_width=np.asarray(half, dtype=float),
        polygons=[list(b.polygon) for b in level.buildings],
    )
    outlines = {z.name: z.outline() for z in level.zones}
    w, h = level.map.width, level.map.height
    # a field for every crowd goal and every exit (people disperse by the nearest exit)
    goals = sorted(walkable_goals(level))  # the zones an inject's change_group may name
    fields: dict[str, FloorField] = {}
    if goals:
        blocked = blocked_cells(w, h, grid_cell_size(w, h), obstacles)
        for goal in goals:
            fields[goal] = build_floor_field(w, h, obstacles, outlines[goal], blocked)
    return StaticWorld(
        width=w,
        height=h,
        obstacles=obstacles,
        zone_outlines=outlines,
        zone_kinds={z.name: z.kind for z in level.zones},
        zone_areas={name: polygon_area(o) for name, o in outlines.items()},
        fields=fields,
        gate_segments={g.name: (g.a, g.b) for g in level.gates},
    )
