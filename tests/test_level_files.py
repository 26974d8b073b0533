"""Level files: every shipped level loads and is geometrically sound, and every kind of
broken file is refused with one clear line naming the file, the item and the key.

No pygame here; broken files are written to tmp_path.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from scipy import ndimage

from game.level import Level, LevelError, load_level, parse_level

ROOT = Path(__file__).resolve().parents[1]
LEVELS = sorted(p for p in (ROOT / "levels").glob("*.toml") if p.name != "campaign.toml")
KPU = ROOT / "levels" / "kpu_oku_timur.toml"
# The loader tests below mutate a frozen copy of the site, whose text and lines stay put.
KPU_SITE = ROOT / "tests" / "level" / "data" / "kpu_site.toml"
DOCS = ROOT / "docs" / "levels.md"


# --- the shipped levels ----------------------------------------------------------------


def test_the_shipped_levels_are_there() -> None:
    names = {p.name for p in LEVELS}
    assert {"kpu_oku_timur.toml", "lapangan_latihan.toml"} <= names


@pytest.mark.parametrize("path", LEVELS, ids=lambda p: p.name)
def test_every_level_loads(path: Path) -> None:
    level = load_level(path)
    assert level.id == path.stem
    assert level.title.id and level.title.en
    assert level.crowd and level.squads


@pytest.mark.parametrize("path", LEVELS, ids=lambda p: p.name)
def test_every_gate_sits_exactly_between_wall_ends(path: Path) -> None:
    level = load_level(path)
    ends = {tuple(w.points[0]) for w in level.walls} | {tuple(w.points[-1]) for w in level.walls}
    for gate in level.gates:
        assert tuple(gate.a) in ends, f"gate {gate.name}: a {gate.a} is no wall end"
        assert tuple(gate.b) in ends, f"gate {gate.name}: b {gate.b} is no wall end"


@pytest.mark.parametrize("path", LEVELS, ids=lambda p: p.name)
def test_every_crowd_can_walk_to_its_goal(path: Path) -> None:
    """With gates passable, as the navigation plans, each goal is reachable from its spawn."""
    level = load_level(path)
    walkable = _walkable(level, gates_block=False)
    for group in level.crowd:
        reached = _reachable(level, walkable, group.spawn)
        assert _any_in_zone(level, reached, group.goal), f"{group.name} cannot reach its goal"


def test_kpu_compound_is_closed_except_through_the_gates() -> None:
    level = load_level(KPU)
    walkable = _walkable(level, gates_block=True)
    for spawn in ("spawn_barat", "spawn_timur"):
        reached = _reachable(level, walkable, spawn)
        assert not _any_in_zone(level, reached, "halaman_kpu"), f"a way in from {spawn}"
        assert _any_in_zone(level, reached, "depan_gerbang")
        assert _any_in_zone(level, reached, "keluar_barat")
        assert _any_in_zone(level, reached, "keluar_timur")


def test_kpu_level_is_the_drill() -> None:
    level = load_level(KPU)
    assert (level.map.width, level.map.height) == (100, 70)
    kinds = {z.name: z.kind for z in level.zones}
    assert kinds["halaman_kpu"] == "goal"
    assert kinds["depan_gerbang"] == "measure"
    assert sorted(k for k in kinds.values() if k == "exit") == ["exit", "exit"]
    assert "deploy" in kinds.values()
    gate = next(g for g in level.gates if g.name == "gerbang_utama")
    assert abs(abs(gate.b[0] - gate.a[0]) - 6) < 1e-9
    crowd = {g.name: g for g in level.crowd}
    assert crowd["massa"].count == 200 and crowd["massa"].spawn_rate > 0
    assert crowd["penyandera"].agitation > crowd["massa"].agitation
    squads = {s.name: s for s in level.squads}
    kinds = {s.kind for s in squads.values()}
    assert {"dalmas_awal", "dalmas_lanjut", "brimob", "tni", "medic", "kapolres"} <= kinds
    # The drill's beats, in order, each a phase the trainee sees named.
    assert [p.name for p in level.phases] == [
        "aksi_damai",
        "tekanan",
        "anarkis",
        "sandera",
        "dibebaskan",
        "pemulihan",
        "kapolres_turun",
        "bubar",
    ]
    office = next(b for b in level.buildings if b.name == "kantor_kpu")
    assert office.label is not None and "OKU Timur" in office.label.id


def test_the_example_in_the_docs_loads() -> None:
    block = re.search(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    assert block is not None
    level = parse_level(block.group(1), "docs/levels.md")
    assert level.id == "contoh_gerbang"


# --- broken files -----------------------------------------------------------------------


def _kpu_with(old: str, new: str) -> str:
    text = KPU_SITE.read_text(encoding="utf-8")
    assert old in text, f"the KPU level no longer contains {old!r}"
    return text.replace(old, new, 1)


def _refused(path: Path) -> list[str]:
    """The loader's lines for a file it must refuse; each must start with the file name."""
    with pytest.raises(LevelError) as info:
        load_level(path)
    lines = str(info.value).splitlines()
    assert lines, "an empty error message"
    for line in lines:
        assert line.startswith(f"{path}: "), line
        assert "Traceback" not in line and "Input should" not in line, line
        assert "pydantic" not in line.lower(), line
    return lines


