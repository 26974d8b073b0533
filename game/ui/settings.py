"""The trainee's settings, kept as TOML in the user's config folder.

The file holds the campaign progress, so it is never lost: each field is checked on its own and a
bad one falls back alone; a damaged file is kept aside (settings_salvage) before a new one is
written; saves are atomic and a read-only file is left alone. What happened is said in a note,
in the trainee's language.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Annotated, Any

import platformdirs
import tomli_w
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from game.ui import i18n
from game.ui.settings_salvage import (
    Damage,
    keep_aside,
    os_reason,
    read_only,
    read_table,
    write_atomically,
)

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


FIELDS = tuple(f.name for f in fields(Settings))


def _known_language(code: str) -> str:
    if code not in i18n.LANGUAGES:
        raise ValueError("unknown language")
    return code


def _offered_size(size: list[int]) -> list[int]:
    if tuple(size) not in WINDOW_SIZES:
        raise ValueError("window size not offered")
    return size


def _tidy_name(name: str) -> str:
    return " ".join("".join(ch for ch in name if ch.isprintable() or ch.isspace()).split())[:40]


class SettingsFile(BaseModel):
    """What the file may hold. Strict: TOML has real types, so "false" in quotes is no bool."""

    model_config = ConfigDict(strict=True, extra="ignore")
    language: Annotated[str, AfterValidator(_known_language)] = "id"
    volume: Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False)] = 0.7
    muted: bool = False
    window: Annotated[list[int], AfterValidator(_offered_size)] = [1280, 720]
    fullscreen: bool = False
    completed: list[str] = []
    trainee: Annotated[str, AfterValidator(_tidy_name)] = ""


def check(table: dict[str, Any]) -> tuple[Settings, list[tuple[str, str, Any]]]:
    """Settings from a TOML table, field by field, and what was wrong: (kind, field, detail).

    kind is "bad" (back to its default), "clamped" (detail: the value used), "dropped" (detail:
    how many list items were not text, of how many) or "unknown" (field: the keys, quoted).
    """
    data = {k: v for k, v in table.items() if k in FIELDS}
    problems: list[tuple[str, str, Any]] = []
    try:
        SettingsFile.model_validate(data)
    except ValidationError as exc:
        bad: set[str] = set()
        dropped: set[int] = set()
        for err in exc.errors():
            name, rest = str(err["loc"][0]), err["loc"][1:]
            if name == "completed" and rest and isinstance(rest[0], int):
                dropped.add(rest[0])  # one bad item costs that item, not the whole progress
            elif name == "volume" and err["type"] in ("greater_than_equal", "less_than_equal"):
                data[name] = min(1.0, max(0.0, data[name]))
                problems.append(("clamped", name, data[name]))
            else:
                bad.add(name)
        for name in (n for n in FIELDS if n in bad):
            del data[name]
            problems.append(("bad", name, None))
        if dropped:
            data["completed"] = [x for i, x in enumerate(data["completed"]) if i not in dropped]
            problems.append(("dropped", "completed", (len(dropped), len(table["completed"]))))
    unknown = [_shown_key(k) for k in table if k not in FIELDS]
    if unknown:
        more = ", …" if len(unknown) > 5 else ""
        problems.append(("unknown", ", ".join(unknown[:5]) + more, len(unknown)))
    model = SettingsFile.model_validate(data)
    return Settings(**(dict(model) | {"window": tuple(model.window)})), problems


def _shown_key(key: str) -> str:
    """A key from the file as a note may quote it: printable, short."""
    key = "".join(ch for ch in key if ch.isprintable())
    return f'"{key[:30]}…"' if len(key) > 30 else f'"{key}"'


def settings_path() -> Path:
    return Path(platformdirs.user_config_dir("sispamkota-trainer")) / "settings.toml"


# Damaged files that could not be kept aside: saving over them would lose them, so it is refused.
_held: set[Path] = set()


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, and a note (plain sentences, one a line) if anything was wrong."""
    path = path or settings_path()
    if not path.exists():
        return Settings(), None
    table, damage = read_table(path)
    settings, problems = check(table)
    lang, shown = settings.language, str(path)
    notes: list[str] = []
    if damage is not None:
        notes.append(_say(lang, "settings.file.damaged", file=shown, what=_what(lang, damage)))
        why, copy = read_only(path, file_too=damage.kind != "unreadable"), None
        if why is None:
            try:
                copy = keep_aside(path)
            except OSError as exc:
                why = os_reason(exc)
        if copy is None:
            _held.add(path)
            notes.append(_say(lang, "settings.file.not_kept", reason=_reason(lang, str(why))))
        else:
            _held.discard(path)
            notes.append(_say(lang, "settings.file.kept_aside", copy=str(copy)))
            notes.append(save_settings(settings, path) or "")  # the salvage, written at once
        bad = {name for kind, name, _ in problems if kind == "bad"}
        found = [_label(lang, k) for k in FIELDS if k in table and k not in bad]
        lost = [_label(lang, k) for k in FIELDS if k not in table]
        if found:
            notes.append(_say(lang, "settings.file.found", fields=", ".join(found)))
        if lost:
            notes.append(_say(lang, "settings.file.lost", fields=", ".join(lost)))
    else:
        if any(kind != "unknown" for kind, _, _ in problems):
            notes.append(_say(lang, "settings.file.some_bad", file=shown))
        missing = [_label(lang, k) for k in FIELDS if k not in table]
        # an empty file lost everything and is said; a file that only lacks some fields
        # (written by hand, or before a field existed) just takes their defaults: a note
        # on every start for that was noise, over the briefing of `main.py play FILE`
        if missing and not any(k in table for k in FIELDS):
            notes.append(_say(lang, "settings.file.missing", file=shown, fields=", ".join(missing)))
    notes += [_problem(lang, *p) for p in problems]
    return settings, "\n".join(n for n in notes if n) or None


