"""The pieces every model of a level file is built of: points, names, bilingual text."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Point = tuple[float, float]
Name = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_\-]+$")]
Rect = tuple[float, float, Annotated[float, Field(gt=0)], Annotated[float, Field(gt=0)]]


class Strict(BaseModel):
    # nan and inf are valid TOML floats but no coordinate, force or speed can be one
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Text(Strict):
    """A visible string in both languages of the trainer."""

    id: str = Field(min_length=1)
    en: str = Field(min_length=1)
