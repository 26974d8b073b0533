"""A level file open in the editor: its TOML text kept as written, every edit undoable.

The file is held as a tomlkit document, not as a Level, so that saving an edit keeps the
instructor's comments, key order and layout (a shipped level is mostly comments that say why
each number is what it is). Validation is the loader's own (parse_level on the text as it
would be saved), so the editor and the trainer never disagree about what a valid level is.
Undo keeps the whole text before each step: a level file is a few tens of kilobytes, and a
text snapshot restores every kind of edit, comments included, the same way.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Array, Comment, InlineTable, Item, Table, Whitespace

from game.level import Level, LevelError, LevelProblem, parse_level
from game.level.load import MAX_FILE_BYTES, load_level

KINDS: tuple[str, ...] = (
    "ground",
    "buildings",
    "walls",
    "gates",
    "zones",
    "crowd",
    "squads",
    "lines",
    "people",
    "objectives",
    "phases",
    "triggers",
)
UNDO_DEPTH = 300
DECIMALS = 3  # mm: coordinates the canvas writes are rounded so the file stays readable

Path_ = tuple[str | int, ...]
_WHERE = re.compile(r"\b([a-z_]+)\[(\d+)\]")


@dataclass(frozen=True)
class ItemRef:
    kind: str
    index: int


@dataclass(frozen=True)
class Problem:
    """One thing that keeps the level from loading, tied to its item where it has one."""

    ref: ItemRef | None
    field: str
    text: str


BLANK = """\
# A level made with the editor.
format = 1
id = "level_baru"
title = {{ id = "Level baru", en = "New level" }}
seed = 1
time_limit = 600

