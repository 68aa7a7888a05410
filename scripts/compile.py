"""Compile duban's reading path (structure, extract, lineup, a text's repair and split, the model) with mypyc.

The same Python source, compiled: the modules keep their names and behaviour, and run about
1.4 times as fast (bench/speed.py prints which way it ran). What the build was made from
(every source of the package) is written to src/duban/_native.json; `duban._native` imports the
Python source of every module as soon as one source differs from it (an edit after compiling)
or DUBAN_PURE=1 is set, so a stale build never runs.

Needs mypy (mypyc) and a C compiler. Usage: .venv/bin/python scripts/compile.py [--force | --clean]
(nothing to do while the build is current; --force compiles anyway; --clean removes the compiled
modules: duban runs as pure Python). Either way it writes the bytecode of every module of duban
(`bytecode`).
"""

from __future__ import annotations

import argparse
import compileall
import hashlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = SRC / "duban"
STAMP = PACKAGE / "_native.json"
GROUP = "duban_native"  # their shared library, src/duban_native__mypyc.*.so (mypyc wants it at the top)
COMPILED = ("structure", "extract", "lineup")  # every module under these, but:
PURE = ("extract/fact_rules.py",)  # built once per process; tests reach into its private parts
# Also compiled: a text's repair and split, the data model, and the reading path's kept values and
# pattern helpers.
ALSO = ("ingest/repair.py", "ingest/split.py", "model.py", "rules/once.py", "rules/scan.py")


def sources() -> list[Path]:
    files = sorted(
        [*(p for d in COMPILED for p in (PACKAGE / d).rglob("*.py")), *(PACKAGE / f for f in ALSO)]
    )
    return [p for p in files if p.relative_to(PACKAGE).as_posix() not in PURE]


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _built_from(path: Path) -> dict[str, object]:
    """What `duban._native` compares a source with: size and time first, then the digest."""
    seen = path.stat()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return {"size": seen.st_size, "mtime_ns": seen.st_mtime_ns, "sha256": digest}


def _up_to_date() -> bool:
    """Whether the last build covers exactly today's sources, each unchanged since."""
    sys.path.insert(0, str(SRC))
    from duban._native import current

    names = [module_name(p) for p in sources()]
    try:
        built = json.loads(STAMP.read_text(encoding="utf-8"))["compiled"]
    except (OSError, ValueError, KeyError):
        return False
    compiled = all(any(p.parent.glob(f"{p.stem}.cpython-*")) for p in sources())
    return built == names and compiled and current()


def clean() -> None:
    STAMP.unlink(missing_ok=True)
    for built in [*SRC.glob(f"{GROUP}__mypyc.*"), *PACKAGE.rglob("*.so")]:
        built.unlink()


def bytecode() -> None:
    """Write the bytecode of duban's Python modules (__pycache__): with PYTHONDONTWRITEBYTECODE
    set, as on some machines, Python never writes it and compiles every imported source again
    in each process (about 20 ms of every command's start-up). A source edited later is
    compiled anew on import, as always."""
    compileall.compile_dir(PACKAGE, quiet=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    parser.add_argument("--force", action="store_true", help="compile even when the build is current")
    args = parser.parse_args()
    if not (args.clean or args.force) and _up_to_date():
        print(f"the compiled modules of duban are current ({STAMP.name})")
        bytecode()
        return
    clean()
    bytecode()
    if args.clean:
        return
    from mypyc.build import mypycify  # mypy's compiler: a build-time dependency only
    from setuptools import setup

    files = sources()
    os.chdir(SRC)  # mypyc names modules by their paths from here
    with tempfile.TemporaryDirectory() as build:
        modules = mypycify(
            [str(p.relative_to(SRC)) for p in files], opt_level="3", group_name=GROUP, target_dir=build
        )
        setup(
            name="duban-native",
            ext_modules=modules,
            script_args=["-q", "build_ext", "--inplace", "--build-temp", build],
        )
    built = {p.relative_to(PACKAGE).as_posix(): _built_from(p) for p in sorted(PACKAGE.rglob("*.py"))}
    compiled = [module_name(p) for p in files]
    stamp = {"python": sys.version.split()[0], "compiled": compiled, "sources": built}
    STAMP.write_text(json.dumps(stamp, indent=1, ensure_ascii=False) + "\n")
    shutil.rmtree(SRC / "build", ignore_errors=True)
    print(f"compiled {len(files)} modules of duban ({', '.join([*COMPILED, *ALSO])}); see {STAMP.name}")


if __name__ == "__main__":
    main()
