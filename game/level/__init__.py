"""Level files: the schema instructors write and the loader that checks it."""

from game.level.load import LevelError, LevelProblem, load_level, parse_level
from game.level.schema import Level

__all__ = ["Level", "LevelError", "LevelProblem", "load_level", "parse_level"]
