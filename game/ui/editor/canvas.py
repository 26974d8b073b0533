"""The editor's map: the view (metres <-> pixels, pan, zoom), the metre grid, snapping, and
every item of the level drawn where it is, the selection with its handles on top.

The level is read from the document as plain data (lists and dicts), so an item the loader
would refuse (a polygon of two points, a gate of length 0) is still drawn and can be fixed.
"""

from __future__ import annotations

import math
from typing import Any

import pygame

from game.ui.palette import FLAT_GROUND
from game.ui.render import ZONE_TINTS

Point = tuple[float, float]

MAP_BACKGROUND = (112, 120, 104)
OUTSIDE = (30, 34, 42)
GRID = (255, 255, 255, 36)
GRID_MAJOR = (255, 255, 255, 80)
LABEL = (230, 232, 236)
BUILDING = (196, 184, 164)
BUILDING_EDGE = (70, 60, 52)
WALL = (40, 40, 44)
FENCE = (70, 70, 78)
GATE = (214, 150, 40)
LINE = (250, 250, 120)
CROWD = (220, 60, 60)
SQUAD = (40, 80, 210)
PERSON = (250, 250, 250)
SELECTED = (255, 200, 40)
HANDLE = (255, 255, 255)
PREVIEW = (255, 240, 120)
MIN_SCALE, MAX_SCALE = 1.0, 200.0  # px per metre
GRID_STEPS = (0.5, 1, 2, 5, 10, 20, 50, 100)


class View:
    """Which part of the map the canvas shows: `origin` (metres) at the canvas's top-left
    corner, `scale` pixels per metre."""

    def __init__(self, rect: pygame.Rect) -> None:
        self.rect = pygame.Rect(rect)
        self.origin: Point = (0.0, 0.0)
        self.scale = 8.0

    def to_px(self, p: Any) -> tuple[float, float]:
        return (
            self.rect.x + (p[0] - self.origin[0]) * self.scale,
            self.rect.y + (p[1] - self.origin[1]) * self.scale,
        )

    def to_m(self, pos: Any) -> Point:
        return (
            self.origin[0] + (pos[0] - self.rect.x) / self.scale,
            self.origin[1] + (pos[1] - self.rect.y) / self.scale,
        )

    def fit(self, width: float, height: float, margin: int = 24) -> None:
        """The whole map in view, centred."""
        w, h = max(1, self.rect.w - 2 * margin), max(1, self.rect.h - 2 * margin)
        self.scale = max(MIN_SCALE, min(MAX_SCALE, min(w / width, h / height)))
        self.origin = (
            width / 2 - self.rect.w / 2 / self.scale,
            height / 2 - self.rect.h / 2 / self.scale,
        )

    def zoom_at(self, pos: Any, factor: float) -> None:
        """Zoom keeping the map point under `pos` where it is."""
        before = self.to_m(pos)
        self.scale = max(MIN_SCALE, min(MAX_SCALE, self.scale * factor))
        self.origin = (
            before[0] - (pos[0] - self.rect.x) / self.scale,
            before[1] - (pos[1] - self.rect.y) / self.scale,
        )

    def pan_pixels(self, dx: float, dy: float) -> None:
        self.origin = (self.origin[0] - dx / self.scale, self.origin[1] - dy / self.scale)

    def state(self) -> tuple[Point, float]:
        return self.origin, self.scale

    def grid_step(self) -> float:
        """The finest grid whose lines are at least 12 px apart."""
        return next((s for s in GRID_STEPS if s * self.scale >= 12), GRID_STEPS[-1])


# --- snapping ----------------------------------------------------------------------------


def snap(
    m: Point, view: View, points: list[Point], grid: bool, reach_px: float = 8
) -> Point:
    """An existing point within `reach_px` of `m` wins (walls meet exactly, a gate closes
    its fence); otherwise the grid's nearest crossing (half a metre when zoomed in)."""
    if not grid:
        return (round(m[0], 2), round(m[1], 2))
    reach = reach_px / view.scale
    best, best_d = None, reach
    for p in points:
        d = math.hypot(p[0] - m[0], p[1] - m[1])
        if d <= best_d:
            best, best_d = p, d
    if best is not None:
        return (float(best[0]), float(best[1]))
    step = 0.5 if view.scale >= 16 else 1.0
    return (round(m[0] / step) * step, round(m[1] / step) * step)


