"""A squad's formation as part of the run's state: its shape, centre and heading.

Where each officer stands in it is the doctrine's (game/doctrine/formations.py); which
officer takes which spot is decided by the squad.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.doctrine.formations import layout
from game.sim.geometry import Points


@dataclass(frozen=True)
class Formation:
    shape: str  # "line" | "column" | "wedge"
    centre: tuple[float, float]
    heading: tuple[float, float]  # unit vector toward the front
    width: float = 0.0  # line only: length of the front
    ranks: int = 1

    def to_json(self) -> dict[str, object]:
        return {
            "shape": self.shape,
            "centre": list(self.centre),
            "heading": list(self.heading),
            "width": self.width,
            "ranks": self.ranks,
        }

    @staticmethod
    def from_json(d: dict) -> Formation:
        return Formation(
            str(d["shape"]),
            (float(d["centre"][0]), float(d["centre"][1])),
            (float(d["heading"][0]), float(d["heading"][1])),
            float(d["width"]),
            int(d["ranks"]),
        )

    def moved(
        self, centre: tuple[float, float], heading: tuple[float, float] | None = None
    ) -> Formation:
        return Formation(self.shape, centre, heading or self.heading, self.width, self.ranks)

    def slots(self, n: int, rank_gap: float) -> Points:
        return layout(self.shape, self.centre, self.heading, n, self.width, self.ranks, rank_gap)
