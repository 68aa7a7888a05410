"""Values of written numbers: Arabic (1,100 · 6539.21 · １２) and Chinese (一百二十 · 两万 · 一万五千亿).

The numeral tables come from `rules/quantities.yaml`, with the digits, units and section
words shared by every layer from `rules/lexicon.yaml`; both loaded once on first use.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any, Final

from duban import rules as rules_data

log: Final = logging.getLogger(__name__)

_FULL_WIDTH_DIGITS: Final = str.maketrans("０１２３４５６７８９．", "0123456789.", ",，")


@cache
def rules() -> dict[str, Any]:
    """The parsed `rules/quantities.yaml`; its `numerals` hold the lexicon's digits, units
    and sections too."""
    raw = rules_data.quantities()
    lex = rules_data.lexicon()
    numerals = {**raw["numerals"], "digits": lex.digits, "units": lex.units, "sections": lex.sections}
    return {**raw, "numerals": numerals}


def arabic_value(text: str) -> float:
    """`1,100` → 1100.0; `82，225.00` → 82225.0; `6539.21` → 6539.21; full-width digits allowed."""
    if text.isascii() and "," not in text:
        return float(text)
    return float(text.translate(_FULL_WIDTH_DIGITS))


@cache
def _aliases() -> dict[int, str]:
    """str.translate table: financial and traditional numerals, 廿 and 卅 → plain numerals."""
    return str.maketrans(rules()["numerals"]["aliases"])


def plain_numeral(text: str) -> str:
    """`壹万贰仟` → 一万二千; `廿二` → 二十二; `兩萬` → 两万. Other chars are kept."""
    return text.translate(_aliases())


def chinese_value(text: str) -> float | None:
    """The value of a Chinese numeral, or None when it is not a well-formed number.

    `十四` → 14, `一百零五` → 105, `两万` → 20000, `一万五千亿` → 1.5e12, `百` → 100;
    financial and traditional forms (`壹拾壹`, `兩萬`), 廿 (`廿二` → 22); spoken short
    forms (`三万五` → 35000, `一百二` → 120); runs of Arabic digits inside (`1万600` → 10600,
    `200亿零四千230`). Runs of bare Chinese digits (`二〇二一`, `十四五`, `两三`) are not
    counts and give None (see `digit_string_value`).
    """
    if not text:
        return None
    try:
        return _with_sections(_tokens(plain_numeral(text)))
    except _NotANumeral as reason:
        log.debug("not a Chinese numeral: %r: %s", text, reason)
        return None


class _NotANumeral(Exception):
    """Why a run of numeral chars is no number (logged by `chinese_value`, never raised out)."""


Tokens = list[tuple[str, float]]  # ("digit", 3.0) · ("unit", 100.0) · ("section", 1e4)


def _tokens(text: str) -> Tokens:
    table = rules()["numerals"]
    tokens: Tokens = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch.isascii() and ch.isdigit():
            j = i
            while j < len(text) and text[j].isascii() and text[j].isdigit():
                j += 1
            tokens.append(("arabic", float(text[i:j])))
            i = j
            continue
        if ch in table["digits"]:
            tokens.append(("digit", float(table["digits"][ch])))
        elif ch in table["units"]:
            tokens.append(("unit", float(table["units"][ch])))
        elif ch in table["sections"]:
            tokens.append(("section", float(table["sections"][ch])))
        else:
            tokens.append(("bad", 0.0))
        i += 1
    return tokens


def _with_sections(tokens: Tokens) -> float:
    """Split at the highest section word (亿, then 万): high × section + low."""
    sections = [t[1] for t in tokens if t[0] == "section"]
    if not sections:
        return _below_section(tokens, 10000)
    factor = max(sections)
    cut = max(i for i, t in enumerate(tokens) if t == ("section", factor))
    head, tail = tokens[:cut], tokens[cut + 1 :]
    high = _with_sections(head) if head else 1.0
    if len(tail) == 1 and tail[0][0] == "digit" and tail[0][1]:
        low = tail[0][1] * factor / 10  # 三万五 = 35000, 一亿五 = 1.5亿
    else:
        low = _with_sections(tail) if tail else 0.0
    if low >= factor:
        raise _NotANumeral("the part after a section word (万, 亿) is not below it")
    return high * factor + low


def _below_section(tokens: Tokens, limit: int) -> float:
    """A numeral below 万 (`一千二百零五`, `十四`, `一百二` = 120, `1百01` = 101)."""
    total, pending, last_unit = 0.0, None, limit * 10.0
    after_unit = short = False  # 一百二 is 120 (a spoken short form), 一百零二 is 102
    for kind, value in tokens:
        if kind in ("digit", "arabic"):
            if pending is not None and not (pending == 0 or value == 0):
                raise _NotANumeral("two digits in a row (a name or a range: 十四五, 两三)")
            short = kind == "digit" and after_unit and value != 0 and last_unit >= 100
            pending = value if pending is None or value != 0 else pending
            after_unit = False
        elif kind == "unit":
            if value >= last_unit:
                raise _NotANumeral("a unit not below the one before it (十百, 千千)")
            total += (pending or 1) * value  # 十 = 一十; 一万零百一十一: 零百 = 一百
            pending, last_unit, after_unit, short = None, value, True, False
        else:
            raise _NotANumeral("a char that is no numeral")
    total += pending * last_unit / 10 if short and pending else (pending or 0)
    if total >= limit:
        raise _NotANumeral("a value of 万 or more without a section word")
    return total


def digit_string_value(text: str) -> float | None:
    """A numeral read digit by digit (`一二三` → 123, `幺八九` → 189, `一七二零点一` → 1720.1).

    Only for a whole text: in running text such runs are names (十四五, 九五).
    """
    table = rules()["numerals"]
    digits = {**table["digits"], **table["digit_string_digits"]}
    plain = plain_numeral(text)
    whole, _, decimals = plain.partition(table["decimal_point"])
    if not whole or not all(ch in digits for ch in whole + decimals):
        log.debug("not a digit string: %r: a char that is no digit", text)
        return None
    written = "".join(str(digits[ch]) for ch in whole)
    if decimals:
        written += "." + "".join(str(digits[ch]) for ch in decimals)
    return float(written)
