"""The pieces every model of a level file is built of: points, names, bilingual text.

Every number has a physical range, so that no value that passes can overflow the arithmetic
of the checks or the simulation (1e308 is a valid TOML float). Points must also lie on the
map, which the checks compare with the map's size (at most 1000 m).
"""

from __future__ import annotations

from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field

MAX_COORD: Final = 10_000.0  # m
MAX_SECONDS: Final = 7200.0  # the longest time limit
MAX_PEOPLE: Final = 20_000  # in one crowd group
Coord = Annotated[float, Field(ge=-MAX_COORD, le=MAX_COORD)]
Extent = Annotated[float, Field(gt=0, le=MAX_COORD)]
Point = tuple[Coord, Coord]
Name = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
Rect = tuple[Coord, Coord, Extent, Extent]
WindSpeed = Annotated[float, Field(ge=-30, le=30)]  # m/s; 30 m/s is a hurricane


class Strict(BaseModel):
    # nan and inf are valid TOML floats but no coordinate, force or speed can be one
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Text(Strict):
    """A visible string in both languages of the trainer."""

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)
