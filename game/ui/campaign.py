"""The campaign: which levels a trainee plays, in which order (levels/campaign.toml).

Loading never raises. A missing or broken level file is left out of the campaign and named
in `Campaign.errors`, so the menu still opens and says what is wrong.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from game.level import Level, LevelError, load_level

LEVELS_DIR = Path(__file__).resolve().parent.parent.parent / "levels"
CAMPAIGN_FILE = LEVELS_DIR / "campaign.toml"


@dataclass
class Campaign:
    levels: list[tuple[Path, Level]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def index_of(self, level_id: str) -> int | None:
        for i, (_, level) in enumerate(self.levels):
            if level.id == level_id:
                return i
        return None

    def next_after(self, level_id: str) -> tuple[Path, Level] | None:
        """The level that follows `level_id` in the campaign, if it is in it and not last."""
        i = self.index_of(level_id)
        if i is None or i + 1 >= len(self.levels):
            return None
        return self.levels[i + 1]


def load_campaign(path: Path = CAMPAIGN_FILE) -> Campaign:
    """The campaign's levels in order, as (path, Level) pairs, and what went wrong."""
    campaign = Campaign()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        campaign.errors.append(f"{path}: no such file")
        return campaign
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        campaign.errors.append(f"{path}: cannot read the campaign ({exc})")
        return campaign
    entries = raw.get("level", [])
    if not isinstance(entries, list):
        campaign.errors.append(f"{path}: [[level]] must be a list of tables")
        return campaign
    for n, entry in enumerate(entries):
        where = f"{path}: level[{n}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("file"), str):
            campaign.errors.append(f'{where}: needs file = "name.toml"')
            continue
        file = path.parent / entry["file"]
        if not file.exists():
            campaign.errors.append(f"{file}: no such file")
            continue
        try:
            level = load_level(file)
        except LevelError as exc:
            campaign.errors.append(str(exc))
            continue
        except Exception as exc:  # a campaign must never stop the menu from opening
            campaign.errors.append(f"{file}: {exc}")
            continue
        want = entry.get("id")
        if want is not None and want != level.id:
            campaign.errors.append(f'{where}: the file declares id "{level.id}", not "{want}"')
        campaign.levels.append((file, level))
    return campaign
