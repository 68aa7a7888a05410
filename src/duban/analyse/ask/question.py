"""Reading a question: `parse_question` takes out the role it asks for (是多少 → level,
增速 → change, 排名 → rank …), the period and place it names on the calendar and the map,
its period and subject words and an optional body (商务局); the metric words remain.

Also the text helpers the other parts share: `norm` (width-folded, lower-cased, no quotes),
`item_end` (where the words of one item end) and `ask_rules` (duban/rules/ask.yaml).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from duban import rules as rules_data
from duban.lineup import resolve
from duban.lineup import when as when_words
from duban.lineup.place import place_words
from duban.model import Report, Role
from duban.rules import Rules

_QUOTES = re.compile(r"[“”\"'‘’《》「」『』〈〉()()\s]")
_GROUP_AFTER = re.compile(r"(?:城市|同类|省份|各省|前列|第|排名|位次|平均)")  # 全国城市: a group ranked in


@cache
def item_end() -> re.Pattern[str]:
    """A clause break or a list mark (、): where the words of one item end."""
    lex = rules_data.lexicon()
    return re.compile(rules_data.char_class({*lex.clause_breaks, lex.list_mark}))


@dataclass(frozen=True, slots=True)
class Question:
    """What a question asks, as read by `parse_question`."""

    text: str
    metric: str  # the words naming the indicator, "" when none are left
    role: Role | None  # None: the question names no role (a level is preferred)
    period: str | None
    subject: str | None
    departments: tuple[str, ...]  # words of a body's name the reports must carry
    against: str | None = None  # the group a rank is asked against: 全国城市
    when: str | None = None  # a period the question names on the calendar (2018年 → 2018): strict
    where: str | None = None  # a place it names (四川 → 四川省): strict


def ask_rules() -> Rules:
    return rules_data.ask()


def norm(text: str) -> str:
    """Width-folded, lower-cased, without quotation marks and spaces."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", str(text))).lower()


def _longest_first(words: Iterable[str]) -> list[str]:
    """The words, longest first; words of one length in the order given (a set's order would
    change with each process's string hashing: 全市 or 全省 taken first from 全市占全省)."""
    return sorted(dict.fromkeys(unicodedata.normalize("NFKC", str(w)) for w in words), key=len, reverse=True)


def _take(text: str, words: Iterable[str]) -> tuple[str, str | None]:
    """Remove every occurrence of the listed words; return the rest and the first word found."""
    found: str | None = None
    for word in _longest_first(words):
        if word in text:
            found = found or word
            text = text.replace(word, " ")
    return text, found


def department_words(reports: Sequence[Report]) -> dict[str, str]:
    """Names a user may call a body by → a word its reports' department carries: the whole
    name, the name without its place (商务局), the place (青岛市, 青岛) and aliases (人社局)."""
    names: dict[str, str] = {}
    for department in dict.fromkeys(report.department or "" for report in reports):  # each once
        place = re.match(r"^(.{2,6}?)([省市区县])(?=.{2,})", department)
        if place:
            names[department[place.end() :]] = department[place.end() :]
            names[place.group(0)] = names[place.group(1)] = place.group(0)
        if len(department) >= 2:
            names[department] = department
    for alias, word in ask_rules()["department_aliases"].items():
        if any(word in name for name in names):
            names[str(alias)] = str(word)
    return {name: word for name, word in names.items() if len(name) >= 2}


def parse_question(question: str, departments: dict[str, str] | None = None) -> Question:
    """Read the role, period, subject, body and metric words of a question.

    `departments` maps body names a user may type to words of a report's department
    (from the ledger); a body named in the question is removed from the metric words.
    """
    rules = ask_rules()
    text = unicodedata.normalize("NFKC", question).strip()
    text = re.sub(r"[??!!。.,,\s]+$", "", text)
    wanted: list[str] = []
    for name in _longest_first(departments or {}):
        if name in text:
            wanted.append((departments or {})[name])
            text = text.replace(name, " ")
    text, when = _take_when(text)
    role: Role | None = None
    for role_name, cues in rules["role_cues"].items():
        text, cue = _take(text, cues)
        if cue and role is None:
            role = Role(role_name)
    against = None
    if role is Role.RANK and (group := re.search(rules["rank_group"], text)):
        against = group.group(1)
        text = text[: group.start()] + " " + text[group.end() :]
    text, where = _take_place(text)
    text, period = _take(text, rules["period_words"])
    text, subject = _take(text, rules["subject_words"])
    units = "|".join(map(re.escape, _longest_first(rules["question_units"])))
    text = re.sub(rf"(?:一共有|共有|有|是|为)?(?:多少|几)(?:{units})", " ", text)
    text, _ = _take(text, rules["question_words"])
    text, _ = _take(text, rules["filler_words"])
    metric = norm(item_end().sub("", text))
    departments_wanted = tuple(dict.fromkeys(wanted))
    return Question(question, metric, role, period, subject, departments_wanted, against, when, where)


def _take_when(text: str) -> tuple[str, str | None]:
    """A period the question names with its year (2018年, 2021年上半年, “十三五”时期), removed."""
    for said in when_words.times_in(text, None, None):
        if said.when and not said.base:
            return text[: said.start] + " " + text[said.end :], said.when
    return text, None


def _take_place(text: str) -> tuple[str, str | None]:
    """A place the question names (四川, 浙江省, 全国), removed; its full name."""
    for word in place_words():
        at = text.find(word)
        if at >= 0 and not _GROUP_AFTER.match(text[at + len(word) :]):
            return text[:at] + " " + text[at + len(word) :], resolve(word)
    return text, None
