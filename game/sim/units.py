"""What each kind of squad brings to the line: body, strength and equipment.

Doctrine (Perkap 16/2006): Dalmas Awal hold the rope line without special equipment; Dalmas
Lanjut carry shields and batons; PHH Brimob is the riot company; TNI soldiers support.
The holding force is what one braced officer (and a shield) can resist before giving ground.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class UnitKind:
    mass: float  # kg, body plus equipment
    radius: float  # m; a shield makes the body wider
    hold_force: float  # N, the most an officer's legs push back toward the slot
    walk_speed: float  # m/s when moving to a new formation
    shielded: bool
    rank_gap: float  # m between the two ranks of a cordon


UNIT_KINDS: dict[str, UnitKind] = {
    "dalmas_awal": UnitKind(85.0, 0.26, 1400.0, 1.3, False, 0.7),
    "dalmas_lanjut": UnitKind(95.0, 0.30, 2000.0, 1.2, True, 0.75),
    "brimob": UnitKind(100.0, 0.30, 2200.0, 1.3, True, 0.75),
    "tni": UnitKind(90.0, 0.27, 1800.0, 1.3, False, 0.7),
}

# The slot controller: a stiff spring-damper toward the slot, capped at hold_force.
SLOT_STIFFNESS = 3000.0  # N/m
SLOT_DAMPING = 600.0  # N·s/m


def cordon_length_needed(kind: str, officers: int, ranks: int) -> float:
    """Metres of line a squad needs to stand shoulder to shoulder in `ranks` ranks.

    The one rule both the level checker and the cordon order use.
    """
    per_rank = -(-officers // ranks)
    return per_rank * 2 * UNIT_KINDS[kind].radius
