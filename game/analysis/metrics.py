"""Per-second measurements of a run, the way crowd scientists report them.

A read-only view: it reads the simulation after each tick and never changes it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from game.analysis.crowd_danger import CADENCE, START_SECONDS, SURGE, TURBULENCE, DangerTracker
from game.sim.constants import TICK_RATE
from game.sim.events import Event
from game.sim.geometry import segments_cross
from game.sim.simulation import Simulation


class MetricsRecorder:
    def __init__(self, sim: Simulation) -> None:
        self.level = sim.level
        self.zones = [z.name for z in sim.level.zones]
        self.lines = [(ln.name, ln.a, ln.b) for ln in sim.level.lines]
        self.time: list[float] = []
        self.present: list[int] = []
        self.mood: dict[str, list] = {
            "agitation": [],
            "active_share": [],
            "legitimacy": [],
            "colour": [],
        }
        self.all_events: list = []
        self.zone_series: dict[str, dict[str, list[Any]]] = {
            z: {"count": [], "density": [], "mean_speed": [], "danger_max": []}
            for z in self.zones
        }
        # the highest crowd pressure each second and where it was (crowd_danger.py), from
        # a tracker fed every CADENCE seconds with the crowd
        self.danger: dict[str, list[float | None]] = {"peak": [], "x": [], "y": []}
        self.tracker = DangerTracker.for_map(sim.level.map)
        self._danger_ticks = round(CADENCE * TICK_RATE)
        self.line_series: dict[str, dict[str, list[int]]] = {
            name: {"forward": [], "backward": []} for name, _, _ in self.lines
        }
        self._line_counts = {name: [0, 0] for name, _, _ in self.lines}
        self.exit_times: dict[int, float] = {}
        self.events: list[dict[str, Any]] = []
        self._prev: tuple[np.ndarray, np.ndarray] | None = None

    def observe(self, sim: Simulation, events: list[Event]) -> None:
        """Call after every step with the events that step returned."""
        self.all_events += [e for e in events if e.kind == "scored"]
        for e in events:
            if e.kind == "agent_exited":
                self.exit_times[int(e.data["agent"])] = round(e.tick / TICK_RATE, 4)
            else:
                self.events.append(e.to_json())
        pos, vel = sim.read_state()
        crowd = sim.crowd_slots()
        p = pos[crowd]
        if self.lines and self._prev is not None:
            prev_slots, prev_pos = self._prev
            # people who were there a tick ago and still are
            both = np.isin(crowd, prev_slots, assume_unique=True)
            before = prev_pos[np.searchsorted(prev_slots, crowd[both])]
            for name, a, b in self.lines:
                hit, direction = segments_cross(before, p[both], a, b)
                self._line_counts[name][0] += int((hit & (direction > 0)).sum())
                self._line_counts[name][1] += int((hit & (direction < 0)).sum())
        self._prev = (crowd, p)
        if sim.tick % self._danger_ticks == 0 and sim.tick >= START_SECONDS * TICK_RATE:
            self.tracker.feed(p, vel[crowd])
        if sim.tick % TICK_RATE == 0:
            self._sample(sim, crowd, p, vel[crowd])

    def observe_final(self, events: list[Event]) -> None:
        """The events of sim.finish(): the objectives judged at the end."""
        self.all_events += [e for e in events if e.kind == "scored"]
        self.events += [e.to_json() for e in events]

    def _sample(self, sim: Simulation, crowd, p, v) -> None:
        self.time.append(sim.tick / TICK_RATE)
        self.present.append(len(crowd))
        for key, value in sim.mood_summary().items():
            self.mood[key].append(round(value, 4))
        self.mood["colour"].append(sim.colour)
        speed = np.hypot(v[:, 0], v[:, 1]) if len(v) else np.zeros(0)
        field = self.tracker.field()
        peak = field.peak()
        self.danger["peak"].append(round(peak.value, 5))
        self.danger["x"].append(None if peak.x is None else round(peak.x, 2))
        self.danger["y"].append(None if peak.y is None else round(peak.y, 2))
        felt = field.at(p)  # the crowd pressure where each person stands
        for z in self.zones:
            inside = sim.world.inside_zone(z, p) if len(p) else np.zeros(0, dtype=bool)
            count = int(inside.sum())
            s = self.zone_series[z]
            s["count"].append(count)
            # a zone without area has no density (the loader refuses one; a last guard)
            area = sim.world.zone_areas[z]
            s["density"].append(round(count / area, 4) if area > 0 else None)
            s["mean_speed"].append(round(float(speed[inside].mean()), 4) if count else None)
            s["danger_max"].append(round(float(felt[inside].max()), 5) if count else 0.0)
        for name, counts in self._line_counts.items():
            self.line_series[name]["forward"].append(counts[0])
            self.line_series[name]["backward"].append(counts[1])
            counts[0] = counts[1] = 0

    def result(self, sim: Simulation) -> dict[str, Any]:
        from game.sim.scoring import score_card

        return {
            "level": self.level.id,
            "seed": sim.seed,
            "tick_rate": TICK_RATE,
            "seconds": sim.tick / TICK_RATE,
            "units": {
                "density": "persons/m²",
                "mean_speed": "m/s",
                "exit_times": "s",
                "danger": "1/s²",
            },
            # Helbing et al. 2007: crowd turbulence from about this crowd pressure
            "danger_threshold": TURBULENCE,  # Helbing et al. 2007, at Mina
            "danger_surge": SURGE,  # this trainer's alarm (game/analysis/crowd_danger.py)
            "series": {
                "time": self.time,
                "agents_present": self.present,
                "zones": self.zone_series,
                "lines": self.line_series,
                "mood": self.mood,
                "danger": self.danger,
            },
            "score": score_card(self.all_events).to_json(),
            "objectives": sim.objectives,
            "exit_times": {str(k): v for k, v in sorted(self.exit_times.items())},
            "events": self.events,
            "state_hash": sim.state_hash(),
        }
