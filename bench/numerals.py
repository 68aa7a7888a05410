"""Chinese number parsing against outside oracles: a large deterministic sweep.

Draws numbers with a fixed seed, writes each one in a form Chinese reports use,
puts it in a carrier sentence and asks `duban.quantities()` for it. A case agrees
when the parser finds exactly one quantity with the expected text, value (within
1e-9), canonical unit and approximation (spec/FACTS.md). The oracles are outside
code, never ours:

- cn2an writes the Chinese numerals (`an2cn`), and must read them back to the drawn
  number (`cn2an`), else the case is dropped as the oracle's own slip;
- cn2an's `transform` turns a whole Chinese sentence into Arabic figures: the parser
  must read the same values and units in both sentences (form `transform`);
- jionlp's `parse_money` reads money strings (三千五百万元, 5.3亿美元, 12万元): the
  parser must agree with it on value (its lower end for 余/多) and currency.
  jionlp is optional (bench only, not a project dependency); without it those forms
  are skipped.

Prints the agreement per form, overall, and the first disagreements of each form.
Usage: .venv/bin/python bench/numerals.py [--per-form 1000] [--seed 2021] [--show 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import math
import random
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field

import cn2an

from duban import quantities

FRAMES = (
    "{}",
    "全市共有{}。",
    "累计完成{}，同比持平。",
    "上半年达到{}；",
    "其中{}",
    "全年实现{}，",
    "新增{}。",
)
PLAIN_UNITS = {"人": "人", "家": "家", "个": "个", "元": "元", "项": "项", "人次": "人次", "吨": "吨",
               "件": "件", "所": "所", "户": "户", "亩": "亩", "公里": "公里", "美元": "美元"}  # fmt: skip
MAG_UNITS = ("人", "元", "美元", "家", "个", "吨", "标箱", "平方米", "千瓦时")
MAGNITUDES = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
BEFORE = {"约": "about", "近": "under", "超过": "over", "逾": "over", "超": "over",
          "不到": "under", "接近": "under", "不足": "under", "将近": "under", "大约": "about"}  # fmt: skip
INSIDE = {"余": "over", "多": "over"}
AFTER = {"左右": "about", "以上": "over", "以下": "under", "以内": "under"}
CURRENCIES = ("元", "美元", "欧元", "港元", "日元")


@dataclass(frozen=True)
class Case:
    """One rendering: the sentence and the one quantity the parser should read in it."""

    sentence: str
    text: str
    value: float
    unit: str
    approx: str | None = None
    spoken: tuple[str, float] | None = None  # the Chinese numeral cn2an wrote, and its number


@dataclass
class Tally:
    agreed: int = 0
    total: int = 0
    dropped: int = 0  # the oracle disagreed with itself or with the drawn number
    misses: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- drawing numbers


def decimal(rng: random.Random, high: int) -> tuple[str, float]:
    """A decimal with one or two places in (0, high), as written and as a value."""
    places = rng.choice((1, 2))
    scaled = rng.randrange(1, high * 10**places)
    value = scaled / 10**places
    return f"{value:.{places}f}", value


def wide_int(rng: random.Random, high: int) -> int:
    """An integer in [1, high], log-uniform so that small and large numbers both come up."""
    return min(high, max(1, int(10 ** rng.uniform(0, math.log10(high)))))


def round_int(rng: random.Random, high: int) -> int:
    """A number that ends in zeros, as approximations and money amounts usually do."""
    n = wide_int(rng, high)
    keep = rng.choice((1, 2, 3))
    scale = 10 ** max(len(str(n)) - keep, 0)
    return max(n // scale * scale, 1)


def an2cn(number: int | str) -> str:
    return cn2an.an2cn(str(number))


def cn_decimal(written: str) -> str:
    """`3.50` → 三点五 (a trailing zero is not spoken)."""
    return an2cn(written.rstrip("0").rstrip("."))


def liang(written: str) -> str:
    """Reports write 两 for a leading 2 (两万, 两千, 两家); cn2an writes 二."""
    return "两" + written[1:] if written.startswith("二") else written


def frame(rng: random.Random, body: str) -> str:
    return rng.choice(FRAMES).format(body)


# ---------------------------------------------------------------- forms (cn2an writes)


def cn_int(rng: random.Random) -> Case:
    """十二万三千四百五十六人. Not 1 or 2 alone: 一批, 二期 are no counts by contract."""
    n = wide_int(rng, 10**13)
    n = n if n > 2 else 3
    unit = rng.choice(sorted(PLAIN_UNITS))
    numeral = an2cn(n)
    text = numeral + unit
    return Case(frame(rng, text), text, n, PLAIN_UNITS[unit], spoken=(numeral, n))


def cn_int_liang(rng: random.Random) -> Case:
    """两家, 两万人, 两千三百个."""
    n = int("2" + "0" * rng.randrange(0, 9)) + rng.choice((0, wide_int(rng, 999)))
    n = n if len(str(n)) > 3 or n == 2 else 2000
    unit = rng.choice(sorted(PLAIN_UNITS))
    numeral = liang(an2cn(n))
    text = numeral + unit
    return Case(frame(rng, text), text, n, PLAIN_UNITS[unit], spoken=(numeral, n))


def cn_magnitude(rng: random.Random) -> Case:
    """一百五十亿元, 三千五百万元, 一万二千亿元."""
    mag = rng.choice(("万", "亿"))
    n = wide_int(rng, 9999 if mag == "万" else 10**5)
    unit = rng.choice(MAG_UNITS)
    numeral = an2cn(n)
    text = numeral + mag + unit
    return Case(frame(rng, text), text, n * MAGNITUDES[mag], unit, spoken=(numeral, n))


def cn_decimal_magnitude(rng: random.Random) -> Case:
    """三点二五万元, 五点三亿美元: a spoken decimal before a magnitude word."""
    written, _ = decimal(rng, 1000)
    mag = rng.choice(("万", "亿"))
    unit = rng.choice(MAG_UNITS)
    numeral = cn_decimal(written)
    text = numeral + mag + unit
    spoken = (numeral, float(written))
    return Case(frame(rng, text), text, float(written) * MAGNITUDES[mag], unit, spoken=spoken)


def ar_int(rng: random.Random) -> Case:
    n = wide_int(rng, 10**13)
    unit = rng.choice(sorted(PLAIN_UNITS))
    text = str(n) + unit
    return Case(frame(rng, text), text, n, PLAIN_UNITS[unit])


def ar_int_commas(rng: random.Random) -> Case:
    """1,100家, 12,345,678元."""
    n = wide_int(rng, 10**13)
    n = n if n >= 1000 else n + 1000
    unit = rng.choice(sorted(PLAIN_UNITS))
    text = f"{n:,}" + unit
    return Case(frame(rng, text), text, n, PLAIN_UNITS[unit])


def ar_decimal(rng: random.Random) -> Case:
    """3.5吨, 12.75公里."""
    written, value = decimal(rng, 10**5)
    unit = rng.choice(("吨", "公里", "亩", "元", "美元", "平方米", "倍"))
    text = written + unit
    return Case(frame(rng, text), text, value, unit)


def ar_magnitude(rng: random.Random) -> Case:
    """1.5万人, 3541.07万元, 6539.21亿元, 1.2万亿元, 3千万元."""
    mag = rng.choice(("万", "亿", "万亿", "千万", "百万"))
    factor = {"千万": 1e7, "百万": 1e6}.get(mag) or MAGNITUDES[mag]
    if mag in ("千万", "百万"):  # 3千万元: only after one digit
        n = rng.randrange(1, 10)
        written, value = str(n), float(n)
    elif rng.random() < 0.5:
        written, value = decimal(rng, 10**4)
    else:
        n = wide_int(rng, 10**4)
        written, value = str(n), float(n)
    unit = rng.choice(MAG_UNITS)
    text = written + mag + unit
    return Case(frame(rng, text), text, value * factor, unit)


def ar_magnitude_commas(rng: random.Random) -> Case:
    """1,100万元, 12,345.6万元."""
    n = wide_int(rng, 10**6)
    n = n if n >= 1000 else n + 1000
    written = f"{n:,}" + (f".{rng.randrange(1, 10)}" if rng.random() < 0.3 else "")
    mag = rng.choice(("万", "亿"))
    unit = rng.choice(MAG_UNITS)
    text = written + mag + unit
    return Case(frame(rng, text), text, float(written.replace(",", "")) * MAGNITUDES[mag], unit)


def percent(rng: random.Random) -> Case:
    """13.8%, 100%, 0.05%."""
    written, value = decimal(rng, 200) if rng.random() < 0.8 else (str(n := rng.randrange(1, 201)), n)
    text = written + "%"
    return Case(frame(rng, text), text, value, "%")


def percent_cn_int(rng: random.Random) -> Case:
    """百分之十五, 百分之一百二十."""
    n = rng.randrange(1, 1001)
    text = "百分之" + an2cn(n)
    return Case(frame(rng, text), text, n, "%", spoken=(an2cn(n), n))


def percent_cn_decimal(rng: random.Random) -> Case:
    """百分之三点五, 百分之零点五."""
    written, _ = decimal(rng, 200)
    numeral = cn_decimal(written)
    text = "百分之" + numeral
    return Case(frame(rng, text), text, float(written), "%", spoken=(numeral, float(written)))


def points_ar(rng: random.Random) -> Case:
    """1.1个百分点, 3个百分点, 0.5百分点."""
    written, value = decimal(rng, 50) if rng.random() < 0.8 else (str(n := rng.randrange(1, 51)), n)
    text = written + rng.choice(("个百分点", "个百分点", "百分点"))
    return Case(frame(rng, text), text, value, "百分点")


def points_cn_int(rng: random.Random) -> Case:
    """三个百分点, 一个百分点, 两个百分点, 十二个百分点."""
    n = rng.randrange(1, 51)
    numeral = liang(an2cn(n)) if rng.random() < 0.5 else an2cn(n)
    text = numeral + "个百分点"
    return Case(frame(rng, text), text, n, "百分点", spoken=(numeral, n))


def points_cn_decimal(rng: random.Random) -> Case:
    """零点五个百分点, 三点五个百分点."""
    written, _ = decimal(rng, 50)
    numeral = cn_decimal(written)
    text = numeral + "个百分点"
    return Case(frame(rng, text), text, float(written), "百分点", spoken=(numeral, float(written)))


def _numeral(rng: random.Random, n: int) -> str:
    return an2cn(n) if rng.random() < 0.5 else str(n)


def approx_before(rng: random.Random) -> Case:
    """约3万人, 近一百家, 超过三千人: the word stays outside the text."""
    n = max(round_int(rng, 10**5), 3)  # 一 and 二 alone are no counts by contract
    word = rng.choice(sorted(BEFORE))
    mag = rng.choice(("", "万", "亿"))
    unit = rng.choice(("人", "家", "个", "元", "吨"))
    text = _numeral(rng, n) + mag + unit
    return Case(frame(rng, word + text), text, n * MAGNITUDES.get(mag, 1), unit, BEFORE[word])


def approx_after(rng: random.Random) -> Case:
    """1000人左右, 五百家以上."""
    n = max(round_int(rng, 10**5), 3)  # 一 and 二 alone are no counts by contract
    word = rng.choice(sorted(AFTER))
    mag = rng.choice(("", "万", "亿"))
    unit = rng.choice(("人", "家", "个", "元", "吨"))
    text = _numeral(rng, n) + mag + unit
    return Case(frame(rng, text + word), text, n * MAGNITUDES.get(mag, 1), unit, AFTER[word])


def approx_inside(rng: random.Random) -> Case:
    """3430余家, 三千多家, 120万余元: 余/多 right before the unit, kept in the text."""
    n = round_int(rng, 10**5) * 10
    word = rng.choice(sorted(INSIDE))
    mag = rng.choice(("", "万", "亿"))
    unit = rng.choice(("人", "家", "个", "元", "吨"))
    text = _numeral(rng, n) + mag + word + unit
    return Case(frame(rng, text), text, n * MAGNITUDES.get(mag, 1), unit, INSIDE[word])


def approx_inside_magnitude(rng: random.Random) -> Case:
    """30余万人, 三十余万人, 两千多万元: 余/多 between the number and its magnitude."""
    n = round_int(rng, 9999) * 10 if rng.random() < 0.8 else 10
    n = min(n, 9990)
    word = rng.choice(sorted(INSIDE))
    mag = rng.choice(("万", "亿"))
    unit = rng.choice(("人", "家", "个", "元", "吨"))
    written = liang(an2cn(n)) if rng.random() < 0.5 else str(n)
    text = written + word + mag + unit
    return Case(frame(rng, text), text, n * MAGNITUDES[mag], unit, INSIDE[word])


def approx_inside_compound(rng: random.Random) -> Case:
    """3千多万元, 5百余万人: 余/多 between two magnitude words after an Arabic digit."""
    n = rng.randrange(1, 10)
    low, word, high = rng.choice(("千", "百")), rng.choice(sorted(INSIDE)), rng.choice(("万", "亿"))
    unit = rng.choice(("人", "家", "个", "元", "吨"))
    text = f"{n}{low}{word}{high}{unit}"
    value = n * {"千": 1e3, "百": 1e2}[low] * MAGNITUDES[high]
    return Case(frame(rng, text), text, value, unit, INSIDE[word])


FULL_WIDTH = str.maketrans("0123456789.", "０１２３４５６７８９．")


def ar_full_width(rng: random.Random) -> Case:
    """１２３４５人, ３．５万吨: full-width digits, as raw (unrepaired) text has them."""
    written, value = decimal(rng, 10**4) if rng.random() < 0.5 else (str(n := wide_int(rng, 10**6)), n)
    mag = rng.choice(("", "万", "亿"))
    unit = rng.choice(("人", "家", "元", "吨"))
    text = written.translate(FULL_WIDTH) + mag + unit
    return Case(frame(rng, text), text, value * MAGNITUDES.get(mag, 1), unit)


def tenths(rng: random.Random) -> Case:
    """九成 → 90 %, 两成 → 20 %: 成 is a tenth (FACTS: percent)."""
    n = rng.randrange(2, 10)
    numeral = liang(an2cn(n))
    return Case(frame(rng, numeral + "成"), numeral + "成", n * 10, "%", spoken=(numeral, n))


def fraction(rng: random.Random) -> Case:
    """三分之一 → 33.3 %, 五分之二 → 40 % (FACTS: fractions)."""
    whole = rng.randrange(2, 11)
    part = rng.randrange(1, whole)
    text = an2cn(whole) + "分之" + an2cn(part)
    return Case(frame(rng, text), text, part / whole * 100, "%", spoken=(an2cn(part), part))


def approx_bare_magnitude(rng: random.Random) -> Case:
    """近百家, 上万人, 过亿元, 破百亿元: an approximation word before a bare magnitude word."""
    word = rng.choice(("近", "超", "超过", "逾", "过", "破", "突破", "上", "约"))
    mag = rng.choice(("百", "千", "万", "亿", "十万", "百万", "千万", "百亿", "千亿"))
    unit = rng.choice(("人", "家", "个", "元", "吨"))
    value = {"百": 1e2, "千": 1e3, "万": 1e4, "亿": 1e8, "十万": 1e5, "百万": 1e6, "千万": 1e7}.get(mag)
    value = value or {"百亿": 1e10, "千亿": 1e11}[mag]
    approx = {"近": "under", "约": "about"}.get(word, "over")
    return Case(frame(rng, word + mag + unit), mag + unit, value, unit, approx)


def per_mille(rng: random.Random) -> Case:
    """千分之五 → 5 ‰, 2.5‰."""
    if rng.random() < 0.5:
        n = rng.randrange(1, 1000)
        return Case(frame(rng, "千分之" + an2cn(n)), "千分之" + an2cn(n), n, "‰", spoken=(an2cn(n), n))
    written, value = decimal(rng, 100)
    return Case(frame(rng, written + "‰"), written + "‰", value, "‰")


def spaced_and_full_width_marks(rng: random.Random) -> Case:
    """212 所 (a stray space from PDF text), 13.8％ (a full-width percent sign)."""
    if rng.random() < 0.5:
        n = wide_int(rng, 10**5)
        unit = rng.choice(("所", "家", "个", "人", "吨"))
        return Case(frame(rng, f"{n} {unit}"), f"{n} {unit}", n, unit)
    written, value = decimal(rng, 200)
    return Case(frame(rng, written + "％"), written + "％", value, "%")


# ---------------------------------------------------------------- checking


def disagreement(case: Case) -> str | None:
    """None when the parser reads the case as expected, else a one-line account."""
    found = quantities(case.sentence)
    if len(found) != 1:
        got = ", ".join(f"{q.text}={q.value:g}{q.unit}" for q in found) or "nothing"
        return f"{case.sentence!r}: want {case.text}={case.value:g}{case.unit}, got {got}"
    q = found[0]
    approx = str(q.approx) if q.approx else None
    if case.sentence[q.span.start : q.span.end] != q.text:
        return f"{case.sentence!r}: span {q.span} does not hold {q.text!r}"
    if (q.text, q.unit, approx) == (case.text, case.unit, case.approx) and math.isclose(
        q.value, case.value, rel_tol=1e-9
    ):
        return None
    return (
        f"{case.sentence!r}: want {case.text}={case.value:g}{case.unit} ({case.approx}), "
        f"got {q.text}={q.value:g}{q.unit} ({approx})"
    )


def oracle_reads_back(case: Case) -> bool:
    """cn2an must read the Chinese numeral it wrote back to the drawn number."""
    if case.spoken is None:
        return True
    numeral, number = case.spoken
    try:
        return math.isclose(float(cn2an.cn2an(numeral, "smart")), number, rel_tol=1e-12)
    except ValueError:
        return False


def run_form(draw: Callable[[random.Random], Case], rng: random.Random, n: int, tally: Tally) -> None:
    for _ in range(n):
        case = draw(rng)
        if not oracle_reads_back(case):
            tally.dropped += 1
            continue
        tally.total += 1
        miss = disagreement(case)
        if miss is None:
            tally.agreed += 1
        else:
            tally.misses.append(miss)


# ---------------------------------------------------------------- cn2an.transform


TRANSFORM_FRAMES = (
    "全市完成投资{a}，同比增长{p}。",
    "新增就业{c}，占全年目标的{p}。",
    "实现营业收入{a}，比上年提高{q}。",
)


def transform_pair(rng: random.Random) -> tuple[str, str]:
    """A sentence of Chinese numerals and cn2an's Arabic version of it."""
    money = an2cn(wide_int(rng, 9999)) + rng.choice(("万元", "亿元"))
    count = an2cn(max(wide_int(rng, 10**6), 3)) + rng.choice(("人", "家", "个"))
    pct = "百分之" + an2cn(rng.randrange(1, 101))
    points = an2cn(rng.randrange(3, 30)) + "个百分点"
    chinese = rng.choice(TRANSFORM_FRAMES).format(a=money, c=count, p=pct, q=points)
    return chinese, cn2an.transform(chinese, "cn2an")