def _one_problem(tmp_path: Path, text: str | bytes) -> str:
    path = tmp_path / "broken.toml"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    lines = _refused(path)
    assert len(lines) == 1, "\n".join(lines)
    return lines[0].removeprefix(f"{path}: ")


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with('spawn = "spawn_barat"', 'spwan = "spawn_barat"'))
    assert (
        msg == 'crowd "massa" (crowd[0]): spwan: "spwan" is not a known key; did you mean "spawn"?'
    )


def test_unknown_key_in_a_nested_table(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("mean = 1.3", "maen = 1.3"))
    assert (
        msg
        == 'crowd "massa" (crowd[0]): speed.maen: "maen" is not a known key; did you mean "mean"?'
    )


def test_unknown_key_inside_a_formation(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("ranks = 2, face", "rank = 2, face"))
    assert msg.startswith('squad "dalmas_lanjut" (squads[1]): formation.rank: ')
    assert 'did you mean "ranks"?' in msg


def test_misspelt_section_name(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("[[lines]]", "[[line]]"))
    assert msg.startswith('line: "line" is not a known key; did you mean "lines"?')


def test_section_written_with_single_brackets(tmp_path: Path) -> None:
    text = KPU_SITE.read_text(encoding="utf-8")
    head, _, _ = text.partition("[[squads]]")
    msg = _one_problem(tmp_path, head + '[squads]\nname = "x"\n')
    assert msg.startswith("squads: expected a list")
    assert "[[squads]]" in msg


def test_missing_required_field(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("count = 400\n", ""))
    assert msg == 'crowd "massa" (crowd[0]): count: required but missing'


def test_missing_top_level_field(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with('id = "kpu_oku_timur"\n', ""))
    assert msg == "id: required but missing"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("count = 400", 'count = "banyak"', 'count: expected a whole number (got "banyak")'),
        ("count = 400", "count = 400.5", "count: expected a whole number (got 400.5)"),
        ("count = 400", "count = true", "count: expected a whole number (got true)"),
        ("count = 400", 'count = "400"', 'count: expected a whole number (got "400")'),
        ("agitation = 0.3", 'agitation = "tinggi"', 'agitation: expected a number (got "tinggi")'),
        ("agitation = 0.3", "agitation = nan", "agitation: expected a finite number"),
        ("agitation = 0.3", "agitation = 1.5", "agitation: must be at most 1 (got 1.5)"),
        ("spawn_rate = 8", "spawn_rate = -8", "spawn_rate: must be at least 0 (got -8)"),
        (
            'goal = "halaman_kpu"',
            "goal = 3",
            'goal: expected text in double quotes, like "..." (got 3)',
        ),
        ('name = "massa"', 'name = "massa besar"', "name: a name may use only letters, digits"),
        ("mean = 1.3", 'mean = "cepat"', 'speed.mean: expected a number (got "cepat")'),
    ],
)
def test_wrong_type_or_range_in_a_crowd(tmp_path: Path, old: str, new: str, expected: str) -> None:
    msg = _one_problem(tmp_path, _kpu_with(old, new))
    assert re.match(r'crowd "massa( besar)?" \(crowd\[0\]\): ', msg), msg
    assert expected in msg, msg


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("a = [47, 15]", "a = [47]", "a: expected a point [x, y] of 2 numbers, got 1"),
        ("a = [47, 15]", "a = [47, 15, 0]", "a: expected a point [x, y] of 2 numbers, got 3"),
        ("a = [47, 15]", 'a = "47, 15"', 'a: expected a point [x, y] of 2 numbers (got "47, 15")'),
        ("a = [47, 15]", 'a = [47, "x"]', 'a[1]: expected a number (got "x")'),
        ("mass = 250", 'mass = "berat"', 'mass: expected a number (got "berat")'),
        ("break_force = 12000", "break_force = inf", "break_force: expected a finite number"),
        ("break_force = 12000", "break_force = 0", "break_force: must be greater than 0 (got 0)"),
        ("a = [47, 15]", "a = [52.8, 15]", "a gate must be at least 0.5 m long"),
    ],
)
def test_wrong_value_in_a_gate(tmp_path: Path, old: str, new: str, expected: str) -> None:
    msg = _one_problem(tmp_path, _kpu_with(old, new))
    assert msg.startswith('gate "gerbang_utama" (gates[0]): '), msg
    assert expected in msg, msg


