"""`find_all` gives what `finditer` gives: the same matches, for patterns that never match
empty (the reading path's) and for those that do; a `Matcher` answers `match` and `fullmatch`
as its pattern does, at every place."""

from __future__ import annotations

import re

import pytest

from duban.rules import rewrite
from duban.rules.scan import Matcher, find_all, matcher

CASES = [
    # (pattern, text, pos, endpos)
    ("增长|下降", "同比增长5%,环比下降2%,增长", 0, -1),
    ("增长|下降", "没有", 0, -1),
    ("到(20\\d\\d)年", "到2025年,到2030年基本实现", 0, -1),
    ("(?<=增)长", "增长、增长", 1, -1),  # a lookbehind sees the text before pos
    ("^全", "全市全省", 1, -1),  # ^ is the text's start, not pos
    ("\\d+$", "12 34", 0, 2),  # $ is endpos
    ("a*", "baaac", 0, -1),  # empty matches: finditer's own steps
    ("(?=年)|年", "2025年和2026年", 0, -1),
    ("x?", "", 0, -1),
    ("[,;]", "一,二;三", 2, 4),
]


@pytest.mark.parametrize(("pattern", "text", "pos", "endpos"), CASES)
def test_find_all_is_finditer(pattern: str, text: str, pos: int, endpos: int) -> None:
    compiled = re.compile(pattern)
    end = len(text) if endpos < 0 else endpos
    expected = [(m.span(), m.groups()) for m in compiled.finditer(text, pos, end)]
    assert [(m.span(), m.groups()) for m in find_all(compiled, text, pos, endpos)] == expected


# (pattern, texts): patterns whose matches start with known characters, and others
MATCHER_CASES = [
    ("保持|保障", ["保持稳定", "确保", "保", ""]),
    ("(?<!新)增加|减少", ["增加", "新增加", "减少了", "增"]),  # a lookbehind before the first char
    ("^(?:全市|全省)", ["全市", "x全市", "全"]),  # ^: the text's start only
    ("(?=[一二])(?:一|二|三)个", ["一个", "三个", "二个x"]),  # a lookahead, then a wider set
    ("[0-9]+%$", ["12%", "x5%", "5%x"]),
    ("(?:近|过去)?[0-9]年", ["近5年", "过去3年", "9年"]),
    ("年$|月", ["今年", "5月", "年x"]),
    ("(?<=增)长|减少", ["增长", "长", "增长减少"]),  # a lookbehind sees the text before pos
    ("a*", ["", "aa", "ba"]),  # can match empty: every place is asked
    (r"\d+", ["12", "x3"]),  # a category: not spelt out
    ("(?i)ab", ["AB", "ab"]),  # cased: not spelt out
    ("[^,，]的", ["我的", ",的"]),  # a negated set: not known
]


def _seen(m: re.Match[str] | None) -> object:
    return m and (m.span(), m.groups())


@pytest.mark.parametrize(("pattern", "texts"), MATCHER_CASES, ids=[c[0] for c in MATCHER_CASES])
def test_a_matcher_answers_as_its_pattern_does(pattern: str, texts: list[str]) -> None:
    plain = re.compile(pattern)
    quick = matcher(pattern)
    for text in texts:
        for pos in range(-2, len(text) + 3):
            assert _seen(quick.match(text, pos)) == _seen(plain.match(text, pos))
            assert _seen(quick.fullmatch(text, pos)) == _seen(plain.fullmatch(text, pos))
            assert _seen(quick.search(text, pos)) == _seen(plain.search(text, pos))
        for end in range(len(text) + 1):
            assert _seen(quick.search(text, 0, end)) == _seen(plain.search(text, 0, end))
            assert _seen(quick.search(text, 1, end)) == _seen(plain.search(text, 1, end))
        expected = [_seen(m) for m in plain.finditer(text)]
        assert [_seen(m) for m in find_all(quick, text)] == expected
        assert quick.sub("#", text) == plain.sub("#", text)
        assert quick.sub("", text, count=1) == plain.sub("", text, count=1)


START_CHARS = [
    ("保持|保障", "保"),
    ("(?<!新)增加|减少", "减增"),
    ("^(?:全市|全省)", "全"),
    ("(?=[一二])(?:一|二|三)个", "一三二"),  # the body's first chars: the lookahead reads none
    ("[0-9]+%", "0123456789"),
    ("(?:近|过去)?[0-9]年", "0123456789过近"),
    ("a*", None),  # can match empty
    ("a?b?", None),
    (r"\d+", None),  # a category
    ("(?i)ab", None),  # cased
    ("[^a]b", None),  # a negated set
    (".x", None),  # any character
    ("[一-龥]+", None),  # a block of ideographs: too many to spell out
    (r"(a)?\1b", None),  # a back reference
]


@pytest.mark.parametrize(("pattern", "chars"), START_CHARS, ids=[c[0] for c in START_CHARS])
def test_start_chars_are_those_a_match_can_start_with(pattern: str, chars: str | None) -> None:
    _, parsed = rewrite.code(pattern, 0)
    assert rewrite.start_chars(parsed, 0) == chars


def test_a_matcher_with_unknown_starts_asks_the_engine_everywhere() -> None:
    quick = Matcher(re.compile("[0-9]+"), None)
    assert quick.match("x12", 1) is not None and quick.fullmatch("12") is not None
    assert quick.match("x12") is None
