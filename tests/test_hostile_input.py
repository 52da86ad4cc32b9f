"""Hostile input, piece by piece (in-process, fast): safe open, type sniffing, text encodings,
the pattern-fill colour that broke table reading, and the plausibility check on real documents."""

from __future__ import annotations

import io
import os
import socket
import sys
import zipfile
from pathlib import Path

import pytest

from index.limits import ParseLimits, open_regular
from index.model import ParseError
from index.parse import detect_kind, parse_document, sniff
from index.pdf_parser import _is_white, parse_pdf
from index.plausibility import check_plausible, genre_evidence, text_layer_usable
from index.text_parser import decode_text, parse_text

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzz_files  # noqa: E402

CORPUS = Path(__file__).resolve().parent / "corpus"
SEED = CORPUS / "zhengzhou_bigdata_2021_budget.txt"
PUTUO = CORPUS / "shanghai_putuo_finance_bureau_2025_budget.pdf"
JIANGSU = CORPUS / "jiangsu_high_court_2017_budget.pdf"
ONE_TABLE = CORPUS / "wild" / "hubei_wuhan_2025_general_budget_revenue_execution_table.pdf"


# ------------------------------------------------------------------------------- safe open


def _reason(path: Path, limits: ParseLimits | None = None) -> str:
    with pytest.raises(ParseError) as err:
        fd, _ = open_regular(path, limits)
        os.close(fd)
    assert err.value.file == path.name
    return err.value.reason


def test_open_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.pdf"
    os.mkfifo(fifo)
    assert "管道" in _reason(fifo)  # returns at once: a FIFO is never opened for a blocking read
    assert "设备" in _reason(Path("/dev/zero"))
    (tmp_path / "dir.pdf").mkdir()
    assert "文件夹" in _reason(tmp_path / "dir.pdf")
    sock_path = tmp_path / "s.pdf"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(sock_path))
        assert "套接字" in _reason(sock_path)
    assert "找不到" in _reason(tmp_path / "missing.pdf")
    (tmp_path / "empty.pdf").write_bytes(b"")
    assert "空文件" in _reason(tmp_path / "empty.pdf")


def test_links_are_followed_only_inside_their_folder(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "secret.txt").write_text("x")
    (folder / "real.txt").write_text("x")
    os.symlink(tmp_path / "secret.txt", folder / "out.txt")
    os.symlink("/dev/zero", folder / "zero.pdf")
    os.symlink("real.txt", folder / "in.txt")
    os.symlink(folder / "fifo", folder / "to_fifo.pdf")
    os.mkfifo(folder / "fifo")
    assert "文件夹以外" in _reason(folder / "out.txt")
    assert "文件夹以外" in _reason(folder / "zero.pdf")
    assert "管道" in _reason(folder / "to_fifo.pdf")
    fd, st = open_regular(folder / "in.txt")
    os.close(fd)
    assert st.st_size == 1


def test_size_cap_from_stat(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:  # sparse: 3 MB by stat, nothing written
        fh.truncate(3 * 1024 * 1024)
    assert "文件太大（3.0 MB，上限 2 MB" in _reason(big, ParseLimits(max_file_mb=2))


def test_limits_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUDGETQA_MAX_PAGES", "7")
    monkeypatch.setenv("BUDGETQA_PARSE_TIMEOUT", "nonsense")
    limits = ParseLimits.from_env()
    assert limits.max_pages == 7
    assert limits.timeout_s == ParseLimits().timeout_s


# ------------------------------------------------------------------------------- type from content


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\r\n\x00junk%PDF-1.4", "pdf"),
        (b"PK\x03\x04rest", "zip"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole2"),
        (b"\x89PNG\r\n\x1a\n", "image:PNG"),
        (b"\xff\xd8\xff\xe0", "image:JPEG"),
        (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"),
        (b"  <!-- x -->\n<html lang=zh>", "html"),
        ("2021年部门预算\n".encode("gbk"), "text"),
    ],
)
def test_sniff(head: bytes, kind: str) -> None:
    assert sniff(head) == kind


def test_containers_by_what_they_hold(tmp_path: Path) -> None:
    docx = tmp_path / "report.pdf"  # the name lies; the content decides
    docx.write_bytes(_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}))
    assert detect_kind(docx, docx.read_bytes()[:8]) == "docx"
    xlsx = tmp_path / "t.bin"
    xlsx.write_bytes(_zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"}))
    assert detect_kind(xlsx, xlsx.read_bytes()[:8]) == "xlsx"
    plain = tmp_path / "a.docx"
    plain.write_bytes(_zip({"a.txt": b"x"}))
    with pytest.raises(ParseError, match="ZIP"):
        detect_kind(plain, plain.read_bytes()[:8])
    png = tmp_path / "scan.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    with pytest.raises(ParseError, match="图片"):
        parse_document(png)


def test_pdf_with_junk_before_header_and_text_named_pdf(tmp_path: Path) -> None:
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"\r\n\x00\x00" + fuzz_files.budget_pdf())
    assert parse_document(junk).tables
    text = tmp_path / "budget.pdf"  # a text disclosure with the wrong suffix is read as text
    text.write_bytes(SEED.read_bytes())
    assert parse_document(text).department == "郑州市大数据管理局"


# ------------------------------------------------------------------------------- text encodings