def test_open_must_be_true_or_false(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("mass = 60", 'mass = 60\nopen = "ya"'))
    assert msg == 'gate "pintu_samping" (gates[1]): open: expected true or false (got "ya")'


def test_rect_with_a_negative_width(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("rect = [44, 6, 12, 8]", "rect = [44, 6, -12, 8]"))
    assert msg.startswith('zone "depan_gerbang" (zones[5]): rect[2]: width must be greater than 0')


def test_zone_without_a_shape(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("rect = [44, 6, 12, 8]\n", ""))
    assert msg.startswith('zone "depan_gerbang" (zones[5]): needs a shape: rect = ')


def test_polygon_with_two_points(tmp_path: Path) -> None:
    old = "polygon = [[76, 46], [92, 46], [92, 62], [76, 62]]"
    msg = _one_problem(tmp_path, _kpu_with(old, "polygon = [[76, 46], [92, 46]]"))
    assert (
        msg == 'building "gudang_logistik" (buildings[1]): polygon: needs at least 3 points, got 2'
    )


def test_unknown_formation_type(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with('type = "column"', 'type = "circle"'))
    assert msg == (
        'squad "brimob" (squads[2]): formation.type: "circle" is not a formation; '
        'expected one of "line", "column", "wedge"'
    )


def test_formation_without_type(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with('type = "column", ', ""))
    assert msg.startswith('squad "brimob" (squads[2]): formation.type: required but missing')
    assert '"line", "column", "wedge"' in msg


def test_unknown_kind_suggests_the_right_one(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with('kind = "brimob"', 'kind = "brimo"'))
    assert msg.startswith('squad "brimob" (squads[2]): kind: expected one of "dalmas_awal", ')
    assert msg.endswith('(got "brimo"); did you mean "brimob"?')


def test_ranks_must_be_one_or_two(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("ranks = 2", "ranks = 3"))
    assert msg == 'squad "dalmas_lanjut" (squads[1]): formation.ranks: expected one of 1, 2 (got 3)'


def test_wrong_format_version(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("format = 1", "format = 2"))
    assert msg == "format: this trainer reads level format 1 (got 2)"


def test_title_must_be_a_table(tmp_path: Path) -> None:
    text = re.sub(
        r"^title = .*$", 'title = "KPU"', KPU_SITE.read_text(encoding="utf-8"), flags=re.M
    )
    msg = _one_problem(tmp_path, text)
    assert msg == 'title: expected a table { ... } with keys en, id (got "KPU")'


def test_unknown_zone_named_by_a_crowd(tmp_path: Path) -> None:
    text = _kpu_with('goal = "halaman_kpu"\nspawn_rate = 8', 'goal = "halaman_kp"\nspawn_rate = 8')
    msg = _one_problem(tmp_path, text)
    assert msg == (
        'crowd "massa" (crowd[0]): goal: there is no zone named "halaman_kp"; '
        'did you mean "halaman_kpu"?'
    )


def test_crowd_must_start_in_a_spawn_zone(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with('spawn = "spawn_barat"', 'spawn = "depan_gerbang"'))
    assert msg.startswith('crowd "massa" (crowd[0]): spawn: zone "depan_gerbang" is a measure zone')


def test_point_outside_the_map(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("a = [47, 15]", "a = [147, 15]"))
    assert msg == (
        'gate "gerbang_utama" (gates[0]): a: point (147, 15) lies outside the map '
        "(x 0..100, y 0..70 m)"
    )


def test_point_outside_the_map_in_a_formation(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("at = [69, 33]", "at = [69, -3]"))
    assert msg.startswith('squad "brimob" (squads[2]): formation.at: point (69, -3) lies outside')


def test_duplicate_names(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with('name = "provokator"', 'name = "massa"'))
    assert msg == (
        'crowd "massa" (crowd[1]): name: the name "massa" is already used by crowd[0]; '
        "names must differ within a section"
    )


def test_crowd_that_does_not_fit_its_spawn_zone(tmp_path: Path) -> None:
    text = _kpu_with("count = 400\n", "count = 900\n").replace("spawn_rate = 8\n", "", 1)
    msg = _one_problem(tmp_path, text)
    assert msg.startswith(
        'crowd "massa" (crowd[0]): count: 900 people do not fit in spawn zone "spawn_barat" '
        "(126 m², room for 441)"
    )


