"""A short recorded run shared by the replay tests (recorded once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import record  # noqa: E402


@pytest.fixture(scope="session")
def recorded(tmp_path_factory) -> tuple[Path, dict[int, str]]:
    path = tmp_path_factory.mktemp("replays") / "run.jsonl"
    session = record(path)
    return path, session.live_hashes  # type: ignore[attr-defined]
