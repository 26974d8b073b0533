"""Replays: a run is its level, its seed and its orders, so a replay file holds just those
(plus state hashes to prove the replay stays true)."""
