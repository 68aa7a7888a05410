"""Shared fixtures: the real sample corpus and a fresh ledger path."""

from __future__ import annotations

from pathlib import Path

import pytest

import duban

EXTRA_DIR = Path("/work/shared/corpus/extra")


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """The shipped sample compilation (Qingdao, 2021 first half)."""
    return Path(duban.__file__).parent / "data" / "qingdao-2021h1.txt"


@pytest.fixture(scope="session")
def extra_paths() -> list[Path]:
    """The other real reports (government work reports); skipped where they are not present."""
    paths = sorted(EXTRA_DIR.glob("*.txt"))
    if not paths:
        pytest.skip(f"no extra corpus in {EXTRA_DIR}")
    return paths


@pytest.fixture
def tmp_db(tmp_path: Path) -> Path:
    """A path for a fresh SQLite ledger (the file does not exist yet)."""
    return tmp_path / "ledger.sqlite"
