"""Make the trainer's sound effects from numbers alone: numpy noise, tones and filters.

    python tools/make_sounds.py [--out assets/sounds]

Writes 16-bit mono 22050 Hz WAV files. Every sound is drawn from its own fixed seed, so a run
gives the same files every time; nothing is recorded or downloaded (see assets/CREDITS.md).

The crowd chant is a seamless loop: it is built only from parts that repeat exactly over its
length (noise filtered in the frequency domain is circular, and every tone and envelope has a
whole number of periods in the loop), so its last sample runs straight into its first.
"""

from __future__ import annotations

import argparse
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np

RATE = 22050
OUT = Path(__file__).resolve().parent.parent / "assets" / "sounds"

# --- building blocks -------------------------------------------------------------------------


def _times(seconds: float) -> np.ndarray:
    return np.arange(int(round(seconds * RATE))) / RATE


def _shape(x: np.ndarray, gain: Callable[[np.ndarray], np.ndarray], circular: bool) -> np.ndarray:
    """Filter x by a zero-phase gain curve over frequency (Hz), applied in the FFT domain.

    circular=True keeps a looped signal looping; otherwise x is padded so that nothing from
    its end leaks round into its start.
    """
    n = len(x)
    size = n if circular else 1 << int(np.ceil(np.log2(2 * n)))
    spectrum = np.fft.rfft(x, size)
    freqs = np.fft.rfftfreq(size, 1.0 / RATE)
    return np.fft.irfft(spectrum * gain(freqs), size)[:n]


def _band(lo: float | None, hi: float | None, order: int = 2) -> Callable:
    """Butterworth-like band-pass magnitude (either edge may be None for a one-sided filter)."""

    def gain(f: np.ndarray) -> np.ndarray:
        g = np.ones_like(f)
        if hi is not None:
            g /= np.sqrt(1.0 + (f / hi) ** (2 * order))
        if lo is not None:
            with np.errstate(divide="ignore"):
                ratio = np.where(f > 0, lo / np.maximum(f, 1e-9), np.inf)
            g /= np.sqrt(1.0 + ratio ** (2 * order))
        return g

    return gain


def _formants(peaks: list[tuple[float, float, float]]) -> Callable:
    """A vowel: a sum of resonance peaks (centre Hz, bandwidth Hz, gain)."""

    def gain(f: np.ndarray) -> np.ndarray:
        g = np.zeros_like(f)
        for centre, width, level in peaks:
            g += level / (1.0 + ((f - centre) / (width / 2.0)) ** 2)
        return g

    return gain


def bandpass(x: np.ndarray, lo: float | None, hi: float | None, circular: bool = False):
    return _shape(x, _band(lo, hi), circular)


def _envelope(t: np.ndarray, attack: float, release: float, total: float) -> np.ndarray:
    """Linear-in-dB-ish fade in over attack seconds and out over the last release seconds."""
    up = np.clip(t / attack, 0.0, 1.0) if attack > 0 else np.ones_like(t)
    down = np.clip((total - t) / release, 0.0, 1.0) if release > 0 else np.ones_like(t)
    return np.sin(0.5 * np.pi * up) ** 2 * np.sin(0.5 * np.pi * down) ** 2


def _normalise(x: np.ndarray, peak: float) -> np.ndarray:
    top = np.max(np.abs(x))
    return x * (peak / top) if top > 0 else x


# --- the sounds ------------------------------------------------------------------------------

# Vowels of a chanting crowd (men and women together), formant centre, bandwidth, level.
VOWEL_A = [(750.0, 160.0, 1.0), (1250.0, 200.0, 0.7), (2600.0, 300.0, 0.25)]
VOWEL_O = [(500.0, 130.0, 1.0), (900.0, 180.0, 0.6), (2500.0, 300.0, 0.15)]
VOWEL_U = [(350.0, 110.0, 1.0), (800.0, 160.0, 0.35), (2300.0, 300.0, 0.1)]


