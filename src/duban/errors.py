"""One exception root for the whole library.

Every error says what went wrong in words a user can act on; the CLI prints the
message on one line and exits non-zero, with no traceback.
"""

from __future__ import annotations


class DubanError(Exception):
    """Root of every error duban raises on purpose."""


class IngestError(DubanError):
    """A file could not be read as a report: names the file and the problem."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class ExtractError(DubanError):
    """Extraction met something it cannot handle."""


class InvariantError(DubanError):
    """Something duban holds true of its own objects does not hold (a span that does not
    point at its text): a bug of duban, never of the input. Raised rather than worked round."""


class StoreError(DubanError):
    """The ledger cannot be opened, read or written."""


class NotFoundError(DubanError):
    """A report, fact or page the user asked for does not exist."""