def save_settings(settings: Settings, path: Path | None = None) -> str | None:
    """Write the settings atomically; returns a note instead of raising if they cannot be."""
    path = path or settings_path()
    lang = settings.language if settings.language in i18n.LANGUAGES else i18n.language()
    target = path.resolve() if path.is_symlink() else path  # a linked file is written through
    data = asdict(settings) | {"window": list(settings.window)}
    why = "not_kept" if path in _held else ("folder" if target.is_dir() else read_only(target))
    why = why or write_atomically(tomli_w.dumps(data).encode("utf-8"), target)
    if why:
        return _say(lang, "settings.file.save_failed", file=str(path), reason=_reason(lang, why))
    return None


# --- the note, in words -------------------------------------------------------------------------


def _say(lang: str, key: str, /, **values: Any) -> str:
    text = i18n.catalog(lang).get(key) or i18n.catalog("en").get(key) or key
    return text.format(**values)


def _label(lang: str, name: str) -> str:
    return _say(lang, f"settings.file.field.{name}")


def _reason(lang: str, key: str) -> str:
    return _say(lang, f"settings.file.reason.{key}")


def _what(lang: str, damage: Damage) -> str:
    if damage.kind == "unreadable":
        return _say(lang, "settings.file.what.unreadable", reason=_reason(lang, damage.reason))
    where = {"line": damage.line, "column": damage.column, "kib": damage.kib}
    return _say(lang, f"settings.file.what.{damage.kind}", **where)


def _problem(lang: str, kind: str, name: str, detail: Any) -> str:
    if kind == "unknown":
        return _say(lang, "settings.file.unknown", keys=name)
    label = _label(lang, name)
    if kind == "clamped":
        return _say(lang, "settings.file.clamped", field=label, value=f"{round(detail * 100)}%")
    if kind == "dropped":
        return _say(lang, "settings.file.dropped", field=label, count=detail[0], total=detail[1])
    why, default = (
        _say(lang, f"settings.file.why.{name}"),
        _say(lang, f"settings.file.default.{name}"),
    )
    return _say(lang, "settings.file.bad", field=label, why=why, default=default)
