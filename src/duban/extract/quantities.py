"""The quantity parser: every number written in a text, with its value, unit and span.

One master regular expression, built on first use from `rules/quantities.yaml`,
finds every number-like token (numbers with their magnitude words, approximation
words and units; also dates, ordinals and idioms, so that they are consumed and
skipped). Each match is then judged by a few rules (`_judge`), and a last pass
(`_share_units`) gives a bare number the unit of the next one in a range
(`6-9万人`) or a list (`高于全国、全省1.1、1个百分点`).

See `spec/FACTS.md` for what `text`, `value`, `unit` and `approx` mean.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from itertools import pairwise
from typing import Any

from duban.extract.numerals import arabic_value, chinese_value, digit_string_value, plain_numeral, rules
from duban.model import Approx, Quantity, Span

log = logging.getLogger(__name__)

# 1,100 · 6539.21 · １２; a full-width comma groups thousands only before decimals (82，225.00元)
# or between full-width digits (４，５６５): elsewhere it ends a clause.
_ARABIC = (
    r"[0-9０-９]+(?:(?:,[0-9０-９]{3}(?![0-9０-９]))+|(?:，[0-9]{3})+(?=[.．][0-9])"
    r"|(?<=[０-９])(?:，[０-９]{3}(?![0-9０-９]))+)?(?:[.．][0-9０-９]+)?"
)
_ARABIC_FIRST = frozenset("0123456789０１２３４５６７８９")
_SPACE = r"[ \t\u3000]"  # a stray space between number and unit (PDF text: 212 所)
_CJK = "\u3007\u4e00-\u9fff"  # chars that glue to a numeral and make a word of it (二十大)
_DATE = (
    r"(?:19|20)[0-9]{2}[-/.](?:1[0-2]|0?[1-9])(?![0-9万亿%元]{not_unit})(?:[-/.][0-9]{1,2}(?![0-9]))?"
    r"|[0-9]{1,2}:[0-9]{2}"
)


@dataclass(slots=True)
class _Token:
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
    lower: _Token | None = None  # the lower end of 八九亿 (八亿), spun out of this match

    def quantity(self, text: str) -> Quantity:
        return Quantity(
            text=text[self.start : self.end],
            value=self.value,
            unit=self.unit or "",
            approx=self.approx,
            span=Span(self.start, self.end),
        )


def quantities(text: str) -> list[Quantity]:
    """Every quantity written in `text`, in order, with spans into `text`."""
    if not text:
        return []
    grammar = _grammar()
    written = text
    if grammar.traditional.search(text):
        text = text.translate(grammar.simplified)  # 萬 → 万, 點 → 点: one char for one char
    whole = _whole_numeral(text, grammar)
    if whole is not None:
        return [replace(whole, text=written[whole.span.start : whole.span.end])]
    tokens = [_judge(m, text, grammar) for m in grammar.pattern.finditer(text)]
    if any(t.lower is not None or t.minus for t in tokens):
        _ranges_not_signs(tokens)
        tokens = [part for t in tokens for part in ((t.lower, t) if t.lower is not None else (t,))]
    _share_units(tokens, text, grammar)
    return [t.quantity(written) for t in tokens if t.unit is not None]


def _whole_numeral(text: str, g: _Grammar) -> Quantity | None:
    """A text that is one Chinese numeral and nothing else (一, 十, 壹拾壹, 负一, 一二三)."""
    stripped = text.strip()
    m = g.whole_numeral.fullmatch(stripped)
    if m is None:
        return None
    if set(m["num"]) <= g.magnitude_chars:
        return None  # 万, 万万: a magnitude word alone is no number (双过万)
    value = _chinese_decimal(m["num"], g)
    if value is None and "两" not in m["num"]:  # 两两 (in pairs) is no digit string
        value = digit_string_value(m["num"])
    if value is None:
        return None
    start = text.index(stripped)
    sign = -1.0 if m["sign"] else 1.0
    return Quantity(stripped, sign * value + 0.0, "", None, Span(start, start + len(stripped)))


# ---------------------------------------------------------------- the grammar


@dataclass(frozen=True, slots=True)
class _Grammar:
    pattern: re.Pattern[str]
    rules: dict[str, Any]
    units: dict[str, str]  # as written → canonical
    magnitudes: dict[str, float]
    approx: dict[str, Approx]
    range_or_list: frozenset[str]
    cn_digits: frozenset[str]
    magnitude_chars: frozenset[str]
    keep_after_letters: frozenset[str]  # units that stay units after Latin letters
    alone_ok_units: frozenset[str]  # units after which 一 is a count (一倍)
    whole_numeral: re.Pattern[str]  # a text that is one Chinese numeral
    currency_last_chars: frozenset[str]  # quick test before looking for a currency word
    tenths: frozenset[str]  # 成: 九成 = 90 %
    colloquial_money: dict[str, str]  # 块 → 元 where an amount ends
    sections: dict[str, float]  # 万, 亿 and their other forms: the magnitude a numeral ends in
    simplified: dict[int, str]  # str.translate table: traditional forms → simplified
    traditional: re.Pattern[str]  # any of those forms


def _alternation(words: list[str] | set[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _unit_table(r: dict[str, Any]) -> dict[str, str]:
    units_rules = r["units"]
    written = units_rules["measure"] + units_rules["money"] + units_rules["bare_nouns"]
    written += units_rules["decimal_only"]
    table = {w: w for w in written + units_rules["compound"] + units_rules["money_rates"]}
    table.update(units_rules["percent"])
    table.update(units_rules["tenths"])
    table.update({"个" + noun: noun for noun in units_rules["ge_nouns"]})
    table.update(units_rules["money_aliases"])
    table.update(units_rules["temperature"])
    return table


def _magnitude_pattern(magnitudes: list[str], units: list[str]) -> str:
    """Magnitude words that do not eat the start of a unit (千 before 千米, 千瓦)."""
    parts = []
    for mag in sorted(magnitudes, key=lambda w: (-len(w), w)):
        clashes = [u[len(mag) :] for u in units if u.startswith(mag) and len(u) > len(mag)]
        guard = f"(?!{_alternation(clashes)})" if clashes else ""
        parts.append(re.escape(mag) + guard)
    return "|".join(parts)


_AFTER_DECIMALS = "(?:" + "|".join(f"(?<=[.．][0-9]{{{n}}}{{unit}})" for n in range(1, 5)) + ")"


def _unit_pattern(
    units: list[str], not_before: dict[str, list[str]], closing: list[str], decimal_only: list[str]
) -> str:
    """Units, longest first, each guarded against the words it starts (家 in 家庭);
    a closing unit (元整) only where no CJK char follows; a decimal-only unit (32.624分, not
    6点30分) only right after decimals."""
    parts = []
    for unit in sorted(units, key=lambda w: (-len(w), w)):
        guard = f"(?!{_alternation(not_before[unit])})" if unit in not_before else ""
        if unit in closing:
            guard = f"(?![{_CJK}])"
        after_decimals = _AFTER_DECIMALS.replace("{unit}", re.escape(unit)) if unit in decimal_only else ""
        parts.append(re.escape(unit) + after_decimals + guard)  # the char first: most fail there
    return "|".join(parts)


def _approx_before(r: dict[str, Any]) -> str:
    not_after = r["approx"]["not_after"]
    parts = []
    for word in sorted(r["approx"]["before"], key=lambda w: (-len(w), w)):
        guard = f"(?<![{re.escape(not_after[word])}])" if word in not_after else ""
        parts.append(guard + re.escape(word))
    return "|".join(parts)


def _first_chars(r: dict[str, Any], cn_chars: str) -> str:
    """Every char a match can start with: digits, Chinese numerals, 第, and the first char of
    each idiom, rank word and approximation word. Scanning skips any other position at once."""
    words = [*r["idioms"], *r["ranks"]["words"], *r["approx"]["before"], *r["negative"]["signs"]]
    words += r["vague"]["before"]
    first = set("0123456789０１２３４５６７８９第") | set(cn_chars) | {w[0] for w in words}
    return "".join(sorted(first))


def _vague_pattern(r: dict[str, Any]) -> str:
    """A vague count: 数十, 几百, 数十亿; 十几, 二十几, 十几万 (see `vague` in the rules)."""
    numerals = r["numerals"]
    plain_magnitudes = {*numerals["units"], *numerals["sections"]}
    magnitudes = "".join(
        sorted(plain_magnitudes | {a for a, p in numerals["aliases"].items() if p in plain_magnitudes})
    )
    digits = "".join(sorted({*numerals["digits"], *numerals["aliases"]}))
    before, after = _alternation(r["vague"]["before"]), _alternation(r["vague"]["after"])
    return f"(?:{before})[{magnitudes}]+|[{digits}]*[{magnitudes}](?:{after})[{magnitudes}]*"


def _sign_pattern(r: dict[str, Any], cn_chars: str) -> str:
    """A minus sign right before a number: `-` not after a digit (1-6月 is a range)."""
    numeral = f"[0-9０-９{cn_chars}]"
    parts = []
    only_after = r["negative"]["cjk_only_after"]
    for sign in sorted(r["negative"]["signs"], key=lambda w: (-len(w), w)):
        guard = ""
        if sign.isascii() or sign == "－":
            guard = f"(?<![0-9０-９A-Za-z.．\\-－{cn_chars}])"
        elif sign in only_after:  # 税负5700亿元: a 负 after another Chinese character ends a word
            words = sorted(only_after[sign], key=lambda w: (-len(w), w))
            guard = f"(?:(?<![{_CJK}])|" + "|".join(f"(?<={re.escape(w)})" for w in words) + ")"
        parts.append(guard + re.escape(sign) + f"(?={numeral})")
    return "|".join(parts)


@cache
def _grammar() -> _Grammar:
    r = rules()
    units = _unit_table(r)
    numerals = r["numerals"]
    cn_chars = "".join([*numerals["digits"], *numerals["units"], *numerals["sections"], *numerals["aliases"]])
    cn = f"[{cn_chars}]+"
    unit = _unit_pattern(
        list(units), r["units"]["not_before"], r["units"]["money_closing"], r["units"]["decimal_only"]
    )
    mag = _magnitude_pattern(list(r["magnitudes"]), list(units))
    latin = "|".join(f"(?<=[0-9０-９]){re.escape(k)}(?![A-Za-z])" for k in r["latin_magnitudes"])
    ranks = r["ranks"]
    rank_word = (
        f"(?<![{re.escape(ranks['words_not_after'])}])(?:{_alternation(ranks['words'])})"
        f"(?![{re.escape(ranks['words_not_before'])}])"
    )
    fraction_digits = "".join([*numerals["digits"], *numerals["aliases"]]) + "0-9"
    point = f"{numerals['decimal_point']}[{fraction_digits}]+"
    after = _alternation(r["approx"]["after"])
    ranged = f"(?:{_alternation(r['range_separators'])})(?=[0-9０-９{cn_chars}])"
    bare_end = f"(?<=[{cn_chars}0-9点][{cn_chars}0-9])(?:(?![{_CJK}])|{after})"
    # 一千多万, 十多万, 四百多 standing alone: an approximate magnitude closes the numeral
    approx_end = f"[余多](?:{mag})?(?![{_CJK}0-9])"
    ends = f"(?=[余多]?(?:{mag})?(?:{unit})|{approx_end}|{ranged}|{bare_end})"
    date = _DATE.replace("{not_unit}", f"|(?:{unit})")
    ge = re.escape(r["magnitude_ge"])
    pattern = (
        f"(?=[{re.escape(_first_chars(r, cn_chars))}])"  # a quick test before the alternatives
        f"(?:(?P<idiom>{_alternation(r['idioms'])})"
        f"|(?P<date>{date})"
        f"|(?P<rankword>{rank_word})"
        f"|(?P<vague>{_vague_pattern(r)})"
        f"|(?:(?P<pre>{_approx_before(r)}))?"
        "(?P<body>"
        f"(?:(?=[{re.escape(''.join(sorted({s[0] for s in r['negative']['signs']})))}])"
        f"(?P<sign>{_sign_pattern(r, cn_chars)}))?"
        f"(?:(?P<frac>(?P<den>{cn})分之(?P<numr>负?(?:{cn}(?:{r['fractions']['decimal_point']}[{fraction_digits}]+)?"
        f"|{_ARABIC}(?![0-9０-９万亿千百十]))))"
        "|(?P<afrac>(?<![0-9０-９.．/／])(?P<anum>[0-9０-９]+)[/／](?P<aden>[0-9０-９]+)(?![0-9０-９.．/／%]))"
        f"|(?P<di>第)?(?:(?P<ar>(?<![0-9０-９.．]){_ARABIC})"
        f"|(?P<cn>{cn}(?:{point}(?=[万亿]|(?:{mag})?(?:{unit})|{bare_end}))?)"
        f"(?(di)|(?(pre)|{ends})))"
        f"(?P<yu1>[余多](?=(?:{mag}|{unit})|(?![{_CJK}0-9])))?"
        f"(?:{_SPACE}(?=(?:{mag})))?"
        f"(?:(?P<mag>(?:{ge}(?=亿))?(?:{mag})|{latin})"
        f"(?(ar)(?P<tail>(?<=[百千万亿])(?:(?:[0-9]+[十百千万])*[0-9]+[十百千]?|[{cn_chars}]*[十百千拾佰仟零〇][{cn_chars}0-9]*)"
        f"(?=[余多]?(?:{mag})?(?:(?:{unit})|(?![{_CJK}]))))?))?"
        "(?P<yu2>(?<=[万亿千百十])[余多])?"
        "(?P<mag2>(?<=[千百十][余多])(?:万亿|万|亿)|(?<=万[余多])亿|(?<=[0-9][千百十])(?:万亿|万|亿))?"
        f"(?:{_SPACE}?(?P<unit>{unit})"
        f"(?P<minor>(?<=[元圆块])(?:[{fraction_digits}][角毛](?:[{fraction_digits}]分)?|[{fraction_digits}]分)钱?)?"
        f"|(?P<bad>{_alternation(r['not_units'])}))?"
        "))"
        f"(?P<post>{after})?)"
    )
    approx = {w: Approx(a) for w, a in r["approx"]["before"].items()}
    approx.update({w: Approx(a) for w, a in r["approx"]["inside"].items()})
    approx.update({w: Approx(a) for w, a in r["approx"]["after"].items()})
    magnitudes = {k: float(v) for k, v in r["magnitudes"].items()}
    magnitudes.update({k: float(v) for k, v in r["latin_magnitudes"].items()})
    magnitudes[r["magnitude_ge"] + "亿"] = magnitudes["亿"]  # 两个亿
    signs = _alternation([s for s in r["negative"]["signs"] if s != "零下"])
    digits = "".join([*numerals["digits"], *numerals["aliases"], *numerals["digit_string_digits"]])
    whole = f"(?P<sign>{signs})?(?P<num>[{cn_chars}{digits}]+(?:{numerals['decimal_point']}[{digits}0-9]+)?)"
    plain_sections = {ch: float(v) for ch, v in numerals["sections"].items()}
    sections = {
        ch: plain_sections[plain_numeral(ch)] for ch in cn_chars if plain_numeral(ch) in plain_sections
    }
    return _Grammar(
        pattern=re.compile(pattern),
        rules=r,
        units=units,
        magnitudes=magnitudes,
        approx=approx,
        range_or_list=frozenset(r["range_separators"] + r["list_separators"]),
        cn_digits=frozenset([*numerals["digits"], *numerals["aliases"]]) - frozenset("拾佰仟萬億"),
        magnitude_chars=frozenset("百千万亿佰仟萬億"),
        keep_after_letters=frozenset([*r["units"]["money"], *r["units"]["money_aliases"], "%"]),
        alone_ok_units=frozenset(r["numerals"]["alone_counts_before"]),
        whole_numeral=re.compile(whole),
        currency_last_chars=frozenset([*(w[-1] for w in r["units"]["currency_before"]), " ", "\t", "\u3000"]),
        tenths=frozenset(r["units"]["tenths"]),
        colloquial_money=r["units"]["money_colloquial"],
        sections=sections,
        simplified=str.maketrans(r["traditional"]),
        traditional=re.compile(f"[{''.join(r['traditional'])}]"),
    )


# ---------------------------------------------------------------- judging one match


def _skipped(m: re.Match[str], token: _Token, reason: str, *args: object) -> _Token:
    """`token`, left no quantity, with the reason logged at debug level (formatted only then)."""
    if log.isEnabledFor(logging.DEBUG):  # most numbers skipped are skipped in bulk: no call then
        log.debug("not a quantity: %r at %d: " + reason, m.group(), m.start(), *args)
    return token


def _judge(m: re.Match[str], text: str, g: _Grammar) -> _Token:
    """Turn one match into a token: a quantity, or a number that is not one."""
    token = _Token(m.start("body"), m.end("body"), m.start(), m.end())
    if m["idiom"] or m["date"] or m["vague"]:
        token.start, token.end = m.start(), m.end()
        token.number = m["date"] is not None
        if m["vague"]:
            return _skipped(m, token, "a vague count, no exact quantity")
        return token
    if m["rankword"]:
        token.start, token.end, token.number = m.start(), m.end(), False
        token.value, token.unit = float(g.rules["ranks"]["words"][m["rankword"]]), g.rules["ranks"]["unit"]
        return token
    if _names_something(m, text, g):
        return _skipped(m, token, "names something (after an opening mark)")
    if m["frac"]:
        return _fraction(m, token, g)
    if m["afrac"]:
        return _arabic_fraction(m, token, g)
    if m["bad"]:
        return _skipped(m, token, "a date, an ordinal, a code or a name (%s after the number)", m["bad"])
    if m["di"]:
        return _rank(m, text, token, g)
    return _count(m, text, token, g)


def _names_something(m: re.Match[str], text: str, g: _Grammar) -> bool:
    """A number right after an opening mark (“15条”, “两个维护”) names a thing."""
    before = text[m.start() - 1] if m.start() > 0 else ""
    return before != "" and before in g.rules["opening_marks"] and not m["pre"]


def _fraction(m: re.Match[str], token: _Token, g: _Grammar) -> _Token:
    negative = m["numr"].startswith("负")
    written = m["numr"].removeprefix("负")
    # 百分之二十, 百分之22 (Arabic digits after the fraction word)
    numerator = arabic_value(written) if written[:1] in _ARABIC_FIRST else _chinese_decimal(written, g)
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


def _arabic_fraction(m: re.Match[str], token: _Token, g: _Grammar) -> _Token:
    """`1/10` → 10 %, `2/3` → 66.67 %: a proper fraction with a usual denominator (6/30 is a date)."""
    numerator, denominator = int(m["anum"]), int(m["aden"])
    if not (0 < numerator < denominator and denominator in g.rules["fractions"]["arabic_denominators"]):
        return _skipped(m, token, "a ratio, a date or a code, not a proper fraction with a usual denominator")
    token.value, token.unit = numerator / denominator * 100, "%"
    token.approx = _approx(m, g)
    return token


def _chinese_decimal(numeral: str, g: _Grammar) -> float | None:
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


def _rank(m: re.Match[str], text: str, token: _Token, g: _Grammar) -> _Token:
    """第13位, 第一名; 居全国第一. Any other 第N (第二届, 第三批) is an ordinal."""
    ranks = g.rules["ranks"]
    value = arabic_value(m["ar"]) if m["ar"] else chinese_value(m["cn"])
    if value is None or m["mag"] or m["yu1"] or m["yu2"]:
        return _skipped(m, token, "第 before no ordinal number")
    with_unit = m["unit"] in ranks["units"] and not m["minor"]
    cued = not m["unit"] and _ends_clause(text, token.end) and _rank_cue_before(text, token.start, g)
    worded = not m["unit"] and text[token.end : token.end + 1] in ranks["words_after"]
    if worded:
        token.end = token.match_end = token.end + 1  # 第三大加油港 → 第三大
    if not (with_unit or cued or worded):
        return _skipped(m, token, "an ordinal (第N with no rank unit or rank cue), not a rank")
    token.value, token.unit = value, ranks["unit"]
    return token


def _ends_clause(text: str, at: int) -> bool:
    return at >= len(text) or not text[at].isalnum()


def _rank_cue_before(text: str, at: int, g: _Grammar) -> bool:
    clause = re.split(r"[,，。;；:：、!！?？\n]", text[max(0, at - 12) : at])[-1]
    ranks = g.rules["ranks"]
    if any(cue in clause for cue in ranks["cues"]) or clause.endswith(tuple(ranks["groups_before"])):
        return True
    return _listed_rank(text, at, g)


def _listed_rank(text: str, at: int, g: _Grammar) -> bool:
    """`位居…投资潜力第3、新型城镇化质量第4`: an item of a 、-list whose earlier items each end in
    a 第N, the first of them a rank by its cue."""
    start = max(text.rfind(ch, 0, at) for ch in ",，。;；:：!！?？\n") + 1
    items = text[start:at].split("、")
    if len(items) < 2:
        return False
    ends = [_rank_end().search(item) for item in items[:-1]]
    if not all(ends):
        return False
    first = ends[0]
    return first is not None and _rank_cue_before(text, start + first.start() + 1, g)


@cache
def _rank_end() -> re.Pattern[str]:
    """A 第N (or 第N位) at the end of a list item."""
    g = _grammar()
    units = "|".join(map(re.escape, g.rules["ranks"]["units"]))
    numerals = "".join(sorted(g.cn_digits | set(g.rules["numerals"]["units"])))
    return re.compile(f"第[0-9０-９{numerals}]+(?:{units})?$")


def _count(m: re.Match[str], text: str, token: _Token, g: _Grammar) -> _Token:
    """A number with its magnitude and unit, or a bare number."""
    written, cn, ar = m["unit"], m["cn"], m["ar"]
    if m["tail"]:
        value, factor = _mixed_value(m), 1.0
    else:
        factor = g.magnitudes[m["mag"]] if m["mag"] else 1.0
        if m["mag2"]:
            factor *= g.magnitudes[m["mag2"]]  # 3千多万元
        if written in g.tenths:
            factor *= 10
        value = arabic_value(ar) if ar else _number_value(m, g)
    pair = _adjacent_range(m, g) if value is None and cn else None
    if pair is not None:
        value = pair[1]
    if value is None:
        return _skipped(m, token, "no count (a name, an ordinal or no well-formed numeral)")
    if cn and not written and set(cn) <= g.magnitude_chars and _after_pair_mark(m, text, g):
        return _skipped(m, token, "two figures past a mark (双过万), no amount")
    if value and cn and _names_a_programme(m, text, g):
        return _skipped(m, token, "opens the name of a programme")
    unit = g.units[written] if written else ""
    if written and not _unit_fits(m, text, g):
        return _skipped(m, token, "%s is no unit here (a date, a name or a word going on)", written)
    code = _code_or_label(m, text, g, unit) if ar else None
    if code:
        token.value, token.code = value, _big_bare_number(m, text)
        if not (token.code and _currency_before(text, m.start(), g)):
            return _skipped(m, token, code)  # 2021, 9710; but 美金1200 is an amount
        token.code = False
    ends_count = m["yu1"] or m["yu2"] or m["mag"]  # 十多万, 四百多: a numeral that ends a count
    if (
        cn
        and not unit
        and not ends_count
        and not set(cn) <= g.magnitude_chars
        and not _bare_numeral(m, text, g)
    ):
        # 超三, 二十大: a Chinese numeral needs a unit, or must stand alone in the clause
        return _skipped(m, token, "a Chinese numeral with no unit that does not stand alone")
    if unit and _names_a_class(m, text, g):
        return _skipped(m, token, "names a class (级 after it)")  # 30万吨级, like 4F级
    if written in g.rules["ages"]["units"] and _names_a_group(text, m.end("body"), g):
        return _skipped(m, token, "an age that names a group of people")  # 65岁以上老年人
    if written in g.colloquial_money:
        unit = _piece_or_money(m, text, g)
    token.value = scaled(value, factor) + _minor_money(m["minor"], g) if m["minor"] else scaled(value, factor)
    token.unit, token.factor = unit, factor * _section_factor(cn, g) if cn else factor
    token.bare = not unit and not m["mag"] and token.factor == 1.0
    token.approx = _approx(m, g)
    start = m.start()
    if m["sign"] or pair or (start and text[start - 1] in g.currency_last_chars):
        _signs_pairs_currencies(m, text, token, g, pair, factor)
    return token


def _signs_pairs_currencies(
    m: re.Match[str], text: str, token: _Token, g: _Grammar, pair: tuple[float, float] | None, factor: float
) -> None:
    """The rarer marks on a quantity: a minus sign, the lower end of 八九亿, a currency before."""
    if m["sign"]:
        token.value, token.minus = -token.value, m["sign"] in ("-", "－")
    if token.unit in ("", "元") and m.start() and text[m.start() - 1] in g.currency_last_chars:
        token.unit = _currency_before(text, m.start(), g) or token.unit
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


def scaled(value: float, factor: float) -> float:
    """`value` × `factor` in decimal arithmetic: 4.06 × 10¹² is 4060000000000.0, not …9.9995."""
    if factor == 1.0:
        return value
    return float(Decimal(repr(value)) * Decimal(repr(factor)))


def _number_value(m: re.Match[str], g: _Grammar) -> float | None:
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
    if set(numeral) <= g.magnitude_chars and not (m["pre"] or m["yu1"] or m["yu2"] or bare_ok):
        # 百家, 万人 without 近/过/余: a name or a figure of speech; 万名青年 is a count
        log.debug("not a count: %r: a bare magnitude word with no approximation", numeral)
        return None
    return _chinese_decimal(numeral, g)


def _section_factor(numeral: str | None, g: _Grammar) -> float:
    """The magnitude a Chinese numeral ends in (三十万 → 10⁴, 九千亿 → 10⁸), shared in ranges."""
    factor = 1.0
    for ch in reversed(numeral or ""):
        if ch not in g.sections:
            break
        factor *= g.sections[ch]
    return factor


def _adjacent_range(m: re.Match[str], g: _Grammar) -> tuple[float, float] | None:
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


def _lower_end(m: re.Match[str], token: _Token, value: float) -> _Token:
    """八九亿韩元: the token 八 (8亿 韩元) before 九亿韩元."""
    start = m.start("cn")
    lower = _Token(start, start + 1, m.start(), start + 1, value, token.unit, token.approx, token.factor)
    token.start = token.match_start = start + 1
    return lower


def _piece_or_money(m: re.Match[str], text: str, g: _Grammar) -> str:
    """块 is 元 where a Chinese amount ends or money below the 元 follows (十块三毛, 三五百块);
    before a noun it counts pieces (3块试验田)."""
    written = m["unit"]
    if m["minor"] or (m["cn"] and not _glued_after(text, m.end("body"))):
        return g.colloquial_money[written]
    return g.units[written]


def _glued_after(text: str, at: int) -> bool:
    return at < len(text) and ("\u4e00" <= text[at] <= "\u9fff" or text[at] == "\u3007")


def _bare_numeral(m: re.Match[str], text: str, g: _Grammar) -> bool:
    """A Chinese numeral with no unit is a number when it opens a range (两到三万) or stands
    alone in its clause with two chars or more (达到一百二十，); not 第一百, 初十, 十一、, (十一)."""
    start, end = m.start("cn"), m.end("cn")
    if any(text.startswith(sep, end) for sep in g.rules["range_separators"]):
        return True
    if end - start < 2 or any(text.endswith(w, 0, m.start()) for w in g.rules["numerals"]["bare_not_after"]):
        return False
    numbering = g.rules["numbering"]
    before = text[m.start() - 1] if m.start() > 0 else ""
    after = text[end : end + 1]
    if (before == "" or before in numbering["clause_starts"]) and after and after in numbering["after"]:
        return False  # 十一、
    return not (before and before in numbering["open"])  # (十一)


def _big_bare_number(m: re.Match[str], text: str) -> bool:
    """A bare integer of four digits or more (2021, 8500): a year or code alone, a number in a
    range with a unit (8500-9000元)."""
    number = m["ar"]
    after = text[m.end("ar") : m.end("ar") + 1]
    digits = number.replace(",", "")
    return "." not in digits and len(digits) >= 4 and not (after.isascii() and after.isalpha())


def _names_a_programme(m: re.Match[str], text: str, g: _Grammar) -> bool:
    """A bare magnitude count that opens a programme's name (实施万名海归精英聚青行动)."""
    if not (m["cn"] and set(m["cn"]) <= g.magnitude_chars) or m["pre"] or m["yu1"] or m["yu2"]:
        return False
    clause = re.split(r"[,，。;；:：、!！?？]", text[m.end() : m.end() + 16])[0]
    return any(head in clause for head in g.rules["bare_magnitude_name_heads"])


