"""The rules' patterns rewritten to run faster (`duban.rules.rewrite`) match what `re.compile`
makes of them match: the same matches, at the same places, with the same groups, whichever
way they are called — case by case for each rewrite, on generated texts, and for every pattern
the reading path compiles, on the sample's sentences."""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests._paths import SAMPLE

from duban.rules import compiled as compiled_module
from duban.rules import rewrite

SKIPS = 1 | 4  # SRE_INFO_PREFIX, SRE_INFO_CHARSET: the engine skips the places no match starts at

# (pattern, texts to read, whether the engine skips places for the rewritten pattern)
CASES: list[tuple[str, list[str], bool]] = [
    # alternatives grouped by their first literal, in their order; backtracking into the group
    ("上半年|上年|全年|上", ["上半年上年全年上", "全上半上", ""], True),
    ("(?:ab|a)b", ["ab", "abb", "aab", "b"], True),
    ("(a)b|(a)c|a(d)|a", ["ab ac ad a", "aaa"], True),
    ("a(?:b|)c|ab", ["ac abc ab", "abab"], True),
    ("(?:增加了|增加|增长)(?:值)?$", ["增加了", "增加值", "增长", "增加了值"], True),
    ("x(?:全市|全省|全区)+", ["x全市全省", "x全", "全市"], True),
    # alternatives that start with the same anchor, one after the other, grouped under it
    ("(?:^下一步)|(?:^今后)|(?:^下)x", ["下一步", "今后要", "下x", "x今后"], False),
    ("(?:^a)|b|(?:^c)", ["ab", "cb", "bc", "c"], True),
    ("(?m)(?:^a)|(?:^b)", ["a\nb", "xa\nxb", "b"], False),
    # a lookbehind before a literal or a set moves after it
    ("(?<!新)增加", ["新增加", "增加", "重新增加了增加"], True),
    ("(?<![于超])(?<!稳定|改善)预期(?!寿命)", ["预期", "于预期", "稳定预期", "预期寿命", "改善预期"], True),
    ("(?<![0-9])[0-9]+%", ["12%", "a5%", "x12.5%"], True),
    ("(?<=财政)(?:安排|下达)", ["财政安排", "安排", "财政下达安排"], True),
    ("(?:^|(?<=政府)|(?<=[年来]))(?:安排|投入)", ["安排", "政府投入", "今年安排", "又投入"], True),
    # a skip set worked out past lookaheads and optional items
    ("(?=[0-9一])(?:一|[0-9]+)个", ["一个 12个 两个", "个"], True),
    ("(?:近|过去)?[0-9]年", ["近5年", "过去3年", "9年", "年"], True),
    ("(?P<a>[0-9]+)?万(?P<b>元)?", ["5万元", "万", "3万"], True),
    # none: a match can be empty, the pattern is anchored, a negated set, any character, cased
    ("a*", ["", "aa", "ba"], False),
    ("^(?:全市|全省)", ["全市", "全省x", "x全市"], False),
    ("[^,，]{2}的", ["我的", "全市的,", ",的"], False),
    ("(?s).市", ["全市", "\n市"], False),
    ("(?i)ab|ac", ["AB ac Ac", "a"], False),
    ("(?i:ab)c|ad", ["ABc ad AD", "abC"], False),
    (r"(a)?\1b|c", ["aab ab b c", "a"], False),
]


def _rewritten(pattern: str, flags: int = 0) -> re.Pattern[str]:
    return compiled_module._build(pattern, compiled_module._compile(pattern, flags))


def _behaviour(p: re.Pattern[str], text: str) -> list[Any]:
    """What every call of `p` gives on `text`: finditer, and match, search and fullmatch from
    each place (spans, groups, last group)."""

    def seen(m: re.Match[str] | None) -> Any:
        return m and (m.span(), m.groups(), m.lastindex, m.groupdict())

    places = range(len(text) + 1)
    return [
        [seen(m) for m in p.finditer(text)],
        [seen(p.match(text, i)) for i in places],
        [seen(p.search(text, i)) for i in places],
        [seen(p.fullmatch(text, i)) for i in places],
        [seen(p.match(text, 0, i)) for i in places],  # endpos: as if the text ended there
    ]


