"""Facts: every quantity of a sentence read with its metric, role, subject and period.

A sentence is read clause by clause. In a clause the quantities cut the words
into pieces: the words before a number hold its predicate (同比增长, 占比, 居…第)
and, for an amount, its noun (营业收入3458亿元); the words after a count hold the
noun it counts (37个项目). Values joined by 、 or - share one metric; values
after 分别 take the items of the list they answer one by one. A change, share,
rank or gap with no noun of its own carries the metric of the fact before it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence

from duban.extract import metric as mt
from duban.extract.clauses import clause_bounds
from duban.extract.cues import fact_rules
from duban.extract.naming import name_metrics
from duban.extract.quantities import quantities
from duban.extract.roles import (
    NO_TIMING,
    Timing,
    read_role,
)
from duban.extract.slot import GROUP_OPENING_LONGEST, Slot, counts, period_at, signed, streak
from duban.extract.tables import table_facts, table_spans
from duban.model import Fact, Quantity, Report, Section, SectionKind, Sentence, Span


def extract_facts(report: Report, sections: Sequence[Section], sentences: Sequence[Sentence]) -> list[Fact]:
    """Every fact of the report, in text order, spans relative to `report.text`."""
    mt.new_report()
    kinds = {s.path: s.kind for s in sections}
    timing = Timing.of(report.date)
    facts: list[Fact] = []
    in_tables = table_spans(report.text) if "\t" in report.text else []
    for sentence in sentences:
        if any(t.start <= sentence.span.start < t.end for t in in_tables):
            continue  # a table's rows: read cell by cell below
        kind = kinds.get(sentence.section_path, SectionKind.OTHER)
        facts += sentence_facts(sentence, kind, timing)
    if in_tables:
        facts = sorted([*facts, *table_facts(report, sentences)], key=lambda f: f.quantity.span.start)
    return facts


def report_facts(report: Report) -> list[Fact]:
    """Every fact of a report: outline, sentences and facts, with nothing else read."""
    from duban.structure import outline, split_sentences

    sections = outline(report)
    return extract_facts(report, sections, split_sentences(report, sections))


def sentence_facts(
    sentence: Sentence, kind: SectionKind = SectionKind.OTHER, timing: Timing = NO_TIMING
) -> list[Fact]:
    """The facts of one sentence; spans are shifted to the report's text."""
    shift = sentence.span.start
    slots = read_sentence(sentence.text, kind, timing)
    facts = [
        Fact(
            quantity=Quantity(
                text=s.quantity.text,
                value=s.quantity.value,
                unit=s.quantity.unit,
                approx=s.quantity.approx,
                span=s.quantity.span.shift(shift),
            ),
            value=signed(s),
            metric=s.metric,
            role=s.role,
            sentence=sentence,
            subject=s.subject,
            period=s.period,
        )
        for s in slots
    ]
    for slot in slots:
        slot.chain.clear()  # a slot and its chain hold each other: so refcounting frees them at
        # once, not the collector (it found 110,000 such objects in 5 MB of reports)
    return facts


def facts_of_text(text: str, kind: SectionKind = SectionKind.OTHER, timing: Timing = NO_TIMING) -> list[Fact]:
    """The facts of one sentence given as a string (for tests and quick looks)."""
    sentence = Sentence(report_id="", index=0, section_path=(), span=Span(0, len(text)), text=text)
    return sentence_facts(sentence, kind, timing)


def read_sentence(text: str, kind: SectionKind = SectionKind.OTHER, timing: Timing = NO_TIMING) -> list[Slot]:
    """Read every quantity of a sentence: its slot with role, metric, subject and period."""
    found = quantities(text)
    if not found:
        return []  # most sentences: nothing to read
    bounds = clause_bounds(text)
    slots = _slots(text, found, bounds)
    for slot in slots:
        start = slot.quantity.span.start
        clause = text[slot.clause[0] : slot.clause[1]]
        after = text[slot.clause[1] :]
        slot.role = read_role(slot.quantity, slot.left, clause, text[:start], kind, timing, after)
    chains = _chains(slots)
    for chain in chains:
        _same_role(chain)
    name_metrics(chains, slots)
    _context(text, slots, bounds)
    return [slot for slot in slots if not _no_fact(slot)]


def _no_fact(slot: Slot) -> bool:
    """A number that is no fact: how long a streak has lasted (连续3年实现增长) or the age a rule
    applies from (适龄儿童3岁即入园; not an age raised by it: 人均预期寿命提高1岁以上)."""
    rules = fact_rules()
    unit = slot.quantity.unit
    if unit in rules.age_units:
        raised = rules.raise_end.search(slot.left.rstrip())
        return bool(rules.age_threshold_after.match(slot.after)) and not raised
    return unit in rules.duration_units and streak(slot)


