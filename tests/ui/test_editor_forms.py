"""The editor's side panel: forms made from the level models, every edit through the doc."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pygame
import pygame_gui
import pytest

from game.editor.document import KINDS, ItemRef, LevelDocument, Problem
from game.level.script import ACTIONS, CONDITIONS
from game.ui import i18n
from game.ui.app import THEME
from game.ui.editor.fields import (
    all_tags,
    fields_of,
    objective_members,
    reachable_models,
    union_family,
)
from game.ui.editor.form_base import ERROR_ID, MARK_ID, FieldWidget, field_label
from game.ui.editor.panel import PAGES, EditorPanel

LEVEL = """\
format = 1
id = "uji_panel"
title = { id = "Uji panel", en = "Panel test" }
time_limit = 600

[map]
width = 60
height = 40

[[zones]]
name = "datang"
kind = "spawn"
rect = [2, 2, 12, 12]

[[zones]]
name = "tujuan"
kind = "goal"
rect = [40, 20, 12, 12]

[[crowd]]
name = "massa"
count = 40 # a small crowd: the panel test needs none bigger
spawn = "datang"
goal = "tujuan"

[[squads]]
name = "dalmas"
kind = "dalmas_awal"
officers = 10
formation = { type = "line", a = [30, 10], b = [30, 22] }

[[phases]]
name = "damai"
label = { id = "Aksi damai", en = "Peaceful protest" }

