"""The UI theme: valid JSON, loads cleanly in pygame_gui, defines the ids the screens use."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import json  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import pygame  # noqa: E402
import pygame_gui  # noqa: E402
import pytest  # noqa: E402
from pygame_gui.core.ui_appearance_theme import UIThemeValidator  # noqa: E402
from pygame_gui.elements import UIButton, UILabel, UITextBox  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
THEME = ROOT / "assets" / "theme" / "theme.json"
OBJECT_IDS = (
    "#title",
    "#heading",
    "#colour_hijau",
    "#colour_kuning",
    "#colour_merah",
    "#stage_button",
    "#danger_button",
    "#radio_log",
)
SITUATION = {"#colour_hijau": "#2e8b57", "#colour_kuning": "#d4a000", "#colour_merah": "#c0392b"}


@pytest.fixture(scope="module")
def manager():
    pygame.init()
    pygame.display.set_mode((1280, 720))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ui = pygame_gui.UIManager((1280, 720), str(THEME))
    assert [str(w.message) for w in caught] == []
    yield ui


def test_theme_is_json_that_pygame_gui_accepts():
    data = json.loads(THEME.read_text(encoding="utf-8"))
    assert UIThemeValidator.validate_theme_file(data) == []
    for object_id in OBJECT_IDS:
        assert object_id in data, object_id


def test_default_font_is_14():
    data = json.loads(THEME.read_text(encoding="utf-8"))
    for element in ("button", "label", "text_box"):
        font = data[element].get("font") or data[data[element]["prototype"]]["font"]
        assert int(font["size"]) == 14, element


def test_fonts_are_the_ones_pygame_gui_ships():
    data = json.loads(THEME.read_text(encoding="utf-8"))
    for element, block in data.items():
        font = block.get("font")
        if font is None:
            continue
        assert not any(k.endswith("_path") for k in font), f"{element}: no font files of our own"
        for key, value in font.items():
            if key.endswith("_resource"):
                assert value["package"] == "pygame_gui.data", element


def test_ids_take_effect_on_widgets(manager):
    rect = pygame.Rect(0, 0, 600, 60)
    theme = manager.get_theme()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        title = UILabel(rect, "Sispamkota", manager, object_id="#title")
        heading = UILabel(rect, "Briefing", manager, object_id="#heading")
        body = UILabel(rect, "teks", manager)
        colours = {oid: UILabel(rect, oid, manager, object_id=oid) for oid in SITUATION}
        stage = UIButton(rect, "Verbal", manager, object_id="#stage_button")
        danger = UIButton(rect, "Gas air mata", manager, object_id="#danger_button")
        log = UITextBox(
            "08:02 Dalmas: siap", pygame.Rect(0, 0, 300, 120), manager, object_id="#radio_log"
        )
        manager.update(0.016)
        manager.draw_ui(pygame.display.get_surface())
    assert [str(w.message) for w in caught] == []

    size = lambda element: theme.get_font_info(element.combined_element_ids)["size"]  # noqa: E731
    assert size(title) >= 28
    assert 18 <= size(heading) < size(title)
    assert size(body) == 14
    for oid, label in colours.items():
        assert label.bg_colour == pygame.Color(SITUATION[oid]), oid
    assert danger.colours["normal_bg"] != stage.colours["normal_bg"]
    red, green, blue, _ = danger.colours["normal_bg"]
    assert red > green and red > blue, "danger buttons read as red"
    assert theme.get_font_info(log.combined_element_ids)["name"] == "fira_code"