def run_transform(rng: random.Random, n: int, tally: Tally) -> None:
    for _ in range(n):
        chinese, arabic = transform_pair(rng)
        ours = [(round(q.value, 6), q.unit) for q in quantities(chinese)]
        theirs = [(round(q.value, 6), q.unit) for q in quantities(arabic)]
        tally.total += 1
        if ours == theirs and len(ours) == 2:
            tally.agreed += 1
        else:
            tally.misses.append(f"{chinese!r} → {ours} but {arabic!r} → {theirs}")


# ---------------------------------------------------------------- jionlp money


def load_jionlp() -> Callable[[str], dict] | None:
    """jionlp's money parser, or None when jionlp is not installed (it prints a banner)."""
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import jionlp
    except ImportError:
        return None
    return jionlp.parse_money


def money_strings(rng: random.Random) -> tuple[str, str, str | None]:
    """A money string as reports write it, its form, and the approximation word."""
    form = rng.choice(("cn", "cn_magnitude", "ar_magnitude", "mixed", "ar", "approx", "minor", "renminbi"))
    currency = rng.choice(CURRENCIES) if rng.random() < 0.4 else "元"
    if form == "cn":
        return liang(an2cn(max(round_int(rng, 10**9), 3))) + currency, form, None
    if form == "cn_magnitude":
        return an2cn(round_int(rng, 9999)) + rng.choice(("万", "亿")) + currency, form, None
    if form == "ar_magnitude":
        written = decimal(rng, 10**4)[0] if rng.random() < 0.6 else str(wide_int(rng, 10**4))
        return written + rng.choice(("万", "亿", "万亿")) + currency, form, None
    if form == "mixed":
        return f"{rng.randrange(1, 10)}{rng.choice(('千万', '百万', '千亿', '百亿'))}{currency}", form, None
    if form == "ar":
        return f"{wide_int(rng, 10**9):,}" + currency, form, None
    if form == "minor":  # 5元3角, 五元三角五分
        yuan, jiao, fen = wide_int(rng, 999), rng.randrange(1, 10), rng.randrange(0, 10)
        tail = f"{jiao}角" + (f"{fen}分" if fen else "")
        if rng.random() < 0.5:
            return f"{yuan}元{tail}", form, None
        return (
            liang(an2cn(max(yuan, 3))) + "元" + "".join(an2cn(ch) if ch.isdigit() else ch for ch in tail),
            form,
            None,
        )
    if form == "renminbi":  # 人民币3000元, 3975.2亿元人民币
        amount = decimal(rng, 10**4)[0] + rng.choice(("万", "亿")) + "元"
        return ("人民币" + amount if rng.random() < 0.5 else amount + "人民币"), form, None
    word = rng.choice(("约", "近", "超过", "余", "多"))
    n = round_int(rng, 9999) * 10
    mag = rng.choice(("万", "亿"))
    if word in INSIDE and rng.random() < 0.3:  # 3千多万元, 两百多万元
        lead = str(rng.randrange(1, 10)) if rng.random() < 0.5 else liang(an2cn(rng.randrange(2, 10)))
        return f"{lead}{rng.choice(('千', '百'))}{word}{mag}{currency}", form, word
    if word in INSIDE:
        return f"{n}{mag}{word}{currency}", form, word
    return f"{word}{n}{mag}{currency}", form, word


