"""Read a level file and say precisely what is wrong with it when it is wrong.

An instructor who mistypes a key must be told the file, the item (by its name where it has
one), the field and what was expected. Never a traceback: whatever bytes the file holds,
`load_level` returns a Level or raises LevelError.

Values are checked strictly (a count must be a whole number, not `true` or `"400"`), so
that a slip is reported rather than silently converted.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from pydantic import ValidationError

from game.level.checks import MAX_SPAWN_DENSITY, check_references
from game.level.errors import LevelError, LevelProblem
from game.level.messages import problems_from_validation
from game.level.schema import Level
from game.level.script_checks import check_script

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_SPAWN_DENSITY",
    "LevelError",
    "LevelProblem",
    "check_references",
    "load_level",
    "parse_level",
]

MAX_FILE_BYTES = 2_000_000

_TOML_WHERE = re.compile(r"\s*\((at line (\d+), column (\d+)|at end of document)\)\s*$")


def load_level(path: str | Path) -> Level:
    path = Path(path)
    source = str(path)
    try:
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise LevelError(source, [_whole("no such file")]) from None
    except IsADirectoryError:
        raise LevelError(source, [_whole("is a folder, not a level file")]) from None
    except OSError as exc:
        raise LevelError(source, [_whole(f"cannot read file: {exc.strerror}")]) from None
    if len(data) > MAX_FILE_BYTES:
        msg = f"file is too large for a level (more than {MAX_FILE_BYTES} bytes)"
        raise LevelError(source, [_whole(msg)])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        msg = f"not UTF-8 text (byte {exc.start}, line {line}); save the file as UTF-8"
        raise LevelError(source, [_whole(msg)]) from None
    return parse_level(text, source)


def parse_level(text: str, source: str = "<level>") -> Level:
    text = text.removeprefix("\ufeff")  # a byte-order mark some editors write
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LevelError(source, [_toml_problem(str(exc))]) from None
    except RecursionError:
        raise LevelError(source, [_whole("not valid TOML: nested too deeply")]) from None
    if not raw:
        msg = "the file is empty (or only comments); a level needs at least id, title and [map]"
        raise LevelError(source, [_whole(msg)])
    try:
        # Through JSON so that strict mode still takes [x, y] arrays for points.
        encoded = json.dumps(raw, default=str)
        level = Level.model_validate_json(encoded, strict=True)
    except ValidationError as exc:
        raise LevelError(source, problems_from_validation(exc, raw)) from None
    except RecursionError:
        raise LevelError(source, [_whole("values are nested too deeply")]) from None
    problems = check_references(level) + check_script(level)
    if problems:
        raise LevelError(source, problems)
    return level


def _whole(message: str) -> LevelProblem:
    return LevelProblem("", "", message)


def _toml_problem(message: str) -> LevelProblem:
    """tomllib says 'Invalid value (at line 3, column 9)'; put the place first."""
    m = _TOML_WHERE.search(message)
    if m is None:
        return _whole(f"not valid TOML: {message}")
    what = message[: m.start()]
    where = "end of file" if m.group(2) is None else f"line {m.group(2)}, column {m.group(3)}"
    return LevelProblem(where, "", f"not valid TOML: {_toml_hint(what)}")


def _toml_hint(what: str) -> str:
    hints = {
        "Cannot overwrite a value": "a key is given twice",
        "Cannot declare": "a table is declared twice",
        "Unclosed array": "a list [ ... ] is not closed",
        "Unclosed inline table": "a { ... } table is not closed",
    }
    for start, hint in hints.items():
        if what.startswith(start):
            return f"{what} ({hint})"
    return what
