"""The quantity parser: every number written in a text, with its value, unit and span.

One master regular expression (`grammar`), built on first use from `rules/quantities.yaml`,
finds every number-like token (numbers with their magnitude words, approximation words and
units; also dates, ordinals and idioms, so that they are consumed and skipped). Each match
is then judged (`judge`, reading the words around it with `context`), and a last pass here
(`_share_units`) gives a bare number the unit of the next one in a range (`6-9万人`) or a
list (`高于全国、全省1.1、1个百分点`).

See `spec/FACTS.md` for what `text`, `value`, `unit` and `approx` mean.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise

from duban.extract.numerals import digit_string_value
from duban.extract.quantities.grammar import Grammar, grammar
from duban.extract.quantities.judge import Token, chinese_decimal, judge, scaled
from duban.model import Quantity, Span
from duban.rules.scan import find_all

__all__ = ["quantities", "scaled"]


def quantities(text: str) -> list[Quantity]:
    """Every quantity written in `text`, in order, with spans into `text`."""
    if not text:
        return []
    g = grammar()
    written = text
    if g.traditional.search(text):
        text = text.translate(g.simplified)  # 萬 → 万, 點 → 点: one char for one char
    whole = _whole_numeral(text, g)
    if whole is not None:
        return [replace(whole, text=written[whole.span.start : whole.span.end])]
    tokens = [judge(m, text, g) for m in find_all(g.pattern, text)]
    if any(t.lower is not None or t.minus for t in tokens):
        _ranges_not_signs(tokens)
        tokens = [part for t in tokens for part in ((t.lower, t) if t.lower is not None else (t,))]
    _share_units(tokens, text, g)
    return [t.quantity(written) for t in tokens if t.unit is not None]


def _whole_numeral(text: str, g: Grammar) -> Quantity | None:
    """A text that is one Chinese numeral and nothing else (一, 十, 壹拾壹, 负一, 一二三)."""
    stripped = text.strip()
    if stripped[:1] not in g.whole_numeral_first:
        return None  # most sentences: no numeral first, no call into the regex engine
    m = g.whole_numeral.fullmatch(stripped)
    if m is None:
        return None
    if set(m["num"]) <= g.magnitude_chars:
        return None  # 万, 万万: a magnitude word alone is no number (双过万)
    value = chinese_decimal(m["num"], g)
    if value is None and "两" not in m["num"]:  # 两两 (in pairs) is no digit string
        value = digit_string_value(m["num"])
    if value is None:
        return None
    start = text.index(stripped)
    sign = -1.0 if m["sign"] else 1.0
    return Quantity(stripped, sign * value + 0.0, "", None, Span(start, start + len(stripped)))


# ---------------------------------------------------------------- ranges and lists


def _ranges_not_signs(tokens: list[Token]) -> None:
    """A minus right after a quantity is a range mark: 5%-6%, 5万元-6万元."""
    for before, token in pairwise(tokens):
        if token.minus and token.unit is not None and before.match_end == token.match_start == token.start:
            token.value, token.minus = -token.value, False
            token.start = token.match_start = token.start + 1
            if token.lower is not None:
                token.lower.value = -token.lower.value


def _share_units(tokens: list[Token], text: str, g: Grammar) -> None:
    """A bare number joined by a range or list mark to the next number shares its unit.

    `6-9万人` → 6万人 and 9万人; `1.1、1个百分点` → 1.1 百分点; `1-6月` → both dates;
    `两到三万港元` → 2万, 3万 港元; `从8500到3万港元` → 8500 港元 (a range goes up);
    `12.7个、12个百分点` → both 百分点 (the first 个 is the list's 个百分点).
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
        if first.unit == "个" and second.unit and text.endswith("个" + second.unit, 0, second.end):
            first.unit = second.unit  # 高于全国12.7个、12个百分点: the 个 of the list's 个百分点
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
