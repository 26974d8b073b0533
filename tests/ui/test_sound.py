"""The generated sound files and the Sound player, with no sound card."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"

import importlib.util  # noqa: E402
import math  # noqa: E402
import wave  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import pygame  # noqa: E402
import pytest  # noqa: E402

from game.ui import sound as sound_module  # noqa: E402
from game.ui.settings import Settings  # noqa: E402
from game.ui.sound import EFFECTS, Sound, chant_volume, effective_volume  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SOUNDS = ROOT / "assets" / "sounds"
# name -> (shortest, longest) in seconds
LENGTHS = {
    "crowd_chant": (3.5, 6.0),
    "whistle": (0.4, 0.9),
    "water_cannon": (1.5, 3.0),
    "gas_pop": (0.7, 1.5),
    "impact": (0.15, 0.5),
    "radio": (0.15, 0.5),
}


def read_wav(path: Path) -> tuple[wave._wave_params, np.ndarray]:
    with wave.open(str(path), "rb") as w:
        params = w.getparams()
        samples = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return params, samples


def load_generator():
    spec = importlib.util.spec_from_file_location("make_sounds", ROOT / "tools" / "make_sounds.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def mixer_cleanup():
    yield
    if pygame.mixer.get_init():
        pygame.mixer.quit()


# --- the files -------------------------------------------------------------------------------


def test_the_sound_folder_holds_exactly_the_expected_sounds():
    assert {p.stem for p in SOUNDS.glob("*.wav")} == set(LENGTHS)
    assert set(EFFECTS) | {sound_module.CHANT} == set(LENGTHS)


@pytest.mark.parametrize("name", sorted(LENGTHS))
def test_sound_file_format_length_and_loudness(name):
    path = SOUNDS / f"{name}.wav"
    params, samples = read_wav(path)
    assert (params.nchannels, params.sampwidth, params.framerate) == (1, 2, 22050)
    shortest, longest = LENGTHS[name]
    assert shortest <= params.nframes / params.framerate <= longest
    x = samples.astype(float) / 32768.0
    assert np.sqrt(np.mean(x**2)) > 0.02, "nearly silent"
    assert np.max(np.abs(x)) < 0.99, "clipped"
    assert path.stat().st_size < 300 * 1024


def test_one_shot_sounds_start_and_end_quietly():
    for name in EFFECTS:
        _, samples = read_wav(SOUNDS / f"{name}.wav")
        x = np.abs(samples.astype(float)) / 32768.0
        assert x[0] < 0.01 and x[-1] < 0.01, name


def test_crowd_chant_loops_without_a_click():
    _, samples = read_wav(SOUNDS / "crowd_chant.wav")
    x = samples.astype(float)
    seam = abs(x[0] - x[-1])
    steps = np.abs(np.diff(x))
    assert seam <= np.percentile(steps, 95)


def test_crowd_chant_has_a_two_hertz_rhythm():
    params, samples = read_wav(SOUNDS / "crowd_chant.wav")
    x = samples.astype(float)
    # loudness envelope, 100 values a second, then its strongest slow rhythm
    hop = params.framerate // 100
    env = np.sqrt(np.mean(x[: len(x) // hop * hop].reshape(-1, hop) ** 2, axis=1))
    spectrum = np.abs(np.fft.rfft(env - env.mean()))
    freqs = np.fft.rfftfreq(len(env), 1 / 100)
    band = (freqs > 0.5) & (freqs < 8)
    assert freqs[band][np.argmax(spectrum[band])] == pytest.approx(2.0, abs=0.3)


def test_generator_is_deterministic_and_the_files_are_up_to_date():
    make_sounds = load_generator()
    for name in LENGTHS:
        first = make_sounds.render(name)
        assert np.array_equal(first, make_sounds.render(name)), name
        _, on_disk = read_wav(SOUNDS / f"{name}.wav")
        assert len(first) == len(on_disk), name
        # a few LSB of slack for another platform's floating point
        assert np.max(np.abs(first.astype(int) - on_disk.astype(int))) <= 2, (
            f"{name}.wav is stale: run python tools/make_sounds.py"
        )


def test_credits_name_every_sound():
    credits = (ROOT / "assets" / "CREDITS.md").read_text(encoding="utf-8")
    for path in SOUNDS.glob("*.wav"):
        assert path.name in credits, path.name


# --- volumes (pure) --------------------------------------------------------------------------


def test_muting_sets_the_volume_to_zero():
    assert effective_volume(Settings(volume=0.7, muted=False)) == pytest.approx(0.7)
    assert effective_volume(Settings(volume=0.7, muted=True)) == 0.0
    player = Sound(Settings(volume=0.7, muted=True))
    assert player.effective_volume() == 0.0
    player.apply_settings(Settings(volume=0.4, muted=False))
    assert player.effective_volume() == pytest.approx(0.4)


def test_volume_is_clamped():
    assert effective_volume(Settings(volume=3.0)) == 1.0
    assert effective_volume(Settings(volume=-1.0)) == 0.0
    assert effective_volume(Settings(volume=math.nan)) == 0.0


def test_chant_grows_with_agitation_from_a_murmur_to_full_volume():
    settings = Settings(volume=0.8, muted=False)
    levels = [chant_volume(a, settings) for a in np.linspace(0.0, 1.0, 21)]
    assert all(b > a for a, b in zip(levels, levels[1:], strict=False))
    assert 0.0 < levels[0] < 0.3 * 0.8  # a calm crowd still murmurs, quietly
    assert levels[-1] == pytest.approx(0.8)
    assert chant_volume(5.0, settings) == pytest.approx(0.8)
    assert chant_volume(-1.0, settings) == pytest.approx(levels[0])
    assert chant_volume(math.nan, settings) == pytest.approx(levels[0])


def test_muted_chant_is_silent_at_any_agitation():
    muted = Settings(volume=0.8, muted=True)
    assert all(chant_volume(a, muted) == 0.0 for a in (0.0, 0.5, 1.0))


# --- the player on the dummy audio driver ----------------------------------------------------


def test_every_method_works_on_the_dummy_driver(mixer_cleanup):
    player = Sound(Settings(volume=0.5))
    for name in EFFECTS:
        player.play(name)
    player.play("no_such_sound")  # logged, not raised
    for a in (0.0, 0.3, 1.0):
        player.set_crowd(a, present=True)
    player.apply_settings(Settings(volume=0.2, muted=True))
    player.set_crowd(0.5, present=False)
    player.stop_all()
    player.stop_all()


def test_chant_channel_follows_agitation_and_mute(mixer_cleanup):
    settings = Settings(volume=1.0)
    player = Sound(settings)
    assert player.available, "the SDL dummy audio driver (set by conftest) should open"
    player.set_crowd(0.0, present=True)
    channel = player._crowd_channel
    assert channel.get_busy()
    quiet = channel.get_volume()
    player.set_crowd(1.0, present=True)
    loud = channel.get_volume()
    assert loud > quiet + 0.5
    player.apply_settings(Settings(volume=1.0, muted=True))
    assert channel.get_volume() == 0.0


def test_muting_silences_effects_already_loaded(mixer_cleanup):
    player = Sound(Settings(volume=0.9))
    assert player.available, "the SDL dummy audio driver (set by conftest) should open"
    player.play("whistle")
    whistle = player._cache["whistle"]
    assert whistle.get_volume() == pytest.approx(0.9, abs=0.01)
    player.apply_settings(Settings(volume=0.9, muted=True))
    assert whistle.get_volume() == 0.0


def test_no_mixer_makes_every_method_a_no_op(monkeypatch):
    def refuse(*args, **kwargs):
        raise pygame.error("no audio device")

    monkeypatch.setattr(pygame.mixer, "get_init", lambda: None)
    monkeypatch.setattr(pygame.mixer, "init", refuse)
    monkeypatch.setattr(pygame.mixer, "Sound", refuse)
    player = Sound(Settings(volume=1.0))
    assert player.available is False
    player.play("whistle")
    player.set_crowd(1.0, present=True)
    player.set_crowd(1.0, present=False)
    player.apply_settings(Settings(volume=0.3, muted=True))
    player.stop_all()
    assert player._cache == {}
