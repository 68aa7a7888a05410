"""Judging one match of the grammar: a quantity (value, unit, approximation) or a number that
is not one, with the reason logged at debug level. Ranges and lists are settled after all
matches are judged (`duban.extract.quantities`).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from duban.extract.numerals import arabic_value, chinese_value, plain_numeral
from duban.extract.quantities.context import (
    after_pair_mark,
    bare_numeral,
    big_bare_number,
    code_or_label,
    currency_before,
    ends_clause,
    glued_after,
    names_a_class,
    names_a_group,
    names_a_programme,
    names_something,
    numbers_a_session,
    rank_cue_before,
    unit_fits,
)
from duban.extract.quantities.grammar import ARABIC_FIRST, Grammar
from duban.model import Approx, Quantity, Span

log: Final = logging.getLogger(__name__)


@dataclass(slots=True)
class Token:
    """One match, judged: a quantity (`unit` is not None) or a skipped number."""

    start: int  # of the quantity text
    end: int
    match_start: int  # of the whole match, approximation words included
    match_end: int
    value: float = 0.0
    unit: str | None = None  # None: not a quantity
    approx: Approx | None = None
    factor: float = 1.0  # the magnitude word's value
    bare: bool = False  # a number with neither unit nor magnitude
    number: bool = True  # False for idioms and rank words
    code: bool = False  # a bare 4-digit number taken for a year or a code (8500-9000元 revives it)
    minus: bool = False  # written with a minus sign (-10.1万): 5%-6% makes it a range mark
    lower: Token | None = None  # the lower end of 八九亿 (八亿), spun out of this match

    def __init__(  # written out, as the model's classes are: a native __init__ when compiled
        self,
        start: int,
        end: int,
        match_start: int,
        match_end: int,
        value: float = 0.0,
        unit: str | None = None,
        approx: Approx | None = None,
        factor: float = 1.0,
    ) -> None:
        self.start, self.end, self.match_start, self.match_end = start, end, match_start, match_end
        self.value, self.unit, self.approx, self.factor = value, unit, approx, factor
        self.bare, self.number, self.code, self.minus, self.lower = False, True, False, False, None

    def quantity(self, text: str) -> Quantity:
        return Quantity(
            text=text[self.start : self.end],
            value=self.value,
            unit=self.unit or "",
            approx=self.approx,
            span=Span(self.start, self.end),
        )


def _skipped(m: re.Match[str], token: Token, reason: str, *args: object) -> Token:
    """`token`, left no quantity, with the reason logged at debug level (formatted only then)."""
    if log.isEnabledFor(logging.DEBUG):  # most numbers skipped are skipped in bulk: no call then
        log.debug("not a quantity: %r at %d: " + reason, m.group(), m.start(), *args)
    return token


def judge(m: re.Match[str], text: str, g: Grammar) -> Token:
    """Turn one match into a token: a quantity, or a number that is not one."""
    token = Token(m.start("body"), m.end("body"), m.start(), m.end())
    # the groups that say which kind of match this is, taken in one call
    idiom, date, vague, rankword, frac, afrac, bad, di = m.group(*g.kind_groups)  # KINDS
    if idiom or date or vague:
        token.start, token.end = m.start(), m.end()
        token.number = date is not None
        if vague:
            return _skipped(m, token, "a vague count, no exact quantity")
        return token
    if rankword:
        token.start, token.end, token.number = m.start(), m.end(), False
        token.value, token.unit = float(g.rules["ranks"]["words"][rankword]), g.rules["ranks"]["unit"]
        return token
    if names_something(m, text, g):
        return _skipped(m, token, "names something (after an opening mark)")
    if frac:
        return _fraction(m, token, g)
    if afrac:
        return _arabic_fraction(m, token, g)
    if bad:
        return _skipped(m, token, "a date, an ordinal, a code or a name (%s after the number)", bad)
    if di:
        return _rank(m, text, token, g)
    return _count(m, text, token, g)


def _fraction(m: re.Match[str], token: Token, g: Grammar) -> Token:
    negative = m["numr"].startswith("负")
    written = m["numr"].removeprefix("负")
    # 百分之二十, 百分之22 (Arabic digits after the fraction word)
    numerator = arabic_value(written) if written[:1] in ARABIC_FIRST else chinese_decimal(written, g)
    denominator = chinese_value(m["den"])
    if numerator is None or not denominator:
        return _skipped(m, token, "a fraction that is no number")
    numerator = -numerator if negative else numerator  # 百分之负三点八
    percent_of = g.rules["fractions"]["percent_of"]
    if plain_numeral(m["den"]) in percent_of:
        token.value, token.unit = numerator, percent_of[plain_numeral(m["den"])]
    else:
        token.value, token.unit = numerator / denominator * 100, "%"
    token.approx = _approx(m, g)
    return token


def _arabic_fraction(m: re.Match[str], token: Token, g: Grammar) -> Token:
    """`1/10` → 10 %, `2/3` → 66.67 %: a proper fraction with a usual denominator (6/30 is a date)."""
    numerator, denominator = int(m["anum"]), int(m["aden"])
    if not (0 < numerator < denominator and denominator in g.rules["fractions"]["arabic_denominators"]):
        return _skipped(m, token, "a ratio, a date or a code, not a proper fraction with a usual denominator")
    token.value, token.unit = numerator / denominator * 100, "%"
    token.approx = _approx(m, g)
    return token


def chinese_decimal(numeral: str, g: Grammar) -> float | None:
    """`三点五` → 3.5; `十五` → 15; `一百点123` → 100.123."""
    whole, _, decimals = numeral.partition(g.rules["fractions"]["decimal_point"])
    value = chinese_value(whole)
    if value is None:
        return None
    digits = g.rules["numerals"]["digits"]
    if decimals:
        plain = plain_numeral(decimals)
        if not all(ch in digits or (ch.isascii() and ch.isdigit()) for ch in plain):
            log.debug("not a number: %r: decimals that are not digits one by one", numeral)  # 〇点廿
            return None
        written = "".join(ch if ch.isascii() else str(digits[ch]) for ch in plain)
        value = float(f"{int(value)}.{written}")
    return value


def _rank(m: re.Match[str], text: str, token: Token, g: Grammar) -> Token:
    """第13位, 第一名; 居全国第一. Any other 第N (第二届, 第三批) is an ordinal."""
    ranks = g.rules["ranks"]
    value = arabic_value(m["ar"]) if m["ar"] else chinese_value(m["cn"])
    if value is None or m["mag"] or m["yu1"] or m["yu2"]:
        return _skipped(m, token, "第 before no ordinal number")
    with_unit = m["unit"] in ranks["units"] and not m["minor"]
    cued = not m["unit"] and ends_clause(text, token.end) and rank_cue_before(text, token.start, g)
    worded = not m["unit"] and text[token.end : token.end + 1] in ranks["words_after"]
    if worded:
        token.end = token.match_end = token.end + 1  # 第三大加油港 → 第三大
    if not (with_unit or cued or worded):
        return _skipped(m, token, "an ordinal (第N with no rank unit or rank cue), not a rank")
    token.value, token.unit = value, ranks["unit"]
    return token


def _count(m: re.Match[str], text: str, token: Token, g: Grammar) -> Token:
    """A number with its magnitude and unit, or a bare number."""
    written, cn, ar, tail, mag, mag2, yu1, yu2, minor, sign = m.group(*g.count_groups)  # in one call
    if tail:
        value, factor = _mixed_value(m), 1.0
    else:
        factor = g.magnitudes[mag] if mag else 1.0
        if mag2:
            factor *= g.magnitudes[mag2]  # 3千多万元
        if written in g.tenths:
            factor *= 10
        value = arabic_value(ar) if ar else _number_value(m, g)
    pair = _adjacent_range(m, g) if value is None and cn else None
    if pair is not None:
        value = pair[1]
    if value is None:
        return _skipped(m, token, "no count (a name, an ordinal or no well-formed numeral)")
    if cn and not written and set(cn) <= g.magnitude_chars and after_pair_mark(m, text, g):
        return _skipped(m, token, "two figures past a mark (双过万), no amount")
    if value and cn and names_a_programme(m, text, g):
        return _skipped(m, token, "opens the name of a programme")
    unit = g.units[written] if written else ""
    if not written and m.start() > 0 and text[m.start() - 1] == "每":
        return _skipped(m, token, "the base of a rate per so many (每10万人口)")
    if written and not unit_fits(m, text, g):
        return _skipped(m, token, "%s is no unit here (a date, a name or a word going on)", written)
    code = code_or_label(m, text, g, unit) if ar else None
    if code:
        token.value, token.code = value, big_bare_number(m, text)
        if not (token.code and currency_before(text, m.start(), g)):
            return _skipped(m, token, code)  # 2021, 9710; but 美金1200 is an amount
        token.code = False
    ends_count = yu1 or yu2 or mag  # 十多万, 四百多: a numeral that ends a count
    if (
        cn
        and not unit
        and not ends_count
        and not set(cn) <= g.magnitude_chars
        and not bare_numeral(m, text, g)
    ):
        # 超三, 二十大: a Chinese numeral needs a unit, or must stand alone in the clause
        return _skipped(m, token, "a Chinese numeral with no unit that does not stand alone")
    if unit and names_a_class(m, text, g):
        return _skipped(m, token, "names a class (级 after it)")  # 30万吨级, like 4F级
    if written and numbers_a_session(m, text, g):
        return _skipped(m, token, "numbers a session (届…次会议), an ordinal")  # 十六届人大五次会议
    if written in g.rules["ages"]["units"] and names_a_group(text, m.end("body"), g):
        return _skipped(m, token, "an age that names a group of people")  # 65岁以上老年人
    if written in g.colloquial_money:
        unit = _piece_or_money(m, text, g)
    token.value = scaled(value, factor) + _minor_money(minor, g) if minor else scaled(value, factor)
    token.unit, token.factor = unit, factor * _section_factor(cn, g) if cn else factor
    token.bare = not unit and not mag and token.factor == 1.0
    token.approx = _approx(m, g)
    start = m.start()
    if sign or pair or (start and text[start - 1] in g.currency_last_chars):
        _signs_pairs_currencies(m, text, token, g, pair, factor)
    return token


def _signs_pairs_currencies(
    m: re.Match[str], text: str, token: Token, g: Grammar, pair: tuple[float, float] | None, factor: float
) -> None:
    """The rarer marks on a quantity: a minus sign, the lower end of 八九亿, a currency before."""
    if m["sign"]:
        token.value, token.minus = -token.value, m["sign"] in g.dashes
    if token.unit in ("", "元") and m.start() and text[m.start() - 1] in g.currency_last_chars:
        token.unit = currency_before(text, m.start(), g) or token.unit
    if pair is not None:
        sign = -1.0 if m["sign"] else 1.0
        token.lower = _lower_end(m, token, sign * scaled(pair[0], factor))


def _mixed_value(m: re.Match[str]) -> float | None:
    """Arabic and Chinese numerals in one number: 1万600 → 10600, 100万三千, 200亿零四千230,
    2万5千 → 25000, 1亿3千多万 → 130000000 (the 多 says over, the value is 1亿3千万)."""
    if "." in m["ar"] or "．" in m["ar"]:
        log.debug("not a number: %r: a decimal before a Chinese tail", m.group())  # 10.1万零100
        return None
    return chinese_value(m["ar"].replace(",", "") + m["mag"] + m["tail"] + (m["mag2"] or ""))


_EXACT_INTEGERS: Final = 2.0**53  # every whole number below this is a float exactly


def scaled(value: float, factor: float) -> float:
    """`value` × `factor` in decimal arithmetic: 4.06 × 10¹² is 4060000000000.0, not …9.9995."""
    if factor == 1.0:
        return value
    if value.is_integer() and factor.is_integer() and abs(value * factor) < _EXACT_INTEGERS:
        return value * factor  # whole numbers whose product a float holds exactly: the same value
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


def _number_value(m: re.Match[str], g: Grammar) -> float | None:
    if m["ar"]:
        return arabic_value(m["ar"])
    numeral = m["cn"]
    if numeral in g.rules["numerals"]["alone_not_counts"] and m["unit"] not in g.alone_ok_units:
        log.debug("not a count: %r: an ordinal or an article before %r", numeral, m["unit"])  # 一批, 二期
        return None  # but 一倍, 一个百分点
    if numeral in g.rules["numerals"]["financial_digits"]:
        log.debug("not a count: %r: a lone financial digit is a word", numeral)  # 陆家嘴, 大陆架
        return None
    bare_ok = m["unit"] in g.rules["bare_magnitude_units"] and len(numeral) == 1 and not m["mag"]
    # 稳定在百万吨以上: a bound after a level held is an approximation too
    held = bool(m["post"]) and m.start() > 0 and m.string[m.start() - 1] == "在"
    if set(numeral) <= g.magnitude_chars and not (m["pre"] or m["yu1"] or m["yu2"] or held or bare_ok):
        # 百家, 万人 without 近/过/余: a name or a figure of speech; 万名青年 is a count
        log.debug("not a count: %r: a bare magnitude word with no approximation", numeral)
        return None
    return chinese_decimal(numeral, g)


def _section_factor(numeral: str | None, g: Grammar) -> float:
    """The magnitude a Chinese numeral ends in (三十万 → 10⁴, 九千亿 → 10⁸), shared in ranges."""
    factor = 1.0
    for ch in reversed(numeral or ""):
        if ch not in g.sections:
            break
        factor *= g.sections[ch]
    return factor


def _adjacent_range(m: re.Match[str], g: Grammar) -> tuple[float, float] | None:
    """Two neighbouring digits before a unit are a range: 八九亿韩元 (8亿, 9亿), 三五百块, 两三个."""
    numeral = plain_numeral(m["cn"] or "")
    digits = g.rules["numerals"]["digits"]
    if not m["unit"] or len(numeral) < 2 or (len(numeral) > 2 and numeral[2] in digits):
        return None
    low, high = numeral[0], numeral[1]
    if not (low in digits and high in digits and 0 < digits[low] < digits[high]):
        return None
    low_value, high_value = chinese_value(low + numeral[2:]), chinese_value(high + numeral[2:])
    if low_value is None or high_value is None:
        return None
    return low_value, high_value


def _lower_end(m: re.Match[str], token: Token, value: float) -> Token:
    """八九亿韩元: the token 八 (8亿 韩元) before 九亿韩元."""
    start = m.start("cn")
    lower = Token(start, start + 1, m.start(), start + 1, value, token.unit, token.approx, token.factor)
    token.start = token.match_start = start + 1
    return lower


def _piece_or_money(m: re.Match[str], text: str, g: Grammar) -> str:
    """块 is 元 where a Chinese amount ends or money below the 元 follows (十块三毛, 三五百块);
    before a noun it counts pieces (3块试验田)."""
    written = m["unit"]
    if m["minor"] or (m["cn"] and not glued_after(text, m.end("body"))):
        return g.colloquial_money[written]
    return g.units[written]


def _minor_money(minor: str | None, g: Grammar) -> float:
    """`三毛` → 0.3, `3角5分` → 0.35."""
    if not minor:
        return 0.0
    weights = g.rules["units"]["money_minor"]
    total, digit = 0.0, 0.0
    for ch in plain_numeral(minor):
        if ch in weights:
            total += digit * weights[ch]
        else:
            digit = arabic_value(ch) if ch.isascii() else float(g.rules["numerals"]["digits"].get(ch, 0))
    return round(total, 2)


def _approx(m: re.Match[str], g: Grammar) -> Approx | None:
    pre = m["pre"]
    if pre and pre in g.rules["approx"]["before_magnitude_only"]:
        pre = pre if m["cn"] and _round_magnitude(m["cn"], g) else None
    for word in (pre, m["yu1"], m["yu2"], m["post"]):
        if word:
            return g.approx[word]
    return None


def _round_magnitude(numeral: str, g: Grammar) -> bool:
    """A numeral that is only magnitude words (万, 千万, 十万): 上万人, 上十万吨."""
    return set(numeral) <= g.round_chars and bool(set(numeral) & g.magnitude_chars)
