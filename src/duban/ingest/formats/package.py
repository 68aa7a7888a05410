"""ZIP packages (DOCX, OFD): opened with their parts checked before any is parsed.

A decompression bomb (a small file whose XML inflates to gigabytes) is refused from the
sizes the archive declares, which also bound what Python's zipfile will inflate:

- a part duban parses (the DOCX body, an OFD page) larger than MAX_PART_BYTES unpacked;
- all parts together larger than MAX_PACKAGE_BYTES unpacked;
- a part of more than BOMB_FROM_BYTES that unpacks to over MAX_RATIO times its packed size
  (XML of real documents packs 5-20 to 1; a bomb of repeated text, hundreds to 1).
"""

from __future__ import annotations

import io
import zipfile

from duban.errors import IngestError

MAX_PART_BYTES = 20 * 2**20
MAX_PACKAGE_BYTES = 150 * 2**20
MAX_RATIO = 100
BOMB_FROM_BYTES = 2**20


def open_package(path: str, data: bytes, kind: str) -> zipfile.ZipFile:
    """The archive, its total unpacked size checked; IngestError when it is no readable ZIP."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise IngestError(path, f"{kind} is damaged or truncated (not a readable ZIP archive)") from None
    if total > MAX_PACKAGE_BYTES:
        raise IngestError(
            path, f"{kind} unpacks to {total / 2**20:.0f} MB, over the {MAX_PACKAGE_BYTES // 2**20} MB limit"
        )
    return archive


def check_part(path: str, archive: zipfile.ZipFile, name: str, kind: str) -> int:
    """The unpacked size of part `name`, refused when over the limits (before it is read)."""
    info = archive.getinfo(name)
    size, packed = info.file_size, max(info.compress_size, 1)
    if size > MAX_PART_BYTES:
        limit = MAX_PART_BYTES // 2**20
        raise IngestError(
            path, f"{kind} part {name} unpacks to {size / 2**20:.0f} MB, over the {limit} MB limit"
        )
    if size > BOMB_FROM_BYTES and size > MAX_RATIO * packed:
        raise IngestError(
            path,
            f"{kind} part {name} unpacks {size // packed}-fold, to {size / 2**20:.1f} MB "
            f"(a decompression bomb; the limit is {MAX_RATIO}-fold above {BOMB_FROM_BYTES // 2**20} MB)",
        )
    return size


def read_part(path: str, archive: zipfile.ZipFile, name: str, kind: str) -> bytes:
    """The bytes of part `name`, after `check_part`; IngestError when it cannot be inflated."""
    check_part(path, archive, name, kind)
    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
        raise IngestError(path, f"{kind} part {name} is damaged ({err})") from None


def zip_names(data: bytes) -> list[str]:
    """The names in a ZIP archive; of a damaged one, the name in its first local header."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        length = int.from_bytes(data[26:28], "little")
        return [data[30 : 30 + length].decode("utf-8", "replace")]
