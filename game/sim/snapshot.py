"""The one home of the run's state contract: snapshot, rebuild, keyframe codec, state hash.

A snapshot is the whole state of a run (everything but the level, which never changes):
every slot column and body as numpy arrays, and the rest (squads, minds, hazards, the
situation, pending orders, the generator) as plain JSON data. The state hash is computed from
the snapshot, so nothing can be left out of one and not the other.

Keyframes are snapshots with their float columns rounded to float32. The live run rebuilds
itself from exactly that rounded data at every keyframe (pymunk keeps hidden contact caches
that a rebuild cannot copy), so a replay that seeks to a keyframe continues bit for bit as
the live run did, and the file stores keyframes compactly without losing anything.
"""

from __future__ import annotations

import base64
import hashlib
import json
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from game.sim import orders as O
from game.sim.gates import GateState
from game.sim.hazards import Hazards
from game.sim.intel import IntelState
from game.sim.mood import GroupMind
from game.sim.script import ScriptState
from game.sim.slots import COLUMNS, GATE
from game.sim.squads import Squad

if TYPE_CHECKING:
    from game.sim.simulation import Simulation

SNAPSHOT_FORMAT = 4  # 4: base85 columns
BODY_COLUMNS = ("x", "y", "vx", "vy", "angle", "spin")
_DTYPES: dict[str, np.dtype] = {c.name: c.dtype for c in COLUMNS} | {
    name: np.dtype(np.float64) for name in BODY_COLUMNS
}
# the parts of the state, in the order the hash and a mismatch report name them
REST_PARTS = (
    "rng",
    "gates",
    "squads",
    "minds",
    "hazards",
    "presence",
    "vips",
    "situation",
    "spawned",
    "pending",
    "script",
    "intel",
)
PARTS: tuple[str, ...] = ("tick", *_DTYPES, *REST_PARTS)
# what restoring a decoded but forged keyframe can raise: the data, not the code, is wrong
BAD_DATA = (KeyError, TypeError, ValueError, IndexError, AttributeError)
PART_DIGEST_BYTES = 2  # per part in a hash record: enough to name the part that differs


@dataclass
class Snapshot:
    tick: int
    columns: dict[str, np.ndarray]
    rest: dict[str, Any] = field(default_factory=dict)

    @property
    def n(self) -> int:
        return len(self.columns["kind"])


def capture(sim: Simulation) -> Snapshot:
    """The whole state now, exactly (float64)."""
    pos, vel = sim.read_state()
    n = sim.slots.n
    angle = np.zeros(n)
    spin = np.zeros(n)
    for g in sim.gates:
        body = sim.bodies.of_slot[g.slot] if g.slot >= 0 else None
        if body is not None:
            angle[g.slot], spin[g.slot] = body.angle, body.angular_velocity
    columns = {c.name: sim.slots.view(c.name).copy() for c in COLUMNS}
    columns |= {
        "x": pos[:, 0].copy(),
        "y": pos[:, 1].copy(),
        "vx": vel[:, 0].copy(),
        "vy": vel[:, 1].copy(),
        "angle": angle,
        "spin": spin,
    }
    rest = {
        "rng": sim.rng.bit_generator.state,
        "gates": [g.to_json() | {"slot": g.slot} for g in sim.gates],
        "squads": [s.to_json() for s in sim.squads],
        "minds": [m.to_json() for m in sim.minds],
        "hazards": sim.hazards.to_json(),
        "presence": [list(p) for p in sim.presence],
        "vips": dict(sim.vips),
        "situation": {
            "colour": sim.colour,
            "calmer_since": sim.calmer_since,
            "authorised": sim.authorised,
            "authorisation_due": sim.authorisation_due,
            "hostages": dict(sim.hostages),
            "handovers": [list(h) for h in sim.handovers],
            "objectives": list(sim.objectives),
            "dispersed_at": sim.dispersed_at,
            "ended": sim.ended,
        },
        "spawned": list(sim.spawned),
        "pending": [[t, q, O.order_to_json(o)] for t, q, o in sim.pending],
        "seq": sim.seq,
        "script": sim.script.to_json(),
        "intel": sim.intel.to_json(),
    }
    return Snapshot(sim.tick, columns, json.loads(json.dumps(rest)))


