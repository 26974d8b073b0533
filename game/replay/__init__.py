"""Replays: every run is recorded by its Session as append-only JSON lines (docs/replays.md):
its level, seed and orders, hashes to prove a replay stays true, keyframes to seek, and the
events and samples the debrief reads without re-simulating."""
