"""Words for the debrief: its own catalog (assets/i18n/<lang>/debrief.toml) and readable
names for the squads, gates, zones, tools and moves a run's records name by id.

Nothing here keeps a global language: the report can be written in English while the game
speaks Indonesian. Trainees never see an internal id: a squad is shown by its level label, or
by its kind; a gate or zone (which levels do not label) by its name written as words.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from game.doctrine.rulebook import MoveRule, ToolRule, force_tools, negotiation_moves
from game.level.schema import (
    DisperseBy,
    EvacuateInjured,
    FreeHostage,
    KeepZoneClear,
    Level,
    ProtectPerson,
)
from game.ui.i18n import catalog as full_catalog

LANGUAGES = ("id", "en")


@cache
def catalog(language: str) -> dict[str, str]:
    """Every debrief string of a language, keyed without the leading "debrief."."""
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    every = full_catalog(language)  # the one catalog reader (pure data, no pygame)
    return {k.removeprefix("debrief."): v for k, v in every.items() if k.startswith("debrief.")}


def words(name: str) -> str:
    """An id written as words: "gerbang_utama" -> "Gerbang utama"."""
    text = re.sub(r"[_\-]+", " ", str(name)).strip()
    return text[:1].upper() + text[1:] if text else text


def clock(seconds: float) -> str:
    """mm:ss (minutes keep counting past the hour: 75:00)."""
    m, s = divmod(max(0, int(seconds + 0.5)), 60)
    return f"{m:02d}:{s:02d}"


def number(x: float, digits: int = 1) -> str:
    """A short number: no trailing ".0"."""
    text = f"{x:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class Words:
    """The debrief's strings and names in one language, for one level."""

    def __init__(self, level: Level, language: str = "id") -> None:
        self.level = level
        self.language = language
        self.strings = catalog(language)
        self._squads = self._squad_names(level)
        try:
            self.moves: dict[str, MoveRule] = negotiation_moves(level.negotiation)
            self.tools: dict[str, ToolRule] = force_tools(level.force)
        except Exception:  # a level's tuning the rules reject: fall back to the catalog
            self.moves, self.tools = {}, {}

    def __call__(self, key: str, **values: Any) -> str:
        """The string for key, placeholders filled; a missing key shows as words, never as
        an id (and a test finds it)."""
        text = self.strings.get(key)
        if text is None:
            return words(key.rsplit(".", 1)[-1])
        try:
            return text.format(**values) if values else text
        except (KeyError, IndexError, ValueError):
            return text

    def has(self, key: str) -> bool:
        return key in self.strings

    def label(self, label: Any) -> str:
        """A bilingual label ({id, en} or an object with .id/.en) in this language."""
        if label is None:
            return ""
        if isinstance(label, dict):
            return str(label.get(self.language) or label.get("en") or "")
        return str(getattr(label, self.language, None) or getattr(label, "en", "") or "")

    # --- names -----------------------------------------------------------------------------

    def _squad_names(self, level: Level) -> dict[str, str]:
        out: dict[str, str] = {}
        unlabelled: dict[str, list[str]] = {}
        for sq in level.squads:
            if sq.label is not None:
                out[sq.name] = self.label(sq.label)
            else:
                unlabelled.setdefault(sq.kind, []).append(sq.name)
        for kind, names in unlabelled.items():
            base = self(f"kind.{kind}") if self.has(f"kind.{kind}") else self("kind.squad")
            for n, name in enumerate(names, start=1):
                out[name] = base if len(names) == 1 else f"{base} {n}"
        return out

    def squad(self, name: Any) -> str:
        return self._squads.get(str(name)) or words(str(name))

    def gate(self, name: Any) -> str:
        return words(str(name))

    def zone(self, name: Any) -> str:
        return words(str(name))

    def group(self, name: Any) -> str:
        """A crowd group, by its name written as words."""
        return words(str(name))

    def person(self, name: Any) -> str:
        person = next((p for p in self.level.people if p.name == str(name)), None)
        return self.label(person.label) if person is not None else words(str(name))

    def tool(self, tool: Any) -> str:
        """A force tool: its rule label as the game shows it, else the catalog's word."""
        rule = self.tools.get(str(tool))
        if rule is not None:
            return self.label(rule.label)
        key = f"tool.{tool}"
        return self(key) if self.has(key) else words(str(tool))

    def move(self, move: Any) -> str:
        rule = self.moves.get(str(move))
        if rule is not None:
            return self.label(rule.label)
        key = f"move.{move}"
        return self(key) if self.has(key) else words(str(move))

    def of(self, area: str, key: Any, other: str = "other") -> str:
        """A word from an area of the catalog (colour, cause, behaviour ...), or the area's
        "other" word, or the key as words."""
        k = f"{area}.{key}"
        if self.has(k):
            return self(k)
        if self.has(f"{area}.{other}"):
            return self(f"{area}.{other}")
        return words(str(key))

    def rule(self, rule: Any) -> str:
        return self.of("rule", rule)

    def why(self, rule: Any) -> str:
        return self.of("why", rule)

    def objective(self, index: Any) -> str:
        """A level objective in words: its own label, or a description of its kind."""
        try:
            obj = self.level.objectives[int(index)]
        except (ValueError, TypeError, IndexError):
            return self("rule.other")
        if obj.label is not None:
            return self.label(obj.label)
        if isinstance(obj, KeepZoneClear):
            return self("objective.keep_zone_clear", zone=self.zone(obj.zone), max=obj.max_people)
        if isinstance(obj, ProtectPerson):
            return self("objective.protect_person", person=self.person(obj.person))
        if isinstance(obj, FreeHostage):
            return self("objective.free_hostage", person=self.person(obj.person))
        if isinstance(obj, DisperseBy):
            return self(
                "objective.disperse_by",
                share=round(obj.share * 100),
                minutes=number(obj.seconds / 60),
            )
        if isinstance(obj, EvacuateInjured):
            return self(f"objective.evacuate_injured.{obj.side}", within=number(obj.within))
        return self("objective.arrest_provocateurs", share=round(obj.share * 100))

    def order(self, order: dict[str, Any]) -> str:
        """What an order told a squad to do, in words (never its type id)."""
        kind = str(order.get("type", ""))
        if not self.has(f"order.{kind}"):
            return self("order.other")
        values: dict[str, Any] = {}
        if kind == "form_cordon":
            values["ranks"] = order.get("ranks", 1)
        elif kind in ("advance", "withdraw"):
            values["metres"] = number(float(order.get("metres", 0)))
        elif kind == "change_formation":
            values["formation"] = self.of("formation", order.get("formation"))
        elif kind == "negotiate":
            values["move"] = self.move(order.get("move"))
        elif kind == "use_force":
            values["tool"] = self.tool(order.get("tool"))
        elif kind == "hand_over":
            values["handover"] = self.of("handover", order.get("kind"))
            values["relieved"] = self.squad(order.get("relieves"))
        elif kind == "gate":
            values["action"] = self.of("gate_action", order.get("action"))
            values["gate"] = self.gate(order.get("gate"))
        return self(f"order.{kind}", **values)
