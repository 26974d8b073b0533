"""The level package is plain data and checks: loading a level must not pull in the physics
engine, scipy or the simulation (they take a second to import and have no business in an
editor's validate run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import game.level.load
from game.level import load_level
load_level("levels/kpu_oku_timur.toml")
heavy = sorted(
    m for m in sys.modules
    if m.split(".")[0] in ("pymunk", "scipy") or m == "game.sim" or m.startswith("game.sim.")
)
print(" ".join(heavy))
"""


def test_loading_a_level_imports_neither_pymunk_nor_scipy_nor_the_simulation() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "", f"imported by the level package: {out.stdout.strip()}"


def test_the_doctrine_imports_nothing_of_the_simulation() -> None:
    probe = (
        "import sys, game.doctrine.units, game.doctrine.rulebook, game.doctrine.formations;"
        "game.doctrine.rulebook.force_tools(); game.doctrine.rulebook.negotiation_moves();"
        "print(' '.join(m for m in sys.modules if m.split('.')[0] in ('pymunk', 'scipy')"
        " or m.startswith('game.sim')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
