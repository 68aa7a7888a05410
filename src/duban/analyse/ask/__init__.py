"""Answer a question in Chinese from the ledger's facts: `answer(store, question)`.

A question is read into the role it asks for (是多少 → level, 增速 → change, 排名 → rank …),
its period and subject words, an optional body (商务局 → only that body's reports) and the
metric words that remain. Facts are scored by how well their metric names the asked metric
(exact, synonym, substring, character-bigram overlap) and must have the asked words in
their sentence; the best is answered with the facts of the same sentence that qualify it
(its change, its rank). When no fact fits, the answer says so and, when the ledger has
sentences about the words, cites them instead. It never guesses.

The parts: `question` (reading a question), `candidates` (finding and scoring the facts
that can answer it), `wording` (the answer's words and JSON), `answering` (`answer`, the
refusals and fallbacks). The language knowledge lives in `duban/rules/ask.yaml`.
"""

from __future__ import annotations

from duban.analyse.ask.answering import answer
from duban.analyse.ask.candidates import metric_similarity, metric_variants
from duban.analyse.ask.question import Question, parse_question
from duban.analyse.ask.wording import Answer, Citation, answer_json

__all__ = [
    "Answer",
    "Citation",
    "Question",
    "answer",
    "answer_json",
    "metric_similarity",
    "metric_variants",
    "parse_question",
]
