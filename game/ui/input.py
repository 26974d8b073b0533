"""Mouse and keys on the map, turned into the same Orders a headless run uses.

Left click selects a squad (shift adds), left drag draws a selection box; right click sends
the selected squads there, right drag draws a cordon they spread along. Number keys recall
squad groups (Ctrl+number stores one). A tool or a move armed from the panel takes the
next left click as its target. Reads only events, so tests can post them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pygame

from game.doctrine.units import HAND_OVERS, UNIT_KINDS, Relief, cordon_length_needed
from game.sim import orders as O
from game.sim.slots import CROWD, KORLAP, OFFICER, VIP
from game.ui.camera import Camera

CLICK_PIXELS = 6  # a press and release closer than this is a click, not a drag
PICK_METRES = 1.5  # how close to an officer a click must land to pick the squad
PERSON_TOOLS = ("soft_hand", "hard_hand", "rubber_rounds")


# the doctrine's reliefs seen from the squad that makes one: its kind -> (relief, relieved)
RELIEF_OF: dict[str, tuple[Relief, str]] = {
    incoming: (relief, outgoing) for relief, (incoming, outgoing) in HAND_OVERS.items()
}
SNAP_SHORT = 0.1  # a line drawn up to this share short of what the squad needs is stretched


def _stretched(p0: np.ndarray, p1: np.ndarray, need: float) -> tuple[np.ndarray, np.ndarray]:
    """A line drawn a hand's width short (the mouse moves in 10 cm steps at full zoom) is
    stretched about its middle to the length the squad needs; a line much too short is
    left for the simulation to refuse, saying how long it must be."""
    length = float(np.hypot(*(p1 - p0)))
    if length <= 0 or length >= need or length < need * (1 - SNAP_SHORT):
        return p0, p1
    mid, half = (
        (p0 + p1) / 2,
        (p1 - p0) / length * (need / 2 + 0.01),
    )  # past the 1 cm rounding of orders
    return mid - half, mid + half


# the panel buttons that reshape a squad
_SHAPES: dict[str, Literal["line", "column", "wedge"]] = {
    "line": "line",
    "column": "column",
    "wedge": "wedge",
}


@dataclass
class CommandInput:
    sim: Any
    camera: Camera
    selected: list[int] = field(default_factory=list)  # squad indices
    groups: dict[int, list[int]] = field(default_factory=dict)
    ranks: Literal[1, 2] = 1
    armed: str | None = None  # "move" or "tool:<name>" waiting for a click
    deploying: bool = False  # before the clock starts: squads are placed, not walked
    drag_from: tuple[int, int] | None = None
    drag_button: int = 0
    drag_to: tuple[int, int] | None = None
    happened: list[str] = field(default_factory=list)  # what the trainee did (tutorial)
    # why a click or key gave no order (catalog keys the play screen says on the radio):
    # an order that cannot even be written must still say why
    notices: list[str] = field(default_factory=list)

    # --- geometry helpers ----------------------------------------------------------------

    def _officers(self) -> tuple[np.ndarray, np.ndarray]:
        pos, _ = self.sim.positions()
        s = self.sim.slots
        members = np.asarray(
            np.concatenate([sq.members for sq in self.sim.squads]) if self.sim.squads else [],
            dtype=np.intp,
        )
        alive = s.alive[members] if len(members) else np.zeros(0, bool)
        return members[alive], pos[members[alive]]

    def squad_at(self, world: np.ndarray) -> int | None:
        members, pos = self._officers()
        if not len(members):
            return None
        d = np.hypot(*(pos - world).T)
        k = int(np.argmin(d))
        return int(self.sim.slots.group[members[k]]) if d[k] <= PICK_METRES else None

    def person_at(self, world: np.ndarray, kinds=(CROWD,)) -> int | None:
        pos, _ = self.sim.positions()
        s = self.sim.slots
        cand = np.flatnonzero(s.view("alive") & np.isin(s.view("kind"), kinds))
        if not len(cand):
            return None
        d = np.hypot(*(pos[cand] - world).T)
        k = int(np.argmin(d))
        return int(cand[k]) if d[k] <= PICK_METRES else None

    def _korlaps(self) -> np.ndarray:
        return np.flatnonzero(self.sim.free_crowd_mask() & (self.sim.slots.view("role") == KORLAP))

    def nearest_korlap(self, squad: int) -> int | None:
        pos, _ = self.sim.positions()
        korlap = self._korlaps()
        if not len(korlap):
            return None
        here = pos[self.sim.squads[squad].members].mean(axis=0)
        return int(korlap[np.argmin(np.hypot(*(pos[korlap] - here).T))])

    def in_box(self, a, b) -> list[int]:
        """Squads with any officer inside the screen rectangle a–b."""
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        members, pos = self._officers()
        px = self.camera.to_screen(pos) if len(pos) else np.zeros((0, 2))
        inside = ((px >= lo) & (px <= hi)).all(axis=1)
        return sorted({int(self.sim.slots.group[m]) for m in members[inside]})

    # --- events -------------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event, tick: int) -> list[Any]:
        """Orders this event makes (the scene submits them, or queues them under a go code)."""
        if event.type == pygame.MOUSEBUTTONDOWN and event.button in (1, 3):
            self.drag_from = event.pos
            self.drag_to = event.pos
            self.drag_button = event.button
            return []
        if event.type == pygame.MOUSEMOTION and self.drag_from is not None:
            self.drag_to = event.pos
            return []
        if event.type == pygame.MOUSEBUTTONUP and event.button == self.drag_button:
            start, end = self.drag_from, event.pos
            self.drag_from = self.drag_to = None
            if start is None:
                return []
            moved = np.hypot(end[0] - start[0], end[1] - start[1]) >= CLICK_PIXELS
            shift = bool(pygame.key.get_mods() & pygame.KMOD_SHIFT) or getattr(
                event, "shift", False
            )
            if event.button == 1:
                if moved:
                    return self._box(start, end, shift)
                return self._left_click(np.asarray(end, float), tick, shift)
            if moved:
                return self._cordon(start, end, tick)
            return self._send(self.camera.to_world(end), tick)
        if event.type == pygame.KEYDOWN:
            return self._key(event, tick)
        return []

    def _box(self, start, end, shift: bool) -> list[Any]:
        found = self.in_box(np.asarray(start, float), np.asarray(end, float))
        self.selected = sorted(set(self.selected) | set(found)) if shift else found
        self.happened.append("box_select")
        return []

    def _left_click(self, px: np.ndarray, tick: int, shift: bool) -> list[Any]:
        world = self.camera.to_world(px)
        if self.armed:
            armed, self.armed = self.armed, None
            if armed == "move":
                return self._send(world, tick)
            return self._use_tool(armed.removeprefix("tool:"), world, tick)
        squad = self.squad_at(world)
        if squad is None:
            if not shift:
                self.selected = []
            return []
        if shift:
            self.selected = sorted(set(self.selected) ^ {squad})
        else:
            self.selected = [squad]
        self.happened.append(f"select_squad:{self.sim.squads[squad].name}")
        return []

    def injured_at(self, world: np.ndarray) -> int | None:
        """Someone lying injured (of the crowd, an officer or a VIP) under the click."""
        agent = self.person_at(world, kinds=(CROWD, OFFICER, VIP))
        if agent is None or not self.sim.slots.injured[agent]:
            return None
        return agent

    def nearest_casualty(self, squad: int) -> int | None:
        """The person lying injured nearest the squad whom no other squad is fetching."""
        s = self.sim.slots
        pos, _ = self.sim.positions()
        fetched = {
            q.task["agent"] for q in self.sim.squads if q.task and q.task["type"] == "evacuate"
        }
        lying = np.flatnonzero(
            s.view("alive")
            & s.view("injured")
            & ~s.view("arrested")
            & np.isin(s.view("kind"), (CROWD, OFFICER, VIP))
        )
        lying = np.array([a for a in lying.tolist() if a not in fetched], dtype=np.intp)
        if not len(lying):
            return None
        here = pos[self.sim.squads[squad].members].mean(axis=0)
        return int(lying[np.argmin(np.hypot(*(pos[lying] - here).T))])

    def korlap_at(self, world: np.ndarray) -> int | None:
        """The korlap (the flag on a pole) nearest the click, if within reach of it: with
        two crowds the trainee chooses whose korlap the negotiator or the Kapolres meets."""
        pos, _ = self.sim.positions()
        korlap = self._korlaps()
        if not len(korlap):
            return None
        d = np.hypot(*(pos[korlap] - world).T)
        k = int(np.argmin(d))
        return int(korlap[k]) if d[k] <= PICK_METRES else None

    def _send(self, world: np.ndarray, tick: int) -> list[Any]:
        """Selected squads walk to the point, side by side across the way they face; medics
        sent onto someone lying injured fetch that person and carry them out; negotiators
        and the Kapolres sent onto a korlap walk up to that korlap to talk; Sat Intelkam sent
        onto the crowd goes there to observe it."""
        if not self.selected:
            return []
        out: list[Any] = []
        casualty = None if self.deploying else self.injured_at(world)
        korlap = None if self.deploying else self.korlap_at(world)
        crowd = None if self.deploying else self.person_at(world)
        n = len(self.selected)
        for i, idx in enumerate(self.selected):
            sq = self.sim.squads[idx]
            if casualty is not None and UNIT_KINDS[sq.kind].evacuates:
                out.append(O.Evacuate(tick=tick, squad=sq.name, agent=casualty))
                self.happened.append(f"evacuate:{sq.name}")
                continue
            if korlap is not None and UNIT_KINDS[sq.kind].talks:
                out.append(O.Approach(tick=tick, squad=sq.name, agent=korlap))
                self.happened.append(f"approach:{sq.name}")
                continue
            side = np.array([-sq.formation.heading[1], sq.formation.heading[0]])
            offset = (i - (n - 1) / 2) * max(4.0, sq.formation.width + 1.0)
            to = world + side * offset
            p = (round(float(to[0]), 2), round(float(to[1]), 2))
            if self.deploying:
                out.append(O.Deploy(tick=tick, squad=sq.name, at=p))
            elif crowd is not None and UNIT_KINDS[sq.kind].observes:
                out.append(O.Observe(tick=tick, squad=sq.name, at=p))
                self.happened.append(f"observe:{sq.name}")
                continue
            else:
                out.append(O.Move(tick=tick, squad=sq.name, to=p))
            self.happened.append(f"move:{sq.name}")
        return out

    def _cordon(self, start, end, tick: int) -> list[Any]:
        """The drawn line is shared among the selected squads by their numbers."""
        if not self.selected:
            return []
        a = self.camera.to_world(start)
        b = self.camera.to_world(end)
        sizes = np.array([len(self.sim.squads[i].members) for i in self.selected], dtype=float)
        cuts = np.concatenate([[0.0], np.cumsum(sizes) / sizes.sum()])
        out: list[Any] = []
        for k, idx in enumerate(self.selected):
            sq = self.sim.squads[idx]
            p0 = a + (b - a) * cuts[k]
            p1 = a + (b - a) * cuts[k + 1]
            p0, p1 = _stretched(p0, p1, cordon_length_needed(sq.kind, len(sq.members), self.ranks))
            pa = (round(float(p0[0]), 2), round(float(p0[1]), 2))
            pb = (round(float(p1[0]), 2), round(float(p1[1]), 2))
            if self.deploying:
                out.append(O.Deploy(tick=tick, squad=sq.name, a=pa, b=pb, ranks=self.ranks))
            else:
                out.append(O.FormCordon(tick=tick, squad=sq.name, a=pa, b=pb, ranks=self.ranks))
            self.happened.append(f"cordon:{sq.name}")
        return out

    def _use_tool(self, tool: str, world: np.ndarray, tick: int) -> list[Any]:
        if not self.selected:
            return []
        name = self.sim.squads[self.selected[0]].name
        if tool in PERSON_TOOLS:
            agent = self.person_at(world)
            if agent is None:  # still armed: the next click may find the person
                self.armed = f"tool:{tool}"
                self.notices.append("panel.notice.click_a_person")
                return []
            order = O.UseForce(tick=tick, squad=name, tool=tool, agent=agent)
        else:
            order = O.UseForce(
                tick=tick,
                squad=name,
                tool=tool,
                at=(round(float(world[0]), 2), round(float(world[1]), 2)),
            )
        self.happened.append(f"use_force:{tool}")
        return [order]

    def _key(self, event: pygame.event.Event, tick: int) -> list[Any]:
        key = event.key
        ctrl = bool(event.mod & pygame.KMOD_CTRL)
        if pygame.K_1 <= key <= pygame.K_9:
            n = key - pygame.K_0
            if ctrl:
                self.groups[n] = list(self.selected)
            elif n in self.groups:
                self.selected = list(self.groups[n])
            elif n - 1 < len(self.sim.squads):  # no group stored: the n-th squad
                self.selected = [n - 1]
                self.happened.append(f"select_squad:{self.sim.squads[n - 1].name}")
            return []
        return self.command(_KEYS.get(key, ""), tick)

    def command(self, name: str, tick: int) -> list[Any]:
        """The panel's buttons and their keyboard shortcuts end here."""
        squads = [self.sim.squads[i] for i in self.selected]
        if name == "hold":
            return [O.Hold(tick=tick, squad=s.name) for s in squads]
        if name in ("advance", "withdraw"):
            cls = O.Advance if name == "advance" else O.Withdraw
            return [cls(tick=tick, squad=s.name, metres=5.0) for s in squads]
        if (shape := _SHAPES.get(name)) is not None:
            return [
                O.ChangeFormation(tick=tick, squad=s.name, formation=shape, ranks=self.ranks)
                for s in squads
            ]
        if name == "ranks":
            self.ranks = 2 if self.ranks == 1 else 1
            return []
        if name == "move":
            self.armed = "move"
            return []
        if name == "evacuate":  # the medics fetch the nearest casualty no one is fetching
            out: list[Any] = []
            for i in self.selected:
                sq = self.sim.squads[i]
                if not UNIT_KINDS[sq.kind].evacuates:
                    continue
                casualty = self.nearest_casualty(i)
                if casualty is None:
                    self.notices.append("panel.notice.no_casualty")
                    break
                out.append(O.Evacuate(tick=tick, squad=sq.name, agent=casualty))
                self.happened.append(f"evacuate:{sq.name}")
            return out
        if name == "approach":
            out = []
            for i in self.selected:
                korlap = self.nearest_korlap(i)
                if korlap is not None:
                    out.append(O.Approach(tick=tick, squad=self.sim.squads[i].name, agent=korlap))
                    self.happened.append(f"approach:{self.sim.squads[i].name}")
                else:
                    self.notices.append("panel.notice.no_korlap")
            return out
        if name.startswith("tool:"):
            tool = name.removeprefix("tool:")
            if tool in ("presence", "verbal", "baton"):  # where the squad stands
                if not squads:
                    return []
                self.happened.append(f"use_force:{tool}")
                return [O.UseForce(tick=tick, squad=squads[0].name, tool=tool)]
            self.armed = name
            return []
        if name == "hand_over":
            return self._hand_over(squads, tick)
        if name == "observe":  # Sat Intelkam watches the crowd from where it stands
            watchers = [s for s in squads if s.unit.observes]
            self.happened += [f"observe:{s.name}" for s in watchers]
            return [O.Observe(tick=tick, squad=s.name) for s in watchers]
        if name == "authorise":  # the Kapolres asks the Kapolda; no squad needed
            self.happened.append("request_authorisation")
            return [O.RequestAuthorisation(tick=tick)]
        if name == "cancel":
            self.armed = None
        return []

    def hand_over_kind(self, idx: int) -> str | None:
        """Which relief this squad makes: lapis ganti for a shield line, lintas ganti for
        Brimob (the simulation says when it is not allowed yet)."""
        return RELIEF_OF.get(self.sim.squads[idx].kind, (None, ""))[0]

    def _hand_over(self, squads: list[Any], tick: int) -> list[Any]:
        """Each selected squad that can relieve another takes over from the nearest squad
        of the kind it relieves (Dalmas Awal for lapis ganti, Dalmas Lanjut for lintas)."""
        pos, _ = self.sim.positions()
        out: list[Any] = []
        for sq in squads:
            kind, relieved = RELIEF_OF.get(sq.kind, (None, ""))
            others = [q for q in self.sim.squads if q.kind == relieved and q is not sq]
            if kind is None or not others:
                continue
            here = pos[sq.members].mean(axis=0)
            near = min(others, key=lambda q: float(np.hypot(*(pos[q.members].mean(0) - here))))
            out.append(O.HandOver(tick=tick, squad=sq.name, relieves=near.name, kind=kind))
            self.happened.append(f"hand_over:{sq.name}")
        return out

    def negotiate(self, move: str, tick: int) -> list[Any]:
        talkers = [self.sim.squads[i] for i in self.selected if self.sim.squads[i].unit.talks]
        if not talkers:
            return []
        self.happened.append(f"negotiate:{move}")
        return [O.Negotiate(tick=tick, squad=talkers[0].name, move=move)]


_KEYS = {
    pygame.K_h: "hold",
    pygame.K_w: "advance",
    pygame.K_s: "withdraw",
    pygame.K_l: "line",
    pygame.K_k: "column",
    pygame.K_v: "wedge",
    pygame.K_r: "ranks",
    pygame.K_m: "move",
    pygame.K_n: "approach",
    pygame.K_i: "authorise",
    pygame.K_o: "hand_over",
    pygame.K_e: "evacuate",
    pygame.K_p: "observe",
    pygame.K_ESCAPE: "cancel",
}
SHORTCUTS = {
    "hold": "H",
    "advance": "W",
    "withdraw": "S",
    "line": "L",
    "column": "K",
    "wedge": "V",
    "ranks": "R",
    "move": "M",
    "approach": "N",
    "authorise": "I",
    "hand_over": "O",
    "evacuate": "E",
    "observe": "P",
    "cancel": "Esc",
    "legend": "B",  # the map's legend (game/ui/legend.py), on the play screen and briefing
}
