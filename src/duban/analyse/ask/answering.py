"""`answer(store, question)`: a question read, its candidates scored, the best answered with
the facts of its sentence that qualify it; a question naming a year or a place refused when
no fact of that period and place fits (its nearest facts shown); a question with no fitting
figure answered with the sentences about its words, or with a plain "not found"; "which are
behind schedule" answered from the progress checks' findings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence

from duban.analyse.ask.candidates import (
    LedgerChanged,
    Pool,
    Ranking,
    Scored,
    fits,
    metric_variants,
    score,
    search_sentences,
)
from duban.analyse.ask.question import Question, ask_rules, department_words, parse_question
from duban.analyse.ask.wording import (
    MAX_CITATIONS,
    MAX_FACTS,
    Answer,
    Citation,
    answer_text,
    citation,
    companions,
    figure,
    label,
    range_partner,
    when_text,
)
from duban.analyse.kept import ledger_reports
from duban.lineup import indicator_of
from duban.lineup.periods import year_in_force
from duban.model import Report
from duban.store.base import Store, StoredFact


def answer(store: Store, question: str) -> Answer:
    """Answer one question from the ledger: figures from facts first, never a guess. A question
    naming a year or a place is answered only by facts of that period and place; when none
    fits, it is refused and the nearest facts are shown beside the refusal."""
    if re.search(ask_rules()["behind_question"], unicodedata.normalize("NFKC", question)):
        return _behind(store, question)
    reports = ledger_reports(store)  # titles, departments and periods: no text, no counts
    parsed = parse_question(question, department_words(reports))
    if len(parsed.metric) < 2:
        return _fallback(store, parsed, reports)
    variants = metric_variants(parsed.metric)
    entry = indicator_of(parsed.metric)
    candidates = Pool(store, parsed, variants, reports)
    indicator = entry.name if entry else None
    try:
        found = _from_outlines(question, candidates, parsed, variants, indicator)
    except LedgerChanged:
        found = None
    if found is not None:
        return found
    pool = candidates.scored()  # the catalogue's indicator only, when it has facts
    scored = (score(parsed, variants, f, indicator) for f in pool)
    ranked = _ranked([s for s in scored if s is not None])
    fitting = [s for s in ranked if fits(parsed, s.stored.fact)]
    if not fitting:
        if ranked and (parsed.when or parsed.where):
            return _refused(parsed, _nearest(ranked, parsed.when))
        return _fallback(store, parsed, reports)
    best = fitting[0]
    return _answered(question, parsed, best, candidates.sentence(best.stored, pool), iter(fitting[1:]))


def _from_outlines(
    question: str, candidates: Pool, parsed: Question, variants: dict[str, float], indicator: str | None
) -> Answer | None:
    """The answer from the pool's facts read only as far as their ranking needs them
    (`Ranking`): the asked indicator's facts; when none is in scope, the promising metrics'
    facts. None when none fits (the whole pool then decides: a refusal with the nearest, or
    the sentences about the words)."""
    if indicator is not None:
        outlined = candidates.indicator_outlined()
        fitting = iter(Ranking(candidates, outlined, variants, indicator, by_metric=False))
        best = next(fitting, None)
        if best is not None:
            return _answered(question, parsed, best, candidates.sentence_read(best.stored, outlined), fitting)
    if candidates.only_indicator:
        return None  # the indicator's facts in scope are the pool, and none fits
    outlined = candidates.metric_outlined()
    fitting = iter(Ranking(candidates, outlined, variants, indicator, by_metric=True))
    best = next(fitting, None)
    if best is None:
        return None
    return _answered(question, parsed, best, candidates.sentence_read(best.stored, outlined), fitting)


def _answered(
    question: str, parsed: Question, best: Scored, sentence: list[StoredFact], after: Iterator[Scored]
) -> Answer:
    """The best fact answered with the facts of its sentence that qualify it, then the next
    fitting facts (`after`, in rank order)."""
    qualifying = [c for c in companions(best, sentence) if fits(parsed, c.fact)]
    partner = range_partner(best.stored, sentence)
    rest: list[StoredFact] = []
    for s in after:
        if len(rest) >= MAX_FACTS:
            break  # no more are shown
        if s.stored not in qualifying and s.stored is not partner:
            rest.append(s.stored)
    facts = (best.stored, *((partner,) if partner else ()), *qualifying, *rest)[:MAX_FACTS]
    citations = tuple(dict.fromkeys(citation(s) for s in facts))[:MAX_CITATIONS]
    return Answer(question, answer_text(best.stored, qualifying, partner, parsed), facts, citations)


def _ranked(scored: list[Scored]) -> list[Scored]:
    """Best score first; among equal scores the latest period first (a question naming no year
    asks about the newest figure the ledger holds), then the ledger's order."""
    newest_first = sorted(scored, key=lambda s: s.stored.fact.when or "", reverse=True)
    return sorted(newest_first, key=lambda s: -s.total)


NEAR_SCORE = 0.5  # facts within this of the best score are of the asked indicator, any period


def _nearest(ranked: list[Scored], when: str | None) -> list[StoredFact]:
    """A refused question's nearest facts: those of the asked indicator (within NEAR_SCORE of
    the best) by how far their year lies from the asked one, the others after them."""
    best = ranked[0].total
    close = [s for s in ranked if s.total >= best - NEAR_SCORE]
    if when is not None:
        asked = year_in_force(when)
        close.sort(key=lambda s: abs(year_in_force(s.stored.fact.when or "0000") - asked))
    return [s.stored for s in close] + [s.stored for s in ranked if s not in close]


def _fallback(store: Store, question: Question, reports: Sequence[Report]) -> Answer:
    asked = question.metric or question.text
    hits = search_sentences(store, question, reports) if question.metric else []
    if hits:
        text = f"找不到「{asked}」的数字;以下原文可能相关。"
        citations = tuple(Citation(h.report_title, h.sentence.text) for h in hits[:MAX_CITATIONS])
        return Answer(question.text, text, (), citations)
    if not question.metric:
        return Answer(question.text, "找不到问题所问的指标:请写出指标名称,如「进出口总额是多少」。", (), ())
    return Answer(question.text, f"找不到「{asked}」的相关数据。", (), ())


def _refused(question: Question, ranked: Sequence[StoredFact]) -> Answer:
    asked = "".join(w for w in (question.where, when_text(question.when), question.metric) if w)
    nearest = tuple(ranked[:MAX_FACTS])
    shown = ",".join(
        f"{s.fact.where or ''}{when_text(s.fact.when)}{label(s)}{figure(s)}" for s in nearest[:3]
    )
    text = f"找不到{asked}的数据;不以其他时期或地区的数字作答。最接近的数据:{shown}。"
    citations = tuple(dict.fromkeys(citation(s) for s in nearest))[:MAX_CITATIONS]
    return Answer(question.text, text, (), citations, nearest)


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
