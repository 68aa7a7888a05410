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
from duban.lineup import indicator_of, resolve
from duban.lineup import when as when_words
from duban.lineup.place import place_words
from duban.model import Fact, Report, Role
from duban.rules import Rules
from duban.store.base import Lineup, SearchHit, Store, StoredFact

MIN_METRIC_SCORE = 0.6  # below this a fact does not answer the question
MIN_COVERAGE = 0.75  # share of the asked words' bigrams that must stand in the fact's sentence
MAX_FACTS = 5
MAX_CITATIONS = 5
MAX_CLAUSE = 14  # characters of a qualifying clause quoted in an answer
SUBSEQUENCE_SHORTEST, SUBSEQUENCE_SCORE = 4, 0.8  # 引进人才 names 引进集聚人才

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
_GROUP_AFTER = re.compile(r"(?:城市|同类|省份|各省|前列|第|排名|位次|平均)")  # 全国城市: a group ranked in


@cache
def _item_end() -> re.Pattern[str]:
    """A clause break or a list mark (、): where the words of one item end."""
    lex = rules_data.lexicon()
    return re.compile(rules_data.char_class({*lex.clause_breaks, lex.list_mark}))


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
    when: str | None = None  # a period the question names on the calendar (2018年 → 2018): strict
    where: str | None = None  # a place it names (四川 → 四川省): strict


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    answer: str
    facts: tuple[StoredFact, ...]  # best first; empty when the ledger has no figure for it
    citations: tuple[Citation, ...]
    nearest: tuple[StoredFact, ...] = ()  # a refused question's nearest facts (another year, place)


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
    metric = _norm(_item_end().sub("", text))
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


def metric_variants(metric: str) -> dict[str, float]:
    """The asked metric and its synonyms (of ask.yaml and of the indicator catalogue), each
    with the weight of a match through it."""
    metric = _norm(metric)
    variants = {metric: 1.0} if metric else {}
    for group in _synonym_groups():
        if metric in group:
            for word in group:
                variants.setdefault(word, 0.97)
    entry = indicator_of(metric) if metric else None
    if entry is not None:
        for word in (entry.name, entry.national or "", *entry.aliases):
            if word:
                variants.setdefault(_norm(word), 0.97)
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


def _metric_score(variants: dict[str, float], stored: StoredFact, indicator: str | None = None) -> float:
    fact = stored.fact
    if indicator is not None and fact.indicator == indicator:
        return 1.0  # the catalogue says it is the asked indicator, however it is worded
    where = _norm(fact.metric) + _norm(fact.sentence.text)
    metric = _norm(fact.metric)
    best = 0.0
    for variant, weight in variants.items():
        if len(variant) >= SUBSEQUENCE_SHORTEST and _in_order(variant, metric):
            best = max(best, weight * SUBSEQUENCE_SCORE)  # 引进人才 in 引进集聚人才
        if _coverage(variant, where) < MIN_COVERAGE:
            continue
        best = max(best, weight * metric_similarity(variant, fact.metric))
    return best


def _in_order(asked: str, metric: str) -> bool:
    """Whether every character of `asked` stands in `metric`, in order."""
    rest = iter(metric)
    return all(ch in rest for ch in asked)


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


def _score(
    question: Question, variants: dict[str, float], stored: StoredFact, indicator: str | None = None
) -> _Scored | None:
    metric_score = _metric_score(variants, stored, indicator)
    role_fit = _role_fit(question.role, stored)
    if metric_score < MIN_METRIC_SCORE or role_fit <= 0:
        return None
    total = metric_score + 0.3 * role_fit + _context_fit(question, stored)
    return _Scored(stored, metric_score, total)


