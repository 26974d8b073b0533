"""Sat Intelkam: plain-clothes officers who watch the crowd and name the suspects.

The trainee cannot tell a provocateur by looking: the doctrine's answer is intelligence. A
squad ordered to observe watches everyone within OBSERVE_RANGE of any of its standing
officers (they stand among the crowd, so no line of sight is needed). Each half second a
watched person spends inciting (an active provocateur stirs those around) or throwing adds
to their suspicion; at TAG_SUSPICION the squad tags them and says so on the radio. Watchers
make mistakes: with the chance the level gives (`intel_error`), the officer tags the
bystander standing next to the real one instead. A tag is a suspicion, not the truth: an
arrest is still judged by who the person really is (game/sim/tasks.py).

All of it is plain data in `IntelState`, captured whole in the snapshot and the state hash.
The generator is drawn only when a tag is made, so a level without an observing squad runs
exactly as it did before this module existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from game.doctrine.units import UNIT_KINDS
from game.sim.events import Event
from game.sim.slots import OFFICER, PROVOKATOR

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

OBSERVE_RANGE = 25.0  # m from the nearest watching officer
TAG_SUSPICION = 3.0  # seconds of inciting seen (a throw counts THROW_SUSPICION) to tag
THROW_SUSPICION = 1.0  # what one throw seen adds
FADE = 0.2  # suspicion lost per second while a suspect is seen doing nothing
MISTAKE_RADIUS = 3.0  # m: how far from the real one a mistaken tag may land
DEFAULT_ERROR = 0.1  # chance a tag lands on the wrong person, unless the level says


@dataclass
class IntelState:
    """Who watches, how suspicious each person looks, and who is tagged: slot -> (the
    squad that tagged them, the tick)."""

    watching: list[str] = field(default_factory=list)  # squad names, in the order given
    suspicion: dict[int, float] = field(default_factory=dict)
    tags: dict[int, tuple[str, int]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "watching": list(self.watching),
            "suspicion": [[k, self.suspicion[k]] for k in sorted(self.suspicion)],
            "tags": [[k, *self.tags[k]] for k in sorted(self.tags)],
        }

    @staticmethod
    def from_json(d: dict[str, Any]) -> IntelState:
        return IntelState(
            watching=[str(n) for n in d["watching"]],
            suspicion={int(k): float(v) for k, v in d["suspicion"]},
            tags={int(k): (str(sq), int(t)) for k, sq, t in d["tags"]},
        )


def start(sim: Simulation, squad: str) -> None:
    if squad not in sim.intel.watching:
        sim.intel.watching.append(squad)


def stop(sim: Simulation, squad: str) -> None:
    """The squad was given something else to do: it no longer watches."""
    if squad in sim.intel.watching:
        sim.intel.watching.remove(squad)


def error_of(sim: Simulation, squad: str) -> float:
    """The level's chance that this squad tags the wrong person."""
    spec = next((q for q in sim.level.squads if q.name == squad), None)
    if spec is None or spec.intel_error is None:
        return DEFAULT_ERROR
    return float(spec.intel_error)


def uniformed(sim: Simulation) -> np.ndarray:
    """Officers the crowd sees as police (plain clothes are not): for the crowd's sense of
    the risk of arrest and for whom it throws at."""
    s = sim.slots
    plain = np.array([UNIT_KINDS[q.kind].plain_clothes for q in sim.squads] + [False])
    officer = s.mask(OFFICER)
    group = np.where(officer, s.view("group"), -1)
    return officer & ~plain[group]


def update(sim: Simulation, dt: float, events: list[Event]) -> None:
    """Twice a second, after the throwing: watch, suspect, tag."""
    st = sim.intel
    s = sim.slots
    for slot in [k for k in st.tags if not s.alive[k]]:  # arrested, carried off, gone
        del st.tags[slot]
    if not st.watching:
        return
    pos, _ = sim.positions()
    crowd = np.flatnonzero(sim.free_crowd_mask())
    if not len(crowd):
        return
    watcher = np.full(len(crowd), -1, dtype=np.intp)  # index into st.watching
    for k, name in enumerate(st.watching):
        squad = sim.find_squad(name)
        if squad is None:
            continue
        members = squad.members[s.alive[squad.members] & ~s.injured[squad.members]]
        if not len(members):
            continue
        rel = pos[crowd][:, None, :] - pos[members][None, :, :]
        near = np.hypot(rel[..., 0], rel[..., 1]).min(axis=1) <= OBSERVE_RANGE
        watcher[near & (watcher < 0)] = k
    tagged = np.isin(crowd, list(st.tags))  # already named: nothing more to learn
    seen = (watcher >= 0) & ~tagged
    inciting = s.active[crowd] & (s.role[crowd] == PROVOKATOR)
    # thrown in this half second: by the throwing just before (at this tick), or at an
    # instructor's `provoke` since the last look
    since = round(dt / sim.dt)
    throw_at = s.throw_tick[crowd]
    threw = (throw_at >= 0) & (throw_at > sim.tick - since)
    gain = np.where(seen, inciting * dt + threw * THROW_SUSPICION, 0.0)
    index = {int(c): i for i, c in enumerate(crowd.tolist())}
    for slot in sorted(set(st.suspicion) | {int(c) for c in crowd[gain > 0]}):
        i = index.get(slot)
        if i is None:  # down, arrested or gone: no longer watched
            st.suspicion.pop(slot, None)
            continue
        value = st.suspicion.get(slot, 0.0)
        value = value + gain[i] if gain[i] > 0 else value - FADE * dt * seen[i]
        if value <= 0:
            st.suspicion.pop(slot, None)
        else:
            st.suspicion[slot] = float(value)
    for slot in sorted(st.suspicion):
        k = int(watcher[index[slot]])  # suspicion only grows while seen: k >= 0
        if st.suspicion[slot] >= TAG_SUSPICION and slot not in st.tags and k >= 0:
            _tag(sim, slot, st.watching[k], crowd, pos, events)


def _tag(
    sim: Simulation,
    real: int,
    squad: str,
    crowd: np.ndarray,
    pos: np.ndarray,
    events: list[Event],
) -> None:
    """The squad names a suspect: the real one, or by mistake the one beside them."""
    st = sim.intel
    s = sim.slots
    del st.suspicion[real]
    tagged = real
    if sim.rng.random() < error_of(sim, squad):
        others = crowd[(crowd != real) & (s.role[crowd] != PROVOKATOR)]
        others = np.array([o for o in others.tolist() if o not in st.tags], dtype=np.intp)
        if len(others):
            d = np.hypot(*(pos[others] - pos[real]).T)
            k = int(np.argmin(d))
            if d[k] <= MISTAKE_RADIUS:
                tagged = int(others[k])
    st.tags[tagged] = (squad, sim.tick)
    events.append(
        Event(
            sim.tick,
            "suspect_tagged",
            {
                "squad": squad,
                "agent": tagged,
                # for the debrief and the instructor, never the trainee's screen
                "provocateur": bool(s.role[tagged] == PROVOKATOR),
            },
        )
    )


def tagged_mask(sim: Simulation, slots: np.ndarray) -> np.ndarray:
    """Which of these slots are tagged suspects (for the views the screen reads)."""
    tags = sim.intel.tags
    slots = np.asarray(slots)
    if not tags:  # the common case, every frame: no list of every person walked
        return np.zeros(len(slots), dtype=bool)
    return np.isin(slots, np.fromiter(tags, dtype=np.int64, count=len(tags)))
