"""The campaign: which levels a trainee plays, in which order (levels/campaign.toml).

The file is a list of entries, each naming a level file inside the levels folder and the id
that file declares:

    [[level]]
    file = "tutorial.toml"
    id = "tutorial"

An entry may not lead out of the folder the campaign file is in: an absolute path, a ".."
and a symbolic link that resolves elsewhere are refused before anything is opened. Unknown
keys are refused like a level's.

Loading never raises. A problem of the campaign file is named by file, entry and field; a
level file that cannot be opened keeps its place in the list with its LevelError, so the
menu still opens and says what is wrong.
"""

from __future__ import annotations

import difflib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from game.level import Level, LevelError, LevelProblem, load_level
from game.level.schema import Name

LEVELS_DIR = Path(__file__).resolve().parent.parent.parent / "levels"
CAMPAIGN_FILE = LEVELS_DIR / "campaign.toml"
MAX_CAMPAIGN_BYTES = 200_000


def file_problem(file: str) -> str | None:
    """Why an entry's `file` may not be opened, judged from the text alone (or None)."""
    shown = json.dumps(file, ensure_ascii=False)
    if any(ord(c) < 32 for c in file):
        return f"must not contain control characters (got {shown})"
    posix, windows = PurePosixPath(file), PureWindowsPath(file)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or windows.root:
        return f"must be a path relative to the levels folder, not an absolute path (got {shown})"
    if ".." in posix.parts or ".." in windows.parts:
        return f'must stay inside the levels folder; ".." is not allowed (got {shown})'
    if not file.endswith(".toml"):
        return f"must name a level file ending in .toml (got {shown})"
    return None


class CampaignEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    file: str = Field(min_length=1, description="a level file, relative to the levels folder")
    id: Name = Field(description="the id that level file declares")

    @field_validator("file")
    @classmethod
    def _stays_inside(cls, file: str) -> str:
        problem = file_problem(file)
        if problem:
            raise ValueError(problem)
        return file


class CampaignFile(BaseModel):
    """The file: only [[level]] entries. Each is then validated as a CampaignEntry of its
    own, so that one bad entry is reported without hiding the others."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    level: list[dict[str, Any]] = []


@dataclass
class CampaignLevel:
    """One entry of the campaign, opened: its level, or why it cannot be played."""

    number: int  # 1 for the first entry
    path: Path
    id: str
    level: Level | None = None
    error: LevelError | None = None


@dataclass
class Campaign:
    source: Path = CAMPAIGN_FILE
    entries: list[CampaignLevel] = field(default_factory=list)  # valid entries, in order
    problems: list[LevelProblem] = field(default_factory=list)  # of the campaign file itself

    @property
    def levels(self) -> list[tuple[Path, Level]]:
        """The levels that can be played, in order, as (path, Level) pairs."""
        return [(e.path, e.level) for e in self.entries if e.level is not None]

    @property
    def errors(self) -> list[LevelError]:
        """Everything that is wrong: the campaign file's problems, then each broken level."""
        out = [LevelError(str(self.source), self.problems)] if self.problems else []
        return out + [e.error for e in self.entries if e.error is not None]

    def index_of(self, level_id: str) -> int | None:
        for i, (_, level) in enumerate(self.levels):
            if level.id == level_id:
                return i
        return None

    def next_after(self, level_id: str) -> tuple[Path, Level] | None:
        """The level that follows `level_id` in the campaign, if it is in it and not last."""
        levels = self.levels
        i = self.index_of(level_id)
        if i is None or i + 1 >= len(levels):
            return None
        return levels[i + 1]


