"""Hostile and good files for the ingest fuzz test (tests/test_fuzz_ingest.py) and the stress run
(tests/stress/fuzz_ingest.py).  Everything is generated at run time from a seed: real PDFs cut
and bit-flipped, PDFs built with pikepdf/reportlab (1,000 blank pages, a flate bomb, a page of
millions of drawing commands, fonts without a Unicode map), text in GBK/UTF-16/with NULs,
FIFOs and links.  Each file carries what ingest must say about it.
"""

from __future__ import annotations

import io
import os
import random
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"
SEED_TXT = CORPUS / "zhengzhou_bigdata_2021_budget.txt"
PUTUO = CORPUS / "shanghai_putuo_finance_bureau_2025_budget.pdf"
ONE_TABLE = CORPUS / "wild" / "hubei_wuhan_2025_general_budget_revenue_execution_table.pdf"

OK = "ok"  # must be ingested
ANY = "any"  # a damaged copy of a real file: ingested or refused, but one line either way


@dataclass
class FuzzFile:
    name: str
    kind: str  # what generated it (for the report)
    expect: str  # OK, ANY, or a regular expression the error reason must match


# ------------------------------------------------------------------------------- PDFs built here


def budget_pdf(title: str = "某某市某某局2024年部门预算", rows: int = 8) -> bytes:
    """A small, valid budget-like PDF (a title, a ruled table of figures, a sentence in 万元)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("c", fontName="STSong-Light", fontSize=12, leading=16)
    grid = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"]]
    for i in range(rows):
        grid.append(
            [f"2010{i % 10}01", f"行政运行{i}", f"{100 + i * 7}.50", f"{60 + i}.25", f"{40 + i * 6}.25"]
        )
    table = Table(grid)
    table.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        )
    )
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(
        [
            Paragraph(title, style),
            Paragraph("一般公共预算支出情况表 单位：万元", style),
            table,
            Paragraph(
                "2024年收入预算合计1234.50万元，其中财政拨款收入1000.00万元。支出预算合计1234.50万元，"
                "基本支出600.00万元，项目支出634.50万元。",
                style,
            ),
        ]
    )
    return out.getvalue()


def timetable_pdf() -> bytes:
    """A valid PDF with a ruled table of numbers that is no budget disclosure (a train timetable)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    grid = [["车次", "始发站", "到达站", "开车时间", "到达时间", "里程"]]
    for i in range(12):
        grid.append([f"G{100 + i}", "北京南", "上海虹桥", f"{7 + i}.05", f"{11 + i}.40", "1318"])
    table = Table(grid)
    table.setStyle(
        TableStyle(
            [("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        )
    )
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build([table])
    return out.getvalue()


def _pikepdf_with_pages(contents: list[bytes], compress: bool = True) -> bytes:
    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for content in contents:
        page = pikepdf.Dictionary(
            Type=pikepdf.Name.Page,
            MediaBox=[0, 0, 595, 842],
            Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
            Contents=pdf.make_stream(content),
        )
        pdf.pages.append(pikepdf.Page(page))
    out = io.BytesIO()
    pdf.save(out, compress_streams=compress)
    return out.getvalue()


def blank_pages_pdf(n: int = 1000) -> bytes:
    return _pikepdf_with_pages([b""] * n)


def _deflate_repeated(chunk: bytes, n: int) -> bytes:
    """zlib data for ``chunk`` × ``n`` without compressing (or holding) the whole: one full-flushed
    deflate block of the chunk, repeated (a block that needs no history is valid anywhere)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    if not chunk.strip(b"\x00"):  # adler32 of N zero bytes, without reading them
        adler = ((len(chunk) * n) % 65521) << 16 | 1
    else:
        adler = 1
        for _ in range(n):
            adler = zlib.adler32(chunk, adler)
    return b"\x78\xda" + block * n + end + adler.to_bytes(4, "big")


def _flate_stream_pdf(chunk: bytes, n_chunks: int) -> bytes:
    """A one-page PDF whose content stream inflates to ``n_chunks`` × chunk."""
    data = _deflate_repeated(chunk, n_chunks)
    body = (
        b"%PDF-1.4\n"
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
        b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj\n"
    )
    stream = (
        b"4 0 obj << /Length %d /Filter /FlateDecode >> stream\n" % len(data) + data + b"\nendstream endobj\n"
    )
    return body + stream + b"trailer << /Root 1 0 R /Size 5 >>\n%%EOF\n"


def flate_bomb_pdf(decoded_mb: int = 1024) -> bytes:
    """~1 MB of PDF that inflates to ``decoded_mb`` MB of zeros (pdfminer would inflate it whole)."""
    return _flate_stream_pdf(b"\x00" * (1 << 20), decoded_mb)


def huge_content_pdf(decoded_mb: int = 40) -> bytes:
    """A ~20–40 KB one-page PDF whose content stream is millions of drawing commands."""
    ops = b"0 0 m 1 1 l S\n" * 74898  # ~1 MB
    return _flate_stream_pdf(ops, decoded_mb)


def drawing_heavy_pdf(decoded_mb: int = 6) -> bytes:
    """Under the content cap, but ~500,000 line objects: only the timeout (or memory limit) stops it."""
    ops = b"10 10 m 20 20 l S\n" * 58254  # ~1 MB
    return _flate_stream_pdf(ops, decoded_mb)


def cid_garbage_pdf(source: Path) -> bytes:
    """A real PDF with every font's Unicode map removed: its text layer becomes (cid:N) glyphs."""
    import pikepdf

    with pikepdf.open(source) as pdf:
        for page in pdf.pages:
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for key in list(fonts.keys()):
                font = fonts[key]
                if "/ToUnicode" in font:
                    del font["/ToUnicode"]
                for desc in font.get("/DescendantFonts", []):
                    if "/ToUnicode" in desc:
                        del desc["/ToUnicode"]
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def pattern_fill_pdf() -> bytes:
    """A budget PDF whose first page draws a rectangle with a pattern fill named with three
    characters: pdfplumber reports its colour as a str, which once broke table reading
    (TypeError: '>=' not supported between 'str' and 'float')."""
    import pikepdf

    with pikepdf.open(io.BytesIO(budget_pdf())) as pdf:
        page = pdf.pages[0]
        shading = pdf.make_indirect(
            pikepdf.Dictionary(
                ShadingType=2,
                ColorSpace=pikepdf.Name.DeviceRGB,
                Coords=[0, 0, 100, 0],
                Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 1, 1], C1=[0, 0, 0], N=1),
            )
        )
        pattern = pdf.make_indirect(pikepdf.Dictionary(PatternType=2, Shading=shading))
        page.obj.Resources.Pattern = pikepdf.Dictionary(P10=pattern)
        page.contents_add(pdf.make_stream(b"q /Pattern cs /P10 scn 10 10 50 50 re f Q"), prepend=True)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


# ------------------------------------------------------------------------------- mutations


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def flip(data: bytes, rng: random.Random, n: int | None = None) -> bytes:
    buf = bytearray(data)
    for _ in range(n or rng.choice([1, 3, 10, 50, 300])):
        i = rng.randrange(len(buf))
        buf[i] ^= 1 << rng.randrange(8)
    return bytes(buf)


def splice_garbage(data: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(data))
    return data[:i] + rng.randbytes(rng.randrange(1, 4096)) + data[i + rng.randrange(0, 4096) :]


# ------------------------------------------------------------------------------- the file set

_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
_NAMES = [
    "有 空格 的 文件{i}.pdf",
    "quote'single{i}.pdf",
    'quote"double{i}.txt',
    "..{i}.pdf",
    "..\\..\\evil{i}.pdf",
    "-dash{i}.pdf",
    "预算（副本）{i}.txt",
    " leading space{i}.pdf",
    "a$(echo x){i}.pdf",
    "tab\tname{i}.txt",
]


def _zip_bytes(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


def _random_cjk(rng: random.Random, n: int) -> str:
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(n))


def make_files(
    folder: Path, count: int, seed: int = 0, *, outside: Path | None = None, big_share: float = 0.15
) -> list[FuzzFile]:
    """Write about ``count`` files into ``folder`` (fixed cases first, then random mutations)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[FuzzFile] = []
    seed_text = SEED_TXT.read_text(encoding="utf-8")
    putuo = PUTUO.read_bytes()
    one_table = ONE_TABLE.read_bytes()
    small = budget_pdf()

    def put(name: str, data: bytes, kind: str, expect: str) -> None:
        (folder / name).write_bytes(data)
        files.append(FuzzFile(name, kind, expect))

    # good files, some in the encodings the issue names (they must be read, not refused)
    put("seed.txt", seed_text.encode("utf-8"), "good", OK)
    put("seed_gbk.txt", seed_text.encode("gb18030"), "text GBK/GB18030", OK)
    put("seed_utf16.txt", seed_text.encode("utf-16"), "text UTF-16 with BOM", OK)
    put("seed_utf16le_nobom.txt", seed_text.encode("utf-16-le"), "text UTF-16 without BOM", OK)
    put("seed_utf8_bom.txt", seed_text.encode("utf-8-sig"), "text UTF-8 with BOM", OK)
    nul = seed_text.encode("utf-8").replace(b"\n", b"\n\x00")
    put("seed_nul.txt", nul, "text with NUL bytes", OK)
    put("putuo.pdf", putuo, "good", OK)
    put("one_table.pdf", one_table, "good", OK)
    put("small_budget.pdf", small, "good", OK)
    put("junk_before_header.pdf", b"\r\n\x00junk" + small, "PDF with junk before %PDF", OK)
    put("pattern_fill.pdf", pattern_fill_pdf(), "pattern fill (was TypeError)", OK)
    put("预算 名字 (1).pdf", small.replace(b"%PDF", b"%PDF", 1), "Chinese name with spaces", OK)

    # refused by type or by stat
    put("empty.pdf", b"", "empty", "空文件")
    put("empty.txt", b"", "empty", "空文件")
    put("spaces.txt", b"   \n\n  ", "empty", "空文件")
    put(
        "page.html.pdf",
        b"<!DOCTYPE html><html><body><p>hello</p></body></html>",
        "HTML named .pdf",
        "暂不支持该格式|不像预算公开文件|没有",
    )
    put("archive.pdf", _zip_bytes({"a.txt": b"hello"}), "ZIP named .pdf", "ZIP")
    put("image.pdf", _PNG + rng.randbytes(200), "PNG named .pdf", "图片")
    put("photo.txt", b"\xff\xd8\xff\xe0" + rng.randbytes(500), "JPEG named .txt", "图片")
    put(
        "fake.docx",
        _zip_bytes({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<bad"}),
        "broken DOCX",
        ".",
    )
    put(
        "fake.xls",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.randbytes(3000),
        "broken OLE2",
        "OLE2|Office|格式",
    )
    put("elf.pdf", b"\x7fELF" + rng.randbytes(1000), "executable", "可执行程序")
    put("blank_1000.pdf", blank_pages_pdf(1000), "1,000 blank pages", "页数太多")
    put("flate_bomb.pdf", flate_bomb_pdf(1024), "flate bomb (1 GB of zeros)", "内容流过大")
    put("huge_content.pdf", huge_content_pdf(40), "one page, 40 MB of drawing commands", "内容流过大")
    put("cid_garbage.pdf", cid_garbage_pdf(PUTUO), "fonts without Unicode map", "文字层无法识别|OCR|不像预算")

    # files that parse but are no disclosure
    put(
        "two_lines.txt",
        "2024年某某局部门预算\n支出合计100.00万元\n".encode(),
        "two lines, one figure",
        "不像预算公开文件",
    )
    put(
        "random_cjk.txt",
        ("2024年某某局部门预算\n" + _random_cjk(rng, 3000)).encode(),
        "random characters",
        "不像预算公开文件",
    )
    prose = "春天来了，小河里的冰慢慢融化，孩子们在田野上放风筝，老人坐在门口晒太阳，讲着从前的故事。" * 40
    put("novel.txt", ("2024年预算\n" + prose).encode(), "prose under a budget title", "不像预算公开文件")
    put("timetable.pdf", timetable_pdf(), "a table of numbers, not a budget", "不像预算公开文件|预算")
    put(
        "random_ascii.txt",
        bytes(rng.choice(b"abcdefghij 0123456789\n") for _ in range(5000)),
        "random ASCII",
        "预算|不像",
    )

    # not regular files, links
    os.mkfifo(folder / "fifo.pdf")
    files.append(FuzzFile("fifo.pdf", "FIFO", "管道"))
    os.symlink("/dev/zero", folder / "zero.pdf")
    files.append(FuzzFile("zero.pdf", "link to /dev/zero", "符号链接|设备"))
    os.symlink("/etc/passwd", folder / "passwd.txt")
    files.append(FuzzFile("passwd.txt", "link out of the folder", "符号链接"))
    if outside is not None:
        outside.mkdir(parents=True, exist_ok=True)
        (outside / "secret.txt").write_text(seed_text, encoding="utf-8")
        os.symlink(outside / "secret.txt", folder / "outside_link.txt")
        files.append(FuzzFile("outside_link.txt", "link to a real document out of the folder", "符号链接"))
    os.symlink("fifo.pdf", folder / "link_to_fifo.pdf")
    files.append(FuzzFile("link_to_fifo.pdf", "link to a FIFO in the folder", "管道"))
    os.symlink("no-such-file", folder / "dangling.pdf")
    files.append(FuzzFile("dangling.pdf", "dangling link", "符号链接"))
    os.symlink("loop_b.pdf", folder / "loop_a.pdf")
    os.symlink("loop_a.pdf", folder / "loop_b.pdf")
    files.append(FuzzFile("loop_a.pdf", "link loop", "符号链接"))
    files.append(FuzzFile("loop_b.pdf", "link loop", "符号链接"))
    (folder / "subdir.pdf").mkdir()
    (folder / "subdir.pdf" / "inner.txt").write_text("x")

    # random mutations up to the count
    bases = [("putuo", putuo), ("one_table", one_table), ("small", small)]
    i = 0
    while len(files) < count:
        i += 1
        name_tpl = _NAMES[i % len(_NAMES)] if i % 4 == 0 else "m{i}.pdf"
        name = name_tpl.format(i=i)
        if any(f.name == name for f in files):
            continue
        roll = rng.random()
        base_name, base = bases[0] if rng.random() < big_share else rng.choice(bases[1:])
        if roll < 0.3:
            put(name, truncate(base, rng), f"{base_name} truncated", ANY)
        elif roll < 0.6:
            put(name, flip(base, rng), f"{base_name} bits flipped", ANY)
        elif roll < 0.7:
            put(name, splice_garbage(base, rng), f"{base_name} garbage spliced", ANY)
        elif roll < 0.8:
            put(
                re.sub(r"\.pdf$", ".txt", name),
                flip(seed_text.encode(rng.choice(["utf-8", "gb18030", "utf-16"])), rng),
                "text bits flipped",
                ANY,
            )
        elif roll < 0.9:
            put(name, rng.randbytes(rng.randrange(1, 200_000)), "random bytes", ".")
        else:
            put(name, b"%PDF-1." + rng.randbytes(rng.randrange(10, 50_000)), "random bytes after %PDF", ".")
    return files