[[triggers]]
name = "memanas"
when = [{ type = "colour", colour = "kuning" }, { type = "people_in_zone", zone = "tujuan", above = 10 }]
do = [{ type = "radio", text = { id = "Massa memanas", en = "The crowd heats up" } }, { type = "set_colour", colour = "merah" }]
"""  # noqa: E501
CROWD = ItemRef("crowd", 0)
SQUAD = ItemRef("squads", 0)
TRIGGER = ItemRef("triggers", 0)
SHOTS = Path(__file__).resolve().parent.parent.parent / "shots"


@pytest.fixture
def ui():
    i18n.set_language("id")
    pygame.init()
    screen = pygame.display.set_mode((1280, 720))
    manager = pygame_gui.UIManager((1280, 720), str(THEME))
    yield manager, screen
    i18n.set_language("id")


@pytest.fixture
def doc() -> LevelDocument:
    d = LevelDocument(LEVEL)
    assert d.problems() == []
    return d


def make_panel(ui, doc, picks: list | None = None) -> EditorPanel:
    manager, _ = ui
    on_pick = picks.append if picks is not None else None
    return EditorPanel(manager, pygame.Rect(900, 40, 380, 680), doc, on_pick_point=on_pick)


def widget(panel: EditorPanel, dotted: str) -> Any:
    assert panel.ctx is not None
    found = [w for w in panel.ctx.widgets if w.place.dotted == dotted]
    assert found, f"no widget for {dotted}: {[w.place.dotted for w in panel.ctx.widgets]}"
    return found[-1]


def type_into(panel: EditorPanel, entry: Any, text: str) -> bool:
    """Type `text` into an entry and press Enter (the event pygame_gui posts for it)."""
    entry.set_text(text)
    event = pygame.event.Event(
        pygame_gui.UI_TEXT_ENTRY_FINISHED, {"ui_element": entry, "text": text}
    )
    return panel.process_event(event)


def choose(panel: EditorPanel, menu: Any, value: Any) -> bool:
    """Pick `value` in a Dropdown (the event pygame_gui posts when an option is clicked)."""
    index = menu.values.index(value)
    event = pygame.event.Event(
        pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
        {"ui_element": menu.menu, "selected_option_id": str(index), "text": ""},
    )
    return panel.process_event(event)


def press(panel: EditorPanel, button: Any) -> bool:
    event = pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, {"ui_element": button})
    return panel.process_event(event)


def frames(ui, n: int = 3) -> None:
    manager, screen = ui
    for _ in range(n):
        for event in pygame.event.get():
            manager.process_events(event)
        manager.update(1 / 60)
    screen.fill((20, 24, 30))
    manager.draw_ui(screen)


def shot(ui, name: str, tmp_path: Path) -> None:
    """Save the screen (to shots/ when SHOTS is set: the screenshots to look at)."""
    frames(ui)
    _, screen = ui
    pygame.image.save(screen, str(tmp_path / f"{name}.png"))
    if os.environ.get("SHOTS"):
        SHOTS.mkdir(exist_ok=True)
        pygame.image.save(screen, str(SHOTS / f"{name}.png"))


# --- numbers ----------------------------------------------------------------------------


def test_editing_a_crowd_groups_count_changes_the_doc_in_one_undo_step(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)
    count = widget(panel, "count")
    assert count.entries[0].get_text() == "40"
    assert type_into(panel, count.entries[0], "350")
    assert doc.item(CROWD)["count"] == 350
    assert "# a small crowd" in doc.text()  # the comment after the value is kept
    assert doc.undo()
    assert doc.item(CROWD)["count"] == 40


def test_a_non_number_turns_the_entry_red_says_why_and_writes_nothing(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)
    before, version = doc.text(), doc.version
    entry = widget(panel, "count").entries[0]
    type_into(panel, entry, "banyak")
    assert doc.text() == before and doc.version == version
    assert ERROR_ID.object_id in entry.get_object_ids()
    assert "Jumlah orang" in panel.message_text and "banyak" in panel.message_text
    type_into(panel, entry, "1,5")  # a decimal comma is a number, but not a whole one
    assert doc.version == version and "bulat" in panel.message_text
    type_into(panel, entry, "0")  # below the schema's 1
    assert doc.version == version and "antara 1 dan 20000" in panel.message_text
    type_into(panel, entry, "12")
    assert doc.item(CROWD)["count"] == 12
    assert ERROR_ID.object_id not in entry.get_object_ids()
    assert panel.message_text == ""


def test_a_nested_number_the_file_left_to_its_default_writes_its_table(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)
    mean = widget(panel, "speed.mean")
    assert mean.entries[0].get_text() == "1.34"  # the schema's default, shown
    type_into(panel, mean.entries[0], "1,1")
    assert doc.item(CROWD)["speed"] == {"mean": 1.1}
    assert doc.problems() == []


def test_an_entry_left_without_enter_commits_when_it_loses_focus(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)
    entry = widget(panel, "spawn_rate").entries[0]
    entry.focus()
    entry.set_text("5")
    panel.process_event(pygame.event.Event(pygame.MOUSEMOTION, {"pos": (0, 0)}))
    assert "spawn_rate" not in doc.item(CROWD)  # still being typed in
    entry.unfocus()
    panel.process_event(pygame.event.Event(pygame.MOUSEBUTTONDOWN, {"pos": (0, 0), "button": 1}))
    assert doc.item(CROWD)["spawn_rate"] == 5.0


def test_an_emptied_optional_field_removes_its_key(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_page("briefing")
    par = widget(panel, "par_time")
    type_into(panel, par.entries[0], "300")
    assert doc.get("par_time") == 300.0
    type_into(panel, par.entries[0], "")
    assert doc.get("par_time") is None
    assert "par_time" not in doc.text()


def test_refresh_after_undo_shows_the_old_value(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)
    type_into(panel, widget(panel, "count").entries[0], "99")
    choose(panel, widget(panel, "goal").menu, "datang")
    toggle = widget(panel, "sit_in")
    press(panel, toggle.toggle)
    assert doc.item(CROWD)["sit_in"] is True
    assert toggle.toggle.text == "Ya"
    doc.undo()
    doc.undo()
    doc.undo()
    panel.refresh()
    assert widget(panel, "count").entries[0].get_text() == "40"
    assert widget(panel, "goal").menu.current == "tujuan"
    assert widget(panel, "sit_in").toggle.text == "Tidak"


# --- names of other items ------------------------------------------------------------------


def test_name_dropdowns_list_the_levels_items_of_their_kind(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)
    assert widget(panel, "spawn").menu.values == ["datang", "tujuan"]
    panel.show_item(TRIGGER)
    zone = widget(panel, "when.1.zone")
    assert zone.menu.values == ["datang", "tujuan"]
    group = widget(panel, "when.1.group")  # optional: "(tidak ada)" first
    assert group.menu.values == [None, "massa"]
    assert widget(panel, "phase").menu.values == [None, "damai"]
    doc.add("zones", {"name": "keluar", "kind": "exit", "rect": [50, 2, 8, 8]})
    panel.refresh()
    assert widget(panel, "when.1.zone").menu.values == ["datang", "tujuan", "keluar"]


def test_moves_and_tools_are_listed_by_their_labels_from_the_doctrine(ui, doc):
    from game.doctrine.rulebook import force_tools, negotiation_moves

    panel = make_panel(ui, doc)
    panel.show_item(TRIGGER)
    choose(panel, widget(panel, "when.0").menu, "negotiated")
    move = widget(panel, "when.0.move")
    assert move.menu.values[1:] == list(negotiation_moves())
    labels = [text for text, _ in move.options()]
    assert all(name not in labels for name in negotiation_moves())  # no ids on screen
    choose(panel, widget(panel, "when.0").menu, "force_used")
    assert widget(panel, "when.0.tool").menu.values[1:] == list(force_tools())


# --- conditions and actions ----------------------------------------------------------------


def test_switching_a_conditions_type_writes_the_new_types_defaults(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(TRIGGER)
    row = widget(panel, "when.0")
    assert row.menu.current == "colour"
    choose(panel, row.menu, "time")
    assert doc.item(TRIGGER)["when"][0] == {"type": "time", "after": 0.0}
    assert doc.problems() == []
    assert widget(panel, "when.0.after").entries[0].get_text() == "0"
    choose(panel, widget(panel, "when.0").menu, "mood")  # needs one of above / below
    assert doc.item(TRIGGER)["when"][0]["type"] == "mood"
    assert doc.problems() == []


def test_adding_an_action_from_the_list(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(TRIGGER)
    add = next(w for w in panel.ctx.widgets if w.place.dotted == "do").add
    assert add.values[0] is None and "set_phase" in add.values
    choose(panel, add, "set_phase")
    assert doc.item(TRIGGER)["do"][2] == {"type": "set_phase", "phase": "damai"}
    assert doc.problems() == []
    assert widget(panel, "do.2").menu.current == "set_phase"
    choose(panel, next(w for w in panel.ctx.widgets if w.place.dotted == "do").add, "start_fire")
    assert doc.item(TRIGGER)["do"][3] == {"type": "start_fire", "at": [30.0, 20.0]}
    assert doc.problems() == []


def test_rows_move_up_down_and_are_removed(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(TRIGGER)
    buttons = [b for b in panel.ctx.handlers if isinstance(b, pygame_gui.elements.UIButton)]
    down_first = next(b for b in buttons if b.tool_tip_text == "Turun")
    press(panel, down_first)
    assert [c["type"] for c in doc.item(TRIGGER)["when"]] == ["people_in_zone", "colour"]
    remove = [b for b in panel.ctx.handlers if getattr(b, "tool_tip_text", "") == "Hapus"]
    press(panel, remove[0])
    assert [c["type"] for c in doc.item(TRIGGER)["when"]] == ["colour"]
    last = [b for b in panel.ctx.handlers if getattr(b, "tool_tip_text", "") == "Hapus"][0]
    assert not last.is_enabled  # a trigger needs a condition: the last one stays


def test_a_formations_type_switches_its_shape_to_a_valid_one(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(SQUAD)
    choose(panel, widget(panel, "formation").menu, "wedge")
    assert doc.item(SQUAD)["formation"] == {"type": "wedge", "at": [30, 10]}
    assert doc.problems() == []
    assert [w.place.dotted for w in panel.ctx.widgets if w.place.dotted.startswith("formation.")]
    choose(panel, widget(panel, "formation").menu, "line")
    formation = doc.item(SQUAD)["formation"]
    assert formation["type"] == "line" and formation["a"] == [30, 10]
    assert doc.level() is not None


def test_pick_on_map_writes_the_clicked_point(ui, doc):
    picks: list = []
    panel = make_panel(ui, doc, picks)
    panel.show_item(SQUAD)
    a = widget(panel, "formation.a")
    press(panel, a.pick)
    assert len(picks) == 1
    picks[0]((31.26, 9.0))
    assert doc.item(SQUAD)["formation"]["a"] == [31.3, 9.0]
    assert [e.get_text() for e in widget(panel, "formation.a").entries] == ["31.3", "9"]


# --- pages ---------------------------------------------------------------------------------


def test_objectives_phases_and_triggers_pages_add_and_remove(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_page("objectives")
    assert panel.ctx.widgets == []  # none yet: only the list to add one
    (add,) = [h for h in panel.ctx.handlers if isinstance(h, pygame_gui.elements.UIDropDownMenu)]
    event = pygame.event.Event(
        pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
        {"ui_element": add, "selected_option_id": "1", "text": ""},  # the first type
    )
    assert panel.process_event(event)
    assert doc.items("objectives") == [{"type": "keep_zone_clear", "zone": "datang"}]
    assert doc.problems() == []
    assert widget(panel, "zone").menu.values == ["datang", "tujuan"]
    remove = [b for b in panel.ctx.handlers if getattr(b, "tool_tip_text", "") == "Hapus"]
    press(panel, remove[0])
    assert doc.items("objectives") == []
    panel.show_page("phases")
    adds = [b for b in panel.ctx.handlers if getattr(b, "tool_tip_text", "") == "+ Tambah tahap"]
    press(panel, adds[0])
    assert doc.names("phases") == ["damai", "tahap_1"]
    assert doc.items("phases")[1]["label"] == {"id": "Tahap 2", "en": "Phase 2"}
    panel.show_page("triggers")
    add = [b for b in panel.ctx.handlers if getattr(b, "tool_tip_text", "") == "+ Tambah pemicu"]
    press(panel, add[0])
    assert panel.page == "item" and panel.selected == ItemRef("triggers", 1)
    # its first action is a radio message: left empty for the instructor to write, so the
    # level is refused until it is (a placeholder such as "(fill in)" would reach trainees)
    problems = doc.problems()
    assert problems and all(p.ref == ItemRef("triggers", 1) for p in problems)
    assert all(p.field.startswith("do[0].text") for p in problems), problems
    panel.show_page("triggers")
    remove = [b for b in panel.ctx.handlers if getattr(b, "tool_tip_text", "") == "Hapus"]
    press(panel, remove[0])
    assert doc.names("triggers") == ["pemicu_1"]


def test_a_selected_problem_marks_its_field(ui, doc):
    panel = make_panel(ui, doc)
    doc.set_field(CROWD, ("speed",), {"min": 3.0, "max": 2.0})
    problem = next(p for p in doc.problems() if p.ref == CROWD)
    panel.select_problem(problem)
    assert panel.page == "item" and panel.selected == CROWD
    marked = [
        w for w in panel.ctx.widgets if w.label and MARK_ID.object_id in w.label.get_object_ids()
    ]
    assert marked and marked[0].place.dotted.startswith("speed")
    doc.undo()
    doc.set_field(TRIGGER, ("when", 0, "colour"), "ungu")
    (problem,) = doc.problems()
    assert problem.field == "when[0].colour"
    panel.select_problem(problem)
    assert panel.selected == TRIGGER
    assert MARK_ID.object_id in _ids(widget(panel, "when.0.colour").label)
    panel.select_problem(Problem(None, "time_limit", "time_limit: too long"))
    assert panel.page == "level"
    assert MARK_ID.object_id in _ids(widget(panel, "time_limit").label)


def _ids(element: Any) -> list[str]:
    return element.get_object_ids()


def test_the_selection_removed_elsewhere_falls_back_to_the_level_page(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(ItemRef("triggers", 0))
    doc.remove(ItemRef("triggers", 0))
    panel.refresh()
    assert panel.selected is None and panel.page == "level"


def test_screens_in_both_languages(ui, doc, tmp_path):
    """The screenshots to look at; and no label is cut where it fits the panel."""
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)
    shot(ui, "crowd_id", tmp_path)
    panel.show_item(TRIGGER)
    shot(ui, "trigger_id", tmp_path)
    panel.show_page("briefing")
    shot(ui, "briefing_id", tmp_path)
    panel.kill()
    i18n.set_language("en")
    panel = make_panel(ui, doc)
    panel.show_item(TRIGGER)
    shot(ui, "trigger_en", tmp_path)
    panel.show_item(CROWD)
    shot(ui, "crowd_en", tmp_path)
    panel.show_page("briefing")
    shot(ui, "briefing_en", tmp_path)
    cut = [w.label.text for w in panel.ctx.widgets if w.label and w.label.text.endswith("\u2026")]
    assert cut == []


# --- labels ------------------------------------------------------------------------------


def _keys(language: str) -> dict[str, str]:
    return i18n.catalog(language)


def test_every_field_of_every_level_model_has_a_label_and_every_choice_an_option_label():
    """A field added to the schema without its catalog labels fails here."""
    missing = []
    for language in i18n.LANGUAGES:
        keys = _keys(language)
        for model in reachable_models():
            for spec in fields_of(model):
                specific = f"editor_forms.field_in.{_snake(model.__name__)}.{spec.name}"
                if specific not in keys and f"editor_forms.field.{spec.name}" not in keys:
                    missing.append((language, model.__name__, spec.name))
                if spec.kind == "literal":
                    for value in spec.options:
                        key = f"editor_forms.option.{spec.name}.{value}"
                        if key not in keys:
                            missing.append((language, key))
                if spec.kind in ("union", "union_list"):
                    family = union_family(spec.members, spec.name)
                    for tag in all_tags(spec.members):
                        key = (
                            f"editor_forms.{family}.{tag}"
                            if family.startswith("option.")
                            else f"editor_forms.{family}.{tag}.name"
                        )
                        if key not in keys:
                            missing.append((language, key))
        for family, models in (
            ("condition", CONDITIONS),
            ("action", ACTIONS),
            ("objective", objective_members()),
        ):
            for tag in all_tags(tuple(models)):
                for part in ("name", "about"):
                    if f"editor_forms.{family}.{tag}.{part}" not in keys:
                        missing.append((language, f"{family}.{tag}.{part}"))
    assert missing == []


def test_both_catalogs_have_the_same_keys_and_labels_are_short():
    ids = {k for k in _keys("id") if k.startswith("editor_forms.")}
    ens = {k for k in _keys("en") if k.startswith("editor_forms.")}
    assert ids == ens
    for language in i18n.LANGUAGES:
        i18n.set_language(language)
        for model in reachable_models():
            for spec in fields_of(model):
                assert len(field_label(model, spec.name)) <= 36, (model, spec.name)
    i18n.set_language("id")


def _snake(name: str) -> str:
    from game.ui.editor.form_base import snake

    return snake(name)


def test_widget_type_is_known_for_every_field():
    """Every field a level file may hold gets a widget, or is said to be edited elsewhere."""
    assert issubclass(FieldWidget, object)
    kinds = {spec.kind for model in reachable_models() for spec in fields_of(model)}
    assert kinds <= {
        "literal", "bool", "int", "float", "ref", "str", "text", "point", "numbers",
        "points", "model", "union", "union_list", "model_list", "table",
    }  # fmt: skip


def test_typing_with_the_keyboard_and_enter_commits_through_pygame_gui(ui, doc):
    """The whole way a user goes: click the entry, type, press Enter; the manager's own
    events reach the panel as the editor scene passes them on."""
    manager, _ = ui
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)
    frames(ui)
    entry = widget(panel, "count").entries[0]
    centre = entry.rect.center
    pygame.event.clear()
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, {"pos": centre, "button": 1}))
    _pump(manager, panel)
    assert entry.is_focused and panel.editing_text
    entry.set_text("")
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, {"text": "75"}))
    _pump(manager, panel)
    assert doc.item(CROWD)["count"] == 40  # not on each keystroke
    key = {"key": pygame.K_RETURN, "mod": 0, "unicode": "\r", "scancode": 40}
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key))
    _pump(manager, panel)
    _pump(manager, panel)
    assert doc.item(CROWD)["count"] == 75


def _pump(manager: pygame_gui.UIManager, panel: EditorPanel) -> None:
    for event in pygame.event.get():
        if not manager.process_events(event):
            panel.process_event(event)
    manager.update(1 / 60)


def test_a_name_with_a_space_is_refused_and_a_good_one_renames(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(ItemRef("zones", 1))
    entry = widget(panel, "name").entries[0]
    version = doc.version
    type_into(panel, entry, "zona tujuan")
    assert doc.version == version and "tanpa spasi" in panel.message_text
    type_into(panel, entry, "tujuan_kpu")
    assert doc.names("zones") == ["datang", "tujuan_kpu"]
    assert doc.item(CROWD)["goal"] == "tujuan_kpu"  # what named it follows
    assert doc.item(TRIGGER)["when"][1]["zone"] == "tujuan_kpu"
    assert doc.problems() == []
    doc.undo()  # one step: the name and its references
    assert doc.names("zones") == ["datang", "tujuan"] and doc.item(CROWD)["goal"] == "tujuan"


def test_a_zone_drawn_as_a_rectangle_shows_its_rectangle_not_an_empty_outline(ui, doc):
    panel = make_panel(ui, doc)
    panel.show_item(ItemRef("zones", 0))
    shown = [w.place.dotted for w in panel.ctx.widgets]
    assert "rect" in shown and "polygon" not in shown
    assert [e.get_text() for e in widget(panel, "rect").entries] == ["2", "2", "12", "12"]
    doc.replace(ItemRef("zones", 0), {"name": "datang", "kind": "spawn",
                                      "polygon": [[2, 2], [14, 2], [8, 12]]})  # fmt: skip
    panel.refresh()
    shown = [w.place.dotted for w in panel.ctx.widgets]
    assert "polygon" in shown and "rect" not in shown
    assert "3" in widget(panel, "polygon").label.text


def test_text_being_typed_survives_a_rebuild_from_the_map(ui, doc):
    manager, _ = ui
    panel = make_panel(ui, doc)
    panel.show_item(ItemRef("zones", 0))
    entry = widget(panel, "name").entries[0]
    manager.set_focus_set(entry)
    entry.set_text("datang_ba")
    doc.replace(ItemRef("zones", 0), {"name": "datang", "kind": "spawn",
                                      "polygon": [[2, 2], [14, 2], [8, 12]]})  # fmt: skip
    panel.refresh()  # the shape changed: a new form
    entry = widget(panel, "name").entries[0]
    assert entry.get_text() == "datang_ba" and entry.is_focused
    assert doc.names("zones")[0] == "datang"  # not committed until Enter or leaving


def test_a_value_the_schema_does_not_know_is_shown_as_such_and_kept(ui, doc):
    doc.set_field(ItemRef("zones", 0), ("kind",), "pasar")
    panel = make_panel(ui, doc)
    panel.show_item(ItemRef("zones", 0))
    kind = widget(panel, "kind")
    assert kind.menu.current == "pasar"
    assert (i18n.tr("editor_forms.not_an_option", value="pasar"), "pasar") in kind.options()
    choose(panel, kind.menu, "spawn")
    assert doc.item(ItemRef("zones", 0))["kind"] == "spawn"


def test_an_edit_the_file_cannot_take_is_said_not_crashed(ui, doc, monkeypatch):
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)

    def refuse(*_args: Any) -> None:
        raise KeyError("roles")

    monkeypatch.setattr(doc, "set_field", refuse)
    type_into(panel, widget(panel, "count").entries[0], "50")
    assert doc.item(CROWD)["count"] == 40
    assert "Tidak bisa diubah di sini" in panel.message_text


def test_every_fixed_key_the_panel_asks_for_is_in_both_catalogs():
    import re

    code = Path(__file__).resolve().parents[2] / "game" / "ui" / "editor"
    used: set[str] = set()
    for path in code.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"""(?:tr|both_languages)\(\s*"(editor_forms\.[a-z_.]+)\"""", text))
    used |= {f"editor_forms.page.{p}" for p in PAGES} | {f"editor_forms.kind.{k}" for k in KINDS}
    assert len(used) > 20
    for language in i18n.LANGUAGES:
        assert sorted(used - set(_keys(language))) == [], language


def test_another_page_or_item_opens_at_its_top(ui, doc):
    """Seen building a level: the phases page opened scrolled down to where the crowd's
    form had been, and looked empty."""
    panel = make_panel(ui, doc)
    panel.show_item(CROWD)
    frames(ui)
    bar = panel.scroll.vert_scroll_bar
    assert bar is not None
    bar.set_scroll_from_start_percentage(0.6)
    frames(ui)
    panel.show_page("phases")
    frames(ui)
    bar = panel.scroll.vert_scroll_bar
    assert bar is None or bar.start_percentage == 0.0
    panel.show_item(CROWD)
    frames(ui)
    bar = panel.scroll.vert_scroll_bar
    assert bar is not None and bar.start_percentage == 0.0
