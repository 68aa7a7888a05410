"""The rules' regexes rewritten, once parsed, into equivalent ones that Python's engine runs faster.

Python's regex engine (`_sre`) tries a pattern at each place of a text in turn, and each
alternative of an alternation in turn. It skips places quickly only when the pattern starts
with a literal or a set of characters, and alternatives quickly only when each starts with a
literal. The rules' patterns often start otherwise: with a lookbehind (`(?<!新)增加`), an
optional word, an alternation of groups, or a lookahead (the quantity grammar's
`(?=[0-9一二…])`), and their word lists are long alternations of words sharing first
characters. Each rewrite below keeps what the pattern matches, where, in which order it tries
its alternatives and what its groups capture; only the work to find it changes:

- a non-capturing group without flags is spliced into the sequence around it (`(?:ab)c` is
  `abc` to the engine already; spliced, the rewrites below see its first item);
- alternatives that start with a literal are grouped by that literal, each group keeping its
  alternatives in their order (`上半年|上年|全年` → `上(?:半年|年)|全年`): at a given place
  only the alternatives starting with the character there can match, so the engine tries the
  same alternatives in the same order; an alternative that starts otherwise is never moved
  across. Next alternatives that start with the same anchor are grouped under it too
  (`(?:^下一步)|(?:^今后)` → `^(?:下一步|今后)`): a search then tries the text's start only,
  as the engine does for a pattern that starts with `^`;
- a lookbehind right before a literal or a set of characters moves after it, taking it in
  (`(?<!新)增` → `增(?<!新增)`): a character there, with nothing new behind it, is the same
  test in the other order;
- a pattern that starts with neither gets the set of characters its matches can start with
  (worked out from the parsed pattern, looking past lookarounds and optional items) as the
  engine's own skip set, which is what the engine's compiler does for a pattern starting with
  a set. Not for a pattern that can match the empty string, nor one anchored at a start (`^`).

It needs the parser and compiler inside Python's `re` (`re._parser`, `re._compiler`,
`re._constants`), which are private: `duban.rules.compiled` falls back to `re.compile` when
they are missing or answer in another shape. `tests/test_rewrite.py` checks each rewrite on
its own, on generated texts, and every rule pattern the sample reads with, against
`re.compile`.
"""

from __future__ import annotations

import re
from re import _compiler, _parser  # type: ignore[attr-defined]  # private: see above
from re import _constants as c  # type: ignore[attr-defined]
from typing import Any

Item = tuple[Any, Any]  # one (opcode, argument) of a parsed pattern
_LOOKS = (c.ASSERT, c.ASSERT_NOT)
_ZERO_WIDTH = (c.ASSERT, c.ASSERT_NOT, c.AT)
_REPEATS = (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT)
_ONE_CHAR = (c.LITERAL, c.IN)
# The engines (`_sre.MAGIC`) whose info block (what `re._compiler._compile_info` writes) this
# module's skip set was checked against (tests/test_rewrite.py), as it writes that block itself:
# Python 3.11's. Another engine gets the other rewrites, which its own compiler compiles.
INFO_CHECKED = frozenset({20220615})


def code(pattern: str, flags: int) -> tuple[list[int], Any]:
    """The engine's code for `pattern` rewritten (as `re._compiler._code` gives it), and the
    parsed pattern (its groups)."""
    parsed = _parser.parse(pattern, flags)
    flags |= parsed.state.flags
    ignorecase = bool(flags & re.IGNORECASE)
    if not ignorecase:
        _rewrite(parsed, parsed.state)
    out: list[int] = []
    _compiler._compile_info(out, parsed, flags)
    if c.MAGIC in INFO_CHECKED and out[2] == 0 and out[3] > 0 and not ignorecase:  # no skip set;
        # matches are never empty
        out = _with_first_chars(out, parsed, flags)
    _compiler._compile(out, parsed.data, flags)
    out.append(c.SUCCESS)
    return [int(op) for op in out], parsed


def _rewrite(sub: Any, state: Any) -> None:
    """Rewrite the parsed sequence `sub` and everything in it, in place."""
    items: list[Item] = []
    for op, av in sub.data:
        if op is c.SUBPATTERN:
            group, add, remove, inner = av
            if add & re.IGNORECASE:
                items.append((op, av))  # cased: left as it is
                continue
            _rewrite(inner, state)
            if group is None and not add and not remove:
                items += inner.data
                continue
        elif op is c.BRANCH:
            for alternative in av[1]:
                _rewrite(alternative, state)
            alternatives = _grouped(av[1], state)
            if len(alternatives) == 1:
                items += alternatives[0].data
                continue
            av = (None, alternatives)
        elif op in _REPEATS:
            _rewrite(av[2], state)
        elif op in _LOOKS:
            _rewrite(av[1], state)
        elif op is c.ATOMIC_GROUP:
            _rewrite(av, state)
        elif op is c.GROUPREF_EXISTS:
            _rewrite(av[1], state)
            if av[2] is not None:
                _rewrite(av[2], state)
        items.append((op, av))
    sub.data[:] = _lookbehinds_moved(items, state)


