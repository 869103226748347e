"""Hostile files: every reader's failure is a coded problem with its place, never an exception.

Each family is built from the real fixture files (the example written in every
format), so the rule is tested on a variant, not on one saved file:
an overstated ZIP version, an xlsx/docx with a missing or looping part, a PDF with a
broken xref or stream, every format cut short, random bytes named .txt.
"""

from __future__ import annotations

import io
import json
import random
import re
import struct
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from make_fixtures import EXAMPLE

from jixiao.ingest import bulk, read_bytes, read_bytes_strict
from jixiao.ingest.explain import explain_html
from jixiao.ingest.formats import zip_versions_lowered
from jixiao.ingest.ocr.reader import read_scanned_pdf
from jixiao.model.problems import ParseResult
from jixiao.model.serialize import table_to_dict

Parts = dict[str, bytes]


def read_safely(data: bytes, name: str) -> ParseResult:
    """Read through the readers' own handling (no last-resort guard) and check the result's places."""
    result = read_bytes_strict(data, name)
    assert result == read_bytes(data, name)
    for problem in result.problems:
        assert re.fullmatch(r"[a-z]+\.[a-z0-9-]+", problem.code)
        assert problem.source.file == name
        assert problem.message and re.search(r"[\u4e00-\u9fff]", problem.message)
    return result


def errors(result: ParseResult) -> set[str]:
    return {p.code for p in result.problems if p.severity == "error"}


def with_version(data: bytes, version: int) -> bytes:
    """Given ZIP bytes, return them with every central record's "version needed" set."""
    out = bytearray(data)
    for m in re.finditer(re.escape(b"PK\x01\x02"), data):
        out[m.start() + 6] = version
    return bytes(out)


