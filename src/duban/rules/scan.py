"""`find_all`: the matches `finditer` gives, for the reading path's many short texts; and
`Matcher`: a rule's pattern with a quick test before each call into the regex engine.

`re.Pattern.finditer` sets up an iterator over a scanner each time it is called (it looks the
scanner's `search` up by a name it makes into a string); the reading path calls it some 180,000
times in 5 MB of reports, mostly on a few words that hold no match or one. A search a match
costs less there.

Each call into the regex engine sets up its state and, once it tries a place, a stack it
allocates and frees: some 150 ns before any character is compared. In 5 MB of reports the rules
ask about 450,000 times whether a pattern matches right at a place (a clause's first words, a
line), and nine times in ten the character there starts no match; and about 450,000 times
whether a word of one or two first characters (按, 保持, 从/由, 预计) stands in a clause's words,
and nineteen times in twenty none of those characters is there. `Matcher` answers those from the
set of characters the pattern's matches can start with, worked out once by `duban.rules.rewrite`
and kept with the compiled pattern.

Compiled with the reading path (`scripts/compile.py`).
"""

from __future__ import annotations

import re

from duban.rules.compiled import compiled, start_chars


def find_all(
    pattern: re.Pattern[str] | Matcher, text: str, pos: int = 0, endpos: int = -1
) -> list[re.Match[str]]:
    """`list(pattern.finditer(text, pos, endpos))` (`endpos` -1: the text's end), the same
    matches: each search starts where the last match ended, as finditer's next step does after
    a match that is not empty. From an empty match on (a pattern that can match nothing),
    finditer itself goes on, as it steps past such a match in its own way. A `Matcher` finds
    none without a call into the engine where the text holds none of its few start chars."""
    end = len(text) if endpos < 0 else endpos
    if isinstance(pattern, Matcher):
        if not pattern.may_hold(text, pos, end):
            return []
        pattern = pattern.pattern
    found: list[re.Match[str]] = []
    m = pattern.search(text, pos, end)
    while m is not None:
        if m.end() == m.start():
            found.extend(pattern.finditer(text, m.start(), end))
            return found
        found.append(m)
        m = pattern.search(text, m.end(), end)
    return found


FEW_STARTS = 4  # a search looks for each start char in the text first when there are this few


class Matcher:
    """A pattern with the characters its matches can start with (`starts`; None: not known),
    answering None without a call into the regex engine where no match can start: `match` and
    `fullmatch` when the text's character at the place is none of them (kept as a bitmap over
    their code points: a character read as its code point makes no string to look up), `search`,
    `sub` and `find_all` when the text holds none of them, if they are few (else the engine's
    own skip set does that work, in one call)."""

    def __init__(self, pattern: re.Pattern[str], starts: str | None) -> None:
        self.pattern = pattern
        self._known = starts is not None
        self._few = tuple(starts) if starts is not None and len(starts) <= FEW_STARTS else None
        codes = [ord(ch) for ch in starts or ""]
        self._low = min(codes, default=0)
        bits = bytearray((max(codes, default=0) - self._low) // 8 + 1)
        for code in codes:
            bits[(code - self._low) >> 3] |= 1 << ((code - self._low) & 7)
        self._bits = bytes(bits)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """`pattern.match(text, pos)`."""
        if self._known and not self._may_start(text, pos):
            return None
        return self.pattern.match(text, pos)

    def fullmatch(self, text: str, pos: int = 0) -> re.Match[str] | None:
        """`pattern.fullmatch(text, pos)`."""
        if self._known and not self._may_start(text, pos):
            return None
        return self.pattern.fullmatch(text, pos)

    def search(self, text: str, pos: int = 0, endpos: int = -1) -> re.Match[str] | None:
        """`pattern.search(text, pos, endpos)` (`endpos` -1: the text's end, as in `find_all`)."""
        end = len(text) if endpos < 0 else endpos
        if not self.may_hold(text, pos, end):
            return None
        return self.pattern.search(text, pos, end)

    def sub(self, repl: str, text: str, count: int = 0) -> str:
        """`pattern.sub(repl, text, count)`: `text` as it is where no match can lie."""
        if not self.may_hold(text, 0, len(text)):
            return text
        return self.pattern.sub(repl, text, count)

    def may_hold(self, text: str, pos: int, end: int) -> bool:
        """Can a match lie in text[pos:end]? False only when the start chars are few and none
        is there (a match is never empty then, and starts with one of them)."""
        few = self._few
        if few is None:
            return True
        pos = max(pos, 0)  # as the engine bounds it (str.find counts a negative one from the end)
        return any(text.find(ch, pos, end) >= 0 for ch in few)

    def _may_start(self, text: str, pos: int) -> bool:
        """Does the character at `pos` (bounded as the engine bounds it) start a match? (A
        pattern whose starts are known matches no empty string: no character, no match.)"""
        pos = max(pos, 0)
        if pos >= len(text):
            return False
        at = ord(text[pos]) - self._low
        return 0 <= at < len(self._bits) * 8 and (self._bits[at >> 3] >> (at & 7)) & 1 == 1


def matcher(pattern: str, flags: int = 0) -> Matcher:
    """`pattern` compiled (`duban.rules.compiled.compiled`) as a `Matcher`."""
    built = compiled(pattern, flags)
    return Matcher(built, start_chars(pattern, flags))
