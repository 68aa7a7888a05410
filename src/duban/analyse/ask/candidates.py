"""Finding and scoring the facts that can answer a question.

Facts are scored by how well their metric names the asked metric (exact, synonym,
substring, character-bigram overlap; `metric_variants`, `metric_similarity`) and must have
the asked words in their sentence; the role asked for and the subject and period weigh in
(`score`). `Pool` reads the candidates from the ledger's indexes; `in_scope` and `fits` keep
only the figures of the level of government, period and place the question names;
`search_sentences` finds the sentences a refused question's words stand in.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

from duban.analyse.ask.question import Question, ask_rules, item_end, norm
from duban.analyse.similarity import bigrams, similarity
from duban.errors import DubanError
from duban.lineup import indicator_of, periods
from duban.model import Fact, Report, Role
from duban.store.base import FactOutline, Lineup, SearchHit, Store, StoredFact

MIN_METRIC_SCORE = 0.6  # below this a fact does not answer the question
MIN_COVERAGE = 0.75  # share of the asked words' bigrams that must stand in the fact's sentence
SUBSEQUENCE_SHORTEST, SUBSEQUENCE_SCORE = 4, 0.8  # 引进人才 names 引进集聚人才

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


@dataclass(frozen=True, slots=True)
class Scored:
    stored: StoredFact
    metric_score: float
    total: float


@cache
def _synonym_groups() -> tuple[tuple[str, ...], ...]:
    """ask.yaml's synonym groups, each in its written order (a set's order would change with
    each process's string hashing, and with it which synonym a refusal's search tries first)."""
    return tuple(tuple(dict.fromkeys(norm(w) for w in group)) for group in ask_rules()["metric_synonyms"])


def metric_variants(metric: str) -> dict[str, float]:
    """The asked metric and its synonyms (of ask.yaml and of the indicator catalogue), each
    with the weight of a match through it."""
    metric = norm(metric)
    variants = {metric: 1.0} if metric else {}
    for group in _synonym_groups():
        if metric in group:
            for word in group:
                variants.setdefault(word, 0.97)
    entry = indicator_of(metric) if metric else None
    if entry is not None:
        for word in (entry.name, entry.national or "", *entry.aliases):
            if word:
                variants.setdefault(norm(word), 0.97)
    return variants


def metric_similarity(asked: str, metric: str) -> float:
    """1 for the same words; containment scores by how much of the longer is covered; else
    the Dice overlap of character bigrams (at most 0.9)."""
    return similarity(norm(asked), norm(metric), contained=(0.6, 0.35), overlap=_weighted_dice)


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
    where = norm(fact.metric) + norm(fact.sentence.text)
    metric = norm(fact.metric)
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
    return _role_fit_of(asked, str(stored.fact.role), stored.section_kind)


def _role_fit_of(asked: Role | None, role: str, section_kind: str | None) -> float:
    """How well a fact of this role answers; `section_kind` None: the most it can (a target
    under a plan's heading scores less)."""
    if asked is not None:
        return 1.0 if role == asked else 0.0
    fit = _IMPLICIT_ROLE_FIT.get(role, 0.0)
    if role == "target" and section_kind == "plans":
        fit -= 0.1
    return fit


def _context_fit(question: Question, stored: StoredFact) -> float:
    fact = stored.fact
    fit = _subject_fit(question, fact.subject)
    if question.period and question.period in (fact.period or "") + fact.sentence.text:
        fit += 0.03
    if question.against and _coverage(norm(question.against), norm(raw_clause(stored))) >= 0.5:
        fit += 0.05
    return fit


def _context_bound(question: Question, subject: str | None) -> float:
    """The most `_context_fit` gives a fact of this subject (its sentence unread): every
    addition made, in the same order (a float sum grows with each term)."""
    fit = _subject_fit(question, subject)
    if question.period:
        fit += 0.03
    if question.against:
        fit += 0.05
    return fit


def _subject_fit(question: Question, subject: str | None) -> float:
    fit = 0.0
    subject = subject or ""
    if question.subject:
        fit += 0.05 if subject == question.subject else 0.0
    elif subject and subject not in _WIDE_SUBJECTS:
        fit -= 0.03  # a part (one district, one zone) answers a question about the whole less well
    return fit


def score(
    question: Question, variants: dict[str, float], stored: StoredFact, indicator: str | None = None
) -> Scored | None:
    metric_score = _metric_score(variants, stored, indicator)
    role_fit = _role_fit(question.role, stored)
    if metric_score < MIN_METRIC_SCORE or role_fit <= 0:
        return None
    total = metric_score + 0.3 * role_fit + _context_fit(question, stored)
    return Scored(stored, metric_score, total)


class Pool:
    """The facts a question can be answered with, read from the indexes (issue 11: ask from
    indexes, not from a scan of all facts), in the order the answer weighs them.

    When the catalogue names the asked indicator and the ledger has facts of it in scope,
    those are the candidates, read by the indicator's index alone. Otherwise the candidates
    are every fact in scope whose metric shares a bigram (or, for a one-character word, the
    character) with some variant: which stored metrics hold which bigram is read from the
    distinct metrics (`Store.metrics_holding`), and only facts whose metric can score
    `MIN_METRIC_SCORE` (`_metric_bound`) are read (`scored`): the others never answer. The
    best fact's sentence is read whole for its companions (`sentence`). Both lists keep the
    candidates' order: the asked indicator's facts by report, then by report, bigram (sorted)
    and position, first place kept."""

    def __init__(
        self, store: Store, question: Question, variants: dict[str, float], reports: Sequence[Report]
    ):
        self.store, self.question, self.variants = store, question, variants
        keys: set[str] = set()
        for variant in variants:
            keys |= bigrams(variant) or {variant}
        self.keys = sorted(keys)
        self.by_id = {r.id: r for r in reports}
        self.ids = report_ids(reports, question.departments) if question.departments else [None]
        self.wanted = [i for i in self.ids if i is not None] if question.departments else None
        self.entry = indicator_of(question.metric)
        self._holding: dict[str, set[str]] | None = None
        self._indicator_facts: list[StoredFact] | None = None
        self._indicated: list[StoredFact] | None = None
        self._outlined: dict[str, Outlined] = {}

    @property
    def indicator_facts(self) -> list[StoredFact]:
        """The asked indicator's facts in the asked bodies' reports, whole (read once, when needed)."""
        if self._indicator_facts is None:
            self._indicator_facts = (
                self.store.facts(lineup=Lineup(indicator=self.entry.name), report_ids=self.wanted)
                if self.entry is not None
                else []
            )
        return self._indicator_facts

    @property
    def indicated(self) -> list[StoredFact]:
        """The asked indicator's facts in scope, first place kept."""
        if self._indicated is None:
            self._indicated = self._ordered(self.indicator_facts, [])
        return self._indicated

    @property
    def only_indicator(self) -> bool:
        return bool(self.indicated)

    @property
    def holding(self) -> dict[str, set[str]]:
        """Each bigram of the variants → the stored metrics holding it (read once, when needed)."""
        if self._holding is None:
            self._holding = self.store.metrics_holding(self.keys)
        return self._holding

    def promising(self) -> list[str]:
        """The stored metrics sharing a bigram with a variant that can score `MIN_METRIC_SCORE`."""
        metrics = set().union(*self.holding.values()) if self.holding else set()
        return sorted(m for m in metrics if _metric_bound(self.variants, m) >= MIN_METRIC_SCORE)

    def scored(self) -> list[StoredFact]:
        """The candidates that can score, in order; only the asked indicator's when it has any."""
        if self.only_indicator:
            return list(self.indicated)
        promising = self.promising()
        facts = self.store.facts(metrics=promising, report_ids=self.wanted) if promising else []
        return self._ordered(self.indicator_facts, facts)

    def sentence(self, best: StoredFact, scored: Sequence[StoredFact]) -> list[StoredFact]:
        """The candidates of the best fact's sentence, in order (the scored ones as they are)."""
        index = best.fact.sentence.index
        mine = [f for f in self.indicator_facts if f.report_id == best.report_id]
        facts: list[StoredFact] = []
        if not self.only_indicator:  # the asked indicator's facts are all there are otherwise
            metrics = sorted(set().union(*self.holding.values())) if self.holding else []
            facts = self.store.facts(report=best.report_id, metrics=metrics) if metrics else []
        pool = self._ordered(
            [f for f in mine if f.fact.sentence.index == index],
            [f for f in facts if f.fact.sentence.index == index],
        )
        known = {_key(f): f for f in scored}
        return [known.get(_key(f), f) for f in pool]

    def indicator_outlined(self) -> Outlined:
        """The asked indicator's facts by their outlines, in the pool's order (read once)."""
        if "indicator" not in self._outlined:
            found = (
                self.store.fact_outlines(Lineup(indicator=self.entry.name), self.wanted)
                if self.entry is not None
                else []
            )
            self._outlined["indicator"] = Outlined(self.store, found)
        return self._outlined["indicator"]

    def metric_outlined(self) -> Outlined:
        """The facts of the promising metrics by their outlines, in the order `_ordered` lists
        them (read once): by report when the question names a body, then by the first bigram
        (sorted) whose metrics hold theirs, then in the ledger's order."""
        if "metric" not in self._outlined:
            promising = self.promising()
            found = self.store.fact_outlines(None, self.wanted, promising) if promising else []
            first_key = {
                m: next(i for i, key in enumerate(self.keys) if m in self.holding.get(key, ()))
                for m in promising
            }
            by_report = self.wanted is not None
            place = {rid: i for i, rid in enumerate(self.ids)}
            order = sorted(
                range(len(found)),
                key=lambda i: (place[found[i].report_id] if by_report else 0, first_key[found[i].metric], i),
            )
            self._outlined["metric"] = Outlined(self.store, [found[i] for i in order])
        return self._outlined["metric"]

    def sentence_read(self, best: StoredFact, outlined: Outlined) -> list[StoredFact]:
        """`sentence` for a best fact `Ranking` found in `outlined`: the facts of its sentence,
        each the object the whole pool keeps for its quantity (the first in scope), read
        from `outlined`; the indicator's facts not read whole again."""
        index = best.fact.sentence.index
        if outlined is self._outlined.get("indicator"):
            places = [
                at
                for at, o in enumerate(outlined.outlines)
                if o.report_id == best.report_id and o.sentence_idx == index
            ]
            mine = outlined.read(places)
            pool = self._ordered([mine[at] for at in places], [])
        else:
            pool = self.sentence(best, [])
        return [self._kept(stored, outlined) for stored in pool]

    def _kept(self, stored: StoredFact, outlined: Outlined) -> StoredFact:
        """The fact the whole pool keeps for this one's quantity: the first in scope of its
        twins in `outlined` (itself when none is there)."""
        span = stored.fact.quantity.span
        twins = outlined.twins(stored.report_id, span.start, span.end)
        read = outlined.read(twins)
        report = self.by_id.get(stored.report_id)
        return next((read[t] for t in twins if _fact_in_scope(self.question, read[t], report)), stored)

    def _ordered(self, indicated: Sequence[StoredFact], by_metric: Sequence[StoredFact]) -> list[StoredFact]:
        seen: dict[tuple[str, int, int], StoredFact] = {}
        indicated_by, by_metric_by = _by_report(indicated), _by_report(by_metric)
        for report_id in self.ids:
            for stored in indicated if report_id is None else indicated_by.get(report_id, []):
                self._add(seen, stored)
        for report_id in self.ids if by_metric else ():
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


class LedgerChanged(DubanError):
    """A fact listed a moment ago is gone (another process changed the ledger): `Ranking`
    gives way to the reading of every candidate at once."""


class Outlined:
    """Facts known by their outlines, in the order a pool lists them; each read whole once,
    when asked for, then always the same object."""

    def __init__(self, store: Store, outlines: list[FactOutline]) -> None:
        self.store, self.outlines = store, outlines
        self._read: dict[int, StoredFact] = {}  # by place in `outlines`
        self._twins: dict[tuple[str, int, int], list[int]] = {}
        for at, o in enumerate(outlines):
            self._twins.setdefault((o.report_id, o.span_start, o.span_end), []).append(at)

    def read(self, places: Sequence[int]) -> dict[int, StoredFact]:
        """The facts at these places, whole."""
        new = [at for at in dict.fromkeys(places) if at not in self._read]
        if new:
            keys = [(self.outlines[at].report_id, self.outlines[at].idx) for at in new]
            found = self.store.facts_at(keys)
            if len(found) < len(keys):
                raise LedgerChanged  # a fact listed is gone: the ledger changed since
            self._read.update((at, found[key]) for at, key in zip(new, keys, strict=True))
        return {at: self._read[at] for at in places}

    def twins(self, report_id: str, start: int, end: int) -> list[int]:
        """The places of the facts of this report and quantity span, in order ([] for none)."""
        return self._twins.get((report_id, start, end), [])


FIRST_BATCH = 16  # outlines `Ranking` reads whole at first (twice as many each time after)


class Ranking:
    """The fitting candidates of a pool known by their outlines (`Outlined`: the asked
    indicator's facts, or the promising metrics' facts) in the order the answer ranks them
    (`_ranked`, then `fits`), each read whole only when it can come next (issue 11: ask at
    10,000 reports read and scored every fact of the indicator, 11,000 of 进出口总额).

    Each fact's outline (`Store.fact_outlines`: no sentence, no section) gives the most it can
    score (the indicator's 1, or `_metric_bound` of its metric; `_role_fit_of` without its
    section; `_context_bound`), and whether it fits the asked period and place exactly.
    Outlines are read whole in the order of that bound, in batches; a fact read is scored as
    `Pool` and `score` score it; it comes next once no unread outline can rank before it (its
    bound's key ranks after). The same facts in the same order as scoring the whole pool,
    without reading most of it."""

    def __init__(
        self,
        pool: Pool,
        outlined: Outlined,
        variants: dict[str, float],
        indicator: str | None,
        by_metric: bool,
        first_batch: int = FIRST_BATCH,
    ) -> None:
        self.pool, self.outlined, self.variants, self.indicator = pool, outlined, variants, indicator
        self.first_batch = first_batch
        question = pool.question
        outlines = outlined.outlines
        whens = sorted({o.when or "" for o in outlines}, reverse=True)
        self.when_rank = {when: rank for rank, when in enumerate(whens)}
        levelled = bool(ask_rules()["subject_levels"].get(question.subject or ""))
        role_fits = {role: _role_fit_of(question.role, role, None) for role in {o.role for o in outlines}}
        fitting = {(o.where, o.when) for o in outlines}
        fitting = {pair for pair in fitting if fits_at(question, *pair)}
        metric_bounds: dict[str, float] = {}
        context: dict[str | None, float] = {}
        bounds: list[tuple[float, int, int]] = []
        for at, o in enumerate(outlines):
            role_fit = role_fits[o.role]
            if role_fit <= 0 or (o.where, o.when) not in fitting:
                continue  # never scores, or never fits
            if levelled:
                report = pool.by_id.get(o.report_id)
                about = (report.department or "") + report.title if report else ""
                subject = (o.subject or "") + ("" if report else o.report_title)
                if not _level_in_scope(question, subject, about):
                    continue  # never in scope
            metric = 1.0  # a fact of the asked indicator
            if by_metric:
                if o.metric not in metric_bounds:
                    metric_bounds[o.metric] = _metric_bound(variants, o.metric)
                metric = metric_bounds[o.metric]
            if o.subject not in context:
                context[o.subject] = _context_bound(question, o.subject)
            bound = metric + 0.3 * role_fit + context[o.subject]
            bounds.append((-bound, self.when_rank[o.when or ""], at))
        self.order = sorted(bounds)

    def __iter__(self) -> Iterator[Scored]:
        ready: list[tuple[tuple[float, int, int], Scored]] = []  # a heap, by rank key
        at, batch = 0, self.first_batch
        while True:
            while ready and (at == len(self.order) or ready[0][0] < self.order[at]):
                yield heapq.heappop(ready)[1]
            if at == len(self.order):
                return
            for scored, place in self._read(self.order[at : at + batch]):
                key = (-scored.total, self.when_rank[scored.stored.fact.when or ""], place)
                heapq.heappush(ready, (key, scored))
            at, batch = min(at + batch, len(self.order)), batch * 2

    def _read(self, bounds: Sequence[tuple[float, int, int]]) -> Iterator[tuple[Scored, int]]:
        """The facts at these bounds' places that are in the pool (in scope, the first in scope
        of their quantity), score and fit, with their places."""
        pool, question, outlines = self.pool, self.pool.question, self.outlined.outlines
        places = [place for _, _, place in bounds]
        twins = {
            place: self.outlined.twins(
                outlines[place].report_id, outlines[place].span_start, outlines[place].span_end
            )
            for place in places
        }
        read = self.outlined.read([twin for place in places for twin in twins[place]])
        for place in places:
            report = pool.by_id.get(outlines[place].report_id)
            first = next((t for t in twins[place] if _fact_in_scope(question, read[t], report)), None)
            if first != place:
                continue  # out of scope, or a quantity the pool keeps at an earlier place
            scored = score(question, self.variants, read[place], self.indicator)
            if scored is not None and fits(question, scored.stored.fact):
                yield scored, place


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
    normed = norm(metric)
    best = 0.0
    for variant, weight in variants.items():
        if len(variant) >= SUBSEQUENCE_SHORTEST and _in_order(variant, normed):
            best = max(best, weight * SUBSEQUENCE_SCORE)
        best = max(best, weight * metric_similarity(variant, metric))
    return best


def report_ids(reports: Sequence[Report], departments: Sequence[str]) -> list[str | None]:
    return [r.id for r in reports if all(word in (r.department or "") + r.title for word in departments)]


def in_scope(question: Question, report: Report | None, subject: str, when: str) -> bool:
    """A figure answers only for the level of government (全市 → a city) and the strict period
    (上半年 → the first half) the question names. `subject` and `when` are what the fact or
    sentence itself says of whom and when."""
    about = (report.department or "") + report.title if report else ""
    if not _level_in_scope(question, subject, about):
        return False
    if question.period:
        said = when + ((report.period or "") if report else "") + about
        for group in ask_rules()["strict_periods"]:
            if question.period in group and not any(word in said for word in group):
                return False
    return True


def _level_in_scope(question: Question, subject: str, about: str) -> bool:
    """The level-of-government half of `in_scope`: what the fact's subject or report says."""
    level = ask_rules()["subject_levels"].get(question.subject or "")
    return not (level and level not in subject + about)


def _fact_in_scope(question: Question, stored: StoredFact, report: Report | None) -> bool:
    fact = stored.fact
    subject = (fact.subject or "") + ("" if report else stored.report_title)
    return in_scope(question, report, subject, (fact.period or "") + fact.sentence.text)


def fits(question: Question, fact: Fact) -> bool:
    """Whether a fact is of the period and place the question names (when it names them)."""
    return fits_at(question, fact.where, fact.when)


def fits_at(question: Question, where: str | None, when: str | None) -> bool:
    """`fits` for a fact of this place and period."""
    if question.where and where != question.where:
        return False
    if question.when:
        if when is None:
            return False
        if when != question.when and not (when.count("-") == 2 and periods.within(when, question.when)):
            return False  # 2019年末 answers a question about 2019; another year never does
    return True


def raw_clause(stored: StoredFact) -> str:
    """The sentence's words from the start of the quantity's clause to the quantity's end."""
    fact = stored.fact
    sentence = fact.sentence
    start = fact.quantity.span.start - sentence.span.start
    end = fact.quantity.span.end - sentence.span.start
    if not 0 <= start <= end <= len(sentence.text):
        return fact.quantity.text
    breaks = list(item_end().finditer(sentence.text[:start]))
    return sentence.text[breaks[-1].end() if breaks else 0 : end].strip()


def search_sentences(store: Store, question: Question, reports: Sequence[Report]) -> list[SearchHit]:
    """Sentences naming the asked words (or a synonym), in the bodies the question names."""
    wanted = set(report_ids(reports, question.departments)) if question.departments else None
    by_id = {r.id: r for r in reports}
    hits: list[SearchHit] = []
    for variant in metric_variants(question.metric):
        if len(variant) < 2:
            continue
        hits = [
            h
            for h in store.search(variant, limit=50)
            if (wanted is None or h.report_id in wanted)
            and in_scope(question, by_id.get(h.report_id), "", h.sentence.text)
        ]
        if hits:
            break
    return hits
