"""The campaign level "Anarkis" (merah), played headless to its end with orders files.

What the trainee does in each orders file (agent ids and times checked in the simulation):

- anarkis_good.json: at 1 s the Brimob platoon forms a two-rank shield line right behind the
  side gate (x 75.75..81.75, y 15.4); at 10 s two plain-clothes Intelkam officers by the east
  fence (agents 105, 106) are hit by bottles thrown at the platoon as it forms, and the
  medics are sent for them at 12 s and 37 s (both carried out by 38.5 s); the negotiators
  walk to the korlap of the main crowd (agent 108, waiting at the shut main gate), listen,
  appeal for calm and explain the lawful route; at 50 s, once the tyres burn (merah), the
  Kapolres asks the Kapolda for authorisation (granted at 60 s); the Reskrim arrest team
  moves behind the side gate, Brimob gives a verbal warning there at 66 s, and from 81.5 s
  the arrest team takes six provocateurs at the forced side gate, each the one nearest the
  opening as soon as the team is free (agents 179, 188, 152, 168, 197, 196; 188 and 197 of
  the snatch team), the sixth at 120.5 s; won at 128.5 s. The chair is never reached.
- anarkis_rescue.json: no shield line at the side gate, so the snatch team takes the chair
  at 103.6 s; authorisation asked at 50 s; Brimob warns at 104 s and gases the captors
  before the office door at 106.5 s (the chair is free at once); the Belitang company
  warns at 108.5 s, and the platoon, the Belitang company and the arrest team arrest seven
  provocateurs as they run from the gas (agents 197, 188, 206, 187, 213, 168, 196, from
  113.5 s to 134.5 s); the medics, sent at 117 s, carry out the Belitang officer hit by a
  bottle at 115 s (agent 367) at 139 s. The script wins the level at 141.5 s although
  "protect the chair" failed.
- anarkis_hesitant.json: the same authorisation, and the medics carry out the first
  casualty (agent 103, one of their own, hit at 141.9 s, out at 145 s), but nobody acts
  against the captors: the chair taken at 103.6 s is held 90 s (lost at 193.6 s).
- anarkis_heavy.json: the shield line at the side gate and the medics for the two Intelkam
  officers as in the good run, then baton blows at the main gate every 16 s from 20 s and
  the water cannon on the crowd, without warning: the crowd is injured from 52 s on and the
  seventh injured, at 84 s, ends the level.
- anarkis_gas.json: tear gas on the east group at 20 s, before the situation is merah and
  without the Kapolda's authorisation.
- anarkis_passive.json: a shield line a few metres back from the side gate (outflanked) and
  talks only; its officers are hit by bottles from 42.3 s on (agent 55 first) and nobody
  sends the medics: the first of them has lain a minute at 102.5 s (the snatch team took the
  chair at 101.6 s).
- no orders at all: the chair is taken at 103.6 s and held 90 s (lost at 193.6 s); the first
  officer hit by a bottle falls only at 141.9 s.
"""

from __future__ import annotations

import pytest

from campaign.play import LEVELS, TICK, Outcome, play, seconds
from game.level import load_level

LEVEL = "anarkis.toml"
SPEC = load_level(LEVELS / LEVEL)
OBJECTIVE = {o.name: i for i, o in enumerate(SPEC.objectives)}
ENDINGS = {"korban_massa", "gas_tanpa_izin", "batas_sandera", "korban_terlantar"}


@pytest.fixture(scope="module")
def good() -> Outcome:
    return play(LEVEL, "anarkis_good.json")


@pytest.fixture(scope="module")
def rescue() -> Outcome:
    return play(LEVEL, "anarkis_rescue.json")


@pytest.fixture(scope="module")
def heavy() -> Outcome:
    return play(LEVEL, "anarkis_heavy.json")


@pytest.fixture(scope="module")
def gas() -> Outcome:
    return play(LEVEL, "anarkis_gas.json")


@pytest.fixture(scope="module")
def hesitant() -> Outcome:
    return play(LEVEL, "anarkis_hesitant.json")


@pytest.fixture(scope="module")
def passive() -> Outcome:
    return play(LEVEL, "anarkis_passive.json")


@pytest.fixture(scope="module")
def idle() -> Outcome:
    return play(LEVEL, None)


# --- the file itself -------------------------------------------------------------------