def _lookbehinds_moved(items: list[Item], state: Any) -> list[Item]:
    """Lookbehinds right before one character (a literal or a set) moved after it, each with
    that character added at its end."""
    out: list[Item] = []
    i = 0
    while i < len(items):
        j = i
        while j < len(items) and items[j][0] in _LOOKS and items[j][1][0] < 0:
            j += 1
        if j > i and j < len(items) and items[j][0] in _ONE_CHAR:
            char = items[j]
            out.append(char)
            out += [
                (op, (-1, _parser.SubPattern(state, [*behind.data, char]))) for op, (_, behind) in items[i:j]
            ]
        else:
            out += items[i : j + 1]
        i = j + 1
    return out


def _grouped(alternatives: list[Any], state: Any) -> list[Any]:
    """Alternatives starting with the same literal grouped under it, within each run of
    alternatives that start with a literal, in the order of their first ones; a run of
    alternatives starting with the same anchor (`(?:^a)|(?:^b)`) grouped under it."""
    out: list[Any] = []
    i = 0
    while i < len(alternatives):
        first = alternatives[i].data[0] if alternatives[i].data else None
        j = i
        if first is not None and first[0] is c.AT:
            while j < len(alternatives) and alternatives[j].data[:1] == [first]:
                j += 1
            out.append(_under(first, alternatives[i:j], state) if j - i > 1 else alternatives[i])
            i = j
            continue
        while j < len(alternatives) and _first_is_literal(alternatives[j]):
            j += 1
        if j == i:
            out.append(alternatives[i])
            i += 1
            continue
        by_first: dict[Item, list[Any]] = {}
        for alternative in alternatives[i:j]:
            by_first.setdefault(alternative.data[0], []).append(alternative)
        out += [
            _under(item, members, state) if len(members) > 1 else members[0]
            for item, members in by_first.items()
        ]
        i = j
    return out


def _under(first: Item, members: list[Any], state: Any) -> Any:
    """The alternatives `members`, which all start with `first`, as `first` then their rests."""
    rests = _grouped([_parser.SubPattern(state, list(m.data[1:])) for m in members], state)
    tail = rests[0].data if len(rests) == 1 else [(c.BRANCH, (None, rests))]
    return _parser.SubPattern(state, [first, *tail])


def _first_is_literal(sub: Any) -> bool:
    return bool(sub.data) and sub.data[0][0] is c.LITERAL


def _with_first_chars(info: list[int], parsed: Any, flags: int) -> list[int]:
    """The info block `info` with the characters matches can start with as its skip set, when
    they are known and the pattern is not anchored at a start."""
    if parsed.data and parsed.data[0][0] is c.AT:
        return info  # ^…: the engine tries the start only
    chars, can_be_empty = _first_chars(parsed.data)
    if not chars or can_be_empty:
        return info
    charset, _ = _compiler._optimize_charset(chars)
    out = [c.INFO, 0, c.SRE_INFO_CHARSET, info[3], info[4]]
    _compiler._compile_charset(charset, flags, out)
    out[1] = len(out) - 1
    return out


MAX_START_CHARS = 1000  # a larger set (a block of ideographs) is not spelt out: no quick test


def start_chars(parsed: Any, flags: int) -> str | None:
    """Every character a match of the parsed pattern can start with, spelt out (sorted), when
    they are known, few and the pattern cannot match the empty string; else None. A place
    whose character is none of them holds no match (`duban.rules.scan.Matcher` asks no more)."""
    if (flags | parsed.state.flags) & re.IGNORECASE:
        return None  # a literal stands for its other cases too
    items, can_be_empty = _first_chars(parsed.data)
    if items is None or can_be_empty:
        return None
    chars: set[int] = set()
    for op, av in items:
        if op is c.LITERAL:
            chars.add(av)
        elif op is c.RANGE and av[1] - av[0] < MAX_START_CHARS:
            chars.update(range(av[0], av[1] + 1))
        else:
            return None  # a category (\d, \s) or a large range: not spelt out
        if len(chars) > MAX_START_CHARS:
            return None
    return "".join(chr(ch) for ch in sorted(chars))


def _first_chars(items: list[Item]) -> tuple[list[Item] | None, bool]:
    """(the set items of the characters a match of the sequence `items` can start with, or None
    when not known; whether it can match the empty string)."""
    chars: list[Item] = []
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        found = _item_first_chars(op, av)
        if found is None:
            return None, True
        more, can_be_empty = found
        chars += more
        if not can_be_empty:
            return chars, False
    return chars, True


def _item_first_chars(op: Any, av: Any) -> tuple[list[Item], bool] | None:
    if op is c.LITERAL:
        return [(op, av)], False
    if op is c.IN:
        return None if any(o is c.NEGATE for o, _ in av) else (list(av), False)
    if op is c.SUBPATTERN and not av[1] & re.IGNORECASE:
        return _known(*_first_chars(av[3].data))
    if op is c.ATOMIC_GROUP:
        return _known(*_first_chars(av.data))
    if op in _REPEATS:
        found = _known(*_first_chars(av[2].data))
        return None if found is None else (found[0], found[1] or av[0] == 0)
    if op is c.BRANCH:
        chars: list[Item] = []
        can_be_empty = False
        for alternative in av[1]:
            found = _known(*_first_chars(alternative.data))
            if found is None:
                return None
            chars += found[0]
            can_be_empty = can_be_empty or found[1]
        return chars, can_be_empty
    return None  # a back reference, any character, a conditional: not known


def _known(chars: list[Item] | None, can_be_empty: bool) -> tuple[list[Item], bool] | None:
    return None if chars is None else (chars, can_be_empty)
