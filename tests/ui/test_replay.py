"""The replay viewer: a timeline to jump anywhere, overlays, take-over, and damaged files
played up to their last good record; the mouse never gives an order."""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import datetime, timedelta

import pygame
import pytest
from helpers import LEVEL, record
from test_menus import press, steps

from game.level import parse_level
from game.replay.read import read_replay
from game.replay.record import Recorder, make_header
from game.replay.store import list_replays
from game.replay.summary import _cache as summary_cache
from game.replay.summary import summarise
from game.session import Session
from game.sim import orders as O
from game.ui import i18n
from game.ui.app import App
from game.ui.scenes.menu import MenuScene, replay_cells
from game.ui.scenes.play import PlayScene
from game.ui.scenes.replay import BADGE_RED, ReplayScene, open_replay
from game.ui.settings import Settings


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    path = tmp_path_factory.mktemp("viewer") / "run.jsonl"
    baton = {
        "type": "use_force",
        "time": 3,
        "squad": "dalmas_lanjut",
        "tool": "baton",
        "at": [30, 23.5],
    }
    session = record(path, seconds=12, extra=[baton])
    return path, session.live_hashes


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    monkeypatch.setattr("game.ui.scenes.replay.replay_dir", lambda: tmp_path / "replays")
    app = App(settings=Settings(language="en"), settings_path=tmp_path / "s.toml", size=(1280, 720))
    app.push(MenuScene(app))
    yield app
    i18n.set_language("id")
    pygame.quit()


def click(app, pos, button=1):
    for kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP):
        pygame.event.post(pygame.event.Event(kind, {"pos": pos, "button": button}))
    steps(app, 1)


def test_clicking_the_timeline_jumps_to_that_moment(app, recorded):
    path, live = recorded
    assert open_replay(app, path) is None
    viewer = app.scene
    assert isinstance(viewer, ReplayScene)
    steps(app, 2)
    bar = viewer.bar
    x = bar.x_of(420)
    click(app, (x, bar.rect.centery))
    tick = viewer.sim.tick
    assert abs(tick - 420) <= 3
    viewer.seek(630)
    assert viewer.sim.state_hash() == live[630]
    viewer.seek(60)
    assert viewer.sim.state_hash() == live[60]


def test_every_event_of_note_has_a_marker_with_words(app, recorded):
    path, _ = recorded
    replay = read_replay(path)
    app.push(ReplayScene(app, path))
    viewer = app.scene
    bands = viewer.bar.phases
    assert bands[0][0] == 0 and bands[-1][1] == viewer.run.end_tick
    assert [c for _, _, c in bands] == ["kuning"]  # the crowd pressed from the first tick
    noted = [e for e in replay.events if e.kind in ("force_used", "injured", "negotiation")]
    assert noted and len(viewer.bar.marks) >= len(noted)
    assert {m.kind for m in viewer.bar.marks} >= {"force_excess"}  # a baton on a calm crowd
    for m in viewer.bar.marks:
        assert m.text and "_" not in m.text and "{" not in m.text


def test_the_mouse_gives_no_orders_and_esc_leaves(app, recorded):
    path, _ = recorded
    app.push(ReplayScene(app, path))
    viewer = app.scene
    given = []
    real = viewer.session.submit
    viewer.session.submit = lambda order, source="trainee": given.append(order) or real(order)
    viewer.input.selected = [0]
    click(app, (300, 300), button=3)
    click(app, (300, 300), button=1)
    viewer.act("cmd:hold")
    assert given == []
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": pygame.K_ESCAPE, "mod": 0}))
    steps(app, 1)
    assert isinstance(app.scene, MenuScene)


