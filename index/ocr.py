"""OCR of PDF pages that have no usable text layer: image-only pages and garbage glyph layers.

A page is rendered with pdfplumber/pypdfium2 and read by an offline CPU OCR engine whose
Chinese models come from a package registry:

* ``rapidocr`` (default): PyPI ``rapidocr-onnxruntime``, PP-OCRv4 ONNX models shipped inside
  the wheel (it never downloads at run time).  Chosen for accuracy and speed, see README.
* ``tesseract``: Debian ``tesseract-ocr`` + ``tesseract-ocr-chi-sim`` through ``pytesseract``.

``BUDGETQA_OCR`` picks the engine.  What comes back is text boxes in PDF coordinates (points,
top-left origin, like pdfplumber) plus the ruling lines found on the page image, so that
``index.pdf_parser`` can rebuild lines and table grids exactly as for a text PDF.

Hand-written parts and why: the numeric repair (OCR engines confuse O/0, l/1 and the
full-width comma inside amounts; fixing that anywhere else would damage Chinese text), and
the ruling-line detection (a few OpenCV morphology calls; no library returns table rulings
as line segments that pdfplumber's table finder can take).
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import OrderedDict
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any, Protocol

from PIL import Image

DEFAULT_DPI = 200
# A page image is never larger than this (long side, pixels): bounds OCR time per page.
MAX_SIDE_PX = 2400
# At most this many text boxes are recognised on one page (bounds time on dense pages).
MAX_BOXES = 600
# Text detection runs on the page scaled to this long side (pixels); recognition on the full image.
DET_SIDE_PX = 1344
# Recognised runs scoring below this are dropped (RapidOCR's own default text_score).
MIN_TEXT_SCORE = 0.5
OCR_WARNING = "OCR识别，请核对原件"


@dataclass(frozen=True)
class OcrBox:
    """One recognised run of text, in PDF points (top-left origin)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    score: float = 1.0

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Segment:
    """A ruling line on the page image, in PDF points."""

    x0: float
    top: float
    x1: float
    bottom: float

    def as_line(self) -> dict[str, Any]:
        """As a pdfplumber line object (for ``explicit_*_lines`` of the table finder)."""
        return {
            "object_type": "line",
            "x0": self.x0,
            "x1": self.x1,
            "top": self.top,
            "bottom": self.bottom,
            "width": self.x1 - self.x0,
            "height": self.bottom - self.top,
        }


@dataclass
class OcrPage:
    """What OCR found on one page."""

    boxes: list[OcrBox]
    horizontals: list[Segment] = field(default_factory=list)
    verticals: list[Segment] = field(default_factory=list)
    engine: str = ""
    seconds: float = 0.0


class OcrEngine(Protocol):
    name: str

    def read(self, image: Image.Image) -> list[OcrBox]:
        """Text boxes in pixel coordinates of ``image``."""
        ...


class OcrUnavailable(RuntimeError):
    """The OCR engine is not installed; the message says how to install it (in Chinese)."""


# --------------------------------------------------------------------------- engines


