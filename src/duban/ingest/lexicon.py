"""Language data shared by ingest, structure and extract: one loader for `rules/*.yaml` and
the Chinese numerals of `rules/lexicon.yaml` (digits, ordinals, run-in list cues).

It lives in the lowest layer that reads it; nothing is parsed before first use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The parsed `rules/<name>.yaml`, read once (by libyaml when PyYAML has it: ten times faster).

    The dict is shared: callers must not change it."""
    import yaml

    text = resources.files("duban").joinpath(f"rules/{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The numeral words of `rules/lexicon.yaml`; see its comments."""

    digits: dict[str, int]  # 零 〇 一 二 两 … 九
    units: dict[str, int]  # 十 百 千
    sections: dict[str, int]  # 万 亿
    ordinals: str  # 一 … 十: what heading and list ordinals are written with
    circled: str  # ① … ⑳
    run_in_cues: tuple[str, ...]  # 是, 要: 一是 … 二是 …

    def placeholders(self) -> dict[str, str]:
        """Regex fragments that rules files name in their patterns: <ORDINAL>, <CIRCLED>, <RUN_IN>."""
        return {
            "<ORDINAL>": f"[{self.ordinals}]",
            "<CIRCLED>": f"[{self.circled}]",
            "<RUN_IN>": "(?:" + "|".join(re.escape(c) for c in self.run_in_cues) + ")",
        }


@cache
def lexicon() -> Lexicon:
    raw = load_rules("lexicon")
    numerals = raw["numerals"]
    return Lexicon(
        digits=dict(numerals["digits"]),
        units=dict(numerals["units"]),
        sections=dict(numerals["sections"]),
        ordinals=raw["ordinals"],
        circled=raw["circled"],
        run_in_cues=tuple(raw["run_in_cues"]),
    )


def with_placeholders(pattern: str) -> str:
    """`pattern` with <ORDINAL>, <CIRCLED> and <RUN_IN> written out."""
    if "<" not in pattern:
        return pattern
    for name, fragment in lexicon().placeholders().items():
        pattern = pattern.replace(name, fragment)
    return pattern


def expanded(rules: Any) -> Any:
    """A copy of parsed rules with the placeholders of every string written out."""
    if isinstance(rules, str):
        return with_placeholders(rules)
    if isinstance(rules, dict):
        return {key: expanded(value) for key, value in rules.items()}
    if isinstance(rules, list):
        return [expanded(value) for value in rules]
    return rules


def ordinal_value(text: str) -> int:
    """The number of a heading or list ordinal: 一 → 1, 十二 → 12, 二十 → 20, 7 → 7, ③ → 3
    (0 when `text` is none)."""
    lex = lexicon()
    if len(text) == 1 and text in lex.circled:
        return lex.circled.index(text) + 1
    if text.isdigit():
        return int(text)
    ten = next(ch for ch, value in lex.units.items() if value == 10)
    if ten in text:
        tens, _, ones = text.partition(ten)
        return (lex.digits.get(tens, 1) if tens else 1) * 10 + (lex.digits.get(ones, 0) if ones else 0)
    return lex.digits.get(text, 0)
