"""The settings file on disk: reading one that may be damaged, keeping a damaged one aside,
writing a new one so that a failure leaves the old one whole.

A trainee's campaign progress lives in this small file, so a bad byte or a write cut short must
never cost more than the lines it touched: what still parses is kept, line by line.
"""

from __future__ import annotations

import contextlib
import errno
import itertools
import os
import re
import stat
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

MAX_BYTES = 64 * 1024  # a settings file is a few hundred bytes; past this is not ours to mend
MAX_LINES = 200
MAX_LINE = 4096  # the longest line worth mending, and how many ways to try
MAX_MENDS = 50
_AT = re.compile(r"\(at line (\d+), column (\d+)\)")
_CANNOT_PARSE = (tomllib.TOMLDecodeError, ValueError, RecursionError)


@dataclass(frozen=True)
class Damage:
    """What is wrong with the file as a whole, in terms a note can say in words."""

    kind: str  # "toml" (line, column), "cut_off" (line), "not_utf8" (line), "unreadable",
    # "folder", "too_big" (kib)
    line: int = 0
    column: int = 0
    kib: int = 0
    reason: str = ""  # for "unreadable": a key of settings.file.reason


def read_table(path: Path) -> tuple[dict[str, Any], Damage | None]:
    """The file's TOML table; for a damaged file, what could be salvaged and what was wrong."""
    if path.is_dir():
        return {}, Damage("folder")
    if not path.is_file():  # a pipe or a device would hang the read, or never end
        return {}, Damage("unreadable", reason="not_a_file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        return {}, Damage("unreadable", reason=os_reason(exc))
    if len(data) > MAX_BYTES:  # not written by the trainer: read only its head, and fast
        head = data[:MAX_BYTES].decode("utf-8", errors="replace")
        return salvage(head), Damage("too_big", kib=len(data) // 1024)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return salvage(data.decode("utf-8", errors="replace")), Damage("not_utf8", line=line)
    try:
        return tomllib.loads(text), None
    except _CANNOT_PARSE:
        return salvage(text), _where(text)


def _where(text: str) -> Damage:
    """Where tomllib gave up, as line and column; a last line without its newline was cut off."""
    last = text.count("\n") + 1
    try:
        tomllib.loads(text + "\n")
    except _CANNOT_PARSE as exc:
        at = _AT.search(str(exc))
        if at and (text.endswith("\n") or int(at[1]) < last):
            return Damage("toml", line=int(at[1]), column=int(at[2]))
    return Damage("cut_off", line=last)


def _status(lines: list[str]) -> str:
    """Whether the lines parse ("ok"), only lack an ending ("open": an array, a string) or not."""
    try:
        tomllib.loads("\n".join(lines) + "\n")
    except _CANNOT_PARSE as exc:
        return "open" if "at end of document" in str(exc) else "bad"
    return "ok"


def _mended(line: str) -> list[str]:
    """A one-line array cut off or damaged after some elements, ended after each comma in turn."""
    start = line.find("[")
    if not 0 <= line.find("=") < start:
        return []
    commas = [i for i, ch in enumerate(line[:MAX_LINE]) if ch == "," and i > start]
    return [line[:i] + "]" for i in reversed(commas[-MAX_MENDS:])]


def salvage(text: str) -> dict[str, Any]:
    """Every line that still parses with the ones kept before it; a cut-off array is closed."""
    lines = [ln for ln in text.lstrip("\ufeff").splitlines()[:MAX_LINES] if "\ufffd" not in ln]
    for _ in range(MAX_LINES):
        kept: list[str] = []
        good = 0  # kept[:good] parses on its own; kept[good:] is an array or string left open
        for line in lines:
            # The trainer writes no tables: a header is damage, and would swallow the keys after it.
            if good == len(kept) and line.lstrip().startswith("["):
                continue
            status = _status([*kept, line])
            if status == "bad" and good < len(kept) and _status([*kept, "]", line]) != "bad":
                kept.append("]")  # the open array ended before this line: close it there
                good = len(kept)
                status = _status([*kept, line])
            if status == "bad":
                line = next((m for m in _mended(line) if _status([*kept, m]) == "ok"), "")
                status = "ok" if line else "bad"
            if status != "bad":
                kept.append(line)
                good = len(kept) if status == "ok" else good
        if good < len(kept) and _status([*kept, "]"]) == "ok":
            kept.append("]")
            good = len(kept)
        if good == len(kept):
            return tomllib.loads("\n".join(kept) + "\n")
        lines = kept[:good] + kept[good + 1 :]  # the opener never closed: read on without it
    return {}


def keep_aside(path: Path, now: datetime | None = None) -> Path:
    """Keep the damaged file as <name>.bad-YYYYMMDD-HHMMSS (a counter if taken), never over another.

    A file is copied, so until a good one replaces it the original stays where the trainer reads
    it; what cannot be read or copied (a folder, a file without read permission) is moved.
    """
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    for n in itertools.count(1):
        copy = path.with_name(f"{path.name}.bad-{stamp}" + (f"-{n}" if n > 1 else ""))
        if os.path.lexists(copy):
            continue
        try:
            data = path.read_bytes() if path.is_file() else None
        except OSError:
            data = None
        if data is None:
            os.rename(path, copy)
            return copy
        try:
            with open(copy, "xb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
        except FileExistsError:
            continue
        except OSError:
            copy.unlink(missing_ok=True)
            raise
        return copy
    raise AssertionError("unreachable")


def read_only(path: Path, *, file_too: bool = True) -> str | None:
    """Why writing path is refused ("read_only_file", "read_only_folder"), or None.

    The write bits are read as well as os.access, so a file the user marked read-only stays
    untouched even for an administrator, whom the system would let write anyway.
    """
    folder = path.parent
    if folder.is_dir() and not _writable(folder):
        return "read_only_folder"
    if file_too and path.is_file() and not _writable(path):
        return "read_only_file"
    return None


def _writable(path: Path) -> bool:
    try:
        return os.access(path, os.W_OK) and bool(path.stat().st_mode & stat.S_IWUSR)
    except OSError:
        return False


def os_reason(exc: OSError) -> str:
    """The key of settings.file.reason that says in words why the system refused."""
    return {
        errno.EACCES: "permission",
        errno.EPERM: "permission",
        errno.EROFS: "read_only_disk",
        errno.ENOSPC: "disk_full",
        getattr(errno, "EDQUOT", errno.ENOSPC): "disk_full",
        errno.EISDIR: "folder",
        errno.ENOENT: "gone",
        errno.EIO: "disk_error",
    }.get(exc.errno or 0, "other")


def write_atomically(data: bytes, target: Path) -> str | None:
    """A temp file beside the target, synced, then renamed over it: the old file or the new one,
    never half of either. Returns why it failed (a settings.file.reason key), or None."""
    tmp: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
        tmp = None
    except OSError as exc:
        return os_reason(exc)
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    _sync_folder(target.parent)
    return None


def _sync_folder(folder: Path) -> None:
    """So the rename itself survives a power cut (not possible, nor needed, on every system)."""
    with contextlib.suppress(OSError, AttributeError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
