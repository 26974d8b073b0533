"""What the mouse does on the editor's map: one tool at a time, each a small state machine.

The scene turns events into metres (snapped or not) and calls press / motion / release /
finish / cancel. A tool edits the document only when its gesture is complete (a drag is
released, a polygon closed), so every gesture is exactly one undo step; while it is under
way `preview` holds the item as it would become and `points` what has been clicked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from game.editor.document import ItemRef, LevelDocument
from game.ui.editor.canvas import Point, centre, crowd_zone, item_points, outline

TOOLS = (
    "select", "ground", "building", "wall", "fence", "gate", "zone", "line", "crowd",
    "squad", "person", "measure", "calibrate",
)
GROUND_KINDS = ("courtyard", "road", "pavement", "grass", "parking", "dirt")
ZONE_KINDS = ("spawn", "goal", "exit", "deploy", "measure")
SQUAD_KINDS = (
    "dalmas_awal", "dalmas_lanjut", "brimob", "tni", "negotiator", "kapolres", "reskrim",
    "water_cannon", "medic", "intel",
)
OFFICERS = {"negotiator": 2, "kapolres": 1, "water_cannon": 3, "medic": 4, "intel": 4}
OPTIONS: dict[str, tuple[str, ...]] = {
    "ground": GROUND_KINDS, "zone": ZONE_KINDS, "squad": SQUAD_KINDS,
}
SHAPED = ("ground", "zone")  # tools that draw a rect or a polygon, as the instructor picks
MIN_SIZE = 0.5  # m: a smaller rect or line is a slip of the hand, not an item
GATE_FORCE = 8000.0  # N: a sturdy steel gate; the panel changes it

Path_ = tuple[str | int, ...]


class Tools:
    """The active tool and its gesture so far. `reach` is how near (in metres) a click
    must be to an item or a handle to take it: a few pixels at the current zoom."""

    def __init__(self, doc: LevelDocument) -> None:
        self.doc = doc
        self.tool = "select"
        self.options: dict[str, str] = {k: v[0] for k, v in OPTIONS.items()}
        self.shape: dict[str, str] = {k: "rect" for k in SHAPED}
        self.selected: ItemRef | None = None
        self.reach = 0.6
        self.points: list[Point] = []  # clicked so far: a polygon, a wall, a gate's hinge
        self.cursor: Point | None = None
        self.down: Point | None = None  # where the button went down (a drag from there)
        self.start: Point | None = None  # the same, kept past the release for the drop
        self.grab: tuple[ItemRef, Path_ | None, int] | None = None  # item, handle, corner
        self.preview: tuple[str, int, dict[str, Any]] | None = None
        self.distance: float | None = None  # the measure tool's last reading
        self.on_calibrate: Callable[[Point, Point], None] | None = None  # two picks done
        self.on_pick: Callable[[Point], None] | None = None  # the panel asked for a point

    # --- the tool -------------------------------------------------------------------------

    def use(self, tool: str) -> None:
        self.cancel()
        self.tool = tool

    @property
    def option(self) -> str:
        return self.options.get(self.tool, "")

    @property
    def busy(self) -> bool:
        """A gesture is under way (Esc cancels it rather than leaving the editor)."""
        return bool(self.points) or self.down is not None or self.on_pick is not None

    def cancel(self) -> None:
        self.points = []
        self.down = None
        self.grab = None
        self.preview = None
        self.on_pick = None

    def hint(self) -> str:
        """The catalog key of what to do next (the status line says it)."""
        if self.on_pick is not None:
            return "editor.hint.pick"
        if self.tool == "select":
            return "editor.hint.select_next" if self.selected else "editor.hint.select_first"
        stage = "next" if self.points else "first"
        if self.tool in SHAPED:
            return f"editor.hint.{self.tool}_{self.shape[self.tool]}_{stage}"
        return f"editor.hint.{self.tool}_{stage}"

    # --- events (metres) ------------------------------------------------------------------

    def press(self, raw: Point, at: Point) -> None:
        self.cursor = at
        if self.on_pick is not None:
            pick, self.on_pick = self.on_pick, None
            pick(at)
            return
        self.down = self.start = at
        if self.tool == "select":
            self._grab(raw)

    def motion(self, raw: Point, at: Point) -> None:
        self.cursor = at
        if self.down is None:
            return
        if self.tool == "select" and self.grab is not None:
            self._drag_preview(at)
        elif self.tool == "measure":
            self.distance = _dist(self.down, at)

    def release(self, raw: Point, at: Point) -> None:
        self.cursor = at
        start, self.down = self.down, None
        if start is None:
            return
        dragged = _dist(start, at) >= max(MIN_SIZE, self.reach)
        t = self.tool
        if t == "select":
            self._drop(at)
        elif t == "measure":
            self.distance = _dist(start, at)
        elif t == "calibrate":
            self._click(at)
        elif t in SHAPED and self.shape[t] == "rect" or t == "crowd":
            if dragged:
                self._rect_done(start, at)
        elif dragged and not self.points and t in ("building", "gate", "line", "squad"):
            self._drag_done(start, at)
        else:
            self._click(at)

    def finish(self) -> None:
        """Enter or a right click: the polygon or wall drawn so far is done."""
        t = self.tool
        if t in ("wall", "fence") and len(self.points) >= 2:
            self._add_wall()
        elif self._polygon_tool() and len(self.points) >= 3:
            self._add_polygon()
        else:
            self.points = []

    def duplicate(self) -> bool:
        """A copy of the selected item 2 m down and right, under a name of its own, selected
        (a second building, squad or group like the first without drawing it again)."""
        ref = self.selected
        if ref is None:
            return False
        item = self.doc.item(ref)
        copy = moved_item(item, 2.0, 2.0) if ref.kind != "crowd" else dict(item)
        if isinstance(item.get("name"), str):
            base = re.sub(r"_\d+$", "", item["name"]) or ref.kind
            copy["name"] = self._name(base, ref.kind)
        self.selected = self.doc.add(ref.kind, copy)
        return True

    def delete(self) -> bool:
        """Delete the selected item (one undo step)."""
        if self.selected is None:
            return False
        self.doc.remove(self.selected)
        self.selected = None
        return True

    # --- select, move, handles ------------------------------------------------------------

    def _grab(self, m: Point) -> None:
        if self.selected is not None:
            handle = self.handle_at(self.selected, m)
            if handle is not None:
                self.grab = (self.selected, handle[0], handle[1])
                return
        self.selected = self.hit(m)
        self.grab = (self.selected, None, -1) if self.selected is not None else None

    def edit_points(self, raw: Point, at: Point) -> bool:
        """A right click on the selected polygon or wall: on a corner removes it (while
        enough are left), on an edge adds one there, to drag next. True when it did."""
        ref = self.selected
        if ref is None or ref.kind not in ("ground", "zones", "buildings", "walls"):
            return False
        item = self.doc.item(ref)
        key = "points" if ref.kind == "walls" else "polygon"
        pts = item_points(ref.kind, item) if ref.kind == "walls" else []
        if key == "polygon":
            if not isinstance(item.get("polygon"), list):
                return False
            pts = outline(item)
        fewest = 2 if key == "points" else 3
        for k, p in enumerate(pts):
            if _dist(p, raw) <= self.reach:
                if len(pts) <= fewest:
                    return False
                self.doc.remove_point(ref, (key,), k)
                return True
        edges = list(zip(pts, pts[1:], strict=False))
        if key == "polygon":
            edges.append((pts[-1], pts[0]))
        for k, (p, q) in enumerate(edges):
            if _seg_dist(raw, p, q) <= self.reach:
                self.doc.insert_point(ref, (key,), k + 1, at)
                return True
        return False

    def handles(self, ref: ItemRef) -> list[tuple[Path_, int, Point]]:
        """The selected item's draggable points: (path, rect corner or -1, where)."""
        item = self.doc.item(ref)
        kind = ref.kind
        if kind in ("ground", "zones") and item.get("rect") is not None:
            return [(("rect",), k, p) for k, p in enumerate(outline(item))]
        if kind in ("ground", "zones", "buildings"):
            return [(("polygon", k), -1, p) for k, p in enumerate(outline(item))]
        if kind == "walls":
            return [(("points", k), -1, p) for k, p in enumerate(item_points(kind, item))]
        if kind in ("gates", "lines"):
            ends = zip(("a", "b"), item_points(kind, item), strict=False)
            return [((k,), -1, p) for k, p in ends]
        if kind == "squads":
            f = item.get("formation") or {}
            keys = [k for k in ("a", "b", "at", "face") if isinstance(f.get(k), list)]
            return [(("formation", k), -1, tuple(f[k])) for k in keys]  # type: ignore[misc]
        if kind == "people" and isinstance(item.get("at"), list):
            return [(("at",), -1, tuple(item["at"]))]  # type: ignore[list-item]
        return []

    def handle_at(self, ref: ItemRef, m: Point) -> tuple[Path_, int] | None:
        for path, corner, p in self.handles(ref):
            if _dist(p, m) <= self.reach:
                return path, corner
        return None

    def hit(self, m: Point) -> ItemRef | None:
        """The topmost item under `m`: small things first, big areas last."""
        r = self.reach
        zones = self.doc.items("zones")
        for kind in ("people", "squads"):
            for i, it in reversed(list(enumerate(self.doc.items(kind)))):
                pts = item_points(kind, it)
                if len(pts) == 2 and kind == "squads" and _seg_dist(m, *pts) <= r * 1.5:
                    return ItemRef(kind, i)
                if any(_dist(p, m) <= r * 2 for p in pts):
                    return ItemRef(kind, i)
        for i, c in reversed(list(enumerate(self.doc.items("crowd")))):
            zone = crowd_zone(zones, c)
            if zone is not None and _dist(centre(outline(zone)), m) <= r * 2.5:
                return ItemRef("crowd", i)
        for kind in ("gates", "lines", "walls"):
            for i, it in reversed(list(enumerate(self.doc.items(kind)))):
                pts = item_points(kind, it)
                if any(_seg_dist(m, a, b) <= r for a, b in zip(pts, pts[1:], strict=False)):
                    return ItemRef(kind, i)
        for kind in ("buildings", "zones", "ground"):
            for i, it in reversed(list(enumerate(self.doc.items(kind)))):
                if _inside(m, outline(it)):
                    return ItemRef(kind, i)
        return None

    def _moved_ref(self, ref: ItemRef) -> ItemRef | None:
        """What a drag moves: a crowd group moves with its spawn zone."""
        if ref.kind != "crowd":
            return ref
        spawn = self.doc.item(ref).get("spawn")
        names = self.doc.names("zones")
        return ItemRef("zones", names.index(spawn)) if spawn in names else None

    def _drag_preview(self, at: Point) -> None:
        assert self.grab is not None and self.down is not None
        ref, path, corner = self.grab
        if path is None:
            moved = self._moved_ref(ref)
            if moved is None:
                return
            dx, dy = at[0] - self.down[0], at[1] - self.down[1]
            self.preview = (moved.kind, moved.index, moved_item(self.doc.item(moved), dx, dy))
            return
        item = self.doc.item(ref)
        if path == ("rect",):
            item["rect"] = resized_rect(item["rect"], corner, at)
        else:
            _set_in(item, path, [at[0], at[1]])
        self.preview = (ref.kind, ref.index, item)

    def _drop(self, at: Point) -> None:
        grab, self.grab, self.preview = self.grab, None, None
        if grab is None:
            return
        ref, path, corner = grab
        start = self.start
        if start is None or _dist(start, at) < 1e-9:
            return
        if path is None:
            moved = self._moved_ref(ref)
            if moved is not None:
                self.doc.translate(moved, at[0] - start[0], at[1] - start[1])
        elif path == ("rect",):
            rect = self.doc.item(ref)["rect"]
            self.doc.set_field(ref, ("rect",), resized_rect(rect, corner, at))
        else:
            self.doc.set_point(ref, path, at)

    # --- drawing new items ----------------------------------------------------------------

    def _polygon_tool(self) -> bool:
        t = self.tool
        return t == "building" or (t in SHAPED and self.shape[t] == "polygon")

    def _click(self, at: Point) -> None:
        t = self.tool
        if t == "calibrate":
            self.points.append(at)
            if len(self.points) == 2:
                a, b = self.points
                self.points = []
                if self.on_calibrate is not None:
                    self.on_calibrate(a, b)
            return
        if t == "squad":
            self._add_squad({"type": "column", "at": [at[0], at[1]]})
            return
        if t == "person":  # someone to protect (the PPK chair): named by role in the panel
            value = {"name": self._name("orang", "people"), "label": {"id": "", "en": ""},
                     "at": [at[0], at[1]]}
            self.selected = self.doc.add("people", value)
            return
        if t in ("gate", "line"):
            if self.points and _dist(self.points[0], at) >= MIN_SIZE:
                self._drag_done(self.points[0], at)
                self.points = []
            elif not self.points:
                self.points = [at]
            return
        if t in ("wall", "fence"):
            if self.points and _dist(self.points[-1], at) < self.reach:
                self.finish()  # a second click on the last point ends the wall
            else:
                self.points.append(at)
            return
        if self._polygon_tool():
            if len(self.points) >= 3 and _dist(self.points[0], at) < self.reach:
                self._add_polygon()  # back on the first point closes it
            elif not self.points or _dist(self.points[-1], at) >= self.reach:
                self.points.append(at)

    def _rect_done(self, a: Point, b: Point) -> None:
        x, y = min(a[0], b[0]), min(a[1], b[1])
        w, h = abs(a[0] - b[0]), abs(a[1] - b[1])
        if w < MIN_SIZE or h < MIN_SIZE:
            return
        rect = [x, y, w, h]
        t = self.tool
        if t == "ground":
            self.selected = self.doc.add("ground", {"kind": self.option, "rect": rect})
        elif t == "zone":
            kind = self.option
            value = {"name": self._name(kind), "kind": kind, "rect": rect}
            self.selected = self.doc.add("zones", value)
        elif t == "crowd":
            self._add_crowd(rect)

    def _drag_done(self, a: Point, b: Point) -> None:
        t = self.tool
        pa, pb = [a[0], a[1]], [b[0], b[1]]
        if t == "building":
            x0, x1 = sorted((a[0], b[0]))
            y0, y1 = sorted((a[1], b[1]))
            if x1 - x0 < MIN_SIZE or y1 - y0 < MIN_SIZE:
                return
            self.points = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
            self._add_polygon()
        elif t == "gate":
            value = {"name": self._name("gerbang", "gates"), "a": pa, "b": pb,
                     "break_force": GATE_FORCE}
            with self.doc.step("add"):
                self._open_fence(a, b)
                self.selected = self.doc.add("gates", value)
        elif t == "line":
            value = {"name": self._name("garis", "lines"), "a": pa, "b": pb}
            self.selected = self.doc.add("lines", value)
        elif t == "squad":
            self._add_squad({"type": "line", "a": pa, "b": pb, "ranks": 1})

    def _open_fence(self, a: Point, b: Point) -> None:
        """A gate drawn along a wall or fence closes a gap in it: the wall is cut at the
        gate's ends (one wall each side), so nobody walks through the gate's leaf."""
        for i, wall in enumerate(self.doc.items("walls")):
            pts = item_points("walls", wall)
            for k, (p, q) in enumerate(zip(pts, pts[1:], strict=False)):
                if _seg_dist(a, p, q) > self.reach or _seg_dist(b, p, q) > self.reach:
                    continue
                near, far = (a, b) if _dist(p, a) <= _dist(p, b) else (b, a)
                before = [*pts[: k + 1], near]
                after = [far, *pts[k + 1 :]]
                ref = ItemRef("walls", i)
                first = dict(wall, points=[[x, y] for x, y in before])
                self.doc.replace(ref, first)
                if _dist(after[0], after[1]) >= MIN_SIZE / 5 and len(after) >= 2:
                    second = dict(wall, name=self._name(str(wall.get("name", "pagar")), "walls"),
                                  points=[[x, y] for x, y in after])
                    self.doc.add("walls", second)
                return

    def _add_polygon(self) -> None:
        pts = [[p[0], p[1]] for p in self.points]
        self.points = []
        t = self.tool
        if t == "building":
            value: dict[str, Any] = {"name": self._name("gedung", "buildings"), "polygon": pts}
            self.selected = self.doc.add("buildings", value)
        elif t == "ground":
            self.selected = self.doc.add("ground", {"kind": self.option, "polygon": pts})
        elif t == "zone":
            kind = self.option
            value = {"name": self._name(kind), "kind": kind, "polygon": pts}
            self.selected = self.doc.add("zones", value)

    def _add_wall(self) -> None:
        pts = [[p[0], p[1]] for p in self.points]
        self.points = []
        fence = self.tool == "fence"
        value = {
            "name": self._name("pagar" if fence else "tembok", "walls"),
            "kind": "fence" if fence else "wall",
            "points": pts,
            "thickness": 0.15 if fence else 0.3,
        }
        self.selected = self.doc.add("walls", value)

    def _add_crowd(self, rect: list[float]) -> None:
        """A spawn zone and the group arriving in it, one undo step; the goal is the first
        goal zone (else exit zone) of the level, changed in the panel."""
        zones = self.doc.items("zones")
        goal = next((z["name"] for z in zones if z.get("kind") == "goal"), None)
        goal = goal or next((z["name"] for z in zones if z.get("kind") == "exit"), "")
        spawn = self._name("spawn")
        group = {"name": self._name("massa", "crowd"), "count": 50, "spawn": spawn,
                 "goal": goal, "spawn_rate": 5}
        with self.doc.step("add"):
            self.doc.add("zones", {"name": spawn, "kind": "spawn", "rect": rect})
            self.selected = self.doc.add("crowd", group)

    def _add_squad(self, formation: dict[str, Any]) -> None:
        kind = self.option
        value = {"name": self._name(kind, "squads"), "kind": kind,
                 "officers": OFFICERS.get(kind, 20), "formation": formation}
        self.selected = self.doc.add("squads", value)

    def _name(self, base: str, kind: str = "zones") -> str:
        """A name not yet taken in that list: spawn_1, spawn_2, ..."""
        taken = set(self.doc.names(kind))
        n = 1
        while f"{base}_{n}" in taken:
            n += 1
        return f"{base}_{n}"


