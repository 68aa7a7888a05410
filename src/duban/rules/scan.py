"""`find_all`: the matches `finditer` gives, for the reading path's many short texts.

`re.Pattern.finditer` sets up an iterator over a scanner each time it is called (it looks the
scanner's `search` up by a name it makes into a string); the reading path calls it some 180,000
times in 5 MB of reports, mostly on a few words that hold no match or one. A search a match
costs less there. Compiled with the reading path (`scripts/compile.py`).
"""

from __future__ import annotations

import re


def find_all(pattern: re.Pattern[str], text: str, pos: int = 0, endpos: int = -1) -> list[re.Match[str]]:
    """`list(pattern.finditer(text, pos, endpos))` (`endpos` -1: the text's end), the same
    matches: each search starts where the last match ended, as finditer's next step does after
    a match that is not empty. From an empty match on (a pattern that can match nothing),
    finditer itself goes on, as it steps past such a match in its own way."""
    end = len(text) if endpos < 0 else endpos
    found: list[re.Match[str]] = []
    m = pattern.search(text, pos, end)
    while m is not None:
        if m.end() == m.start():
            found.extend(pattern.finditer(text, m.start(), end))
            return found
        found.append(m)
        m = pattern.search(text, m.end(), end)
    return found
