"""The campaign level "Aksi damai" (hijau), played headless to its end with orders files.

A good run (presence, the negotiators hear each korlap, read the himbauan, explain the
lawful route; force never above stage 2) passes; a heavy-handed run (the water cannon on the
peaceful crowd) and a trainee who never goes to the korlap fail, each for its own reason.
Every scripted beat the level relies on is checked to have happened (or not) in these runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from campaign.play import LEVELS, Outcome, play
from game.level import load_level

LEVEL = "aksi_damai.toml"
SPEC = load_level(LEVELS / LEVEL)
ENDINGS = {"kekuatan_berlebihan", "halaman_dibobol", "dialog_gagal"}


@pytest.fixture(scope="module")
def good() -> Outcome:
    return play(LEVEL, "aksi_damai_good.json")


@pytest.fixture(scope="module")
def heavy() -> Outcome:
    return play(LEVEL, "aksi_damai_heavy.json")


@pytest.fixture(scope="module")
def passive() -> Outcome:
    return play(LEVEL, "aksi_damai_passive.json")


@pytest.fixture(scope="module")
def idle() -> Outcome:
    return play(LEVEL, None)


def landed(run: Outcome, move: str | None = None) -> list[dict]:
    return [
        e.data
        for e in run.of("negotiation")
        if e.data["outcome"] == "landed" and move in (None, e.data["move"])
    ]


def top_stage(run: Outcome) -> int:
    return max((int(e.data["stage"]) for e in run.of("force_used")), default=0)


# --- the file itself -------------------------------------------------------------------


def test_the_level_is_short_and_has_a_par_time() -> None:
    assert 240 <= SPEC.time_limit <= 300
    assert SPEC.par_time is not None and SPEC.par_time < SPEC.time_limit
    assert 200 <= sum(g.count for g in SPEC.crowd) <= 300
    assert SPEC.briefing is not None
    assert all(o.label is not None for o in SPEC.objectives)


# --- the good run ----------------------------------------------------------------------


def test_the_good_run_passes(good: Outcome) -> None:
    assert good.passed
    assert good.reason == "level_won"
    assert good.ended_by() == "selesai"
    assert set(good.objectives) == {"met"}
    assert SPEC.par_time is not None and good.seconds <= SPEC.par_time + 30
    assert good.proportionality == 100
    assert good.outcome >= 90


def test_the_good_run_plays_the_beats_in_order(good: Outcome) -> None:
    assert good.phases() == ["kedatangan", "dialog", "rombongan_kedua", "pembubaran"]
    fired = good.fired()
    for beat in (
        "massa_di_gerbang",
        "dialog_dibuka",
        "himbauan",
        "penyusup_datang",
        "penyusup_ditolak",
        "rombongan_datang",
        "pulang",
        "selesai",
    ):
        assert beat in fired, beat
    assert not ENDINGS & set(fired)
    assert fired.index("himbauan") < fired.index("penyusup_ditolak")


def test_the_good_run_stays_within_stage_2(good: Outcome) -> None:
    assert good.of("force_used"), "presence and verbal commands are part of the good run"
    assert top_stage(good) <= 2
    assert not good.of("arrested")
    assert not good.of("gate_broken")
    assert good.state("kekuatan") == "met"


def test_the_good_run_opens_talks_and_answers_both_columns(good: Outcome) -> None:
    first = landed(good)[0]
    assert first["move"] == "listen" and first["group"] == "massa"
    answered = {d["group"] for d in landed(good, "explain_lawful_route")}
    assert answered == {"massa", "rombongan_kedua"}
    heard_appeal = {d["group"] for d in landed(good, "appeal_calm")}
    assert heard_appeal == {"massa", "rombongan_kedua"}
    assert good.state("dialog") == "met"


def test_the_crowd_turns_the_infiltrators_away_after_the_himbauan(good: Outcome) -> None:
    (changed,) = [e for e in good.of("group_changed") if e.data["group"] == "penyusup"]
    appeal = next(e for e in good.of("negotiation") if e.data["move"] == "appeal_calm")
    assert changed.data["by"] == "penyusup_ditolak"
    assert changed.tick > appeal.tick


def test_the_good_run_keeps_the_courtyard_and_disperses_the_crowd(good: Outcome) -> None:
    assert good.state("halaman_aman") == "met"
    assert good.state("bubar") == "met"
    assert good.of("dispersed")


# --- the heavy-handed run: force on a peaceful crowd ------------------------------------


def test_force_on_the_peaceful_crowd_ends_the_level_lost(heavy: Outcome) -> None:
    assert not heavy.passed
    assert heavy.reason == "level_lost"
    assert heavy.ended_by() == "kekuatan_berlebihan"
    assert heavy.state("kekuatan") == "failed"
    assert top_stage(heavy) == 5
    (jet,) = [e for e in heavy.of("force_used") if e.data["tool"] == "water_cannon"]
    assert jet.data["top_behaviour"] == "calm"
    assert heavy.proportionality < 70
    # talks had opened: the run fails for the force, not for silence
    assert heavy.state("dialog") == "met"


# --- the trainee who never goes to the korlap -------------------------------------------


@pytest.mark.parametrize("run", ["passive", "idle"])
def test_without_talks_the_level_is_lost_at_three_minutes(
    run: str, request: pytest.FixtureRequest
) -> None:
    outcome: Outcome = request.getfixturevalue(run)
    assert not outcome.passed
    assert outcome.reason == "level_lost"
    assert outcome.ended_by() == "dialog_gagal"
    assert outcome.seconds == pytest.approx(180, abs=1)
    assert outcome.state("dialog") == "failed"
    assert outcome.state("bubar") == "failed"
    assert not landed(outcome)
    # stage 2 at most: the run fails for silence, not for force
    assert top_stage(outcome) <= 2
    assert outcome.state("kekuatan") == "met"
    # nobody read the himbauan: the infiltrators stayed in the crowd
    assert "penyusup_ditolak" not in outcome.fired()
    assert outcome.phases() == ["kedatangan", "rombongan_kedua"]


def test_the_passive_orders_only_gave_presence_and_warnings(passive: Outcome) -> None:
    tools = {e.data["tool"] for e in passive.of("force_used")}
    assert tools == {"presence", "verbal"}
    refused = {e.data["code"] for e in passive.of("order_refused")}
    assert "korlap_far" in refused


def _files() -> Iterator[Path]:
    orders = Path(__file__).resolve().parent / "orders"
    yield from sorted(orders.glob("aksi_damai_*.json"))


def test_the_orders_files_are_there() -> None:
    names = {p.name for p in _files()}
    assert names == {
        "aksi_damai_good.json",
        "aksi_damai_heavy.json",
        "aksi_damai_passive.json",
    }
