"""The instructor panel: F7 opens and closes it; its buttons give the run the instructor's
injects, recorded as the instructor's; the trainee never reads them as the instructor's; its
widgets (and its window on a second screen) go with the play screen."""

from __future__ import annotations

import json

import pygame
import pygame_gui
import pytest
from helpers import LEVELS, open_level

from game.ui import i18n
from game.ui.instructor_panel import KEY

KPU = LEVELS / "kpu_oku_timur.toml"
SCRIPTED = LEVELS / "test" / "scripted.toml"


@pytest.fixture
def play(tmp_path, monkeypatch):
    app, scene = open_level(tmp_path, monkeypatch, SCRIPTED)
    yield app, scene
    pygame.quit()


def frames(app, n=3):
    for _ in range(n):
        app.step(1 / 60)


def key(app, k, window=None):
    data = {"key": k, "mod": 0, "unicode": "", "scancode": 0}
    if window is not None:
        data["window"] = window
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, data))
    frames(app)


def click(app, pos, window=None):
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        data = {"pos": pos, "button": 1}
        if window is not None:
            data["window"] = window
        pygame.event.post(pygame.event.Event(kind, data))
        frames(app, 1)
    frames(app, 2)


def button(scene, act):
    return next(b for b, a in scene.instructor.buttons.items() if a == act)


