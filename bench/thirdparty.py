"""`duban.quantities()` against third-party Chinese number-parsing test suites.

cn2an ships its own test data inside the package (`cn2an/cn2an_test.py`,
`cn2an/transform_test.py`); this script imports those test classes at run time and
reads their case tables (nothing of theirs is copied into the repository):

- `Cn2anTest` numerals, per table as the suite exposes them (`strict`, `normal`,
  `smart`, `direct`; `normal` includes `strict` and `smart` includes `normal`, as in
  the suite). A case passes when `quantities(case)` gives exactly one quantity whose
  text is the whole case and whose value is the expected one.
- `TransformTest` sentences: each Arabic sentence and its Chinese twin. A pair passes
  when both give the same quantities (value, unit, approximation), in order.

Cases that do not fit our contract (spec/FACTS.md) are left out and counted:

- `direct` readings that keep leading zeros (`零一` → "01", `012`): digit strings,
  not numbers; and the `direct` transform sentences, made of such strings;
- cn2an's error tables (strings cn2an must refuse): not numbers, nothing to pass;
- transform sentences that are only dates (`零年零月肆拾日`, `零年貳月`): a date is
  no quantity, while cn2an reads 0年 as a number of years;
- `一个大西瓜切两半`: `一` before a measure word is an article in our contract
  (`一批`, `一个`), and `两半` is no amount.

A last section runs our own JioNLP-like money forms, the `money_forms` group of
tests/cases/quantities.yaml (the same check as tests/test_quantities.py).

Usage: .venv/bin/python bench/thirdparty.py [--show 10]
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from duban import quantities

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "cases" / "quantities.yaml"

DATE_ONLY = {"零年零月肆拾日", "零年貳月"}
ARTICLE = {"一个大西瓜切两半"}


@dataclass
class Tally:
    name: str
    total: int = 0
    fit: int = 0
    passed: int = 0
    misses: list[str] = field(default_factory=list)

    def line(self) -> str:
        share = self.passed / self.fit if self.fit else 1.0
        return f"{self.name:<22} {self.total:>5} {self.fit:>5} {self.passed:>6}  {share:7.1%}"


def _close(got: float, want: float) -> bool:
    return math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-18)


def _leading_zero(expected: str) -> bool:
    digits = expected.lstrip("-")
    return len(digits) > 1 and digits[0] == "0" and digits[1] != "."


def numeral_table(name: str, table: dict[str, Any], show: int) -> Tally:
    tally = Tally(name)
    for case, expected in table.items():
        tally.total += 1
        if isinstance(expected, str) and _leading_zero(expected):
            continue
        tally.fit += 1
        want = float(expected)
        found = quantities(case)
        ok = len(found) == 1 and found[0].text == case.strip() and _close(found[0].value, want)
        tally.passed += ok
        if not ok and len(tally.misses) < show:
            got = [(q.text, q.value, q.unit) for q in found]
            tally.misses.append(f"{case} → {want}: {got}")
    return tally


def _reading(text: str) -> list[tuple[float, str, str | None]]:
    return [(q.value, q.unit, q.approx) for q in quantities(text)]


def _agree(a: str, b: str) -> bool:
    left, right = _reading(a), _reading(b)
    return len(left) == len(right) and all(
        _close(x[0], y[0]) and x[1:] == y[1:] for x, y in zip(left, right, strict=True)
    )


def transform_pairs(name: str, pairs: list[tuple[str, str]], show: int) -> Tally:
    tally = Tally(name)
    for arabic, chinese in pairs:
        tally.total += 1
        if chinese in DATE_ONLY or chinese in ARTICLE or arabic in ARTICLE:
            continue
        tally.fit += 1
        ok = _agree(arabic, chinese)
        tally.passed += ok
        if not ok and len(tally.misses) < show:
            tally.misses.append(f"{arabic} {_reading(arabic)} ≠ {chinese} {_reading(chinese)}")
    return tally


def money_forms(show: int) -> Tally:
    tally = Tally("our money_forms")
    for case in yaml.safe_load(CASES.read_text(encoding="utf-8")).get("money_forms", []):
        tally.total += 1
        tally.fit += 1
        found = quantities(case["text"])
        got = [(q.text, q.unit, q.approx) for q in found]
        want = [(e["text"], e["unit"], e["approx"]) for e in case["expect"]]
        ok = got == want and all(
            math.isclose(q.value, e["value"], rel_tol=1e-4, abs_tol=0.01)
            for q, e in zip(found, case["expect"], strict=True)
        )
        tally.passed += ok
        if not ok and len(tally.misses) < show:
            tally.misses.append(f"{case['text']}: {[(q.text, q.value, q.unit, q.approx) for q in found]}")
    return tally


def cn2an_tallies(show: int) -> tuple[list[Tally], list[Tally]]:
    from cn2an.cn2an_test import Cn2anTest
    from cn2an.transform_test import TransformTest

    numerals = Cn2anTest()
    numerals.setUp()
    tables = [
        numeral_table(f"cn2an {name}", getattr(numerals, f"{name}_data_dict"), show)
        for name in ("strict", "normal", "smart", "direct")
    ]
    sentences = TransformTest()
    sentences.setUp()
    direct = [*sentences.direct_cn2an_data_dict.items(), *sentences.direct_an2cn_data_dict.items()]
    transforms = [
        transform_pairs("transform strict", list(sentences.strict_data_dict.items()), show),
        transform_pairs("transform smart", [(b, a) for a, b in sentences.smart_data_dict.items()], show),
        Tally("transform direct", total=len(direct)),  # digit strings with leading zeros
    ]
    return tables, transforms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=10, help="misses to print per table")
    args = parser.parse_args()
    tables, transforms = cn2an_tallies(args.show)
    money = money_forms(args.show)
    print(f"{'table':<22} {'cases':>5} {'fit':>5} {'passed':>6}  {'share':>7}")
    for tally in [*tables, *transforms, money]:
        print(tally.line())
    cn2an_all = Tally("cn2an, all fitting")
    for tally in [*tables, *transforms]:
        cn2an_all.total += tally.total
        cn2an_all.fit += tally.fit
        cn2an_all.passed += tally.passed
    print(cn2an_all.line())
    for tally in [*tables, *transforms, money]:
        for miss in tally.misses:
            print(f"  miss [{tally.name}] {miss}")


if __name__ == "__main__":
    main()
