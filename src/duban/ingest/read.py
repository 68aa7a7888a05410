"""Read a file into a `Document`: bytes → text (any common Chinese encoding) → repair."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path
from typing import Final

from duban.errors import IngestError
from duban.ingest.formats import OcrProgress, extract_text, sniff_format
from duban.ingest.repair import repair
from duban.model import Document
from duban.rules.compiled import compiled
from duban.rules.once import Once

MAX_BYTES = 50 * 1024 * 1024  # 50 MB of text is far beyond any report
MAX_TEXT_CHARS = 1_000_000
"""Text a file may hold once read (any format): extraction runs at about 170,000 characters a
second on two cores (bench/hostile.py), so a file is done in seconds; a report is 20,000 to
100,000 characters, the sample compilation of 9 reports 31,000."""

SAMPLED = 20000  # the chars of a text's start that tell binary data or mojibake
# Control chars other than \t\n\v\f\r, and private use: what binary data decodes into. Built on
# first use from the machine's cache of compiled patterns: `re`'s compiler takes 1–2 ms on each of
# these ranges, at every start of every command that imports this module.
_JUNK: Final = Once(lambda: compiled(r"[\x00-\x08\x0e-\x1f\ue000-\uf8ff]"))
# Kana, Hangul, box drawing, Greek, Cyrillic, private use: what Big5 and others decode into as GB18030.
_ODD: Final = Once(lambda: compiled(r"[\u3040-\u30ff\uac00-\ud7af\u2500-\u257f\u0370-\u04ff\ue000-\uf8ff]"))
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_document(path: str | Path, *, ocr: bool = True, progress: OcrProgress | None = None) -> Document:
    """Read, decode and repair one file. Raises IngestError naming the file and the problem.

    Pages without text (scans, images) are read by OCR unless `ocr` is off, which refuses
    them; `progress` hears (pages done, pages to read) before OCR starts and after each page.
    """
    data = _read_bytes(path)
    if sniff_format(data):
        raw, encoding = extract_text(path, data, ocr=ocr, progress=progress)
    else:
        raw, encoding = decode_text(path, data)
    if not raw.strip():
        raise IngestError(str(path), "the file holds no text")
    if len(raw) > MAX_TEXT_CHARS:
        size = f"{len(raw) / 1e6:.1f} million characters"
        raise IngestError(str(path), f"text is {size}, over the {MAX_TEXT_CHARS // 1_000_000} million limit")
    text, offsets = repair(raw)
    sha = hashlib.sha256(data).hexdigest()
    return Document(id=sha, path=str(path), sha256=sha, text=text, encoding=encoding, offsets=offsets)


def _read_bytes(path: str | Path) -> bytes:
    p = Path(path)
    if not p.exists():
        raise IngestError(str(path), "no such file")
    if p.is_dir():
        problem = "is a folder with no files in it" if not any(p.iterdir()) else "is a folder, not a file"
        raise IngestError(str(path), problem)
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise IngestError(str(path), f"file is {size / 2**20:.0f} MB, over the {MAX_BYTES // 2**20} MB limit")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise IngestError(str(path), f"cannot be read ({exc.strerror or exc})") from exc
    if not data.strip():
        raise IngestError(str(path), "the file is empty" if not data else "the file holds only whitespace")
    return data


def decode_text(path: str | Path, data: bytes) -> tuple[str, str]:
    """The text of `data` and the encoding it was written in (judged from the bytes only)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(path, data, encoding), encoding
    if b"\x00" in data:
        wide = _utf16_by_nuls(data)
        if wide is None:
            raise IngestError(str(path), "binary data, not text (NUL bytes)")
        return _strict(path, data, wide), wide
    try:
        return _checked(path, data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return _guess(path, data)
    if _odd_share(text) > 0.02:  # Big5 and others also decode as GB18030, into kana and private use
        try:
            return _guess(path, data)
        except IngestError:
            pass
    return _checked(path, text), "gb18030"


def _odd_share(text: str) -> float:
    """The share of kana, Hangul, box-drawing, Cyrillic, Greek and private-use chars (mojibake)."""
    sample = text[:SAMPLED]
    return len(_ODD.get().findall(sample)) / max(len(sample), 1)


def _utf16_by_nuls(data: bytes) -> str | None:
    """utf-16-le/-be when the NUL bytes sit on one parity (ASCII chars of UTF-16)."""
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    if len(data) % 2 or max(even, odd) < 0.9 * (even + odd):
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _strict(path: str | Path, data: bytes, encoding: str) -> str:
    try:
        return _checked(path, data.decode(encoding))
    except UnicodeDecodeError as exc:
        raise IngestError(str(path), f"cannot be decoded as {encoding} (byte {exc.start})") from exc


def _checked(path: str | Path, text: str) -> str:
    """`text` unless it is mostly control characters or private-use junk."""
    sample = text[:SAMPLED]
    bad = len(_JUNK.get().findall(sample))
    if bad > max(3, len(sample) // 100):
        raise IngestError(str(path), "binary data, not text")
    return text


def _guess(path: str | Path, data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise IngestError(str(path), "cannot be decoded as text in any known encoding")
    text = _checked(path, str(best))
    if _cjk_share(text) < 0.2:
        raise IngestError(
            str(path), f"undecodable: not UTF-8 or GB18030, and as {best.encoding} it is not Chinese"
        )
    return text, best.encoding


def _cjk_share(text: str) -> float:
    """The share of CJK ideographs among the visible chars of (the start of) `text`."""
    visible = [c for c in text[:20000] if not c.isspace()]
    return sum("\u4e00" <= c <= "\u9fff" for c in visible) / max(len(visible), 1)
