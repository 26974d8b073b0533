"""The campaign level "Massa memanas" (kuning), played headless to its end with orders files.

A good run (lapis ganti to the shield line with the TNI behind it, the arrest team taking
the throwers, the negotiators and the Kapolres talking to each wave's korlap) passes; a
heavy-handed run (baton and water cannon on a crowd that only pushes), a trainee who only
talks and one who gives no order at all fail, each for its own reason. Every scripted beat
the level relies on is checked to have happened (or not) in these runs.
"""

from __future__ import annotations

import pytest

from campaign.play import LEVELS, Outcome, play
from game.level import load_level

LEVEL = "massa_memanas.toml"
SPEC = load_level(LEVELS / LEVEL)
ENDINGS = {"gerbang_jebol", "eskalasi", "tanpa_lapis_ganti", "dialog_gagal"}


@pytest.fixture(scope="module")
def good() -> Outcome:
    return play(LEVEL, "massa_memanas_good.json")


@pytest.fixture(scope="module")
def heavy() -> Outcome:
    return play(LEVEL, "massa_memanas_heavy.json")


@pytest.fixture(scope="module")
def passive() -> Outcome:
    return play(LEVEL, "massa_memanas_passive.json")


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


def test_the_level_is_short_and_has_no_gas_on_the_site() -> None:
    assert 240 <= SPEC.time_limit <= 300
    assert SPEC.par_time is not None and SPEC.par_time < SPEC.time_limit
    assert 200 <= sum(g.count for g in SPEC.crowd) <= 350
    assert SPEC.briefing is not None
    assert all(o.label is not None for o in SPEC.objectives)
    kinds = {q.kind for q in SPEC.squads}
    assert {"dalmas_awal", "dalmas_lanjut", "tni", "negotiator", "reskrim"} <= kinds
    assert "brimob" not in kinds  # nobody on the site carries tear gas


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
    assert good.phases() == ["dorongan", "gelombang_kedua", "mereda"]
    fired = good.fired()
    for beat in (
        "lapis_ganti",
        "dorong_gerbang",
        "ban_dibakar",
        "damkar",
        "gelombang_datang",
        "tni_memperkuat",
        "jalur_hukum",
        "mereda",
        "selesai",
    ):
        assert beat in fired, beat
    assert not ENDINGS & set(fired)
    assert fired.index("lapis_ganti") < fired.index("ban_dibakar")


def test_tyres_burn_bottles_fly_and_a_second_wave_comes(good: Outcome) -> None:
    fires = [e for e in good.of("fire_started") if e.data.get("by") == "ban_dibakar"]
    assert len(fires) == 1
    assert [e.data["by"] for e in good.of("fire_out")] == ["damkar"]
    assert good.of("objects_thrown"), "the provocateurs throw on their own"
    assert [e.data["group"] for e in good.of("group_arriving")] == ["gelombang_kedua"]


def test_the_shield_line_and_the_tni_hold_the_gate(good: Outcome) -> None:
    assert not good.of("gate_broken")
    assert good.state("gerbang") == "met"
    assert good.state("halaman_aman") == "met"
    assert good.state("lapis_ganti") == "met"
    hurt = [e for e in good.of("injured") if e.data["officer"]]
    assert len(hurt) <= 2


def test_the_good_run_uses_force_only_as_behaviour_allows(good: Outcome) -> None:
    uses = good.of("force_used")
    assert top_stage(good) <= 4
    assert all(int(e.data["stage"]) <= int(e.data["allowed_stage"]) for e in uses)
    assert not [e for e in uses if e.data["tool"] in ("tear_gas", "rubber_rounds", "baton")]
    assert not good.of("authorised")
    assert "excess" not in good.rules()
    arrests = good.of("arrested")
    assert len(arrests) == 3 and all(e.data["provocateur"] for e in arrests)
    assert {e.data["squad"] for e in arrests} == {"reskrim"}
    assert good.state("kekuatan") == "met"


def test_talks_go_on_with_both_waves(good: Outcome) -> None:
    answered = {d["group"] for d in landed(good, "explain_lawful_route")}
    assert answered == {"massa", "gelombang_kedua"}
    speakers = {d["speaker"] for d in landed(good)}
    assert speakers == {"negotiator", "kapolres"}
    assert "dialogue_in_kuning" in good.rules()
    assert good.state("dialog") == "met"
    assert good.state("bubar") == "met"


# --- the heavy-handed run: blows on a crowd that only pushes ----------------------------


def test_escalation_without_need_ends_the_level_lost(heavy: Outcome) -> None:
    assert not heavy.passed
    assert heavy.reason == "level_lost"
    assert heavy.ended_by() == "eskalasi"
    assert heavy.state("kekuatan") == "failed"
    assert top_stage(heavy) == 5
    assert "excess" in heavy.rules() and "indiscriminate" in heavy.rules()
    assert heavy.proportionality < 90
    # the gate held and the line was relieved: the run fails for the force alone
    assert not heavy.of("gate_broken")
    assert heavy.state("lapis_ganti") == "met"


# --- the trainee who only talks, and the one who does nothing ---------------------------


def test_talking_without_the_lapis_ganti_loses_the_rope_line(passive: Outcome) -> None:
    assert not passive.passed
    assert passive.reason == "level_lost"
    assert passive.ended_by() == "tanpa_lapis_ganti"
    assert passive.state("lapis_ganti") == "failed"
    assert "lapis_ganti" not in passive.fired()
    hurt = [e for e in passive.of("injured") if e.data["officer"]]
    assert len(hurt) >= 5
    assert {e.data["cause"] for e in hurt} == {"thrown_object"}
    assert landed(passive, "listen"), "the talks opened, but the throwers were left alone"
    assert not passive.of("arrested")
    assert top_stage(passive) == 0


def test_doing_nothing_loses_the_level(idle: Outcome) -> None:
    assert not idle.passed
    assert idle.reason == "level_lost"
    assert idle.ended_by() in {"tanpa_lapis_ganti", "gerbang_jebol"}
    assert idle.seconds < 120
    assert not landed(idle)
    assert idle.state("bubar") == "failed"