def _after_pair_mark(m: re.Match[str], text: str, g: _Grammar) -> bool:
    """A bare magnitude after 双 (+ 过, 破…): 双过万 says two figures passed 10⁴."""
    return any(text.endswith(w, 0, m.start()) for w in g.rules["bare_magnitude_not_after"])


def _names_a_class(m: re.Match[str], text: str, g: _Grammar) -> bool:
    """A quantity right before a class mark (30万吨级航道) names a class of things."""
    return text[m.end("body") : m.end("body") + 1] in g.rules["class_marks"]


def _names_a_group(text: str, end: int, g: _Grammar) -> bool:
    """An age that bounds a group: a bound word and more words after it (65岁以上老年人), or a
    group noun right after (0—6岁儿童)."""
    ages = g.rules["ages"]
    after = text[end : end + 8]
    bound = next((b for b in sorted(ages["bounds"], key=len, reverse=True) if after.startswith(b)), "")
    rest = after[len(bound) :]
    if bound and _glued_after(rest, 0):
        return True
    return any(rest.startswith(noun) for noun in ages["group_nouns"])


def _unit_fits(m: re.Match[str], text: str, g: _Grammar) -> bool:
    """Whether the unit really is one here (a year is not a duration, 三位一体 is no count)."""
    after = text[m.end("body") : m.end("body") + 1]
    units_rules = g.rules["units"]
    if m["cn"] and (m["unit"] in units_rules["arabic_only"] or (after and after in g.cn_digits)):
        return False
    if m["unit"] == "年":
        digits = len(m["ar"].split(".")[0]) if m["ar"] else 0
        a_year = digits == g.rules["year_digits"] and not m["mag"]
        if a_year or (after and after in g.rules["year_not_before"]):
            return False
    return not (m["unit"].isascii() and after.isascii() and after.isalpha())


