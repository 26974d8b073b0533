"""The trainee's settings, kept as TOML in the user's config folder.

A damaged settings file never stops the trainer: it starts with defaults and says why.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

import platformdirs
import tomli_w

WINDOW_SIZES = ((1280, 720), (1600, 900), (1920, 1080))


@dataclass
class Settings:
    language: str = "id"
    volume: float = 0.7
    muted: bool = False
    window: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    completed: list[str] = field(default_factory=list)  # level ids finished
    trainee: str = ""  # asked once; names the trainee's replays and reports


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("sispamkota-trainer")) / "settings.toml"


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, or the defaults and a note saying what was wrong."""
    path = path or settings_path()
    if not path.exists():
        return Settings(), None
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        s = Settings()
        if raw.get("language") in ("id", "en"):
            s.language = raw["language"]
        if isinstance(raw.get("volume"), int | float):
            s.volume = min(1.0, max(0.0, float(raw["volume"])))
        s.muted = bool(raw.get("muted", False))
        w = raw.get("window")
        if isinstance(w, list) and tuple(w) in WINDOW_SIZES:
            s.window = (int(w[0]), int(w[1]))
        s.fullscreen = bool(raw.get("fullscreen", False))
        done = raw.get("completed", [])
        s.completed = [str(x) for x in done] if isinstance(done, list) else []
        name = raw.get("trainee", "")
        s.trainee = " ".join(name.split())[:40] if isinstance(name, str) else ""
        return s, None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        return Settings(), f"{path}: settings unreadable, using defaults ({exc})"


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Write the settings; returns a message instead of raising if the disk says no."""
    path = path or settings_path()
    data = asdict(settings)
    data["window"] = list(settings.window)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
        tmp.replace(path)  # never leave a half-written file behind
    except OSError as exc:
        return f"{path}: cannot save settings ({exc.strerror})"
    return None
