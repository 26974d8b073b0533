"""A site plan or aerial photo under the level, scaled to metres.

The image is copied beside the level file and named by a relative path that cannot leave the
level's folder, so a level and its plan travel together and a shared level cannot make the
trainer read a file elsewhere on the instructor's disk.
"""

from __future__ import annotations

import hashlib
import math
import shutil
from pathlib import Path

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_IMAGE_BYTES = 40_000_000


def calibrate(p1: tuple[float, float], p2: tuple[float, float], metres: float) -> float:
    """Metres per image pixel from two points clicked on the image and the distance between
    them that the instructor typed (read off the plan's scale bar, or paced out)."""
    if not math.isfinite(metres) or metres <= 0:
        raise ValueError("the distance must be a number of metres above 0")
    pixels = math.dist(p1, p2)
    if pixels < 2:
        raise ValueError("the two points are the same; click two points far apart")
    return metres / pixels


def import_image(src: Path, level_dir: Path) -> str:
    """Copy the image into the level's folder and return the name to store. An image of the
    same name that differs is never overwritten: the copy gets a name of its own."""
    src = Path(src)
    if src.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"{src.name}: a background must be a PNG or JPEG image")
    if not src.is_file():
        raise ValueError(f"{src}: no such file")
    if src.stat().st_size > MAX_IMAGE_BYTES:
        raise ValueError(f"{src.name}: the image is larger than 40 MB")
    level_dir = Path(level_dir)
    target = level_dir / src.name
    if target.exists() and target.resolve() != src.resolve() and not _same(target, src):
        digest = hashlib.sha256(src.read_bytes()).hexdigest()[:8]
        target = level_dir / f"{src.stem}-{digest}{src.suffix}"
    if not target.exists():
        level_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    return target.name


def resolve_image(level_path: Path, image: str) -> Path | None:
    """The image file of a level, or None when it is missing or lies outside its folder."""
    folder = Path(level_path).resolve().parent
    try:
        path = (folder / image).resolve()
    except (OSError, ValueError):
        return None
    if folder not in path.parents or not path.is_file():
        return None
    return path


def _same(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()
    except OSError:
        return False
