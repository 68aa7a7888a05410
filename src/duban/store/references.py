"""Which report a user means: an id, a number in the listing, or part of a title, department
or id (`find_report`), and a report's own row."""

from __future__ import annotations

from duban.model import Report
from duban.store import bounds, rows
from duban.store.base import ReportNotFound
from duban.store.connection import LISTING_ORDER, SqlConnection, escape_like

YEAR_DIGITS = 4  # a number this long that is no listing number may be a year in a title
TITLES_SHOWN = 5  # reports named in the message of an ambiguous reference


class Resolving(SqlConnection):
    """Report references to report ids, and reports by id."""

    def find_report(self, ref: str) -> Report:
        with self._read("find a report"):
            return self._report(self._resolve(ref))

    def _resolve(self, ref: str) -> str:
        """A report id from an id, a 1-based listing number, or a unique title/department/id part
        (a number of 4+ digits that is no listing number is looked for in the titles: 2024)."""
        ref = ref.strip()
        if not bounds.is_reference(ref):
            shown = ref[:40].encode("utf-8", "backslashreplace").decode() + ("…" * (len(ref) > 40))
            raise ReportNotFound(f"'{shown}' names no report: give its id, number or part of its title", ref)
        if self._one("SELECT 1 FROM reports WHERE id = ?", (ref,)):
            return ref
        number = bounds.listing_number(ref)
        if number is not None:
            place = bounds.listing_offset(number)
            row = None
            if place is not None:
                row = self._one(
                    f"SELECT r.id FROM reports r JOIN documents d ON d.seq = r.document_seq "
                    f"ORDER BY {LISTING_ORDER} LIMIT 1 OFFSET ?",
                    (place,),
                )
            if row:
                return str(row[0])
            if len(ref) < YEAR_DIGITS:
                raise ReportNotFound(f"no report number {ref} in {self.target}", ref)
        like = "%" + escape_like(ref) + "%"
        found = self._all(
            f"SELECT r.id, r.title FROM reports r JOIN documents d ON d.seq = r.document_seq "
            f"WHERE r.title LIKE ? ESCAPE '\\' OR r.department LIKE ? ESCAPE '\\' OR r.id LIKE ? ESCAPE '\\' "
            f"ORDER BY {LISTING_ORDER}",
            (like, like, escape_like(ref) + "%"),
        )
        exact = [rid for rid, title in found if title == ref]
        if len(found) == 1 or len(exact) == 1:
            return str((exact or [found[0][0]])[0])
        if not found and number is not None:
            raise ReportNotFound(f"no report number {ref} (nor a title holding it) in {self.target}", ref)
        if not found:
            raise ReportNotFound(f"no report matches {ref!r} in {self.target}", ref)
        titles = "; ".join(title for _, title in found[:TITLES_SHOWN]) + (
            "; …" if len(found) > TITLES_SHOWN else ""
        )
        message = f"{ref!r} matches {len(found)} reports ({titles}); name one by id or number"
        raise ReportNotFound(message, ref, [title for _, title in found])

    def _report(self, report_id: str) -> Report:
        found = self._one(
            f"SELECT {rows.columns(rows.ReportRow, 'r')}, d.id, CASE WHEN r.text IS NULL THEN d.text END "
            "FROM reports r JOIN documents d ON d.seq = r.document_seq WHERE r.id = ?",
            (report_id,),
        )
        if found is None:
            raise ReportNotFound(f"no report {report_id!r} in {self.target}", report_id)
        report, document_id, document_text = rows.cut(found, rows.ReportRow)  # text: when it has none
        return rows.report_from(report, document_id, document_text)
