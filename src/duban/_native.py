"""The compiled reading path, used only while it matches its source.

`scripts/compile.py` compiles the modules of structure, extract and lineup with mypyc, in
place (`duban/extract/facts.cpython-311-….so` beside `facts.py`), and writes the size,
modification time and SHA-256 of every source of the package (the compiled modules and all they
may import) to `_native.json`. Python imports an extension module before the source beside it,
so a build left behind by an edit would run the old code: unless every source is the one the
build was made from (and DUBAN_PURE is unset), a finder placed first on `sys.meta_path`
imports every duban module from its source instead.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.machinery import ModuleSpec

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
    """Whether the build `stamp` describes was made from the sources that stand here now."""
    try:
        built = json.loads(stamp.read_text(encoding="utf-8"))["sources"]
        return all(_unchanged(PACKAGE / name, seen) for name, seen in built.items())
    except (OSError, ValueError, LookupError, TypeError, AttributeError):
        return False  # never compiled, a build that did not finish, or a stamp of another kind


def _unchanged(path: Path, built: dict[str, object]) -> bool:
    seen = path.stat()
    if (seen.st_size, seen.st_mtime_ns) == (built["size"], built["mtime_ns"]):
        return True  # not touched since the build: no need to read it
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest() == built["sha256"]


class _SourceOnly:
    """Finds duban's modules as Python source, never as a compiled extension (a meta path
    finder: importlib.abc.MetaPathFinder's protocol, without importing importlib.abc)."""

    def find_spec(self, name: str, path: object = None, target: object = None) -> ModuleSpec | None:
        if not name.startswith("duban."):
            return None
        import importlib.util

        base = SRC.joinpath(*name.split("."))
        if (base / "__init__.py").is_file():
            return importlib.util.spec_from_file_location(
                name, base / "__init__.py", submodule_search_locations=[str(base)]
            )
        if base.with_suffix(".py").is_file():
            return importlib.util.spec_from_file_location(name, base.with_suffix(".py"))
        return None