# The grid each float column is rounded to in a keyframe: powers of two, so every rounded
# value is exact in binary and the file stores small integers. Fine beside the physics:
# 2 mm of position, 1.6 cm/s of speed, 8 N/m of pressure (injury begins near 1600).
RESOLUTION: dict[str, float] = {
    "x": 2.0**-9,
    "y": 2.0**-9,
    "vx": 2.0**-6,
    "vy": 2.0**-6,
    "pressure": 8.0,
    "contact": 8.0,
    "agitation": 2.0**-10,
    "avoid_x": 2.0**-6,
    "avoid_y": 2.0**-6,
    "dose": 1.0,
    "wet": 2.0**-6,
    "gas": 2.0**-10,
}
DEFAULT_RESOLUTION = 2.0**-12


def resolution(name: str) -> float:
    return RESOLUTION.get(name, DEFAULT_RESOLUTION)


def quantize(snap: Snapshot) -> Snapshot:
    """The keyframe of a snapshot: every float column rounded to its grid (RESOLUTION)."""
    columns = {
        # + 0.0 turns -0.0 into 0.0, as decoding does: the hash sees the sign bit
        name: np.round(arr / resolution(name)) * resolution(name) + 0.0
        if arr.dtype.kind == "f"
        else arr.copy()
        for name, arr in snap.columns.items()
    }
    return Snapshot(snap.tick, columns, json.loads(json.dumps(snap.rest)))


def restore(sim: Simulation, snap: Snapshot) -> None:
    """Rebuild the physics space and every piece of state from a snapshot."""
    from game.sim.bodies import Bodies

    c = snap.columns
    sim.slots.load({col.name: c[col.name] for col in COLUMNS})
    n = sim.slots.n
    # a copy: the run goes on to change its minds' lists, and the snapshot may be a cached
    # keyframe that a later seek rebuilds from again
    r = json.loads(json.dumps(snap.rest))
    sim.tick = int(snap.tick)
    sim.rng.bit_generator.state = r["rng"]
    sim.spawned = [int(v) for v in r["spawned"]]
    sim.pending = [(int(t), int(q), O.parse_order(o)) for t, q, o in r["pending"]]
    sim.seq = int(r["seq"])
    # where arrivals look for room; the live run restores the same way at each keyframe
    sim.last_pos = np.column_stack([c["x"], c["y"]]).reshape(-1, 2)
    sim.squads = [Squad.from_json(d) for d in r["squads"]]
    sim.minds = [GroupMind.from_json(d) for d in r["minds"]]
    sim.hazards = Hazards.from_json(r["hazards"])
    sim.presence = [list(p) for p in r["presence"]]
    sim.vips = {str(k): int(v) for k, v in r["vips"].items()}
    st = r["situation"]
    sim.colour = str(st["colour"])
    sim.calmer_since = int(st["calmer_since"])
    sim.authorised = bool(st["authorised"])
    sim.authorisation_due = int(st["authorisation_due"])
    sim.hostages = {str(k): bool(v) for k, v in st["hostages"].items()}
    sim.handovers = [list(h) for h in st["handovers"]]
    sim.objectives = [str(o) for o in st["objectives"]]
    sim.dispersed_at = int(st["dispersed_at"])
    sim.ended = bool(st["ended"])
    sim.script = ScriptState.from_json(r["script"])
    sim.intel = IntelState.from_json(r["intel"])
    index = {name: i for i, name in enumerate(sim.field_names)}
    sim.group_goal_field[:-1] = [index[g] for g in sim.script.group_goal]
    by_name = {g.name: g for g in sim.level.gates}
    sim.gates = []
    for gd in r["gates"]:
        g = by_name[gd["name"]]
        sim.gates.append(
            GateState(
                g.name,
                g.a,
                g.b,
                g.mass,
                g.break_force,
                int(gd["slot"]),
                state=str(gd["state"]),
                load=float(gd["load"]),
                peak_load=float(gd["peak_load"]),
            )
        )
    sim.bodies = Bodies(sim.world, n)
    gate_of = {g.slot: g for g in sim.gates if g.slot >= 0}
    alive = sim.slots.view("alive")
    kind = sim.slots.view("kind")
    for slot in np.flatnonzero(alive).tolist():
        pos = (c["x"][slot], c["y"][slot])
        vel = (c["vx"][slot], c["vy"][slot])
        if kind[slot] == GATE:
            sim.bodies.add_gate(gate_of[slot], c["angle"][slot], vel, c["spin"][slot], pos)
        else:
            sim.add_person_body(slot, pos, vel)
    sim.forget_tick_state()


