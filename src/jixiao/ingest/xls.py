"""OLE2 files: legacy Excel 97-2003 workbooks, and what else wears the same container.

An OLE2 file may also be a legacy Word .doc or an Office file locked with a password
(the xlsx/docx is then stored encrypted inside OLE2); those get a clear problem
instead of a parser error.
"""

from __future__ import annotations

from jixiao.ingest.grid import ReadOutcome
from jixiao.ingest.ole2 import ole2_damage
from jixiao.ingest.sheet_formats import xls_percent_cells
from jixiao.ingest.xlsx import open_workbook, workbook_grids
from jixiao.model.location import Location
from jixiao.model.problems import Problem


def _stream_name(name: str) -> bytes:
    # Directory entries of an OLE2 file hold stream names in UTF-16LE.
    return name.encode("utf-16-le")


def read_xls(data: bytes, name: str) -> ReadOutcome:
    """Given an OLE2 file's bytes, return the grids of a legacy workbook, or why not."""
    if _stream_name("EncryptedPackage") in data:
        return _problem("parse.encrypted", "文件已加密(需要密码), 无法读取", name)
    if _stream_name("WordDocument") in data:
        return _problem(
            "parse.unsupported", "旧版 Word 文档(.doc)暂不支持, 请另存为 .docx 后再导入", name
        )
    if _stream_name("Workbook") not in data and _stream_name("Book") not in data:
        if _directory_missing(data):
            return _problem(
                "parse.corrupt",
                "文件不完整(可能下载或复制时中断): 目录部分缺失, 请重新获取原文件",
                name,
            )
        return _problem("parse.unsupported", "不是 Excel 工作簿的 OLE2 文件, 暂不支持", name)
    damage = ole2_damage(data)
    if damage is not None:
        # calamine would trust the damaged sizes and chains (gigabytes, or no end).
        return _problem("parse.corrupt", f"Excel(.xls)文件已损坏: {damage}, 无法读取", name)
    book = open_workbook(data, name)
    if isinstance(book, ReadOutcome):
        return book
    return workbook_grids(book, name, xls_percent_cells(data))


def _directory_missing(data: bytes) -> bool:
    # The OLE2 header gives the sector size (2**shift) and the directory's first
    # sector; a file cut short ends before it, so no stream name can be found.
    if len(data) < 512:
        return True
    shift = int.from_bytes(data[30:32], "little")
    first = int.from_bytes(data[48:52], "little")
    return 7 <= shift <= 16 and (first + 2) * (1 << shift) > len(data)


def _problem(code: str, message: str, name: str) -> ReadOutcome:
    return ReadOutcome(problems=(Problem(code, "error", message, Location(name)),))
