"""The physics space and one pymunk body per slot, read and written in one batch a tick.

All pymunk I/O lives here so the rest of the core sees only numpy arrays indexed by slot.
The batch buffers are made once and reused: pymunk 7.3 never frees a fresh
`pymunk.batch.Buffer` that `get_space_bodies` has filled (see docs/crowd-model.md).
"""

from __future__ import annotations

import numpy as np
import pymunk
import pymunk.batch as batch

from game.sim.constants import COLLISION_SLOP, PERSON_FRICTION, SOLVER_ITERATIONS, SPATIAL_HASH_CELL
from game.sim.gates import GateState, attach, make_leaf
from game.sim.world import StaticWorld

_POS_VEL = batch.BodyFields.POSITION | batch.BodyFields.VELOCITY
_ARB = (
    batch.ArbiterFields.BODY_A_ID
    | batch.ArbiterFields.BODY_B_ID
    | batch.ArbiterFields.TOTAL_IMPULSE
)


class Bodies:
    def __init__(self, world: StaticWorld, n: int = 0) -> None:
        space = pymunk.Space()
        space.gravity = (0.0, 0.0)
        space.iterations = SOLVER_ITERATIONS
        space.collision_slop = COLLISION_SLOP
        space.use_spatial_hash(SPATIAL_HASH_CELL, 10_000)
        world.add_static_shapes(space)
        self.space = space
        self.of_slot: list[pymunk.Body | None] = [None] * n
        self._dirty = True
        self._order = np.zeros(0, dtype=np.intp)
        self._id_sorted = np.zeros(0, dtype=np.uintp)
        self._slot_of_sorted = np.zeros(0, dtype=np.intp)
        self._read_buf = batch.Buffer()
        self._id_buf = batch.Buffer()
        self._force_buf = batch.Buffer()
        self._arb_buf = batch.Buffer()

    def reserve(self) -> None:
        """A new slot, with no body yet."""
        self.of_slot.append(None)

    def add_person(
        self, slot: int, mass: float, radius: float, pos, vel, shape_filter: pymunk.ShapeFilter
    ) -> None:
        body = pymunk.Body(float(mass), float("inf"))
        body.position = (float(pos[0]), float(pos[1]))
        body.velocity = (float(vel[0]), float(vel[1]))
        shape = pymunk.Circle(body, float(radius))
        shape.friction = PERSON_FRICTION
        shape.filter = shape_filter
        self.space.add(body, shape)
        self.of_slot[slot] = body
        self._dirty = True

    def add_gate(self, gate: GateState, angle: float, vel, spin: float, pos=None) -> None:
        body, shape = make_leaf(gate)
        if pos is not None:
            body.position = (float(pos[0]), float(pos[1]))
        body.angle = angle
        body.velocity = (float(vel[0]), float(vel[1]))
        body.angular_velocity = spin
        self.space.add(body, shape)
        attach(self.space, gate, body)
        self.of_slot[gate.slot] = body
        self._dirty = True

    def remove(self, slot: int) -> None:
        body = self.of_slot[slot]
        if body is not None:
            self.space.remove(body, *body.shapes)
        self.of_slot[slot] = None
        self._dirty = True

    def order(self) -> np.ndarray:
        """Which slot each body is, in the order pymunk walks its bodies."""
        if self._dirty:
            self._id_buf.clear()
            batch.get_space_bodies(self.space, batch.BodyFields.BODY_ID, self._id_buf)
            ids = np.frombuffer(self._id_buf.int_buf(), dtype=np.uintp).copy()
            by_id = {b.id: s for s, b in enumerate(self.of_slot) if b is not None}
            by_id[self.space.static_body.id] = -1  # pymunk walks the static body too
            self._order = np.array([by_id[int(i)] for i in ids], dtype=np.intp)
            self._id_sorted = np.sort(ids)
            self._slot_of_sorted = self._order[np.argsort(ids)]
            self._dirty = False
        return self._order

    def slots_of_ids(self, ids: np.ndarray) -> np.ndarray:
        """Body ids (from pymunk.batch) to slots; -1 for the static body."""
        self.order()
        return self._slot_of_sorted[np.searchsorted(self._id_sorted, ids)]

    def read(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Positions and velocities of every slot (slots without a body are zero)."""
        order = self.order()
        self._read_buf.clear()
        batch.get_space_bodies(self.space, _POS_VEL, self._read_buf)
        data = np.frombuffer(self._read_buf.float_buf(), dtype=np.float64).reshape(-1, 4)
        # one spare row at the end takes the static body's values (slot -1)
        pos = np.zeros((n + 1, 2))
        vel = np.zeros((n + 1, 2))
        pos[order] = data[:, 0:2]
        vel[order] = data[:, 2:4]
        return pos[:-1], vel[:-1]

    def write_forces(self, force: np.ndarray) -> None:
        order = self.order()
        padded = np.vstack([force, np.zeros((1, 2))])  # the static body's row stays zero
        out = np.ascontiguousarray(padded[order].ravel())
        self._force_buf.clear()
        self._force_buf.set_float_buf(out)
        batch.set_space_bodies(self.space, batch.BodyFields.FORCE, self._force_buf)

    def contacts(self, dt: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every touching pair as (lower slot, higher slot, force in N), in a fixed order.

        pymunk lists its arbiters in an order that depends on memory addresses after a
        rebuild, so sums over them differed between processes in the last bits; sorting by
        the pair makes every sum the same in every run."""
        self._arb_buf.clear()
        batch.get_space_arbiters(self.space, _ARB, self._arb_buf)
        ids = np.frombuffer(self._arb_buf.int_buf(), dtype=np.uintp).reshape(-1, 2)
        if not len(ids):
            empty = np.zeros(0, dtype=np.intp)
            return empty, empty, np.zeros(0)
        imp = np.frombuffer(self._arb_buf.float_buf(), dtype=np.float64).reshape(-1, 2)
        f = np.hypot(imp[:, 0], imp[:, 1]) / dt
        a = self.slots_of_ids(ids[:, 0])
        b = self.slots_of_ids(ids[:, 1])
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        order = np.lexsort((hi, lo))
        return lo[order], hi[order], f[order]

    def step(self, dt: float) -> None:
        self.space.step(dt)
