"""What the ledger takes from a user: report references, pages, text filters.

One validation for the CLI, the store and the web app. A listing number is ASCII
digits only: ``²``, ``①`` or ``٣`` pass `str.isdigit` but are text to look for in
titles like any other. Numbers, offsets and limits are bounded well inside the
databases' 64-bit integers, so that no number a user can type overflows one: a
report number beyond the bound names no report, a page beyond it is refused.
"""

from __future__ import annotations

from duban.errors import DubanError

MAX_NUMBER = 1_000_000_000  # largest report number, offset or limit looked up: more than any ledger holds
MAX_REF_CHARS = 1000  # a longer reference names no report (ids and titles are far shorter)
MAX_FILTER_CHARS = 1000  # a longer metric filter matches no metric
MAX_WORD_CHARS = (
    500  # a longer search word is looked for as a substring: no index keeps it (PostgreSQL: < 2 KB)
)


class OutOfRange(DubanError):
    """A page offset or limit outside what the ledger serves (the web answers 422)."""


def listing_number(ref: str) -> int | None:
    """The whole number a reference spells in ASCII digits, else None (any other text)."""
    return int(ref) if ref.isascii() and ref.isdigit() else None


def listing_offset(number: int) -> int | None:
    """The 0-based place in the listing of report `number`, None when no ledger has one."""
    return number - 1 if 1 <= number <= MAX_NUMBER else None


def is_reference(ref: str) -> bool:
    """Whether `ref` can name a report at all: not empty, not too long, valid text without NUL."""
    return 0 < len(ref) <= MAX_REF_CHARS and is_text(ref)


def is_text(value: str) -> bool:
    """Whether `value` can be stored text: encodable UTF-8 (no lone surrogates, as an
    undecodable command-line byte becomes) and no NUL (PostgreSQL keeps none)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_page(limit: int | None, offset: int = 0) -> None:
    """OutOfRange unless 1 <= limit <= MAX_NUMBER (or None: no limit) and 0 <= offset <= MAX_NUMBER."""
    if limit is not None and not 1 <= limit <= MAX_NUMBER:
        raise OutOfRange(f"limit {limit} is out of range: give a whole number from 1 to {MAX_NUMBER}")
    if not 0 <= offset <= MAX_NUMBER:
        raise OutOfRange(f"offset {offset} is out of range: give a whole number from 0 to {MAX_NUMBER}")


def is_filter(value: str) -> bool:
    """Whether a metric filter can match a stored metric: text, not longer than MAX_FILTER_CHARS."""
    return len(value) <= MAX_FILTER_CHARS and is_text(value)
