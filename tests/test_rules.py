"""The rules files' integrity: each has the shape rules/schema.yaml gives, every key is read by
the code, no word is listed twice, every pattern compiles (dateparser tests its language
data the same way)."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import duban
from duban import rules
from duban.rules import RulesError, check_shape, with_placeholders
from duban.rules import compiled as compiled_module

SOURCE = Path(duban.__file__).parent
RULE_FILES = sorted(p.stem for p in (SOURCE / "rules").glob("*.yaml") if p.stem != "schema")


def leaves(schema: Any, value: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], str, Any]]:
    """(key path, kind, value) of every leaf of a rules file."""
    if isinstance(schema, dict):
        for key, sub in schema.items():
            yield from leaves(sub, value[key], (*path, key))
    else:
        yield path, schema, value


def all_leaves() -> list[tuple[str, tuple[str, ...], str, Any]]:
    return [(name, *leaf) for name in RULE_FILES for leaf in leaves(rules.schema()[name], rules.load(name))]


def test_every_rules_file_has_a_schema_entry() -> None:
    assert sorted(rules.schema()) == RULE_FILES


@pytest.mark.parametrize("name", RULE_FILES)
def test_rules_file_has_its_shape(name: str) -> None:
    rules.load(name)  # raises RulesError when the shape differs


@pytest.mark.parametrize(
    ("value", "schema", "problem"),
    [
        ({"a": "x"}, {"a": "text", "b": "int"}, "missing keys ['b']"),
        ({"a": "x", "c": 1}, {"a": "text"}, "unknown keys ['c']"),
        ({"a": 1}, {"a": "text"}, "a text is expected, not int"),
        ({"a": ["x", 2]}, {"a": "words"}, "every item must be a string"),
        ({"a": True}, {"a": "int"}, "a int is expected, not bool"),
        ({"a": "x"}, {"a": "colour"}, "unknown type 'colour'"),
    ],
)
def test_a_wrong_shape_is_refused(value: Any, schema: Any, problem: str) -> None:
    with pytest.raises(RulesError, match=re.escape(problem)):
        check_shape(value, schema, "test")


def test_every_key_is_read_by_the_code() -> None:
    code = "\n".join(p.read_text(encoding="utf-8") for p in SOURCE.rglob("*.py"))
    unused = [
        f"{name}: {'.'.join(path)}"
        for name, path, _, _ in all_leaves()
        if not re.search(rf"[\"'.]{re.escape(path[-1])}\b", code)
    ]
    assert unused == []


def test_no_word_is_listed_twice() -> None:
    repeated = {
        f"{name}: {'.'.join(path)}": [w for w, n in Counter(value).items() if n > 1]
        for name, path, kind, value in all_leaves()
        if kind in ("words", "regexes")
    }
    assert {key: words for key, words in repeated.items() if words} == {}


def test_every_pattern_compiles() -> None:
    broken = []
    for name, path, kind, value in all_leaves():
        patterns = [value] if kind == "regex" else value if kind == "regexes" else []
        for pattern in patterns:
            try:
                re.compile(with_placeholders(pattern))
            except re.error as err:
                broken.append(f"{name}: {'.'.join(path)}: {pattern!r}: {err}")
    assert broken == []


def test_parsed_rules_are_cached_and_a_broken_entry_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    monkeypatch.setenv("DUBAN_CACHE_DIR", str(tmp_path / "cache"))
    text = resources.files("duban").joinpath("rules/lexicon.yaml").read_text(encoding="utf-8")
    expected = yaml.safe_load(text)
    parse = rules._parse.__wrapped__  # without the in-process cache
    assert parse("lexicon") == expected
    (entry,) = (tmp_path / "cache").glob("lexicon-*.marshal")
    assert parse("lexicon") == expected  # read from the entry
    entry.write_bytes(b"\x00broken")
    assert parse("lexicon") == expected
    assert entry.read_bytes() != b"\x00broken"  # written anew


def test_rules_are_read_when_the_cache_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("DUBAN_CACHE_DIR", str(blocked / "cache"))
    assert rules._parse.__wrapped__("lexicon")["breaks"]["list_mark"] == "、"
    assert list(tmp_path.iterdir()) == [blocked]


def _extract(cache: Path, path: Path, seed: str = "0") -> str:
    env = {**os.environ, "DUBAN_CACHE_DIR": str(cache), "PYTHONHASHSEED": seed}
    command = [sys.executable, "-c", "from duban.cli import main; main()", "extract", str(path)]
    return subprocess.run(command, capture_output=True, text=True, check=True, env=env).stdout


def test_compiled_rules_are_kept_and_built_as_re_compiles_them(tmp_path: Path) -> None:
    """A process keeps what `re` compiled of the rules' patterns, rewritten (`duban.rules.compiled`;
    tests/test_rewrite.py: they match as `re.compile`'s do); the next builds them from that: the
    same patterns (Pattern equality compares the engine's code),
    the same facts; a broken file is compiled past and written anew."""
    cache, sample = tmp_path / "cache", Path(duban.__file__).parent / "data" / "qingdao-2021h1.txt"
    first = _extract(cache, sample)
    (kept,) = cache.glob("regex-*.marshal")
    entries = marshal.loads(kept.read_bytes())
    assert len(entries) > 100  # the grammar, the fact rules, the line-up's patterns
    for (pattern, flags), entry in entries.items():
        built = compiled_module._build(pattern, entry)
        assert built == compiled_module._build(pattern, compiled_module._compile(pattern, flags))
        assert (built.groupindex, built.groups, built.flags) == (
            re.compile(pattern, flags).groupindex,
            re.compile(pattern, flags).groups,
            re.compile(pattern, flags).flags,
        )
    assert _extract(cache, sample) == first  # built from the file
    kept.write_bytes(b"\x00broken")
    assert _extract(cache, sample) == first
    assert len(marshal.loads(kept.read_bytes())) == len(entries)  # written anew
    copies = compiled_module.MAX_KEPT // len(entries) + 1
    too_many = {(f"x{k}", 0): entry for k, entry in enumerate([*entries.values()] * copies)}
    kept.write_bytes(marshal.dumps(too_many))  # more than MAX_KEPT: not read
    assert _extract(cache, sample) == first
    assert len(marshal.loads(kept.read_bytes())) == len(entries)  # begun again, not grown
    entry = next(iter(entries.values()))
    kept.write_bytes(marshal.dumps({("x" * compiled_module.MAX_BYTES, 0): entry}))  # too big: not read
    assert _extract(cache, sample) == first
    assert len(marshal.loads(kept.read_bytes())) == len(entries)


def test_compiled_rules_of_other_rules_are_not_read_and_go_after_a_week(tmp_path: Path) -> None:
    """The kept patterns are named by the rules' generation: the file of other rules (an upgrade,
    an edited rule) is not read at each start, and is removed by a write once a week old; one
    written lately (another checkout in use) stays. So is a parsed rules file's entry of another
    text (`rules._store`, shared by every cache entry)."""
    cache, sample = tmp_path / "cache", Path(duban.__file__).parent / "data" / "qingdao-2021h1.txt"
    cache.mkdir()
    old, recent = cache / "regex-rw2-000000000000-x.marshal", cache / "regex-rw2-111111111111-x.marshal"
    python = f"py{sys.version_info[0]}{sys.version_info[1]}"
    old_parse = cache / f"lexicon-{'0' * rules.DIGEST_CHARS}-{python}.marshal"
    for path in (old, recent, old_parse):
        path.write_bytes(marshal.dumps({}))
    week = rules.STALE_SECONDS
    for path in (old, old_parse):
        os.utime(path, (time.time() - week - 60, time.time() - week - 60))
    os.utime(recent, (time.time() - week + 3600, time.time() - week + 3600))
    _extract(cache, sample)
    (kept,) = set(cache.glob("regex-*.marshal")) - {recent}
    assert compiled_module._generation() in kept.name and recent.exists()
    assert len(marshal.loads(kept.read_bytes())) > 100
    assert not old_parse.exists() and len(list(cache.glob(f"lexicon-*-{python}.marshal"))) == 1


def test_the_rules_patterns_are_the_same_text_in_every_process(tmp_path: Path) -> None:
    """Built from the rules alone, not from a set's order (which changes with the hash seed): else
    each process would keep new entries and the kept file grow without end."""
    sample = Path(duban.__file__).parent / "data" / "qingdao-2021h1.txt"
    kept = []
    for seed in ("1", "2"):
        _extract(tmp_path / seed, sample, seed)
        (entries,) = (tmp_path / seed).glob("regex-*.marshal")
        kept.append(set(marshal.loads(entries.read_bytes())))
    assert kept[0] == kept[1]