def test_take_over_resumes_command_from_that_exact_state(app, recorded, tmp_path):
    path, live = recorded
    app.push(ReplayScene(app, path))
    viewer = app.scene
    viewer.seek(360)
    viewer.take_over()
    play = app.scene
    assert isinstance(play, PlayScene) and not play.watching
    assert play.sim.tick == 360 and play.sim.state_hash() == live[360]
    play._submit([O.Hold(tick=0, squad="dalmas_lanjut")])
    play.paused = False
    for _ in range(30):
        play.update(1 / 60)
    play.act("end")
    [child] = list((tmp_path / "replays").glob("*.jsonl"))
    replay = read_replay(child)
    assert replay.header.parent is not None and replay.header.parent.tick == 360
    assert [type(o) for _, _, o in replay.orders][:1] == [O.Hold]


def test_a_cut_off_file_plays_to_its_last_good_record_and_says_so(app, recorded, tmp_path):
    path, _ = recorded
    data = path.read_bytes()
    cut = tmp_path / "cut.jsonl"
    cut.write_bytes(data[: len(data) * 2 // 3])
    replay = read_replay(cut)
    app.push(ReplayScene(app, cut))
    viewer = app.scene
    assert any("stops at" in line for line in viewer.banner)
    viewer.speed = 8
    for _ in range(400):
        viewer.update(1 / 60)
    assert viewer.sim.tick <= replay.last_tick
    assert viewer.paused and viewer.run.at_end


def test_a_broken_file_is_explained_on_the_menu(app, tmp_path, recorded):
    path, _ = recorded
    lines = path.read_text().splitlines()
    head = json.loads(lines[0])
    head["seed"] = "seven"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n")
    menu = app.scene
    menu.open_replay(bad)
    assert app.scene is menu
    assert "bad.jsonl: line 1: header seed" in menu.message.text_block.html_text


def test_overlays_draw_without_changing_the_run(app, recorded):
    path, _ = recorded
    app.push(ReplayScene(app, path))
    viewer = app.scene
    viewer.seek(500)
    before = viewer.sim.state_hash()
    viewer.input.selected = [0]
    for name in ("density", "pressure", "mood", "paths", "force"):
        viewer.toggle(name)
    viewer.advance(30)
    viewer.draw(app.screen)
    assert viewer.overlays == {"density", "pressure", "mood", "paths", "force"}
    assert len(viewer.trail) >= 2
    viewer.seek(500)
    assert viewer.sim.state_hash() == before


def test_a_replay_from_another_build_says_so_and_still_plays(app, recorded, tmp_path):
    path, live = recorded
    lines = path.read_text().splitlines()
    head = json.loads(lines[0])
    head["pymunk"] = "6.0.0"
    other = tmp_path / "other.jsonl"
    other.write_text("\n".join([json.dumps(head), *lines[1:]]) + "\n")
    app.push(ReplayScene(app, other))
    viewer = app.scene
    assert any("another build" in line and "pymunk 6.0.0" in line for line in viewer.banner)
    viewer.seek(600)  # from its recorded keyframe
    assert viewer.sim.state_hash() == live[600]


# --- the list of recordings on the menu -------------------------------------------------


def _record_at(path, when: datetime, time_limit: float | None = None, **kw) -> None:
    """A real recorded run of the cordon level, stamped as recorded at `when`; with a
    time limit, the run goes on until the level ends it (scored, won or lost)."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return when

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("game.replay.record.datetime", Clock)
        if time_limit is None:
            record(path, **kw)
            return
        text = LEVEL.read_text(encoding="utf-8").replace(
            "\nmap = ", f"\ntime_limit = {time_limit}\nmap = ", 1
        )
        assert f"time_limit = {time_limit}" in text
        level = parse_level(text, str(LEVEL))
        header = make_header(text, LEVEL.name, level.seed, 60, "Briptu A")
        session = Session(level, recorder=Recorder(path, header))
        while not session.finished and session.tick < 60 * (time_limit + 1):
            session.step()
        session.close()


BASE = datetime(2026, 12, 3, 9, 0).astimezone()
WHEN = {"ended": BASE + timedelta(hours=2), "unfinished": BASE + timedelta(hours=1), "timed": BASE}


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory):
    """Three real runs recorded an hour apart: ended early (F10), left unfinished, and
    played to the level's time limit (scored). Named so that file order is not age order."""
    folder = tmp_path_factory.mktemp("three")
    names = {"ended": "c.jsonl", "unfinished": "b.jsonl", "timed": "a.jsonl"}
    _record_at(folder / names["ended"], WHEN["ended"], seconds=5, end_at=150)
    _record_at(folder / names["unfinished"], WHEN["unfinished"], seconds=4)
    _record_at(folder / names["timed"], WHEN["timed"], time_limit=3)
    return {kind: folder / name for kind, name in names.items()}


@pytest.fixture
def listed(tmp_path, monkeypatch, three_runs):
    """The three runs and a damaged file in the menu's replays folder."""
    folder = tmp_path / "replays"
    folder.mkdir()
    runs = {}
    for kind, source in three_runs.items():
        runs[kind] = (folder / source.name, WHEN[kind])
        shutil.copyfile(source, runs[kind][0])
    damaged = folder / "z-damaged.jsonl"
    damaged.write_bytes(b'{"type": "header", "format": 2, "lev')
    old = BASE.timestamp() - 3600
    os.utime(damaged, (old, old))  # the oldest of them
    monkeypatch.setattr("game.ui.scenes.menu.replay_dir", lambda: folder)
    return runs, damaged


def _texts(app) -> list[str]:
    return [str(e.text) for e in app.ui.get_sprite_group().sprites() if hasattr(e, "text")]


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_replay_list_says_title_date_length_outcome_and_score_newest_first(
    app, listed, language
):
    runs, damaged = listed
    i18n.set_language(language)
    menu = app.scene
    press(app, menu.buttons["replays"])
    order = [summary.path for summary, _ in menu.replay_rows]
    assert order == [runs["ended"][0], runs["unfinished"][0], runs["timed"][0], damaged]
    title = i18n.text_of(parse_level(LEVEL.read_text(encoding="utf-8"), "x").title)
    shown = _texts(app)
    kinds = ("ended", "unfinished", "timed")
    for (summary, button), kind in zip(menu.replay_rows[:3], kinds, strict=True):
        cells = replay_cells(summary)
        assert button.text == title and ".jsonl" not in button.text
        when = runs[kind][1].strftime(i18n.tr("menu.date_format"))
        assert cells["when"] == when and when in shown
        for column in ("duration", "outcome", "proportionality"):
            assert cells[column] in shown
    ended, unfinished, timed = (replay_cells(s) for s, _ in menu.replay_rows[:3])
    assert ended["duration"] == "00:02" and ended["outcome"] == i18n.tr("menu.outcome.ended_early")
    assert unfinished["duration"] == "00:04" and unfinished["proportionality"] == "–"
    assert unfinished["outcome"] == i18n.tr("menu.outcome.unfinished")
    end = read_replay(runs["timed"][0]).end
    assert end is not None and end.reason == "time_limit"
    verdict = "won" if all(o == "met" for o in end.objectives if o != "inactive") else "lost"
    assert timed["duration"] == "00:03" and timed["outcome"] == i18n.tr(f"menu.outcome.{verdict}")
    assert timed["proportionality"] == str(round(end.proportionality))
    assert ended["proportionality"].isdigit()
    summary, button = menu.replay_rows[-1]
    assert summary.damaged and replay_cells(summary)["outcome"] == i18n.tr("menu.outcome.damaged")
    assert i18n.tr("menu.outcome.damaged") in shown
    words = {i18n.tr(f"menu.outcome.{k}") for k in ("won", "lost", "ended_early", "unfinished")}
    assert all("_" not in w for w in words)


def test_a_picked_replay_plays_and_esc_comes_back_to_the_list(app, listed):
    runs, _ = listed
    menu = app.scene
    press(app, menu.buttons["replays"])
    summary, button = menu.replay_rows[0]
    press(app, button)
    assert isinstance(app.scene, ReplayScene) and app.scene.recording.path == summary.path
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": pygame.K_ESCAPE, "mod": 0}))
    steps(app, 2)
    assert app.scene is menu and menu.section == "replays" and menu.replay_rows


def test_two_hundred_replays_open_in_well_under_a_second(app, listed):
    runs, _ = listed
    folder = runs["ended"][0].parent
    data = runs["timed"][0].read_bytes()
    for k in range(200):
        (folder / f"copy-{k:03d}.jsonl").write_bytes(data)
    summary_cache.clear()
    menu = app.scene
    start = time.perf_counter()
    rows = list_replays(folder)
    listed_in = time.perf_counter() - start
    press(app, menu.buttons["replays"])
    opened_in = time.perf_counter() - start
    assert len(rows) == 204 and listed_in < 0.5
    assert opened_in < 1.5  # generous: the test machine is shared
    assert 0 < len(menu.replay_rows) < 204  # a page of them, the rest a page away
    older = menu.page_buttons["older"]
    press(app, older)
    assert menu.replay_page == 1 and menu.replay_rows


# --- what the viewer shows, and what the mouse may not do ------------------------------


def test_the_replay_badge_is_on_screen_and_above_the_phase_banner(app, recorded):
    path, _ = recorded
    app.push(ReplayScene(app, path))
    viewer = app.scene
    viewer.phase_label.set_text("Massa memanas di gerbang, massa mendorong barikade")
    viewer.phase_label.show()
    steps(app, 2)
    badge = viewer.badge_rect
    assert not badge.colliderect(viewer.phase_label.rect)
    assert i18n.tr("replay.badge") in ("REPLAY", "TAYANGAN ULANG")
    # after the widgets are drawn, the badge's red is still there: nothing covers it
    for x in (badge.x + 6, badge.right - 8):
        assert tuple(app.screen.get_at((x, badge.centery)))[:3] == BADGE_RED


def test_the_mouse_leaves_no_marker_box_or_cordon_on_a_replay(app, recorded):
    path, _ = recorded
    app.push(ReplayScene(app, path))
    viewer = app.scene
    viewer.paused = True
    steps(app, 1)
    drawn = []
    real = viewer.renderer.draw
    viewer.renderer.draw = lambda *a, overlay=None, **k: (
        drawn.append(dict(overlay)) or real(*a, overlay=overlay, **k)
    )
    given = []
    viewer.session.submit = lambda order, source="trainee": given.append(order)
    before = viewer.sim.state_hash()
    viewer.input.selected = [0]
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, {"key": pygame.K_m, "mod": 0}))
    steps(app, 1)
    for button in (1, 3):  # a drag with each button, and a click
        post = pygame.event.post
        post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, {"pos": (200, 200), "button": button}))
        steps(app, 1)
        post(
            pygame.event.Event(
                pygame.MOUSEMOTION, {"pos": (420, 380), "rel": (220, 180), "buttons": (1, 0, 0)}
            )
        )
        steps(app, 1)
        assert viewer.input.drag_from is None
        post(pygame.event.Event(pygame.MOUSEBUTTONUP, {"pos": (420, 380), "button": button}))
        steps(app, 1)
        click(app, (300, 300), button=button)
    assert drawn and all("box" not in o and "cordon" not in o for o in drawn)
    assert given == [] and viewer.sim.state_hash() == before
    assert viewer.run.replay.orders == read_replay(path).orders  # nothing added to play


def test_a_recording_cut_off_mid_record_is_listed_from_its_last_whole_record(listed):
    runs, _ = listed
    path = runs["unfinished"][0]
    whole = summarise(path)
    with path.open("ab") as f:
        f.write(b'{"type": "hash", "tick": 99999, "ha')  # killed mid-write
    cut = summarise(path)
    assert not cut.damaged and cut.seconds == whole.seconds == 4.0
    assert cut.title == whole.title and cut.outcome == "unfinished"