class _Pool:
    """The facts a question can be answered with, read from the indexes (issue 11: ask from
    indexes, not from a scan of all facts), in the order the answer weighs them.

    The candidates are every fact in scope whose metric shares a bigram (or, for a
    one-character word, the character) with some variant, and every fact the catalogue names
    the asked indicator. Which stored metrics hold which bigram is read from the distinct
    metrics (`Store.metrics_holding`); only facts whose metric can score `MIN_METRIC_SCORE`
    (`_metric_bound`) or that are of the asked indicator are read (`scored`): the others
    never answer. The best fact's sentence is read whole for its companions (`sentence`).
    Both lists keep the candidates' order: the asked indicator's facts by report, then by
    report, bigram (sorted) and position, first place kept."""

    def __init__(
        self, store: Store, question: Question, variants: dict[str, float], reports: Sequence[Report]
    ):
        self.store, self.question = store, question
        keys: set[str] = set()
        for variant in variants:
            keys |= bigrams(variant) or {variant}
        self.keys = sorted(keys)
        self.by_id = {r.id: r for r in reports}
        self.ids = _report_ids(reports, question.departments) if question.departments else [None]
        self.entry = indicator_of(question.metric)
        self.holding = store.metrics_holding(self.keys)
        metrics = set().union(*self.holding.values()) if self.holding else set()
        self.promising = sorted(m for m in metrics if _metric_bound(variants, m) >= MIN_METRIC_SCORE)
        self.indicator_facts = (
            store.facts(lineup=Lineup(indicator=self.entry.name)) if self.entry is not None else []
        )
        self.only_indicator = False

    def scored(self) -> list[StoredFact]:
        """The candidates that can score, in order; only the asked indicator's when it has any."""
        facts = self.store.facts(metrics=self.promising) if self.promising else []
        pool = self._ordered(self.indicator_facts, facts)
        if self.entry is not None and any(f.fact.indicator == self.entry.name for f in pool):
            self.only_indicator = True
            pool = [f for f in pool if f.fact.indicator == self.entry.name]
        return pool

    def sentence(self, best: StoredFact, scored: Sequence[StoredFact]) -> list[StoredFact]:
        """The candidates of the best fact's sentence, in order (the scored ones as they are)."""
        metrics = sorted(set().union(*self.holding.values())) if self.holding else []
        index = best.fact.sentence.index
        mine = [f for f in self.indicator_facts if f.report_id == best.report_id]
        facts = self.store.facts(report=best.report_id, metrics=metrics) if metrics else []
        pool = self._ordered(
            [f for f in mine if f.fact.sentence.index == index],
            [f for f in facts if f.fact.sentence.index == index],
        )
        if self.only_indicator:
            pool = [f for f in pool if f.fact.indicator == self.entry.name]  # type: ignore[union-attr]
        known = {_key(f): f for f in scored}
        return [known.get(_key(f), f) for f in pool]

    def _ordered(self, indicated: Sequence[StoredFact], by_metric: Sequence[StoredFact]) -> list[StoredFact]:
        seen: dict[tuple[str, int, int], StoredFact] = {}
        indicated_by, by_metric_by = _by_report(indicated), _by_report(by_metric)
        for report_id in self.ids:
            for stored in indicated if report_id is None else indicated_by.get(report_id, []):
                self._add(seen, stored)
        for report_id in self.ids:
            mine = by_metric if report_id is None else by_metric_by.get(report_id, [])
            for key in self.keys:
                holding = self.holding.get(key, set())
                for stored in mine:
                    if stored.fact.metric in holding:
                        self._add(seen, stored)
        return list(seen.values())

    def _add(self, seen: dict[tuple[str, int, int], StoredFact], stored: StoredFact) -> None:
        if _fact_in_scope(self.question, stored, self.by_id.get(stored.report_id)):
            seen.setdefault(_key(stored), stored)


def _by_report(facts: Sequence[StoredFact]) -> dict[str, list[StoredFact]]:
    grouped: dict[str, list[StoredFact]] = {}
    for stored in facts:
        grouped.setdefault(stored.report_id, []).append(stored)
    return grouped


def _key(stored: StoredFact) -> tuple[str, int, int]:
    span = stored.fact.quantity.span
    return (stored.report_id, span.start, span.end)


def _metric_bound(variants: dict[str, float], metric: str) -> float:
    """The most `_metric_score` gives a fact of this metric not of the asked indicator: its
    score without the coverage test of the sentence."""
    normed = _norm(metric)
    best = 0.0
    for variant, weight in variants.items():
        if len(variant) >= SUBSEQUENCE_SHORTEST and _in_order(variant, normed):
            best = max(best, weight * SUBSEQUENCE_SCORE)
        best = max(best, weight * metric_similarity(variant, metric))
    return best


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
    breaks = list(_item_end().finditer(sentence.text[:start]))
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
    word = rules_data.labels()["approx_before"][str(quantity.approx)] if quantity.approx else None
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


def _answer_text(
    best: StoredFact,
    companions: Sequence[StoredFact],
    partner: StoredFact | None = None,
    question: Question | None = None,
) -> str:
    fact = best.fact
    said = [fact.period, fact.subject]
    if question is not None and (question.when or question.where):
        said = [question.where, _when_words(fact.when), fact.subject if not question.where else None]
    lead = "".join(w for w in dict.fromkeys(said) if w and w not in fact.metric)
    figure = _figure(best)
    if partner is not None:
        low, high = sorted((best, partner), key=lambda s: s.fact.quantity.span.start)
        figure = f"{_figure(low)}—{_figure(high)}"
    parts = [f"{lead}{_label(best)}:{figure}", *(_clause(c) for c in companions)]
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
    """Answer one question from the ledger: figures from facts first, never a guess. A question
    naming a year or a place is answered only by facts of that period and place; when none
    fits, it is refused and the nearest facts are shown beside the refusal."""
    if re.search(_rules()["behind_question"], unicodedata.normalize("NFKC", question)):
        return _behind(store, question)
    reports = store.report_list()  # titles, departments and periods: no text, no counts
    parsed = parse_question(question, _department_words(reports))
    if len(parsed.metric) < 2:
        return _fallback(store, parsed, reports)
    variants = metric_variants(parsed.metric)
    entry = indicator_of(parsed.metric)
    candidates = _Pool(store, parsed, variants, reports)
    pool = candidates.scored()  # the catalogue's indicator only, when it has facts
    indicator = entry.name if entry else None
    scored = (_score(parsed, variants, f, indicator) for f in pool)
    ranked = sorted((s for s in scored if s is not None), key=lambda s: -s.total)
    fitting = [s for s in ranked if _fits(parsed, s.stored.fact)]
    if not fitting:
        if ranked and (parsed.when or parsed.where):
            return _refused(parsed, [s.stored for s in ranked])
        return _fallback(store, parsed, reports)
    best = fitting[0]
    sentence = candidates.sentence(best.stored, pool)
    companions = [c for c in _companions(best, sentence) if _fits(parsed, c.fact)]
    partner = _range_partner(best.stored, sentence)
    rest = [s.stored for s in fitting[1:] if s.stored not in companions and s.stored is not partner]
    facts = (best.stored, *((partner,) if partner else ()), *companions, *rest)[:MAX_FACTS]
    citations = tuple(dict.fromkeys(_citation(s) for s in facts))[:MAX_CITATIONS]
    return Answer(question, _answer_text(best.stored, companions, partner, parsed), facts, citations)


