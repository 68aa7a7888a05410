"""Answer a question in Chinese from the ledger's facts: `answer(store, question)`.

A question is read into the role it asks for (是多少 → level, 增速 → change, 排名 → rank …),
its period and subject words, an optional body (商务局 → only that body's reports) and the
metric words that remain. Facts are scored by how well their metric names the asked metric
(exact, synonym, substring, character-bigram overlap) and must have the asked words in
their sentence; the best is answered with the facts of the same sentence that qualify it
(its change, its rank). When no fact fits, the answer says so and, when the ledger has
sentences about the words, cites them instead. It never guesses.

The language knowledge lives in `duban/rules/ask.yaml`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from duban import rules as rules_data
from duban.analyse.similarity import bigrams, similarity
from duban.model import Approx, Report, Role
from duban.rules import Rules
from duban.store.base import SearchHit, Store, StoredFact

MIN_METRIC_SCORE = 0.6  # below this a fact does not answer the question
MIN_COVERAGE = 0.75  # share of the asked words' bigrams that must stand in the fact's sentence
MAX_FACTS = 5
MAX_CITATIONS = 5
MAX_CLAUSE = 14  # characters of a qualifying clause quoted in an answer

# What an answer calls a figure of each role, after the metric: 生产总值增速:13.8%.
_ANSWER_LABELS: dict[str, str] = {
    "level": "",
    "change": "增减",
    "share": "占比",
    "rank": "排名",
    "progress": "完成进度",
    "target": "目标",
    "diff": "差距",
}

# How well each role answers a question that names no role ("…是多少"): a level first,
# then a rate indicator's share; a growth rate only when nothing better is there.
_IMPLICIT_ROLE_FIT: dict[str, float] = {
    "level": 1.0,
    "share": 0.9,
    "progress": 0.6,
    "target": 0.5,
    "change": 0.5,
    "rank": 0.4,
    "diff": 0.2,
}
_WIDE_SUBJECTS = ("全市", "全省", "全国", "全区", "全县", "本市", "我市", "我省")
_QUOTES = re.compile(r"[“”\"'‘’《》「」『』〈〉()()\s]")
_CLAUSE_BREAK = re.compile(r"[,,;;。::、!!??]")
_APPROX_WORDS = {Approx.ABOUT: "约", Approx.OVER: "超", Approx.UNDER: "近"}


@dataclass(frozen=True, slots=True)
class Citation:
    report: str  # the report's title
    sentence: str


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


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    answer: str
    facts: tuple[StoredFact, ...]  # best first; empty when the ledger has no figure for it
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class _Scored:
    stored: StoredFact
    metric_score: float
    total: float


def _rules() -> Rules:
    return rules_data.ask()


@cache
def _synonym_groups() -> tuple[frozenset[str], ...]:
    return tuple(frozenset(_norm(w) for w in group) for group in _rules()["metric_synonyms"])


def _norm(text: str) -> str:
    """Width-folded, lower-cased, without quotation marks and spaces."""
    return _QUOTES.sub("", unicodedata.normalize("NFKC", str(text))).lower()


def _longest_first(words: Iterable[str]) -> list[str]:
    return sorted({unicodedata.normalize("NFKC", str(w)) for w in words}, key=len, reverse=True)


def _take(text: str, words: Iterable[str]) -> tuple[str, str | None]:
    """Remove every occurrence of the listed words; return the rest and the first word found."""
    found: str | None = None
    for word in _longest_first(words):
        if word in text:
            found = found or word
            text = text.replace(word, " ")
    return text, found


def _department_words(reports: Sequence[Report]) -> dict[str, str]:
    """Names a user may call a body by → a word its reports' department carries: the whole
    name, the name without its place (商务局), the place (青岛市, 青岛) and aliases (人社局)."""
    names: dict[str, str] = {}
    for report in reports:
        department = report.department or ""
        place = re.match(r"^(.{2,6}?)([省市区县])(?=.{2,})", department)
        if place:
            names[department[place.end() :]] = department[place.end() :]
            names[place.group(0)] = names[place.group(1)] = place.group(0)
        if len(department) >= 2:
            names[department] = department
    for alias, word in _rules()["department_aliases"].items():
        if any(word in name for name in names):
            names[str(alias)] = str(word)
    return {name: word for name, word in names.items() if len(name) >= 2}


def parse_question(question: str, departments: dict[str, str] | None = None) -> Question:
    """Read the role, period, subject, body and metric words of a question.

    `departments` maps body names a user may type to words of a report's department
    (from the ledger); a body named in the question is removed from the metric words.
    """
    rules = _rules()
    text = unicodedata.normalize("NFKC", question).strip()
    text = re.sub(r"[??!!。.,,\s]+$", "", text)
    wanted: list[str] = []
    for name in _longest_first(departments or {}):
        if name in text:
            wanted.append((departments or {})[name])
            text = text.replace(name, " ")
    role: Role | None = None
    for role_name, cues in rules["role_cues"].items():
        text, cue = _take(text, cues)
        if cue and role is None:
            role = Role(role_name)
    against = None
    if role is Role.RANK and (group := re.search(rules["rank_group"], text)):
        against = group.group(1)
        text = text[: group.start()] + " " + text[group.end() :]
    text, period = _take(text, rules["period_words"])
    text, subject = _take(text, rules["subject_words"])
    units = "|".join(map(re.escape, _longest_first(rules["question_units"])))
    text = re.sub(rf"(?:一共有|共有|有|是|为)?(?:多少|几)(?:{units})", " ", text)
    text, _ = _take(text, rules["question_words"])
    text, _ = _take(text, rules["filler_words"])
    metric = _norm(re.sub(r"[??!!。,,、::;;]", "", text))
    return Question(question, metric, role, period, subject, tuple(dict.fromkeys(wanted)), against)


def metric_variants(metric: str) -> dict[str, float]:
    """The asked metric and its synonyms, each with the weight of a match through it."""
    metric = _norm(metric)
    variants = {metric: 1.0} if metric else {}
    for group in _synonym_groups():
        if metric in group:
            for word in group:
                variants.setdefault(word, 0.97)
    return variants


def metric_similarity(asked: str, metric: str) -> float:
    """1 for the same words; containment scores by how much of the longer is covered; else
    the Dice overlap of character bigrams (at most 0.9)."""
    return similarity(_norm(asked), _norm(metric), contained=(0.6, 0.35), overlap=_weighted_dice)


def _weighted_dice(a: set[str], b: set[str]) -> float:
    return 0.9 * 2 * len(a & b) / (len(a) + len(b))


def _coverage(asked: str, text: str) -> float:
    grams = bigrams(asked)
    if not grams:
        return 1.0 if asked and asked in text else 0.0
    return sum(g in text for g in grams) / len(grams)


def _metric_score(variants: dict[str, float], stored: StoredFact) -> float:
    fact = stored.fact
    where = _norm(fact.metric) + _norm(fact.sentence.text)
    best = 0.0
    for variant, weight in variants.items():
        if _coverage(variant, where) < MIN_COVERAGE:
            continue
        best = max(best, weight * metric_similarity(variant, fact.metric))
    return best


def _role_fit(asked: Role | None, stored: StoredFact) -> float:
    role = str(stored.fact.role)
    if asked is not None:
        return 1.0 if role == asked else 0.0
    fit = _IMPLICIT_ROLE_FIT.get(role, 0.0)
    if role == "target" and stored.section_kind == "plans":
        fit -= 0.1
    return fit


def _context_fit(question: Question, stored: StoredFact) -> float:
    fact = stored.fact
    fit = 0.0
    subject = fact.subject or ""
    if question.subject:
        fit += 0.05 if subject == question.subject else 0.0
    elif subject and subject not in _WIDE_SUBJECTS:
        fit -= 0.03  # a part (one district, one zone) answers a question about the whole less well
    if question.period and question.period in (fact.period or "") + fact.sentence.text:
        fit += 0.03
    if question.against and _coverage(_norm(question.against), _norm(_raw_clause(stored))) >= 0.5:
        fit += 0.05
    return fit


def _score(question: Question, variants: dict[str, float], stored: StoredFact) -> _Scored | None:
    metric_score = _metric_score(variants, stored)
    role_fit = _role_fit(question.role, stored)
    if metric_score < MIN_METRIC_SCORE or role_fit <= 0:
        return None
    total = metric_score + 0.3 * role_fit + _context_fit(question, stored)
    return _Scored(stored, metric_score, total)


def _candidates(
    store: Store, question: Question, variants: dict[str, float], reports: Sequence[Report]
) -> list[StoredFact]:
    """Every fact in scope whose metric shares a bigram (or, for a one-character word, the
    character) with some variant: a superset of the facts that can score above zero."""
    keys = set()
    for variant in variants:
        keys |= bigrams(variant) or {variant}
    by_id = {r.id: r for r in reports}
    ids = _report_ids(reports, question.departments) if question.departments else [None]
    seen: dict[tuple[str, int, int], StoredFact] = {}
    for report_id in ids:
        for key in sorted(keys):
            for stored in store.facts(report=report_id, metric=key):
                span = stored.fact.quantity.span
                if _fact_in_scope(question, stored, by_id.get(stored.report_id)):
                    seen.setdefault((stored.report_id, span.start, span.end), stored)
    return list(seen.values())


def _report_ids(reports: Sequence[Report], departments: Sequence[str]) -> list[str | None]:
    return [r.id for r in reports if all(word in (r.department or "") + r.title for word in departments)]


def _in_scope(question: Question, report: Report | None, subject: str, when: str) -> bool:
    """A figure answers only for the level of government (全市 → a city) and the strict period
    (上半年 → the first half) the question names. `subject` and `when` are what the fact or
    sentence itself says of whom and when."""
    about = (report.department or "") + report.title if report else ""
    level = _rules()["subject_levels"].get(question.subject or "")
    if level and level not in subject + about:
        return False
    if question.period:
        said = when + ((report.period or "") if report else "") + about
        for group in _rules()["strict_periods"]:
            if question.period in group and not any(word in said for word in group):
                return False
    return True


def _fact_in_scope(question: Question, stored: StoredFact, report: Report | None) -> bool:
    fact = stored.fact
    subject = (fact.subject or "") + ("" if report else stored.report_title)
    return _in_scope(question, report, subject, (fact.period or "") + fact.sentence.text)


def _raw_clause(stored: StoredFact) -> str:
    """The sentence's words from the start of the quantity's clause to the quantity's end."""
    fact = stored.fact
    sentence = fact.sentence
    start = fact.quantity.span.start - sentence.span.start
    end = fact.quantity.span.end - sentence.span.start
    if not 0 <= start <= end <= len(sentence.text):
        return fact.quantity.text
    breaks = list(_CLAUSE_BREAK.finditer(sentence.text[:start]))
    return sentence.text[breaks[-1].end() if breaks else 0 : end].strip()