def load_campaign(path: Path = CAMPAIGN_FILE) -> Campaign:
    """The campaign's entries in order, each opened, and what went wrong."""
    campaign = Campaign(source=path)
    parsed = _read(path, campaign.problems)
    if parsed is None:
        return campaign
    folder = path.parent
    try:
        inside = folder.resolve()
    except (OSError, RuntimeError) as exc:
        campaign.problems.append(LevelProblem("", "", f"cannot resolve the folder: {exc}"))
        return campaign
    seen: dict[str, int] = {}
    for n, item in enumerate(parsed.level, 1):
        where = _where(n)
        try:
            entry = CampaignEntry.model_validate(item, strict=True)
        except ValidationError as exc:
            campaign.problems.extend(_problems(exc, ("level", n - 1)))
            continue
        if entry.id in seen:
            msg = f'entry {seen[entry.id]} already has id "{entry.id}"; a level appears once'
            campaign.problems.append(LevelProblem(where, "id", msg))
            continue
        seen[entry.id] = n
        file = folder / entry.file
        try:
            real = file.resolve()
        except (OSError, RuntimeError, ValueError) as exc:  # a link loop, ...
            campaign.problems.append(LevelProblem(where, "file", f"cannot be resolved: {exc}"))
            continue
        if not real.is_relative_to(inside):
            msg = (
                f"{json.dumps(entry.file)} is a link that leads outside the levels folder "
                f"(to {real}); copy the level into the folder instead"
            )
            campaign.problems.append(LevelProblem(where, "file", msg))
            continue
        opened = CampaignLevel(n, file, entry.id)
        campaign.entries.append(opened)
        if not file.exists():
            msg = f"no such file: {json.dumps(entry.file)} in {folder}"
            opened.error = LevelError(str(path), [LevelProblem(where, "file", msg)])
            continue
        try:
            level = load_level(file)
        except LevelError as exc:
            opened.error = exc
            continue
        except Exception as exc:  # a campaign must never stop the menu from opening
            opened.error = LevelError(str(file), [LevelProblem("", "", str(exc))])
            continue
        if level.id != entry.id:
            msg = f'the file declares id "{level.id}", not "{entry.id}"'
            opened.error = LevelError(str(path), [LevelProblem(where, "id", msg)])
            continue
        opened.level = level
    return campaign


def _where(number: int) -> str:
    return f"entry {number} (level[{number - 1}])"


def _read(path: Path, problems: list[LevelProblem]) -> CampaignFile | None:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_CAMPAIGN_BYTES + 1)
    except FileNotFoundError:
        problems.append(LevelProblem("", "", "no such file"))
        return None
    except OSError as exc:
        problems.append(LevelProblem("", "", f"cannot read the campaign: {exc.strerror}"))
        return None
    if len(data) > MAX_CAMPAIGN_BYTES:
        msg = f"file is too large for a campaign (more than {MAX_CAMPAIGN_BYTES} bytes)"
        problems.append(LevelProblem("", "", msg))
        return None
    try:
        raw = tomllib.loads(data.decode("utf-8").removeprefix("\ufeff"))
    except UnicodeDecodeError:
        problems.append(LevelProblem("", "", "not UTF-8 text; save the file as UTF-8"))
        return None
    except tomllib.TOMLDecodeError as exc:
        problems.append(LevelProblem("", "", f"not valid TOML: {exc}"))
        return None
    try:
        return CampaignFile.model_validate(raw, strict=True)
    except ValidationError as exc:
        problems.extend(_problems(exc))
        return None


def _problems(exc: ValidationError, prefix: tuple[str | int, ...] = ()) -> list[LevelProblem]:
    """pydantic's errors in an instructor's words, each at its entry and field."""
    out: list[LevelProblem] = []
    suggested: set[tuple[str, str]] = set()
    for err in exc.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        if len(loc) >= 2 and loc[0] == "level" and isinstance(loc[1], int):
            where, rest = _where(loc[1] + 1), loc[2:]
            model: type[BaseModel] = CampaignEntry
        else:
            where, rest, model = "", loc, CampaignFile
        field_name = ".".join(str(p) for p in rest)
        kind = err["type"]
        got = err.get("input")
        if kind == "extra_forbidden":
            key = str(rest[-1]) if rest else "?"
            known = list(model.model_fields)
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
            if close:
                hint = f'; did you mean "{close[0]}"?'
                suggested.add((where, close[0]))
            else:
                hint = f" (known keys: {', '.join(known)})"
            msg = f'"{key}" is not a known key{hint}'
        elif kind == "missing":
            msg = "required but missing"
        elif kind == "string_type":
            msg = f'expected text in double quotes, like "..." (got {_show(got)})'
        elif kind == "string_too_short":
            msg = "must not be empty"
        elif kind == "string_pattern_mismatch":
            msg = f'an id may use only letters, digits, "_" and "-" (got {_show(got)})'
        elif kind == "string_too_long":
            msg = "is too long"
        elif kind == "list_type":
            msg = "expected a list of entries; write each one under [[level]] (double brackets)"
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            msg = "expected a table with file and id, under [[level]]"
        elif kind == "value_error":
            msg = str(err["msg"]).removeprefix("Value error, ")
        else:
            msg = str(err["msg"])
        problem = LevelProblem(where, field_name, msg)
        if problem not in out:
            out.append(problem)
    # a misspelt key is also reported as the right one missing: say it once
    return [
        p
        for p in out
        if not (p.message == "required but missing" and (p.where, p.field) in suggested)
    ]


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return repr(value)[:40]