def jionlp_value(parsed: dict) -> float:
    num = parsed["num"]
    return float(num[0] if isinstance(num, list) else num)


def run_money(parse: Callable[[str], dict], rng: random.Random, n: int, tallies: dict[str, Tally]) -> None:
    for _ in range(n):
        money, form, _ = money_strings(rng)
        tally = tallies.setdefault(f"jionlp_money_{form}", Tally())
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                theirs = parse(money)
            their_value, their_unit = jionlp_value(theirs), theirs["case"]
        except Exception:  # jionlp raises on what it cannot read: the oracle has no answer
            tally.dropped += 1
            continue
        tally.total += 1
        sentence = frame(rng, money)
        found = quantities(sentence)
        ours = [(q.value, q.unit) for q in found]
        if len(found) == 1 and found[0].unit == their_unit and math.isclose(found[0].value, their_value):
            tally.agreed += 1
        else:
            tally.misses.append(f"{sentence!r}: jionlp {their_value:g}{their_unit}, ours {ours}")


# ---------------------------------------------------------------- report

FORMS: dict[str, Callable[[random.Random], Case]] = {
    "cn_int": cn_int,
    "cn_int_liang": cn_int_liang,
    "cn_magnitude": cn_magnitude,
    "ar_int": ar_int,
    "ar_int_commas": ar_int_commas,
    "ar_decimal": ar_decimal,
    "ar_magnitude": ar_magnitude,
    "ar_magnitude_commas": ar_magnitude_commas,
    "percent": percent,
    "percent_cn_int": percent_cn_int,
    "percent_cn_decimal": percent_cn_decimal,
    "points_ar": points_ar,
    "points_cn_int": points_cn_int,
    "approx_before": approx_before,
    "approx_after": approx_after,
    "approx_inside": approx_inside,
    "approx_inside_magnitude": approx_inside_magnitude,
    "approx_inside_compound": approx_inside_compound,
    "ar_full_width": ar_full_width,
    "tenths": tenths,
    "fraction": fraction,
    "approx_bare_magnitude": approx_bare_magnitude,
    "per_mille": per_mille,
    "spaced_and_full_width_marks": spaced_and_full_width_marks,
    "cn_decimal_magnitude": cn_decimal_magnitude,
    "points_cn_decimal": points_cn_decimal,
}