def test_the_level_is_short_bilingual_and_has_the_merah_units() -> None:
    assert 240 <= SPEC.time_limit <= 300
    assert SPEC.par_time is not None and SPEC.par_time < SPEC.time_limit
    assert SPEC.briefing is not None
    for text in (SPEC.title, SPEC.briefing.situation, SPEC.briefing.rules):
        assert text.id and text.en and text.id != text.en
    assert all(o.label is not None for o in SPEC.objectives)
    assert all(p.label is not None for p in SPEC.phases)
    kinds = {q.kind for q in SPEC.squads}
    assert {"brimob", "reskrim", "water_cannon", "medic", "negotiator", "kapolres"} <= kinds
    assert [q.name for q in SPEC.squads if q.on_cue] == ["brimob_belitang"]
    assert sum(g.roles.provokator for g in SPEC.crowd) == 12
    assert not SPEC.objectives[OBJECTIVE["bebaskan_ketua"]].active
    medics = SPEC.objectives[OBJECTIVE["tolong_korban"]]
    assert medics.type == "evacuate_injured" and medics.within == 60


# --- the good run ----------------------------------------------------------------------


def test_the_good_run_passes(good: Outcome) -> None:
    assert good.passed
    assert good.reason == "level_won"
    assert good.ended_by() == "anarkis_selesai"
    assert good.state("lindungi_ketua") == "met"
    assert good.state("tangkap_provokator") == "met"
    assert good.state("bebaskan_ketua") == "inactive"  # never taken, never given
    assert good.state("tolong_korban") == "met"
    assert SPEC.par_time is not None and good.seconds <= SPEC.par_time + 30
    assert good.proportionality >= 90
    assert good.outcome >= 90


def test_the_good_run_plays_the_beats_in_order(good: Outcome) -> None:
    assert good.phases() == ["tekanan", "anarkis", "pemulihan"]
    fired = good.fired()
    beats = [
        "ban_dibakar",
        "pintu_samping_dibobol",
        "brimob_belitang_tiba",
        "provokator_diamankan",
        "anarkis_selesai",
    ]
    assert [b for b in fired if b in beats] == beats
    assert not ENDINGS & set(fired)
    assert "penyanderaan" not in fired and not good.of("hostage_taken")
    (gate,) = [e for e in good.of("trigger_fired") if e.data["trigger"] == "pintu_samping_dibobol"]
    assert 74 <= seconds(gate) <= 76
    (arrives,) = good.of("reinforcement")
    assert arrives.data["squad"] == "brimob_belitang"


def test_tyres_burn_and_the_provocateurs_throw(good: Outcome) -> None:
    fires = [e for e in good.of("fire_started") if e.data.get("by") == "ban_dibakar"]
    assert len(fires) == 1 and 44 <= seconds(fires[0]) <= 46
    assert good.of("objects_thrown"), "the provocateurs throw on their own"
    assert "merah" in {e.data["colour"] for e in good.of("situation")}


def test_the_authorisation_comes_before_brimob_acts(good: Outcome) -> None:
    (granted,) = good.of("authorised")
    brimob = [e for e in good.of("force_used") if e.data["squad"].startswith("brimob")]
    assert brimob and all(e.tick > granted.tick for e in brimob)
    assert "unauthorised" not in good.rules()
    assert not [e for e in good.of("force_used") if e.data["tool"] in ("tear_gas", "baton")]


def test_the_arrest_team_takes_half_the_provocateurs(good: Outcome) -> None:
    arrests = good.of("arrested")
    assert len(arrests) == 6 and all(e.data["provocateur"] for e in arrests)
    assert {e.data["squad"] for e in arrests} == {"reskrim"}
    assert "excess" not in good.rules() and "other_arrested" not in good.rules()
    assert not good.crowd_hurt()


# --- the chair taken and freed in time ----------------------------------------------------


