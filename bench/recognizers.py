"""`duban.quantities()` against the Chinese specs of Microsoft Recognizers-Text.

Recognizers-Text keeps its test cases as JSON under `Specs/<Model>/Chinese/`. This script
reads them at run time from a local copy of that public repository (nothing of theirs is
copied into ours): give the copy's path with `--specs PATH` or `$RECOGNIZERS_TEXT`. PATH is
a checkout (a folder holding `Specs/`), the `Specs` folder itself, or a git directory without
a work tree (the files are then read with `git show HEAD:Specs/...`).

Models read: Number, Percent, NumberRange (Number/Chinese) and Currency, Dimension
(NumberWithUnit/Chinese). A case passes when `quantities(Input)` gives exactly as many
quantities as the case expects and they pair one to one with the expected results:

- Number: the same value (any unit: `一只` gives 1 with unit 只);
- Percent: the same value, unit `%`;
- Currency: the same value with magnitudes applied, the unit our contract names for that
  currency (`元` for Chinese yuan, `美元`, `欧元`, …);
- Dimension: the same value, a unit as written in the text (`20万公斤` → 公斤);
- NumberRange: each finite end of the range is one quantity (spec/FACTS.md: a range is two
  facts, one per end), the open end of `大于二十` is the number itself.

Cases outside our contract (spec/FACTS.md: quantities as a government report states them)
are listed below with the reason, by category or one by one, and counted apart; every
excluded case is named by `--excluded`.

Usage: .venv/bin/python bench/recognizers.py --specs /path/to/Recognizers-Text [--show 20]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from duban import quantities

MODELS = {
    "Number": "Number/Chinese/NumberModel.json",
    "Percent": "Number/Chinese/PercentModel.json",
    "NumberRange": "Number/Chinese/NumberRangeModel.json",
    "Currency": "NumberWithUnit/Chinese/CurrencyModel.json",
    "Dimension": "NumberWithUnit/Chinese/DimensionModel.json",
}

# The unit our contract writes for each currency of the Currency spec.
CURRENCY_UNITS = {
    "Chinese yuan": "元",
    "United States dollar": "美元",
    "Dollar": "美元",
    "Euro": "欧元",
    "Hong Kong dollar": "港元",
    "Japanese yen": "日元",
    "New Taiwan dollar": "新台币",
    "Nigerian naira": "奈拉",
    "Swiss franc": "瑞士法郎",
    "Bitcoin": "比特币",
}

Case = dict[str, Any]

# Categories of cases outside the contract: (reason, test on the case). A case is out when
# one of them holds; its reason is printed with --excluded.
CATEGORIES: list[tuple[str, Callable[[str, Case], bool]]] = []

# Single cases outside the contract, with the reason.
CASES_OUT: dict[str, str] = {
    "Number:两百点两": "RT splits at 点两 (200, 2); we read 点 + numeral as a decimal (200.2)",
    "Number:一点两小时的会议": "RT splits at 点两 (1, 2); we read 点 + numeral as a decimal (1.2小时)",
    "Percent:二三十个百分点": "adjacent numerals (二三十) are a range, two quantities for us (八九亿)",
    "Percent:找出酒精量在5-20%之间的产品": "a range is two quantities, one per end (spec/FACTS.md)",
    "Percent:五百分之2.2": "RT reads nothing; 2.2 after a fraction word is still a number for us",
    "NumberRange:还有20万次以上来观影的呀？": "RT's resolution is wrong: 20万次 is 200000, RT says 20000",
    "Number:半百": "半百 (fifty) lives in idioms of age (年过半百), not in figures",
    "Number:五十千": "五十千 is no well-formed numeral; RT reads 五十 and drops 千",
    "Number:-2.5 M": "a Latin M for million: not how Chinese reports write magnitudes",
    "Number:2222.2222.22222.222": "a dotted digit string is a code or a version, not numbers",
    "Number:...9": "an ellipsis before a digit, no running text",
    "Number:第零十刃": "an ordinal (第…): not a fact in our contract (spec/FACTS.md)",
    "Percent:二三十個百分點": "adjacent numerals (二三十) are a range, two quantities for us (八九亿)",
    "Currency:我有20个比特币": "a crypto token counted with 个: no currency of our contract",
    "Dimension:一位是最小的存储单位": (
        "一位 is one person or a rank in our contract; a bit of storage is no report unit"
    ),
}

_DATE_CASES = ("１９９１年１月１６日晚巴黎时间２０点", "１９９１年１月１６日晚巴黎時間２０點")
for _case in _DATE_CASES:  # the spec's two long cases, named by their opening words
    CASES_OUT[f"Number-prefix:{_case}"] = "a date and an hour (1991年1月16日, 20点): not quantities for us"


def category(reason: str) -> Callable[[Callable[[str, Case], bool]], Callable[[str, Case], bool]]:
    def register(test: Callable[[str, Case], bool]) -> Callable[[str, Case], bool]:
        CATEGORIES.append((reason, test))
        return test

    return register


def _texts(case: Case) -> list[str]:
    return [r["Text"] for r in case["Results"]]


_NUMERAL_CHARS = "零〇一二三四五六七八九十百千万亿两兩壹贰貳叁肆伍陆陸柒捌玖拾佰仟萬億幺"


@category("a price discount (八折, 打对折): shop language, no report quantity")
def _discount(model: str, case: Case) -> bool:
    return any("折" in t for t in _texts(case))


@category(
    "spaces inside a numeral (一百 五 十 二, 7 万5 千4 百): speech transcripts; "
    "duban repairs report text and a report never spaces a number"
)
def _spaced(model: str, case: Case) -> bool:
    n = f"[0-9０-９{_NUMERAL_CHARS}点點分之个個百,，余餘多成]"
    return any(re.search(f"{n}\\s+{n}", t.strip()) for t in _texts(case))


@category(
    "scientific or power notation, or a number opening with a point (2e5, "
    "2^5, .5): not how reports write numbers"
)
def _math(model: str, case: Case) -> bool:
    return any(re.search(r"[0-9０-９][eE^]|^[-.]*\.[0-9]|[0-9][eE][-+－]", t.strip()) for t in _texts(case))


@category("兆 as 10^12 (Taiwan and Japanese usage); in mainland reports 兆 means mega (兆瓦)")
def _zhao(model: str, case: Case) -> bool:
    return model in ("Number", "Currency") and any("兆" in t for t in _texts(case))


@category(
    "a vague count with 几 (十几万, 二十几万, 一百零几万): no exact quantity; "
    "the contract skips it whole (rules vague)"
)
def _vague(model: str, case: Case) -> bool:
    return any(re.search("[几幾]", t) for t in _texts(case))


@category(
    "a mixed number, an Arabic denominator or an improper slash fraction (3又一千分之23, "
    "16分之5, -3/2): arithmetic, not report prose; reports write 三分之一, 1/10"
)
def _arithmetic(model: str, case: Case) -> bool:
    def odd(t: str) -> bool:
        slash = re.search(r"([0-9０-９]+)\s*[/／]\s*([0-9０-９]+)", t)
        improper = slash is not None and int(slash[1]) >= int(slash[2])
        arabic_den = re.search(r"[0-9０-９]\s*分\s*之", t) is not None
        return "又" in t or arabic_den or improper or t.startswith("-")

    return model == "Number" and any(odd(t) for t in _texts(case) if re.search("[/／分]", t))


@category(
    "halves said after a unit or a tenth (两米半, 三斤半, 三成半, 半成): spoken forms; reports write 2.5米"
)
def _halves(model: str, case: Case) -> bool:
    return any(re.search("半$|^半", t) for t in _texts(case))


@category("a Latin k after a percentage (百分之15K, 百分之3.2k): no report writes a percent so")
def _k_percent(model: str, case: Case) -> bool:
    return model == "Percent" and any(re.search("百分之.*[kKＫ]", t) for t in _texts(case))


@category("a percent-encoded web address, no running text")
def _url(model: str, case: Case) -> bool:
    return "http" in case["Input"]


@category(
    "a one-character Chinese numeral glued to a word that is no unit of ours (这是五, 三双, 一只, 前三): "
    "in reports such numerals are words (三农, 一批); the contract counts them only before a unit"
)
def _lone_numeral(model: str, case: Case) -> bool:
    return model == "Number" and any(len(t) == 1 and t in _NUMERAL_CHARS for t in _texts(case))


@category(
    "Chinese numerals before a classifier of pairs and dozens (一百对, 十双, 一打, 五十打): no report unit"
)
def _pairs(model: str, case: Case) -> bool:
    return (
        model == "Number"
        and bool(re.search(f"[{_NUMERAL_CHARS}]+[对對双雙打]", case["Input"]))
        and not any(re.search(r"[0-9]", t) for t in _texts(case))
    )


@category("两 as the old weight unit (二两, 三千两百两): market language; in reports 两 is the numeral two")
def _liang(model: str, case: Case) -> bool:
    return model == "Dimension" and any(
        r.get("Resolution", {}).get("unit") == "Liang" for r in case["Results"]
    )


@category(
    "a foreign currency's minor unit or symbol (两美元又三美分, 10日元5日本銭, $20, ￥300): not in reports"
)
def _minor_foreign(model: str, case: Case) -> bool:
    return model == "Currency" and any(re.search(r"美分|銭|\$|￥", t) for t in _texts(case))


@category(
    "data sizes given in kilo units (三千比特 → 3 kilobit, 六千字节 → 6 kilobyte): "
    "our value is the number as written with its unit"
)
def _kilo(model: str, case: Case) -> bool:
    return model == "Dimension" and any(
        r.get("Resolution", {}).get("unit", "").startswith("Kilo")
        and re.search("[千]", r["Text"])
        and "千克" not in r["Text"]
        and "千米" not in r["Text"]
        and "千瓦" not in r["Text"]
        for r in case["Results"]
    )


@category(
    "comparison phrasing of a query (大于二十的同时小于等于三十五, 在第十和第十五之间): "
    "a database question, not report prose; "
    "in reports 以上, 以下, 超过 bound one number and are read as its approximation"
)
def _query(model: str, case: Case) -> bool:
    return model == "NumberRange" and any(
        re.search("大于|小于|等于|之间|间|比.*[大小]|或者|更多|低于|少于|多于|高于", t) for t in _texts(case)
    )


@dataclass
class Tally:
    name: str
    total: int = 0
    fit: int = 0
    passed: int = 0
    misses: list[str] = field(default_factory=list)
    excluded: list[tuple[str, str]] = field(default_factory=list)

    def line(self) -> str:
        share = self.passed / self.fit if self.fit else 1.0
        return f"{self.name:<14} {self.total:>5} {self.fit:>5} {self.passed:>6}  {share:7.1%}"


def spec_reader(path: Path) -> Callable[[str], list[Case]]:
    """A reader of `Specs/<rel>` from a checkout, a Specs folder or a bare git directory."""
    for specs in (path / "Specs", path):
        if (specs / "Number").is_dir():
            return lambda rel: json.loads((specs / rel).read_text(encoding="utf-8-sig"))

    def from_git(rel: str) -> list[Case]:
        done = subprocess.run(
            ["git", "--git-dir", str(path), "show", f"HEAD:Specs/{rel}"],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            sys.exit(f"{path}: no Specs/{rel} there ({done.stderr.decode().strip()})")
        return json.loads(done.stdout.decode("utf-8-sig"))

    return from_git


def _close(got: float, want: float) -> bool:
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-12)


def _range_ends(value: str) -> list[float]:
    """The finite ends of `(20,35]`, `[20,)`, `(,30)`."""
    inner = value.strip("[]()")
    return [float(x) for x in inner.split(",") if x.strip() and "infinity" not in x.lower()]


# A test on one quantity of ours (value, unit): does it read the expected result?
Want = Callable[[float, str], bool]


def _is(value: float, unit_ok: Callable[[str], bool]) -> Want:
    return lambda got, unit: _close(got, value) and unit_ok(unit)


def wanted(model: str, case: Case) -> list[Want]:
    """The quantities the case expects, as tests on ours."""
    out: list[Want] = []
    for result in case["Results"]:
        res = result.get("Resolution") or {}
        text = "".join(result["Text"].split())
        if res.get("value") is None:
            continue  # a currency name with no amount (`美元`): no quantity
        if model == "NumberRange" and re.search(r"(?<!百)分之|[0-9][/／][0-9]", text):
            out += [_fraction(end) for end in _range_ends(res["value"])]
        elif model == "NumberRange":
            out += [_is(end, lambda unit: True) for end in _range_ends(res["value"])]
        elif model == "Percent":
            out.append(_percent(float(res["value"].rstrip("%")), text))
        elif model == "Currency":
            name = CURRENCY_UNITS.get(res.get("unit", ""), "")
            out.append(_is(float(res["value"]), lambda unit, name=name: unit == name))
        elif model == "Dimension":
            out.append(
                _is(float(res["value"]), lambda unit, text=text: bool(unit) and unit.lower() in text.lower())
            )
        elif "分之" in text or re.search(r"[0-9０-９][/／][0-9０-９]", text):
            out.append(_fraction(float(res["value"])))
        else:
            out.append(_is(float(res["value"]), lambda unit: True))
    return out


# Contract forms of RT's readings (spec/FACTS.md): a fraction is a percent (三分之一 →
# 33.3 %) or, out of a thousand, a per-mille; N个百分点 is N 百分点 where RT says N %.
def _fraction(value: float) -> Want:
    return lambda got, unit: (
        (unit == "%" and _close(got, value * 100)) or (unit == "‰" and _close(got, value * 1000))
    )


def _percent(value: float, text: str) -> Want:
    if re.search("百分[点點]", text):
        return _is(value, lambda unit: unit == "百分点")
    if re.search("[千仟]分之", text):
        return _is(value * 10, lambda unit: unit == "‰")
    return _is(value, lambda unit: unit == "%")


def passes(model: str, case: Case) -> tuple[bool, list[tuple[str, float, str]]]:
    found = quantities(case["Input"])
    got = [(q.text, q.value, q.unit) for q in found]
    free = list(found)
    for test in wanted(model, case):
        match = next((q for q in free if test(q.value, q.unit)), None)
        if match is None:
            return False, got
        free.remove(match)
    return not any(_of_kind(model, q.unit) for q in free), got


def _of_kind(model: str, unit: str) -> bool:
    """Whether a quantity the case does not list is one the model should have listed: the
    Number spec lists every number; the others only their own kind (a Percent case does not
    list the 十天 in 十天收盘价的百分之七十)."""
    if model == "Number":
        return True
    if model == "Percent":
        return unit in ("%", "百分点", "‰")
    if model == "Currency":
        return unit in CURRENCY_UNITS.values()
    return False


def out_of_contract(model: str, case: Case) -> str | None:
    key = f"{model}:{case['Input']}"
    if key in CASES_OUT:
        return CASES_OUT[key]
    for name, reason in CASES_OUT.items():
        kind, _, prefix = name.partition(":")
        if kind == f"{model}-prefix" and case["Input"].startswith(prefix):
            return reason
    for reason, test in CATEGORIES:
        if test(model, case):
            return reason
    return None


def run_model(model: str, cases: list[Case], show: int) -> Tally:
    tally = Tally(model)
    for case in cases:
        tally.total += 1
        reason = out_of_contract(model, case)
        if reason:
            tally.excluded.append((case["Input"], reason))
            continue
        tally.fit += 1
        ok, got = passes(model, case)
        tally.passed += ok
        if not ok and len(tally.misses) < show:
            want = [(r["Text"], (r.get("Resolution") or {}).get("value")) for r in case["Results"]]
            tally.misses.append(f"{case['Input']!r} want {want} got {got}")
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--specs", type=Path, default=os.environ.get("RECOGNIZERS_TEXT"))
    parser.add_argument("--show", type=int, default=0, help="misses to print per model")
    parser.add_argument("--excluded", action="store_true", help="print every excluded case")
    args = parser.parse_args()
    if not args.specs:
        sys.exit("give the Recognizers-Text copy with --specs PATH or $RECOGNIZERS_TEXT")
    read = spec_reader(args.specs)
    tallies = [run_model(model, read(rel), args.show) for model, rel in MODELS.items()]
    print(f"{'model':<14} {'cases':>5} {'fit':>5} {'passed':>6}    share")
    for tally in tallies:
        print(tally.line())
    total = Tally("all", *(sum(getattr(t, k) for t in tallies) for k in ("total", "fit", "passed")))
    print(total.line())
    reasons: dict[str, int] = {}
    for tally in tallies:
        for _, reason in tally.excluded:
            reasons[reason] = reasons.get(reason, 0) + 1
    print("out of contract:")
    for reason, n in sorted(reasons.items(), key=lambda kv: -kv[1]):
        print(f"  {n:>4}  {reason}")
    for tally in tallies:
        for miss in tally.misses:
            print(f"  miss [{tally.name}] {miss}")
        if args.excluded:
            for text, reason in tally.excluded:
                print(f"  out [{tally.name}] {text!r}: {reason}")


if __name__ == "__main__":
    main()
