"""`find_all` gives what `finditer` gives: the same matches, for patterns that never match
empty (the reading path's) and for those that do."""

from __future__ import annotations

import re

import pytest

from duban.rules.scan import find_all

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
