"""The levels free play offers: every level file in the levels folder, by title.

The campaign list (campaign.toml) is not a level, and levels/test holds the tests' own
levels, so neither is offered. A file that cannot be loaded keeps its row with its
LevelError: the menu marks it and, when clicked, says what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from game.level import Level, LevelError, LevelProblem, load_level
from game.ui.campaign import CAMPAIGN_FILE, LEVELS_DIR


@dataclass
class FreeLevel:
    path: Path
    level: Level | None = None
    error: LevelError | None = None


def free_play_levels(
    folder: Path = LEVELS_DIR, known: dict[Path, Level] | None = None
) -> list[FreeLevel]:
    """The folder's level files, each opened. `known`: levels already loaded, by resolved
    path, in the campaign's order: they are not read twice and come first, in that order
    (a trainee finds them as in the campaign); the other files follow by name."""
    known = known or {}
    rank = {path: k for k, path in enumerate(known)}
    try:
        files = [p for p in folder.glob("*.toml") if p.is_file()]
        files.sort(key=lambda p: (rank.get(p.resolve(), len(rank)), p.name))
    except OSError:
        return []
    out: list[FreeLevel] = []
    for path in files:
        if path.name == CAMPAIGN_FILE.name:
            continue
        level = known.get(path.resolve())
        if level is not None:
            out.append(FreeLevel(path, level))
            continue
        try:
            out.append(FreeLevel(path, load_level(path)))
        except LevelError as exc:
            out.append(FreeLevel(path, error=exc))
        except Exception as exc:  # the menu never falls over a file
            out.append(
                FreeLevel(path, error=LevelError(str(path), [LevelProblem("", "", str(exc))]))
            )
    return out


def first_sentence(text: str, limit: int = 110) -> str:
    """A level's short description: its situation's first sentences that fit in `limit`
    characters, or the first cut at a word with an ellipsis."""
    text = " ".join(text.split())
    out = ""
    for sentence in text.replace(". ", ".\n").split("\n"):
        joined = f"{out} {sentence}".strip()
        if len(joined) > limit:
            break
        out = joined
    if len(out) >= limit // 2 or (out and out == text):
        return out
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"
