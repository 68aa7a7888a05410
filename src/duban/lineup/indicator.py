"""Which indicator a metric is, however it is worded: the catalogue of `rules/indicators.yaml`.

`indicator_of("全市生产总值")` is the 地区生产总值 entry; a metric that matches no entry has no
entry (its `indicator` is then the metric itself). A metric matches an entry when, with the
place and subject words in front of it and the change words after it dropped, it equals the
entry's name, national name or one of its aliases (compared width-folded, without quotation
marks or spaces, Latin letters in upper case).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Final

from duban import rules
from duban.rules.compiled import compiled


class Better(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"


class TargetKind(StrEnum):
    FLOOR = "floor"  # 以上, 不低于: met at or above
    CEILING = "ceiling"  # 以内, 控制在, 不超过: met at or below
    POINT = "point"  # 左右: met within a tolerance (and beyond it on the good side)
    RANGE = "range"  # 6%—6.5%: met at or above the lower end


@dataclass(frozen=True, slots=True)
class Indicator:
    """One entry of the catalogue."""

    name: str
    national: str | None  # the State Council's name for the whole country (国内生产总值)
    aliases: tuple[str, ...]
    units: tuple[str, ...]
    better: Better
    target: TargetKind
    examples: tuple[str, ...]

    def name_for(self, where: str | None) -> str:
        """The name a reader expects for this place: the national name for 全国."""
        national = rules.places()["national"]["name"]
        return self.national if self.national and where == national else self.name


_MARKS: Final = re.compile(r"[\s“”‘’\"'《》〈〉「」『』]")


def normalize(text: str) -> str:
    """Width-folded, quotation marks and spaces gone, Latin letters in upper case."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", text)).upper()


@cache
def catalogue() -> tuple[Indicator, ...]:
    return tuple(
        Indicator(
            name=entry["name"],
            national=entry.get("national"),
            aliases=tuple(entry.get("aliases", ())),
            units=tuple(entry.get("units", ())),
            better=Better(entry.get("better", "neither")),
            target=TargetKind(entry.get("target", "point")),
            examples=tuple(entry.get("examples", ())),
        )
        for entry in rules.indicators()["indicators"]
    )


@cache
def _by_name() -> dict[str, Indicator]:
    """Every name, national name and alias (normalised) → its entry."""
    found: dict[str, Indicator] = {}
    for entry in catalogue():
        for word in (entry.name, entry.national, *entry.aliases):
            if word:
                found.setdefault(normalize(word), entry)
    return found


@cache
def _edges() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(words in front of a metric that say whose it is, the same with places too, words after
    it that say it changed or how much)."""
    from duban.lineup.place import place_words  # the gazetteer's names (深圳, 四川省)

    data = rules.lineup()["indicator"]
    front = "|".join(sorted(map(re.escape, data["front_words"]), key=len, reverse=True))
    places = data["front_place"] + "|" + "|".join(map(re.escape, place_words()))
    back = "|".join(sorted(map(re.escape, data["back_words"]), key=len, reverse=True))
    return (
        compiled(rf"^(?:{front})+"),
        compiled(rf"^(?:(?:{front})|(?:{places}))+"),
        compiled(rf"(?:{back})+$"),
    )


def by_name(name: str) -> Indicator | None:
    """The entry whose name, national name or alias `name` is exactly (normalised)."""
    return _by_name().get(normalize(name))


@cache
def indicator_of(metric: str) -> Indicator | None:
    """The catalogue entry `metric` names, or None. Tried in turn: the metric itself; without
    the subject words in front (全省); without the words after (增长); without both; then the
    same with a place in front dropped too (浙江省, 深圳) — so that a name that only looks like
    it starts with a place (人均地区…, 新增市场主体) is matched whole first."""
    if not metric:
        return None
    key = normalize(metric)
    table = _by_name()
    front, front_and_places, back = _edges()
    for strip_front in (front, front_and_places):
        bare = strip_front.sub("", key)
        for candidate in (key, bare, back.sub("", key), back.sub("", bare)):
            if candidate and candidate in table:
                return table[candidate]
    return None


def indicator_name(metric: str) -> str:
    """What a fact's `indicator` says: the catalogue entry's name (the same for every place:
    地区生产总值 for 全国's 国内生产总值 too, so that one series holds both), else the metric."""
    entry = indicator_of(metric)
    return entry.name if entry else metric
