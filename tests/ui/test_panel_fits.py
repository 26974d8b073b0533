"""The right panel always fits: with the negotiation list open and the korlap's reply shown,
the go codes, the clock's buttons and "end the exercise" stay on screen, every label fits
its button (cut with an ellipsis, the full text on hover), and what does not fit the
panel's height is reached by scrolling it."""

import numpy as np
import pygame
import pytest
from helpers import LEVELS, open_level

FOOTER_ACTIONS = {"plan", "go:A", "go:B", "go:C", "pause", "speed", "restart", "end"}


def talking(tmp_path, monkeypatch, language, size):
    """The KPU drill with the negotiators at the korlap: the panel at its longest."""
    app, scene = open_level(tmp_path, monkeypatch, LEVELS / "kpu_oku_timur.toml", language)
    assert app.screen.get_size() == size
    if not scene.started:
        scene.act("start")
    app.step(1 / 60)  # the crowd comes on the map
    talker = next(i for i, q in enumerate(scene.sim.squads) if q.unit.talks)
    scene.act(f"select:{talker}")
    scene.act("cmd:approach")
    scene.speed = 4  # fewer frames drawn on the way
    for _ in range(3000):
        app.step(0.05)
        if scene._possible_moves():
            break
    scene.act(f"talk:{scene._possible_moves()[0]}")
    for _ in range(20):
        app.step(0.05)
    scene.speed = 1
    scene.act(f"select:{talker}")
    for _ in range(16):
        app.step(1 / 60)
    assert scene._talk_rows() and scene.last_reply, "the negotiation list is not open"
    return app, scene


@pytest.mark.parametrize(("language", "size"), [("id", (1280, 720)), ("en", (1280, 720))])
def test_the_panel_fits_with_the_talk_list_open(tmp_path, monkeypatch, language, size):
    app, scene = talking(tmp_path, monkeypatch, language, size)
    screen = pygame.Rect((0, 0), size)
    buttons = [el for el in scene.dynamic if hasattr(el, "action") and el.alive()]
    footer = [b for b in buttons if b.action in FOOTER_ACTIONS]
    assert {b.action for b in footer} == FOOTER_ACTIONS
    body_rect = scene.panel_body.rect
    scrolled = scene.panel_body.get_container()
    for b in footer:  # pinned on screen, under the scrolling part
        assert screen.contains(b.rect), f"{b.text} falls off the window"
        assert b.ui_container is not scrolled, f"{b.text} scrolls away with the sections"
        assert b.rect.top >= body_rect.bottom, f"{b.text} is under the scrolling sections"
    for b in buttons:
        width = b.font.size(b.text)[0]
        assert width <= b.rect.width - 6, f"{b.text!r} overflows its button"
        if b.text.endswith("\u2026"):
            assert b.tool_tip_text and len(b.tool_tip_text) > len(b.text) - 1
    body = [b for b in buttons if b not in footer]
    lowest = max(b.relative_rect.bottom for b in body)
    area = scene.panel_body.scrollable_container.get_relative_rect()
    assert area.height >= lowest, "the panel's last sections cannot be scrolled to"
    moves = [b for b in body if b.action.startswith("talk:")]
    assert len(moves) == len(scene._talk_rows())
    if language == "id":  # the same long panel (set up once: it takes a while)
        the_wheel_scrolls_the_panel_and_not_the_map(app, scene, monkeypatch)
    pygame.quit()


def the_wheel_scrolls_the_panel_and_not_the_map(app, scene, monkeypatch):
    bar = scene.panel_body.vert_scroll_bar
    assert bar is not None, "the long panel has no scroll bar"
    scale = scene.camera.scale
    over = scene.panel_body.rect.center
    monkeypatch.setattr(pygame.mouse, "get_pos", lambda: over)  # pygame_gui's hover test
    pygame.event.post(
        pygame.event.Event(pygame.MOUSEMOTION, pos=over, rel=(0, 0), buttons=(0, 0, 0))
    )
    app.step(1 / 60)
    before = bar.start_percentage
    for _ in range(5):
        pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=-1, flipped=False))
        app.step(1 / 60)
    for _ in range(10):
        app.step(1 / 60)
    assert bar.start_percentage > before, "the wheel did not scroll the panel"
    assert np.isclose(scene.camera.scale, scale), "the wheel over the panel zoomed the map"