# --- geometry helpers ---------------------------------------------------------------------


def resized_rect(rect: list[float], corner: int, at: Point) -> list[float]:
    """The rect with one corner (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left)
    dragged to `at`, the opposite corner staying; never inside out."""
    x, y, w, h = (float(v) for v in rect)
    corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
    fixed = corners[(corner + 2) % 4]
    x0, x1 = sorted((fixed[0], at[0]))
    y0, y1 = sorted((fixed[1], at[1]))
    return [x0, y0, max(MIN_SIZE, x1 - x0), max(MIN_SIZE, y1 - y0)]


def moved_item(item: dict[str, Any], dx: float, dy: float) -> dict[str, Any]:
    """A copy of the item with every point of its shape moved (for the drag's preview)."""
    out = dict(item)

    def mv(p: Any) -> list[float]:
        return [p[0] + dx, p[1] + dy]

    if isinstance(out.get("rect"), list):
        r = out["rect"]
        out["rect"] = [r[0] + dx, r[1] + dy, r[2], r[3]]
    for key in ("polygon", "points"):
        if isinstance(out.get(key), list):
            out[key] = [mv(p) for p in out[key]]
    for key in ("a", "b", "at"):
        if isinstance(out.get(key), list):
            out[key] = mv(out[key])
    if isinstance(out.get("formation"), dict):
        f = dict(out["formation"])
        for key in ("a", "b", "at", "face"):
            if isinstance(f.get(key), list):
                f[key] = mv(f[key])
        out["formation"] = f
    return out


def _set_in(item: dict[str, Any], path: Path_, value: Any) -> None:
    obj: Any = item
    for p in path[:-1]:
        obj = obj[p]
    obj[path[-1]] = value


def _dist(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def _seg_dist(p: Point, a: Point, b: Point) -> float:
    ax, ay = b[0] - a[0], b[1] - a[1]
    length = ax * ax + ay * ay
    t = 0.0
    if length > 0:
        t = max(0.0, min(1.0, ((p[0] - a[0]) * ax + (p[1] - a[1]) * ay) / length))
    return _dist(p, (a[0] + t * ax, a[1] + t * ay))


def _inside(p: Point, poly: list[Point]) -> bool:
    inside = False
    n = len(poly)
    for i in range(n):
        (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % n]
        if (y1 > p[1]) != (y2 > p[1]):
            x = x1 + (p[1] - y1) * (x2 - x1) / (y2 - y1)
            if p[0] < x:
                inside = not inside
    return inside