[map]
width = {width}
height = {height}
"""


class LevelDocument:
    def __init__(self, text: str, path: Path | None = None) -> None:
        """`text` must be TOML (LevelError otherwise); it need not be a valid level."""
        self.path = path
        self._doc = _parse(text, str(path or "<new level>"))
        self._undo: list[tuple[str, str]] = []  # (label, text before)
        self._redo: list[tuple[str, str]] = []
        self._group: str | None = None  # inside step(): the text before the first edit
        self._group_label = ""
        self._group_changed = False
        self.version = 0
        self._saved_version = 0
        self._checked: tuple[int, list[Problem], Level | None] | None = None

    # --- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> LevelDocument:
        """The file as it is on disk. LevelError when it is not a TOML file one can edit
        (unreadable, not UTF-8, broken TOML): the loader's own words for it."""
        path = Path(path)
        try:
            data = path.read_bytes()[: MAX_FILE_BYTES + 1]
            text = data.decode("utf-8") if len(data) <= MAX_FILE_BYTES else None
        except (OSError, UnicodeDecodeError):
            text = None
        if text is None:
            load_level(path)  # raises with the loader's message for this file
            raise LevelError(str(path), [LevelProblem("", "", "cannot read the file")])
        return cls(text.removeprefix("\ufeff"), path)

    @classmethod
    def blank(cls, width: float = 120, height: float = 80) -> LevelDocument:
        return cls(BLANK.format(width=_num(width), height=_num(height)))

    # --- reading ---------------------------------------------------------------------------

    def text(self) -> str:
        return tomlkit.dumps(self._doc)

    def data(self) -> dict[str, Any]:
        return _plain(self._doc.unwrap())

    def get(self, key: str | Path_) -> Any:
        path = (key,) if isinstance(key, str) else tuple(key)
        node: Any = self._doc
        for part in path:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        return _plain(_unwrap(node))

    def items(self, kind: str) -> list[dict[str, Any]]:
        _kind(kind)
        value = self._doc.get(kind)
        return [_plain(_unwrap(v)) for v in value] if value is not None else []

    def item(self, ref: ItemRef) -> dict[str, Any]:
        return _plain(_unwrap(self._node(ref)))

    def names(self, kind: str) -> list[str]:
        return [str(i["name"]) for i in self.items(kind) if isinstance(i.get("name"), str)]

    def problems(self) -> list[Problem]:
        return self._check()[0]

    def level(self) -> Level | None:
        return self._check()[1]

    @property
    def dirty(self) -> bool:
        return self.version != self._saved_version

    # --- editing ---------------------------------------------------------------------------

    def add(self, kind: str, value: dict[str, Any]) -> ItemRef:
        _kind(kind)
        with self._edit("add"):
            items = self._doc.get(kind)
            if items is None:
                if self._doc.body and not _ends_blank(self.text()):
                    self._doc.add(tomlkit.nl())  # a blank line before the new section
                self._doc.append(kind, tomlkit.aot())
                items = self._doc[kind]
            new = _table(value)
            if len(items):
                _carry_trailing_comments(items[-1], new)
            items.append(new)
            return ItemRef(kind, len(items) - 1)

    def remove(self, ref: ItemRef) -> None:
        items = self._list(ref.kind)
        _index(items, ref)
        with self._edit("remove"):
            if ref.index == len(items) - 1 and ref.index > 0:
                _carry_trailing_comments(items[ref.index], items[ref.index - 1], gap=False)
            del items[ref.index]
            if not len(items):
                del self._doc[ref.kind]

    def replace(self, ref: ItemRef, value: dict[str, Any]) -> None:
        """The item becomes `value`; keys it keeps stay where they were, with their comments."""
        node = self._node(ref)
        with self._edit("field"):
            for key in [k for k in node if k not in value]:
                del node[key]
            for key, v in value.items():
                if _plain(_unwrap(node.get(key))) != _plain(v):
                    _set(node, key, v, nested=True)

    def set_field(self, ref: ItemRef, path: Path_, value: Any) -> None:
        """One value of an item (None removes the key)."""
        if not path:
            raise ValueError("set_field needs a path")
        with self._edit("field"):
            parent = self._walk(self._node(ref), path[:-1])
            _set(parent, path[-1], value, nested=True)

    def set_top(self, key: str | Path_, value: Any) -> None:
        """A value outside the [[lists]]: title, map size, briefing text, background ..."""
        path = (key,) if isinstance(key, str) else tuple(key)
        if not path or path[0] in KINDS and len(path) == 1:
            raise ValueError(f"set_top is for single values, not the list {path!r}")
        with self._edit("field"):
            parent = self._walk(self._doc, path[:-1], make=True)
            _set(parent, path[-1], value, nested=len(path) > 1)

    def translate(self, ref: ItemRef, dx: float, dy: float) -> None:
        """Move every point of the item (a polygon's vertices, a cordon's ends and its
        facing, a zone's rectangle) by the same offset."""
        with self._edit("move"):
            _shift(self._node(ref), dx, dy)

    def set_point(self, ref: ItemRef, path: Path_, xy: tuple[float, float]) -> None:
        x, y = _round(xy[0]), _round(xy[1])
        with self._edit("point"):
            parent = self._walk(self._node(ref), path[:-1])
            old = parent[path[-1]]
            if _plain(_unwrap(old)) is not None and len(old) == 4:  # a rect: its corner
                w, h = float(old[2]), float(old[3])
                parent[path[-1]] = _array([x, y, w, h])
            else:
                parent[path[-1]] = _array([x, y])

    def insert_point(self, ref: ItemRef, path: Path_, index: int, xy: tuple[float, float]) -> None:
        with self._edit("point"):
            points = self._walk(self._node(ref), path)
            values = _plain(_unwrap(points))
            values.insert(index, [_round(xy[0]), _round(xy[1])])
            _set(self._walk(self._node(ref), path[:-1]), path[-1], values, nested=True)

    def remove_point(self, ref: ItemRef, path: Path_, index: int) -> None:
        with self._edit("point"):
            values = _plain(_unwrap(self._walk(self._node(ref), path)))
            del values[index]
            _set(self._walk(self._node(ref), path[:-1]), path[-1], values, nested=True)

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        """Edits made inside are one undo step (a drag that moves a building many times)."""
        if self._group is not None:  # nested: the outer step holds them
            yield
            return
        self._group, self._group_label, self._group_changed = self.text(), label, False
        try:
            yield
        finally:
            before, changed = self._group, self._group_changed
            self._group = None
            if changed and before != self.text():
                self._push(label, before)

    # --- history ---------------------------------------------------------------------------

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1][0] if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1][0] if self._redo else None

    def undo(self) -> bool:
        if not self._undo:
            return False
        label, before = self._undo.pop()
        self._redo.append((label, self.text()))
        self._restore(before)
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        label, after = self._redo.pop()
        self._undo.append((label, self.text()))
        self._restore(after)
        return True

    # --- saving ----------------------------------------------------------------------------

    def save(self, path: Path | None = None) -> list[Problem]:
        """Write the level when it is valid; otherwise say why and leave the file alone.
        Atomic: a crash mid-save leaves the old file, never half of the new one."""
        target = Path(path) if path is not None else self.path
        if target is None:
            raise ValueError("a new level needs a file name to be saved")
        problems = self.problems()
        if problems:
            return problems
        text = self.text()
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600; keep the file's own
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.path = target
        self._saved_version = self.version
        return []

    # --- inside ----------------------------------------------------------------------------

    @contextmanager
    def _edit(self, label: str) -> Iterator[None]:
        before = self.text() if self._group is None else None
        try:
            yield
        except BaseException:
            if before is not None:
                self._doc = _parse(before, "<undo>")
            raise
        self.version += 1
        self._redo.clear()
        if before is not None:
            if before != self.text():
                self._push(label, before)
        else:
            self._group_changed = True

    def _push(self, label: str, before: str) -> None:
        self._undo.append((label, before))
        del self._undo[:-UNDO_DEPTH]

    def _restore(self, text: str) -> None:
        self._doc = _parse(text, "<undo>")
        self.version += 1

    def _check(self) -> tuple[list[Problem], Level | None]:
        if self._checked is None or self._checked[0] != self.version:
            try:
                level: Level | None = parse_level(self.text(), str(self.path or "<new level>"))
                problems: list[Problem] = []
            except LevelError as exc:
                level, problems = None, [_problem(p) for p in exc.problems]
            self._checked = (self.version, problems, level)
        return self._checked[1], self._checked[2]

    def _list(self, kind: str) -> AoT:
        _kind(kind)
        items = self._doc.get(kind)
        if items is None:
            raise IndexError(f"the level has no {kind}")
        return items

    def _node(self, ref: ItemRef) -> Any:
        items = self._list(ref.kind)
        _index(items, ref)
        return items[ref.index]

    @staticmethod
    def _walk(node: Any, path: Path_, make: bool = False) -> Any:
        for part in path:
            if make and isinstance(part, str) and part not in node:
                node[part] = tomlkit.table() if isinstance(node, Container | Table) else {}
            node = node[part]
        return node


