"""duban.quantities() against an outside oracle: numbers rendered by cn2an.

Hypothesis draws numbers (integers 1..10^13, decimals with one or two places,
percents) and writes them as Chinese reports do: `cn2an.an2cn(n)` (一百五十亿元),
Arabic with a magnitude word (1.5万人, 3541.07万元, 1,100万元), 百分之 + an2cn,
N个百分点, with measure words and approximation words, inside a short carrier
sentence. The parser must find exactly one quantity, with the number's value
times its magnitude, the canonical unit (spec/FACTS.md), the approximation and
the surface text at its span. The number is known before it is written, and
cn2an (not our code) writes the Chinese, so the test checks the parser against
an independent renderer. Runs are deterministic (derandomize) and bounded.

The larger sweep, with jionlp's money parser as a second oracle, is
`bench/numerals.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cn2an
from hypothesis import given, settings
from hypothesis import strategies as st

from duban import quantities
from duban.model import Approx

ORACLE = settings(max_examples=300, derandomize=True, deadline=None, database=None)

# Carrier sentences with no number of their own; `{}` is where the quantity goes.
FRAMES = ("{}", "全市共有{}。", "累计完成{}，同比持平。", "上半年达到{}；", "其中{}")

# Measure words as written → canonical unit, and the magnitude words before them.
PLAIN_UNITS = {"人": "人", "家": "家", "个": "个", "元": "元", "项": "项", "人次": "人次", "吨": "吨"}
MAGNITUDES = {"万": 1e4, "亿": 1e8}

# Approximation words: before the number (outside the text), inside (余, 多: kept in
# the text, between number and magnitude or unit), after the quantity (outside).
BEFORE = {"约": Approx.ABOUT, "近": Approx.UNDER, "超过": Approx.OVER, "逾": Approx.OVER,
          "不到": Approx.UNDER, "接近": Approx.UNDER, "不足": Approx.UNDER}  # fmt: skip
INSIDE = {"余": Approx.OVER, "多": Approx.OVER}
AFTER = {"左右": Approx.ABOUT, "以上": Approx.OVER, "以下": Approx.UNDER}


@dataclass(frozen=True)
class Rendering:
    """One number as written: the quantity's text and what the parser should read."""

    text: str
    value: float
    unit: str
    approx: Approx | None = None
    before: str = ""  # approximation word before the quantity, outside its text
    after: str = ""  # approximation word after it, outside its text


def _check(r: Rendering, frame: str) -> None:
    sentence = frame.format(r.before + r.text + r.after)
    found = quantities(sentence)
    assert len(found) == 1, (sentence, [q.text for q in found])
    [q] = found
    assert sentence[q.span.start : q.span.end] == q.text
    assert (q.text, q.unit, q.approx) == (r.text, r.unit, r.approx), sentence
    assert math.isclose(q.value, r.value, rel_tol=1e-9), (sentence, q.value, r.value)


# ---------------------------------------------------------------- renderings


def _decimal(draw: st.DrawFn, high: int) -> tuple[str, float]:
    """A decimal with one or two places below `high`, as written and as a value."""
    places = draw(st.integers(1, 2))
    scaled = draw(st.integers(1, high * 10**places - 1))
    value = scaled / 10**places
    return f"{value:.{places}f}", value


def _cn_decimal(written: str) -> str:
    """`3.50` → 三点五 (cn2an; a trailing zero is not spoken)."""
    return cn2an.an2cn(written.rstrip("0").rstrip("."))


@st.composite
def chinese_counts(draw: st.DrawFn) -> Rendering:
    """一百五十亿元, 十二万三千四百五十六人.

    1 is left out and 2 is written 两: alone before a measure word, 一 and 二 are an
    article or an ordinal by our contract (一批, 二期), not counts.
    """
    n = draw(st.integers(2, 10**13))
    unit = draw(st.sampled_from(sorted(PLAIN_UNITS)))
    written = cn2an.an2cn(n)
    if written.startswith("二") and (n == 2 or draw(st.booleans())):
        written = "两" + written[1:]  # reports write 两家, 两万, 两千: cn2an never does
    return Rendering(written + unit, n, PLAIN_UNITS[unit])