def test_spawn_rate_lets_a_large_crowd_arrive_over_time(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(_kpu_with("count = 400\n", "count = 5000\n"), encoding="utf-8")
    assert load_level(path).crowd[0].count == 5000


def test_goal_zone_overlapping_a_building(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("rect = [40, 34, 20, 7]", "rect = [40, 34, 20, 12]"))
    assert msg.startswith('zone "halaman_kpu" (zones[2]): rect: overlaps building "kantor_kpu"')


def test_spawn_zone_crossed_by_a_fence(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("rect = [4, 2.5, 14, 9]", "rect = [4, 2.5, 14, 14]"))
    assert msg.startswith(
        'zone "spawn_barat" (zones[0]): rect: fence "pagar_depan_barat" runs through this spawn'
    )


def test_squad_inside_a_building(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _kpu_with("at = [69, 33]", "at = [50, 50]"))
    assert msg == (
        'squad "brimob" (squads[2]): formation.at: point (50, 50) lies inside building "kantor_kpu"'
    )


def test_building_must_be_convex(tmp_path: Path) -> None:
    old = "polygon = [[76, 46], [92, 46], [92, 62], [76, 62]]"
    l_shape = "polygon = [[76, 46], [92, 46], [92, 62], [84, 62], [84, 54], [76, 54]]"
    msg = _one_problem(tmp_path, _kpu_with(old, l_shape))
    assert msg.startswith('building "gudang_logistik" (buildings[1]): polygon: the outline has ')
    assert "convex" in msg


def test_line_too_short_for_its_officers(tmp_path: Path) -> None:
    msg = _one_problem(
        tmp_path, _kpu_with("a = [44, 18], b = [56, 18]", "a = [49, 18], b = [51, 18]")
    )
    assert msg.startswith('squad "dalmas_awal" (squads[0]): formation: 20 officers in 1 rank need')


def test_several_problems_are_all_listed(tmp_path: Path) -> None:
    text = _kpu_with("count = 400", 'count = "x"').replace("ranks = 2", "ranks = 5")
    path = tmp_path / "two.toml"
    path.write_text(text, encoding="utf-8")
    lines = _refused(path)
    assert len(lines) == 2
    assert "count: expected a whole number" in lines[0]
    assert "formation.ranks: expected one of 1, 2" in lines[1]


def test_toml_syntax_error_gives_the_line(tmp_path: Path) -> None:
    text = _kpu_with("count = 400", "count = 400 orang")
    line = text.splitlines().index("count = 400 orang") + 1
    msg = _one_problem(tmp_path, text)
    assert msg.startswith(f"line {line}, column 13: not valid TOML: ")


def test_key_given_twice(tmp_path: Path) -> None:
    text = _kpu_with("count = 400", "count = 400\ncount = 300")
    line = text.splitlines().index("count = 300") + 1
    msg = _one_problem(tmp_path, text)
    assert msg.startswith(f"line {line}, ")
    assert "a key is given twice" in msg


def test_deeply_nested_value_is_refused_not_a_crash(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, "x = " + "[" * 5000)
    assert "not valid TOML" in msg


@pytest.mark.parametrize("fraction", [0.02, 0.1, 0.25, 0.33, 0.5, 0.61, 0.75, 0.9, 0.99])
def test_file_cut_off_is_refused_or_loads(tmp_path: Path, fraction: float) -> None:
    data = KPU_SITE.read_bytes()
    cut = int(len(data) * fraction)
    path = tmp_path / "cut.toml"
    for offset in range(cut, min(cut + 40, len(data))):
        path.write_bytes(data[:offset])
        try:
            level = load_level(path)
        except LevelError as exc:
            assert str(exc).startswith(f"{path}: "), str(exc)
        else:
            assert isinstance(level, Level)


def test_every_cut_of_the_kpu_level_is_handled() -> None:
    """Coarser, but over the whole file: never an exception other than LevelError."""
    text = KPU_SITE.read_text(encoding="utf-8")
    for offset in range(0, len(text), 7):
        try:
            parse_level(text[:offset], "cut.toml")
        except LevelError as exc:
            assert all(line.startswith("cut.toml: ") for line in str(exc).splitlines())


def test_cut_in_the_middle_of_a_string(tmp_path: Path) -> None:
    text = KPU_SITE.read_text(encoding="utf-8")
    msg = _one_problem(tmp_path, text[: text.index("Kantor KPU Kabupaten") + 6])
    assert msg.startswith("the file looks cut off at line 20: a text in quotes is not closed")


def test_empty_file(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, "")
    assert msg.startswith("the file is empty")


def test_file_of_comments_only(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, "# nothing yet\n\n")
    assert msg.startswith("the file is empty")


def test_non_utf8_bytes(tmp_path: Path) -> None:
    data = KPU_SITE.read_bytes().replace(b"Kantor KPU", "Kantor \xd7 KPU".encode("latin-1"), 1)
    msg = _one_problem(tmp_path, data)
    assert msg.startswith("not UTF-8 text (byte ")
    assert "save the file as UTF-8" in msg


def test_utf16_file(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, KPU_SITE.read_text(encoding="utf-8").encode("utf-16"))
    assert msg.startswith("not UTF-8 text")


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + KPU_SITE.read_bytes())
    assert load_level(path).id == "kpu_oku_timur"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "tidak_ada.toml"
    assert _refused(path) == [f"{path}: no such file"]