# --- values between Python and tomlkit ---------------------------------------------------


def _parse(text: str, source: str) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(text)
    except (TOMLKitError, ValueError, RecursionError) as exc:
        parse_level(text, source)  # the loader's words for broken TOML
        raise LevelError(source, [LevelProblem("", "", f"not valid TOML: {exc}")]) from None


def _ends_blank(text: str) -> bool:
    return text.endswith("\n\n") or not text.strip()


def _mode_for(target: Path) -> int:
    """The permissions of the file being replaced, or a new file's usual ones."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"not a list of a level: {kind!r}")


def _index(items: Any, ref: ItemRef) -> None:
    if not 0 <= ref.index < len(items):
        raise IndexError(f"{ref.kind}[{ref.index}] does not exist")


def _unwrap(node: Any) -> Any:
    return node.unwrap() if hasattr(node, "unwrap") else node


def _plain(value: Any) -> Any:
    """Lists and dicts all the way down (tomlkit returns tuples nowhere, but be sure)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _round(v: float) -> float | int:
    r = round(float(v), DECIMALS)
    return int(r) if r == int(r) and abs(r) < 1e15 else r


def _num(v: float) -> str:
    return str(_round(v))


def _array(values: list[Any]) -> Array:
    a = tomlkit.array()
    for v in values:
        a.append(_inline(v))
    return a


