"""Values of written numbers: Arabic (1,100 · 6539.21 · １２) and Chinese (一百二十 · 两万 · 一万五千亿).

The numeral tables come from `rules/quantities.yaml`, loaded once on first use.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

RULES_PATH = Path(__file__).resolve().parent.parent / "rules" / "quantities.yaml"

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


@cache
def rules() -> dict[str, Any]:
    """The parsed `rules/quantities.yaml` (by libyaml when PyYAML has it: ten times faster)."""
    import yaml

    with RULES_PATH.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def arabic_value(text: str) -> float:
    """`1,100` → 1100.0; `6539.21` → 6539.21; full-width digits allowed."""
    return float(text.translate(_FULL_WIDTH_DIGITS).replace(",", ""))


def chinese_value(text: str) -> float | None:
    """The value of a Chinese numeral, or None when it is not a well-formed number.

    `十四` → 14, `一百零五` → 105, `两万` → 20000, `一万五千亿` → 1.5e12, `百` → 100.
    Runs of bare digits (`二〇二一`, `十四五`, `两三`) are not counts and give None.
    """
    if not text:
        return None
    table = rules()["numerals"]
    for word, factor in sorted(table["sections"].items(), key=lambda kv: -kv[1]):
        cut = text.rfind(word)
        if cut >= 0:
            head, tail = text[:cut], text[cut + 1 :]
            high = chinese_value(head) if head else 1.0
            low = chinese_value(tail) if tail else 0.0
            if high is None or low is None or low >= factor:
                return None
            return high * factor + low
    return _below_section(text, 10000)


def _below_section(text: str, limit: int) -> float | None:
    """A numeral below 万 (`一千二百零五`, `十四`), or None when malformed."""
    table = rules()["numerals"]
    digits, units = table["digits"], table["units"]
    total, pending, last_unit = 0, None, limit * 10
    for ch in text:
        if ch in digits:
            if pending is not None and not (pending == 0 or digits[ch] == 0):
                return None  # two digits in a row: 十四五, 两三
            pending = digits[ch] if pending is None or digits[ch] != 0 else pending
        elif ch in units:
            unit = units[ch]
            if unit >= last_unit or pending == 0:
                return None
            total += (1 if pending is None else pending) * unit
            pending, last_unit = None, unit
        else:
            return None
    total += pending or 0
    return float(total) if total < limit else None
