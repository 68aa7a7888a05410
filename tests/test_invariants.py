"""Invariants of extraction: every span points at its text, or ExtractError says which does not.

Real extracted reports (the sample) are the input; each case moves one span of one of them
and must be refused with a message naming the report and the thing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from duban.errors import DubanError, ExtractError
from duban.extract.invariants import check_spans
from duban.model import ExtractedReport
from duban.pipeline import extract_path


@pytest.fixture(scope="module")
def sample(sample_path: Path) -> list[ExtractedReport]:
    return extract_path(sample_path)[1]


def _fact_moved(er: ExtractedReport) -> ExtractedReport:
    fact = er.facts[0]
    quantity = replace(fact.quantity, span=fact.quantity.span.shift(1))
    return replace(er, facts=(replace(fact, quantity=quantity), *er.facts[1:]))


def _fact_in_another_sentence(er: ExtractedReport) -> ExtractedReport:
    fact = er.facts[0]
    other = next(s for s in er.sentences if s.index != fact.sentence.index)
    return replace(er, facts=(replace(fact, sentence=other), *er.facts[1:]))


def _item_moved(er: ExtractedReport) -> ExtractedReport:
    item = er.items[0]
    return replace(er, items=(replace(item, span=item.span.shift(2)), *er.items[1:]))


def _entity_past_the_end(er: ExtractedReport) -> ExtractedReport:
    entity = er.entities[0]
    span = entity.span.shift(len(er.report.text))
    return replace(er, entities=(replace(entity, span=span), *er.entities[1:]))


BROKEN: dict[str, tuple[Callable[[ExtractedReport], ExtractedReport], str]] = {
    "a fact's span moved": (_fact_moved, "does not point at its text"),
    "a fact in another sentence": (_fact_in_another_sentence, "does not point at its place in sentence"),
    "an item's span moved": (_item_moved, "item at"),
    "an entity past the text's end": (_entity_past_the_end, "does not point at its name"),
}


def test_every_report_of_the_sample_keeps_its_spans(sample: list[ExtractedReport]) -> None:
    assert all(check_spans(er) is er for er in sample)


@pytest.mark.parametrize("case", BROKEN, ids=str)
def test_a_span_that_misses_its_text_is_an_extract_error(sample: list[ExtractedReport], case: str) -> None:
    breaking, words = BROKEN[case]
    er = next(r for r in sample if r.facts and r.items and r.entities)
    with pytest.raises(ExtractError, match=words) as raised:
        check_spans(breaking(er))
    assert er.report.title in str(raised.value) and "a bug of duban" in str(raised.value)
    assert isinstance(raised.value, DubanError)  # the CLI prints it on one line, exit 1
