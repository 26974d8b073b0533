"""`python main.py preview LEVEL --out FILE.png`: the level drawn for an instructor."""

from __future__ import annotations

import struct
import subprocess
import sys

import pytest
from helpers import LEVELS, ROOT
from matplotlib.text import Text

from game.cli import main
from game.level import load_level
from game.level_preview import grid_step, preview_figure

KPU = LEVELS / "kpu_oku_timur.toml"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def drawn_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]


def test_preview_of_the_kpu_level_writes_a_png_of_a_readable_size(tmp_path, capsys):
    out = tmp_path / "not" / "yet" / "kpu.png"  # the folders are made
    assert main(["preview", str(KPU), "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    data = out.read_bytes()
    width, height = png_size(data)
    assert 1400 <= width <= 2400 and 800 <= height <= 1600
    assert len(data) > 50_000  # a drawn plan, not an empty canvas
    assert not list(out.parent.glob("*.part"))


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_named_item_of_the_kpu_level_has_its_label_on_the_plan(language):
    level = load_level(KPU)
    preview = preview_figure(level, language, "levels/kpu_oku_timur.toml")
    fig = preview.figure
    texts = drawn_texts(fig)
    named = {
        "buildings": level.buildings,
        "walls": level.walls,  # fences are walls of kind "fence"
        "gates": level.gates,
        "zones": level.zones,
        "lines": level.lines,
        "crowd": level.crowd,
        "squads": level.squads,
        "people": level.people,
    }
    assert sum(len(v) for v in named.values()) == 40  # with Sat Intelkam
    renderer = fig.canvas.get_renderer()
    inside = fig.bbox
    for section, items in named.items():
        for item in items:
            label = preview.labels[f"{section}:{item.name}"]
            assert label in fig.findobj(Text)  # drawn on this figure, not just made
            assert label.get_visible() and item.name in label.get_text()
            assert any(t == label.get_text() for t in texts)
            box = label.get_window_extent(renderer)
            assert inside.x0 <= box.x0 and box.x1 <= inside.x1, item.name
            assert inside.y0 <= box.y0 and box.y1 <= inside.y1, item.name
    people = "orang" if language == "id" else "people"
    officers = "personel" if language == "id" else "officers"
    assert f"massa: 200 {people}" in preview.labels["crowd:massa"].get_text()
    assert "26" in preview.labels["crowd:kelompok_timur"].get_text()
    assert preview.labels["squads:dalmas_lanjut"].get_text() == f"dalmas_lanjut (30 {officers})"
    assert "medic" in preview.labels["squads:dokkes"].get_text()  # kind shown when not the name
    title = level.title.id if language == "id" else level.title.en
    assert title in texts
    # the legend names every kind of zone the level has
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(legend) >= 5 + 6


def test_no_two_labels_cover_each_other_on_the_kpu_plan():
    preview = preview_figure(load_level(KPU), "en")
    renderer = preview.figure.canvas.get_renderer()
    boxes = {k: t.get_window_extent(renderer) for k, t in preview.labels.items()}
    keys = sorted(boxes)
    clashes = [
        (a, b) for i, a in enumerate(keys) for b in keys[i + 1 :] if boxes[a].overlaps(boxes[b])
    ]
    assert clashes == []


def test_the_grid_is_in_metres_and_labelled_every_5_or_10_m():
    preview = preview_figure(load_level(KPU), "en")
    ax = preview.figure.axes[0]
    xs = list(ax.xaxis.get_majorticklocs())
    ys = list(ax.yaxis.get_majorticklocs())
    assert [x for x in xs if 0 <= x <= 100] == list(range(0, 101, 5))
    assert [y for y in ys if 0 <= y <= 70] == list(range(0, 71, 5))
    assert ax.get_ylim() == (70, 0)  # y down, as in the file
    assert grid_step(100, 70) == 5 and grid_step(250, 40) == 10 and grid_step(1000, 1000) == 50


def test_a_broken_level_prints_the_loader_message_and_exits_2(tmp_path, capsys):
    broken = tmp_path / "rusak.toml"
    broken.write_text('format = 1\nid = "rusak"\n', encoding="utf-8")
    out = tmp_path / "rusak.png"
    assert main(["preview", str(broken), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{broken}: title: required but missing" in err
    assert not out.exists()


def test_an_out_path_that_cannot_be_a_png_is_reported(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["preview", str(KPU), "--out", str(blocker / "kpu.png")]) == 2
    assert f"{blocker}: is a file, not a folder" in capsys.readouterr().err
    assert main(["preview", str(KPU), "--out", str(tmp_path / "kpu.jpg")]) == 2
    assert ".png" in capsys.readouterr().err
    assert main(["preview", str(KPU), "--out", str(tmp_path)]) == 0  # a folder: FILE.png in it
    assert (tmp_path / "kpu_oku_timur.png").is_file()


def test_the_preview_reads_the_level_model_only():
    code = (
        "import sys, game.level_preview;"
        "bad = sorted(m for m in sys.modules if m.startswith(('game.sim', 'pygame')));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