def _code_or_label(m: re.Match[str], text: str, g: _Grammar, unit: str) -> str | None:
    """Why an Arabic number is part of a code (PM2.5, P3, GDP is fine: GDP6539亿元) or no
    count, or None."""
    start = m.start("ar")
    before = text[max(0, start - 2) : start].rstrip(" -")[-1:]  # PM 2.5, COVID-19
    if before.isascii() and before.isalpha() and unit not in g.keep_after_letters:
        return "part of a code (a Latin letter before it)"
    return None if unit or m["mag"] else _not_a_count(m, text, g)


def _not_a_count(m: re.Match[str], text: str, g: _Grammar) -> str | None:
    """Why a bare Arabic number is a year, a code, a version, a label or list numbering, or None."""
    number = m["ar"]
    start, end = m.start("ar"), m.end("ar")
    before = text[start - 1] if start > 0 else ""
    after = text[end] if end < len(text) else ""
    grouped = "," in number or "，" in number  # 1,050,000,000 is a number, not a code
    if "." not in number and "．" not in number and len(number) >= 4 and not (grouped or m["sign"]):
        return "a year or a code (four digits or more, no unit)"  # 2021, 9710, 12345; not -10000
    if number.endswith((".0", "．0")):
        return "a version (N.0)"  # 3.0, 4.0
    if after.isascii() and after.isalpha():
        return "part of a code (a Latin letter after it)"  # 5G, 4F级
    if (before and before in g.rules["ratio_marks"]) or (after and after in g.rules["ratio_marks"]):
        return "part of a ratio, a formula or a code"  # 1+N, 2.50:1, 1/10
    if any(text.endswith(word, 0, start) for word in g.rules["label_words"]):
        return "a label"  # 附件1
    opener = g.rules["title_marks"].get(after)
    if opener and text.rfind(opener, 0, start) > text.rfind(after, 0, start):
        return "part of a title (《哪吒2》)"
    if _glued_after(text, end) and _names_a_route(text, end, g):
        return "names a road (318川藏线)"
    if before.isspace() and after in ("", "\n", "\r"):
        return "a page number closing a line of a table of contents"
    numbering = g.rules["numbering"]
    at_clause_start = before == "" or before in numbering["clause_starts"]
    if at_clause_start and after in numbering["after"] and number.isdigit():
        return "list numbering"  # 1. 1、
    opened = before and before in numbering["open"]
    return "list numbering" if opened and number.isdigit() else None  # (1) (1即…; not 衡东县(41.033)