@st.composite
def chinese_magnitudes(draw: st.DrawFn) -> Rendering:
    """一百五十亿元, 三千五百万元, 一万二千亿元: an2cn(n) before 万 or 亿."""
    mag = draw(st.sampled_from(sorted(MAGNITUDES)))
    n = draw(st.integers(1, 9999 if mag == "万" else 10**5))
    unit = draw(st.sampled_from(["人", "元", "家", "吨"]))
    return Rendering(cn2an.an2cn(n) + mag + unit, n * MAGNITUDES[mag], unit)


@st.composite
def arabic_counts(draw: st.DrawFn) -> Rendering:
    """12345人, 1,100家: integers with and without thousands separators."""
    n = draw(st.integers(1, 10**13))
    written = f"{n:,}" if draw(st.booleans()) else str(n)
    unit = draw(st.sampled_from(sorted(PLAIN_UNITS)))
    return Rendering(written + unit, n, PLAIN_UNITS[unit])


@st.composite
def arabic_magnitudes(draw: st.DrawFn) -> Rendering:
    """1.5万人, 3541.07万元, 1,100万元, 6539.21亿元, 5.3亿美元."""
    mag = draw(st.sampled_from(sorted(MAGNITUDES)))
    if draw(st.booleans()):
        written, value = _decimal(draw, 10**4)
    else:
        n = draw(st.integers(1, 10**5))
        written, value = (f"{n:,}" if draw(st.booleans()) else str(n)), float(n)
    unit = draw(st.sampled_from(["人", "元", "美元", "家", "个", "吨", "标箱"]))
    return Rendering(written + mag + unit, value * MAGNITUDES[mag], unit)


@st.composite
def percents(draw: st.DrawFn) -> Rendering:
    """13.8%, 百分之十五, 百分之三点五, 1.1个百分点, 三个百分点."""
    form = draw(st.sampled_from(["%", "百分之", "百分之.", "个百分点", "百分之个百分点"]))
    if form == "百分之":
        n = draw(st.integers(1, 1000))
        return Rendering("百分之" + cn2an.an2cn(n), n, "%")
    written, value = _decimal(draw, 200)
    if form == "%":
        return Rendering(written + "%", value, "%")
    if form == "百分之.":
        return Rendering("百分之" + _cn_decimal(written), value, "%")
    if form == "个百分点":
        return Rendering(written + "个百分点", value, "百分点")
    n = draw(st.integers(1, 100))  # 一个百分点 and 二个百分点 are counts: 个 makes them one
    return Rendering(cn2an.an2cn(n) + "个百分点", n, "百分点")


@st.composite
def approximations(draw: st.DrawFn) -> Rendering:
    """约3万人, 近一百家, 3430余家, 三千多家, 1000人左右, 五百家以上."""
    place = draw(st.sampled_from(["before", "inside", "after"]))
    chinese = draw(st.booleans())
    n = draw(st.integers(1, 9999)) * 10  # 余 and 多 follow round numbers
    written = cn2an.an2cn(n) if chinese else str(n)
    unit = draw(st.sampled_from(["人", "家", "个", "吨"]))
    mag = draw(st.sampled_from(["", "万"]))
    value = n * (MAGNITUDES[mag] if mag else 1)
    if place == "before":
        word = draw(st.sampled_from(sorted(BEFORE)))
        return Rendering(written + mag + unit, value, unit, BEFORE[word], before=word)
    if place == "after":
        word = draw(st.sampled_from(sorted(AFTER)))
        return Rendering(written + mag + unit, value, unit, AFTER[word], after=word)
    word = draw(st.sampled_from(sorted(INSIDE)))
    if chinese:  # 三十万余人, 三千多家; 三十余万人 is drawn below
        return Rendering(written + mag + word + unit, value, unit, INSIDE[word])
    return Rendering(written + word + mag + unit, value, unit, INSIDE[word])  # 30余万人


@st.composite
def chinese_approx_before_magnitude(draw: st.DrawFn) -> Rendering:
    """三十余万人, 两千多万元: 余/多 between a Chinese numeral and its magnitude word."""
    n = draw(st.integers(1, 999)) * 10
    written = cn2an.an2cn(n)
    if written.startswith("二") and draw(st.booleans()):
        written = "两" + written[1:]
    word = draw(st.sampled_from(sorted(INSIDE)))
    mag = draw(st.sampled_from(sorted(MAGNITUDES)))
    unit = draw(st.sampled_from(["人", "元", "家", "吨"]))
    return Rendering(written + word + mag + unit, n * MAGNITUDES[mag], unit, INSIDE[word])


