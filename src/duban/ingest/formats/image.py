"""Images of pages (PNG, JPEG, TIFF with one page a frame), read by OCR (see `ocr`)."""

from __future__ import annotations

import io

from duban.errors import IngestError
from duban.ingest.formats import OcrProgress
from duban.ingest.formats.layout import Page, in_columns, page_text
from duban.ingest.formats.ocr import MAX_IMAGE_PIXELS, MAX_OCR_PAGES, fit, is_blank, read_page
from duban.ingest.formats.sniff import image_kind

_DEFAULT_DPI = 200.0
"""Resolution taken for an image that does not say its own."""


def image_text(path: str, data: bytes, *, ocr: bool = True, progress: OcrProgress | None = None) -> str:
    """The text OCR reads on an image's pages, paragraphs rebuilt as for a PDF."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    kind = (image_kind(data) or "image").upper()
    if not ocr:
        raise IngestError(path, f"a {kind} image: reading it needs OCR, which is off (--no-ocr)")
    try:
        image = Image.open(io.BytesIO(data))
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_OCR_PAGES:
            raise IngestError(path, f"{kind} has {frames} pages, over the {MAX_OCR_PAGES}-page OCR limit")
        pages = []
        if progress:
            progress(0, frames)
        for done, frame in enumerate(ImageSequence.Iterator(image), 1):
            pages.append(in_columns(_read_frame(path, kind, frame)))
            if progress:
                progress(done, frames)
    except Image.DecompressionBombError:
        raise IngestError(path, f"{kind} image is over the {MAX_IMAGE_PIXELS:,}-pixel limit") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as err:
        raise IngestError(path, f"{kind} image is damaged or cannot be read ({err})") from None
    text = page_text(pages)
    if not text.strip():
        raise IngestError(path, f"OCR found no text in this {kind} image")
    return text


def _read_frame(path: str, kind: str, frame: object) -> Page:
    from PIL.Image import Image

    assert isinstance(frame, Image)
    width, height = frame.size
    if width * height > MAX_IMAGE_PIXELS:
        limit = f"{MAX_IMAGE_PIXELS:,}"
        raise IngestError(path, f"{kind} image is {width}×{height} pixels, over the {limit}-pixel limit")
    dpi = float((frame.info.get("dpi") or (_DEFAULT_DPI,))[0] or _DEFAULT_DPI)
    grey = frame.convert("L")
    if is_blank(grey):
        return Page(height * 72 / dpi, [])
    scaled, factor = fit(grey)
    return Page(height * 72 / dpi, read_page(path, scaled, 72 / dpi / factor, height * 72 / dpi))