@pytest.mark.parametrize(
    "encoding", ["gbk", "gb18030", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-8"]
)
def test_text_encodings_are_read(tmp_path: Path, encoding: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    if encoding == "gbk":
        text = text.encode("gbk", "replace").decode("gbk")
    path = tmp_path / f"seed_{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = parse_text(path)
    assert doc.department == "郑州市大数据管理局" and doc.year == 2021
    assert len(doc.tables) == len(parse_text(SEED).tables)


def test_decode_cascade() -> None:
    sample = "2021年预算\t合计\t100.00万元\n𠀀 GB18030 四字节\n" * 3
    assert decode_text(sample.encode("gb18030")) == (sample, "gb18030")
    assert decode_text(sample.encode("utf-16-be"))[0] == sample  # no BOM, big-endian
    with_nuls = sample.encode("utf-8").replace(b"\n", b"\n\x00\x00")
    assert decode_text(with_nuls)[0] == sample
    assert decode_text(bytes(range(256)) * 50) is None


# ------------------------------------------------------------------------------- PDF damage


def test_pattern_fill_colour_is_not_white_and_does_not_break_tables(tmp_path: Path) -> None:
    assert not _is_white("P10") and not _is_white(("P10",)) and not _is_white(("P",)) and not _is_white([])
    assert _is_white((1, 1, 1)) and _is_white(1.0) and _is_white((0, 0, 0, 0))
    path = tmp_path / "pattern.pdf"
    path.write_bytes(fuzz_files.pattern_fill_pdf())
    doc = parse_pdf(path)  # was: TypeError: '>=' not supported between 'str' and 'float'
    assert doc.tables and sum(len(r.cells) for r in doc.tables[0].rows) >= 20


def test_page_and_content_caps(tmp_path: Path) -> None:
    blank = tmp_path / "blank.pdf"
    blank.write_bytes(fuzz_files.blank_pages_pdf(30))
    with pytest.raises(ParseError, match="页数太多（30 页，上限 20 页"):
        _parse_with(blank, ParseLimits(max_pages=20))
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(fuzz_files.flate_bomb_pdf(64))
    with pytest.raises(ParseError, match="第 1 页的内容流过大"):
        _parse_with(bomb, ParseLimits(max_page_content_mb=8))


def _parse_with(path: Path, limits: ParseLimits):
    from index.pdf_parser import _read_pages

    return _read_pages(path, limits)


def test_corrupted_pdfs_give_one_reason(tmp_path: Path) -> None:
    import random

    rng = random.Random(7)
    data = ONE_TABLE.read_bytes()
    for i in range(12):
        path = tmp_path / f"bad{i}.pdf"
        path.write_bytes(fuzz_files.truncate(data, rng) if i % 2 else fuzz_files.flip(data, rng, 40))
        try:
            parse_document(path)
        except ParseError as err:
            assert err.file == path.name and err.reason


# ------------------------------------------------------------------------------- plausibility


@pytest.mark.parametrize("path", [SEED, PUTUO, JIANGSU, ONE_TABLE], ids=lambda p: p.name[:20])
def test_real_disclosures_are_plausible(path: Path) -> None:
    doc = parse_document(path)
    ev = check_plausible(doc)
    assert ev.table_numbers >= 100 or ev.money_figures >= 20
    assert ev.word_coverage is None or ev.word_coverage > 0.8


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2024年某某局部门预算\n支出合计100.00万元\n", "没有表格，也只有 1 个金额"),
        ("2024年某某局部门预算\n" + "".join(chr(0x4E00 + (i * 7919) % 20000) for i in range(3000)), "不成词"),
        (
            "2024年预算\n" + "春天来了，小河里的冰慢慢融化，孩子们在田野上放风筝。" * 60,
            "没有表格，也没有金额",
        ),
    ],
)
def test_non_disclosures_are_refused(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "x.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParseError) as err:
        parse_document(path)
    assert "不像预算公开文件" in err.value.reason and reason in err.value.reason


def test_table_of_numbers_that_is_no_budget(tmp_path: Path) -> None:
    path = tmp_path / "timetable.pdf"
    path.write_bytes(fuzz_files.timetable_pdf())
    with pytest.raises(ParseError, match="不像预算公开文件|预算"):
        parse_document(path)


def test_unusable_text_layer() -> None:
    garbled = '书书书!"#$%&’()*+,-!"#$%２０２５&’()*+,-２０２６&’(./012' * 5
    assert not text_layer_usable(garbled)
    assert not text_layer_usable("(cid:19602)(cid:123)(cid:88)" * 10 + "检察院")
    assert not text_layer_usable("\ue010\ue011\ue012预算" * 10)
    assert text_layer_usable(
        "目录第一部分单位概况........................................1一、主要职责......2"
    )
    assert text_layer_usable("2021年部门预算收支总表 单位：万元 合计 1,234.56 基本支出 600.00")


def test_pdf_of_unmapped_fonts_is_refused_for_ocr(tmp_path: Path) -> None:
    path = tmp_path / "cid.pdf"
    path.write_bytes(fuzz_files.cid_garbage_pdf(ONE_TABLE))
    try:
        doc = parse_document(path)
    except ParseError as err:
        assert "文字层无法识别" in err.reason or "不像预算公开文件" in err.reason
    else:  # a font that keeps its encoding: then the text must still be real
        assert not doc.unusable_pages and genre_evidence(doc).table_numbers > 100
