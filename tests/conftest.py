"""Shared fixtures: the real sample corpus and a fresh ledger path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import duban
from _paths import EXTRA_DIR


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


# Under CI (scripts/test sets DUBAN_REQUIRE_SERVICES=1 once it has installed chromium, started
# PostgreSQL and found the shared folder) a skipped test means a missing install step: fail the run.
_SKIPPED: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _SKIPPED.append(f"{report.nodeid}: {reason}")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _SKIPPED and os.environ.get("DUBAN_REQUIRE_SERVICES") == "1" and exitstatus == 0:
        print("\nDUBAN_REQUIRE_SERVICES=1 but tests were skipped (a missing install step?):")
        for line in _SKIPPED:
            print(f"  {line}")
        session.exitstatus = 1
