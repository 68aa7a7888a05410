"""The quantity parser's grammar: one master regular expression, built on first use from
`rules/quantities.yaml` (longest words first, each guarded against the words it starts), and
the tables the judging reads beside it (`Grammar`).

The expression finds every number-like token: numbers with their magnitude words,
approximation words and units; also dates, ordinals and idioms, so that they are consumed
and skipped. `duban.extract.quantities.judge` decides what each match is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from duban.extract.numerals import plain_numeral, rules
from duban.model import Approx
from duban.rules import char_class, lexicon, with_placeholders
from duban.rules.compiled import compiled
from duban.rules.once import Once

TEN, HUNDRED = 10, 100
# 1,100 · 6539.21 · １２; a full-width comma groups thousands only before decimals (82，225.00元)
# or between full-width digits (４，５６５): elsewhere it ends a clause.
ARABIC = (
    r"[0-9０-９]+(?:(?:,[0-9０-９]{3}(?![0-9０-９]))+|(?:，[0-9]{3})+(?=[.．][0-9])"
    r"|(?<=[０-９])(?:，[０-９]{3}(?![0-9０-９]))+)?(?:[.．][0-9０-９]+)?"
)
ARABIC_FIRST = frozenset("0123456789０１２３４５６７８９")
SPACE = r"[ \t\u3000]"  # a stray space between number and unit (PDF text: 212 所)
CJK = "\u3007\u4e00-\u9fff"  # chars that glue to a numeral and make a word of it (二十大)
DATE = (
    r"(?:19|20)[0-9]{2}[-/.](?:1[0-2]|0?[1-9])(?![0-9万亿%元]{not_unit})(?:[-/.][0-9]{1,2}(?![0-9]))?"
    r"|[0-9]{1,2}:[0-9]{2}"
)


# The groups that say which kind of match it is, and the parts of a count: `judge` reads each
# set in one call, by the groups' numbers (a name is looked up in the pattern's dict each time).
KINDS: Final = ("idiom", "date", "vague", "rankword", "frac", "afrac", "bad", "di")
COUNT_PARTS: Final = ("unit", "cn", "ar", "tail", "mag", "mag2", "yu1", "yu2", "minor", "sign")


@dataclass(frozen=True, slots=True, eq=False, repr=False)  # one a process: the same by identity
class Grammar:
    pattern: re.Pattern[str]
    kind_groups: tuple[int, ...]  # the numbers of the KINDS groups
    count_groups: tuple[int, ...]  # … and of the COUNT_PARTS groups
    rules: dict[str, Any]
    units: dict[str, str]  # as written → canonical
    magnitudes: dict[str, float]
    approx: dict[str, Approx]
    range_or_list: frozenset[str]
    cn_digits: frozenset[str]
    magnitude_chars: frozenset[str]  # 百千万亿 and their other forms (佰仟萬億)
    round_chars: frozenset[str]  # those and 十: a numeral of them only is a round magnitude (上十万)
    dashes: frozenset[str]  # minus signs that are range marks right after a quantity (5%-6%)
    route_word_ends: str  # a route word going on into one of these is another word (线下)
    item_end: re.Pattern[str]  # a clause break or a list mark: where the words of one item end
    item_or_line_end: re.Pattern[str]  # … or a line end
    keep_after_letters: frozenset[str]  # units that stay units after Latin letters
    alone_ok_units: frozenset[str]  # units after which 一 is a count (一倍)
    whole_numeral: re.Pattern[str]  # a text that is one Chinese numeral
    whole_numeral_first: frozenset[str]  # what such a text can start with: a sign's first char, a numeral
    currency_last_chars: frozenset[str]  # quick test before looking for a currency word
    tenths: frozenset[str]  # 成: 九成 = 90 %
    colloquial_money: dict[str, str]  # 块 → 元 where an amount ends
    sections: dict[str, float]  # 万, 亿 and their other forms: the magnitude a numeral ends in
    simplified: dict[int, str]  # str.translate table: traditional forms → simplified
    traditional: re.Pattern[str]  # any of those forms
    listed_session: re.Pattern[str]  # another session of a list after one (、十一次 of 十次、十一次全会)


def _alternation(words: Iterable[str]) -> str:
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
        words = sorted(not_before.get(unit, ()), key=lambda w: (-len(w), w))  # regexes
        guard = f"(?!{'|'.join(words)})" if words else ""
        if unit in closing:
            guard = f"(?![{CJK}])"
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
    first = (
        set("0123456789０１２３４５６７８９")
        | {r["ranks"]["ordinal"]}
        | set(cn_chars)
        | {w[0] for w in words}
    )
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
        if sign in r["negative"]["dashes"]:
            guard = f"(?<![0-9０-９A-Za-z.．\\-－{cn_chars}])"
        elif sign in only_after:  # 税负5700亿元: a 负 after another Chinese character ends a word
            words = sorted(only_after[sign], key=lambda w: (-len(w), w))
            guard = f"(?:(?<![{CJK}])|" + "|".join(f"(?<={re.escape(w)})" for w in words) + ")"
        parts.append(guard + re.escape(sign) + f"(?={numeral})")
    return "|".join(parts)


def grammar() -> Grammar:
    return _GRAMMAR.get()


def _build_grammar() -> Grammar:
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
    bare_end = f"(?<=[{cn_chars}0-9点][{cn_chars}0-9])(?:(?![{CJK}])|{after})"
    # 一千多万, 十多万, 四百多 standing alone: an approximate magnitude closes the numeral
    inside = "".join(r["approx"]["inside"])  # 余, 多: 3430余家, 3000多场
    approx_end = f"[{inside}](?:{mag})?(?![{CJK}0-9])"
    ends = f"(?=[{inside}]?(?:{mag})?(?:{unit})|{approx_end}|{ranged}|{bare_end})"
    date = DATE.replace("{not_unit}", f"|(?:{unit})")
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
        f"(?:(?P<frac>(?P<den>{cn}){r['fractions']['word']}(?P<numr>负?(?:{cn}(?:{r['fractions']['decimal_point']}[{fraction_digits}]+)?"
        f"|{ARABIC}(?![0-9０-９万亿千百十]))))"
        "|(?P<afrac>(?<![0-9０-９.．/／])(?P<anum>[0-9０-９]+)[/／](?P<aden>[0-9０-９]+)(?![0-9０-９.．/／%]))"
        f"|(?P<di>{r['ranks']['ordinal']})?(?:(?P<ar>(?<![0-9０-９.．]){ARABIC})"
        f"|(?P<cn>{cn}(?:{point}(?=[万亿]|(?:{mag})?(?:{unit})|{bare_end}))?)"
        f"(?(di)|(?(pre)|{ends})))"
        f"(?P<yu1>[{inside}](?=(?:{mag}|{unit})|(?![{CJK}0-9])))?"
        f"(?:{SPACE}(?=(?:{mag})))?"
        f"(?:(?P<mag>(?:{ge}(?=亿))?(?:{mag})|{latin})"
        f"(?(ar)(?P<tail>(?<=[百千万亿])(?:(?:[0-9]+[十百千万])*[0-9]+[十百千]?|[{cn_chars}]*[十百千拾佰仟零〇][{cn_chars}0-9]*)"
        # no tail before an age (390万65岁以上老年人: a count, then the age its noun starts with)
        f"(?=[{inside}]?(?:{mag})?(?:(?:{unit})|(?![{CJK}])))(?![0-9]|岁|周岁))?))?"
        f"(?P<yu2>(?<=[万亿千百十])[{inside}])?"
        f"(?P<mag2>(?<=[千百十][{inside}])(?:万亿|万|亿)|(?<=万[{inside}])亿|(?<=[0-9][千百十])(?:万亿|万|亿))?"
        f"(?:{SPACE}?(?P<unit>{unit})"
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
    signs = _alternation([s for s in r["negative"]["signs"] if s not in r["negative"]["temperature_signs"]])
    digits = "".join([*numerals["digits"], *numerals["aliases"], *numerals["digit_string_digits"]])
    whole = f"(?P<sign>{signs})?(?P<num>[{cn_chars}{digits}]+(?:{numerals['decimal_point']}[{digits}0-9]+)?)"
    lex = lexicon()
    item_ends = {*lex.clause_breaks, lex.list_mark}
    positional = {**numerals["units"], **numerals["sections"]}  # 十百千, 万亿
    big = [ch for ch, v in positional.items() if v >= HUNDRED]  # 百千万亿: magnitude words
    plain_sections = {ch: float(v) for ch, v in numerals["sections"].items()}
    sections = {
        ch: plain_sections[plain_numeral(ch)] for ch in cn_chars if plain_numeral(ch) in plain_sections
    }
    master = compiled(pattern)
    return Grammar(
        pattern=master,
        kind_groups=tuple(master.groupindex[name] for name in KINDS),
        count_groups=tuple(master.groupindex[name] for name in COUNT_PARTS),
        rules=r,
        units=units,
        magnitudes=magnitudes,
        approx=approx,
        range_or_list=frozenset(r["range_separators"] + r["list_separators"]),
        cn_digits=frozenset(
            [*numerals["digits"], *[a for a, p in numerals["aliases"].items() if p not in positional]]
        ),
        magnitude_chars=frozenset([*big, *[a for a, p in numerals["aliases"].items() if p in big]]),
        round_chars=frozenset([*big, *[ch for ch, v in numerals["units"].items() if v == TEN]]),
        dashes=frozenset(r["negative"]["dashes"]),
        route_word_ends=r["route_word_ends"],
        item_end=compiled(char_class(item_ends)),
        item_or_line_end=compiled(char_class({*item_ends, "\n"})),
        keep_after_letters=frozenset([*r["units"]["money"], *r["units"]["money_aliases"], "%"]),
        alone_ok_units=frozenset(r["numerals"]["alone_counts_before"]),
        whole_numeral=compiled(whole),
        whole_numeral_first=frozenset(
            [
                *cn_chars,
                *digits,
                *[s[0] for s in r["negative"]["signs"] if s not in r["negative"]["temperature_signs"]],
            ]
        ),
        currency_last_chars=frozenset([*[w[-1] for w in r["units"]["currency_before"]], " ", "\t", "\u3000"]),
        tenths=frozenset(r["units"]["tenths"]),
        colloquial_money=r["units"]["money_colloquial"],
        sections=sections,
        simplified=str.maketrans(r["traditional"]),
        traditional=compiled(f"[{''.join(r['traditional'])}]"),
        listed_session=compiled(with_placeholders(r["sessions"]["listed"])),
    )


_GRAMMAR: Final = Once(_build_grammar)
