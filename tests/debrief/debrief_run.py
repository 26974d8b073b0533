"""A small fenced yard and a scripted trainee for the debrief tests: the crowd is talked to,
warned, pushed with batons, gassed without authorisation, and a provocateur is arrested."""

from __future__ import annotations

import numpy as np
from helpers import level_from

from game.level import Level
from game.sim import Simulation
from game.sim.orders import (
    Approach,
    Negotiate,
    OperateGate,
    RequestAuthorisation,
    UseForce,
    Withdraw,
)
from game.sim.slots import KORLAP, PROVOKATOR

YARD = """
id = "debrief_yard"
title = { id = "Halaman latihan evaluasi", en = "Debrief practice yard" }
seed = 3
map = { width = 60, height = 40 }
time_limit = 600

[[ground]]
kind = "road"
rect = [0, 0, 60, 16]
[[ground]]
kind = "courtyard"
rect = [0, 22, 60, 18]

[[buildings]]
name = "kantor"
polygon = [[20, 34], [40, 34], [40, 39], [20, 39]]
label = { id = "Kantor KPU", en = "KPU office" }

[[walls]]
name = "pagar_barat"
kind = "fence"
points = [[0, 22], [21.8, 22]]
[[walls]]
name = "pagar_timur"
kind = "fence"
points = [[38.2, 22], [50, 22]]
[[walls]]
name = "tembok"
kind = "wall"
points = [[53, 22], [60, 22]]
thickness = 0.3

[[gates]]
name = "pintu_samping"
a = [50, 22]
b = [53, 22]
break_force = 5000
mass = 60

[[zones]]
name = "jalan"
kind = "spawn"
rect = [15, 4, 30, 10]
[[zones]]
name = "halaman_kantor"
kind = "goal"
rect = [15, 30, 30, 3]
[[zones]]
name = "keluar_barat"
kind = "exit"
rect = [0, 0, 3, 40]
[[zones]]
name = "keluar_timur"
kind = "exit"
rect = [57, 0, 3, 20]
[[zones]]
name = "depan_pagar"
kind = "measure"
rect = [18, 15, 24, 6]

[[crowd]]
name = "massa"
count = 100
spawn = "jalan"
goal = "halaman_kantor"
agitation = 0.45
grievance = 0.35
legitimacy = 0.6
roles = { korlap = 1, provokator = 4, bystander = 3 }

[[objectives]]
type = "keep_zone_clear"
zone = "halaman_kantor"
max_people = 3

[[objectives]]
type = "arrest_provocateurs"
share = 0.25
label = { id = "Amankan provokator", en = "Arrest the provocateurs" }

[[squads]]
name = "dalmas_lanjut"
kind = "dalmas_lanjut"
officers = 24
formation = { type = "line", a = [22, 22.4], b = [38, 22.4], ranks = 2, face = [30, 0] }
label = { id = "Dalmas Lanjut Polres", en = "Shield line (Polres)" }
[[squads]]
name = "brimob"
kind = "brimob"
officers = 10
formation = { type = "line", a = [24, 29], b = [36, 29], ranks = 2, face = [30, 0] }
[[squads]]
name = "negosiator"
kind = "negotiator"
officers = 2
formation = { type = "column", at = [30, 25], face = [30, 0] }
label = { id = "Negosiator Polwan", en = "Negotiators (Polwan)" }
[[squads]]
name = "tim_reskrim"
kind = "reskrim"
officers = 4
formation = { type = "column", at = [18, 25], face = [30, 0] }
[[squads]]
name = "tim_medis"
kind = "medic"
officers = 2
formation = { type = "column", at = [50, 30], face = [30, 0] }
"""

SECONDS = 60


def yard() -> Level:
    return level_from(YARD)


def people(level: Level) -> tuple[int, int]:
    """The korlap's slot and a provocateur's (the crowd is placed at the start)."""
    sim = Simulation(level)
    roles = sim.slots.view("role")
    return int(np.flatnonzero(roles == KORLAP)[0]), int(np.flatnonzero(roles == PROVOKATOR)[0])


def yard_orders(level: Level) -> list:
    korlap, provocateur = people(level)
    s = 60
    return [
        Approach(tick=0, squad="negosiator", agent=korlap),
        OperateGate(tick=2 * s, gate="pintu_samping", action="open"),
        OperateGate(tick=4 * s, gate="pintu_samping", action="close"),
        UseForce(tick=12 * s, squad="negosiator", tool="baton"),  # refused: no batons
        Negotiate(tick=14 * s, squad="negosiator", move="listen"),
        Negotiate(tick=16 * s, squad="negosiator", move="explain_lawful_route"),
        UseForce(tick=18 * s, squad="dalmas_lanjut", tool="verbal", at=(30, 17)),
        UseForce(tick=20 * s, squad="dalmas_lanjut", tool="baton"),
        Negotiate(tick=21 * s, squad="negosiator", move="appeal_calm"),
        RequestAuthorisation(tick=22 * s),
        UseForce(tick=24 * s, squad="brimob", tool="tear_gas", at=(30, 12)),
        UseForce(tick=25 * s, squad="tim_reskrim", tool="soft_hand", agent=provocateur),
        Withdraw(tick=30 * s, squad="dalmas_lanjut", metres=1.5),
    ]
