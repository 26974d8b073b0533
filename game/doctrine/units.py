"""What each kind of squad brings: body, strength and equipment.

Doctrine (Perkap 16/2006): Dalmas Awal hold the rope line without special equipment; Dalmas
Lanjut carry shields and batons; PHH Brimob is the riot company with gas and arrest teams;
TNI soldiers support. Negotiators (Sat Binmas, Polwan) and the Kapolres talk to the korlap;
Sat Reskrim's action team makes arrests; medics (Dokkes) evacuate the injured; the water
cannon is a vehicle. Sat Intelkam's officers go among the crowd in plain clothes: they carry
no tools of force, form no line, the crowd does not see them as police, and they observe.
The holding force is what one braced officer (and a shield) can resist before giving ground.
"""

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class UnitKind:
    mass: float  # kg, body plus equipment (or the vehicle)
    radius: float  # m; a shield makes the body wider
    hold_force: float  # N, the most an officer's legs push back toward the slot
    walk_speed: float  # m/s when moving to a new formation
    shielded: bool
    rank_gap: float  # m between the two ranks of a cordon
    tools: tuple[str, ...]  # force tools (game/doctrine/rules/force.toml) and other abilities
    talks: bool = False  # may negotiate with a korlap
    evacuates: bool = False
    support: bool = False  # walks through police lines (they open for it)
    observes: bool = False  # may be ordered to observe the crowd (game/sim/intel.py)
    plain_clothes: bool = False  # not seen as police by the crowd; forms no cordon


_LINE = ("presence", "verbal")
UNIT_KINDS: dict[str, UnitKind] = {
    "dalmas_awal": UnitKind(85.0, 0.26, 1400.0, 1.3, False, 0.7, _LINE),
    "dalmas_lanjut": UnitKind(
        95.0, 0.30, 2000.0, 1.2, True, 0.75, (*_LINE, "soft_hand", "hard_hand", "baton")
    ),
    "brimob": UnitKind(
        100.0,
        0.30,
        2200.0,
        1.3,
        True,
        0.75,
        (*_LINE, "hard_hand", "baton", "tear_gas", "rubber_rounds"),
    ),
    "tni": UnitKind(90.0, 0.27, 1800.0, 1.3, False, 0.7, _LINE),
    "negotiator": UnitKind(75.0, 0.24, 600.0, 1.3, False, 0.7, _LINE, talks=True, support=True),
    "kapolres": UnitKind(85.0, 0.25, 800.0, 1.3, False, 0.7, _LINE, talks=True, support=True),
    "reskrim": UnitKind(
        85.0, 0.26, 1500.0, 1.6, False, 0.7, ("soft_hand", "hard_hand"), support=True
    ),
    "medic": UnitKind(80.0, 0.26, 800.0, 1.5, False, 0.7, (), evacuates=True, support=True),
    "water_cannon": UnitKind(9000.0, 1.3, 60000.0, 1.5, False, 3.0, ("water_cannon",)),
    "intel": UnitKind(
        75.0, 0.24, 600.0, 1.4, False, 0.7, (), support=True, observes=True, plain_clothes=True
    ),
}


# the two reliefs of a line (Perkap 16/2006): kind -> (the squad kind that comes in, the
# kind it relieves, which falls back behind it)
Relief = Literal["lapis_ganti", "lintas_ganti"]
HAND_OVERS: dict[Relief, tuple[str, str]] = {
    "lapis_ganti": ("dalmas_lanjut", "dalmas_awal"),
    "lintas_ganti": ("brimob", "dalmas_lanjut"),
}


def cordon_length_needed(kind: str, officers: int, ranks: int) -> float:
    """Metres of line a squad needs to stand shoulder to shoulder in `ranks` ranks.

    The one rule both the level checker and the cordon order use.
    """
    per_rank = -(-officers // ranks)
    return per_rank * 2 * UNIT_KINDS[kind].radius