@st.composite
def compound_approx(draw: st.DrawFn) -> Rendering:
    """3千多万元, 5百余亿元: 余/多 between 千 or 百 and 万 or 亿 after one Arabic digit."""
    digit = draw(st.integers(1, 9))
    low = draw(st.sampled_from(["千", "百"]))
    word = draw(st.sampled_from(sorted(INSIDE)))
    mag = draw(st.sampled_from(sorted(MAGNITUDES)))
    unit = draw(st.sampled_from(["人", "元", "家", "吨"]))
    value = digit * (1000 if low == "千" else 100) * MAGNITUDES[mag]
    return Rendering(f"{digit}{low}{word}{mag}{unit}", value, unit, INSIDE[word])


@st.composite
def year_like_decimals(draw: st.DrawFn) -> Rendering:
    """2015.8吨, 2001.2公里: a decimal that looks like year.month, then a measure word."""
    whole = draw(st.integers(1900, 2099))
    tenth = draw(st.integers(1, 9))
    unit = draw(st.sampled_from(["吨", "公里", "人", "家", "亩"]))
    return Rendering(f"{whole}.{tenth}{unit}", whole + tenth / 10, unit)


@st.composite
def chinese_decimals(draw: st.DrawFn) -> Rendering:
    """三点二五万元, 五点三亿美元, 零点五个百分点: a Chinese decimal outside 百分之."""
    written, value = _decimal(draw, 10**3)
    if draw(st.booleans()):
        return Rendering(_cn_decimal(written) + "个百分点", value, "百分点")
    mag = draw(st.sampled_from(sorted(MAGNITUDES)))
    unit = draw(st.sampled_from(["人", "元", "美元"]))
    return Rendering(_cn_decimal(written) + mag + unit, value * MAGNITUDES[mag], unit)


# ---------------------------------------------------------------- the tests

frames = st.sampled_from(FRAMES)


@ORACLE
@given(chinese_counts(), frames)
def test_chinese_integers_written_by_cn2an(r: Rendering, frame: str) -> None:
    _check(r, frame)


@ORACLE
@given(chinese_magnitudes(), frames)
def test_chinese_numerals_before_a_magnitude_word(r: Rendering, frame: str) -> None:
    _check(r, frame)


@ORACLE
@given(arabic_counts(), frames)
def test_arabic_integers_with_and_without_separators(r: Rendering, frame: str) -> None:
    _check(r, frame)


@ORACLE
@given(arabic_magnitudes(), frames)
def test_arabic_numbers_before_a_magnitude_word(r: Rendering, frame: str) -> None:
    _check(r, frame)


@ORACLE
@given(percents(), frames)
def test_percents_and_percentage_points(r: Rendering, frame: str) -> None:
    _check(r, frame)


@ORACLE
@given(approximations(), frames)
def test_approximation_words(r: Rendering, frame: str) -> None:
    _check(r, frame)


@ORACLE
@given(chinese_decimals(), frames)
def test_chinese_decimals_outside_percent(r: Rendering, frame: str) -> None:
    _check(r, frame)


@ORACLE
@given(chinese_approx_before_magnitude(), frames)
def test_chinese_numerals_with_yu_before_a_magnitude_word(r: Rendering, frame: str) -> None:
    _check(r, frame)


@ORACLE
@given(compound_approx(), frames)
def test_yu_between_two_magnitude_words(r: Rendering, frame: str) -> None:
    _check(r, frame)


@ORACLE
@given(year_like_decimals(), frames)
def test_decimals_that_look_like_a_year_and_month(r: Rendering, frame: str) -> None:
    _check(r, frame)


@settings(max_examples=2000, deadline=None)
@given(
    st.one_of(
        st.integers(-(10**12), 10**12).map(float),
        st.floats(-1e9, 1e9, allow_nan=False).map(lambda x: round(x, 3)),
        st.just(-0.0),
    ),
    st.sampled_from([10.0, 100.0, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e12, 1e16, 0.1, 0.01, 2.5]),
)
def test_scaled_is_the_decimal_product(value: float, factor: float) -> None:
    """A magnitude applied in decimal arithmetic; whole numbers whose product a float holds
    exactly take the float product, the same value (and the same sign of a zero)."""
    from decimal import Decimal

    from duban.extract.quantities import scaled

    expected = float(Decimal(repr(value)) * Decimal(repr(factor)))
    assert repr(scaled(value, factor)) == repr(expected)
