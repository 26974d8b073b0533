"""The menu, settings, briefing and result screens, driven by posted events on the dummy driver."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pygame
import pygame_gui
import pytest
from helpers import LEVELS, ROOT

from game.doctrine.units import UNIT_KINDS
from game.level import load_level
from game.sim.scoring import RULES, ScoreCard
from game.ui import i18n
from game.ui.app import App
from game.ui.campaign import load_campaign
from game.ui.scenes.briefing import BriefingScene, objective_text, squad_name
from game.ui.scenes.level_error import LevelErrorScene
from game.ui.scenes.menu import MenuScene
from game.ui.scenes.result import ResultScene
from game.ui.scenes.settings import SettingsScene
from game.ui.settings import load_settings

KPU = LEVELS / "kpu_oku_timur.toml"
STATS = {
    "seconds": 300,
    "injured_crowd": 0,
    "injured_officers": 0,
    "arrested_provocateurs": 6,
    "arrested_others": 0,
    "dispersed_minutes": 4.5,
}


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.menu.replay_dir", lambda: tmp_path / "replays")
    app = App(settings_path=tmp_path / "s.toml", size=(1280, 720))
    yield app
    i18n.set_language("id")
    pygame.quit()


def steps(app: App, n: int = 2) -> None:
    for _ in range(n):
        app.step(1 / 60)


def press(app: App, button) -> None:
    """What pygame_gui posts when a button is clicked."""
    pygame.event.post(pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": button}))
    steps(app)


def click(app: App, element) -> None:
    """A real left click at the centre of an element."""
    pos = element.rect.center
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, {"pos": pos, "rel": (0, 0), "buttons": (0, 0, 0)})
    )
    steps(app)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, {"pos": pos, "button": 1}))
    steps(app, 1)
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, {"pos": pos, "button": 1}))
    steps(app)


def card(points: float = 0.0) -> ScoreCard:
    return ScoreCard(outcome=80.0, proportionality=95.0, items=[])


# --- the menu --------------------------------------------------------------------------


def test_the_campaign_lists_its_levels_in_order_and_marks_the_completed_ones(app):
    app.settings.completed = ["kpu_oku_timur"]
    menu = MenuScene(app)
    app.push(menu)
    steps(app)
    campaign = load_campaign()
    ids = [level.id for _, level in campaign.levels]
    assert "kpu_oku_timur" in ids
    assert [level.id for _, level, _, _ in menu.campaign_rows] == ids
    for _, level, button, finished in menu.campaign_rows:
        assert finished == (level.id == "kpu_oku_timur")
        assert i18n.text_of(level.title) in button.text
    # one drawn check mark per completed level
    images = [
        e for e in app.ui.get_sprite_group().sprites() if isinstance(e, pygame_gui.elements.UIImage)
    ]
    assert len(images) == 1

    # a real click on the KPU row opens its briefing, once the list is scrolled to it (the
    # campaign is longer than the list: the last rows are below its edge)
    row = next(b for _, level, b, _ in menu.campaign_rows if level.id == "kpu_oku_timur")
    (bar,) = [
        e
        for e in app.ui.get_sprite_group().sprites()
        if isinstance(e, pygame_gui.elements.UIVerticalScrollBar)
    ]
    bar.set_scroll_from_start_percentage(1.0)  # the scroll bar dragged to the bottom
    steps(app, 5)
    click(app, row)
    assert isinstance(app.scene, BriefingScene)
    assert app.scene.level.id == "kpu_oku_timur"


def test_switching_the_language_relabels_the_menu_at_once_and_is_saved(app, tmp_path):
    menu = MenuScene(app)
    app.push(menu)
    steps(app)
    assert menu.buttons["campaign"].text == "Rangkaian latihan"
    press(app, menu.buttons["settings"])
    settings = app.scene
    assert isinstance(settings, SettingsScene)

    press(app, settings.language_buttons["en"])
    assert app.scene is settings
    assert settings.back_button.text == "Back"  # the settings screen itself switched
    saved, note = load_settings(tmp_path / "s.toml")
    assert note is None and saved.language == "en"

    press(app, settings.back_button)
    assert app.scene is menu
    assert menu.buttons["campaign"].text == "Campaign"


def test_settings_volume_mute_and_window_size_are_applied_and_saved(app, tmp_path):
    app.push(SettingsScene(app))
    steps(app)
    scene = app.scene
    press(app, scene.mute_button)
    assert app.settings.muted
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, {"ui_element": scene.volume_slider, "value": 40}
        )
    )
    steps(app, 40)  # the volume is saved once the slider rests
    press(app, scene.size_buttons[(1600, 900)])
    assert app.screen.get_size() == (1600, 900)
    assert app.scene.back_button.rect.bottom <= 900
    saved, _ = load_settings(tmp_path / "s.toml")
    assert saved.muted and saved.volume == pytest.approx(0.4) and saved.window == (1600, 900)


def _level_files() -> dict[str, Path]:
    """Every level of the levels folder by id (not the campaign list, not the test levels)."""
    return {load_level(p).id: p for p in sorted(LEVELS.glob("*.toml")) if p.name != "campaign.toml"}


@pytest.mark.parametrize("language", ["id", "en"])
def test_free_play_lists_every_level_by_its_title(app, language):
    i18n.set_language(language)
    menu = MenuScene(app)
    app.push(menu)
    steps(app)
    press(app, menu.buttons["free_play"])
    assert menu.section == "free_play"
    files = _level_files()
    assert len(files) >= 7
    listed = {entry.level.id: button for entry, button in menu.free_rows if entry.level}
    assert set(listed) == set(files)  # every level, and the test levels are not offered
    assert len(menu.free_rows) == len(files)
    for level_id, button in listed.items():
        assert button.text == i18n.text_of(load_level(files[level_id]).title)
        assert ".toml" not in button.text and "_" not in button.text
    shown = {e.text for e in app.ui.get_sprite_group().sprites() if hasattr(e, "text")}
    assert not any(str(t).endswith(".toml") for t in shown)  # no file names on the screen
    # a real click on a row opens that level's briefing
    click(app, listed["aksi_damai"])
    assert isinstance(app.scene, BriefingScene) and app.scene.level.id == "aksi_damai"


def test_free_play_marks_a_level_that_cannot_be_read_and_opens_its_error(
    app, tmp_path, monkeypatch
):
    folder = tmp_path / "levels"
    folder.mkdir()
    (folder / "latihan.toml").write_text(KPU.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "rusak.toml").write_text('format = 1\nid = "rusak"\n[map]\n', encoding="utf-8")
    monkeypatch.setattr("game.ui.scenes.menu.LEVELS_DIR", folder)
    menu = MenuScene(app)
    app.push(menu)
    steps(app)
    press(app, menu.buttons["free_play"])
    rows = {entry.path.name: (entry, button) for entry, button in menu.free_rows}
    assert set(rows) == {"latihan.toml", "rusak.toml"}
    entry, button = rows["rusak.toml"]
    assert entry.level is None and button.text == "rusak.toml"
    marks = [e.text for e in app.ui.get_sprite_group().sprites() if hasattr(e, "text")]
    assert i18n.tr("menu.unreadable") in marks
    press(app, button)
    assert isinstance(app.scene, LevelErrorScene)
    assert "rusak.toml" in app.scene.text_box.html_text


def test_free_play_with_a_broken_level_shows_the_error_and_keeps_the_menu(app, tmp_path):
    menu = MenuScene(app)
    app.push(menu)
    steps(app)
    press(app, menu.buttons["free_play"])
    assert menu.open_file_button is not None
    assert menu.open_file_button.text == i18n.tr("menu.open_file")
    assert menu.dialog is None
    press(app, menu.open_file_button)  # for instructors: any file
    dialog = menu.dialog
    assert dialog is not None and dialog.alive()
    assert Path(dialog.current_directory_path) == LEVELS.resolve()

    broken = tmp_path / "rusak.toml"
    broken.write_text(
        'format = 1\nid = "rusak"\ntitle = { id = "x", en = "x" }\n[map]\nwidth = "lebar"\n',
        encoding="utf-8",
    )
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_FILE_DIALOG_PATH_PICKED, {"text": str(broken), "ui_element": dialog}
        )
    )
    steps(app, 5)
    assert app.running and isinstance(app.scene, LevelErrorScene)  # the error screen
    shown = app.scene.text_box.html_text
    assert "rusak.toml" in shown and "width" in shown
    press(app, app.scene.menu_button)
    assert app.scene is menu  # and back, the menu as it was

    # a good file opens its briefing
    pygame.event.post(
        pygame.event.Event(
            pygame_gui.UI_FILE_DIALOG_PATH_PICKED, {"text": str(KPU), "ui_element": None}
        )
    )
    steps(app)
    assert app.scene is menu  # only the dialog the menu opened counts
    menu.open_level(KPU)
    steps(app)
    assert isinstance(app.scene, BriefingScene)
    assert not menu.message  # the menu's windows went with it


def test_replays_list_says_when_there_are_none_and_a_broken_one_is_explained(app, tmp_path):
    menu = MenuScene(app)
    app.push(menu)
    steps(app)
    press(app, menu.buttons["replays"])
    assert menu.replay_rows == []
    shown = [e.text for e in app.ui.get_sprite_group().sprites() if hasattr(e, "text")]
    assert i18n.tr("menu.replays_none") in shown

    folder = tmp_path / "replays"
    folder.mkdir()
    (folder / "kpu_oku_timur-20240826-100000.jsonl").write_text("not json\n", encoding="utf-8")
    menu.rebuild()
    steps(app)
    [(summary, button)] = menu.replay_rows
    assert summary.damaged and button.text == "kpu_oku_timur-20240826-100000.jsonl"
    shown = [e.text for e in app.ui.get_sprite_group().sprites() if hasattr(e, "text")]
    assert i18n.tr("menu.outcome.damaged") in shown  # listed as damaged, not hidden
    press(app, button)
    steps(app, 3)
    assert app.running and app.scene is menu  # the replay viewer refused the file
    assert menu.message is not None and menu.message.alive()
    assert "kpu_oku_timur-20240826-100000.jsonl" in menu.message.text_block.html_text


# --- the briefing -------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_kpu_briefing_lists_its_squads_and_objectives(app, language):
    i18n.set_language(language)
    level = load_level(KPU)
    scene = BriefingScene(app, level, KPU)
    app.push(scene)
    steps(app)
    units = scene.units_box.html_text
    for squad in level.squads:
        assert squad_name(squad) in units
        assert (
            i18n.tr("briefing.officers", count=squad.officers) in units
            or squad.kind == "water_cannon"
        )
    text = scene.text_box.html_text
    given = [o for o in level.objectives if o.active]
    later = [o for o in level.objectives if not o.active]
    assert given and later
    for obj in given:
        assert objective_text(level, obj) in text
    for obj in later:  # the script hands these out at their beat: no spoilers
        assert objective_text(level, obj) not in text
    assert i18n.tr("briefing.rules") in text
    assert scene.preview.get_size()[0] > 200
    press(app, scene.back_button)
    assert app.scenes == []  # the briefing was alone on the stack


def test_a_level_without_labels_gets_generic_texts():
    level = load_level(LEVELS / "lapangan_latihan.toml")
    for language in ("id", "en"):
        i18n.set_language(language)
        for obj in level.objectives:
            assert "briefing.objective" not in objective_text(level, obj)
    i18n.set_language("id")


# --- the result ---------------------------------------------------------------------------


def test_the_result_marks_the_level_completed_when_every_objective_is_met(app, tmp_path):
    level = load_level(KPU)
    app.push(MenuScene(app))
    met = ["met"] * len(level.objectives)
    scene = ResultScene(app, level, KPU, card(), met, STATS)
    app.push(scene)
    steps(app)
    assert "kpu_oku_timur" in app.settings.completed
    saved, _ = load_settings(tmp_path / "s.toml")
    assert "kpu_oku_timur" in saved.completed
    assert [state for state, _ in scene.objective_rows] == met
    assert scene.debrief_button is None or scene.debrief_button.visible


def test_the_result_does_not_mark_a_failed_run(app, tmp_path):
    level = load_level(KPU)
    states = ["met"] * (len(level.objectives) - 1) + ["failed"]
    app.push(ResultScene(app, level, KPU, card(), states, STATS))
    steps(app)
    assert "kpu_oku_timur" not in app.settings.completed


def test_continue_goes_to_the_next_campaign_level_or_back_to_the_menu(app):
    campaign = load_campaign()
    menu = MenuScene(app)
    app.push(menu)
    first_path, first = campaign.levels[0]
    result = ResultScene(app, first, first_path, card(), ["met"] * len(first.objectives), STATS)
    app.push(result)
    steps(app)
    press(app, result.continue_button)
    following = campaign.next_after(first.id)
    if following is None:
        assert app.scene is menu
    else:
        assert isinstance(app.scene, BriefingScene) and app.scene.level.id == following[1].id
        assert app.scenes == [menu, app.scene]
    last_path, last = campaign.levels[-1]
    result = ResultScene(app, last, last_path, card(), [], STATS)
    app.push(result)
    steps(app)
    press(app, result.continue_button)
    assert app.scene is menu and app.scenes == [menu]


def test_the_biggest_score_items_are_explained(app):
    level = load_level(KPU)
    items = [
        {
            "tick": 1,
            "kind": "scored",
            "axis": "proportionality",
            "points": -12,
            "rule": "excess",
            "tool": "baton",
        },
        {
            "tick": 2,
            "kind": "scored",
            "axis": "outcome",
            "points": 15,
            "rule": "objective_met",
            "objective": 0,
        },
        {"tick": 3, "kind": "scored", "axis": "outcome", "points": -3, "rule": "crowd_injured"},
    ]
    scene = ResultScene(app, level, KPU, ScoreCard(62, 88, items), ["pending"] * 4, STATS)
    app.push(scene)
    steps(app)
    text = scene.items_box.html_text
    assert text.index(i18n.tr("result.rule.objective_met")) < text.index(
        i18n.tr("result.rule.excess")
    )
    assert i18n.tr("briefing.tool.baton") in text
    assert i18n.tr("result.rule.crowd_injured") in text


# --- every key in both languages ------------------------------------------------------------

TR_CALL = re.compile(r"""\btr\(\s*(["'])([A-Za-z0-9_.]+)\1""")


def _keys(language: str) -> set[str]:
    keys: set[str] = set()
    for path in (ROOT / "assets" / "i18n" / language).glob("*.toml"):
        keys |= set(i18n._flatten(tomllib.loads(path.read_text(encoding="utf-8"))))
    return keys


def test_every_tr_key_in_the_scenes_exists_in_both_languages():
    used: set[str] = set()
    for path in sorted((ROOT / "game" / "ui" / "scenes").glob("*.py")):
        used |= {m.group(2) for m in TR_CALL.finditer(path.read_text(encoding="utf-8"))}
    # keys these screens build from data
    used |= {f"result.rule.{r}" for r in RULES} | {f"result.why.{r}" for r in RULES}
    used |= {f"briefing.kind.{k}" for k in UNIT_KINDS}
    used |= {f"briefing.tool.{t}" for kind in UNIT_KINDS.values() for t in kind.tools}
    for key in ("campaign", "free_play", "replays", "settings", "quit"):
        used |= {f"menu.{key}", f"menu.{key}_tip"}
    assert len(used) > 50
    for language in ("id", "en"):
        missing = sorted(used - _keys(language))
        assert not missing, f"{language}: {missing}"


@pytest.mark.parametrize(
    "area", ["menu", "settings", "briefing", "result", "level_error", "preview"]
)
def test_both_catalogs_of_an_area_have_the_same_keys(area):
    def keys(language: str) -> set[str]:
        path = ROOT / "assets" / "i18n" / language / f"{area}.toml"
        return set(i18n._flatten(tomllib.loads(path.read_text(encoding="utf-8"))))

    assert keys("id") == keys("en")
