"""What the simulation tells the outside world, tick by tick.

One plain record type keeps the recorder, the metrics and the debrief simple: each event has
the tick it happened on, a kind, and JSON-ready data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    tick: int
    kind: str  # order_applied, order_refused, gate_broken, agent_exited, ...
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"tick": self.tick, "kind": self.kind, **self.data}