# --- geometry of an item (shared with the tools) -----------------------------------------


def outline(item: dict[str, Any]) -> list[Point]:
    """An area's corners: from its rect or its polygon."""
    rect = item.get("rect")
    if isinstance(rect, list) and len(rect) == 4 and all(_is_number(v) for v in rect):
        x, y, w, h = (float(v) for v in rect)
        return [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    poly = item.get("polygon")
    if isinstance(poly, list):
        return [_pt(p) for p in poly if _is_point(p)]
    return []


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def number(v: Any, default: float) -> float:
    """A value of the file as a number, or the default while it is not one (being fixed)."""
    return float(v) if _is_number(v) else default


def _is_point(p: Any) -> bool:
    return isinstance(p, list | tuple) and len(p) == 2 and all(
        isinstance(v, int | float) for v in p
    )


def _pt(p: Any) -> Point:
    return (float(p[0]), float(p[1]))


def item_points(kind: str, item: dict[str, Any]) -> list[Point]:
    """Every point of an item, for snapping and for drawing its handles."""
    if kind in ("ground", "zones", "buildings"):
        return outline(item)
    if kind == "walls":
        return [_pt(p) for p in item.get("points", []) if _is_point(p)]
    if kind in ("gates", "lines"):
        return [_pt(item[k]) for k in ("a", "b") if _is_point(item.get(k))]
    if kind == "squads":
        f = item.get("formation") or {}
        return [_pt(f[k]) for k in ("a", "b", "at") if _is_point(f.get(k))]
    if kind == "people" and _is_point(item.get("at")):
        return [_pt(item["at"])]
    return []


def crowd_zone(doc_zones: list[dict[str, Any]], group: dict[str, Any]) -> dict[str, Any] | None:
    """The spawn zone a crowd group arrives in (where the group is drawn)."""
    return next((z for z in doc_zones if z.get("name") == group.get("spawn")), None)


def centre(points: list[Point]) -> Point:
    if not points:
        return (0.0, 0.0)
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


# --- drawing ------------------------------------------------------------------------------


class Canvas:
    """Draws the document through a view. `items` is a snapshot of the lists by kind,
    taken by the scene when the document's version moves; `replaced` draws one item in a
    changed form (a drag in progress) instead of the document's."""

    def __init__(self, view: View) -> None:
        self.view = view
        if not pygame.font.get_init():
            pygame.font.init()
        self.font = pygame.font.Font(None, 16)
        self.label_font = pygame.font.Font(None, 18)
        self.background: pygame.Surface | None = None
        self.background_at: Point = (0.0, 0.0)
        self.background_mpp = 0.1
        self.background_opacity = 0.6
        self._scaled: tuple[float, pygame.Surface] | None = None

    def set_background(
        self, image: pygame.Surface | None, at: Point, mpp: float, opacity: float
    ) -> None:
        self.background = image
        self.background_at = at
        self.background_mpp = mpp
        self.background_opacity = opacity
        self._scaled = None

    def draw(
        self,
        surface: pygame.Surface,
        items: dict[str, list[dict[str, Any]]],
        map_size: Point,
        selected: tuple[str, int] | None,
        snapping: bool,
        replaced: tuple[str, int, dict[str, Any]] | None = None,
        language: str = "id",
    ) -> None:
        v = self.view
        clip = surface.get_clip()
        surface.set_clip(v.rect)
        surface.fill(OUTSIDE, v.rect)
        x0, y0 = v.to_px((0, 0))
        x1, y1 = v.to_px(map_size)
        pygame.draw.rect(surface, MAP_BACKGROUND, pygame.Rect(x0, y0, x1 - x0, y1 - y0))

        def get(kind: str) -> list[dict[str, Any]]:
            out = items.get(kind, [])
            if replaced is not None and replaced[0] == kind and replaced[1] < len(out):
                out = list(out)
                out[replaced[1]] = replaced[2]
            return out

        for g in get("ground"):
            self._area(surface, g, FLAT_GROUND.get(str(g.get("kind")), MAP_BACKGROUND), 255)
        self._draw_background(surface)
        self._grid(surface, map_size)
        for z in get("zones"):
            tint = ZONE_TINTS.get(str(z.get("kind")), (200, 200, 200))
            self._area(surface, z, tint, 70, edge=tint)
            self._corner_name(surface, z.get("name"), outline(z), tint)
        for b in get("buildings"):
            pts = [v.to_px(p) for p in outline(b)]
            if len(pts) >= 3:
                pygame.draw.polygon(surface, BUILDING, pts)
                pygame.draw.polygon(surface, BUILDING_EDGE, pts, 2)
            self._name(surface, _label(b, language), centre(outline(b)), (40, 30, 20), True)
        for w in get("walls"):
            pts = [v.to_px(p) for p in item_points("walls", w)]
            fence = w.get("kind") == "fence"
            width = max(2, min(40, round(number(w.get("thickness"), 0.2) * v.scale)))
            if len(pts) >= 2:
                pygame.draw.lines(surface, FENCE if fence else WALL, False, pts, width)
                if fence:
                    for p in pts:
                        pygame.draw.circle(surface, FENCE, p, max(2, width))
        for g in get("gates"):
            pts = [v.to_px(p) for p in item_points("gates", g)]
            if len(pts) == 2:
                pygame.draw.line(surface, GATE, pts[0], pts[1], max(4, round(0.4 * v.scale)))
                pygame.draw.circle(surface, GATE, pts[0], 5)  # the hinge
        for ln in get("lines"):
            pts = [v.to_px(p) for p in item_points("lines", ln)]
            if len(pts) == 2:
                _dashed(surface, LINE, pts[0], pts[1])
        zones = get("zones")
        stacked: dict[str, int] = {}  # groups arriving in the same zone: one under another
        for c in get("crowd"):
            zone = crowd_zone(zones, c)
            if zone is None:
                continue
            k = stacked.get(str(c.get("spawn")), 0)
            stacked[str(c.get("spawn"))] = k + 1
            self._crowd_mark(surface, centre(outline(zone)), c, k * 18)
        for s in get("squads"):
            self._squad(surface, s)
        for person in get("people"):
            if _is_point(person.get("at")):
                pygame.draw.circle(surface, PERSON, v.to_px(person["at"]), 6)
                pygame.draw.circle(surface, (0, 0, 0), v.to_px(person["at"]), 6, 1)
        if selected is not None:
            kind, index = selected
            lst = get(kind)
            if 0 <= index < len(lst):
                self._selection(surface, kind, lst[index], zones)
        surface.set_clip(clip)

    # --- pieces ---------------------------------------------------------------------------

    def _area(
        self,
        surface: pygame.Surface,
        item: dict[str, Any],
        colour: tuple[int, int, int],
        alpha: int,
        edge: tuple[int, int, int] | None = None,
    ) -> None:
        pts = [self.view.to_px(p) for p in outline(item)]
        if len(pts) < 3:
            if len(pts) == 2:
                pygame.draw.line(surface, edge or colour, pts[0], pts[1], 2)
            return
        if alpha >= 255:
            pygame.draw.polygon(surface, colour, pts)
        else:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            box = pygame.Rect(min(xs), min(ys), max(xs) - min(xs) + 1, max(ys) - min(ys) + 1)
            box = box.clip(self.view.rect)
            if box.w > 0 and box.h > 0:
                layer = pygame.Surface(box.size, pygame.SRCALPHA)
                pygame.draw.polygon(
                    layer, (*colour, alpha), [(x - box.x, y - box.y) for x, y in pts]
                )
                surface.blit(layer, box.topleft)
        if edge is not None:
            pygame.draw.polygon(surface, edge, pts, 1)

    def _grid(self, surface: pygame.Surface, map_size: Point) -> None:
        v = self.view
        step = v.grid_step()
        major = step * 5
        layer = pygame.Surface(v.rect.size, pygame.SRCALPHA)
        top_left, bottom_right = v.to_m(v.rect.topleft), v.to_m(v.rect.bottomright)
        for axis in (0, 1):
            lo = max(0.0, math.floor(top_left[axis] / step) * step)
            hi = min(map_size[axis], bottom_right[axis])
            k = round(lo / step)
            while k * step <= hi + 1e-9:
                m = k * step
                is_major = abs(m / major - round(m / major)) < 1e-6
                colour = GRID_MAJOR if is_major else GRID
                if axis == 0:
                    x = v.to_px((m, 0))[0] - v.rect.x
                    y_end = v.to_px((0, map_size[1]))[1] - v.rect.y
                    y_start = v.to_px((0, 0))[1] - v.rect.y
                    pygame.draw.line(layer, colour, (x, y_start), (x, y_end))
                else:
                    y = v.to_px((0, m))[1] - v.rect.y
                    x_end = v.to_px((map_size[0], 0))[0] - v.rect.x
                    x_start = v.to_px((0, 0))[0] - v.rect.x
                    pygame.draw.line(layer, colour, (x_start, y), (x_end, y))
                k += 1
        surface.blit(layer, v.rect.topleft)
        # metre labels along the top and the left edge of the canvas, on the major lines
        for axis in (0, 1):
            lo = max(0.0, math.floor(top_left[axis] / major) * major)
            hi = min(map_size[axis], bottom_right[axis])
            m = lo
            while m <= hi + 1e-9:
                text = self.font.render(f"{m:g} m", True, LABEL)
                pos: tuple[float, float] = (v.to_px((m, 0))[0] + 2, v.rect.y + 2)
                if axis == 1:
                    pos = (v.rect.x + 2, v.to_px((0, m))[1] + 2)
                surface.blit(text, pos)
                m += major

    def _draw_background(self, surface: pygame.Surface) -> None:
        if self.background is None:
            return
        v = self.view
        size = self.background.get_size()
        px_per_image_px = self.background_mpp * v.scale
        w, h = round(size[0] * px_per_image_px), round(size[1] * px_per_image_px)
        if w < 1 or h < 1 or w > 8000 or h > 8000:
            return
        if self._scaled is None or self._scaled[0] != v.scale:
            img = pygame.transform.smoothscale(self.background.convert_alpha(), (w, h))
            img.set_alpha(round(255 * max(0.0, min(1.0, self.background_opacity))))
            self._scaled = (v.scale, img)
        surface.blit(self._scaled[1], v.to_px(self.background_at))

    def _name(
        self,
        surface: pygame.Surface,
        text: Any,
        at: Point,
        colour: tuple[int, int, int],
        big: bool = False,
    ) -> None:
        if not text or self.view.scale < 4:
            return
        font = self.label_font if big else self.font
        img = font.render(str(text), True, colour)
        x, y = self.view.to_px(at)
        surface.blit(img, (x - img.get_width() / 2, y - img.get_height() / 2))

    def _corner_name(
        self, surface: pygame.Surface, text: Any, pts: list[Point], colour: tuple[int, int, int]
    ) -> None:
        """A zone's name inside its top-left corner: the middle is where its crowd stands."""
        if not text or not pts or self.view.scale < 4:
            return
        x = min(p[0] for p in pts)
        y = min(p[1] for p in pts)
        px, py = self.view.to_px((x, y))
        surface.blit(self.font.render(str(text), True, colour), (px + 3, py + 2))

    def _crowd_mark(
        self, surface: pygame.Surface, at: Point, group: dict[str, Any], below: int = 0
    ) -> None:
        x, y = self.view.to_px(at)
        y += below
        for dx, dy in ((-6, -4), (6, -4), (0, 5), (-10, 6), (10, 6)):
            pygame.draw.circle(surface, CROWD, (x + dx, y + dy), 4)
        text = self.font.render(str(group.get("count", "?")), True, (255, 255, 255))
        surface.blit(text, (x + 14, y - 6))

    def _squad(self, surface: pygame.Surface, squad: dict[str, Any]) -> None:
        v = self.view
        f = squad.get("formation") or {}
        if f.get("type") == "line" and _is_point(f.get("a")) and _is_point(f.get("b")):
            a, b = v.to_px(f["a"]), v.to_px(f["b"])
            pygame.draw.line(surface, SQUAD, a, b, max(4, round(0.8 * v.scale)))
            mid = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        elif _is_point(f.get("at")):
            mid = v.to_px(f["at"])
            size = 7 if f.get("type") == "wedge" else 6
            if f.get("type") == "wedge":
                pygame.draw.polygon(
                    surface,
                    SQUAD,
                    [(mid[0], mid[1] - size), (mid[0] + size, mid[1] + size),
                     (mid[0] - size, mid[1] + size)],
                )
            else:
                pygame.draw.rect(surface, SQUAD, pygame.Rect(mid[0] - 6, mid[1] - 9, 12, 18))
        else:
            return
        if _is_point(f.get("face")):
            face = v.to_px(f["face"])
            d = math.hypot(face[0] - mid[0], face[1] - mid[1])
            if d > 1:
                tip = (mid[0] + (face[0] - mid[0]) * 18 / d, mid[1] + (face[1] - mid[1]) * 18 / d)
                pygame.draw.line(surface, (200, 220, 255), mid, tip, 2)
        text = self.font.render(str(squad.get("officers", "?")), True, (255, 255, 255))
        surface.blit(text, (mid[0] + 10, mid[1] - 6))

    def _selection(
        self,
        surface: pygame.Surface,
        kind: str,
        item: dict[str, Any],
        zones: list[dict[str, Any]],
    ) -> None:
        v = self.view
        if kind == "crowd":
            zone = crowd_zone(zones, item)
            pts = [v.to_px(p) for p in outline(zone)] if zone else []
        else:
            pts = [v.to_px(p) for p in item_points(kind, item)]
        if kind in ("ground", "zones", "buildings", "crowd") and len(pts) >= 3:
            pygame.draw.polygon(surface, SELECTED, pts, 3)
        elif len(pts) >= 2:
            pygame.draw.lines(surface, SELECTED, False, pts, 3)
        elif len(pts) == 1:
            pygame.draw.circle(surface, SELECTED, pts[0], 11, 3)
        if kind == "crowd":
            return
        face = (item.get("formation") or {}).get("face") if kind == "squads" else None
        if _is_point(face):  # where the squad faces: a handle of its own, round
            pygame.draw.circle(surface, HANDLE, v.to_px(face), 6)
            pygame.draw.circle(surface, (0, 0, 0), v.to_px(face), 6, 1)
        for p in pts:
            box = pygame.Rect(0, 0, 9, 9)
            box.center = (round(p[0]), round(p[1]))
            pygame.draw.rect(surface, HANDLE, box)
            pygame.draw.rect(surface, (0, 0, 0), box, 1)

    def draw_preview(
        self, surface: pygame.Surface, points: list[Point], closed: bool, text: str = ""
    ) -> None:
        """What a tool is drawing: its points so far and the cursor, a distance."""
        v = self.view
        clip = surface.get_clip()
        surface.set_clip(v.rect)
        pts = [v.to_px(p) for p in points]
        if len(pts) >= 3 and closed:
            pygame.draw.polygon(surface, PREVIEW, pts, 2)
        elif len(pts) >= 2:
            pygame.draw.lines(surface, PREVIEW, False, pts, 2)
        for p in pts:
            pygame.draw.circle(surface, PREVIEW, p, 4)
        if text and pts:
            img = self.label_font.render(text, True, PREVIEW, (20, 20, 24))
            surface.blit(img, (pts[-1][0] + 12, pts[-1][1] + 10))
        surface.set_clip(clip)


def _label(item: dict[str, Any], language: str) -> str:
    label = item.get("label")
    if isinstance(label, dict):
        return str(label.get(language) or label.get("en") or "")
    return ""


def _dashed(surface: pygame.Surface, colour: Any, a: Point, b: Point, dash: float = 8) -> None:
    d = math.hypot(b[0] - a[0], b[1] - a[1])
    if d < 1:
        return
    n = max(1, int(d / dash))
    for k in range(0, n, 2):
        t0, t1 = k / n, min(1.0, (k + 1) / n)
        pygame.draw.line(
            surface,
            colour,
            (a[0] + (b[0] - a[0]) * t0, a[1] + (b[1] - a[1]) * t0),
            (a[0] + (b[0] - a[0]) * t1, a[1] + (b[1] - a[1]) * t1),
            2,
        )
