"""No internal id reaches the trainee: every refusal the simulation can give, said in both
languages with the ids a real level uses, reads as words (seen in the window: "dalmas_lanjut
must stand in a deployment zone (deploy_gerbang, deploy_barat)", "water_cannon belum siap",
"Buka gerbang gerbang_utama")."""

from __future__ import annotations

import string

import pytest
from helpers import LEVELS

from game.level import load_level
from game.sim import Simulation
from game.sim.refusals import REASONS
from game.ui import i18n, words

LEVEL = load_level(LEVELS / "kpu_oku_timur.toml")
SIM = Simulation(LEVEL)

# the ids a real run puts in each parameter
SAMPLE = {
    "squad": "dalmas_lanjut",
    "name": "gerbang_utama",
    "close": "dalmas_lanjut",
    "names": "gerbang_utama, pintu_samping",
    "zones": "deploy_gerbang, deploy_barat",
    "tool": "water_cannon",
    "tools": "soft_hand, hard_hand, tear_gas",
    "carried": "presence, verbal, soft_hand",
    "move": "explain_lawful_route",
    "moves": "listen, appeal_calm, offer_delegation",
    "missing": "heard",
    "kind": "dalmas_awal",
    "incoming": "dalmas_lanjut",
    "outgoing": "dalmas_awal",
    "squad_kind": "water_cannon",
    "relieved_kind": "dalmas_awal",
    "colour": "kuning",
    "building": "kantor_kpu",
    "state": "closed",
    "label": "at",
    "why": "no crowd group named massa",
}


def _fields(code: str) -> set[str]:
    texts = [REASONS[code]]
    for lang in ("id", "en"):
        texts.append(i18n.catalog(lang).get(f"refusal.{code}", ""))
    return {f for t in texts for _, f, _, _ in string.Formatter().parse(t) if f}


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("code", sorted(REASONS))
def test_every_refusal_reads_as_words(code: str, language: str) -> None:
    i18n.set_language(language)
    params = {f: SAMPLE.get(f, 3) for f in _fields(code)}
    if code == "wrong_handover":
        params["kind"] = "lapis_ganti"
    said = words.refusal(SIM, LEVEL, code, params)
    i18n.set_language("id")
    assert said and not words.SNAKE.findall(said), f"{code}: {said}"


def test_gates_and_squads_without_a_label_get_the_words_of_their_name() -> None:
    assert words.readable("gerbang_utama") == "gerbang utama"
    unlabelled = LEVEL.model_copy(
        update={"squads": [q.model_copy(update={"label": None}) for q in LEVEL.squads]}
    )
    i18n.set_language("en")
    assert words.squad(unlabelled, "dalmas_lanjut") == i18n.tr("unit.dalmas_lanjut")
    i18n.set_language("id")


def test_the_gate_buttons_say_each_gate_once(tmp_path, monkeypatch) -> None:
    """'Buka gerbang gerbang utama' was on the panel: the gate's word is not doubled."""
    import pygame

    from game.ui.app import App
    from game.ui.scenes.play import PlayScene
    from game.ui.settings import Settings

    monkeypatch.setattr("game.ui.scenes.play.replay_dir", lambda: tmp_path / "replays")
    for language, want in (("id", "Buka gerbang utama"), ("en", "Open gate gerbang utama")):
        app = App(
            settings=Settings(language=language),
            settings_path=tmp_path / "s.toml",
            size=(1280, 720),
        )
        path = LEVELS / "aksi_damai.toml"
        scene = PlayScene(app, load_level(path), path)
        app.push(scene)
        app.step(1 / 60)
        scene.act("start")
        for _ in range(16):
            app.step(1 / 60)
        texts = [b.text for b in scene.dynamic if getattr(b, "action", "").startswith("gate:")]
        assert want in texts, texts
        assert not any("gerbang gerbang" in t for t in texts), texts
        pygame.quit()
    i18n.set_language("id")