def test_the_chair_freed_within_90_seconds_passes(rescue: Outcome) -> None:
    assert rescue.passed
    assert rescue.reason == "level_won"
    assert rescue.ended_by() == "anarkis_selesai"
    (taken,) = rescue.of("hostage_taken")
    freed = rescue.of("hostage_freed")
    assert freed and (freed[0].tick - taken.tick) * TICK < 90
    assert rescue.phases() == ["tekanan", "anarkis", "sandera", "dibebaskan", "pemulihan"]
    fired = rescue.fired()
    for beat in ("penyanderaan", "ketua_disandera", "ketua_dibebaskan", "bebaskan_tercapai"):
        assert beat in fired, beat
    assert fired.index("ketua_disandera") < fired.index("ketua_dibebaskan")
    assert rescue.state("bebaskan_ketua") == "met"
    assert rescue.state("lindungi_ketua") == "failed"  # the seizure itself is still a failure
    assert "hostage_taken" in rescue.rules()
    gas = [e for e in rescue.of("force_used") if e.data["tool"] == "tear_gas"]
    (granted,) = rescue.of("authorised")
    assert gas and all(e.tick > granted.tick for e in gas)
    assert "unauthorised" not in rescue.rules()
    assert len([e for e in rescue.of("arrested") if e.data["provocateur"]]) >= 6
    assert rescue.outcome < 90  # worse than keeping him safe


def test_the_medics_carry_out_the_officer_hit_by_a_bottle(rescue: Outcome) -> None:
    (hit,) = [e for e in rescue.of("injured") if e.data["agent"] == 367]
    assert hit.data["officer"] and hit.data["cause"] == "thrown_object"
    (out,) = [e for e in rescue.of("evacuated") if e.data["agent"] == 367]
    assert out.data["squad"] == "dokkes"
    assert (out.tick - hit.tick) * TICK < 60
    assert rescue.state("tolong_korban") == "met"
    assert "korban_terlantar" not in rescue.fired()


# --- the heavy-handed runs ---------------------------------------------------------------


def test_blows_on_the_crowd_end_the_level_lost(heavy: Outcome) -> None:
    assert not heavy.passed
    assert heavy.reason == "level_lost"
    assert heavy.ended_by() == "korban_massa"
    assert len(heavy.crowd_hurt()) > 6
    assert "baton" in {e.data["cause"] for e in heavy.crowd_hurt()}
    assert "excess" in heavy.rules() and "indiscriminate" in heavy.rules()
    assert heavy.proportionality < 50
    assert heavy.seconds < 90


def test_gas_before_merah_ends_the_level_lost(gas: Outcome) -> None:
    assert not gas.passed
    assert gas.reason == "level_lost"
    assert gas.ended_by() == "gas_tanpa_izin"
    assert not gas.of("authorised")
    assert "unauthorised" in gas.rules()
    assert gas.seconds < 45


# --- the trainee who holds back, and the one who does nothing ---------------------------


def _held_90_seconds(run: Outcome) -> None:
    assert not run.passed
    assert run.reason == "level_lost"
    assert run.ended_by() == "batas_sandera"
    (taken,) = run.of("hostage_taken")
    assert not run.of("hostage_freed")
    assert 90 <= run.seconds - seconds(taken) <= 92
    assert run.state("bebaskan_ketua") == "failed"
    assert run.state("lindungi_ketua") == "failed"
    assert run.phases()[-1] == "sandera"


def test_the_chair_not_freed_in_90_seconds_loses(hesitant: Outcome) -> None:
    _held_90_seconds(hesitant)
    assert hesitant.of("authorised") and not hesitant.of("arrested")
    assert hesitant.of("evacuated")  # the casualty was looked after: only the chair lost it


def _left_lying(run: Outcome) -> None:
    assert not run.passed
    assert run.reason == "level_lost"
    assert run.ended_by() == "korban_terlantar"
    assert run.state("tolong_korban") == "failed"
    assert not run.of("evacuated")
    first = min(e.tick for e in run.of("injured"))
    assert 60 <= run.seconds - first * TICK <= 61


def test_officers_left_lying_under_the_bottles_lose_the_level(passive: Outcome) -> None:
    _left_lying(passive)
    assert all(e.data["officer"] for e in passive.of("injured"))
    assert not passive.of("arrested") and not passive.of("authorised")


def test_doing_nothing_loses_the_level(idle: Outcome) -> None:
    # Lost on the hostage deadline: since the crowd physics of issue 11 no officer is hit
    # before the chair is taken (103.6 s), the first one falls at 141.9 s, so the 90 s with
    # the chair held run out (193.6 s) before anyone has lain a minute. It was lost by an
    # officer hit at 81 s left lying (korban_terlantar) before.
    _held_90_seconds(idle)
    assert not idle.of("force_used") and not idle.of("evacuated")