def test_folder_instead_of_a_file(tmp_path: Path) -> None:
    assert _refused(tmp_path) == [f"{tmp_path}: is a folder, not a level file"]


def test_binary_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.toml"
    path.write_bytes(bytes(range(256)) * 4)
    assert len(_refused(path)) == 1


# --- crowd psychology, protected people and objectives -----------------------------------

# A small level that writes every key of the crowd's mind, every squad kind, a protected
# person, every kind of objective and the wind, each with a value other than its default.
EVERY_KEY = """
format = 1
id = "semua_kunci"
title = { id = "Semua kunci baru", en = "Every new key" }
seed = 3
wind = [-0.5, 0.2]

[map]
width = 60
height = 40

[[buildings]]
name = "kantor"
polygon = [[20, 30], [40, 30], [40, 38], [20, 38]]

[[walls]]
name = "pagar_kiri"
kind = "fence"
points = [[0, 12], [27, 12]]

[[walls]]
name = "pagar_kanan"
kind = "fence"
points = [[33, 12], [60, 12]]

[[gates]]
name = "gerbang"
a = [27, 12]
b = [33, 12]
break_force = 12000

[[zones]]
name = "datang"
kind = "spawn"
rect = [1, 1, 10, 9]

[[zones]]
name = "pulang"
kind = "exit"
rect = [57, 1, 3, 9]

[[zones]]
name = "halaman"
kind = "goal"
rect = [22, 22, 16, 6]

[[crowd]]
name = "massa"
count = 100
spawn = "datang"
goal = "halaman"
agitation = 0.2
roles = { korlap = 2, provokator = 5, bystander = 10 }
grievance = 0.6
risk_aversion = 0.2
legitimacy = 0.5
sit_in = true

[[crowd]]
name = "boneka"
count = 10
spawn = "datang"
goal = "halaman"
agitation = 0.5
roles = { korlap = 0 }
mind = false

[[squads]]
name = "awal"
kind = "dalmas_awal"
officers = 12
formation = { type = "line", a = [24, 15], b = [36, 15], face = [30, 5] }

[[squads]]
name = "lanjut"
kind = "dalmas_lanjut"
officers = 20
formation = { type = "line", a = [23, 18], b = [37, 18], ranks = 2, face = [30, 5] }

[[squads]]
name = "brimob"
kind = "brimob"
officers = 10
formation = { type = "column", at = [50, 20], face = [30, 5] }

[[squads]]
name = "tni"
kind = "tni"
officers = 10
formation = { type = "wedge", at = [10, 20], face = [30, 5] }

[[squads]]
name = "nego"
kind = "negotiator"
officers = 2
formation = { type = "column", at = [30, 13.5], face = [30, 5] }

[[squads]]
name = "kapolres"
kind = "kapolres"
officers = 3
formation = { type = "column", at = [45, 16], face = [30, 5] }

[[squads]]
name = "reskrim"
kind = "reskrim"
officers = 4
formation = { type = "column", at = [15, 16], face = [30, 5] }

[[squads]]
name = "meriam"
kind = "water_cannon"
officers = 1
formation = { type = "column", at = [50, 26], face = [30, 5] }

[[squads]]
name = "medis"
kind = "medic"
officers = 2
formation = { type = "column", at = [10, 26], face = [30, 5] }

[[people]]
name = "ketua_kpu"
label = { id = "Ketua KPU", en = "KPU chair" }
at = [30, 29]

[[objectives]]
type = "keep_zone_clear"
zone = "halaman"
max_people = 5

[[objectives]]
type = "protect_person"
person = "ketua_kpu"
label = { id = "Lindungi Ketua KPU", en = "Protect the KPU chair" }

[[objectives]]
type = "disperse_by"
seconds = 600
share = 0.8

[[objectives]]
type = "arrest_provocateurs"
share = 0.6
"""