# --- the state hash ----------------------------------------------------------------------


def part_digests(snap: Snapshot) -> dict[str, bytes]:
    """One short digest per part of the state, in PARTS order."""
    out = {"tick": _digest(np.int64(snap.tick).tobytes())}
    for name in _DTYPES:
        arr = np.ascontiguousarray(snap.columns[name], dtype=_DTYPES[name])
        out[name] = _digest(arr.tobytes())
    for name in REST_PARTS:
        value = snap.rest[name]
        if name == "pending":  # what is queued and in which order, not the counter's value
            value = [[t, o] for t, _, o in value]
        out[name] = _digest(json.dumps(value, sort_keys=True, separators=(",", ":")).encode())
    return out


def state_hash(digests: dict[str, bytes]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for name in PARTS:
        h.update(digests[name])
    return h.hexdigest()


def packed_parts(digests: dict[str, bytes]) -> str:
    """The parts' digests, shortened and packed for a hash record."""
    raw = b"".join(digests[name][:PART_DIGEST_BYTES] for name in PARTS)
    return base64.b64encode(raw).decode("ascii")


def differing_parts(digests: dict[str, bytes], packed: str) -> list[str]:
    """Which parts of the state differ from a hash record's packed digests."""
    try:
        raw = base64.b64decode(packed, validate=True)
    except ValueError:
        return list(PARTS)
    k = PART_DIGEST_BYTES
    if len(raw) != k * len(PARTS):
        return list(PARTS)
    return [name for i, name in enumerate(PARTS) if digests[name][:k] != raw[i * k : (i + 1) * k]]


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=8).digest()


# --- the compact keyframe codec ------------------------------------------------------------


def encode(snap: Snapshot, previous: Snapshot | None = None, exact: bool = False) -> dict[str, Any]:
    """A keyframe as JSON-ready data. Each column as integers (floats in units of their
    grid), minus the previous keyframe's, zigzagged, byte-shuffled, zlib-compressed, base85:
    lossless for a quantized snapshot. `exact` keeps floats as raw float64 (the start of a
    run taken over, which must equal the parent's state to the bit) and is never a delta."""
    if exact:
        previous = None
    cols: dict[str, str] = {}
    for name, dtype in _DTYPES.items():
        if exact and dtype.kind == "f":
            raw = np.ascontiguousarray(snap.columns[name], dtype=np.float64).view(np.uint64)
            cols[name] = _pack(raw)
            continue
        ints = _ints(name, snap.columns[name])
        if previous is not None:
            ints = ints - _padded(_ints(name, previous.columns[name]), len(ints))
        zig = ((ints << 1) ^ (ints >> 63)).view(np.uint64)
        cols[name] = _pack(zig.astype(np.uint32) if zig.size == 0 or zig.max() < 2**32 else zig)
    return {
        "format": SNAPSHOT_FORMAT,
        "n": snap.n,
        "delta": previous is not None,
        "exact": exact,
        "columns": cols,
        "rest": base64.b85encode(
            zlib.compress(json.dumps(snap.rest, separators=(",", ":")).encode(), 6)
        ).decode("ascii"),
    }


