"""The whole drill of 26 August 2024, "Simulasi Sispamkota OKU Timur", played headless to
its end with orders files: every beat the script plays, and the ways a trainee loses it.

What the trainee does in each orders file (agent ids checked in the simulation):

- kpu_oku_timur_good.json: the negotiators walk to the korlap of the main crowd (agent 108)
  and hear him at 25 s; authorisation asked at 50 s (the tyres burn at 45 s: merah); at
  95 s the arrest team steps up toward the office door (out of the captors' way, which it
  had blocked for some ten seconds); the chair is seized by script at about 100.5 s and
  Brimob warns at 101.5 s, gases his captors before the office door at 104 s; the Belitang
  company warns the east group before the warehouse at 106 s; then the arrest team takes
  the captors 213 and 188 as they run, Brimob the captor 197, and the Belitang company the
  provocateurs 187, 205, 196 and 168 before the warehouse (seven arrests by 138 s); the
  Kapolres walks to the korlap at 160 s, his appeal at 185 s is refused (the drill's own
  beat), he listens at 195 s and explains the lawful route at 210 s, and the crowd goes
  home.
- kpu_oku_timur_heavy.json: the shield line spread 20 m along the fence either side of
  the main gate at 20 s, then baton blows (29, 45, 61, 77 s) and the water cannon (32, 50,
  68 s) on the crowd at the main gate without warning: more than six of the crowd injured
  at 77 s (seven: a seeded dice roll close to the line, each blow reaching 20-30 people).
- kpu_oku_timur_passive.json: talks only (listen, appeal, explain): nobody acts against the
  captors, the chair is held 90 s.
- no orders at all: no negotiator meets the korlap within two minutes.
"""

from __future__ import annotations

import pytest

from campaign.play import LEVELS, TICK, Outcome, play, seconds
from game.level import load_level

LEVEL = "kpu_oku_timur.toml"
SPEC = load_level(LEVELS / LEVEL)
OBJECTIVE = {o.name: i for i, o in enumerate(SPEC.objectives)}
ENDINGS = {"korban_massa", "batas_sandera", "dialog_gagal", "gas_tanpa_izin"}
PHASES = [
    "aksi_damai",
    "tekanan",
    "anarkis",
    "sandera",
    "dibebaskan",
    "pemulihan",
    "kapolres_turun",
    "bubar",
]


@pytest.fixture(scope="module")
def good() -> Outcome:
    return play(LEVEL, "kpu_oku_timur_good.json")


@pytest.fixture(scope="module")
def heavy() -> Outcome:
    return play(LEVEL, "kpu_oku_timur_heavy.json")


@pytest.fixture(scope="module")
def passive() -> Outcome:
    return play(LEVEL, "kpu_oku_timur_passive.json")


@pytest.fixture(scope="module")
def idle() -> Outcome:
    return play(LEVEL, None)


# --- the file itself -------------------------------------------------------------------


def test_the_level_is_the_whole_drill_in_both_languages() -> None:
    assert [p.name for p in SPEC.phases] == PHASES
    assert all(p.label is not None and p.label.id != p.label.en for p in SPEC.phases)
    assert SPEC.par_time is not None and SPEC.par_time < SPEC.time_limit
    assert SPEC.briefing is not None
    for text in (SPEC.title, SPEC.briefing.situation, SPEC.briefing.rules):
        assert text.id and text.en and text.id != text.en
    assert "26 Agustus 2024" in SPEC.title.id
    assert all(o.label is not None for o in SPEC.objectives)
    kinds = {q.kind for q in SPEC.squads}
    assert {"dalmas_awal", "dalmas_lanjut", "brimob", "tni", "negotiator", "kapolres"} <= kinds
    assert {"reskrim", "medic", "water_cannon"} <= kinds
    assert [q.name for q in SPEC.squads if q.on_cue] == ["brimob_belitang"]
    # the beats' objectives are handed out by the script, not in the briefing
    assert not SPEC.objectives[OBJECTIVE["bebaskan_ketua"]].active
    assert not SPEC.objectives[OBJECTIVE["kapolres_jelaskan"]].active


# --- the good run: every beat of the day, in order -------------------------------------


def test_the_good_run_passes_with_every_objective_met(good: Outcome) -> None:
    assert good.passed
    assert good.reason == "level_won"
    assert good.ended_by() == "selesai"
    assert good.objectives == ["met"] * len(SPEC.objectives)
    assert SPEC.par_time is not None and good.seconds <= SPEC.par_time
    assert good.proportionality >= 90
    assert good.outcome >= 90


def test_the_good_run_plays_every_phase_in_order(good: Outcome) -> None:
    assert good.phases() == PHASES
    beats = [
        "memanas",
        "ban_dibakar",
        "pintu_samping_dibobol",
        "brimob_belitang_tiba",
        "ketua_disandera",
        "ketua_dibebaskan",
        "provokator_diamankan",
        "kapolres_turun",
        "himbauan_ditolak",
        "jalur_hukum",
        "selesai",
    ]
    fired = good.fired()
    assert [b for b in fired if b in beats] == beats
    assert not ENDINGS & set(fired)


