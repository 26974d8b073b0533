"""The trainee's settings file is never lost: a damaged one is kept aside and salvaged, a bad field
falls back alone, a read-only file is left alone and a save is all or nothing."""

from __future__ import annotations

import errno
import math
import os
import random
import tomllib
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import pytest

from game.ui import i18n, settings_salvage
from game.ui.settings import Settings, SettingsFile, load_settings, save_settings

SAVED = Settings(
    language="en",
    volume=0.4,
    muted=True,
    window=(1600, 900),
    fullscreen=False,
    completed=["tutorial", "massa_memanas", "anarkis"],
    trainee="Briptu Satu",
)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A settings file as the trainer itself wrote it."""
    target = tmp_path / "settings.toml"
    assert save_settings(SAVED, target) is None
    return target


def copies(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".bad-*"))


def assert_plain(note: str | None, path: Path) -> None:
    """A note a trainee can read: names the file, short sentences, no exception text."""
    assert note and str(path) in note
    for line in note.splitlines():
        assert line.endswith(".") and len(line) < 300, line
        for token in ("Error", "Errno", "(at line", "\\x", "Traceback", "settings.file."):
            assert token not in line, line


def label(language: str, name: str) -> str:
    return i18n.catalog(language)[f"settings.file.field.{name}"]


# --- a damaged file ------------------------------------------------------------------------------


def flip_one_byte(data: bytes) -> bytes:
    at = data.index(b"fullscreen =") + len("fullscreen ")
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]  # "=" becomes "<"


def cut_halfway(data: bytes) -> bytes:
    return data[: data.index(b'"anarkis"') + 4]  # in the middle of the campaign progress


DAMAGED = {
    "garbage": lambda data: random.Random(7).randbytes(300),
    "cut_off": cut_halfway,
    "flipped_byte": flip_one_byte,
    "not_utf8": lambda data: data.replace(b"Briptu", b"Br\xffptu"),
}


@pytest.mark.parametrize("damage", DAMAGED)
def test_a_damaged_file_is_kept_aside_and_what_still_reads_is_kept(path, damage):
    original = DAMAGED[damage](path.read_bytes())
    path.write_bytes(original)
    settings, note = load_settings(path)
    assert_plain(note, path)
    [copy] = copies(path)
    assert copy.read_bytes() == original and str(copy) in note
    if damage != "garbage":  # the language and the campaign progress survive the damage
        assert settings.language == "en" and "damaged" in note
        cut_at = f"stops in the middle of line {len(original.splitlines())}."
        assert (cut_at in note) == (damage == "cut_off")
        assert settings.completed[:2] == ["tutorial", "massa_memanas"]
    expected = {
        "cut_off": dict(volume=0.4, window=(1600, 900), trainee=""),
        "flipped_byte": dict(fullscreen=False, completed=SAVED.completed, trainee="Briptu Satu"),
        "not_utf8": dict(muted=True, completed=SAVED.completed, trainee=""),
        "garbage": asdict(Settings()),
    }[damage]
    assert {k: getattr(settings, k) for k in expected} == expected
    settings.volume = 0.9  # the trainee changes something: the copy still holds the original
    assert save_settings(settings, path) is None
    assert copy.read_bytes() == original
    again, note = load_settings(path)  # what was salvaged was written back, and reads cleanly
    assert note is None and again == settings


def test_a_file_far_too_large_is_kept_aside_and_its_head_read(path):
    original = path.read_bytes() + b"#" * 100_000 + b"\n"
    path.write_bytes(original)
    settings, note = load_settings(path)
    assert_plain(note, path)
    assert settings == SAVED and "97 KB" in note
    assert copies(path)[0].read_bytes() == original and len(path.read_bytes()) < 1000


def test_a_folder_where_the_file_should_be_is_moved_aside_whole(tmp_path):
    path = tmp_path / "settings.toml"
    path.mkdir()
    (path / "inside.txt").write_text("keep me")
    settings, note = load_settings(path)
    assert_plain(note, path)
    assert settings == Settings() and "folder" in note.lower()
    [copy] = copies(path)
    assert (copy / "inside.txt").read_text() == "keep me"
    assert save_settings(settings, path) is None and path.is_file()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_where_the_file_should_be_does_not_hang_the_start(tmp_path):
    path = tmp_path / "settings.toml"
    os.mkfifo(path)
    settings, note = load_settings(path)  # reading it would wait for a writer for ever
    assert_plain(note, path)
    assert settings == Settings() and "ordinary file" not in note  # said in Bahasa Indonesia
    assert "bukan berkas biasa" in note and path.is_file()


@pytest.mark.skipif(
    getattr(os, "geteuid", lambda: -1)() == 0, reason="root reads a file whatever its permissions"
)
def test_an_unreadable_file_is_moved_aside(path):
    original = path.read_bytes()
    path.chmod(0o000)
    try:
        settings, note = load_settings(path)
        assert_plain(note, path)
        assert settings == Settings()
        [copy] = copies(path)
        assert save_settings(settings, path) is None
        copy.chmod(0o600)
        assert copy.read_bytes() == original
    finally:
        for p in copies(path):
            p.chmod(0o600)


def test_a_file_that_refuses_to_be_read_is_moved_aside(path, monkeypatch):
    """The same as the chmod 000 test, for runs as root: the system says no to reading."""
    original = path.read_bytes()
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", refuse)
    settings, note = load_settings(path)
    assert_plain(note, path)
    assert settings == Settings() and "izin ditolak" in note  # no language read: Bahasa Indonesia
    monkeypatch.undo()
    [copy] = copies(path)
    assert copy.read_bytes() == original and load_settings(path) == (Settings(), None)


@pytest.mark.parametrize(
    "text, table",
    [
        ('completed = ["a", "b", "c', {"completed": ["a", "b"]}),  # cut inside a one-line array
        ('completed = ["a", "b\x01", "c"]', {"completed": ["a"]}),
        ('completed = [\n  "a",\n  "b\x01",\n  "c",\n]', {"completed": ["a", "c"]}),
        ('completed = [\n  "a",\n}\nlanguage = "en"', {"completed": ["a"], "language": "en"}),
        ('[lang\nlanguage = "en"\n[t]\nvolume = 0.5', {"language": "en", "volume": 0.5}),
        ('trainee = """Briptu\nlanguage = "en"', {"language": "en"}),  # a string never closed
    ],
)
def test_salvage_keeps_every_line_that_still_reads(text, table):
    assert settings_salvage.salvage(text) == table


