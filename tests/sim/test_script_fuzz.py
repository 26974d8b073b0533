"""Random scripts on the scripted test level: whatever triggers an instructor writes, the
loader accepts them or names the problem, and a run never crashes on them. Every condition
and every action is drawn with extreme values, in random combinations and orders."""

from __future__ import annotations

import random

import tomli_w

from game.level import LevelError, parse_level
from game.sim import Simulation
from tests.helpers import level_text

BASE = level_text("test/scripted.toml")
BASE = BASE[: BASE.index("[[triggers]]")]  # the site, crowd and squads, without a script

ZONES = ["street", "yard", "before_gate", "yard_east", "exit_west"]
POINTS = [[0, 0], [60, 40], [30, 14], [59.9, 0.1], [57, 36]]


def _condition(r: random.Random) -> dict:
    pick = r.choice(
        [
            lambda: {
                "type": "time",
                "after": r.choice([0, 0.01, 1, 299.9]),
                "in_phase": r.random() < 0.5,
            },
            lambda: {
                "type": "people_in_zone",
                "zone": r.choice(ZONES),
                r.choice(["above", "below"]): r.choice([0, 1, 20000]),
            },
            lambda: {
                "type": "mood",
                "measure": r.choice(["agitation", "active_share", "legitimacy"]),
                r.choice(["above", "below"]): r.choice([0, 0.5, 1]),
            },
            lambda: {"type": "mood", "group": "susulan", "below": 1},
            lambda: {"type": "gate_broken"},
            lambda: {"type": "negotiated", "speaker": "kapolres"},
            lambda: {"type": "force_used", "stage_at_least": r.choice([1, 6])},
            lambda: {
                "type": "objective",
                "objective": "bebaskan",
                "state": r.choice(["met", "failed"]),
            },
            lambda: {
                "type": "injuries",
                "side": r.choice(["crowd", "police", "any"]),
                "above": r.choice([0, 20000]),
            },
            lambda: {
                "type": "unit_in_zone",
                "squad": r.choice(["dalmas", "brimob"]),
                "zone": r.choice(ZONES),
                "share": r.choice([0, 1]),
            },
            lambda: {
                "type": "colour",
                "colour": r.choice(["hijau", "merah"]),
                "at_least": r.random() < 0.5,
            },
            lambda: {"type": "hostage", "person": "ketua", "held": r.random() < 0.5},
            lambda: {"type": "crowd_gone", "share": r.choice([0, 1])},
            lambda: {"type": "fired", "trigger": "t0"},
        ]
    )
    return pick()


def _action(r: random.Random) -> dict:
    pick = r.choice(
        [
            lambda: {"type": "spawn_group", "group": "susulan"},
            lambda: {
                "type": "change_group",
                "group": r.choice(["massa", "susulan"]),
                "goal": r.choice(["exit_west", "yard"]),
                "agitation": r.choice([0, 1]),
                "provokator": r.choice([0, 30]),
            },
            lambda: {"type": "change_group", "group": "massa", "legitimacy": 0, "grievance": 1},
            lambda: {
                "type": "take_hostage",
                "person": "ketua",
                "group": r.choice(["massa", "susulan"]),
            },
            lambda: {
                "type": "start_fire",
                "at": r.choice(POINTS),
                "seconds": r.choice([0.01, 7200]),
            },
            lambda: {"type": "put_out_fire"},
            lambda: {
                "type": "put_out_fire",
                "at": r.choice(POINTS),
                "radius": r.choice([0.001, 1000]),
            },
            lambda: {"type": "set_gate", "gate": "gate", "state": r.choice(["open", "closed"])},
            lambda: {"type": "radio", "text": {"id": "x" * r.choice([1, 2000]), "en": "y"}},
            lambda: {"type": "set_phase", "phase": r.choice(["damai", "memanas"])},
            lambda: {"type": "set_colour", "colour": r.choice(["hijau", "kuning", "merah"])},
            lambda: {"type": "authorise", "granted": r.random() < 0.5},
            lambda: {"type": "reinforce", "squad": "brimob", "enter": r.choice(POINTS)},
            lambda: {
                "type": "set_objective",
                "objective": "bebaskan",
                "state": r.choice(["active", "met", "failed"]),
            },
            lambda: {"type": "end_level", "result": r.choice(["won", "lost"])},
        ]
    )
    return pick()


def _script(r: random.Random) -> str:
    triggers = []
    for k in range(r.randint(1, 5)):
        trig = {
            "name": f"t{k}",
            "when": [_condition(r) for _ in range(r.randint(1, 3))],
            "match": r.choice(["all", "any"]),
            "do": [_action(r) for _ in range(r.randint(1, 4))],
            "once": r.random() < 0.7,
            "repeat": r.choice([0, 0.5, 10]),
            "delay": r.choice([0, 0, 0.02, 2]),
        }
        if r.random() < 0.2:
            trig["phase"] = r.choice(["damai", "memanas"])
        triggers.append(trig)
    # always bring in what is on cue, so the level is valid more often than not
    triggers.append(
        {
            "name": "cues",
            "when": [{"type": "time", "after": 1}],
            "do": [
                {"type": "spawn_group", "group": "susulan"},
                {"type": "reinforce", "squad": "brimob", "enter": [57, 36]},
            ],
        }
    )
    return BASE + "\n" + tomli_w.dumps({"triggers": triggers})


def test_random_scripts_load_or_are_refused_and_never_crash_a_run():
    r = random.Random(20240826)
    ran = refused = 0
    for _ in range(40):
        text = _script(r)
        try:
            level = parse_level(text, "<fuzz>")
        except LevelError as err:
            assert str(err).startswith("<fuzz>: ")
            refused += 1
            continue
        sim = Simulation(level)
        for _ in range(330):  # the cues at 1 s, the time-0 triggers at once, a rebuild at 5 s
            sim.step()
        sim.snapshot()
        ran += 1
    assert ran + refused == 40 and ran >= 30
