"""Where a number belongs and which body reports it.

A report's issuer comes from its department or title (青岛市商务局 → the place 青岛市, the body
青岛市商务局; 国务院 → 全国). A fact belongs to the issuer's place unless its subject names
another place: 全市/我市 is the issuer's own city, 全省 its province (by `rules/places.yaml`),
全国 the country, a narrower named place (西海岸新区, 深圳) that place. A comparator (高于全国)
or a trade partner (东盟) is no place of the number; zones (示范区, 开发区) are the issuer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from duban import rules
from duban.model import Report, Role
from duban.rules.compiled import compiled


@dataclass(frozen=True, slots=True)
class Issuer:
    """Who reports: the place (青岛市, 浙江省, 全国) and the body (青岛市商务局, 国务院)."""

    place: str | None
    body: str | None

    @property
    def level(self) -> str:
        """The place's level word (市, 省, 区, 县 …), '' for the country or when unknown."""
        if not self.place or self.place == national():
            return ""
        m = re.search(r"(?:自治区|特别行政区|自治州|自治县|地区|[省市县区旗州盟])$", self.place)
        return m.group() if m else ""


def national() -> str:
    return rules.places()["national"]["name"]


@cache
def _gazetteer() -> tuple[dict[str, str], dict[str, str]]:
    """(a place's name or short name → its full name, a city's full name → its province)."""
    data = rules.places()
    names: dict[str, str] = {w: data["national"]["name"] for w in data["national"]["words"]}
    province_of: dict[str, str] = {}
    for province in data["provinces"]:
        full = province["name"]
        names[full] = full
        for short in province.get("short", ()):
            names.setdefault(short, full)
        for city in province.get("cities", ()):
            names.setdefault(city, city)
            province_of[city] = full
            short = re.sub(r"(?:市|地区|自治州|盟)$", "", city)
            if len(short) >= 2:
                names.setdefault(short, city)
    return names, province_of


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    p = rules.lineup()["places"]
    return {
        "issuer": compiled(p["issuer"]),
        "admin": compiled(p["admin_suffix"]),
        "zones": compiled(p["zones"]),
        "not_before": compiled(p["not_before"]),
        "named_zone": compiled(p["named_zone"]),
        "zone_category": compiled(p["zone_category"]),
        "topic": compiled(p["topic"]),
        "unnamed_level": compiled(p["unnamed_level"]),
    }


@cache
def place_words() -> tuple[str, ...]:
    """Every name and short name of a place the gazetteer knows, longest first (for reading a
    question: 四川2025年…)."""
    return tuple(sorted(_gazetteer()[0], key=len, reverse=True))


def resolve(word: str) -> str | None:
    """The full name of a place named by `word` (四川 → 四川省, 全国 → 全国), or None."""
    return _gazetteer()[0].get(word)


def issuer_of(report: Report) -> Issuer:
    """The report's place and body, from its department, else its title."""
    department = report.department or ""
    title = re.sub(r"^(?:19|20)\d\d年(?:度)?", "", report.title or "")
    for text in (department, title):
        place = _leading_place(text)
        if place:
            if text is department:
                return Issuer(place, department)  # 青岛市商务局, 国务院
            if department:
                return Issuer(place, place + department)  # 市商务局 in a title naming 青岛市
            return Issuer(place, _body_of_title(place, title))
    for text in (department, title):
        level = _patterns()["unnamed_level"].match(text)
        redacted_name = rules.lineup()["places"]["redacted_name"]
        redacted = re.search(redacted_name + level.group(1), report.text) if level else None
        if level and redacted:  # 区工信局 whose report names XX区 (a redacted copy)
            return Issuer(redacted.group(), redacted.group() + level.group()[1:])
    return Issuer(None, department or None)


def _body_of_title(place: str, title: str) -> str | None:
    """The body that gives a report naming none: a 政府工作报告 the place's government
    (浙江省人民政府; 国务院 for the country), a 统计公报 its statistics bureau."""
    p = rules.lineup()["places"]
    if "政府工作报告" in title:
        return p["national_government"] if place == national() else place + p["government"]
    if "统计公报" in title and place != national():
        return place + p["bulletin"]
    return None


_COUNTY_LEVEL: Final = frozenset("县区旗")


def _leading_place(text: str) -> str | None:
    """The place a body's name or a title starts with (青岛市商务局 → 青岛市), resolved."""
    names, _ = _gazetteer()
    for word in place_words():
        full = names[word]
        if text.startswith(word):
            rest = text[len(word) :]
            county = word != full and rest[:1] in _COUNTY_LEVEL and not full.endswith(rest[:1])
            if county and not _patterns()["not_before"].match(rest[1:]):
                return word + rest[:1]  # 长沙县, not 长沙市
            deeper = _patterns()["issuer"].match(rest)
            if full != national() and deeper and not _patterns()["not_before"].match(rest[deeper.end() :]):
                return full + deeper.group()  # 青岛市黄岛区
            return full
    m = _patterns()["issuer"].match(text)
    while m and _patterns()["not_before"].match(text[m.end() :]):
        m = _patterns()["issuer"].match(text[: m.end() - 1]) if m.end() > 2 else None
    return m.group() if m else None


def where_of(subject: str | None, role: str, issuer: Issuer, topic: str | None = None) -> str | None:
    """The place a fact's number belongs to: its subject's place, else the place the item it
    stands in is about (`topic`), else the issuer's. In a local report 全国 and 我国 as a
    subject name a national list or title (全国青少年校园足球特色学校), not the country's figure."""
    if subject and role not in (Role.DIFF, Role.RANK):
        place = subject_place(subject, issuer)
        if place and not (place == national() and issuer.place != national()):
            return place
    return topic or issuer.place


def topic_place(opening: str) -> str | None:
    """The named zone a run-in item opens with (上合示范区建设取得新成果 → 上合示范区), or None."""
    m = _patterns()["topic"].match(opening)
    if m is None or _patterns()["zone_category"].match(m.group()):
        return None
    return m.group()


def subject_place(subject: str, issuer: Issuer) -> str | None:
    """The place a subject names (全市 → the issuer's city, 全省 → its province, 深圳 → 深圳市),
    or None when it names none (市属企业, 东盟, 上合示范区)."""
    return _subject_place(subject, issuer.place)


@cache
def _subject_place(subject: str, place: str | None) -> str | None:
    """`subject_place`, kept by the issuer's place, all of the issuer it reads (a key of two
    strings: an `Issuer`'s own hash and equality run as Python, the dataclass's generated code)."""
    own = rules.places()["own_place"]
    issuer = Issuer(place, None)
    level = issuer.level
    for words in own.values():
        if subject in words:
            return _own(subject, issuer, level)
    full = resolve(subject)
    if full:
        return full
    patterns = _patterns()
    if not re.fullmatch(r"[\u4e00-\u9fff]{3,8}", subject) or patterns["zone_category"].match(subject):
        return None
    if patterns["named_zone"].search(subject):
        return subject  # 上合示范区: a named zone is a place of its own
    if patterns["admin"].search(subject) and not patterns["zones"].search(subject):
        return subject
    return None


def _own(word: str, issuer: Issuer, level: str) -> str | None:
    """全市/全省/全区 … in a report of `issuer`: its own place when the level fits, else the
    province of a city for 全省."""
    said = word[-1]
    if issuer.place and level.endswith(said):
        return issuer.place
    if said == "省" and issuer.place:
        city = re.match(r".+?市", issuer.place)
        return _gazetteer()[1].get(city.group()) if city else None
    return None