def _every_key_with(old: str, new: str) -> str:
    assert old in EVERY_KEY, f"the test level no longer contains {old!r}"
    return EVERY_KEY.replace(old, new, 1)


def test_a_level_using_every_new_key_loads() -> None:
    level = parse_level(EVERY_KEY, "every_key.toml")
    massa, boneka = level.crowd
    assert (massa.roles.korlap, massa.roles.provokator, massa.roles.bystander) == (2, 5, 10)
    assert (massa.grievance, massa.risk_aversion, massa.legitimacy) == (0.6, 0.2, 0.5)
    assert massa.sit_in and massa.mind
    assert not boneka.mind and not boneka.sit_in and boneka.roles.korlap == 0
    assert {s.kind for s in level.squads} == {
        "dalmas_awal",
        "dalmas_lanjut",
        "brimob",
        "tni",
        "negotiator",
        "kapolres",
        "reskrim",
        "water_cannon",
        "medic",
    }
    assert [(p.name, p.at, p.label.en) for p in level.people] == [
        ("ketua_kpu", (30, 29), "KPU chair")
    ]
    assert [o.type for o in level.objectives] == [
        "keep_zone_clear",
        "protect_person",
        "disperse_by",
        "arrest_provocateurs",
    ]
    keep, protect, disperse, arrest = level.objectives
    assert keep.zone == "halaman" and keep.max_people == 5
    assert protect.person == "ketua_kpu" and protect.label is not None
    assert disperse.seconds == 600 and disperse.share == 0.8
    assert arrest.share == 0.6
    assert level.wind == (-0.5, 0.2)


def test_the_new_keys_have_their_documented_defaults() -> None:
    text = EVERY_KEY.replace("wind = [-0.5, 0.2]\n", "")
    text = text.replace("roles = { korlap = 0 }\n", "").replace("mind = false\n", "")
    level = parse_level(text, "defaults.toml")
    boneka = level.crowd[1]
    assert (boneka.roles.korlap, boneka.roles.provokator, boneka.roles.bystander) == (1, 0, 0)
    assert (boneka.grievance, boneka.risk_aversion, boneka.legitimacy) == (0.4, 0.3, 0.6)
    assert boneka.mind and not boneka.sit_in
    assert level.wind == (0.3, 0.0)


def test_roles_may_fill_the_whole_group() -> None:
    text = _every_key_with("bystander = 10 }", "bystander = 93 }")
    assert parse_level(text).crowd[0].roles.bystander == 93


def test_roles_must_fit_in_the_count(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _every_key_with("bystander = 10 }", "bystander = 94 }"))
    assert msg == (
        'crowd "massa" (crowd[0]): roles: 2 korlap + 5 provokator + 94 bystander make 101 '
        "people, more than the group's count of 100; lower the roles or raise count"
    )


def test_a_misspelt_role_suggests_the_right_one(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _every_key_with("provokator = 5", "provocateur = 5"))
    assert msg == (
        'crowd "massa" (crowd[0]): roles.provocateur: "provocateur" is not a known key; '
        'did you mean "provokator"?'
    )


def test_objective_naming_an_unknown_zone(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _every_key_with('zone = "halaman"', 'zone = "halamn"'))
    assert msg == 'objectives[0]: zone: there is no zone named "halamn"; did you mean "halaman"?'


def test_objective_naming_an_unknown_person(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _every_key_with('person = "ketua_kpu"', 'person = "ketua"'))
    assert msg == (
        'objectives[1]: person: there is no person named "ketua"; did you mean "ketua_kpu"?'
    )


def test_objective_naming_a_person_when_there_are_none(tmp_path: Path) -> None:
    start = EVERY_KEY.index("[[people]]")
    text = EVERY_KEY[:start] + EVERY_KEY[EVERY_KEY.index("[[objectives]]") :]
    msg = _one_problem(tmp_path, text)
    assert msg == (
        'objectives[1]: person: there is no person named "ketua_kpu" (the level has no '
        '[[people]]; add one with name = "ketua_kpu")'
    )


def test_unknown_objective_type(tmp_path: Path) -> None:
    msg = _one_problem(
        tmp_path, _every_key_with('type = "keep_zone_clear"', 'type = "keep_zone_clr"')
    )
    assert msg.startswith('objectives[0]: type: "keep_zone_clr" is not an objective; expected ')
    assert msg.endswith('did you mean "keep_zone_clear"?')