def orders_recorded(scene) -> list[dict]:
    path = scene.session.recorder.path
    scene.session.close()
    lines = path.read_text("utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r.get("type") == "order"]


def alive(app, widget) -> bool:
    return widget in app.ui.get_sprite_group().sprites()


def test_f7_opens_and_closes_the_panel(play):
    app, scene = play
    assert not scene.instructor.open and scene.instructor.panel is None
    key(app, KEY)
    panel = scene.instructor.panel
    assert scene.instructor.open and panel is not None and alive(app, panel)
    assert i18n.tr("instructor.key") in "".join(
        el.text for el in panel.get_container().elements if hasattr(el, "text")
    )
    key(app, KEY)
    assert not scene.instructor.open and not alive(app, panel)


def test_a_button_makes_an_inject_recorded_as_the_instructors(play):
    app, scene = play
    key(app, KEY)
    crowd = scene.sim.group_members(0)
    before = scene.sim.slots.agitation[crowd].copy()
    scene.paused = True  # taken at once, paused or not
    click(app, button(scene, "up").rect.center)
    after = scene.sim.slots.agitation[crowd]
    assert (after >= before).all() and after.mean() > before.mean() + 0.05
    assert scene.instructor.status.startswith(i18n.tr("instructor.sent", what="")[:6])
    (order,) = orders_recorded(scene)
    assert order["source"] == "instructor"
    assert order["order"]["type"] == "inject" and order["order"]["by"] == "instructor"
    assert order["order"]["action"] == {
        "type": "change_group",
        "group": "massa",
        "agitation_by": 0.1,
    }


def test_a_point_clicked_on_the_map_starts_a_fire_there(play):
    app, scene = play
    key(app, KEY)
    click(app, button(scene, "pick").rect.center)
    assert scene.instructor.picking
    at = scene.camera.to_screen((20.0, 30.0))
    click(app, (int(at[0]), int(at[1])))
    assert scene.instructor.point is not None
    px, py = scene.instructor.point
    assert abs(px - 20) < 0.5 and abs(py - 30) < 0.5
    assert not scene.sim.hazards.fires
    click(app, button(scene, "fire").rect.center)
    (fire,) = scene.sim.hazards.fires
    assert abs(fire.x - px) < 1e-6 and abs(fire.y - py) < 1e-6


@pytest.mark.parametrize("language", ["id", "en"])
def test_an_instructors_radio_shows_the_role_and_nothing_of_the_instructor(
    tmp_path, monkeypatch, language
):
    app, scene = open_level(tmp_path, monkeypatch, SCRIPTED, language)
    key(app, KEY)
    panel = scene.instructor
    menu = panel.menus["role"]
    menu.selected_option = next(o for o in menu.options_list if o[1] == "kapolres")
    panel.entries["radio"].set_text("Tahan posisi di gerbang")
    click(app, button(scene, "radio").rect.center)
    line = scene.log[-1]
    assert line.endswith("Kapolres: Tahan posisi di gerbang")
    said = " ".join(scene.log).lower()
    assert "instruk" not in said and "inject" not in said
    # and the refusal of a bad one is said in the panel, not on the radio
    lines = len(scene.log)
    panel.send({"type": "change_group", "group": "massa", "goal": "before_gate"})
    assert panel.status.startswith(i18n.tr("instructor.refused", why=""))
    assert len(scene.log) == lines
    pygame.quit()


def test_the_panels_widgets_die_with_the_scene(play):
    app, scene = play
    key(app, KEY)
    panel = scene.instructor.panel
    menus = list(scene.instructor.menus.values())
    key(app, pygame.K_F10)  # the exercise ends: the result screen replaces the play screen
    assert app.scene is not scene
    assert not alive(app, panel)
    assert not any(alive(app, m) for m in menus)
    root = app.scene.root

    def belongs(el):
        while el is not None:
            if el is root:
                return True
            up = getattr(el, "ui_container", None)
            el = None if up is el else up
        return False

    others = [
        el for el in app.ui.get_sprite_group().sprites() if el is not app.ui.get_root_container()
    ]
    assert all(belongs(el) for el in others)


def test_not_while_watching_a_replay(play):
    app, scene = play
    scene.watching = True
    key(app, KEY)
    assert not scene.instructor.open and scene.instructor.panel is None


def test_on_two_screens_the_panel_has_a_window_the_trainee_never_sees(play):
    app, scene = play
    scene.instructor.separate_setting = True  # as with a second display
    key(app, KEY)
    window = scene.instructor.window
    assert window is not None and isinstance(window.window, pygame.Window)
    # nothing of the panel in the trainee's window's widgets
    assert not alive(app, scene.instructor.panel)
    assert scene.instructor.panel in window.ui.get_sprite_group().sprites()
    up = button(scene, "up").rect.center
    crowd = scene.sim.group_members(0)
    before = scene.sim.slots.agitation[crowd].mean()
    click(app, up)  # the same spot on the trainee's screen: not the instructor's button
    assert scene.instructor.sent == []
    click(app, up, window=window.window)  # on the instructor's screen
    assert scene.instructor.sent and scene.instructor.sent[-1]["agitation_by"] == 0.1
    assert scene.sim.slots.agitation[crowd].mean() > before + 0.05
    # a click on the instructor's map picks a point there
    click(app, button(scene, "pick").rect.center, window=window.window)
    mm = scene.instructor.minimap
    at = mm.to_minimap((30.0, 25.0), (8, 430)).astype(int)
    click(app, (int(at[0]), int(at[1])), window=window.window)
    assert scene.instructor.point is not None
    assert abs(scene.instructor.point[0] - 30) < 1 and abs(scene.instructor.point[1] - 25) < 1
    # a language change rebuilds it in its own window, in the other language
    app.set_language("en")
    frames(app)
    assert scene.instructor.window is not None and scene.instructor.window is not window
    assert not alive(app, scene.instructor.panel)
    assert button(scene, "up").text == "Agitation +"
    window = scene.instructor.window
    # F7 in either window closes it; leaving the screen closes it too
    key(app, KEY, window=window.window)
    assert scene.instructor.window is None and not scene.instructor.open
    key(app, KEY)
    assert scene.instructor.window is not None
    key(app, pygame.K_F10)
    assert scene.instructor.window is None


def test_typing_a_note_is_not_taken_for_the_trainees_shortcuts(play):
    app, scene = play
    key(app, KEY)
    entry = scene.instructor.entries["note"]
    click(app, entry.rect.center)
    assert entry.is_focused
    for ch in "gate":
        pygame.event.post(
            pygame.event.Event(pygame.KEYDOWN, key=ord(ch), mod=0, unicode=ch, scancode=0)
        )
        pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    frames(app)
    assert scene.plan_code is None  # G plans under a go code
    pygame.event.post(
        pygame.event.Event(pygame.KEYDOWN, key=pygame.K_RETURN, mod=0, unicode="\r", scancode=0)
    )
    frames(app)
    assert scene.instructor.sent and scene.instructor.sent[-1] == {"type": "note", "text": "gate"}
    assert pygame_gui  # (the events above are pygame_gui's text entry's)