def test_the_afternoon_turns_violent_on_time(good: Outcome) -> None:
    assert 24 <= good.fired_at("memanas") <= 26
    fires = [e for e in good.of("fire_started") if e.data.get("by") == "ban_dibakar"]
    assert fires and 44 <= seconds(fires[0]) <= 46
    assert 74 <= good.fired_at("pintu_samping_dibobol") <= 76
    colours = [e.data["colour"] for e in good.of("situation")]
    assert "kuning" in colours and "merah" in colours
    assert colours.index("kuning") < colours.index("merah")
    assert good.of("objects_thrown"), "the provocateurs throw on their own"


def test_brimob_from_belitang_arrives_at_90_seconds(good: Outcome) -> None:
    assert 89 <= good.fired_at("brimob_belitang_tiba") <= 91
    (arrives,) = good.of("reinforcement")
    assert arrives.data["squad"] == "brimob_belitang"
    arrests = [e for e in good.of("arrested") if e.data["squad"] == "brimob_belitang"]
    assert arrests, "the company that came in took part"


def test_the_chair_is_taken_hostage_and_freed_under_90_seconds(good: Outcome) -> None:
    (taken,) = good.of("hostage_taken")
    (freed,) = good.of("hostage_freed")
    assert 100 <= seconds(taken) <= 102
    assert (freed.tick - taken.tick) * TICK < 90
    assert good.state("bebaskan_ketua") == "met"
    assert "hostage_taken" in good.rules()  # the seizure itself still counts against


def test_brimob_acts_only_after_the_authorisation(good: Outcome) -> None:
    (granted,) = good.of("authorised")
    brimob = [e for e in good.of("force_used") if e.data["squad"].startswith("brimob")]
    assert brimob and all(e.tick > granted.tick for e in brimob)
    gas = [e for e in brimob if e.data["tool"] == "tear_gas"]
    assert gas and "unauthorised" not in good.rules()
    provocateurs = [e for e in good.of("arrested") if e.data["provocateur"]]
    assert len(provocateurs) >= 6 and not good.crowd_hurt()


def test_the_kapolres_first_appeal_is_refused_then_the_lawful_route_lands(good: Outcome) -> None:
    talks = [e for e in good.of("negotiation") if e.data["squad"] == "kapolres"]
    moves = [str(e.data["move"]) for e in talks]
    assert moves[0] == "appeal_calm" and "explain_lawful_route" in moves
    assert good.fired_at("himbauan_ditolak") == seconds(talks[0])
    refusal = [e for e in good.of("group_changed") if e.data["group"] == "massa"]
    assert refusal and seconds(refusal[-1]) == seconds(talks[0])  # the crowd hotter again
    explained = next(e for e in talks if e.data["move"] == "explain_lawful_route")
    assert explained.data["outcome"] == "landed"
    assert good.fired_at("jalur_hukum") == seconds(explained)
    assert good.state("kapolres_jelaskan") == "met"
    assert good.state("bubar") == "met"


# --- the ways to lose it ---------------------------------------------------------------


def test_blows_on_the_crowd_lose_the_drill(heavy: Outcome) -> None:
    assert not heavy.passed
    assert heavy.reason == "level_lost"
    assert heavy.ended_by() == "korban_massa"
    assert len(heavy.crowd_hurt()) > 6
    assert "excess" in heavy.rules() and "no_warning" in heavy.rules()
    assert heavy.proportionality < 50
    assert heavy.seconds < 90 and heavy.phases()[-1] == "anarkis"


def test_talking_while_the_chair_is_held_loses_the_drill(passive: Outcome) -> None:
    assert not passive.passed
    assert passive.reason == "level_lost"
    assert passive.ended_by() == "batas_sandera"
    (taken,) = passive.of("hostage_taken")
    assert not passive.of("hostage_freed")
    assert 90 <= passive.seconds - seconds(taken) <= 92
    assert passive.state("bebaskan_ketua") == "failed"
    assert passive.state("dialog") == "met"  # the talks alone do not win it
    assert passive.phases()[-1] == "sandera"
    assert not passive.of("arrested") and not passive.of("force_used")


def test_doing_nothing_loses_the_drill_at_two_minutes(idle: Outcome) -> None:
    assert not idle.passed
    assert idle.reason == "level_lost"
    assert idle.ended_by() == "dialog_gagal"
    assert 119 <= idle.seconds <= 121
    assert idle.state("dialog") == "failed"
    assert idle.of("hostage_taken") and not idle.of("negotiation")
    # lost for the talks while the chair was held: the result must not call him freed
    assert not idle.of("hostage_freed") and idle.state("bebaskan_ketua") == "failed"