def test_people_names_must_differ(tmp_path: Path) -> None:
    second = '[[people]]\nname = "ketua_kpu"\nlabel = { id = "Sekretaris", en = "Secretary" }\n'
    text = _every_key_with("[[objectives]]", second + "at = [35, 29]\n\n[[objectives]]")
    msg = _one_problem(tmp_path, text)
    assert msg == (
        'person "ketua_kpu" (people[1]): name: the name "ketua_kpu" is already used by '
        "people[0]; names must differ within a section"
    )


def test_person_outside_the_map(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _every_key_with("at = [30, 29]", "at = [30, 41]"))
    assert msg == (
        'person "ketua_kpu" (people[0]): at: point (30, 41) lies outside the map '
        "(x 0..60, y 0..40 m)"
    )


def test_person_inside_a_building(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _every_key_with("at = [30, 29]", "at = [30, 34]"))
    assert msg == (
        'person "ketua_kpu" (people[0]): at: point (30, 34) lies inside building "kantor"; '
        "place the person outside it (e.g. at its door)"
    )


def test_person_on_a_building_wall_is_outside_it() -> None:
    assert parse_level(_every_key_with("at = [30, 29]", "at = [30, 30]")).people[0].at == (30, 30)


def test_person_needs_a_label(tmp_path: Path) -> None:
    msg = _one_problem(
        tmp_path, _every_key_with('label = { id = "Ketua KPU", en = "KPU chair" }\n', "")
    )
    assert msg == 'person "ketua_kpu" (people[0]): label: required but missing'


def test_dispersal_objective_needs_an_exit(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _every_key_with('kind = "exit"', 'kind = "measure"'))
    assert msg == (
        'objectives[2]: type: disperse_by needs at least one zone of kind "exit": the crowd '
        "disperses by walking to the nearest exit, and without one nobody can leave; add an "
        "exit zone or remove this objective"
    )


def test_arrest_objective_needs_provocateurs(tmp_path: Path) -> None:
    msg = _one_problem(tmp_path, _every_key_with("provokator = 5", "provokator = 0"))
    assert msg == (
        "objectives[3]: type: arrest_provocateurs needs provocateurs to arrest, but no crowd "
        "group has any; set roles.provokator in a [[crowd]] group or remove this objective"
    )


def test_water_cannon_is_one_vehicle(tmp_path: Path) -> None:
    text = _every_key_with(
        'kind = "water_cannon"\nofficers = 1', 'kind = "water_cannon"\nofficers = 2'
    )
    msg = _one_problem(tmp_path, text)
    assert msg == (
        'squad "meriam" (squads[7]): officers: a water_cannon squad is one vehicle, so '
        "officers must be 1; give each further vehicle its own [[squads]] entry (got 2)"
    )


def test_kapolres_comes_with_at_most_two_aides(tmp_path: Path) -> None:
    text = _every_key_with('kind = "kapolres"\nofficers = 3', 'kind = "kapolres"\nofficers = 4')
    msg = _one_problem(tmp_path, text)
    assert msg == (
        'squad "kapolres" (squads[5]): officers: a kapolres squad is the Kapolres with at most '
        "two aides, so officers must be at most 3 (got 4)"
    )


def test_every_new_problem_is_listed_at_once(tmp_path: Path) -> None:
    text = (
        _every_key_with("bystander = 10 }", "bystander = 99 }")
        .replace('zone = "halaman"', 'zone = "tidak_ada"')
        .replace("at = [30, 29]", "at = [30, 34]")
        .replace('kind = "water_cannon"\nofficers = 1', 'kind = "water_cannon"\nofficers = 3')
    )
    path = tmp_path / "many.toml"
    path.write_text(text, encoding="utf-8")
    lines = [line.removeprefix(f"{path}: ") for line in _refused(path)]
    assert [line.split(": ")[0:2] for line in lines] == [
        ['crowd "massa" (crowd[0])', "roles"],
        ['squad "meriam" (squads[7])', "officers"],
        ["objectives[0]", "zone"],
        ['person "ketua_kpu" (people[0])', "at"],
    ]