def decode(data: dict[str, Any], previous: Snapshot | None, tick: int) -> Snapshot:
    """The inverse of encode. Raises ValueError on anything malformed."""
    if data.get("format") != SNAPSHOT_FORMAT:
        raise ValueError(f"keyframe format {data.get('format')!r} is not {SNAPSHOT_FORMAT}")
    n = data.get("n")
    if not isinstance(n, int) or not 0 <= n <= 10_000_000:
        raise ValueError("keyframe has no valid n")
    delta = bool(data.get("delta"))
    if delta and previous is None:
        raise ValueError("keyframe is a delta but there is no keyframe before it")
    exact = bool(data.get("exact"))
    raw_cols = data.get("columns")
    try:
        rest = json.loads(zlib.decompress(base64.b85decode(str(data.get("rest")))))
    except (ValueError, zlib.error) as exc:
        raise ValueError(f"keyframe state is damaged ({exc})") from None
    if not isinstance(raw_cols, dict) or not isinstance(rest, dict):
        raise ValueError("keyframe has no columns or no rest")
    missing = [p for p in REST_PARTS if p not in rest] + (["seq"] if "seq" not in rest else [])
    if missing:
        raise ValueError(f"keyframe lacks {', '.join(missing)}")
    columns: dict[str, np.ndarray] = {}
    for name, dtype in _DTYPES.items():
        text = raw_cols.get(name)
        if not isinstance(text, str):
            raise ValueError(f"keyframe lacks column {name}")
        words = _unpack(text, n, name)
        if exact and dtype.kind == "f":
            if words.dtype != np.uint64:
                raise ValueError(f"keyframe column {name} has the wrong width")
            columns[name] = words.view(np.float64).copy()
            continue
        w = words.astype(np.uint64)
        ints = ((w >> np.uint64(1)).view(np.int64)) ^ -((w & np.uint64(1)).view(np.int64))
        if delta and previous is not None:
            ints = ints + _padded(_ints(name, previous.columns[name]), n)
        if dtype.kind == "f":
            columns[name] = ints * resolution(name)
        else:
            columns[name] = ints.astype(dtype)
    return Snapshot(tick, columns, rest)


def _ints(name: str, arr: np.ndarray) -> np.ndarray:
    """A column as int64: floats in units of their grid (exact for quantized values)."""
    if arr.dtype.kind == "f":
        return np.round(np.asarray(arr, np.float64) / resolution(name)).astype(np.int64)
    return np.asarray(arr).astype(np.int64)


def _padded(ints: np.ndarray, n: int) -> np.ndarray:
    """The previous keyframe's column, cut or padded with zeros to this one's length."""
    out = np.zeros(n, dtype=np.int64)
    m = min(n, len(ints))
    out[:m] = ints[:m]
    return out


def _pack(words: np.ndarray) -> str:
    """Byte planes (all first bytes, then all second bytes...) compress far better."""
    width = words.dtype.itemsize
    planes = words.view(np.uint8).reshape(len(words), width).T.tobytes()
    # base85: a quarter more than the bytes, where base64 takes a third (and no " or \\)
    return f"{width}:" + base64.b85encode(zlib.compress(planes, 6)).decode("ascii")


def _unpack(text: str, n: int, name: str) -> np.ndarray:
    head, _, body = text.partition(":")
    if head not in ("4", "8"):
        raise ValueError(f"keyframe column {name} has no valid width")
    width = int(head)
    try:
        raw = zlib.decompress(base64.b85decode(body), bufsize=n * width + 64)
    except (ValueError, zlib.error) as exc:
        raise ValueError(f"keyframe column {name} is damaged ({exc})") from None
    if len(raw) != n * width:
        raise ValueError(f"keyframe column {name} has the wrong length")
    planes = np.frombuffer(raw, np.uint8).reshape(width, n)
    words: np.ndarray = planes.T.copy().view(np.uint32 if width == 4 else np.uint64).reshape(n)
    return words