def _clause(stored: StoredFact) -> str:
    """How the sentence says a figure: its clause up to the quantity (同比增长39.6%) when that
    is short, else the role's label and the figure."""
    clause = _raw_clause(stored)
    if len(clause) <= MAX_CLAUSE:
        return clause
    return _label(stored, with_metric=False) + _figure(stored)


def _label(stored: StoredFact, with_metric: bool = True) -> str:
    """生产总值增速, 城镇登记失业率, 进出口排名: what a figure of this role is called."""
    fact = stored.fact
    role = str(fact.role)
    if role == "change" and fact.quantity.unit == "%":
        suffix = "增速"
    elif role == "share" and fact.metric.endswith("率"):
        suffix = ""
    else:
        suffix = _ANSWER_LABELS.get(role, "")
    if not with_metric:
        return suffix or "总量"
    return fact.metric + suffix


def _figure(stored: StoredFact) -> str:
    quantity = stored.fact.quantity
    word = _APPROX_WORDS.get(quantity.approx) if quantity.approx else None
    if word and not any(w in quantity.text for w in ("余", "多", "左右")):
        return word + quantity.text
    return quantity.text


def _same_sentence(a: StoredFact, b: StoredFact) -> bool:
    return a.report_id == b.report_id and a.fact.sentence.index == b.fact.sentence.index