def _names_a_route(text: str, end: int, g: _Grammar) -> bool:
    """A route word within the CJK word right after a bare number: 318川藏线, 318国道."""
    word = re.match(f"[{_CJK}]{{1,5}}", text[end:])
    if word is None:
        return False
    run = word.group()
    # the route word names the road, not a longer word (线下, 线上 are offline, online)
    words = g.rules["route_words"]
    return any(w in run and (run[run.index(w) + len(w) :][:1] or " ") not in "下上索性" for w in words)


def _minor_money(minor: str | None, g: _Grammar) -> float:
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


def _approx(m: re.Match[str], g: _Grammar) -> Approx | None:
    pre = m["pre"]
    if pre and pre in g.rules["approx"]["before_magnitude_only"]:
        pre = pre if m["cn"] and _round_magnitude(m["cn"], g) else None
    for word in (pre, m["yu1"], m["yu2"], m["post"]):
        if word:
            return g.approx[word]
    return None


def _round_magnitude(numeral: str, g: _Grammar) -> bool:
    """A numeral that is only magnitude words (万, 千万, 十万): 上万人, 上十万吨."""
    return set(numeral) <= g.magnitude_chars | {"十"} and bool(set(numeral) & g.magnitude_chars)


# ---------------------------------------------------------------- ranges and lists


