"""The compiled reading path (scripts/compile.py): it reads as the Python source does, and a
build that no longer matches its source is never run."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests._paths import SAMPLE

import duban
from duban._native import PACKAGE, current

DUBAN = Path(sys.executable).with_name("duban")
SOURCE = PACKAGE / "lineup" / "basis.py"  # a module scripts/compile.py compiles
SOURCE_BYTES = SOURCE.read_bytes()
RIGHT, WRONG = hashlib.sha256(SOURCE_BYTES).hexdigest(), "0" * 64


def _run(pure: bool, *args: str) -> str:
    env = {**os.environ, "DUBAN_PURE": "1" if pure else "0"}
    return subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def compiled() -> None:
    if not duban.native():
        pytest.skip("duban is not compiled here (scripts/compile.py has not run, or its build is stale)")


def test_the_compiled_build_reads_the_sample_as_the_source_does(compiled: None) -> None:
    facts = _run(False, str(DUBAN), "extract", str(SAMPLE))
    assert facts.count("\n") > 400
    assert facts == _run(True, str(DUBAN), "extract", str(SAMPLE))


@pytest.mark.parametrize(
    ("pure", "loaded", "version"),
    [(False, ".so", "reading path: compiled"), (True, ".py", "reading path: Python source")],
)
def test_duban_pure_runs_the_source(compiled: None, pure: bool, loaded: str, version: str) -> None:
    script = "import duban, duban.lineup.when as w; print(duban.native(), w.__file__)"
    said, path = _run(pure, sys.executable, "-c", script).split()
    assert said == str(not pure) and path.endswith(loaded)
    assert version in _run(pure, str(DUBAN), "--version")


def test_every_module_has_its_bytecode_written(compiled: None) -> None:
    """scripts/compile.py writes the bytecode of every module, current with its source: Python
    reads it even where PYTHONDONTWRITEBYTECODE keeps Python from writing any, as on machines
    like CI's (each process would otherwise compile every imported source again)."""
    for source in sorted(PACKAGE.rglob("*.py")):
        header = Path(importlib.util.cache_from_source(str(source))).read_bytes()[:16]
        seen = source.stat()
        said = int.from_bytes(header[8:12], "little"), int.from_bytes(header[12:16], "little")
        assert said == (int(seen.st_mtime) & 0xFFFFFFFF, seen.st_size & 0xFFFFFFFF), source


STAMPS = [
    # (what the stamp says lineup/basis.py was at the build, whether the build is current)
    ({"size": len(SOURCE_BYTES), "mtime_ns": 1, "sha256": RIGHT}, True),  # touched, not edited
    ({"size": len(SOURCE_BYTES) + 1, "mtime_ns": 1, "sha256": WRONG}, False),  # edited after the build
    ({"size": 0, "mtime_ns": 0, "sha256": RIGHT}, True),
    ({"size": 0, "mtime_ns": 0, "sha256": WRONG}, False),
]


@pytest.mark.parametrize(("built", "expected"), STAMPS)
def test_a_build_is_current_only_while_its_sources_are_unchanged(
    tmp_path: Path, built: dict[str, object], expected: bool
) -> None:
    stamp = tmp_path / "_native.json"
    stamp.write_text(json.dumps({"sources": {"lineup/basis.py": built}}), encoding="utf-8")
    assert current(stamp) is expected


@pytest.mark.parametrize(
    "stamp_text",
    [None, "", "{", '{"sources": 1}', json.dumps({"sources": {"lineup/gone.py": {"size": 1}}})],
    ids=["no build", "empty", "cut short", "no table", "a source that is gone"],
)
def test_an_unfinished_or_foreign_build_is_not_current(tmp_path: Path, stamp_text: str | None) -> None:
    stamp = tmp_path / "_native.json"
    if stamp_text is not None:
        stamp.write_text(stamp_text, encoding="utf-8")
    assert current(stamp) is False
