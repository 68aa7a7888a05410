"""Structure: a report's outline (sections and their kinds) and its sentences."""

from __future__ import annotations

from duban.structure.outline import outline
from duban.structure.sentences import clauses, sentence_spans, split_sentences

__all__ = ["clauses", "outline", "sentence_spans", "split_sentences"]
