"""The PPK office on Jalan Pasar, Buay Madang: the level made with the editor only.

A negotiator who goes to the korlap, hears him and explains the lawful route sends the
crowd home in about a minute, nobody hurt; a trainee who only watches sees the scripted
escalation (tyres burning in the street at 90 s, the provocateurs among the crowd, officers
hit by what they throw) and does not pass.
"""

from __future__ import annotations

import pytest

from campaign.play import LEVELS, Outcome, play
from game.level import load_level
from game.ui.free_play import free_play_levels

LEVEL = "ppk_buay_madang.toml"


@pytest.fixture(scope="module")
def good() -> Outcome:
    return play(LEVEL, "ppk_buay_madang_good.json")


@pytest.fixture(scope="module")
def idle() -> Outcome:
    return play(LEVEL, "ppk_buay_madang_idle.json")


def test_talking_the_crowd_home_passes(good: Outcome) -> None:
    assert good.passed and good.reason == "dispersed"
    assert good.objectives == ["met", "met"]
    assert good.seconds < 120
    assert not good.of("injured") and not good.of("force_used")
    assert "provokator_membakar" not in good.fired()


def test_only_watching_meets_the_scripted_escalation_and_fails(idle: Outcome) -> None:
    assert not idle.passed
    assert idle.fired_at("provokator_membakar") == pytest.approx(90, abs=0.1)
    assert idle.phases()[-1] == "memanas"
    assert idle.of("fire_started")
    assert any(e.data["officer"] for e in idle.of("injured"))


def test_it_is_in_free_play_with_its_site_plan() -> None:
    listed = {f.path.name: f for f in free_play_levels(LEVELS)}
    assert LEVEL in listed and listed[LEVEL].error is None
    level = load_level(LEVELS / LEVEL)
    assert level.background is not None
    assert (LEVELS / level.background.image).is_file()
