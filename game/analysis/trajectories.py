"""Trajectories in the plain-text format PedPy reads (`load_trajectory_from_txt`).

Crowd analysts can then study any run with their own tools: columns `id frame x y z`,
whitespace separated, a `#` header that gives the frame rate and the unit (metres).
"""

from __future__ import annotations

import io
from typing import TextIO

import numpy as np

from game.sim.constants import TICK_RATE
from game.sim.simulation import Simulation


class TrajectoryWriter:
    def __init__(self, out: TextIO, sim: Simulation, fps: int = 10) -> None:
        if TICK_RATE % fps:
            raise ValueError(f"frame rate must divide {TICK_RATE}")
        self.out = out
        self.every = TICK_RATE // fps
        out.write(
            "# Sispamkota Trainer trajectory export\n"
            f"# description: level {sim.level.id}, seed {sim.seed}\n"
            f"# framerate: {fps}\n"
            "# unit: x/m, y/m, z/m (metres)\n"
            "# ID: person id; FR: frame; X, Y, Z: position\n"
            "#ID\tFR\tX\tY\tZ\n"
        )

    def observe(self, sim: Simulation) -> None:
        """Call after every step (and once before the first); writes every n-th tick."""
        if sim.tick % self.every:
            return
        crowd = sim.crowd_slots()
        if not len(crowd):
            return
        pos, _ = sim.read_state()
        frame = sim.tick // self.every
        rows = np.column_stack(
            [crowd, np.full(len(crowd), frame), pos[crowd], np.zeros(len(crowd))]
        )
        # one write and a flush per frame: a run killed at any moment leaves whole frames
        text = io.StringIO()
        np.savetxt(text, rows, fmt=("%d", "%d", "%.4f", "%.4f", "%.1f"), delimiter="\t")
        self.out.write(text.getvalue())
        self.out.flush()
