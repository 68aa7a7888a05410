"""OCR of page images: rapidocr-onnxruntime (PP-OCRv4, its models inside its wheel, on the CPU).

Chosen over Debian's tesseract-ocr-chi-sim by `bench/ocr.py` (figures in the README):
more accurate on the sample's printed pages and no worse in speed, and it needs no page
layout analysis of its own (tesseract's automatic layout scrambled the order of lines
on clean pages). Lines are read as upright (its text-direction classifier, which turns
lines it judges upside down, cost accuracy on upright pages and is not used).

`recognise` turns one page image into `Line`s in page coordinates (points, y upwards),
so that OCR output goes through the same paragraph rebuilding as a PDF text layer and
then through the same repair. Nothing is downloaded: the engine is loaded once per
process from the installed wheel.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, cast

from duban.errors import IngestError
from duban.ingest.formats.layout import HEAD_CHUNK, Line, arrange

if TYPE_CHECKING:
    from PIL.Image import Image

MAX_OCR_PAGES = 100
"""Pages one file may need read by OCR (about 3-6 s a page on two cores); more are refused."""
OCR_DPI = 200
"""Resolution pages of a PDF are rendered at for OCR."""
MAX_OCR_SIDE = 3000
"""Longest side, in pixels, of an image given to OCR (a larger one is scaled down)."""
MAX_IMAGE_PIXELS = 60_000_000
"""A page image larger than this (an A4 page at 600 dpi is 35 million) is refused unread."""


@functools.cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def load_engine(path: str) -> Any:
    """The OCR engine; IngestError naming `path` when it cannot be loaded."""
    try:
        return _engine()
    except ImportError as err:  # the wheel missing, or a system library it needs (libGL for OpenCV)
        raise IngestError(path, f"needs OCR, but the OCR engine cannot be loaded ({err})") from None


def recognise(path: str, image: Image, points_per_pixel: float, page_height: float) -> list[Line]:
    """The text lines OCR finds on `image`, each with its box in page points (y upwards)."""
    import numpy as np

    engine = load_engine(path)
    result, _ = engine(np.asarray(image.convert("RGB")), use_cls=False)
    lines = []
    for box, read, _score in result or []:
        text = _fixed(read.strip())
        if not text:
            continue
        xs = [point[0] * points_per_pixel for point in box]
        ys = [page_height - point[1] * points_per_pixel for point in box]
        left, bottom, right, top = min(xs), min(ys), max(xs), max(ys)
        head = HEAD_CHUNK.match(text)
        head_width = (right - left) * len(head.group() if head else text[:1]) / len(text)
        lines.append(Line(text, (left, bottom, right, top), head_width))
    return lines


@functools.cache
def _fixes() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The confusions of rules/ocr.yaml as (pattern, replacement)."""
    from duban import rules

    fixes = []
    for fix in rules.ocr()["fixes"]:
        pattern = re.escape(fix["read"])
        if "after" in fix:
            pattern = f"(?<=[{re.escape(fix['after'])}]){pattern}"
        if "before" in fix:
            pattern += f"(?=[{re.escape(fix['before'])}])"
        if "not_before" in fix:
            pattern += f"(?![{re.escape(fix['not_before'])}])"
        fixes.append((re.compile(pattern), fix["write"]))
    return tuple(fixes)


def _fixed(text: str) -> str:
    for pattern, replacement in _fixes():
        text = pattern.sub(replacement, text)
    return text


_GUTTER_WIDTH = 0.015
"""A clear strip down the middle at least this share of the image wide parts two columns."""
_GUTTER_INK = 0.03
"""…where at most this share of the inked rows has ink (a title across both columns)."""


def read_page(path: str, image: Image, points_per_pixel: float, page_height: float) -> list[Line]:
    """The lines OCR finds on a page image; a page in two columns is read one column at a
    time (the detector would run a line of one column into the line beside it)."""
    gutter = image_gutter(image)
    if gutter is None:
        return arrange(recognise(path, image, points_per_pixel, page_height))
    left, right = gutter
    pieces = recognise(path, image.crop((0, 0, left, image.height)), points_per_pixel, page_height)
    dx = right * points_per_pixel
    for line in recognise(
        path, image.crop((right, 0, image.width, image.height)), points_per_pixel, page_height
    ):
        assert line.box is not None
        box = (line.box[0] + dx, line.box[1], line.box[2] + dx, line.box[3])
        pieces.append(Line(line.text, box, line.head_width))
    return arrange(pieces)


def image_gutter(image: Image) -> tuple[int, int] | None:
    """The pixel columns (from, to) of a clear strip down the middle of the text, else None."""
    import numpy as np

    ink = np.asarray(image.convert("L")) < 128
    rows = int(ink.any(axis=1).sum())
    columns = np.flatnonzero(ink.any(axis=0))
    if rows == 0 or len(columns) == 0:
        return None
    low, high = int(columns[0]), int(columns[-1])
    clear = ink.sum(axis=0) <= _GUTTER_INK * rows
    best: tuple[int, int] | None = None
    start = None
    for x in range(low + (high - low) * 3 // 10, low + (high - low) * 7 // 10 + 1):
        if clear[x] and start is None:
            start = x
        elif not clear[x] and start is not None:
            if best is None or x - start > best[1] - best[0]:
                best = (start, x)
            start = None
    if start is not None and (best is None or x - start > best[1] - best[0]):
        best = (start, x)
    if best is None or best[1] - best[0] < _GUTTER_WIDTH * image.width:
        return None
    return best


def fit(image: Image) -> tuple[Image, float]:
    """`image` scaled down to at most MAX_OCR_SIDE pixels a side, and the factor it was scaled by."""
    side = max(image.size)
    if side <= MAX_OCR_SIDE:
        return image, 1.0
    factor = MAX_OCR_SIDE / side
    size = (max(1, round(image.width * factor)), max(1, round(image.height * factor)))
    return image.resize(size), factor


def is_blank(image: Image) -> bool:
    """Whether a grey page image has nothing darker than light grey on it."""
    low, _ = cast("tuple[int, int]", image.convert("L").getextrema())  # one band: (darkest, lightest)
    return low > 200