@pytest.mark.parametrize(("pattern", "texts", "skips"), CASES, ids=[c[0] for c in CASES])
def test_a_rewritten_pattern_matches_as_re_compiles_it(pattern: str, texts: list[str], skips: bool) -> None:
    plain, fast = re.compile(pattern), _rewritten(pattern)
    assert (fast.pattern, fast.groups, fast.groupindex, fast.flags) == (
        plain.pattern,
        plain.groups,
        plain.groupindex,
        plain.flags,
    )
    for text in texts:
        assert _behaviour(fast, text) == _behaviour(plain, text), text
    code, _ = rewrite.code(pattern, 0)
    assert bool(code[2] & SKIPS) is skips  # the rewrite took place (or rightly did not)


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_rewritten_patterns_match_as_re_does_on_generated_texts(data: st.DataObject) -> None:
    pattern, _, _ = data.draw(st.sampled_from(CASES))
    alphabet = sorted({ch for ch in pattern if ch.isalnum() or ch in "%,，"} | {"x", ","})
    text = data.draw(st.text(alphabet=alphabet, max_size=12))
    assert _behaviour(_rewritten(pattern), text) == _behaviour(re.compile(pattern), text)


def test_another_engine_gets_no_skip_set_of_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    """An engine whose info block was not checked: the other rewrites only, matching the same."""
    monkeypatch.setattr(rewrite, "INFO_CHECKED", frozenset())
    pattern = "(?:近|过去)?[0-9]年"
    code, _ = rewrite.code(pattern, 0)
    assert not code[2] & SKIPS
    assert _behaviour(_rewritten(pattern), "近5年9年") == _behaviour(re.compile(pattern), "近5年9年")


def test_a_rewrite_that_cannot_be_made_leaves_re_compile(monkeypatch: pytest.MonkeyPatch) -> None:
    """A Python whose regex internals answer otherwise: the pattern `re.compile` makes."""

    def broken(pattern: str, flags: int) -> Any:
        raise AttributeError("no such internal")

    monkeypatch.setattr(rewrite, "code", broken)
    assert compiled_module.compiled("(?<!新)增加") == re.compile("(?<!新)增加")


@pytest.fixture(scope="module")
def rule_patterns(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int], Any]:
    """Every pattern the reading path compiles for the sample (kept by a fresh process)."""
    cache = tmp_path_factory.mktemp("cache")
    env = {**os.environ, "DUBAN_CACHE_DIR": str(cache)}
    command = [sys.executable, "-c", "from duban.cli import main; main()", "extract", str(SAMPLE)]
    subprocess.run(command, capture_output=True, check=True, env=env)
    (kept,) = cache.glob("regex-*.marshal")
    entries: dict[tuple[str, int], Any] = marshal.loads(kept.read_bytes())
    return entries


def _sentences() -> list[str]:
    from duban.pipeline import extract_path

    _, reports, _ = extract_path(SAMPLE)
    return [s.text for r in reports for s in r.sentences]


def test_every_rule_pattern_rewritten_matches_as_re_does_on_the_sample(
    rule_patterns: dict[tuple[str, int], Any],
) -> None:
    assert len(rule_patterns) > 150  # the grammar, the fact rules, the outline's and line-up's
    sentences = _sentences()
    rewritten = 0
    for (pattern, flags), entry in rule_patterns.items():
        plain, fast = re.compile(pattern, flags), compiled_module._build(pattern, entry)
        rewritten += fast != plain  # Pattern equality compares the engine's code
        for text in sentences:
            found = [(m.span(), m.groups()) for m in fast.finditer(text)]
            assert found == [(m.span(), m.groups()) for m in plain.finditer(text)], (pattern, text)
            for i in range(0, len(text), 11):
                a, b = fast.match(text, i), plain.match(text, i)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (pattern, text, i)
    assert rewritten > len(rule_patterns) // 2  # most are rewritten: the test reads rewritten ones


def test_no_rule_pattern_matches_where_its_start_chars_say_none_starts(
    rule_patterns: dict[tuple[str, int], Any],
) -> None:
    """Each kept start set (`rewrite.start_chars`, what a `Matcher` answers None from) holds the
    first char of every match of its pattern on the sample, at every place of every sentence."""
    sentences = _sentences()
    known = {key: entry[5] for key, entry in rule_patterns.items() if entry[5] is not None}
    assert len(known) > 60  # most of the patterns asked at a place, and many others
    for (pattern, flags), starts in known.items():
        plain = re.compile(pattern, flags)
        for text in sentences:
            for i, ch in enumerate(text):
                if ch not in starts:
                    assert plain.match(text, i) is None, (pattern, text, i)
