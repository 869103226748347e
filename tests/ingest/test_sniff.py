"""The reader is chosen from the content; the name only breaks a tie (CSV)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from make_fixtures import EXAMPLE

from jixiao.ingest.formats import sniff


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("xlsx", "xlsx"),
        ("xls", "xls"),
        ("docx", "docx"),
        ("pdf", "pdf"),
        ("html", "html"),
        ("html-gb2312", "html"),
        ("csv", "csv"),
        ("csv-gbk", "csv"),
        ("xlsx-encrypted", "xls"),
    ],
)
def test_kind_from_content_whatever_the_name(key: str, kind: str, made: dict[str, Path]) -> None:
    assert sniff(made[key].read_bytes(), "renamed.dat") == kind


def test_text_with_markup_in_cells_stays_text() -> None:
    # The example's goals contain "<p>": that must not make the file HTML.
    assert sniff(EXAMPLE.read_bytes(), "x.html") == "text"


def test_utf16_text_is_text() -> None:
    assert sniff("项目名称\t劳模\n".encode("utf-16"), "x") == "text"


def test_non_table_files_are_refused() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("photo.jpg", b"\xff\xd8" * 100)
    assert [sniff(buf.getvalue(), "a.xlsx"), sniff(b"", "a.txt")] == [None, None]


def test_images_go_to_ocr_whatever_their_name() -> None:
    heads = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"MM\x00*"]
    assert [sniff(h + bytes(range(256)) * 4, "a.txt") for h in heads] == ["image"] * 4


def test_truncated_office_file_is_still_recognised(made: dict[str, Path]) -> None:
    assert sniff(made["docx"].read_bytes()[:3000], "x") == "docx"