def print_table(tallies: dict[str, Tally], show: int) -> None:
    print(f"{'form':28} {'agree':>7} {'cases':>6} {'rate':>7} {'dropped':>8}")
    for name, t in tallies.items():
        rate = t.agreed / t.total if t.total else float("nan")
        print(f"{name:28} {t.agreed:7d} {t.total:6d} {rate:7.1%} {t.dropped:8d}")
    agreed = sum(t.agreed for t in tallies.values())
    total = sum(t.total for t in tallies.values())
    print(f"{'OVERALL':28} {agreed:7d} {total:6d} {agreed / total:7.1%}")
    print("\nfirst disagreements:")
    for name, t in tallies.items():
        for miss in t.misses[:show]:
            print(f"  [{name}] {miss}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-form", type=int, default=1000, help="renderings per form")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--show", type=int, default=3, help="disagreements shown per form")
    args = parser.parse_args(argv)

    warnings.simplefilter("ignore")  # cn2an.transform warns about 百 in 百分之 it leaves alone
    quantities("预热0.5%")  # build the grammar before timing
    started = time.perf_counter()
    tallies: dict[str, Tally] = {}
    for name, draw in FORMS.items():
        tallies[name] = Tally()
        run_form(draw, random.Random(f"{args.seed}-{name}"), args.per_form, tallies[name])
    tallies["transform"] = Tally()
    run_transform(random.Random(f"{args.seed}-transform"), args.per_form, tallies["transform"])
    parse_money = load_jionlp()
    if parse_money is None:
        print("jionlp not installed: money forms against jionlp skipped", file=sys.stderr)
    else:
        run_money(parse_money, random.Random(f"{args.seed}-money"), args.per_form * 3, tallies)
    print_table(tallies, args.show)
    print(f"\n{time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
