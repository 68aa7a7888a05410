"""The rules' regular expressions, compiled once per machine rather than once per process.

Compiling the quantity grammar alone takes 33 ms (`re`'s compiler, in Python, walks every
character of each Chinese range it meets), a fifth of a short command's run. `compiled` keeps
what `re`'s compiler makes of a pattern (its opcode list, groups and flags) in the cache folder
of the parsed rules (`duban.rules.cache_dir`), one file per Python version and regex engine,
and builds the pattern from it the next time, as `re.compile` itself ends by doing. What it
keeps is the pattern rewritten to run faster, matching the same (`duban.rules.rewrite`).

The entries are keyed by the pattern's text and flags, so a changed rule is a new entry and a
stale one is never used; the file name holds the Python version and the engine's magic number,
so another interpreter never reads it, and a digest of the rules files (`_generation`), so that
an edited rule or an upgrade starts a new file instead of reading the patterns of every rule
before at each start (they had grown to 3 MB, 10 ms a start, on a machine that had seen many
rules). A file of another generation not written for a week is removed by the next write
(`duban.rules._store`, as every cache entry of other rules is), and a file too large (patterns
tried out by other work) is not read. Anything unexpected (no such internals in this Python, a
broken file) falls back to `re.compile`, with nothing kept. Only duban's own patterns go through
here (the rules', and a few of the code's whose ranges `re`'s compiler is slow on): each is
compiled once per process, and the file holds no text of any report.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import marshal
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from duban.rules import HERE, _store, cache_dir

# flags, the engine's code, groups, group names both ways, and the chars a match can start with
Entry = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...], str | None]
REWRITES = "rw3"  # the version of duban.rules.rewrite and of an entry: a new one is a new file
MAX_KEPT = 1000  # patterns kept at most (the rules have about 200): a bound, whatever compiles here
MAX_BYTES = 2_000_000  # and bytes: the patterns of every command take 0.6 MB

_entries: dict[tuple[str, int], Entry] | None = None  # what the file holds, read on first use
_added: dict[tuple[str, int], Entry] = {}  # compiled by this process, written at its exit


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the machine's cache of compiled rules when it has it."""
    flags = int(flags)
    key = (pattern, flags)
    entry = _known().get(key)
    if entry is not None:
        try:
            return _build(pattern, entry)
        except (TypeError, ValueError, RuntimeError):
            pass  # an entry this engine cannot take: compile it anew
    try:
        entry = _compile(pattern, flags)
        built = _build(pattern, entry)
    except (AttributeError, ImportError, TypeError, ValueError, RuntimeError, LookupError, re.error):
        return re.compile(pattern, flags)  # another Python's internals: no cache here
    if not _added:
        atexit.register(_write)
    _added[key] = entry
    return built


def start_chars(pattern: str, flags: int = 0) -> str | None:
    """The characters a match of `pattern` (as compiled by `compiled`) can start with, when they
    are known and few (`duban.rules.rewrite.start_chars`); None when not, or not compiled here."""
    entry = _added.get((pattern, int(flags))) or _known().get((pattern, int(flags)))
    return entry[5] if entry is not None else None


def any_of(patterns: Iterable[str]) -> re.Pattern[str]:
    """One regex that matches wherever any of `patterns` does (their named groups dropped, so that
    patterns naming groups alike can stand together): a quick test before each is tried, or a
    set of patterns asked only whether, and where, one matches."""
    return compiled(union(patterns))


def union(patterns: Iterable[str]) -> str:
    """The regex of `any_of(patterns)`."""
    return "|".join(f"(?:{_UNNAMED.sub('?:', p)})" for p in patterns)


_UNNAMED = re.compile(r"[?]P<[a-z_]+>")


def _build(pattern: str, entry: Entry) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup, _ = entry
    built: re.Pattern[str] = _engine().compile(pattern, flags, code, groups, groupindex, indexgroup)
    return built


def _engine() -> Any:
    """`re`'s engine, the C module `_sre` (no stubs: typed as Any)."""
    return importlib.import_module("_sre")


def _compile(pattern: str, flags: int) -> Entry:
    """What `re._compiler.compile` hands to the engine for `pattern`, rewritten to run faster
    (`duban.rules.rewrite`)."""
    from duban.rules import rewrite

    code, parsed = rewrite.code(pattern, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    starts = rewrite.start_chars(parsed, flags)
    return flags | parsed.state.flags, code, parsed.state.groups - 1, groupindex, tuple(indexgroup), starts


def _file() -> str:
    engine = _engine()
    version = f"py{sys.version_info[0]}{sys.version_info[1]}{sys.version_info[2]}"
    return f"regex-{REWRITES}-{_generation()}-{version}-sre{engine.MAGIC}-{engine.CODESIZE}.marshal"


def _generation() -> str:
    """The rules' generation: the names, sizes and times of the files beside this module (the
    rules and the code that compiles them), hashed. Their stat only, not their text: read at
    every start."""
    seen = hashlib.sha256()
    for path in sorted(HERE.iterdir()):
        if path.suffix in (".yaml", ".py"):
            stat = path.stat()
            seen.update(f"{path.name} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return seen.hexdigest()[:12]


def _known() -> dict[tuple[str, int], Entry]:
    global _entries
    if _entries is None:
        try:
            _entries = _read(cache_dir() / _file()) or {}
        except (ImportError, AttributeError):
            _entries = {}
    return _entries


def _read(path: Path) -> dict[tuple[str, int], Entry] | None:
    """What the file keeps; None when it is missing or broken, or holds more than `MAX_KEPT`
    patterns or `MAX_BYTES` (patterns that other work compiled, tried out: not read at each start;
    the next write begins it again)."""
    try:
        data = path.read_bytes()
        loaded = marshal.loads(data) if len(data) <= MAX_BYTES else None
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return loaded if isinstance(loaded, dict) and len(loaded) <= MAX_KEPT else None


def _write() -> None:
    """Add what this process compiled to the file (read again: another process may have added
    to it meanwhile), written whole or not at all."""
    try:
        path = cache_dir() / _file()
        known = _read(path) or {}
        if len(known) + len(_added) > MAX_KEPT:
            known = {}  # more patterns than the rules have: start again from this process's
        known.update(_added)
        _store(path, marshal.dumps(known), "regex-*.marshal")
    except (ImportError, AttributeError, ValueError):
        pass  # nothing kept: the next process compiles again