def test_a_level_may_tune_the_rules_and_add_a_move() -> None:
    extra = (
        "\n[negotiation.listen]\ncooldown = 30\n"
        "\n[negotiation.doa_bersama]\n"
        'label = { id = "Doa bersama", en = "Pray together" }\n'
        'reply = { id = "Amin", en = "Amen" }\n'
        "\n[force.tear_gas]\nrange = 30\n"
    )
    level = parse_level(EVERY_KEY + extra)
    assert level.negotiation["listen"] == {"cooldown": 30}
    assert level.force["tear_gas"] == {"range": 30}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "[negotiation.lisen]\ncooldown = 30",
            'negotiation.lisen: there is no negotiation move named "lisen"; did you mean "listen"?',
        ),
        (
            "[negotiation.listen]\ncoldown = 30",
            'negotiation.listen.coldown: "coldown" is not a known key; did you mean "cooldown"?',
        ),
        (
            '[negotiation.listen]\ncooldown = "lama"',
            'negotiation.listen.cooldown: expected a number (got "lama")',
        ),
        (
            "[negotiation.listen]\neffects = { agitasi = -0.1 }",
            'negotiation.listen.effects.agitasi: expected one of "agitation", "legitimacy", '
            '"hardship", "risk" (got "agitasi"); did you mean "agitation"?',
        ),
        (
            '[negotiation.listen]\nwho = ["kapolress"]',
            'negotiation.listen.who[0]: expected one of "negotiator", "kapolres" '
            '(got "kapolress"); did you mean "kapolres"?',
        ),
        ("[force.tear_gas]\nstage = 9", "force.tear_gas.stage: must be at most 6 (got 9)"),
        (
            "[force.semprotan_merica]\nstage = 5",
            'force.semprotan_merica: there is no tool of force named "semprotan_merica" (known: '
            "baton, hard_hand, presence, rubber_rounds, soft_hand, tear_gas, verbal, "
            "water_cannon); a level can tune the tools, not add new ones",
        ),
        ("[negotiation]\nlisten = 5", "negotiation.listen: expected a table { ... } (got 5)"),
    ],
)
def test_rule_tuning_is_checked_when_the_level_loads(
    tmp_path: Path, extra: str, expected: str
) -> None:
    assert _one_problem(tmp_path, EVERY_KEY + "\n" + extra + "\n") == expected


def test_a_new_move_needs_a_label_and_a_reply(tmp_path: Path) -> None:
    path = tmp_path / "new_move.toml"
    path.write_text(EVERY_KEY + "\n[negotiation.doa_bersama]\ncooldown = 30\n", encoding="utf-8")
    assert [line.removeprefix(f"{path}: ") for line in _refused(path)] == [
        "negotiation.doa_bersama.label: required but missing",
        "negotiation.doa_bersama.reply: required but missing",
    ]


# --- a coarse walkability grid, for the geometry tests ---------------------------------

CELL = 0.25  # metres
CLEARANCE = 0.3  # a person's radius and a little: narrower gaps are closed


def _grid(level: Level) -> tuple[np.ndarray, np.ndarray]:
    xs = (np.arange(int(level.map.width / CELL)) + 0.5) * CELL
    ys = (np.arange(int(level.map.height / CELL)) + 0.5) * CELL
    return np.meshgrid(xs, ys)


def _near_segment(x: np.ndarray, y: np.ndarray, a, b, r: float) -> np.ndarray:
    ax, ay = a
    dx, dy = b[0] - ax, b[1] - ay
    t = np.clip(((x - ax) * dx + (y - ay) * dy) / max(dx * dx + dy * dy, 1e-12), 0, 1)
    return np.hypot(x - (ax + t * dx), y - (ay + t * dy)) < r


def _inside_polygon(x: np.ndarray, y: np.ndarray, poly) -> np.ndarray:
    inside = np.zeros(x.shape, bool)
    for (x0, y0), (x1, y1) in zip(poly, list(poly[1:]) + [poly[0]], strict=True):
        crosses = (y0 > y) != (y1 > y)
        with np.errstate(divide="ignore", invalid="ignore"):
            xc = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        inside ^= crosses & (xc > x)
    return inside


def _walkable(level: Level, gates_block: bool) -> np.ndarray:
    x, y = _grid(level)
    free = np.ones(x.shape, bool)
    for b in level.buildings:
        free &= ~_inside_polygon(x, y, b.polygon)
    for w in level.walls:
        for a, b in zip(w.points, w.points[1:], strict=False):
            free &= ~_near_segment(x, y, a, b, max(w.thickness / 2, CLEARANCE))
    if gates_block:
        for g in level.gates:
            free &= ~_near_segment(x, y, g.a, g.b, CLEARANCE)
    return free


def _zone_mask(level: Level, name: str) -> np.ndarray:
    x, y = _grid(level)
    return _inside_polygon(x, y, level.zone(name).outline())


def _reachable(level: Level, walkable: np.ndarray, spawn: str) -> np.ndarray:
    labels, _ = ndimage.label(walkable)
    start = set(np.unique(labels[_zone_mask(level, spawn) & walkable])) - {0}
    assert start, f"spawn zone {spawn} has no walkable cell"
    return np.isin(labels, list(start))


def _any_in_zone(level: Level, reached: np.ndarray, zone: str) -> bool:
    return bool((reached & _zone_mask(level, zone)).any())
