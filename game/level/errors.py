"""What the loader says when a level cannot be used: one problem per line, never a traceback.

Each line reads `FILE: ITEM: FIELD: message`, for instance
`levels/kpu.toml: crowd "massa" (crowd[0]): spawn: there is no zone named "spawn_brat"; did
you mean "spawn_barat"?`. ITEM or FIELD is left out where it does not apply.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LevelProblem:
    where: str  # e.g. 'crowd "massa" (crowd[0])', 'line 12, column 5' or '' for the whole file
    field: str  # e.g. 'speed.mean', or ''
    message: str

    def render(self, source: str) -> str:
        parts = [source]
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(self.field)
        return ": ".join(parts) + f": {self.message}"


class LevelError(Exception):
    """A level file that cannot be used; str() lists every problem, one a line."""

    def __init__(self, source: str, problems: list[LevelProblem]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(p.render(source) for p in problems))


def item_label(section: str, index: int, name: str | None) -> str:
    """How an item of a [[section]] list is named in messages: 'zone "x" (zones[3])'."""
    label = f"{section}[{index}]"
    if name:
        one = _ONE.get(section, section.removesuffix("s"))
        label = f'{one} "{name}" ({label})'
    return label


_ONE = {"people": "person"}  # sections whose singular is not the name without its "s"
