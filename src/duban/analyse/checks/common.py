"""What the three checks share: their language data, facts located in their sentences,
clauses, the rounding a written number allows, metric likeness, and the messages."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from duban import rules as rules_data
from duban.analyse.similarity import jaccard, similarity
from duban.errors import InvariantError
from duban.model import Fact
from duban.rules import Rules, lexicon

PERCENT_UNITS = frozenset({"%", "百分点"})


def rules() -> Rules:
    """The checks' language data (`rules/checks.yaml`), parsed once."""
    return rules_data.checks()


@cache
def regex(name: str) -> re.Pattern[str]:
    """The compiled pattern `name` of `rules/checks.yaml`."""
    return re.compile(rules()[name])


def say(name: str, **fields: object) -> str:
    """The message `name` of `rules/checks.yaml` with its fields filled in."""
    return str(rules()["messages"][name]).format(**fields)


def status_name(status: str) -> str:
    """落后 / 正常 / 超前 / 相符 / 不符 / 冲突 for a finding's status."""
    return rules_data.labels()["finding_statuses"].get(status, status)


def kind_name(kind: str) -> str:
    """进度 / 算术 / 一致性 for a finding's kind."""
    return rules_data.labels()["finding_kinds"].get(kind, kind)


@dataclass(frozen=True, slots=True)
class Located:
    """A fact with its quantity's offsets inside its sentence's text."""

    fact: Fact
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.fact.sentence.text


def locate(fact: Fact) -> Located:
    """The fact's quantity in its sentence's text. A quantity's span points into the report's
    text and its sentence's span too, so the two agree; when they do not, that is a bug of
    extraction or of the ledger, raised here rather than guessed round."""
    sentence = fact.sentence
    start = fact.quantity.span.start - sentence.span.start
    end = start + len(fact.quantity.text)
    if start < 0 or sentence.text[start:end] != fact.quantity.text:
        raise InvariantError(
            f"fact {fact.quantity.text!r} at {fact.quantity.span.start} is not in its sentence "
            f"{sentence.index} of report {sentence.report_id} at {sentence.span.start}"
        )
    return Located(fact, start, end)


def facts_by_sentence(facts: Iterable[Fact]) -> list[list[Located]]:
    """Facts grouped by sentence, each group in text order."""
    groups: dict[tuple[str, int], list[Located]] = defaultdict(list)
    for fact in facts:
        groups[(fact.sentence.report_id, fact.sentence.index)].append(locate(fact))
    return [sorted(group, key=lambda loc: loc.start) for group in groups.values()]


def break_before(text: str, pos: int, breaks: frozenset[str]) -> int:
    """Start of the clause (or segment) holding position `pos`."""
    for i in range(min(pos, len(text)) - 1, -1, -1):
        if text[i] in breaks:
            return i + 1
    return 0


def clause_prefix(loc: Located) -> str:
    """The words between the start of the fact's clause and the fact."""
    return loc.text[break_before(loc.text, loc.start, lexicon().clause_breaks) : loc.start]


def breaks_between(loc_a: Located, loc_b: Located) -> int:
    """How many clause breaks stand between two facts of a sentence."""
    return sum(ch in lexicon().clause_breaks for ch in loc_a.text[loc_a.end : loc_b.start])


def half_unit(fact: Fact) -> float:
    """Half the last written digit of a quantity, in the fact's value units: the
    rounding a stated number allows (54.3% → 0.05; 3975.2亿元 → 5e6)."""
    match = re.search(r"\d+(?:\.(\d+))?", fact.quantity.text)
    if not match:
        return 0.0
    written = float(match.group(0))
    if written == 0:
        return 0.0
    decimals = len(match.group(1) or "")
    magnitude = abs(fact.quantity.value) / written
    return 0.5 * 10.0 ** (-decimals) * magnitude


def fmt(number: float) -> str:
    """A number for a message: at most two decimals, no trailing zeros."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def normalise_metric(metric: str) -> str:
    return re.sub(r"[\s“”\"‘’'《》〈〉「」]", "", metric)


def metric_similarity(a: str, b: str) -> float:
    """1.0 for the same metric; 0.5–1 when one contains the other (the more of the
    longer it covers, the higher); else character-bigram Jaccard."""
    return similarity(normalise_metric(a), normalise_metric(b), contained=(0.5, 0.5), overlap=jaccard)


def units_pair(unit_a: str, unit_b: str) -> bool:
    """Two counts can be part and whole: equal units, or `个` with a count unit."""
    if not unit_a or not unit_b or unit_a in PERCENT_UNITS or unit_b in PERCENT_UNITS:
        return False
    if unit_a == unit_b:
        return True
    generic, counts = rules()["generic_count_unit"], set(rules()["count_units"])
    return (unit_a == generic and unit_b in counts) or (unit_b == generic and unit_a in counts)
