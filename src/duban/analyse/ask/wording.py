"""Wording an answer: `Answer` and `Citation`, the facts of the best fact's sentence that
qualify it (`companions`: its change, its rank) or close its range (`range_partner`), the
answer's sentence (`answer_text`: 生产总值增速:13.8%,…(见《…》)) and `answer_json`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from duban import rules as rules_data
from duban.analyse.ask.candidates import Scored, metric_similarity, raw_clause
from duban.analyse.ask.question import Question
from duban.store.base import StoredFact

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


@dataclass(frozen=True, slots=True)
class Citation:
    report: str  # the report's title
    sentence: str


@dataclass(frozen=True, slots=True)
class Answer:
    question: str
    answer: str
    facts: tuple[StoredFact, ...]  # best first; empty when the ledger has no figure for it
    citations: tuple[Citation, ...]
    nearest: tuple[StoredFact, ...] = ()  # a refused question's nearest facts (another year, place)


def _clause(stored: StoredFact) -> str:
    """How the sentence says a figure: its clause up to the quantity (同比增长39.6%) when that
    is short, else the role's label and the figure."""
    clause = raw_clause(stored)
    if len(clause) <= MAX_CLAUSE:
        return clause
    return label(stored, with_metric=False) + figure(stored)


def label(stored: StoredFact, with_metric: bool = True) -> str:
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


def figure(stored: StoredFact) -> str:
    quantity = stored.fact.quantity
    word = rules_data.labels()["approx_before"][str(quantity.approx)] if quantity.approx else None
    if word and not any(w in quantity.text for w in ("余", "多", "左右")):
        return word + quantity.text
    return quantity.text


def _same_sentence(a: StoredFact, b: StoredFact) -> bool:
    return a.report_id == b.report_id and a.fact.sentence.index == b.fact.sentence.index


def companions(best: Scored, pool: Sequence[StoredFact]) -> list[StoredFact]:
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


def range_partner(best: StoredFact, pool: Sequence[StoredFact]) -> StoredFact | None:
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


def answer_text(
    best: StoredFact,
    companions: Sequence[StoredFact],
    partner: StoredFact | None = None,
    question: Question | None = None,
) -> str:
    fact = best.fact
    said = [fact.period, fact.subject]
    if question is not None and (question.when or question.where):
        said = [question.where, when_text(fact.when), fact.subject if not question.where else None]
    lead = "".join(w for w in dict.fromkeys(said) if w and w not in fact.metric)
    shown = figure(best)
    if partner is not None:
        low, high = sorted((best, partner), key=lambda s: s.fact.quantity.span.start)
        shown = f"{figure(low)}—{figure(high)}"
    parts = [f"{lead}{label(best)}:{shown}", *(_clause(c) for c in companions)]
    return ",".join(parts) + f"(见《{best.report_title}》)"


def citation(stored: StoredFact) -> Citation:
    return Citation(stored.report_title, stored.fact.sentence.text)


def when_text(when: str | None) -> str:
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
