"""OCR engines on the same scanned pages: character accuracy and pages per second.

The sample compilation is typeset as a PDF (reportlab, a CJK font, first-line indents,
numbered pages), each page rendered at --dpi to a grey image as a scanner would give it
(with --noise: a slight tilt, blur and speckle as on a real scan), and read by

- rapidocr-onnxruntime (PP-OCRv4 models shipped in its wheel, ONNX Runtime on the CPU), with
  and without its text-direction classifier (which turns lines it judges upside down),
- Debian's tesseract-ocr with tesseract-ocr-chi-sim (`tesseract IMAGE - -l chi_sim`), with its
  automatic page layout (--psm 3, the default) and reading the page as one block (--psm 6),

each on the same --pages pages. Accuracy is 1 - edit distance / length between the page's
text layer and the OCR text, both with whitespace removed and width forms folded (NFKC),
as the ingest repair folds them. Speed is pages per second of recognition alone (the
engine loaded beforehand), one page at a time.

Usage: .venv/bin/python bench/ocr.py [--pages 4] [--dpi 200] [--noise]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def accuracy(truth: str, got: str) -> float:
    truth, got = flat(truth), flat(got)
    return 1 - edit_distance(truth, got) / max(len(truth), 1)


def scanned_pages(folder: Path, pages: int, dpi: int, noise: bool) -> list[tuple[Path, str]]:
    """Images of the first `pages` pages of the typeset sample, each with its true text."""
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    from test_formats import sample_lines, write_typeset_pdf

    pdf = pdfium.PdfDocument(str(write_typeset_pdf(folder / "sample.pdf", sample_lines())))
    rng = random.Random(13)
    out = []
    for k in range(min(pages, len(pdf))):
        page = pdf[k]
        textpage = page.get_textpage()
        truth = textpage.get_text_range()
        image = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        if noise:
            image = image.rotate(rng.uniform(-0.6, 0.6), fillcolor=255, expand=False)
            image = image.filter(ImageFilter.GaussianBlur(0.6))
            pixels = image.load()
            for _ in range(image.width * image.height // 400):
                x, y = rng.randrange(image.width), rng.randrange(image.height)
                pixels[x, y] = rng.choice((0, 255))
        path = folder / f"page{k + 1}.png"
        image.save(path)
        out.append((path, truth))
    return out


def run_rapidocr(images: list[Path], use_cls: bool = True) -> tuple[list[str], float]:
    from rapidocr_onnxruntime import RapidOCR

    engine = RapidOCR()
    engine(str(images[0]))  # warm up: sessions created, first inference done
    texts, start = [], time.perf_counter()
    for image in images:
        result, _ = engine(str(image), use_cls=use_cls)
        texts.append("\n".join(line[1] for line in result or []))
    return texts, time.perf_counter() - start


def run_tesseract(images: list[Path], psm: int = 3) -> tuple[list[str], float]:
    texts, start = [], time.perf_counter()
    for image in images:
        command = ["tesseract", str(image), "-", "-l", "chi_sim", "--psm", str(psm)]
        texts.append(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
    return texts, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=4)
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--noise", action="store_true", help="tilt, blur and speckle as on a real scan")
    args = parser.parse_args()
    engines = {
        "rapidocr": run_rapidocr,  # with its text-direction classifier (0° or 180° per line)
        "rapidocr, no cls": lambda images: run_rapidocr(images, use_cls=False),  # lines taken as upright
    }
    if shutil.which("tesseract"):
        engines["tesseract chi_sim"] = run_tesseract  # page segmentation 3: automatic layout
        engines["tesseract chi_sim psm 6"] = lambda images: run_tesseract(images, psm=6)  # one block
    else:
        print("tesseract not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim): skipped")
    with tempfile.TemporaryDirectory() as tmp:
        pages = scanned_pages(Path(tmp), args.pages, args.dpi, args.noise)
        images = [path for path, _ in pages]
        kind = "scan-like" if args.noise else "clean"
        print(f"{len(pages)} {kind} pages of the sample at {args.dpi} dpi")
        for name, run in engines.items():
            texts, seconds = run(images)
            scores = [accuracy(truth, text) for (_, truth), text in zip(pages, texts, strict=True)]
            chars = sum(len(flat(truth)) for _, truth in pages)
            errors = sum(
                edit_distance(flat(truth), flat(text)) for (_, truth), text in zip(pages, texts, strict=True)
            )
            print(
                f"{name:24} accuracy {1 - errors / chars:.4f} (pages {min(scores):.3f}-{max(scores):.3f}), "
                f"{len(pages) / seconds:.3f} pages/s ({seconds / len(pages):.2f} s a page)"
            )


if __name__ == "__main__":
    main()