def test_a_copy_never_overwrites_an_earlier_one(path):
    path.write_bytes(b"second [damage")
    stamp = datetime(2026, 12, 3, 11, 0, 0)
    earlier = path.with_name("settings.toml.bad-20261203-110000")
    earlier.write_bytes(b"first damage")
    copy = settings_salvage.keep_aside(path, now=stamp)
    assert copy.name == "settings.toml.bad-20261203-110000-2"
    assert earlier.read_bytes() == b"first damage" and copy.read_bytes() == b"second [damage"


def test_every_sentence_of_the_note_is_said_in_both_languages():
    def keys(language: str) -> set[str]:
        return {k for k in i18n.catalog(language) if k.startswith("settings.file.")}

    assert keys("id") == keys("en") and len(keys("id")) > 40


# --- one bad field ------------------------------------------------------------------------------

FILE_TEXT = {
    "language": '"en"',
    "volume": "0.4",
    "muted": "true",
    "window": "[1600, 900]",
    "fullscreen": "true",
    "completed": '["tutorial", "massa_memanas"]',
    "trainee": '"Briptu Satu"',
}
AS_READ = Settings("en", 0.4, True, (1600, 900), True, ["tutorial", "massa_memanas"], "Briptu Satu")


def write_fields(path: Path, **bad: str) -> None:
    path.write_text("".join(f"{k} = {bad.get(k, v)}\n" for k, v in FILE_TEXT.items()))


@pytest.mark.parametrize(
    "name, text, value",
    [
        ("muted", '"true"', False),  # a string is no bool, however it reads
        ("fullscreen", '"false"', False),
        ("language", '"xx"', "id"),
        ("volume", "nan", 0.7),
        ("volume", "inf", 0.7),
        ("volume", '"loud"', 0.7),
        ("volume", "true", 0.7),
        ("window", "[1, 1]", (1280, 720)),
        ("window", '["1600", "900"]', (1280, 720)),
        ("completed", "[1, {}]", []),
        ("completed", '"tutorial"', []),
        ("trainee", "42", ""),
    ],
)
def test_a_bad_field_falls_back_alone_and_the_note_names_it(path, name, text, value):
    write_fields(path, **{name: text})
    settings, note = load_settings(path)
    assert settings == Settings(**(asdict(AS_READ) | {"window": AS_READ.window, name: value}))
    language = settings.language  # the note speaks the file's language, or Bahasa Indonesia
    assert_plain(note, path)
    assert label(language, name) in note and len(note.splitlines()) == 2
    assert copies(path) == []  # the file is valid TOML: nothing to keep aside


def test_muted_false_in_quotes_is_not_read_as_true(path):
    write_fields(path, muted='"false"')
    assert load_settings(path)[0].muted is False


def test_a_volume_out_of_range_is_clamped(path):
    write_fields(path, volume="1.5")
    settings, note = load_settings(path)
    assert settings.volume == 1.0 and "100%" in note
    write_fields(path, volume="-2")
    assert load_settings(path)[0].volume == 0.0


def test_campaign_progress_loses_only_the_items_that_are_not_names(path):
    write_fields(path, completed='["tutorial", 1, {}, "anarkis"]')
    settings, note = load_settings(path)
    assert settings.completed == ["tutorial", "anarkis"] and "(2 of 4)" in note


def test_unknown_keys_are_ignored_and_mentioned(path):
    path.write_text(path.read_text() + 'colour = "blue"\n')
    settings, note = load_settings(path)
    assert settings == SAVED and '"colour"' in note and note.count("\n") == 0
    path.write_text(path.read_text() + "".join(f"extra{i} = {i}\n" for i in range(40)))
    note = load_settings(path)[1]
    assert note and note.count("\n") == 0 and "extra3" in note and "extra4" not in note