def _companions(best: _Scored, pool: Sequence[StoredFact]) -> list[StoredFact]:
    """Facts of the best fact's sentence, on the same indicator, that qualify it (its change,
    rank or share) — at most one per role."""
    roles = {str(best.stored.fact.role)}
    found: list[StoredFact] = []
    for stored in pool:
        role = str(stored.fact.role)
        if stored is best.stored or role in roles or not _same_sentence(stored, best.stored):
            continue
        if role in ("diff", "target"):
            continue
        if metric_similarity(stored.fact.metric, best.stored.fact.metric) >= 0.8:
            roles.add(role)
            found.append(stored)
    return found


def _answer_text(best: StoredFact, companions: Sequence[StoredFact]) -> str:
    fact = best.fact
    lead = "".join(w for w in (fact.period, fact.subject) if w and w not in fact.metric)
    parts = [f"{lead}{_label(best)}:{_figure(best)}", *(_clause(c) for c in companions)]
    return ",".join(parts) + f"(见《{best.report_title}》)"


def _citation(stored: StoredFact) -> Citation:
    return Citation(stored.report_title, stored.fact.sentence.text)


def _fallback(store: Store, question: Question, reports: Sequence[Report]) -> Answer:
    asked = question.metric or question.text
    hits = _search(store, question, reports) if question.metric else []
    if hits:
        text = f"找不到「{asked}」的数字;以下原文可能相关。"
        citations = tuple(Citation(h.report_title, h.sentence.text) for h in hits[:MAX_CITATIONS])
        return Answer(question.text, text, (), citations)
    if not question.metric:
        return Answer(question.text, "找不到问题所问的指标:请写出指标名称,如「进出口总额是多少」。", (), ())
    return Answer(question.text, f"找不到「{asked}」的相关数据。", (), ())