def _ranges_not_signs(tokens: list[_Token]) -> None:
    """A minus right after a quantity is a range mark: 5%-6%, 5万元-6万元."""
    for before, token in pairwise(tokens):
        if token.minus and token.unit is not None and before.match_end == token.match_start == token.start:
            token.value, token.minus = -token.value, False
            token.start = token.match_start = token.start + 1
            if token.lower is not None:
                token.lower.value = -token.lower.value


def _share_units(tokens: list[_Token], text: str, g: _Grammar) -> None:
    """A bare number joined by a range or list mark to the next number shares its unit.

    `6-9万人` → 6万人 and 9万人; `1.1、1个百分点` → 1.1 百分点; `1-6月` → both dates;
    `两到三万港元` → 2万, 3万 港元; `从8500到3万港元` → 8500 港元 (a range goes up).
    Walks right to left so that a chain (`1.4、0.6、0.5个百分点`) passes the unit along.
    """
    ranges = g.rules["range_separators"]
    for i in range(len(tokens) - 2, -1, -1):
        first, second = tokens[i], tokens[i + 1]
        between = text[first.match_end : second.match_start]
        if between not in g.range_or_list:
            continue
        if first.code and first.unit is None and second.unit and between in ranges:
            first.unit, first.bare = "", True  # 8500-9000元: a number, not a code
        if not (first.unit == "" and second.number):
            continue
        if second.unit is None and first.bare:
            first.unit = None  # 1-6月, 7、8月份
        elif second.unit:
            first.unit = second.unit
            if first.bare:
                value = scaled(first.value, second.factor)
                if between not in ranges or abs(value) <= abs(second.value):
                    first.value, first.bare = value, False


def _currency_before(text: str, at: int, g: _Grammar) -> str | None:
    """The currency written right before an amount (港币两千九百六十元 → 港元), if any."""
    words = g.rules["units"]["currency_before"]
    head = text[max(0, at - 6) : at].rstrip(" \t\u3000")
    for word in sorted(words, key=len, reverse=True):
        if head.endswith(word):
            return words[word]
    return None
