"""The campaign file (levels/campaign.toml): a validated list that never leaves its folder."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import LEVELS

from game.cli import main
from game.ui.campaign import CAMPAIGN_FILE, CampaignEntry, file_problem, load_campaign


def campaign_in(folder: Path, text: str, levels: tuple[str, ...] = ("tutorial.toml",)) -> Path:
    for name in levels:
        shutil.copy(LEVELS / name, folder / name)
    path = folder / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    return path


def lines(campaign) -> list[str]:
    return [line for exc in campaign.errors for line in str(exc).splitlines()]


GOOD = '[[level]]\nfile = "tutorial.toml"\nid = "tutorial"\n'


def test_the_shipped_campaign_is_valid_and_in_order():
    campaign = load_campaign(CAMPAIGN_FILE)
    assert campaign.errors == []
    assert [level.id for _, level in campaign.levels] == [
        "tutorial",
        "latihan_lanjutan",
        "aksi_damai",
        "massa_memanas",
        "anarkis",
        "kapolres_turun",
        "kpu_oku_timur",
    ]
    assert [e.number for e in campaign.entries] == [1, 2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize(
    "file",
    ["/etc/passwd", "/etc/passwd.toml", "C:\\\\levels\\\\x.toml", "\\\\\\\\server\\\\x.toml"],
)
def test_an_absolute_path_is_refused_before_anything_is_opened(tmp_path, file):
    path = campaign_in(tmp_path, GOOD + f'[[level]]\nfile = "{file}"\nid = "x"\n')
    campaign = load_campaign(path)
    assert [e.id for e in campaign.entries] == ["tutorial"]  # the good entry still plays
    (line,) = lines(campaign)
    assert line.startswith(f"{path}: entry 2 (level[1]): file: must be a path relative")
    assert "not an absolute path" in line


@pytest.mark.parametrize("file", ["../../x.toml", "sub/../../x.toml", "..\\\\x.toml", ".."])
def test_a_dot_dot_escape_is_refused(tmp_path, file):
    outside = tmp_path / "x.toml"
    shutil.copy(LEVELS / "tutorial.toml", outside)  # there is something to open out there
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    path = campaign_in(folder, f'[[level]]\nfile = "{file}"\nid = "tutorial"\n', ())
    campaign = load_campaign(path)
    assert campaign.entries == [] and campaign.levels == []
    (line,) = lines(campaign)
    assert line.startswith(f"{path}: entry 1 (level[0]): file: must stay inside the levels")


def test_a_link_that_resolves_outside_the_folder_is_refused(tmp_path):
    outside = tmp_path / "elsewhere.toml"
    shutil.copy(LEVELS / "tutorial.toml", outside)
    folder = tmp_path / "levels"
    folder.mkdir()
    os.symlink(outside, folder / "linked.toml")
    (folder / "sub").mkdir()
    os.symlink(tmp_path, folder / "sub" / "up")  # a link to a folder above
    text = (
        '[[level]]\nfile = "linked.toml"\nid = "tutorial"\n'
        '[[level]]\nfile = "sub/up/elsewhere.toml"\nid = "tutorial2"\n'
    )
    campaign = load_campaign(campaign_in(folder, text, ()))
    assert campaign.levels == []
    first, second = lines(campaign)
    assert 'entry 1 (level[0]): file: "linked.toml" is a link that leads outside' in first
    assert "entry 2 (level[1]): file:" in second and "outside the levels folder" in second


def test_a_link_inside_the_folder_is_fine(tmp_path):
    folder = tmp_path / "levels"
    folder.mkdir()
    shutil.copy(LEVELS / "tutorial.toml", folder / "real.toml")
    os.symlink(folder / "real.toml", folder / "alias.toml")
    text = '[[level]]\nfile = "alias.toml"\nid = "tutorial"\n'
    campaign = load_campaign(campaign_in(folder, text, ()))
    assert campaign.errors == [] and [lv.id for _, lv in campaign.levels] == ["tutorial"]


def test_unknown_keys_are_refused_with_a_suggestion(tmp_path):
    path = campaign_in(tmp_path, 'title = "Kampanye"\n' + GOOD)
    campaign = load_campaign(path)
    assert lines(campaign) == [f'{path}: title: "title" is not a known key (known keys: level)']
    assert campaign.levels == []  # the file as a whole is not what the trainer reads
    text = (
        '[[level]]\nfiel = "tutorial.toml"\nid = "tutorial"\n'
        '[[level]]\nfile = "tutorial.toml"\nid = "tutorial"\nlocked = true\n'
    )
    campaign = load_campaign(campaign_in(tmp_path, text))
    assert lines(campaign) == [
        f'{path}: entry 1 (level[0]): fiel: "fiel" is not a known key; did you mean "file"?',
        f'{path}: entry 2 (level[1]): locked: "locked" is not a known key (known keys: file, id)',
    ]
    assert campaign.levels == []  # entry 2 names a good file but is refused as written


def test_an_entry_needs_a_file_and_an_id_of_the_right_kinds(tmp_path):
    text = (
        '[[level]]\nid = "tutorial"\n'
        '[[level]]\nfile = "tutorial.toml"\n'
        '[[level]]\nfile = 3\nid = "a b"\n'
        '[[level]]\nfile = "tutorial.txt"\nid = "t"\n'
    )
    path = campaign_in(tmp_path, text)
    assert lines(load_campaign(path)) == [
        f"{path}: entry 1 (level[0]): file: required but missing",
        f"{path}: entry 2 (level[1]): id: required but missing",
        f'{path}: entry 3 (level[2]): file: expected text in double quotes, like "..." (got 3)',
        f'{path}: entry 3 (level[2]): id: an id may use only letters, digits, "_" and "-"'
        ' (got "a b")',
        f"{path}: entry 4 (level[3]): file: must name a level file ending in .toml"
        ' (got "tutorial.txt")',
    ]


def test_a_missing_file_a_wrong_id_and_a_repeated_id_are_named_at_their_entry(tmp_path):
    text = (
        GOOD
        + '[[level]]\nfile = "nope.toml"\nid = "nope"\n'
        + '[[level]]\nfile = "kpu_oku_timur.toml"\nid = "kpu"\n'
        + GOOD
    )
    path = campaign_in(tmp_path, text, ("tutorial.toml", "kpu_oku_timur.toml"))
    campaign = load_campaign(path)
    assert [lv.id for _, lv in campaign.levels] == ["tutorial"]
    assert [(e.number, e.error is None) for e in campaign.entries] == [
        (1, True),
        (2, False),
        (3, False),
    ]
    assert lines(campaign) == [
        f'{path}: entry 4 (level[3]): id: entry 1 already has id "tutorial"; a level appears once',
        f'{path}: entry 2 (level[1]): file: no such file: "nope.toml" in {tmp_path}',
        f'{path}: entry 3 (level[2]): id: the file declares id "kpu_oku_timur", not "kpu"',
    ]


def test_a_broken_level_keeps_its_place_with_the_loaders_words(tmp_path):
    path = campaign_in(tmp_path, GOOD + '[[level]]\nfile = "rusak.toml"\nid = "rusak"\n')
    (tmp_path / "rusak.toml").write_text('id = "rusak"\n', encoding="utf-8")
    campaign = load_campaign(path)
    broken = campaign.entries[1]
    assert broken.level is None and broken.error is not None
    assert f"{tmp_path / 'rusak.toml'}: title: required but missing" in str(broken.error)


@pytest.mark.parametrize(
    "text,expected",
    [
        ("level = [\n", "not valid TOML"),
        ("level = 3\n", "level: expected a list of entries; write each one under [[level]]"),
        ("level = [1]\n", "entry 1 (level[0]): expected a table with file and id"),
        ("", None),
    ],
)
def test_a_broken_campaign_file_never_raises(tmp_path, text, expected):
    path = tmp_path / "campaign.toml"
    path.write_text(text, encoding="utf-8")
    campaign = load_campaign(path)
    assert campaign.levels == []
    if expected is None:
        assert campaign.errors == []  # an empty campaign is allowed
    else:
        (line,) = lines(campaign)
        assert line.startswith(str(path)) and expected in line
    assert "no such file" in lines(load_campaign(tmp_path / "nope.toml"))[0]


def test_the_model_alone_refuses_what_leaves_the_folder():
    assert file_problem("tutorial.toml") is None and file_problem("sub/x.toml") is None
    for bad in ("/x.toml", "../x.toml", "a/../../x.toml", "C:x.toml", "\\x.toml", "x\x00.toml"):
        assert file_problem(bad), bad
    with pytest.raises(ValueError):
        CampaignEntry.model_validate({"file": "/etc/passwd", "id": "x"})
    with pytest.raises(ValueError):
        CampaignEntry.model_validate({"file": "a.toml", "id": "x", "extra": 1})


def test_validate_checks_a_campaign_as_a_campaign(tmp_path, capsys):
    assert main(["validate", str(LEVELS)]) == 0
    assert f"ok: {CAMPAIGN_FILE} (campaign of 7 levels)" in capsys.readouterr().out
    path = campaign_in(tmp_path, GOOD + '[[level]]\nfile = "/etc/passwd"\nid = "x"\n')
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: entry 2 (level[1]): file: must be a path relative" in err
