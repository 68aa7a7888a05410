"""What extraction holds true of what it returns, checked before a report leaves the pipeline.

Every fact's quantity, every item and every entity has a span into its report's text; a
fact's quantity lies in its sentence, at its offset there (what checks, briefs and the web's
highlighting rely on). A span that misses its text is a bug of duban, never of the input: it
raises ExtractError naming the report and the thing, so that the file is left out with that
message (an ingest goes on with the next file) instead of a ledger holding wrong offsets.
"""

from __future__ import annotations

from duban.errors import ExtractError
from duban.model import ExtractedReport, Fact, Span

BUG = "a bug of duban, please report it"


def check_spans(extracted: ExtractedReport) -> ExtractedReport:
    """`extracted` when every span in it points at its text; else ExtractError."""
    report = extracted.report
    text = report.text
    for fact in extracted.facts:
        _check_fact(fact, text, report.title)
    for item in extracted.items:
        if not _inside(item.span, text) or item.span.of(text) != item.text:
            _broken(report.title, f"{item.kind} item at {item.span.start}-{item.span.end}", "its text")
    for entity in extracted.entities:
        if not _inside(entity.span, text) or entity.name not in entity.span.of(text):
            _broken(report.title, f"{entity.kind} {entity.name!r} at {entity.span.start}", "its name")
    return extracted


def _check_fact(fact: Fact, text: str, title: str) -> None:
    q, sentence = fact.quantity, fact.sentence
    if not _inside(q.span, text) or q.span.of(text) != q.text:
        _broken(title, _fact_named(fact), "its text")
    at = q.span.start - sentence.span.start
    if not sentence.span.contains(q.span) or sentence.text[at : at + len(q.text)] != q.text:
        _broken(title, _fact_named(fact), f"its place in sentence {sentence.index}")


def _fact_named(fact: Fact) -> str:
    """A fact as an error message names it (written only when one is broken)."""
    q = fact.quantity
    return f"fact {q.text!r} at {q.span.start}-{q.span.end}"


def _inside(span: Span, text: str) -> bool:
    return span.end <= len(text)


def _broken(title: str, thing: str, what: str) -> None:
    raise ExtractError(f"{title}: the {thing} does not point at {what} ({BUG})")