def _search(store: Store, question: Question, reports: Sequence[Report]) -> list[SearchHit]:
    """Sentences naming the asked words (or a synonym), in the bodies the question names."""
    wanted = set(_report_ids(reports, question.departments)) if question.departments else None
    by_id = {r.id: r for r in reports}
    hits: list[SearchHit] = []
    for variant in metric_variants(question.metric):
        if len(variant) < 2:
            continue
        hits = [
            h
            for h in store.search(variant, limit=50)
            if (wanted is None or h.report_id in wanted)
            and _in_scope(question, by_id.get(h.report_id), "", h.sentence.text)
        ]
        if hits:
            break
    return hits


def answer(store: Store, question: str) -> Answer:
    """Answer one question from the ledger: figures from facts first, never a guess."""
    reports = [summary.report for summary in store.reports()]
    parsed = parse_question(question, _department_words(reports))
    if len(parsed.metric) < 2:
        return _fallback(store, parsed, reports)
    variants = metric_variants(parsed.metric)
    pool = _candidates(store, parsed, variants, reports)
    ranked = sorted(
        (s for s in (_score(parsed, variants, f) for f in pool) if s is not None),
        key=lambda s: -s.total,
    )
    if not ranked:
        return _fallback(store, parsed, reports)
    best = ranked[0]
    companions = _companions(best, pool)
    rest = [s.stored for s in ranked[1:] if s.stored not in companions]
    facts = (best.stored, *companions, *rest)[:MAX_FACTS]
    citations = tuple(dict.fromkeys(_citation(s) for s in facts))[:MAX_CITATIONS]
    return Answer(question, _answer_text(best.stored, companions), facts, citations)


def answer_json(result: Answer) -> dict:
    """The answer as one JSON object: question, answer, facts (contract objects with
    `report_id` and `section`), citations ({report, sentence})."""
    return {
        "question": result.question,
        "answer": result.answer,
        "facts": [
            {**s.fact.to_json(s.report_title), "report_id": s.report_id, "section": s.section_heading}
            for s in result.facts
        ],
        "citations": [{"report": c.report, "sentence": c.sentence} for c in result.citations],
    }
