"""Language knowledge as data: the `rules/*.yaml` files, one loader and an accessor per file.

This is the bottom layer beside `model`: ingest, structure, extract and analyse all read
their cue words, patterns and numerals here, and nothing here imports the rest of duban.
Every file is checked against its entry in `rules/schema.yaml` when it is first loaded (a
missing, unknown or mistyped key is a `RulesError`), and `tests/test_rules.py` holds the
integrity checks that cost more: every key used by the code, no word listed twice, every
pattern compiles, every example reads as its catalogue says.

Nothing is parsed at import time; each file is read once, on first use, and shared: callers
must not change what they get.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import re
import sys
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from duban.errors import DubanError

Rules = Mapping[str, Any]

# What a schema leaf may say of a value (rules/schema.yaml).
_LEAF_TYPES: dict[str, tuple[type, ...]] = {
    "text": (str,),
    "regex": (str,),
    "words": (list,),
    "regexes": (list,),
    "map": (dict,),
    "list": (list,),
    "int": (int,),
    "number": (int, float),
}


# The rules files lie beside this module. Not found through importlib.resources, which would
# also find them in a zip: importing it costs 30 ms of start-up, and duban's compiled modules
# cannot be imported from a zip anyway.
HERE = Path(__file__).parent
DIGEST_CHARS = 20  # of a source's SHA-256, in the name of what is kept of it (`derived`)
STALE_SECONDS = 7 * 24 * 3600  # a cache entry of other rules not written for this long is removed


class RulesError(DubanError):
    """A rules file does not have the shape its schema gives: a bug of the package, not of input."""


@cache
def load(name: str) -> Rules:
    """The parsed `rules/<name>.yaml`, checked against its schema, read once."""
    raw = _parse(name)
    schema = _parse("schema")
    if name not in schema:
        raise RulesError(f"rules/{name}.yaml has no entry in rules/schema.yaml")
    check_shape(raw, schema[name], name)
    return raw


@cache
def _parse(name: str) -> Any:
    """`rules/<name>.yaml` parsed, kept (`derived`) by its text: the YAML parse is most of a
    short command's start-up. PyYAML parses it (libyaml when it has it)."""
    text = (HERE / f"{name}.yaml").read_text(encoding="utf-8")

    def parsed() -> Any:
        import yaml

        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    return derived(name, text, parsed)


def derived(name: str, source: str, build: Callable[[], Any]) -> Any:
    """What `build` makes of `source` (a value marshal can write), from the cache folder when
    it holds an entry for `name` and this `source` (named by its digest), else built, leaving an
    entry behind when the folder can be written. For what costs more to build than to read."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:DIGEST_CHARS]
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"
    entry = cache_dir() / f"{name}-{digest}-{python}.marshal"
    try:
        return marshal.loads(entry.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass  # no entry yet, or a broken one: build it
    value = build()
    _store(entry, marshal.dumps(value), f"{name}-{'[0-9a-f]' * DIGEST_CHARS}-{python}.marshal")
    return value


def cache_dir() -> Path:
    """Where parsed rules are kept: $DUBAN_CACHE_DIR, else $XDG_CACHE_HOME/duban, else
    ~/.cache/duban."""
    if os.environ.get("DUBAN_CACHE_DIR"):
        return Path(os.environ["DUBAN_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "duban"


def _store(entry: Path, data: bytes, family: str) -> None:
    """Write a cache entry whole (a temporary file renamed), or nothing: a cache that cannot be
    written only costs the next process the parse. Then remove the entries of its `family` (a
    glob: the same kind of entry, for other rules) not written for `STALE_SECONDS`: an edited rule
    or an upgrade leaves its entries behind, and two checkouts in use side by side keep theirs."""
    import tempfile  # here, not at every start: a cache is written once per rules version (3 ms)

    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, written = tempfile.mkstemp(dir=entry.parent, prefix=".rules-")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(written, entry)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(written)
        return
    now = time.time()
    for path in entry.parent.glob(family):
        with contextlib.suppress(OSError):
            if path != entry and now - path.stat().st_mtime > STALE_SECONDS:
                path.unlink()


def check_shape(value: Any, schema: Any, where: str) -> None:
    """Raise RulesError unless `value` has the keys and value kinds `schema` gives: a dict of
    schema is a section (the same keys, each checked in turn), a string a leaf type."""
    if isinstance(schema, dict):
        if not isinstance(value, dict):
            raise RulesError(f"rules {where}: a section of keys is expected")
        missing, unknown = schema.keys() - value.keys(), value.keys() - schema.keys()
        if missing or unknown:
            raise RulesError(f"rules {where}: missing keys {sorted(missing)}, unknown keys {sorted(unknown)}")
        for key, sub in schema.items():
            check_shape(value[key], sub, f"{where}.{key}")
        return
    kinds = _LEAF_TYPES.get(schema)
    if kinds is None:
        raise RulesError(f"rules/schema.yaml {where}: unknown type {schema!r}")
    if not isinstance(value, kinds) or isinstance(value, bool):
        raise RulesError(f"rules {where}: a {schema} is expected, not {type(value).__name__}")
    items: Any = value  # a list, as the isinstance above says
    if schema in ("words", "regexes") and not all(isinstance(w, str) for w in items):
        raise RulesError(f"rules {where}: every item must be a string")


def schema() -> Rules:
    """The parsed `rules/schema.yaml` (for the integrity tests)."""
    return _parse("schema")


# ---------------------------------------------------------------- the accessors


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The numeral words of `rules/lexicon.yaml`; see its comments."""

    digits: dict[str, int]  # 零 〇 一 二 两 … 九
    units: dict[str, int]  # 十 百 千
    sections: dict[str, int]  # 万 亿
    ordinals: str  # 一 … 十: what heading and list ordinals are written with
    circled: str  # ① … ⑳
    run_in_cues: tuple[str, ...]  # 是, 要: 一是 … 二是 …
    sentence_ends: frozenset[str]  # 。!?！？
    segment_ends: frozenset[str]  # ;；
    clause_ends: frozenset[str]  # ,，:：
    list_mark: str  # 、
    segment_breaks: frozenset[str]  # what ends a ；-segment: its own ends and a sentence's
    clause_breaks: frozenset[str]  # what ends a clause: all three

    def placeholders(self) -> dict[str, str]:
        """Regex fragments that rules files name in their patterns: <ORDINAL>, <CIRCLED>, <RUN_IN>."""
        return {
            "<ORDINAL>": f"[{self.ordinals}]",
            "<CIRCLED>": f"[{self.circled}]",
            "<RUN_IN>": "(?:" + "|".join(re.escape(c) for c in self.run_in_cues) + ")",
        }