def repack(data: bytes, edit: Callable[[Parts], Parts]) -> bytes:
    """Given an Office package, return it rewritten with its parts edited."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = {i.filename: zf.read(i) for i in zf.infolist()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zw:
        for name, body in edit(parts).items():
            zw.writestr(name, body)
    return out.getvalue()


def without(part: str) -> Callable[[Parts], Parts]:
    return lambda parts: {k: v for k, v in parts.items() if k != part}


def retarget(rels: str, pattern: bytes, target: bytes) -> Callable[[Parts], Parts]:
    def edit(parts: Parts) -> Parts:
        parts[rels] = re.sub(b'Target="' + pattern + b'"', b'Target="' + target + b'"', parts[rels])
        return parts

    return edit


@pytest.mark.parametrize("kind", ["xlsx", "docx"])
@pytest.mark.parametrize("version", [64, 70, 80, 97, 255])
def test_overstated_zip_version_is_read_with_a_warning(
    kind: str, version: int, made: dict[str, Path]
) -> None:
    # zipfile refuses anything above 6.3 ("zip file version 8.0"); the members are
    # plainly deflated, so the file is read and the odd declaration reported.
    data = with_version(made[kind].read_bytes(), version)
    result = read_safely(data, f"v{version}.{kind}")
    assert len(result.tables) == 6
    notes = [p for p in result.problems if p.code == "parse.zip-version"]
    assert len(notes) == 1 and notes[0].severity == "warning"
    assert f"{version / 10:.1f}" in notes[0].message


def test_a_member_really_compressed_otherwise_keeps_its_version(made: dict[str, Path]) -> None:
    data = bytearray(with_version(made["xlsx"].read_bytes(), 80))
    first = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, first + 10, 99)  # AES: a claim to keep
    lowered, highest = zip_versions_lowered(bytes(data))
    assert lowered[first + 6] == 80 and highest == 80
    assert lowered[data.find(b"PK\x01\x02", first + 1) + 6] == 20
    # That member (docProps/app.xml) is one calamine never opens: the workbook still reads.
    result = read_safely(bytes(data), "aes.xlsx")
    assert len(result.tables) == 6


@pytest.mark.parametrize(
    ("kind", "edit"),
    [
        ("xlsx", without("xl/workbook.xml")),
        ("xlsx", without("xl/_rels/workbook.xml.rels")),
        ("xlsx", without("xl/worksheets/sheet1.xml")),
        ("docx", without("word/document.xml")),
        ("docx", without("[Content_Types].xml")),
        ("docx", without("_rels/.rels")),
        # Looping parts: a relationship that points back at its own package part.
        ("docx", retarget("_rels/.rels", rb"[^\"]*document\.xml", b"_rels/.rels")),
    ],
    ids=[
        "xlsx-no-workbook",
        "xlsx-no-rels",
        "xlsx-no-sheet",
        "docx-no-document",
        "docx-no-content-types",
        "docx-no-root-rels",
        "docx-root-loops",
    ],
)
def test_missing_or_looping_part_is_an_error(
    kind: str, edit: Callable[[Parts], Parts], made: dict[str, Path]
) -> None:
    result = read_safely(repack(made[kind].read_bytes(), edit), f"part.{kind}")
    assert errors(result) & {"parse.corrupt", "parse.no-table"}


@pytest.mark.parametrize(
    ("kind", "edit"),
    [
        (
            "xlsx",
            retarget("xl/_rels/workbook.xml.rels", rb"worksheets/sheet1\.xml", b"workbook.xml"),
        ),
        ("docx", retarget("word/_rels/document.xml.rels", rb"styles\.xml", b"document.xml")),
    ],
    ids=["xlsx-sheet-is-workbook", "docx-styles-is-document"],
)
def test_looping_secondary_part_never_raises(
    kind: str, edit: Callable[[Parts], Parts], made: dict[str, Path]
) -> None:
    # The readers follow only the parts they need, so the rest of the file still reads.
    result = read_safely(repack(made[kind].read_bytes(), edit), f"loop.{kind}")
    assert result.tables or errors(result)


def test_pdf_with_broken_xref_is_read_or_reported(made: dict[str, Path]) -> None:
    data = made["pdf"].read_bytes()
    end = data.rfind(b"startxref")
    for offset in (b"0", b"999999999", str(len(data) // 2).encode()):
        result = read_safely(data[: end + 10] + offset + b"\n%%EOF\n", "xref.pdf")
        assert result.tables or errors(result)  # pdfminer rebuilds a lost xref by scanning
    start = data.find(b"\nxref")
    garbled = data[:start] + b"\nxref\n0 9\nzz not an xref table\n" + data[start + 60 :]
    result = read_safely(garbled, "xref.pdf")
    assert result.tables or errors(result)


@pytest.mark.parametrize("seed", range(4))
def test_pdf_with_broken_streams_is_an_error_not_a_crash(seed: int, made: dict[str, Path]) -> None:
    data = bytearray(made["pdf"].read_bytes())
    rng = random.Random(seed)
    for m in re.finditer(rb"stream\r?\n", bytes(data)):
        n = rng.randint(1, 200)
        data[m.end() : m.end() + n] = rng.randbytes(n)
    for m in re.finditer(rb"/Length \d+", bytes(data)):
        data[m.start() + 8 : m.end()] = b"9" * (m.end() - m.start() - 8)
    result = read_safely(bytes(data), "stream.pdf")
    assert errors(result)


@pytest.mark.parametrize("kind", ["xlsx", "xls", "docx", "pdf", "html", "csv", "txt"])
@pytest.mark.parametrize("share", [0.02, 0.3, 0.6, 0.97])
def test_file_cut_short(kind: str, share: float, made: dict[str, Path]) -> None:
    data = (EXAMPLE if kind == "txt" else made[kind]).read_bytes()
    result = read_safely(data[: int(len(data) * share)], f"cut.{kind}")
    if kind in ("xlsx", "xls", "docx", "pdf"):
        # A container cut short cannot be opened: one error says so, nothing else.
        assert errors(result) == {"parse.corrupt"}
        assert "不完整" in result.problems[0].message or kind == "pdf"
    else:
        assert result.tables or errors(result)


def test_text_cut_inside_a_character_stays_utf8() -> None:
    data = EXAMPLE.read_bytes()
    cut = len(data) // 2
    while data[cut] & 0xC0 != 0x80:  # stop inside a multi-byte character
        cut += 1
    result = read_safely(data[:cut], "cut.txt")
    # Half the example holds three whole tables; GB18030 mojibake would hold none.
    assert len(result.tables) >= 3
    assert [p.message for p in result.problems if p.code == "parse.encoding"] == [
        "部分字符无法按 utf-8 解码,已替换为 �"
    ]


@pytest.mark.parametrize("seed", range(6))
def test_random_bytes_named_txt(seed: int) -> None:
    data = random.Random(seed).randbytes(random.Random(seed).randint(1, 20_000))
    result = read_safely(data, "noise.txt")
    assert not result.tables and errors(result)


@pytest.mark.parametrize("line_end", [b"\r", b"\x00"])
def test_csv_with_a_lone_cr_or_nul_in_a_field(line_end: bytes, made: dict[str, Path]) -> None:
    data = made["csv"].read_bytes()
    mid = data.index(b"\n", len(data) // 2)
    result = read_safely(data[:mid] + b"x" + line_end + b"y" + data[mid:], "cr.csv")
    assert result.tables or errors(result)


def test_the_guard_turns_any_escape_into_a_coded_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.ingest import formats

    def broken(data: bytes, name: str) -> None:
        raise NotImplementedError("zip file version 8.0")

    monkeypatch.setitem(formats.READERS, "text", broken)
    result = read_bytes(EXAMPLE.read_bytes(), "x.txt")
    assert [(p.code, p.severity, p.source.file) for p in result.problems] == [
        ("parse.corrupt", "error", "x.txt")
    ]
    assert result.problems[0].message.startswith("文件已损坏或结构异常")
    with pytest.raises(NotImplementedError):
        read_bytes_strict(EXAMPLE.read_bytes(), "x.txt")


def _jixiao(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "jixiao", *args], capture_output=True, timeout=300, check=False
    )


def test_command_line_reads_or_reports_hostile_files(made: dict[str, Path], tmp_path: Path) -> None:
    # The traceback: `jixiao parse` on a workbook declaring zip version 8.0.
    crafted = tmp_path / "crafted.xlsx"
    crafted.write_bytes(with_version(made["xlsx"].read_bytes(), 80))
    cut = tmp_path / "cut.docx"
    cut.write_bytes(made["docx"].read_bytes()[:5000])
    proc = _jixiao("parse", str(crafted), str(cut), "--json")
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    doc = json.loads(proc.stdout)
    assert len(doc["tables"]) == 6
    codes = {(p["source"]["file"], p["code"]) for p in doc["problems"]}
    assert {("crafted.xlsx", "parse.zip-version"), ("cut.docx", "parse.corrupt")} <= codes
    assert proc.returncode == 1  # a file could not be read


def test_folder_scan_and_explain_take_a_crafted_zip(made: dict[str, Path], tmp_path: Path) -> None:
    # A name that promises nothing: the scan opens the ZIP to decide (zipfile refuses 8.0).
    renamed = tmp_path / "export.dat"
    renamed.write_bytes(with_version(made["docx"].read_bytes(), 80))
    assert bulk.iter_table_files([tmp_path]) == [renamed]
    page = explain_html(renamed)
    assert "parse.zip-version" in page and "识别出 6 张表" in page
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(made["xlsx"].read_bytes()[:3000])
    assert "不完整" in explain_html(cut)


@pytest.mark.parametrize("kind", ["txt", "csv", "html"])
def test_control_characters_never_reach_the_tables(kind: str, made: dict[str, Path]) -> None:
    data = (EXAMPLE if kind == "txt" else made[kind]).read_bytes()
    name = "劳模".encode()
    at = data.rindex(name) + 3  # between the two characters, past the sniffed head
    result = read_safely(data[:at] + b"\x00\x01\x1b" + data[at:], f"ctl.{kind}")
    assert len(result.tables) == len(read_safely(data, f"clean.{kind}").tables)
    # Every text of every table (json.dumps writes a control character as \\uXXXX).
    dumped = json.dumps([table_to_dict(t) for t in result.tables], ensure_ascii=False)
    assert not re.search(r"\\u00(0[0-8bcef]|1[0-9a-f]|7f)", dumped)
    assert "劳模" in dumped.replace(" ", "")  # the text around them is still there


def _xls_entry(data: bytes, stream: str) -> int:
    # The directory entry of a stream: its UTF-16 name opens the 128-byte entry.
    return data.index(stream.encode("utf-16-le") + b"\x00\x00")


@pytest.mark.parametrize("damage", ["huge-stream", "looping-chain", "fat-count"])
def test_xls_with_damaged_sizes_or_chains_is_refused_before_calamine(
    damage: str, made: dict[str, Path]
) -> None:
    # calamine trusts these: a 2 GB claim was a 2 GB allocation (the process was killed),
    # a looping chain grows without end. The container check refuses them first.
    data = bytearray(made["xls"].read_bytes())
    entry = _xls_entry(bytes(data), "Workbook")
    if damage == "huge-stream":
        struct.pack_into("<I", data, entry + 120, 0x7FFFFFF0)
    elif damage == "looping-chain":
        start = struct.unpack_from("<I", data, entry + 116)[0]
        fat_sector = struct.unpack_from("<I", data, 76)[0]
        struct.pack_into("<I", data, (fat_sector + 1) * 512 + start * 4, start)
    else:
        struct.pack_into("<I", data, 44, 0x00FFFFFF)
    result = read_safely(bytes(data), "damaged.xls")
    assert errors(result) == {"parse.corrupt"}
    assert result.problems[0].message.startswith("Excel(.xls)文件已损坏")


def damaged_members(data: bytes, damaged: Callable[[str], bool]) -> bytes:
    """Given an Office package, return it deflated again with the chosen members' streams broken.

    The first byte of each chosen member's deflate stream is set to a final block of
    the reserved type 3, so unpacking it fails as a mutated download does.
    """
    package = repack(data, lambda parts: parts)
    out = bytearray(package)
    with zipfile.ZipFile(io.BytesIO(package)) as zf:
        for info in zf.infolist():
            if damaged(info.filename):
                name_len, extra_len = struct.unpack("<HH", package[info.header_offset + 26 :][:4])
                out[info.header_offset + 30 + name_len + extra_len] = 0x07
    return bytes(out)


def is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def test_xlsx_worksheet_that_cannot_be_unpacked_names_its_sheet(made: dict[str, Path]) -> None:
    data = made["xlsx"].read_bytes()
    result = read_safely(damaged_members(data, is_sheet), "sheet.xlsx")
    corrupt = [p for p in result.problems if p.code == "parse.corrupt"]
    assert corrupt and all(p.severity == "error" for p in corrupt)
    # The place is the sheet by its name in the workbook, not the zip member's path.
    assert all(p.source.sheet and "worksheets" not in p.source.sheet for p in corrupt)
    assert all(f"工作表“{p.source.sheet}”" in p.message for p in corrupt)


def test_xlsx_damaged_decoration_part_does_not_lose_the_book(made: dict[str, Path]) -> None:
    # A damaged sheet forces the package to be rebuilt; a damaged part no value comes
    # from (document properties) is left out of it, so only the sheet is reported.
    data = repack(
        made["xlsx"].read_bytes(),
        lambda parts: {
            **parts,
            "docProps/app.xml": b"<Properties>" + b"x" * 400 + b"</Properties>",
        },
    )
    broken = damaged_members(data, lambda n: n == "docProps/app.xml" or is_sheet(n))
    result = read_safely(broken, "props.xlsx")
    corrupt = [p for p in result.problems if p.code == "parse.corrupt"]
    assert corrupt and all(p.source.sheet for p in corrupt)
    assert not any("docProps" in p.message for p in result.problems)


@pytest.mark.parametrize("part", ["xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"])
def test_xlsx_damaged_needed_part_is_corrupt(part: str, made: dict[str, Path]) -> None:
    data = made["xlsx"].read_bytes()
    # Alone (the package goes to calamine as it is) and with a damaged sheet (rebuilt).
    for chosen in (lambda n: n == part, lambda n: n == part or is_sheet(n)):
        result = read_safely(damaged_members(data, chosen), "part.xlsx")
        assert "parse.corrupt" in errors(result)
        assert not result.tables


def test_scanned_pdf_page_pdfium_cannot_load_is_skipped_with_a_warning(tmp_path: Path) -> None:
    from ocr_support import FONT
    from PIL import Image, ImageDraw, ImageFont

    # An A4 page at 150 dpi with a few printed lines, as a scanner gives it.
    page = Image.new("L", (1240, 1754), 255)
    draw, font = ImageDraw.Draw(page), ImageFont.truetype(str(FONT), 36)
    for i, line in enumerate(["项目名称:城乡社区公共服务设施维护", "主管部门:住房和城乡建设局"]):
        draw.text((120, 200 + i * 90), line, font=font, fill=0)
    path = tmp_path / "scan.pdf"
    page.save(path, "PDF", resolution=150, save_all=True, append_images=[page.copy(), page.copy()])
    data = path.read_bytes()
    # Page 2's object is made something other than a page (same length, offsets hold).
    leaves = [m.start() for m in re.finditer(rb"/Type /Page\b(?!s)", data)]
    assert len(leaves) == 3
    data = data[: leaves[1]] + b"/Type /Font" + data[leaves[1] + 11 :]
    result = read_safely(data, "scan.pdf")
    skipped = [p for p in result.problems if p.code == "parse.corrupt"]
    assert [(p.severity, p.source.page) for p in skipped] == [("warning", 2)]
    assert "第2页" in skipped[0].message
    # The other pages are still read, under their own page numbers.
    outcome = read_scanned_pdf(data, "scan.pdf")
    pages = {row.source.page for grid in outcome.grids for row in grid.rows}
    assert pages == {1, 3}
    texts: dict[int | None, str] = {}
    for row in (row for grid in outcome.grids for row in grid.rows):
        texts[row.source.page] = texts.get(row.source.page, "") + "".join(c.text for c in row.cells)
    assert all("城乡社区" in texts[page] and "住房" in texts[page] for page in (1, 3))


def test_xlsx_worksheet_in_a_method_zipfile_cannot_unpack_names_its_sheet(
    made: dict[str, Path],
) -> None:
    # Method 99 (AES) in both headers: zipfile refuses to read it and to write it again.
    package = bytearray(repack(made["xlsx"].read_bytes(), lambda parts: parts))
    # (signature, offset of the method, of the name's length, of the name) per header kind
    layouts = {b"PK\x03\x04": (8, 26, 30), b"PK\x01\x02": (10, 28, 46)}
    for m in re.finditer(rb"PK\x03\x04|PK\x01\x02", bytes(package)):
        method, length, name = (m.start() + k for k in layouts[m.group()])
        size = struct.unpack("<H", package[length : length + 2])[0]
        if is_sheet(package[name : name + size].decode()):
            package[method : method + 2] = struct.pack("<H", 99)
    result = read_safely(bytes(package), "method.xlsx")
    corrupt = [p for p in result.problems if p.code == "parse.corrupt"]
    assert corrupt and all(p.source.sheet and "工作表" in p.message for p in corrupt)