class RapidOcrEngine:
    """PP-OCRv4 through onnxruntime (models inside the ``rapidocr-onnxruntime`` wheel).

    Tuned for CPU pages (measured in ``benchmarks/bench_ocr.py``, see README):

    * detection runs on a copy of the page scaled to ``DET_SIDE_PX`` on its long side (DB text
      detection finds text lines of printed pages at ~115 dpi as well as at 200 dpi, at a
      third of the cost), and the boxes it finds are cropped from the full-resolution image,
      so recognition sees the same pixels as before;
    * recognition runs one text line per model call (``rec_batch_num=1``): a batch is padded
      to its widest line and, on this CPU, costs more per line than single calls;
    * one onnxruntime thread per call (no spinning thread pool): pages run in parallel
      instead (``OcrPool``), which uses both cores for real work;
    * no angle classifier: budget pages are upright; it costs a model pass per box.
    """

    name = "rapidocr"

    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:  # pragma: no cover - depends on the install
            raise OcrUnavailable("未安装文字识别引擎：pip install rapidocr-onnxruntime") from exc
        # onnxruntime sessions may be run from several threads at once; one instance serves all.
        self._ocr = RapidOCR(use_cls=False, intra_op_num_threads=1, inter_op_num_threads=1, rec_batch_num=1)
        # Detection needs ~350 MB while it runs (recognition a few MB): one page at a time detects,
        # so pages read side by side stay within the parser's memory cap; recognition overlaps.
        self._detecting = threading.Lock()

    def read(self, image: Image.Image) -> list[OcrBox]:
        import cv2
        import numpy as np

        full = np.asarray(image.convert("RGB"))
        height, width = full.shape[:2]
        scale = min(1.0, DET_SIDE_PX / max(height, width))
        small = (
            cv2.resize(full, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
            if scale < 1.0
            else full
        )
        with self._detecting:
            found, _ = self._ocr.text_det(small)
        if found is None or len(found) == 0:
            return []
        quads = [np.asarray(q, dtype=np.float32) / scale for q in self._ocr.sorted_boxes(found)]
        quads = quads[:MAX_BOXES]
        texts, _ = self._ocr.text_rec(self._ocr.get_crop_img_list(full, quads))
        boxes = []
        for quad, (text, score) in zip(quads, texts, strict=True):
            if score < MIN_TEXT_SCORE or not str(text).strip():
                continue
            xs, ys = quad[:, 0], quad[:, 1]
            boxes.append(
                OcrBox(
                    str(text),
                    float(xs.min()),
                    float(ys.min()),
                    float(xs.max()),
                    float(ys.max()),
                    float(score),
                )
            )
        return boxes


class TesseractEngine:
    """Debian ``tesseract-ocr`` + ``tesseract-ocr-chi-sim`` via ``pytesseract`` (word boxes)."""

    name = "tesseract"

    def __init__(self) -> None:
        try:
            import pytesseract

            langs = pytesseract.get_languages(config="")
        except Exception as exc:  # pragma: no cover - depends on the install
            raise OcrUnavailable(
                "未安装 tesseract：apt-get install tesseract-ocr tesseract-ocr-chi-sim; pip install pytesseract"
            ) from exc
        if "chi_sim" not in langs:  # pragma: no cover
            raise OcrUnavailable("tesseract 缺少简体中文模型：apt-get install tesseract-ocr-chi-sim")
        self._tess = pytesseract

    def read(self, image: Image.Image) -> list[OcrBox]:
        data = self._tess.image_to_data(
            image, lang="chi_sim", config="--psm 6", output_type=self._tess.Output.DICT
        )
        lines: dict[tuple[int, int, int], list[OcrBox]] = {}
        for i, text in enumerate(data["text"]):
            text = (text or "").strip()
            if not text or float(data["conf"][i]) < 0:
                continue
            key = (data["block_num"][i], data["par_num"][i], data["line_num"][i])
            x, y, w, h = data["left"][i], data["top"][i], data["width"][i], data["height"][i]
            lines.setdefault(key, []).append(OcrBox(text, x, y, x + w, y + h, float(data["conf"][i]) / 100))
        boxes: list[OcrBox] = []
        for words in lines.values():
            # tesseract puts a whole table row on one line: split it where the gap is wide.
            words.sort(key=lambda b: b.x0)
            run = [words[0]]
            for w in words[1:]:
                height = max(b.height for b in run)
                if w.x0 - run[-1].x1 > 1.5 * height:
                    boxes.append(_merge(run))
                    run = []
                run.append(w)
            boxes.append(_merge(run))
        return boxes[:MAX_BOXES]


def _merge(words: list[OcrBox]) -> OcrBox:
    text = ""
    for w in words:
        joiner = " " if text and re.match(r"[A-Za-z]", text[-1]) and re.match(r"[A-Za-z]", w.text[0]) else ""
        text += joiner + w.text
    return OcrBox(
        text,
        min(w.x0 for w in words),
        min(w.top for w in words),
        max(w.x1 for w in words),
        max(w.bottom for w in words),
        min(w.score for w in words),
    )


_ENGINES: dict[str, OcrEngine] = {}
_ENGINE_LOCK = threading.Lock()


def engine_name() -> str:
    return os.environ.get("BUDGETQA_OCR", "rapidocr").strip().lower() or "rapidocr"


def get_engine(name: str | None = None) -> OcrEngine:
    """The OCR engine named by ``BUDGETQA_OCR`` (loaded once per process)."""
    name = name or engine_name()
    with _ENGINE_LOCK:
        if name not in _ENGINES:
            if name == "rapidocr":
                _ENGINES[name] = RapidOcrEngine()
            elif name == "tesseract":
                _ENGINES[name] = TesseractEngine()
            else:
                raise OcrUnavailable(f"未知的文字识别引擎 BUDGETQA_OCR={name!r}（可用：rapidocr、tesseract）")
        return _ENGINES[name]


# --------------------------------------------------------------------------- numbers

# A run that starts and ends with a digit and holds OCR look-alikes of digits and separators.
_NUMERIC_RUN = re.compile(r"(?<![A-Za-z])[0-9OoIl|〇][0-9OoIl|〇,，.。．· ]*[0-9OoIl|〇](?![A-Za-z])")
_LOOKALIKE = str.maketrans({"O": "0", "o": "0", "〇": "0", "I": "1", "l": "1", "|": "1"})


def _repair_run(run: str) -> str:
    digits = sum(ch.isdigit() for ch in run)
    if digits < 2 or 3 * digits < 2 * len(re.sub(r"[,，.。．· ]", "", run)):
        return run  # mostly letters: a word, not an amount
    s = run.translate(_LOOKALIKE)
    s = re.sub(r"，(?=\d{3}(?!\d))", ",", s)
    s = re.sub(r"[。．·](?=\d)", ".", s)
    # tesseract spaces out separators: "101, 673. 03" → "101,673.03" (only thousands groups join).
    s = re.sub(r"(?<=\d)\s*,\s*(?=\d{3}(?!\d))", ",", s)
    s = re.sub(r"(?<=\d)\s*\.\s+(?=\d)|(?<=\d)\s+\.\s*(?=\d)", ".", s)
    return s


def repair_numbers(text: str) -> str:
    """Fix OCR confusions inside numeric tokens only: O/0, l/1, ，/, and spaced separators.

    "1O1，673.O3万元" → "101,673.03万元"; a lone 〇 printed as zero before a unit ("〇万元") → "0万元".
    Chinese text around the numbers is never touched.
    """
    text = _NUMERIC_RUN.sub(lambda m: _repair_run(m.group(0)), text)
    return re.sub(r"(?<![〇零一二三四五六七八九十百千])〇(?=\s*(?:万元|亿元|元|%))", "0", text)


# --------------------------------------------------------------------------- rulings


def find_rulings(
    image: Image.Image,
) -> tuple[list[tuple[int, int, int, int]], list[tuple[int, int, int, int]]]:
    """Horizontal and vertical ruling lines on a page image, as pixel rectangles (x, y, w, h).

    Morphological opening with long thin kernels keeps only straight strokes much longer than
    any character, i.e. table rulings.
    """
    import cv2
    import numpy as np

    gray = np.asarray(image.convert("L"))
    bw = (gray < 170).astype(np.uint8) * 255
    h, w = bw.shape
    out = []
    for kernel in ((max(24, w // 40), 1), (1, max(24, h // 60))):
        k = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
        mask = cv2.morphologyEx(bw, cv2.MORPH_OPEN, k)
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        out.append([cv2.boundingRect(c) for c in contours])
    return out[0], out[1]


# --------------------------------------------------------------------------- pages

_CACHE: OrderedDict[tuple, OcrPage] = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()


def render(page: Any, dpi: int = DEFAULT_DPI) -> Image.Image:
    """A pdfplumber page as an image, at ``dpi`` but never longer than ``MAX_SIDE_PX``."""
    longest = max(float(page.width), float(page.height)) / 72
    dpi = int(min(dpi, MAX_SIDE_PX / longest))
    return page.to_image(resolution=dpi).original


def read_image(image: Image.Image, page_width: float, page_height: float) -> OcrPage:
    """OCR a rendered page image: text boxes (numbers repaired) and rulings, in PDF points.

    Thread-safe (the engines run concurrently); rendering, which is not, stays with the caller.
    """
    engine = get_engine()
    start = time.perf_counter()
    sx = page_width / image.width
    sy = page_height / image.height
    try:
        read = engine.read(image)
    except MemoryError as exc:
        raise OcrUnavailable("文字识别（OCR）时内存不足（可用 BUDGETQA_PARSE_MEMORY_MB 调大）") from exc
    except Exception as exc:  # the engine's own runtime errors (onnxruntime raises its own types)
        reason = (
            "内存不足（可用 BUDGETQA_PARSE_MEMORY_MB 调大）" if "alloc" in str(exc) else type(exc).__name__
        )
        raise OcrUnavailable(f"文字识别（OCR）失败：{reason}") from exc
    gray = _gray(image)
    boxes = []
    for b in read:
        text = repair_numbers(b.text.strip())
        if text:
            top, bottom = _ink_rows(gray, b)
            boxes.append(OcrBox(text, b.x0 * sx, top * sy, b.x1 * sx, bottom * sy, b.score))
    hs, vs = find_rulings(image)
    return OcrPage(
        boxes=boxes,
        horizontals=[Segment(x * sx, (y + h / 2) * sy, (x + w) * sx, (y + h / 2) * sy) for x, y, w, h in hs],
        verticals=[Segment((x + w / 2) * sx, y * sy, (x + w / 2) * sx, (y + h) * sy) for x, y, w, h in vs],
        engine=engine.name,
        seconds=time.perf_counter() - start,
    )


def _gray(image: Image.Image) -> Any:
    import numpy as np

    return np.asarray(image.convert("L"))


# A detected box is this much taller than the ink it holds (the convention the line and font-size
# code downstream was written for: boxes from detection at full resolution).
_BOX_PAD = 0.05


def _ink_rows(gray: Any, box: OcrBox) -> tuple[float, float]:
    """The box's top and bottom, fitted to the ink inside it plus a fixed margin.

    Why: a detector pads a box by an amount that depends on the box's shape and on the scale it
    detected at (a two-character heading gets a taller box than a long line of the same font), and
    downstream the box height stands for the font size (titles are found by it).  The ink does
    not vary, so the height is re-measured from the pixels.
    """
    h, w = gray.shape
    x0, x1 = max(0, int(box.x0)), min(w, int(box.x1) + 1)
    y0, y1 = max(0, int(box.top)), min(h, int(box.bottom) + 1)
    if x1 - x0 < 2 or y1 - y0 < 2:
        return box.top, box.bottom
    inked = (gray[y0:y1, x0:x1] < 160).any(axis=1).nonzero()[0]
    if len(inked) < 2:
        return box.top, box.bottom
    top, bottom = y0 + int(inked[0]), y0 + int(inked[-1]) + 1
    pad = _BOX_PAD * (bottom - top)
    return max(0.0, top - pad), min(float(h), bottom + pad)


def _cache_key(key: tuple | None, dpi: int) -> tuple | None:
    return (*key, engine_name(), dpi) if key is not None else None


def _cached(full_key: tuple | None) -> OcrPage | None:
    if full_key is None:
        return None
    with _CACHE_LOCK:
        if full_key in _CACHE:
            _CACHE.move_to_end(full_key)
            return _CACHE[full_key]
    return None


def _remember(full_key: tuple | None, result: OcrPage) -> OcrPage:
    if full_key is not None:
        with _CACHE_LOCK:
            _CACHE[full_key] = result
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return result


def ocr_page(page: Any, key: tuple | None = None, dpi: int = DEFAULT_DPI) -> OcrPage:
    """OCR one pdfplumber page: text boxes (numbers repaired) and rulings, in PDF points.

    ``key`` (e.g. file sha256 and page number) caches the result for this process, so a
    document parsed twice (ingest, tests) is read once.
    """
    get_engine()  # an engine that is not installed says so before the page is rendered
    full_key = _cache_key(key, dpi)
    hit = _cached(full_key)
    if hit is not None:
        return hit
    image = render(page, dpi)
    return _remember(full_key, read_image(image, float(page.width), float(page.height)))


def ocr_workers() -> int:
    """Pages OCR'd at once (``BUDGETQA_OCR_WORKERS``; default: the machine's cores, at most 2)."""
    try:
        n = int(os.environ.get("BUDGETQA_OCR_WORKERS", "0"))
    except ValueError:
        n = 0
    return n if n > 0 else max(1, min(2, os.cpu_count() or 1))


class OcrPool:
    """OCR of several pages at once: each engine call uses one core, so pages run side by side.

    ``submit`` renders the page in the calling thread (pdfplumber and pdfium are not
    thread-safe) and hands the image to a worker thread; onnxruntime releases the GIL while
    it runs.  Use as a context manager; ``workers=1`` reads pages one after another.
    """

    def __init__(self, workers: int | None = None) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.workers = workers or ocr_workers()
        self._executor = ThreadPoolExecutor(self.workers, thread_name_prefix="ocr")

    def submit(self, page: Any, key: tuple | None = None, dpi: int = DEFAULT_DPI) -> Future[OcrPage]:
        get_engine()
        full_key = _cache_key(key, dpi)
        hit = _cached(full_key)
        if hit is not None:
            done: Future[OcrPage] = Future()
            done.set_result(hit)
            return done
        image = render(page, dpi)
        width, height = float(page.width), float(page.height)
        return self._executor.submit(lambda: _remember(full_key, read_image(image, width, height)))

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> OcrPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