@cache
def lexicon() -> Lexicon:
    raw = load("lexicon")
    numerals, breaks = raw["numerals"], raw["breaks"]
    sentence_ends, segment_ends = frozenset(breaks["sentence_ends"]), frozenset(breaks["segment_ends"])
    clause_ends = frozenset(breaks["clause_ends"])
    return Lexicon(
        digits=dict(numerals["digits"]),
        units=dict(numerals["units"]),
        sections=dict(numerals["sections"]),
        ordinals=raw["ordinals"],
        circled=raw["circled"],
        run_in_cues=tuple(raw["run_in_cues"]),
        sentence_ends=sentence_ends,
        segment_ends=segment_ends,
        clause_ends=clause_ends,
        list_mark=breaks["list_mark"],
        segment_breaks=sentence_ends | segment_ends,
        clause_breaks=sentence_ends | segment_ends | clause_ends,
    )


@cache
def structure() -> Rules:
    """`rules/structure.yaml` (ingest and structure), the lexicon's classes written out."""
    return expanded(load("structure"))


@cache
def facts() -> Rules:
    """`rules/facts.yaml` (how a quantity becomes a fact), the lexicon's classes written out."""
    return expanded(load("facts"))


def quantities() -> Rules:
    """`rules/quantities.yaml` (the quantity grammar's words)."""
    return load("quantities")


def checks() -> Rules:
    """`rules/checks.yaml` (progress, arithmetic and consistency checks)."""
    return load("checks")


def ask() -> Rules:
    """`rules/ask.yaml` (reading a question)."""
    return load("ask")


def indicators() -> Rules:
    """`rules/indicators.yaml` (the indicator catalogue)."""
    return load("indicators")


def labels() -> Rules:
    """`rules/labels.yaml` (the Chinese words for roles, kinds and statuses)."""
    return load("labels")


def lineup() -> Rules:
    """`rules/lineup.yaml` (time words, comparison bases, place patterns, indicator edges)."""
    return load("lineup")


def places() -> Rules:
    """`rules/places.yaml` (provinces, their cities, the words for the issuer's own place)."""
    return load("places")


def ocr() -> Rules:
    """`rules/ocr.yaml` (characters OCR misreads, put right by their neighbours)."""
    return load("ocr")


def tables() -> Rules:
    """`rules/tables.yaml` (what a table's column headers say: role, period, unit)."""
    return load("tables")


# ---------------------------------------------------------------- helpers for patterns


def with_placeholders(pattern: str) -> str:
    """`pattern` with <ORDINAL>, <CIRCLED> and <RUN_IN> written out."""
    if "<" not in pattern:
        return pattern
    for name, fragment in lexicon().placeholders().items():
        pattern = pattern.replace(name, fragment)
    return pattern


def expanded(rules: Any) -> Any:
    """A copy of parsed rules with the placeholders of every string written out."""
    if isinstance(rules, str):
        return with_placeholders(rules)
    if isinstance(rules, dict):
        return {key: expanded(value) for key, value in rules.items()}
    if isinstance(rules, list):
        return [expanded(value) for value in rules]
    return rules


def char_class(chars: Iterable[str], *, negated: bool = False) -> str:
    """A regex character class of `chars` (in a fixed order): [,，;；…], or [^,，;；…]."""
    return ("[^" if negated else "[") + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


@cache
def clause_break() -> re.Pattern[str]:
    """A clause break (`Lexicon.clause_breaks`), as a regex: for re.split and finditer."""
    return re.compile(char_class(lexicon().clause_breaks))


@lru_cache(maxsize=1024)  # asked for each time phrase and heading: a few dozen numerals
def ordinal_value(text: str) -> int:
    """The number of a heading or list ordinal: 一 → 1, 十二 → 12, 二十 → 20, 7 → 7, ③ → 3
    (0 when `text` is none)."""
    lex = lexicon()
    if len(text) == 1 and text in lex.circled:
        return lex.circled.index(text) + 1
    if text.isdecimal() and text.isascii():
        return int(text)
    ten = next(ch for ch, value in lex.units.items() if value == 10)
    if ten in text:
        tens, _, ones = text.partition(ten)
        return (lex.digits.get(tens, 1) if tens else 1) * 10 + (lex.digits.get(ones, 0) if ones else 0)
    return lex.digits.get(text, 0)
