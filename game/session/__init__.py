"""The run's owner: one headless Session per run, under the play screen, the CLI, the replay
viewer and take-over. None of them re-implements a piece of it."""

from game.session.session import HASH_TICKS, METRIC_TICKS, PARTS_TICKS, Session

__all__ = ["HASH_TICKS", "METRIC_TICKS", "PARTS_TICKS", "Session"]