def _fits(question: Question, fact: Fact) -> bool:
    """Whether a fact is of the period and place the question names (when it names them)."""
    if question.where and fact.where != question.where:
        return False
    if question.when:
        if fact.when is None:
            return False
        if fact.when != question.when and not (
            fact.when.count("-") == 2 and when_words.within(fact.when, question.when)
        ):
            return False  # 2019年末 answers a question about 2019; another year never does
    return True


def _refused(question: Question, ranked: Sequence[StoredFact]) -> Answer:
    asked = "".join(w for w in (question.where, _when_words(question.when), question.metric) if w)
    nearest = tuple(ranked[:MAX_FACTS])
    shown = ",".join(
        f"{s.fact.where or ''}{_when_words(s.fact.when)}{_label(s)}{_figure(s)}" for s in nearest[:3]
    )
    text = f"找不到{asked}的数据;不以其他时期或地区的数字作答。最接近的数据:{shown}。"
    citations = tuple(dict.fromkeys(_citation(s) for s in nearest))[:MAX_CITATIONS]
    return Answer(question.text, text, (), citations, nearest)


def _when_words(when: str | None) -> str:
    """2018 → 2018年; 2021-H1 → 2021年上半年; other forms as they are."""
    if not when:
        return ""
    if re.fullmatch(r"\d{4}", when):
        return f"{when}年"
    halves = {"H1": "上半年", "H2": "下半年"}
    m = re.fullmatch(r"(\d{4})-(H[12])", when)
    if m:
        return f"{m.group(1)}年{halves[m.group(2)]}"
    m = re.fullmatch(r"(\d{4})/(\d{4})", when)
    if m:
        return f"{m.group(1)}—{m.group(2)}年"
    return when


def _range_partner(best: StoredFact, pool: Sequence[StoredFact]) -> StoredFact | None:
    """The other end of a range the best fact opens or closes (6%－6.5%)."""
    fact = best.fact
    start = fact.sentence.span.start
    for other in pool:
        o = other.fact
        if other is best or not _same_sentence(other, best) or o.metric != fact.metric or o.role != fact.role:
            continue
        first, second = (fact, o) if fact.quantity.span.start < o.quantity.span.start else (o, fact)
        between = fact.sentence.text[first.quantity.span.end - start : second.quantity.span.start - start]
        if re.fullmatch(r"[-—－~～至到]{1,2}", between):
            return other
    return None


def _behind(store: Store, question: str) -> Answer:
    """Which bodies are behind schedule: the progress checks' findings, with their sentences."""
    from duban.analyse.findings import ledger_findings

    summaries = {s.report.id: s.report for s in store.reports()}
    behind = [f for f in ledger_findings(store) if f.kind == "progress" and f.status == "behind"]
    if not behind:
        return Answer(question, "按时间进度核查,没有发现进度落后的任务。", (), ())
    bodies: dict[str, list[str]] = {}
    for finding in behind:
        report = summaries.get(finding.report_id)
        body = (report.department or report.title) if report else finding.report_id
        bodies.setdefault(body, []).append(finding.message)
    listed = ";".join(f"{body}:{messages[0]}" for body, messages in bodies.items())
    text = f"任务进度落后于时间进度的有{len(bodies)}个部门:{listed}"
    citations = tuple(
        dict.fromkeys(
            Citation(summaries[f.report_id].title if f.report_id in summaries else "", f.sentence.text)
            for f in behind
        )
    )[:MAX_CITATIONS]
    return Answer(question, text, (), citations)


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
        "nearest": [
            {**s.fact.to_json(s.report_title), "report_id": s.report_id, "section": s.section_heading}
            for s in result.nearest
        ],
    }
