"""A site plan under the level: scaled from two clicks, kept in the level's own folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from game.editor.background import calibrate, import_image, resolve_image
from game.level.schema import Background


def test_two_clicks_and_a_distance_give_the_scale() -> None:
    assert calibrate((10, 10), (110, 10), 25) == pytest.approx(0.25)
    with pytest.raises(ValueError):
        calibrate((5, 5), (5, 5), 10)
    with pytest.raises(ValueError):
        calibrate((0, 0), (100, 0), 0)


@pytest.mark.parametrize(
    "image",
    ["../plan.png", "/etc/plan.png", "C:/plan.png", "a/../../plan.png", "plan.gif", "~/p.png"],
)
def test_an_image_outside_the_level_folder_is_refused(image: str) -> None:
    with pytest.raises(ValidationError):
        Background(image=image, metres_per_pixel=0.1)


def test_an_image_in_the_folder_is_taken() -> None:
    assert Background(image="denah/plan.jpg", metres_per_pixel=0.1).opacity == 0.6


def test_importing_copies_beside_the_level_without_overwriting(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "plan.png").write_bytes(b"\x89PNG new")
    level_dir = tmp_path / "levels"
    level_dir.mkdir()
    (level_dir / "plan.png").write_bytes(b"\x89PNG other")
    name = import_image(src / "plan.png", level_dir)
    assert name != "plan.png" and (level_dir / name).read_bytes() == b"\x89PNG new"
    assert (level_dir / "plan.png").read_bytes() == b"\x89PNG other"
    assert import_image(src / "plan.png", level_dir) == name  # the same image twice: one copy
    level = level_dir / "pasar.toml"
    assert resolve_image(level, name) == (level_dir / name).resolve()
    assert resolve_image(level, "../src/plan.png") is None
    assert resolve_image(level, "missing.png") is None
    with pytest.raises(ValueError):
        import_image(src / "plan.png".replace("png", "bmp"), level_dir)
