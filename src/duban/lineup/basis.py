"""What a change is compared with (`basis`): `yoy` (同比, 比上年), `avg2y` (两年平均), `avg`
(年均), `prev` (环比), `plan` (比计划), from the cue words of `rules/lineup.yaml` (`basis`),
else by the period the change holds in.
"""

from __future__ import annotations

from functools import cache

from duban import rules
from duban.lineup.periods import is_span
from duban.rules.scan import Matcher, matcher


def basis_of(before: str) -> str | None:
    """The basis a change is compared with, from the clause's words before it; None if none is
    said (the caller then decides by the period)."""
    for cue in _basis_cues():
        if cue[0].search(before):
            return cue[1]
    return None


@cache
def _basis_cues() -> tuple[tuple[Matcher, str], ...]:
    return tuple((matcher(c["pattern"]), c["basis"]) for c in rules.lineup()["basis"]["cues"])


def default_basis(when: str | None) -> str | None:
    """A bare 增长 of a year, half, quarter or month compares with the same period a year
    before; over a span of years or at a point it compares with nothing said."""
    if when is None or is_span(when):
        return None
    return "yoy"
