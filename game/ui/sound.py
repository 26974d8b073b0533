"""Sound: one-shot effects and the crowd's chant, at the trainee's volume.

A machine with no sound card (or SDL_AUDIODRIVER=dummy, or a mixer that will not start) still
runs the trainer: the mixer is started on first use, and if it cannot be, every method does
nothing. Sounds are the WAV files in assets/sounds (made by tools/make_sounds.py), named by
file stem and loaded once.

The chant loops on a channel of its own, louder as the crowd grows more agitated; effects
share the other channels.
"""

from __future__ import annotations

import logging
import math
from pathlib import Path
from typing import Protocol

import pygame

SOUND_DIR = Path(__file__).resolve().parent.parent.parent / "assets" / "sounds"
EFFECTS = ("whistle", "water_cannon", "gas_pop", "impact", "radio")
CHANT = "crowd_chant"

CHANT_MURMUR = 0.15  # share of full volume for a calm crowd (agitation 0)
CHANT_CURVE = 1.5  # >1: the chant stays low while the crowd is calm and swells late
CHANT_FADE_MS = 600
CHANNELS = 16  # channel 0 is kept for the chant

_log = logging.getLogger(__name__)
# what can go wrong when there is no usable mixer: pygame.error from SDL, NotImplementedError
# when pygame was built without the mixer module
_MIXER_ERRORS = (pygame.error, NotImplementedError, OSError)


class SoundSettings(Protocol):
    volume: float
    muted: bool


def effective_volume(settings: SoundSettings) -> float:
    """The master volume the trainee asked for: 0 when muted, else volume clamped to 0..1."""
    if settings.muted:
        return 0.0
    volume = float(settings.volume)
    if not math.isfinite(volume):
        return 0.0
    return min(1.0, max(0.0, volume))


def chant_volume(agitation: float, settings: SoundSettings) -> float:
    """How loud the crowd's chant plays: a murmur when calm, full volume at agitation 1.

    Rises strictly with agitation (clamped to 0..1) and scales with the master volume.
    """
    a = float(agitation)
    a = min(1.0, max(0.0, a)) if math.isfinite(a) else 0.0
    return effective_volume(settings) * (CHANT_MURMUR + (1.0 - CHANT_MURMUR) * a**CHANT_CURVE)


class Sound:
    def __init__(self, settings: SoundSettings, sound_dir: Path = SOUND_DIR) -> None:
        self.settings = settings
        self.sound_dir = Path(sound_dir)
        self._ready: bool | None = None  # None: mixer not tried yet
        self._cache: dict[str, pygame.mixer.Sound | None] = {}
        self._crowd_channel: pygame.mixer.Channel | None = None
        self._crowd_on = False
        self._agitation = 0.0

    # --- volumes ------------------------------------------------------------------------------

    def effective_volume(self) -> float:
        """The volume effects play at now (0 when muted)."""
        return effective_volume(self.settings)

    def chant_volume(self, agitation: float | None = None) -> float:
        """The chant's volume now, or for the given agitation."""
        return chant_volume(self._agitation if agitation is None else agitation, self.settings)

    # --- the mixer ----------------------------------------------------------------------------

    @property
    def available(self) -> bool:
        """True if sound can actually be played (starts the mixer if not yet tried)."""
        return self._mixer()

    def _mixer(self) -> bool:
        if self._ready is False:
            return False
        try:
            if self._ready and pygame.mixer.get_init():
                return True
            if self._ready:  # it was running, then pygame.quit() closed it
                self._ready = False
                return False
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=22050, size=-16, channels=2, buffer=512)
            pygame.mixer.set_num_channels(max(CHANNELS, pygame.mixer.get_num_channels()))
            pygame.mixer.set_reserved(1)
            self._crowd_channel = pygame.mixer.Channel(0)
        except _MIXER_ERRORS as exc:
            _log.info("no sound: %s", exc)
            self._ready = False
            return False
        self._ready = True
        return True

    def _load(self, name: str) -> pygame.mixer.Sound | None:
        """The named sound, loaded once; None (also remembered) if it cannot be loaded."""
        if name not in self._cache:
            path = self.sound_dir / f"{name}.wav"
            try:
                self._cache[name] = pygame.mixer.Sound(str(path))
            except (*_MIXER_ERRORS, FileNotFoundError) as exc:
                _log.warning("sound %r not loaded from %s: %s", name, path, exc)
                self._cache[name] = None
        return self._cache[name]

    # --- what the game calls ------------------------------------------------------------------

    def play(self, name: str) -> None:
        """Play a one-shot effect by file stem ("whistle", "water_cannon", "gas_pop", ...)."""
        volume = self.effective_volume()
        if volume <= 0.0 or not self._mixer():
            return
        sound = self._load(name)
        if sound is None:
            return
        try:
            sound.set_volume(volume)
            sound.play()
        except pygame.error as exc:
            _log.info("sound %r not played: %s", name, exc)

    def set_crowd(self, agitation: float, present: bool) -> None:
        """Keep the chant looping while a crowd is present, louder as it grows agitated.

        Cheap to call every frame: the mixer is only touched when something changes.
        """
        self._agitation = float(agitation) if math.isfinite(float(agitation)) else 0.0
        if not self._mixer() or self._crowd_channel is None:
            return
        try:
            if not present:
                if self._crowd_on:
                    self._crowd_channel.fadeout(CHANT_FADE_MS)
                    self._crowd_on = False
                return
            chant = self._load(CHANT)
            if chant is None:
                return
            target = self.chant_volume()
            if not self._crowd_on or not self._crowd_channel.get_busy():
                self._crowd_channel.set_volume(target)
                self._crowd_channel.play(chant, loops=-1, fade_ms=CHANT_FADE_MS)
                self._crowd_on = True
            elif abs(self._crowd_channel.get_volume() - target) > 0.01:
                self._crowd_channel.set_volume(target)
        except pygame.error as exc:
            _log.info("crowd sound: %s", exc)

    def apply_settings(self, settings: SoundSettings) -> None:
        """Take new volume/mute settings; they apply at once to what is playing."""
        self.settings = settings
        if not self._ready or not pygame.mixer.get_init():
            return
        volume = self.effective_volume()
        try:
            for name, sound in self._cache.items():
                if sound is not None and name != CHANT:
                    sound.set_volume(volume)
            if self._crowd_channel is not None and self._crowd_on:
                self._crowd_channel.set_volume(self.chant_volume())
        except pygame.error as exc:
            _log.info("sound settings: %s", exc)

    def stop_all(self) -> None:
        """Silence everything now, the chant included."""
        self._crowd_on = False
        if not self._ready or not pygame.mixer.get_init():
            return
        try:
            pygame.mixer.stop()
        except pygame.error as exc:
            _log.info("sound stop: %s", exc)
