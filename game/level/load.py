"""Read a level file and say precisely what is wrong with it when it is wrong.

An instructor who mistypes a key must be told the file, the item (by its name where it has
one), the field and what was expected. Never a traceback: whatever bytes the file holds,
`load_level` returns a Level or raises LevelError.

Values are checked strictly (a count must be a whole number, not `true` or `"400"`), so
that a slip is reported rather than silently converted.
"""

from __future__ import annotations

import ast
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
from game.level.tutorial_checks import check_tutorial

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
        raise LevelError(source, [_toml_problem(str(exc), text)]) from None
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
        problems = problems_from_validation(exc, raw)
        raise LevelError(source, _cut_off_note(text, problems) + problems) from None
    except RecursionError:
        raise LevelError(source, [_whole("values are nested too deeply")]) from None
    problems = check_references(level) + check_script(level) + check_tutorial(level)
    if problems:
        raise LevelError(source, problems)
    return level


def _whole(message: str) -> LevelProblem:
    return LevelProblem("", "", message)


def _toml_problem(message: str, text: str) -> LevelProblem:
    """tomllib says 'Invalid value (at line 3, column 9)'; put the place first, and say so
    when the file looks cut off or declares a table twice."""
    m = _TOML_WHERE.search(message)
    if m is None:
        return _whole(f"not valid TOML: {message}")
    what = message[: m.start()]
    line = None if m.group(2) is None else int(m.group(2))
    last = _last_line(text)
    if line is None or (line == last and not text.endswith("\n")):
        return _whole(_cut_off(text, _cut_what(what, text)))
    twice = _TABLE_TWICE.match(what)
    if twice is not None:
        return _table_twice(twice.group(1), line, text)
    where = f"line {line}, column {m.group(3)}"
    return LevelProblem(where, "", f"not valid TOML: {_toml_hint(what)}")


_TABLE_TWICE = re.compile(r"Cannot declare \((.*)\) twice$")
_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]#]+?)\s*\]\]?\s*(#.*)?$")
_CUT_HINTS = {
    "Unterminated string": "a text in quotes is not closed",
    "Unclosed array": "a list [ ... ] is not closed",
    "Unclosed inline table": "a table { ... } is not closed",
    "Invalid initial character for a key part": "a table { ... } or a key is not finished",
    "Expected ']' at the end of a table declaration": "a [table] header is not closed",
    "Expected ']]' at the end of an array declaration": "a [[list]] header is not closed",
    "Expected '=' after a key in a key/value pair": "a key has no value",
    "Invalid value": "a key has no value, or its value is not finished",
    "Expected newline or end of document after a statement": "a value is not finished",
}


def _cut_what(what: str, text: str) -> str:
    """What was left open where the file stops."""
    key = next((k for k in _CUT_HINTS if what.startswith(k)), "")
    tail = text.rsplit("\n", 1)[-1] if not text.endswith("\n") else ""
    if key in ("Invalid value", "Expected newline or end of document after a statement"):
        if tail.count("[") > tail.count("]"):
            return _CUT_HINTS["Unclosed array"]
        if tail.count("{") > tail.count("}"):
            return _CUT_HINTS["Unclosed inline table"]
    return _CUT_HINTS.get(key, what)


def _last_line(text: str) -> int:
    return max(1, text.count("\n") + (0 if text.endswith("\n") else 1))


def _headers(text: str) -> list[tuple[int, str, str]]:
    """Every [table] and [[list]] header: (line, name with spaces removed, brackets)."""
    out = []
    for k, line in enumerate(text.splitlines(), start=1):
        m = _HEADER.match(line)
        if m is not None:
            name = re.sub(r"\s*\.\s*", ".", m.group(2)).replace('"', "")
            out.append((k, name, m.group(1)))
    return out


def _cut_off(text: str, what: str) -> str:
    last = _last_line(text)
    inside = [h for h in _headers(text) if h[0] <= last]
    within = ""
    if inside:
        k, name, brackets = inside[-1]
        header = f"{brackets}{name}{brackets.replace('[', ']')}"
        within = f", inside {header} begun at line {k}" if k < last else f", in {header}"
    return (
        f"the file looks cut off at line {last}{within}: {what}; the rest of the file seems "
        "to be missing, so finish the last entry, or copy the file again from where it came"
    )


def _cut_off_note(text: str, problems: list[LevelProblem]) -> list[LevelProblem]:
    """Valid TOML that stops in the middle of a table: keys are missing because the end of
    the file is. Said only when the file also ends without a line break, as a cut file does."""
    if text.endswith("\n") or not text.strip():
        return []
    if not any(p.message == "required but missing" for p in problems):
        return []
    return [_whole(_cut_off(text, "it ends without a line break, in the middle of an entry"))]


def _table_twice(key: str, line: int, text: str) -> LevelProblem:
    """[map] written twice: say where the first one is."""
    try:
        parts = ast.literal_eval(f"({key})")
        name = ".".join(str(p) for p in parts) if isinstance(parts, tuple) else str(parts)
    except (ValueError, SyntaxError):
        name = key
    first = next((k for k, n, b in _headers(text) if n == name and b == "[" and k < line), None)
    if first is not None:
        earlier = f"first at line {first}"
    else:
        earlier = f"already given earlier, e.g. as {name} = {{ ... }}"
    return LevelProblem(
        f"line {line}",
        "",
        f"the table [{name}] is declared twice ({earlier}); write each table once, with all "
        "its keys under the one header",
    )


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
