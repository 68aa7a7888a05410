"""The compiled reading path, used only while it matches its source.

`scripts/compile.py` compiles the modules of structure, extract and lineup with mypyc, in
place (`duban/extract/facts.cpython-311-….so` beside `facts.py`), and writes each source's
size, modification time and SHA-256 to `_native.json`. Python imports an extension module
before the source beside it, so a build left behind by an edit would run the old code: unless
every compiled module's source is the one it was built from (and DUBAN_PURE is unset), a
finder placed first on `sys.meta_path` imports every duban module from its source instead.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import sys
from importlib.abc import MetaPathFinder
from importlib.machinery import ModuleSpec
from pathlib import Path

PACKAGE = Path(__file__).parent
SRC = PACKAGE.parent
STAMP = PACKAGE / "_native.json"


def use_native_if_current() -> bool:
    """True when the compiled modules are current and wanted; else routes every duban import to
    its source (a no-op when nothing is compiled) and returns False."""
    if os.environ.get("DUBAN_PURE") != "1" and current():
        return True
    if not any(isinstance(f, _SourceOnly) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceOnly())
    return False


def current(stamp: Path = STAMP) -> bool:
    """Whether every module `stamp` lists is built from the source that stands beside it now."""
    try:
        modules = json.loads(stamp.read_text(encoding="utf-8"))["modules"]
        return all(_unchanged(name, built) for name, built in modules.items())
    except (OSError, ValueError, LookupError, TypeError, AttributeError):
        return False  # never compiled, a build that did not finish, or a stamp of another kind


def _unchanged(module: str, built: dict[str, object]) -> bool:
    path = _source(module)
    seen = path.stat()
    if (seen.st_size, seen.st_mtime_ns) == (built["size"], built["mtime_ns"]):
        return True  # not touched since the build: no need to read it
    return hashlib.sha256(path.read_bytes()).hexdigest() == built["sha256"]


def _source(module: str) -> Path:
    base = SRC.joinpath(*module.split("."))
    package = base / "__init__.py"
    return package if package.exists() else base.with_suffix(".py")


class _SourceOnly(MetaPathFinder):
    """Finds duban's modules as Python source, never as a compiled extension."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if not name.startswith("duban."):
            return None
        base = SRC.joinpath(*name.split("."))
        if (base / "__init__.py").is_file():
            return importlib.util.spec_from_file_location(
                name, base / "__init__.py", submodule_search_locations=[str(base)]
            )
        if base.with_suffix(".py").is_file():
            return importlib.util.spec_from_file_location(name, base.with_suffix(".py"))
        return None