def _slots(text: str, found: list[Quantity], bounds: list[tuple[int, int]]) -> list[Slot]:
    """Cut each clause (`bounds`) at its quantities (`found`) into before / after pieces."""
    rules = fact_rules()
    slots: list[Slot] = []
    counted = {id(q): counts(q) for q in found}
    for (start, end), members in zip(bounds, _by_clause(found, bounds), strict=True):
        if not members:
            continue  # a clause with no quantity has no slot
        rest = text[start : members[0].span.start]
        for i, q in enumerate(members):
            nxt = members[i + 1].span.start if i + 1 < len(members) else end
            after = text[q.span.end : max(nxt, q.span.end)]
            slot = Slot(q, (start, end), text[start : q.span.start], text[:start], rest, after)
            nxt_q = members[i + 1] if i + 1 < len(members) else None
            slot.joined = (
                nxt_q is not None
                and (_same_measure(nxt_q.unit, q.unit) or (counted[id(q)] and counted[id(nxt_q)]))
                and bool(rules.value_joiner.match(after))
            )
            if slot.joined:
                rest = ""
            elif counted[id(q)] and not rules.to_start.match(after):  # 从4.7万家增加到…: no noun
                past = rules.approx_before_noun.match(after) if q.approx else None
                slot.noun, slot.predicate, rest = mt.split_after(after[past.end() :] if past else after)
            else:
                rest = after
            slots.append(slot)
    return slots


def _same_measure(unit: str, other: str) -> bool:
    """Units of one measure: the same, or one per another period (645元/月、4318元/年)."""
    return unit == other or (unit.partition("/")[0] == other.partition("/")[0] and "/" in unit + other)


def _by_clause(found: list[Quantity], bounds: list[tuple[int, int]]) -> list[list[Quantity]]:
    """The quantities that start in each clause (`bounds`: ascending, apart), in the order
    of `found`."""
    starts = [start for start, _ in bounds]
    members: list[list[Quantity]] = [[] for _ in bounds]
    for q in found:
        k = bisect_right(starts, q.span.start) - 1
        if k >= 0 and q.span.start < bounds[k][1]:
            members[k].append(q)
    return members


def _chains(slots: list[Slot]) -> list[list[Slot]]:
    """Runs of values joined by 、/-/和 (one chain per lone value)."""
    chains: list[list[Slot]] = []
    current: list[Slot] = []
    for slot in slots:
        current.append(slot)
        if not slot.joined:
            chains.append(current)
            current = []
    if current:
        chains.append(current)
    for chain in chains:
        for slot in chain:
            slot.chain = chain
    return chains


def _same_role(chain: list[Slot]) -> None:
    """Values of one range or list share the role of the first one, whose predicate is in view."""
    if len(chain) > 1 and all(s.quantity.unit == chain[0].quantity.unit for s in chain):
        for slot in chain[1:]:
            slot.role = chain[0].role


# ------------------------------------------------------------------ metrics


# ------------------------------------------------------------------ context


def _context(text: str, slots: list[Slot], whole: list[tuple[int, int]]) -> None:
    """Subject and period: the nearest ones said at the start of the sentence or a clause.

    Clauses are read nearest first, up to the one that gives the last of the two.
    """
    bounds: dict[int, list[tuple[int, int]]] = {}  # the clauses of the text up to a clause end
    bracketed = any(b in text for b in fact_rules().brackets)
    groups = _groups(text, slots)
    opened: dict[int, tuple[str | None, str | None]] = {}  # an earlier clause's (period, subject)
    for slot in slots:
        end = slot.clause[1]
        if end not in bounds:  # no bracket open at the end: the clauses are those of the whole
            bounds[end] = clause_bounds(text[:end]) if bracketed else [b for b in whole if b[1] <= end]
        period = subject = None
        for start, _ in reversed(bounds[end]):
            earlier = start < slot.clause[0]  # its opening reads the same for every later number
            if earlier and start in opened:
                said, found = opened[start]
            else:
                words = text[start : slot.quantity.span.start]
                said = period_at(words)
                found = mt.split_subject(words[len(said or "") :].lstrip(",，、"))[0]
                if earlier:
                    opened[start] = (said, found)
            if said:
                period = period or said
            group = groups.get(start) if groups else None
            if not subject and group and group[0].quantity.span.end <= slot.quantity.span.start:
                subject = group[1]  # 全市11个省级以上开发区新注册企业主体6150个: the zones'
            if not subject:
                subject = found
                if subject and earlier and not mt.carries_to(subject, slot.metric):
                    subject = None  # 规上工业企业…,社会消费品零售总额800亿元: not the firms'
                    continue
                if subject and earlier and _past_semicolon(text, start, slot.clause[0]):
                    subject = None  # 京津合作示范区加快建设;…新增注册企业689家: another statement
                    continue
            if period and subject:
                break
        slot.period = period or slot.period
        slot.subject = slot.subject or subject  # a subject read with the metric stands


def _past_semicolon(text: str, start: int, end: int) -> bool:
    """Does a semicolon stand between `start` and `end`: is what was said there another statement?"""
    return any(mark in text[start:end] for mark in fact_rules().statement_breaks)


def _groups(text: str, slots: list[Slot]) -> dict[int, tuple[Slot, str]]:
    """Clauses that open with a count of a group and what the group did (全市11个省级以上开发区
    新注册企业主体6150个): the group is the subject of the figures after the count. By the
    clause's start: the count and the group."""
    groups: dict[int, tuple[Slot, str]] = {}
    seen: set[int] = set()  # clause starts whose first number was looked at
    for slot in slots:
        start = slot.clause[0]
        if start in seen:
            continue  # not the clause's first number
        seen.add(start)
        if not (slot.noun and slot.predicate and counts(slot.quantity)):
            continue
        opening = text[start : slot.quantity.span.start]
        if len(opening) <= GROUP_OPENING_LONGEST and not mt.clean(opening) and (group := mt.clean(slot.noun)):
            groups[start] = (slot, group)
    return groups
