"""The campaign level "Kapolres turun", played headless to its end with orders files.

What the trainee does in each orders file (korlap ids checked in the simulation: 258 leads
the main crowd at the west fence, 276 the hard core before the main gate):

- kapolres_turun_good.json: the Kapolres walks to the korlap of the main crowd and the
  negotiators to the korlap of the hard core; the Kapolres's first appeal (11 s) is thrown
  back by a crowd still hot, as in the drill; both listen, the Kapolres explains the lawful
  route (Bawaslu, MK) at 40 s; when the hoax turns the hard core back to the gate (30 s) the
  negotiators listen again and explain: both groups go home.
- kapolres_turun_passive.json: the same, but nobody answers the hard core after the hoax:
  the main crowd goes home, the hard core, ignored, riots again.
- kapolres_turun_heavy.json: the same start, then the water cannon and an arrest on the
  hard core when the hoax heats it: force above stage 2 on a crowd that is not attacking.
- no orders at all: nobody talks to the crowd; it grows bitter and riots again.
"""

from __future__ import annotations

import pytest

from campaign.play import LEVELS, TICK, Outcome, play
from game.level import load_level

LEVEL = "kapolres_turun.toml"
SPEC = load_level(LEVELS / LEVEL)


@pytest.fixture(scope="module")
def good() -> Outcome:
    return play(LEVEL, "kapolres_turun_good.json")


@pytest.fixture(scope="module")
def passive() -> Outcome:
    return play(LEVEL, "kapolres_turun_passive.json")


@pytest.fixture(scope="module")
def heavy() -> Outcome:
    return play(LEVEL, "kapolres_turun_heavy.json")


@pytest.fixture(scope="module")
def idle() -> Outcome:
    return play(LEVEL, None)


def talks(run: Outcome, squad: str) -> list[tuple[str, str, str]]:
    """(move, group, outcome) of each move the squad made."""
    return [
        (str(e.data["move"]), str(e.data["group"]), str(e.data["outcome"]))
        for e in run.of("negotiation")
        if e.data["squad"] == squad
    ]


# --- the file itself -------------------------------------------------------------------


def test_the_level_is_bilingual_and_brings_the_kapolres_down() -> None:
    assert SPEC.par_time is not None and SPEC.par_time < SPEC.time_limit
    assert SPEC.briefing is not None
    for text in (SPEC.title, SPEC.briefing.situation, SPEC.briefing.rules):
        assert text.id and text.en and text.id != text.en
    assert all(p.label is not None for p in SPEC.phases)
    assert "kapolres" in {q.kind for q in SPEC.squads}
    assert [g.roles.korlap for g in SPEC.crowd] == [1, 1]
    assert sum(g.roles.provokator for g in SPEC.crowd) == 0  # the provocateurs are in custody
    (objective,) = SPEC.objectives
    assert objective.type == "disperse_by" and objective.share == 0.9


# --- the good run ----------------------------------------------------------------------


def test_the_good_run_passes_with_dialogue_alone(good: Outcome) -> None:
    assert good.passed
    assert good.objectives == ["met"]
    assert good.of("dispersed")
    assert SPEC.par_time is not None and good.seconds <= SPEC.par_time
    assert not good.of("force_used")
    assert good.proportionality == 100
    assert not good.of("level_ended")  # won by the crowd going home, not by the script


def test_the_first_appeal_to_the_hot_crowd_fails_and_the_lawful_route_lands(
    good: Outcome,
) -> None:
    kapolres = talks(good, "kapolres")
    assert kapolres[0] == ("appeal_calm", "massa", "failed")
    assert "imbauan_ditolak" in good.fired()
    assert ("listen", "massa", "landed") in kapolres
    assert ("explain_lawful_route", "massa", "landed") in kapolres
    assert kapolres.index(("listen", "massa", "landed")) < kapolres.index(
        ("explain_lawful_route", "massa", "landed")
    )
    assert "jalur_hukum_dijelaskan" in good.fired()


def test_the_hoax_heats_the_hard_core_and_an_answer_calms_it(good: Outcome) -> None:
    assert good.phases() == ["kapolres_turun", "hoaks", "bubar"]
    assert 29.9 <= good.fired_at("hoaks_beredar") <= 30.1
    (hoax,) = [e for e in good.of("group_changed") if e.data["group"] == "garis_keras"]
    assert hoax.tick * TICK == pytest.approx(30, abs=0.1)
    answered = [
        e for e in good.of("negotiation") if e.data["group"] == "garis_keras" and e.tick > hoax.tick
    ]
    assert answered and answered[0].data["agitation_before"] > 0.55  # hot again
    assert good.fired_at("hoaks_beredar") < good.fired_at("hoaks_diluruskan")
    assert "massa_kembali_memanas" not in good.fired()


# --- the runs that fail ----------------------------------------------------------------


def test_a_hoax_left_unanswered_makes_the_hard_core_riot_again(passive: Outcome) -> None:
    assert not passive.passed
    assert passive.reason == "level_lost"
    assert passive.ended_by() == "massa_kembali_memanas"
    assert passive.objectives == ["failed"]
    assert "hoaks_beredar" in passive.fired() and "hoaks_diluruskan" not in passive.fired()
    # the main crowd, answered, had gone home: it was the ignored hard core that rose
    assert ("explain_lawful_route", "massa", "landed") in talks(passive, "kapolres")
    assert passive.seconds - passive.fired_at("hoaks_beredar") > 60  # time to answer it
    assert not passive.of("force_used")


def test_force_on_a_crowd_that_does_not_attack_ends_the_level(heavy: Outcome) -> None:
    assert not heavy.passed
    assert heavy.ended_by() == "kekuatan_berlebih"
    (used,) = heavy.of("force_used")
    assert used.data["tool"] == "water_cannon" and used.data["stage"] > 2
    assert heavy.seconds < 40
    assert "excess" in [str(e.data["rule"]) for e in heavy.of("scored")]


def test_a_crowd_nobody_answers_riots_again(idle: Outcome) -> None:
    assert not idle.passed
    assert idle.ended_by() == "massa_kembali_memanas"
    assert not idle.of("negotiation")
    assert 60 < idle.seconds < SPEC.time_limit