def test_a_file_the_trainer_wrote_reads_back_without_a_note(path):
    assert load_settings(path) == (SAVED, None)


# --- saving -------------------------------------------------------------------------------------


def test_a_read_only_file_is_not_replaced(path):
    before = path.read_bytes()
    path.chmod(0o444)
    note = save_settings(Settings(language="en", completed=[]), path)
    assert_plain(note, path)
    assert "read-only" in note and "not be saved" in note
    assert path.read_bytes() == before and os.listdir(path.parent) == ["settings.toml"]


def test_a_read_only_folder_is_not_written_to(path):
    before = path.read_bytes()
    path.parent.chmod(0o555)
    try:
        note = save_settings(Settings(language="en"), path)
        assert_plain(note, path)
        assert "folder is read-only" in note
        assert path.read_bytes() == before and os.listdir(path.parent) == ["settings.toml"]
    finally:
        path.parent.chmod(0o755)


def test_a_damaged_read_only_file_is_neither_moved_nor_saved_over(path):
    path.write_bytes(b"language = [\x00")
    path.chmod(0o444)
    settings, note = load_settings(path)
    assert_plain(note, path)
    assert i18n.catalog("id")["settings.file.reason.read_only_file"] in note  # no language read
    assert save_settings(settings, path) is not None
    assert path.read_bytes() == b"language = [\x00" and os.listdir(path.parent) == ["settings.toml"]


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_save_that_fails_midway_leaves_the_old_file_and_no_temp_file(path, monkeypatch, failing):
    before = path.read_bytes()

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "write":
        monkeypatch.setattr(os, "fdopen", lambda fd, mode: _FailingFile(fd))
    else:
        monkeypatch.setattr(os, failing, fail)
    note = save_settings(Settings(language="en"), path)
    monkeypatch.undo()
    assert_plain(note, path)
    assert "disk is full" in note
    assert path.read_bytes() == before and os.listdir(path.parent) == ["settings.toml"]


class _FailingFile:
    """A file whose write runs out of disk after the temp file was made."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, data: bytes) -> int:
        os.write(self.fd, data[:100])
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_save_writes_a_temp_file_beside_the_settings_then_replaces_them(path, monkeypatch):
    seen: list[tuple[str, str]] = []
    real = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append((str(src), str(dst)))
        assert Path(src).read_bytes().startswith(b'language = "id"')  # written in full first
        real(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    assert save_settings(Settings(), path) is None
    [(src, dst)] = seen
    assert Path(src).parent == path.parent and dst == str(path)
    assert load_settings(path) == (Settings(), None) and os.listdir(path.parent) == [path.name]


def test_a_linked_settings_file_is_written_through_the_link(tmp_path):
    real = tmp_path / "dotfiles" / "settings.toml"
    real.parent.mkdir()
    link = tmp_path / "settings.toml"
    link.symlink_to(real)
    assert save_settings(SAVED, link) is None
    assert link.is_symlink() and load_settings(real) == (SAVED, None)


# --- fuzz: whatever happens to the bytes, the trainer starts and the original is kept ----------


def mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(data) + 1)
        kind = rng.randrange(6)
        if kind == 0 and at < len(data):
            data = data[:at] + bytes([data[at] ^ (1 << rng.randrange(8))]) + data[at + 1 :]
        elif kind == 1:
            data = data[:at]
        elif kind == 2:
            data = data[:at] + data[at + 1 :]
        elif kind == 3:
            token = rng.choice(
                [b'"', b"[", b"]", b"=", b"\n", b'"""', b"#", b"{", b"\xff", b"\x00"]
            )
            data = data[:at] + token + data[at:]
        elif kind == 4:
            data = data[:at] + rng.randbytes(rng.randint(1, 20)) + data[at:]
        else:
            lines = data.splitlines(keepends=True)
            rng.shuffle(lines)
            data = b"".join(lines)
    return data


def is_toml(data: bytes) -> bool:
    try:
        tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return False
    return True


def test_fuzz_a_mutated_file_never_stops_the_trainer(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fsync", lambda fd: None)  # hundreds of files: the disk is not tested
    rng = random.Random(20261203)
    saved = tmp_path / "good.toml"
    save_settings(SAVED, saved)
    good = saved.read_bytes()
    damaged = 0
    for case in range(300):
        path = tmp_path / str(case) / "settings.toml"
        path.parent.mkdir()
        data = mutate(good, rng)
        path.write_bytes(data)
        settings, note = load_settings(path)
        SettingsFile.model_validate(asdict(settings) | {"window": list(settings.window)})
        assert isinstance(settings.volume, float) and math.isfinite(settings.volume)
        assert all(isinstance(x, str) for x in settings.completed)
        if is_toml(data):
            assert copies(path) == [], data
        else:
            damaged += 1
            [copy] = copies(path)
            assert_plain(note, path)
            assert save_settings(settings, path) is None and copy.read_bytes() == data
            assert load_settings(path)[1] is None  # what was salvaged now reads cleanly
    assert damaged > 150  # the mutations really did damage most files
