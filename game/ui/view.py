"""What the screen shows of one tick, copied out of the simulation as plain arrays.

The renderer draws only from these, blending two ticks for smooth motion; it can never
change the simulation ("every draw is the same for a given game time").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from game.sim.intel import tagged_mask
from game.sim.slots import CROWD, GATE, OFFICER

# mood classes for drawing a crowd member
CALM, AGITATED, ACTIVE, INJURED, SITTING, FALLEN = range(6)
MOODS = 6  # a crowd figure's look code is mood + MOODS * mark
OFFICER_CAT = 4 * MOODS  # ... and an officer's OFFICER_CAT + unit


@dataclass
class GateView:
    name: str
    a: tuple[float, float]
    b: tuple[float, float]
    state: str  # closed | open | broken
    leaf: tuple[tuple[float, float], tuple[float, float]] | None  # current leaf ends


@dataclass
class FrameView:
    tick: int
    slots: np.ndarray  # the slots shown (alive persons), sorted
    pos: np.ndarray  # (n, 2) metres
    radius: np.ndarray
    kind: np.ndarray  # CROWD, OFFICER, VIP
    role: np.ndarray  # crowd roles (game/sim/slots.py), -1 for others
    mood: np.ndarray  # CALM .. SITTING for crowd members
    squad: np.ndarray  # squad index for officers, -1 for others
    heading: np.ndarray  # (n, 2) the way an officer's squad faces (shields)
    gates: list[GateView] = field(default_factory=list)
    gas: list[tuple[float, float, float, float]] = field(default_factory=list)  # x, y, r, strength
    jets: list[tuple[float, float, float, float, float]] = field(default_factory=list)
    projectiles: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    fires: list[tuple[float, float]] = field(default_factory=list)
    # Sat Intelkam's suspects (a suspicion the trainee may act on, never the truth)
    tagged: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @staticmethod
    def capture(sim) -> FrameView:
        s = sim.slots
        pos, _ = sim.read_state()
        kind = s.view("kind")
        shown = np.flatnonzero(s.view("alive") & (kind != GATE))
        k = kind[shown]
        mood = np.full(len(shown), CALM, dtype=np.int8)
        mood[s.agitation[shown] >= 0.5] = AGITATED
        mood[s.active[shown]] = ACTIVE
        mood[s.sitting[shown]] = SITTING
        mood[s.fallen[shown]] = FALLEN  # down in a crush: may get up again
        mood[s.injured[shown]] = INJURED
        squad = np.where(k == OFFICER, s.group[shown], -1)
        heading = np.zeros((len(shown), 2))
        for i, sq in enumerate(sim.squads):
            heading[squad == i] = sq.formation.heading
        gates = []
        for g in sim.gates:
            leaf = None
            body = sim.bodies.of_slot[g.slot] if g.slot >= 0 else None
            if body is not None:
                shape = next(iter(body.shapes))
                a = body.local_to_world(shape.a)
                b = body.local_to_world(shape.b)
                leaf = ((a.x, a.y), (b.x, b.y))
            gates.append(GateView(g.name, g.a, g.b, g.state, leaf))
        hz = sim.hazards
        jets = []
        for j in hz.jets:
            squad_pos = pos[sim.squad(j.squad).members].mean(axis=0)
            jets.append((float(squad_pos[0]), float(squad_pos[1]), j.dx, j.dy, j.reach))
        t = sim.tick
        proj = np.array(
            [
                [
                    p.x0
                    + (p.x1 - p.x0) * min(1.0, (t - p.launched) / max(1, p.lands - p.launched)),
                    p.y0
                    + (p.y1 - p.y0) * min(1.0, (t - p.launched) / max(1, p.lands - p.launched)),
                ]
                for p in hz.projectiles
            ]
        ).reshape(-1, 2)
        return FrameView(
            tick=t,
            slots=shown,
            pos=pos[shown],
            radius=s.radius[shown].copy(),
            kind=k.copy(),
            role=np.where(k == CROWD, s.role[shown], -1),
            mood=mood,
            squad=squad,
            heading=heading,
            gates=gates,
            gas=[(g.x, g.y, g.radius(t, sim.dt), g.strength(t, sim.dt)) for g in hz.gas],
            jets=jets,
            projectiles=proj,
            fires=[(f.x, f.y) for f in hz.fires],
            tagged=tagged_mask(sim, shown),
        )

    def blend(self, newer: FrameView, alpha: float) -> FrameView:
        """Positions between this tick and the next; everything else from the newer one."""
        if alpha >= 1 or not len(newer.slots):
            return newer
        pos = newer.pos.copy()
        common, mine, theirs = np.intersect1d(self.slots, newer.slots, return_indices=True)
        pos[theirs] = self.pos[mine] + (newer.pos[theirs] - self.pos[mine]) * alpha
        return replace(newer, pos=pos)
