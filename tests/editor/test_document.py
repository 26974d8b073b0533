"""The editor's level file: what an instructor relies on when they edit and save."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from game.editor.document import KINDS, ItemRef, LevelDocument
from game.level import LevelError, load_level

LEVELS = Path(__file__).resolve().parents[2] / "levels"
SHIPPED = sorted(p for p in LEVELS.glob("*.toml") if p.name != "campaign.toml")
KPU = LEVELS / "kpu_oku_timur.toml"


def _copy(tmp_path: Path, src: Path = KPU) -> Path:
    dst = tmp_path / src.name
    shutil.copyfile(src, dst)
    return dst


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_a_shipped_level_round_trips_unchanged(path: Path, tmp_path: Path) -> None:
    doc = LevelDocument.open(path)
    assert doc.problems() == []
    out = tmp_path / "saved.toml"
    assert doc.save(out) == []
    assert out.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")
    assert load_level(out) == load_level(path)
    assert not doc.dirty


def test_an_edit_keeps_every_comment_and_the_order_of_keys(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    before = path.read_text(encoding="utf-8")
    doc = LevelDocument.open(path)
    doc.set_field(ItemRef("crowd", 0), ("count",), 150)
    doc.translate(ItemRef("squads", 0), 0.5, 0)
    assert doc.dirty
    assert doc.save() == []
    after = path.read_text(encoding="utf-8")
    comments = [line.strip() for line in before.splitlines() if line.strip().startswith("#")]
    assert comments and all(c in after for c in comments)
    keys = [line.split("=")[0].strip() for line in before.splitlines() if "=" in line]
    assert [line.split("=")[0].strip() for line in after.splitlines() if "=" in line] == keys
    level = load_level(path)
    assert level.crowd[0].count == 150
    assert level.squads[0].formation.a[0] == load_level(KPU).squads[0].formation.a[0] + 0.5
    # load -> save -> load gives the same level
    again = LevelDocument.open(path)
    assert again.save(tmp_path / "again.toml") == []
    assert load_level(tmp_path / "again.toml") == level


def test_an_invalid_level_is_never_saved_and_the_problem_is_named(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    original = path.read_bytes()
    doc = LevelDocument.open(path)
    doc.set_field(ItemRef("crowd", 0), ("spawn",), "nowhere")
    problems = doc.save()
    assert problems, "an invalid level was saved"
    assert problems[0].ref == ItemRef("crowd", 0)
    assert problems[0].field == "spawn" and "nowhere" in problems[0].text
    assert path.read_bytes() == original
    assert doc.level() is None and doc.dirty
    assert not list(tmp_path.glob(".*.tmp")), "a temporary file was left behind"


def test_a_new_level_can_be_built_and_saved(tmp_path: Path) -> None:
    doc = LevelDocument.blank(60, 40)
    assert doc.problems() == [] and doc.level() is not None
    doc.add("zones", {"name": "datang", "kind": "spawn", "rect": [2, 2, 8, 8]})
    doc.add("zones", {"name": "pulang", "kind": "exit", "rect": [50, 30, 8, 8]})
    doc.add("crowd", {"name": "massa", "count": 20, "spawn": "datang", "goal": "pulang"})
    with pytest.raises(ValueError):
        doc.save()  # no file name yet
    assert doc.save(tmp_path / "baru.toml") == []
    assert load_level(tmp_path / "baru.toml").crowd[0].count == 20


def _every_kind_of_edit(doc: LevelDocument) -> list:
    b = ItemRef("buildings", 0)
    return [
        lambda: doc.add("zones", {"name": "baru", "kind": "measure", "rect": [1, 1, 2, 2]}),
        lambda: doc.remove(ItemRef("walls", 0)),
        lambda: doc.replace(ItemRef("lines", 0), {"name": "garis", "a": [1, 1], "b": [2, 2]}),
        lambda: doc.set_field(ItemRef("crowd", 0), ("speed", "mean"), 1.1),
        lambda: doc.set_field(ItemRef("crowd", 0), ("agitation",), None),
        lambda: doc.set_top(("briefing", "rules", "en"), "Hold the gate."),
        lambda: doc.set_top("background", {"image": "plan.png", "metres_per_pixel": 0.1}),
        lambda: doc.translate(b, 2, -1),
        lambda: doc.set_point(b, ("polygon", 1), (70.25, 41)),
        lambda: doc.insert_point(b, ("polygon",), 2, (69, 50)),
        lambda: doc.remove_point(b, ("polygon",), 0),
        lambda: doc.set_point(ItemRef("zones", 0), ("rect",), (3, 4)),
        lambda: doc.set_field(ItemRef("triggers", 0), ("when", 0), {"type": "time", "after": 9}),
    ]


def test_undo_and_redo_restore_each_kind_of_edit() -> None:
    doc = LevelDocument.open(KPU)
    for k in range(len(_every_kind_of_edit(doc))):
        before = doc.text()
        _every_kind_of_edit(doc)[k]()
        after = doc.text()
        assert after != before, f"edit {k} changed nothing"
        assert doc.undo() and doc.text() == before, f"undo of edit {k}"
        assert doc.redo() and doc.text() == after, f"redo of edit {k}"
        assert doc.undo() and doc.text() == before
    assert not doc.dirty or doc.text() == KPU.read_text(encoding="utf-8")


def test_a_drag_is_one_undo_step_and_a_new_edit_drops_the_redo() -> None:
    doc = LevelDocument.open(KPU)
    before = doc.text()
    with doc.step("move"):
        for _ in range(10):
            doc.translate(ItemRef("buildings", 0), 0.5, 0)
    assert doc.item(ItemRef("buildings", 0))["polygon"][0][0] == 37
    assert doc.undo_label == "move"
    assert doc.undo() and doc.text() == before and not doc.can_undo
    doc.redo()
    doc.undo()
    doc.set_field(ItemRef("crowd", 0), ("count",), 10)
    assert not doc.can_redo


def test_moving_an_item_moves_every_point_of_it() -> None:
    doc = LevelDocument.open(KPU)
    squad = next(i for i, s in enumerate(doc.items("squads")) if s["formation"]["type"] == "line")
    old = doc.items("squads")[squad]["formation"]
    doc.translate(ItemRef("squads", squad), 1, 2)
    new = doc.items("squads")[squad]["formation"]
    for key in ("a", "b", "face"):
        assert new[key] == [old[key][0] + 1, old[key][1] + 2]
    zone = next(i for i, z in enumerate(doc.items("zones")) if "rect" in z)
    r = doc.items("zones")[zone]["rect"]
    doc.translate(ItemRef("zones", zone), -1, 0)
    assert doc.items("zones")[zone]["rect"] == [r[0] - 1, r[1], r[2], r[3]]


def test_problems_point_at_their_item() -> None:
    doc = LevelDocument.open(KPU)
    doc.set_field(ItemRef("gates", 0), ("break_force",), -1)
    doc.set_field(ItemRef("squads", 2), ("officers",), 0)
    refs = {p.ref for p in doc.problems()}
    assert ItemRef("gates", 0) in refs and ItemRef("squads", 2) in refs


def test_a_file_that_is_not_toml_is_refused_in_words(tmp_path: Path) -> None:
    bad = tmp_path / "rusak.toml"
    bad.write_text('id = "x"\ntitle = { id = "a"', encoding="utf-8")
    with pytest.raises(LevelError) as err:
        LevelDocument.open(bad)
    assert "rusak.toml" in str(err.value) and "cut off" in str(err.value)
    with pytest.raises(LevelError):
        LevelDocument.open(tmp_path / "missing.toml")


def test_fuzzed_files_open_or_are_refused_never_crash(tmp_path: Path) -> None:
    rng = random.Random(7)
    text = KPU.read_text(encoding="utf-8")
    path = tmp_path / "fuzz.toml"
    for _ in range(60):
        chars = list(text)
        for _ in range(rng.randint(1, 6)):
            k = rng.randrange(len(chars))
            op = rng.choice("dix")
            if op == "d":
                del chars[k]
            elif op == "i":
                chars.insert(k, rng.choice('[]{}="#\n.,0x'))
            else:
                chars[k] = rng.choice("[]{}=\"'\n")
        mutated = "".join(chars)[: rng.randrange(len(text) // 2, len(text) + 1)]
        path.write_text(mutated, encoding="utf-8")
        try:
            doc = LevelDocument.open(path)
        except LevelError:
            continue
        doc.problems()
        for kind in KINDS:
            doc.items(kind)


def test_every_kind_can_be_listed_and_named() -> None:
    doc = LevelDocument.open(KPU)
    assert "gerbang_utama" in doc.names("gates")
    assert doc.names("zones") == [z.name for z in load_level(KPU).zones]
    assert doc.items("ground") and doc.get("nothing") is None


def test_a_comment_after_a_value_stays_when_the_value_changes() -> None:
    doc = LevelDocument.open(LEVELS / "latihan_lanjutan.toml")
    k = next(i for i, s in enumerate(doc.items("squads")) if s.get("intel_error") is not None)
    doc.set_field(ItemRef("squads", k), ("intel_error",), 0.2)
    assert "intel_error = 0.2  # a lesson: the tag falls on the right man" in doc.text()


def test_a_saved_file_keeps_its_permissions_and_new_sections_stand_apart(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    path.chmod(0o644)
    doc = LevelDocument.open(path)
    doc.set_field(ItemRef("crowd", 0), ("count",), 150)
    assert doc.save() == []
    assert path.stat().st_mode & 0o777 == 0o644
    new = LevelDocument.blank()
    new.add("zones", {"name": "a", "kind": "measure", "rect": [1, 1, 2, 2]})
    assert "\n\n[[zones]]" in new.text()
