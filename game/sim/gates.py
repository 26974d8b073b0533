"""Gates: a leaf hinged at one end and latched at the other, both joints breakable.

The crowd has to push hard enough to break it; no rule says "the gate opens after N
seconds". When the pull on the hinge or the latch, held for about half a second, passes the
level's breaking force, the latch gives way and the leaf swings open on its hinge. (A single
tick's spike from people running into it does not count: gates fail under sustained load.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pymunk

from game.sim.constants import DT
from game.sim.world import CAT_GATE, CAT_PERSON

LOAD_TIME = 0.5  # s over which the joint force is averaged before it can break the gate
LEAF_RADIUS = 0.06  # m, half the thickness of the leaf
SWING_DAMPING = 4000.0  # N·m·s per radian: a heavy leaf does not fly about


@dataclass
class GateState:
    name: str
    a: tuple[float, float]
    b: tuple[float, float]
    mass: float
    break_force: float
    slot: int  # the leaf's body slot, -1 for a gate that is open in the level
    state: str = "closed"  # "closed" | "open" | "broken"
    load: float = 0.0  # N, the joint force smoothed over LOAD_TIME
    peak_load: float = 0.0  # N, the most it has carried: for the debrief
    joints: list[pymunk.Constraint] = field(default_factory=list, repr=False)

    @property
    def intact(self) -> bool:
        return self.state == "closed"

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "state": self.state,
            "load": self.load,
            "peak_load": self.peak_load,
        }


def make_leaf(gate: GateState) -> tuple[pymunk.Body, pymunk.Shape]:
    mid = ((gate.a[0] + gate.b[0]) / 2, (gate.a[1] + gate.b[1]) / 2)
    la = (gate.a[0] - mid[0], gate.a[1] - mid[1])
    lb = (gate.b[0] - mid[0], gate.b[1] - mid[1])
    body = pymunk.Body(gate.mass, pymunk.moment_for_segment(gate.mass, la, lb, LEAF_RADIUS))
    body.position = mid
    shape = pymunk.Segment(body, la, lb, LEAF_RADIUS)
    shape.friction = 0.5
    shape.filter = pymunk.ShapeFilter(categories=CAT_GATE, mask=CAT_PERSON)
    return body, shape


def attach(space: pymunk.Space, gate: GateState, leaf: pymunk.Body) -> None:
    """Hinge always; the latch only while the gate is intact."""
    static = space.static_body
    half = ((gate.b[0] - gate.a[0]) / 2, (gate.b[1] - gate.a[1]) / 2)
    # anchors in the leaf's own frame, so a rebuild never re-measures them
    hinge = pymunk.PivotJoint(leaf, static, (-half[0], -half[1]), gate.a)
    gate.joints = [hinge]
    if gate.intact:
        gate.joints.append(pymunk.PivotJoint(leaf, static, half, gate.b))
    else:
        gate.joints.append(pymunk.DampedRotarySpring(leaf, static, 0.0, 0.0, SWING_DAMPING))
    for j in gate.joints:
        j.collide_bodies = False
    space.add(*gate.joints)


def check_break(space: pymunk.Space, gate: GateState) -> float | None:
    """After a step: break the latch if a joint carried more than the breaking force."""
    if not gate.intact or not gate.joints:
        return None
    force = max(j.impulse for j in gate.joints) / DT
    gate.load += (force - gate.load) * (DT / LOAD_TIME)
    gate.peak_load = max(gate.peak_load, gate.load)
    if gate.load <= gate.break_force:
        return None
    gate.state = "broken"
    latch = gate.joints.pop()
    space.remove(latch)
    damper = pymunk.DampedRotarySpring(gate.joints[0].a, space.static_body, 0.0, 0.0, SWING_DAMPING)
    damper.collide_bodies = False
    space.add(damper)
    gate.joints.append(damper)
    return gate.load
