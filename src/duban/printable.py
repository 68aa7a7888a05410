"""Text that stays one line on a terminal: file names (and what quotes them) with their
control characters escaped.

A file name may hold a newline, an escape sequence, a bidirectional override or a byte
that is no UTF-8 (Python hands it over as a lone surrogate). Printed raw, the first
splits the one line said per file, the next drive the terminal, the last cannot be
written at all. `printable` writes each as a visible escape: ``\\n``, ``\\x1b``,
``\\u202e``, and an undecodable byte as ``\\xff``.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f"  # C0 controls, DEL, C1 controls
    "\u2028\u2029"  # line and paragraph separators
    "\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidirectional marks, embeddings, overrides, isolates
    "\ud800-\udfff]"  # lone surrogates: bytes that were no UTF-8
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with every control character written as an escape (see the module docstring)."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
