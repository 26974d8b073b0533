"""Orders that come with their ticks already known: an orders file, or a replay's."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any


@dataclass
class TimedOrders:
    """Orders in tick order, handed out as the run reaches each one's tick."""

    orders: list[tuple[int, str, Any]] = field(default_factory=list)  # (tick, source, order)
    _next: int = 0

    @classmethod
    def of(cls, orders: list[Any], source: str) -> TimedOrders:
        items = sorted(((int(o.tick), k, o) for k, o in enumerate(orders)), key=lambda t: t[:2])
        return cls([(t, source, o) for t, _, o in items])

    def due(self, tick: int) -> list[tuple[str, Any]]:
        """The orders stamped for this tick (and any the run has passed, which are late)."""
        out = []
        while self._next < len(self.orders) and self.orders[self._next][0] <= tick:
            _, source, order = self.orders[self._next]
            out.append((source, order))
            self._next += 1
        return out

    def skip_to(self, tick: int) -> None:
        """After a seek to `tick`: the orders before it were applied before the keyframe."""
        self._next = bisect_left([t for t, _, _ in self.orders], tick)