def crowd_chant(rng: np.random.Generator) -> np.ndarray:
    """4 s seamless loop: a murmuring crowd that chants two-syllable calls at 2 Hz."""
    seconds = 4.0
    t = _times(seconds)
    n = len(t)
    step = 1.0 / seconds  # every periodic part has a whole number of cycles in the loop

    # Voices: each a buzzy harmonic tone (glottal-like 1/k spectrum) with a slow periodic
    # vibrato, pitched between a low male voice and a high female one.
    voiced = np.zeros(n)
    for _ in range(24):
        f0 = step * np.round(rng.uniform(95.0, 260.0) / step)
        vib_rate = step * rng.integers(16, 26)  # 4 to 6.5 Hz
        vib_depth = rng.uniform(0.8, 2.5)  # Hz
        phase = 2 * np.pi * f0 * t + (vib_depth / vib_rate) * np.sin(2 * np.pi * vib_rate * t)
        phase += rng.uniform(0, 2 * np.pi)
        tone = np.zeros(n)
        for k in range(1, int(3400 // f0) + 1):
            tone += np.sin(k * phase) / k
        # each voice comes in a little early or late on the beat (a circular shift)
        voiced += np.roll(tone, int(rng.integers(-900, 900))) * rng.uniform(0.5, 1.0)

    # Two vowels, crossfaded syllable by syllable: "HU-RA, HU-RA ..." on a 2 Hz beat.
    vowel_a = _shape(voiced, _formants(VOWEL_A), circular=True)
    vowel_u = _shape(voiced, _formants(VOWEL_U), circular=True)
    beat = 2.0  # syllables per second
    syllable = (t * beat) % 1.0
    which = np.floor(t * beat).astype(int) % 2  # 0: first syllable, 1: second
    swell = np.sin(np.pi * np.clip(syllable / 0.8, 0.0, 1.0)) ** 1.5  # voice on, then a breath
    accent = np.where(which == 0, 1.0, 0.75)
    mix = np.sin(0.5 * np.pi * np.clip((syllable - 0.15) / 0.3, 0.0, 1.0)) ** 2
    vowel_mix = np.where(which == 0, (1 - mix) * vowel_u + mix * vowel_a, vowel_a)
    # the crowd is not perfectly together: soften the beat by averaging shifted copies
    chant = np.zeros(n)
    for shift in (-700, -300, 0, 300, 700):
        chant += np.roll(vowel_mix * swell * accent, shift)
    chant /= 5

    # Murmur bed: many people talking, i.e. noise through the vowel formants, never silent,
    # breathing a little with the chant.
    noise = rng.standard_normal(n)
    murmur = _shape(noise, _formants(VOWEL_O), circular=True)
    murmur = _shape(murmur, _band(150.0, 3500.0), circular=True)
    murmur *= 0.75 + 0.25 * np.sin(2 * np.pi * beat * t - 0.6) ** 2
    # slow swell of the whole crowd, once per loop
    crowd = 0.9 + 0.1 * np.sin(2 * np.pi * step * t)

    signal = (chant / np.std(chant) + 0.55 * murmur / np.std(murmur)) * crowd
    return _normalise(signal - signal.mean(), 0.6)


def whistle(rng: np.random.Generator) -> np.ndarray:
    """0.6 s police whistle: ~3 kHz with the pea's trill (fast pitch and loudness wobble)."""
    seconds = 0.6
    t = _times(seconds)
    trill = 2 * np.pi * 27.0 * t
    freq = 3050.0 + 140.0 * np.sin(trill) + 40.0 * np.sin(2 * np.pi * 7.0 * t)
    phase = 2 * np.pi * np.cumsum(freq) / RATE
    tone = np.sin(phase) + 0.18 * np.sin(2 * phase + 0.4) + 0.05 * np.sin(3 * phase)
    tone *= 0.7 + 0.3 * np.sin(trill + 0.8)
    breath = bandpass(rng.standard_normal(len(t)), 2400.0, 3800.0) * 0.35
    breath /= np.std(breath) + 1e-12
    signal = tone + 0.12 * breath
    return _normalise(signal * _envelope(t, 0.025, 0.08, seconds), 0.8)


def water_cannon(rng: np.random.Generator) -> np.ndarray:
    """2 s water cannon jet: a broad hiss over the pump's throbbing rumble."""
    seconds = 2.0
    t = _times(seconds)
    n = len(t)
    hiss = bandpass(rng.standard_normal(n), 900.0, 6500.0)
    hiss /= np.std(hiss)
    # spray splatter: the hiss flutters irregularly
    flutter = bandpass(rng.standard_normal(n), None, 12.0)
    hiss *= 1.0 + 0.35 * flutter / np.std(flutter)
    pump_rate = 9.0  # pump strokes per second
    throb = 0.65 + 0.35 * np.sin(2 * np.pi * pump_rate * t) ** 2
    rumble_noise = bandpass(rng.standard_normal(n), 30.0, 160.0)
    rumble = (
        np.sin(2 * np.pi * 48.0 * t)
        + 0.5 * np.sin(2 * np.pi * 96.0 * t + 0.3)
        + 0.6 * rumble_noise / np.std(rumble_noise)
    ) * throb
    signal = 0.55 * hiss + 0.45 * rumble / np.std(rumble)
    return _normalise(signal * _envelope(t, 0.12, 0.35, seconds), 0.8)


def gas_pop(rng: np.random.Generator) -> np.ndarray:
    """1 s tear gas launcher: a dull thump, then the canister hissing out."""
    seconds = 1.0
    t = _times(seconds)
    n = len(t)
    # thump: a falling low tone with a fast decay and a click on top
    freq = 45.0 + 90.0 * np.exp(-t / 0.03)
    thump = np.sin(2 * np.pi * np.cumsum(freq) / RATE) * np.exp(-t / 0.07)
    click = bandpass(rng.standard_normal(n), 800.0, 5000.0) * np.exp(-t / 0.006)
    click /= np.max(np.abs(click)) + 1e-12
    # hiss: starts just after the pop, swells, then dies away
    start = 0.09
    hiss = bandpass(rng.standard_normal(n), 2000.0, 8000.0)
    hiss /= np.std(hiss)
    tail = np.clip((t - start) / 0.06, 0.0, 1.0) * np.exp(-np.maximum(t - start, 0) / 0.35)
    sputter = 1.0 + 0.4 * np.sign(np.sin(2 * np.pi * 23.0 * t + rng.uniform(0, 6.28)))
    signal = 1.0 * thump + 0.35 * click + 0.28 * hiss * tail * sputter
    return _normalise(signal * _envelope(t, 0.001, 0.1, seconds), 0.85)


def impact(rng: np.random.Generator) -> np.ndarray:
    """0.3 s stone or bottle striking a polycarbonate shield: a crack and a short ring."""
    seconds = 0.3
    t = _times(seconds)
    n = len(t)
    modes = [(380.0, 0.06, 1.0), (1130.0, 0.045, 0.7), (2270.0, 0.03, 0.45), (3890.0, 0.02, 0.3)]
    ring = np.zeros(n)
    for freq, decay, level in modes:
        freq *= rng.uniform(0.97, 1.03)
        ring += level * np.sin(2 * np.pi * freq * t + rng.uniform(0, 6.28)) * np.exp(-t / decay)
    crack = bandpass(rng.standard_normal(n), 1500.0, 9000.0) * np.exp(-t / 0.008)
    crack /= np.max(np.abs(crack)) + 1e-12
    # a smaller second knock as the stone bounces off
    bounce_at = 0.085
    later = np.clip(t - bounce_at, 0.0, None)
    bounce = (t >= bounce_at) * (
        0.35 * np.sin(2 * np.pi * 1130.0 * later) * np.exp(-later / 0.03)
        + 0.25 * crack[np.clip(np.arange(n) - int(bounce_at * RATE), 0, n - 1)]
    )
    signal = ring + 1.2 * crack + bounce
    return _normalise(signal * _envelope(t, 0.0005, 0.04, seconds), 0.85)


def radio(rng: np.random.Generator) -> np.ndarray:
    """0.3 s handheld radio: squelch burst, roger beep, squelch tail; narrow and a bit dirty."""
    seconds = 0.3
    t = _times(seconds)
    n = len(t)
    noise = bandpass(rng.standard_normal(n), 400.0, 3200.0)
    noise /= np.max(np.abs(noise))
    squelch_open = (t < 0.06) * np.exp(-t / 0.03)
    squelch_tail = (t >= 0.22) * np.exp(-np.maximum(t - 0.22, 0) / 0.025)
    beep_on = np.clip((t - 0.075) / 0.004, 0, 1) * np.clip((0.205 - t) / 0.004, 0, 1)
    beep = np.sign(np.sin(2 * np.pi * 1250.0 * t)) * 0.6 + np.sin(2 * np.pi * 1250.0 * t) * 0.4
    beep = bandpass(beep, 300.0, 3000.0)
    signal = 0.9 * noise * (squelch_open + squelch_tail) + 0.7 * beep * beep_on
    signal = np.tanh(2.2 * signal)  # the small speaker overdrives
    signal = bandpass(signal, 300.0, 3400.0)
    return _normalise(signal * _envelope(t, 0.002, 0.02, seconds), 0.75)


# name -> (maker, seed)
SOUNDS: dict[str, tuple[Callable[[np.random.Generator], np.ndarray], int]] = {
    "crowd_chant": (crowd_chant, 1101),
    "whistle": (whistle, 1202),
    "water_cannon": (water_cannon, 1303),
    "gas_pop": (gas_pop, 1404),
    "impact": (impact, 1505),
    "radio": (radio, 1606),
}


def render(name: str) -> np.ndarray:
    """The named sound as 16-bit samples, the same on every run."""
    maker, seed = SOUNDS[name]
    samples = maker(np.random.default_rng(seed))
    return np.round(np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")


def write_wav(path: Path, pcm: np.ndarray) -> None:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(pcm.astype("<i2").tobytes())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the WAV files")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name in SOUNDS:
        path = args.out / f"{name}.wav"
        pcm = render(name)
        write_wav(path, pcm)
        print(f"{path}: {len(pcm) / RATE:.2f} s, {path.stat().st_size / 1024:.1f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
