"""Search: the backend's full-text index first; when it finds nothing, sentences holding
every space-separated part of the query as a substring (the fallback), in listing order.

Sentences stored with their own text are tested in SQL. The others are spans of their
report's text, so only reports whose text holds every part are read, and their sentences
are sliced from it here; full rows are read for the hits alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from duban.store import bounds, rows
from duban.store import search as tokenise
from duban.store.base import SearchHit
from duban.store.connection import LISTING_ORDER, REPORT_TEXT
from duban.store.reads import NO_SECTION, PLACE_COLUMNS, Place, Reading

LIKE_REPORTS_AT_ONCE = 50  # reports whose sentences one substring-search query reads
SentenceKey = tuple[tuple[int, int], int, str]  # (document seq, report ordinal), sentence idx, report id


class HitRow(NamedTuple):
    """A hit as the full-text query and the fallback read it: `HIT_COLUMNS`, then a score."""

    place: Place
    sentence: rows.SentenceRow
    score: float

    @classmethod
    def of(cls, row: tuple[Any, ...]) -> HitRow:
        return cls(*rows.cut(row, Place, rows.SentenceRow))


class Searching(Reading):
    """`search`, and what a backend's full-text query (`_fts_rows`) builds on."""

    HIT_COLUMNS = f"{PLACE_COLUMNS}, {rows.columns(rows.SentenceRow, 's')}"
    HIT_FROM = (
        "FROM sentences s JOIN reports r ON r.id = s.report_id "
        "JOIN documents d ON d.seq = r.document_seq "
        "LEFT JOIN sections sec ON sec.report_id = s.report_id AND sec.path = s.section_path"
    )
    CONTAINS = "instr({}, ?) > 0"  # a case-sensitive substring test, as Python's `in`

    def search(
        self, query: str, report: str | None = None, kind: str | None = None, limit: int = 20
    ) -> list[SearchHit]:
        """Sentences holding every word of the query (jieba tokens, full-text index), best first;
        when the index finds nothing, sentences holding every space-separated part as a substring."""
        bounds.check_page(limit)
        searchable = bounds.is_text(query)  # no sentence holds a NUL or an undecodable character
        words = tokenise.query_tokens(query) if searchable else []
        with self._read("search"):
            report_id = self._resolve(report) if report else None
            indexed = words and all(len(word) <= bounds.MAX_WORD_CHARS for word in words)
            found = (
                [HitRow.of(row) for row in self._fts_rows(words, report_id, kind, limit)] if indexed else []
            )
            if not found and searchable:
                found = self._like_rows(query, report_id, kind, limit)
            texts = self._report_texts(row.place.report_id for row in found if row.sentence.text is None)
        return [self._hit(row, query, words, texts) for row in found]

    def _hit_filters(self, report_id: str | None, kind: str | None) -> tuple[list[str], list[Any]]:
        """Conditions (and their parameters) keeping search hits to one report id and section kind."""
        where, params = self._filters(None, kind)
        if report_id:
            where.append("r.id = ?")
            params.append(report_id)
        return where, params

    def _like_rows(self, query: str, report_id: str | None, kind: str | None, limit: int) -> list[HitRow]:
        """Sentences holding every part as a substring, in listing order (the module's docstring)."""
        parts = query.split()
        if not parts:
            return []
        own = self._own_text_matches(parts, report_id, kind)
        texts: dict[str, str] = {}
        found: list[SentenceKey] = []
        candidates = self._holding_reports(parts, report_id)
        for at in range(0, len(candidates), LIKE_REPORTS_AT_ONCE):
            batch = candidates[at : at + LIKE_REPORTS_AT_ONCE]
            texts.update((rid, text) for rid, _, text in batch)
            found.extend(self._sliced_matches(parts, {rid: place for rid, place, _ in batch}, texts, kind))
            last = batch[-1][1]
            if len(found) + sum(1 for key in own if key[0] <= last) >= limit:
                break
        return self._hit_rows(sorted([*found, *own])[:limit], texts)

    def _holding_reports(
        self, parts: list[str], report_id: str | None
    ) -> list[tuple[str, tuple[int, int], str]]:
        """(id, place in the listing, text) of the reports whose text holds every part, in order."""
        holds = " AND ".join(self.CONTAINS.format("COALESCE(r.text, d.text)") for _ in parts)
        only = "r.id = ? AND " if report_id else ""
        found = self._all(
            f"SELECT r.id, d.seq, r.ordinal, {REPORT_TEXT} FROM reports r "
            f"JOIN documents d ON d.seq = r.document_seq WHERE {only}{holds} ORDER BY {LISTING_ORDER}",
            [*([report_id] if report_id else []), *parts],
        )
        return [(rid, (seq, ordinal), text) for rid, seq, ordinal, text in found if _holds(text, parts)]

    def _own_text_matches(
        self, parts: list[str], report_id: str | None, kind: str | None
    ) -> list[SentenceKey]:
        """Sentences stored with their own text that holds every part."""
        where, params = self._hit_filters(report_id, kind)
        where += ["s.text IS NOT NULL", *(self.CONTAINS.format("s.text") for _ in parts)]
        found = self._all(
            f"SELECT r.document_seq, r.ordinal, s.idx, s.report_id {_light_from(kind, report=True)} "
            f"WHERE {' AND '.join(where)}",
            [*params, *parts],
        )
        return [((seq, ordinal), idx, rid) for seq, ordinal, idx, rid in found]

    def _sliced_matches(
        self,
        parts: list[str],
        places: Mapping[str, tuple[int, int]],
        texts: Mapping[str, str],
        kind: str | None,
    ) -> list[SentenceKey]:
        """Sentences without their own text, in these reports, whose slice of the report text
        holds every part."""
        where, params = self._hit_filters(None, kind)
        where += ["s.text IS NULL", f"s.report_id IN ({', '.join('?' * len(places))})"]
        found = self._all(
            f"SELECT s.report_id, s.idx, s.span_start, s.span_end {_light_from(kind)} "
            f"WHERE {' AND '.join(where)}",
            [*params, *places],
        )
        # the part rarest in these reports first: most sentences fail on it, with no call
        first = min(parts, key=lambda part: sum(texts[rid].count(part) for rid in places))
        rest = parts.copy()
        rest.remove(first)
        return [
            (places[rid], idx, rid)
            for rid, idx, start, end in found
            if texts[rid].find(first, start, end) >= 0 and _holds(texts[rid], rest, start, end)
        ]

    def _hit_rows(self, keys: list[SentenceKey], texts: Mapping[str, str]) -> list[HitRow]:
        """Full hit rows for these sentences, in the order of `keys`, sliced texts filled in."""
        wanted: dict[str, list[int]] = {}
        for _, idx, rid in keys:
            wanted.setdefault(rid, []).append(idx)
        found: dict[tuple[str, int], HitRow] = {}
        reports = list(wanted.items())
        for at in range(0, len(reports), LIKE_REPORTS_AT_ONCE):
            batch = reports[at : at + LIKE_REPORTS_AT_ONCE]
            where = " OR ".join(
                f"(s.report_id = ? AND s.idx IN ({', '.join('?' * len(i))}))" for _, i in batch
            )
            params = [value for rid, idxs in batch for value in (rid, *idxs)]
            for row in self._all(f"SELECT {self.HIT_COLUMNS}, 0.0 {self.HIT_FROM} WHERE {where}", params):
                hit = HitRow.of(row)
                found[(hit.sentence.report_id, hit.sentence.idx)] = hit
        out = []
        for _, idx, rid in keys:
            hit = found[(rid, idx)]
            if hit.sentence.text is None:
                sliced = texts[rid][hit.sentence.span_start : hit.sentence.span_end]
                hit = hit._replace(sentence=hit.sentence._replace(text=sliced))
            out.append(hit)
        return out

    @staticmethod
    def _hit(row: HitRow, query: str, words: list[str], texts: Mapping[str, str]) -> SearchHit:
        place = row.place
        sentence = rows.sentence_from(row.sentence, texts.get(place.report_id, ""))
        matches = tokenise.match_spans(sentence.text, query, words or query.split())
        heading, kind = place.section_heading or NO_SECTION[0], place.section_kind or NO_SECTION[1]
        return SearchHit(
            place.report_id, place.report_title, heading, kind, sentence, matches, float(row.score)
        )


def _light_from(kind: str | None, report: bool = False) -> str:
    """Sentences, with their report if asked, and with their section when a kind filters them."""
    joined = "FROM sentences s" + (" JOIN reports r ON r.id = s.report_id" if report else "")
    if kind:
        joined += " LEFT JOIN sections sec ON sec.report_id = s.report_id AND sec.path = s.section_path"
    return joined


def _holds(text: str, parts: list[str], start: int = 0, end: int | None = None) -> bool:
    """Whether text[start:end] holds every part (searched in place, not sliced)."""
    return all(text.find(part, start, end) >= 0 for part in parts)