def _inline(value: Any) -> Any:
    if isinstance(value, dict):
        t = tomlkit.inline_table()
        for k, v in value.items():
            if v is not None:
                t[k] = _inline(v)
        return t
    if isinstance(value, list | tuple):
        arr = _array(list(value))
        if any(isinstance(v, dict) for v in value) and len(value) > 1:
            arr.multiline(True)
        return arr
    return value


def _table(value: dict[str, Any]) -> Table:
    """A new [[list]] entry: its own keys one a line, nested values inline."""
    t = tomlkit.table()
    for k, v in value.items():
        if v is not None:
            t[k] = _inline(v)
    return t


def _carry_trailing_comments(last: Table, new: Table, gap: bool = True) -> None:
    """tomlkit keeps the comment block written above the next section (`# --- lines ---`)
    in the body of the table before it: a new entry goes above that block, not below it."""
    body = last.value.body
    k = len(body)
    while k > 0 and body[k - 1][0] is None and isinstance(body[k - 1][1], Comment | Whitespace):
        k -= 1
    if not any(isinstance(item, Comment) for _, item in body[k:]):
        return
    tail = body[k:]
    del body[k:]
    if gap:
        body.append((None, Whitespace("\n")))
    else:  # back onto the entry before: drop the blank line added when it was carried off
        nb = new.value.body
        while nb and nb[-1][0] is None and isinstance(nb[-1][1], Whitespace):
            nb.pop()
    new.value.body.extend(tail)


def _set(parent: Any, key: str | int, value: Any, nested: bool) -> None:
    if value is None:
        if isinstance(key, int) or key in parent:
            del parent[key]
        return
    old = parent[key] if (isinstance(key, int) or key in parent) else None
    if isinstance(old, Table) and isinstance(value, dict):  # a [sub.table]: keep it one
        for k in [k for k in old if k not in value]:
            del old[k]
        for k, v in value.items():
            _set(old, k, v, nested=True)
        return
    if isinstance(old, InlineTable) and isinstance(value, dict):
        for k in [k for k in old if k not in value]:
            del old[k]
        for k, v in value.items():
            if _plain(_unwrap(old.get(k))) != _plain(v):
                _set(old, k, v, nested=True)
        return
    # tomlkit keeps a comment written after the old value (test_document checks it)
    parent[key] = _inline(value) if nested or isinstance(value, list | tuple) else value


_POINT_KEYS = ("a", "b", "at", "face", "enter")
_POINT_LISTS = ("polygon", "points")


def _shift(node: Any, dx: float, dy: float) -> None:
    """Every point under `node`, by key: the shapes of the level file name them plainly."""
    if not isinstance(node, dict):
        return
    for key in list(node.keys()):
        value = node[key]
        plain = _plain(_unwrap(value))
        if key == "rect" and _is_numbers(plain, 4):
            node[key] = _array([_round(plain[0] + dx), _round(plain[1] + dy), *plain[2:]])
        elif key in _POINT_KEYS and _is_numbers(plain, 2):
            node[key] = _array([_round(plain[0] + dx), _round(plain[1] + dy)])
        elif key in _POINT_LISTS and isinstance(plain, list):
            moved = [[_round(p[0] + dx), _round(p[1] + dy)] for p in plain if _is_numbers(p, 2)]
            if len(moved) == len(plain):
                keep = value.trivia.comment if isinstance(value, Item) else ""
                node[key] = _array(moved)
                if keep:
                    node[key].trivia.comment = keep
        elif isinstance(value, dict) and key == "formation":
            _shift(value, dx, dy)


def _is_numbers(v: Any, n: int) -> bool:
    return (
        isinstance(v, list)
        and len(v) == n
        and all(isinstance(x, int | float) and not isinstance(x, bool) for x in v)
    )


def _problem(p: LevelProblem) -> Problem:
    ref = None
    m = _WHERE.search(p.where)
    if m is not None and m.group(1) in KINDS:
        ref = ItemRef(m.group(1), int(m.group(2)))
    text = ": ".join(part for part in (p.where, p.field, p.message) if part)
    return Problem(ref, p.field, text)
