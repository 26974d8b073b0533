"""Things in the air and on the ground: tear gas clouds, water jets, thrown objects, fires.

Each is a small plain record (there are a handful at a time, not thousands), carried whole
in the snapshot. Their effect on people is computed for everyone at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

GAS_START_RADIUS = 3.0  # m
GAS_GROWTH = 0.25  # m/s
GAS_MAX_RADIUS = 9.0  # m
GAS_LIFETIME = 60.0  # s
JET_HALF_ANGLE = np.radians(9)
JET_PUSH = 900.0  # N on each person in the jet's path
JET_SOAK = 20.0  # s a soaked person stays wet
JET_COOLING = 0.15  # agitation lost per second in the jet
THROW_SPEED = 12.0  # m/s
FIRE_LIFETIME = 120.0  # s


@dataclass
class GasCloud:
    x: float
    y: float
    born: int  # tick
    squad: str

    def radius(self, tick: int, dt: float) -> float:
        return min(GAS_MAX_RADIUS, GAS_START_RADIUS + GAS_GROWTH * (tick - self.born) * dt)

    def strength(self, tick: int, dt: float) -> float:
        return float(np.exp(-(tick - self.born) * dt / (GAS_LIFETIME / 3)))


@dataclass
class WaterJet:
    squad: str
    dx: float  # unit direction
    dy: float
    until: int  # tick
    reach: float


@dataclass
class Projectile:
    x0: float
    y0: float
    x1: float
    y1: float
    launched: int
    lands: int
    thrower: int  # slot


@dataclass
class Fire:
    x: float
    y: float
    until: int
    lit_by: int  # slot


HAZARD_TYPES = {"gas": GasCloud, "jets": WaterJet, "projectiles": Projectile, "fires": Fire}


@dataclass
class Hazards:
    gas: list[GasCloud]
    jets: list[WaterJet]
    projectiles: list[Projectile]
    fires: list[Fire]

    @staticmethod
    def empty() -> Hazards:
        return Hazards([], [], [], [])

    def to_json(self) -> dict[str, Any]:
        return {k: [asdict(h) for h in getattr(self, k)] for k in HAZARD_TYPES}

    @staticmethod
    def from_json(d: dict[str, Any]) -> Hazards:
        return Hazards(*[[cls(**h) for h in d[k]] for k, cls in HAZARD_TYPES.items()])

    def expire(self, tick: int, dt: float) -> None:
        self.gas = [g for g in self.gas if (tick - g.born) * dt < GAS_LIFETIME]
        self.jets = [j for j in self.jets if j.until > tick]
        self.fires = [f for f in self.fires if f.until > tick]

    def gas_exposure(self, pos: np.ndarray, tick: int, dt: float) -> np.ndarray:
        """Concentration 0..1 at each position (the strongest cloud counts)."""
        out = np.zeros(len(pos))
        for g in self.gas:
            r = g.radius(tick, dt)
            d = np.hypot(pos[:, 0] - g.x, pos[:, 1] - g.y)
            out = np.maximum(out, g.strength(tick, dt) * np.clip(1.2 - d / r, 0, 1))
        return np.minimum(out, 1.0)

    def drift(self, wind: tuple[float, float], dt: float) -> None:
        for g in self.gas:
            g.x += wind[0] * dt
            g.y += wind[1] * dt


def in_jet(pos: np.ndarray, origin: np.ndarray, jet: WaterJet) -> np.ndarray:
    """Who stands in the jet's cone within its reach."""
    rel = pos - origin
    along = rel[:, 0] * jet.dx + rel[:, 1] * jet.dy
    across = np.abs(rel[:, 0] * jet.dy - rel[:, 1] * jet.dx)
    return (along > 0.5) & (along < jet.reach) & (across < np.tan(JET_HALF_ANGLE) * along + 0.5)
